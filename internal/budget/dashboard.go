package budget

import (
	"context"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
)

// Month is a line's figures at the end of a month, summed from the
// start of the year: the plan pro rata by days, what was open committed
// and booked by then, and the forecast. Months after the day of the
// figures have no committed or booked amount (Known false) but a
// forecast.
type Month struct {
	Month     int            `json:"month"`
	Known     bool           `json:"known"`
	Planned   quartier.Cents `json:"planned"`
	Committed quartier.Cents `json:"committed"`
	Booked    quartier.Cents `json:"booked"`
	Forecast  quartier.Cents `json:"forecast"`
}

// LineMonths is the course of one line (or of the whole budget, Line
// with the code "" and the label "Gesamt") through the year.
type LineMonths struct {
	Line   quartier.Line `json:"line"`
	Months [12]Month     `json:"months"`
}

// Dashboard is a budget's figures today with the course of each line
// through the year, for the charts of the space's page.
type Dashboard struct {
	Status Status       `json:"status"`
	Lines  []LineMonths `json:"lines"`
	Total  LineMonths   `json:"total"`
}

// Dashboard reads a budget's course month by month. The plan is spread
// over the year by days; committed is what commitments granted by a
// month's end still promised then (less what paid them by then, never
// below zero); booked is the bookings dated up to the month's end. The
// forecast runs from today's booked amount in a straight line to the
// line's forecast for 31 December, and equals the booked amount in
// months already closed.
func (s *Service) Dashboard(ctx context.Context, k quartier.BudgetKey) (*Dashboard, error) {
	if err := s.audit.RequireSpace(ctx, quartier.PermReadBudgets, "budget", k.Space); err != nil {
		return nil, err
	}
	today := s.today()
	var d *Dashboard
	err := s.store.View(ctx, func(tx Tx) error {
		b, err := tx.Budget(ctx, k)
		if err != nil {
			return err
		}
		l, err := loadLedger(ctx, tx, b)
		if err != nil {
			return err
		}
		ms, err := tx.EntryMonthSums(ctx, b.ID, b.Year)
		if err != nil {
			return err
		}
		st, err := withHourly(ctx, tx, compute(b, l.sums, today, l.rules.Thresholds), &l.rules)
		if err != nil {
			return err
		}
		d = &Dashboard{Status: *st}
		d.Lines, d.Total = months(b, ms, &d.Status, today)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return d, s.audit.Read(ctx, audit.Event{Action: "budget.dashboard", ObjectType: "budget", ObjectID: k.String()})
}

// months computes the course of every line from the month sums of its
// ledger.
func months(b *quartier.Budget, sums []quartier.EntryMonthSum, st *Status, today time.Time) ([]LineMonths, LineMonths) {
	start, end := b.Start(), b.End()
	all := quartier.Term{From: start, To: end}.Days()
	out := make([]LineMonths, len(b.Lines))
	index := map[int64]int{}
	for i, l := range b.Lines {
		out[i].Line = l
		index[l.ID] = i
	}
	committed := map[int64]quartier.Cents{} // by commitment, up to the month
	paid := map[int64]quartier.Cents{}
	lineOf := map[int64]int{}
	booked := make([]quartier.Cents, len(b.Lines))
	byMonth := make([][]quartier.EntryMonthSum, 13)
	for _, e := range sums {
		byMonth[e.Month] = append(byMonth[e.Month], e)
	}
	for m := 1; m <= 12; m++ {
		upTo := start.AddDate(0, m, 0) // exclusive
		known := !start.AddDate(0, m-1, 0).After(today)
		for _, e := range byMonth[m] {
			i, ok := index[e.LineID]
			if !ok {
				continue
			}
			switch e.Kind {
			case quartier.EntryCommitted:
				committed[e.Commitment] += e.Amount
				lineOf[e.Commitment] = i
			case quartier.EntryBooked:
				booked[i] += e.Amount
				if e.Commitment != 0 {
					paid[e.Commitment] += e.Amount
				}
			}
		}
		open := make([]quartier.Cents, len(b.Lines))
		for root, amount := range committed {
			if o := amount - paid[root]; o > 0 {
				open[lineOf[root]] += o
			}
		}
		elapsed := quartier.Term{From: start, To: upTo}.Days()
		for i := range out {
			ls := &st.Lines[i]
			mo := Month{Month: m, Known: known, Planned: ls.Planned.Prorate(elapsed, all)}
			if known {
				mo.Committed, mo.Booked = open[i], booked[i]
			}
			mo.Forecast = forecastAt(ls, upTo, today, end, mo)
			out[i].Months[m-1] = mo
		}
	}
	total := LineMonths{Line: quartier.Line{Label: "Gesamt"}}
	for m := range 12 {
		t := &total.Months[m]
		t.Month = m + 1
		for i := range out {
			mo := out[i].Months[m]
			t.Known = mo.Known
			t.Planned += mo.Planned
			t.Committed += mo.Committed
			t.Booked += mo.Booked
			t.Forecast += mo.Forecast
		}
	}
	return out, total
}

// forecastAt is a line's forecast at the end of a month: the booked
// amount for months that are over, and for the others the straight line
// from today's booked amount to the forecast for the year end.
func forecastAt(ls *LineStatus, upTo, today, end time.Time, mo Month) quartier.Cents {
	day := today.AddDate(0, 0, 1)
	if !upTo.After(day) {
		return mo.Booked
	}
	left := quartier.Term{From: day, To: end}.Days()
	if left <= 0 {
		return ls.Forecast
	}
	part := quartier.Term{From: day, To: upTo}.Days()
	return ls.Booked + (ls.Forecast-ls.Booked).Prorate(part, left)
}

// Name is the month's German name.
func (m Month) Name() string { return MonthName(m.Month) }
