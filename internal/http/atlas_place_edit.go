package http

import (
	"net/http"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/atlas"
)

// placePage renders the place form with the editor's choices.
func (s *Server) placePage(w http.ResponseWriter, r *http.Request, status int, data map[string]any) {
	c, err := s.atlas.EditChoices(r.Context())
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	data["C"], data["SRID"], data["Art"], data["EntityKind"] = c, int(s.spatial.SRID()), "ort", quartier.EntityPlace
	if _, ok := data["E"]; !ok {
		data["E"] = &formErrors{}
	}
	w.WriteHeader(status)
	s.render(w, r, "place_form", data)
}

// placeNewForm: GET /atlas/orte/neu.
func (s *Server) placeNewForm(w http.ResponseWriter, r *http.Request) {
	s.placePage(w, r, http.StatusOK, map[string]any{"Title": "Neuer Ort", "New": true, "Action": "/atlas/orte/neu",
		"F": placeForm{Locate: "adresse", Verified: true}})
}

// placeEditForm: GET /atlas/orte/{key}/bearbeiten (?vorschlag=N to accept
// a correction with the edit).
func (s *Server) placeEditForm(w http.ResponseWriter, r *http.Request) {
	p, blind, err := s.atlas.PlaceForEdit(r.Context(), r.PathValue("key"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	data := map[string]any{"Title": "Ort bearbeiten: " + p.Name, "F": placeFormOf(p, blind), "Key": p.Key,
		"Action": entityPath(quartier.EntityPlace, p.Key) + "/bearbeiten", "Saved": r.URL.Query().Has("gespeichert")}
	if err := s.withSuggestion(r, data); err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.placePage(w, r, http.StatusOK, data)
}

// placeSave: POST /atlas/orte/neu and /atlas/orte/{key}/bearbeiten.
func (s *Server) placeSave(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("key")
	isNew := key == ""
	f, edit, errs, ok := s.readPlace(w, r, isNew, key)
	if !ok {
		return
	}
	data := map[string]any{"F": f, "E": errs, "New": isNew, "Key": key, "Title": "Neuer Ort", "Action": r.URL.Path}
	if !isNew {
		data["Title"] = "Ort bearbeiten: " + f.Name
	}
	if status := s.checkPlace(r, &f, edit, errs, data); status != 0 {
		s.placePage(w, r, status, data)
		return
	}
	saved, err := s.atlas.SavePlace(r.Context(), edit)
	if err != nil {
		errs.addErr(err, s.userMessage(r, err), placeField)
		s.placePage(w, r, statusOf(err), data)
		return
	}
	http.Redirect(w, r, entityPath(quartier.EntityPlace, saved.Key)+"/bearbeiten?gespeichert", http.StatusSeeOther)
}

// placeField maps a place's domain fields to inputs: they share names.
func placeField(field string) string { return field }

// readPlace parses the posted place form. An editor who may not read a
// shelter's address edits it blind whatever the form claims: the app
// keeps the stored address then.
func (s *Server) readPlace(w http.ResponseWriter, r *http.Request, isNew bool, key string) (placeForm, atlas.PlaceEdit, *formErrors, bool) {
	errs := &formErrors{}
	if err := readForm(w, r, formLimit()); err != nil {
		s.errorPage(w, r, err)
		return placeForm{}, atlas.PlaceEdit{}, errs, false
	}
	f := readPlaceForm(r)
	if !isNew {
		f.Key = key
		_, blind, err := s.atlas.PlaceForEdit(r.Context(), key)
		if err != nil {
			s.errorPage(w, r, err)
			return f, atlas.PlaceEdit{}, errs, false
		}
		f.Blind = blind
	}
	p := s.place(r, &f, errs)
	return f, atlas.PlaceEdit{Place: p, New: isNew, Verified: f.Verified, Note: f.Note}, errs, true
}

// checkPlace is checkOffer for places: near, similar names warn first.
func (s *Server) checkPlace(r *http.Request, f *placeForm, edit atlas.PlaceEdit, errs *formErrors, data map[string]any) int {
	if errs.Any() {
		return http.StatusBadRequest
	}
	if !edit.New || f.DuplicateChecked {
		return 0
	}
	similar, err := s.atlas.SimilarEntries(r.Context(), atlas.SimilarQuery{Kind: quartier.EntityPlace, Name: edit.Name, X: edit.X, Y: edit.Y,
		Street: edit.Street, HouseNumber: edit.HouseNumber, Postcode: edit.Postcode})
	if err != nil {
		errs.Add("", s.userMessage(r, err))
		return statusOf(err)
	}
	if len(similar) == 0 {
		return 0
	}
	data["Similar"] = similar
	return http.StatusConflict
}
