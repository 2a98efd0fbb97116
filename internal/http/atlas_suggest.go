package http

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/quartier/quartier"
)

// suggestForm: GET /atlas/vorschlag, public. ?angebot=KEY or ?ort=KEY
// report a problem with or a correction of that entry; without, a new
// offer is suggested.
func (s *Server) suggestForm(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v := &suggestView{page: titled("Angebot vorschlagen oder Fehler melden"), Errors: &formErrors{}, Kind: string(quartier.SuggestNew), Form: url.Values{}}
	if err := s.suggestEntity(r, q.Get("angebot"), q.Get("ort"), v); err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, "suggest", v)
}

// suggestEntity puts the entry a suggestion concerns into v (nothing for
// a new offer); an entry the public atlas does not show is not found.
func (s *Server) suggestEntity(r *http.Request, offer, place string, v *suggestView) error {
	if offer == "" && place == "" {
		return nil
	}
	kind, key, msg := quartier.EntityOffer, offer, "Das Angebot %s wurde nicht gefunden."
	if offer == "" {
		kind, key, msg = quartier.EntityPlace, place, "Der Ort %s wurde nicht gefunden."
	}
	name, ok, err := s.atlas.Shown(r.Context(), kind, key)
	if err != nil {
		return err
	}
	if !ok {
		return quartier.Errorf(quartier.ENOTFOUND, msg, key)
	}
	v.Kind = string(quartier.SuggestCorrection)
	v.EntityKind, v.EntityKey, v.EntityName = kind, key, name
	return nil
}

// suggestSubmit: POST /atlas/vorschlag. A filled honeypot (an input hidden
// from people, filled by bots) gets the thank-you page and stores nothing.
func (s *Server) suggestSubmit(w http.ResponseWriter, r *http.Request) {
	if err := readForm(w, r, suggestionLimit()); err != nil {
		s.errorPage(w, r, err)
		return
	}
	g := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	if g("homepage") != "" {
		s.render(w, r, "suggest_done", &suggestDoneView{page: titled("Danke")})
		return
	}
	sg := quartier.Suggestion{Kind: quartier.SuggestionKind(g("kind")), Message: g("message"), SubmitterName: g("submitter_name"), SubmitterEmail: g("submitter_email"),
		Proposed: quartier.ProposedOffer{Name: g("proposed_name"), Description: g("proposed_description"), Organisation: g("proposed_organisation"),
			Website: g("proposed_website"), Hours: g("proposed_hours")},
		Street: g("street"), HouseNumber: g("house_number"), Postcode: g("postcode"), City: g("city")}
	v := &suggestView{page: titled("Angebot vorschlagen oder Fehler melden"), Errors: &formErrors{}, Form: r.PostForm}
	if err := s.suggestEntity(r, g("angebot"), g("ort"), v); err != nil {
		s.errorPage(w, r, err)
		return
	}
	v.Kind = g("kind")
	if sg.Kind != quartier.SuggestNew {
		sg.EntityKind, sg.EntityKey = v.EntityKind, v.EntityKey
	}
	saved, err := s.atlas.SubmitSuggestion(r.Context(), sg)
	if err != nil {
		v.Errors.addErr(err, s.userMessage(r, err), suggestField)
		w.WriteHeader(statusOf(err))
		s.render(w, r, "suggest", v)
		return
	}
	s.render(w, r, "suggest_done", &suggestDoneView{page: titled("Danke"), ID: saved.ID})
}

// suggestField maps a suggestion's fields to the public form's inputs.
func suggestField(field string) string {
	switch field {
	case "address":
		return "street"
	case "entity":
		return ""
	}
	return strings.ReplaceAll(field, ".", "_")
}
