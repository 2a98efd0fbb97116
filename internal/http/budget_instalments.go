package http

import (
	"fmt"
	"net/http"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/budget"
)

type budgetInstalmentsView struct {
	page
	Key     quartier.BudgetKey
	Back    string
	Cadence budget.Cadence
	Lines   []budget.Instalments
}

// Monthly says whether the schedule is monthly (for the choice).
func (v *budgetInstalmentsView) Monthly() bool { return v.Cadence == budget.Monthly }

// budgetInstalments: GET /haushalt/{space}/{year}/raten[?takt=monat|quartal],
// the instalments of the budget's lump sums, split between the providers
// by days when the space's provider changes in the year.
func (s *Server) budgetInstalments(w http.ResponseWriter, r *http.Request) {
	k, err := budgetKey(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	cadence, err := budget.ParseCadence(r.URL.Query().Get("takt"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	lines, err := s.budget.Instalments(r.Context(), k, cadence)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	v := &budgetInstalmentsView{page: titled(fmt.Sprintf("Raten der Pauschalen %s", k)), Key: k, Back: budgetURL(k), Cadence: cadence, Lines: lines}
	s.render(w, r, "budget_instalments", v)
}
