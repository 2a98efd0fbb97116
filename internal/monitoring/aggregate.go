package monitoring

import (
	"math"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/spatial"
)

// AreaValue is an indicator's value for one area, summed from its blocks
// where the indicator was delivered on blocks.
type AreaValue struct {
	Area, Name string
	// Value is NaN where no block of the area has one.
	Value float64
	// FromCounts: the value is the summed numerator over the summed
	// denominator (both given).
	FromCounts             bool
	Numerator, Denominator float64
	// Blocks of the area, how many of them have a value, and whether the
	// value rests on all of them (and, where weighted, on their residents).
	Blocks, Reported int
	Complete         bool
	// LayerDate is the Gebietsstand the values were delivered on. Where it
	// is older than the layer's current one, Blocks and Reported count the
	// old areas that make up the area exactly.
	LayerDate time.Time
	// NotComparable says why a value delivered on an older Gebietsstand
	// cannot be given for the area (its borders changed in a way the old
	// areas do not add up to); the Value is then NaN. "" otherwise.
	NotComparable string
}

// sumUp returns the indicator's values on layer, one per area of the
// layer in code order. Values delivered on the layer itself are taken as
// they are; values delivered on blocks are summed into the layer's
// areas: counts add up; shares add numerators and denominators, never
// the shares; shares without counts and other values are weighted by the
// residents of the indicator's base group (base, per block).
func sumUp(ind *quartier.Indicator, vals []quartier.IndicatorValue, layer string, loc *spatial.Locator, base map[string]int) ([]AreaValue, error) {
	areas := loc.Areas(layer)
	if areas == nil {
		return nil, quartier.Errorf(quartier.ENOTFOUND, "Die Ebene %s gibt es nicht oder sie hat keinen gültigen Gebietsstand.", layer)
	}
	byArea := make(map[string]*quartier.IndicatorValue, len(vals))
	for i := range vals {
		byArea[vals[i].Area] = &vals[i]
	}
	out := make([]AreaValue, len(areas))
	index := make(map[string]int, len(areas))
	for i, a := range areas {
		out[i] = AreaValue{Area: a.Code, Name: a.Name, Value: math.NaN()}
		index[a.Code] = i
	}
	if ind.Layer == layer {
		for i := range out {
			out[i].Blocks = 1
			if v, ok := byArea[out[i].Area]; ok {
				out[i].Value, out[i].FromCounts, out[i].Numerator, out[i].Denominator = v.Value, v.FromCounts, v.Numerator, v.Denominator
				out[i].Reported, out[i].Complete = 1, true
			}
		}
		return out, nil
	}
	if !isBlockLayer(loc, ind.Layer) {
		return nil, quartier.Errorf(quartier.EINVALID, "Indikator %s liegt auf der Ebene %s vor; auf %s umrechnen lässt er sich nur aus Bausteinen.", ind.Code, ind.Layer, layer)
	}
	blocks, owners, ok := loc.BlockAreas(layer)
	if !ok {
		return nil, quartier.Errorf(quartier.EINVALID, "Die Ebene %s ist nicht aus Bausteinen zusammengesetzt; Indikatoren lassen sich nicht exakt auf sie summieren.", layer)
	}
	accs := make([]areaSum, len(out))
	for bi, b := range blocks {
		k, ok := index[owners[bi]]
		if !ok {
			continue
		}
		out[k].Blocks++
		v, ok := byArea[b]
		if !ok {
			continue
		}
		out[k].Reported++
		p, weighted := base[b]
		accs[k].add(ind, v, float64(p), weighted)
	}
	return out, finishSums(ind, layer, base != nil, out, accs)
}

// areaSum adds up the values of an area's parts (blocks, or the areas of
// an older Gebietsstand that make it up exactly).
type areaSum struct {
	sum, num, den, weighted, residents float64
	noCounts, unweighted               bool
}

// add takes one part's value; residents of the base group weight it
// where it is a share without counts or a value.
func (a *areaSum) add(ind *quartier.Indicator, v *quartier.IndicatorValue, residents float64, weighted bool) {
	if ind.Kind == quartier.IndicatorCount {
		a.sum += v.Value
		return
	}
	if v.FromCounts {
		a.num += v.Numerator
		a.den += v.Denominator
	} else {
		a.noCounts = true
	}
	if weighted {
		a.weighted += v.Value * residents
		a.residents += residents
	} else {
		a.unweighted = true
	}
}

// finishSums turns the sums into values: counts add up, shares from
// counts divide the sums, the rest are weighted means, refused when no
// residents exist to weight them (hasBase false).
func finishSums(ind *quartier.Indicator, layer string, hasBase bool, out []AreaValue, accs []areaSum) error {
	for k := range out {
		if a := &accs[k]; !hasBase && out[k].Reported > 0 && ind.Kind != quartier.IndicatorCount && !(ind.Kind == quartier.IndicatorShare && !a.noCounts) {
			return quartier.Errorf(quartier.EINVALID, "Indikator %s liegt je Baustein ohne Zähler und Nenner vor; auf %s summieren lässt er sich nur gewichtet mit den Einwohnern (Gruppe %s), und für sie gibt es keine Zahlen (quartier import population).",
				ind.Code, layer, ind.BaseGroup)
		}
	}
	for k := range out {
		o, a := &out[k], &accs[k]
		o.Complete = o.Blocks > 0 && o.Reported == o.Blocks
		switch {
		case o.Reported == 0:
		case ind.Kind == quartier.IndicatorCount:
			o.Value = a.sum
		case ind.Kind == quartier.IndicatorShare && !a.noCounts:
			o.FromCounts, o.Numerator, o.Denominator = true, a.num, a.den
			o.Value = a.num * ind.Scale / a.den
		default:
			o.Complete = o.Complete && !a.unweighted
			if a.residents > 0 {
				o.Value = a.weighted / a.residents
			}
		}
	}
	return nil
}

func isBlockLayer(loc *spatial.Locator, code string) bool {
	for _, l := range loc.Layers() {
		if l.Code == code {
			return l.Kind == quartier.LayerBlock
		}
	}
	return false
}

// residentsAt returns the residents of group per block from the newest
// figures up to date, else the earliest after it, with their date; nil
// when the group has no figures.
func residentsAt(pop []quartier.Population, group string, date time.Time) (map[string]int, time.Time) {
	var best time.Time
	for _, p := range pop {
		if p.Group != group {
			continue
		}
		d := p.ReferenceDate
		switch {
		case best.IsZero():
			best = d
		case !d.After(date) && (best.After(date) || d.After(best)):
			best = d
		case d.After(date) && best.After(date) && d.Before(best):
			best = d
		}
	}
	if best.IsZero() {
		return nil, best
	}
	out := map[string]int{}
	for _, p := range pop {
		if p.Group == group && p.ReferenceDate.Equal(best) {
			out[p.Block] = p.Residents
		}
	}
	return out, best
}
