package main

import (
	"strings"
	"testing"

	"github.com/quartier/quartier"
)

// --bezirk "" clears the Bezirke and stands alone: beside a Bezirk, before
// or after it, it is refused as invalid input; alone it clears; a Bezirk
// the upload form would refuse is refused here too.
func TestRegionsFlag(t *testing.T) {
	for _, c := range []struct {
		args    []string
		cleared bool
		n       int
		err     string
	}{
		{args: []string{""}, cleared: true},
		{args: []string{"Pankow=03", "Mitte=01"}, n: 2},
		{args: []string{"Pankow=03", ""}, cleared: true, n: 1, err: "steht allein"},
		{args: []string{"", "Pankow=03"}, cleared: true, n: 1, err: "steht allein"},
		{args: []string{"Pankow"}, err: "--bezirk"},
	} {
		var f regionsFlag
		for _, a := range c.args {
			if err := f.Set(a); err != nil {
				t.Fatalf("%q: Set returned %v; faults wait for the end of parsing", c.args, err)
			}
		}
		if f.cleared != c.cleared || len(f.list) != c.n {
			t.Errorf("%q: cleared %v, %d Bezirke; want %v, %d", c.args, f.cleared, len(f.list), c.cleared, c.n)
		}
		switch {
		case c.err == "" && f.err != nil:
			t.Errorf("%q: %v", c.args, f.err)
		case c.err != "" && (quartier.ErrorCode(f.err) != quartier.EINVALID || !strings.Contains(quartier.ErrorMessage(f.err), c.err)):
			t.Errorf("%q: fault %v, want one saying %q", c.args, f.err, c.err)
		}
	}
}
