//go:build secprobe

// Demonstrations of open findings of the security probe (branch
// secprobe). They fail on the current code; run them with
//
//	go test -tags secprobe ./internal/http -run SecProbe
//
// and drop the build tag once the finding is fixed.

package http

import (
	"net/http"
	"strconv"
	"testing"
)

// TestSecProbeProxyLocksOutEveryone: the README supports TLS ending at a
// proxy (--secure-cookies). Behind it every request has the proxy's
// address, and remoteAddr trusts no forwarded header, so the throttle's
// counter "address over all accounts" (10 failures, then 1 s, 2 s, … up
// to 15 min) is one counter for the whole city: an anonymous visitor who
// sends a dozen wrong passwords for invented logins — and one more each
// time the wait runs out — keeps every member of staff from signing in,
// the owner at her usual address included. The README says "Nobody else
// can lock the owner out".
func TestSecProbeProxyLocksOutEveryone(t *testing.T) {
	_, srv := accountServer(t)
	h := srv.Handler()
	const proxy = "10.0.0.2:443" // every request, as the reverse proxy forwards it
	if w := postFrom(h, proxy, "u-planner", testPassword); w.Code != http.StatusSeeOther {
		t.Fatalf("owner's first sign-in: %d", w.Code)
	}
	for i := range 12 {
		postFrom(h, proxy, "angreifer-"+strconv.Itoa(i), "falsch-falsch-falsch")
	}
	if w := postFrom(h, proxy, "u-planner", testPassword); w.Code != http.StatusSeeOther {
		t.Errorf("behind the proxy, the owner with her right password after an anonymous visitor's 12 wrong sign-ins for invented logins: %d, Retry-After %s",
			w.Code, w.Header().Get("Retry-After"))
	}
}
