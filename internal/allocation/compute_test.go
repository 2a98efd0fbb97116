package allocation

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/quartier/quartier"
)

func spaces(codes ...string) []quartier.Space {
	var out []quartier.Space
	for _, c := range codes {
		out = append(out, quartier.Space{Code: quartier.SpaceCode(c), Name: strings.ToUpper(c)})
	}
	return out
}

// The worked example, computed by hand (see the numbers in the comments):
// 100,000 € with a 20 % base share over three spaces, children (weight 3)
// and benefit recipients (weight 1).
//
//	parts  children .5 .3 .2, recipients .25 .25 .5
//	scores a .75·.5+.25·.25 = .4375, b .2875, c .275
//	raw    a 666,666.67 + 8,000,000·.4375 = 4,166,666.67 cents, b 2,966,666.67, c 2,866,666.67
//	cents  all remainders .67: the two missing cents go to a and b (space order)
func workedRule() (quartier.AllocationRule, Input) {
	return quartier.AllocationRule{Amount: 10_000_000, BaseShare: 0.2,
			Terms: []quartier.AllocationTerm{{Indicator: "kinder", Weight: 3}, {Indicator: "sgb2", Weight: 1}}},
		Input{Spaces: spaces("a", "b", "c"), Measures: [][]float64{{500, 300, 200}, {100, 100, 200}}}
}

func amounts(t *testing.T, rule quartier.AllocationRule, in Input) []quartier.Cents {
	t.Helper()
	shares, err := Compute(rule, in)
	if err != nil {
		t.Fatal(err)
	}
	var out []quartier.Cents
	for _, s := range shares {
		out = append(out, s.Amount)
	}
	return out
}

func TestWorkedExample(t *testing.T) {
	rule, in := workedRule()
	shares, err := Compute(rule, in)
	if err != nil {
		t.Fatal(err)
	}
	want := []quartier.Cents{4_166_667, 2_966_667, 2_866_666}
	wantScore := []float64{0.4375, 0.2875, 0.275}
	// Raising the children's weight from 75 % to 85 %: a +200,000, b +40,000, c −240,000 cents.
	wantShift := []quartier.Cents{200_000, 40_000, -240_000}
	for i, s := range shares {
		if s.Amount != want[i] || math.Abs(s.Score-wantScore[i]) > 1e-12 || s.Shifts[0] != wantShift[i] || s.Bound != "" {
			t.Errorf("%s: amount %d score %g shift %v bound %q, want %d %g %d", s.Space, s.Amount, s.Score, s.Shifts, s.Bound, want[i], wantScore[i], wantShift[i])
		}
	}
	if shares[2].Parts[1] != 0.5 || shares[0].Measures[0] != 500 {
		t.Errorf("intermediate values: %+v", shares[2])
	}
}

// With a cap of 40,000 € a is held at it; b and c share the remaining
// 60,000 € in proportion to their raw amounts (2,966,666.67 : 2,866,666.67):
// b 3,051,428.57, c 2,948,571.43 → b takes the missing cent.
func TestCapRedistributes(t *testing.T) {
	rule, in := workedRule()
	rule.Cap = 4_000_000
	got := amounts(t, rule, in)
	want := []quartier.Cents{4_000_000, 3_051_429, 2_948_571}
	if !slicesEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	shares, _ := Compute(rule, in)
	if shares[0].Bound != "cap" || shares[1].Bound != "" {
		t.Errorf("bounds %q %q", shares[0].Bound, shares[1].Bound)
	}
}

// A floor of 30,000 € for c: a and b share 70,000 € as 4,166,666.67 :
// 2,966,666.67, i.e. a 4,088,785.05, b 2,911,214.95 → b takes the cent.
func TestFloorPerSpace(t *testing.T) {
	rule, in := workedRule()
	rule.Floors = map[quartier.SpaceCode]quartier.Cents{"c": 3_000_000}
	got := amounts(t, rule, in)
	want := []quartier.Cents{4_088_785, 2_911_215, 3_000_000}
	if !slicesEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func slicesEqual(a, b []quartier.Cents) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestRandomRulesKeepTheirPromises: on random rules the amounts add up to
// the cent, stay within their bounds, and without bounds differ from the
// raw amounts by less than a cent.
func TestRandomRulesKeepTheirPromises(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for range 2000 {
		n := 1 + r.IntN(12)
		var codes []string
		for i := range n {
			codes = append(codes, string(rune('a'+i)))
		}
		terms := 1 + r.IntN(3)
		rule := quartier.AllocationRule{Amount: quartier.Cents(1 + r.Int64N(1e9)), BaseShare: r.Float64() * 0.9}
		in := Input{Spaces: spaces(codes...)}
		for k := range terms {
			rule.Terms = append(rule.Terms, quartier.AllocationTerm{Indicator: string(rune('x' + k)), Weight: 0.1 + r.Float64()})
			ms := make([]float64, n)
			for i := range ms {
				ms[i] = float64(r.IntN(1000))
			}
			ms[r.IntN(n)]++ // never all zero
			in.Measures = append(in.Measures, ms)
		}
		bounded := r.IntN(2) == 0
		if bounded {
			per := int64(rule.Amount) / int64(n)
			rule.Floor = quartier.Cents(per / 2)
			rule.Cap = quartier.Cents(per + per/2 + 1)
		}
		shares, err := Compute(rule, in)
		if err != nil {
			t.Fatalf("%+v: %v", rule, err)
		}
		var sum quartier.Cents
		for _, s := range shares {
			sum += s.Amount
			if bounded && (s.Amount < rule.Floor || s.Amount > rule.Cap) {
				t.Fatalf("%s: %d outside [%d, %d]", s.Space, s.Amount, rule.Floor, rule.Cap)
			}
			if !bounded && math.Abs(float64(s.Amount)-s.Raw*100) >= 1 {
				t.Fatalf("%s: %d cents, raw %.4f", s.Space, s.Amount, s.Raw*100)
			}
		}
		if sum != rule.Amount {
			t.Fatalf("sum %d, amount %d", sum, rule.Amount)
		}
	}
}

func TestRulesThatCannotBeComputed(t *testing.T) {
	base, in := workedRule()
	for name, c := range map[string]struct {
		change func(*quartier.AllocationRule, *Input)
		want   string
	}{
		"no amount":       {func(r *quartier.AllocationRule, _ *Input) { r.Amount = 0 }, "Betrag"},
		"base share 1":    {func(r *quartier.AllocationRule, _ *Input) { r.BaseShare = 1 }, "Sockel"},
		"negative weight": {func(r *quartier.AllocationRule, _ *Input) { r.Terms[0].Weight = -1 }, "Gewicht von kinder"},
		"all zero":        {func(_ *quartier.AllocationRule, in *Input) { in.Measures[1] = []float64{0, 0, 0} }, "sgb2 ist in allen Sozialräumen 0"},
		"missing value":   {func(_ *quartier.AllocationRule, in *Input) { in.Measures[0] = []float64{1, math.NaN(), 2} }, "kinder hat für B"},
		"floors too high": {func(r *quartier.AllocationRule, _ *Input) { r.Floor = 4_000_000 }, "Untergrenzen zusammen"},
		"caps too low":    {func(r *quartier.AllocationRule, _ *Input) { r.Cap = 3_000_000 }, "Obergrenzen zusammen"},
		"floor over cap": {func(r *quartier.AllocationRule, _ *Input) {
			r.Floors = map[quartier.SpaceCode]quartier.Cents{"a": 5}
			r.Caps = map[quartier.SpaceCode]quartier.Cents{"a": 4}
		}, "Untergrenze"},
		"unknown space": {func(r *quartier.AllocationRule, _ *Input) { r.Caps = map[quartier.SpaceCode]quartier.Cents{"zz": 4} }, "zz"},
	} {
		r := base
		r.Terms = append([]quartier.AllocationTerm(nil), base.Terms...)
		i := Input{Spaces: in.Spaces, Measures: [][]float64{append([]float64(nil), in.Measures[0]...), append([]float64(nil), in.Measures[1]...)}}
		c.change(&r, &i)
		_, err := Compute(r, i)
		if quartier.ErrorCode(err) != quartier.EINVALID || !strings.Contains(quartier.ErrorMessage(err), c.want) {
			t.Errorf("%s: %v, want a refusal naming %q", name, err, c.want)
		}
	}
}
