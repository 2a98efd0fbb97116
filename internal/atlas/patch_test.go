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
)

// patchWords make the names and descriptions of edited entries: words of
// the golden set, so that its queries meet them.
var patchWords = strings.Fields(`Beratung Fußball Mädchen Kita Jugendklub Familienzentrum Schwimmkurs Hilfe Hilfen
	Erziehung Eltern-Kind-Café Hebamme Schwangere Kinder Jugendliche Treff Sport Musik Hausaufgabenhilfe
	Straße Str. Moabit Wedding Neukölln Trennung Sucht 2 3 Jugendfreizeiteinrichtung JFE AWO Diakonie`)

// An atlas patched through a random sequence of edits (offers and places
// created, renamed, rewritten, moved, paused, ended, given other ages,
// places or topics) answers like one built fresh from the store: in the writing
// process, in another process on the same store, for anonymous visitors
// and staff, with words, facets, distance and paging. Runs on both
// engines (QUARTIER_TEST_ENGINE).
func TestPatchedSnapshotEqualsFullBuild(t *testing.T) {
	a := goldenCity(t)
	b := another(t, a)
	ctx := opCtx()
	imp := goldenAtlas()
	offers := map[string]OfferEntry{}
	for _, o := range imp.Offers {
		offers[o.Key] = o
	}
	places := map[string]quartier.Place{}
	for _, p := range imp.Places {
		places[p.Key] = p
	}
	topics := []string{"sport", "beratung", "jugendfreizeit", "schutz", "migration", "bildung", "gesundheit"}
	queries := []string{"", "Beratung", "Fußball", "Kita", "Mädchenfußball", "Familienzentrum", "Hilfen zur Erziehung", "Straße",
		"Moabit", "Wedding Beratung", "Jugendklub", "Kinder 2", "Beratnug", "Treff Neukölln", "Schwimmkurs", "JFE",
		"Kita U3", "Fußball 8-Jährige", "Jugendliche ab 14", "Zweijährige"}
	for _, g := range append(slices.Clone(goldenQueries), forgivingQueries...) {
		queries = append(queries, g.q)
	}
	x, y := cellCenter(1, 1)
	near := Point{x, y}
	requests := func(r *rand.Rand) []SearchRequest {
		var out []SearchRequest
		for _, q := range queries {
			req := SearchRequest{Text: q, PerPage: 7, Page: 1 + r.Intn(2)}
			switch r.Intn(5) {
			case 3:
				req.OpenNow = true
			case 0:
				req.Topics = []string{topics[r.Intn(len(topics))]}
			case 1:
				req.Near, req.Sort = &near, []string{"", SortDistance, SortName}[r.Intn(3)]
			case 2:
				req.Spaces, req.Access = []string{"moabit", "neukoelln"}, []string{"stufenlos"}
			}
			out = append(out, req)
		}
		return out
	}
	for _, e := range []*env{a, b} {
		if _, err := e.Search(ctx, SearchRequest{Text: "Beratung"}); err != nil {
			t.Fatal(err)
		}
	}
	r := rand.New(rand.NewSource(16))
	sorted := func(m map[string]OfferEntry) []string {
		return slices.Sorted(func(yield func(string) bool) {
			for k := range m {
				if !yield(k) {
					return
				}
			}
		})
	}
	for step := range 25 {
		for range 1 + r.Intn(3) {
			a.randomEdit(t, r, offers, places, topics, sorted)
		}
		// Another process sees the generation move at its next check.
		b.atlas.Load().checked.Store(0)
		fresh := another(t, a)
		for _, actx := range []context.Context{ctx, context.Background()} {
			for _, req := range requests(r) {
				want, err := fresh.Search(actx, req)
				if err != nil {
					t.Fatal(err)
				}
				for name, e := range map[string]*env{"writer": a, "other process": b} {
					got, err := e.Search(actx, req)
					if err != nil {
						t.Fatal(err)
					}
					if !reflect.DeepEqual(got, want) {
						t.Fatalf("step %d, %s, %+v:\npatched %s\nfresh   %s", step, name, req, resultText(got), resultText(want))
					}
				}
				samePoints(t, actx, step, req, fresh, map[string]*env{"writer": a, "other process": b})
			}
		}
		// The published lists, derived from the last listed snapshot's
		// (every third step none is listed, so that changes chain).
		if step%3 != 1 {
			for _, actx := range []context.Context{ctx, context.Background()} {
				got, err := a.Published(actx)
				if err != nil {
					t.Fatal(err)
				}
				want, err := fresh.Published(actx)
				if err != nil {
					t.Fatal(err)
				}
				if g, w := publicationText(got), publicationText(want); g != w {
					t.Fatalf("step %d: published lists differ:\npatched %s\nfresh   %s", step, g, w)
				}
			}
		}
		for name, e := range map[string]*env{"writer": a, "other process": b} {
			wholePlaces(t, e, fmt.Sprintf("step %d, %s", step, name))
		}
		wantView, err := fresh.View(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := a.View(context.Background()); !reflect.DeepEqual(got, wantView) {
			t.Fatalf("step %d: views differ", step)
		}
	}
	for name, e := range map[string]*env{"writer": a, "other process": b} {
		if ix := e.atlas.Load().index; ix.Len() == ix.Alive() {
			t.Errorf("%s: no patch happened (%d documents)", name, ix.Len())
		}
	}
}

// wholePlaces checks that e's snapshot keeps every place whole, as the
// store reads it (a result page takes its places from there).
func wholePlaces(t *testing.T, e *env, where string) {
	t.Helper()
	s := e.atlas.Load()
	stored := storedPlaces(t, e)
	if len(stored) != len(s.places) {
		t.Fatalf("%s: %d places stored, %d in the snapshot", where, len(stored), len(s.places))
	}
	for i := range stored {
		r := s.places.get(stored[i].ID)
		if r == nil {
			t.Fatalf("%s: place %s not in the snapshot", where, stored[i].Key)
		}
		if got := r.whole(s.ptexts); !reflect.DeepEqual(got, stored[i]) {
			t.Fatalf("%s: place %s\nkept   %+v\nstored %+v", where, stored[i].Key, got, stored[i])
		}
	}
}

// storedPlaces reads all of e's places from its store.
func storedPlaces(t *testing.T, e *env) []quartier.Place {
	t.Helper()
	var stored []quartier.Place
	if err := e.store.View(context.Background(), func(tx Tx) error {
		var err error
		stored, err = tx.Places(context.Background())
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return stored
}

// samePoints compares the map layer of req in the patched processes with
// the fresh build's: the points and their order, whole and cut at a bound
// (the bound stands for maxMapPoints, which the golden city cannot reach:
// the cut keeps the first points, so their order decides which are shown).
func samePoints(t *testing.T, ctx context.Context, step int, req SearchRequest, fresh *env, patched map[string]*env) {
	t.Helper()
	for _, bound := range []int{maxMapPoints, 3} {
		defer func(b int) { maxMapPoints = b }(maxMapPoints)
		maxMapPoints = bound
		want, err := fresh.SearchMap(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		for name, e := range patched {
			got, err := e.SearchMap(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("step %d, %s, map of %+v cut at %d points:\npatched %v\nfresh   %v", step, name, req, bound, got, want)
			}
		}
	}
}

// randomEdit saves one random change through the editing use cases.
func (a *env) randomEdit(t *testing.T, r *rand.Rand, offers map[string]OfferEntry, places map[string]quartier.Place, topics []string, sorted func(map[string]OfferEntry) []string) {
	t.Helper()
	ctx := opCtx()
	words := func(n int) string {
		var ws []string
		for range n {
			ws = append(ws, patchWords[r.Intn(len(patchWords))])
		}
		return strings.Join(ws, " ")
	}
	placeKeys := slices.Sorted(func(yield func(string) bool) {
		for k, p := range places {
			if !p.Confidential && !yield(k) {
				return
			}
		}
	})
	keys := sorted(offers)
	switch k := r.Intn(9); {
	case k < 5: // an offer edited
		e := offers[keys[r.Intn(len(keys))]]
		switch r.Intn(7) {
		case 0:
			e.Name = words(1 + r.Intn(3))
		case 1:
			e.Description = words(5)
		case 2:
			e.Status = []quartier.OfferStatus{quartier.OfferActive, quartier.OfferPaused, quartier.OfferEnded}[r.Intn(3)]
		case 3:
			e.Topics = []string{topics[r.Intn(len(topics))]}
		case 4:
			e.PlaceKeys = []string{placeKeys[r.Intn(len(placeKeys))]}
		case 5:
			e.Languages = [][]string{nil, {"tr"}, {"ar", "en"}}[r.Intn(3)]
		case 6:
			lo, hi := r.Intn(15), 15+r.Intn(15)
			e.MinAge, e.MaxAge = &lo, &hi
			if r.Intn(3) == 0 {
				e.MaxAge = nil
			}
		}
		saved, err := a.SaveOffer(ctx, OfferEdit{OfferEntry: e})
		if err != nil {
			t.Fatalf("save offer %s: %v %v", e.Key, err, quartier.ErrorProblems(err))
		}
		e.Offer = *saved
		offers[e.Key] = e
	case k < 7: // a place edited
		p := places[placeKeys[r.Intn(len(placeKeys))]]
		switch r.Intn(4) {
		case 3:
			p.Accessibility = [][]string{nil, {"aufzug"}, {"stufenlos", "rollstuhl-wc"}}[r.Intn(3)]
			p.AccessibilityNote, p.ContactPath = []string{"", "Rampe am Hintereingang"}[r.Intn(2)], []string{"", "über das Büro"}[r.Intn(2)]
		case 0:
			p.Name = words(2)
		case 1:
			p.Street, p.Postcode = words(1)+"straße", fmt.Sprint(10000+r.Intn(5))
		case 2:
			p.X, p.Y = cellCenter(r.Intn(3), r.Intn(3))
			p.Block, p.Space = "", ""
		}
		saved, err := a.SavePlace(ctx, PlaceEdit{Place: p})
		if err != nil {
			t.Fatalf("save place %s: %v %v", p.Key, err, quartier.ErrorProblems(err))
		}
		places[p.Key] = *saved
	case k < 8: // a new offer
		e := OfferEntry{Offer: quartier.Offer{Name: words(1 + r.Intn(3)), Description: words(6), Topics: []string{topics[r.Intn(len(topics))]},
			Status: quartier.OfferActive, Provider: "awo"}, PlaceKeys: []string{placeKeys[r.Intn(len(placeKeys))]}}
		saved, err := a.SaveOffer(ctx, OfferEdit{OfferEntry: e, New: true})
		if err != nil {
			t.Fatalf("new offer: %v %v", err, quartier.ErrorProblems(err))
		}
		e.Offer = *saved
		offers[e.Key] = e
	default: // a new place
		x, y := cellCenter(r.Intn(3), r.Intn(3))
		p := quartier.Place{Name: words(2), Street: words(1) + "weg", HouseNumber: "1", Postcode: "10559", City: "Berlin", X: x + 10, Y: y + 10}
		saved, err := a.SavePlace(ctx, PlaceEdit{Place: p, New: true})
		if err != nil {
			t.Fatalf("new place: %v %v", err, quartier.ErrorProblems(err))
		}
		places[saved.Key] = *saved
	}
}

// publicationText is what a publication lists, in short.
func publicationText(p *Publication) string {
	var b strings.Builder
	fmt.Fprintf(&b, "publisher %v;", p.Publisher())
	for i := range p.Offers() {
		o := p.Offer(i)
		fmt.Fprintf(&b, " %s %s %v %v %v %s %v;", o.Key, o.Provider, o.Topics, o.TargetGroups, o.Places, o.Modified.Format(time.RFC3339Nano), p.OfferPlaces(i))
		if p.OfferKey(i) != o.Key || p.OfferProvider(i) != o.Provider {
			fmt.Fprintf(&b, " key/provider of %d: %s %s", i, p.OfferKey(i), p.OfferProvider(i))
		}
		if j, ok := p.OfferPosition(o.Key); !ok || j != i {
			fmt.Fprintf(&b, " position of %s: %d %v", o.Key, j, ok)
		}
	}
	for i := range p.Places() {
		l := p.Place(i)
		fmt.Fprintf(&b, " %s %s;", l.Key, l.Provider)
		if j, ok := p.PlacePosition(l.Key); !ok || j != i {
			fmt.Fprintf(&b, " position of %s: %d %v", l.Key, j, ok)
		}
	}
	for _, pr := range p.Providers() {
		b.WriteString(" " + pr.Code)
	}
	return b.String()
}

// resultText is a result in short: total, hits with scores, facet counts.
func resultText(r *SearchResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "total %d sort %s:", r.Total, r.Sort)
	for _, h := range r.Hits {
		fmt.Fprintf(&b, " %s(%.4g)", h.Offer.Key, h.Score)
	}
	for _, f := range r.Facets {
		fmt.Fprintf(&b, " | %s", f.Name)
		for _, v := range f.Values {
			fmt.Fprintf(&b, " %s=%d", v.Code, v.Count)
		}
	}
	return b.String()
}

// Searches running while edits patch the snapshot see one snapshot or the
// next, never a half-patched one (run with -race).
func TestPatchWhileSearching(t *testing.T) {
	a := goldenCity(t)
	ctx := opCtx()
	imp := goldenAtlas()
	stop := make(chan struct{})
	errs := make(chan error, 4)
	for i := range 4 {
		go func() {
			for {
				select {
				case <-stop:
					errs <- nil
					return
				default:
				}
				r, err := a.Search(context.Background(), SearchRequest{Text: []string{"Beratung", "Kita", "", "Zebrakurs"}[i]})
				if err == nil && r.Total < len(r.Hits) {
					err = fmt.Errorf("total %d < %d hits", r.Total, len(r.Hits))
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for i := range 20 {
		e := imp.Offers[i%len(imp.Offers)]
		e.Name = fmt.Sprintf("Zebrakurs %d", i)
		if _, err := a.SaveOffer(ctx, OfferEdit{OfferEntry: e}); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	r, err := a.Search(ctx, SearchRequest{Text: "Zebrakurs"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Total == 0 {
		t.Error("edits not found")
	}
}

// After an edit, a page served before is not read from the store again:
// the patched snapshot keeps the whole offers of the pages served, but
// for the edited one, which the patch read anyway.
func TestPatchKeepsShownPages(t *testing.T) {
	a := goldenCity(t)
	whole, read := 0, [][]int64{}
	a.store = offerReads{a.store, &whole, &read}
	first, err := a.Search(context.Background(), SearchRequest{PerPage: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(read) == 0 {
		t.Fatal("the first page read no offers")
	}
	imp := goldenAtlas()
	e := imp.Offers[0]
	e.Name += " Zebrakurs"
	if _, err := a.SaveOffer(opCtx(), OfferEdit{OfferEntry: e}); err != nil {
		t.Fatal(err)
	}
	read = nil
	again, err := a.Search(context.Background(), SearchRequest{PerPage: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(read) != 0 {
		t.Errorf("the page read offers %v again after an edit of one", read)
	}
	if len(again.Hits) != len(first.Hits) {
		t.Fatalf("%d hits, before %d", len(again.Hits), len(first.Hits))
	}
	found := false
	for _, h := range again.Hits {
		found = found || h.Offer.Key == e.Key && strings.HasSuffix(h.Offer.Name, "Zebrakurs")
	}
	if !found {
		t.Errorf("the edited offer %s is not shown as edited", e.Key)
	}
}
