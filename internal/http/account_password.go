package http

import (
	"net/http"
	"net/url"
)

// passwordForm is the person's own change of password; a sign-in with a
// password someone else chose lands here first (requireSignIn).
func (s *Server) passwordForm(w http.ResponseWriter, r *http.Request) {
	own, err := s.access.OwnAccount(r.Context())
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, "password", &passwordView{page: titled("Passwort ändern"), Own: own, Next: localPath(r.URL.Query().Get("weiter"))})
}

// passwordChange checks the current password and sets the new one; the
// other sessions end, this one stays.
func (s *Server) passwordChange(w http.ResponseWriter, r *http.Request) {
	if err := readForm(w, r, signInLimit()); err != nil {
		s.errorPage(w, r, err)
		return
	}
	own, err := s.access.OwnAccount(r.Context())
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	v := &passwordView{page: titled("Passwort ändern"), Own: own, Next: localPath(r.PostFormValue("weiter")), Errors: &formErrors{}}
	pw := r.PostFormValue("new_password")
	if pw != r.PostFormValue("new_password2") {
		v.Errors.Add("new_password2", "Die beiden neuen Passwörter stimmen nicht überein.")
		writeFormStatus(w, nil)
		s.render(w, r, "password", v)
		return
	}
	if err := s.access.ChangePassword(r.Context(), r.PostFormValue("current_password"), pw); err != nil {
		v.Errors.addErr(err, s.userMessage(r, err), placeField)
		writeFormStatus(w, err)
		s.render(w, r, "password", v)
		return
	}
	target := "/konto?erledigt=passwort"
	if v.Next != "/" {
		target = v.Next
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// passwordPath is where a sign-in with a password someone else chose goes
// first, then on to next.
func passwordPath(next string) string {
	return "/konto/passwort?weiter=" + url.QueryEscape(next)
}
