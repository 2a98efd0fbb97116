package http

import (
	"net/http"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/access"
)

// codeForm asks for the second factor after a correct password.
func (s *Server) codeForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, "code", &codeView{page: titled("Zweiter Faktor"), Next: localPath(r.URL.Query().Get("weiter"))})
}

func (s *Server) codeCheck(w http.ResponseWriter, r *http.Request) {
	err := readForm(w, r, smallFormLimit())
	next := localPath(r.FormValue("weiter"))
	if err == nil {
		err = s.access.VerifySecondFactor(r.Context(), s.sessionToken(r), r.FormValue("code"))
	}
	if err != nil {
		writeStatus(w, err)
		s.render(w, r, "code", &codeView{page: titled("Zweiter Faktor"), Next: next, Error: s.userMessage(r, err)})
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// enrollForm shows a new secret for the authenticator app. The secret is
// carried in the form (over the same session), not stored, until confirmed.
func (s *Server) enrollForm(w http.ResponseWriter, r *http.Request) {
	e, err := s.access.StartTOTP(r.Context())
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, "enroll", &enrollView{page: titled("Zweiten Faktor einrichten"), Enrollment: e, Required: quartier.ActorFrom(r.Context()).EnrollTOTP})
}

func (s *Server) enrollConfirm(w http.ResponseWriter, r *http.Request) {
	err := readForm(w, r, smallFormLimit())
	var codes []string
	if err == nil {
		proof := access.Reauth{Password: r.FormValue("password"), Code: r.FormValue("current_code")}
		codes, err = s.access.ConfirmTOTP(r.Context(), r.FormValue("secret"), r.FormValue("code"), proof)
	}
	if err != nil {
		writeStatus(w, err)
		e, _ := s.access.StartTOTP(r.Context())
		s.render(w, r, "enroll", &enrollView{page: titled("Zweiten Faktor einrichten"), Enrollment: e, Error: s.userMessage(r, err)})
		return
	}
	s.render(w, r, "enroll", &enrollView{page: titled("Zweiter Faktor eingerichtet"), Codes: codes})
}
