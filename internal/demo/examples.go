package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/paulmach/orb"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/atlas"
	"github.com/quartier/quartier/internal/spatial"
)

// anchor is a real facility's point and postcode; invented places are put
// a few hundred metres from one, in the same space, so that they lie where
// people live and not in a forest.
type anchor struct {
	pt       orb.Point
	postcode string
}

// exampleStreets are invented: an example must not send anyone to a real
// front door.
var exampleStreets = []string{"Beispielstraße", "Musterweg", "Beispielallee", "Am Musterpark", "Musterplatz", "Beispielring", "Musterdamm",
	"Beispielufer", "Mustergarten", "Beispielhof", "Musterhain", "Beispielsteig", "Musterzeile", "Beispielgasse", "Am Beispielsee"}

// examples writes the invented offers of the demo's social spaces: in every
// space a family centre and a youth club with three offers each, and by
// turns counselling, outpatient help, sport, events, school social work,
// childminding, health, and three confidential places. Everything is
// deterministic for a given day (events lie around today).
func examples(loc *spatial.Locator, spaces []spatial.AreaRef, anchors map[string][]anchor, today time.Time) atlas.Import {
	g := newGenerator(loc, rand.New(rand.NewPCG(2023, 58)), today)
	g.keyPrefix, g.suffix, g.city, g.streets = "bsp-", " (Beispiel)", "Berlin", exampleStreets
	g.imp.Source = exampleSource
	provs := demoProviders()
	for i, sp := range spaces {
		as := anchors[sp.Code]
		if len(as) == 0 {
			continue
		}
		g.area = sp.Name
		members := assigneeProviders(spaceAssignee(i, sp.Code))
		member := func(k int) *genProvider { return provs[members[k%len(members)]] }
		office := provs["ja-"+sp.Code[:2]]
		place := func(family string, kind placeKind, p *genProvider) []*genPlace {
			pt, names, postcode := g.near(as, sp.Code)
			gp := g.newPlace(family, p, pt, names, &kind)
			g.imp.Places[len(g.imp.Places)-1].Postcode = postcode
			return []*genPlace{gp}
		}
		offer := func(topic, kind string, at []*genPlace, name string) *quartier.Offer {
			return g.writeOffer(offerSpec{profile: profileFor(topic), kind: kind, places: at, name: name})
		}

		fz := place("familie", placeKind{"Familienzentrum {street}", "im"}, member(0))
		offer("familienbildung", "Familienzentrum", fz, "{placeName}")
		offer("elterncafe", rotate(i, "Elterncafé", "Elternfrühstück", "Familiencafé", "Krabbelgruppe", "Vätertreff"), fz, "{kind} {in} {placeName}")
		switch i % 4 {
		case 1:
			offer("bildung", "Sprachcafé", fz, "Sprachcafé Deutsch {in} {placeName}")
		case 3:
			offer("migration", rotate(i/4, "Willkommenscafé", "Stadtteilmütter", "Beratung für geflüchtete Familien"), fz, "{kind} {spaceName}")
		default:
			offer("fruehe-hilfen", rotate(i/2, "Babysprechstunde", "Familienhebamme", "Eltern-Baby-Gruppe", "Willkommensbesuch für Neugeborene"), fz, "{kind} {in} {placeName}")
		}

		club := rotate(i, placeKind{"Jugendclub {spaceName}", "im"}, placeKind{"Jugendklub {street}", "im"},
			placeKind{"Jugendtreff {spaceName}", "im"}, placeKind{"Kinder- und Jugendhaus {street}", "im"})
		jc := place("jugend", club, member(1))
		offer("offene-jugendarbeit", rotate(i, "Jugendclub", "Jugendklub", "Jugendtreff", "Offener Treff"), jc, "{placeName}")
		offer("bildung", rotate(i, "Hausaufgabenhilfe", "Hausaufgabenbetreuung", "Lernhilfe", "Hausaufgabenhilfe", "Lerncafé"), jc, "{kind} {in} {placeName}")
		if i%2 == 0 {
			offer("sport", rotate(i/2, "Fußball für Mädchen", "Fussball-AG", "Basketball", "Mitternachtsbasketball", "Boxen", "Tischtennis"), jc, "{kind} {in} {placeName}")
		} else {
			offer("kultur", rotate(i/2, "Theatergruppe", "Bandprobenraum", "Medienwerkstatt", "Graffiti-Workshop", "Tanztheater"), jc, "{kind} {in} {placeName}")
		}

		if i%3 == 0 {
			counsel, prov := placeKind{"Erziehungs- und Familienberatungsstelle {spaceName}", "in der"}, office
			if i%2 == 1 {
				counsel, prov = placeKind{"Beratungsstelle {street}", "in der"}, member(2)
			}
			bs := place("beratung", counsel, prov)
			offer("erziehungsberatung", rotate(i/3, "Erziehungsberatungsstelle", "Erziehungsberatung", "Erziehungs- und Familienberatung"), bs, "{kind} {spaceName}")
			second := rotate(i/3, "schwangerschaftsberatung", "suchtberatung", "jugendberatung", "beratung")
			offer(second, profileFor(second).kinds[0], bs, "{kind} {in} {placeName}")
		}
		if i%5 == 1 {
			bu := place("buero", placeKind{"Büro Ambulante Hilfen {spaceName}", "im"}, member(0))
			offer("ambulante-hilfen", "Sozialpädagogische Familienhilfe", bu, "{kind} {spaceName}")
			offer("ambulante-hilfen", "Erziehungsbeistandschaft", bu, "{kind} {spaceName}")
		}
		if i%5 == 2 {
			hall := place("sport", rotate(i/5, placeKind{"Sporthalle {street}", "in der"}, placeKind{"Schwimmhalle {spaceName}", "in der"}), member(1))
			// A course that runs now, whenever the demo is started.
			from := onOrAfter(today.AddDate(0, 0, -20), time.Monday)
			g.writeOffer(offerSpec{profile: profileFor("sport"), kind: "Schwimmkurs", audience: "kinder-gs", places: hall, hours: "Mi 16:00-17:00",
				name: "Schwimmkurs für Kinder {in} {placeName}", period: [2]time.Time{from, from.AddDate(0, 0, 70)}})
			offer("sport", rotate(i/5, "Basketball", "Mitternachtsbasketball", "Fußball", "Volleyball"), hall, "{kind} {in} {placeName}")
		}
		if i%5 == 0 {
			g.summerProgramme(jc, today, false)
			if i%10 == 0 {
				g.summerProgramme(jc, today, true)
			}
		}
		if i%10 == 4 {
			day := onOrAfter(today, time.Saturday)
			g.writeOffer(offerSpec{profile: profileFor("kultur"), kind: "Kiezfest", audience: "familien", places: fz, hours: "Sa 14:00-20:00",
				name: "Kiezfest {spaceName}", period: [2]time.Time{day, day.AddDate(0, 0, 1)},
				lead: fmt.Sprintf("Am Samstag, %s, feiert der Kiez: Kiezfest mit Bühne, Kinderflohmarkt, Spielstraße und Essen aus vielen Küchen.", germanDate(day))})
		}
		if i%6 == 5 {
			offer("schulsozialarbeit", "Schulsozialarbeit", place("schule", placeKind{"Grundschule am {landmark}", "an der"}, member(2)), "{kind} an der {placeName}")
		}
		if i%8 == 6 {
			offer("tagespflege", "Kindertagespflege", place("kita", placeKind{"Kindertagespflege {kitaName}", "in der"}, member(0)), "{placeName}")
		}
		if i%9 == 7 {
			offer("kindertagesbetreuung", "Ferienbetreuung", fz, "{kind} {in} {placeName}")
		}
		if i%12 == 7 {
			offer("gesundheit", rotate(i/12, "Impfsprechstunde", "Hebammensprechstunde"), fz, "{kind} {in} {placeName}")
		}
		g.confidentialExample(i, place, member(0), office)
	}
	return g.imp
}

// confidentialExample writes the shelters of three spaces: a women's
// shelter, an emergency placement for children, a refuge for girls.
func (g *generator) confidentialExample(i int, place func(string, placeKind, *genProvider) []*genPlace, member, office *genProvider) {
	var pk placeKind
	var kind, offerName, aud string
	prov := member
	switch i {
	case 7:
		pk, kind, offerName, aud = placeKind{"Frauenhaus", "im"}, "Schutz und Unterkunft", "Schutz und Unterkunft für Frauen und ihre Kinder", "frauen-kinder"
	case 23:
		pk, kind, offerName, aud = placeKind{"Kindernotdienst-Schutzstelle", "in der"}, "Inobhutnahme", "Inobhutnahme und Krisenhilfe für Kinder", "kinder-jugend"
		prov = office
	case 41:
		pk, kind, offerName, aud = placeKind{"Zufluchtswohnung für Mädchen", "in der"}, "Krisenhilfe", "Zuflucht für Mädchen und junge Frauen in Not", "maedchen-frauen"
	default:
		return
	}
	at := place("schutz", pk, prov)
	g.writeOffer(offerSpec{profile: profileFor("schutz"), kind: kind, audience: aud, places: at, name: offerName})
}

// summerProgramme is the holiday programme of this summer (or the next, once
// this one is over); past gives last year's, which the atlas hides as over.
func (g *generator) summerProgramme(at []*genPlace, today time.Time, past bool) {
	year := today.Year()
	if today.After(time.Date(year, time.August, 22, 0, 0, 0, 0, time.UTC)) {
		year++
	}
	if past {
		year = today.Year() - 1
	}
	// The second Monday of July to the Friday six weeks later: about the
	// Berlin school summer holidays.
	from := onOrAfter(time.Date(year, time.July, 8, 0, 0, 0, 0, time.UTC), time.Monday)
	to := from.AddDate(0, 0, 6*7-2)
	g.writeOffer(offerSpec{profile: profileFor("offene-jugendarbeit"), kind: "Sommerferienprogramm", audience: "kinder-jugend", places: at,
		hours: "Mo-Fr 10:00-16:00", name: fmt.Sprintf("Sommerferienprogramm %d {spaceName}", year), period: [2]time.Time{from, to},
		lead: fmt.Sprintf("Sommerferienprogramm vom %s bis %s: Ausflüge, Workshops und Spiele für {audience} aus {spaceName}.",
			germanDate(from), germanDate(to.AddDate(0, 0, -1)))})
}

// near draws a point 80–400 m from one of the anchors that still lies in
// the space.
func (g *generator) near(as []anchor, space string) (orb.Point, []string, string) {
	a := one(g.textGen, as)
	for range 40 {
		angle, dist := g.r.Float64()*2*math.Pi, 80+g.r.Float64()*320
		p := orb.Point{a.pt[0] + dist*math.Cos(angle), a.pt[1] + dist*math.Sin(angle)}
		res := g.loc.Locate(p)
		if h, ok := res.HitFor(LayerSpaces); ok && h.Code == space && res.Inside {
			return p, hitNames(res), a.postcode
		}
	}
	p := orb.Point{a.pt[0] + 1, a.pt[1] + 1}
	return p, hitNames(g.loc.Locate(p)), a.postcode
}

// demoProviders are the Setup's providers as the example texts need them.
func demoProviders() map[string]*genProvider {
	out := map[string]*genProvider{}
	for _, p := range providers {
		out[p.Code] = &genProvider{code: p.Code, name: p.Name, domain: slug(p.ShortName, 30)}
	}
	for code, name := range districts {
		out["ja-"+code] = &genProvider{code: "ja-" + code, name: "Jugendamt " + name, domain: slug("jugendamt "+name, 30)}
	}
	return out
}

func profileFor(topic string) *profile {
	for i := range profiles {
		if profiles[i].topic == topic {
			return &profiles[i]
		}
	}
	panic("no profile for topic " + topic)
}

func rotate[T any](i int, xs ...T) T { return xs[i%len(xs)] }

func onOrAfter(t time.Time, wd time.Weekday) time.Time {
	for t.Weekday() != wd {
		t = t.AddDate(0, 0, 1)
	}
	return t
}

var monthNames = []string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"}

// germanDate renders "9. Juli 2026".
func germanDate(t time.Time) string {
	return fmt.Sprintf("%d. %s %d", t.Day(), monthNames[t.Month()-1], t.Year())
}
