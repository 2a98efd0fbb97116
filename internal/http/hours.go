package http

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/budget"
)

// The staff's hours (/stunden): everyone with hours.record records their
// own weekly hours by kind of work in the teams of their grants, a team
// lead those of the team's staff too. The hours report (/haushalt/stunden)
// shows the sums per team and space against the target share of
// case-independent work. Who may do what is checked in internal/budget.

// hoursWeeks is how many weeks of one's own rows the page lists.
const hoursWeeks = 8

type hoursView struct {
	page
	Teams  []budget.HoursTeam
	Kinds  []string
	Form   url.Values
	Errors *formErrors
	Rows   []quartier.StaffHours
	Since  time.Time
	Saved  bool
	Leads  bool
}

// hours: GET /stunden, the form and one's own rows of the last weeks.
func (s *Server) hours(w http.ResponseWriter, r *http.Request) {
	form := url.Values{"h-week": {quartier.WeekOf(time.Now()).Format(quartier.DateLayout)}}
	if t := r.URL.Query().Get("team"); t != "" {
		form.Set("h-team", t)
	}
	s.hoursPage(w, r, http.StatusOK, form, &formErrors{})
}

func (s *Server) hoursPage(w http.ResponseWriter, r *http.Request, status int, form url.Values, errs *formErrors) {
	teams, err := s.budget.HoursTeams(r.Context())
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	v := &hoursView{page: titled("Arbeitsstunden"), Teams: teams, Kinds: quartier.WorkKinds, Form: form, Errors: errs,
		Saved: r.URL.Query().Get("gespeichert") == "1", Since: quartier.WeekOf(time.Now()).AddDate(0, 0, -7*(hoursWeeks-1))}
	login := quartier.ActorFrom(r.Context()).Login
	for _, t := range teams {
		v.Leads = v.Leads || t.Lead
		rows, err := s.budget.Hours(r.Context(), t.Code, login, v.Since, time.Now().AddDate(0, 0, 7))
		if err != nil {
			s.errorPage(w, r, err)
			return
		}
		v.Rows = append(v.Rows, rows...)
	}
	slices.SortStableFunc(v.Rows, func(x, y quartier.StaffHours) int { return y.Week.Compare(x.Week) })
	w.WriteHeader(status)
	s.render(w, r, "hours", v)
}

// hoursRecord: POST /stunden, one row: team, week, kind, hours and
// optionally a project and (for a team lead) another person's login.
func (s *Server) hoursRecord(w http.ResponseWriter, r *http.Request) {
	if !s.readOrgForm(w, r) {
		return
	}
	errs := &formErrors{}
	req := budget.HoursRequest{Team: orgValue(r, "h-team"), Kind: orgValue(r, "h-kind"), Project: orgValue(r, "h-project"), Login: orgValue(r, "h-login")}
	if req.Team == "" {
		errs.Add("h-team", "Team: bitte ein Team wählen.")
	}
	week, err := quartier.ParseDate(orgValue(r, "h-week"))
	if err != nil {
		errs.Add("h-week", "Woche: bitte einen Tag der Woche angeben (TT.MM.JJJJ).")
	}
	req.Week = week
	if !slices.Contains(quartier.WorkKinds, req.Kind) {
		errs.Add("h-kind", "Art der Arbeit: bitte Fallarbeit, Milieuarbeit oder Strukturarbeit wählen.")
	}
	h, err := quartier.ParseHundredths(orgValue(r, "h-hours"))
	if err != nil || h <= 0 {
		errs.Add("h-hours", "Stunden: bitte eine Zahl größer 0 angeben, z. B. 7,5.")
	}
	req.Hours = h
	if !errs.Any() {
		if err := s.budget.RecordHours(r.Context(), req); err != nil {
			errs.Add("", s.userMessage(r, err))
			s.hoursPage(w, r, statusOf(err), r.PostForm, errs)
			return
		}
	}
	if errs.Any() {
		s.hoursPage(w, r, http.StatusBadRequest, r.PostForm, errs)
		return
	}
	http.Redirect(w, r, "/stunden?gespeichert=1&team="+url.QueryEscape(req.Team), http.StatusSeeOther)
}

type hoursReportView struct {
	page
	Spaces       []quartier.Space
	Space        string
	From, To     string // months, YYYY-MM
	First, Last  time.Time
	Teams        []budget.HoursFigures
	SpaceFigures []budget.HoursFigures
	Kinds        []string
	Manage       bool
	MinPeople    int
	Saved        bool
}

// hoursReport: GET /haushalt/stunden?raum=…&von=JJJJ-MM&bis=JJJJ-MM, the
// hours per team and space in whole months against the targets.
func (s *Server) hoursReport(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	now := time.Now()
	v := &hoursReportView{page: titled("Stundenbericht"), Space: q.Get("raum"), From: q.Get("von"), To: q.Get("bis"), Kinds: quartier.WorkKinds,
		MinPeople: budget.MinPeople, Saved: q.Get("gespeichert") == "1"}
	if v.From == "" {
		v.From = now.Format("2006") + "-01"
	}
	if v.To == "" {
		v.To = now.Format("2006-01")
	}
	from, err1 := time.Parse("2006-01", v.From)
	last, err2 := time.Parse("2006-01", v.To)
	if err1 != nil || err2 != nil || last.Before(from) || last.Sub(from) > 10*366*24*time.Hour {
		s.errorPage(w, r, quartier.Errorf(quartier.EINVALID, "Zeitraum: von und bis sind Monate (JJJJ-MM), bis nicht vor von und höchstens zehn Jahre danach."))
		return
	}
	v.First, v.Last = from, last
	teams, spaces, err := s.budget.HoursReport(r.Context(), quartier.SpaceCode(v.Space), from, last.AddDate(0, 1, 0))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	v.Teams, v.SpaceFigures = teams, spaces
	a := quartier.ActorFrom(r.Context())
	all, err := s.spatial.Spaces(r.Context())
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	for _, sp := range all {
		if a.CanInSpace(quartier.PermReadBudgets, sp.Code) {
			v.Spaces = append(v.Spaces, sp)
		}
		v.Manage = v.Manage || a.CanInSpace(quartier.PermManageBudgets, sp.Code)
	}
	s.render(w, r, "hours_report", v)
}

// hoursTarget: POST /haushalt/stunden/soll, a team's target share of
// case-independent work (budgets.manage in the team's space).
func (s *Server) hoursTarget(w http.ResponseWriter, r *http.Request) {
	if !s.readOrgForm(w, r) {
		return
	}
	percent, err := strconv.Atoi(orgValue(r, "percent"))
	if err != nil {
		s.errorPage(w, r, quartier.Errorf(quartier.EINVALID, "Sollanteil: bitte eine ganze Zahl von 0 bis 100 angeben."))
		return
	}
	team := orgValue(r, "team")
	if err := s.budget.SetTeamTarget(r.Context(), team, percent, orgValue(r, "basis")); err != nil {
		s.errorPage(w, r, err)
		return
	}
	back := url.Values{"gespeichert": {"1"}, "von": {orgValue(r, "von")}, "bis": {orgValue(r, "bis")}, "raum": {orgValue(r, "raum")}}
	http.Redirect(w, r, "/haushalt/stunden?"+back.Encode(), http.StatusSeeOther)
}

func (hoursView) KindLabel(k string) string       { return quartier.WorkKindLabel(k) }
func (hoursView) Hours(h int64) string            { return quartier.Hundredths(h) }
func (hoursReportView) KindLabel(k string) string { return quartier.WorkKindLabel(k) }
func (hoursReportView) Hours(h int64) string      { return quartier.Hundredths(h) }

// Permille writes tenths of a percent as "36,4 %".
func (hoursReportView) Permille(p int64) string {
	return strconv.FormatInt(p/10, 10) + "," + strconv.FormatInt(p%10, 10) + " %"
}
