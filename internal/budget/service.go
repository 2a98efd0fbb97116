// Package budget is the space budgets (Sozialraumbudgets): a budget per
// space, optionally per team, and year, with lines (case, milieu and
// structural work by default, configurable per office), cover groups of
// mutually coverable lines, and the append-only ledger of what is
// planned, committed and booked. From the ledger it computes what is
// available per line honouring coverability, a forecast to the year end
// and warnings at the office's thresholds, and it carries a share of a
// year's surplus into the next year by the office's rule.
//
// A warning is never a cap: every booking and commitment is written, and
// one beyond its line comes back with a warning and quartier.BudgetNote.
// The budget stands on the spatial core (spaces, teams, providers) and
// never the other way round; a referral of a help (case work, later)
// creates its commitment through Commit with a quartier.Commitment.
package budget

import (
	"context"
	"encoding/json"
	"log/slog"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/spatial"
)

// Tx is the part of the store the budgets use.
type Tx interface {
	quartier.BudgetTx
	quartier.ProjectTx
	quartier.FinanceTx
	quartier.AccountTx // the person whose hours a team lead records, by login
	quartier.SettingsTx
	quartier.TeamTx
	quartier.ProviderTx
	quartier.AuditTx
	quartier.AssignmentTx // lump sums follow the assignment (instalments.go)
	quartier.PopulationTx // figures per 1,000 young residents (compare.go)
	quartier.NoticeTx     // warnings delivered to the controller and the duo (notice.go)
	quartier.LeadershipTx // the duo of a space
}

// Service is the space budgets over one store.
type Service struct {
	store   quartier.StoreOf[Tx]
	audit   *audit.Log
	spatial *spatial.Service
	log     *slog.Logger
	now     func() time.Time
}

// Options configure the budgets.
type Options struct {
	Logger *slog.Logger
	Now    func() time.Time
}

// New opens the budgets over store; it reads nothing until used.
func New(store quartier.Store, log *audit.Log, sp *spatial.Service, opt Options) *Service {
	s := &Service{store: quartier.Narrow[Tx](store), audit: log, spatial: sp, log: opt.Logger, now: opt.Now}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.now == nil {
		s.now = time.Now
	}
	return s
}

func (s *Service) today() time.Time { return quartier.Day(s.now()) }

const settingRules = "budget.rules"

// loadRules reads the office's rules; the defaults until it set its own.
func loadRules(ctx context.Context, tx Tx) (quartier.BudgetRules, error) {
	raw, err := tx.Setting(ctx, settingRules)
	if err != nil || raw == "" {
		return quartier.DefaultBudgetRules(), err
	}
	var r quartier.BudgetRules
	if err := json.Unmarshal([]byte(raw), &r); err != nil {
		return r, quartier.WrapError(quartier.EINTERNAL, err, "Die gespeicherten Haushaltsregeln sind unlesbar.")
	}
	return r, nil
}

// Rules are the office's budget rules: line types and cover groups,
// warning thresholds, carry-over. Whoever keeps or reads budgets may see
// them; they hold no figures.
func (s *Service) Rules(ctx context.Context) (quartier.BudgetRules, error) {
	if a := quartier.ActorFrom(ctx); !a.Can(quartier.PermManageBudgets) {
		if err := s.audit.Require(ctx, quartier.PermReadBudgets, "budget_rules", ""); err != nil {
			return quartier.BudgetRules{}, err
		}
	}
	var r quartier.BudgetRules
	err := s.store.View(ctx, func(tx Tx) (err error) {
		r, err = loadRules(ctx, tx)
		return err
	})
	return r, err
}

// SaveRules replaces the office's rules. They hold for every space, so
// only a grant for all spaces may change them; budgets already made keep
// the types and cover groups of their lines.
func (s *Service) SaveRules(ctx context.Context, r quartier.BudgetRules) error {
	return audit.Change(ctx, s.audit, s.store, quartier.PermManageBudgets, "budget_rules", "", func(tx Tx) (audit.Event, error) {
		ev := audit.Event{Action: "budget.rules", ObjectType: "budget_rules"}
		if !quartier.ActorFrom(ctx).CanInSpace(quartier.PermManageBudgets, quartier.AllSpaces) {
			return ev, quartier.Errorf(quartier.EFORBIDDEN, "Die Haushaltsregeln gelten für alle Sozialräume; sie ändert nur, wer Haushalte aller Sozialräume pflegt.")
		}
		if err := r.Validate(); err != nil {
			return ev, err
		}
		b, err := json.Marshal(r)
		if err != nil {
			return ev, err
		}
		ev.Detail = string(b)
		return ev, tx.SetSetting(ctx, settingRules, string(b))
	})
}
