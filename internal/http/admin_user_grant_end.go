package http

import (
	"net/http"
	"strconv"
	"time"

	"github.com/quartier/quartier"
)

// userGrantEnd ends a grant on the day chosen (default today).
func (s *Server) userGrantEnd(w http.ResponseWriter, r *http.Request) {
	if err := readForm(w, r, smallFormLimit()); err != nil {
		s.errorPage(w, r, err)
		return
	}
	login := r.PathValue("login")
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.errorPage(w, r, quartier.Errorf(quartier.ENOTFOUND, "Diese Berechtigung gibt es nicht."))
		return
	}
	input := "end-" + strconv.FormatInt(id, 10)
	v := &userView{Errors: &formErrors{}}
	var end time.Time
	if t := formDay(v.Errors, input, "Endet am", r.PostFormValue("valid_to")); t != nil {
		end = *t
	}
	if !v.Errors.Any() {
		if err = s.access.EndGrant(r.Context(), login, id, end); err == nil {
			http.Redirect(w, r, userPath(login)+"?erledigt=beendet", http.StatusSeeOther)
			return
		}
		v.Errors.addErr(err, s.userMessage(r, err), func(string) string { return input })
	}
	s.userPage(w, r, v, err)
}
