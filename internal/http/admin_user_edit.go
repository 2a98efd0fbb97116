package http

import (
	"net/http"

	"github.com/quartier/quartier/internal/access"
)

// userEdit saves name and e-mail address of an account.
func (s *Server) userEdit(w http.ResponseWriter, r *http.Request) {
	if err := readForm(w, r, smallFormLimit()); err != nil {
		s.errorPage(w, r, err)
		return
	}
	login := r.PathValue("login")
	f := readAccountForm(r)
	f.Login = login
	err := s.access.UpdateUser(r.Context(), login, access.UserEdit{Name: f.Name, Email: f.Email})
	if err != nil {
		v := &userView{Edit: f, Errors: &formErrors{}}
		v.Errors.addErr(err, s.userMessage(r, err), placeField)
		s.userPage(w, r, v, err)
		return
	}
	http.Redirect(w, r, userPath(login)+"?erledigt=gespeichert", http.StatusSeeOther)
}
