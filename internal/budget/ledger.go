package budget

import (
	"fmt"
	"time"

	"github.com/quartier/quartier"
)

// LineStatus is where a line stands: sums over its ledger entries.
type LineStatus struct {
	Line    quartier.Line  `json:"line"`
	Planned quartier.Cents `json:"planned"`
	// Committed is what open commitments still promise: each commitment's
	// amount (with its changes) less the bookings that paid it, never
	// below zero.
	Committed quartier.Cents `json:"committed"`
	Booked    quartier.Cents `json:"booked"`
	// Remaining is the line on its own: planned − committed − booked.
	Remaining quartier.Cents `json:"remaining"`
	// Available is what may still be bound or spent on the line honouring
	// coverability: the remainder of its whole cover group, or its own
	// remainder when it has none. Negative when overspent; it is never a
	// limit (see quartier.BudgetNote).
	Available quartier.Cents `json:"available"`
	// Forecast to the year end: booked + open commitments + the run rate
	// of the bookings that pay no commitment, carried over the days left
	// (commitments already stand for their own future payments).
	Forecast quartier.Cents `json:"forecast"`
	// Threshold is the highest warning threshold the line or its cover
	// group has reached (percent), 0 for none.
	Threshold int `json:"threshold,omitempty"`

	free quartier.Cents // bookings paying no commitment
}

// Used is what the line has bound or spent.
func (l *LineStatus) Used() quartier.Cents { return l.Committed + l.Booked }

// GroupStatus is a cover group (Deckungskreis): lines that may cover each
// other.
type GroupStatus struct {
	Group     string         `json:"group"`
	Lines     []string       `json:"lines"`
	Planned   quartier.Cents `json:"planned"`
	Used      quartier.Cents `json:"used"`
	Available quartier.Cents `json:"available"`
}

// Totals are the sums over all lines of a budget.
type Totals struct {
	Planned   quartier.Cents `json:"planned"`
	Committed quartier.Cents `json:"committed"`
	Booked    quartier.Cents `json:"booked"`
	Remaining quartier.Cents `json:"remaining"`
	Forecast  quartier.Cents `json:"forecast"`
}

// Warning tells that a line, or the cover group it draws on, has reached a
// threshold. It is information for the controller and the space's
// leadership duo, never a refusal: the booking or commitment that caused
// it has been written.
type Warning struct {
	Line      string `json:"line"`
	Label     string `json:"label"`
	Threshold int    `json:"threshold"`
	// Percent is the line's own use of its plan (rounded down); -1 when
	// the line has no plan.
	Percent      int            `json:"percent"`
	Group        string         `json:"group,omitempty"`
	GroupPercent int            `json:"group_percent,omitempty"`
	Available    quartier.Cents `json:"available"`
	Message      string         `json:"message"`
}

// Status is a budget's figures on a day.
type Status struct {
	Budget   quartier.Budget `json:"budget"`
	AsOf     time.Time       `json:"as_of"`
	Lines    []LineStatus    `json:"lines"`
	Groups   []GroupStatus   `json:"groups,omitempty"`
	Totals   Totals          `json:"totals"`
	Warnings []Warning       `json:"warnings,omitempty"`
	// Note is quartier.BudgetNote whenever there are warnings.
	Note string `json:"note,omitempty"`
	// Hourly compares with what billing by service hours would have cost;
	// nil where no hours are recorded and no rate is set, and on the
	// answers to a booking.
	Hourly *Hourly `json:"hourly,omitempty"`
}

// Line returns the status of the line with the given code.
func (s *Status) Line(code string) *LineStatus {
	for i := range s.Lines {
		if s.Lines[i].Line.Code == code {
			return &s.Lines[i]
		}
	}
	return nil
}

// compute works out the figures of b on day asOf from the sums of its
// ledger (quartier.EntrySum in any order; sums of one key add up, so the
// sum of an entry just written may be appended to those read).
func compute(b *quartier.Budget, sums []quartier.EntrySum, asOf time.Time, thresholds []int) *Status {
	st := &Status{Budget: *b, AsOf: asOf, Lines: make([]LineStatus, len(b.Lines))}
	index := map[int64]int{}
	for i, l := range b.Lines {
		st.Lines[i].Line = l
		index[l.ID] = i
	}
	committed := map[int64]quartier.Cents{} // by commitment: its amount with changes and reversals
	paid := map[int64]quartier.Cents{}      // by commitment: bookings paying it
	lineOf := map[int64]int{}               // by commitment
	for _, e := range sums {
		i, ok := index[e.LineID]
		if !ok {
			continue
		}
		ls := &st.Lines[i]
		switch e.Kind {
		case quartier.EntryPlanned:
			ls.Planned += e.Amount
		case quartier.EntryCommitted:
			committed[e.Commitment] += e.Amount
			lineOf[e.Commitment] = i
		case quartier.EntryBooked:
			ls.Booked += e.Amount
			if e.Commitment != 0 {
				paid[e.Commitment] += e.Amount
			} else {
				ls.free += e.Amount
			}
		}
	}
	for root, amount := range committed {
		if open := amount - paid[root]; open > 0 {
			st.Lines[lineOf[root]].Committed += open
		}
	}
	elapsed, left := yearDays(b, asOf)
	groups := map[string]*GroupStatus{}
	for i := range st.Lines {
		ls := &st.Lines[i]
		ls.Remaining = ls.Planned - ls.Used()
		ls.Available = ls.Remaining
		ls.Forecast = ls.Booked + ls.Committed
		if elapsed > 0 {
			ls.Forecast += ls.free.Prorate(left, elapsed)
		}
		if g := ls.Line.CoverGroup; g != "" {
			gs := groups[g]
			if gs == nil {
				gs = &GroupStatus{Group: g}
				groups[g] = gs
				st.Groups = append(st.Groups, GroupStatus{Group: g})
			}
			gs.Lines = append(gs.Lines, ls.Line.Code)
			gs.Planned += ls.Planned
			gs.Used += ls.Used()
		}
		st.Totals.Planned += ls.Planned
		st.Totals.Committed += ls.Committed
		st.Totals.Booked += ls.Booked
		st.Totals.Forecast += ls.Forecast
	}
	st.Totals.Remaining = st.Totals.Planned - st.Totals.Committed - st.Totals.Booked
	for i := range st.Groups {
		gs := groups[st.Groups[i].Group]
		gs.Available = gs.Planned - gs.Used
		st.Groups[i] = *gs
	}
	for i := range st.Lines {
		ls := &st.Lines[i]
		ls.Threshold = reached(ls.Used(), ls.Planned, thresholds)
		var gs *GroupStatus
		if g := ls.Line.CoverGroup; g != "" {
			gs = groups[g]
			ls.Available = gs.Available
			ls.Threshold = max(ls.Threshold, reached(gs.Used, gs.Planned, thresholds))
		}
		if ls.Threshold > 0 {
			st.Warnings = append(st.Warnings, warning(ls, gs))
		}
	}
	if len(st.Warnings) > 0 {
		st.Note = quartier.BudgetNote
	}
	return st
}

// yearDays splits the budget year at asOf: the days up to and including
// asOf, and the days after it.
func yearDays(b *quartier.Budget, asOf time.Time) (elapsed, left int64) {
	start, end := b.Start(), b.End()
	all := quartier.Term{From: start, To: end}.Days()
	switch day := quartier.Day(asOf).AddDate(0, 0, 1); {
	case !day.After(start):
		return 0, all
	case day.After(end):
		return all, 0
	default:
		elapsed = quartier.Term{From: start, To: day}.Days()
		return elapsed, all - elapsed
	}
}

// reached is the highest threshold (percent of planned) that used has
// reached; every threshold once something is used without a plan.
func reached(used, planned quartier.Cents, thresholds []int) int {
	if used <= 0 || len(thresholds) == 0 {
		return 0
	}
	if planned <= 0 {
		return thresholds[len(thresholds)-1]
	}
	level := 0
	for _, t := range thresholds {
		if int64(used)*100 >= int64(t)*int64(planned) {
			level = t
		}
	}
	return level
}

func percent(used, planned quartier.Cents) int {
	if planned <= 0 {
		return -1
	}
	return int(int64(used) * 100 / int64(planned))
}

func warning(ls *LineStatus, gs *GroupStatus) Warning {
	w := Warning{Line: ls.Line.Code, Label: ls.Line.Label, Threshold: ls.Threshold, Percent: percent(ls.Used(), ls.Planned), Available: ls.Available}
	msg := ls.Line.Label + ": "
	switch over := ls.Used() - ls.Planned; {
	case w.Percent < 0:
		msg += fmt.Sprintf("kein Plan, aber %s gebunden oder gebucht", ls.Used())
	case over > 0:
		msg += fmt.Sprintf("Plan um %s überschritten (%d %%)", over, w.Percent)
	default:
		msg += fmt.Sprintf("%d %% des Plans gebunden oder gebucht", w.Percent)
	}
	if gs != nil {
		w.Group, w.GroupPercent = gs.Group, max(percent(gs.Used, gs.Planned), 0)
		msg += fmt.Sprintf("; Deckungskreis %s zu %d %% gebunden oder gebucht", gs.Group, w.GroupPercent)
		if gs.Available >= 0 {
			msg += fmt.Sprintf(", dort noch %s verfügbar", gs.Available)
		} else {
			msg += fmt.Sprintf(", es fehlen %s", -gs.Available)
		}
	} else if ls.Used() > ls.Planned {
		msg += "; nicht deckungsfähig"
	}
	w.Message = msg + fmt.Sprintf(" (Hinweis ab %d %%).", w.Threshold)
	return w
}
