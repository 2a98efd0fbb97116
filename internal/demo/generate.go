package demo

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/atlas"
	"github.com/quartier/quartier/internal/spatial"
)

// GenerateOptions size and seed a generated atlas.
type GenerateOptions struct {
	Offers int   // number of offers; places come out at about 0.55 per offer
	Seed   int64 // same seed, same options, same locator: same atlas
	// Today anchors periods, exceptions and verification dates. It is an
	// option rather than the clock so that the output depends on the
	// arguments alone; zero means 2026-01-05.
	Today time.Time
	// Providers defaults to Offers/100, at least 20 and at most 400.
	Providers int
	City      string // of every address; empty: none
}

// GenerateAtlas writes a realistic atlas for benchmarks and tests: n offers
// of the youth and family field with German names and descriptions, at
// places inside the installation's blocks (found through loc; without
// blocks the places have no point), run by invented providers. Topics and
// words follow Zipf-like frequencies, so a search sees broad and narrow
// queries (see SearchQueries). Keys start with "gen-", codes of providers
// too, so the output can be imported next to the demo atlas.
//
// It takes the locator rather than the services because it reads nothing else,
// and options rather than positional n and seed because the date and the
// number of providers matter as much to a benchmark.
func GenerateAtlas(loc *spatial.Locator, opt GenerateOptions) atlas.Import {
	if opt.Today.IsZero() {
		opt.Today = time.Date(2026, time.January, 5, 0, 0, 0, 0, time.UTC)
	}
	g := newGenerator(loc, rand.New(rand.NewPCG(uint64(opt.Seed), 0x5eed)), quartier.Day(opt.Today))
	g.city = opt.City
	g.imp.Source = fmt.Sprintf("Testdaten, generiert (Seed %d)", opt.Seed)
	g.keyPrefix = "gen-"
	nProv := opt.Providers
	if nProv <= 0 {
		nProv = min(max(opt.Offers/100, 20), 400)
	}
	g.sampleAnchors(150)
	g.generateProviders(nProv)
	for range opt.Offers {
		pr := &profiles[g.zipf(len(profiles))]
		place := g.placeFor(pr.family)
		places := []*genPlace{place}
		if others := g.byFamily[pr.family]; len(others) > 1 && g.r.Float64() < 0.05 {
			if o := one(g.textGen, others); o != place {
				places = append(places, o)
			}
		}
		g.writeOffer(offerSpec{profile: pr, kind: pick(g.textGen, pr.kinds), places: places})
	}
	return g.imp
}

// genProvider is a provider as the texts need it.
type genProvider struct {
	code, name, domain string
}

// genPlace is a place being written, with what its offers' texts mention.
type genPlace struct {
	key, name, in string
	family        string
	street        string   // without house number
	districts     []string // names of the areas it lies in
	access        []string
	confidential  bool
	provider      *genProvider
}

type generator struct {
	*textGen
	loc       *spatial.Locator
	today     time.Time
	city      string
	keyPrefix string
	suffix    string // appended to every name: " (Beispiel)" in the demo
	streets   []string
	area      string // the area the demo writes examples for
	bound     orb.Bound
	hasBound  bool
	anchors   []orb.Point
	provs     []*genProvider
	byFamily  map[string][]*genPlace
	imp       atlas.Import
	nPlaces   int
	nShelters int
	// nUnnumbered counts the keys made by unnumberedKey.
	nUnnumbered int
	cur         offerState
}

// offerState is the offer being written; the template slots read it.
type offerState struct {
	kind     string
	audience audience
	place    *genPlace
	provider *genProvider
	offer    *quartier.Offer
	costs    costOption
	used     map[string]bool // activities and themes already named
}

func newGenerator(loc *spatial.Locator, r *rand.Rand, today time.Time) *generator {
	g := &generator{textGen: newTextGen(r), loc: loc, today: today, byFamily: map[string][]*genPlace{}, streets: streets}
	if loc != nil {
		g.bound, g.hasBound = loc.InstallationBound(0)
	}
	g.registerSlots()
	return g
}

func (g *generator) registerSlots() {
	fresh := func(list []string) func() string {
		return func() string {
			for range 6 {
				w := pick(g.textGen, list)
				if !g.cur.used[w] {
					g.cur.used[w] = true
					return w
				}
			}
			return one(g.textGen, list)
		}
	}
	s := g.slots
	s["kind"] = func() string { return g.cur.kind }
	s["audience"] = func() string { return g.cur.audience.acc }
	s["audienceDat"] = func() string { return g.cur.audience.dat }
	s["activity"] = fresh(activities)
	s["theme"] = fresh(themes)
	s["benefit"] = func() string { return pick(g.textGen, benefits) }
	s["destination"] = fresh(destinations)
	s["dish"] = fresh(dishes)
	s["project"] = fresh(projects)
	s["goal"] = fresh(goals)
	s["method"] = fresh(methods)
	s["atmosphere"] = func() string { return pick(g.textGen, atmospheres) }
	s["partner"] = func() string { return pick(g.textGen, partners) }
	s["funder"] = func() string { return pick(g.textGen, funders) }
	s["transport"] = func() string { return pick(g.textGen, transports) }
	// Days and times in the text follow the offer's hours, when it has any.
	s["daytime"] = func() string {
		if h := g.cur.offer.Hours.Weekly; len(h) > 0 {
			return "von " + spokenClock(h[0].Open) + " bis " + spokenClock(h[0].Close) + " Uhr"
		}
		return pick(g.textGen, daytimes)
	}
	s["weekday"] = func() string {
		if h := g.cur.offer.Hours.Weekly; len(h) > 0 {
			return weekdayPhrase(h)
		}
		return pick(g.textGen, weekdayAdverbs)
	}
	s["landmark"] = func() string { return pick(g.textGen, landmarks) }
	s["kitaName"] = func() string { return pick(g.textGen, kitaNames) }
	s["saint"] = func() string { return one(g.textGen, saints) }
	s["region"] = func() string { return g.region() }
	s["district"] = func() string { return g.district(g.cur.place) }
	s["street"] = func() string {
		if g.cur.place != nil && g.cur.place.street != "" {
			return g.cur.place.street
		}
		return pick(g.textGen, g.streets)
	}
	s["spaceName"] = func() string { return g.area }
	s["provider"] = func() string { return g.cur.provider.name }
	s["placeName"] = func() string { return strings.TrimSuffix(g.cur.place.name, g.suffix) }
	s["in"] = func() string { return g.cur.place.in }
	s["weekdayName"] = func() string {
		if h := g.cur.offer.Hours.Weekly; len(h) > 0 {
			return weekdayNames[h[0].Day]
		}
		return one(g.textGen, weekdayNames[1:6])
	}
	s["costsSentence"] = func() string { return g.cur.costs.sentence }
	s["hoursSentence"] = func() string {
		if h := g.cur.offer.Hours; len(h.Weekly) > 0 {
			return "Öffnungszeiten: " + h.String() + "."
		}
		return "Termine nach Vereinbarung."
	}
	s["languages"] = func() string {
		if p := languagePhrase(g.cur.offer.Languages); p != "" {
			return g.expand("[Gespräche sind auch " + p + " möglich.|Das Team spricht auch " + strings.TrimPrefix(p, "auf ") + ".]")
		}
		return ""
	}
	s["languageTeam"] = func() string {
		return "Die Mitarbeitenden sprechen " + germanList(languageNames(g.cur.offer.Languages)) + "."
	}
	s["access"] = func() string { return g.accessSentence(g.cur.place) }
}

// spokenClock renders 16:00 as "16" and 16:30 as "16:30", as in "von 16
// bis 17:30 Uhr".
func spokenClock(m int) string {
	if m%60 == 0 {
		return strconv.Itoa(m / 60)
	}
	return quartier.Clock(m)
}

// weekdayPhrase names the days of weekly hours: "dienstags und
// donnerstags", "werktags".
func weekdayPhrase(slots []quartier.HoursSlot) string {
	var days []time.Weekday
	for _, s := range slots {
		if !slices.Contains(days, s.Day) {
			days = append(days, s.Day)
		}
	}
	slices.SortFunc(days, func(a, b time.Weekday) int { return (int(a)+6)%7 - (int(b)+6)%7 })
	if len(days) >= 5 {
		return "werktags"
	}
	names := make([]string, len(days))
	for i, d := range days {
		names[i] = strings.ToLower(weekdayNames[d]) + "s"
	}
	return germanList(names)
}

var weekdayNames = []string{"Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"}

func languageNames(langs []string) []string {
	out := make([]string, 0, len(langs))
	for _, l := range langs {
		out = append(out, languageAdverbs[l])
	}
	return out
}

// sampleAnchors draws points inside blocks around which places cluster, as
// offers gather in the denser parts of a city.
func (g *generator) sampleAnchors(n int) {
	for range n {
		if p, _, ok := g.uniformPoint(); ok {
			g.anchors = append(g.anchors, p)
		}
	}
}

// uniformPoint draws from the installation's bounding box until a point
// falls into a block.
func (g *generator) uniformPoint() (orb.Point, spatial.LookupResult, bool) {
	if !g.hasBound {
		return orb.Point{}, spatial.LookupResult{}, false
	}
	for range 500 {
		p := orb.Point{g.bound.Min[0] + g.r.Float64()*(g.bound.Max[0]-g.bound.Min[0]), g.bound.Min[1] + g.r.Float64()*(g.bound.Max[1]-g.bound.Min[1])}
		if res := g.loc.Locate(p); res.Inside {
			return p, res, true
		}
	}
	return orb.Point{}, spatial.LookupResult{}, false
}

// point is a place's position: mostly near an anchor, some anywhere.
func (g *generator) point() (orb.Point, spatial.LookupResult, bool) {
	if len(g.anchors) > 0 && g.r.Float64() < 0.7 {
		a := g.anchors[g.zipf(len(g.anchors))]
		for range 20 {
			p := orb.Point{a[0] + g.r.NormFloat64()*700, a[1] + g.r.NormFloat64()*700}
			if res := g.loc.Locate(p); res.Inside {
				return p, res, true
			}
		}
	}
	return g.uniformPoint()
}

// region is a name for provider names: an area of the installation or an
// invented one.
func (g *generator) region() string {
	if len(g.anchors) > 0 && g.r.Float64() < 0.7 {
		if names := hitNames(g.loc.Locate(one(g.textGen, g.anchors))); len(names) > 0 {
			return one(g.textGen, names)
		}
	}
	return pick(g.textGen, regionWords)
}

// hitNames are the names of the areas a point lies in, as far as they read
// as a quarter: "aus Drakestraße" does not, so names of streets and squares
// (common among small blocks) are left out.
func hitNames(res spatial.LookupResult) []string {
	var out []string
	for _, h := range res.Hits {
		if h.Name != "" && !streetLike(h.Name) && !slices.Contains(out, h.Name) {
			out = append(out, h.Name)
		}
	}
	return out
}

func streetLike(name string) bool {
	lower := strings.ToLower(name)
	for _, s := range []string{"straße", "str.", "platz", "allee", "weg", "damm", "ufer", "ring", "chaussee", "steig", "markt", "brücke", "zeile", "promenade"} {
		if strings.HasSuffix(lower, s) {
			return true
		}
	}
	return false
}

func (g *generator) district(p *genPlace) string {
	if p != nil && len(p.districts) > 0 && g.r.Float64() < 0.9 {
		return one(g.textGen, p.districts)
	}
	return pick(g.textGen, fallbackDistricts)
}

func (g *generator) generateProviders(n int) {
	seen := map[string]bool{}
	for i := range n {
		var name string
		for range 8 {
			pattern := pick(g.textGen, providerPatterns)
			if g.r.Float64() < 0.06 {
				pattern = one(g.textGen, publicProviderPatterns)
			}
			if name = g.expand(pattern); !seen[name] {
				break
			}
		}
		if seen[name] {
			name += " " + strconv.Itoa(i)
		}
		seen[name] = true
		kind := quartier.ProviderIndependent
		if strings.Contains(name, "amt") || strings.HasPrefix(name, "Stadt ") {
			kind = quartier.ProviderPublic
		}
		prefix := fmt.Sprintf("%s%03d-", g.keyPrefix, i)
		code := prefix + slug(name, 40-len(prefix))
		domain := slug(name, 30)
		g.provs = append(g.provs, &genProvider{code: code, name: name, domain: domain})
		g.imp.Providers = append(g.imp.Providers, quartier.Provider{Code: code, Name: name, Kind: kind, Website: "https://www." + domain + ".example.org"})
	}
}

// placeFor reuses a place of the family or opens a new one.
func (g *generator) placeFor(family string) *genPlace {
	reuse := 0.45
	if family == "schutz" {
		reuse = 0.7
	}
	if ps := g.byFamily[family]; len(ps) > 0 && g.r.Float64() < reuse {
		return one(g.textGen, ps)
	}
	pt, res, _ := g.point()
	// Half the places belong to a few large providers, the rest spread.
	prov := one(g.textGen, g.provs)
	if g.r.Float64() < 0.5 {
		prov = pick(g.textGen, g.provs)
	}
	return g.newPlace(family, prov, pt, hitNames(res), nil)
}

// newPlace writes a place of a family at pt; a zero pt gives a place
// without point. Its name follows kind, or one of the family's kinds.
func (g *generator) newPlace(family string, prov *genProvider, pt orb.Point, districts []string, kind *placeKind) *genPlace {
	g.nPlaces++
	if kind == nil {
		kind = &placeKinds[family][g.zipf(len(placeKinds[family]))]
	}
	gp := &genPlace{key: fmt.Sprintf("%sp%06d", g.keyPrefix, g.nPlaces), in: kind.in, family: family, districts: districts, provider: prov,
		confidential: family == "schutz"}
	p := quartier.Place{Key: gp.key, Provider: prov.code, City: g.city, Source: g.imp.Source}
	if pt != (orb.Point{}) {
		p.X, p.Y = math.Round(pt[0]*10)/10, math.Round(pt[1]*10)/10
	}
	if !gp.confidential {
		gp.street = pick(g.textGen, g.streets)
		p.Street = gp.street
		if strings.HasSuffix(p.Street, "straße") && g.r.Float64() < 0.15 {
			p.Street = strings.TrimSuffix(p.Street, "aße") + "."
		}
		p.HouseNumber = strconv.Itoa(1 + g.zipf(180))
		if g.r.Float64() < 0.1 {
			p.HouseNumber += string(rune('A' + g.r.IntN(4)))
		}
		p.Postcode = postcodeFor(districts)
	}
	cur := g.cur.place
	g.cur.place = gp
	name := g.expand(kind.name)
	if gp.confidential && g.suffix == "" {
		name = g.expand(kind.name + "[ Lichtblick| Aurora| Rosa| Hestia| Zuflucht|]")
	}
	g.cur.place = cur
	gp.name = name + g.suffix
	p.Name = gp.name
	if gp.confidential {
		gp.key = g.unnumberedKey("v", gp.name)
		p.Key = gp.key
		p.Confidential = true
		g.nShelters++
		p.ContactPath = fmt.Sprintf("Rund um die Uhr über die Hotline %s; die Adresse wird erst im Gespräch genannt.", fictionalPhone(100+g.nShelters))
	} else if g.r.Float64() < 0.55 {
		gp.access = g.accessibility()
		p.Accessibility = gp.access
		if g.r.Float64() < 0.2 {
			p.AccessibilityNote = one(g.textGen, []string{"Eingang über den Hof", "Aufzug bitte vorher anmelden", "Rampe am Seiteneingang", "Klingel für Rollstuhlnutzende am Tor"})
		}
	}
	g.imp.Places = append(g.imp.Places, p)
	g.byFamily[family] = append(g.byFamily[family], gp)
	return gp
}

// accessTerms orders AccessibilityTerms from common to rare.
var accessTerms = []string{"stufenlos", "rollstuhl-wc", "aufzug", "leichte-sprache", "parkplatz", "induktion", "gebaerdensprache", "blindenleitsystem"}

func (g *generator) accessibility() []string {
	var out []string
	for range 1 + g.zipf(3) {
		if t := pick(g.textGen, accessTerms); !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return out
}

func (g *generator) accessSentence(p *genPlace) string {
	switch {
	case p == nil || p.confidential:
		return ""
	case slices.Contains(p.access, "aufzug"):
		return "Die Räume sind über einen Aufzug erreichbar."
	case slices.Contains(p.access, "stufenlos"):
		return g.expand("[Die Räume sind stufenlos erreichbar.|Der Eingang ist ebenerdig.]")
	case len(p.access) == 0 && g.r.Float64() < 0.5:
		return "Leider sind die Räume nicht barrierefrei; sprechen Sie uns an, wir finden eine Lösung."
	}
	return ""
}

// postcodeFor gives all places of an area the same postcode, derived from
// the area names (a generated atlas has no postcode map).
func postcodeFor(districts []string) string {
	h := fnv.New32a()
	for _, d := range districts {
		h.Write([]byte(d))
	}
	return strconv.Itoa(10115 + int(h.Sum32()%4085))
}

// offerSpec is what the caller fixes about an offer; the rest is drawn.
type offerSpec struct {
	profile  *profile
	kind     string
	audience string // audiences key; empty: drawn to fit the kind
	places   []*genPlace
	name     string // template instead of the profile's names
	lead     string // template instead of the profile's lead
	provider *genProvider
	hours    string       // week spec instead of the profile's hours
	period   [2]time.Time // [from, to): a time-boxed offer or event, always active
}

// kindAudiences keep names and audiences together: "Fußball für Mädchen"
// is not for boys, an Elterncafé not for teenagers.
var kindAudiences = []struct{ word, audience string }{
	{"sprach", "gefl-familien"}, {"bewerbung", "junge-erw"}, {"beruf", "jugend"}, {"lese", "kinder-gs"}, {"mitternacht", "jugend-14"},
	{"krabbel", "babys"}, {"still", "babys"}, {"spielgruppe", "familien-klein"}, {"mädchen", "maedchen"}, {"frauen", "maedchen-frauen"}, {"mütter", "eltern"}, {"jungen", "jungen"}, {"väter", "eltern"},
	{"papa", "eltern"}, {"eltern", "eltern"}, {"baby", "babys"}, {"schwangere", "schwangere"}, {"gefl", "gefl-familien"}, {"kinder", "kinder"},
}

func (g *generator) audienceFor(pr *profile, kind string) audience {
	lower := strings.ToLower(kind)
	for _, ka := range kindAudiences {
		if strings.Contains(lower, ka.word) && slices.Contains(pr.audiences, ka.audience) {
			return audiences[ka.audience]
		}
	}
	return audiences[pick(g.textGen, pr.audiences)]
}

// writeOffer draws an offer of the spec and appends it; the returned pointer
// is valid until the next offer is written.
func (g *generator) writeOffer(sp offerSpec) *quartier.Offer {
	pr := sp.profile
	place := sp.places[0]
	aud := audiences[sp.audience]
	if sp.audience == "" {
		aud = g.audienceFor(pr, sp.kind)
	}
	prov := place.provider
	if sp.provider != nil {
		prov = sp.provider
	} else if g.r.Float64() < 0.05 && len(g.provs) > 0 {
		prov = pick(g.textGen, g.provs)
	}
	n := len(g.imp.Offers) + 1
	o := quartier.Offer{Key: fmt.Sprintf("%so%06d", g.keyPrefix, n), Provider: prov.code, Topics: []string{pr.topic},
		TargetGroups: slices.Clone(aud.groups), Source: g.imp.Source}
	if slices.Contains(o.TargetGroups, "gefluechtete") && pr.topic != "migration" {
		o.Topics = append(o.Topics, "migration")
	} else if g.r.Float64() < 0.1 {
		if t := profiles[g.zipf(len(profiles))].topic; !slices.Contains(o.Topics, t) {
			o.Topics = append(o.Topics, t)
		}
	}
	if aud.min >= 0 {
		o.MinAge = &aud.min
	}
	if aud.max >= 0 {
		o.MaxAge = &aud.max
	}
	o.Languages = g.languages(pr.topic == "migration")
	g.cur = offerState{kind: sp.kind, audience: aud, place: place, provider: prov, offer: &o, costs: pick(g.textGen, pr.costs), used: map[string]bool{}}
	o.Costs = g.cur.costs.field
	hours := sp.hours
	if hours == "" {
		hours = pick(g.textGen, pr.hours)
	}
	o.Hours = g.hours(hours)
	g.status(&o, pr.timeboxed)
	if !sp.period[0].IsZero() {
		o.Status, o.ValidFrom, o.ValidTo = quartier.OfferActive, &sp.period[0], &sp.period[1]
		o.Hours.Exceptions = nil // an event has no summer break
	}
	o.Contacts = g.contacts(pr, prov, place)
	if g.r.Float64() < 0.55 {
		o.Website = "https://www." + prov.domain + ".example.org/" + slug(sp.kind, 40)
	}
	o.VerifiedOn = g.today.AddDate(0, 0, -g.r.IntN(400))
	nameTmpl := sp.name
	for nameTmpl == "" {
		// "Fußball für Mädchen für Kinder …" would say it twice.
		if t := pick(g.textGen, pr.names); !strings.Contains(t, "für {audience}") || !strings.Contains(sp.kind, " für ") {
			nameTmpl = t
		}
	}
	o.Name = g.expand(nameTmpl) + g.suffix
	lead := sp.lead
	for lead == "" {
		if t := one(g.textGen, pr.lead); !strings.Contains(t, "{kind} für") || !strings.Contains(sp.kind, " für ") || len(pr.lead) == 1 {
			lead = t
		}
	}
	o.Description = g.compose([]string{lead}, g.pool(pr, sp.kind, place.confidential), 20, 80)
	if place.confidential {
		o.Key = g.unnumberedKey("w", o.Name)
	}
	keys := make([]string, len(sp.places))
	for i, p := range sp.places {
		keys[i] = p.key
	}
	g.imp.Offers = append(g.imp.Offers, atlas.OfferEntry{Offer: o, PlaceKeys: keys})
	return &g.imp.Offers[len(g.imp.Offers)-1].Offer
}

// unnumberedKey is the key of a shelter or of an offer at one. Keys are
// public (the shelter's own page is /atlas/orte/KEY), and the numbered
// keys run space by space, so a shelter numbered among them would lie in
// the space of its neighbours. A hash of the name and the count of such
// keys orders them by nothing, and draws no random number, so that the
// rest of the atlas stays as it was.
func (g *generator) unnumberedKey(kind, name string) string {
	g.nUnnumbered++
	h := fnv.New64a()
	fmt.Fprintf(h, "%s|%s|%d", kind, name, g.nUnnumbered)
	return fmt.Sprintf("%s%s%016x", g.keyPrefix, kind, h.Sum64())
}

// pool is the sentences an offer's description draws from: the profile's
// (those whose "~word~" condition the kind meets) and the generic ones, or
// for a confidential place only those that do not locate it.
func (g *generator) pool(pr *profile, kind string, confidential bool) []string {
	var out []string
	lower := strings.ToLower(kind)
	for _, s := range pr.pool {
		if cond, rest, ok := strings.Cut(strings.TrimPrefix(s, "~"), "~"); ok && strings.HasPrefix(s, "~") {
			word, negated := strings.CutPrefix(cond, "!")
			if strings.Contains(lower, strings.ToLower(word)) == negated {
				continue
			}
			s = rest
		}
		out = append(out, s)
	}
	if confidential {
		return append(out, safePool...)
	}
	return append(append(out, genericPool...), safePool...)
}

func (g *generator) languages(migration bool) []string {
	out := []string{"de"}
	share := 0.4
	if migration {
		share = 0.95
	}
	if g.r.Float64() < share {
		for range 1 + g.zipf(4) {
			if l := pick(g.textGen, extraLanguages); !slices.Contains(out, l) {
				out = append(out, l)
			}
		}
	}
	return out
}

// roundTheClock is a shelter's hours: no holidays, no summer break.
const roundTheClock = "Mo-So 00:00-24:00"

func (g *generator) hours(spec string) quartier.OpeningHours {
	switch spec {
	case "":
		return quartier.OpeningHours{Note: "Termine nach Vereinbarung"}
	case roundTheClock:
		return quartier.OpeningHours{Weekly: week(spec), Note: "rund um die Uhr, auch an Feiertagen"}
	}
	h := quartier.OpeningHours{Weekly: week(spec), ClosedOnHolidays: g.r.Float64() < 0.8}
	year := g.today.Year()
	if g.r.Float64() < 0.5 {
		h.Exceptions = append(h.Exceptions, summerBreak(year, 13+g.r.IntN(10), 2+g.r.IntN(3)))
	}
	if g.r.Float64() < 0.4 {
		h.Exceptions = append(h.Exceptions, yearEnd(year))
	}
	if g.r.Float64() < 0.05 {
		day := g.today.AddDate(0, 0, 7+g.r.IntN(60))
		for day.Weekday() != time.Saturday {
			day = day.AddDate(0, 0, 1)
		}
		h.Exceptions = append(h.Exceptions, quartier.HoursException{From: day, To: day, Slots: week("Sa 11:00-16:00"), Note: "Tag der offenen Tür"})
	}
	if g.r.Float64() < 0.1 {
		h.Note = one(g.textGen, []string{"In den Schulferien gelten andere Zeiten.", "Letzter Einlass 30 Minuten vor Schluss.", "Termine auch außerhalb der Zeiten nach Vereinbarung."})
	}
	return h
}

// status: most offers run, some pause, a few ended; time-boxed ones get a
// period around today.
func (g *generator) status(o *quartier.Offer, timeboxed float64) {
	switch x := g.r.Float64(); {
	case x < 0.88:
		o.Status = quartier.OfferActive
	case x < 0.96:
		o.Status = quartier.OfferPaused
	default:
		o.Status = quartier.OfferEnded
	}
	if g.r.Float64() < timeboxed {
		from := g.today.AddDate(0, 0, g.r.IntN(120)-60)
		to := from.AddDate(0, 0, 7*(1+g.r.IntN(12)))
		if g.r.Float64() < 0.2 {
			to = from.AddDate(0, 0, 1) // a one-day event
		}
		o.ValidFrom, o.ValidTo = &from, &to
	}
}

func (g *generator) contacts(pr *profile, prov *genProvider, place *genPlace) []quartier.Contact {
	var cs []quartier.Contact
	if g.r.Float64() < 0.75 {
		if place.confidential || g.r.Float64() < 0.5 {
			cs = append(cs, quartier.Contact{Name: "Team " + g.cur.kind, Role: one(g.textGen, []string{"Anmeldung", "Information", "Sekretariat"}),
				Phone: fictionalPhone(g.r.IntN(1000)), Email: mailbox("info", prov.domain), Visibility: quartier.VisiblePublic})
		} else {
			name, email := g.person(prov.domain)
			cs = append(cs, quartier.Contact{Name: name, Role: "Ansprechperson", Phone: fictionalPhone(g.r.IntN(1000)), Email: email, Visibility: quartier.VisiblePublic})
		}
	}
	pro := 0.15
	if pr.pro {
		pro = 0.85
	}
	if g.r.Float64() < pro {
		name, email := g.person(prov.domain)
		role := "Koordination"
		if pr.pro {
			role = "Fallanfragen (nur für Fachkräfte)"
		}
		cs = append(cs, quartier.Contact{Name: name, Role: role, Phone: fictionalPhone(g.r.IntN(1000)), Email: email, Visibility: quartier.VisibleProfessionals})
	}
	return cs
}
