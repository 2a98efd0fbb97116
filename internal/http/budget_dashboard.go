package http

import (
	"fmt"
	"net/http"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/budget"
)

type budgetDashboardView struct {
	page
	Key       quartier.BudgetKey
	SpaceName string
	Back      string
	Dashboard *budget.Dashboard
	Charts    []budgetChart // the whole budget first, then each line
}

// budgetDashboard: GET /haushalt/{space}/{year}/uebersicht[?team=…],
// plan, commitments, bookings and forecast per line and month as charts
// with a table each.
func (s *Server) budgetDashboard(w http.ResponseWriter, r *http.Request) {
	k, err := budgetKey(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	d, err := s.budget.Dashboard(r.Context(), k)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	v := &budgetDashboardView{page: titled("Übersicht " + k.String()), Key: k, Back: budgetURL(k), Dashboard: d, SpaceName: string(k.Space)}
	if sh, err := s.spatial.Spaces(r.Context()); err == nil {
		for _, sp := range sh {
			if sp.Code == k.Space {
				v.SpaceName = sp.Name
			}
		}
	}
	v.Title = "Übersicht " + v.SpaceName + " " + fmt.Sprint(k.Year)
	v.Charts = append(v.Charts, newBudgetChart("chart-gesamt", "Gesamter Haushalt "+v.SpaceName+" "+fmt.Sprint(k.Year), d.Total))
	for i, lm := range d.Lines {
		v.Charts = append(v.Charts, newBudgetChart(fmt.Sprintf("chart-%d", i+1), lm.Line.Label+" ("+lm.Line.Code+")", lm))
	}
	s.render(w, r, "budget_dashboard", v)
}
