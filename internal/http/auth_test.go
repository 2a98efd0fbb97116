package http

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/access"
	"github.com/quartier/quartier/internal/allocation"
	"github.com/quartier/quartier/internal/budget"
	"github.com/quartier/quartier/internal/services"
	"github.com/quartier/quartier/internal/totp"
)

const testPassword = "Sozialraum-Weimar-2024!"

// totpSecrets holds the second-factor secret of accounts that enrolled one
// (the test server requires it of the data protection officer).
// The secret is fixed, so that every copy of a template and every server
// built on its own agree on it.
var totpSecrets = map[string]string{"u-dpo": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"}

// accountServer is the Weimar test server with one account per role; the
// DPO account has enrolled TOTP.
func accountServer(t *testing.T) (*httptest.Server, *Server) {
	t.Helper()
	return serveSet(t, weimarAccountsApp(t), Options{})
}

// accountServerOn adds one account per role to a.
func accountServerOn(t *testing.T, a *services.Set) (*httptest.Server, *Server) {
	t.Helper()
	return accountServerWith(t, a, Options{})
}

// accountServerWith is accountServerOn with server options.
func accountServerWith(t *testing.T, a *services.Set, opt Options) (*httptest.Server, *Server) {
	t.Helper()
	addAccounts(t, a)
	return serveSet(t, a, opt)
}

// addAccounts gives a one account per role: u-<role> with testPassword,
// the provider roles acting for the AWO (West); the DPO has enrolled TOTP
// (its secret in totpSecrets).
func addAccounts(t testing.TB, a *services.Set) {
	t.Helper()
	ctx := quartier.WithActor(context.Background(), quartier.Operator())
	for _, r := range quartier.Roles {
		scope := quartier.Scope{Kind: quartier.ScopeAll}
		if r == quartier.RoleProviderStaff || r == quartier.RoleProviderLead {
			scope = quartier.Scope{Kind: quartier.ScopeProvider, Ref: "awo-mwt"}
		}
		u, err := a.Access.CreateUser(ctx, access.CreateUserRequest{Login: "u-" + strings.ReplaceAll(string(r), "_", "-"), Name: "Person " + string(r), Password: testPassword, Role: r, Scope: scope})
		if err != nil {
			t.Fatal(err)
		}
		if r == quartier.RoleDPO {
			uctx := quartier.WithActor(context.Background(), &quartier.Actor{UserID: u.ID, Login: u.Login})
			if _, err := a.Access.StartTOTP(uctx); err != nil {
				t.Fatal(err)
			}
			code, _ := totp.Code(totpSecrets[u.Login], time.Now().Add(-30*time.Second))
			if _, err := a.Access.ConfirmTOTP(uctx, totpSecrets[u.Login], code, access.Reauth{}); err != nil { // enrolment the role forces
				t.Fatal(err)
			}
		}
	}
}

// serveSet serves a on a test server.
func serveSet(t *testing.T, a *services.Set, opt Options) (*httptest.Server, *Server) {
	t.Helper()
	srv, err := New(a, opt)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts, srv
}

func client(t *testing.T) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func postForm(t *testing.T, c *http.Client, u string, form url.Values, origin string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("POST", u, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

// login signs in with password and, where enrolled, the current TOTP code.
func login(t *testing.T, ts *httptest.Server, c *http.Client, user string) {
	t.Helper()
	resp := postForm(t, c, ts.URL+"/anmelden", url.Values{"login": {user}, "password": {testPassword}, "weiter": {"/konto"}}, "")
	if secret, ok := totpSecrets[user]; ok {
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/anmelden/code") {
			t.Fatalf("sign-in %s did not ask for the second factor: %d %s", user, resp.StatusCode, resp.Header.Get("Location"))
		}
		// Before the code, the session grants nothing.
		if status, _ := fetch(t, c, ts.URL+"/konto"); status != http.StatusSeeOther {
			t.Fatalf("half-signed-in session reached /konto: %d", status)
		}
		code, _ := totp.Code(secret, time.Now())
		resp = postForm(t, c, ts.URL+"/anmelden/code", url.Values{"code": {code}, "weiter": {"/konto"}}, "")
	}
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/konto" {
		t.Fatalf("sign-in %s: %d %s", user, resp.StatusCode, resp.Header.Get("Location"))
	}
}

func fetch(t *testing.T, c *http.Client, u string) (int, string) {
	t.Helper()
	resp, body := fetchBody(t, c, u)
	return resp.StatusCode, body
}

// TestRouteInventory fails on any route that is neither explicitly public
// nor behind sign-in, and checks that every protected route refuses an
// anonymous request.
func TestRouteInventory(t *testing.T) {
	ts, srv := accountServer(t)
	c := client(t)
	for _, r := range srv.Routes() {
		if r.Access.Public {
			continue
		}
		method, path, _ := strings.Cut(r.Pattern, " ")
		req, _ := http.NewRequest(method, ts.URL+strings.ReplaceAll(path, "{$}", ""), nil)
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther && resp.StatusCode != http.StatusUnauthorized && resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s answers %d to an anonymous request", r.Pattern, resp.StatusCode)
		}
	}
	if len(srv.Routes()) < 20 {
		t.Fatalf("only %d routes registered", len(srv.Routes()))
	}
	// Each refusal is in the audit log, tallied: one entry per route
	// however often it is asked for.
	protected := 0
	for _, r := range srv.Routes() {
		if !r.Access.Public {
			protected++
		}
	}
	for range 3 {
		fetch(t, c, ts.URL+"/admin/konten")
	}
	es, err := srv.audit.Entries(quartier.WithActor(context.Background(), quartier.Operator()), quartier.AuditFilter{Action: "signin.required", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(es) < protected-1 || len(es) > protected+1 {
		t.Errorf("%d anonymous refusals of %d protected routes audited, want one per route (a summary pending)", len(es), protected)
	}
}

// TestPermissionMatrix signs in as each role and checks every protected
// page against the permission table: allowed roles get 200, others 403.
func TestPermissionMatrix(t *testing.T) {
	ts, srv := monitoringServer(t) // the accounts, and indicators and an index to read
	// The budget pages check their permissions in the use cases (the
	// office keeps budgets without reading figures, planning reads without
	// keeping them): allowed is who holds any of these.
	year := time.Now().Year()
	if _, err := srv.budget.CreateBudget(quartier.WithActor(context.Background(), quartier.Operator()), budget.CreateRequest{BudgetKey: quartier.BudgetKey{Space: "west", Year: year},
		Total: 100, Lines: []budget.LineRequest{{Type: "case", Funding: quartier.FundingLumpSum, Amount: 100}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.budget.PublishReport(quartier.WithActor(context.Background(), quartier.Operator()), year); err != nil {
		t.Fatal(err)
	}
	proposal, err := srv.allocation.Save(quartier.WithActor(context.Background(), quartier.Operator()), allocation.Request{Name: "Dezentrale Mittel", Year: year,
		Rule: quartier.AllocationRule{Amount: 100_000, Date: time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC), Terms: []quartier.AllocationTerm{{Indicator: "alo", Weight: 1}}}})
	if err != nil {
		t.Fatal(err)
	}
	wholeCity := map[string]bool{"GET /verteilung": true, "GET /verteilung/{id}": true, "GET /verteilung/{id}/tabelle.csv": true}
	inUseCase := map[string][]quartier.Permission{
		"GET /haushalt":                           {quartier.PermReadBudgets, quartier.PermManageBudgets},
		"GET /haushalt/{space}/{year}":            {quartier.PermReadBudgets, quartier.PermManageBudgets},
		"GET /haushalt/{space}/{year}/uebersicht": {quartier.PermReadBudgets},
		"GET /haushalt/{space}/{year}/raten":      {quartier.PermReadBudgets},
	}
	for _, role := range quartier.Roles {
		c := client(t)
		user := "u-" + strings.ReplaceAll(string(role), "_", "-")
		login(t, ts, c, user)
		denied := 0
		for _, r := range srv.Routes() {
			if r.Access.Public || !strings.HasPrefix(r.Pattern, "GET ") {
				continue
			}
			// Pages of one atlas entry are asked for an entry the AWO runs.
			path := strings.TrimPrefix(r.Pattern, "GET ")
			path = strings.Replace(path, "/atlas/angebote/{key}", "/atlas/angebote/treff-west", 1)
			path = strings.Replace(path, "/atlas/orte/{key}", "/atlas/orte/jfe-west", 1)
			path = strings.Replace(path, "{login}", "u-admin", 1)
			path = strings.Replace(path, "/organisation/traeger/{code}", "/organisation/traeger/awo-mwt", 1)
			path = strings.Replace(path, "/organisation/verbuende/{code}", "/organisation/verbuende/verbund-nord-schoendorf", 1)
			path = strings.Replace(path, "/organisation/sozialraeume/{space}", "/organisation/sozialraeume/west", 1)
			path = strings.Replace(path, "/monitoring/indizes/{code}", "/monitoring/indizes/sozial", 1)
			path = strings.Replace(path, "/sozialraeume/{space}/profil", "/sozialraeume/west/profil", 1)
			path = strings.Replace(path, "/haushalt/{space}/{year}", fmt.Sprintf("/haushalt/west/%d", year), 1)
			path = strings.Replace(path, "/verteilung/{id}", fmt.Sprintf("/verteilung/%d", proposal.ID), 1)
			if strings.Contains(path, "{") {
				t.Fatalf("%s: no example for its wildcard", r.Pattern)
			}
			want := http.StatusOK
			if r.Access.Permission != "" && !quartier.RoleHas(role, r.Access.Permission) {
				want = http.StatusForbidden
			}
			perms, checkedLater := inUseCase[r.Pattern]
			if checkedLater && !slices.ContainsFunc(perms, func(p quartier.Permission) bool { return quartier.RoleHas(role, p) }) {
				want = http.StatusForbidden
			}
			// Allocation proposals hold every space's values: a grant for
			// some spaces (the provider roles here) reads none of them.
			if wholeCity[r.Pattern] && want == http.StatusOK && (role == quartier.RoleProviderStaff || role == quartier.RoleProviderLead) {
				want, checkedLater = http.StatusForbidden, true
			}
			if r.Pattern == "GET /haushalt/bericht.pdf" && want == http.StatusOK {
				want = http.StatusServiceUnavailable // this server renders no PDF
			}
			status, _ := fetch(t, c, ts.URL+path)
			if status != want {
				t.Errorf("%s %s: %d, want %d", role, r.Pattern, status, want)
			}
			if status == http.StatusForbidden && !checkedLater {
				denied++ // the use cases audit their own refusals
			}
		}
		// Every refusal at the route, before any use case ran, is audited.
		es, err := srv.audit.Entries(quartier.WithActor(context.Background(), quartier.Operator()), quartier.AuditFilter{Login: user, ObjectType: "route", Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		if len(es) != denied {
			t.Errorf("%s: %d route refusals, %d audit entries", role, denied, len(es))
		}
		for _, e := range es {
			if e.Outcome != quartier.OutcomeDenied {
				t.Errorf("%s: route entry %s with outcome %s", role, e.ObjectID, e.Outcome)
			}
		}
		// No page a signed-in person sees may be kept by a cache.
		for _, path := range []string{"/konto", "/atlas", "/atlas/angebote/treff-west", "/admin/konten", "/admin/protokoll", "/atlas/pruefung"} {
			resp, _ := fetchBody(t, c, ts.URL+path)
			if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
				t.Errorf("%s %s: Cache-Control %q", role, path, cc)
			}
		}
	}
}

func TestSignInFlowAndAbuse(t *testing.T) {
	ts, _ := accountServer(t)
	c := client(t)
	// Session fixation: a cookie planted before sign-in is replaced.
	u, _ := url.Parse(ts.URL)
	c.Jar.SetCookies(u, []*http.Cookie{{Name: cookiePlain, Value: "planted-by-attacker"}})
	login(t, ts, c, "u-dpo") // password + TOTP
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == cookiePlain && ck.Value == "planted-by-attacker" {
			t.Fatal("planted session id survived sign-in")
		}
	}
	status, body := fetch(t, c, ts.URL+"/konto")
	if status != 200 || !strings.Contains(body, "Person dpo") || !strings.Contains(body, "Aktive Sitzungen") {
		t.Fatalf("account page: %d", status)
	}
	status, body = fetch(t, c, ts.URL+"/admin/protokoll?aktion=signin")
	if status != 200 || !strings.Contains(body, "u-dpo") {
		t.Fatalf("audit page: %d %.300s", status, body)
	}
	status, body = fetch(t, c, ts.URL+"/admin/protokoll.csv")
	if status != 200 || !strings.HasPrefix(body, "\ufeffid;zeit;konto") {
		t.Fatalf("audit export: %d %.200s", status, body)
	}
	// Cross-origin POST (CSRF) is refused, also for signed-in users.
	if resp := postForm(t, c, ts.URL+"/konto/ueberall-abmelden", nil, "https://evil.example"); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-origin POST: %d", resp.StatusCode)
	}
	// Open redirect after sign-in is refused.
	for _, next := range []string{"https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"} {
		c2 := client(t)
		resp := postForm(t, c2, ts.URL+"/anmelden", url.Values{"login": {"u-planner"}, "password": {testPassword}, "weiter": {next}}, "")
		if resp.Header.Get("Location") != "/" {
			t.Errorf("redirect to %q after sign-in: %s", next, resp.Header.Get("Location"))
		}
	}
	// Wrong password: 401 with a message, no cookie.
	c3 := client(t)
	if resp := postForm(t, c3, ts.URL+"/anmelden", url.Values{"login": {"u-planner"}, "password": {"falsch-falsch-falsch"}}, ""); resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("wrong password: %d", resp.StatusCode)
	}
	// Sign out: the session is gone server-side.
	if resp := postForm(t, c, ts.URL+"/abmelden", nil, ""); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign out: %d", resp.StatusCode)
	}
	if status, _ := fetch(t, c, ts.URL+"/konto"); status != http.StatusSeeOther {
		t.Fatalf("after sign-out /konto answers %d", status)
	}
}

func TestCookieFlags(t *testing.T) {
	ts, _ := accountServer(t)
	resp := postForm(t, client(t), ts.URL+"/anmelden", url.Values{"login": {"u-admin"}, "password": {testPassword}}, "")
	ck := resp.Cookies()
	if len(ck) != 1 || !ck[0].HttpOnly || ck[0].SameSite != http.SameSiteLaxMode || ck[0].Path != "/" {
		t.Fatalf("cookie: %+v", ck)
	}
	if localPath("/ebenen?x=1") != "/ebenen?x=1" {
		t.Error("local path refused")
	}
}
