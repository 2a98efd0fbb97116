package http

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/budget"
)

// newBudgetRows is how many lines the form offers: the office's line
// types first (case, milieu, structural by default), then empty rows for
// a second line of a type (Weimar's service hours beside the lump sum).
const newBudgetRows = 6

type budgetNewView struct {
	page
	Form     url.Values
	Errors   *formErrors
	Spaces   []quartier.Space
	Rules    quartier.BudgetRules
	Rows     []int
	Fundings []quartier.FundingMode
	Bases    []quartier.BudgetBasis
}

// Row is the form fields of line row i.
func (v *budgetNewView) Row(i int) formFields {
	return prefixed(v.Form, v.Errors, fmt.Sprintf("ln-%d-", i))
}

// budgetNewForm: GET /haushalt/neu, the form to make a budget of a space
// (or of one of its teams) for a year with its lines.
func (s *Server) budgetNewForm(w http.ResponseWriter, r *http.Request) {
	form := url.Values{"nb-year": {strconv.Itoa(s.budgetYear(r))}, "nb-basis": {string(quartier.BasisNegotiated)}}
	rules, err := s.budget.Rules(r.Context())
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	for i, t := range rules.LineTypes {
		if i < newBudgetRows {
			form.Set(fmt.Sprintf("ln-%d-type", i), t.Code)
			form.Set(fmt.Sprintf("ln-%d-funding", i), string(quartier.FundingLumpSum))
		}
	}
	s.budgetNewPage(w, r, http.StatusOK, form, &formErrors{})
}

func (s *Server) budgetNewPage(w http.ResponseWriter, r *http.Request, status int, form url.Values, errs *formErrors) {
	a := quartier.ActorFrom(r.Context())
	rules, err := s.budget.Rules(r.Context())
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	all, err := s.spatial.Spaces(r.Context())
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	v := &budgetNewView{page: titled("Neuer Haushalt"), Form: form, Errors: errs, Rules: rules, Fundings: quartier.FundingModes,
		Bases: []quartier.BudgetBasis{quartier.BasisNegotiated, quartier.BasisPreviousActual, quartier.BasisPerResident}}
	for _, sp := range all {
		if a.CanInSpace(quartier.PermManageBudgets, sp.Code) {
			v.Spaces = append(v.Spaces, sp)
		}
	}
	for i := range newBudgetRows {
		v.Rows = append(v.Rows, i)
	}
	w.WriteHeader(status)
	s.render(w, r, "budget_new", v)
}

// budgetCreate: POST /haushalt/neu. The lines must add up to the total
// given, so a typing error in one line is caught; nothing is written
// unless all is right.
func (s *Server) budgetCreate(w http.ResponseWriter, r *http.Request) {
	if !s.readOrgForm(w, r) {
		return
	}
	errs := &formErrors{}
	req := budget.CreateRequest{Basis: quartier.BudgetBasis(orgValue(r, "nb-basis")), Note: orgValue(r, "nb-note")}
	req.Space, req.Team = quartier.SpaceCode(orgValue(r, "nb-space")), orgValue(r, "nb-team")
	if req.Space == "" {
		errs.Add("nb-space", "Sozialraum: bitte einen Sozialraum wählen.")
	}
	y, err := strconv.Atoi(orgValue(r, "nb-year"))
	if err != nil || y < 2000 || y > 2100 {
		errs.Add("nb-year", "Haushaltsjahr: bitte eine Jahreszahl zwischen 2000 und 2100 angeben.")
	}
	req.Year = y
	req.Total = formAmount(r, errs, "nb-total", "Gesamtbetrag")
	for i := range newBudgetRows {
		p := fmt.Sprintf("ln-%d-", i)
		typ, amount := orgValue(r, p+"type"), orgValue(r, p+"amount")
		if typ == "" && amount == "" {
			continue
		}
		n := strconv.Itoa(i + 1)
		if typ == "" {
			errs.Add(p+"type", "Zeile "+n+": bitte die Art der Zeile wählen oder den Planansatz leeren.")
		}
		lr := budget.LineRequest{Type: typ, Code: orgValue(r, p+"code"), Label: orgValue(r, p+"label"),
			Funding: quartier.FundingMode(orgValue(r, p+"funding")), Provider: orgValue(r, p+"provider")}
		if amount != "" {
			lr.Amount = formAmount(r, errs, p+"amount", "Zeile "+n+", Planansatz")
		}
		req.Lines = append(req.Lines, lr)
	}
	if len(req.Lines) == 0 && !errs.Any() {
		errs.Add("ln-0-type", "Zeile 1: Der Haushalt braucht mindestens eine Zeile.")
	}
	if errs.Any() {
		s.budgetNewPage(w, r, http.StatusBadRequest, r.PostForm, errs)
		return
	}
	b, err := s.budget.CreateBudget(r.Context(), req)
	if err != nil {
		errs.Add(newBudgetField(err, r.PostForm), s.userMessage(r, err))
		s.budgetNewPage(w, r, statusOf(err), r.PostForm, errs)
		return
	}
	u := budgetURL(b.BudgetKey)
	sep := "?"
	if b.Team != "" {
		sep = "&"
	}
	http.Redirect(w, r, u+sep+"gespeichert=haushalt", http.StatusSeeOther)
}

// newBudgetField is the input a refusal of CreateBudget belongs to, read
// from how its message begins; the use case names a line by its number or
// its code.
func newBudgetField(err error, form url.Values) string {
	msg := quartier.ErrorMessage(err)
	if name, _, ok := strings.Cut(strings.TrimPrefix(msg, "Zeile "), ":"); ok && strings.HasPrefix(msg, "Zeile ") && !strings.Contains(name, " ") {
		if n, err := strconv.Atoi(name); err == nil {
			return fmt.Sprintf("ln-%d-type", n-1)
		}
		for i := range newBudgetRows {
			p := fmt.Sprintf("ln-%d-", i)
			if code := form.Get(p + "code"); code == name || code == "" && form.Get(p+"type") == name {
				field := "code"
				switch {
				case strings.Contains(msg, "Träger"):
					field = "provider"
				case strings.Contains(msg, "Planansatz"):
					field = "amount"
				case strings.Contains(msg, "Finanzierungsart"):
					field = "funding"
				}
				return p + field
			}
		}
	}
	for _, f := range []struct{ start, field string }{{"Die Zeilen ergeben", "nb-total"}, {"Sozialraum", "nb-space"}, {"Team", "nb-team"},
		{"Haushaltsjahr", "nb-year"}, {"Unbekannte Grundlage", "nb-basis"}} {
		if strings.HasPrefix(msg, f.start) {
			return f.field
		}
	}
	return ""
}
