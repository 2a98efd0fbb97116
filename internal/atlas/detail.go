package atlas

import (
	"context"
	"strings"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
)

// PlaceInfo is a place as the actor may see it, with the names of its
// areas.
type PlaceInfo struct {
	quartier.Place
	SpaceName string
	BlockName string
}

// OfferDetail is everything the offer page shows.
type OfferDetail struct {
	Offer    quartier.Offer // contacts filtered for the actor
	Provider *quartier.Provider
	Places   []PlaceInfo
	Topics   []quartier.Topic
	OpenNow  bool
	Overdue  bool
	Current  bool // false: ended or outside its period (editors only see it)
	// CanEdit: the actor may edit the atlas in a space of the offer.
	CanEdit bool
}

// PlaceDetail is everything the place page shows.
type PlaceDetail struct {
	Place    PlaceInfo
	Provider *quartier.Provider
	Offers   []quartier.Offer // current offers at the place
	CanEdit  bool
}

// Offer returns one offer as the actor may see it. Offers that ended or
// have not begun are not found by the public; editors of the offer's
// spaces still see them (kept, not deleted). Showing a confidential
// address is audited.
func (a *Service) Offer(ctx context.Context, key string) (*OfferDetail, error) {
	s, err := a.readAtlas(ctx)
	if err != nil {
		return nil, err
	}
	actor := quartier.ActorFrom(ctx)
	i, ok := s.offerByKey[key]
	if !ok {
		return nil, quartier.Errorf(quartier.ENOTFOUND, "Angebot %s wurde nicht gefunden.", key)
	}
	full, places, err := a.offersByID(ctx, []int64{s.offers[i].ID})
	if err != nil {
		return nil, err
	}
	op, ok := full[s.offers[i].ID]
	if !ok {
		return nil, quartier.Errorf(quartier.ENOTFOUND, "Angebot %s wurde nicht gefunden.", key)
	}
	o := *op
	d := &OfferDetail{Current: o.Current(a.now()), Overdue: o.Overdue(a.now())}
	var revealed []string
	var at []*quartier.Place
	for _, pid := range o.Places {
		p, ok := places[pid]
		if !ok || s.places.get(pid) == nil {
			continue
		}
		at = append(at, p)
		if reveals(actor, *p) {
			revealed = append(revealed, p.Key)
		}
		d.Places = append(d.Places, s.placeInfo(redactFor(actor, *p)))
	}
	// The same rule as saving, so the link never leads to a refusal and
	// never says more than the refusal would (where a shelter lies).
	d.CanEdit = actor.EditsOffer(o.Provider, at)
	if !d.Current && !d.CanEdit {
		return nil, quartier.Errorf(quartier.ENOTFOUND, "Angebot %s wurde nicht gefunden.", key)
	}
	if !actor.SeesProfessionalContacts() {
		o = o.PublicContacts()
	}
	d.Offer = o
	if p, ok := s.providers[o.ProviderID]; ok {
		d.Provider = &p
	}
	for _, t := range o.Topics {
		if tp, ok := s.topicIdx[t]; ok {
			d.Topics = append(d.Topics, tp)
		}
	}
	d.OpenNow = o.Status == quartier.OfferActive && o.Hours.OpenAt(a.now(), a.holidays)
	if err := a.auditReveal(ctx, "Angebot "+key, revealed); err != nil {
		return nil, err
	}
	return d, nil
}

// Place returns one place with its current offers.
func (a *Service) Place(ctx context.Context, key string) (*PlaceDetail, error) {
	s, err := a.readAtlas(ctx)
	if err != nil {
		return nil, err
	}
	actor := quartier.ActorFrom(ctx)
	id, ok := s.placeByKey[key]
	if !ok {
		return nil, quartier.Errorf(quartier.ENOTFOUND, "Ort %s wurde nicht gefunden.", key)
	}
	// The place and its current offers whole, in one transaction: the
	// snapshot keeps records only.
	var ids []int64
	for _, r := range s.offers {
		if r.Current(a.now()) && containsID(r.Places, id) {
			ids = append(ids, r.ID)
		}
	}
	var p quartier.Place
	full := map[int64]*quartier.Offer{}
	if err := a.store.View(ctx, func(tx Tx) error {
		ps, err := tx.PlacesByID(ctx, []int64{id})
		if err != nil {
			return err
		}
		if len(ps) == 1 {
			p = ps[0]
		}
		os, err := tx.OffersByID(ctx, ids)
		for i := range os {
			full[os[i].ID] = &os[i]
		}
		return err
	}); err != nil {
		return nil, err
	}
	if p.ID != id {
		// Places are never deleted; should one be, it is gone.
		return nil, quartier.Errorf(quartier.ENOTFOUND, "Ort %s wurde nicht gefunden.", key)
	}
	shown := redactFor(actor, p)
	d := &PlaceDetail{Place: s.placeInfo(shown), CanEdit: actor.EditsPlace(&p)}
	if pr, ok := s.providers[p.ProviderID]; ok {
		d.Provider = &pr
	}
	staff := actor.SeesProfessionalContacts()
	for _, oid := range ids {
		op, ok := full[oid]
		if !ok {
			continue
		}
		o := *op
		if !staff {
			o = o.PublicContacts()
		}
		d.Offers = append(d.Offers, o)
	}
	if reveals(actor, p) {
		if err := a.auditReveal(ctx, "Ort "+key, []string{key}); err != nil {
			return nil, err
		}
	}
	return d, nil
}

func (s *atlasSnapshot) placeInfo(p quartier.Place) PlaceInfo {
	return PlaceInfo{Place: p, SpaceName: s.spaceNames[string(p.Space)], BlockName: s.blockNames[p.Block]}
}

// auditReveal records that the actor was shown the address of
// confidential places (§ 65 SGB VIII-like protection: who looked where
// a shelter is must be traceable). Fails closed like every audited read.
func (a *Service) auditReveal(ctx context.Context, where string, keys []string) error {
	if len(keys) == 0 {
		return nil
	}
	id := strings.Join(keys, ",")
	if len(id) > 500 {
		id = id[:500] + "…"
	}
	return a.audit.Read(ctx, audit.Event{Action: "place.confidential.read", ObjectType: "place", ObjectID: id, Detail: where})
}
