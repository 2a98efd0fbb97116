package http

import (
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/spatial"
)

// allianceRows are the member rows the form offers beyond the members: a
// way to add members without scripts.
const allianceRows = 2

// alliancePage renders the form of a new (code "") or an existing
// alliance; typed holds a failed form as sent.
func (s *Server) alliancePage(w http.ResponseWriter, r *http.Request, status int, code string, typed *spatial.SetupAlliance, errs *formErrors) {
	o, err := s.spatial.Organisation(r.Context(), "")
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	v := &orgAllianceView{page: titled("Neuer Trägerverbund"), New: code == "", Code: code, Org: o, Errors: errs,
		Saved: r.URL.Query().Has("gespeichert")}
	sa := typed
	var stored *quartier.Alliance
	if !v.New {
		stored = o.Alliance(code)
		if stored == nil {
			s.errorPage(w, r, quartier.Errorf(quartier.ENOTFOUND, "Den Trägerverbund %s gibt es nicht.", code))
			return
		}
		v.Title = "Trägerverbund: " + stored.Name
		v.Current = stored.MembersAt(o.Today)
		if sa == nil {
			sa = &spatial.SetupAlliance{Code: stored.Code, Name: stored.Name}
			for _, m := range stored.Members {
				sm := spatial.SetupMembership{Provider: m.Provider, Lead: m.Lead}
				if !m.ValidFrom.IsZero() {
					sm.ValidFrom = m.ValidFrom.Format(quartier.DateLayout)
				}
				if m.ValidTo != nil {
					sm.ValidTo = m.ValidTo.Format(quartier.DateLayout)
				}
				sa.Memberships = append(sa.Memberships, sm)
			}
		}
	}
	if sa == nil {
		sa = &spatial.SetupAlliance{}
	}
	v.Form = url.Values{"code": {sa.Code}, "name": {sa.Name}}
	for _, sm := range sa.Memberships {
		v.Rows = append(v.Rows, memberRowOf(sm, stored, o.Today))
	}
	v.Rows = append(v.Rows, make([]memberRow, allianceRows)...)
	if v.Errors == nil {
		v.Errors = &formErrors{}
	}
	w.WriteHeader(status)
	s.render(w, r, "org_alliance", v)
}

// memberRowOf is the form row of a membership; what its stored twin (same
// provider and start) makes history is shown, not offered for change.
func memberRowOf(sm spatial.SetupMembership, stored *quartier.Alliance, today time.Time) memberRow {
	row := memberRow{SetupMembership: sm}
	if stored == nil {
		return row
	}
	from, _ := quartier.ParseDate(sm.ValidFrom)
	for _, m := range stored.Members {
		if m.Provider != sm.Provider || !m.ValidFrom.Equal(from) || (sm.ValidFrom == "") != m.ValidFrom.IsZero() {
			continue
		}
		row.Began = m.ValidFrom.Before(today)
		row.Ended = m.ValidTo != nil && !m.ValidTo.After(today)
		row.Period = m.Period()
	}
	return row
}

// allianceNewForm: GET /organisation/verbuende/neu.
func (s *Server) allianceNewForm(w http.ResponseWriter, r *http.Request) {
	s.alliancePage(w, r, http.StatusOK, "", nil, nil)
}

// allianceEditForm: GET /organisation/verbuende/{code}.
func (s *Server) allianceEditForm(w http.ResponseWriter, r *http.Request) {
	s.alliancePage(w, r, http.StatusOK, r.PathValue("code"), nil, nil)
}

// allianceSave: POST /organisation/verbuende/neu and
// /organisation/verbuende/{code}. One row per membership with its start,
// end and whether it leads; empty rows are left out.
func (s *Server) allianceSave(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	if err := readForm(w, r, formLimit()); err != nil {
		s.errorPage(w, r, err)
		return
	}
	sa := spatial.SetupAlliance{Code: orgValue(r, "code"), Name: orgValue(r, "name")}
	if code != "" {
		sa.Code = code
	}
	for i := 0; i < rows(r.PostForm, "m-%d"); i++ {
		m := orgValue(r, fmt.Sprintf("m-%d", i))
		if m == "" {
			continue
		}
		sa.Memberships = append(sa.Memberships, spatial.SetupMembership{Provider: m, Lead: r.PostForm.Has(fmt.Sprintf("l-%d", i)),
			ValidFrom: orgValue(r, fmt.Sprintf("f-%d", i)), ValidTo: orgValue(r, fmt.Sprintf("t-%d", i))})
	}
	var err error
	if code == "" {
		err = s.spatial.CreateAlliance(r.Context(), sa)
	} else {
		err = s.spatial.UpdateAlliance(r.Context(), sa)
	}
	if err != nil {
		errs := &formErrors{}
		// The form comes back without its empty rows, so the i-th member
		// sent, which a finding names as "members.I", is row I.
		errs.addErr(err, s.userMessage(r, err), func(field string) string {
			var i int
			if _, err := fmt.Sscanf(field, "members.%d", &i); err == nil {
				return fmt.Sprintf("m-%d", i)
			}
			if field == "members" || field == "lead" {
				return "m-0"
			}
			return orgFieldsOf("", "code", "name")(field)
		})
		s.alliancePage(w, r, statusOf(err), code, &sa, errs)
		return
	}
	http.Redirect(w, r, "/organisation/verbuende/"+url.PathEscape(sa.Code)+"?gespeichert", http.StatusSeeOther)
}
