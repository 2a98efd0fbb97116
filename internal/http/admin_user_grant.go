package http

import "net/http"

// userGrant adds a grant to the account; errors come back at their inputs.
func (s *Server) userGrant(w http.ResponseWriter, r *http.Request) {
	if err := readForm(w, r, formLimit()); err != nil {
		s.errorPage(w, r, err)
		return
	}
	login := r.PathValue("login")
	v := &userView{Errors: &formErrors{}}
	v.Grant.Form = readGrantForm(r)
	g := v.Grant.Form.grant(v.Errors)
	var err error
	if !v.Errors.Any() {
		if err = s.access.Grant(r.Context(), login, g); err == nil {
			http.Redirect(w, r, userPath(login)+"?erledigt=erteilt", http.StatusSeeOther)
			return
		}
		v.Errors.addErr(err, s.userMessage(r, err), placeField)
	}
	s.userPage(w, r, v, err)
}
