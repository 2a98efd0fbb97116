package monitoring

import (
	"testing"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/testcity"
)

// TestAreaSeriesDenialAudited: a reader of one space asking for the series
// of an area outside it is refused, and the refusal is in the audit log
// like every denial inside a use case (it was answered without an entry).
func TestAreaSeriesDenialAudited(t *testing.T) {
	c := newCity(t)
	before := c.entries(t, string(quartier.PermReadIndicators))
	west := testcity.Role(quartier.RolePlanner, "west")
	if _, err := c.mon.AreaSeries(west, "kinder", "blk", "r0c2"); quartier.ErrorCode(err) != quartier.EFORBIDDEN {
		t.Fatalf("series outside the reader's space: %v", err)
	}
	if n := c.entries(t, string(quartier.PermReadIndicators)) - before; n != 1 {
		t.Errorf("%d denial entries, want 1", n)
	}
}
