package http

import "net/http"

// userSecondFactorReset removes the account's second factor (a lost
// phone); the person enrols again at her next sign-in.
func (s *Server) userSecondFactorReset(w http.ResponseWriter, r *http.Request) {
	if err := readForm(w, r, smallFormLimit()); err != nil {
		s.errorPage(w, r, err)
		return
	}
	login := r.PathValue("login")
	if err := s.access.ResetSecondFactor(r.Context(), login); err != nil {
		s.errorPage(w, r, err)
		return
	}
	http.Redirect(w, r, userPath(login)+"?erledigt=zweiter-faktor", http.StatusSeeOther)
}
