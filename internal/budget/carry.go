package budget

import (
	"context"
	"fmt"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
)

// CarryResult is what a year-end carry-over moved.
type CarryResult struct {
	From, To quartier.BudgetKey
	// Surplus is the closed year's planned less booked less still open
	// commitments (money promised stays promised).
	Surplus      quartier.Cents
	SharePercent int
	Entry        quartier.Entry // the planned entry in next year's line
	Line         string
}

// CarryOver closes a year by the office's rule: the rule's share of the
// surplus (rounded half up to the cent) is added to the plan of the next
// year's budget of the same space and team, on its first line of the
// rule's type (e.g. structural work). It runs once per budget, after the
// year has ended; the closed year's figures are left as they are.
func (s *Service) CarryOver(ctx context.Context, from quartier.BudgetKey) (*CarryResult, error) {
	to := quartier.BudgetKey{Space: from.Space, Team: from.Team, Year: from.Year + 1}
	res := &CarryResult{From: from, To: to}
	if err := s.audit.RequireSpace(ctx, quartier.PermManageBudgets, "budget", from.Space); err != nil {
		return nil, err
	}
	err := audit.Change(ctx, s.audit, s.store, quartier.PermManageBudgets, "budget", to.String(), func(tx Tx) (audit.Event, error) {
		ev := audit.Event{Action: "budget.carryover", ObjectType: "budget", ObjectID: to.String()}
		src, err := tx.Budget(ctx, from)
		if err != nil {
			return ev, err
		}
		old, err := loadLedger(ctx, tx, src)
		if err != nil {
			return ev, err
		}
		rule := old.rules.CarryOver
		if rule.SharePercent == 0 {
			return ev, quartier.Errorf(quartier.EINVALID, "Die Haushaltsregeln sehen keinen Übertrag vor (0 %%).")
		}
		if today := s.today(); today.Before(src.End()) {
			return ev, quartier.Errorf(quartier.EINVALID, "Das Haushaltsjahr %d ist noch nicht zu Ende; übertragen wird ab dem %s.", from.Year, src.End().Format(quartier.GermanDateLayout))
		}
		closed := compute(src, old.sums, src.End().AddDate(0, 0, -1), old.rules.Thresholds)
		res.Surplus, res.SharePercent = closed.Totals.Remaining, rule.SharePercent
		if res.Surplus <= 0 {
			return ev, quartier.Errorf(quartier.EINVALID, "Der Haushalt %s hat keinen Überschuss (%s); nichts zu übertragen.", from, res.Surplus)
		}
		amount := res.Surplus.Prorate(int64(rule.SharePercent), 100)
		dst, err := tx.Budget(ctx, to)
		if quartier.ErrorCode(err) == quartier.ENOTFOUND {
			return ev, quartier.Errorf(quartier.ENOTFOUND, "Für %d gibt es noch keinen Haushalt %s; bitte zuerst anlegen, dann übertragen.", to.Year, to)
		} else if err != nil {
			return ev, err
		}
		var line *quartier.Line
		for i := range dst.Lines {
			if dst.Lines[i].Type == rule.ToLineType {
				line = &dst.Lines[i]
				break
			}
		}
		if line == nil {
			return ev, quartier.Errorf(quartier.EINVALID, "Der Haushalt %s hat keine Zeile der Art %s, in die der Übertrag gehört.", to, rule.ToLineType)
		}
		next, err := loadLedger(ctx, tx, dst)
		if err != nil {
			return ev, err
		}
		ref := fmt.Sprintf("carryover:%d", src.ID)
		if err := next.refFree(ctx, tx, quartier.EntryPlanned, ref); err != nil {
			return ev, quartier.Errorf(quartier.ECONFLICT, "Der Überschuss von %s ist schon übertragen: %s", from, quartier.ErrorMessage(err))
		}
		e := s.entry(ctx, line.ID, quartier.EntryPlanned, amount,
			fmt.Sprintf("Übertrag aus %d: %d %% des Überschusses von %s", from.Year, rule.SharePercent, res.Surplus))
		e.Ref = ref
		if err := e.Validate(); err != nil {
			return ev, err
		}
		if err := tx.AppendEntry(ctx, &e); err != nil {
			return ev, err
		}
		e.BudgetID = dst.ID
		res.Entry, res.Line = e, line.Code
		ev.Detail = fmt.Sprintf("aus %s: %s auf Zeile %s (Eintrag %d)", from, e.Why, line.Code, e.ID)
		return ev, nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}
