package http

import (
	"math"
	"net/http"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/atlas"
)

// entryHistory: GET /atlas/angebote/{key}/verlauf and /atlas/orte/{key}/verlauf.
func (s *Server) entryHistory(kind quartier.EntityKind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		key := r.PathValue("key")
		h, err := s.atlas.History(r.Context(), kind, key)
		if err != nil {
			s.errorPage(w, r, err)
			return
		}
		title := "Verlauf: " + quartier.EntityLabels[kind] + " " + h.Name
		if h.Name == "" {
			title += key
		}
		s.render(w, r, "history", &historyView{page: titled(title), Kind: kind, Key: key, Entries: h.Entries})
	}
}

// dueList: GET /atlas/faellig, the entries whose check is due, filtered by
// space (raum), provider (traeger), kind (art) and paged (seite).
func (s *Server) dueList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page, err := intParam(q, "seite", 1, math.MaxInt32)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	f := atlas.DueFilter{Space: quartier.SpaceCode(q.Get("raum")), Provider: q.Get("traeger"), Kind: quartier.EntityKind(q.Get("art")), Page: page}
	due, err := s.atlas.ReviewDue(r.Context(), f)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	v := &dueView{page: titled("Fällige Prüfungen"), List: due, Params: q, Done: q.Get("geprueft")}
	// The space choice by name; without a space layer there is none.
	v.Spaces, _ = s.spatial.Spaces(r.Context())
	for p := 1; p <= due.Pages; p++ {
		v.Pages = append(v.Pages, p)
	}
	s.render(w, r, "due", v)
}

// entryVerify: POST /atlas/angebote/{key}/geprueft and /atlas/orte/{key}/geprueft.
func (s *Server) entryVerify(kind quartier.EntityKind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := readForm(w, r, smallFormLimit()); err != nil {
			s.errorPage(w, r, err)
			return
		}
		key := r.PathValue("key")
		if err := s.atlas.Verify(r.Context(), kind, key); err != nil {
			s.errorPage(w, r, err)
			return
		}
		redirectBack(w, r, "/atlas/faellig?geprueft="+key)
	}
}
