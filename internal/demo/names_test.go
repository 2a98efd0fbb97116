package demo

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/atlas"
	"github.com/quartier/quartier/internal/services"
	"github.com/quartier/quartier/internal/textde"
)

// loadDemoAtlas builds what the atlas of the demo city needs and no more
// (no streets, population, monitoring or budgets): a few seconds instead
// of the whole demo.
func loadDemoAtlas(t *testing.T) *services.Set {
	t.Helper()
	a := emptyApp(t)
	ctx := quartier.WithActor(context.Background(), quartier.Operator())
	if err := loadLayers(ctx, a, nil); err != nil {
		t.Fatal(err)
	}
	setup, err := Setup(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Spatial.ImportSetup(ctx, setup); err != nil {
		t.Fatal(err)
	}
	if err := loadAtlas(ctx, a, nil); err != nil {
		t.Fatalf("%v %v", err, quartier.ErrorProblems(err))
	}
	return a
}

// The demo's Berlin names (berlinNames) on the real lists: a name as
// people say it finds the offers whose texts hold the name the atlas
// writes (in the name, description, provider, place name, address or area
// names): what the lists and their places say, not what the search says.
func TestDemoBerlinNames(t *testing.T) {
	a := loadDemoAtlas(t)
	ctx := context.Background()
	search := func(q string, each func(atlas.SearchHit)) {
		t.Helper()
		for page := 1; ; page++ {
			r, err := a.Atlas.Search(ctx, atlas.SearchRequest{Text: q, PerPage: 100, Page: page, NoFacets: true})
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range r.Hits {
				each(h)
			}
			if page >= r.Pages {
				return
			}
		}
	}
	keys := func(q string) []string {
		t.Helper()
		var out []string
		search(q, func(h atlas.SearchHit) { out = append(out, h.Offer.Key) })
		slices.Sort(out)
		return out
	}
	// Every offer's text, folded, and the areas of its places.
	texts, blocks := map[string]string{}, map[string][]string{}
	search("", func(h atlas.SearchHit) {
		s := []string{h.Offer.Name, h.Offer.Description, h.Provider}
		for _, p := range h.Places {
			s = append(s, p.Name, p.Street, p.Postcode, p.SpaceName, p.BlockName)
			blocks[h.Offer.Key] = append(blocks[h.Offer.Key], p.BlockName)
		}
		var words []string
		for _, w := range strings.FieldsFunc(strings.Join(s, " "), func(r rune) bool { return r == ' ' || r == '.' || r == ',' }) {
			words = append(words, textde.Fold(w))
		}
		texts[h.Offer.Key] = strings.Join(words, " ")
	})
	holding := func(all bool, words ...string) []string {
		var out []string
		for k, text := range texts {
			n := 0
			for _, w := range words {
				if strings.Contains(text, textde.Fold(w)) {
					n++
				}
			}
			if all && n == len(words) || !all && n > 0 {
				out = append(out, k)
			}
		}
		slices.Sort(out)
		return out
	}
	for said, want := range map[string][]string{
		"Xberg": holding(true, "Kreuzberg"), "X-Berg": holding(true, "Kreuzberg"), "Schöneberch": holding(true, "Schöneberg"),
		"F'hain": holding(true, "Friedrichshain"), "Fhain": holding(true, "Friedrichshain"),
		"Prenzlberg": holding(true, "Prenzlauer", "Berg"), "P'berg": holding(true, "Prenzlauer", "Berg"),
		"Prenzl. Berg": append(holding(true, "Prenzlauer", "Berg"), holding(true, "Prenzl", "Berg")...),
		"SO36":         holding(false, "10997", "10999"),
	} {
		slices.Sort(want)
		if got := keys(said); len(want) == 0 || !slices.Equal(got, slices.Compact(want)) {
			t.Errorf("%s: %d offers, want %d", said, len(got), len(want))
		}
	}
	// Kreuzkölln: the offers in the planning areas Reuterplatz,
	// Maybachufer and Weichselplatz, where the lists' coordinates place
	// them.
	var want []string
	for k, bs := range blocks {
		if slices.ContainsFunc(bs, func(b string) bool { return b == "Reuterplatz" || b == "Maybachufer" || b == "Weichselplatz" }) {
			want = append(want, k)
		}
	}
	slices.Sort(want)
	if got := keys("Kreuzkölln"); len(want) < 10 || !slices.Equal(got, want) {
		t.Errorf("Kreuzkölln: %q, want the %d offers of Reuterplatz, Maybachufer, Weichselplatz %q", got, len(want), want)
	}
}
