package http

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/quartier/quartier"
)

// The audit page names actions and outcomes in German, shows times in the
// installation's zone, and offers the CSV export only to whom it is
// allowed (the data protection officer, not the administrator).
func TestAuditPageShowsWhatThePersonMayDo(t *testing.T) {
	ts, srv := accountServer(t)
	dpo := signedInClient(t, ts, "u-dpo")
	status, body := fetch(t, dpo, ts.URL+"/admin/protokoll?aktion=signin")
	if status != 200 || !strings.Contains(body, "Zeit (Europe/Berlin)") || !strings.Contains(body, "Anmeldung <span class=\"code\">signin</span>") ||
		!strings.Contains(body, "ausgeführt") || !strings.Contains(body, "/admin/protokoll.csv") {
		t.Fatalf("audit page for the DPO: %d %.3000s", status, body)
	}
	entries, err := srv.audit.Entries(quartier.WithActor(context.Background(), quartier.Operator()), quartier.AuditFilter{Action: "signin", Limit: 1})
	if err != nil || len(entries) == 0 {
		t.Fatalf("entries: %v %v", entries, err)
	}
	berlin, _ := time.LoadLocation("Europe/Berlin")
	if local := entries[0].At.In(berlin).Format("02.01.2006 15:04:05"); !strings.Contains(body, local) {
		t.Errorf("the page does not show %s (local time of %s)", local, entries[0].At)
	}

	admin := signedInClient(t, ts, "u-admin")
	status, body = fetch(t, admin, ts.URL+"/admin/protokoll")
	if status != 200 || strings.Contains(body, "protokoll.csv") {
		t.Errorf("the administrator is offered an export it may not run: %d", status)
	}
	// The CSV keeps codes and UTC.
	status, body = fetch(t, dpo, ts.URL+"/admin/protokoll.csv?aktion=signin")
	if status != 200 || !strings.Contains(body, ";signin;") || !strings.Contains(body, entries[0].At.UTC().Format("2006-01-02T15:04:05")) {
		t.Errorf("audit CSV: %d %.500s", status, body)
	}
}

// An unknown address gets the German error page with the navigation (JSON
// under /api/); a known one asked with the wrong method stays a 405.
func TestUnknownPathIsGerman(t *testing.T) {
	ts, _ := accountServer(t)
	c := client(t)
	status, body := fetch(t, c, ts.URL+"/gibt-es-nicht")
	if status != 404 || !strings.Contains(body, "Die Seite /gibt-es-nicht gibt es nicht.") || !strings.Contains(body, "<nav") || strings.Contains(body, "page not found") {
		t.Errorf("unknown page: %d %.500s", status, body)
	}
	status, body = fetch(t, c, ts.URL+"/api/v1/gibt-es-nicht")
	if status != 404 || !strings.Contains(body, `"code":"not_found"`) {
		t.Errorf("unknown API path: %d %.300s", status, body)
	}
	resp := postForm(t, c, ts.URL+"/atlas", nil, ts.URL)
	if resp.StatusCode != 405 || resp.Header.Get("Allow") == "" {
		t.Errorf("POST to a GET page: %d %q", resp.StatusCode, resp.Header.Get("Allow"))
	}
}
