package atlas

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/spatial"
)

// The golden corpus: a small city of three spaces (Wedding, Moabit,
// Neukölln = the grid's columns) with offers written the way providers
// write them. Queries below are what parents and professionals type.
func goldenCity(t *testing.T) *env {
	t.Helper()
	a := newApp(t)
	importGrid(t, a, 0, day0)
	var ms []spatial.Membership
	names := []struct{ code, name string }{{"wedding", "Wedding"}, {"moabit", "Moabit"}, {"neukoelln", "Neukölln"}}
	for r := 0; r < 3; r++ {
		for c := 0; c < 3; c++ {
			ms = append(ms, spatial.Membership{Line: len(ms) + 2, Block: fmt.Sprintf("r%dc%d", r, c), Area: names[c].code, AreaName: names[c].name})
		}
	}
	if _, err := a.sp.ComposeLayer(opCtx(), spatial.ComposeRequest{Layer: spatial.LayerSpec{Code: "sr", Name: "Sozialräume", Space: true}, Members: ms, ReferenceDate: day0}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.ImportAtlas(opCtx(), goldenAtlas()); err != nil {
		t.Fatalf("%v %v", err, quartier.ErrorProblems(err))
	}
	return a
}

func goldenAtlas() Import {
	at := func(col int, dx float64) (float64, float64) {
		x, y := cellCenter(1, col)
		return x + dx, y + dx/2
	}
	place := func(key, name, street, no, pc string, col int, dx float64) quartier.Place {
		x, y := at(col, dx)
		return quartier.Place{Key: key, Name: name, Street: street, HouseNumber: no, Postcode: pc, City: "Berlin", X: x, Y: y}
	}
	shelter := place("p-frauenhaus", "Frauenhaus (Beispiel)", "Geheimgasse", "7", "12059", 2, 300)
	shelter.Confidential, shelter.ContactPath = true, "Hotline 08000 116 016, rund um die Uhr"
	ramp := place("p-famz", "Familienzentrum Sonnenallee", "Sonnenallee", "100", "12045", 2, 0)
	ramp.Accessibility = []string{"stufenlos", "rollstuhl-wc"}
	imp := Import{
		Source: "Golden",
		Providers: []quartier.Provider{
			{Code: "awo", Name: "Arbeiterwohlfahrt Kreisverband Mitte", ShortName: "AWO", Kind: quartier.ProviderIndependent},
			{Code: "diakonie", Name: "Diakonisches Werk Neukölln-Oberspree", ShortName: "Diakonie", Kind: quartier.ProviderIndependent},
			{Code: "ba", Name: "Bezirksamt Neukölln, Jugendamt", Kind: quartier.ProviderPublic},
		},
		Places: []quartier.Place{
			place("p-mauerpark", "Jugendklub am Mauerpark", "Schwedter Straße", "234", "10435", 0, 0),
			place("p-sporthalle", "Sporthalle Gesundbrunnen", "Behmstraße", "10", "13357", 0, 200),
			place("p-bib", "Stadtteilbibliothek am Leopoldplatz", "Müllerstraße", "36", "13353", 0, -200),
			place("p-asp", "Abenteuerspielplatz Robinson", "Wiesenweg", "2", "13347", 0, 350),
			place("p-kita-sonne", "Kita Sonnenschein", "Gotenburger Straße", "4", "13359", 0, -350),
			place("p-efb", "Erziehungs- und Familienberatungsstelle Moabit", "Turmstraße", "21", "10559", 1, 0),
			place("p-schule", "Grundschule am Park", "Parkstraße", "5", "10559", 1, 200),
			place("p-kita-regen", "Kita Regenbogen", "Lindenstraße", "3", "10557", 1, -200),
			place("p-tagespflege", "Kindertagespflege Schulz", "Stromstraße", "40", "10551", 1, 350),
			ramp,
			place("p-stadtbad", "Stadtbad Neukölln", "Ganghoferstraße", "3", "12043", 2, 200),
			place("p-jfe", "Jugendfreizeiteinrichtung Rixdorf", "Richardplatz", "8", "12055", 2, -200),
			place("p-rathaus", "Rathaus Neukölln", "Karl-Marx-Straße", "83", "12043", 2, -350),
			shelter,
		},
	}
	from, to, later := day0.AddDate(0, 11, 0), day0.AddDate(1, 1, 0), day0.AddDate(1, 3, 0)
	o := func(key, name, desc string, topics []string, lo, hi int, place string, opts ...func(*quartier.Offer)) OfferEntry {
		off := quartier.Offer{Key: key, Name: name, Description: desc, Topics: topics, Status: quartier.OfferActive, Provider: "awo"}
		if lo >= 0 {
			off.MinAge = &lo
		}
		if hi >= 0 {
			off.MaxAge = &hi
		}
		for _, f := range opts {
			f(&off)
		}
		return OfferEntry{Offer: off, PlaceKeys: []string{place}}
	}
	langs := func(ls ...string) func(*quartier.Offer) { return func(o *quartier.Offer) { o.Languages = ls } }
	groups := func(gs ...string) func(*quartier.Offer) { return func(o *quartier.Offer) { o.TargetGroups = gs } }
	by := func(p string) func(*quartier.Offer) { return func(o *quartier.Offer) { o.Provider = p } }
	status := func(s quartier.OfferStatus) func(*quartier.Offer) { return func(o *quartier.Offer) { o.Status = s } }
	period := func(f, t time.Time) func(*quartier.Offer) {
		return func(o *quartier.Offer) { o.ValidFrom, o.ValidTo = &f, &t }
	}
	hours := func(h quartier.OpeningHours) func(*quartier.Offer) { return func(o *quartier.Offer) { o.Hours = h } }
	weekdays := func(open, close int) quartier.OpeningHours {
		var h quartier.OpeningHours
		for d := time.Monday; d <= time.Friday; d++ {
			h.Weekly = append(h.Weekly, quartier.HoursSlot{Day: d, Open: open * 60, Close: close * 60})
		}
		h.ClosedOnHolidays = true
		return h
	}
	imp.Offers = []OfferEntry{
		o("treff-mauerpark", "Offener Treff im Jugendklub", "Billard, Kicker, Musik und Gespräche für Jugendliche ab 12 Jahren.", []string{"jugendfreizeit"}, 12, 21, "p-mauerpark", groups("jugendliche"), hours(weekdays(14, 20))),
		o("maedchentag", "Mädchentag", "Ein Nachmittag nur für Mädchen: Tanzen, Kochen, Reden.", []string{"jugendfreizeit"}, 10, 17, "p-mauerpark", groups("maedchen")),
		o("fussball-maedchen", "Fußball für Mädchen", "Training jeden Dienstag in der Sporthalle, Bälle werden gestellt.", []string{"sport"}, 8, 14, "p-sporthalle", groups("maedchen")),
		o("fussball-verein", "Fussballverein Gesundbrunnen – Jugendmannschaften", "Wir suchen Spieler für die D- und E-Jugend.", []string{"sport"}, 6, 14, "p-sporthalle"),
		o("basketball", "Basketball am Abend", "Streetball-Training für junge Erwachsene.", []string{"sport"}, 16, 27, "p-sporthalle"),
		o("boxen", "Boxtraining für Jungen", "Fairness, Kraft und Ausdauer.", []string{"sport"}, 12, 18, "p-sporthalle", groups("jungen")),
		o("turnen", "Eltern-Kind-Turnen", "Bewegung für Kleinkinder mit ihren Eltern.", []string{"sport", "familienbildung"}, 1, 4, "p-sporthalle", status(quartier.OfferPaused)),
		o("efb", "Erziehungsberatung", "Beratung für Eltern, Kinder und Jugendliche bei Fragen der Erziehung, bei Trennung und Scheidung. Vertraulich und kostenfrei.", []string{"erziehungsberatung"}, -1, -1, "p-efb", langs("de", "tr", "ar"), groups("eltern", "familien"), hours(weekdays(9, 17))),
		o("trennung", "Gruppe für Kinder in Trennungsfamilien", "Kinder von 6 bis 10 Jahren sprechen über die Trennung ihrer Eltern.", []string{"erziehungsberatung"}, 6, 10, "p-efb"),
		o("sucht", "Suchtberatung für junge Menschen", "Hilfe bei Alkohol, Cannabis und anderen Drogen, auch für Angehörige.", []string{"suchtberatung"}, 14, 27, "p-efb", by("diakonie")),
		o("schwanger", "Schwangerschaftskonfliktberatung", "Beratung nach § 219 StGB, auf Wunsch anonym.", []string{"schwangerschaftsberatung"}, -1, -1, "p-famz", langs("de", "en"), by("diakonie")),
		o("elterncafe", "Elterncafé", "Frühstück und Austausch für Mütter und Väter mit Babys und Kleinkindern.", []string{"elterncafe"}, 0, 3, "p-famz", langs("de", "tr"), groups("eltern")),
		o("familienfruehstueck", "Familienfrühstück am Sonntag", "Gemeinsam essen, Nachbarn kennenlernen.", []string{"elterncafe"}, -1, -1, "p-famz"),
		o("hebamme", "Hebammensprechstunde", "Frühe Hilfen: Beratung rund um Geburt und das erste Lebensjahr.", []string{"fruehe-hilfen"}, 0, 1, "p-famz", by("diakonie")),
		o("babymassage", "Babymassage-Kurs", "Für Eltern mit Säuglingen von sechs Wochen bis sechs Monaten.", []string{"fruehe-hilfen", "familienbildung"}, 0, 1, "p-famz"),
		o("vaeter", "Vätergruppe", "Treffen für Väter mit kleinen Kindern.", []string{"familienbildung"}, -1, -1, "p-famz", groups("eltern")),
		o("eltern-kind-gruppe", "Eltern-Kind-Gruppe", "Spielen, Singen und Austausch.", []string{"familienbildung"}, 0, 3, "p-famz"),
		o("kinderarzt", "Kinderarztsprechstunde im Familienzentrum", "Vorsorge und Impfberatung ohne Termin.", []string{"gesundheit"}, 0, 12, "p-famz"),
		o("kochen", "Kochen mit Kindern", "Gesunde Ernährung spielerisch.", []string{"gesundheit", "familienbildung"}, 6, 12, "p-famz"),
		o("hausaufgaben", "Hausaufgabenhilfe", "Montag bis Donnerstag nach der Schule, Unterstützung in Mathe und Deutsch.", []string{"bildung"}, 6, 12, "p-bib", hours(weekdays(13, 16))),
		o("sprachcafe", "Sprachcafé Deutsch", "Deutsch lernen und üben im Gespräch, für Erwachsene aller Herkunftsländer.", []string{"migration", "bildung"}, 18, -1, "p-bib", langs("de", "ar", "fa", "uk")),
		o("gitarre", "Gitarrenunterricht in der Gruppe", "Für Anfängerinnen und Anfänger.", []string{"kultur"}, 8, 16, "p-bib"),
		o("leseclub", "Leseclub", "Bücher entdecken und vorlesen.", []string{"bildung", "kultur"}, 6, 12, "p-bib"),
		o("lernwerkstatt", "Lernwerkstatt für Grundschulkinder", "Nachhilfe und Lesen üben in kleinen Gruppen.", []string{"bildung"}, 6, 10, "p-schule"),
		o("schulsozialarbeit", "Schulsozialarbeit an der Grundschule am Park", "Ansprechpartnerin für Schülerinnen, Schüler, Eltern und Lehrkräfte.", []string{"schulsozialarbeit"}, 6, 12, "p-schule"),
		o("medien", "Medienkompetenz für Eltern", "Wie viel Bildschirmzeit ist gut? Ein Informationsabend.", []string{"familienbildung"}, -1, -1, "p-schule", groups("eltern")),
		o("kita-regenbogen", "Kita Regenbogen", "Kindertagesstätte mit 80 Plätzen, Schwerpunkt Bewegung.", []string{"kita"}, 0, 6, "p-kita-regen"),
		o("kita-sonnenschein", "Kita Sonnenschein", "Kindertagesstätte mit 45 Plätzen, zweisprachig deutsch-türkisch.", []string{"kita"}, 1, 6, "p-kita-sonne", langs("de", "tr")),
		o("tagespflege", "Kindertagespflege Frau Schulz", "Betreuung von bis zu fünf Kindern unter drei Jahren im Haushalt der Tagesmutter.", []string{"tagespflege"}, 0, 3, "p-tagespflege"),
		o("asp", "Abenteuerspielplatz Robinson", "Hütten bauen, Feuer machen, Tiere versorgen.", []string{"abenteuerspielplatz"}, 6, 14, "p-asp"),
		o("natur", "Naturerkundung im Park", "Für Kita-Gruppen und Familien.", []string{"bildung"}, 3, 8, "p-asp"),
		o("jfe-rixdorf", "Jugendfreizeiteinrichtung Rixdorf", "Tonstudio, Graffiti und Kochabende.", []string{"jugendfreizeit", "kultur"}, 12, 21, "p-jfe", by("ba")),
		o("graffiti", "Graffiti-Workshop in den Winterferien", "Eine Woche sprühen mit Profis.", []string{"kultur"}, 12, 18, "p-jfe", period(from, to)),
		o("theater", "Theatergruppe für Jugendliche", "Improvisation und ein Stück zum Jahresende.", []string{"kultur"}, 12, 18, "p-jfe"),
		o("queer", "Queerer Jugendtreff", "Ein sicherer Ort für LSBTIQ* Jugendliche.", []string{"jugendfreizeit"}, 14, 27, "p-jfe", groups("queer")),
		o("ferienfahrt", "Ferienfahrt an die Ostsee", "Zehn Tage Zeltlager für Kinder.", []string{"jugendfreizeit"}, 8, 13, "p-jfe"),
		o("jugendberatung", "Jugendberatung im Kiez", "Beratung zu Ausbildung, Wohnen und Geld.", []string{"jugendberatung"}, 14, 27, "p-mauerpark"),
		o("schwimmkurs", "Schwimmkurs für Kinder", "Seepferdchen in zehn Terminen.", []string{"sport"}, 5, 8, "p-stadtbad"),
		o("wassergymnastik", "Wassergymnastik für Schwangere", "Sanfte Bewegung im warmen Becken.", []string{"sport", "gesundheit"}, -1, -1, "p-stadtbad"),
		o("gefluechtete", "Beratung für geflüchtete Familien", "Unterstützung bei Behörden, Schule und Kita-Anmeldung.", []string{"migration", "beratung"}, -1, -1, "p-rathaus", langs("ar", "fa", "uk", "ru"), by("ba")),
		o("ambulant", "Ambulante Hilfen zur Erziehung", "Sozialpädagogische Familienhilfe und Erziehungsbeistand nach SGB VIII.", []string{"ambulante-hilfen"}, -1, -1, "p-rathaus", by("ba")),
		o("kinderschutz", "Kinderschutz-Hotline des Jugendamts", "Bei Sorge um das Wohl eines Kindes: rund um die Uhr erreichbar.", []string{"schutz"}, -1, -1, "p-rathaus", by("ba")),
		o("frauenhaus", "Schutz und Beratung für Frauen und ihre Kinder", "Aufnahme rund um die Uhr, auch mit Kindern.", []string{"schutz"}, -1, -1, "p-frauenhaus", by("diakonie")),
		o("computerkurs", "Computerkurs für Senioren", "Das Angebot ist beendet.", []string{"bildung"}, -1, -1, "p-bib", status(quartier.OfferEnded)),
		o("osterferien", "Osterferienprogramm", "Basteln und Ausflüge.", []string{"jugendfreizeit"}, 6, 12, "p-jfe", period(later, later.AddDate(0, 0, 14))),
	}
	return imp
}

var goldenQueries = []goldenQuery{
	{q: "Fußball", want: []string{"fussball-maedchen", "fussball-verein"}, exact: true, ordered: true}, // the word before the compound
	{q: "Fussball", want: []string{"fussball-maedchen", "fussball-verein"}, exact: true},
	{q: "FUSSBALL", want: []string{"fussball-maedchen", "fussball-verein"}, exact: true},
	{q: "Mädchenfußball", want: []string{"fussball-maedchen"}, exact: true},
	{q: "Mädchen", want: []string{"maedchentag", "fussball-maedchen"}, exact: true},
	{q: "Maedchen", want: []string{"maedchentag", "fussball-maedchen"}, exact: true},
	{q: "Beratung", top: []string{"gefluechtete", "frauenhaus"}, want: []string{"efb", "sucht", "schwanger", "hebamme", "gefluechtete", "jugendberatung", "frauenhaus", "trennung"}, not: []string{"fussball-verein", "kita-regenbogen"}},
	{q: "beratung", want: []string{"efb", "sucht", "jugendberatung"}, not: []string{"basketball"}},
	{q: "Beratungen", want: []string{"efb", "sucht"}},
	{q: "Erziehungsberatung", want: []string{"efb", "trennung", "sucht"}, exact: true}, // sucht: held at the Erziehungsberatungsstelle
	{q: "Erziehungsberatungsstelle", want: []string{"efb", "trennung", "sucht"}, exact: true},
	{q: "Suchtberatung", want: []string{"sucht"}, exact: true},
	{q: "Drogenberatung", want: []string{"sucht"}, exact: true},
	{q: "Drogen", want: []string{"sucht"}, exact: true},
	{q: "Jugendclub", want: []string{"treff-mauerpark", "jugendberatung", "maedchentag"}, not: []string{"efb"}},
	{q: "Jugendklub", want: []string{"treff-mauerpark"}},
	{q: "Jugendtreff", want: []string{"queer", "treff-mauerpark"}},
	{q: "Jugendzentrum", want: []string{"jfe-rixdorf", "treff-mauerpark"}},
	{q: "Kita", want: []string{"kita-regenbogen", "kita-sonnenschein", "natur", "gefluechtete"}, not: []string{"tagespflege"}},
	{q: "Kitas", want: []string{"kita-regenbogen", "kita-sonnenschein"}},
	{q: "Kindergarten", want: []string{"kita-regenbogen", "kita-sonnenschein"}},
	{q: "Kita Moabit", want: []string{"kita-regenbogen"}, exact: true},
	{q: "Tagesmutter", want: []string{"tagespflege"}, exact: true},
	{q: "Krippe", want: []string{"kita-regenbogen", "kita-sonnenschein"}},
	{q: "Kinder", want: []string{"schwimmkurs", "kochen", "trennung", "ferienfahrt", "kita-regenbogen"}},
	{q: "Kind", want: []string{"schwimmkurs", "kinderschutz"}},
	{q: "Familie", want: []string{"gefluechtete", "efb", "familienfruehstueck", "natur"}},
	{q: "Familien", want: []string{"gefluechtete", "natur"}},
	{q: "Mütter", want: []string{"elterncafe", "tagespflege"}, exact: true}, // Tagesmutter
	{q: "Muetter", want: []string{"elterncafe", "tagespflege"}, exact: true},
	{q: "Mutter", want: []string{"elterncafe"}},
	{q: "Väter", want: []string{"vaeter", "elterncafe"}, exact: true},
	{q: "Elterncafe", want: []string{"elterncafe"}},
	{q: "Elterntreff", want: []string{"elterncafe", "familienfruehstueck"}},
	{q: "Hausaufgaben", want: []string{"hausaufgaben"}, ordered: true, not: []string{"schwimmkurs"}}, // then the topic Bildung ("Lernen, Hausaufgabenhilfe, Sprache")
	{q: "Nachhilfe", want: []string{"lernwerkstatt", "hausaufgaben"}, not: []string{"kochen"}},
	{q: "Schwimmen", want: []string{"schwimmkurs"}, not: []string{"fussball-verein"}},
	{q: "Schwimmkurs", want: []string{"schwimmkurs"}, exact: true},
	{q: "Sport Kinder", want: []string{"schwimmkurs", "turnen"}, exact: true},
	{q: "Sport", want: []string{"fussball-maedchen", "boxen", "wassergymnastik"}, not: []string{"kochen"}},
	{q: "Babys", want: []string{"elterncafe", "babymassage"}, exact: true},
	{q: "Säuglinge", want: []string{"babymassage", "elterncafe"}, exact: true},
	{q: "Frühe Hilfen", want: []string{"hebamme", "babymassage"}, exact: true},
	{q: "Fruehe Hilfen", want: []string{"hebamme", "babymassage"}, exact: true},
	{q: "Graffiti", want: []string{"graffiti", "jfe-rixdorf"}, exact: true},
	{q: "Neukölln", want: []string{"jfe-rixdorf", "schwimmkurs", "elterncafe", "ambulant"}, not: []string{"kita-regenbogen", "efb"}},
	{q: "Neukoelln Beratung", want: []string{"schwanger", "gefluechtete"}, not: []string{"efb", "jugendberatung"}},
	{q: "Turmstraße", want: []string{"efb", "trennung", "sucht"}, exact: true},
	{q: "Turmstr", want: []string{"efb", "trennung", "sucht"}, exact: true},
	{q: "10559", want: []string{"efb", "schulsozialarbeit"}},
	{q: "türkisch", want: []string{"efb", "elterncafe", "kita-sonnenschein"}, exact: true},
	{q: "Arabisch", want: []string{"efb", "sprachcafe", "gefluechtete"}, exact: true},
	{q: "Diakonie", want: []string{"sucht", "schwanger", "hebamme", "frauenhaus"}, exact: true},
	{q: "AWO Fußball", want: []string{"fussball-maedchen", "fussball-verein"}, exact: true},
	{q: "Flüchtlinge", want: []string{"gefluechtete"}, exact: true},
	{q: "Schulsozialarbeiter", want: []string{"schulsozialarbeit"}, exact: true},
	{q: "Kinderbauernhof", want: []string{"asp", "natur"}, ordered: true, exact: true}, // natur: held at the Abenteuerspielplatz
	{q: "Frauenhaus", want: []string{"frauenhaus"}, exact: true},
	{q: "Geheimgasse", exact: true},         // a confidential place's street finds nothing
	{q: "12059", exact: true},               // nor its postcode
	{q: "Computerkurs", exact: true},        // ended offers are hidden
	{q: "Osterferienprogramm", exact: true}, // not yet begun
	{q: "Graffiti Winterferien", want: []string{"graffiti"}, exact: true},
	{q: "Eltern-Kind", want: []string{"eltern-kind-gruppe", "turnen"}},
	{q: "Elternkindgruppe", want: []string{"eltern-kind-gruppe"}},
	{q: "Erziehung", want: []string{"efb", "ambulant"}, not: []string{"kita-regenbogen"}},
	{q: "Hilfe zur Erziehung", want: []string{"ambulant"}},
	{q: "Seepferdchen", want: []string{"schwimmkurs"}, exact: true},
	{q: "Theater Jugendliche", want: []string{"theater"}, exact: true},
	{q: "xyzzy", exact: true},
}

// goldenQuery is one query of a golden set: every listed key must be
// found (in this order when ordered), none of the excluded; exact lists
// must be the whole result.
type goldenQuery = struct {
	q       string
	want    []string
	exact   bool
	ordered bool     // want is also the order of the first hits
	top     []string // the first hits, in this order
	lead    []string // the first hits, in any order
	not     []string
}

func TestGoldenQueries(t *testing.T) {
	if len(goldenQueries) < 40 {
		t.Fatalf("golden set has %d queries", len(goldenQueries))
	}
	checkGolden(t, goldenCity(t), goldenQueries)
}

// checkGolden runs a golden set.
func checkGolden(t *testing.T, a *env, queries []goldenQuery) {
	t.Helper()
	ctx := opCtx()
	all := func(q string) []string {
		r, err := a.Search(ctx, SearchRequest{Text: q, PerPage: 100})
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, h := range r.Hits {
			keys = append(keys, h.Offer.Key)
		}
		if r.Total != len(keys) {
			t.Fatalf("%q: total %d, %d hits", q, r.Total, len(keys))
		}
		return keys
	}
	for _, c := range queries {
		got := all(c.q)
		for _, w := range c.want {
			if !slices.Contains(got, w) {
				t.Errorf("%q: %s missing in %v", c.q, w, got)
			}
		}
		for _, n := range c.not {
			if slices.Contains(got, n) {
				t.Errorf("%q: %s must not be found (%v)", c.q, n, got)
			}
		}
		if c.exact && len(got) != len(c.want) {
			t.Errorf("%q: %v, want exactly %v", c.q, got, c.want)
		}
		if c.ordered && !slices.Equal(got[:min(len(got), len(c.want))], c.want) {
			t.Errorf("%q: order %v, want %v", c.q, got, c.want)
		}
		if !slices.Equal(got[:min(len(got), len(c.top))], c.top) {
			t.Errorf("%q: %v, want %v first", c.q, got, c.top)
		}
		if first := slices.Sorted(slices.Values(got[:min(len(got), len(c.lead))])); !slices.Equal(first, slices.Sorted(slices.Values(c.lead))) {
			t.Errorf("%q: %v, want %v first in any order", c.q, got, c.lead)
		}
	}
}
