package budget

import (
	"context"
	"slices"

	"github.com/quartier/quartier"
)

// Hourly is what billing by service hours would have cost a budget in its
// year: the hours the staff recorded in the budget's teams, by kind of
// work, at the office's service-hour rate, beside the plan (the lump sum)
// and what was booked on the lines of that kind. It is a comparison for
// evaluating a lump sum, not a figure of the ledger.
type Hourly struct {
	Rows  []HourlyRow `json:"rows,omitempty"`
	Total HourlyRow   `json:"total"`
	// Withheld: fewer than MinPeople recorded the hours, so the hours (and
	// the costs, which would reveal them) are not shown.
	Withheld bool `json:"withheld,omitempty"`
}

// HourlyRow compares the lines of one type with its hours.
type HourlyRow struct {
	Type  string   `json:"type"`
	Label string   `json:"label"`
	Lines []string `json:"lines,omitempty"`
	// Hours recorded in weeks starting in the year, in hundredths.
	Hours int64 `json:"hours"`
	// Rate per hour; 0 when none is configured for the type (then Cost
	// and Difference are 0 too and Priced is false).
	Rate   quartier.Cents `json:"rate"`
	Priced bool           `json:"priced"`
	// Cost is Hours × Rate, rounded to the cent.
	Cost    quartier.Cents `json:"cost"`
	Planned quartier.Cents `json:"planned"`
	Booked  quartier.Cents `json:"booked"`
	// Difference is Cost − Booked: what hourly billing would have cost
	// more (positive) or less (negative) than what was booked.
	Difference quartier.Cents `json:"difference"`
}

// hourly compares st's lines with the hours recorded for its budget: the
// hours of the budget's team, or for a budget of the whole space, of the
// space's teams that have no budget of their own in the year. Nil when
// there is nothing to compare (no hours and no rate).
func hourly(ctx context.Context, tx Tx, st *Status, rules *quartier.BudgetRules) (*Hourly, error) {
	b := &st.Budget
	all, err := tx.Teams(ctx, b.Space)
	if err != nil {
		return nil, err
	}
	var spaceTeams, teams []string
	own, err := tx.Budgets(ctx, b.Space, b.Year)
	if err != nil {
		return nil, err
	}
	for _, t := range all {
		spaceTeams = append(spaceTeams, t.Code)
		if b.Team == t.Code || b.Team == "" && !slices.ContainsFunc(own, func(o quartier.Budget) bool { return o.Team == t.Code }) {
			teams = append(teams, t.Code)
		}
	}
	cells, err := tx.HoursCells(ctx, b.Space, b.Start(), b.End())
	if err != nil {
		return nil, err
	}
	// The rows are hours per kind of the budget's teams: shown only as
	// sums of whole cells, as the hours report shows them, or the report's
	// months and this year's sum would give the rest by subtracting.
	// Only closed months: a figure that grows as people record would
	// give each late entry by the difference of two readings.
	g, safe := newHoursCells(cells).figure(teams, spaceTeams, b.Start(), b.End(), HoursOpen(st.AsOf))
	byKind := g.byKind
	h := &Hourly{Total: HourlyRow{Label: "Summe", Priced: true}}
	anyRate := false
	for _, ls := range st.Lines {
		i := slices.IndexFunc(h.Rows, func(r HourlyRow) bool { return r.Type == ls.Line.Type })
		if i < 0 {
			r := HourlyRow{Type: ls.Line.Type, Label: ls.Line.Type, Hours: byKind[ls.Line.Type]}
			if def, ok := rules.LineType(r.Type); ok {
				r.Label = def.Label
			}
			r.Rate, r.Priced = rules.HourlyRate(b.Year, b.Space, r.Type)
			anyRate = anyRate || r.Priced
			h.Rows = append(h.Rows, r)
			i = len(h.Rows) - 1
		}
		r := &h.Rows[i]
		r.Lines = append(r.Lines, ls.Line.Code)
		r.Planned += ls.Planned
		r.Booked += ls.Booked
	}
	for i := range h.Rows {
		r := &h.Rows[i]
		if r.Priced {
			r.Cost = r.Rate.Prorate(r.Hours, 100)
			r.Difference = r.Cost - r.Booked
		}
		t := &h.Total
		t.Hours += r.Hours
		t.Cost += r.Cost
		t.Planned += r.Planned
		t.Booked += r.Booked
		t.Difference += r.Difference
		t.Priced = t.Priced && r.Priced
	}
	if h.Total.Hours == 0 && !anyRate {
		return nil, nil
	}
	if h.Total.Hours > 0 && !safe {
		return &Hourly{Withheld: true}, nil
	}
	return h, nil
}

// withHourly adds the comparison with hourly billing to st.
func withHourly(ctx context.Context, tx Tx, st *Status, rules *quartier.BudgetRules) (*Status, error) {
	h, err := hourly(ctx, tx, st, rules)
	st.Hourly = h
	return st, err
}

// HoursText is the row's hours as German readers write them: "60,75".
func (r *HourlyRow) HoursText() string { return quartier.Hundredths(r.Hours) }
