package allocation

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/quartier/quartier"
)

// Input is what the formula is applied to: the spaces (in code order) and,
// per term of the rule, each space's measure (a count: children in the
// space, recipients of benefits, …).
type Input struct {
	Spaces   []quartier.Space
	Measures [][]float64 // [term][space]
}

// shiftStep is the rise of one weight for the sensitivity columns: ten
// percentage points of the weights' sum.
const shiftStep = 0.1

// Compute applies the rule. A space's amount is clamp(λ × raw, floor,
// cap) with raw = base + need pool × score and one factor λ for all
// spaces, chosen so the amounts add up to the whole amount; then rounded
// to cents by largest remainders, so the sum is exact to the cent.
func Compute(rule quartier.AllocationRule, in Input) ([]quartier.AllocationShare, error) {
	if err := check(rule, in); err != nil {
		return nil, err
	}
	weights := normalise(rule.Terms)
	shares := make([]quartier.AllocationShare, len(in.Spaces))
	parts := make([][]float64, len(rule.Terms))
	for k, ms := range in.Measures {
		var total float64
		for _, m := range ms {
			total += m
		}
		parts[k] = make([]float64, len(ms))
		for i, m := range ms {
			parts[k][i] = m / total
		}
	}
	for i, sp := range in.Spaces {
		shares[i] = quartier.AllocationShare{Space: sp.Code, Name: sp.Name}
		for k := range rule.Terms {
			shares[i].Measures = append(shares[i].Measures, in.Measures[k][i])
			shares[i].Parts = append(shares[i].Parts, parts[k][i])
		}
	}
	amounts, raw, bounds, err := distribute(rule, in.Spaces, parts, weights)
	if err != nil {
		return nil, err
	}
	for i := range shares {
		for k, w := range weights {
			shares[i].Score += w * parts[k][i]
		}
		shares[i].Raw = raw[i] / 100
		shares[i].Amount = amounts[i]
		shares[i].Bound = bounds[i]
	}
	if len(weights) > 1 {
		for k := range weights {
			shifted := shiftWeights(weights, k)
			if shifted == nil {
				continue
			}
			alt, _, _, err := distribute(rule, in.Spaces, parts, shifted)
			if err != nil {
				return nil, err
			}
			for i := range shares {
				if shares[i].Shifts == nil {
					shares[i].Shifts = make([]quartier.Cents, len(weights))
				}
				shares[i].Shifts[k] = alt[i] - amounts[i]
			}
		}
	}
	return shares, nil
}

// distribute computes the amounts in cents for normalised weights.
func distribute(rule quartier.AllocationRule, spaces []quartier.Space, parts [][]float64, weights []float64) ([]quartier.Cents, []float64, []string, error) {
	n := len(spaces)
	total := float64(rule.Amount)
	base := rule.BaseShare * total / float64(n)
	pool := (1 - rule.BaseShare) * total
	raw := make([]float64, n)
	lo, hi := make([]float64, n), make([]float64, n)
	for i, sp := range spaces {
		var score float64
		for k, w := range weights {
			score += w * parts[k][i]
		}
		raw[i] = base + pool*score
		lo[i], hi[i] = float64(floorOf(rule, sp.Code)), math.Inf(1)
		if c := capOf(rule, sp.Code); c > 0 {
			hi[i] = float64(c)
		}
	}
	sum := func(l float64) float64 {
		var s float64
		for i := range raw {
			s += min(max(l*raw[i], lo[i]), hi[i])
		}
		return s
	}
	// f(λ) = Σ clamp(λ·raw) grows with λ: find the λ where it meets the
	// amount by bisection (the bounds were checked to make it reachable).
	a, b := 0.0, 1.0
	for sum(b) < total {
		b *= 2
		if b > 1e12 {
			return nil, nil, nil, quartier.Errorf(quartier.EINVALID, "Die Obergrenzen lassen sich nicht erreichen: Räume ohne Bedarf und ohne Sockel können nichts aufnehmen.")
		}
	}
	for range 200 {
		m := (a + b) / 2
		if sum(m) < total {
			a = m
		} else {
			b = m
		}
	}
	exact := make([]float64, n)
	bounds := make([]string, n)
	for i := range raw {
		v := b * raw[i]
		switch {
		case v <= lo[i] && lo[i] > 0:
			exact[i], bounds[i] = lo[i], "floor"
		case v >= hi[i]:
			exact[i], bounds[i] = hi[i], "cap"
		default:
			exact[i] = v
		}
	}
	return roundCents(exact, hi, rule.Amount), raw, bounds, nil
}

// roundCents rounds down and hands the missing cents to the largest
// remainders (ties in space order), never above a cap.
func roundCents(exact, hi []float64, total quartier.Cents) []quartier.Cents {
	out := make([]quartier.Cents, len(exact))
	var sum quartier.Cents
	order := make([]int, len(exact))
	for i, v := range exact {
		out[i] = quartier.Cents(math.Floor(v + 1e-6))
		sum += out[i]
		order[i] = i
	}
	// Remainders are compared in millionths of a cent: float noise must not
	// decide a cent, so near-equal remainders tie and the earlier space
	// takes it.
	rem := func(i int) float64 { return math.Round((exact[i] - float64(out[i])) * 1e6) }
	slices.SortStableFunc(order, func(x, y int) int {
		switch rx, ry := rem(x), rem(y); {
		case rx > ry:
			return -1
		case rx < ry:
			return 1
		}
		return 0
	})
	for _, i := range order {
		if sum >= total {
			break
		}
		if float64(out[i]+1) <= hi[i] {
			out[i]++
			sum++
		}
	}
	return out
}

func normalise(terms []quartier.AllocationTerm) []float64 {
	var s float64
	for _, t := range terms {
		s += t.Weight
	}
	out := make([]float64, len(terms))
	for k, t := range terms {
		out[k] = t.Weight / s
	}
	return out
}

// shiftWeights raises weight k by shiftStep and shrinks the others in
// proportion; nil when k already carries everything.
func shiftWeights(w []float64, k int) []float64 {
	if w[k] >= 1 {
		return nil
	}
	nk := min(1, w[k]+shiftStep)
	out := make([]float64, len(w))
	for j := range w {
		if j == k {
			out[j] = nk
		} else {
			out[j] = w[j] * (1 - nk) / (1 - w[k])
		}
	}
	return out
}

func floorOf(r quartier.AllocationRule, sp quartier.SpaceCode) quartier.Cents {
	if f, ok := r.Floors[sp]; ok {
		return f
	}
	return r.Floor
}

func capOf(r quartier.AllocationRule, sp quartier.SpaceCode) quartier.Cents {
	if c, ok := r.Caps[sp]; ok {
		return c
	}
	return r.Cap
}

// check refuses a rule that cannot be computed, naming the setting.
func check(r quartier.AllocationRule, in Input) error {
	var msgs []string
	add := func(setting, format string, args ...any) {
		msgs = append(msgs, setting+": "+fmt.Sprintf(format, args...))
	}
	if r.Amount <= 0 || r.Amount > quartier.MaxCents {
		add("Betrag", "Der Betrag muss größer als 0 und höchstens %s sein.", quartier.MaxCents)
	}
	if !(r.BaseShare >= 0 && r.BaseShare < 1) {
		add("Sockel", "Der Sockelanteil muss zwischen 0 und unter 100 %% liegen, nicht %g.", r.BaseShare)
	}
	if len(in.Spaces) == 0 {
		add("Räume", "Es gibt keine Sozialräume, auf die verteilt werden kann.")
	}
	var wsum float64
	for k, t := range r.Terms {
		if !(t.Weight >= 0) || math.IsInf(t.Weight, 0) {
			add("Indikatoren", "Gewicht von %s muss eine Zahl ab 0 sein.", t.Indicator)
		}
		wsum += t.Weight
		if k < len(in.Measures) {
			var total float64
			for i, m := range in.Measures[k] {
				if !(m >= 0) || math.IsInf(m, 0) {
					add("Indikatoren", "%s hat für %s keinen gültigen Wert (%g).", t.Indicator, in.Spaces[i].Label(), m)
				}
				total += m
			}
			if total == 0 {
				add("Indikatoren", "%s ist in allen Sozialräumen 0: danach lässt sich nicht verteilen.", t.Indicator)
			}
		}
	}
	if len(r.Terms) == 0 || !(wsum > 0) {
		add("Indikatoren", "Mindestens ein Indikator mit einem Gewicht über 0 ist nötig.")
	}
	if len(in.Measures) != len(r.Terms) {
		add("Indikatoren", "%d Indikatoren, aber Werte für %d.", len(r.Terms), len(in.Measures))
	}
	known := map[quartier.SpaceCode]bool{}
	for _, sp := range in.Spaces {
		known[sp.Code] = true
	}
	var unknown []string
	for _, m := range []map[quartier.SpaceCode]quartier.Cents{r.Floors, r.Caps} {
		for sp := range m {
			if !known[sp] {
				unknown = append(unknown, string(sp))
			}
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		add("Grenzen", "Unbekannte Sozialräume bei Unter- oder Obergrenzen: %s.", strings.Join(unknown, ", "))
	}
	var floors, caps quartier.Cents
	capped := true
	for _, sp := range in.Spaces {
		f, c := floorOf(r, sp.Code), capOf(r, sp.Code)
		if f < 0 || c < 0 {
			add("Grenzen", "Grenzen dürfen nicht negativ sein (%s).", sp.Label())
		}
		if c > 0 && f > c {
			add("Grenzen", "Für %s liegt die Untergrenze %s über der Obergrenze %s.", sp.Label(), f, c)
		}
		floors += f
		if c == 0 {
			capped = false
		}
		caps += c
	}
	if floors > r.Amount {
		add("Grenzen", "Die Untergrenzen zusammen (%s) übersteigen den Betrag %s.", floors, r.Amount)
	}
	if capped && len(in.Spaces) > 0 && caps < r.Amount {
		add("Grenzen", "Die Obergrenzen zusammen (%s) erreichen den Betrag %s nicht.", caps, r.Amount)
	}
	if len(msgs) > 0 {
		return quartier.Errorf(quartier.EINVALID, "Der Verteilungsvorschlag lässt sich so nicht berechnen. %s", strings.Join(msgs, " "))
	}
	return nil
}
