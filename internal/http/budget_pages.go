package http

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/budget"
)

// The pages of the space budgets (/haushalt): the list of a year with the
// comparison of the spaces, a budget's page with its ledger and forms,
// its dashboard, its lump-sum instalments and the year report. The
// figures' permissions are checked in internal/budget: the office keeps
// and books budgets without reading their figures, planning reads without
// keeping them, so the routes only ask for a signed-in person.
func (s *Server) budgetRoutes(signedIn Access) {
	need := func(p quartier.Permission) Access { return Access{Permission: p} }
	s.route("GET /haushalt/bericht", need(quartier.PermReadBudgetReports), http.HandlerFunc(s.budgetReport))
	s.route("GET /haushalt/bericht.pdf", need(quartier.PermReadBudgetReports), http.HandlerFunc(s.budgetReportPDF))
	s.route("GET /haushalt/bericht/entwurf", need(quartier.PermReadBudgets), http.HandlerFunc(s.budgetReportDraft))
	s.route("GET /haushalt/bericht.xlsx", need(quartier.PermReadBudgets), http.HandlerFunc(s.budgetReportXLSX))
	s.route("POST /haushalt/bericht/veroeffentlichen", need(quartier.PermPublishBudgetReport), http.HandlerFunc(s.budgetReportPublish))
	s.route("GET /haushalt", signedIn, http.HandlerFunc(s.budgetList))
	s.route("GET /haushalt/neu", need(quartier.PermManageBudgets), http.HandlerFunc(s.budgetNewForm))
	s.route("POST /haushalt/neu", need(quartier.PermManageBudgets), http.HandlerFunc(s.budgetCreate))
	s.route("GET /haushalt/{space}/{year}", signedIn, http.HandlerFunc(s.budgetShow))
	s.route("GET /haushalt/{space}/{year}/uebersicht", signedIn, http.HandlerFunc(s.budgetDashboard))
	s.route("GET /haushalt/{space}/{year}/raten", signedIn, http.HandlerFunc(s.budgetInstalments))
	s.route("POST /haushalt/{space}/{year}/buchen", signedIn, http.HandlerFunc(s.budgetBook))
	s.route("POST /haushalt/{space}/{year}/binden", signedIn, http.HandlerFunc(s.budgetCommit))
	s.route("POST /haushalt/{space}/{year}/storno", signedIn, http.HandlerFunc(s.budgetReverse))
	s.route("POST /haushalt/{space}/{year}/plan", signedIn, http.HandlerFunc(s.budgetPlan))
	s.route("GET /stunden", need(quartier.PermRecordHours), http.HandlerFunc(s.hours))
	s.route("POST /stunden", need(quartier.PermRecordHours), http.HandlerFunc(s.hoursRecord))
	s.route("GET /haushalt/stunden", need(quartier.PermReadBudgets), http.HandlerFunc(s.hoursReport))
	s.route("POST /haushalt/stunden/soll", need(quartier.PermManageBudgets), http.HandlerFunc(s.hoursTarget))
	s.route("GET /hinweise", signedIn, http.HandlerFunc(s.notices))
	s.route("POST /hinweise/gelesen", signedIn, http.HandlerFunc(s.noticesRead))
}

type budgetListView struct {
	page
	Year    int
	Years   []int
	Budgets []budget.Listed
	Compare *budget.Comparison // nil for one who reads no figures
}

type budgetView struct {
	page
	Sheet   *budget.Sheet
	Base    string // the budget's URL, with ?team= for a team's budget
	Action  string // the prefix of the forms' actions
	Team    string
	Form    url.Values
	Errors  *formErrors
	Saved   string
	Posted  *budget.Posted // the answer to the last entry, with its warnings
	Reverse string         // the entry the reversal form is filled with
}

// budgetKey reads the budget of a request: the space and year of the path
// and the team of the query or the form.
// budgetForm starts a form sent from a budget's page: the form read and
// the budget it is for; ok is false when an error page was sent instead.
func (s *Server) budgetForm(w http.ResponseWriter, r *http.Request) (k quartier.BudgetKey, errs *formErrors, ok bool) {
	if !s.readOrgForm(w, r) {
		return k, nil, false
	}
	k, err := budgetKey(r)
	if err != nil {
		s.errorPage(w, r, err)
		return k, nil, false
	}
	return k, &formErrors{}, true
}

func budgetKey(r *http.Request) (quartier.BudgetKey, error) {
	y, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || y < 2000 || y > 2100 {
		return quartier.BudgetKey{}, quartier.Errorf(quartier.ENOTFOUND, "Das Haushaltsjahr %q gibt es nicht.", r.PathValue("year"))
	}
	team := r.URL.Query().Get("team")
	if r.Method == http.MethodPost {
		team = r.PostFormValue("team")
	}
	return quartier.BudgetKey{Space: quartier.SpaceCode(r.PathValue("space")), Team: strings.TrimSpace(team), Year: y}, nil
}

// budgetURL is the page of a budget.
func budgetURL(k quartier.BudgetKey) string {
	u := "/haushalt/" + url.PathEscape(string(k.Space)) + "/" + strconv.Itoa(k.Year)
	if k.Team != "" {
		u += "?team=" + url.QueryEscape(k.Team)
	}
	return u
}

// budgetYear is the year asked for, else the current one in the
// installation's zone.
func (s *Server) budgetYear(r *http.Request) int {
	if y, err := strconv.Atoi(r.URL.Query().Get("jahr")); err == nil && y >= 2000 && y <= 2100 {
		return y
	}
	return time.Now().In(s.opt.TimeZone).Year()
}

// budgetField is the input a refusal of the ledger belongs to. The
// ledger's messages are sentences, not located problems, so the field is
// read from how each begins; anything else goes to the list at the top.
func budgetField(prefix string, err error) string {
	msg := quartier.ErrorMessage(err)
	for _, m := range []struct{ start, field string }{
		{"Das Buchungsdatum", "on"}, {"Eine Buchung braucht einen Betrag", "amount"}, {"Betrag", "amount"}, {"Ein Betrag", "amount"},
		{"Der Haushalt", "line"}, {"Die Laufzeit", "to"}, {"Das Ende der Laufzeit", "to"}, {"Eine Mittelbindung braucht", "amount"},
		{"Der Wochenumfang", "hours"}, {"Der Satz", "rate"}, {"Jeder Eintrag braucht einen Grund", "why"},
		{"Die Mittelbindung", "commitment"}, {"Eintrag", "entry"}, {"Buchung mit dem Bezug", "ref"}, {"Mittelbindung mit dem Bezug", "ref"},
	} {
		if strings.HasPrefix(msg, m.start) {
			if prefix == "st-" && m.field != "why" {
				return prefix + "entry"
			}
			return prefix + m.field
		}
	}
	return ""
}

// budgetSaved is the confirmation after a redirect.
func budgetSaved(what string) string {
	switch what {
	case "buchung":
		return "Die Buchung ist eingetragen."
	case "bindung":
		return "Die Mittelbindung ist eingetragen."
	case "storno":
		return "Der Storno ist eingetragen."
	case "plan":
		return "Die Änderung des Plans ist eingetragen."
	case "haushalt":
		return "Der Haushalt ist angelegt."
	}
	return ""
}

// Link is the page of a budget in the list.
func (v *budgetListView) Link(k quartier.BudgetKey) string { return budgetURL(k) }

// Per is an amount per 1,000 residents of a space, "–" without residents.
func (v *budgetListView) Per(f budget.SpaceFigures, c quartier.Cents) string {
	if p, ok := f.Per1000(c); ok {
		return p.String()
	}
	return "–"
}

// Sub is a page below the budget's (its dashboard, its instalments).
func (v *budgetView) Sub(page string) string {
	u := v.Action + "/" + page
	if v.Team != "" {
		u += "?team=" + url.QueryEscape(v.Team)
	}
	return u
}

// StornoLink fills the reversal form with an entry.
func (v *budgetView) StornoLink(id int64) string {
	sep := "?"
	if v.Team != "" {
		sep = "&"
	}
	return v.Base + sep + "storno=" + strconv.FormatInt(id, 10) + "#storno"
}
