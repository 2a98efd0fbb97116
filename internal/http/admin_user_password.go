package http

import "net/http"

// userPasswordReset gives the account a new initial password and shows it
// once, as the answer to the POST (see userCreate).
func (s *Server) userPasswordReset(w http.ResponseWriter, r *http.Request) {
	if err := readForm(w, r, smallFormLimit()); err != nil {
		s.errorPage(w, r, err)
		return
	}
	login := r.PathValue("login")
	pw, err := s.access.ResetPassword(r.Context(), login)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, "user_password", &initialPasswordView{page: titled("Passwort zurückgesetzt"), Login: login, Password: pw, Days: initialDays()})
}
