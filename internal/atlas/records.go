package atlas

import (
	"cmp"
	"context"
	"maps"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/quartier/quartier"
)

// offerRec is what a snapshot keeps of an offer: what ranking, facets,
// filters, the map, gaps and the duplicate warning need. The text
// (description, costs, contacts, the hours' note, website, source) stays
// in the store: a result page reads its offers whole, by ID, and views
// and exports read them all once per snapshot (records). At 100,000
// offers the whole records were most of the snapshot's heap.
type offerRec struct {
	ID                 int64
	Key, Name          string
	lists              *offerLists
	Places             []int64
	Hours              *quartier.OpeningHours // without the note; shared
	ValidFrom, ValidTo *time.Time
	Status             quartier.OfferStatus
	// noValue: none stated
	minAge, maxAge, capacity int32
	// providerID and updated (UpdatedAt in Unix milliseconds, see stamp)
	// are for the published lists (their organization and modified_after
	// filters), which must not read the offers.
	providerID int64
	updated    int64
}

// noStamp is the stamp of a zero time.
const noStamp = math.MinInt64

// stamp is t in Unix milliseconds, as published documents give it
// (last_modified): comparing stamps compares what they show.
func stamp(t time.Time) int64 {
	if t.IsZero() {
		return noStamp
	}
	return t.UnixMilli()
}

// offerLists are an offer's codes, shared by the offers with the same.
type offerLists struct {
	Topics, TargetGroups, Languages []string
}

const noValue = math.MinInt32

func optInt32(p *int) int32 {
	if p == nil {
		return noValue
	}
	return int32(*p)
}

func (r *offerRec) Topics() []string { return r.lists.Topics }

// Capacity is the stated number of places, ok false without one.
func (r *offerRec) Capacity() (n int, ok bool) { return int(r.capacity), r.capacity != noValue }

// hoursKey names opening hours by the arrays the store shares between
// offers with the same hours, so that the snapshot keeps one copy.
type hoursKey struct {
	weekly *quartier.HoursSlot
	nw     int
	exc    *quartier.HoursException
	ne     int
	closed bool
}

// recorder makes offerRecs, keeping one copy of equal opening hours and
// lists.
type recorder struct {
	hours map[hoursKey]*quartier.OpeningHours
	lists map[[3]string]*offerLists
}

func newRecorder() recorder {
	return recorder{hours: map[hoursKey]*quartier.OpeningHours{}, lists: map[[3]string]*offerLists{}}
}

func (rc recorder) rec(o *quartier.Offer) *offerRec {
	r := new(offerRec)
	rc.fill(r, o)
	return r
}

// fill sets r to what the snapshot keeps of o.
func (rc recorder) fill(r *offerRec, o *quartier.Offer) {
	*r = offerRec{ID: o.ID, Key: o.Key, Name: o.Name, Status: o.Status, ValidFrom: o.ValidFrom, ValidTo: o.ValidTo, Places: o.Places,
		minAge: optInt32(o.MinAge), maxAge: optInt32(o.MaxAge), capacity: optInt32(o.Capacity), providerID: o.ProviderID, updated: stamp(o.UpdatedAt)}
	lk := [3]string{strings.Join(o.Topics, ","), strings.Join(o.TargetGroups, ","), strings.Join(o.Languages, ",")}
	if l, ok := rc.lists[lk]; ok {
		r.lists = l
	} else {
		r.lists = &offerLists{Topics: o.Topics, TargetGroups: o.TargetGroups, Languages: o.Languages}
		rc.lists[lk] = r.lists
	}
	h := o.Hours
	h.Note = ""
	k := hoursKey{nw: len(h.Weekly), ne: len(h.Exceptions), closed: h.ClosedOnHolidays}
	if k.nw > 0 {
		k.weekly = &h.Weekly[0]
	}
	if k.ne > 0 {
		k.exc = &h.Exceptions[0]
	}
	r.Hours = rc.hours[k]
	if r.Hours == nil {
		// A copy only for hours not seen yet: h itself must not escape.
		r.Hours = new(quartier.OpeningHours)
		*r.Hours = h
		rc.hours[k] = r.Hours
	}
}

// pack moves what a full build keeps of the records into a few arrays:
// their texts into one string, the offers' place lists, dates, code
// lists and opening hours and the places' notes into one array each.
// Read from the store, each was an allocation of its own between the
// rows' text that the build drops (descriptions, contacts), and the spans
// they kept partly full were a third of the heap in use at 100,000 offers
// (146 MB in use for 101 MB of objects). A record a patch makes keeps its
// own; the arrays stay until the next full build, as the records do.
func (rc recorder) pack(offers []offerRec, places []placeRec) {
	var texts []*string
	nplaces, ndates := 0, 0
	for i := range offers {
		r := &offers[i]
		texts = append(texts, &r.Key, &r.Name)
		nplaces += len(r.Places)
		if r.ValidFrom != nil {
			ndates++
		}
		if r.ValidTo != nil {
			ndates++
		}
	}
	nnotes := 0
	for i := range places {
		if places[i].notes != nil {
			nnotes++
		}
	}
	notes := make([]placeNotes, 0, nnotes)
	for i := range places {
		r := &places[i]
		texts = append(texts, &r.Key, &r.Name, &r.Provider, &r.Street, &r.HouseNumber, &r.Postcode, &r.City)
		if r.notes != nil {
			notes = append(notes, *r.notes)
			r.notes = &notes[len(notes)-1]
			texts = append(texts, &r.notes.contactPath, &r.notes.accessibilityNote)
		}
	}
	// The codes are few and repeated: one copy each.
	codes := map[string]string{}
	lists := make([]offerLists, 0, len(rc.lists))
	listOf := make(map[*offerLists]*offerLists, len(rc.lists))
	ncodes := 0
	for _, l := range rc.lists {
		for _, ss := range [][]string{l.Topics, l.TargetGroups, l.Languages} {
			ncodes += len(ss)
			for _, c := range ss {
				codes[c] = c
			}
		}
	}
	distinct := slices.Collect(maps.Keys(codes))
	for i := range distinct {
		texts = append(texts, &distinct[i])
	}
	before := slices.Clone(distinct)
	packStrings(texts)
	for i, c := range before {
		codes[c] = distinct[i]
	}
	all := make([]string, 0, ncodes)
	copyCodes := func(ss []string) []string {
		start := len(all)
		for _, c := range ss {
			all = append(all, codes[c])
		}
		return all[start:len(all):len(all)]
	}
	for _, l := range rc.lists {
		lists = append(lists, offerLists{Topics: copyCodes(l.Topics), TargetGroups: copyCodes(l.TargetGroups), Languages: copyCodes(l.Languages)})
		listOf[l] = &lists[len(lists)-1]
	}
	hoursOf := rc.packHours()
	ids := make([]int64, 0, nplaces)
	dates := make([]time.Time, 0, ndates)
	date := func(t *time.Time) *time.Time {
		if t == nil {
			return nil
		}
		dates = append(dates, *t)
		return &dates[len(dates)-1]
	}
	for i := range offers {
		r := &offers[i]
		start := len(ids)
		ids = append(ids, r.Places...)
		// Capped: an append to one offer's list must copy, not write
		// into the next offer's.
		r.Places = ids[start:len(ids):len(ids)]
		r.ValidFrom, r.ValidTo = date(r.ValidFrom), date(r.ValidTo)
		r.lists, r.Hours = listOf[r.lists], hoursOf[r.Hours]
	}
}

// packHours copies the distinct opening hours into one array each of
// hours, slots and exceptions, and says which copy replaces which.
func (rc recorder) packHours() map[*quartier.OpeningHours]*quartier.OpeningHours {
	nslots, nexc := 0, 0
	for _, h := range rc.hours {
		nslots += len(h.Weekly)
		nexc += len(h.Exceptions)
		for _, e := range h.Exceptions {
			nslots += len(e.Slots)
		}
	}
	hours := make([]quartier.OpeningHours, 0, len(rc.hours))
	slots := make([]quartier.HoursSlot, 0, nslots)
	excs := make([]quartier.HoursException, 0, nexc)
	copySlots := func(ss []quartier.HoursSlot) []quartier.HoursSlot {
		if ss == nil {
			return nil
		}
		start := len(slots)
		slots = append(slots, ss...)
		return slots[start:len(slots):len(slots)]
	}
	of := make(map[*quartier.OpeningHours]*quartier.OpeningHours, len(rc.hours))
	for _, h := range rc.hours {
		c := *h
		c.Weekly = copySlots(h.Weekly)
		if h.Exceptions != nil {
			start := len(excs)
			for _, e := range h.Exceptions {
				e.Slots = copySlots(e.Slots)
				excs = append(excs, e)
			}
			c.Exceptions = excs[start:len(excs):len(excs)]
		}
		hours = append(hours, c)
		of[h] = &hours[len(hours)-1]
	}
	return of
}

// packStrings makes each of ps a substring of one string holding them all.
func packStrings(ps []*string) {
	n := 0
	for _, p := range ps {
		n += len(*p)
	}
	var b strings.Builder
	b.Grow(n)
	for _, p := range ps {
		b.WriteString(*p)
	}
	all, off := b.String(), 0
	for _, p := range ps {
		l := len(*p)
		*p = all[off : off+l]
		off += l
	}
}

func (r *offerRec) Current(t time.Time) bool {
	o := quartier.Offer{Status: r.Status, ValidFrom: r.ValidFrom, ValidTo: r.ValidTo}
	return o.Current(t)
}

// ForAge is quartier.Offer.ForAge without an allocation per offer (the
// age filter asks every document).
func (r *offerRec) ForAge(age int) bool {
	return (r.minAge == noValue || age >= int(r.minAge)) && (r.maxAge == noValue || age <= int(r.maxAge))
}

func (r *offerRec) openAt(now time.Time, hol func(time.Time) bool) bool {
	return r.Status == quartier.OfferActive && r.Hours.OpenAt(now, hol)
}

// maxShown bounds the whole offers, and apart from them the whole
// places, a snapshot keeps of the result pages it served: popular searches
// show the same pages again, and reading them from the store costs more
// than the rest of a search. About 1 kB an offer, 0.4 kB a place.
const maxShown = 2000

// wholeAtlas is the whole offers of a snapshot, aligned with its offers,
// and its whole places by ID (see records).
type wholeAtlas struct {
	offers []*quartier.Offer
	places map[int64]*quartier.Place
}

// pageEntries returns the whole offers of s.offers[oi] for each oi and
// their whole places by ID, unredacted: from the records when a view read
// them; else the offers from earlier pages or the store, in one
// transaction, kept for later pages if keep is set, and the places from
// the snapshot's records. An offer the store has ahead of the snapshot
// shows as written, with the places of its list the snapshot knows.
func (a *Service) pageEntries(ctx context.Context, s *atlasSnapshot, ois []int, keep bool) ([]*quartier.Offer, map[int64]*quartier.Place, error) {
	out := make([]*quartier.Offer, len(ois))
	if w := s.full.Load(); w != nil {
		places := map[int64]*quartier.Place{}
		for i, oi := range ois {
			out[i] = w.offers[oi]
			for _, id := range out[i].Places {
				if p, ok := w.places[id]; ok {
					places[id] = p
				}
			}
		}
		return out, places, nil
	}
	var ids []int64
	for i, oi := range ois {
		if o, ok := s.shown.Load(oi); ok {
			out[i] = o.(*quartier.Offer)
		} else {
			ids = append(ids, s.offers[oi].ID)
		}
	}
	if len(ids) > 0 {
		byID := make(map[int64]*quartier.Offer, len(ids))
		err := a.store.View(ctx, func(tx Tx) error {
			os, err := tx.OffersByID(ctx, ids)
			for i := range os {
				byID[os[i].ID] = &os[i]
			}
			return err
		})
		if err != nil {
			return nil, nil, err
		}
		for i, oi := range ois {
			if out[i] != nil {
				continue
			}
			out[i] = byID[s.offers[oi].ID]
			if out[i] != nil && keep && s.nShown.Add(1) <= maxShown {
				s.shown.Store(oi, out[i])
			}
		}
	}
	var pids []int64
	for _, o := range out {
		if o != nil {
			pids = append(pids, o.Places...)
		}
	}
	return out, s.placesByID(pids), nil
}

// both runs f and g, g on a goroutine of its own, and returns the first
// error. A panic in g becomes its error: on its own goroutine it would end
// the process, not only the request (the server recovers handlers'
// goroutines, not this one).
func both(f, g func() error) error {
	done := make(chan error, 1)
	go func() {
		var err error
		defer func() {
			if v := recover(); v != nil {
				err = quartier.Errorf(quartier.EINTERNAL, "Die Trefferseite ließ sich nicht lesen: %v", v)
			}
			done <- err
		}()
		err = g()
	}()
	err := f()
	if gerr := <-done; err == nil {
		err = gerr
	}
	return err
}

// kept reports whether pageEntries finds the offers ois without the
// store.
func (s *atlasSnapshot) kept(ois []int) bool {
	if s.full.Load() != nil {
		return true
	}
	for _, oi := range ois {
		if _, ok := s.shown.Load(oi); !ok {
			return false
		}
	}
	return true
}

// offersByID reads whole offers (an offer's page, a place's page) and
// their whole places from the store, in one transaction.
func (a *Service) offersByID(ctx context.Context, ids []int64) (map[int64]*quartier.Offer, map[int64]*quartier.Place, error) {
	out, places := make(map[int64]*quartier.Offer, len(ids)), map[int64]*quartier.Place{}
	if len(ids) == 0 {
		return out, places, nil
	}
	err := a.store.View(ctx, func(tx Tx) error {
		os, err := tx.OffersByID(ctx, ids)
		if err != nil {
			return err
		}
		var pids []int64
		for i := range os {
			out[os[i].ID] = &os[i]
			for _, id := range os[i].Places {
				if !slices.Contains(pids, id) {
					pids = append(pids, id)
				}
			}
		}
		ps, err := tx.PlacesByID(ctx, pids)
		for i := range ps {
			places[ps[i].ID] = &ps[i]
		}
		return err
	})
	return out, places, err
}

// placesByID returns whole places of s by ID, from its records; a place
// s does not know is left out.
func (s *atlasSnapshot) placesByID(ids []int64) map[int64]*quartier.Place {
	out := make(map[int64]*quartier.Place, len(ids))
	for _, id := range ids {
		if _, ok := out[id]; ok {
			continue
		}
		if r := s.places.get(id); r != nil {
			p := r.whole(s.ptexts)
			out[id] = &p
		}
	}
	return out
}

// records returns the whole offers of s, aligned with s.offers, and its
// whole places, read from the store on first use (views, exports, the
// HSDS documents); a patch carries them forward. A server that only
// searches never reads them. The store may be a little ahead of s: an
// offer then shows as written, which a search finds after the next check
// anyway.
func (a *Service) records(ctx context.Context, s *atlasSnapshot) (*wholeAtlas, error) {
	if w := s.full.Load(); w != nil {
		return w, nil
	}
	s.fullMu.Lock()
	defer s.fullMu.Unlock()
	if w := s.full.Load(); w != nil {
		return w, nil
	}
	w, err := a.readRecords(ctx, s)
	if err != nil {
		return nil, err
	}
	s.full.Store(w)
	return w, nil
}

// readRecords reads the whole offers of s, aligned with s.offers, and the
// whole places of s.
func (a *Service) readRecords(ctx context.Context, s *atlasSnapshot) (*wholeAtlas, error) {
	var all []quartier.Offer
	var places []quartier.Place
	if err := a.store.View(ctx, func(tx Tx) error {
		var err error
		if all, err = tx.Offers(ctx); err != nil {
			return err
		}
		places, err = tx.Places(ctx)
		return err
	}); err != nil {
		return nil, err
	}
	w := &wholeAtlas{offers: make([]*quartier.Offer, len(s.offers)), places: make(map[int64]*quartier.Place, len(s.places))}
	for i, r := range s.offers {
		if j, ok := slices.BinarySearchFunc(all, r.ID, func(o quartier.Offer, id int64) int { return cmp.Compare(o.ID, id) }); ok {
			w.offers[i] = &all[j]
		} else {
			// Offers are never deleted; should one be, it ends here.
			w.offers[i] = &quartier.Offer{ID: r.ID, Key: r.Key, Name: r.Name, Status: quartier.OfferEnded}
		}
	}
	// The places s knows: one the store has beyond them shows from the
	// next snapshot on, like an offer.
	for i := range places {
		if s.places.get(places[i].ID) != nil {
			w.places[places[i].ID] = &places[i]
		}
	}
	return w, nil
}

// placeRec is a place as a snapshot keeps it: whole, so that a result
// page reads no places from the store (their read beside the offers' was
// a sixth of a first search's CPU at 100,000 offers). What places share
// (block, source, accessibility list and date of verification together;
// the provider) is a number in the snapshot's placeTexts, and the two
// free texts most places leave empty hang off a pointer: 16 bytes a
// place more than the fields the search needs, 0.9 MB at 100,000 offers
// (the whole places were a quarter of the snapshot's heap).
type placeRec struct {
	ID                                  int64
	Key, Name, Provider                 string
	Street, HouseNumber, Postcode, City string
	X, Y                                float64
	Space                               quartier.SpaceCode
	updated                             int64       // see stamp
	notes                               *placeNotes // nil: neither
	shared, provider                    uint32      // numbers in placeTexts
	nanos                               uint32      // UpdatedAt beyond updated's milliseconds
	Confidential                        bool
}

// placeNotes are a place's free texts beside its name and address.
type placeNotes struct{ contactPath, accessibilityNote string }

// placeShared is what many places have alike: 8,710 kinds among the
// 58,015 places of 100,000 generated offers.
type placeShared struct {
	block, source, access uint32 // numbers in placeTexts
	verified              int32  // VerifiedOn, days since 1970
}

const secondsPerDay = 24 * 60 * 60

func newPlaceRec(p *quartier.Place, t *placeTexts) placeRec {
	r := placeRec{ID: p.ID, Key: p.Key, Name: p.Name, Provider: p.Provider, Street: p.Street, HouseNumber: p.HouseNumber,
		Postcode: p.Postcode, City: p.City, X: p.X, Y: p.Y, Space: p.Space, Confidential: p.Confidential, updated: stamp(p.UpdatedAt)}
	if !p.UpdatedAt.IsZero() {
		r.nanos = uint32(p.UpdatedAt.Sub(time.UnixMilli(r.updated)))
	}
	if p.ContactPath != "" || p.AccessibilityNote != "" {
		r.notes = &placeNotes{p.ContactPath, p.AccessibilityNote}
	}
	t.number(p, &r)
	return r
}

// place is r as a quartier.Place with the fields the access checks
// (quartier.Actor.ReadsConfidential), Redacted and Address need; whole
// gives all.
func (r *placeRec) place() quartier.Place {
	return quartier.Place{ID: r.ID, Key: r.Key, Name: r.Name, Provider: r.Provider, Street: r.Street, HouseNumber: r.HouseNumber,
		Postcode: r.Postcode, City: r.City, X: r.X, Y: r.Y, Space: r.Space, Confidential: r.Confidential}
}

// whole is r as the store reads the place.
func (r *placeRec) whole(t *placeTexts) quartier.Place {
	p := r.place()
	if r.updated != noStamp {
		p.UpdatedAt = time.UnixMilli(r.updated).Add(time.Duration(r.nanos)).UTC()
	}
	if r.notes != nil {
		p.ContactPath, p.AccessibilityNote = r.notes.contactPath, r.notes.accessibilityNote
	}
	t.mu.RLock()
	defer t.mu.RUnlock()
	sh := t.shared[r.shared]
	p.ProviderID, p.Block, p.Source, p.Accessibility = t.providers[r.provider], t.texts[sh.block], t.texts[sh.source], t.lists[sh.access]
	p.VerifiedOn = time.Unix(int64(sh.verified)*secondsPerDay, 0).UTC()
	return p
}

// placeTexts numbers what places share, one copy each. A full build makes
// one; the patches made from its snapshot add what edits bring (bounded
// by the blocks, codes and providers there are).
type placeTexts struct {
	mu        sync.RWMutex
	texts     []string
	lists     [][]string
	shared    []placeShared
	providers []int64
	textNo    map[string]uint32
	listNo    map[string]uint32
	sharedNo  map[placeShared]uint32
	provNo    map[int64]uint32
}

func newPlaceTexts() *placeTexts {
	return &placeTexts{textNo: map[string]uint32{}, listNo: map[string]uint32{}, sharedNo: map[placeShared]uint32{}, provNo: map[int64]uint32{}}
}

// numbered is v's number in list, appended when new.
func numbered[K comparable, V any](list *[]V, no map[K]uint32, k K, v V) uint32 {
	n, ok := no[k]
	if !ok {
		n = uint32(len(*list))
		*list = append(*list, v)
		no[k] = n
	}
	return n
}

// number sets r's numbers for what p shares with other places.
func (t *placeTexts) number(p *quartier.Place, r *placeRec) {
	// Lists by their codes, nil and empty apart, as the store tells them
	// apart.
	lk := strings.Join(p.Accessibility, "\x00")
	if p.Accessibility != nil {
		lk = "+" + lk
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	sh := placeShared{block: numbered(&t.texts, t.textNo, p.Block, p.Block), source: numbered(&t.texts, t.textNo, p.Source, p.Source),
		access: numbered(&t.lists, t.listNo, lk, p.Accessibility), verified: int32(p.VerifiedOn.Unix() / secondsPerDay)}
	r.shared = numbered(&t.shared, t.sharedNo, sh, sh)
	r.provider = numbered(&t.providers, t.provNo, p.ProviderID, p.ProviderID)
}

func (r *placeRec) hasPoint() bool { return r.X != 0 || r.Y != 0 }

// placeRecs are a snapshot's places in ID order. Pointers, so that a
// patch copies 8 bytes a place, not the records (a full build allocates
// them in one array).
type placeRecs []*placeRec

// index is the position of place id, ok false when unknown.
func (ps placeRecs) index(id int64) (int, bool) {
	return slices.BinarySearchFunc(ps, id, func(p *placeRec, id int64) int { return cmp.Compare(p.ID, id) })
}

// get is place id's record, nil when unknown.
func (ps placeRecs) get(id int64) *placeRec {
	if i, ok := ps.index(id); ok {
		return ps[i]
	}
	return nil
}
