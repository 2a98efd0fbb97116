package atlas

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/streetdir"
	"github.com/quartier/quartier/internal/textde"
)

// storedTopics is the taxonomy as stored, the shipped one before any.
func storedTopics(ctx context.Context, tx Tx) (map[string]quartier.Topic, error) {
	ts, err := tx.Topics(ctx)
	if len(ts) == 0 {
		ts = quartier.DefaultTopics()
	}
	return quartier.TopicIndex(ts), err
}

// atlasState is the stored atlas as a use case sees it, read inside its
// transaction so that checks and writes see one state: partial (what the
// use case touches, see need) for edits, review and import, whole for the
// reminder list.
type atlasState struct {
	topics     map[string]quartier.Topic
	providerID map[string]int64
	providers  map[string]string          // name by code
	places     map[string]*quartier.Place // by key
	placeByID  map[int64]*quartier.Place
	offers     map[string]*quartier.Offer // by key
	// partial: only what the edit asked for (need) was read, not the
	// whole atlas: at 100,000 offers reading all took seconds per save.
	partial bool
}

// partialState is an empty partial state: need fills it.
func partialState() *atlasState {
	return &atlasState{providerID: map[string]int64{}, providers: map[string]string{}, places: map[string]*quartier.Place{}, placeByID: map[int64]*quartier.Place{}, offers: map[string]*quartier.Offer{}, partial: true}
}

// editState is the state of an edit of a few entries: the taxonomy
// (small), and then only the entries need reads and the providers named.
func (a *Service) editState(ctx context.Context, tx Tx) (*atlasState, error) {
	st := partialState()
	var err error
	if st.topics, err = a.topics(ctx, tx); err != nil {
		return nil, err
	}
	return st, nil
}

// needChunk bounds the IN lists need reads with: an import names
// thousands of keys, more than a statement takes parameters (SQLite
// 32,766), and shorter lists keep the statements few.
const needChunk = 500

// inChunks calls read with xs in slices of at most needChunk.
func inChunks[T any](xs []T, read func([]T) error) error {
	for len(xs) > 0 {
		k := min(len(xs), needChunk)
		if err := read(xs[:k]); err != nil {
			return err
		}
		xs = xs[k:]
	}
	return nil
}

// need reads into a partial state the offers and places named (by key,
// places also by ID) that it lacks, and the places of those offers; a
// full state has them all already. Unknown keys stay unknown.
func (st *atlasState) need(ctx context.Context, tx Tx, offerKeys, placeKeys []string, placeIDs []int64) error {
	if !st.partial {
		return nil
	}
	ok, pk := missing(offerKeys, st.offers), missing(placeKeys, st.places)
	err := inChunks(ok, func(keys []string) error {
		offers, err := tx.OffersByKey(ctx, keys)
		for i := range offers {
			st.offers[offers[i].Key] = &offers[i]
			placeIDs = append(placeIDs, offers[i].Places...)
		}
		return err
	})
	if err != nil {
		return err
	}
	var ids []int64
	seen := map[int64]bool{}
	for _, id := range placeIDs {
		if _, in := st.placeByID[id]; !in && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	if err := inChunks(pk, func(keys []string) error {
		ps, err := tx.PlacesByKey(ctx, keys)
		for i := range ps {
			st.setPlace(&ps[i])
		}
		return err
	}); err != nil {
		return err
	}
	return inChunks(ids, func(ids []int64) error {
		ps, err := tx.PlacesByID(ctx, ids)
		for i := range ps {
			// Read by key just before: keep that one, edits may follow.
			if _, in := st.placeByID[ps[i].ID]; !in {
				st.setPlace(&ps[i])
			}
		}
		return err
	})
}

// missing lists the keys, each once, that have no entry in have.
func missing[T any](keys []string, have map[string]*T) []string {
	var out []string
	seen := map[string]bool{}
	for _, k := range keys {
		if _, in := have[k]; !in && k != "" && !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

// needEntry is need for one entry of either kind.
func (st *atlasState) needEntry(ctx context.Context, tx Tx, kind quartier.EntityKind, key string) error {
	switch kind {
	case quartier.EntityOffer:
		return st.need(ctx, tx, []string{key}, nil, nil)
	case quartier.EntityPlace:
		return st.need(ctx, tx, nil, []string{key}, nil)
	}
	return nil
}

// freeKeyIn is freeKey for an entry of a partial state: each candidate key
// is looked up in the store.
func (st *atlasState) freeKeyIn(ctx context.Context, tx Tx, name string, offer bool) (string, error) {
	var err error
	key := freeKey(name, func(k string) bool {
		if err != nil {
			return false
		}
		if offer {
			err = st.need(ctx, tx, []string{k}, nil, nil)
			_, in := st.offers[k]
			return in
		}
		err = st.need(ctx, tx, nil, []string{k}, nil)
		_, in := st.places[k]
		return in
	})
	return key, err
}

// loadAtlas reads the whole atlas, for the reminder list, which looks at
// every entry the actor edits; everything else reads what it touches
// (need).
func (a *Service) loadAtlas(ctx context.Context, tx Tx) (*atlasState, error) {
	st := &atlasState{providerID: map[string]int64{}, providers: map[string]string{}, places: map[string]*quartier.Place{}, placeByID: map[int64]*quartier.Place{}, offers: map[string]*quartier.Offer{}}
	var err error
	if st.topics, err = storedTopics(ctx, tx); err != nil {
		return nil, err
	}
	if err := st.readProviders(ctx, tx); err != nil {
		return nil, err
	}
	places, err := tx.Places(ctx)
	if err != nil {
		return nil, err
	}
	for i := range places {
		st.setPlace(&places[i])
	}
	offers, err := tx.Offers(ctx)
	if err != nil {
		return nil, err
	}
	for i := range offers {
		st.offers[offers[i].Key] = &offers[i]
	}
	return st, nil
}

func (st *atlasState) setPlace(p *quartier.Place) { st.places[p.Key], st.placeByID[p.ID] = p, p }

func (st *atlasState) provider(ctx context.Context, tx Tx, code, what string) (int64, error) {
	if code == "" {
		return 0, nil
	}
	id, ok, err := st.providerOf(ctx, tx, code)
	if err == nil && !ok {
		err = quartier.Errorf(quartier.EINVALID, "%s: unbekannter Träger %q.", what, code)
	}
	return id, err
}

// providerOf is the ID of the provider with code, in a partial state read
// on first use: an edit names one or two of thousands of providers (1,800
// in the Berlin demo, 1.6 MB and 10 ms to read per edit). ok is false when
// there is none.
func (st *atlasState) providerOf(ctx context.Context, tx Tx, code string) (id int64, ok bool, err error) {
	if id, ok = st.providerID[code]; ok || !st.partial {
		return id, ok, nil
	}
	p, err := tx.ProviderByCode(ctx, code)
	if quartier.ErrorCode(err) == quartier.ENOTFOUND {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	st.providerID[p.Code], st.providers[p.Code] = p.ID, p.Name
	return p.ID, true, nil
}

// mayEditOffer: see quartier.Actor.EditsOffer.
func (st *atlasState) mayEditOffer(actor *quartier.Actor, o *quartier.Offer) bool {
	return actor.EditsOffer(o.Provider, st.offerPlaces(o))
}

func (st *atlasState) offerPlaces(o *quartier.Offer) []*quartier.Place {
	var out []*quartier.Place
	for _, id := range o.Places {
		if p, ok := st.placeByID[id]; ok {
			out = append(out, p)
		}
	}
	return out
}

func (st *atlasState) placeKeys(o *quartier.Offer) []string {
	var keys []string
	for _, id := range o.Places {
		if p, ok := st.placeByID[id]; ok {
			keys = append(keys, p.Key)
		}
	}
	return keys
}

// Snapshots are the entry states kept in the history: the entry as JSON
// without its bookkeeping time, an offer with its places named by key.
type offerSnapshot struct {
	quartier.Offer
	PlaceKeys []string `json:"place_keys"`
}

func snapshot(v any) (json.RawMessage, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, quartier.WrapError(quartier.EINTERNAL, err, "Der Stand des Eintrags ist nicht darstellbar.")
	}
	return b, nil
}

func placeSnapshot(p quartier.Place) (json.RawMessage, error) {
	p.UpdatedAt = time.Time{}
	return snapshot(p)
}

func (st *atlasState) offerSnapshot(o quartier.Offer) (json.RawMessage, error) {
	o.UpdatedAt = time.Time{}
	return snapshot(offerSnapshot{Offer: o, PlaceKeys: st.placeKeys(&o)})
}

// record appends a history entry unless the entry did not change (a
// repeated import), stamped with the actor and the app's clock.
func (a *Service) record(ctx context.Context, tx Tx, kind quartier.EntityKind, key string, before, after json.RawMessage, why string, suggestion int64) error {
	if before != nil && bytes.Equal(before, after) && suggestion == 0 {
		return nil
	}
	actor := quartier.ActorFrom(ctx)
	c := quartier.Change{Kind: kind, Key: key, Before: before, After: after, Login: actor.Label(), At: a.now().UTC().Truncate(time.Microsecond), Why: why, Suggestion: suggestion}
	if actor != nil {
		c.UserID = actor.UserID
	}
	if err := c.Validate(); err != nil {
		return err
	}
	return tx.AppendChange(ctx, &c)
}

// errOutOfScope is the refusal of an edit outside the editor's spaces or
// provider. Entries are public, so saying "forbidden" leaks nothing.
func errOutOfScope(what, key string) error {
	return audit.Denial(quartier.Errorf(quartier.EFORBIDDEN, "%s %s liegt außerhalb der Sozialräume und Träger, für die Sie den Atlas pflegen dürfen.", what, key))
}

// errPlaceNotFound is the answer for an unknown place, and also for a
// confidential place the actor may neither read nor edit: both must look
// alike, so that the answer says nothing about where a shelter is.
func errPlaceNotFound(key string) error {
	return quartier.Errorf(quartier.ENOTFOUND, "Ort %s wurde nicht gefunden.", key)
}

// keepProtection applies a blind edit of the stored place old to p: the
// editor never saw the address, so it is kept as stored, and whoever may
// not read a confidential place may not change who may read it (the
// provider that runs it, the flag, and the space through the point).
func keepProtection(old, p *quartier.Place) error {
	switch {
	case !p.Confidential:
		return audit.Denial(quartier.Errorf(quartier.EFORBIDDEN, "Vertraulich: den Schutz des Orts %s kann nur aufheben, wer seine Adresse sehen darf.", p.Key))
	case p.Provider != old.Provider:
		return audit.Denial(quartier.Errorf(quartier.EFORBIDDEN, "Vertraulich: den Träger des Orts %s kann nur ändern, wer seine Adresse sehen darf.", p.Key))
	}
	p.Street, p.HouseNumber, p.Postcode, p.City, p.X, p.Y, p.AccessibilityNote = old.Street, old.HouseNumber, old.Postcode, old.City, old.X, old.Y, old.AccessibilityNote
	return nil
}

// putPlace validates, locates, checks the scope of old and new state,
// writes the place and its history entry.
func (a *Service) putPlace(ctx context.Context, tx Tx, st *atlasState, p *quartier.Place, why string, suggestion int64) error {
	actor := quartier.ActorFrom(ctx)
	old, exists := st.places[p.Key]
	blind := exists && !actor.ReadsConfidential(old)
	if blind {
		// Before anything else: the scope of a blind place must not
		// depend on where it is, and its protection stays.
		if !actor.EditsPlace(old) {
			return errOutOfScope("Ort", p.Key)
		}
		if err := keepProtection(old, p); err != nil {
			return err
		}
	}
	if err := p.Validate(); err != nil {
		return err
	}
	var err error
	if p.ProviderID, err = st.provider(ctx, tx, p.Provider, "Ort "+p.Key); err != nil {
		return err
	}
	if err := a.placeAreas(a.locator(), p); err != nil {
		return err
	}
	// Editors work in their spaces and for their provider only, and may
	// not move a place out of them either. A blind place keeps its point,
	// so its space was checked above.
	if !blind && (!actor.CanEditEntry(p.Space, p.Provider) || exists && !actor.CanEditEntry(old.Space, old.Provider)) {
		return errOutOfScope("Ort", p.Key)
	}
	if exists && p.Confidential && (!old.Confidential || old.Street != p.Street || old.Postcode != p.Postcode) {
		if err := a.offersKeepSecret(ctx, tx, old.ID, p); err != nil {
			return err
		}
	}
	var before json.RawMessage
	if exists {
		if before, err = placeSnapshot(*old); err != nil {
			return err
		}
		p.ID = old.ID
		err = tx.UpdatePlace(ctx, p)
	} else {
		err = tx.CreatePlace(ctx, p)
	}
	if err != nil {
		return err
	}
	saved := *p
	st.setPlace(&saved)
	after, err := placeSnapshot(saved)
	if err != nil {
		return err
	}
	return a.record(ctx, tx, quartier.EntityPlace, p.Key, before, after, why, suggestion)
}

// putOffer is putPlace for offers: its places are named by key.
func (a *Service) putOffer(ctx context.Context, tx Tx, st *atlasState, ao OfferEntry, why string, suggestion int64) (*quartier.Offer, error) {
	o := ao.Offer
	if err := o.Validate(st.topics); err != nil {
		return nil, err
	}
	var err error
	if o.ProviderID, err = st.provider(ctx, tx, o.Provider, "Angebot "+o.Key); err != nil {
		return nil, err
	}
	o.Places = nil
	for _, k := range ao.PlaceKeys {
		p, ok := st.places[k]
		if !ok {
			return nil, quartier.Errorf(quartier.EINVALID, "Angebot %s: unbekannter Ort %q.", o.Key, k)
		}
		if err := o.AddressError(p); err != nil {
			return nil, err
		}
		if !containsID(o.Places, p.ID) {
			o.Places = append(o.Places, p.ID)
		}
	}
	actor := quartier.ActorFrom(ctx)
	old, exists := st.offers[o.Key]
	if !st.mayEditOffer(actor, &o) || exists && !st.mayEditOffer(actor, old) {
		return nil, errOutOfScope("Angebot", o.Key)
	}
	var before json.RawMessage
	if exists {
		if before, err = st.offerSnapshot(*old); err != nil {
			return nil, err
		}
		o.ID = old.ID
		err = tx.UpdateOffer(ctx, &o)
	} else {
		err = tx.CreateOffer(ctx, &o)
	}
	if err != nil {
		return nil, err
	}
	st.offers[o.Key] = &o
	after, err := st.offerSnapshot(o)
	if err != nil {
		return nil, err
	}
	return &o, a.record(ctx, tx, quartier.EntityOffer, o.Key, before, after, why, suggestion)
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// OfferEdit is one offer as an editor saves it.
type OfferEdit struct {
	OfferEntry
	// New: create; refused when the key is taken. An empty key is made
	// from the name. Otherwise the offer must exist.
	New bool
	// Verified sets the verified-on date to today; otherwise an edit keeps
	// the old date (a new entry is verified by its editor).
	Verified bool
	Note     string // why, for the history
}

// PlaceEdit is one place as an editor saves it.
type PlaceEdit struct {
	quartier.Place
	New      bool
	Verified bool
	Note     string
}

func editWhy(why, note string) string {
	if note = strings.TrimSpace(note); note != "" {
		return why + ": " + textde.Shorten(note, 200)
	}
	return why
}

// SaveOffer creates or edits one offer, with its history entry, in one
// transaction.
func (a *Service) SaveOffer(ctx context.Context, e OfferEdit) (*quartier.Offer, error) {
	if err := a.audit.Require(ctx, quartier.PermEditAtlas, "offer", e.Key); err != nil {
		return nil, err
	}
	var saved *quartier.Offer
	err := a.atlasEdit(ctx, "offer", e.Key, func(tx Tx, st *atlasState) (audit.Event, error) {
		var err error
		if saved, err = a.saveOffer(ctx, tx, st, e, editWhy(quartier.WhyEdit, e.Note), 0); err != nil {
			return audit.Event{}, err
		}
		return audit.Event{Action: "atlas.offer.save", ObjectType: "offer", ObjectID: saved.Key, Detail: newOrEdit(e.New)}, nil
	})
	return saved, err
}

// SavePlace creates or edits one place, with its history entry.
func (a *Service) SavePlace(ctx context.Context, e PlaceEdit) (*quartier.Place, error) {
	if err := a.audit.Require(ctx, quartier.PermEditAtlas, "place", e.Key); err != nil {
		return nil, err
	}
	var saved *quartier.Place
	err := a.atlasEdit(ctx, "place", e.Key, func(tx Tx, st *atlasState) (audit.Event, error) {
		var err error
		if saved, err = a.savePlace(ctx, tx, st, e, editWhy(quartier.WhyEdit, e.Note), 0); err != nil {
			return audit.Event{}, err
		}
		return audit.Event{Action: "atlas.place.save", ObjectType: "place", ObjectID: saved.Key, Detail: newOrEdit(e.New)}, nil
	})
	return saved, err
}

func newOrEdit(isNew bool) string {
	if isNew {
		return "neu angelegt"
	}
	return "bearbeitet"
}

// atlasEdit runs an edit through updateAtlas on a partial state: fn reads
// what it touches through st.need, not the whole atlas (seconds at 100,000
// offers, in the transaction that holds up every other writer). A refusal
// for scope inside fn is audited after the rollback.
func (a *Service) atlasEdit(ctx context.Context, objectType, objectID string, fn func(tx Tx, st *atlasState) (audit.Event, error)) error {
	return a.updateAtlas(ctx, quartier.PermEditAtlas, objectType, objectID, func(tx Tx) (audit.Event, error) {
		st, err := a.editState(ctx, tx)
		if err != nil {
			return audit.Event{}, err
		}
		return fn(tx, st)
	})
}

// entryStart checks New against the stored entry.
func entryStart[T any](byKey map[string]*T, key, what string, isNew bool) (*T, error) {
	old, exists := byKey[key]
	switch {
	case isNew && exists:
		return nil, quartier.Errorf(quartier.ECONFLICT, "Schlüssel: es gibt schon einen Eintrag (%s) mit dem Schlüssel %s.", what, key)
	case !isNew && !exists:
		return nil, quartier.Errorf(quartier.ENOTFOUND, "%s %s wurde nicht gefunden.", what, key)
	}
	return old, nil
}

// saveOffer makes a key for a new offer that has none (free also in the
// store, not only in the partial state), reads the offer and its places
// and saves it.
func (a *Service) saveOffer(ctx context.Context, tx Tx, st *atlasState, e OfferEdit, why string, suggestion int64) (*quartier.Offer, error) {
	var err error
	if e.New && e.Key == "" {
		if e.Key, err = st.freeKeyIn(ctx, tx, e.Name, true); err != nil {
			return nil, err
		}
	}
	if err := st.need(ctx, tx, []string{e.Key}, e.PlaceKeys, nil); err != nil {
		return nil, err
	}
	old, err := entryStart(st.offers, e.Key, "Angebot", e.New)
	if err != nil {
		return nil, err
	}
	e.VerifiedOn = a.today()
	if old != nil {
		e.Source = old.Source
		if !e.Verified {
			e.VerifiedOn = old.VerifiedOn
		}
	}
	return a.putOffer(ctx, tx, st, e.OfferEntry, why, suggestion)
}

// savePlace is saveOffer for places.
func (a *Service) savePlace(ctx context.Context, tx Tx, st *atlasState, e PlaceEdit, why string, suggestion int64) (*quartier.Place, error) {
	var err error
	if e.New && e.Key == "" {
		if e.Key, err = st.freeKeyIn(ctx, tx, e.Name, false); err != nil {
			return nil, err
		}
	}
	if err := st.need(ctx, tx, nil, []string{e.Key}, nil); err != nil {
		return nil, err
	}
	old, err := entryStart(st.places, e.Key, "Ort", e.New)
	if err != nil {
		return nil, err
	}
	p := e.Place
	p.VerifiedOn = a.today()
	if old != nil {
		p.Source = old.Source
		if !e.Verified {
			p.VerifiedOn = old.VerifiedOn
		}
	}
	if err := a.putPlace(ctx, tx, st, &p, why, suggestion); err != nil {
		return nil, err
	}
	return &p, nil
}

// freeKey makes a key from a name ("Jugendclub „West“" → "jugendclub-west")
// that taken does not report, numbering when needed.
// maxKeyBase bounds the part of a made key taken from the name.
const maxKeyBase = 34

func freeKey(name string, taken func(string) bool) string {
	// Keys are a–z, 0–9 and "-": letters folding to anything else (Arabic,
	// Cyrillic names) are left out rather than guessed at.
	var words []string
	for _, w := range strings.Fields(streetdir.Fold(name)) {
		w = strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, w)
		if w != "" {
			words = append(words, w)
		}
	}
	base := strings.Join(words, "-")
	// Keys are at most 40 bytes (quartier's validCode): room for "-NNNNN".
	if len(base) > maxKeyBase {
		base = strings.TrimRight(base[:maxKeyBase], "-")
	}
	if base == "" {
		base = "eintrag"
	}
	key := base
	for i := 2; taken(key); i++ {
		key = base + "-" + strconv.Itoa(i)
	}
	return key
}

// entryRef is one stored entry, of either kind, for the use cases that
// treat offers and places alike (verify, accept unchanged, history).
type entryRef struct {
	name   string
	snap   func() (json.RawMessage, error)
	verify func(day time.Time)
	write  func(ctx context.Context, tx Tx) error
}

// entry finds an entry the actor may edit: ENOTFOUND for an unknown key,
// EFORBIDDEN outside the actor's scope.
func (st *atlasState) entry(actor *quartier.Actor, kind quartier.EntityKind, key string) (entryRef, error) {
	switch kind {
	case quartier.EntityOffer:
		o, ok := st.offers[key]
		if !ok {
			return entryRef{}, quartier.Errorf(quartier.ENOTFOUND, "Angebot %s wurde nicht gefunden.", key)
		}
		if !st.mayEditOffer(actor, o) {
			return entryRef{}, errOutOfScope("Angebot", key)
		}
		return entryRef{name: o.Name, snap: func() (json.RawMessage, error) { return st.offerSnapshot(*o) },
			verify: func(day time.Time) { o.VerifiedOn = day },
			write:  func(ctx context.Context, tx Tx) error { return tx.UpdateOffer(ctx, o) }}, nil
	case quartier.EntityPlace:
		p, ok := st.places[key]
		if !ok {
			return entryRef{}, errPlaceNotFound(key)
		}
		if !actor.EditsPlace(p) {
			if !actor.ReadsConfidential(p) {
				return entryRef{}, audit.Denial(errPlaceNotFound(key))
			}
			return entryRef{}, errOutOfScope("Ort", key)
		}
		return entryRef{name: p.Name, snap: func() (json.RawMessage, error) { return placeSnapshot(*p) },
			verify: func(day time.Time) { p.VerifiedOn = day },
			write:  func(ctx context.Context, tx Tx) error { return tx.UpdatePlace(ctx, p) }}, nil
	}
	return entryRef{}, quartier.Errorf(quartier.EINVALID, "Unbekannte Art des Eintrags %q.", kind)
}

// Verify records that an editor checked an entry: verified-on today,
// history "geprüft".
func (a *Service) Verify(ctx context.Context, kind quartier.EntityKind, key string) error {
	if err := a.audit.Require(ctx, quartier.PermEditAtlas, string(kind), key); err != nil {
		return err
	}
	return a.atlasEdit(ctx, string(kind), key, func(tx Tx, st *atlasState) (audit.Event, error) {
		if err := st.needEntry(ctx, tx, kind, key); err != nil {
			return audit.Event{}, err
		}
		e, err := st.entry(quartier.ActorFrom(ctx), kind, key)
		if err != nil {
			return audit.Event{}, err
		}
		before, err := e.snap()
		if err != nil {
			return audit.Event{}, err
		}
		e.verify(a.today())
		if err := e.write(ctx, tx); err != nil {
			return audit.Event{}, err
		}
		after, err := e.snap()
		if err != nil {
			return audit.Event{}, err
		}
		// Verified again on the same day: nothing changed, nothing to keep.
		if err := a.record(ctx, tx, kind, key, before, after, quartier.WhyVerified, 0); err != nil {
			return audit.Event{}, err
		}
		return audit.Event{Action: "atlas.verify", ObjectType: string(kind), ObjectID: key}, nil
	})
}

// readProviders fills the state's provider codes, ids and names.
func (st *atlasState) readProviders(ctx context.Context, tx Tx) error {
	provs, err := tx.Providers(ctx)
	if err != nil {
		return err
	}
	for _, p := range provs {
		st.providerID[p.Code] = p.ID
		st.providers[p.Code] = p.Name
	}
	return nil
}

// offersKeepSecret refuses to make p confidential, or to move it as a
// confidential place, while an offer there names its address (see
// quartier.Offer.AddressError; putOffer checks the offers saved later).
// The offers at p (stored as place id) are those of the snapshot, read
// whole in tx.
func (a *Service) offersKeepSecret(ctx context.Context, tx Tx, id int64, p *quartier.Place) error {
	s, err := a.snapshot(ctx)
	if err != nil {
		return err
	}
	var ids []int64
	for _, r := range s.offers {
		if slices.Contains(r.Places, id) {
			ids = append(ids, r.ID)
		}
	}
	for len(ids) > 0 {
		k := min(len(ids), 500)
		os, err := tx.OffersByID(ctx, ids[:k])
		if err != nil {
			return err
		}
		for i := range os {
			if field, part := os[i].AddressIn(p); field != "" {
				return quartier.NewFieldError("confidential", "Der Ort %s kann so nicht vertraulich sein: das Angebot %s nennt seine Adresse („%s“). Bitte zuerst das Angebot ändern.", p.Key, os[i].Key, part)
			}
		}
		ids = ids[k:]
	}
	return nil
}
