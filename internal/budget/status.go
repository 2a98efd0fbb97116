package budget

import (
	"context"
	"fmt"
	"strings"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/textde"
)

// Status is the figures of a space's budgets for a year, today: the
// space's own budget and those of its teams. The figures hold no personal
// data; reading them is audited all the same, as steering figures of a
// space. Outside the actor's scope the space is "not found".
func (s *Service) Status(ctx context.Context, space quartier.SpaceCode, year int) ([]Status, error) {
	if err := s.audit.RequireSpace(ctx, quartier.PermReadBudgets, "budget", space); err != nil {
		return nil, err
	}
	var out []Status
	today := s.today()
	err := s.store.View(ctx, func(tx Tx) error {
		out = nil
		budgets, err := tx.Budgets(ctx, space, year)
		if err != nil {
			return err
		}
		for i := range budgets {
			l, err := loadLedger(ctx, tx, &budgets[i])
			if err != nil {
				return err
			}
			st, err := withHourly(ctx, tx, compute(l.b, l.sums, today, l.rules.Thresholds), &l.rules)
			if err != nil {
				return err
			}
			out = append(out, *st)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var keys []string
	for _, st := range out {
		keys = append(keys, st.Budget.BudgetKey.String())
	}
	if err := s.audit.Read(ctx, audit.Event{Action: "budget.status", ObjectType: "budget", ObjectID: fmt.Sprintf("%s %d", space, year),
		Detail: textde.Shorten(fmt.Sprintf("%d Haushalte: %s", len(out), strings.Join(keys, ", ")), 2000)}); err != nil {
		return nil, err
	}
	return out, nil
}
