package budget

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
)

// Cadence is how often a lump sum is paid: the number of instalments a
// year.
type Cadence int

const (
	Monthly   Cadence = 12
	Quarterly Cadence = 4
)

// Label is the cadence's German name.
func (c Cadence) Label() string {
	if c == Quarterly {
		return "vierteljährlich"
	}
	return "monatlich"
}

// ParseCadence reads "monat" or "quartal" (the page's parameter); ""
// is monthly.
func ParseCadence(s string) (Cadence, error) {
	switch s {
	case "", "monat", "monatlich":
		return Monthly, nil
	case "quartal", "vierteljaehrlich":
		return Quarterly, nil
	}
	return 0, quartier.Errorf(quartier.EINVALID, "Unbekannter Zahlungstakt %q (monat oder quartal).", s)
}

// Share is the part of a lump sum that goes to one assignee (provider or
// alliance; "" for days no one is assigned to the space) for its days.
type Share struct {
	Assignee string         `json:"assignee"`
	Name     string         `json:"name"` // the assignee's name; "ohne Zuständigkeit" for ""
	Days     int64          `json:"days"`
	Amount   quartier.Cents `json:"amount"`
}

// Instalment is one payment of a lump sum: its period, its amount, and
// how it splits between assignees when the provider changes in it.
type Instalment struct {
	Label  string         `json:"label"`
	Period quartier.Term  `json:"period"`
	Amount quartier.Cents `json:"amount"`
	Shares []Share        `json:"shares"`
}

// Instalments are the payment schedule of one lump-sum line for its year.
type Instalments struct {
	Line    quartier.Line  `json:"line"`
	Planned quartier.Cents `json:"planned"`
	Cadence Cadence        `json:"cadence"`
	Rows    []Instalment   `json:"rows"`
	// Shares are the year's split by days between the assignees, in the
	// order they were assigned.
	Shares []Share `json:"shares"`
}

// Changed says whether the line is split between assignees.
func (in *Instalments) Changed() bool { return len(in.Shares) > 1 }

// segment is a run of days of the year with one assignee.
type segment struct {
	assignee string
	term     quartier.Term
}

// schedule splits a lump sum of a year into instalments and between the
// assignees by days. Both follow one rule: the amount due up to a day is
// the plan × the days of the year up to it / the days of the year,
// rounded half away from zero to the cent. Every instalment and every
// share is a difference of that amount at its two ends, so instalments
// add up to the plan, shares of an instalment to the instalment, and each
// assignee's instalments to its share of the year, cent for cent.
// Instalments of months therefore differ by the length of the month.
func schedule(line quartier.Line, planned quartier.Cents, year int, cadence Cadence, segs []segment) Instalments {
	start := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	yearTerm := quartier.Term{From: start, To: start.AddDate(1, 0, 0)}
	all := yearTerm.Days()
	due := func(t time.Time) quartier.Cents {
		return planned.Prorate(quartier.Term{From: start, To: t}.Days(), all)
	}
	out := Instalments{Line: line, Planned: planned, Cadence: cadence}
	byAssignee := map[string]int{}
	for _, sg := range segs {
		i, ok := byAssignee[sg.assignee]
		if !ok {
			i = len(out.Shares)
			byAssignee[sg.assignee] = i
			out.Shares = append(out.Shares, Share{Assignee: sg.assignee})
		}
		out.Shares[i].Days += sg.term.Days()
		out.Shares[i].Amount += due(sg.term.To) - due(sg.term.From)
	}
	months := 12 / int(cadence)
	for p := range int(cadence) {
		from := start.AddDate(0, p*months, 0)
		period := quartier.Term{From: from, To: from.AddDate(0, months, 0)}
		row := Instalment{Period: period, Amount: due(period.To) - due(period.From)}
		if cadence == Quarterly {
			row.Label = fmt.Sprintf("%d. Quartal", p+1)
		} else {
			row.Label = germanMonths[p]
		}
		for _, sg := range segs {
			f, t := maxTime(sg.term.From, period.From), minTime(sg.term.To, period.To)
			if !t.After(f) {
				continue
			}
			row.Shares = append(row.Shares, Share{Assignee: sg.assignee, Days: quartier.Term{From: f, To: t}.Days(), Amount: due(t) - due(f)})
		}
		out.Rows = append(out.Rows, row)
	}
	return out
}

var germanMonths = [12]string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"}

// MonthName is the German name of month m (1–12).
func MonthName(m int) string { return germanMonths[m-1] }

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// segments cuts the year into runs of days by assignment: a lump sum
// follows the assignment, so when a space's provider changes mid-year
// each gets its days. A line that names a provider or alliance not
// assigned to the space in that year goes to it the whole year; days
// without any assignment have the assignee "".
func segments(year int, line quartier.Line, as []quartier.Assignment) []segment {
	start := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	end := start.AddDate(1, 0, 0)
	var in []segment
	for _, a := range as {
		to := end
		if a.ValidTo != nil {
			to = minTime(*a.ValidTo, end)
		}
		from := maxTime(a.ValidFrom, start)
		if to.After(from) {
			in = append(in, segment{assignee: a.Assignee, term: quartier.Term{From: from, To: to}})
		}
	}
	if line.Provider != "" && !slices.ContainsFunc(in, func(s segment) bool { return s.assignee == line.Provider }) {
		return []segment{{assignee: line.Provider, term: quartier.Term{From: start, To: end}}}
	}
	slices.SortFunc(in, func(a, b segment) int { return a.term.From.Compare(b.term.From) })
	var out []segment
	at := start
	for _, s := range in {
		if s.term.From.After(at) {
			out = append(out, segment{term: quartier.Term{From: at, To: s.term.From}})
		}
		if s.term.To.After(at) {
			s.term.From = maxTime(s.term.From, at)
			out = append(out, s)
			at = s.term.To
		}
	}
	if end.After(at) {
		out = append(out, segment{term: quartier.Term{From: at, To: end}})
	}
	return out
}

// lumpSums are the schedules of a budget's lump-sum lines with a plan.
func lumpSums(b *quartier.Budget, sums []quartier.EntrySum, as []quartier.Assignment, cadence Cadence) []Instalments {
	planned := map[int64]quartier.Cents{}
	for _, e := range sums {
		if e.Kind == quartier.EntryPlanned {
			planned[e.LineID] += e.Amount
		}
	}
	var out []Instalments
	for _, l := range b.Lines {
		if l.Funding != quartier.FundingLumpSum || planned[l.ID] <= 0 {
			continue
		}
		out = append(out, schedule(l, planned[l.ID], b.Year, cadence, segments(b.Year, l, as)))
	}
	return out
}

// Instalments are the payment schedules of a budget's lump-sum lines at a
// cadence, each split between the providers assigned to the space in the
// year. Reading them needs the read permission for the space.
func (s *Service) Instalments(ctx context.Context, k quartier.BudgetKey, cadence Cadence) ([]Instalments, error) {
	if err := s.audit.RequireSpace(ctx, quartier.PermReadBudgets, "budget", k.Space); err != nil {
		return nil, err
	}
	var out []Instalments
	err := s.store.View(ctx, func(tx Tx) error {
		b, err := tx.Budget(ctx, k)
		if err != nil {
			return err
		}
		sums, err := tx.EntrySums(ctx, b.ID)
		if err != nil {
			return err
		}
		as, err := tx.Assignments(ctx, b.Space)
		if err != nil {
			return err
		}
		out = lumpSums(b, sums, as, cadence)
		names, err := assigneeNames(ctx, tx)
		if err != nil {
			return err
		}
		for i := range out {
			name(out[i].Shares, names)
			for j := range out[i].Rows {
				name(out[i].Rows[j].Shares, names)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, s.audit.Read(ctx, audit.Event{Action: "budget.instalments", ObjectType: "budget", ObjectID: k.String(), Detail: cadence.Label()})
}

// assigneeNames maps the codes of providers and alliances to their names.
func assigneeNames(ctx context.Context, tx Tx) (map[string]string, error) {
	names := map[string]string{}
	ps, err := tx.Providers(ctx)
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		names[p.Code] = p.Name
	}
	as, err := tx.Alliances(ctx)
	if err != nil {
		return nil, err
	}
	for _, a := range as {
		names[a.Code] = a.Name
	}
	return names, nil
}

func name(shares []Share, names map[string]string) {
	for i := range shares {
		switch n, ok := names[shares[i].Assignee]; {
		case shares[i].Assignee == "":
			shares[i].Name = "ohne Zuständigkeit"
		case ok:
			shares[i].Name = n
		default:
			shares[i].Name = shares[i].Assignee
		}
	}
}
