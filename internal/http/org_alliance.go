package http

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

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
	v := &orgAllianceView{page: titled("Neuer Trägerverbund"), New: code == "", Code: code, Org: o, Errors: errs, Lead: -1,
		Saved: r.URL.Query().Has("gespeichert")}
	sa := typed
	if !v.New {
		al := o.Alliance(code)
		if al == nil {
			s.errorPage(w, r, quartier.Errorf(quartier.ENOTFOUND, "Den Trägerverbund %s gibt es nicht.", code))
			return
		}
		v.Title = "Trägerverbund: " + al.Name
		if sa == nil {
			sa = &spatial.SetupAlliance{Code: al.Code, Name: al.Name}
			for _, m := range al.Members {
				sa.Members = append(sa.Members, m.Provider)
				if m.Lead {
					sa.Lead = m.Provider
				}
			}
		}
	}
	if sa == nil {
		sa = &spatial.SetupAlliance{}
	}
	v.Form = url.Values{"code": {sa.Code}, "name": {sa.Name}}
	v.Members = append(append([]string{}, sa.Members...), make([]string, allianceRows)...)
	for i, m := range sa.Members {
		if m == sa.Lead && m != "" {
			v.Lead = i
		}
	}
	if v.Errors == nil {
		v.Errors = &formErrors{}
	}
	w.WriteHeader(status)
	s.render(w, r, "org_alliance", v)
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
// /organisation/verbuende/{code}. Empty rows are left out; the lead is
// the member of the chosen row.
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
	lead, _ := strconv.Atoi(orgValue(r, "lead"))
	for i := 0; i < rows(r.PostForm, "m-%d"); i++ {
		m := orgValue(r, fmt.Sprintf("m-%d", i))
		if m == "" {
			continue
		}
		if i == lead && r.PostForm.Has("lead") {
			sa.Lead = m
		}
		sa.Members = append(sa.Members, m)
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
