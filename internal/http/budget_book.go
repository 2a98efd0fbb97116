package http

import (
	"net/http"
	"strconv"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/budget"
)

// budgetBook: POST /haushalt/{space}/{year}/buchen, money spent on a line
// (optionally paying a commitment). Beyond what is available the booking
// is written and the page shows the warning.
func (s *Server) budgetBook(w http.ResponseWriter, r *http.Request) {
	k, errs, ok := s.budgetForm(w, r)
	if !ok {
		return
	}
	req := budget.BookRequest{Space: k.Space, Team: k.Team, Line: orgValue(r, "bk-line"), Ref: orgValue(r, "bk-ref"), Why: orgValue(r, "bk-why")}
	if on := orgDate(r, errs, "bk-on", "Buchungsdatum", false); on != nil {
		req.On = *on
	}
	req.Amount = formAmount(r, errs, "bk-amount", "Betrag")
	if c := orgValue(r, "bk-commitment"); c != "" {
		id, err := strconv.ParseInt(c, 10, 64)
		if err != nil || id <= 0 {
			errs.Add("bk-commitment", "Mittelbindung: bitte die Nummer des Eintrags angeben (z. B. 12) oder das Feld leer lassen.")
		}
		req.Commitment = id
	}
	if req.Why == "" {
		errs.Add("bk-why", "Grund: Jeder Eintrag braucht einen Grund.")
	}
	if errs.Any() {
		s.budgetFailed(w, r, nil, errs, "bk-")
		return
	}
	if req.On.Year() != k.Year {
		errs.Add("bk-on", "Das Buchungsdatum "+req.On.Format(quartier.GermanDateLayout)+" liegt nicht im Haushaltsjahr "+r.PathValue("year")+".")
		s.budgetFailed(w, r, nil, errs, "bk-")
		return
	}
	p, err := s.budget.Book(r.Context(), req)
	if err != nil {
		s.budgetFailed(w, r, err, errs, "bk-")
		return
	}
	s.budgetDone(w, r, k, "buchung", p)
}

// formAmount reads a German amount input; a bad one is filed at it.
func formAmount(r *http.Request, errs *formErrors, id, label string) quartier.Cents {
	v := orgValue(r, id)
	if v == "" {
		errs.Add(id, label+": bitte einen Betrag angeben (z. B. 1.234,56).")
		return 0
	}
	c, err := quartier.ParseEuro(v)
	if err != nil {
		errs.Add(id, label+": "+quartier.ErrorMessage(err))
	}
	return c
}
