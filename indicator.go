package quartier

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// IndicatorKind says how an indicator's values are made, and so how they
// add up when blocks are summed into larger areas.
type IndicatorKind string

const (
	// IndicatorCount is a number of people or cases; areas sum it.
	IndicatorCount IndicatorKind = "count"
	// IndicatorShare is a share or rate: numerator / denominator × Scale.
	// Areas sum numerators and denominators, never average the shares;
	// where only the shares are delivered they are weighted by the base
	// population.
	IndicatorShare IndicatorKind = "share"
	// IndicatorMeasure is any other figure (a change in percentage points,
	// an average); areas weight it by the base population.
	IndicatorMeasure IndicatorKind = "value"
)

// Valid reports whether k is a known kind.
func (k IndicatorKind) Valid() bool {
	return k == IndicatorCount || k == IndicatorShare || k == IndicatorMeasure
}

// Direction says which end of an indicator signals need. Indices orient
// every indicator so that a higher standardised value means more need.
type Direction string

const (
	HigherIsWorse  Direction = "higher_worse"
	HigherIsBetter Direction = "higher_better"
)

// Indicator (Indikator, Kennzahl) is a figure per area and reference date,
// delivered on one layer in one Gebietsstand.
type Indicator struct {
	ID          int64         `json:"-"`
	Code        string        `json:"code"`
	Name        string        `json:"name"`
	Description string        `json:"description,omitempty"`
	Unit        string        `json:"unit,omitempty"` // "%", "Personen", "Prozentpunkte"
	Kind        IndicatorKind `json:"kind"`
	// Scale of a share: 100 for percent (the default), 1000 for per mille.
	Scale     float64   `json:"scale,omitempty"`
	Direction Direction `json:"direction"`
	Source    string    `json:"source,omitempty"`
	Licence   string    `json:"licence,omitempty"`
	// Layer and LayerDate are the layer and the Gebietsstand (the version's
	// reference date) the values were delivered on.
	Layer     string    `json:"layer"`
	LayerDate time.Time `json:"layer_date"`
	// BaseGroup is the population group that weights shares delivered
	// without counts and values of kind "value" when blocks are summed
	// (default "gesamt").
	BaseGroup string `json:"base_group,omitempty"`
	// MinCount is the threshold of small numbers for this indicator:
	// counts below it are suppressed in published outputs (0: the
	// default, DefaultMinCount).
	MinCount int `json:"min_count,omitempty"`
}

// Defaults fills the settings a delivery may leave out.
func (ind *Indicator) Defaults() {
	if ind.Kind == IndicatorShare && ind.Scale == 0 {
		ind.Scale = 100
	}
	if ind.Direction == "" {
		ind.Direction = HigherIsWorse
	}
	if ind.BaseGroup == "" {
		ind.BaseGroup = "gesamt"
	}
}

// Validate checks an indicator's definition.
func (ind *Indicator) Validate() error {
	switch {
	case !validCode(ind.Code):
		return Errorf(EINVALID, "Indikator-Code %q ist ungültig (erlaubt: a–z, 0–9, -, _; höchstens 40 Zeichen).", ind.Code)
	case ind.Name == "":
		return Errorf(EINVALID, "Der Indikator %s braucht einen Namen.", ind.Code)
	case !ind.Kind.Valid():
		return Errorf(EINVALID, "Indikator %s: unbekannte Art %q (count, share, value).", ind.Code, ind.Kind)
	case ind.Direction != HigherIsWorse && ind.Direction != HigherIsBetter:
		return Errorf(EINVALID, "Indikator %s: unbekannte Richtung %q (higher_worse, higher_better).", ind.Code, ind.Direction)
	case ind.Kind == IndicatorShare && !(ind.Scale > 0):
		return Errorf(EINVALID, "Indikator %s: ein Anteil braucht einen Maßstab über 0 (100 für Prozent).", ind.Code)
	case ind.Kind != IndicatorShare && ind.Scale != 0:
		return Errorf(EINVALID, "Indikator %s: nur Anteile haben einen Maßstab.", ind.Code)
	case ind.Layer == "":
		return Errorf(EINVALID, "Indikator %s: die Ebene der Werte fehlt.", ind.Code)
	case ind.MinCount < 0:
		return Errorf(EINVALID, "Indikator %s: die Schwelle kleiner Zahlen (min_count) kann nicht negativ sein.", ind.Code)
	}
	return nil
}

// IndicatorValue is the value of an indicator for one area on a reference
// date. A share delivered with its counts keeps them (FromCounts), so that
// larger areas sum counts instead of averaging shares. An area without a
// value has no IndicatorValue: withheld is not zero.
type IndicatorValue struct {
	Indicator     string    `json:"indicator"`
	Area          string    `json:"area"`
	ReferenceDate time.Time `json:"reference_date"`
	Value         float64   `json:"value"`
	FromCounts    bool      `json:"from_counts,omitempty"`
	Numerator     float64   `json:"numerator,omitempty"`
	Denominator   float64   `json:"denominator,omitempty"`
	// LayerDate is the Gebietsstand the value was delivered on (its area
	// code is one of that version); zero: the indicator's.
	LayerDate time.Time `json:"layer_date,omitempty"`
}

// Parts of a value a fault can lie in.
const (
	PartValue       = "value"
	PartNumerator   = "numerator"
	PartDenominator = "denominator"
)

// Fault checks v against the rules of the indicator's kind and names the
// part at fault, "" when v is sound. A share from counts gets its Value
// here, so that no caller computes it differently.
func (ind *Indicator) Fault(v *IndicatorValue) (part, msg string) {
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	if v.FromCounts {
		if ind.Kind != IndicatorShare {
			return PartNumerator, "nur Anteile haben Zähler und Nenner."
		}
		switch {
		case !finite(v.Numerator) || v.Numerator < 0:
			return PartNumerator, fmt.Sprintf("der Zähler %s ist keine Anzahl ≥ 0.", FormatNumber(v.Numerator))
		case !finite(v.Denominator) || v.Denominator < 0:
			return PartDenominator, fmt.Sprintf("der Nenner %s ist keine Anzahl ≥ 0.", FormatNumber(v.Denominator))
		case v.Denominator == 0:
			return PartDenominator, "der Nenner ist 0; ein Anteil lässt sich nicht bilden (leer lassen, wenn es keinen Wert gibt)."
		case v.Numerator > v.Denominator:
			return PartNumerator, fmt.Sprintf("der Zähler %s ist größer als der Nenner %s.", FormatNumber(v.Numerator), FormatNumber(v.Denominator))
		}
		v.Value = v.Numerator * ind.Scale / v.Denominator
		return "", ""
	}
	switch {
	case !finite(v.Value):
		return PartValue, "der Wert ist keine endliche Zahl."
	case ind.Kind == IndicatorCount && v.Value < 0:
		return PartValue, fmt.Sprintf("eine Anzahl kann nicht negativ sein (%s).", FormatNumber(v.Value))
	case ind.Kind == IndicatorShare && (v.Value < 0 || v.Value > ind.Scale):
		return PartValue, fmt.Sprintf("ein Anteil liegt zwischen 0 und %s, nicht bei %s.", FormatNumber(ind.Scale), FormatNumber(v.Value))
	}
	return "", ""
}

// FormatNumber writes x with a decimal comma, as German readers expect,
// with the shortest digits that read back as x.
func FormatNumber(x float64) string {
	s := fmt.Sprint(x)
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return s
	}
	b := []byte(s)
	for i, c := range b {
		if c == '.' {
			b[i] = ','
		}
	}
	return string(b)
}

// Standardisation is how an index makes its indicators comparable.
type Standardisation string

const (
	// StandardiseZ: (x − mean) / standard deviation over the considered areas.
	StandardiseZ Standardisation = "z"
	// StandardiseMinMax: (x − min) / (max − min), 0 … 1.
	StandardiseMinMax Standardisation = "minmax"
	// StandardiseRank: the rank among the considered areas, 1 for the
	// lowest value, ties sharing their mean rank.
	StandardiseRank Standardisation = "rank"
)

// ClassScale says what class bounds are measured in.
type ClassScale string

const (
	// ClassesSD: bounds in standard deviations of the index from its mean.
	ClassesSD ClassScale = "sd"
	// ClassesValue: bounds on the index value itself.
	ClassesValue ClassScale = "value"
)

// Missing values of a considered area.
const (
	// MissingExclude leaves an area without a value of any chosen indicator
	// out of the whole index (before standardising).
	MissingExclude = "exclude"
	// MissingMean keeps the area and gives the missing indicator the mean
	// (a standardised value of 0 for z; of the others their mean).
	MissingMean = "mean"
)

// Index is the definition of a composite index (Sozialindex): which
// indicators, how standardised, weighted, summed, classified and which
// areas are left out first. Every choice of a published method (e.g. the
// Berlin Monitoring Soziale Stadtentwicklung) is a setting here, none a
// constant of the code, so a planner can reproduce the method or change it.
type Index struct {
	ID          int64  `json:"-"`
	Code        string `json:"code"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	Source      string `json:"source,omitempty"` // the method's publication
	// Layer is the layer the index is computed on unless another is asked
	// for; values of blocks are summed into its areas first.
	Layer         string    `json:"layer"`
	ReferenceDate time.Time `json:"reference_date"`
	// PopulationGroup counts the residents for exclusion and export
	// (default "gesamt"), from the newest figures up to ReferenceDate.
	PopulationGroup string           `json:"population_group,omitempty"`
	Exclude         IndexExclusion   `json:"exclude"`
	Components      []IndexComponent `json:"components"`
	// CombinedSeparator joins the components' class labels into the
	// combined class ("niedrig / negativ"); default " / ".
	CombinedSeparator string `json:"combined_separator,omitempty"`
}

// IndexExclusion is applied before standardising, to every component.
type IndexExclusion struct {
	// MinResidents leaves out areas with fewer residents (0: none).
	MinResidents int `json:"min_residents,omitempty"`
	// Areas are left out by name (outliers), with Reason in the result.
	Areas  []string `json:"areas,omitempty"`
	Reason string   `json:"reason,omitempty"`
	// Missing: MissingExclude (default) or MissingMean.
	Missing string `json:"missing,omitempty"`
}

// IndexComponent is one index of a composite: the status index or the
// dynamics index of the MSS.
type IndexComponent struct {
	Code            string          `json:"code"`
	Name            string          `json:"name"`
	Terms           []IndexTerm     `json:"terms"`
	Standardisation Standardisation `json:"standardisation"`
	// SampleSD divides by n − 1 instead of n wherever this component takes
	// a standard deviation (z-values, re-standardising, SD classes).
	SampleSD bool `json:"sample_sd,omitempty"`
	// Restandardise z-standardises the weighted sum again: the index.
	Restandardise bool         `json:"restandardise,omitempty"`
	Classes       IndexClasses `json:"classes"`
}

// IndexTerm is one indicator of a component with its weight.
type IndexTerm struct {
	Indicator string  `json:"indicator"`
	Weight    float64 `json:"weight"`
	// ChangeFrom makes the term the change of the indicator from this date
	// to the index's reference date (a dynamics term from two dates).
	ChangeFrom *time.Time `json:"change_from,omitempty"`
}

// IndexClasses cut the index into labelled classes, lowest first.
type IndexClasses struct {
	Scale  ClassScale `json:"scale"`
	Bounds []float64  `json:"bounds"` // ascending, one fewer than Labels
	Labels []string   `json:"labels"`
	// UpperInclusive puts a value exactly on a bound into the class below;
	// by default it belongs to the class above.
	UpperInclusive bool `json:"upper_inclusive,omitempty"`
}

// boundTolerance is how close, relative to the bound, a position lies on
// it: sums of z-values carry float noise of about 1e-15, so an area
// exactly one SD above the mean came out at 0.9999999999999998 or
// 1.0000000000000004 and the noise decided its class; real distances from
// a bound are far larger (the nearest of Berlin's 536 is 0.0016).
const boundTolerance = 1e-9

// OnBound returns the bound x lies on within float noise, else x.
func (c *IndexClasses) OnBound(x float64) float64 {
	for _, b := range c.Bounds {
		if math.Abs(x-b) <= boundTolerance*math.Max(1, math.Abs(b)) {
			return b
		}
	}
	return x
}

// Class returns the label for x (on the classes' scale); a value on a
// bound within float noise lies on it.
func (c *IndexClasses) Class(x float64) string {
	x = c.OnBound(x)
	i := 0
	for i < len(c.Bounds) && (x > c.Bounds[i] || !c.UpperInclusive && x == c.Bounds[i]) {
		i++
	}
	return c.Labels[i]
}

// Decimals returns how many decimals, at least least, x needs so that the
// rounded figure falls into the class x falls into, and lies on a bound
// only where x does: a published index rounded to two decimals printed
// −0.9975 (mittel) and −1.0043 (hoch) alike as "−1,00", and a reader
// applying the bounds to the figure got another class than the one
// printed beside it. −1 (as many as it takes) where 16 do not do.
func (c *IndexClasses) Decimals(x float64, least int) int {
	want, on := c.Class(x), c.OnBound(x)
	for d := least; d < 17; d++ {
		r, err := strconv.ParseFloat(strconv.FormatFloat(x, 'f', d, 64), 64)
		if err != nil {
			break
		}
		if c.Class(r) == want && (c.OnBound(r) == on || !slices.Contains(c.Bounds, c.OnBound(r))) {
			return d
		}
	}
	return -1
}

// FormatFixed writes x with decimals digits after the point (-1: as many
// as it takes), as strconv.FormatFloat does, but a figure that rounds to
// zero has no sign: −0.004 is "0.00", not "-0.00", in every table a
// planner reads.
func FormatFixed(x float64, decimals int) string {
	s := strconv.FormatFloat(x, 'f', decimals, 64)
	if strings.Trim(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-")
	}
	return s
}

// Defaults fills the settings a definition may leave out.
func (x *Index) Defaults() {
	if x.PopulationGroup == "" {
		x.PopulationGroup = "gesamt"
	}
	if x.Exclude.Missing == "" {
		x.Exclude.Missing = MissingExclude
	}
	if x.CombinedSeparator == "" {
		x.CombinedSeparator = " / "
	}
	for i := range x.Components {
		c := &x.Components[i]
		if c.Standardisation == "" {
			c.Standardisation = StandardiseZ
		}
		if c.Classes.Scale == "" {
			c.Classes.Scale = ClassesSD
		}
		for j := range c.Terms {
			if c.Terms[j].Weight == 0 {
				c.Terms[j].Weight = 1
			}
		}
	}
}

// Validate checks an index definition on its own; whether its indicators
// exist is the use case's to check.
func (x *Index) Validate() error {
	switch {
	case !validCode(x.Code):
		return Errorf(EINVALID, "Index-Code %q ist ungültig (erlaubt: a–z, 0–9, -, _; höchstens 40 Zeichen).", x.Code)
	case x.Name == "":
		return Errorf(EINVALID, "Der Index %s braucht einen Namen.", x.Code)
	case x.Layer == "":
		return Errorf(EINVALID, "Index %s: die Ebene fehlt.", x.Code)
	case x.ReferenceDate.IsZero():
		return Errorf(EINVALID, "Index %s: der Stichtag fehlt.", x.Code)
	case len(x.Components) == 0:
		return Errorf(EINVALID, "Index %s hat keinen Teilindex.", x.Code)
	case x.Exclude.MinResidents < 0:
		return Errorf(EINVALID, "Index %s: die Mindestzahl der Einwohner kann nicht negativ sein.", x.Code)
	case x.Exclude.Missing != MissingExclude && x.Exclude.Missing != MissingMean:
		return Errorf(EINVALID, "Index %s: fehlende Werte %q (exclude oder mean).", x.Code, x.Exclude.Missing)
	}
	seen := map[string]bool{}
	for _, c := range x.Components {
		where := fmt.Sprintf("Index %s, Teilindex %s", x.Code, c.Code)
		switch {
		case !validCode(c.Code) || seen[c.Code]:
			return Errorf(EINVALID, "Index %s: Teilindex-Code %q ist ungültig oder doppelt.", x.Code, c.Code)
		case len(c.Terms) == 0:
			return Errorf(EINVALID, "%s: keine Indikatoren.", where)
		case c.Standardisation != StandardiseZ && c.Standardisation != StandardiseMinMax && c.Standardisation != StandardiseRank:
			return Errorf(EINVALID, "%s: unbekannte Standardisierung %q (z, minmax, rank).", where, c.Standardisation)
		case c.Classes.Scale != ClassesSD && c.Classes.Scale != ClassesValue:
			return Errorf(EINVALID, "%s: Klassengrenzen in %q (sd oder value).", where, c.Classes.Scale)
		case len(c.Classes.Labels) != len(c.Classes.Bounds)+1:
			return Errorf(EINVALID, "%s: %d Klassengrenzen brauchen %d Bezeichnungen, nicht %d.", where, len(c.Classes.Bounds), len(c.Classes.Bounds)+1, len(c.Classes.Labels))
		case !slices.IsSorted(c.Classes.Bounds) || len(slices.Compact(slices.Clone(c.Classes.Bounds))) != len(c.Classes.Bounds):
			return Errorf(EINVALID, "%s: die Klassengrenzen müssen aufsteigen.", where)
		}
		seen[c.Code] = true
		terms := map[string]bool{}
		for _, t := range c.Terms {
			key := t.Indicator
			if t.ChangeFrom != nil {
				key += "@" + t.ChangeFrom.Format(DateLayout)
				if !t.ChangeFrom.Before(x.ReferenceDate) {
					return Errorf(EINVALID, "%s: die Veränderung von %s muss vor dem Stichtag beginnen.", where, t.Indicator)
				}
			}
			if terms[key] {
				return Errorf(EINVALID, "%s: Indikator %s steht doppelt.", where, t.Indicator)
			}
			terms[key] = true
			if math.IsNaN(t.Weight) || math.IsInf(t.Weight, 0) {
				return Errorf(EINVALID, "%s: das Gewicht von %s ist keine Zahl.", where, t.Indicator)
			}
		}
	}
	return nil
}

// MonitoringTx stores indicators, their values and index definitions.
type MonitoringTx interface {
	// SaveIndicator creates the indicator or updates the one with its code;
	// sets ind.ID.
	SaveIndicator(ctx context.Context, ind *Indicator) error
	// Indicators, ordered by code.
	Indicators(ctx context.Context) ([]Indicator, error)
	// ReplaceIndicatorValues replaces what is stored for the indicator at
	// the date (a corrected delivery replaces the first).
	ReplaceIndicatorValues(ctx context.Context, indicatorID int64, date time.Time, vs []IndicatorValue) error
	// IndicatorValues of one indicator, ordered by date and area.
	IndicatorValues(ctx context.Context, indicatorID int64) ([]IndicatorValue, error)
	// SaveIndex creates the index or replaces the definition with its
	// code; sets x.ID.
	SaveIndex(ctx context.Context, x *Index) error
	// Indices, ordered by code.
	Indices(ctx context.Context) ([]Index, error)
	PublicationTx     // publication.go: published, suppressed outputs
	CommitteeReportTx // committee.go: saved committee reports
	// allocation.go: released proposals (their measure tables are linked
	// with later releases of the same indicators)
	AllocationReleaseTx
}
