package http

import (
	"net/http"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/atlas"
)

// placePage renders the place form with the editor's choices.
func (s *Server) placePage(w http.ResponseWriter, r *http.Request, status int, v *placeFormView) {
	c, err := s.atlas.EditChoices(r.Context())
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	v.Choices, v.SRID, v.Art, v.EntityKind = c, int(s.spatial.SRID()), "ort", quartier.EntityPlace
	v.SpaceLayer = s.spatial.Locator().SpaceLayer()
	if v.Errors == nil {
		v.Errors = &formErrors{}
	}
	w.WriteHeader(status)
	s.render(w, r, "place_form", v)
}

// placeNewForm: GET /atlas/orte/neu.
func (s *Server) placeNewForm(w http.ResponseWriter, r *http.Request) {
	s.placePage(w, r, http.StatusOK, &placeFormView{entryForm: entryForm{page: titled("Neuer Ort"), New: true, Action: "/atlas/orte/neu"},
		Form: placeForm{Locate: "adresse", Verified: true}})
}

// placeEditForm: GET /atlas/orte/{key}/bearbeiten (?vorschlag=N to accept
// a correction with the edit).
func (s *Server) placeEditForm(w http.ResponseWriter, r *http.Request) {
	p, blind, err := s.atlas.PlaceForEdit(r.Context(), r.PathValue("key"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	v := &placeFormView{entryForm: entryForm{page: titled("Ort bearbeiten: " + p.Name), Key: p.Key,
		Action: entityPath(quartier.EntityPlace, p.Key) + "/bearbeiten", Saved: r.URL.Query().Has("gespeichert")}, Form: placeFormOf(p, blind)}
	if err := s.withSuggestion(r, &v.entryForm); err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.placePage(w, r, http.StatusOK, v)
}

// placeSave: POST /atlas/orte/neu and /atlas/orte/{key}/bearbeiten.
func (s *Server) placeSave(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("key")
	isNew := key == ""
	f, edit, errs, ok := s.readPlace(w, r, isNew, key)
	if !ok {
		return
	}
	v := &placeFormView{entryForm: entryForm{page: titled("Neuer Ort"), New: isNew, Key: key, Action: r.URL.Path, Errors: errs}, Form: f}
	if !isNew {
		v.Title = "Ort bearbeiten: " + f.Name
	}
	if status := s.checkPlace(r, &f, edit, errs, &v.entryForm); status != 0 {
		s.placePage(w, r, status, v)
		return
	}
	saved, err := s.atlas.SavePlace(r.Context(), edit)
	if err != nil {
		errs.addErr(err, s.userMessage(r, err), placeField)
		s.placePage(w, r, statusOf(err), v)
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
	p.Provider = s.resolveProvider(r, f.Provider, errs)
	return f, atlas.PlaceEdit{Place: p, New: isNew, Verified: f.Verified, Note: f.Note}, errs, true
}

// checkPlace is checkOffer for places: near, similar names warn first.
func (s *Server) checkPlace(r *http.Request, f *placeForm, edit atlas.PlaceEdit, errs *formErrors, v *entryForm) int {
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
	v.Similar = similar
	return http.StatusConflict
}
