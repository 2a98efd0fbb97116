package http

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/access"
)

// tokenCreate makes an API token and shows it on the account page, once:
// the answer is a page, not a redirect, so the token never appears in a
// URL, a browser history or a server log.
func (s *Server) tokenCreate(w http.ResponseWriter, r *http.Request) {
	if err := readForm(w, r, signInLimit()); err != nil {
		s.errorPage(w, r, err)
		return
	}
	form := tokenForm{Name: r.PostFormValue("name"), Days: strings.TrimSpace(r.PostFormValue("days"))}
	days, convErr := strconv.Atoi(form.Days)
	if convErr != nil {
		days = 0 // refused below with the message of the range
	}
	token, _, err := s.access.CreateAPIToken(r.Context(), form.Name, days, access.Reauth{Password: r.PostFormValue("current_password"), Code: r.PostFormValue("code")})
	v, verr := s.accountPage(r)
	if verr != nil {
		s.errorPage(w, r, verr)
		return
	}
	if err != nil {
		v.TokenForm = form
		v.Errors.addErr(err, s.userMessage(r, err), func(field string) string { return "token_" + field })
		writeFormStatus(w, err)
	} else {
		v.NewToken = token
	}
	s.render(w, r, "account", v)
}

func (s *Server) tokenRevoke(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.errorPage(w, r, quartier.Errorf(quartier.ENOTFOUND, "Diesen API-Schlüssel gibt es nicht."))
		return
	}
	if err := s.access.RevokeAPIToken(r.Context(), id); err != nil {
		s.errorPage(w, r, err)
		return
	}
	http.Redirect(w, r, "/konto?erledigt=widerrufen", http.StatusSeeOther)
}
