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
// what families call day care by a person is Kindertagespflege.
func TestDemoSearchGaps4(t *testing.T) {
	type hit = demoHit
	young := func(h hit) bool { return slices.Contains(h.groups, "jugendliche") }
	notKita := func(h hit) bool { return !h.kita() }
	speaks := func(lang string) func(hit) bool {
		return func(h hit) bool { return slices.Contains(h.langs, lang) }
	}
	// (An offer of another topic whose text names Tagesmütter or the
	// Tagespflege is found too.)
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
		{"Tageseltern", dayCare, dayCare},
		{"Tagesmama", dayCare, dayCare},
		{"Kindertagespflegestelle", dayCare, dayCare},
	})
}
