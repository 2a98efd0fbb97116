package atlas

import (
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/quartier/quartier"
)

// pubList is what every audience's publication lists: the current offers
// and all places of a snapshot, each in key order (the order of published
// documents), and the providers in code order. About 14 bytes an offer.
type pubList struct {
	offers   []int32 // indexes into snapshot.offers
	pos      []int32 // each snapshot offer's position in offers, -1 if not current
	places   []int32 // indexes into snapshot.places
	placePos []int32 // each snapshot place's position in places
	// providers by code, and how many current offers have none.
	providers  []quartier.Provider
	noProvider int
}

// listChange is what a patch changed, for the patched snapshot to derive
// its pubList from its predecessor's instead of sorting 100,000 keys.
type listChange struct {
	prev   *pubList
	offers []int // indexes of the offers touched (their records replaced)
	places []int // indexes of the places changed
	// gone is how many of the offers were listed in prev without
	// provider.
	gone int
}

// listChange is what the patch of s touching the offers (indexes) and the
// places (indexes) changes of s's pubList, or, when s was not listed, of
// the list s would have derived its own from; nil without either. It does
// not hold s: a snapshot that is never listed must not keep the ones
// before it alive.
func (s *atlasSnapshot) listChange(offers map[int]bool, places []int) *listChange {
	c := &listChange{prev: s.list.Load()}
	if c.prev == nil {
		f := s.listFrom.Load()
		if f == nil {
			return nil
		}
		c = &listChange{prev: f.prev, offers: slices.Clone(f.offers), places: slices.Clone(f.places), gone: f.gone}
	}
	for _, j := range slices.Sorted(maps.Keys(offers)) {
		if slices.Contains(c.offers, j) {
			continue // counted when first touched, on the records of prev
		}
		c.offers = append(c.offers, j)
		if j < len(c.prev.pos) && c.prev.pos[j] >= 0 && s.noProvider(s.offers[j]) {
			c.gone++
		}
	}
	for _, j := range places {
		if !slices.Contains(c.places, j) {
			c.places = append(c.places, j)
		}
	}
	return c
}

// publicationList is s's pubList, made on first use.
func (s *atlasSnapshot) publicationList(now time.Time) *pubList {
	s.listOnce.Do(func() {
		var l *pubList
		if c := s.listFrom.Load(); c != nil {
			l = s.patchedList(c, now)
		} else {
			l = s.sortedList(now)
		}
		s.list.Store(l)
		s.listFrom.Store(nil)
	})
	return s.list.Load()
}

// keyed is a record's key and index: sorting these touches one string a
// comparison, not the records (scattered over the heap, a cache miss
// each).
type keyed struct {
	key string
	i   int32
}

func sortKeyed(ks []keyed) []int32 {
	slices.SortFunc(ks, func(a, b keyed) int { return strings.Compare(a.key, b.key) })
	out := make([]int32, len(ks))
	for n, k := range ks {
		out[n] = k.i
	}
	return out
}

// sortedList makes the pubList of s from its records.
func (s *atlasSnapshot) sortedList(now time.Time) *pubList {
	l := &pubList{}
	var ks []keyed
	for i, o := range s.offers {
		if o.Current(now) {
			ks = append(ks, keyed{o.Key, int32(i)})
			if s.noProvider(o) {
				l.noProvider++
			}
		}
	}
	l.offers = sortKeyed(ks)
	ks = make([]keyed, len(s.places))
	for i, p := range s.places {
		ks[i] = keyed{p.Key, int32(i)}
	}
	l.places = sortKeyed(ks)
	for _, p := range s.providers {
		l.providers = append(l.providers, p)
	}
	slices.SortFunc(l.providers, func(a, b quartier.Provider) int { return strings.Compare(a.Code, b.Code) })
	l.positions(s)
	return l
}

// noProvider reports whether the offer is published without a provider.
func (s *atlasSnapshot) noProvider(o *offerRec) bool { return s.providers[o.providerID].Code == "" }

func (l *pubList) positions(s *atlasSnapshot) {
	l.pos = make([]int32, len(s.offers))
	for i := range l.pos {
		l.pos[i] = -1
	}
	for n, i := range l.offers {
		l.pos[i] = int32(n)
	}
	l.placePos = make([]int32, len(s.places))
	for n, i := range l.places {
		l.placePos[i] = int32(n)
	}
}

// patchedList is c.prev with the changed offers and places taken out and
// put in again where their keys now belong (a patch keeps the indexes of
// records and appends new ones; providers do not change in a patch).
func (s *atlasSnapshot) patchedList(c *listChange, now time.Time) *pubList {
	prev := c.prev
	l := &pubList{providers: prev.providers, noProvider: prev.noProvider - c.gone}
	out := map[int32]bool{}
	var add []keyed
	for _, i := range c.offers {
		if i < len(prev.pos) && prev.pos[i] >= 0 {
			out[int32(i)] = true
		}
		if o := s.offers[i]; o.Current(now) {
			add = append(add, keyed{o.Key, int32(i)})
			if s.noProvider(o) {
				l.noProvider++
			}
		}
	}
	l.offers = reinsert(prev.offers, out, add, func(i int32) string { return s.offers[i].Key })
	out, add = map[int32]bool{}, nil
	for _, i := range c.places {
		if i < len(prev.placePos) {
			out[int32(i)] = true
		}
		add = append(add, keyed{s.places[i].Key, int32(i)})
	}
	l.places = reinsert(prev.places, out, add, func(i int32) string { return s.places[i].Key })
	l.positions(s)
	return l
}

// reinsert returns order without the indexes in out and with those of
// add, each where its key belongs (key gives the key of an index in the
// new records).
func reinsert(order []int32, out map[int32]bool, add []keyed, key func(int32) string) []int32 {
	kept := make([]int32, 0, len(order)+len(add))
	for _, i := range order {
		if !out[i] {
			kept = append(kept, i)
		}
	}
	slices.SortFunc(add, func(a, b keyed) int { return strings.Compare(a.key, b.key) })
	res := make([]int32, 0, len(kept)+len(add))
	from := 0
	for _, a := range add {
		at, _ := slices.BinarySearchFunc(kept[from:], a.key, func(i int32, k string) int { return strings.Compare(key(i), k) })
		res = append(res, kept[from:from+at]...)
		res = append(res, a.i)
		from += at
	}
	return append(res, kept[from:]...)
}
