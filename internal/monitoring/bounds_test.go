package monitoring

import (
	"fmt"
	"math"
	"testing"

	"github.com/quartier/quartier"
)

// An area lying exactly on a class bound belongs to the class the
// definition says (above, or below with UpperInclusive), whatever the
// float arithmetic makes of it: 0.1, 0.2, 0.3 have mean 0.2 and sample SD
// 0.1, so their z-values are exactly −1, 0, +1, but computed they come
// out as −1.0000000000000004 and 0.9999999999999996 (0.7, 0.8, 0.9 the
// other way round), and the class was decided by that noise.
func TestClassOnABoundIsNotDecidedByRounding(t *testing.T) {
	dirs := map[string]quartier.Direction{"a": quartier.HigherIsWorse}
	for _, vals := range [][]float64{{0.1, 0.2, 0.3}, {0.7, 0.8, 0.9}, {1.1, 1.2, 1.3}, {10.1, 10.2, 10.3}} {
		for _, restandardise := range []bool{true, false} {
			for _, upper := range []bool{false, true} {
				def := quartier.Index{Code: "t", Name: "T", Layer: "plr", ReferenceDate: ref, Components: []quartier.IndexComponent{{Code: "s", SampleSD: true,
					Restandardise: restandardise, Terms: []quartier.IndexTerm{{Indicator: "a"}},
					Classes: quartier.IndexClasses{Scale: quartier.ClassesSD, Bounds: []float64{-1, 1}, Labels: []string{"u", "m", "o"}, UpperInclusive: upper}}}}
				def.Defaults()
				var in []areaInput
				for i, v := range vals {
					in = append(in, area(fmt.Sprint(i), 0, v))
				}
				res, err := compute(&def, dirs, in)
				if err != nil {
					t.Fatal(err)
				}
				want := []string{"m", "m", "o"}
				if upper {
					want = []string{"u", "m", "m"}
				}
				for i, r := range res.Rows {
					cr := r.Components[0]
					if cr.Class != want[i] {
						t.Errorf("%v, re-standardised %v, upper inclusive %v: area %d at %v is %q, want %q", vals, restandardise, upper, i, cr.Position, cr.Class, want[i])
					}
				}
				// The position a planner reads is the bound itself.
				if p := res.Rows[0].Components[0].Position; p != -1 {
					t.Errorf("%v: position %v, want −1 exactly", vals, p)
				}
			}
		}
	}
	// Bounds on the value scale: min–max values 0.1 and 0.2 sum to
	// 0.30000000000000004, which lies on the bound 0.3.
	c := quartier.IndexClasses{Scale: quartier.ClassesValue, Bounds: []float64{0.3}, Labels: []string{"bis 0,3", "über 0,3"}, UpperInclusive: true}
	if got := c.Class(0.1 + 0.2); got != "bis 0,3" {
		t.Errorf("0.1 + 0.2 on the bound 0.3 (upper inclusive): %q", got)
	}
	// What is clearly off the bound stays off it.
	if got := c.Class(0.3 + 1e-6); got != "über 0,3" {
		t.Errorf("0.3 + 1e-6: %q", got)
	}
	if got := (&quartier.IndexClasses{Bounds: []float64{1}, Labels: []string{"a", "b"}}).Class(math.Nextafter(1, 0) - 1e-7); got != "a" {
		t.Errorf("1 − 1e-7: %q", got)
	}
}

// A published index is rounded to two decimals, but its class is decided
// by the unrounded value. On the Berlin demo Invalidenstraße (−0.99746,
// mittel) and Goerzwerke (−1.00426, hoch) were both printed "-1,00", and
// three areas read "-0,00". Where two decimals would put the printed
// figure into another class, it gets as many more as it takes; a zero
// has no sign.
func TestPublishedIndexAgreesWithItsClass(t *testing.T) {
	comp := quartier.IndexComponent{Code: "status", Name: "Status", Restandardise: true, Classes: mssClasses()}
	res := &IndexResult{Index: quartier.Index{Code: "t", Name: "T", Components: []quartier.IndexComponent{comp}}}
	for i, x := range []float64{-0.9974584495352158, -1.0042633693769067, 0.9963204229009834, -0.004212535625567013, 1.4999996, 1.5, 0.25} {
		res.Rows = append(res.Rows, IndexRow{Area: fmt.Sprint(i), Components: []ComponentRow{{Index: x, Position: x, Class: comp.Classes.Class(x)}}})
	}
	want := []string{"-0,997", "-1,004", "0,996", "0,00", "1,4999996", "1,50", "0,25"}
	tab := indexTable(res, false)
	for i, r := range tab.Rows {
		cell := r.Cells[0]
		if cell.Text != want[i] {
			t.Errorf("%v (%s): printed %q, want %q", res.Rows[i].Components[0].Index, res.Rows[i].Components[0].Class, cell.Text, want[i])
		}
	}
	// Shares and values are not signed zeros either.
	if got := figure(-0.04, 1, "", false).Text; got != "0,0" {
		t.Errorf("-0.04 with one decimal: %q", got)
	}
}

// An area some of whose blocks have no resident figure is left out for
// the minimum only when the blocks with figures do not reach it: on the
// Berlin demo the social space 0340 Südliches Pankow (about 20,000
// residents) was dropped from the index as "keine Einwohnerzahl" because
// one of its Planungsräume, the building site Pankower Tor, has no figure.
func TestIncompleteResidentsExcludeOnlyBelowTheMinimum(t *testing.T) {
	def := quartier.Index{Code: "t", Name: "T", Layer: "plr", ReferenceDate: ref, Exclude: quartier.IndexExclusion{MinResidents: 300},
		Components: []quartier.IndexComponent{{Code: "s", Terms: []quartier.IndexTerm{{Indicator: "a"}}, Classes: mssClasses()}}}
	def.Defaults()
	partly := func(code string, known int, x float64) areaInput {
		a := area(code, known, x)
		a.hasResidents = false
		return a
	}
	in := []areaInput{area("1", 1000, 1), area("2", 1000, 2), partly("3", 5000, 3), partly("4", 120, 4), partly("5", 0, 5)}
	res, err := compute(&def, map[string]quartier.Direction{"a": quartier.HigherIsWorse}, in)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"", "", "", "Einwohnerzahl unvollständig (bekannt 120, weniger als 300)", "keine Einwohnerzahl"}
	for i, r := range res.Rows {
		if r.Excluded != want[i] {
			t.Errorf("area %s (%d known, complete %v): excluded %q, want %q", r.Area, r.Residents, r.HasResidents, r.Excluded, want[i])
		}
	}
	if res.Considered != 3 {
		t.Errorf("considered %d, want 3", res.Considered)
	}
}

// Missing values replaced by the mean: an area without a value in any
// term of a component has nothing to be classed by and is left out (it
// was classed "mittel" on the means alone), and the published table says
// where a mean stands in for a value.
func TestMissingMeanNeedsAValueAndSaysWhereItStandsIn(t *testing.T) {
	nan := math.NaN()
	def := quartier.Index{Code: "t", Name: "T", Layer: "plr", ReferenceDate: ref, Exclude: quartier.IndexExclusion{Missing: quartier.MissingMean},
		Components: []quartier.IndexComponent{{Code: "s", Name: "Status", Terms: []quartier.IndexTerm{{Indicator: "a"}, {Indicator: "b"}}, Classes: mssClasses()}}}
	def.Defaults()
	in := []areaInput{area("1", 0, 1, 1), area("2", 0, 3, 3), area("3", 0, 5, nan), area("4", 0, nan, nan)}
	res, err := compute(&def, map[string]quartier.Direction{"a": quartier.HigherIsWorse, "b": quartier.HigherIsWorse}, in)
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows[3].Excluded != "kein Wert: a, b" || res.Rows[2].Excluded != "" || res.Considered != 3 {
		t.Errorf("excluded %q and %q, considered %d", res.Rows[2].Excluded, res.Rows[3].Excluded, res.Considered)
	}
	tab := indexTable(res, false)
	if got := tab.Rows[2].Cells[len(tab.Rows[2].Cells)-1].Text; got != "Mittelwert statt fehlendem Wert: b" {
		t.Errorf("note of area 3: %q", got)
	}
	if got := tab.Rows[0].Cells[len(tab.Rows[0].Cells)-1].Text; got != "" {
		t.Errorf("note of area 1: %q", got)
	}
}

// A share published from counts is rounded half up from the exact
// fraction, as official tables round (the Hamburg Stadtteil-Profile's
// shares are reproduced that way): 1 of 400 is 0,25 % and reads "0,3",
// 3 of 2,000 is 0,15 % and reads "0,2", where the float's own rounding
// gave "0,2" (half to even) and "0,1" (0.15 is 0.1499… as a float).
func TestPublishedShareRoundsHalfUp(t *testing.T) {
	for _, c := range []struct {
		num, den, scale float64
		want            string
	}{{1, 400, 100, "0,3"}, {3, 2000, 100, "0,2"}, {1, 3, 100, "33,3"}, {2, 3, 100, "66,7"}, {0, 5, 100, "0,0"}, {5, 5, 100, "100,0"},
		{7, 8000, 1000, "0,9"}, {1, 8, 100, "12,5"}, {1.5, 4, 100, "37,5"}, {45, 360, 100, "12,5"}} {
		if got := shareCell(c.num, c.den, c.scale, "", false).Text; got != c.want {
			t.Errorf("%v of %v (×%v): %q, want %q", c.num, c.den, c.scale, got, c.want)
		}
	}
}
