package http

import (
	"net/http"

	"github.com/quartier/quartier/internal/budget"
)

// budgetPlan: POST /haushalt/{space}/{year}/plan, a change of a line's
// plan by an amount (more or less): a planned entry in the ledger with
// who, when and why, like every other — the plan is never edited.
func (s *Server) budgetPlan(w http.ResponseWriter, r *http.Request) {
	k, errs, ok := s.budgetForm(w, r)
	if !ok {
		return
	}
	req := budget.PlanRequest{Budget: k, Line: orgValue(r, "pl-line"), Why: orgValue(r, "pl-why")}
	req.Amount = formAmount(r, errs, "pl-amount", "Änderung")
	if req.Amount == 0 && errs.For("pl-amount") == "" {
		errs.Add("pl-amount", "Änderung: 0 € ändert den Plan nicht.")
	}
	if req.Why == "" {
		errs.Add("pl-why", "Grund: Jede Änderung des Plans braucht einen Grund (z. B. Beschluss des Ausschusses vom …).")
	}
	if errs.Any() {
		s.budgetFailed(w, r, nil, errs, "pl-")
		return
	}
	p, err := s.budget.Plan(r.Context(), req)
	if err != nil {
		s.budgetFailed(w, r, err, errs, "pl-")
		return
	}
	s.budgetDone(w, r, k, "plan", p)
}
