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
	"strings"
	"testing"

	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/app"
)

// oidcServers starts zitadel's example provider and a Quartier server
// configured to use it; test-user2 maps to a planner for "west".
func oidcServers(t *testing.T) (*app.App, *httptest.Server, string) {
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
		Rules: []app.RoleRule{{Claim: "email", Value: "test-user2@zitadel.ch", Role: quartier.RolePlanner, Scope: quartier.Scope{Kind: quartier.ScopeSpaces, Spaces: []string{"west"}}}}}
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
	entries, err := a.AuditLog(quartier.WithActor(context.Background(), quartier.Operator()), quartier.AuditFilter{Action: "signin.oidc"})
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
