package monitoring

import (
	"math"
	"testing"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/testcity"
)

// TestCountsTurnSharesIntoPeople: counts stay counts; a share delivered
// without counts becomes share × residents, block by block (west: 1 % of
// 100 + 2 % of 200 + 3 % of 50 = 6.5 people).
func TestCountsTurnSharesIntoPeople(t *testing.T) {
	c := newCity(t)
	ctx := testcity.Operator()
	counts, _, err := c.mon.Counts(ctx, "quote", "spalte", d2020)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]AreaCount{}
	for _, x := range counts {
		got[x.Area] = x
	}
	if w := got["west"]; math.Abs(w.Count-6.5) > 1e-9 || !w.Derived {
		t.Errorf("west: %+v, want 6.5 people, derived", w)
	}
	kids, _, err := c.mon.Counts(ctx, "kinder", "spalte", d2020)
	if err != nil || len(kids) != 3 {
		t.Fatal(err)
	}
	for _, k := range kids {
		if k.Area == "west" && (k.Count != 60 || k.Derived) {
			t.Errorf("kinder west: %+v", k)
		}
	}
	if _, _, err := c.mon.Counts(testcity.Role(quartier.RoleCommittee), "kinder", "spalte", d2020); quartier.ErrorCode(err) != quartier.EFORBIDDEN {
		t.Errorf("committee: %v", err)
	}
}
