package http

import (
	"net/http"

	"github.com/quartier/quartier"
)

// userShow is the page of one account: what it is, what the administrator
// may do with it (only that is offered), its grants and a new one.
func (s *Server) userShow(w http.ResponseWriter, r *http.Request) {
	s.userPage(w, r, &userView{Done: userDone(r.URL.Query().Get("erledigt"))}, nil)
}

// userPage fills v for the account of the request's path and renders it;
// a form sent back with errors brings its own input and the use case's
// error in v and err.
func (s *Server) userPage(w http.ResponseWriter, r *http.Request, v *userView, err error) {
	info, rerr := s.access.UserDetail(r.Context(), r.PathValue("login"))
	if rerr != nil {
		s.errorPage(w, r, rerr)
		return
	}
	choices, rerr := s.access.GrantChoices(r.Context())
	if rerr != nil {
		s.errorPage(w, r, rerr)
		return
	}
	v.page = titled("Konto " + info.User.Name)
	v.Info, v.Grants, v.Today = info, grantRows(choices, info.Grants), choices.Today.Format(quartier.DateLayout)
	if v.Errors == nil {
		v.Errors = &formErrors{}
	}
	if v.Edit == (accountForm{}) {
		v.Edit = accountForm{Login: info.User.Login, Name: info.User.Name, Email: info.User.Email}
	}
	if v.Grant.Form.Scope == "" {
		v.Grant.Form = newGrantForm(choices)
	}
	v.Grant.Choices, v.Grant.Errors = choices, v.Errors
	if err != nil || v.Errors.Any() {
		writeFormStatus(w, err)
	}
	s.render(w, r, "user", v)
}
