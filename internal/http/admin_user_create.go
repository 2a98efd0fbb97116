package http

import (
	"net/http"

	"github.com/quartier/quartier/internal/access"
)

// userCreate creates the account and shows its generated initial
// password once. The page is the answer to the POST, never a redirect: the
// password must not travel in a URL, a history or a log.
func (s *Server) userCreate(w http.ResponseWriter, r *http.Request) {
	if err := readForm(w, r, formLimit()); err != nil {
		s.errorPage(w, r, err)
		return
	}
	choices, err := s.access.GrantChoices(r.Context())
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	v := &userNewView{page: titled("Konto anlegen"), Account: readAccountForm(r), Errors: &formErrors{},
		Grant: grantFields{Form: readGrantForm(r), Choices: choices}}
	v.Grant.Errors = v.Errors
	g := v.Grant.Form.grant(v.Errors)
	if !v.Errors.Any() {
		var acc *access.NewAccount
		acc, err = s.access.CreateUser(r.Context(), access.CreateUserRequest{Login: v.Account.Login, Name: v.Account.Name, Email: v.Account.Email,
			Role: g.Role, Scope: g.Scope, ValidFrom: g.ValidFrom, ValidTo: g.ValidTo})
		if err == nil {
			s.render(w, r, "user_password", &initialPasswordView{page: titled("Konto angelegt"), Login: acc.Login, Name: acc.Name,
				Password: acc.InitialPassword, Days: initialDays()})
			return
		}
		v.Errors.addErr(err, s.userMessage(r, err), placeField)
	}
	writeFormStatus(w, err)
	s.render(w, r, "user_new", v)
}
