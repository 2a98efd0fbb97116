package http

import (
	"net/http"
	"strconv"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/atlas"
)

// offerPage renders the offer form with the editor's choices.
func (s *Server) offerPage(w http.ResponseWriter, r *http.Request, status int, v *offerFormView) {
	c, err := s.atlas.EditChoices(r.Context())
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	names := map[string]string{}
	for _, p := range c.Places {
		names[p.Key] = p.Name
	}
	if v.Draft != nil {
		for _, p := range v.Draft.Places {
			names[p.Key] = p.Name
		}
	}
	v.Choices, v.PlaceNames, v.Art, v.EntityKind = c, names, "angebot", quartier.EntityOffer
	if v.Errors == nil {
		v.Errors = &formErrors{}
	}
	w.WriteHeader(status)
	s.render(w, r, "offer_form", v)
}

func newOfferForm() offerForm {
	f := offerForm{Status: string(quartier.OfferActive), Verified: true}
	f.Days = offerFormOf(&quartier.Offer{}, nil).Days
	return f
}

// offerNewForm: GET /atlas/angebote/neu, empty or (?vorschlag=N) filled
// from a visitor's suggestion, which the form then accepts.
func (s *Server) offerNewForm(w http.ResponseWriter, r *http.Request) {
	f := newOfferForm()
	v := &offerFormView{entryForm: entryForm{page: titled("Neues Angebot"), New: true, Action: "/atlas/angebote/neu"}}
	if id := r.URL.Query().Get("vorschlag"); id != "" {
		item, err := s.suggestionOf(r, id)
		if err != nil {
			s.errorPage(w, r, err)
			return
		}
		if item.Kind != quartier.SuggestNew {
			s.errorPage(w, r, quartier.Errorf(quartier.EINVALID, "Vorschlag #%d ist kein neues Angebot.", item.ID))
			return
		}
		p := item.Proposed
		f.Name, f.Description, f.Website, f.HoursNote = p.Name, p.Description, p.Website, p.Hours
		np := newPlaceForm{Name: p.Organisation, Street: item.Street, HouseNumber: item.HouseNumber, Postcode: item.Postcode, City: item.City}
		if item.HasPoint() {
			np.X, np.Y = strconv.FormatFloat(item.X, 'f', 2, 64), strconv.FormatFloat(item.Y, 'f', 2, 64)
		}
		f.NewPlace = &np
		f.Provider = quartier.ActorFrom(r.Context()).SoleProvider()
		v.Suggestion, v.Action = item, acceptPath(item.ID)
		v.Title = "Vorschlag #" + strconv.FormatInt(item.ID, 10) + " als Angebot anlegen"
	}
	f.pad()
	v.Form = f
	s.offerPage(w, r, http.StatusOK, v)
}

func acceptPath(id int64) string { return "/atlas/pruefung/" + strconv.FormatInt(id, 10) + "/annehmen" }

// withSuggestion makes an edit form accept the suggestion named by
// ?vorschlag=N: shown above the form, which then posts to its acceptance.
func (s *Server) withSuggestion(r *http.Request, e *entryForm) error {
	v := r.URL.Query().Get("vorschlag")
	if v == "" {
		return nil
	}
	item, err := s.suggestionOf(r, v)
	if err != nil {
		return err
	}
	e.Suggestion, e.Action = item, acceptPath(item.ID)
	return nil
}

// suggestionOf loads the suggestion named in a query or path.
func (s *Server) suggestionOf(r *http.Request, v string) (*atlas.ReviewItem, error) {
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return nil, quartier.Errorf(quartier.ENOTFOUND, "Vorschlag %q wurde nicht gefunden.", v)
	}
	return s.atlas.Suggestion(r.Context(), id)
}

// offerEditForm: GET /atlas/angebote/{key}/bearbeiten (?vorschlag=N to
// accept a correction with the edit).
func (s *Server) offerEditForm(w http.ResponseWriter, r *http.Request) {
	d, err := s.atlas.OfferForEdit(r.Context(), r.PathValue("key"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	f := offerFormOf(&d.Offer, d.PlaceKeys)
	f.pad()
	v := &offerFormView{entryForm: entryForm{page: titled("Angebot bearbeiten: " + d.Offer.Name), Key: d.Offer.Key,
		Action: entityPath(quartier.EntityOffer, d.Offer.Key) + "/bearbeiten", Saved: r.URL.Query().Has("gespeichert")}, Form: f, Draft: d}
	if err := s.withSuggestion(r, &v.entryForm); err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.offerPage(w, r, http.StatusOK, v)
}

// offerSave: POST /atlas/angebote/neu and /atlas/angebote/{key}/bearbeiten.
func (s *Server) offerSave(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("key")
	isNew := key == ""
	f, edit, errs, where, ok := s.readOffer(w, r, isNew, key)
	if !ok {
		return
	}
	v := &offerFormView{entryForm: entryForm{page: titled("Neues Angebot"), New: isNew, Key: key, Action: r.URL.Path, Errors: errs}}
	if !isNew {
		v.Title = "Angebot bearbeiten: " + f.Name
	}
	show := func(status int) {
		f.pad()
		v.Form = f
		s.offerPage(w, r, status, v)
	}
	if status := s.checkOffer(r, &f, edit, nil, errs, &v.entryForm); status != 0 {
		show(status)
		return
	}
	saved, err := s.atlas.SaveOffer(r.Context(), edit)
	if err != nil {
		errs.addErr(err, s.userMessage(r, err), where)
		show(statusOf(err))
		return
	}
	http.Redirect(w, r, entityPath(quartier.EntityOffer, saved.Key)+"/bearbeiten?gespeichert", http.StatusSeeOther)
}

// readOffer parses the posted offer form; it answers itself (and returns
// ok false) for an oversized body or the request for further rows.
func (s *Server) readOffer(w http.ResponseWriter, r *http.Request, isNew bool, key string) (offerForm, atlas.OfferEdit, *formErrors, func(string) string, bool) {
	errs := &formErrors{}
	if err := readForm(w, r, formLimit()); err != nil {
		s.errorPage(w, r, err)
		return offerForm{}, atlas.OfferEdit{}, errs, nil, false
	}
	f := readOfferForm(r)
	if !isNew {
		f.Key = key
	}
	if r.PostFormValue("aktion") == "zeilen" {
		f.pad()
		s.offerPage(w, r, http.StatusOK, &offerFormView{entryForm: entryForm{page: titled("Angebot"), New: isNew, Key: key, Action: r.URL.Path,
			Suggestion: s.optionalSuggestion(r)}, Form: f})
		return f, atlas.OfferEdit{}, errs, nil, false
	}
	edit, where := f.edit(errs)
	edit.New = isNew
	edit.Provider = s.resolveProvider(r, f.Provider, errs)
	edit.PlaceKeys = s.resolvePlaces(r, f.Places, f.AddPlaces, errs)
	return f, edit, errs, where, true
}

// optionalSuggestion is the suggestion a form accepts, nil for a plain edit.
func (s *Server) optionalSuggestion(r *http.Request) *atlas.ReviewItem {
	if r.PathValue("id") == "" {
		return nil
	}
	item, err := s.suggestionOf(r, r.PathValue("id"))
	if err != nil {
		return nil
	}
	return item
}

// checkOffer stops a save with typing errors (400) and, for a new offer
// not yet confirmed, with possible duplicates (409); 0 lets it through.
// A new place (accepting a suggested offer) counts as where it happens.
func (s *Server) checkOffer(r *http.Request, f *offerForm, edit atlas.OfferEdit, at *atlas.PlaceEdit, errs *formErrors, v *entryForm) int {
	if errs.Any() {
		return http.StatusBadRequest
	}
	if !edit.New || f.DuplicateChecked {
		return 0
	}
	q := atlas.SimilarQuery{Kind: quartier.EntityOffer, Name: edit.Name, PlaceKeys: edit.PlaceKeys}
	if at != nil {
		q.X, q.Y, q.Street, q.HouseNumber, q.Postcode = at.X, at.Y, at.Street, at.HouseNumber, at.Postcode
	}
	similar, err := s.atlas.SimilarEntries(r.Context(), q)
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

// placeOfSuggestion turns the optional new-place fieldset of a suggested
// offer into a place, nil when the editor left it empty.
func (s *Server) placeOfSuggestion(r *http.Request, np *newPlaceForm, errs *formErrors) *atlas.PlaceEdit {
	if np == nil || np.Key == "" && np.Name == "" {
		return nil
	}
	pf := placeForm{Key: np.Key, Name: np.Name, Street: np.Street, HouseNumber: np.HouseNumber, Postcode: np.Postcode, City: np.City,
		Locate: "keine", X: np.X, Y: np.Y}
	switch {
	case np.X != "" || np.Y != "":
		pf.Locate = "koordinate"
	case np.Street != "":
		pf.Locate = "adresse"
	}
	sub := &formErrors{}
	p := s.place(r, &pf, sub)
	for _, e := range sub.List {
		errs.Add("np-"+e.Field, e.Message)
	}
	return &atlas.PlaceEdit{Place: p, New: true, Verified: true}
}

// redirectBack returns to a local page named in the form, else to fallback.
func redirectBack(w http.ResponseWriter, r *http.Request, fallback string) {
	next := r.PostFormValue("weiter")
	if next == "" || localPath(next) != next {
		next = fallback
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}
