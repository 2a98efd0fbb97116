package demo

import (
	"slices"
	"strings"
	"testing"
)

// The sixth probe's classes on the real lists (internal/atlas,
// golden_gaps4_test.go): a word for young people finds no Kita by its
// provider's name ("Jugend- und Sozialwerk", "Jugendwerk Aufbau Ost": 79
// of 698 hits), a language with "-sprachig" is the language (0 hits),
// what families call day care by a person is Kindertagespflege, a range
// of numbers after a word for people is their ages, English names of
// offers find them.
func TestDemoSearchGaps4(t *testing.T) {
	type hit = demoHit
	young := youngHit
	notKita := func(h hit) bool { return !h.kita() }
	speaks := func(lang string) func(hit) bool {
		return func(h hit) bool { return slices.Contains(h.langs, lang) }
	}
	// (An offer of another topic whose text names Tagesmütter or the
	// Tagespflege is found too.)
	overlaps := func(h hit, lo, hi int) bool {
		return (h.lo == nil || *h.lo <= hi) && (h.hi == nil || *h.hi >= lo)
	}
	dayCare := func(h hit) bool {
		return slices.Contains(h.topics, "tagespflege") || slices.ContainsFunc([]string{"tagespfleg", "tagesmutter", "tagesvater"}, func(w string) bool { return strings.Contains(h.text, w) })
	}
	checkDemoCases(t, loadDemoAtlas(t), []demoCase{
		{"Jugendliche", young, notKita},
		{"Jugendlichen", young, notKita},
		{"Teenager", young, notKita},
		{"arabischsprachig", speaks("ar"), nil},
		{"türkischsprachige", speaks("tr"), nil},
		{"russischsprachige Beratung", func(h hit) bool { return speaks("ru")(h) && strings.Contains(h.text, "beratung") }, nil},
		// The offers for young people of 14 to 18 (not the children's
		// clubs for 6 to 13): 4 hits before, those holding "14" and "18".
		{"Jugendliche 14-18", func(h hit) bool { return young(h) && overlaps(h, 14, 18) }, func(h hit) bool { return overlaps(h, 14, 18) }},
		{"Jugendliche 14 bis 18", func(h hit) bool { return young(h) && overlaps(h, 14, 18) }, func(h hit) bool { return overlaps(h, 14, 18) }},
		{"football", func(h hit) bool { return strings.Contains(h.text, "fussball") }, nil},
		{"Tageseltern", dayCare, dayCare},
		{"Tagesmama", dayCare, dayCare},
		{"Kindertagespflegestelle", dayCare, dayCare},
	})
}

// youngHit: an offer for the target group Jugendliche.
func youngHit(h demoHit) bool { return slices.Contains(h.groups, "jugendliche") }
