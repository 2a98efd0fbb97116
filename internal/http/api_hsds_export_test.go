package http

import (
	"context"

	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/quartier/quartier"
)

// TestHSDSExportNeedsThePermissionForProfessionalContacts: the whole-atlas
// files are open data for anyone; contacts for professionals leave in bulk
// only with the permission "Massenexporte" (planning has it, provider staff
// do not and get the public files; single items still show staff their
// contacts).
func TestHSDSExportNeedsThePermissionForProfessionalContacts(t *testing.T) {
	ts, _ := hsdsServer(t)
	clients := map[string]*http.Client{}
	fetchAs := func(user, path string) string {
		t.Helper()
		if user == "" {
			resp, body := get(t, ts, path)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("anonymous %s: %d", path, resp.StatusCode)
			}
			return unzipped(t, body)
		}
		c, ok := clients[user]
		if !ok {
			c = client(t)
			login(t, ts, c, user)
			clients[user] = c
		}
		resp, body := fetchBody(t, c, ts.URL+path)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s %s: %d", user, path, resp.StatusCode)
		}
		return unzipped(t, body)
	}
	for _, path := range []string{"/api/hsds/export.json", "/api/hsds/export.zip"} {
		for user, want := range map[string]bool{"": false, "u-provider-staff": false, "u-asd": false, "u-planner": true, "u-admin": true} {
			if got := strings.Contains(fetchAs(user, path), "Diensthandy"); got != want {
				t.Errorf("%s for %q: professional contact %v, want %v", path, user, got, want)
			}
		}
	}
	if !strings.Contains(fetchAs("u-provider-staff", "/api/hsds/services?full=true"), "Diensthandy") {
		t.Error("staff no longer see professional contacts in the API")
	}
}

// TestHSDSExportAudited: downloads of the HSDS files are audited, a
// signed-in caller's as an entry of its own naming whose files they got,
// anonymous ones tallied: the first of each file and address, then one
// summary with the count.
func TestHSDSExportAudited(t *testing.T) {
	ts, srv := hsdsServer(t)
	for i := range 30 {
		path := []string{"/api/hsds/export.json", "/api/hsds/export.zip"}[i%2]
		if resp, _ := get(t, ts, path); resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", path, resp.StatusCode)
		}
	}
	for _, user := range []string{"u-planner", "u-provider-staff"} {
		c := client(t)
		login(t, ts, c, user)
		if resp, _ := fetchBody(t, c, ts.URL+"/api/hsds/export.json"); resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", user, resp.StatusCode)
		}
	}
	op := quartier.WithActor(context.Background(), quartier.Operator())
	if err := srv.audit.Flush(op); err != nil {
		t.Fatal(err)
	}
	es, err := srv.audit.Entries(op, quartier.AuditFilter{Action: "atlas.export", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	anonymous, got := 0, map[string]string{}
	for _, e := range es {
		if e.Login != "anonym" {
			got[e.Login] = e.ObjectID + " " + e.Detail
			continue
		}
		if e.Remote != "127.0.0.1" || (e.ObjectID != "hsds/export.json" && e.ObjectID != "hsds/export.zip") {
			t.Errorf("anonymous entry: %+v", e)
		}
		anonymous++
		if m := regexp.MustCompile(`(\d+) weitere gleiche Ereignisse`).FindStringSubmatch(e.Detail); m != nil {
			n, _ := strconv.Atoi(m[1])
			anonymous += n - 1
		}
	}
	if anonymous != 30 || len(es) != 4+2 || got["u-planner"] != "hsds/export.json Fassung: Fachkräfte" ||
		got["u-provider-staff"] != "hsds/export.json Fassung: öffentlich" {
		t.Errorf("%d entries for %d anonymous downloads, signed-in: %q", len(es), anonymous, got)
	}
}
