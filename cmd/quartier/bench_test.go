package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// `quartier bench monitoring` reaches the index bench with its size; the
// peer is left out here (internal/bench tests it against PostgreSQL).
func TestBenchMonitoring(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"bench", "monitoring", "--areas", "300", "--postgres", ""}, strings.NewReader(""), &out, &errOut); err != nil {
		t.Fatalf("%v\n%s", err, errOut.String())
	}
	for _, want := range []string{"index over 300 areas × 20 indicators", "index 300 × 20, ours (monitoring.Compute)", "SQL peer on PostgreSQL: skipped"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("missing %q in:\n%s", want, out.String())
		}
	}
}
