package atlas

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strings"
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
	r := &offerRec{ID: o.ID, Key: o.Key, Name: o.Name, Status: o.Status, ValidFrom: o.ValidFrom, ValidTo: o.ValidTo, Places: o.Places,
		minAge: optInt32(o.MinAge), maxAge: optInt32(o.MaxAge), capacity: optInt32(o.Capacity)}
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
	return r
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

// maxShown bounds the whole offers a snapshot keeps of the result pages it
// served: popular searches show the same pages again, and reading them
// from the store costs more than the rest of a search. About 1 kB each.
const maxShown = 2000

// pageOffers returns the whole offers of s.offers[oi] for each oi: from
// the records when a view read them, from the offers of earlier pages, or
// else from the store in one query.
func (a *Service) pageOffers(ctx context.Context, s *atlasSnapshot, ois []int) ([]*quartier.Offer, error) {
	out := make([]*quartier.Offer, len(ois))
	if f := s.full.Load(); f != nil {
		for i, oi := range ois {
			out[i] = (*f)[oi]
		}
		return out, nil
	}
	var ids []int64
	for i, oi := range ois {
		if o, ok := s.shown.Load(oi); ok {
			out[i] = o.(*quartier.Offer)
		} else {
			ids = append(ids, s.offers[oi].ID)
		}
	}
	if len(ids) == 0 {
		return out, nil
	}
	byID, err := a.offersByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i, oi := range ois {
		if out[i] != nil {
			continue
		}
		out[i] = byID[s.offers[oi].ID]
		if out[i] != nil && s.nShown.Add(1) <= maxShown {
			s.shown.Store(oi, out[i])
		}
	}
	return out, nil
}

// offersByID reads whole offers (a result page, an offer's page) from the
// store, in one query.
func (a *Service) offersByID(ctx context.Context, ids []int64) (map[int64]*quartier.Offer, error) {
	out := make(map[int64]*quartier.Offer, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	err := a.store.View(ctx, func(tx Tx) error {
		os, err := tx.OffersByID(ctx, ids)
		for i := range os {
			out[os[i].ID] = &os[i]
		}
		return err
	})
	return out, err
}

// records returns the whole offers of s, aligned with s.offers, read from
// the store on first use (views, exports, the HSDS documents); a patch
// carries them forward. A server that only searches never reads them.
// The store may be a little ahead of s: an offer then shows as written,
// which a search finds after the next check anyway.
func (a *Service) records(ctx context.Context, s *atlasSnapshot) ([]*quartier.Offer, error) {
	if f := s.full.Load(); f != nil {
		return *f, nil
	}
	s.fullMu.Lock()
	defer s.fullMu.Unlock()
	if f := s.full.Load(); f != nil {
		return *f, nil
	}
	full, err := a.readRecords(ctx, s)
	if err != nil {
		return nil, err
	}
	s.full.Store(&full)
	return full, nil
}

// readRecords reads the whole offers of s, aligned with s.offers.
func (a *Service) readRecords(ctx context.Context, s *atlasSnapshot) ([]*quartier.Offer, error) {
	var all []quartier.Offer
	if err := a.store.View(ctx, func(tx Tx) error {
		var err error
		all, err = tx.Offers(ctx)
		return err
	}); err != nil {
		return nil, err
	}
	full := make([]*quartier.Offer, len(s.offers))
	for i, r := range s.offers {
		if j, ok := slices.BinarySearchFunc(all, r.ID, func(o quartier.Offer, id int64) int { return cmp.Compare(o.ID, id) }); ok {
			full[i] = &all[j]
		} else {
			// Offers are never deleted; should one be, it ends here.
			full[i] = &quartier.Offer{ID: r.ID, Key: r.Key, Name: r.Name, Status: quartier.OfferEnded}
		}
	}
	return full, nil
}
