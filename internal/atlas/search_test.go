package atlas

import (
	"context"
	"fmt"
	"math/rand"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/search"
	"github.com/quartier/quartier/internal/spatial"
	"github.com/quartier/quartier/internal/textde"
)

func keys(r *SearchResult) []string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.Offer.Key)
	}
	return out
}

func facet(r *SearchResult, name, code string) (FacetValue, bool) {
	for _, f := range r.Facets {
		if f.Name == name {
			for _, v := range f.Values {
				if v.Code == code {
					return v, true
				}
			}
		}
	}
	return FacetValue{}, false
}

func runSearch(t *testing.T, a *env, ctx context.Context, req SearchRequest) *SearchResult {
	t.Helper()
	if req.PerPage == 0 {
		req.PerPage = 100
	}
	r, err := a.Search(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestSearchFacetsAndFilters(t *testing.T) {
	a := goldenCity(t)
	anon := context.Background()
	all := runSearch(t, a, anon, SearchRequest{})
	if all.Total != 43 || all.Sort != SortName {
		t.Fatalf("all current offers: %d, sort %s", all.Total, all.Sort)
	}
	if !slices.IsSortedFunc(all.Hits, func(x, y SearchHit) int { return compareFolded(x.Offer.Name, y.Offer.Name) }) {
		t.Error("without words and place the list is in name order")
	}
	// Topic facet counts the children under the parent.
	if v, _ := facet(all, FacetTopic, "beratung"); v.Count != 6 || v.Label != "Beratung" {
		t.Errorf("topic beratung: %+v", v)
	}
	r := runSearch(t, a, anon, SearchRequest{Topics: []string{"beratung"}})
	if r.Total != 6 {
		t.Errorf("filter beratung: %v", keys(r))
	}
	// Within a facet: alternatives; across facets: all must hold.
	r = runSearch(t, a, anon, SearchRequest{Topics: []string{"kita", "tagespflege"}})
	if r.Total != 3 {
		t.Errorf("kita or tagespflege: %v", keys(r))
	}
	r = runSearch(t, a, anon, SearchRequest{Topics: []string{"sport"}, Spaces: []string{"neukoelln"}})
	if !slices.Equal(keys(r), []string{"schwimmkurs", "wassergymnastik"}) {
		t.Errorf("sport in Neukölln: %v", keys(r))
	}
	// A selected facet still shows its alternatives' counts.
	if v, ok := facet(r, FacetSpace, "wedding"); !ok || v.Count != 5 {
		t.Errorf("space facet under a space selection: %+v", v)
	}
	if v, _ := facet(r, FacetSpace, "neukoelln"); !v.Selected {
		t.Error("selected value not marked")
	}
	// Accessibility: all selected terms must hold.
	r = runSearch(t, a, anon, SearchRequest{Access: []string{"stufenlos", "rollstuhl-wc"}})
	if r.Total != 9 { // the offers of the Familienzentrum
		t.Errorf("step-free with accessible toilet: %d %v", r.Total, keys(r))
	}
	r = runSearch(t, a, anon, SearchRequest{Access: []string{"stufenlos", "aufzug"}})
	if r.Total != 0 {
		t.Errorf("nobody has a lift: %v", keys(r))
	}
	// Age: the range must include it; offers without limits are for all.
	r = runSearch(t, a, anon, SearchRequest{Age: 2, Text: "Eltern"})
	for _, h := range r.Hits {
		if !h.Offer.ForAge(2) {
			t.Errorf("age 2: %s (%v–%v)", h.Offer.Key, h.Offer.MinAge, h.Offer.MaxAge)
		}
	}
	if !slices.Contains(keys(r), "elterncafe") || slices.Contains(keys(r), "trennung") {
		t.Errorf("age 2, Eltern: %v", keys(r))
	}
	r = runSearch(t, a, anon, SearchRequest{AgeGroups: []string{"27+"}, Topics: []string{"sport"}})
	if !slices.Equal(keys(r), []string{"basketball", "wassergymnastik"}) {
		t.Errorf("sport for adults: %v", keys(r))
	}
	r = runSearch(t, a, anon, SearchRequest{Languages: []string{"tr"}})
	if !slices.Equal(keys(r), []string{"elterncafe", "efb", "kita-sonnenschein"}) {
		t.Errorf("Turkish: %v", keys(r))
	}
	// Paging: disjoint pages, same total.
	p1 := runSearch(t, a, anon, SearchRequest{PerPage: 10, Page: 1})
	p5 := runSearch(t, a, anon, SearchRequest{PerPage: 10, Page: 5})
	if p1.Pages != 5 || len(p5.Hits) != 3 || slices.Contains(keys(p1), p5.Hits[0].Offer.Key) {
		t.Errorf("paging: %d pages, last page %v", p1.Pages, keys(p5))
	}
	if r := runSearch(t, a, anon, SearchRequest{PerPage: 10, Page: 9}); len(r.Hits) != 0 || r.Total != 43 {
		t.Errorf("page after the end: %d hits", len(r.Hits))
	}
}

func compareFolded(x, y string) int {
	fx, fy := textde.Fold(x), textde.Fold(y)
	switch {
	case fx < fy:
		return -1
	case fx > fy:
		return 1
	}
	return 0
}

// The space facet, the space filter and the radius must not reveal that a
// confidential place lies in a space or near a point: for the public the
// shelter's offer exists, but nowhere.
func TestSearchDoesNotLocateConfidentialPlaces(t *testing.T) {
	a := goldenCity(t)
	anon := context.Background()
	asd := roleCtx(quartier.RoleASD, "neukoelln")
	asdElsewhere := roleCtx(quartier.RoleASD, "wedding")
	x, y := cellCenter(1, 2)
	shelter := Point{x + 300, y + 150}

	count := func(ctx context.Context) int {
		v, _ := facet(runSearch(t, a, ctx, SearchRequest{}), FacetSpace, "neukoelln")
		return v.Count
	}
	if pub, conf := count(anon), count(asd); conf != pub+1 {
		t.Errorf("space count: public %d, ASD of the space %d", pub, conf)
	}
	if count(asdElsewhere) != count(anon) {
		t.Error("an ASD grant for another space must not count the shelter")
	}
	find := func(ctx context.Context, req SearchRequest) bool {
		return slices.Contains(keys(runSearch(t, a, ctx, req)), "frauenhaus")
	}
	if find(anon, SearchRequest{Spaces: []string{"neukoelln"}}) || !find(asd, SearchRequest{Spaces: []string{"neukoelln"}}) {
		t.Error("space filter")
	}
	if find(anon, SearchRequest{Near: &shelter, Radius: 100}) || !find(asd, SearchRequest{Near: &shelter, Radius: 100}) {
		t.Error("radius filter")
	}
	// Without a location it is listed, with nothing to locate it.
	r := runSearch(t, a, anon, SearchRequest{Text: "Frauenhaus", Near: &shelter})
	if len(r.Hits) != 1 || r.Hits[0].Distance != -1 {
		t.Fatalf("public hit: %+v", r.Hits)
	}
	p := r.Hits[0].Places[0]
	if p.SpaceName != "" || p.Street != "" || p.HasPoint() || p.Space != "" || p.Block != "" || p.ContactPath == "" {
		t.Errorf("public place not redacted: %+v", p)
	}
	r = runSearch(t, a, asd, SearchRequest{Text: "Frauenhaus", Near: &shelter})
	if r.Hits[0].Places[0].Street != "Geheimgasse" || r.Hits[0].Distance > 1 {
		t.Errorf("ASD of the space sees the place: %+v", r.Hits[0])
	}
	// The home-space ranking ignores it for the public too.
	r = runSearch(t, a, anon, SearchRequest{Text: "Frauenhaus", HomeSpace: "neukoelln"})
	if r.Hits[0].InHomeSpace {
		t.Error("home space reveals the shelter's space")
	}
}

func TestSearchNearAndHomeSpace(t *testing.T) {
	a := goldenCity(t)
	anon := context.Background()
	x, y := cellCenter(1, 1) // the Erziehungsberatungsstelle in Moabit
	here := Point{x, y}
	r := runSearch(t, a, anon, SearchRequest{Near: &here, Radius: 250})
	if r.Sort != SortDistance || !slices.Equal(keys(r)[:3], []string{"efb", "trennung", "sucht"}) { // same place: name order
		t.Fatalf("near: %s %v", r.Sort, keys(r))
	}
	for i, h := range r.Hits {
		if h.Distance < 0 || h.Distance > 250 || i > 0 && h.Distance < r.Hits[i-1].Distance {
			t.Errorf("distance order at %d: %v", i, h.Distance)
		}
	}
	// Offers for my space, known without a point: the space first.
	r = runSearch(t, a, anon, SearchRequest{Text: "Beratung", HomeSpace: "moabit"})
	seenOther := false
	for _, h := range r.Hits {
		in := false
		for _, p := range h.Places {
			in = in || p.Space == "moabit"
		}
		if in != h.InHomeSpace {
			t.Errorf("%s: InHomeSpace %v", h.Offer.Key, h.InHomeSpace)
		}
		if !in {
			seenOther = true
		} else if seenOther {
			t.Errorf("home space not first: %v", keys(r))
		}
	}
}

func TestSearchOpenNowAndRanking(t *testing.T) {
	now := time.Date(2025, 1, 8, 15, 0, 0, 0, quartier.Berlin) // a Wednesday
	a := newAppAt(t, func() time.Time { return now })
	importGrid(t, a, 0, day0)
	composeColumns(t, a, true)
	imp := goldenAtlas()
	// One of two equal offers was last checked long ago.
	imp.Places = append(imp.Places, quartier.Place{Key: "p-x", Name: "Ort", X: gridX0 + 10, Y: gridY0 + 10})
	imp.Offers = append(imp.Offers,
		OfferEntry{Offer: quartier.Offer{Key: "alt-geprueft", Name: "Kicker-Turnier", Topics: []string{"sport"}, Status: quartier.OfferActive, VerifiedOn: now.AddDate(-1, 0, 0)}, PlaceKeys: []string{"p-x"}},
		OfferEntry{Offer: quartier.Offer{Key: "neu-geprueft", Name: "Kicker-Turnier", Topics: []string{"sport"}, Status: quartier.OfferActive}, PlaceKeys: []string{"p-x"}})
	if _, err := a.ImportAtlas(opCtx(), imp); err != nil {
		t.Fatal(err)
	}
	r := runSearch(t, a, context.Background(), SearchRequest{Text: "Kicker-Turnier"})
	if !slices.Equal(keys(r), []string{"neu-geprueft", "alt-geprueft"}) || !r.Hits[1].Overdue || r.Hits[0].Overdue {
		t.Errorf("overdue entries rank lower and are marked: %v", keys(r))
	}
	open := runSearch(t, a, context.Background(), SearchRequest{OpenNow: true})
	if !slices.Equal(keys(open), []string{"efb", "hausaufgaben", "treff-mauerpark"}) {
		t.Errorf("open on Wednesday 15:00: %v", keys(open))
	}
	if v, _ := facet(open, FacetOpenNow, "ja"); v.Count != 3 || !v.Selected {
		t.Errorf("open-now facet: %+v", v)
	}
	now = time.Date(2025, 1, 8, 20, 30, 0, 0, quartier.Berlin)
	if r := runSearch(t, a, context.Background(), SearchRequest{OpenNow: true}); r.Total != 0 {
		t.Errorf("open at 20:30: %v", keys(r))
	}
}

func TestSearchContactsAndFreshness(t *testing.T) {
	a := newApp(t)
	importGrid(t, a, 0, day0)
	composeColumns(t, a, true)
	if _, err := a.ImportAtlas(opCtx(), atlasFixture()); err != nil {
		t.Fatal(err)
	}
	contacts := func(ctx context.Context) int {
		r := runSearch(t, a, ctx, SearchRequest{Text: "Treff"})
		return len(r.Hits[0].Offer.Contacts)
	}
	if contacts(context.Background()) != 1 || contacts(roleCtx(quartier.RolePlanner)) != 2 {
		t.Error("contacts for professionals shown to the public, or hidden from staff")
	}
	// A write of this process is seen at once.
	imp := Import{Offers: []OfferEntry{{Offer: quartier.Offer{Key: "neu", Name: "Neues Nachbarschaftscafé", Topics: []string{"elterncafe"}, Status: quartier.OfferActive}, PlaceKeys: []string{"club"}}}}
	if _, err := a.ImportAtlas(opCtx(), imp); err != nil {
		t.Fatal(err)
	}
	if r := runSearch(t, a, context.Background(), SearchRequest{Text: "Nachbarschaftscafe"}); r.Total != 1 {
		t.Fatal("own write not visible")
	}
	// A write of another process (a second App on the same store) is
	// seen once the snapshot is checked again.
	b := another(t, a)
	imp.Offers[0].Offer.Key, imp.Offers[0].Offer.Name = "fremd", "Kiezfest im Hof"
	if _, err := b.ImportAtlas(opCtx(), imp); err != nil {
		t.Fatal(err)
	}
	a.atlas.Load().checked.Store(0) // as if atlasRecheck had passed
	if r := runSearch(t, a, context.Background(), SearchRequest{Text: "Kiezfest"}); r.Total != 1 {
		t.Fatal("other process's write not visible after the recheck")
	}
}

func TestOfferAndPlaceDetail(t *testing.T) {
	a := goldenCity(t)
	anon := context.Background()
	asd := roleCtx(quartier.RoleASD, "neukoelln")
	reveals := func() int {
		es, err := a.log.Entries(opCtx(), quartier.AuditFilter{Action: "place.confidential.read"})
		if err != nil {
			t.Fatal(err)
		}
		return len(es)
	}
	d, err := a.Offer(anon, "frauenhaus")
	if err != nil {
		t.Fatal(err)
	}
	if p := d.Places[0]; p.Street != "" || p.HasPoint() || p.SpaceName != "" || d.Provider == nil || d.Provider.ShortName != "Diakonie" {
		t.Errorf("public offer page: %+v", d)
	}
	if _, err := a.Place(anon, "p-frauenhaus"); err != nil {
		t.Fatal(err)
	}
	// The public search ran without revealing anything: no entry.
	runSearch(t, a, anon, SearchRequest{Text: "Frauenhaus"})
	if n := reveals(); n != 0 {
		t.Fatalf("%d reveal entries for the public", n)
	}
	d, err = a.Offer(asd, "frauenhaus")
	if err != nil {
		t.Fatal(err)
	}
	if p := d.Places[0]; p.Street != "Geheimgasse" || p.SpaceName != "Neukölln" {
		t.Errorf("ASD of the space: %+v", p)
	}
	if _, err := a.Place(asd, "p-frauenhaus"); err != nil {
		t.Fatal(err)
	}
	runSearch(t, a, asd, SearchRequest{Text: "Frauenhaus"})
	if _, err := a.View(asd); err != nil {
		t.Fatal(err)
	}
	// Offer page, place page, search and the whole view: four reveals.
	if n := reveals(); n != 4 {
		t.Errorf("reveals audited: %d, want 4", n)
	}
	// Ended offers: hidden from the public, kept for editors.
	if _, err := a.Offer(anon, "computerkurs"); quartier.ErrorCode(err) != quartier.ENOTFOUND {
		t.Errorf("ended offer for the public: %v", err)
	}
	d, err = a.Offer(roleCtx(quartier.RolePlanner, "wedding"), "computerkurs")
	if err != nil || d.Current || !d.CanEdit {
		t.Errorf("ended offer for its editor: %+v %v", d, err)
	}
	if _, err := a.Offer(roleCtx(quartier.RolePlanner, "moabit"), "computerkurs"); quartier.ErrorCode(err) != quartier.ENOTFOUND {
		t.Errorf("ended offer for an editor of another space: %v", err)
	}
	pd, err := a.Place(anon, "p-famz")
	if err != nil || len(pd.Offers) != 9 || pd.Place.SpaceName != "Neukölln" || pd.CanEdit {
		t.Errorf("place page: %d offers, %+v, %v", len(pd.Offers), pd.Place, err)
	}
	if _, err := a.Offer(anon, "gibt-es-nicht"); quartier.ErrorCode(err) != quartier.ENOTFOUND {
		t.Error(err)
	}
}

func TestOrigin(t *testing.T) {
	a := goldenCity(t)
	anon := context.Background()
	o, err := a.OriginFromAddress(anon, "Turmstr. 21, 10559")
	if err != nil {
		t.Fatal(err)
	}
	x, y := cellCenter(1, 1)
	if o.Approx || o.Point != (Point{x, y}) || o.Space != "moabit" || o.SpaceName != "Moabit" {
		t.Errorf("address of an atlas place: %+v", o)
	}
	// The shelter's address is not confirmed: there is no street
	// directory in this city, so it is simply not found.
	if _, err := a.OriginFromAddress(anon, "Geheimgasse 7, 12059"); quartier.ErrorCode(err) != quartier.ENOTFOUND {
		t.Errorf("confidential address as origin: %v", err)
	}
	if _, err := a.OriginFromAddress(anon, " , 10559"); quartier.ErrorCode(err) != quartier.EINVALID {
		t.Errorf("empty address: %v", err)
	}
	o, err = a.OriginFromPoint(anon, x+400, y, quartier.UTM33N)
	if err != nil || o.Space != "moabit" {
		t.Errorf("point: %+v %v", o, err)
	}
	if _, err := a.OriginFromPoint(anon, 500, 5000000, quartier.WGS84); quartier.ErrorCode(err) != quartier.EINVALID {
		t.Errorf("point out of range: %v", err)
	}
	// A street directory with house coordinates gives the house's own
	// point; without one the block's, marked as approximate.
	x2, y2 := cellCenter(2, 2)
	dir := fmt.Sprintf("strasse;hnr;plz;baustein;x;y\nLindenweg;3;12059;r2c2;%v;%v\nLindenweg;5;12059;r2c2;;\n", x2+12.5, y2-7)
	if _, err := a.sp.ImportStreets(opCtx(), spatial.StreetImport{Input: strings.NewReader(dir)}); err != nil {
		t.Fatal(err, quartier.ErrorProblems(err))
	}
	if o, err := a.OriginFromAddress(anon, "Lindenweg 3, 12059"); err != nil || o.Approx || o.Point != (Point{x2 + 12.5, y2 - 7}) || o.Space != "neukoelln" {
		t.Errorf("house coordinate: %+v %v", o, err)
	}
	if o, err := a.OriginFromAddress(anon, "Lindenweg 5"); err != nil || !o.Approx || o.Space != "neukoelln" {
		t.Errorf("block of the address: %+v %v", o, err)
	}
	pts, err := a.SearchMap(anon, SearchRequest{Text: "Beratung"})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pts {
		if p.Key == "p-frauenhaus" {
			t.Error("map shows the shelter to the public")
		}
	}
	pts, _ = a.SearchMap(roleCtx(quartier.RoleASD, "neukoelln"), SearchRequest{Text: "Frauenhaus"})
	if len(pts) != 1 || pts[0].Key != "p-frauenhaus" || pts[0].Offer != "frauenhaus" {
		t.Errorf("map for the ASD of the space: %+v", pts)
	}
	pts, _ = a.SearchMap(anon, SearchRequest{Spaces: []string{"neukoelln"}, Topics: []string{"elterncafe"}})
	if len(pts) != 1 || pts[0].Offers != 2 || pts[0].Offer != "" {
		t.Errorf("two offers at one place: %+v", pts)
	}
}

func TestGuide(t *testing.T) {
	a := goldenCity(t)
	// Asked by the ASD of the space, the guide is still the public one.
	g, err := a.Guide(roleCtx(quartier.RoleASD, "neukoelln"), "neukoelln")
	if err != nil {
		t.Fatal(err)
	}
	if g.Space.Name != "Neukölln" || g.Total != 19 || len(g.Crisis) != 1 || g.Crisis[0].Offer.Key != "frauenhaus" {
		t.Fatalf("guide: %d offers, crisis %+v", g.Total, g.Crisis)
	}
	if p := g.Crisis[0].Places[0]; p.Street != "" || p.ContactPath == "" {
		t.Errorf("crisis place in the printed guide: %+v", p)
	}
	seen := map[string]bool{}
	for _, sec := range g.Sections {
		if sec.Topic.Parent != "" || len(sec.Offers) == 0 {
			t.Errorf("section %+v", sec.Topic)
		}
		for _, h := range sec.Offers {
			seen[h.Offer.Key] = true
			for _, c := range h.Offer.Contacts {
				if c.Visibility != quartier.VisiblePublic {
					t.Errorf("%s: contact for professionals printed", h.Offer.Key)
				}
			}
		}
	}
	if !seen["schwimmkurs"] || seen["frauenhaus"] || seen["efb"] {
		t.Errorf("sections: %v", seen)
	}
	if _, err := a.Guide(context.Background(), "nirgendwo"); quartier.ErrorCode(err) != quartier.ENOTFOUND {
		t.Error(err)
	}
}

type stepCounter struct{ total, steps, done int }

func (c *stepCounter) Start(_ string, total int) { c.total = total }
func (c *stepCounter) Add(n int)                 { c.steps += n }
func (c *stepCounter) Done()                     { c.done++ }

func TestAtlasImportProgress(t *testing.T) {
	a := newApp(t)
	importGrid(t, a, 0, day0)
	composeColumns(t, a, true)
	imp := atlasFixture()
	var c stepCounter
	imp.Progress = &c
	if _, err := a.ImportAtlas(opCtx(), imp); err != nil {
		t.Fatal(err)
	}
	if c.total != 5 || c.steps != 5 || c.done != 1 {
		t.Errorf("progress %+v, want 5 steps of 5, done once", c)
	}
}

// topK must agree with a full sort (descending key, ties by document).
func TestTopKAgreesWithSort(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	for trial := 0; trial < 200; trial++ {
		n := 1 + r.Intn(300)
		set := search.NewBitset(n)
		keys := make([]float64, n)
		var all []uint32
		for d := 0; d < n; d++ {
			keys[d] = float64(r.Intn(8)) // many ties
			if r.Intn(3) > 0 {
				set.Set(uint32(d))
				all = append(all, uint32(d))
			}
		}
		slices.SortStableFunc(all, func(x, y uint32) int {
			switch {
			case keys[x] > keys[y]:
				return -1
			case keys[x] < keys[y]:
				return 1
			}
			return 0
		})
		k := r.Intn(n + 2)
		got := topK(set, k, func(d uint32) float64 { return keys[d] }, nil)
		if want := all[:min(k, len(all))]; !slices.Equal(got, want) {
			t.Fatalf("n=%d k=%d: %v, want %v", n, k, got, want)
		}
	}
}

// The loop of topKRelevance must rank exactly as topK with the key of the
// relevance sort: same keys, ties by rank.
func TestTopKRelevanceAgreesWithTopK(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	factors := []float32{1, overdueFactor, pausedFactor, overdueFactor * pausedFactor}
	for trial := 0; trial < 300; trial++ {
		n := 1 + r.Intn(700)
		set := search.NewBitset(n)
		scores, factor := make([]float32, n), make([]float32, n)
		rank := make([]uint32, n)
		for i, p := range r.Perm(n) {
			rank[i] = uint32(p)
		}
		for d := range n {
			scores[d] = float32(r.Intn(6)) * 0.45 // many ties
			factor[d] = factors[r.Intn(len(factors))]
			if r.Intn(3) > 0 {
				set.Set(uint32(d))
			}
		}
		k := r.Intn(n + 2)
		want := topK(set, k, func(d uint32) float64 { return float64(scores[d] * factor[d]) }, rank)
		if got := topKRelevance(set, k, scores, factor, rank); !slices.Equal(got, want) {
			t.Fatalf("n=%d k=%d: %v, want %v", n, k, got, want)
		}
	}
}

// Nearest first: from an address, "Entfernung" is distance alone (the
// club 150 m away across the space border comes before the one 3 km away
// in the searcher's own space), and the default ranking of a text search
// weighs distance, so the offer at the very address leads.
func TestNearestFirstIgnoresSpaceBorders(t *testing.T) {
	a := newApp(t)
	importGrid(t, a, 0, day0)
	composeColumns(t, a, true) // columns west | mitte | ost, 1 km wide
	imp := Import{Source: "Test",
		Places: []quartier.Place{
			{Key: "fern", Name: "Halle Fern", X: gridX0 + 50, Y: gridY0 + 2950},     // west, 3 km north
			{Key: "nah", Name: "Halle Nah", X: gridX0 + 1100, Y: gridY0 + 50},       // mitte, 150 m east
			{Key: "hier", Name: "Halle Hier", X: gridX0 + 950, Y: gridY0 + 50},      // at the address
			{Key: "mittel", Name: "Halle Mittel", X: gridX0 + 950, Y: gridY0 + 900}, // west, 850 m
		},
		Offers: []OfferEntry{
			{Offer: quartier.Offer{Key: "a-fern", Name: "Sportverein Basketball", Topics: []string{"sport"}, Status: quartier.OfferActive}, PlaceKeys: []string{"fern"}},
			{Offer: quartier.Offer{Key: "b-nah", Name: "Sportverein Basketball", Topics: []string{"sport"}, Status: quartier.OfferActive}, PlaceKeys: []string{"nah"}},
			{Offer: quartier.Offer{Key: "c-mittel", Name: "Sportverein Basketball", Topics: []string{"sport"}, Status: quartier.OfferActive}, PlaceKeys: []string{"mittel"}},
			{Offer: quartier.Offer{Key: "d-hier", Name: "Sportverein Basketball", Topics: []string{"sport"}, Status: quartier.OfferActive}, PlaceKeys: []string{"hier"}},
		}}
	if _, err := a.ImportAtlas(opCtx(), imp); err != nil {
		t.Fatalf("%v %v", err, quartier.ErrorProblems(err))
	}
	here := Point{gridX0 + 950, gridY0 + 50}
	anon := context.Background()
	byDistance := runSearch(t, a, anon, SearchRequest{Near: &here, HomeSpace: "west", Sort: SortDistance})
	if got := keys(byDistance); !slices.Equal(got, []string{"d-hier", "b-nah", "c-mittel", "a-fern"}) {
		t.Errorf("by distance: %v", got)
	}
	byDefault := runSearch(t, a, anon, SearchRequest{Text: "Basketball", Near: &here, HomeSpace: "west"})
	if got := keys(byDefault); byDefault.Sort != SortRelevance || !slices.Equal(got, []string{"d-hier", "b-nah", "c-mittel", "a-fern"}) {
		t.Errorf("default ranking from an address: %s %v", byDefault.Sort, got)
	}
	if !byDefault.Hits[0].InHomeSpace || byDefault.Hits[1].InHomeSpace {
		t.Errorf("the home space is still marked: %+v", byDefault.Hits[:2])
	}
}

// Facet counts over the non-zero words of a sparse set (facetWords) must
// be the counts over the hits' words: a city of 40 copies of the golden
// atlas, whose rarer values (a language, the shelter's space) are sparse
// since copies of an offer are neighbours in name order.
func TestSparseFacetCountsAgree(t *testing.T) {
	a := goldenCity(t)
	base := goldenAtlas()
	imp := Import{Source: base.Source}
	for c := range 40 {
		for _, o := range base.Offers {
			o.Key = fmt.Sprintf("%s-%d", o.Key, c)
			imp.Offers = append(imp.Offers, o)
		}
	}
	if _, err := a.ImportAtlas(opCtx(), imp); err != nil {
		t.Fatalf("%v %v", err, quartier.ErrorProblems(err))
	}
	asd := roleCtx(quartier.RoleASD, "neukoelln")
	reqs := []SearchRequest{{}, {Text: "Beratung"}, {Text: "Kita"}, {Text: "Frauenhaus"}, {Languages: []string{"tr"}}, {Text: "Jugend", Spaces: []string{"moabit"}}}
	var got [][]Facet
	sparse := 0
	for _, ctx := range []context.Context{context.Background(), asd} {
		for _, req := range reqs {
			got = append(got, runSearch(t, a, ctx, req).Facets)
		}
	}
	s := a.atlas.Load()
	for _, m := range s.sparse {
		sparse += len(m)
	}
	if sparse == 0 {
		t.Fatal("no sparse facet set: the test checks nothing")
	}
	s.sparse = nil
	i := 0
	for _, ctx := range []context.Context{context.Background(), asd} {
		for _, req := range reqs {
			if want := runSearch(t, a, ctx, req).Facets; !reflect.DeepEqual(got[i], want) {
				t.Errorf("%+v: facets %+v, counted over the hits' words %+v", req, got[i], want)
			}
			i++
		}
	}
}
