package atlas

import (
	"context"
	"slices"
	"sort"

	"github.com/quartier/quartier"
)

// EditChoices is what an editor's forms offer to choose from.
type EditChoices struct {
	Topics []quartier.Topic
	// Providers the actor may create entries for; AnyProvider adds "none".
	Providers   []quartier.Provider
	AnyProvider bool
	// ManyProviders: the form asks by typing (see ManyProviders).
	ManyProviders bool
	// Places the actor may put offers at (in its spaces), by name,
	// confidential ones redacted unless the actor reads them: key, name,
	// provider, address, point and space (what the snapshot keeps).
	Places []quartier.Place
	// ManyPlaces: the offer form asks for further places by typing.
	ManyPlaces bool
}

// EditChoices lists topics, providers and places for the edit forms. The
// confidential places among them whose address the actor reads are an
// audited read of that address, as on their page (the form lists them
// with their address).
func (a *Service) EditChoices(ctx context.Context) (*EditChoices, error) {
	c, err := a.editChoices(ctx)
	if err != nil {
		return nil, err
	}
	if err := a.auditReveal(ctx, "Bearbeitung (Ortsauswahl)", revealedKeys(quartier.ActorFrom(ctx), c.Places)); err != nil {
		return nil, err
	}
	return c, nil
}

// revealedKeys are the keys of the confidential places in ps shown whole
// to actor.
func revealedKeys(actor *quartier.Actor, ps []quartier.Place) []string {
	var keys []string
	for _, p := range ps {
		if reveals(actor, p) {
			keys = append(keys, p.Key)
		}
	}
	return keys
}

// editChoices is EditChoices without the audit of what it reveals, for
// the callers that hand on only part of it (and audit that part).
func (a *Service) editChoices(ctx context.Context) (*EditChoices, error) {
	if err := a.audit.Require(ctx, quartier.PermEditAtlas, "atlas", ""); err != nil {
		return nil, err
	}
	actor := quartier.ActorFrom(ctx)
	codes, anyProvider := actor.ActsFor()
	c := &EditChoices{AnyProvider: anyProvider}
	// From the snapshot: the form is shown on every edit and every save
	// that needs a second look, and the atlas is already in memory.
	s, err := a.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	c.Topics = s.topics
	if len(c.Topics) == 0 {
		c.Topics = quartier.DefaultTopics()
	}
	for _, p := range s.providers {
		if anyProvider || slices.Contains(codes, p.Code) {
			c.Providers = append(c.Providers, p)
		}
	}
	sort.Slice(c.Providers, func(i, j int) bool { return c.Providers[i].Code < c.Providers[j].Code })
	c.ManyProviders = len(c.Providers) > ManyProviders
	for i := range s.places {
		p := s.places[i].place()
		if !actor.OffersAt(&p) {
			continue
		}
		if !actor.ReadsConfidential(&p) {
			p = p.Redacted()
		}
		c.Places = append(c.Places, p)
	}
	sort.Slice(c.Places, func(i, j int) bool {
		if c.Places[i].Name != c.Places[j].Name {
			return c.Places[i].Name < c.Places[j].Name
		}
		return c.Places[i].Key < c.Places[j].Key
	})
	c.ManyPlaces = len(c.Places) > ManyPlaces
	return c, nil
}

// OfferDraft is an offer as its editor loads it into the form.
type OfferDraft struct {
	Offer     quartier.Offer
	PlaceKeys []string
	Places    []quartier.Place // its places, redacted as the actor may see them
}

// OfferForEdit loads an offer the actor may edit, ended ones included.
func (a *Service) OfferForEdit(ctx context.Context, key string) (*OfferDraft, error) {
	if err := a.audit.Require(ctx, quartier.PermEditAtlas, "offer", key); err != nil {
		return nil, err
	}
	actor := quartier.ActorFrom(ctx)
	var d *OfferDraft
	err := a.store.View(ctx, func(tx Tx) error {
		st := partialState()
		if err := st.needEntry(ctx, tx, quartier.EntityOffer, key); err != nil {
			return err
		}
		if _, err := st.entry(actor, quartier.EntityOffer, key); err != nil {
			return err
		}
		o := st.offers[key]
		d = &OfferDraft{Offer: *o, PlaceKeys: st.placeKeys(o)}
		for _, id := range o.Places {
			p := *st.placeByID[id]
			if !actor.ReadsConfidential(&p) {
				p = p.Redacted()
			}
			d.Places = append(d.Places, p)
		}
		return nil
	})
	if err := a.audit.IfDenied(ctx, quartier.PermEditAtlas, "offer", key, err); err != nil {
		return nil, err
	}
	if err := a.auditReveal(ctx, "Bearbeitung Angebot "+key, revealedKeys(actor, d.Places)); err != nil {
		return nil, err
	}
	return d, nil
}

// PlaceForEdit loads a place the actor may edit. Blind is set for a
// confidential place whose address the actor may not read: it comes
// redacted, and saving keeps the stored address (see SavePlace).
func (a *Service) PlaceForEdit(ctx context.Context, key string) (p *quartier.Place, blind bool, err error) {
	if err := a.audit.Require(ctx, quartier.PermEditAtlas, "place", key); err != nil {
		return nil, false, err
	}
	actor := quartier.ActorFrom(ctx)
	err = a.store.View(ctx, func(tx Tx) error {
		st := partialState()
		if err := st.needEntry(ctx, tx, quartier.EntityPlace, key); err != nil {
			return err
		}
		if _, err := st.entry(actor, quartier.EntityPlace, key); err != nil {
			return err
		}
		cp := *st.places[key]
		if blind = !actor.ReadsConfidential(&cp); blind {
			cp = cp.Redacted()
		}
		p = &cp
		return nil
	})
	if err := a.audit.IfDenied(ctx, quartier.PermEditAtlas, "place", key, err); err != nil {
		return nil, false, err
	}
	if err := a.auditReveal(ctx, "Bearbeitung Ort "+key, revealedKeys(actor, []quartier.Place{*p})); err != nil {
		return nil, false, err
	}
	return p, blind, nil
}
