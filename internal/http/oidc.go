package http

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/access"
)

// OIDCConfig connects Quartier to a municipal identity provider (Keycloak,
// ADFS, …) with the authorization code flow, PKCE, state and nonce.
type OIDCConfig struct {
	Issuer       string            `json:"issuer"`
	ClientID     string            `json:"client_id"`
	ClientSecret string            `json:"client_secret"`
	RedirectURL  string            `json:"redirect_url"` // …/anmelden/oidc/zurueck
	Label        string            `json:"label"`        // button text, e.g. "Mit dem Stadtkonto anmelden"
	Rules        []access.RoleRule `json:"rules"`
	HTTPClient   *http.Client      `json:"-"` // tests and proxies; nil = default

	// Set by discovery when the server starts.
	provider *oidc.Provider
	oauth    *oauth2.Config
	verifier *oidc.IDTokenVerifier
}

// pendingLogin is what the callback must match: the state names it, the
// nonce must come back in the ID token, the verifier proves PKCE. It
// travels in the cookie of the browser that began the sign-in, signed by
// the server, not in the server's memory: beginning a sign-in is
// anonymous, and the map of begun sign-ins it replaced grew with every
// request for ten minutes, each with its return path as sent (security
// probe).
type pendingLogin struct {
	State    string `json:"s"`
	Nonce    string `json:"n"`
	Verifier string `json:"v"`
	Next     string `json:"w"`
	Expires  int64  `json:"x"` // Unix seconds
}

// oidcMaxNext bounds the return path kept in the state cookie; a longer
// one is replaced by the start page (browsers keep cookies up to 4 KB).
const oidcMaxNext = 1024

// oidcPending is how long a begun sign-in may take at the provider.
const oidcPending = 10 * time.Minute

// The state of a begun sign-in is also kept in a cookie of the browser
// that began it; named and flagged like the session cookie.
const (
	oidcCookiePlain  = "quartier_oidc"
	oidcCookieSecure = "__Host-quartier_oidc"
)

func (s *Server) oidcCookieName(r *http.Request) string {
	if s.secure(r) {
		return oidcCookieSecure
	}
	return oidcCookiePlain
}

// oidcState signs the state cookies (a key per process: a sign-in begun
// before a restart is begun again).
type oidcState struct {
	key []byte
}

// seal writes p as a cookie value: the JSON, base64, a dot and its
// HMAC-SHA256 under the process's key.
func (o *oidcState) seal(p pendingLogin) string {
	b, _ := json.Marshal(p) // strings and a number always encode
	v := base64.RawURLEncoding.EncodeToString(b)
	return v + "." + base64.RawURLEncoding.EncodeToString(o.mac(v))
}

// open reads a cookie value written by seal; ok is false for any other.
func (o *oidcState) open(v string) (p pendingLogin, ok bool) {
	body, sig, found := strings.Cut(v, ".")
	got, err := base64.RawURLEncoding.DecodeString(sig)
	if !found || err != nil || !hmac.Equal(got, o.mac(body)) {
		return p, false
	}
	b, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil || json.Unmarshal(b, &p) != nil {
		return p, false
	}
	return p, true
}

func (o *oidcState) mac(v string) []byte {
	m := hmac.New(sha256.New, o.key)
	m.Write([]byte(v))
	return m.Sum(nil)
}

// setupOIDC discovers the provider once; without a reachable provider the
// button is not shown and password sign-in keeps working.
func (s *Server) setupOIDC(ctx context.Context) error {
	c := s.opt.OIDC
	if c == nil {
		return nil
	}
	if c.HTTPClient != nil {
		ctx = oidc.ClientContext(ctx, c.HTTPClient)
	}
	p, err := oidc.NewProvider(ctx, c.Issuer)
	if err != nil {
		return quartier.WrapError(quartier.EINTERNAL, err, "Der Anmeldedienst %s ist nicht erreichbar.", c.Issuer)
	}
	c.provider = p
	c.oauth = &oauth2.Config{ClientID: c.ClientID, ClientSecret: c.ClientSecret, RedirectURL: c.RedirectURL, Endpoint: p.Endpoint(),
		Scopes: []string{oidc.ScopeOpenID, "profile", "email"}}
	c.verifier = p.Verifier(&oidc.Config{ClientID: c.ClientID})
	s.oidc.key = make([]byte, 32)
	rand.Read(s.oidc.key)
	return nil
}

func randomString() string {
	b := make([]byte, 24)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// oidcStart sends the browser to the provider.
func (s *Server) oidcStart(w http.ResponseWriter, r *http.Request) {
	c := s.opt.OIDC
	if c == nil || c.provider == nil {
		s.errorPage(w, r, quartier.Errorf(quartier.ENOTFOUND, "Anmeldung über einen Anmeldedienst ist nicht eingerichtet."))
		return
	}
	p := pendingLogin{State: randomString(), Nonce: randomString(), Verifier: oauth2.GenerateVerifier(), Next: localPath(r.URL.Query().Get("weiter")),
		Expires: time.Now().Add(oidcPending).Unix()}
	if len(p.Next) > oidcMaxNext {
		p.Next = "/"
	}
	http.SetCookie(w, &http.Cookie{Name: s.oidcCookieName(r), Value: s.oidc.seal(p), Path: "/", HttpOnly: true, Secure: s.secure(r),
		SameSite: http.SameSiteLaxMode, MaxAge: int(oidcPending.Seconds())})
	http.Redirect(w, r, c.oauth.AuthCodeURL(p.State, oidc.Nonce(p.Nonce), oauth2.S256ChallengeOption(p.Verifier)), http.StatusFound)
}

// oidcCallback checks state (one use), exchanges the code with the PKCE
// verifier, verifies the ID token's signature, audience, expiry and nonce,
// and signs the user in with the grants the rules give.
func (s *Server) oidcCallback(w http.ResponseWriter, r *http.Request) {
	c := s.opt.OIDC
	fail := func(err error) {
		writeStatus(w, err)
		s.render(w, r, "signin", &signInView{page: titled("Anmelden"), Next: "/", Error: s.userMessage(r, err), OIDC: s.oidcLabel()})
	}
	if c == nil || c.provider == nil {
		fail(quartier.Errorf(quartier.ENOTFOUND, "Anmeldung über einen Anmeldedienst ist nicht eingerichtet."))
		return
	}
	state := r.URL.Query().Get("state")
	// Without the cookie the state would be a bearer ticket: an attacker
	// could begin a sign-in, authenticate at the provider as himself and
	// hand the callback link to a victim, who would then work in his
	// account (login CSRF). The pending state is left for the browser
	// that holds it.
	var p pendingLogin
	ok := false
	if ck, err := r.Cookie(s.oidcCookieName(r)); err == nil {
		p, ok = s.oidc.open(ck.Value)
	}
	if !ok || subtle.ConstantTimeCompare([]byte(p.State), []byte(state)) != 1 {
		fail(quartier.Errorf(quartier.EUNAUTH, "Die Anmeldung wurde nicht in diesem Browser begonnen oder ist abgelaufen. Bitte erneut versuchen."))
		return
	}
	// One use: the cookie goes; the provider takes its code only once.
	http.SetCookie(w, &http.Cookie{Name: s.oidcCookieName(r), Value: "", Path: "/", HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode, MaxAge: -1})
	if time.Now().Unix() > p.Expires {
		fail(quartier.Errorf(quartier.EUNAUTH, "Die Anmeldung ist abgelaufen oder wurde nicht hier begonnen. Bitte erneut versuchen."))
		return
	}
	if e := r.URL.Query().Get("error"); e != "" {
		fail(quartier.Errorf(quartier.EUNAUTH, "Der Anmeldedienst hat abgelehnt (%s).", e))
		return
	}
	ctx := r.Context()
	if c.HTTPClient != nil {
		ctx = oidc.ClientContext(ctx, c.HTTPClient)
	}
	tok, err := c.oauth.Exchange(ctx, r.URL.Query().Get("code"), oauth2.VerifierOption(p.Verifier))
	if err != nil {
		fail(quartier.WrapError(quartier.EUNAUTH, err, "Der Anmeldecode wurde nicht angenommen."))
		return
	}
	raw, _ := tok.Extra("id_token").(string)
	idt, err := c.verifier.Verify(ctx, raw)
	if err != nil || idt.Nonce != p.Nonce {
		fail(quartier.WrapError(quartier.EUNAUTH, err, "Das Anmeldetoken ist ungültig."))
		return
	}
	claims := map[string]any{}
	if err := idt.Claims(&claims); err != nil {
		fail(quartier.WrapError(quartier.EUNAUTH, err, "Das Anmeldetoken ist unlesbar."))
		return
	}
	// Profile claims may come only from the userinfo endpoint.
	if ui, err := c.provider.UserInfo(ctx, oauth2.StaticTokenSource(tok)); err == nil {
		extra := map[string]any{}
		if ui.Claims(&extra) == nil {
			for k, v := range extra {
				if _, have := claims[k]; !have {
					claims[k] = v
				}
			}
		}
	}
	str := func(k string) string { v, _ := claims[k].(string); return v }
	res, err := s.access.SignInExternal(ctx, access.ExternalIdentity{Issuer: c.Issuer, Subject: idt.Subject, Login: str("preferred_username"),
		Name: str("name"), Email: str("email"), Claims: claims}, c.Rules, r.UserAgent())
	if err != nil {
		fail(err)
		return
	}
	if old := s.sessionToken(r); old != "" {
		s.access.SignOut(r.Context(), old)
	}
	s.setSessionCookie(w, r, res.Token, access.SessionAbsolute)
	http.Redirect(w, r, localPath(p.Next), http.StatusSeeOther)
}

func (s *Server) oidcLabel() string {
	if s.opt.OIDC == nil || s.opt.OIDC.provider == nil {
		return ""
	}
	if s.opt.OIDC.Label != "" {
		return s.opt.OIDC.Label
	}
	return "Mit dem Dienstkonto anmelden"
}
