package monitoring

import (
	"context"
	"slices"
	"time"

	"github.com/quartier/quartier"
)

// ReferenceDates lists, per indicator code, the reference dates it has
// values for, oldest first: what a page offers to choose from. Only with
// indicators.read: which dates exist says what was delivered.
func (s *Service) ReferenceDates(ctx context.Context) (map[string][]time.Time, error) {
	return s.referenceDates(ctx, "")
}

// IndicatorDates is ReferenceDates of one indicator: a GIS asking for one
// collection page after page need not read every indicator's values.
func (s *Service) IndicatorDates(ctx context.Context, code string) ([]time.Time, error) {
	m, err := s.referenceDates(ctx, code)
	if err != nil {
		return nil, err
	}
	ds, ok := m[code]
	if !ok {
		return nil, quartier.Errorf(quartier.ENOTFOUND, "Die Kennzahl „%s“ gibt es nicht.", code)
	}
	return ds, nil
}

// referenceDates reads the dates of the indicator code, or of all for "".
func (s *Service) referenceDates(ctx context.Context, code string) (map[string][]time.Time, error) {
	if err := s.audit.Require(ctx, quartier.PermReadIndicators, "indicator", code); err != nil {
		return nil, err
	}
	out := map[string][]time.Time{}
	err := s.store.View(ctx, func(tx Tx) error {
		inds, err := tx.Indicators(ctx)
		if err != nil {
			return err
		}
		for _, ind := range inds {
			if code != "" && ind.Code != code {
				continue
			}
			vals, err := tx.IndicatorValues(ctx, ind.ID)
			if err != nil {
				return err
			}
			var ds []time.Time
			for _, v := range vals {
				if len(ds) == 0 || !ds[len(ds)-1].Equal(v.ReferenceDate) {
					ds = append(ds, v.ReferenceDate)
				}
			}
			slices.SortFunc(ds, time.Time.Compare)
			out[ind.Code] = slices.CompactFunc(ds, time.Time.Equal)
		}
		return nil
	})
	return out, err
}
