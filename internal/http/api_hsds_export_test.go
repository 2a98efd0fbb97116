package http

import (
	"net/http"
	"strings"
	"testing"
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
