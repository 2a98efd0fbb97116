package http

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/access"
)

var (
	tagRe  = regexp.MustCompile(`(?s)<(input|select|/select|option|textarea)\b([^>]*)>`)
	attrRe = regexp.MustCompile(`([a-z][a-z-]*)(?:="([^"]*)")?`)
)

// formValues reads the form posting to action out of a page the way a
// browser submits it: inputs with their values, checked boxes and radios,
// selected options and textareas. Enough for the server's own templates.
func formValues(t *testing.T, page, action string) url.Values {
	t.Helper()
	start := strings.Index(page, `action="`+action+`"`)
	if start < 0 {
		t.Fatalf("no form posting to %s", action)
	}
	page = page[start:]
	page = page[:strings.Index(page, "</form>")]
	v := url.Values{}
	selectName := ""
	for _, m := range tagRe.FindAllStringSubmatchIndex(page, -1) {
		tag := page[m[2]:m[3]]
		attrs := map[string]string{}
		for _, a := range attrRe.FindAllStringSubmatch(page[m[4]:m[5]], -1) {
			if _, seen := attrs[a[1]]; !seen {
				attrs[a[1]] = html.UnescapeString(a[2])
			}
		}
		_, checked := attrs["checked"]
		_, selected := attrs["selected"]
		switch tag {
		case "input":
			if (attrs["type"] == "checkbox" || attrs["type"] == "radio") && !checked {
				continue
			}
			if attrs["name"] != "" {
				v.Add(attrs["name"], attrs["value"])
			}
		case "select":
			selectName = attrs["name"]
		case "/select":
			selectName = ""
		case "option":
			if selectName != "" && selected {
				v.Set(selectName, attrs["value"])
			}
		case "textarea":
			end := strings.Index(page[m[1]:], "</textarea>")
			v.Add(attrs["name"], html.UnescapeString(page[m[1]:m[1]+end]))
		}
	}
	return v
}

// editServer is the account server with a few more accounts: a planner
// of Mitte-Süd only, and the Diakonie's staff.
func editServer(t *testing.T) (*httptest.Server, *Server) {
	t.Helper()
	ts, srv := accountServer(t)
	ctx := quartier.WithActor(context.Background(), quartier.Operator())
	for login, g := range map[string]struct {
		role  quartier.Role
		scope quartier.Scope
	}{
		"u-planner-mitte": {quartier.RolePlanner, quartier.Scope{Kind: quartier.ScopeSpaces, Spaces: []quartier.SpaceCode{"mitte-sued"}}},
		"u-diakonie":      {quartier.RoleProviderStaff, quartier.Scope{Kind: quartier.ScopeProvider, Ref: "diakonie"}},
	} {
		if _, err := srv.access.CreateUser(ctx, access.CreateUserRequest{Login: login, Name: "Person " + login, Password: testPassword, Role: g.role, Scope: g.scope}); err != nil {
			t.Fatal(err)
		}
	}
	return ts, srv
}

func signedInClient(t *testing.T, ts *httptest.Server, user string) *http.Client {
	c := client(t)
	login(t, ts, c, user)
	return c
}

// post sends a form like a browser of this site (same origin) and
// returns status, redirect target and body.
func post(t *testing.T, c *http.Client, ts *httptest.Server, path string, form url.Values) (int, string, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", ts.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", ts.URL)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(b)
}

// editForm signs in as user and reads the form at path as a browser would send it.
func editForm(t *testing.T, ts *httptest.Server, user, path string) (*http.Client, url.Values) {
	t.Helper()
	c := signedInClient(t, ts, user)
	status, page := fetch(t, c, ts.URL+path)
	if status != 200 {
		t.Fatalf("%s: %d", path, status)
	}
	return c, formValues(t, page, path)
}

func operatorOffer(t *testing.T, srv *Server, key string) quartier.Offer {
	t.Helper()
	d, err := srv.atlas.OfferForEdit(quartier.WithActor(context.Background(), quartier.Operator()), key)
	if err != nil {
		t.Fatal(err)
	}
	return d.Offer
}

func TestOfferFormRoundTrip(t *testing.T) {
	ts, srv := editServer(t)
	c := signedInClient(t, ts, "u-planner")
	before := operatorOffer(t, srv, "treff-west")
	status, page := fetch(t, c, ts.URL+"/atlas/angebote/treff-west/bearbeiten")
	if status != 200 {
		t.Fatalf("edit form: %d", status)
	}
	form := formValues(t, page, "/atlas/angebote/treff-west/bearbeiten")
	form.Set("aktion", "speichern")
	form.Del("verified") // an edit that does not claim a check keeps the date
	status, loc, body := post(t, c, ts, "/atlas/angebote/treff-west/bearbeiten", form)
	if status != http.StatusSeeOther || loc != "/atlas/angebote/treff-west/bearbeiten?gespeichert" {
		t.Fatalf("saving the unchanged form: %d %s\n%.2000s", status, loc, body)
	}
	after := operatorOffer(t, srv, "treff-west")
	before.UpdatedAt, after.UpdatedAt = time.Time{}, time.Time{}
	if !reflect.DeepEqual(before, after) {
		t.Errorf("the form did not round-trip:\nbefore %+v\nafter  %+v", before, after)
	}
	// Nothing changed, so the history has nothing new either.
	if h, _ := srv.atlas.History(quartier.WithActor(context.Background(), quartier.Operator()), quartier.EntityOffer, "treff-west"); h == nil || len(h.Entries) != 1 {
		t.Errorf("history after an unchanged save: %+v", h)
	}

	// A real edit: a third Monday slot, a new contact, the status.
	form.Set("h-1-2-open", "21:00")
	form.Set("h-1-2-close", "22:00")
	form.Set("c-2-name", "Herr B.")
	form.Set("c-2-visibility", "professionals")
	form.Set("status", "paused")
	form.Set("note", "Sommerprogramm")
	if status, _, body := post(t, c, ts, "/atlas/angebote/treff-west/bearbeiten", form); status != http.StatusSeeOther {
		t.Fatalf("edit: %d\n%.2000s", status, body)
	}
	o := operatorOffer(t, srv, "treff-west")
	if len(o.Hours.Weekly) != 4 || len(o.Contacts) != 3 || o.Contacts[2].Visibility != quartier.VisibleProfessionals || o.Status != quartier.OfferPaused {
		t.Errorf("edited offer: %+v", o)
	}
	_, page = fetch(t, c, ts.URL+"/atlas/angebote/treff-west/verlauf")
	for _, want := range []string{"Bearbeitung: Sommerprogramm", "u-planner", "vorübergehend geschlossen", "Import Test"} {
		if !strings.Contains(page, want) {
			t.Errorf("history page lacks %q", want)
		}
	}
	// More rows without saving.
	form.Set("aktion", "zeilen")
	status, _, body = post(t, c, ts, "/atlas/angebote/treff-west/bearbeiten", form)
	if status != 200 || !strings.Contains(body, `id="c-3-name"`) || !strings.Contains(body, `id="h-1-3-open"`) {
		t.Errorf("further rows: %d", status)
	}
}

func TestOfferFormErrorsShown(t *testing.T) {
	ts, _ := editServer(t)
	c, form := editForm(t, ts, "u-planner", "/atlas/angebote/treff-west/bearbeiten")
	sent := url.Values{}
	for k, v := range form {
		sent[k] = v
	}
	form.Set("min_age", "zwölf")
	form.Set("h-1-0-open", "25:00")
	status, _, body := post(t, c, ts, "/atlas/angebote/treff-west/bearbeiten", form)
	if status != http.StatusBadRequest {
		t.Fatalf("typing errors: %d", status)
	}
	for _, want := range []string{`class="error-summary"`, `href="#min_age"`, `id="min_age-err"`, `href="#h-1-0-open"`, `id="h-1-0-open-err"`,
		`id="min_age" name="min_age" inputmode="numeric" size="4" value="zwölf" aria-invalid="true" aria-describedby="min_age-err"`} {
		if !strings.Contains(body, want) {
			t.Errorf("typing errors: page lacks %s", want)
		}
	}
	// Findings of the domain come back located too, all at once.
	form = sent
	form.Set("name", "")
	form.Del("topics")
	form.Set("c-0-email", "kaputt")
	form.Set("min_age", "14")
	form.Set("max_age", "10")
	status, _, body = post(t, c, ts, "/atlas/angebote/treff-west/bearbeiten", form)
	if status != http.StatusBadRequest {
		t.Fatalf("domain errors: %d", status)
	}
	for _, id := range []string{"name", "topics", "c-0-email", "max_age"} {
		if !strings.Contains(body, `id="`+id+`-err"`) || !strings.Contains(body, `href="#`+id+`"`) {
			t.Errorf("domain error at %s not shown next to it and in the summary", id)
		}
	}
	if !strings.Contains(body, `value="kaputt"`) {
		t.Error("the typed value is not kept")
	}
}

func TestHostileInputInert(t *testing.T) {
	ts, srv := editServer(t)
	c := signedInClient(t, ts, "u-planner")
	x := `<script>alert("q")</script>`
	form := url.Values{"name": {"Neu " + x}, "description": {x}, "provider": {"awo-mwt"}, "topics": {"sport"}, "status": {"active"},
		"target_groups": {"jugendliche"}, "costs": {x}, "website": {"https://example.org/" + x}, "hours_note": {x},
		"h-1-0-open": {"10:00"}, "h-1-0-close": {"12:00"}, "ex-0-from": {"2025-08-01"}, "ex-0-to": {"2025-08-02"}, "ex-0-note": {x}, "ex-0-closed": {"1"},
		"c-0-name": {x}, "c-0-role": {x}, "c-0-phone": {x}, "c-0-visibility": {"public"}, "places": {"jfe-west"},
		"verified": {"1"}, "note": {x}, "aktion": {"speichern"}, "dup_ok": {"1"}}
	status, loc, body := post(t, c, ts, "/atlas/angebote/neu", form)
	if status != http.StatusSeeOther {
		t.Fatalf("new offer: %d\n%.3000s", status, body)
	}
	key := strings.TrimSuffix(strings.TrimPrefix(loc, "/atlas/angebote/"), "/bearbeiten?gespeichert")
	if o := operatorOffer(t, srv, key); o.Description != x || o.Contacts[0].Name != x {
		t.Fatalf("stored as typed: %+v", o)
	}
	anon := client(t)
	if status, _, body := post(t, anon, ts, "/atlas/vorschlag", url.Values{"kind": {"new"}, "proposed_name": {x}, "proposed_description": {x},
		"proposed_organisation": {x}, "proposed_hours": {x}, "street": {x}, "city": {x}, "message": {x}, "submitter_name": {x}}); status != 200 {
		t.Fatalf("hostile suggestion: %d %.500s", status, body)
	}
	for _, p := range []string{loc, "/atlas/angebote/" + key + "/verlauf", "/atlas/pruefung", "/atlas/faellig", "/atlas/angebote/neu?vorschlag=1"} {
		status, page := fetch(t, c, ts.URL+p)
		if status != 200 {
			t.Errorf("%s: %d", p, status)
		}
		if strings.Contains(page, "<script>alert") {
			t.Errorf("%s renders a script from data", p)
		}
		if p != "/atlas/faellig" && !strings.Contains(page, "&lt;script&gt;") {
			t.Errorf("%s does not show the hostile text escaped", p)
		}
	}
}

func TestAtlasCrossOriginRefused(t *testing.T) {
	ts, _ := editServer(t)
	c := signedInClient(t, ts, "u-planner")
	for _, p := range []string{"/atlas/angebote/neu", "/atlas/orte/jfe-west/bearbeiten", "/atlas/pruefung/1/ablehnen", "/atlas/angebote/treff-west/geprueft", "/atlas/vorschlag"} {
		if resp := postForm(t, c, ts.URL+p, url.Values{"name": {"x"}}, "https://evil.example"); resp.StatusCode != http.StatusForbidden {
			t.Errorf("cross-origin POST %s: %d", p, resp.StatusCode)
		}
	}
	if resp := postForm(t, client(t), ts.URL+"/atlas/vorschlag", url.Values{"kind": {"new"}, "proposed_name": {"x"}, "city": {"y"}}, "https://evil.example"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("anonymous cross-origin suggestion: %d", resp.StatusCode)
	}
}

func TestAnonymousSuggestionReachesItsSpace(t *testing.T) {
	ts, srv := editServer(t)
	anon := client(t)
	status, page := fetch(t, anon, ts.URL+"/atlas/vorschlag?ort=jfe-west")
	if status != 200 || !strings.Contains(page, "Jugendclub West") || !strings.Contains(page, "nie veröffentlicht") {
		t.Fatalf("public form: %d", status)
	}
	form := formValues(t, page, "/atlas/vorschlag")
	form.Set("kind", "problem")
	form.Set("message", "Der Eingang ist jetzt hinten")
	form.Set("submitter_name", "Frau Nachbarin")
	form.Set("submitter_email", "nachbarin@example.org")
	status, _, body := post(t, anon, ts, "/atlas/vorschlag", form)
	if status != 200 || !strings.Contains(body, "Danke") {
		t.Fatalf("submit: %d %.500s", status, body)
	}
	// Validation errors are shown at the field, the text kept.
	status, _, body = post(t, anon, ts, "/atlas/vorschlag", url.Values{"kind": {"new"}, "proposed_description": {"ohne Namen"}, "submitter_email": {"kaputt"}})
	if status != http.StatusBadRequest || !strings.Contains(body, `id="proposed_name-err"`) || !strings.Contains(body, `id="street-err"`) ||
		!strings.Contains(body, `id="submitter_email-err"`) || !strings.Contains(body, "ohne Namen") {
		t.Errorf("invalid suggestion: %d %.3000s", status, body)
	}
	// A bot filling the honeypot is thanked and ignored.
	form.Set("homepage", "http://spam.example")
	if status, _, body := post(t, anon, ts, "/atlas/vorschlag", form); status != 200 || !strings.Contains(body, "Danke") {
		t.Errorf("honeypot: %d", status)
	}

	west := signedInClient(t, ts, "u-provider-staff") // the AWO, which runs the club in West
	_, queue := fetch(t, west, ts.URL+"/atlas/pruefung")
	if strings.Count(queue, `class="review-item"`) != 1 || !strings.Contains(queue, "Der Eingang ist jetzt hinten") || !strings.Contains(queue, "Frau Nachbarin") {
		t.Errorf("the AWO's queue:\n%s", queue)
	}
	other := signedInClient(t, ts, "u-planner-mitte")
	_, queue = fetch(t, other, ts.URL+"/atlas/pruefung")
	if strings.Contains(queue, "Frau Nachbarin") || strings.Contains(queue, "nachbarin@example.org") || strings.Contains(queue, "Eingang") {
		t.Errorf("an editor of another space sees the suggestion or who sent it:\n%s", queue)
	}
	if status, _ := fetch(t, other, ts.URL+"/atlas/orte/jfe-west/bearbeiten?vorschlag=1"); status != http.StatusForbidden {
		t.Errorf("another space's editor opens the entry: %d", status)
	}
	if status, _ := fetch(t, signedInClient(t, ts, "u-diakonie"), ts.URL+"/atlas/angebote/neu?vorschlag=1"); status != http.StatusNotFound {
		t.Errorf("another provider opens the suggestion: %d", status)
	}
	// The queue shows its entries through the use case only; check the
	// store holds exactly one suggestion (the bot's was dropped).
	items, err := srv.atlas.Suggestions(quartier.WithActor(context.Background(), quartier.Operator()), quartier.SuggestionFilter{})
	if err != nil || len(items) != 1 || items[0].Space != "west" {
		t.Errorf("stored suggestions: %+v %v", items, err)
	}

	// Rejecting needs a reason; then the suggestion is decided.
	status, _, body = post(t, west, ts, "/atlas/pruefung/1/ablehnen", url.Values{"grund": {""}})
	if status != http.StatusBadRequest || !strings.Contains(body, "Begründung") {
		t.Errorf("reject without reason: %d", status)
	}
	if status, loc, _ := post(t, west, ts, "/atlas/pruefung/1/ablehnen", url.Values{"grund": {"Eingang unverändert"}}); status != http.StatusSeeOther || loc != "/atlas/pruefung?erledigt=1" {
		t.Errorf("reject: %d %s", status, loc)
	}
	if _, page := fetch(t, west, ts.URL+"/atlas/pruefung?status=rejected"); !strings.Contains(page, "Eingang unverändert") {
		t.Error("rejected suggestion with its reason missing")
	}
}

func TestSuggestionRateLimitedPerAddress(t *testing.T) {
	ts, _ := editServer(t)
	anon := client(t)
	form := url.Values{"kind": {"problem"}, "angebot": {"treff-west"}, "message": {"zu"}}
	for i := 0; i < 10; i++ {
		if status, _, _ := post(t, anon, ts, "/atlas/vorschlag", form); status != 200 {
			t.Fatalf("suggestion %d: %d", i+1, status)
		}
	}
	if status, _, body := post(t, anon, ts, "/atlas/vorschlag", form); status != http.StatusTooManyRequests || !strings.Contains(body, "später") {
		t.Errorf("flood: %d", status)
	}
}

func TestAcceptSuggestedOffer(t *testing.T) {
	ts, srv := editServer(t)
	anon := client(t)
	if status, _, body := post(t, anon, ts, "/atlas/vorschlag", url.Values{"kind": {"new"}, "proposed_name": {"Elterncafé Weimar-West"},
		"proposed_organisation": {"Nachbarschaftszentrum"}, "proposed_hours": {"freitags 10–12 Uhr"}, "street": {"Moskauer Straße"}, "house_number": {"1"}, "city": {"Weimar"}}); status != 200 {
		t.Fatalf("suggest: %d %.500s", status, body)
	}
	c := signedInClient(t, ts, "u-planner")
	status, page := fetch(t, c, ts.URL+"/atlas/angebote/neu?vorschlag=1")
	if status != 200 || !strings.Contains(page, `value="Elterncafé Weimar-West"`) || !strings.Contains(page, "freitags 10–12 Uhr") {
		t.Fatalf("prefilled form: %d", status)
	}
	form := formValues(t, page, "/atlas/pruefung/1/annehmen")
	form.Set("topics", "elterncafe")
	form.Set("np-name", "")
	form.Set("np-key", "")
	form.Set("place-add-0", "jfe-west")
	form.Set("aktion", "speichern")
	status, _, body := post(t, c, ts, "/atlas/pruefung/1/annehmen", form)
	if status != http.StatusSeeOther {
		t.Fatalf("accept: %d\n%.3000s", status, body)
	}
	o := operatorOffer(t, srv, "elterncafe-weimar-west")
	if o.Hours.Note != "freitags 10–12 Uhr" || len(o.Places) != 1 {
		t.Errorf("accepted offer: %+v", o)
	}
	_, page = fetch(t, c, ts.URL+"/atlas/angebote/elterncafe-weimar-west/verlauf")
	if !strings.Contains(page, "Vorschlag #1 angenommen") {
		t.Error("history does not name the suggestion")
	}
	if _, page := fetch(t, c, ts.URL+"/atlas/pruefung?status=accepted"); !strings.Contains(page, "Elterncafé Weimar-West") || !strings.Contains(page, "u-planner") {
		t.Error("accepted suggestion missing from the decided list")
	}
	if status, _, _ := post(t, c, ts, "/atlas/pruefung/1/annehmen", form); status != http.StatusConflict {
		t.Errorf("accepting twice: %d", status)
	}

	// A correction is accepted with the edited entry; a hint without change
	// straight from the queue.
	for _, msg := range []string{"Kostet jetzt 1 €", "Klingel geht nicht"} {
		if status, _, _ := post(t, anon, ts, "/atlas/vorschlag", url.Values{"kind": {"correction"}, "angebot": {"treff-west"}, "message": {msg}}); status != 200 {
			t.Fatalf("correction: %d", status)
		}
	}
	status, page = fetch(t, c, ts.URL+"/atlas/angebote/treff-west/bearbeiten?vorschlag=2")
	if status != 200 || !strings.Contains(page, "Kostet jetzt 1 €") {
		t.Fatalf("edit form for the correction: %d", status)
	}
	form = formValues(t, page, "/atlas/pruefung/2/annehmen")
	form.Set("costs", "1 € je Termin")
	form.Set("aktion", "speichern")
	if status, _, body := post(t, c, ts, "/atlas/pruefung/2/annehmen", form); status != http.StatusSeeOther {
		t.Fatalf("accepting the correction: %d\n%.2000s", status, body)
	}
	if o := operatorOffer(t, srv, "treff-west"); o.Costs != "1 € je Termin" {
		t.Errorf("correction not applied: %q", o.Costs)
	}
	_, queue := fetch(t, c, ts.URL+"/atlas/pruefung")
	form = formValues(t, queue, "/atlas/pruefung/3/annehmen")
	form.Set("notiz", "Hausmeister informiert")
	if status, _, _ := post(t, c, ts, "/atlas/pruefung/3/annehmen", form); status != http.StatusSeeOther {
		t.Errorf("accepting a hint: %d", status)
	}
	_, page = fetch(t, c, ts.URL+"/atlas/angebote/treff-west/verlauf")
	if !strings.Contains(page, "Vorschlag #2 angenommen") || !strings.Contains(page, "Vorschlag #3 angenommen (ohne Änderung)") || !strings.Contains(page, "1 € je Termin") {
		t.Error("history of the corrections")
	}
}

func TestDuplicateWarningBeforeSaving(t *testing.T) {
	ts, _ := editServer(t)
	c, old := editForm(t, ts, "u-planner", "/atlas/orte/jfe-west/bearbeiten")
	form := url.Values{"name": {"Jugendklub am West"}, "locate": {"koordinate"}, "x": {old.Get("x")}, "y": {old.Get("y")}, "provider": {"awo-mwt"}, "aktion": {"speichern"}}
	status, _, body := post(t, c, ts, "/atlas/orte/neu", form)
	if status != http.StatusConflict || !strings.Contains(body, "Gibt es diesen Eintrag schon?") || !strings.Contains(body, `href="/atlas/orte/jfe-west"`) || !strings.Contains(body, `id="dup_ok"`) {
		t.Fatalf("duplicate warning: %d\n%.3000s", status, body)
	}
	form.Set("dup_ok", "1")
	if status, loc, _ := post(t, c, ts, "/atlas/orte/neu", form); status != http.StatusSeeOther || loc != "/atlas/orte/jugendklub-am-west/bearbeiten?gespeichert" {
		t.Errorf("confirmed new place: %d %s", status, loc)
	}
	// Far away, the same name raises no warning.
	form = url.Values{"name": {"Jugendclub West"}, "locate": {"keine"}, "aktion": {"speichern"}, "key": {"anderer-club"}}
	if status, _, body := post(t, c, ts, "/atlas/orte/neu", form); status != http.StatusSeeOther {
		t.Errorf("place without a location: %d %.2000s", status, body)
	}
}

func TestShelterFormBlindAndReminders(t *testing.T) {
	ts, srv := editServer(t)
	c, form := editForm(t, ts, "u-planner", "/atlas/orte/schutz-nord/bearbeiten")
	if _, page := fetch(t, c, ts.URL+"/atlas/orte/schutz-nord/bearbeiten"); strings.Contains(page, "Geheimgasse") || !strings.Contains(page, "sehen Sie nicht") {
		t.Fatal("the shelter's form shows a planner its address")
	}
	var page string
	form.Set("contact_path", "Hotline 0800 111 111")
	form.Set("aktion", "speichern")
	if status, _, body := post(t, c, ts, "/atlas/orte/schutz-nord/bearbeiten", form); status != http.StatusSeeOther {
		t.Fatalf("blind save: %d %.2000s", status, body)
	}
	// Claiming it is no longer confidential is refused.
	form.Del("confidential")
	if status, _, _ := post(t, c, ts, "/atlas/orte/schutz-nord/bearbeiten", form); status != http.StatusForbidden {
		t.Errorf("lifting the protection blind: %d", status)
	}
	p, _, err := srv.atlas.PlaceForEdit(quartier.WithActor(context.Background(), quartier.Operator()), "schutz-nord")
	if err != nil || p.Street != "Geheimgasse" || !p.HasPoint() || p.ContactPath != "Hotline 0800 111 111" || !p.Confidential {
		t.Errorf("shelter after the blind edit: %+v %v", p, err)
	}
	if _, page := fetch(t, c, ts.URL+"/atlas/orte/schutz-nord/verlauf"); strings.Contains(page, "Geheimgasse") || !strings.Contains(page, "Hotline 0800 111 111") {
		t.Error("history shows the shelter's address to a planner, or lacks the edit")
	}

	// Reminders: the AWO's entries were verified long ago.
	awo := signedInClient(t, ts, "u-provider-staff")
	_, page = fetch(t, awo, ts.URL+"/atlas/faellig")
	if !strings.Contains(page, "treff-west") || !strings.Contains(page, "überfällig") || strings.Contains(page, "beratung") {
		t.Fatalf("due list of the AWO:\n%s", page)
	}
	if status, loc, _ := post(t, awo, ts, "/atlas/angebote/treff-west/geprueft", nil); status != http.StatusSeeOther || loc != "/atlas/faellig?geprueft=treff-west" {
		t.Errorf("verify: %d %s", status, loc)
	}
	if _, page = fetch(t, awo, ts.URL+"/atlas/faellig"); strings.Contains(page, "/atlas/angebote/treff-west/geprueft") {
		t.Error("verified offer still due")
	}
	if status, _, _ := post(t, awo, ts, "/atlas/angebote/beratung/geprueft", nil); status != http.StatusForbidden {
		t.Errorf("verifying another provider's offer: %d", status)
	}
}

// The one-step flow "Als Angebot anlegen und annehmen" works for a
// provider's social worker: the new place is the provider's, not a place
// without provider the provider may not create.
func TestProviderAcceptsSuggestedOfferInOneStep(t *testing.T) {
	ts, srv := editServer(t)
	// A visitor's suggestion with a point in West (the test city has no
	// street directory for the form's address).
	op := quartier.WithActor(context.Background(), quartier.Operator())
	at, err := srv.spatial.LookupPoint(op, 11.2830, 50.9860, quartier.WGS84)
	if err != nil {
		t.Fatal(err)
	}
	sg, err := srv.atlas.SubmitSuggestion(context.Background(), quartier.Suggestion{Kind: quartier.SuggestNew,
		Proposed: quartier.ProposedOffer{Name: "Spielgruppe West", Organisation: "Eltern e. V."}, X: at.X, Y: at.Y})
	if err != nil || sg.Space != "west" || sg.ID != 1 {
		t.Fatalf("suggestion: %+v %v", sg, err)
	}
	c := signedInClient(t, ts, "u-provider-staff")
	status, page := fetch(t, c, ts.URL+"/atlas/angebote/neu?vorschlag=1")
	if status != 200 {
		t.Fatalf("prefilled form for the provider: %d %.2000s", status, page)
	}
	form := formValues(t, page, "/atlas/pruefung/1/annehmen")
	form.Set("topics", "elterncafe")
	form.Set("aktion", "speichern")
	if status, _, body := post(t, c, ts, "/atlas/pruefung/1/annehmen", form); status != http.StatusSeeOther {
		t.Fatalf("the provider accepts: %d\n%.3000s", status, body)
	}
	o := operatorOffer(t, srv, "spielgruppe-west")
	if o.Provider != "awo-mwt" || len(o.Places) != 1 {
		t.Errorf("accepted offer: provider %q, places %v", o.Provider, o.Places)
	}
}

// An offer at a shelter naming the shelter's street is refused at the
// field that names it.
func TestOfferFormRefusesShelterAddress(t *testing.T) {
	ts, _ := editServer(t)
	c, form := editForm(t, ts, "u-planner", "/atlas/angebote/schutz/bearbeiten")
	form.Set("description", "Sie finden uns in der Geheimgasse 7.")
	status, _, body := post(t, c, ts, "/atlas/angebote/schutz/bearbeiten", form)
	if status != http.StatusBadRequest {
		t.Fatalf("status %d", status)
	}
	for _, want := range []string{`href="#description"`, `id="description-err"`, `aria-invalid="true" aria-describedby="description-err"`, "Adresse des vertraulichen Orts"} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %s", want)
		}
	}
}

// A place located by its address reads the form's "Ort" as the place
// of the address, as /zuordnung reads ort=: an Ortsteil or Bezirk there
// narrows the street directory's candidates or refuses, the municipality
// checks nothing.
func TestPlaceFormAddressWithPlace(t *testing.T) {
	ts, srv := editServer(t)
	twoRiessnerstrassen(t, srv.spatial)
	c := signedInClient(t, ts, "u-planner")
	for _, f := range []struct{ key, postcode, city, want string }{
		{"treff-nord", "", "Nordvorstadt", "Nord und Schöndorf"},
		{"treff-west", "", "Weimar-West", "West"},
		{"treff-weimar", "", "Weimar", "mehrdeutig — bitte Postleitzahl angeben"},
		{"treff-falsch", "99427", "Nordvorstadt", "In Nordvorstadt hat sie die Postleitzahl 99425 — bitte die Postleitzahl prüfen."},
	} {
		form := url.Values{"name": {"Treff " + f.key}, "key": {f.key}, "locate": {"adresse"}, "street": {"Rießnerstraße"}, "house_number": {"12"},
			"postcode": {f.postcode}, "city": {f.city}, "aktion": {"speichern"}, "dup_ok": {"1"}}
		status, loc, body := post(t, c, ts, "/atlas/orte/neu", form)
		if strings.HasPrefix(f.want, "Nord") || f.want == "West" {
			if status != http.StatusSeeOther {
				t.Errorf("%s: %d %.2000s", f.city, status, body)
				continue
			}
			if _, page := fetch(t, c, ts.URL+"/atlas/orte/"+f.key); !strings.Contains(page, f.want) {
				t.Errorf("%s: %s, want the space %s: %.2000s", f.city, loc, f.want, page)
			}
		} else if status == http.StatusSeeOther || !strings.Contains(body, f.want) {
			t.Errorf("%s %s: %d, want %q: %.3000s", f.postcode, f.city, status, f.want, body)
		}
	}
}
