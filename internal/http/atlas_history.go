package http

import (
	"net/http"

	"github.com/quartier/quartier"
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

// dueList: GET /atlas/faellig, the entries whose check is due.
func (s *Server) dueList(w http.ResponseWriter, r *http.Request) {
	due, err := s.atlas.ReviewDue(r.Context())
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, "due", &dueView{page: titled("Fällige Prüfungen"), Due: due, Done: r.URL.Query().Get("geprueft")})
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
