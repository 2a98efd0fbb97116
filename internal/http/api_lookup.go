package http

import (
	"net/http"

	"github.com/quartier/quartier"
)

// apiLookup: GET /api/v1/lookup?x=&y=[&crs=] | ?lon=&lat= | ?street=&no=[&postcode=][&ort=]
func (s *Server) apiLookup(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if !hasLookupQuery(q.Get) {
		s.errorJSON(w, r, quartier.Errorf(quartier.EINVALID, "Parameter x,y (mit crs), lon,lat oder street,no fehlen."))
		return
	}
	res, err := s.lookup(r, q.Get)
	if err != nil {
		s.errorJSON(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// apiLookupBulk: POST /api/v1/lookup with a CSV body (x,y | lon,lat |
// strasse,hausnummer[,plz][,ortsteil|bezirk]); the answer is the same CSV
// with one column per layer and a status column. ?crs= gives the CRS of
// x/y columns. It is the command line's lookup --csv (BulkLookup), with
// the installation's Bezirke (set at the directory's import) for a place.
func (s *Server) apiLookupBulk(w http.ResponseWriter, r *http.Request) {
	lim := s.fileLimit(s.opt.MaxUploadBytes)
	limitBody(w, r, lim)
	crs, _ := parseNumber(r.URL.Query().Get("crs"))
	// The answer streams while the upload is read, so a header error can
	// still become a JSON error only before the first row is written.
	buf := &lazyWriter{w: w, header: func() {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	}}
	rep, err := s.spatial.BulkLookup(r.Context(), r.Body, buf, quartier.SRID(int(crs)), nil)
	if err != nil {
		err = lim.wrap(err)
		if !buf.started {
			s.errorJSON(w, r, err)
			return
		}
		s.log.Warn("bulk lookup aborted", "err", err)
		return
	}
	if !buf.started {
		buf.header()
		w.WriteHeader(http.StatusOK)
	}
	s.log.Info("bulk lookup", "rows", rep.Rows, "found", rep.Found, "outside", rep.Outside, "failed", rep.Failed)
}

// lazyWriter sets headers on the first write, so errors found before any
// output can still be answered with a proper status.
type lazyWriter struct {
	w       http.ResponseWriter
	header  func()
	started bool
}

func (l *lazyWriter) Write(p []byte) (int, error) {
	if !l.started {
		l.started = true
		l.header()
		l.w.WriteHeader(http.StatusOK)
	}
	return l.w.Write(p)
}
