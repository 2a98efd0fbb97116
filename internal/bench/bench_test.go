package bench

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
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
		"atlas search, words + facets + page", "SQLite FTS5 (bm25)", "HTTP /atlas?q="} {
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
