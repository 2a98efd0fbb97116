package monitoring

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/quartier/quartier"
)

// IndexResult is an index computed on one layer, with every intermediate
// value: the raw value and the standardised value of each term per area,
// the weighted sum, the index and its position on the class scale, the
// class, and per term the mean and standard deviation used. A planner can
// recompute any row from it by hand.
type IndexResult struct {
	Index quartier.Index
	Layer string
	// PopulationDate is the date of the residents used for exclusion.
	PopulationDate time.Time
	Components     []ComponentStats
	Rows           []IndexRow // in area code order
	Considered     int        // areas not excluded
}

// ComponentStats describe one component over the considered areas.
type ComponentStats struct {
	Code, Name string
	Terms      []TermStats
	// SumMean and SumSD are the mean and standard deviation of the
	// weighted sums (what re-standardising divides by).
	SumMean, SumSD float64
	// IndexMean and IndexSD are those of the index (what class bounds in
	// standard deviations are measured against).
	IndexMean, IndexSD float64
	Classes            []ClassCount
}

// TermStats describe one term of a component over the considered areas
// that have a value.
type TermStats struct {
	Indicator string
	Label     string // "s1" or "s1: Veränderung seit 31.12.2018"
	Weight    float64
	Direction quartier.Direction
	N         int
	Mean, SD  float64
	Min, Max  float64
}

// ClassCount is how many considered areas fall into a class.
type ClassCount struct {
	Label string
	Areas int
}

// IndexRow is one area.
type IndexRow struct {
	Area, Name   string
	Residents    int
	HasResidents bool
	// Excluded gives the reason an area was left out before standardising;
	// "" for a considered area.
	Excluded   string
	Components []ComponentRow
	Combined   string // the classes of all components joined
	// SmallCounts: a term's value rests on a count below its indicator's
	// threshold. Planners see the row (marked); a publication withholds it.
	SmallCounts bool
}

// ComponentRow is one area in one component. Raw values are NaN where
// missing; standardised values, sum, index and position are NaN for an
// excluded area.
type ComponentRow struct {
	Raw          []float64
	Standardised []float64
	Sum, Index   float64
	// Position is the index on the scale of the class bounds: its
	// distance from the mean in standard deviations, or the index itself.
	Position float64
	Class    string
}

// areaInput is what the computation needs of an area: its raw term
// values per component (NaN for missing) and its residents.
type areaInput struct {
	code, name   string
	residents    int
	hasResidents bool
	raw          [][]float64
	small        bool // a term rests on a count below its threshold
	// notComparable: why an indicator has no value here though it was
	// delivered (borders changed since), by indicator; nil mostly.
	notComparable map[string]string
}

// compute runs the index definition over the areas. Exclusions come
// first, then per component: standardise each term over the considered
// areas, orient it by the indicator's direction, weight and sum,
// re-standardise if asked, classify.
func compute(def *quartier.Index, dirs map[string]quartier.Direction, areas []areaInput) (*IndexResult, error) {
	res := &IndexResult{Index: *def, Rows: make([]IndexRow, len(areas))}
	outliers := map[string]bool{}
	for _, a := range def.Exclude.Areas {
		outliers[a] = true
	}
	considered := make([]int, 0, len(areas))
	// One allocation for all rows' components and standardised values:
	// 10,000 areas spent a third of their time allocating small slices.
	terms := 0
	for _, c := range def.Components {
		terms += len(c.Terms)
	}
	comps := make([]ComponentRow, len(areas)*len(def.Components))
	std := nans(len(areas) * terms)
	for i, a := range areas {
		row := &res.Rows[i]
		row.Area, row.Name, row.Residents, row.HasResidents, row.SmallCounts = a.code, a.name, a.residents, a.hasResidents, a.small
		row.Components = comps[i*len(def.Components) : (i+1)*len(def.Components) : (i+1)*len(def.Components)]
		for c := range def.Components {
			n := len(def.Components[c].Terms)
			row.Components[c] = ComponentRow{Raw: a.raw[c], Standardised: std[:n:n], Sum: math.NaN(), Index: math.NaN(), Position: math.NaN()}
			std = std[n:]
		}
		row.Excluded = exclusion(def, a, outliers)
		if row.Excluded == "" {
			considered = append(considered, i)
		}
	}
	res.Considered = len(considered)
	if len(considered) < 2 {
		return nil, quartier.Errorf(quartier.EINVALID, "Index %s: nach den Ausschlüssen bleiben %d Gebiete; ein Index braucht mindestens zwei.", def.Code, len(considered))
	}
	for c := range def.Components {
		comp := &def.Components[c]
		st := ComponentStats{Code: comp.Code, Name: comp.Name}
		// The raw values by term, gathered in one pass over the rows:
		// reading them term by term chased each row's pointers once per
		// term, most of the time of 10,000 areas × 20 terms.
		cols := make([][]float64, len(comp.Terms))
		flat := make([]float64, len(comp.Terms)*len(considered))
		for t := range cols {
			cols[t] = flat[t*len(considered) : (t+1)*len(considered)]
		}
		for k, i := range considered {
			for t, x := range res.Rows[i].Components[c].Raw {
				cols[t][k] = x
			}
		}
		for t, term := range comp.Terms {
			ts, err := standardise(def, c, t, dirs[term.Indicator], cols[t])
			if err != nil {
				return nil, err
			}
			st.Terms = append(st.Terms, ts)
		}
		for k, i := range considered {
			z := res.Rows[i].Components[c].Standardised
			for t := range z {
				z[t] = cols[t][k]
			}
		}
		sums := make([]float64, len(considered))
		for k, i := range considered {
			cr := &res.Rows[i].Components[c]
			cr.Sum = 0
			for t, term := range comp.Terms {
				cr.Sum += term.Weight * cr.Standardised[t]
			}
			sums[k] = cr.Sum
		}
		st.SumMean, st.SumSD = meanSD(sums, comp.SampleSD)
		indexValues := sums
		if comp.Restandardise {
			if st.SumSD == 0 {
				return nil, quartier.Errorf(quartier.EINVALID, "Index %s, Teilindex %s: alle Summen sind gleich; sie lassen sich nicht erneut standardisieren.", def.Code, comp.Code)
			}
			indexValues = make([]float64, len(sums))
			for k, i := range considered {
				cr := &res.Rows[i].Components[c]
				cr.Index = (cr.Sum - st.SumMean) / st.SumSD
				indexValues[k] = cr.Index
			}
		} else {
			for _, i := range considered {
				res.Rows[i].Components[c].Index = res.Rows[i].Components[c].Sum
			}
		}
		st.IndexMean, st.IndexSD = meanSD(indexValues, comp.SampleSD)
		if comp.Classes.Scale == quartier.ClassesSD && !comp.Restandardise && st.IndexSD == 0 {
			return nil, quartier.Errorf(quartier.EINVALID, "Index %s, Teilindex %s: alle Werte sind gleich; Klassen in Standardabweichungen gibt es nicht.", def.Code, comp.Code)
		}
		counts := map[string]int{}
		for _, i := range considered {
			cr := &res.Rows[i].Components[c]
			if positionIsIndex(comp) {
				cr.Position = cr.Index
			} else {
				cr.Position = (cr.Index - st.IndexMean) / st.IndexSD
			}
			// Shown on the bound it lies on, so the figure a planner reads
			// gives the class the rule gives.
			cr.Position = comp.Classes.OnBound(cr.Position)
			cr.Class = comp.Classes.Class(cr.Position)
			counts[cr.Class]++
		}
		for _, l := range comp.Classes.Labels {
			st.Classes = append(st.Classes, ClassCount{Label: l, Areas: counts[l]})
		}
		res.Components = append(res.Components, st)
	}
	labels := make([]string, len(def.Components))
	combined := map[string]string{} // few distinct combinations, one string each
	var key []byte                  // looked up without a string per row
	for _, i := range considered {
		key = key[:0]
		for c := range def.Components {
			labels[c] = res.Rows[i].Components[c].Class
			key = append(append(key, labels[c]...), 0)
		}
		v, ok := combined[string(key)]
		if !ok {
			v = strings.Join(labels, def.CombinedSeparator)
			combined[string(key)] = v
		}
		res.Rows[i].Combined = v
	}
	return res, nil
}

// positionIsIndex says the class bounds apply to the index itself: bounds
// on the value, or a re-standardised index, which is its own distance from
// the mean in standard deviations (dividing again would only add rounding
// at the bounds).
func positionIsIndex(comp *quartier.IndexComponent) bool {
	return comp.Classes.Scale == quartier.ClassesValue || comp.Restandardise
}

// exclusion is the reason an area is left out, "" when it is considered.
func exclusion(def *quartier.Index, a areaInput, outliers map[string]bool) string {
	switch {
	case outliers[a.code]:
		if def.Exclude.Reason != "" {
			return def.Exclude.Reason
		}
		return "ausgeschlossen (benannt)"
	case def.Exclude.MinResidents > 0 && a.residents >= def.Exclude.MinResidents:
		// Enough even where some blocks have no figure: residents only
		// add. 0340 Südliches Pankow (91,667 known) was dropped for
		// one building site without a figure.
	case def.Exclude.MinResidents > 0 && !a.hasResidents && a.residents == 0:
		return "keine Einwohnerzahl"
	case def.Exclude.MinResidents > 0 && !a.hasResidents:
		return fmt.Sprintf("Einwohnerzahl unvollständig (bekannt %d, weniger als %d)", a.residents, def.Exclude.MinResidents)
	case def.Exclude.MinResidents > 0:
		return fmt.Sprintf("weniger als %d Einwohner", def.Exclude.MinResidents)
	}
	var missing []string
	for c, comp := range def.Components {
		gaps := 0
		for t := range comp.Terms {
			if math.IsNaN(a.raw[c][t]) {
				gaps++
			}
		}
		// Means stand in for some values, not for all of a component: an
		// area without any value of its own was classed "mittel" by
		// nothing but the means.
		if gaps == 0 || def.Exclude.Missing == quartier.MissingMean && gaps < len(comp.Terms) {
			continue
		}
		for t, term := range comp.Terms {
			if math.IsNaN(a.raw[c][t]) && !slices.Contains(missing, term.Indicator) {
				missing = append(missing, term.Indicator)
			}
		}
	}
	var plain, changed []string
	for _, ind := range missing {
		if why, ok := a.notComparable[ind]; ok {
			changed = append(changed, ind+" ("+strings.TrimSuffix(why, ".")+")")
		} else {
			plain = append(plain, ind)
		}
	}
	var parts []string
	if len(plain) > 0 {
		parts = append(parts, "kein Wert: "+strings.Join(plain, ", "))
	}
	if len(changed) > 0 {
		parts = append(parts, "nicht vergleichbar: "+strings.Join(changed, ", "))
	}
	return strings.Join(parts, "; ")
}

// standIns names the indicators whose mean stands in for a missing value
// of a considered area (MissingMean).
func standIns(def *quartier.Index, r *IndexRow) []string {
	var out []string
	if r.Excluded != "" {
		return nil
	}
	for c, cr := range r.Components {
		for t, x := range cr.Raw {
			if ind := def.Components[c].Terms[t].Indicator; math.IsNaN(x) && !slices.Contains(out, ind) {
				out = append(out, ind)
			}
		}
	}
	return out
}

// standardise replaces the raw values of term t of component c in col
// (one per considered area, NaN where missing) by their standardised
// values and returns its statistics. A missing value becomes the mean of
// the standardised ones (MissingMean; under MissingExclude no area with a
// missing value is considered).
func standardise(def *quartier.Index, c, t int, dir quartier.Direction, col []float64) (TermStats, error) {
	comp := &def.Components[c]
	term := comp.Terms[t]
	ts := TermStats{Indicator: term.Indicator, Label: termLabel(term), Weight: term.Weight, Direction: dir}
	xs := col
	missing := false
	for _, x := range col {
		if math.IsNaN(x) {
			missing = true
			break
		}
	}
	if missing {
		xs = make([]float64, 0, len(col))
		for _, x := range col {
			if !math.IsNaN(x) {
				xs = append(xs, x)
			}
		}
	}
	ts.N = len(xs)
	if ts.N < 2 {
		return ts, quartier.Errorf(quartier.EINVALID, "%s: nur %d Gebiete haben einen Wert; standardisieren braucht mindestens zwei.", termWhere(def, comp, ts), ts.N)
	}
	ts.Mean, ts.SD = meanSD(xs, comp.SampleSD)
	ts.Min, ts.Max = xs[0], xs[0]
	for _, x := range xs[1:] {
		ts.Min, ts.Max = min(ts.Min, x), max(ts.Max, x)
	}
	flip := dir == quartier.HigherIsBetter
	var f func(x float64) float64
	switch comp.Standardisation {
	case quartier.StandardiseZ:
		if ts.SD == 0 {
			return ts, quartier.Errorf(quartier.EINVALID, "%s: alle Gebiete haben denselben Wert; er lässt sich nicht standardisieren.", termWhere(def, comp, ts))
		}
		f = func(x float64) float64 { return (x - ts.Mean) / ts.SD }
		if flip {
			f = func(x float64) float64 { return -((x - ts.Mean) / ts.SD) }
		}
	case quartier.StandardiseMinMax:
		if ts.Max == ts.Min {
			return ts, quartier.Errorf(quartier.EINVALID, "%s: alle Gebiete haben denselben Wert; er lässt sich nicht auf 0 bis 1 bringen.", termWhere(def, comp, ts))
		}
		f = func(x float64) float64 { return (x - ts.Min) / (ts.Max - ts.Min) }
		if flip {
			f = func(x float64) float64 { return (ts.Max - x) / (ts.Max - ts.Min) }
		}
	case quartier.StandardiseRank:
		ranks := averageRanks(xs)
		n := float64(len(xs) + 1)
		k := 0
		for i, x := range col {
			if math.IsNaN(x) {
				continue
			}
			col[i] = ranks[k]
			if flip {
				col[i] = n - ranks[k]
			}
			k++
		}
	}
	fill := 0.0 // what a missing value stands for under MissingMean
	for i, x := range col {
		if math.IsNaN(x) {
			continue
		}
		if f != nil {
			x = f(x)
			col[i] = x
		}
		fill += x
	}
	if missing {
		fill /= float64(len(xs))
		for i, x := range col {
			if math.IsNaN(x) {
				col[i] = fill
			}
		}
	}
	return ts, nil
}

func termWhere(def *quartier.Index, comp *quartier.IndexComponent, ts TermStats) string {
	return fmt.Sprintf("Index %s, Teilindex %s, %s", def.Code, comp.Code, ts.Label)
}

func termLabel(t quartier.IndexTerm) string {
	if t.ChangeFrom != nil {
		return t.Indicator + ": Veränderung seit " + t.ChangeFrom.Format(quartier.GermanDateLayout)
	}
	return t.Indicator
}

// meanSD returns the mean and the standard deviation of xs, dividing by
// n − 1 for sample, else by n. Two passes: one pass of sums of squares
// loses digits when the mean is large against the spread.
func meanSD(xs []float64, sample bool) (mean, sd float64) {
	n := float64(len(xs))
	for _, x := range xs {
		mean += x
	}
	mean /= n
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	if sample {
		n--
	}
	return mean, math.Sqrt(ss / n)
}

// averageRanks ranks xs from 1 (lowest); ties share their mean rank.
func averageRanks(xs []float64) []float64 {
	idx := make([]int, len(xs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return xs[idx[a]] < xs[idx[b]] })
	ranks := make([]float64, len(xs))
	for start := 0; start < len(idx); {
		end := start
		for end+1 < len(idx) && xs[idx[end+1]] == xs[idx[start]] {
			end++
		}
		r := float64(start+end)/2 + 1
		for k := start; k <= end; k++ {
			ranks[idx[k]] = r
		}
		start = end + 1
	}
	return ranks
}

func nans(n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = math.NaN()
	}
	return out
}
