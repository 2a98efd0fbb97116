package http

import (
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/quartier/quartier"
)

// auditFilter reads the audit page's filter form; nach, the paging
// cursor, is checked like every paging parameter (intParam).
func auditFilter(r *http.Request) (quartier.AuditFilter, error) {
	q := r.URL.Query()
	f := quartier.AuditFilter{Login: q.Get("konto"), ObjectType: q.Get("typ"), ObjectID: q.Get("objekt"), Action: q.Get("aktion"), Limit: 200}
	if t, err := time.Parse(quartier.DateLayout, q.Get("von")); err == nil {
		f.From = t
	}
	if t, err := time.Parse(quartier.DateLayout, q.Get("bis")); err == nil {
		f.To = t.AddDate(0, 0, 1)
	}
	after, err := intParam(q, "nach", 0, math.MaxInt)
	f.AfterID = int64(after)
	return f, err
}

func (s *Server) auditLog(w http.ResponseWriter, r *http.Request) {
	f, err := auditFilter(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	entries, err := s.audit.Entries(r.Context(), f)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	data := &auditView{page: titled("Protokoll"), Zone: s.opt.TimeZone.String(), Entries: entries, Params: r.URL.Query()}
	if len(entries) == f.Limit {
		q := r.URL.Query()
		q.Set("nach", strconv.FormatInt(entries[len(entries)-1].ID, 10))
		data.NextPage = "/admin/protokoll?" + q.Encode()
	}
	s.render(w, r, "audit", data)
}

func (s *Server) auditExport(w http.ResponseWriter, r *http.Request) {
	f, err := auditFilter(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="protokoll.csv"`)
	if err := s.audit.Export(r.Context(), f, w); err != nil {
		s.errorPage(w, r, err)
	}
}
