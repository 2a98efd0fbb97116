package atlas

import (
	"cmp"
	"context"
	"maps"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/search"
	"github.com/quartier/quartier/internal/textde"
)

// Patching a snapshot: when the stored generation moved, a process reads
// the offers and places written since its snapshot's generation (the
// store's change feed) and patches a copy of the snapshot: the index takes
// the changed documents out and appends their new versions
// (search.Index.Patch), facet sets that gain a document are copied, the
// rest is shared. An edit at 100,000 offers then costs milliseconds, not
// the seconds of a full build. A full build remains for what a patch
// cannot follow: another day or other areas (handled by the caller),
// topics, synonyms or providers changed, too much changed at once, or
// too many removed documents piled up in the index.

// Bounds of a patch.
const (
	// patchMax: more changed offers and places than this, or than a
	// tenth of the offers, and a full build is as quick and leaves no
	// removed documents behind.
	patchMax = 5000
	// patchGenerations: the store keeps the change feed of this many
	// generations (atlasChanged prunes older ones); a snapshot further
	// behind is rebuilt. Half of it is used, so that a writer pruning
	// meanwhile never takes what a reader still needs.
	patchGenerations = 1000
)

// atlasChanges is what a patch reads from the store: the changed places
// (in ID order), the changed offers and those at changed places (whole,
// in ID order), and the whole places of those offers by ID, which their
// documents hold.
type atlasChanges struct {
	gen    int64
	offers []quartier.Offer
	places []quartier.Place
	whole  map[int64]*quartier.Place
}

// readChanges reads what was written after s was made, or nil when s
// must be rebuilt instead.
func (a *Service) readChanges(ctx context.Context, s *atlasSnapshot) (*atlasChanges, error) {
	var ch *atlasChanges
	err := a.store.View(ctx, func(tx Tx) error {
		gen, err := atlasGeneration(ctx, tx)
		if err != nil || gen <= s.gen || gen-s.gen > patchGenerations/2 {
			return err
		}
		topics, err := tx.Topics(ctx)
		if err != nil {
			return err
		}
		if len(topics) == 0 {
			topics = quartier.DefaultTopics()
		}
		syn, err := tx.Setting(ctx, settingSynonyms)
		if err != nil {
			return err
		}
		if syn == "" {
			syn = textde.DefaultSynonyms
		}
		provs, err := tx.Providers(ctx)
		if err != nil {
			return err
		}
		byID := make(map[int64]quartier.Provider, len(provs))
		for _, p := range provs {
			byID[p.ID] = p
		}
		// Their names and labels are in many documents: a full build.
		if !slices.Equal(topics, s.topics) || syn != s.synText || !reflect.DeepEqual(byID, s.providers) {
			return nil
		}
		n, err := tx.AtlasChanges(ctx, s.gen)
		if err != nil || n > min(patchMax, max(len(s.offers)/10, 100)) {
			return err
		}
		c := &atlasChanges{gen: gen}
		if c.places, err = tx.ChangedPlaces(ctx, s.gen); err != nil {
			return err
		}
		if c.offers, err = tx.ChangedOffers(ctx, s.gen); err != nil {
			return err
		}
		// An offer's document holds its places' names and addresses: the
		// offers at a changed place are read whole as well, in this
		// transaction, since the snapshot keeps no text.
		moved := map[int64]bool{}
		for _, p := range c.places {
			moved[p.ID] = true
		}
		changed := map[int64]bool{}
		for _, o := range c.offers {
			changed[o.ID] = true
		}
		var ids []int64
		for _, o := range s.offers {
			if len(moved) == 0 {
				break
			}
			if !changed[o.ID] && slices.ContainsFunc(o.Places, func(id int64) bool { return moved[id] }) {
				ids = append(ids, o.ID)
			}
		}
		if err := inChunks(ids, func(ids []int64) error {
			more, err := tx.OffersByID(ctx, ids)
			c.offers = append(c.offers, more...)
			return err
		}); err != nil {
			return err
		}
		// In ID order, as the store reads them.
		slices.SortFunc(c.offers, func(a, b quartier.Offer) int { return cmp.Compare(a.ID, b.ID) })
		slices.SortFunc(c.places, func(a, b quartier.Place) int { return cmp.Compare(a.ID, b.ID) })
		// The places of these offers whole: the changed ones as read, the
		// others from s, which keeps them whole and unchanged since its
		// generation; one s does not know is read.
		c.whole = map[int64]*quartier.Place{}
		for i := range c.places {
			c.whole[c.places[i].ID] = &c.places[i]
		}
		var pids []int64
		for _, o := range c.offers {
			for _, id := range o.Places {
				if c.whole[id] != nil || slices.Contains(pids, id) {
					continue
				}
				if r := s.places.get(id); r != nil {
					p := r.whole(s.ptexts)
					c.whole[id] = &p
				} else {
					pids = append(pids, id)
				}
			}
		}
		if err := inChunks(pids, func(pids []int64) error {
			more, err := tx.PlacesByID(ctx, pids)
			for i := range more {
				c.whole[more[i].ID] = &more[i]
			}
			return err
		}); err != nil {
			return err
		}
		ch = c
		return nil
	})
	return ch, err
}

// patch returns a snapshot of s with the changes applied, or nil when s
// must be rebuilt instead. s stays as it is: requests may still read it.
func (s *atlasSnapshot) patch(ch *atlasChanges, local int64, now time.Time, hol func(time.Time) bool) *atlasSnapshot {
	if dead := s.index.Len() - s.index.Alive(); dead > s.index.Alive()/4+100 {
		return nil
	}
	ns := &atlasSnapshot{gen: ch.gen, local: local, day: s.day, loc: s.loc, topics: s.topics, topicIdx: s.topicIdx, providers: s.providers,
		spaceNames: s.spaceNames, blockNames: s.blockNames, synonyms: s.synonyms, synText: s.synText}
	// Places stay in ID order, as offers: a new one has the highest ID.
	// Documents name places by their index, which a patch keeps.
	ns.places, ns.placeByKey, ns.ptexts = slices.Clone(s.places), maps.Clone(s.placeByKey), s.ptexts
	movedPlace := map[int64]bool{}
	var changedPlaces []int
	for i := range ch.places {
		p := &ch.places[i]
		j, found := ns.places.index(p.ID)
		changedPlaces = append(changedPlaces, j)
		switch {
		case found:
			if old := ns.places[j]; old.Key != p.Key {
				delete(ns.placeByKey, old.Key)
			}
			r := newPlaceRec(p, ns.ptexts)
			ns.places[j] = &r
		case j == len(ns.places):
			r := newPlaceRec(p, ns.ptexts)
			ns.places = append(ns.places, &r)
		default:
			return nil
		}
		ns.placeByKey[p.Key] = p.ID
		movedPlace[p.ID] = true
	}
	// Offers stay in ID order: a new one has the highest ID. The whole
	// changed offers (whole[j]) make the new documents.
	ns.offers, ns.offerByKey = slices.Clone(s.offers), maps.Clone(s.offerByKey)
	touched := map[int]bool{}
	whole := map[int]*quartier.Offer{}
	rc := newRecorder()
	for i := range ch.offers {
		o := &ch.offers[i]
		j, found := slices.BinarySearchFunc(ns.offers, o.ID, func(x *offerRec, id int64) int { return cmp.Compare(x.ID, id) })
		switch {
		case found:
			if old := ns.offers[j]; old.Key != o.Key {
				delete(ns.offerByKey, old.Key)
			}
			ns.offers[j] = rc.rec(o)
		case j == len(ns.offers):
			ns.offers = append(ns.offers, rc.rec(o))
		default:
			return nil
		}
		ns.offerByKey[o.Key] = j
		touched[j] = true
		whole[j] = o
	}
	// An offer's document holds its places' names and addresses.
	if len(movedPlace) > 0 {
		for j, o := range ns.offers {
			if slices.ContainsFunc(o.Places, func(id int64) bool { return movedPlace[id] }) {
				touched[j] = true
			}
		}
	}

	// readChanges read the offers at changed places too: every touched
	// offer is here whole.
	for j := range touched {
		if whole[j] == nil {
			return nil
		}
	}
	ns.listFrom.Store(s.listChange(touched, changedPlaces))
	ns.keepShown(s, touched, whole)
	if f := s.full.Load(); f != nil {
		// The whole records of a view, carried forward.
		w := &wholeAtlas{offers: append(slices.Clone(f.offers), make([]*quartier.Offer, len(ns.offers)-len(f.offers))...), places: maps.Clone(f.places)}
		for j, o := range whole {
			w.offers[j] = o
		}
		for i := range ch.places {
			w.places[ch.places[i].ID] = &ch.places[i]
		}
		ns.full.Store(w)
	}

	ns.docOf = append(slices.Clone(s.docOf), make([]int32, len(ns.offers)-len(s.docOf))...)
	var remove []uint32
	var add [][]string
	var addOffers []int
	var addAccess []map[string]bool
	for _, j := range slices.Sorted(maps.Keys(touched)) {
		if j < len(s.docOf) && s.docOf[j] >= 0 {
			remove = append(remove, uint32(s.docOf[j]))
		}
		ns.docOf[j] = -1
		if ns.offers[j].Current(now) {
			f, access := ns.docFields(whole[j], ch.whole)
			add = append(add, f[:])
			addOffers = append(addOffers, j)
			addAccess = append(addAccess, access)
		}
	}
	ns.index = s.index.Patch(remove, add)

	// The documents appended: s's slices grow in place beyond what s
	// sees of them (only one snapshot is patched from s); the facet sets
	// that gain one are copied, grown to the new size.
	ns.docs, ns.factor, ns.ages, ns.pts = s.docs, s.factor, s.ages, s.pts
	ns.facets = make(map[string]map[string]search.Bitset, len(s.facets))
	for f, m := range s.facets {
		ns.facets[f] = maps.Clone(m)
	}
	ns.confSpace = maps.Clone(s.confSpace)
	n := ns.index.Len()
	type set struct {
		m     uintptr
		value string
	}
	grown := map[set]bool{}
	mark := func(m map[string]search.Bitset, value string, d uint32) {
		k := set{reflect.ValueOf(m).Pointer(), value}
		bs := m[value]
		if !grown[k] {
			bs = bs.Grown(n)
			m[value] = bs
			grown[k] = true
		}
		bs.Set(d)
	}
	first := uint32(n - len(add))
	for i, j := range addOffers {
		ns.addDoc(j, whole[j], first+uint32(i), addAccess[i], now, mark)
	}
	ns.facetOrder = ns.facetOrders()
	ns.sparse = ns.facetWords(s)
	ns.byName, ns.rank = s.nameOrder(ns, remove, first)
	// Open now: s's minute with the new documents, so that the first
	// search after an edit does not evaluate the hours of every offer.
	if o := s.open.Load(); o != nil {
		at := time.Unix(o.minute*60, 0)
		bits := o.bits.Grown(n)
		for d := first; d < uint32(n); d++ {
			if ns.isOpen(d, at, hol) {
				bits.Set(d)
			}
		}
		ns.open.Store(&openNow{minute: o.minute, bits: bits})
	}
	ns.checked.Store(time.Now().UnixNano())
	return ns
}

// nameOrder is the live documents of ns in name order and each
// document's rank in it: s's order without the removed documents, the
// documents from first on inserted where they belong. The order is the
// full build's, (folded name, offer ID), so that ties rank alike.
func (s *atlasSnapshot) nameOrder(ns *atlasSnapshot, remove []uint32, first uint32) (byName, rank []uint32) {
	gone := map[uint32]bool{}
	for _, d := range remove {
		gone[d] = true
	}
	kept := make([]uint32, 0, len(s.byName))
	for _, d := range s.byName {
		if !gone[d] {
			kept = append(kept, d)
		}
	}
	type named struct {
		doc  uint32
		name string
	}
	var added []named
	for d := first; d < uint32(len(ns.docs)); d++ {
		added = append(added, named{d, textde.Fold(ns.offers[ns.docs[d].offer].Name)})
	}
	before := func(a named, b uint32) int {
		if c := strings.Compare(a.name, textde.Fold(ns.offers[ns.docs[b].offer].Name)); c != 0 {
			return c
		}
		return cmp.Compare(ns.docs[a.doc].offer, ns.docs[b].offer)
	}
	slices.SortFunc(added, func(a, b named) int {
		return cmp.Or(strings.Compare(a.name, b.name), cmp.Compare(ns.docs[a.doc].offer, ns.docs[b.doc].offer))
	})
	byName = make([]uint32, 0, len(kept)+len(added))
	for _, a := range added {
		i, _ := slices.BinarySearchFunc(kept, a, func(d uint32, a named) int { return -before(a, d) })
		byName = append(append(byName, kept[:i]...), a.doc)
		kept = kept[i:]
	}
	byName = append(byName, kept...)
	rank = make([]uint32, len(ns.docs))
	for i, d := range byName {
		rank[d] = uint32(i)
	}
	return byName, rank
}

// keepShown carries the whole offers of the pages s served forward to
// ns, but for those the patch changed, and adds the changed offers the
// patch read whole anyway: after an edit, the popular pages are not read
// from the store again (a page's store reads were most of a first
// search's time at 100,000 offers).
func (ns *atlasSnapshot) keepShown(s *atlasSnapshot, touched map[int]bool, whole map[int]*quartier.Offer) {
	s.shown.Range(func(k, v any) bool {
		if j := k.(int); !touched[j] && ns.nShown.Add(1) <= maxShown {
			ns.shown.Store(j, v)
		}
		return true
	})
	for j, o := range whole {
		if ns.nShown.Add(1) <= maxShown {
			ns.shown.Store(j, o)
		}
	}
}
