package http

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/quartier/quartier/internal/atlas"
)

// placeOptions: GET /atlas/orte-auswahl?q=TEXT (or the typed field
// place-add-N as htmx sends it), the options of a place field's datalist
// as the editor types; without scripts the field takes a key, a name or
// "Name (key)" and the save resolves it.
func (s *Server) placeOptions(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	text := q.Get("q")
	for k, v := range q {
		if text == "" && strings.HasPrefix(k, "place-add-") && len(v) > 0 {
			text = v[0]
		}
	}
	ps, err := s.atlas.PlaceMatches(r.Context(), text, 20)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	type option struct{ Value, Label string }
	opts := make([]option, 0, len(ps))
	for i := range ps {
		opts = append(opts, option{atlas.PlaceOption(ps[i]), ps[i].Address()})
	}
	w.Header().Set("Cache-Control", "no-store")
	s.execute(w, "placeoptions", "content", opts)
}

// resolvePlaces turns the typed place fields into keys. An ambiguous text
// is filed at its field; an unknown one goes on as typed, so the save
// refuses it as it refuses any place the editor may not use.
func (s *Server) resolvePlaces(r *http.Request, chosen, typed []string, errs *formErrors) []string {
	keys := append([]string{}, chosen...)
	for i, text := range typed {
		field := fmt.Sprintf("place-add-%d", i)
		key, err := s.atlas.ResolvePlace(r.Context(), field, text)
		switch {
		case err == nil:
			text = key
		case errors.Is(err, atlas.ErrAmbiguousPlace):
			errs.addErr(err, s.userMessage(r, err), func(f string) string { return f })
		}
		keys = append(keys, text)
	}
	return keys
}
