package http

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/quartier/quartier"
)

var initialRe = regexp.MustCompile(`<code id="initial-password">([A-Z0-9-]{19})</code>`)

func initialFrom(t *testing.T, page string) string {
	t.Helper()
	m := initialRe.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no initial password on the page: %.600s", page)
	}
	return m[1]
}

func auditActions(t *testing.T, srv *Server, f quartier.AuditFilter) []quartier.AuditEntry {
	t.Helper()
	f.Limit = 1000
	es, err := srv.audit.Entries(quartier.WithActor(context.Background(), quartier.Operator()), f)
	if err != nil {
		t.Fatal(err)
	}
	return es
}

// TestAdminCreatesAccount: the administrator creates an account from the
// form with space names as choices, sees its initial password once (not in
// a URL), and the person signs in with it, must choose her own first, and
// then reaches what the grant gives.
func TestAdminCreatesAccount(t *testing.T) {
	ts, srv := accountServer(t)
	admin := signedInClient(t, ts, "u-admin")
	status, page := fetch(t, admin, ts.URL+"/admin/neues-konto")
	if status != 200 {
		t.Fatalf("form: %d", status)
	}
	// Spaces by name with the code as secondary text; teams and providers by name.
	for _, want := range []string{`value="mitte-sued" > Mitte-Süd <span class="code">mitte-sued</span>`, `>Familienamt – ASD West (asd-west)</option>`,
		`<label for="valid_from">Gültig ab</label>`, `<option value="planner" >Jugendhilfeplanung</option>`} {
		if !strings.Contains(page, want) {
			t.Errorf("form lacks %s", want)
		}
	}
	form := formValues(t, page, "/admin/neues-konto")
	form.Set("login", "m.schulz")
	form.Set("name", "Maria Schulz")
	form.Set("role", "planner")
	form.Set("scope", "spaces")
	form["spaces"] = []string{"west", "mitte-sued"}
	status, loc, page := post(t, admin, ts, "/admin/neues-konto", form)
	if status != 200 || loc != "" || !strings.Contains(page, "Konto angelegt") {
		t.Fatalf("create: %d %s %.300s", status, loc, page)
	}
	initial := initialFrom(t, page)
	if status, page := fetch(t, admin, ts.URL+"/admin/konten"); status != 200 || !strings.Contains(page, `Jugendhilfeplanung – Sozialräume West <span class="code">west</span>, Mitte-Süd <span class="code">mitte-sued</span>`) ||
		strings.Contains(page, initial) {
		t.Fatalf("list: %d %s", status, page)
	}

	c := client(t)
	resp := postForm(t, c, ts.URL+"/anmelden", url.Values{"login": {"m.schulz"}, "password": {initial}, "weiter": {"/atlas/pruefung"}}, "")
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/konto/passwort?weiter=%2Fatlas%2Fpruefung" {
		t.Fatalf("sign-in with the initial password: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	for _, path := range []string{"/atlas/pruefung", "/konto", "/konto/zweiter-faktor"} {
		if resp, _ := fetchBody(t, c, ts.URL+path); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/konto/passwort") {
			t.Errorf("%s before the change: %d %s", path, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	status, page = fetch(t, c, ts.URL+"/konto/passwort?weiter=/atlas/pruefung")
	if status != 200 || !strings.Contains(page, "Ihr Passwort hat die Administration vergeben") {
		t.Fatalf("password form: %d", status)
	}
	form = formValues(t, page, "/konto/passwort")
	form.Set("current_password", initial)
	form.Set("new_password", "Lindenweg-Elterncafe-2025")
	form.Set("new_password2", "Lindenweg-Elterncafe-2026")
	status, _, page = post(t, c, ts, "/konto/passwort", form)
	if status != 400 || !strings.Contains(page, `aria-describedby="new_password2-err"`) || !strings.Contains(page, `id="new_password2-err">Die beiden neuen Passwörter stimmen nicht überein.`) {
		t.Fatalf("mismatch: %d %.2000s", status, page)
	}
	form.Set("new_password", "kurz")
	form.Set("new_password2", "kurz")
	status, _, page = post(t, c, ts, "/konto/passwort", form)
	if status != 400 || !strings.Contains(page, `aria-describedby="pw-rules new_password-err" aria-invalid="true"`) || !strings.Contains(page, `<a href="#new_password">Das Passwort ist zu kurz`) {
		t.Fatalf("policy: %d %.3000s", status, page)
	}
	form.Set("new_password", "Lindenweg-Elterncafe-2025")
	form.Set("new_password2", "Lindenweg-Elterncafe-2025")
	status, loc, _ = post(t, c, ts, "/konto/passwort", form)
	if status != http.StatusSeeOther || loc != "/atlas/pruefung" {
		t.Fatalf("change: %d %s", status, loc)
	}
	if status, _ := fetch(t, c, ts.URL+"/atlas/pruefung"); status != 200 {
		t.Fatalf("after the change the grant works: %d", status)
	}
	es := auditActions(t, srv, quartier.AuditFilter{Action: "user.create", Login: "u-admin"})
	if len(es) != 1 || es[0].Login != "u-admin" || !strings.Contains(es[0].Detail, "vorläufiges Passwort") || strings.Contains(es[0].Detail, initial) {
		t.Fatalf("creation audited: %+v", es)
	}
}

// TestAdminCreateErrorsAtFields: the form comes back as typed, every
// error at its input (aria-describedby) and in the summary.
func TestAdminCreateErrorsAtFields(t *testing.T) {
	ts, _ := accountServer(t)
	admin := signedInClient(t, ts, "u-admin")
	_, page := fetch(t, admin, ts.URL+"/admin/neues-konto")
	form := formValues(t, page, "/admin/neues-konto")
	form.Set("login", "Maria Schulz")
	form.Set("name", "Maria <b>Schulz</b>")
	form.Set("email", "maria(at)example.org")
	form.Set("scope", "spaces")
	status, _, page := post(t, admin, ts, "/admin/neues-konto", form)
	if status != 400 {
		t.Fatalf("status %d", status)
	}
	for _, id := range []string{"login", "email", "role", "spaces"} {
		if !strings.Contains(page, `id="`+id+`-err"`) || !strings.Contains(page, `<a href="#`+id+`">`) {
			t.Errorf("no error at %s", id)
		}
	}
	if !strings.Contains(page, `<input id="login" name="login" value="Maria Schulz"`) || !strings.Contains(page, `aria-invalid="true" aria-describedby="login-err"`) ||
		!strings.Contains(page, `<fieldset id="spaces" class="sub" aria-describedby="spaces-err">`) || !strings.Contains(page, `value="Maria &lt;b&gt;Schulz&lt;/b&gt;"`) {
		t.Fatalf("form not sent back as typed: %.4000s", page)
	}
	form.Set("login", "u-planner")
	form.Set("email", "")
	form.Set("role", "asd")
	form.Set("scope", "team")
	form.Set("team", "asd-west")
	form.Set("valid_from", "31.02.2025")
	status, _, page = post(t, admin, ts, "/admin/neues-konto", form)
	if status != 400 || !strings.Contains(page, `id="valid_from-err"`) {
		t.Fatalf("bad date: %d", status)
	}
	form.Set("valid_from", "")
	status, _, page = post(t, admin, ts, "/admin/neues-konto", form)
	if status != http.StatusConflict || !strings.Contains(page, `id="login-err">Den Anmeldenamen u-planner gibt es schon.`) {
		t.Fatalf("taken login: %d", status)
	}
}

// TestAdminAccountActions: lock (sessions end), unlock, reset of password
// and second factor, a grant added and ended; each one audit entry, and
// the page offers only what may be done.
func TestAdminAccountActions(t *testing.T) {
	ts, srv := accountServer(t)
	admin := signedInClient(t, ts, "u-admin")
	planner := signedInClient(t, ts, "u-planner")

	status, page := fetch(t, admin, ts.URL+"/admin/konten/u-admin")
	if status != 200 || strings.Contains(page, "/sperren") || strings.Contains(page, "/admin/konten/u-admin/passwort\"") || strings.Contains(page, "/beenden") {
		t.Fatalf("own account offers what would be refused: %d", status)
	}
	status, page = fetch(t, admin, ts.URL+"/admin/konten/u-planner")
	if status != 200 || !strings.Contains(page, "Konto sperren") || strings.Contains(page, "Konto entsperren") || strings.Contains(page, "Zweiten Faktor zurücksetzen") {
		t.Fatalf("planner's page: %d", status)
	}
	if status, _ := fetch(t, admin, ts.URL+"/admin/konten/niemand"); status != 404 {
		t.Fatalf("unknown account: %d", status)
	}

	before := len(auditActions(t, srv, quartier.AuditFilter{ObjectType: "user"}))
	if status, loc, _ := post(t, admin, ts, "/admin/konten/u-planner/sperren", nil); status != http.StatusSeeOther || loc != "/admin/konten/u-planner?erledigt=gesperrt" {
		t.Fatalf("lock: %d %s", status, loc)
	}
	if status, _ := fetch(t, planner, ts.URL+"/atlas/pruefung"); status != http.StatusSeeOther {
		t.Fatalf("the locked planner's session still works: %d", status)
	}
	status, page = fetch(t, admin, ts.URL+"/admin/konten/u-planner?erledigt=gesperrt")
	if !strings.Contains(page, "Das Konto ist gesperrt; seine Sitzungen sind beendet.") || !strings.Contains(page, "Konto entsperren") || strings.Contains(page, "Konto sperren") {
		t.Fatalf("after locking: %d", status)
	}
	if resp := postForm(t, client(t), ts.URL+"/anmelden", url.Values{"login": {"u-planner"}, "password": {testPassword}}, ""); resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("locked account signs in: %d", resp.StatusCode)
	}
	if status, _, _ := post(t, admin, ts, "/admin/konten/u-planner/sperren", nil); status != http.StatusConflict {
		t.Fatalf("locked twice: %d", status)
	}
	if status, _, _ := post(t, admin, ts, "/admin/konten/u-planner/entsperren", nil); status != http.StatusSeeOther {
		t.Fatalf("unlock: %d", status)
	}
	planner = signedInClient(t, ts, "u-planner")

	// Reset of the password: shown once, the old one is gone.
	status, loc, page := post(t, admin, ts, "/admin/konten/u-planner/passwort", nil)
	if status != 200 || loc != "" {
		t.Fatalf("reset: %d %s", status, loc)
	}
	initial := initialFrom(t, page)
	if status, _ := fetch(t, planner, ts.URL+"/konto"); status != http.StatusSeeOther {
		t.Fatalf("session survived the reset: %d", status)
	}
	if resp := postForm(t, client(t), ts.URL+"/anmelden", url.Values{"login": {"u-planner"}, "password": {testPassword}}, ""); resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("old password after the reset: %d", resp.StatusCode)
	}
	if resp := postForm(t, client(t), ts.URL+"/anmelden", url.Values{"login": {"u-planner"}, "password": {initial}}, ""); !strings.HasPrefix(resp.Header.Get("Location"), "/konto/passwort") {
		t.Fatalf("the reset password: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}

	// The DPO has a second factor: reset, she signs in with the password only.
	if _, page := fetch(t, admin, ts.URL+"/admin/konten/u-dpo"); !strings.Contains(page, "Zweiten Faktor zurücksetzen") {
		t.Fatal("no reset of the second factor offered")
	}
	if status, loc, _ := post(t, admin, ts, "/admin/konten/u-dpo/zweiter-faktor", nil); status != http.StatusSeeOther || !strings.HasSuffix(loc, "erledigt=zweiter-faktor") {
		t.Fatalf("reset of the second factor: %d %s", status, loc)
	}
	dpo := client(t)
	resp := postForm(t, dpo, ts.URL+"/anmelden", url.Values{"login": {"u-dpo"}, "password": {testPassword}, "weiter": {"/konto"}}, "")
	if loc := resp.Header.Get("Location"); loc != "/konto" {
		t.Fatalf("sign-in after the reset asks for the old factor: %s", loc)
	}
	if resp, _ := fetchBody(t, dpo, ts.URL+"/admin/protokoll"); resp.Header.Get("Location") != "/konto/zweiter-faktor" {
		t.Fatalf("after the reset the factor is not set up first: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}

	// Name, then a grant added for a provider and ended.
	form := url.Values{"name": {"Paula Planerin"}, "email": {"paula@example.org"}}
	if status, _, _ := post(t, admin, ts, "/admin/konten/u-planner/name", form); status != http.StatusSeeOther {
		t.Fatalf("edit: %d", status)
	}
	form.Set("email", "kaputt")
	if status, _, page := post(t, admin, ts, "/admin/konten/u-planner/name", form); status != 400 || !strings.Contains(page, `id="email-err"`) {
		t.Fatalf("bad e-mail: %d", status)
	}
	_, page = fetch(t, admin, ts.URL+"/admin/konten/u-planner")
	form = formValues(t, page, "/admin/konten/u-planner/berechtigungen")
	form.Set("role", "provider_lead")
	form.Set("scope", "provider")
	if status, _, page := post(t, admin, ts, "/admin/konten/u-planner/berechtigungen", form); status != 400 || !strings.Contains(page, `id="provider-err"`) {
		t.Fatalf("provider missing: %d", status)
	}
	form.Set("provider", "diakonie")
	if status, loc, _ := post(t, admin, ts, "/admin/konten/u-planner/berechtigungen", form); status != http.StatusSeeOther || !strings.HasSuffix(loc, "erledigt=erteilt") {
		t.Fatalf("grant: %d %s", status, loc)
	}
	_, page = fetch(t, admin, ts.URL+"/admin/konten/u-planner")
	if !strings.Contains(page, `Träger Diakonie <span class="code">diakonie</span>`) {
		t.Fatalf("provider grant by name: %.3000s", page)
	}
	ends := regexp.MustCompile(`action="(/admin/konten/u-planner/berechtigungen/(\d+)/beenden)"`).FindAllStringSubmatch(page, -1)
	if len(ends) != 2 {
		t.Fatalf("end forms: %v", ends)
	}
	last := ends[1]
	if status, _, page := post(t, admin, ts, last[1], url.Values{"valid_to": {"2000-01-01"}}); status != 400 || !strings.Contains(page, `id="end-`+last[2]+`-err"`) {
		t.Fatalf("ended in the past: %d", status)
	}
	if status, loc, _ := post(t, admin, ts, last[1], formValues(t, page, last[1])); status != http.StatusSeeOther || !strings.HasSuffix(loc, "erledigt=beendet") {
		t.Fatalf("end: %d %s", status, loc)
	}
	_, page = fetch(t, admin, ts.URL+"/admin/konten/u-planner")
	if strings.Count(page, "/beenden\"") != 1 || !strings.Contains(page, "Paula Planerin") {
		t.Fatalf("after ending: %.3000s", page)
	}

	// One entry per change: lock, unlock, reset, factor, name, grant, end.
	after := auditActions(t, srv, quartier.AuditFilter{})
	counts := map[string]int{}
	for _, e := range after {
		counts[e.Action]++
	}
	for action, n := range map[string]int{"user.lock": 1, "user.unlock": 1, "user.password_reset": 1, "user.totp_reset": 1, "user.update": 1, "grant.end": 1} {
		if counts[action] != n {
			t.Errorf("%s: %d entries, want %d", action, counts[action], n)
		}
	}
	if len(auditActions(t, srv, quartier.AuditFilter{ObjectType: "user"})) <= before {
		t.Error("no entries")
	}
}

// TestAccountPagesDenied: only who may manage accounts reaches the pages
// and their actions; everyone else gets 403 before any use case runs, and
// cross-origin posts are refused.
func TestAccountPagesDenied(t *testing.T) {
	ts, _ := accountServer(t)
	office := signedInClient(t, ts, "u-office")
	for _, path := range []string{"/admin/konten/u-planner/sperren", "/admin/konten/u-planner/passwort", "/admin/neues-konto", "/admin/konten/u-planner/berechtigungen/1/beenden"} {
		if status, _, _ := post(t, office, ts, path, url.Values{"login": {"x"}}); status != http.StatusForbidden {
			t.Errorf("office POST %s: %d", path, status)
		}
	}
	admin := signedInClient(t, ts, "u-admin")
	if resp := postForm(t, admin, ts.URL+"/admin/konten/u-planner/sperren", nil, "https://evil.example"); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-origin lock: %d", resp.StatusCode)
	}
	if _, page := fetch(t, admin, ts.URL+"/admin/konten/u-planner"); !strings.Contains(page, "Konto sperren") {
		t.Fatal("the cross-origin POST locked the account")
	}
	// The own account page links to the change of password.
	if _, page := fetch(t, office, ts.URL+"/konto"); !strings.Contains(page, `<a href="/konto/passwort">Passwort ändern</a>`) {
		t.Fatal("no link to the change of password")
	}
}
