package atlas

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/paulmach/orb"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/spatial"
	"github.com/quartier/quartier/internal/textde"
)

// Suggestions from visitors: anyone may submit, the editors of the space
// review. A suggestion never changes the atlas by itself; only an editor's
// acceptance does, through the same checks as an edit.

// Per client (audit.ClientKey: an IPv6 /64 is one), at most suggestLimit
// suggestions per suggestWindow: enough for a neighbour with several
// corrections, too few for a flood.
const (
	suggestLimit  = 10
	suggestWindow = time.Hour
)

// rateLimit counts events per key in a sliding window, in memory like the
// sign-in throttle: a restart forgives.
type rateLimit struct {
	mu   sync.Mutex
	hits map[string][]time.Time
}

// allow records an event for key unless n happened within the window.
func (r *rateLimit) allow(now time.Time, key string, n int, window time.Duration) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.hits == nil {
		r.hits = map[string][]time.Time{}
	}
	if len(r.hits) > 10000 { // forget quiet addresses before the map grows
		for k, ts := range r.hits {
			if len(ts) == 0 || now.Sub(ts[len(ts)-1]) > window {
				delete(r.hits, k)
			}
		}
	}
	kept := r.hits[key][:0]
	for _, t := range r.hits[key] {
		if now.Sub(t) < window {
			kept = append(kept, t)
		}
	}
	if len(kept) >= n {
		r.hits[key] = kept
		return false
	}
	r.hits[key] = append(kept, now)
	return true
}

// SubmitSuggestion stores a visitor's suggestion (anyone, also anonymous)
// in the queue of the space it belongs to: the space of the entry it
// concerns, or for a new offer the space of its point or address. X and Y
// are in the installation's CRS.
func (a *Service) SubmitSuggestion(ctx context.Context, s quartier.Suggestion) (*quartier.Suggestion, error) {
	if err := quartier.Require(ctx, quartier.PermReadPublic); err != nil {
		return nil, err
	}
	trimSuggestion(&s)
	s.Status, s.Space, s.DecidedBy, s.Reason = quartier.SuggestionOpen, "", "", ""
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if !a.suggestLimit.allow(a.now(), audit.ClientKey(audit.RemoteFrom(ctx)), suggestLimit, suggestWindow) {
		return nil, quartier.Errorf(quartier.ETOOMANY, "Von Ihrer Adresse kamen gerade sehr viele Vorschläge. Bitte versuchen Sie es später noch einmal.")
	}
	if s.Kind == quartier.SuggestNew {
		s.Space = a.suggestedSpace(ctx, &s)
	}
	err := audit.Change(ctx, a.audit, a.store, quartier.PermReadPublic, "suggestion", "", func(tx Tx) (audit.Event, error) {
		if s.Kind != quartier.SuggestNew {
			st := partialState()
			if err := st.needEntry(ctx, tx, s.EntityKind, s.EntityKey); err != nil {
				return audit.Event{}, err
			}
			var err error
			if s.Space, err = st.entrySpace(s.EntityKind, s.EntityKey); err != nil {
				return audit.Event{}, err
			}
		}
		// No atlasChanged: suggestions are not in the snapshot, and a
		// visitor's note must not make every server rebuild it.
		if err := tx.CreateSuggestion(ctx, &s); err != nil {
			return audit.Event{}, err
		}
		// The submitter's name and address stay out of the audit log.
		return audit.Event{Action: "atlas.suggest", ObjectType: "suggestion", ObjectID: strconv.FormatInt(s.ID, 10),
			Detail: string(s.Kind) + " " + string(s.EntityKind) + " " + s.EntityKey}, nil
	})
	if err != nil {
		return nil, err
	}
	return &s, nil
}

func trimSuggestion(s *quartier.Suggestion) {
	for _, f := range []*string{&s.EntityKey, &s.Proposed.Name, &s.Proposed.Description, &s.Proposed.Organisation, &s.Proposed.Website,
		&s.Proposed.Hours, &s.Street, &s.HouseNumber, &s.Postcode, &s.City, &s.Message, &s.SubmitterName, &s.SubmitterEmail} {
		*f = strings.TrimSpace(*f)
	}
}

// suggestedSpace looks the new offer's point up, or else its address in
// the street directory; "" when neither lies in a space (the suggestion
// then goes to the editors of all spaces).
func (a *Service) suggestedSpace(ctx context.Context, s *quartier.Suggestion) quartier.SpaceCode {
	loc := a.locator()
	var res spatial.LookupResult
	switch {
	case s.HasPoint():
		res = loc.Locate(orb.Point{s.X, s.Y})
	case s.Street != "":
		var err error
		if res, err = a.spatial.LocateAddress(ctx, spatial.FormAddress(s.Street, s.HouseNumber, s.Postcode, s.City)); err != nil {
			return ""
		}
	}
	if h, ok := res.HitFor(loc.SpaceLayer()); ok {
		return quartier.SpaceCode(h.Code)
	}
	return ""
}

// entrySpace is the space of an entry: a place's own, an offer's first
// place's with a space.
func (st *atlasState) entrySpace(kind quartier.EntityKind, key string) (quartier.SpaceCode, error) {
	switch kind {
	case quartier.EntityPlace:
		if p, ok := st.places[key]; ok {
			return p.Space, nil
		}
	case quartier.EntityOffer:
		if o, ok := st.offers[key]; ok {
			for _, p := range st.offerPlaces(o) {
				if p.Space != "" {
					return p.Space, nil
				}
			}
			return "", nil
		}
	}
	return "", quartier.Errorf(quartier.ENOTFOUND, "Der Eintrag %s wurde im Atlas nicht gefunden.", key)
}

// mayReview reports whether the actor reviews s: whoever may edit the entry
// it concerns; for a new offer the editors of its space (providers too,
// who may take it on as their own).
func (st *atlasState) mayReview(actor *quartier.Actor, s *quartier.Suggestion) bool {
	if s.Kind == quartier.SuggestNew {
		return actor.EditsIn(s.Space)
	}
	_, err := st.entry(actor, s.EntityKind, s.EntityKey)
	return err == nil
}

// ReviewItem is a suggestion as its reviewers see it.
type ReviewItem struct {
	quartier.Suggestion
	EntityName string // name of the entry a correction concerns
	SpaceName  string // name of Space, for people who do not know the codes
	// SpaceHidden: the entry lies at a confidential place the reviewer may
	// not read, so its space (Space is cleared) would say where it is.
	SpaceHidden bool
}

func (st *atlasState) reviewItem(actor *quartier.Actor, s quartier.Suggestion) ReviewItem {
	it := ReviewItem{Suggestion: s, EntityName: st.entryName(s.EntityKind, s.EntityKey)}
	var at []*quartier.Place
	switch s.EntityKind {
	case quartier.EntityPlace:
		if p, ok := st.places[s.EntityKey]; ok {
			at = append(at, p)
		}
	case quartier.EntityOffer:
		if o, ok := st.offers[s.EntityKey]; ok {
			at = st.offerPlaces(o)
		}
	}
	for _, p := range at {
		if !actor.ReadsConfidential(p) {
			it.Space, it.SpaceHidden = "", true
		}
	}
	return it
}

// Suggestions is the review queue: the suggestions the actor may review,
// with the submitter's data (the reading is audited).
func (a *Service) Suggestions(ctx context.Context, f quartier.SuggestionFilter) ([]ReviewItem, error) {
	if err := a.audit.Require(ctx, quartier.PermEditAtlas, "suggestion", ""); err != nil {
		return nil, err
	}
	actor := quartier.ActorFrom(ctx)
	var out []ReviewItem
	err := a.store.View(ctx, func(tx Tx) error {
		all, err := tx.Suggestions(ctx, f)
		if err != nil {
			return err
		}
		st := partialState()
		if err := st.needConcerned(ctx, tx, all...); err != nil {
			return err
		}
		out = nil
		for _, s := range all {
			if st.mayReview(actor, &s) {
				out = append(out, st.reviewItem(actor, s))
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := a.audit.Read(ctx, audit.Event{Action: "atlas.suggestions", ObjectType: "suggestion", Detail: strconv.Itoa(len(out)) + " Vorschläge, Status " + string(f.Status)}); err != nil {
		return nil, err
	}
	a.nameSpaces(ctx, out)
	return out, nil
}

// Suggestion returns one suggestion the actor may review; any other is
// "not found", so the queue of another space stays invisible.
func (a *Service) Suggestion(ctx context.Context, id int64) (*ReviewItem, error) {
	if err := a.audit.Require(ctx, quartier.PermEditAtlas, "suggestion", strconv.FormatInt(id, 10)); err != nil {
		return nil, err
	}
	var item *ReviewItem
	err := a.store.View(ctx, func(tx Tx) error {
		st := partialState()
		s, err := st.reviewable(ctx, tx, quartier.ActorFrom(ctx), id)
		if err != nil {
			return err
		}
		it := st.reviewItem(quartier.ActorFrom(ctx), *s)
		item = &it
		return nil
	})
	if quartier.ErrorCode(err) == quartier.ENOTFOUND {
		a.audit.Denied(ctx, quartier.PermEditAtlas, "suggestion", strconv.FormatInt(id, 10))
	}
	if err != nil {
		return nil, err
	}
	if err := a.audit.Read(ctx, audit.Event{Action: "atlas.suggestion", ObjectType: "suggestion", ObjectID: strconv.FormatInt(id, 10)}); err != nil {
		return nil, err
	}
	named := []ReviewItem{*item}
	a.nameSpaces(ctx, named)
	return &named[0], nil
}

func (st *atlasState) entryName(kind quartier.EntityKind, key string) string {
	switch kind {
	case quartier.EntityOffer:
		if o, ok := st.offers[key]; ok {
			return o.Name
		}
	case quartier.EntityPlace:
		if p, ok := st.places[key]; ok {
			return p.Name
		}
	}
	return ""
}

// reviewable loads suggestion id, and the entry it concerns into st, if
// the actor may review it.
func (st *atlasState) reviewable(ctx context.Context, tx Tx, actor *quartier.Actor, id int64) (*quartier.Suggestion, error) {
	s, err := tx.Suggestion(ctx, id)
	if err != nil {
		return s, err
	}
	if err := st.needConcerned(ctx, tx, *s); err != nil {
		return s, err
	}
	if !st.mayReview(actor, s) {
		err = quartier.Errorf(quartier.ENOTFOUND, "Vorschlag #%d wurde nicht gefunden.", id)
	}
	return s, err
}

// needConcerned reads the entries the suggestions concern (with the
// places of offers): what mayReview and reviewItem look at.
func (st *atlasState) needConcerned(ctx context.Context, tx Tx, ss ...quartier.Suggestion) error {
	var offers, places []string
	for _, s := range ss {
		switch s.EntityKind {
		case quartier.EntityOffer:
			offers = append(offers, s.EntityKey)
		case quartier.EntityPlace:
			places = append(places, s.EntityKey)
		}
	}
	return st.need(ctx, tx, offers, places, nil)
}

// Accept is what an editor makes of a suggestion: the entry as it should
// be (the proposal, edited), or nothing for a hint that needs no change.
type Accept struct {
	Offer *OfferEdit // new offer, or the corrected offer
	Place *PlaceEdit // the corrected place, or a new place for a new offer
	Note  string     // to the decision
}

// AcceptSuggestion applies the editor's version of a suggestion, writes its
// history entry ("Vorschlag #N angenommen") and closes the suggestion, all
// in one transaction and through the checks of an edit.
func (a *Service) AcceptSuggestion(ctx context.Context, id int64, acc Accept) error {
	if err := a.audit.Require(ctx, quartier.PermEditAtlas, "suggestion", strconv.FormatInt(id, 10)); err != nil {
		return err
	}
	actor := quartier.ActorFrom(ctx)
	why := quartier.WhySuggestion(id)
	return a.reviewWrite(ctx, id, func(tx Tx, st *atlasState, s *quartier.Suggestion) (audit.Event, error) {
		switch s.Kind {
		case quartier.SuggestNew:
			if acc.Offer == nil {
				return audit.Event{}, quartier.Errorf(quartier.EINVALID, "Für ein neues Angebot bitte die Angaben des Angebots ausfüllen.")
			}
			// Taken on by a provider, the offer and its new place are
			// the provider's: it may create nothing else, and the visitor
			// named an organisation, not a provider of this atlas.
			if acc.Offer.Provider == "" {
				acc.Offer.Provider = actor.SoleProvider()
			}
			if acc.Place != nil {
				acc.Place.New = true
				if acc.Place.Provider == "" {
					acc.Place.Provider = acc.Offer.Provider
				}
				p, err := a.savePlace(ctx, tx, st, *acc.Place, why, id)
				if err != nil {
					return audit.Event{}, err
				}
				acc.Offer.PlaceKeys = append(acc.Offer.PlaceKeys, p.Key)
			}
			acc.Offer.New = true
			if _, err := a.saveOffer(ctx, tx, st, *acc.Offer, why, id); err != nil {
				return audit.Event{}, err
			}
		default:
			changed, err := a.applyCorrection(ctx, tx, st, s, acc, why)
			if err != nil {
				return audit.Event{}, err
			}
			if !changed {
				// A hint that needed no change is still part of the entry's story.
				e, err := st.entry(actor, s.EntityKind, s.EntityKey)
				if err != nil {
					return audit.Event{}, err
				}
				now, err := e.snap()
				if err != nil {
					return audit.Event{}, err
				}
				if err := a.record(ctx, tx, s.EntityKind, s.EntityKey, now, now, why+" (ohne Änderung)", id); err != nil {
					return audit.Event{}, err
				}
			}
		}
		if err := tx.DecideSuggestion(ctx, id, quartier.SuggestionAccepted, actor.Label(), a.now().UTC().Truncate(time.Microsecond), textde.Shorten(strings.TrimSpace(acc.Note), 1000)); err != nil {
			return audit.Event{}, err
		}
		return audit.Event{Action: "atlas.suggestion.accept", ObjectType: "suggestion", ObjectID: strconv.FormatInt(id, 10)}, nil
	})
}

// applyCorrection saves the corrected entry a correction or problem report
// concerns; it reports whether one was given.
func (a *Service) applyCorrection(ctx context.Context, tx Tx, st *atlasState, s *quartier.Suggestion, acc Accept, why string) (bool, error) {
	wrong := func(key string) error {
		return quartier.Errorf(quartier.EINVALID, "Vorschlag #%d betrifft %s %s, nicht %s.", s.ID, quartier.EntityLabels[s.EntityKind], s.EntityKey, key)
	}
	switch {
	case s.EntityKind == quartier.EntityOffer && acc.Offer != nil:
		if acc.Offer.Key != s.EntityKey || acc.Offer.New {
			return false, wrong(acc.Offer.Key)
		}
		_, err := a.saveOffer(ctx, tx, st, *acc.Offer, why, s.ID)
		return true, err
	case s.EntityKind == quartier.EntityPlace && acc.Place != nil:
		if acc.Place.Key != s.EntityKey || acc.Place.New {
			return false, wrong(acc.Place.Key)
		}
		_, err := a.savePlace(ctx, tx, st, *acc.Place, why, s.ID)
		return true, err
	case acc.Offer != nil || acc.Place != nil:
		return false, quartier.Errorf(quartier.EINVALID, "Vorschlag #%d betrifft %s %s.", s.ID, quartier.EntityLabels[s.EntityKind], s.EntityKey)
	}
	return false, nil
}

// RejectSuggestion closes a suggestion with the editor's reason.
func (a *Service) RejectSuggestion(ctx context.Context, id int64, reason string) error {
	if err := a.audit.Require(ctx, quartier.PermEditAtlas, "suggestion", strconv.FormatInt(id, 10)); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return quartier.Errorf(quartier.EINVALID, "Begründung: bitte angeben, warum der Vorschlag abgelehnt wird.")
	}
	return a.reviewWrite(ctx, id, func(tx Tx, st *atlasState, s *quartier.Suggestion) (audit.Event, error) {
		if err := tx.DecideSuggestion(ctx, id, quartier.SuggestionRejected, quartier.ActorFrom(ctx).Label(), a.now().UTC().Truncate(time.Microsecond), textde.Shorten(reason, 1000)); err != nil {
			return audit.Event{}, err
		}
		return audit.Event{Action: "atlas.suggestion.reject", ObjectType: "suggestion", ObjectID: strconv.FormatInt(id, 10)}, nil
	})
}

// reviewWrite runs fn on an open suggestion the actor may review, in one
// atlas transaction; another space's suggestion is "not found".
func (a *Service) reviewWrite(ctx context.Context, id int64, fn func(tx Tx, st *atlasState, s *quartier.Suggestion) (audit.Event, error)) error {
	var hidden bool
	err := a.atlasEdit(ctx, "suggestion", strconv.FormatInt(id, 10), func(tx Tx, st *atlasState) (audit.Event, error) {
		s, err := st.reviewable(ctx, tx, quartier.ActorFrom(ctx), id)
		if err != nil {
			hidden = quartier.ErrorCode(err) == quartier.ENOTFOUND
			return audit.Event{}, err
		}
		if s.Status != quartier.SuggestionOpen {
			return audit.Event{}, quartier.Errorf(quartier.ECONFLICT, "Vorschlag #%d ist schon %s.", id, quartier.SuggestionStatusLabels[s.Status])
		}
		return fn(tx, st, s)
	})
	if hidden {
		a.audit.Denied(ctx, quartier.PermEditAtlas, "suggestion", strconv.FormatInt(id, 10))
	}
	return err
}

// SubmitterRetention is how long a decided suggestion keeps who sent it
// by default: long enough to ask back about the decision, short enough
// that a visitor's name and e-mail do not stay for ever (data
// minimisation, Art. 5 (1) c, e GDPR).
const SubmitterRetention = 30 * 24 * time.Hour

// EraseSubmitters blanks the name and e-mail of every suggestion decided
// more than keep ago; the message stays, it is about the atlas. Run by the
// installation (serve does it at start and every hour); one audit entry
// names how many it erased, none when there was nothing to erase.
func (a *Service) EraseSubmitters(ctx context.Context, keep time.Duration) (int64, error) {
	if keep <= 0 {
		return 0, quartier.Errorf(quartier.EINVALID, "Die Aufbewahrungsfrist der Absenderangaben muss positiv sein.")
	}
	if err := a.audit.Require(ctx, quartier.PermConfigureAtlas, "suggestion", ""); err != nil {
		return 0, err
	}
	before := a.now().UTC().Add(-keep).Truncate(time.Microsecond)
	var n int64
	err := audit.Change(ctx, a.audit, a.store, quartier.PermConfigureAtlas, "suggestion", "", func(tx Tx) (audit.Event, error) {
		var err error
		if n, err = tx.EraseSubmitters(ctx, before); err != nil {
			return audit.Event{}, err
		}
		if n == 0 {
			return audit.Event{}, errNothingToErase
		}
		return audit.Event{Action: "atlas.suggestion.erase", ObjectType: "suggestion",
			Detail: fmt.Sprintf("Absenderangaben von %d Vorschlägen gelöscht (entschieden vor %s)", n, before.Format(quartier.GermanDateLayout))}, nil
	})
	if errors.Is(err, errNothingToErase) {
		return 0, nil
	}
	return n, err
}

// errNothingToErase rolls back a run that changed nothing, so that the
// hourly job leaves no audit entry of its own.
var errNothingToErase = errors.New("nothing to erase")

// nameSpaces fills the space names from the atlas snapshot (names are
// public); without one the code alone is shown.
func (a *Service) nameSpaces(ctx context.Context, items []ReviewItem) {
	s, err := a.snapshot(ctx)
	if err != nil {
		return
	}
	for i := range items {
		items[i].SpaceName = s.spaceNames[string(items[i].Space)]
	}
}
