package monitoring

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/quartier/quartier"
)

var ref = time.Date(2020, 12, 31, 0, 0, 0, 0, time.UTC)

const eps = 1e-12

func near(a, b float64) bool { return math.Abs(a-b) <= eps*math.Max(1, math.Abs(b)) }

// area builds an input with one component's raw values.
func area(code string, residents int, raw ...float64) areaInput {
	return areaInput{code: code, name: "Gebiet " + code, residents: residents, hasResidents: true, raw: [][]float64{raw}}
}

func mssClasses() quartier.IndexClasses {
	return quartier.IndexClasses{Scale: quartier.ClassesSD, Bounds: []float64{-1, 1, 1.5}, Labels: []string{"hoch", "mittel", "niedrig", "sehr niedrig"}}
}

// The worked example of the method, computed here by hand. Indicator a
// (higher is worse) has 2, 4, 4, 4, 5, 5, 7, 9: mean 5, population SD 2,
// so z = −1.5, −0.5, −0.5, −0.5, 0, 0, 1, 2. Indicator b (higher is
// better) has 1, 1, 1, 1, 3, 3, 3, 3: mean 2, SD 1, z = ∓1, oriented
// +1 four times, then −1 four times. Sums: −0.5, 0.5, 0.5, 0.5, −1, −1,
// 0, 1; their mean is 0 and their SD √(4/8) = √0.5, so the index is
// sum·√2: −0.7071, 0.7071 (three times), −1.4142 (twice), 0, 1.4142.
// Classes at −1, 1, 1.5: mittel, mittel ×3, hoch ×2, mittel, niedrig.
// Two more areas must not move any of it: one below 300 residents with
// extreme values, one named outlier.
func TestWorkedExample(t *testing.T) {
	def := quartier.Index{Code: "test", Name: "Test", Layer: "plr", ReferenceDate: ref,
		Exclude: quartier.IndexExclusion{MinResidents: 300, Areas: []string{"x2"}, Reason: "Ausreißer"},
		Components: []quartier.IndexComponent{{Code: "status", Name: "Status", Restandardise: true, Classes: mssClasses(),
			Terms: []quartier.IndexTerm{{Indicator: "a"}, {Indicator: "b"}}}}}
	def.Defaults()
	if err := def.Validate(); err != nil {
		t.Fatal(err)
	}
	as := []float64{2, 4, 4, 4, 5, 5, 7, 9}
	bs := []float64{1, 1, 1, 1, 3, 3, 3, 3}
	var in []areaInput
	for i := range as {
		in = append(in, area(string(rune('a'+i)), 1000, as[i], bs[i]))
	}
	in = append(in, area("x1", 299, 1000, -1000), area("x2", 5000, -1000, 1000))
	res, err := compute(&def, map[string]quartier.Direction{"a": quartier.HigherIsWorse, "b": quartier.HigherIsBetter}, in)
	if err != nil {
		t.Fatal(err)
	}
	za := []float64{-1.5, -0.5, -0.5, -0.5, 0, 0, 1, 2}
	zb := []float64{1, 1, 1, 1, -1, -1, -1, -1}
	r2 := math.Sqrt(2)
	index := []float64{-r2 / 2, r2 / 2, r2 / 2, r2 / 2, -r2, -r2, 0, r2}
	class := []string{"mittel", "mittel", "mittel", "mittel", "hoch", "hoch", "mittel", "niedrig"}
	if res.Considered != 8 {
		t.Fatalf("considered %d, want 8", res.Considered)
	}
	for i := range 8 {
		cr := res.Rows[i].Components[0]
		if !near(cr.Standardised[0], za[i]) || !near(cr.Standardised[1], zb[i]) || !near(cr.Sum, za[i]+zb[i]) || !near(cr.Index, index[i]) || cr.Class != class[i] {
			t.Errorf("area %s: z %v sum %v index %v class %s; want z %v %v index %v class %s",
				res.Rows[i].Area, cr.Standardised, cr.Sum, cr.Index, cr.Class, za[i], zb[i], index[i], class[i])
		}
		if res.Rows[i].Combined != class[i] || res.Rows[i].Excluded != "" {
			t.Errorf("area %s: combined %q excluded %q", res.Rows[i].Area, res.Rows[i].Combined, res.Rows[i].Excluded)
		}
	}
	if got := res.Rows[8]; got.Excluded != "weniger als 300 Einwohner" || !math.IsNaN(got.Components[0].Index) || got.Combined != "" {
		t.Errorf("x1: %+v", got)
	}
	if got := res.Rows[9]; got.Excluded != "Ausreißer" || !math.IsNaN(got.Components[0].Standardised[0]) {
		t.Errorf("x2: %+v", got)
	}
	st := res.Components[0]
	if ta := st.Terms[0]; ta.N != 8 || ta.Mean != 5 || ta.SD != 2 || ta.Min != 2 || ta.Max != 9 {
		t.Errorf("stats of a: %+v", ta)
	}
	if !near(st.SumMean, 0) || !near(st.SumSD, math.Sqrt(0.5)) || !near(st.IndexSD, 1) {
		t.Errorf("component stats: %+v", st)
	}
	want := map[string]int{"hoch": 2, "mittel": 5, "niedrig": 1, "sehr niedrig": 0}
	for _, cc := range st.Classes {
		if cc.Areas != want[cc.Label] {
			t.Errorf("class %s: %d areas, want %d", cc.Label, cc.Areas, want[cc.Label])
		}
	}
}

// Every other setting, each on a small example worked out by hand.
func TestIndexSettings(t *testing.T) {
	dirs := map[string]quartier.Direction{"a": quartier.HigherIsWorse, "b": quartier.HigherIsBetter}
	run := func(t *testing.T, comp quartier.IndexComponent, exclude quartier.IndexExclusion, in ...areaInput) *IndexResult {
		t.Helper()
		def := quartier.Index{Code: "t", Name: "T", Layer: "plr", ReferenceDate: ref, Exclude: exclude, Components: []quartier.IndexComponent{comp}}
		def.Defaults()
		if err := def.Validate(); err != nil {
			t.Fatal(err)
		}
		res, err := compute(&def, dirs, in)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	values := func(res *IndexResult, f func(ComponentRow) float64) []float64 {
		var out []float64
		for _, r := range res.Rows {
			out = append(out, f(r.Components[0]))
		}
		return out
	}
	check := func(t *testing.T, what string, got, want []float64) {
		t.Helper()
		for i := range want {
			if !(near(got[i], want[i]) || math.IsNaN(got[i]) && math.IsNaN(want[i])) {
				t.Errorf("%s: got %v, want %v", what, got, want)
				return
			}
		}
	}
	t.Run("sample SD", func(t *testing.T) {
		// 1, 2, 3: mean 2, sample SD 1 (population SD √(2/3)).
		res := run(t, quartier.IndexComponent{Code: "s", SampleSD: true, Terms: []quartier.IndexTerm{{Indicator: "a"}},
			Classes: quartier.IndexClasses{Scale: quartier.ClassesValue, Bounds: []float64{0}, Labels: []string{"u", "o"}}}, quartier.IndexExclusion{},
			area("1", 0, 1), area("2", 0, 2), area("3", 0, 3))
		check(t, "z", values(res, func(c ComponentRow) float64 { return c.Standardised[0] }), []float64{-1, 0, 1})
		// The value 0 lies on the bound: it belongs to the class above.
		if res.Rows[1].Components[0].Class != "o" || res.Rows[0].Components[0].Class != "u" {
			t.Errorf("classes %s %s", res.Rows[0].Components[0].Class, res.Rows[1].Components[0].Class)
		}
	})
	t.Run("population SD, weights, no re-standardising, SD classes", func(t *testing.T) {
		// a: 1, 2, 3 → z = ∓√1.5, 0; b (better): 10, 10, 40 → mean 20, SD √200,
		// z oriented = 1/√2, 1/√2, −√2. Weights 2 and 1:
		// sums 2·(−√1.5) + 1/√2, 1/√2, 2·√1.5 − √2.
		res := run(t, quartier.IndexComponent{Code: "s", Terms: []quartier.IndexTerm{{Indicator: "a", Weight: 2}, {Indicator: "b", Weight: 1}},
			Classes: quartier.IndexClasses{Scale: quartier.ClassesSD, Bounds: []float64{-1, 1}, Labels: []string{"gut", "mittel", "schlecht"}}}, quartier.IndexExclusion{},
			area("1", 0, 1, 10), area("2", 0, 2, 10), area("3", 0, 3, 40))
		s15, s2 := math.Sqrt(1.5), math.Sqrt(2)
		sums := []float64{-2*s15 + 1/s2, 1 / s2, 2*s15 - s2}
		check(t, "sum", values(res, func(c ComponentRow) float64 { return c.Sum }), sums)
		check(t, "index = sum", values(res, func(c ComponentRow) float64 { return c.Index }), sums)
		mean := (sums[0] + sums[1] + sums[2]) / 3
		sd := math.Sqrt(((sums[0]-mean)*(sums[0]-mean) + (sums[1]-mean)*(sums[1]-mean) + (sums[2]-mean)*(sums[2]-mean)) / 3)
		pos := []float64{(sums[0] - mean) / sd, (sums[1] - mean) / sd, (sums[2] - mean) / sd}
		check(t, "position in SD", values(res, func(c ComponentRow) float64 { return c.Position }), pos)
	})
	t.Run("min-max", func(t *testing.T) {
		// a: 0, 5, 10 → 0, 0.5, 1; b (better): 0, 10, 40 → 1, 0.75, 0.
		res := run(t, quartier.IndexComponent{Code: "s", Standardisation: quartier.StandardiseMinMax, Terms: []quartier.IndexTerm{{Indicator: "a"}, {Indicator: "b"}},
			Classes: quartier.IndexClasses{Scale: quartier.ClassesValue, Bounds: []float64{1}, Labels: []string{"bis 1", "über 1"}, UpperInclusive: true}}, quartier.IndexExclusion{},
			area("1", 0, 0, 0), area("2", 0, 5, 10), area("3", 0, 10, 40))
		check(t, "minmax a", values(res, func(c ComponentRow) float64 { return c.Standardised[0] }), []float64{0, 0.5, 1})
		check(t, "minmax b", values(res, func(c ComponentRow) float64 { return c.Standardised[1] }), []float64{1, 0.75, 0})
		// Sums 1, 1.25, 1: with UpperInclusive the bound 1 stays below.
		if got := res.Rows[0].Components[0].Class + "|" + res.Rows[1].Components[0].Class; got != "bis 1|über 1" {
			t.Errorf("classes %s", got)
		}
	})
	t.Run("ranks with ties", func(t *testing.T) {
		// a: 7, 3, 7, 1 → ranks 3.5, 2, 3.5, 1; b (better) 5, 5, 5, 9 → 2, 2, 2, 4 ascending, oriented 3, 3, 3, 1.
		res := run(t, quartier.IndexComponent{Code: "s", Standardisation: quartier.StandardiseRank, Terms: []quartier.IndexTerm{{Indicator: "a"}, {Indicator: "b"}},
			Classes: quartier.IndexClasses{Scale: quartier.ClassesValue, Bounds: []float64{5}, Labels: []string{"u", "o"}}}, quartier.IndexExclusion{},
			area("1", 0, 7, 5), area("2", 0, 3, 5), area("3", 0, 7, 5), area("4", 0, 1, 9))
		check(t, "rank a", values(res, func(c ComponentRow) float64 { return c.Standardised[0] }), []float64{3.5, 2, 3.5, 1})
		check(t, "rank b", values(res, func(c ComponentRow) float64 { return c.Standardised[1] }), []float64{3, 3, 3, 1})
	})
	t.Run("missing values", func(t *testing.T) {
		comp := quartier.IndexComponent{Code: "s", Terms: []quartier.IndexTerm{{Indicator: "a"}, {Indicator: "b"}},
			Classes: quartier.IndexClasses{Scale: quartier.ClassesValue, Bounds: []float64{0}, Labels: []string{"u", "o"}}}
		nan := math.NaN()
		in := []areaInput{area("1", 0, 1, 1), area("2", 0, 3, 3), area("3", 0, 5, nan)}
		// Excluded: a over 1, 3 only → z = −1, 1.
		res := run(t, comp, quartier.IndexExclusion{}, in...)
		if res.Rows[2].Excluded != "kein Wert: b" || res.Considered != 2 {
			t.Errorf("excluded %q, considered %d", res.Rows[2].Excluded, res.Considered)
		}
		check(t, "z a", values(res, func(c ComponentRow) float64 { return c.Standardised[0] }), []float64{-1, 1, nan})
		// Mean: a over 1, 3, 5 → ∓√1.5·…; b over 1, 3 → oriented +1, −1;
		// area 3 gets b's mean, 0.
		res = run(t, comp, quartier.IndexExclusion{Missing: quartier.MissingMean}, in...)
		sd := math.Sqrt(8.0 / 3)
		check(t, "z a", values(res, func(c ComponentRow) float64 { return c.Standardised[0] }), []float64{-2 / sd, 0, 2 / sd})
		check(t, "z b", values(res, func(c ComponentRow) float64 { return c.Standardised[1] }), []float64{1, -1, 0})
	})
	t.Run("unknown residents are left out when a minimum is set", func(t *testing.T) {
		noPop := area("3", 0, 9)
		noPop.hasResidents = false
		res := run(t, quartier.IndexComponent{Code: "s", Terms: []quartier.IndexTerm{{Indicator: "a"}}, Classes: quartier.IndexClasses{Scale: quartier.ClassesValue, Labels: []string{"alle"}}},
			quartier.IndexExclusion{MinResidents: 1}, area("1", 5, 1), area("2", 5, 2), noPop)
		if res.Rows[2].Excluded != "keine Einwohnerzahl" {
			t.Errorf("excluded %q", res.Rows[2].Excluded)
		}
	})
}

func TestIndexRefusesWhatCannotBeComputed(t *testing.T) {
	dirs := map[string]quartier.Direction{"a": quartier.HigherIsWorse}
	def := quartier.Index{Code: "t", Name: "T", Layer: "plr", ReferenceDate: ref, Components: []quartier.IndexComponent{{Code: "s", Terms: []quartier.IndexTerm{{Indicator: "a"}},
		Classes: mssClasses()}}}
	def.Defaults()
	for want, in := range map[string][]areaInput{
		"denselben Wert":    {area("1", 0, 4), area("2", 0, 4)},
		"mindestens zwei":   {area("1", 0, 4)},
		"bleiben 1 Gebiete": {area("1", 0, 4), area("2", 0, math.NaN())},
	} {
		if _, err := compute(&def, dirs, in); err == nil || !strings.Contains(quartier.ErrorMessage(err), want) {
			t.Errorf("%s: %v", want, err)
		}
	}
}
