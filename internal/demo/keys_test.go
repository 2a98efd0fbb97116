package demo

import (
	"slices"
	"strings"
	"testing"
)

// keyed is an atlas entry as the public sees it: its key (in every URL,
// shelters' included) and, for public entries, its space.
type keyed struct {
	key, space   string
	confidential bool
}

// testKeysTellNoSpace checks that the key of a confidential entry does
// not give its space away. Keys are public — /atlas/orte/KEY is the
// shelter's own page — and the public entries' spaces are public too, so
// a key numbered in the same run as its public neighbours, which the
// generator writes space by space, says the shelter lies in the space of
// the entries numbered just before and after it (found by the security
// probe: bsp-p000026 between bsp-p000025 and bsp-p000027, both in 0240
// and 0250).
func testKeysTellNoSpace(t *testing.T, what string, entries []keyed) {
	t.Helper()
	slices.SortFunc(entries, func(a, b keyed) int { return strings.Compare(a.key, b.key) })
	neighbour := func(i, step int) *keyed {
		for j := i + step; j >= 0 && j < len(entries); j += step {
			if !entries[j].confidential {
				return &entries[j]
			}
		}
		return nil
	}
	for i, e := range entries {
		if !e.confidential {
			continue
		}
		for _, n := range []*keyed{neighbour(i, -1), neighbour(i, 1)} {
			if n != nil && n.space == e.space {
				t.Errorf("%s %s lies in the key order next to %s of the same space %s: its key tells where it is", what, e.key, n.key, e.space)
			}
		}
	}
}
