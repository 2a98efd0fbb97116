package http

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/access"
	"github.com/quartier/quartier/internal/services"
)

// oidcServers starts zitadel's example provider and a Quartier server
// configured to use it; test-user2 maps to a planner for "west".
func oidcServers(t *testing.T) (*services.Set, *httptest.Server, string) {
	t.Helper()
	opSrv := httptest.NewUnstartedServer(nil)
	issuer := "http://" + opSrv.Listener.Addr().String()
	qSrv := httptest.NewUnstartedServer(nil)
	callback := "http://" + qSrv.Listener.Addr().String() + "/anmelden/oidc/zurueck"

	storage.RegisterClients(storage.WebClient("quartier", "geheim", callback))
	st := storage.NewStorage(storage.NewUserStore(issuer))
	opSrv.Config.Handler = exampleop.SetupServer(issuer, st, slog.New(slog.NewTextHandler(io.Discard, nil)), false)
	opSrv.Start()
	t.Cleanup(opSrv.Close)

	a := weimarApp(t)
	cfg := &OIDCConfig{Issuer: issuer, ClientID: "quartier", ClientSecret: "geheim", RedirectURL: callback, Label: "Mit dem Stadtkonto anmelden",
		Rules: []access.RoleRule{{Claim: "email", Value: "test-user2@zitadel.ch", Role: quartier.RolePlanner, Scope: quartier.Scope{Kind: quartier.ScopeSpaces, Spaces: []quartier.SpaceCode{"west"}}}}}
	srv, err := New(a, Options{OIDC: cfg})
	if err != nil {
		t.Fatal(err)
	}
	qSrv.Config.Handler = srv.Handler()
	qSrv.Start()
	t.Cleanup(qSrv.Close)
	return a, qSrv, issuer
}

// TestOIDCSignIn runs the authorization code flow with PKCE against a real
// OpenID provider (zitadel/oidc's example OP, built from the module proxy),
// not a fake: discovery, login at the provider, code exchange, ID token
// verification with nonce, claim→grant mapping, session.
func TestOIDCSignIn(t *testing.T) {
	a, qSrv, issuer := oidcServers(t)
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	base := qSrv.URL

	if _, body := fetchBody(t, c, base+"/anmelden"); !strings.Contains(body, "Mit dem Stadtkonto anmelden") {
		t.Fatal("no OIDC button on the sign-in page")
	}
	signInAt := func(user string) (*http.Response, string) {
		resp, body := fetchBody(t, c, base+"/anmelden/oidc?weiter=/konto") // follows to the provider's login page
		m := regexp.MustCompile(`name="id" value="([^"]+)"`).FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no login form at the provider (%s):\n%.500s", resp.Request.URL, body)
		}
		form := url.Values{"username": {user}, "password": {"verysecure"}, "id": {m[1]}}
		resp, err := c.PostForm(resp.Request.URL.String(), form)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp, string(b)
	}
	resp, body := signInAt("test-user2")
	if resp.StatusCode != 200 || resp.Request.URL.Path != "/konto" || !strings.Contains(body, "Jugendhilfeplanung") || !strings.Contains(body, "Sozialräume west") {
		t.Fatalf("after OIDC sign-in: %d %s\n%.600s", resp.StatusCode, resp.Request.URL, body)
	}
	// A user the rules give no role is recognised but refused.
	jar2, _ := cookiejar.New(nil)
	c.Jar = jar2
	host := strings.Split(strings.TrimPrefix(issuer, "http://"), ":")[0]
	resp, body = signInAt("test-user@" + host)
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "keine Rolle") {
		t.Fatalf("user without a rule: %d\n%.400s", resp.StatusCode, body)
	}
	// A callback with a state this server never issued is refused.
	resp, _ = fetchBody(t, c, base+"/anmelden/oidc/zurueck?code=x&state=forged")
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("forged state: %d", resp.StatusCode)
	}
	entries, err := a.Audit.Entries(quartier.WithActor(context.Background(), quartier.Operator()), quartier.AuditFilter{Action: "signin.oidc"})
	if err != nil || len(entries) != 2 || entries[0].Outcome != quartier.OutcomeOK || entries[1].Outcome != quartier.OutcomeDenied {
		t.Fatalf("audit: %+v %v", entries, err)
	}
}

func fetchBody(t *testing.T, c *http.Client, u string) (*http.Response, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// TestOIDCStateBoundToBrowser: a callback carries the state of a sign-in
// begun in another browser (login CSRF: an attacker's own code, handed to
// the victim) and is refused; the state cookie is short-lived, HttpOnly,
// SameSite=Lax, and Secure with the __Host- prefix under TLS.
func TestOIDCStateBoundToBrowser(t *testing.T) {
	_, qSrv, _ := oidcServers(t)
	base := qSrv.URL
	// The attacker signs in at the provider but stops at the callback.
	jar, _ := cookiejar.New(nil)
	attacker := &http.Client{Jar: jar, CheckRedirect: func(req *http.Request, _ []*http.Request) error {
		if req.URL.Path == "/anmelden/oidc/zurueck" {
			return http.ErrUseLastResponse
		}
		return nil
	}}
	resp, body := fetchBody(t, attacker, base+"/anmelden/oidc?weiter=/konto")
	m := regexp.MustCompile(`name="id" value="([^"]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no login form at the provider (%s):\n%.500s", resp.Request.URL, body)
	}
	resp, err := attacker.PostForm(resp.Request.URL.String(), url.Values{"username": {"test-user2"}, "password": {"verysecure"}, "id": {m[1]}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	callback := resp.Header.Get("Location")
	if !strings.Contains(callback, "/anmelden/oidc/zurueck?") {
		t.Fatalf("provider did not send to the callback: %d %q", resp.StatusCode, callback)
	}
	// The victim's browser opens the attacker's callback link.
	victimJar, _ := cookiejar.New(nil)
	victim := &http.Client{Jar: victimJar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, _ = fetchBody(t, victim, callback)
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("callback from another browser: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	u, _ := url.Parse(base)
	for _, c := range victimJar.Cookies(u) {
		if c.Name == cookiePlain {
			t.Fatal("the victim got a session")
		}
	}
	// The browser that began it still finishes.
	resp, body = fetchBody(t, attacker, callback) // follows on to /konto
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/konto" || !strings.Contains(body, "Jugendhilfeplanung") {
		t.Fatalf("callback in the browser that began: %d %s", resp.StatusCode, resp.Request.URL)
	}

	for _, target := range []string{base + "/anmelden/oidc", "https://quartier.example/anmelden/oidc"} {
		w := httptest.NewRecorder()
		qSrv.Config.Handler.ServeHTTP(w, httptest.NewRequest("GET", target, nil))
		var state *http.Cookie
		for _, c := range w.Result().Cookies() {
			if strings.HasSuffix(c.Name, "quartier_oidc") {
				state = c
			}
		}
		tls := strings.HasPrefix(target, "https:")
		if state == nil || !state.HttpOnly || state.SameSite != http.SameSiteLaxMode || state.Path != "/" || state.MaxAge <= 0 || state.MaxAge > 900 ||
			state.Secure != tls || strings.HasPrefix(state.Name, "__Host-") != tls {
			t.Errorf("%s: state cookie %+v", target, state)
		}
	}
}

// TestOIDCStartsHoldNothing: beginning a sign-in is anonymous and costs
// the server no memory that outlives the request. The begun sign-ins were
// kept in a map for ten minutes, each with its return path as given (up
// to the 1 MB a request line may have) and the map scanned on every
// start, so one client's requests grew it without bound (security probe:
// 200 starts with 256 KB return paths held 50 MB). The state now travels
// in the browser's cookie, signed, and a return path longer than
// oidcMaxNext is replaced by the start page.
func TestOIDCStartsHoldNothing(t *testing.T) {
	_, qSrv, _ := oidcServers(t)
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	long := "/atlas?q=" + strings.Repeat("a", 256<<10)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range 200 {
		resp, err := noFollow.Get(qSrv.URL + "/anmelden/oidc?weiter=" + url.QueryEscape(long))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusFound {
			t.Fatalf("start: %d", resp.StatusCode)
		}
		for _, c := range resp.Cookies() {
			if len(c.Value) > 4096 {
				t.Fatalf("state cookie of %d bytes", len(c.Value))
			}
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	if grown := int64(after.HeapAlloc) - int64(before.HeapAlloc); grown > 10<<20 {
		t.Errorf("200 begun sign-ins hold %d MB", grown>>20)
	}
}
