package http

import (
	"net/http"
	"net/url"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/access"
)

func (s *Server) signInForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, "signin", &signInView{page: titled("Anmelden"), Next: localPath(r.URL.Query().Get("weiter")), OIDC: s.oidcLabel()})
}

// signIn checks the password; on success the old session cookie (if any)
// is replaced by a new one, so a session id fixed before sign-in is useless.
func (s *Server) signIn(w http.ResponseWriter, r *http.Request) {
	err := readForm(w, r, signInLimit())
	next := localPath(r.FormValue("weiter"))
	var res *access.SignInResult
	if err == nil {
		res, err = s.access.SignIn(r.Context(), r.FormValue("login"), r.FormValue("password"), r.UserAgent())
	}
	if err != nil {
		writeStatus(w, err)
		s.render(w, r, "signin", &signInView{page: titled("Anmelden"), Next: next, Error: s.userMessage(r, err), Login: r.FormValue("login"), OIDC: s.oidcLabel()})
		return
	}
	if old := s.sessionToken(r); old != "" {
		s.access.SignOut(r.Context(), old)
	}
	s.setSessionCookie(w, r, res.Token, access.SessionAbsolute)
	if res.User.MustChangePassword {
		next = passwordPath(next)
	}
	if res.NeedsSecondFactor {
		http.Redirect(w, r, "/anmelden/code?weiter="+url.QueryEscape(next), http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) signOut(w http.ResponseWriter, r *http.Request) {
	if token := s.sessionToken(r); token != "" {
		if err := s.access.SignOut(r.Context(), token); err != nil {
			s.log.Error("sign out", "err", err)
		}
	}
	s.clearSessionCookie(w, r)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

func (s *Server) account(w http.ResponseWriter, r *http.Request) {
	v, err := s.accountPage(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	switch r.URL.Query().Get("erledigt") {
	case "passwort":
		v.Notice = "Ihr Passwort ist geändert. Ihre Sitzungen auf anderen Geräten sind beendet."
	case "widerrufen":
		v.Notice = "Der API-Schlüssel ist widerrufen; Programme, die ihn benutzen, werden ab sofort abgewiesen."
	}
	s.render(w, r, "account", v)
}

// accountPage reads what the account page shows of the acting person.
func (s *Server) accountPage(r *http.Request) (*accountView, error) {
	own, err := s.access.OwnAccount(r.Context())
	if err != nil {
		return nil, err
	}
	sessions, err := s.access.OwnSessions(r.Context())
	if err != nil {
		return nil, err
	}
	tokens, err := s.access.OwnAPITokens(r.Context())
	if err != nil {
		return nil, err
	}
	return &accountView{page: titled("Mein Konto"), Own: own, Sessions: sessions, Tokens: tokens, Errors: &formErrors{},
		TokenForm: tokenForm{Days: "90"}, OGC: s.ogcBase(), MaxDays: quartier.MaxTokenDays, TokenPerms: quartier.TokenPermissions}, nil
}

func (s *Server) signOutEverywhere(w http.ResponseWriter, r *http.Request) {
	if err := s.access.SignOutEverywhere(r.Context()); err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.clearSessionCookie(w, r)
	http.Redirect(w, r, "/anmelden", http.StatusSeeOther)
}

// permissionTable renders the one permission table from the domain.
func (s *Server) permissionTable(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, "permissions", &permissionsView{page: titled("Berechtigungen"), Table: quartier.PermissionTable, Roles: quartier.Roles})
}
