package spatial

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
)

var tallied = regexp.MustCompile(`(\d+) weitere gleiche Ereignisse`)

// events counts the events that audit entries stand for: one each, plus
// those a tally summary counts.
func events(es []quartier.AuditEntry) int {
	n := 0
	for _, e := range es {
		if m := tallied.FindStringSubmatch(e.Detail); m != nil {
			k, _ := strconv.Atoi(m[1])
			n += k
			continue
		}
		n++
	}
	return n
}

// TestPublicDownloadsAudited: layer exports and bulk lookups are audited;
// a signed-in caller's download is an entry of its own, anonymous ones are
// tallied, so that repeating them does not grow the log at their rate but
// every one is counted.
func TestPublicDownloadsAudited(t *testing.T) {
	a := newApp(t)
	importGrid(t, a, 0, day0)
	composeColumns(t, a, true)
	x, y := cellCenter(1, 1)
	lookup := "x;y\n" + ftoa(x) + ";" + ftoa(y) + "\n" + ftoa(x) + ";" + ftoa(y) + "\n"
	anon := func(i int) context.Context {
		return audit.WithRemote(context.Background(), fmt.Sprintf("192.0.2.%d", i%3))
	}
	for i := range 200 {
		if err := a.ExportBlockTable(anon(i), "spalte", io.Discard); err != nil {
			t.Fatal(err)
		}
		if i%2 == 0 {
			if err := a.ExportGeoJSON(anon(i), "blk", quartier.WGS84, io.Discard); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := a.BulkLookup(anon(i), strings.NewReader(lookup), io.Discard, quartier.UTM33N, nil); err != nil {
			t.Fatal(err)
		}
	}
	planner := quartier.WithActor(audit.WithRemote(context.Background(), "198.51.100.7"), &quartier.Actor{UserID: 9, Login: "planerin",
		Grants: []quartier.Grant{{Role: quartier.RolePlanner, Scope: quartier.Scope{Kind: quartier.ScopeAll}}}})
	if err := a.ExportBlockTable(planner, "spalte", io.Discard); err != nil {
		t.Fatal(err)
	}
	if _, err := a.BulkLookup(planner, strings.NewReader(lookup), io.Discard, quartier.UTM33N, nil); err != nil {
		t.Fatal(err)
	}
	// An unknown layer is no download.
	if err := a.ExportBlockTable(anon(0), "gibtsnicht", io.Discard); quartier.ErrorCode(err) != quartier.ENOTFOUND {
		t.Fatalf("unknown layer: %v", err)
	}
	// A refused (too large) anonymous lookup is a denial.
	big := "x;y\n" + strings.Repeat(ftoa(x)+";"+ftoa(y)+"\n", PublicBulkRows+1)
	for range 3 {
		var out bytes.Buffer
		if _, err := a.BulkLookup(anon(1), strings.NewReader(big), &out, quartier.UTM33N, nil); quartier.ErrorCode(err) != quartier.ETOOLARGE {
			t.Fatalf("over the quota: %v", err)
		}
	}
	if err := a.audit.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	entries := func(action, login, outcome string) []quartier.AuditEntry {
		es, err := a.audit.Entries(opCtx(), quartier.AuditFilter{Action: action, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		var out []quartier.AuditEntry
		for _, e := range es {
			if e.Login == login && e.Outcome == outcome {
				out = append(out, e)
			}
		}
		return out
	}
	for _, c := range []struct {
		action, login, outcome string
		events, maxEntries     int
	}{
		{"layer.export", "anonym", quartier.OutcomeOK, 300, 12}, // 2 layers × 2 formats at most × 3 addresses, first and summary
		{"layer.export", "planerin", quartier.OutcomeOK, 1, 1},
		{"lookup.bulk", "anonym", quartier.OutcomeOK, 200, 6},
		{"lookup.bulk", "planerin", quartier.OutcomeOK, 1, 1},
		{"lookup.bulk", "anonym", quartier.OutcomeDenied, 3, 2},
	} {
		es := entries(c.action, c.login, c.outcome)
		if events(es) != c.events || len(es) > c.maxEntries {
			t.Errorf("%s %s %s: %d entries for %d events, want %d events in at most %d entries", c.action, c.login, c.outcome, len(es), events(es), c.events, c.maxEntries)
		}
	}
	if es := entries("lookup.bulk", "planerin", quartier.OutcomeOK); len(es) == 1 && (es[0].Remote != "198.51.100.7" || !strings.Contains(es[0].Detail, "2 Zeilen")) {
		t.Errorf("the planner's lookup: %+v", es[0])
	}
}
