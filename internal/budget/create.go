package budget

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/textde"
)

// LineRequest is one line of a new budget. Code defaults to the type,
// Label to the type's label in the rules; the cover group always comes
// from the rules.
type LineRequest struct {
	Code     string
	Type     string
	Label    string
	Funding  quartier.FundingMode
	Provider string // provider or alliance code, optional
	Amount   quartier.Cents
}

// CreateRequest makes the budget of a space (or of one of its teams) for
// a year. Total is the amount decided, and the lines must add up to it:
// a typing error in one line is caught before anything is written.
type CreateRequest struct {
	quartier.BudgetKey
	Total quartier.Cents
	Basis quartier.BudgetBasis
	Note  string
	Lines []LineRequest
}

// CreateBudget stores a budget with its lines and each line's plan as the
// first entries of its ledger, all in one transaction with one audit
// entry.
func (s *Service) CreateBudget(ctx context.Context, req CreateRequest) (*quartier.Budget, error) {
	if err := s.audit.RequireSpace(ctx, quartier.PermManageBudgets, "budget", req.Space); err != nil {
		return nil, err
	}
	spaces, err := s.spatial.Spaces(ctx)
	if err != nil {
		return nil, err
	}
	if !slices.ContainsFunc(spaces, func(sp quartier.Space) bool { return sp.Code == req.Space }) {
		return nil, quartier.Errorf(quartier.ENOTFOUND, "Sozialraum %s gibt es im aktuellen Gebietsstand nicht.", req.Space)
	}
	b := &quartier.Budget{BudgetKey: req.BudgetKey, Basis: req.Basis, Note: strings.TrimSpace(req.Note), CreatedAt: s.now().UTC()}
	err = audit.Change(ctx, s.audit, s.store, quartier.PermManageBudgets, "budget", req.BudgetKey.String(), func(tx Tx) (audit.Event, error) {
		ev := audit.Event{Action: "budget.create", ObjectType: "budget", ObjectID: req.BudgetKey.String()}
		rules, err := loadRules(ctx, tx)
		if err != nil {
			return ev, err
		}
		if err := checkTeam(ctx, tx, req.BudgetKey); err != nil {
			return ev, err
		}
		var sum quartier.Cents
		var what []string
		for i, lr := range req.Lines {
			l, err := newLine(ctx, tx, &rules, i+1, lr)
			if err != nil {
				return ev, err
			}
			b.Lines = append(b.Lines, l)
			sum += lr.Amount
			what = append(what, fmt.Sprintf("%s %s", l.Code, lr.Amount))
		}
		if sum != req.Total {
			return ev, quartier.Errorf(quartier.EINVALID, "Die Zeilen ergeben zusammen %s, der Haushalt nennt %s (Unterschied %s).", sum, req.Total, req.Total-sum)
		}
		if err := b.Validate(); err != nil {
			return ev, err
		}
		if err := tx.CreateBudget(ctx, b); err != nil {
			return ev, err
		}
		for i, lr := range req.Lines {
			if lr.Amount == 0 {
				continue
			}
			e := s.entry(ctx, b.Lines[i].ID, quartier.EntryPlanned, lr.Amount, "Planansatz bei Anlage des Haushalts")
			if err := e.Validate(); err != nil {
				return ev, err
			}
			if err := tx.AppendEntry(ctx, &e); err != nil {
				return ev, err
			}
		}
		ev.Detail = textde.Shorten(fmt.Sprintf("Gesamt %s; %s; Grundlage: %s", req.Total, strings.Join(what, ", "), b.Basis.Label()), 2000)
		return ev, nil
	})
	if err != nil {
		return nil, err
	}
	return b, nil
}

// newLine builds line n of a new budget from its request and the rules.
func newLine(ctx context.Context, tx Tx, rules *quartier.BudgetRules, n int, lr LineRequest) (quartier.Line, error) {
	def, ok := rules.LineType(lr.Type)
	if !ok {
		var known []string
		for _, t := range rules.LineTypes {
			known = append(known, t.Code)
		}
		return quartier.Line{}, quartier.Errorf(quartier.EINVALID, "Zeile %d: Zeilenart %q gibt es in den Haushaltsregeln nicht (%s).", n, lr.Type, strings.Join(known, ", "))
	}
	l := quartier.Line{Code: lr.Code, Type: def.Code, Label: strings.TrimSpace(lr.Label), Funding: lr.Funding, Provider: lr.Provider, CoverGroup: def.CoverGroup}
	if l.Code == "" {
		l.Code = def.Code
	}
	if l.Label == "" {
		l.Label = def.Label
	}
	if lr.Amount < 0 || lr.Amount > quartier.MaxCents {
		return l, quartier.Errorf(quartier.EINVALID, "Zeile %s: der Planansatz %s liegt nicht zwischen 0 € und %s.", l.Code, lr.Amount, quartier.MaxCents)
	}
	if l.Provider != "" {
		if _, err := tx.ProviderByCode(ctx, l.Provider); quartier.ErrorCode(err) == quartier.ENOTFOUND {
			if _, err := tx.AllianceByCode(ctx, l.Provider); err != nil {
				return l, quartier.Errorf(quartier.ENOTFOUND, "Zeile %s: Träger oder Trägerverbund %q ist unbekannt.", l.Code, l.Provider)
			}
		} else if err != nil {
			return l, err
		}
	}
	return l, nil
}

// checkTeam refuses a team that does not work in the budget's space.
func checkTeam(ctx context.Context, tx Tx, k quartier.BudgetKey) error {
	if k.Team == "" {
		return nil
	}
	teams, err := tx.Teams(ctx, k.Space)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(teams, func(t quartier.Team) bool { return t.Code == k.Team }) {
		return quartier.Errorf(quartier.ENOTFOUND, "Team %s arbeitet nicht im Sozialraum %s.", k.Team, k.Space)
	}
	return nil
}
