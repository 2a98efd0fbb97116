package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"github.com/quartier/quartier"
)

func (t *Tx) CreateBudget(ctx context.Context, b *quartier.Budget) error {
	what := "Der Haushalt " + b.BudgetKey.String()
	id, err := t.insert(ctx, what, t.d.Q.CreateBudget, string(b.Space), b.Team, b.Year, string(b.Basis), b.Note, t.d.Time(b.CreatedAt))
	if err != nil {
		return err
	}
	b.ID = id
	for i := range b.Lines {
		l := &b.Lines[i]
		l.BudgetID = id
		if l.ID, err = t.insert(ctx, what+", Zeile "+l.Code, t.d.Q.CreateBudgetLine, id, l.Code, l.Type, l.Label, string(l.Funding), l.Provider, l.CoverGroup); err != nil {
			return err
		}
	}
	return nil
}

func (t *Tx) Budget(ctx context.Context, k quartier.BudgetKey) (*quartier.Budget, error) {
	return t.oneBudget(ctx, "Der Haushalt "+k.String(), t.d.Q.Budget, string(k.Space), k.Team, k.Year)
}

func (t *Tx) BudgetByID(ctx context.Context, id int64) (*quartier.Budget, error) {
	return t.oneBudget(ctx, "Der Haushalt", t.d.Q.BudgetByID, id)
}

func (t *Tx) oneBudget(ctx context.Context, what, q string, args ...any) (*quartier.Budget, error) {
	var b quartier.Budget
	if err := t.mapErr(scanBudget(t.queryRow(ctx, q, args...), &b), what); err != nil {
		return nil, err
	}
	lines, err := t.budgetLines(ctx, b.Space, b.Year)
	b.Lines = lines[b.ID]
	return &b, err
}

func (t *Tx) Budgets(ctx context.Context, space quartier.SpaceCode, year int) ([]quartier.Budget, error) {
	var out []quartier.Budget
	err := t.query(ctx, "Haushalte", t.d.Q.Budgets, func(rows *sql.Rows) error {
		var b quartier.Budget
		if err := scanBudget(rows, &b); err != nil {
			return err
		}
		out = append(out, b)
		return nil
	}, string(space), year)
	if err != nil {
		return nil, err
	}
	lines, err := t.budgetLines(ctx, space, year)
	for i := range out {
		out[i].Lines = lines[out[i].ID]
	}
	return out, err
}

func scanBudget(row interface{ Scan(...any) error }, b *quartier.Budget) error {
	var space, basis string
	err := row.Scan(&b.ID, &space, &b.Team, &b.Year, &basis, &b.Note, timestamp{&b.CreatedAt})
	b.Space, b.Basis = quartier.SpaceCode(space), quartier.BudgetBasis(basis)
	return err
}

// budgetLines loads the lines of the budgets Budgets selects, by budget.
func (t *Tx) budgetLines(ctx context.Context, space quartier.SpaceCode, year int) (map[int64][]quartier.Line, error) {
	out := map[int64][]quartier.Line{}
	err := t.query(ctx, "Haushaltszeilen", t.d.Q.BudgetLines, func(rows *sql.Rows) error {
		var l quartier.Line
		var funding string
		if err := rows.Scan(&l.ID, &l.BudgetID, &l.Code, &l.Type, &l.Label, &funding, &l.Provider, &l.CoverGroup); err != nil {
			return err
		}
		l.Funding = quartier.FundingMode(funding)
		out[l.BudgetID] = append(out[l.BudgetID], l)
		return nil
	}, string(space), year)
	return out, err
}

func (t *Tx) AppendEntry(ctx context.Context, e *quartier.Entry) error {
	var from, to any
	if e.Term != nil {
		from, to = dateArg(e.Term.From), dateArg(e.Term.To)
	}
	var unit string
	var perWeek, rate int64
	if v := e.Volume; v != nil {
		unit, perWeek, rate = string(v.Unit), v.PerWeek, int64(v.Rate)
	}
	id, err := t.insert(ctx, "Der Eintrag im Haushaltsbuch", t.d.Q.AppendEntry, e.LineID, string(e.Kind), int64(e.Amount), dateArg(e.On), from, to,
		unit, perWeek, rate, nullID(e.Commitment), nullID(e.Reverses), e.Ref, e.Why, e.UserID, e.Login, t.d.Time(e.At))
	e.ID = id
	return err
}

func (t *Tx) Entry(ctx context.Context, id int64) (*quartier.Entry, error) {
	var e quartier.Entry
	if err := t.mapErr(scanEntry(t.queryRow(ctx, t.d.Q.Entry, id), &e), "Der Eintrag "+strconv.FormatInt(id, 10)); err != nil {
		return nil, err
	}
	return &e, nil
}

func (t *Tx) Entries(ctx context.Context, budgetID int64) ([]quartier.Entry, error) {
	return t.entries(ctx, t.d.Q.Entries, budgetID)
}

func (t *Tx) EntriesByRef(ctx context.Context, budgetID int64, ref string) ([]quartier.Entry, error) {
	return t.entries(ctx, t.d.Q.EntriesByRef, budgetID, ref)
}

func (t *Tx) CommitmentEntries(ctx context.Context, id int64) ([]quartier.Entry, error) {
	return t.entries(ctx, t.d.Q.CommitmentEntries, id)
}

func (t *Tx) ReversalOf(ctx context.Context, id int64) (*quartier.Entry, error) {
	var e quartier.Entry
	if err := t.mapErr(scanEntry(t.queryRow(ctx, t.d.Q.ReversalOf, id), &e), "Das Storno von Eintrag "+strconv.FormatInt(id, 10)); err != nil {
		return nil, err
	}
	return &e, nil
}

func (t *Tx) entries(ctx context.Context, q string, args ...any) ([]quartier.Entry, error) {
	var out []quartier.Entry
	err := t.query(ctx, "Haushaltsbuch", q, func(rows *sql.Rows) error {
		var e quartier.Entry
		if err := scanEntry(rows, &e); err != nil {
			return err
		}
		out = append(out, e)
		return nil
	}, args...)
	return out, err
}

func (t *Tx) EntrySums(ctx context.Context, budgetID int64) ([]quartier.EntrySum, error) {
	var out []quartier.EntrySum
	err := t.query(ctx, "Summen des Haushaltsbuchs", t.d.Q.EntrySums, func(rows *sql.Rows) error {
		var s quartier.EntrySum
		var kind string
		var amount int64
		if err := rows.Scan(&s.LineID, &kind, &s.Commitment, &amount); err != nil {
			return err
		}
		s.Kind, s.Amount = quartier.EntryKind(kind), quartier.Cents(amount)
		out = append(out, s)
		return nil
	}, budgetID)
	return out, err
}

func (t *Tx) EntryMonthSums(ctx context.Context, budgetID int64, year int) ([]quartier.EntryMonthSum, error) {
	args := []any{budgetID}
	for m := 2; m <= 13; m++ {
		args = append(args, dateArg(time.Date(year, time.Month(m), 1, 0, 0, 0, 0, time.UTC)))
	}
	var out []quartier.EntryMonthSum
	err := t.query(ctx, "Monatssummen des Haushaltsbuchs", t.d.Q.EntryMonthSums, func(rows *sql.Rows) error {
		var s quartier.EntryMonthSum
		var kind string
		var amount int64
		if err := rows.Scan(&s.LineID, &kind, &s.Commitment, &s.Month, &amount); err != nil {
			return err
		}
		if s.Month > 12 {
			return nil // after the year
		}
		s.Kind, s.Amount = quartier.EntryKind(kind), quartier.Cents(amount)
		out = append(out, s)
		return nil
	}, args...)
	return out, err
}

func scanEntry(row interface{ Scan(...any) error }, e *quartier.Entry) error {
	var kind, unit string
	var amount, perWeek, rate int64
	var from, to *time.Time
	var commitment, reverses sql.NullInt64
	if err := row.Scan(&e.ID, &e.BudgetID, &e.LineID, &kind, &amount, date{&e.On}, nullDate{&from}, nullDate{&to}, &unit, &perWeek, &rate,
		&commitment, &reverses, &e.Ref, &e.Why, &e.UserID, &e.Login, timestamp{&e.At}); err != nil {
		return err
	}
	e.Kind, e.Amount, e.Commitment, e.Reverses = quartier.EntryKind(kind), quartier.Cents(amount), commitment.Int64, reverses.Int64
	if from != nil && to != nil {
		e.Term = &quartier.Term{From: *from, To: *to}
	}
	if unit != "" {
		e.Volume = &quartier.Volume{Unit: quartier.Unit(unit), PerWeek: perWeek, Rate: quartier.Cents(rate)}
	}
	return nil
}
