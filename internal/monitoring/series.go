package monitoring

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/spatial"
)

// SeriesPoint is one area's value at a reference date beside the city's.
type SeriesPoint struct {
	Date time.Time
	Area AreaValue
	// City is the value of the whole territory, formed by the same rules
	// as any area (counts add up, shares from summed counts, otherwise
	// weighted by the base group's residents); NaN where it cannot be.
	City float64
}

// AreaSeries is an indicator over all its reference dates in one area.
type AreaSeries struct {
	Indicator quartier.Indicator
	Layer     string
	Points    []SeriesPoint // oldest first
}

// AreaSeries returns the indicator's time series in area of layer, with
// the city's value at each date, for the space profile and its chart.
// Internal values: indicators.read, and the area must lie in the actor's
// spaces; the city's value describes the whole territory, as the index's
// statistics do.
func (s *Service) AreaSeries(ctx context.Context, indicator, layer, area string) (*AreaSeries, error) {
	if err := s.audit.Require(ctx, quartier.PermReadIndicators, "indicator", indicator); err != nil {
		return nil, err
	}
	loc := s.spatial.Locator()
	if !visibleAreas(ctx, loc, layer)(area) {
		// Audited like every denial inside a use case.
		err := quartier.Errorf(quartier.EFORBIDDEN, "Die Werte des Gebiets %s sind für Sie nicht freigegeben.", area)
		return nil, s.audit.IfDenied(ctx, quartier.PermReadIndicators, "area", layer+"/"+area, err)
	}
	ind, vals, pop, err := s.load(ctx, indicator)
	if err != nil {
		return nil, err
	}
	areas := loc.Areas(layer)
	k := slices.IndexFunc(areas, func(a spatial.AreaRef) bool { return a.Code == area })
	if k < 0 {
		return nil, quartier.Errorf(quartier.ENOTFOUND, "Das Gebiet %s gibt es auf der Ebene %s nicht.", area, layer)
	}
	var dates []time.Time
	for _, v := range vals {
		if !slices.ContainsFunc(dates, v.ReferenceDate.Equal) {
			dates = append(dates, v.ReferenceDate)
		}
	}
	slices.SortFunc(dates, time.Time.Compare)
	out := &AreaSeries{Indicator: *ind, Layer: layer}
	for _, d := range dates {
		base, _ := residentsAt(pop, ind.BaseGroup, d)
		at := atDate(vals, d)
		// Each date on its own Gebietsstand: an older one where it maps
		// exactly, else the point is marked not comparable.
		all, err := s.sumAt(ctx, ind, vals, d, layer, base)
		if err != nil {
			return nil, err
		}
		out.Points = append(out.Points, SeriesPoint{Date: d, Area: all[k], City: cityValue(ind, at, loc, base)})
	}
	if err := s.audit.Read(ctx, audit.Event{Action: "indicator.series", ObjectType: "indicator", ObjectID: indicator,
		Detail: fmt.Sprintf("Ebene %s, Gebiet %s, %d Stichtage", layer, area, len(out.Points))}); err != nil {
		return nil, err
	}
	return out, nil
}

// cityValue forms the indicator over every value delivered at one date.
func cityValue(ind *quartier.Indicator, vals []quartier.IndicatorValue, loc *spatial.Locator, base map[string]int) float64 {
	if len(vals) == 0 {
		return math.NaN()
	}
	var sum, num, den, weighted, residents float64
	counts := true
	// Residents per delivered area: the blocks' own, or summed into the
	// areas of a composed layer.
	weight := func(area string) (float64, bool) {
		p, ok := base[area]
		return float64(p), ok
	}
	if !isBlockLayer(loc, ind.Layer) && base != nil {
		if sums, err := sumResidents(base, ind.Layer, loc); err == nil {
			byArea := map[string]residentCount{}
			for i, a := range loc.Areas(ind.Layer) {
				byArea[a.Code] = sums[i]
			}
			weight = func(area string) (float64, bool) {
				r, ok := byArea[area]
				return float64(r.residents), ok && r.complete
			}
		}
	}
	for _, v := range vals {
		sum += v.Value
		if v.FromCounts {
			num += v.Numerator
			den += v.Denominator
		} else {
			counts = false
		}
		if p, ok := weight(v.Area); ok {
			weighted += v.Value * p
			residents += p
		}
	}
	switch {
	case ind.Kind == quartier.IndicatorCount:
		return sum
	case ind.Kind == quartier.IndicatorShare && counts && den > 0:
		return num * ind.Scale / den
	case residents > 0:
		return weighted / residents
	}
	return math.NaN()
}
