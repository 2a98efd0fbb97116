package http

import (
	"testing"

	"github.com/quartier/quartier"
)

// The index page shows positions with four decimals; where four would
// put the figure on a bound it is not on (−0.99996, "mittel", read as
// "−1,0000") it gets the digits that keep it in its class, and a position
// rounding to zero has no sign.
func TestIndexPositionKeepsItsClass(t *testing.T) {
	c := &quartier.IndexClasses{Scale: quartier.ClassesSD, Bounds: []float64{-1, 1, 1.5}, Labels: []string{"hoch", "mittel", "niedrig", "sehr niedrig"}}
	for x, want := range map[float64]string{-0.99996: "−0,99996", -1.00004: "−1,00004", -1: "−1,0000", 0.25: "0,2500", -0.00002: "0,0000", 1.49999996: "1,49999996"} {
		if got := position(c, x); got != want {
			t.Errorf("%v: %q, want %q", x, got, want)
		}
	}
}
