package bench

import (
	"context"
	"fmt"
	"runtime"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/atlas"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/services"
)

// reviewReps is how often atlasReview verifies and accepts; importReps how
// often it imports its 50 offers. Few: before issue 16's partial states
// each of them read the whole atlas (seconds at 100,000 offers).
const (
	reviewReps = 5
	importReps = 3
	importSize = 50
)

// atlasReview times the writes that read the whole atlas until they ran on
// partial states: an entry verified, a suggested correction accepted, an
// HSDS-sized import of 50 changed offers. Each line gives the p50 and what
// one write allocated (runtime.MemStats.TotalAlloc).
func atlasReview(ctx context.Context, rep *report, a *services.Set) error {
	op := quartier.WithActor(ctx, quartier.Operator())
	res, err := a.Atlas.Search(context.Background(), atlas.SearchRequest{Text: "Kinder", PerPage: importSize})
	if err != nil {
		return err
	}
	if len(res.Hits) < importSize {
		return fmt.Errorf("atlas review: %d offers found, want %d", len(res.Hits), importSize)
	}
	entries := make([]atlas.OfferEntry, importSize)
	for i, h := range res.Hits {
		d, err := a.Atlas.Offer(op, h.Offer.Key)
		if err != nil {
			return err
		}
		entries[i] = atlas.OfferEntry{Offer: d.Offer}
		for _, p := range d.Places {
			entries[i].PlaceKeys = append(entries[i].PlaceKeys, p.Key)
		}
	}
	timed := func(what string, n int, write func(i int) error) error {
		runtime.GC()
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		ds := make([]time.Duration, n)
		for i := range n {
			t0 := time.Now()
			if err := write(i); err != nil {
				return fmt.Errorf("%s: %w", what, err)
			}
			ds[i] = time.Since(t0)
		}
		runtime.ReadMemStats(&m1)
		p50, _ := percentiles(ds)
		rep.line(fmt.Sprintf("%s, %d×", what, n), fmt.Sprintf("p50 %s, %.1f MB alloc/op", p50.Round(100*time.Microsecond), float64(m1.TotalAlloc-m0.TotalAlloc)/float64(n)/1e6), "")
		return nil
	}
	if err := timed("atlas verify (one offer)", reviewReps, func(i int) error {
		return a.Atlas.Verify(op, quartier.EntityOffer, entries[i].Key)
	}); err != nil {
		return err
	}
	ids := make([]int64, reviewReps)
	for i := range ids {
		// One sender each: at most 10 suggestions per client and hour.
		from := audit.WithRemote(ctx, fmt.Sprintf("198.51.100.%d", 100+i))
		s, err := a.Atlas.SubmitSuggestion(from, quartier.Suggestion{Kind: quartier.SuggestCorrection, EntityKind: quartier.EntityOffer, EntityKey: entries[i].Key, Message: "Neuer Name"})
		if err != nil {
			return err
		}
		ids[i] = s.ID
	}
	if err := timed("atlas accept a suggested correction", reviewReps, func(i int) error {
		e := entries[i]
		e.Name += " (korrigiert)"
		return a.Atlas.AcceptSuggestion(op, ids[i], atlas.Accept{Offer: &atlas.OfferEdit{OfferEntry: e}})
	}); err != nil {
		return err
	}
	if err := timed(fmt.Sprintf("atlas import of %d changed offers", importSize), importReps, func(i int) error {
		imp := atlas.Import{Source: "Bench"}
		for _, e := range entries {
			e.Description += fmt.Sprintf(" Stand %d.", i)
			imp.Offers = append(imp.Offers, e)
		}
		_, err := a.Atlas.ImportAtlas(op, imp)
		return err
	}); err != nil {
		return err
	}
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	rep.line("  process heap in use after them", fmt.Sprintf("%.0f MB", float64(m.HeapInuse)/1e6), "")
	return nil
}
