package http

import (
	"net/http"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/workgate"
)

// Whole layers as one answer (a GeoPackage, a GeoJSON or block table
// download, a page of up to 10,000 OGC features) cost a few seconds of a
// core and 10–20 MB each while they are built, and anyone may ask for
// them: 32 anonymous pages of Berlin's 542 Planungsräume at once took the
// server from 126 MB to 621 MB. So at most one per core is built at a
// time; another waits up to heavyWait for its turn, then gets 429.

// heavyPage is the largest OGC page answered without the gate: a GIS
// pages through a layer in small pages, which stay quick.
const heavyPage = 100

// heavyWait is how long a whole-layer answer waits for its turn.
const heavyWait = 10 * time.Second

func newHeavyGate() chan struct{} { return make(chan struct{}, max(1, runtime.GOMAXPROCS(0))) }

// enterHeavy waits for a place among the whole-layer answers; false means
// the answer (429 or the client gone) is sent. The caller calls leaveHeavy
// after a true.
func (s *Server) enterHeavy(w http.ResponseWriter, r *http.Request) bool {
	t := time.NewTimer(s.heavyWait)
	defer t.Stop()
	select {
	case s.heavy <- struct{}{}:
		return true
	case <-r.Context().Done():
		return false
	case <-t.C:
		w.Header().Set("Retry-After", "10")
		s.errorJSON(w, r, quartier.Errorf(quartier.ETOOMANY, "Gerade werden zu viele ganze Ebenen ausgeliefert. Bitte in einigen Sekunden noch einmal versuchen."))
		return false
	}
}

func (s *Server) leaveHeavy() { <-s.heavy }

// heavyOnly gates a handler whose every answer is a whole layer.
func (s *Server) heavyOnly(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.enterHeavy(w, r) {
			return
		}
		defer s.leaveHeavy()
		h(w, r)
	}
}

// Large public answers that are not whole layers — the atlas map as JSON
// or SVG, HSDS and OGC pages — are each up to a few MB while built and
// sent. One client that opened hundreds of connections and read slowly
// held 2.3 GB for the five minutes of the write timeout (security
// probe). So an anonymous client (an address, an IPv6 /64) gets at most
// largePerClient of them at a time (429 beyond), and each must be sent
// within largeWriteTime. Signed-in people are not counted: an office
// behind one address has many of them, and they are known.
const (
	largePerClient = 8
	largeWriteTime = 60 * time.Second
)

// clientLimit counts the large answers in flight per client.
type clientLimit struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *clientLimit) enter(key string) bool { return c.enterUpTo(key, largePerClient) }

// enterUpTo counts one more for key unless it has most already.
func (c *clientLimit) enterUpTo(key string, most int) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil {
		c.n = map[string]int{}
	}
	if c.n[key] >= most {
		return false
	}
	c.n[key]++
	return true
}

func (c *clientLimit) leave(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n[key]--; c.n[key] <= 0 {
		delete(c.n, key)
	}
}

// largeAnswer bounds h as a large public answer.
func (s *Server) largeAnswer(h http.Handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		http.NewResponseController(w).SetWriteDeadline(time.Now().Add(largeWriteTime)) // not every writer has one
		if a := quartier.ActorFrom(r.Context()); a != nil && a.UserID != 0 {
			h.ServeHTTP(w, r)
			return
		}
		key := audit.ClientKey(audit.RemoteFrom(r.Context())) // as withActor found it
		if !s.large.enter(key) {
			w.Header().Set("Retry-After", "5")
			err := quartier.Errorf(quartier.ETOOMANY, "Zu viele gleichzeitige Anfragen von Ihrer Adresse. Bitte in einigen Sekunden noch einmal versuchen.")
			if strings.HasSuffix(r.URL.Path, ".json") || strings.HasPrefix(r.URL.Path, "/api/") {
				s.errorJSON(w, r, err)
			} else {
				s.errorPage(w, r, err)
			}
			return
		}
		defer s.large.leave(key)
		if !s.enterWork(w, r, s.largeWork) {
			return
		}
		defer s.largeWork.Leave(1)
		h.ServeHTTP(w, r)
	}
}

// A public upload (the area check: up to 16 MB) is written to a temporary
// file as it arrives and kept there until the check ends; a client that
// sends slowly holds it for the server's read timeout. One anonymous
// client's hundred slow checks held 900 MB of disk, beside the database
// (security probe). A public bulk lookup holds its answer in memory until
// its input is read whole (about twice the input, up to 2 MB) and costs up
// to a second of a core. So an anonymous client sends at most
// uploadsPerClient at a time, of both together (429 beyond), each within
// uploadReadTime.
const (
	uploadsPerClient = 2
	uploadReadTime   = 2 * time.Minute // 16 MB at about 1 Mbit/s
)

// publicUpload bounds h as a public upload of the class work admits;
// signed-in people are not counted (see largeAnswer).
func (s *Server) publicUpload(work *workgate.Gate, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if a := quartier.ActorFrom(r.Context()); a != nil && a.UserID != 0 {
			h(w, r)
			return
		}
		http.NewResponseController(w).SetReadDeadline(time.Now().Add(uploadReadTime))
		key := audit.ClientKey(audit.RemoteFrom(r.Context()))
		if !s.uploads.enterUpTo(key, uploadsPerClient) {
			w.Header().Set("Retry-After", "10")
			// Closing, not reading on: the server would otherwise wait
			// for the unread body before it sends the refusal.
			w.Header().Set("Connection", "close")
			err := quartier.Errorf(quartier.ETOOMANY, "Von Ihrer Adresse werden schon %d Dateien geprüft oder zugeordnet. Bitte warten, bis eine fertig ist.", uploadsPerClient)
			if strings.HasPrefix(r.URL.Path, "/api/") {
				s.errorJSON(w, r, err)
			} else {
				s.errorPage(w, r, err)
			}
			return
		}
		defer s.uploads.leave(key)
		if !s.enterWork(w, r, work) {
			return
		}
		defer work.Leave(1)
		h(w, r)
	}
}

// The bounds per client above do not add up to a bound for the server:
// a thousand clients, or one client with many addresses (an IPv6 /48 is
// 65,536 of the /64s counted as clients), each within its own bound, still
// take every core and as much memory and disk as they like. So each class
// of expensive anonymous work also has a bound for all clients together
// (package workgate): a few run, a short queue waits a few seconds, the
// rest is refused at once with 429 and Retry-After. Signed-in people pass
// by, as above. The bounds:
//   - bulk lookups: one per core (each up to a second of a core and 4 MB);
//   - public area checks: 8 in flight, upload included (each up to 16 MB of
//     temporary disk; the check itself runs one per two cores, in spatial);
//   - large answers: 64 in flight (each up to a few MB while it is sent).
func bulkWorkBusy() error {
	return workgate.Busy(10*time.Second, "Gerade werden sehr viele Adresslisten zugeordnet. Bitte in 10 Sekunden erneut versuchen.")
}

func checkWorkBusy() error {
	return workgate.Busy(time.Minute, "Gerade werden sehr viele Dateien geprüft. Bitte in einer Minute erneut versuchen.")
}

func largeWorkBusy() error {
	return workgate.Busy(5*time.Second, "Gerade werden sehr viele große Antworten ausgeliefert. Bitte in 5 Sekunden erneut versuchen.")
}

const workWait = 10 * time.Second

func newBulkWork() *workgate.Gate {
	n := int64(max(1, runtime.GOMAXPROCS(0)))
	return workgate.New(n, 2*n, workWait, bulkWorkBusy())
}

func newCheckWork() *workgate.Gate { return workgate.New(8, 8, workWait, checkWorkBusy()) }

func newLargeWork() *workgate.Gate { return workgate.New(64, 64, workWait, largeWorkBusy()) }

// enterWork waits for a place in work; false means the refusal is sent
// (or the client has gone).
func (s *Server) enterWork(w http.ResponseWriter, r *http.Request, work *workgate.Gate) bool {
	err := work.Enter(r.Context(), 1)
	if err == nil {
		return true
	}
	if r.Context().Err() != nil {
		return false
	}
	// An unread body would be waited for before the refusal is sent.
	w.Header().Set("Connection", "close")
	if strings.HasSuffix(r.URL.Path, ".json") || strings.HasPrefix(r.URL.Path, "/api/") {
		s.errorJSON(w, r, err)
	} else {
		s.errorPage(w, r, err)
	}
	return false
}
