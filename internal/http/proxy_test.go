package http

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/services"
)

// TestProxyDoesNotLockOutEveryone (found by the security probe): behind a
// reverse proxy every request had the proxy's address, so the
// throttle's counter of one address over all accounts was one counter for
// the whole city — a dozen wrong passwords for invented logins kept every
// member of staff from signing in. With the proxy trusted, the client is
// the address it forwards.
func TestProxyDoesNotLockOutEveryone(t *testing.T) {
	// The clock stands still: on a loaded machine the attacker's twelve
	// checked passwords took longer than the backoff they earned, and its
	// thirteenth went through.
	st, _ := weimarAccountsTemplate.Open(t)
	opts := setOptions
	start := time.Now()
	opts.Now = func() time.Time { return start }
	a, err := services.Open(quartier.WithActor(context.Background(), quartier.Operator()), st, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	_, srv := serveSet(t, a, Options{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/24")}})
	h := srv.Handler()
	const proxy = "10.0.0.2:443"
	via := func(client, user, pw string) *httptest.ResponseRecorder {
		form := url.Values{"login": {user}, "password": {pw}}
		req := httptest.NewRequest("POST", "/anmelden", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", client)
		req.RemoteAddr = proxy
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		return w
	}
	if w := via("198.51.100.4", "u-planner", testPassword); w.Code != http.StatusSeeOther {
		t.Fatalf("owner's first sign-in: %d", w.Code)
	}
	for i := range 12 {
		// The attacker's own forged entry is left of what the proxy
		// appended: it does not count.
		via("198.51.100.4, 203.0.113.7", "angreifer-"+strconv.Itoa(i), "falsch-falsch-falsch")
	}
	if w := via("198.51.100.4", "u-planner", testPassword); w.Code != http.StatusSeeOther {
		t.Errorf("behind the proxy, the owner after an anonymous visitor's 12 wrong sign-ins: %d, Retry-After %s", w.Code, w.Header().Get("Retry-After"))
	}
	if w := via("203.0.113.7", "angreifer-x", "falsch-falsch-falsch"); w.Code != http.StatusTooManyRequests {
		t.Errorf("the attacker's address is not throttled: %d", w.Code)
	}
}

// The client address: forwarded entries count only from a trusted proxy,
// from the right, up to the first address that is not a trusted proxy.
func TestRemoteAddr(t *testing.T) {
	s := &Server{opt: Options{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("2001:db8::/32")}}}
	for _, c := range []struct{ peer, xff, want string }{
		{"192.0.2.1:5000", "203.0.113.7", "192.0.2.1"},                    // not a proxy: the header is anyone's
		{"10.0.0.2:443", "", "10.0.0.2"},                                  // a proxy without the header
		{"10.0.0.2:443", "203.0.113.7", "203.0.113.7"},                    // one proxy
		{"10.0.0.2:443", "1.2.3.4, 203.0.113.7, 10.0.0.9", "203.0.113.7"}, // two proxies, a forged entry left
		{"10.0.0.2:443", "bogus, 203.0.113.7", "203.0.113.7"},
		{"10.0.0.2:443", "203.0.113.7, bogus", "10.0.0.2"}, // broken after the client: the proxy is all we know
		{"[2001:db8::1]:443", "2001:db8:1::5, 2a01:4f8::1", "2a01:4f8::1"},
		{"[::ffff:10.0.0.2]:443", "203.0.113.7", "203.0.113.7"},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.peer
		if c.xff != "" {
			r.Header.Set("X-Forwarded-For", c.xff)
		}
		if got := s.remoteAddr(r); got != c.want {
			t.Errorf("%s with %q: %s, want %s", c.peer, c.xff, got, c.want)
		}
	}
}

// One anonymous client gets at most largePerClient large answers at a
// time (a slow reader held 2.3 GB with 300); another client and the
// signed-in are not held back by it.
func TestLargeAnswersPerClient(t *testing.T) {
	s := &Server{largeWork: newLargeWork()}
	release := make(chan struct{})
	started := make(chan struct{}, 2*largePerClient)
	h := s.largeAnswer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		started <- struct{}{}
		<-release
	}))
	serve := func(remote string, ctx context.Context) int {
		r := httptest.NewRequest("GET", "/atlas/karte.json", nil)
		r.RemoteAddr = remote
		r = r.WithContext(audit.WithRemote(ctx, s.remoteAddr(r))) // as withActor does
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}
	bg := context.Background()
	var wg sync.WaitGroup
	for i := range largePerClient {
		wg.Go(func() { serve("[2001:db8::"+strconv.Itoa(i+1)+"]:1", bg) }) // one /64
	}
	for range largePerClient {
		<-started
	}
	if code := serve("[2001:db8::99]:1", bg); code != http.StatusTooManyRequests {
		t.Errorf("the client's answer beyond the limit: %d", code)
	}
	done := make(chan int, 2)
	go func() { done <- serve("192.0.2.1:1", bg) }()
	go func() {
		done <- serve("[2001:db8::99]:1", quartier.WithActor(bg, &quartier.Actor{UserID: 7, Login: "staff"}))
	}()
	<-started
	<-started
	close(release)
	for range 2 {
		if code := <-done; code != http.StatusOK {
			t.Errorf("another client or a signed-in person: %d", code)
		}
	}
	wg.Wait()
	if len(s.large.n) != 0 {
		t.Errorf("counts left: %v", s.large.n)
	}
}
