package http

import (
	"net/http"
	"strconv"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/atlas"
)

// reviewQueue: GET /atlas/pruefung, the suggestions of the actor's spaces
// (?status=accepted|rejected for the decided ones).
func (s *Server) reviewQueue(w http.ResponseWriter, r *http.Request) {
	s.reviewPage(w, r, http.StatusOK, nil)
}

func (s *Server) reviewPage(w http.ResponseWriter, r *http.Request, status int, errs map[int64]string) {
	st := quartier.SuggestionStatus(r.URL.Query().Get("status"))
	if _, ok := quartier.SuggestionStatusLabels[st]; !ok {
		st = quartier.SuggestionOpen
	}
	items, err := s.atlas.Suggestions(r.Context(), quartier.SuggestionFilter{Status: st})
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	done, _ := strconv.ParseInt(r.URL.Query().Get("erledigt"), 10, 64)
	w.WriteHeader(status)
	s.render(w, r, "review", &reviewView{page: titled("Prüfung der Vorschläge"), Items: items, Status: st,
		Statuses: []quartier.SuggestionStatus{quartier.SuggestionOpen, quartier.SuggestionAccepted, quartier.SuggestionRejected},
		Errors:   errs, Done: done})
}

// reviewAccept: POST /atlas/pruefung/{id}/annehmen. With "art" the form
// carries the entry as the editor made it (the offer or place form);
// without, a hint is accepted that needed no change.
func (s *Server) reviewAccept(w http.ResponseWriter, r *http.Request) {
	if err := readForm(w, r, formLimit()); err != nil {
		s.errorPage(w, r, err)
		return
	}
	item, err := s.suggestionOf(r, r.PathValue("id"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	var acc atlas.Accept
	// retry shows the submitted form again with the acceptance's error.
	retry := func(err error) {
		s.reviewPage(w, r, statusOf(err), map[int64]string{item.ID: s.userMessage(r, err)})
	}
	ok := true
	switch r.PostFormValue("art") {
	case "angebot":
		retry, ok = s.acceptOffer(w, r, item, &acc)
	case "ort":
		retry, ok = s.acceptPlace(w, r, item, &acc)
	}
	if !ok {
		return
	}
	acc.Note = r.PostFormValue("notiz")
	if err := s.atlas.AcceptSuggestion(r.Context(), item.ID, acc); err != nil {
		retry(err)
		return
	}
	http.Redirect(w, r, "/atlas/pruefung?erledigt="+strconv.FormatInt(item.ID, 10), http.StatusSeeOther)
}

// acceptOffer reads the offer form of an acceptance (with the optional
// new place of a suggested offer) into acc; ok is false when it has
// answered itself (more rows, typing errors, possible duplicates).
func (s *Server) acceptOffer(w http.ResponseWriter, r *http.Request, item *atlas.ReviewItem, acc *atlas.Accept) (retry func(error), ok bool) {
	isNew := item.Kind == quartier.SuggestNew
	f, edit, errs, where, ok := s.readOffer(w, r, isNew, item.EntityKey)
	if !ok {
		return nil, false
	}
	v := &offerFormView{entryForm: entryForm{page: titled("Vorschlag #" + strconv.FormatInt(item.ID, 10) + " annehmen"), New: isNew, Key: item.EntityKey,
		Action: r.URL.Path, Errors: errs, Suggestion: item}}
	show := func(status int) {
		f.pad()
		v.Form = f
		s.offerPage(w, r, status, v)
	}
	if isNew {
		acc.Place = s.placeOfSuggestion(r, f.NewPlace, errs)
	}
	if status := s.checkOffer(r, &f, edit, acc.Place, errs, &v.entryForm); status != 0 {
		show(status)
		return nil, false
	}
	acc.Offer = &edit
	return func(err error) {
		errs.addErr(err, s.userMessage(r, err), where)
		show(statusOf(err))
	}, true
}

// acceptPlace is acceptOffer for a corrected place.
func (s *Server) acceptPlace(w http.ResponseWriter, r *http.Request, item *atlas.ReviewItem, acc *atlas.Accept) (retry func(error), ok bool) {
	f, edit, errs, ok := s.readPlace(w, r, false, item.EntityKey)
	if !ok {
		return nil, false
	}
	v := &placeFormView{entryForm: entryForm{page: titled("Vorschlag #" + strconv.FormatInt(item.ID, 10) + " annehmen"), Key: item.EntityKey,
		Action: r.URL.Path, Errors: errs, Suggestion: item}, Form: f}
	if errs.Any() {
		s.placePage(w, r, http.StatusBadRequest, v)
		return nil, false
	}
	acc.Place = &edit
	return func(err error) {
		errs.addErr(err, s.userMessage(r, err), placeField)
		s.placePage(w, r, statusOf(err), v)
	}, true
}

// reviewReject: POST /atlas/pruefung/{id}/ablehnen with a reason.
func (s *Server) reviewReject(w http.ResponseWriter, r *http.Request) {
	if err := readForm(w, r, formLimit()); err != nil {
		s.errorPage(w, r, err)
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.errorPage(w, r, quartier.Errorf(quartier.ENOTFOUND, "Vorschlag %q wurde nicht gefunden.", r.PathValue("id")))
		return
	}
	if err := s.atlas.RejectSuggestion(r.Context(), id, r.PostFormValue("grund")); err != nil {
		if quartier.ErrorCode(err) == quartier.ENOTFOUND {
			s.errorPage(w, r, err)
			return
		}
		s.reviewPage(w, r, statusOf(err), map[int64]string{id: s.userMessage(r, err)})
		return
	}
	http.Redirect(w, r, "/atlas/pruefung?erledigt="+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
