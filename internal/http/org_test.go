package http

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/quartier/quartier"
)

// TestOrganisationForms maintains West's organisation through the forms as
// the office would: each change saved and shown with its history, each
// fault named at its input with what was typed kept.
func TestOrganisationForms(t *testing.T) {
	ts, srv := editServer(t)
	c := signedInClient(t, ts, "u-office")
	page := func(path string) string {
		t.Helper()
		status, body := fetch(t, c, ts.URL+path)
		if status != 200 {
			t.Fatalf("%s: %d %.300s", path, status, body)
		}
		return body
	}
	west := "/organisation/sozialraeume/west"
	body := page("/organisation")
	for _, want := range []string{`href="/organisation/sozialraeume/west"`, "Trägerverbund Nord und Schöndorf (HTG und Caritas)", `AWO &lt;script&gt;`, "Alle 5 Träger zeigen"} {
		if !strings.Contains(body, want) {
			t.Errorf("overview lacks %q", want)
		}
	}
	form := formValues(t, page(west), west+"/zustaendigkeit")
	if form.Get("as-valid_from") == "" {
		t.Error("the new assignment has no date preset")
	}

	// A start before the current one rewrites history: refused at the
	// date, the form as typed.
	form.Set("as-assignee", "diakonie")
	form.Set("as-valid_from", "2023-06-01")
	form.Set("as-note", "Beschluss JHA 12/2024")
	status, _, body := post(t, c, ts, west+"/zustaendigkeit", form)
	if status != http.StatusConflict || !strings.Contains(body, `id="as-valid_from-err"`) || !strings.Contains(body, `value="Beschluss JHA 12/2024"`) ||
		!strings.Contains(body, "die Geschichte wird nicht überschrieben") {
		t.Fatalf("history rewrite: %d %.2000s", status, body)
	}
	form.Set("as-assignee", "niemand")
	form.Set("as-valid_from", "2025-01-01")
	if status, _, body := post(t, c, ts, west+"/zustaendigkeit", form); status != http.StatusNotFound || !strings.Contains(body, `id="as-assignee-err"`) {
		t.Fatalf("unknown assignee: %d %.300s", status, body)
	}
	form.Set("as-valid_from", "32.13.2025")
	if status, _, body := post(t, c, ts, west+"/zustaendigkeit", form); status != http.StatusBadRequest || !strings.Contains(body, `id="as-valid_from-err"`) {
		t.Fatalf("bad date: %d %.300s", status, body)
	}
	form.Set("as-assignee", "diakonie")
	form.Set("as-valid_from", "2025-01-01")
	status, loc, _ := post(t, c, ts, west+"/zustaendigkeit", form)
	if status != http.StatusSeeOther || loc != west+"?gespeichert=zustaendigkeit#zustaendigkeit" {
		t.Fatalf("assignment: %d %s", status, loc)
	}
	body = page(west + "?gespeichert=zustaendigkeit")
	for _, want := range []string{"Die Zuständigkeit ist eingetragen.", "<td>01.01.2024</td><td>01.01.2025</td>", "Diakonie <span class=\"code\">diakonie</span>", "Beschluss JHA 12/2024"} {
		if !strings.Contains(body, want) {
			t.Errorf("after the assignment the page lacks %q", want)
		}
	}
	// Ending it keeps it in the history.
	end := formValues(t, body, west+"/zustaendigkeit/ende")
	end.Set("ae-valid_to", "2024-12-01")
	if status, _, body := post(t, c, ts, west+"/zustaendigkeit/ende", end); status != http.StatusBadRequest || !strings.Contains(body, `id="ae-valid_to-err"`) {
		t.Fatalf("end before start: %d %.300s", status, body)
	}
	end.Set("ae-valid_to", "2026-01-01")
	if status, _, _ := post(t, c, ts, west+"/zustaendigkeit/ende", end); status != http.StatusSeeOther {
		t.Fatalf("end: %d", status)
	}
	if body := page(west); !strings.Contains(body, "<td>01.01.2025</td><td>01.01.2026</td>") {
		t.Error("the ended assignment is not in the history")
	}

	// Teams and rooms.
	body = page(west)
	team := formValues(t, body, west+"/teams")
	team.Set("tm-code", "srt-west-2")
	team.Set("tm-name", "Zweites Team West")
	team.Set("tm-kind", "provider")
	status, _, body = post(t, c, ts, west+"/teams", team)
	if status != http.StatusBadRequest || !strings.Contains(body, `id="tm-provider-err"`) || !strings.Contains(body, `<details open>`) {
		t.Fatalf("provider team without provider: %d %.300s", status, body)
	}
	team.Set("tm-provider", "diakonie")
	if status, _, _ := post(t, c, ts, west+"/teams", team); status != http.StatusSeeOther {
		t.Fatalf("team: %d", status)
	}
	rename := formValues(t, page(west), west+"/teams/srt-west-2")
	rename.Set("tn-srt-west-2-name", "Sozialraumteam West II")
	if status, _, _ := post(t, c, ts, west+"/teams/srt-west-2", rename); status != http.StatusSeeOther {
		t.Fatalf("rename: %d", status)
	}
	room := formValues(t, page(west), west+"/teams/srt-west-2/raeume")
	room.Set("rn-srt-west-2-name", "Büro Moskauer Straße")
	room.Set("rn-srt-west-2-x", "11,28")
	if status, _, body := post(t, c, ts, west+"/teams/srt-west-2/raeume", room); status != http.StatusBadRequest || !strings.Contains(body, `id="rn-srt-west-2-x-err"`) ||
		!strings.Contains(body, `value="Büro Moskauer Straße"`) {
		t.Fatalf("room with half a point: %d %.300s", status, body)
	}
	room.Set("rn-srt-west-2-y", "50,985")
	room.Set("rn-srt-west-2-crs", "4326")
	if status, _, body := post(t, c, ts, west+"/teams/srt-west-2/raeume", room); status != http.StatusBadRequest || !strings.Contains(body, `id="rn-srt-west-2-street-err"`) {
		t.Fatalf("room without street: %d %.300s", status, body)
	}
	room.Set("rn-srt-west-2-street", "Moskauer Straße")
	room.Set("rn-srt-west-2-opening_hours", "Di 10:00-12:00")
	if status, _, _ := post(t, c, ts, west+"/teams/srt-west-2/raeume", room); status != http.StatusSeeOther {
		t.Fatalf("room: %d", status)
	}
	op := quartier.WithActor(context.Background(), quartier.Operator())
	o, err := srv.spatial.Organisation(op, "west")
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	for _, tm := range o.Space("west").Teams {
		if tm.Code == "srt-west-2" && tm.Name == "Sozialraumteam West II" && len(tm.Rooms) == 1 && tm.Rooms[0].Location != nil {
			id = tm.Rooms[0].ID
		}
	}
	if id == 0 {
		t.Fatalf("team and room not stored: %+v", o.Space("west").Teams)
	}
	roomPath := west + "/raeume/" + itoa64(id)
	edit := formValues(t, page(west), roomPath)
	if edit.Get("r-"+itoa64(id)+"-street") != "Moskauer Straße" || edit.Get("r-"+itoa64(id)+"-x") == "" {
		t.Fatalf("room form not filled: %v", edit)
	}
	edit.Set("r-"+itoa64(id)+"-phone", "03643 0")
	if status, _, _ := post(t, c, ts, roomPath, edit); status != http.StatusSeeOther {
		t.Fatalf("room edit: %d", status)
	}
	if body := page(west); !strings.Contains(body, `value="03643 0"`) {
		t.Error("edited room not shown")
	}
	if status, _, _ := post(t, c, ts, roomPath+"/entfernen", url.Values{}); status != http.StatusSeeOther {
		t.Fatalf("room remove: %d", status)
	}
	if status, _, _ := post(t, c, ts, roomPath+"/entfernen", url.Values{}); status != http.StatusNotFound {
		t.Fatalf("second remove: %d", status)
	}

	// The duo.
	duo := formValues(t, page(west), west+"/leitung")
	duo.Set("duo-role", "coordinator")
	if status, _, body := post(t, c, ts, west+"/leitung", duo); status != http.StatusBadRequest || !strings.Contains(body, `id="duo-person-err"`) {
		t.Fatalf("duo without person: %d %.300s", status, body)
	}
	duo.Set("duo-person", "Jan Kühn")
	duo.Set("duo-organisation", "awo-mwt")
	duo.Set("duo-valid_from", "2024-02-01")
	if status, _, _ := post(t, c, ts, west+"/leitung", duo); status != http.StatusSeeOther {
		t.Fatalf("duo: %d", status)
	}
	duo.Set("duo-person", "Eva Roth")
	duo.Set("duo-valid_from", "2024-01-15")
	if status, _, body := post(t, c, ts, west+"/leitung", duo); status != http.StatusConflict || !strings.Contains(body, `id="duo-valid_from-err"`) ||
		!strings.Contains(body, "Sozialraumkoordination") {
		t.Fatalf("duo before its predecessor: %d %.300s", status, body)
	}
	endDuo := formValues(t, page(west), west+"/leitung/ende")
	endDuo.Set("de-valid_to", "2025-02-01")
	if status, _, _ := post(t, c, ts, west+"/leitung/ende", endDuo); status != http.StatusSeeOther {
		t.Fatalf("duo end: %d", status)
	}
	if body := page(west); !strings.Contains(body, "Jan Kühn <span class=\"code\">") || !strings.Contains(body, "<td>01.02.2024</td><td>01.02.2025</td>") {
		t.Error("duo history not shown")
	}

	// The audit page names every change in German.
	es, err := srv.audit.Entries(op, quartier.AuditFilter{Login: "u-office", ObjectType: "space", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	actions := map[string]int{}
	for _, e := range es {
		if e.Outcome == quartier.OutcomeOK {
			actions[e.Action]++
		}
	}
	for _, a := range []string{"assignment.create", "assignment.end", "team.create", "team.update", "room.create", "room.update", "room.delete", "leadership.create", "leadership.end"} {
		if actions[a] != 1 {
			t.Errorf("%s: %d entries, want 1 (%v)", a, actions[a], actions)
		}
	}
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

// TestOrganisationScopeInTheBrowser: a planner of Mitte-Süd sees every
// space but maintains only hers; a provider responsible elsewhere stays
// as it is; what she may change shows at once, in the atlas too.
func TestOrganisationScopeInTheBrowser(t *testing.T) {
	ts, _ := editServer(t)
	c := signedInClient(t, ts, "u-planner-mitte")
	_, body := fetch(t, c, ts.URL+"/organisation")
	if !strings.Contains(body, `href="/organisation/sozialraeume/mitte-sued"`) || strings.Contains(body, `href="/organisation/sozialraeume/west"`) {
		t.Errorf("overview links spaces outside the scope: %.2000s", body)
	}
	if status, _ := fetch(t, c, ts.URL+"/organisation/sozialraeume/west"); status != http.StatusNotFound {
		t.Errorf("West's forms: %d", status)
	}
	form := url.Values{"as-assignee": {"diakonie"}, "as-valid_from": {"2025-01-01"}}
	if status, _, _ := post(t, c, ts, "/organisation/sozialraeume/west/zustaendigkeit", form); status != http.StatusNotFound {
		t.Errorf("assignment in West: %d", status)
	}
	if _, body := fetch(t, c, ts.URL+"/ebenen/sozialraum/west"); strings.Contains(body, "Organisation dieses Sozialraums bearbeiten") {
		t.Error("West's area page offers the forms")
	}
	if _, body := fetch(t, c, ts.URL+"/ebenen/sozialraum/mitte-sued"); !strings.Contains(body, `href="/organisation/sozialraeume/mitte-sued"`) {
		t.Error("Mitte-Süd's area page does not lead to its forms")
	}
	if _, body := fetch(t, client(t), ts.URL+"/ebenen/sozialraum/mitte-sued"); strings.Contains(body, "/organisation/") {
		t.Error("anonymous visitors are led to the forms")
	}
	// The AWO works in West: not hers to rename. The Diakonie works only
	// in Mitte-Süd.
	status, body := fetch(t, c, ts.URL+"/organisation/traeger/awo-mwt")
	if status != 200 || strings.Contains(body, `action="/organisation/traeger/awo-mwt"`) || !strings.Contains(body, "außerhalb Ihres Geltungsbereichs: west") ||
		!strings.Contains(body, "freier Träger") {
		t.Errorf("the AWO's page offers a form it would refuse: %d %.3000s", status, body)
	}
	status, body = fetch(t, c, ts.URL+"/organisation/verbuende/verbund-nord-schoendorf")
	if status != 200 || strings.Contains(body, `<form method="post" action="/organisation/verbuende/`) || !strings.Contains(body, "Hufeland-Trägergesellschaft Weimar (federführend), Caritas") {
		t.Errorf("the alliance's page offers a form it would refuse: %d %.3000s", status, body)
	}
	awo := url.Values{"name": {"AWO Weimar"}, "kind": {"independent"}}
	if status, _, body := post(t, c, ts, "/organisation/traeger/awo-mwt", awo); status != http.StatusForbidden || !strings.Contains(body, "außerhalb Ihres Geltungsbereichs: west") {
		t.Errorf("rename of the AWO: %d %.300s", status, body)
	}
	dia := formValues(t, func() string { _, b := fetch(t, c, ts.URL+"/organisation/traeger/diakonie"); return b }(), "/organisation/traeger/diakonie")
	dia.Set("name", "Diakonie Weimar")
	dia.Set("website", "https://diakonie.example")
	if status, loc, _ := post(t, c, ts, "/organisation/traeger/diakonie", dia); status != http.StatusSeeOther || loc != "/organisation/traeger/diakonie?gespeichert" {
		t.Fatalf("rename of the Diakonie: %d %s", status, loc)
	}
	if _, body := fetch(t, client(t), ts.URL+"/atlas/angebote/beratung"); !strings.Contains(body, "Diakonie Weimar") {
		t.Error("the atlas shows the provider's old name")
	}
}

// TestProviderAndAllianceForms creates a provider and an alliance, with
// faults at their inputs first.
func TestProviderAndAllianceForms(t *testing.T) {
	ts, srv := editServer(t)
	c := signedInClient(t, ts, "u-planner")
	p := url.Values{"code": {"Kinderhaus e.V."}, "name": {""}, "kind": {"independent"}}
	status, _, body := post(t, c, ts, "/organisation/traeger/neu", p)
	if status != http.StatusBadRequest || !strings.Contains(body, `id="code-err"`) || !strings.Contains(body, `id="name-err"`) || !strings.Contains(body, `value="Kinderhaus e.V."`) {
		t.Fatalf("bad provider: %d %.2000s", status, body)
	}
	p.Set("code", "kinderhaus")
	p.Set("name", "Kinderhaus e. V.")
	if status, loc, _ := post(t, c, ts, "/organisation/traeger/neu", p); status != http.StatusSeeOther || loc != "/organisation/traeger/kinderhaus?gespeichert" {
		t.Fatalf("provider: %d %s", status, loc)
	}
	if status, _, body := post(t, c, ts, "/organisation/traeger/neu", p); status != http.StatusConflict || !strings.Contains(body, `id="code-err"`) {
		t.Fatalf("code taken: %d %.300s", status, body)
	}
	_, page := fetch(t, c, ts.URL+"/organisation/verbuende/neu")
	a := formValues(t, page, "/organisation/verbuende/neu")
	a.Set("code", "verbund-west")
	a.Set("name", "Verbund West")
	a.Set("m-0", "kinderhaus")
	a.Set("m-1", "karitas")
	a.Set("l-0", "1")
	status, _, body = post(t, c, ts, "/organisation/verbuende/neu", a)
	if status != http.StatusNotFound || !strings.Contains(body, `id="m-1-err"`) || !strings.Contains(body, "kein bekannter Träger") {
		t.Fatalf("unknown member: %d %.2000s", status, body)
	}
	a.Set("m-1", "caritas")
	if status, loc, _ := post(t, c, ts, "/organisation/verbuende/neu", a); status != http.StatusSeeOther || loc != "/organisation/verbuende/verbund-west?gespeichert" {
		t.Fatalf("alliance: %d %s", status, loc)
	}
	_, page = fetch(t, c, ts.URL+"/organisation/verbuende/verbund-west?gespeichert")
	edit := formValues(t, page, "/organisation/verbuende/verbund-west")
	if edit.Get("m-0") != "kinderhaus" || edit.Get("l-0") != "1" || edit.Get("f-0") != "" || !strings.Contains(page, "Der Trägerverbund ist gespeichert.") {
		t.Fatalf("alliance form: %v", edit)
	}
	// The members since the founding are history: provider, start and
	// lead are shown, not offered as inputs; only an end is.
	if strings.Contains(page, `id="m-0"`) || strings.Contains(page, `id="f-0"`) || !strings.Contains(page, `id="t-0"`) || !strings.Contains(page, "seit Gründung") {
		t.Errorf("the history rows: %.4000s", page)
	}
	// A lead taken away backwards is refused at its row; the way is an end
	// and new rows from the day of the change.
	backwards := url.Values{}
	for k, v := range edit {
		backwards[k] = v
	}
	backwards.Del("l-0")
	backwards.Set("l-1", "1")
	if status, _, body := post(t, c, ts, "/organisation/verbuende/verbund-west", backwards); status != http.StatusConflict || !strings.Contains(body, `id="m-0-err"`) ||
		!strings.Contains(body, "nicht rückwirkend") {
		t.Fatalf("lead changed backwards: %d %.3000s", status, body)
	}
	change := time.Now().UTC().AddDate(0, 2, 0).Format(quartier.DateLayout)
	edit.Set("t-0", change)
	edit.Set("m-2", "kinderhaus")
	edit.Set("f-2", change)
	edit.Set("m-3", "diakonie")
	edit.Set("f-3", change)
	edit.Set("l-3", "1")
	if status, _, body := post(t, c, ts, "/organisation/verbuende/verbund-west", edit); status != http.StatusSeeOther {
		t.Fatalf("alliance edit: %d %.3000s", status, body)
	}
	_, page = fetch(t, c, ts.URL+"/organisation/verbuende/verbund-west")
	// Oldest first, the lead first within a day.
	if !strings.Contains(page, `name="m-2" value="diakonie"`) || !strings.Contains(page, `name="f-2" type="date" value="`+change+`"`) {
		t.Errorf("the new memberships: %.5000s", page)
	}
	_, page = fetch(t, c, ts.URL+"/organisation")
	if !strings.Contains(page, "Kinderhaus e. V. (federführend), Caritas") {
		t.Errorf("overview of alliances (members today): %.3000s", page)
	}
	entries, err := srv.audit.Entries(quartier.WithActor(context.Background(), quartier.Operator()), quartier.AuditFilter{Action: "alliance.update"})
	if err != nil || len(entries) != 1 || !strings.Contains(entries[0].Detail, "diakonie (federführend, seit "+germanDay(change)+")") {
		t.Errorf("audit of the change: %+v %v", entries, err)
	}
}

func germanDay(iso string) string {
	d, _ := time.Parse(quartier.DateLayout, iso)
	return d.Format(quartier.GermanDateLayout)
}
