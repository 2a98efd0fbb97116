package monitoring

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
)

// ChangeReport is an indicator's change between two reference dates on
// one layer.
type ChangeReport struct {
	Indicator quartier.Indicator
	Layer     string
	From, To  time.Time
	Areas     []AreaChange // the areas the actor may see, in code order
}

// AreaChange is one area's change. Difference is To − From (for shares in
// percentage points), NaN where either value is missing or not
// comparable; NotComparable then names the reason.
type AreaChange struct {
	Area, Name    string
	From, To      AreaValue
	Difference    float64
	NotComparable string
}

// Change returns an indicator's values at two reference dates on layer
// and their difference per area. Internal: indicators.read, areas in the
// actor's spaces.
func (s *Service) Change(ctx context.Context, indicator, layer string, from, to time.Time) (*ChangeReport, error) {
	if err := s.audit.Require(ctx, quartier.PermReadIndicators, "indicator", indicator); err != nil {
		return nil, err
	}
	if !from.Before(to) {
		return nil, quartier.Errorf(quartier.EINVALID, "Der erste Stichtag (%s) muss vor dem zweiten (%s) liegen.", from.Format(quartier.GermanDateLayout), to.Format(quartier.GermanDateLayout))
	}
	ind, vals, pop, err := s.load(ctx, indicator)
	if err != nil {
		return nil, err
	}
	dates := valueDates(vals)
	for _, d := range []time.Time{from, to} {
		if !slices.ContainsFunc(dates, d.Equal) {
			return nil, quartier.Errorf(quartier.ENOTFOUND, "Indikator %s hat zum %s keine Werte.", indicator, d.Format(quartier.GermanDateLayout))
		}
	}
	at := func(d time.Time) ([]AreaValue, error) {
		base, _ := residentsAt(pop, ind.BaseGroup, d)
		return s.sumAt(ctx, ind, vals, d, layer, base)
	}
	before, err := at(from)
	if err != nil {
		return nil, err
	}
	after, err := at(to)
	if err != nil {
		return nil, err
	}
	see := visibleAreas(ctx, s.spatial.Locator(), layer)
	rep := &ChangeReport{Indicator: *ind, Layer: layer, From: from, To: to}
	for i := range after {
		if !see(after[i].Area) {
			continue
		}
		c := AreaChange{Area: after[i].Area, Name: after[i].Name, From: before[i], To: after[i], Difference: after[i].Value - before[i].Value}
		switch {
		case before[i].NotComparable != "":
			c.NotComparable = before[i].NotComparable
		case after[i].NotComparable != "":
			c.NotComparable = after[i].NotComparable
		}
		if c.NotComparable != "" {
			c.Difference = math.NaN()
		}
		rep.Areas = append(rep.Areas, c)
	}
	if err := s.audit.Read(ctx, audit.Event{Action: "indicator.values", ObjectType: "indicator", ObjectID: indicator,
		Detail: fmt.Sprintf("Veränderung %s–%s, Ebene %s, %d Gebiete", from.Format(quartier.GermanDateLayout), to.Format(quartier.GermanDateLayout), layer, len(rep.Areas))}); err != nil {
		return nil, err
	}
	return rep, nil
}

// valueDates are the reference dates of vals, oldest first.
func valueDates(vals []quartier.IndicatorValue) []time.Time {
	var out []time.Time
	for _, v := range vals {
		if !slices.ContainsFunc(out, v.ReferenceDate.Equal) {
			out = append(out, v.ReferenceDate)
		}
	}
	slices.SortFunc(out, time.Time.Compare)
	return out
}
