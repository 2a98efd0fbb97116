package http

import (
	"errors"
	"net/http"

	"github.com/quartier/quartier/internal/atlas"
)

// providerOptions: GET /atlas/traeger?q=TEXT (or ?provider=TEXT), the options of the provider
// field's datalist as the editor types (htmx); without scripts the field
// takes a code or a name and the save resolves it.
func (s *Server) providerOptions(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	text := q.Get("q")
	if text == "" {
		text = q.Get("provider") // the field itself, as htmx sends it
	}
	ps, err := s.atlas.ProviderMatches(r.Context(), text, 20)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.execute(w, "provideroptions", "content", ps)
}

// resolveProvider reads the provider field: the code of a select, or what
// was typed into the search field. An ambiguous text is filed at the
// field; an unknown one goes on as typed, so the save refuses it after the
// form's other checks, as it refuses any provider the editor may not use.
func (s *Server) resolveProvider(r *http.Request, text string, errs *formErrors) string {
	code, err := s.atlas.ResolveProvider(r.Context(), text)
	switch {
	case err == nil:
		return code
	case errors.Is(err, atlas.ErrAmbiguousProvider):
		errs.addErr(err, s.userMessage(r, err), func(f string) string { return f })
	}
	return text
}
