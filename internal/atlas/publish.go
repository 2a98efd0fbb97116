package atlas

import (
	"context"
	"sync"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
)

// Audience is a class of callers who are given the same published atlas
// documents (HSDS). What is derived from the atlas for publication is
// cached once per snapshot and class, never per person, so a class must
// not depend on who in it asks: confidential places are withheld in every
// class, even from those who may read them elsewhere.
type Audience int

const (
	// AudiencePublic: anonymous callers. Contacts for the public only.
	AudiencePublic Audience = iota
	// AudienceStaff: signed-in staff. Contacts for professionals too.
	AudienceStaff
	audiences
)

func (a Audience) String() string {
	if a == AudienceStaff {
		return "Fachkräfte"
	}
	return "öffentlich"
}

// Publication is the atlas of one snapshot as one audience class sees it
// in published documents, with a memo of what has been derived from it.
// It lives and dies with its snapshot: after any change of the atlas, the
// day or the areas, callers get a new Publication, so nothing derived can
// be served stale. Everything in it is shared: callers must not modify it.
//
// It lists the published offers and places from the snapshot's records
// (keys, providers, dates), which costs no store read; an answer reads
// its own offers and places whole (Read), the whole atlas is read only
// for a whole-atlas file (Whole) and not kept.
type Publication struct {
	Audience Audience
	// Generation is the stored atlas generation of the snapshot.
	Generation int64
	memo       sync.Map // key → *derived
	snap       *atlasSnapshot
	list       *pubList
	now        time.Time
	svc        *Service
}

// ListedOffer is what a publication tells of a published offer without
// reading it: enough to filter and to count its places. Its slices are
// shared: callers must not modify them.
type ListedOffer struct {
	Key string
	// Provider is the provider's code, empty for none.
	Provider             string
	Topics, TargetGroups []string
	ValidFrom, ValidTo   *time.Time
	// Modified is the latest change of the offer and of its places that
	// are not confidential (that a shelter's offer changed when its place
	// did would tell that it moved), to the millisecond; zero if unknown.
	Modified time.Time
	// Places are the IDs of its places as stored; Place finds those
	// the atlas has.
	Places []int64
}

// ListedPlace is what a publication tells of a place without reading it.
type ListedPlace struct {
	Key      string
	Provider string // code, empty for none
}

// Topics are the atlas's topics.
func (p *Publication) Topics() []quartier.Topic { return p.snap.topics }

// Providers are all providers, by code.
func (p *Publication) Providers() []quartier.Provider { return p.list.providers }

// Publisher reports whether a published offer has no provider (published
// documents then list it under the publisher of the atlas).
func (p *Publication) Publisher() bool { return p.list.noProvider > 0 }

// Offers is the number of published offers: the current ones.
func (p *Publication) Offers() int { return len(p.list.offers) }

// Offer is the published offer at position i (0 ≤ i < Offers(), in key
// order).
func (p *Publication) Offer(i int) ListedOffer {
	s := p.snap
	r := s.offers[p.list.offers[i]]
	o := ListedOffer{Key: r.Key, Provider: s.providers[r.providerID].Code, Topics: r.lists.Topics, TargetGroups: r.lists.TargetGroups,
		ValidFrom: r.ValidFrom, ValidTo: r.ValidTo, Places: r.Places}
	m := r.updated
	for _, id := range r.Places {
		if pr := s.places.get(id); pr != nil && !pr.Confidential && pr.updated > m {
			m = pr.updated
		}
	}
	if m != noStamp {
		o.Modified = time.UnixMilli(m).UTC()
	}
	return o
}

// OfferKey is the key of the published offer at position i (Offer(i).Key
// without the rest).
func (p *Publication) OfferKey(i int) string { return p.snap.offers[p.list.offers[i]].Key }

// OfferProvider is the provider code of the published offer at position i
// (Offer(i).Provider without the rest).
func (p *Publication) OfferProvider(i int) string {
	return p.snap.providers[p.snap.offers[p.list.offers[i]].providerID].Code
}

// OfferPlaces are the IDs of the places of the published offer at
// position i as stored (Offer(i).Places without the rest); shared.
func (p *Publication) OfferPlaces(i int) []int64 { return p.snap.offers[p.list.offers[i]].Places }

// OfferPosition is the position of the published offer with the key.
func (p *Publication) OfferPosition(key string) (int, bool) {
	i, ok := p.snap.offerByKey[key]
	if !ok || p.list.pos[i] < 0 {
		return 0, false
	}
	return int(p.list.pos[i]), true
}

// Places is the number of published places: all the atlas has.
func (p *Publication) Places() int { return len(p.list.places) }

// Place is the place at position i (0 ≤ i < Places(), in key order).
func (p *Publication) Place(i int) ListedPlace {
	r := p.snap.places[p.list.places[i]]
	return ListedPlace{Key: r.Key, Provider: r.Provider}
}

// PlaceOf is the position of the place with the ID, ok false if the atlas
// does not have it.
func (p *Publication) PlaceOf(id int64) (int, bool) {
	i, ok := p.snap.places.index(id)
	if !ok {
		return 0, false
	}
	return int(p.list.placePos[i]), true
}

// PlacePosition is the position of the place with the key.
func (p *Publication) PlacePosition(key string) (int, bool) {
	id, ok := p.snap.placeByKey[key]
	if !ok {
		return 0, false
	}
	return p.PlaceOf(id)
}

// Read returns the published offers at the positions offers and the
// places at the positions places as a View: the offers with their
// places, redacted for the audience, and the providers of both. It reads
// only these from the store (or from the pages read before).
func (p *Publication) Read(ctx context.Context, offers, places []int) (*View, error) {
	return p.read(ctx, offers, places, true)
}

// ReadPart is Read for a part of a whole-atlas file: what it reads is not
// kept for the snapshot's pages (the file's first offers would take the
// places of the pages people look at).
func (p *Publication) ReadPart(ctx context.Context, offers, places []int) (*View, error) {
	return p.read(ctx, offers, places, false)
}

func (p *Publication) read(ctx context.Context, offers, places []int, keep bool) (*View, error) {
	s := p.snap
	ois := make([]int, len(offers))
	for n, i := range offers {
		ois[n] = int(p.list.offers[i])
	}
	whole, byID, err := p.svc.pageEntries(ctx, s, ois, keep)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, i := range places {
		if id := s.places[p.list.places[i]].ID; byID[id] == nil {
			ids = append(ids, id)
		}
	}
	more := s.placesByID(ids)
	v := &View{Topics: s.topics, Providers: map[int64]quartier.Provider{}, Places: make(map[int64]quartier.Place, len(byID)+len(more))}
	provider := func(id int64) {
		if pr, ok := s.providers[id]; ok {
			v.Providers[id] = pr
		}
	}
	for _, m := range []map[int64]*quartier.Place{byID, more} {
		for id, pl := range m {
			v.Places[id] = pl.Redacted()
			provider(pl.ProviderID)
		}
	}
	for _, o := range whole {
		if o == nil {
			continue // gone from the store since the snapshot
		}
		v.Offers = append(v.Offers, p.published(o))
		provider(o.ProviderID)
	}
	return v, nil
}

// published is o as the audience may see it.
func (p *Publication) published(o *quartier.Offer) quartier.Offer {
	if p.Audience == AudienceStaff {
		return *o
	}
	return o.PublicContacts()
}

// Whole returns the whole publication as a View, read from the store for
// this call and not kept (a whole-atlas file: seconds and hundreds of
// megabytes at 100,000 offers, which a snapshot must not hold).
func (p *Publication) Whole(ctx context.Context) (*View, error) {
	s := p.snap
	w, err := p.svc.readRecords(ctx, s)
	if err != nil {
		return nil, err
	}
	// As Read, over everything: the places exactly as the public sees
	// them, in every class (a shelter's address is for nobody in a
	// published document).
	v := &View{Topics: s.topics, Providers: s.providers, Places: make(map[int64]quartier.Place, len(w.places))}
	for id, pl := range w.places {
		v.Places[id] = pl.Redacted()
	}
	for _, i := range p.list.offers {
		v.Offers = append(v.Offers, p.published(w.offers[i]))
	}
	return v, nil
}

// SearchKeys runs the atlas search on the publication's snapshot and
// returns the keys of the offers text finds, best first, as the atlas
// ranks them without a place (relevance, then name), so that an API's
// search gives what the atlas page gives. ok is false when text has no
// searchable word: then every offer matches.
func (p *Publication) SearchKeys(text string) (keys []string, ok bool) {
	s := p.snap
	m := s.index.MatchAges(boundQuery(text), s.synonyms, s.ageDocs, s.reachDocs)
	defer m.Release()
	if m.All {
		return nil, false
	}
	for _, d := range topK(m.Bits, m.Count(), func(d uint32) float64 { return float64(s.relevance(m, d)) }, s.rank) {
		keys = append(keys, s.offers[s.docs[d].offer].Key)
	}
	return keys, true
}

type derived struct {
	once sync.Once
	v    any
	err  error
}

// Derive returns build(p), built at most once per publication and key:
// callers that arrive while it is built wait for that build instead of
// starting their own. A failed build is kept too (the same input fails
// the same way). One key must always be used with the same T.
func Derive[T any](p *Publication, key string, build func(*Publication) (T, error)) (T, error) {
	e, ok := p.memo.Load(key)
	if !ok {
		e, _ = p.memo.LoadOrStore(key, &derived{})
	}
	d := e.(*derived)
	d.once.Do(func() { d.v, d.err = build(p) })
	if d.err != nil {
		var zero T
		return zero, d.err
	}
	return d.v.(T), nil
}

// audienceOf is the class of actor: staff is anyone with a grant in force.
func audienceOf(actor *quartier.Actor) Audience {
	if actor.SeesProfessionalContacts() {
		return AudienceStaff
	}
	return AudiencePublic
}

// Published returns the atlas as the actor's audience class may see it in
// published documents (the HSDS API): public data, so anyone may read it.
func (a *Service) Published(ctx context.Context) (*Publication, error) {
	s, err := a.readAtlas(ctx)
	if err != nil {
		return nil, err
	}
	return a.publication(s, audienceOf(quartier.ActorFrom(ctx))), nil
}

// publication is the snapshot's Publication for aud, made on first use.
func (a *Service) publication(s *atlasSnapshot, aud Audience) *Publication {
	slot := &s.pubs[aud]
	slot.once.Do(func() {
		now := a.now()
		slot.p = &Publication{Audience: aud, Generation: s.gen, snap: s, list: s.publicationList(now), now: now, svc: a}
	})
	return slot.p
}

// PublishedExport is Published for a whole-atlas file (HSDS export.json,
// export.zip: file names it for the audit log). The public class's files
// are open data, meant to be shared, so anyone may have them; contacts for
// professionals leave in bulk only with the permission for bulk exports,
// so signed-in staff without it get the public files. The download is
// audited (anonymous ones tallied, see auditDownload).
func (a *Service) PublishedExport(ctx context.Context, file string) (*Publication, error) {
	s, err := a.readAtlas(ctx)
	if err != nil {
		return nil, err
	}
	aud, actor := AudiencePublic, quartier.ActorFrom(ctx)
	if audienceOf(actor) == AudienceStaff && actor.Can(quartier.PermExport) {
		aud = AudienceStaff
	}
	if err := a.audit.Download(ctx, audit.Event{Action: audit.ActionAtlasExport, ObjectType: "atlas", ObjectID: "hsds/" + file, Detail: "Fassung: " + aud.String()}); err != nil {
		return nil, err
	}
	return a.publication(s, aud), nil
}
