package http

import (
	"errors"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/access"
	"github.com/quartier/quartier/internal/audit"
)

const (
	cookiePlain  = "quartier_sitzung"
	cookieSecure = "__Host-quartier_sitzung" // Secure, Path=/, no Domain: bound to this host
)

func (s *Server) secure(r *http.Request) bool { return r.TLS != nil || s.opt.SecureCookies }

func (s *Server) cookieName(r *http.Request) string {
	if s.secure(r) {
		return cookieSecure
	}
	return cookiePlain
}

func (s *Server) setSessionCookie(w http.ResponseWriter, r *http.Request, token string, maxAge time.Duration) {
	http.SetCookie(w, &http.Cookie{
		Name: s.cookieName(r), Value: token, Path: "/", HttpOnly: true, Secure: s.secure(r),
		SameSite: http.SameSiteLaxMode, MaxAge: int(maxAge.Seconds()),
	})
}

func (s *Server) clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(r), Value: "", Path: "/", HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

func (s *Server) sessionToken(r *http.Request) string {
	c, err := r.Cookie(s.cookieName(r))
	if err != nil {
		return ""
	}
	return c.Value
}

// remoteAddr is the client address for the audit log and the throttles.
// Forwarded headers are set by whoever sends the request, so they count
// only from a trusted proxy (Options.TrustedProxies), and only their
// entries that proxy appended: from the right, the first address that is
// not a trusted proxy is the client.
func (s *Server) remoteAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if !s.trusted(host) {
		return host
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop := strings.TrimSpace(hops[i])
		if hop == "" {
			continue
		}
		if _, err := netip.ParseAddr(hop); err != nil {
			return host // a forged or broken entry: the proxy is all we know
		}
		if !s.trusted(hop) {
			return hop
		}
		host = hop
	}
	return host
}

func (s *Server) trusted(addr string) bool {
	a, err := netip.ParseAddr(addr)
	if err != nil {
		return false
	}
	a = a.Unmap()
	for _, p := range s.opt.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// withActor puts the signed-in user (or nobody) and the client address
// into the request context, where the use cases look for them.
func (s *Server) withActor(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := audit.WithRemote(r.Context(), s.remoteAddr(r))
		if bearer, ok := bearerToken(r); ok {
			// A program reads the API with a token instead of a session.
			// Only reads under /api/: a token in a GIS project file must
			// not change anything, and pages are for people.
			w.Header().Set("Cache-Control", "no-store")
			if !strings.HasPrefix(r.URL.Path, "/api/") || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
				s.errorJSON(w, r, quartier.Errorf(quartier.EFORBIDDEN, "API-Schlüssel gelten nur für Lesezugriffe (GET) unter /api/."))
				return
			}
			actor, err := s.access.AuthenticateToken(ctx, bearer)
			if err != nil {
				if quartier.ErrorCode(err) == quartier.EUNAUTH {
					w.Header().Set("WWW-Authenticate", `Bearer realm="quartier", error="invalid_token"`)
					s.audit.Tallied(ctx, audit.Event{Action: "apitoken.refused", ObjectType: "route", ObjectID: "/api/", Outcome: quartier.OutcomeDenied})
				}
				s.errorJSON(w, r, err)
				return
			}
			ctx = quartier.WithActor(ctx, actor)
			// Every use of a token stands in the log, public reads too (a
			// copied GIS project shows up there): the first per token,
			// address and minute with its request, the rest counted.
			s.audit.Tallied(ctx, audit.Event{Action: "apitoken.use", ObjectType: "apitoken", ObjectID: strconv.FormatInt(actor.TokenID, 10),
				Detail: shortDetail(r.Method + " " + r.URL.RequestURI())})
			next.ServeHTTP(w, r.WithContext(ctx))
			return
		}
		if token := s.sessionToken(r); token != "" && !strings.HasPrefix(r.URL.Path, "/assets/") {
			// What a signed-in person sees (accounts, the audit log, the
			// review queue with submitters' names, contacts for
			// professionals) must stay out of every cache, shared or the
			// browser's own on an office computer.
			w.Header().Set("Cache-Control", "no-store")
			actor, err := s.access.Authenticate(ctx, token)
			switch {
			case err == nil:
				ctx = quartier.WithActor(ctx, actor)
			case errors.Is(err, access.ErrSecondFactorPending):
				// Keep the cookie: the code step still needs the session.
			case quartier.ErrorCode(err) == quartier.EUNAUTH:
				s.clearSessionCookie(w, r)
			default:
				s.log.Error("authenticate", "err", err)
			}
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// bearerToken is the token of an "Authorization: Bearer" header; ok is
// false when the request has no such header.
func bearerToken(r *http.Request) (token string, ok bool) {
	h := r.Header.Get("Authorization")
	scheme, token, found := strings.Cut(h, " ")
	if !found || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	return strings.TrimSpace(token), true
}

// requireSignIn sends anonymous visitors to the sign-in page (pages) or
// answers 401 (API), and refuses signed-in users without the permission.
func (s *Server) requireSignIn(p quartier.Permission, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		actor := quartier.ActorFrom(r.Context())
		if actor == nil {
			s.audit.DeniedAnonymous(r.Context(), r.Pattern)
			if r.Method == http.MethodGet && !strings.HasPrefix(r.URL.Path, "/api/") {
				http.Redirect(w, r, "/anmelden?weiter="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.errorJSON(w, r, quartier.Errorf(quartier.EUNAUTH, "Bitte anmelden."))
			return
		}
		// A password someone else chose is replaced first, then a second
		// factor the role requires is enrolled; until then nothing else opens.
		switch {
		case actor.ChangePassword && r.URL.Path != "/konto/passwort":
			next := "/konto"
			if r.Method == http.MethodGet {
				next = r.URL.RequestURI()
			}
			http.Redirect(w, r, passwordPath(next), http.StatusSeeOther)
			return
		case !actor.ChangePassword && actor.EnrollTOTP && !strings.HasPrefix(r.URL.Path, "/konto/zweiter-faktor"):
			http.Redirect(w, r, "/konto/zweiter-faktor", http.StatusSeeOther)
			return
		}
		if p != "" {
			if err := s.audit.RequireRoute(r.Context(), p, r.Pattern); err != nil {
				s.errorPage(w, r, quartier.Errorf(quartier.EFORBIDDEN, "Für diese Seite fehlt die Berechtigung."))
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// localPath accepts only a path on this site as the target after sign-in,
// so that a crafted link cannot send a fresh session to another site.
func localPath(s string) string {
	if s == "" || !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") || strings.HasPrefix(s, "/\\") || strings.ContainsAny(s, "\r\n") {
		return "/"
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return "/"
	}
	return s
}

// shortDetail cuts a request line for the audit log at 300 bytes: the
// client chooses its length.
func shortDetail(d string) string {
	if len(d) <= 300 {
		return d
	}
	return strings.ToValidUTF8(d[:300], "") + "…"
}
