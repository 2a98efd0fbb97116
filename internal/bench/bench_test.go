package bench

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/atlas"
	"github.com/quartier/quartier/internal/demo"
)

// TestRunSmall runs the bench end to end with few points and without the
// process and PostGIS parts, so the command cannot rot unnoticed. Figures
// are printed, never asserted: timings do not belong in unit tests.
func TestRunSmall(t *testing.T) {
	var out bytes.Buffer
	if err := Run(context.Background(), &out, Options{Lookups: 20000, JoinPoints: 5000, Requests: 50, AtlasOffers: 3000, LoadTime: 300 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"block index memory", "lookups/s", "bulk join 5000 points", "PostGIS comparison: skipped", "argon2id verify", "32 clients: entry queued (default)", "32 clients: reader waits for commit",
		"atlas search, words + facets + page", "then visible in search (snapshot patched)", "SQLite FTS5 (bm25)", "HTTP /atlas?q=",
		"wrong sign-ins, 80 clients: passwords checked", "wrong sign-ins, 80 clients: peak RSS",
		"HSDS GET /api/hsds/export.json (in process, 32 clients)", "HSDS GET /api/hsds/export.json, Accept-Encoding: gzip",
		"HSDS GET /api/hsds/services/{id}", "peak RSS during the load"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("missing %q in:\n%s", want, out.String())
		}
	}
	// The same plans on FTS5 must count the same hits as the index: the
	// engines agree, or the comparison would be of different searches.
	if strings.Contains(out.String(), "differs:") || strings.Contains(out.String(), "failed") {
		t.Errorf("engines disagree or a figure failed:\n%s", out.String())
	}
	t.Log("\n" + out.String())
}

// BenchmarkAtlasSearch times the atlas search (words, facets, a page of
// 20) over a generated atlas of 20,000 offers (QUARTIER_BENCH_ATLAS sets
// another size, for a profile at 100,000), one sub-benchmark per query
// class; `quartier bench` runs the 100,000-offer case with percentiles.
func BenchmarkAtlasSearch(b *testing.B) {
	ctx := context.Background()
	a, done, err := demoApp(ctx, filepath.Join(b.TempDir(), "atlas.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer done()
	n := 20_000
	if v, err := strconv.Atoi(os.Getenv("QUARTIER_BENCH_ATLAS")); err == nil && v > 0 {
		n = v
	}
	if _, err := a.Atlas.ImportAtlas(quartier.WithActor(ctx, quartier.Operator()), demo.GenerateAtlas(a.Spatial.Locator(), demo.GenerateOptions{Offers: n, Seed: 1})); err != nil {
		b.Fatal(err)
	}
	if _, err := a.Atlas.Search(ctx, atlas.SearchRequest{}); err != nil { // builds the snapshot
		b.Fatal(err)
	}
	for _, class := range []demo.QueryClass{demo.QueryBroad, demo.QueryMedium, demo.QueryNarrow} {
		var qs []string
		for _, q := range demo.SearchQueries() {
			if q.Class == class {
				qs = append(qs, q.Text)
			}
		}
		b.Run(string(class), func(b *testing.B) {
			i := 0
			cpu := processCPU()
			for b.Loop() {
				if _, err := a.Atlas.Search(ctx, atlas.SearchRequest{Text: qs[i%len(qs)]}); err != nil {
					b.Fatal(err)
				}
				i++
			}
			b.ReportMetric(float64(processCPU()-cpu)/float64(b.N), "cpu-ns/op")
		})
	}
	// A search as the facet list leaves it: the medium queries with a
	// topic and a space chosen, so that the facets count over sets of
	// their own (the way a family narrows a search).
	all, err := a.Atlas.Search(ctx, atlas.SearchRequest{})
	if err != nil {
		b.Fatal(err)
	}
	chosen := map[string]string{}
	for _, f := range all.Facets {
		if len(f.Values) > 0 {
			chosen[f.Name] = f.Values[len(f.Values)/2].Code
		}
	}
	b.Run("filtered", func(b *testing.B) {
		var qs []string
		for _, q := range demo.SearchQueries() {
			if q.Class == demo.QueryMedium {
				qs = append(qs, q.Text)
			}
		}
		i := 0
		cpu := processCPU()
		for b.Loop() {
			req := atlas.SearchRequest{Text: qs[i%len(qs)], Topics: []string{chosen[atlas.FacetTopic]}, Spaces: []string{chosen[atlas.FacetSpace]}}
			if _, err := a.Atlas.Search(ctx, req); err != nil {
				b.Fatal(err)
			}
			i++
		}
		b.ReportMetric(float64(processCPU()-cpu)/float64(b.N), "cpu-ns/op")
	})
	// A first search: the broad and medium queries, each one's pages 1
	// to 10 in turn, so that every page is read from the store once, with
	// the facets counted as the page asks (the latency a first search
	// has; ns/op against cpu-ns/op shows what the overlap of the two
	// hides on a second core).
	var firsts []string
	for _, q := range demo.SearchQueries() {
		if q.Class != demo.QueryNarrow {
			firsts = append(firsts, q.Text)
		}
	}
	b.Run("first-page", func(b *testing.B) {
		i := 0
		cpu := processCPU()
		for b.Loop() {
			if _, err := a.Atlas.Search(ctx, atlas.SearchRequest{Text: firsts[i%len(firsts)], Page: 1 + (i/len(firsts))%10}); err != nil {
				b.Fatal(err)
			}
			i++
		}
		b.ReportMetric(float64(processCPU()-cpu)/float64(b.N), "cpu-ns/op")
	})
	// A result page not shown before in the snapshot: its offers and
	// places come from the store. Pages beyond what a snapshot keeps
	// (maxShown) are read every time, so after the first few hundred
	// this is the store's share of a first search.
	b.Run("page-from-store", func(b *testing.B) {
		i := 0
		cpu := processCPU()
		for b.Loop() {
			if _, err := a.Atlas.Search(ctx, atlas.SearchRequest{Page: 1 + i%400}); err != nil {
				b.Fatal(err)
			}
			i++
		}
		b.ReportMetric(float64(processCPU()-cpu)/float64(b.N), "cpu-ns/op")
	})
}

// TestStreetsInProcess runs `quartier bench streets` without processes, so
// that it cannot rot; it imports and looks up Berlin's 401,032 addresses,
// so -short leaves it out.
func TestStreetsInProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("imports Berlin's addresses twice")
	}
	var out bytes.Buffer
	if err := Streets(context.Background(), &out, Options{}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"import streets, 401032 addresses (in process, SQLite)", "bulk lookup, 401032 addresses (in process, SQLite)", "401032 found", "process figures: skipped"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("missing %q in:\n%s", want, out.String())
		}
	}
	t.Log("\n" + out.String())
}

// BenchmarkAtlasEditVisible times what a search waits for after an edit
// of an offer at 20,000 generated offers: the snapshot patched from the
// store's change feed, then the search that finds the edit. The write
// itself (which loads the atlas in its transaction) is not timed;
// `quartier bench` reports both at 100,000 offers.
func BenchmarkAtlasEditVisible(b *testing.B) {
	ctx := context.Background()
	op := quartier.WithActor(ctx, quartier.Operator())
	a, done, err := demoApp(ctx, filepath.Join(b.TempDir(), "atlas.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer done()
	if _, err := a.Atlas.ImportAtlas(op, demo.GenerateAtlas(a.Spatial.Locator(), demo.GenerateOptions{Offers: 20_000, Seed: 1})); err != nil {
		b.Fatal(err)
	}
	res, err := a.Atlas.Search(ctx, atlas.SearchRequest{Text: "Beratung"})
	if err != nil {
		b.Fatal(err)
	}
	d, err := a.Atlas.Offer(op, res.Hits[0].Offer.Key)
	if err != nil {
		b.Fatal(err)
	}
	e := atlas.OfferEdit{OfferEntry: atlas.OfferEntry{Offer: d.Offer}}
	for _, p := range d.Places {
		e.PlaceKeys = append(e.PlaceKeys, p.Key)
	}
	name := e.Name
	i := 0
	for b.Loop() {
		b.StopTimer()
		word := fmt.Sprintf("Zebrakurs%d", i)
		e.Name = name + " " + word
		if _, err := a.Atlas.SaveOffer(op, e); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		r, err := a.Atlas.Search(ctx, atlas.SearchRequest{Text: word})
		if err != nil || r.Total != 1 {
			b.Fatalf("%q: %v, %d hits", word, err, r.Total)
		}
		i++
	}
}
