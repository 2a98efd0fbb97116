package http

import (
	"net/http"
	"net/url"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/budget"
)

// budgetShow: GET /haushalt/{space}/{year}[?team=…], a budget's lines
// with their figures and warnings, its ledger, and the forms to book,
// commit and reverse for those who keep it.
func (s *Server) budgetShow(w http.ResponseWriter, r *http.Request) {
	s.budgetPage(w, r, http.StatusOK, nil, nil, nil)
}

// budgetPage renders the budget's page; typed and errs are the values and
// findings of a form that failed, posted the answer to an entry just
// written (its warnings are shown, the entry stands).
func (s *Server) budgetPage(w http.ResponseWriter, r *http.Request, status int, typed url.Values, errs *formErrors, posted *budget.Posted) {
	k, err := budgetKey(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	sh, err := s.budget.Sheet(r.Context(), k)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	title := "Haushalt " + k.String()
	v := &budgetView{page: titled(title), Sheet: sh, Base: budgetURL(k), Action: budgetURL(quartier.BudgetKey{Space: k.Space, Year: k.Year}), Team: k.Team,
		Form: url.Values{}, Errors: errs, Saved: budgetSaved(r.URL.Query().Get("gespeichert")), Posted: posted, Reverse: r.URL.Query().Get("storno")}
	today := time.Now().In(s.opt.TimeZone)
	if today.Year() != k.Year {
		today = time.Date(k.Year, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if len(sh.Budget.Lines) > 0 {
		v.Form.Set("bk-line", sh.Budget.Lines[0].Code)
		v.Form.Set("mb-line", sh.Budget.Lines[0].Code)
		v.Form.Set("pl-line", sh.Budget.Lines[0].Code)
	}
	v.Form.Set("bk-on", today.Format(quartier.DateLayout))
	v.Form.Set("mb-from", today.Format(quartier.DateLayout))
	v.Form.Set("st-entry", v.Reverse)
	for key, vals := range typed {
		v.Form[key] = vals
	}
	if v.Errors == nil {
		v.Errors = &formErrors{}
	}
	w.WriteHeader(status)
	s.render(w, r, "budget", v)
}

// budgetDone answers an entry written: back to the page with the
// confirmation, or, when the entry came back with warnings, the page at
// once with them (a redirect would lose them) and status 200: nothing was
// refused.
func (s *Server) budgetDone(w http.ResponseWriter, r *http.Request, k quartier.BudgetKey, what string, p *budget.Posted) {
	if p != nil && len(p.Warnings) > 0 {
		s.budgetPage(w, r, http.StatusOK, nil, nil, p)
		return
	}
	u := budgetURL(k)
	sep := "?"
	if k.Team != "" {
		sep = "&"
	}
	http.Redirect(w, r, u+sep+"gespeichert="+what+"#eintraege", http.StatusSeeOther)
}

// budgetFailed shows the page again with the form as typed, the findings
// at its inputs (a use case's refusal where budgetField places it).
func (s *Server) budgetFailed(w http.ResponseWriter, r *http.Request, err error, errs *formErrors, prefix string) {
	status := http.StatusBadRequest
	if err != nil {
		status = statusOf(err)
		errs.Add(budgetField(prefix, err), s.userMessage(r, err))
	}
	s.budgetPage(w, r, status, r.PostForm, errs, nil)
}
