package http

import (
	"net/http"
	"strconv"
)

// budgetReverse: POST /haushalt/{space}/{year}/storno, the reversal of an
// entry of this budget (a correction is a new entry, never an edit).
func (s *Server) budgetReverse(w http.ResponseWriter, r *http.Request) {
	k, errs, ok := s.budgetForm(w, r)
	if !ok {
		return
	}
	id, err := strconv.ParseInt(orgValue(r, "st-entry"), 10, 64)
	if err != nil || id <= 0 {
		errs.Add("st-entry", "Eintrag: bitte die Nummer des Eintrags angeben, der storniert wird.")
	}
	why := orgValue(r, "st-why")
	if why == "" {
		errs.Add("st-why", "Grund: Jeder Storno braucht einen Grund.")
	}
	if errs.Any() {
		s.budgetFailed(w, r, nil, errs, "st-")
		return
	}
	sh, err := s.budget.Sheet(r.Context(), k)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	found := false
	for _, e := range sh.Entries {
		found = found || e.ID == id
	}
	if !found {
		errs.Add("st-entry", "Eintrag: Eintrag "+strconv.FormatInt(id, 10)+" gehört nicht zu diesem Haushalt.")
		s.budgetFailed(w, r, nil, errs, "st-")
		return
	}
	p, err := s.budget.Reverse(r.Context(), id, why)
	if err != nil {
		s.budgetFailed(w, r, err, errs, "st-")
		return
	}
	s.budgetDone(w, r, k, "storno", p)
}
