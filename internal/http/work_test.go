package http

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/workgate"
)

// TestAnonymousWorkBoundedForAllClients: each class of expensive anonymous
// work (bulk lookups, public area checks, large answers) is bounded for
// all clients together, not only per client: clients each within their
// own bound, from as many addresses as they like, get a few places and a
// short queue; beyond that they are refused at once with 429, Retry-After
// and a German sentence. Signed-in people pass by. Before, the thousandth
// client's bulk lookup ran like the first.
func TestAnonymousWorkBoundedForAllClients(t *testing.T) {
	_, srv := serveSet(t, weimarAccountsApp(t), Options{})
	const places, queue = 2, 1
	classes := []struct {
		name, method, path string
		gate               **workgate.Gate
		wrap               func(http.HandlerFunc) http.HandlerFunc
		busy               error
		want               string
	}{
		{"bulk lookup", "POST", "/api/v1/lookup", &srv.bulkWork, func(h http.HandlerFunc) http.HandlerFunc { return srv.publicUpload(srv.bulkWork, h) }, bulkWorkBusy(), "Adresslisten"},
		{"area check", "POST", "/pruefen", &srv.checkWork, func(h http.HandlerFunc) http.HandlerFunc { return srv.publicUpload(srv.checkWork, h) }, checkWorkBusy(), "Dateien geprüft"},
		{"large answer", "GET", "/atlas/karte.json", &srv.largeWork, func(h http.HandlerFunc) http.HandlerFunc { return srv.largeAnswer(h) }, largeWorkBusy(), "große Antworten"},
	}
	for _, c := range classes {
		t.Run(c.name, func(t *testing.T) {
			// A gate of its own waits as long as the test needs: no timing.
			*c.gate = workgate.New(places, queue, time.Hour, c.busy)
			release := make(chan struct{})
			started := make(chan struct{}, places+queue+1)
			h := c.wrap(func(w http.ResponseWriter, r *http.Request) {
				started <- struct{}{}
				<-release
			})
			serve := func(n int, ctx context.Context) *httptest.ResponseRecorder {
				r := httptest.NewRequest(c.method, c.path, strings.NewReader("strasse;hausnummer\n"))
				r.RemoteAddr = "192.0.2." + strconv.Itoa(n) + ":1" // every request from a client of its own
				r = r.WithContext(audit.WithRemote(ctx, srv.remoteAddr(r)))
				w := httptest.NewRecorder()
				h(w, r)
				return w
			}
			bg := context.Background()
			var wg sync.WaitGroup
			codes := make(chan int, places+queue)
			for i := range places + queue {
				wg.Go(func() { codes <- serve(i+1, bg).Code })
			}
			for range places {
				<-started
			}
			for (*c.gate).Waiting() < queue {
				select {
				case <-started:
					close(release)
					t.Fatalf("%d clients' work ran at once, beyond the %d places of all", places+1, places)
				default:
					time.Sleep(time.Millisecond)
				}
			}
			w := serve(100, bg)
			if w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") == "" || !strings.Contains(w.Body.String(), c.want) {
				t.Errorf("a client beyond the places and the queue of all: %d, Retry-After %q, %.300s", w.Code, w.Header().Get("Retry-After"), w.Body.String())
			}
			signedIn := make(chan int, 1)
			go func() {
				signedIn <- serve(101, quartier.WithActor(bg, &quartier.Actor{UserID: 7, Login: "staff"})).Code
			}()
			<-started
			close(release)
			if code := <-signedIn; code != http.StatusOK {
				t.Errorf("a signed-in person: %d", code)
			}
			wg.Wait()
			close(codes)
			for code := range codes {
				if code != http.StatusOK {
					t.Errorf("a running or queued client: %d", code)
				}
			}
		})
	}
}
