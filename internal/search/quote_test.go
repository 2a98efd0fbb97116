package search

import (
	"slices"
	"testing"

	"github.com/quartier/quartier/internal/textde"
)

func TestQuotedPhrases(t *testing.T) {
	for q, want := range map[string][]string{
		`offene Tür`:                 nil,
		`"offene Tür"`:               {"offene Tür"},
		`„offene Tür“ Kreuzberg`:     {"offene Tür"},
		`»Bunte Kuh« "Haus der`:      {"Bunte Kuh", "Haus der"},
		`Ku'damm “Eltern Kind” Café`: {"Eltern Kind"},
	} {
		if got := quotedPhrases(q); !slices.Equal(got, want) {
			t.Errorf("%s: %q, want %q", q, got, want)
		}
	}
}

// Quotes narrow to the documents holding the words together in a phrase
// field, and leave the buffers clean for the next query (a quoted phrase
// of one unit narrows the set its scores were written at).
func TestQuotedAdjacent(t *testing.T) {
	docs := [][2]string{
		{"Haus der offenen Tür", "Treff"},
		{"Jugendclub", "Die Tür ist offen"},
		{"Tür offen", "Treff"},
		{"Eltern-Kind-Gruppe", "Spielen"},
		{"Beratung für Kinder und Eltern", "Sprechstunde"},
	}
	b := NewBuilder(textde.NewAnalyzer(), 3, 1)
	b.SetPhrase(0)
	for _, d := range docs {
		b.Add(d[0], d[1])
	}
	ix := b.Build()
	for q, want := range map[string][]string{
		`offene Tür`:      {"Haus der offenen Tür", "Tür offen", "Jugendclub"},
		`"offene Tür"`:    {"Haus der offenen Tür"},
		`„Tür offen“`:     {"Tür offen"},
		`"Eltern Kind"`:   {"Eltern-Kind-Gruppe"},
		`"Kinder Eltern"`: {"Beratung für Kinder und Eltern"},
		`"Eltern-Kind"`:   {"Eltern-Kind-Gruppe"},
		`"Treff Tür"`:     nil,
	} {
		got := hits(ix, docs, q, nil)
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: %q, want %q", q, got, want)
		}
		// Release clears the scores where they were written.
		m := ix.Match(q, nil)
		for d, s := range m.Scores {
			if s != 0 && !m.written.Has(uint32(d)) {
				t.Errorf("%s: score %g at document %d, which Release leaves", q, s, d)
			}
		}
		m.Release()
	}
}
