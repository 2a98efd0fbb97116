package demo

import (
	"context"
	"strings"
	"testing"

	"github.com/quartier/quartier/internal/atlas"
	"github.com/quartier/quartier/internal/services"
)

// testDemoSearch asks the real Berlin atlas what families and
// professionals ask: the answers must be about the words, in the place
// asked for, and without any shelter's address.
func testDemoSearch(t *testing.T, a *services.Set) {
	ctx := context.Background()
	search := func(req atlas.SearchRequest) *atlas.SearchResult {
		t.Helper()
		req.PerPage = 100
		r, err := a.Atlas.Search(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	hasName := func(r *atlas.SearchResult, part string) bool {
		for _, h := range r.Hits {
			if strings.Contains(h.Offer.Name, part) {
				return true
			}
		}
		return false
	}
	// Variant spellings meet: "Jugendklub" finds the youth centres and the
	// example clubs spelled "Jugendclub" or "Jugendtreff".
	r := search(atlas.SearchRequest{Text: "Jugendklub"})
	if r.Total < 300 || !hasName(r, "Jugendclub") || !hasName(r, "Jugendtreff") {
		t.Errorf("Jugendklub: %d hits", r.Total)
	}
	if a, b := search(atlas.SearchRequest{Text: "Fussball"}).Total, search(atlas.SearchRequest{Text: "Fußball"}).Total; a == 0 || a != b {
		t.Errorf("Fussball %d, Fußball %d", a, b)
	}
	// Search that forgives German, on the real lists: their addresses are
	// written "…str.", a plural of a synonym expands like the entry, and a
	// Kita whose name ends in a number comes first for that number.
	total := func(q string) int { return search(atlas.SearchRequest{Text: q}).Total }
	if s, ss, str := total("Schwedter Straße"), total("Schwedter Strasse"), total("Schwedter Str."); s < 3 || s != ss || s != str {
		t.Errorf("Schwedter Straße %d, Strasse %d, Str. %d", s, ss, str)
	}
	if jfe, plural, zentren := total("JFE"), total("JFEs"), total("Jugendzentren"); plural != jfe || zentren < jfe {
		t.Errorf("JFE %d, JFEs %d, Jugendzentren %d", jfe, plural, zentren)
	}
	if r := search(atlas.SearchRequest{Text: "Kita Kunterbunt 2"}); len(r.Hits) == 0 || r.Hits[0].Offer.Name != "Kita Kunterbunt 2" {
		t.Errorf("Kita Kunterbunt 2: %d hits, not first", r.Total)
	}
	// "Kitas" in a named space: every hit is a Kita of that space.
	spaces := map[string]string{}
	for _, f := range search(atlas.SearchRequest{}).Facets {
		if f.Name == atlas.FacetSpace {
			for _, v := range f.Values {
				spaces[v.Label] = v.Code
			}
		}
	}
	code := spaces["Gesundbrunnen"]
	r = search(atlas.SearchRequest{Text: "Kitas", Spaces: []string{code}})
	if r.Total < 20 {
		t.Errorf("Kitas in Gesundbrunnen: %d", r.Total)
	}
	for _, h := range r.Hits {
		in := false
		for _, p := range h.Places {
			in = in || string(p.Space) == code
		}
		if !in || !strings.Contains(strings.Join(h.Offer.Topics, ","), "kita") && !strings.Contains(h.Offer.Name, "Kita") {
			t.Errorf("Kitas in Gesundbrunnen: %s (%v)", h.Offer.Name, h.Offer.Topics)
		}
	}
	// An address: the youth centre at Schwedter Str. 234 is the nearest.
	o, err := a.Atlas.OriginFromAddress(ctx, "Schwedter Str. 234, 10435")
	if err != nil {
		t.Fatal(err)
	}
	r = search(atlas.SearchRequest{Near: &o.Point, Radius: 1000, Text: "Freizeit"})
	if len(r.Hits) == 0 || r.Hits[0].Offer.Name != "Freizeithaus am Mauerpark" || r.Hits[0].Distance > 1 {
		t.Errorf("nearest to Schwedter Str. 234: %+v", r.Hits[:min(1, len(r.Hits))])
	}
	// Shelters are found by what they offer, never by where they are.
	r = search(atlas.SearchRequest{Text: "Frauenhaus"})
	if r.Total == 0 {
		t.Fatal("no shelter in the demo")
	}
	for _, h := range r.Hits {
		for _, p := range h.Places {
			if p.Confidential && (p.Street != "" || p.HasPoint() || p.Space != "") {
				t.Errorf("%s: confidential place located for the public", h.Offer.Name)
			}
		}
	}
}
