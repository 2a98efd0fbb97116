package http

import (
	"net/http"

	"github.com/quartier/quartier"
)

// budgetCommit: POST /haushalt/{space}/{year}/binden, money bound for a
// granted help over its term: an amount, or hours a week at a rate.
func (s *Server) budgetCommit(w http.ResponseWriter, r *http.Request) {
	k, errs, ok := s.budgetForm(w, r)
	if !ok {
		return
	}
	c := quartier.Commitment{Space: k.Space, Team: k.Team, Line: orgValue(r, "mb-line"), Ref: orgValue(r, "mb-ref"), Why: orgValue(r, "mb-why")}
	from := orgDate(r, errs, "mb-from", "Beginn", false)
	to := orgDate(r, errs, "mb-to", "Ende", false)
	if from != nil && to != nil {
		c.Term = quartier.Term{From: *from, To: *to}
	}
	hours, amount := orgValue(r, "mb-hours"), orgValue(r, "mb-amount")
	switch {
	case hours != "" && amount != "":
		errs.Add("mb-amount", "Betrag: entweder ein Betrag oder Stunden je Woche mit Satz, nicht beides.")
	case hours != "":
		perWeek, err := quartier.ParseHundredths(hours)
		if err != nil {
			errs.Add("mb-hours", "Stunden je Woche: "+quartier.ErrorMessage(err))
		}
		c.Volume = &quartier.Volume{Unit: quartier.UnitHour, PerWeek: perWeek, Rate: formAmount(r, errs, "mb-rate", "Satz je Stunde")}
	default:
		c.Amount = formAmount(r, errs, "mb-amount", "Betrag")
	}
	if c.Why == "" {
		errs.Add("mb-why", "Grund: Jeder Eintrag braucht einen Grund.")
	}
	if errs.Any() {
		s.budgetFailed(w, r, nil, errs, "mb-")
		return
	}
	if c.Term.From.Year() != k.Year {
		errs.Add("mb-from", "Beginn: Die Laufzeit beginnt nicht im Haushaltsjahr "+r.PathValue("year")+"; die Mittelbindung gehört in den Haushalt ihres Jahres.")
		s.budgetFailed(w, r, nil, errs, "mb-")
		return
	}
	p, err := s.budget.Commit(r.Context(), c)
	if err != nil {
		s.budgetFailed(w, r, err, errs, "mb-")
		return
	}
	s.budgetDone(w, r, k, "bindung", p)
}
