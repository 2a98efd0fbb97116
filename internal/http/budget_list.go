package http

import (
	"net/http"

	"github.com/quartier/quartier"
)

// budgetList: GET /haushalt?jahr=…, the budgets of a year the person may
// read or keep, and the spaces side by side for those who read figures.
func (s *Server) budgetList(w http.ResponseWriter, r *http.Request) {
	v := &budgetListView{page: titled("Sozialraumbudgets"), Year: s.budgetYear(r)}
	var err error
	if v.Budgets, v.Years, err = s.budget.List(r.Context(), v.Year); err != nil {
		s.errorPage(w, r, err)
		return
	}
	if quartier.ActorFrom(r.Context()).Can(quartier.PermReadBudgets) {
		if v.Compare, err = s.budget.Compare(r.Context(), v.Year); err != nil {
			s.errorPage(w, r, err)
			return
		}
	}
	s.render(w, r, "budgets", v)
}
