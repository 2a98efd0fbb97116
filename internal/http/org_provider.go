package http

import (
	"net/http"
	"net/url"

	"github.com/quartier/quartier"
)

// providerPage renders the form of a new (code "") or an existing provider.
func (s *Server) providerPage(w http.ResponseWriter, r *http.Request, status int, code string, typed url.Values, errs *formErrors) {
	o, err := s.spatial.Organisation(r.Context(), "")
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	v := &orgProviderView{page: titled("Neuer Träger"), New: code == "", Code: code, Org: o, Form: typed, Errors: errs,
		Saved: r.URL.Query().Has("gespeichert")}
	if !v.New {
		p := o.Provider(code)
		if p == nil {
			s.errorPage(w, r, quartier.Errorf(quartier.ENOTFOUND, "Den Träger %s gibt es nicht.", code))
			return
		}
		v.Title = "Träger: " + p.Name
		if typed == nil {
			v.Form = url.Values{"code": {p.Code}, "name": {p.Name}, "short_name": {p.ShortName}, "kind": {string(p.Kind)}, "website": {p.Website}}
		}
	} else if typed == nil {
		v.Form = url.Values{"kind": {string(quartier.ProviderIndependent)}}
	}
	if v.Errors == nil {
		v.Errors = &formErrors{}
	}
	w.WriteHeader(status)
	s.render(w, r, "org_provider", v)
}

// providerNewForm: GET /organisation/traeger/neu.
func (s *Server) providerNewForm(w http.ResponseWriter, r *http.Request) {
	s.providerPage(w, r, http.StatusOK, "", nil, nil)
}

// providerEditForm: GET /organisation/traeger/{code}, with the spaces it
// is and was responsible for.
func (s *Server) providerEditForm(w http.ResponseWriter, r *http.Request) {
	s.providerPage(w, r, http.StatusOK, r.PathValue("code"), nil, nil)
}

// providerSave: POST /organisation/traeger/neu and /organisation/traeger/{code}.
func (s *Server) providerSave(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	if err := readForm(w, r, formLimit()); err != nil {
		s.errorPage(w, r, err)
		return
	}
	p := quartier.Provider{Code: orgValue(r, "code"), Name: orgValue(r, "name"), ShortName: orgValue(r, "short_name"),
		Kind: quartier.ProviderKind(orgValue(r, "kind")), Website: orgValue(r, "website")}
	var err error
	if code == "" {
		err = s.spatial.CreateProvider(r.Context(), p)
	} else {
		p.Code = code
		err = s.spatial.UpdateProvider(r.Context(), p)
	}
	if err != nil {
		errs := &formErrors{}
		errs.addErr(err, s.userMessage(r, err), orgFieldsOf("", "code", "name", "kind"))
		s.providerPage(w, r, statusOf(err), code, r.PostForm, errs)
		return
	}
	http.Redirect(w, r, "/organisation/traeger/"+url.PathEscape(p.Code)+"?gespeichert", http.StatusSeeOther)
}
