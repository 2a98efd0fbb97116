package budget

import (
	"context"
	"fmt"
	"slices"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
)

// Listed is a budget as the list of a year shows it: the key and the
// space's name, and what the actor may do with it. Figures come only with
// the read permission; the office keeps and books budgets without reading
// steering figures, so its list holds the keys alone.
type Listed struct {
	quartier.BudgetKey
	SpaceName string
	Basis     quartier.BudgetBasis
	Read      bool    // the actor may read the figures
	Manage    bool    // the actor may book, commit, reverse
	Totals    *Totals // nil without Read
	Warnings  int
}

// List is the budgets of a year the actor may read or keep, by space and
// team; spaces outside the actor's scope are left out without a trace of
// their existence. The years with budgets (of any space) come along for
// the choice of the year.
func (s *Service) List(ctx context.Context, year int) ([]Listed, []int, error) {
	a := quartier.ActorFrom(ctx)
	if !a.Can(quartier.PermReadBudgets) && !a.Can(quartier.PermManageBudgets) {
		if err := s.audit.Require(ctx, quartier.PermReadBudgets, "budget", fmt.Sprint(year)); err != nil {
			return nil, nil, err
		}
	}
	spaces, err := s.spatial.Spaces(ctx)
	if err != nil {
		return nil, nil, err
	}
	names := map[quartier.SpaceCode]string{}
	for _, sp := range spaces {
		names[sp.Code] = sp.Name
	}
	var out []Listed
	var years []int
	today := s.today()
	err = s.store.View(ctx, func(tx Tx) error {
		out, years = nil, nil
		all, err := tx.Budgets(ctx, "", 0)
		if err != nil {
			return err
		}
		for i := range all {
			b := &all[i]
			read, manage := a.CanInSpace(quartier.PermReadBudgets, b.Space), a.CanInSpace(quartier.PermManageBudgets, b.Space)
			if !read && !manage {
				continue
			}
			if !slices.Contains(years, b.Year) {
				years = append(years, b.Year)
			}
			if b.Year != year {
				continue
			}
			li := Listed{BudgetKey: b.BudgetKey, SpaceName: names[b.Space], Basis: b.Basis, Read: read, Manage: manage}
			if li.SpaceName == "" {
				li.SpaceName = string(b.Space)
			}
			if read {
				l, err := loadLedger(ctx, tx, b)
				if err != nil {
					return err
				}
				st := compute(l.b, l.sums, today, l.rules.Thresholds)
				li.Totals, li.Warnings = &st.Totals, len(st.Warnings)
			}
			out = append(out, li)
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	slices.Sort(years)
	if err := s.audit.Read(ctx, audit.Event{Action: "budget.list", ObjectType: "budget", ObjectID: fmt.Sprint(year),
		Detail: fmt.Sprintf("%d Haushalte", len(out))}); err != nil {
		return nil, nil, err
	}
	return out, years, nil
}

// Sheet is one budget on its page: its figures today (nil for one who
// keeps it without reading figures), its ledger with who, when and why,
// and which entries may still be reversed.
type Sheet struct {
	Budget    quartier.Budget
	SpaceName string
	Status    *Status
	Entries   []LedgerRow
	Read      bool
	Manage    bool
	Note      string // quartier.BudgetNote, always shown beside warnings
	Rules     quartier.BudgetRules
}

// LedgerRow is a ledger entry as the page shows it: the line's code and
// label, and whether it is reversed (by which entry).
type LedgerRow struct {
	quartier.Entry
	Line       string
	LineLabel  string
	ReversedBy int64
}

// What says what the entry is: its kind, or which entry it reverses or
// which commitment it changes.
func (e *LedgerRow) What() string { return describeKind(&e.Entry) }

// Reversible says whether the page offers to reverse the entry: neither
// a reversal nor reversed already.
func (e *LedgerRow) Reversible() bool { return e.Reverses == 0 && e.ReversedBy == 0 }

// Sheet reads one budget with its ledger. Figures and the ledger need
// the read permission; one who only keeps budgets (the office) gets the
// lines and the entries it may reverse, without the figures of the line.
// Outside the actor's scope the budget is "not found".
func (s *Service) Sheet(ctx context.Context, k quartier.BudgetKey) (*Sheet, error) {
	a := quartier.ActorFrom(ctx)
	sh := &Sheet{Read: a.CanInSpace(quartier.PermReadBudgets, k.Space), Manage: a.CanInSpace(quartier.PermManageBudgets, k.Space), Note: quartier.BudgetNote}
	if !sh.Manage {
		if err := s.audit.RequireSpace(ctx, quartier.PermReadBudgets, "budget", k.Space); err != nil {
			return nil, err
		}
	}
	sh.SpaceName = s.spaceName(ctx, k.Space)
	today := s.today()
	err := s.store.View(ctx, func(tx Tx) error {
		b, err := tx.Budget(ctx, k)
		if err != nil {
			return err
		}
		sh.Budget = *b
		l, err := loadLedger(ctx, tx, b)
		if err != nil {
			return err
		}
		sh.Rules = l.rules
		if sh.Read {
			if sh.Status, err = withHourly(ctx, tx, compute(l.b, l.sums, today, l.rules.Thresholds), &l.rules); err != nil {
				return err
			}
		}
		es, err := tx.Entries(ctx, b.ID)
		if err != nil {
			return err
		}
		sh.Entries = ledgerView(b, es)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := s.audit.Read(ctx, audit.Event{Action: "budget.sheet", ObjectType: "budget", ObjectID: k.String(),
		Detail: fmt.Sprintf("%d Einträge", len(sh.Entries))}); err != nil {
		return nil, err
	}
	return sh, nil
}

// ledgerView labels entries with their lines and marks reversed ones;
// newest first, as a ledger is read.
func ledgerView(b *quartier.Budget, es []quartier.Entry) []LedgerRow {
	by := reversals(es)
	out := make([]LedgerRow, len(es))
	for i, e := range es {
		ve := LedgerRow{Entry: e, ReversedBy: by[e.ID]}
		if l := b.LineByID(e.LineID); l != nil {
			ve.Line, ve.LineLabel = l.Code, l.Label
		}
		out[len(es)-1-i] = ve
	}
	return out
}

// spaceName is the name of a space in the current Gebietsstand, its code
// when it has none (a space dropped since).
func (s *Service) spaceName(ctx context.Context, code quartier.SpaceCode) string {
	spaces, err := s.spatial.Spaces(ctx)
	if err == nil {
		if i := slices.IndexFunc(spaces, func(sp quartier.Space) bool { return sp.Code == code }); i >= 0 {
			return spaces[i].Name
		}
	}
	return string(code)
}
