package monitoring

import (
	"context"
	"math"
	"time"

	"github.com/quartier/quartier"
)

// AreaCount is how many people an indicator counts in an area.
type AreaCount struct {
	Area, Name string
	// Count is NaN where the area has no value.
	Count float64
	// Derived: a share delivered without counts, turned into people by
	// the residents of its base group (the same weighting the sum into
	// larger areas assumes); the count is then an estimate.
	Derived bool
}

// Counts returns an indicator's values on layer as numbers of people, for
// formulas that divide by need (allocation proposals): counts as they are,
// shares by their numerators, shares without them as share × residents of
// the base group. Values of kind "value" have no count and are refused.
// Read like Values (the same permission, scope and audit entry).
func (s *Service) Counts(ctx context.Context, indicator, layer string, date time.Time) ([]AreaCount, *ValueReport, error) {
	rep, err := s.Values(ctx, indicator, layer, date)
	if err != nil {
		return nil, nil, err
	}
	ind := rep.Indicator
	if ind.Kind == quartier.IndicatorMeasure {
		return nil, nil, quartier.Errorf(quartier.EINVALID, "%s ist ein Kennwert ohne Anzahl; gezählt werden Anzahlen oder Anteile.", ind.Name)
	}
	var residents map[string]float64
	out := make([]AreaCount, len(rep.Areas))
	for i, av := range rep.Areas {
		c := AreaCount{Area: av.Area, Name: av.Name, Count: av.Value}
		if ind.Kind == quartier.IndicatorShare {
			switch {
			case math.IsNaN(av.Value):
			case av.FromCounts:
				c.Count = av.Numerator
			default:
				if residents == nil {
					if residents, err = s.residentsPerArea(ctx, ind.BaseGroup, layer, date); err != nil {
						return nil, nil, err
					}
				}
				r, ok := residents[av.Area]
				c.Count, c.Derived = math.NaN(), true
				if ok {
					c.Count = av.Value / ind.Scale * r
				}
			}
		}
		out[i] = c
	}
	return out, rep, nil
}

// residentsPerArea sums the base group's residents (at the date, as the
// weighting of Values takes them) into the areas of layer.
func (s *Service) residentsPerArea(ctx context.Context, group, layer string, date time.Time) (map[string]float64, error) {
	var pop []quartier.Population
	if err := s.store.View(ctx, func(tx Tx) (err error) {
		pop, err = tx.Population(ctx)
		return err
	}); err != nil {
		return nil, err
	}
	base, _ := residentsAt(pop, group, date)
	blocks, areas, ok := s.spatial.Locator().BlockAreas(layer)
	if !ok {
		return nil, quartier.Errorf(quartier.ENOTFOUND, "Die Ebene %s setzt sich nicht aus Bausteinen zusammen.", layer)
	}
	out := map[string]float64{}
	for i, b := range blocks {
		if n, ok := base[b]; ok && areas[i] != "" {
			out[areas[i]] += float64(n)
		}
	}
	return out, nil
}
