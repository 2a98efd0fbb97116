package hsds

import (
	"fmt"
	"strings"
	"testing"
)

// TestIDIndexFinds checks the index against the ids it was built from:
// every service at its position, the first of a repeated key, a foreign
// key's own UUID, and nothing for ids written otherwise or unknown.
func TestIDIndexFinds(t *testing.T) {
	keys := make([]string, 5000)
	for i := range keys {
		keys[i] = fmt.Sprintf("k%d", i*7919%5000)
	}
	keys[4000] = keys[17] // repeated: position 17 wins
	foreign := foreignPrefix + "0f8fad5bd9cb469fa16570867728950e"
	keys[4001] = foreign
	x := ServiceIndex(len(keys), func(i int) string { return keys[i] })
	for i, k := range keys {
		want := i
		if i == 4000 {
			want = 17
		}
		id := keyID("service", k)
		if got, ok := x.Find(id); !ok || got != want {
			t.Fatalf("Find(%s) of %q = %d, %v; want %d", id, k, got, ok, want)
		}
	}
	if got, ok := x.Find("0f8fad5b-d9cb-469f-a165-70867728950e"); !ok || got != 4001 {
		t.Errorf("foreign id: %d, %v", got, ok)
	}
	for _, id := range []string{strings.ToUpper(keyID("service", keys[3])), "0f8fad5bd9cb469fa16570867728950e", newID("service", "unknown"), newID("location", keys[3]), ""} {
		if got, ok := x.Find(id); ok {
			t.Errorf("Find(%q) = %d, want none", id, got)
		}
	}
}

// BenchmarkServiceIndex builds the id index of 100,000 services, what the
// first /services/{id} of a snapshot waits for.
func BenchmarkServiceIndex(b *testing.B) {
	keys := make([]string, 100_000)
	for i := range keys {
		keys[i] = fmt.Sprintf("bsp-o%06d", i)
	}
	for b.Loop() {
		ServiceIndex(len(keys), func(i int) string { return keys[i] })
	}
}
