package monitoring

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/spatial"
)

// ImportReport says what an import stored.
type ImportReport struct {
	Layer     string
	LayerDate time.Time // the Gebietsstand the codes were checked against
	Rows      int
	Dates     []time.Time
	// Per indicator, in mapping order.
	Indicators []IndicatorImport
}

// IndicatorImport counts one indicator's values.
type IndicatorImport struct {
	Code     string
	Values   int
	Withheld int
	Replaced int // values of the same dates stored before
}

// ImportIndicators reads a table of indicator values with a mapping and
// stores the indicators and their values in one transaction, after every
// row has been checked: unknown area codes (of the layer's current
// Gebietsstand), duplicate areas per date, non-numeric values, negative
// counts, shares outside their range, a numerator without denominator.
// Values of a date already stored are replaced whole; other dates stay.
func (s *Service) ImportIndicators(ctx context.Context, r io.Reader, m Mapping) (*ImportReport, error) {
	if err := s.audit.Require(ctx, quartier.PermManageIndicators, "indicator", ""); err != nil {
		return nil, err
	}
	version, known, err := s.deliveryCodes(ctx, m)
	if err != nil {
		return nil, err
	}
	tab, err := ReadAnyValues(r, &m, func(area string) bool { return known[area] })
	if err != nil {
		return nil, err
	}
	rep := &ImportReport{Layer: m.Layer, LayerDate: version.ReferenceDate, Rows: tab.Rows, Dates: tab.Dates()}
	codes := make([]string, len(m.Indicators))
	for i, mi := range m.Indicators {
		codes[i] = mi.Code
	}
	err = audit.Change(ctx, s.audit, s.store, quartier.PermManageIndicators, "indicator", strings.Join(codes, ","), func(tx Tx) (audit.Event, error) {
		rep.Indicators = rep.Indicators[:0]
		stored, err := tx.Indicators(ctx)
		if err != nil {
			return audit.Event{}, err
		}
		total := 0
		for _, mi := range m.Indicators {
			ind := mi.Indicator
			ind.LayerDate = version.ReferenceDate
			if i := slices.IndexFunc(stored, func(x quartier.Indicator) bool { return x.Code == ind.Code }); i >= 0 {
				// Values of other dates stay, so they must mean the same.
				if old := stored[i]; old.Kind != ind.Kind || old.Layer != ind.Layer {
					return audit.Event{}, quartier.Errorf(quartier.ECONFLICT, "Indikator %s ist als %s auf der Ebene %s gespeichert, nicht als %s auf %s; unter einem neuen Code einspielen.",
						ind.Code, old.Kind, old.Layer, ind.Kind, ind.Layer)
				}
				// The indicator names the newest Gebietsstand delivered on.
				if old := stored[i]; old.LayerDate.After(ind.LayerDate) {
					ind.LayerDate = old.LayerDate
				}
			}
			if err := tx.SaveIndicator(ctx, &ind); err != nil {
				return audit.Event{}, err
			}
			before, err := tx.IndicatorValues(ctx, ind.ID)
			if err != nil {
				return audit.Event{}, err
			}
			ir := IndicatorImport{Code: ind.Code, Withheld: tab.Withheld[ind.Code]}
			for _, d := range rep.Dates {
				vs := tab.Values[ind.Code][d]
				for i := range vs {
					vs[i].LayerDate = version.ReferenceDate
				}
				if err := tx.ReplaceIndicatorValues(ctx, ind.ID, d, vs); err != nil {
					return audit.Event{}, err
				}
				ir.Values += len(vs)
			}
			for _, v := range before {
				if slices.ContainsFunc(rep.Dates, v.ReferenceDate.Equal) {
					ir.Replaced++
				}
			}
			total += ir.Values
			rep.Indicators = append(rep.Indicators, ir)
		}
		dates := make([]string, len(rep.Dates))
		for i, d := range rep.Dates {
			dates[i] = d.Format(quartier.GermanDateLayout)
		}
		return audit.Event{Action: "indicators.import", ObjectType: "indicator", ObjectID: strings.Join(codes, ","),
			Detail: fmt.Sprintf("%d Werte zum %s auf %s (Gebietsstand %s) aus %d Zeilen", total, strings.Join(dates, ", "), m.Layer,
				version.ReferenceDate.Format(quartier.GermanDateLayout), tab.Rows)}, nil
	})
	if err != nil {
		return nil, err
	}
	return rep, nil
}

// Dates lists the reference dates of the table's rows, oldest first.
func (t *ValueTable) Dates() []time.Time {
	return slices.SortedFunc(maps.Keys(t.dates), time.Time.Compare)
}

// Indicators lists the defined indicators. Definitions are public, like
// the layers; their values are not.
func (s *Service) Indicators(ctx context.Context) ([]quartier.Indicator, error) {
	var out []quartier.Indicator
	err := s.store.View(ctx, func(tx Tx) (err error) {
		out, err = tx.Indicators(ctx)
		return err
	})
	return out, err
}

// Indices lists the index definitions (public, like the indicators).
func (s *Service) Indices(ctx context.Context) ([]quartier.Index, error) {
	var out []quartier.Index
	err := s.store.View(ctx, func(tx Tx) (err error) {
		out, err = tx.Indices(ctx)
		return err
	})
	return out, err
}

// SaveIndex stores an index definition (a new one, or a new version of
// the one with its code) after checking it and that its indicators exist.
func (s *Service) SaveIndex(ctx context.Context, x quartier.Index) error {
	x.Defaults()
	return audit.Change(ctx, s.audit, s.store, quartier.PermManageIndicators, "index", x.Code, func(tx Tx) (audit.Event, error) {
		// Validated after the permission: whoever may not save an index is
		// refused (and the refusal audited) whatever she sends.
		if err := x.Validate(); err != nil {
			return audit.Event{}, err
		}
		inds, err := tx.Indicators(ctx)
		if err != nil {
			return audit.Event{}, err
		}
		var terms []string
		for _, c := range x.Components {
			for _, t := range c.Terms {
				if !slices.ContainsFunc(inds, func(i quartier.Indicator) bool { return i.Code == t.Indicator }) {
					return audit.Event{}, quartier.Errorf(quartier.EINVALID, "Index %s, Teilindex %s: den Indikator %s gibt es nicht.", x.Code, c.Code, t.Indicator)
				}
				terms = append(terms, fmt.Sprintf("%s×%s", quartier.FormatNumber(t.Weight), termLabel(t)))
			}
		}
		if err := tx.SaveIndex(ctx, &x); err != nil {
			return audit.Event{}, err
		}
		return audit.Event{Action: "index.save", ObjectType: "index", ObjectID: x.Code,
			Detail: fmt.Sprintf("Ebene %s, Stichtag %s: %s", x.Layer, x.ReferenceDate.Format(quartier.GermanDateLayout), strings.Join(terms, ", "))}, nil
	})
}

// ValueReport is an indicator on one layer at one date.
type ValueReport struct {
	Indicator quartier.Indicator
	Layer     string
	Date      time.Time
	// PopulationDate of the residents that weighted shares without counts
	// (zero when none were needed or none exist).
	PopulationDate time.Time
	Areas          []AreaValue // the areas the actor may see, in code order
}

// Values returns an indicator's values at date on layer, summed from
// blocks where it was delivered on blocks. Internal values: only with
// indicators.read, and only for the areas in the actor's spaces.
func (s *Service) Values(ctx context.Context, indicator, layer string, date time.Time) (*ValueReport, error) {
	if err := s.audit.Require(ctx, quartier.PermReadIndicators, "indicator", indicator); err != nil {
		return nil, err
	}
	rep, err := s.allValues(ctx, indicator, layer, date)
	if err != nil {
		return nil, err
	}
	see := visibleAreas(ctx, s.spatial.Locator(), layer)
	rep.Areas = slices.DeleteFunc(rep.Areas, func(av AreaValue) bool { return !see(av.Area) })
	if err := s.audit.Read(ctx, audit.Event{Action: "indicator.values", ObjectType: "indicator", ObjectID: indicator,
		Detail: fmt.Sprintf("Ebene %s, Stichtag %s, %d Gebiete", layer, date.Format(quartier.GermanDateLayout), len(rep.Areas))}); err != nil {
		return nil, err
	}
	return rep, nil
}

// allValues is the indicator on layer at date for every area, whoever
// asks: the caller checks the permission and filters.
func (s *Service) allValues(ctx context.Context, indicator, layer string, date time.Time) (*ValueReport, error) {
	ind, vals, pop, err := s.load(ctx, indicator)
	if err != nil {
		return nil, err
	}
	rep := &ValueReport{Indicator: *ind, Layer: layer, Date: date}
	base, popDate := residentsAt(pop, ind.BaseGroup, date)
	if ind.Layer != layer && ind.Kind != quartier.IndicatorCount {
		rep.PopulationDate = popDate
	}
	rep.Areas, err = s.sumAt(ctx, ind, vals, date, layer, base)
	return rep, err
}

// load reads an indicator with all its values and the population.
func (s *Service) load(ctx context.Context, indicator string) (ind *quartier.Indicator, vals []quartier.IndicatorValue, pop []quartier.Population, err error) {
	err = s.store.View(ctx, func(tx Tx) error {
		inds, err := tx.Indicators(ctx)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(inds, func(x quartier.Indicator) bool { return x.Code == indicator })
		if i < 0 {
			return quartier.Errorf(quartier.ENOTFOUND, "Den Indikator %s gibt es nicht.", indicator)
		}
		ind = &inds[i]
		if vals, err = tx.IndicatorValues(ctx, ind.ID); err != nil {
			return err
		}
		pop, err = tx.Population(ctx)
		return err
	})
	return ind, vals, pop, err
}

func atDate(vals []quartier.IndicatorValue, date time.Time) []quartier.IndicatorValue {
	var out []quartier.IndicatorValue
	for _, v := range vals {
		if v.ReferenceDate.Equal(date) {
			out = append(out, v)
		}
	}
	return out
}

// visibleAreas says which areas of layer the actor may see the internal
// values of: all with a grant for every space; else the areas whose
// blocks all lie in spaces its grants cover (deny by default: an area
// reaching into a space outside them, or lying in none, is hidden).
func visibleAreas(ctx context.Context, loc *spatial.Locator, layer string) func(area string) bool {
	actor := quartier.ActorFrom(ctx)
	if actor.CanInSpace(quartier.PermReadIndicators, quartier.AllSpaces) {
		return func(string) bool { return true }
	}
	blocks, owners, ok := loc.BlockAreas(layer)
	_, spaces, okSpace := loc.BlockAreas(loc.SpaceLayer())
	if !ok || !okSpace || loc.SpaceLayer() == "" {
		return func(string) bool { return false }
	}
	hidden := map[string]bool{}
	for bi := range blocks {
		if sp := spaces[bi]; sp == "" || !actor.CanInSpace(quartier.PermReadIndicators, quartier.SpaceCode(sp)) {
			hidden[owners[bi]] = true
		}
	}
	return func(area string) bool { return !hidden[area] }
}

// ComputeIndex computes the index with its code on layer ("" for the
// index's own layer): values are summed from blocks into the layer's
// areas first, residents likewise. Internal values: only with
// indicators.read; rows only for the areas in the actor's spaces, the
// statistics over all considered areas (they describe the city, as the
// standardisation does).
func (s *Service) ComputeIndex(ctx context.Context, code, layer string) (*IndexResult, error) {
	if err := s.audit.Require(ctx, quartier.PermReadIndicators, "index", code); err != nil {
		return nil, err
	}
	res, err := s.computeIndex(ctx, code, layer)
	if err != nil {
		return nil, err
	}
	see := visibleAreas(ctx, s.spatial.Locator(), res.Layer)
	res.Rows = slices.DeleteFunc(res.Rows, func(r IndexRow) bool { return !see(r.Area) })
	if err := s.audit.Read(ctx, audit.Event{Action: "index.result", ObjectType: "index", ObjectID: code,
		Detail: fmt.Sprintf("Ebene %s, %d Gebiete", res.Layer, len(res.Rows))}); err != nil {
		return nil, err
	}
	return res, nil
}

// computeIndex is the index over every area of layer, whoever asks: the
// caller checks the permission and filters.
func (s *Service) computeIndex(ctx context.Context, code, layer string) (*IndexResult, error) {
	var def *quartier.Index
	inds := map[string]*quartier.Indicator{}
	vals := map[string][]quartier.IndicatorValue{}
	var pop []quartier.Population
	err := s.store.View(ctx, func(tx Tx) error {
		xs, err := tx.Indices(ctx)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(xs, func(x quartier.Index) bool { return x.Code == code })
		if i < 0 {
			return quartier.Errorf(quartier.ENOTFOUND, "Den Index %s gibt es nicht.", code)
		}
		def = &xs[i]
		all, err := tx.Indicators(ctx)
		if err != nil {
			return err
		}
		for i := range all {
			inds[all[i].Code] = &all[i]
		}
		for _, c := range def.Components {
			for _, t := range c.Terms {
				ind, ok := inds[t.Indicator]
				if !ok {
					return quartier.Errorf(quartier.ENOTFOUND, "Index %s: den Indikator %s gibt es nicht mehr.", code, t.Indicator)
				}
				if _, done := vals[t.Indicator]; !done {
					if vals[t.Indicator], err = tx.IndicatorValues(ctx, ind.ID); err != nil {
						return err
					}
				}
			}
		}
		pop, err = tx.Population(ctx)
		return err
	})
	if err != nil {
		return nil, err
	}
	if layer == "" {
		layer = def.Layer
	}
	loc := s.spatial.Locator()
	areas := loc.Areas(layer)
	if areas == nil {
		return nil, quartier.Errorf(quartier.ENOTFOUND, "Die Ebene %s gibt es nicht oder sie hat keinen gültigen Gebietsstand.", layer)
	}
	inputs := make([]areaInput, len(areas))
	for i, a := range areas {
		inputs[i] = areaInput{code: a.Code, name: a.Name, raw: make([][]float64, len(def.Components))}
	}
	residents, popDate := residentsAt(pop, def.PopulationGroup, def.ReferenceDate)
	if residents != nil {
		counts, err := sumResidents(residents, layer, loc)
		if err != nil {
			return nil, err
		}
		for i := range inputs {
			inputs[i].residents, inputs[i].hasResidents = counts[i].residents, counts[i].complete
		}
	}
	dirs := map[string]quartier.Direction{}
	for c, comp := range def.Components {
		for i := range inputs {
			inputs[i].raw[c] = nans(len(comp.Terms))
		}
		for t, term := range comp.Terms {
			ind := inds[term.Indicator]
			dirs[term.Indicator] = ind.Direction
			base, _ := residentsAt(pop, ind.BaseGroup, def.ReferenceDate)
			now, err := s.sumAt(ctx, ind, vals[term.Indicator], def.ReferenceDate, layer, base)
			if err != nil {
				return nil, err
			}
			var then []AreaValue
			if term.ChangeFrom != nil {
				base, _ := residentsAt(pop, ind.BaseGroup, *term.ChangeFrom)
				if then, err = s.sumAt(ctx, ind, vals[term.Indicator], *term.ChangeFrom, layer, base); err != nil {
					return nil, err
				}
			}
			for i := range inputs {
				x := now[i].Value
				why := now[i].NotComparable
				if then != nil {
					x -= then[i].Value // NaN stays NaN
					inputs[i].small = inputs[i].small || smallCounts(ind, then[i])
					why = cmp.Or(why, then[i].NotComparable)
				}
				if why != "" {
					if inputs[i].notComparable == nil {
						inputs[i].notComparable = map[string]string{}
					}
					inputs[i].notComparable[term.Indicator] = why
				}
				inputs[i].raw[c][t] = x
				inputs[i].small = inputs[i].small || smallCounts(ind, now[i])
			}
		}
	}
	res, err := compute(def, dirs, inputs)
	if err != nil {
		return nil, err
	}
	res.Layer, res.PopulationDate = layer, popDate
	return res, nil
}

type residentCount struct {
	residents int
	complete  bool
}

// sumResidents sums residents per block into the areas of layer (in the
// layer's code order); complete when every block of an area has a figure.
func sumResidents(perBlock map[string]int, layer string, loc *spatial.Locator) ([]residentCount, error) {
	areas := loc.Areas(layer)
	blocks, owners, ok := loc.BlockAreas(layer)
	if !ok {
		return nil, quartier.Errorf(quartier.EINVALID, "Die Ebene %s ist nicht aus Bausteinen zusammengesetzt; Einwohner lassen sich nicht exakt auf sie summieren.", layer)
	}
	index := make(map[string]int, len(areas))
	out := make([]residentCount, len(areas))
	for i, a := range areas {
		index[a.Code] = i
		out[i].complete = true
	}
	seen := make([]bool, len(areas))
	for bi, b := range blocks {
		k, ok := index[owners[bi]]
		if !ok {
			continue
		}
		seen[k] = true
		n, ok := perBlock[b]
		out[k].residents += n
		out[k].complete = out[k].complete && ok
	}
	for k := range out {
		out[k].complete = out[k].complete && seen[k]
	}
	return out, nil
}
