package http

import (
	"net/http"
	"runtime"
	"time"

	"github.com/quartier/quartier"
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
