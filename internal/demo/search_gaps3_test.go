package demo

import (
	"slices"
	"strings"
	"testing"
)

// The fifth probe's classes on the real lists (internal/atlas,
// golden_gaps3_test.go): "Jugendliche" is not every Kita whose text names
// the Jugendamt; "Kids" is in "Graefekids", "Rat" in "Moabiter
// Ratschlag", "Tür" not in "Türkisch" (a language; "Kisch" is only a
// street's name); words in quotes stand together.
func TestDemoSearchGaps3(t *testing.T) {
	type hit = demoHit
	// Kitas say "Kita-Gutschein des Jugendamts"; the offers for young
	// people name them, or the youth work (a topic "Offene Jugendarbeit",
	// "Jugendberatung", …).
	young := func(h hit) bool { return slices.Contains(h.groups, "jugendliche") }
	youthWork := func(h hit) bool {
		return young(h) || slices.ContainsFunc(h.topics, func(c string) bool { return strings.Contains(c, "jugend") })
	}
	jugendamtOnly := func(h hit) bool {
		return strings.Contains(h.text, "jugendamt") && !strings.Contains(strings.ReplaceAll(h.text, "jugendamt", ""), "jugend")
	}
	notAuthority := func(h hit) bool { return !jugendamtOnly(h) || youthWork(h) }
	checkDemoCases(t, loadDemoAtlas(t), []demoCase{
		{"Jugendliche", young, notAuthority},
		{"Jugendlicher", young, notAuthority},
		{"Jugend", young, notAuthority},
		{"Kids", func(h hit) bool { return strings.Contains(h.text, "grafekids") }, nil},
		{"Rat", func(h hit) bool { return strings.Contains(h.text, "ratschlag") }, nil},
		{"Tür", nil, func(h hit) bool { return strings.Contains(strings.ReplaceAll(h.text, "kultur", ""), "tur") }},
		{`"Haus der Jugend"`, func(h hit) bool { return strings.Contains(strings.ToLower(h.name), "haus der jugend") }, func(h hit) bool { return strings.Contains(h.text, "hausderjugend") }},
	})
}
