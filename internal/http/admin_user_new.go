package http

import "net/http"

// userNewForm is the form of a new account with its first grant.
func (s *Server) userNewForm(w http.ResponseWriter, r *http.Request) {
	choices, err := s.access.GrantChoices(r.Context())
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, "user_new", &userNewView{page: titled("Konto anlegen"), Grant: grantFields{Form: newGrantForm(choices), Choices: choices}})
}
