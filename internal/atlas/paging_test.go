package atlas

import (
	"context"
	"math"
	"testing"

	"github.com/quartier/quartier/internal/memtest"
	"github.com/quartier/quartier/internal/search"
)

// TestSearchPagingIsBoundedByHits calls the use case directly, as any
// caller may: whatever page and page size it asks for, a search costs what
// its hits cost. A page beyond the last is empty; out-of-range sizes are
// clamped.
func TestSearchPagingIsBoundedByHits(t *testing.T) {
	a := goldenCity(t) // 43 current offers
	// The first search builds what the snapshot builds on first use.
	if _, err := a.Search(context.Background(), SearchRequest{}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		page, perPage           int
		wantPage, wantPer, hits int
	}{
		{1 << 31, 0, 1 << 31, 20, 0},
		{math.MaxInt, math.MaxInt, math.MaxInt, 100, 0},
		{math.MaxInt / 20, 20, math.MaxInt / 20, 20, 0},
		{-5, -5, 1, 20, 20},
		{3, 20, 3, 20, 3},
		{4, 20, 4, 20, 0},
		{1, 1 << 40, 1, 100, 43},
	} {
		var res *SearchResult
		var err error
		alloc := memtest.Allocated(func() {
			res, err = a.Search(context.Background(), SearchRequest{Page: c.page, PerPage: c.perPage, NoFacets: true})
		})
		if err != nil {
			t.Fatalf("page %d × %d: %v", c.page, c.perPage, err)
		}
		if res.Page != c.wantPage || res.PerPage != c.wantPer || len(res.Hits) != c.hits || res.Total != 43 || res.Pages != (43+c.wantPer-1)/c.wantPer {
			t.Errorf("page %d × %d: page %d × %d, %d hits of %d in %d pages", c.page, c.perPage, res.Page, res.PerPage, len(res.Hits), res.Total, res.Pages)
		}
		if alloc > 1<<20 {
			t.Errorf("page %d × %d allocated %d KB", c.page, c.perPage, alloc>>10)
		}
	}
	// The heap of the top k holds at most the hits, whatever k is.
	set := search.NewBitset(64)
	set.Set(3)
	set.Set(7)
	if alloc := memtest.Allocated(func() { topK(set, 1<<40, func(d uint32) float64 { return float64(d) }, nil) }); alloc > 1<<10 {
		t.Errorf("topK of 2 hits with k=2^40 allocated %d bytes", alloc)
	}
}
