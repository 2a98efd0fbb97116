package audit

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/testdb"
)

// TestTallyBoundsAnonymousEntries: whatever anonymous clients repeat, the
// log grows by a bounded number of entries per window, and the counts add
// up to every event.
func TestTallyBoundsAnonymousEntries(t *testing.T) {
	st, _ := testdb.Open(t)
	var mu sync.Mutex
	now := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	a := New(st, Options{Now: clock})
	defer a.Close()
	anon := WithRemote(context.Background(), "192.0.2.1")
	for range 1000 {
		a.DeniedAnonymous(anon, "GET /admin/konten")
	}
	es, err := a.Entries(opCtx(), quartier.AuditFilter{Action: "signin.required", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 2 || !strings.Contains(es[0].Detail+es[1].Detail, "999 weitere") {
		t.Fatalf("1,000 repeats gave %d entries: %+v", len(es), es)
	}

	// Many addresses: the kinds per window are capped.
	mu.Lock()
	now = now.Add(2 * tallyWindow)
	mu.Unlock()
	for i := range 5000 {
		ctx := WithRemote(context.Background(), "198.51.100."+strconv.Itoa(i))
		a.DeniedAnonymous(ctx, "GET /admin/konten")
		a.DeniedAnonymous(ctx, "GET /admin/konten")
	}
	es, err = a.Entries(opCtx(), quartier.AuditFilter{Action: "signin.required", Limit: 10000})
	if err != nil {
		t.Fatal(err)
	}
	added := len(es) - 2
	if added > 2*tallyMaxKinds+2 {
		t.Fatalf("10,000 requests from 5,000 addresses wrote %d entries, bound %d", added, 2*tallyMaxKinds+2)
	}
	total := 0
	for _, e := range es[2:] { // oldest first
		n := 1
		if _, rest, ok := strings.Cut(e.Detail, "; "); ok || strings.Contains(e.Detail, "weitere gleiche") {
			if !ok {
				rest = e.Detail
			}
			n, _ = strconv.Atoi(strings.Fields(rest)[0])
		}
		total += n
	}
	if total != 10000 {
		t.Fatalf("the entries count %d events, want 10,000", total)
	}
}
