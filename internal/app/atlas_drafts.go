package app

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
	// Places the actor may put offers at (in its spaces), by name,
	// confidential ones redacted unless the actor reads them.
	Places []quartier.Place
}

// EditChoices lists topics, providers and places for the edit forms.
func (a *App) EditChoices(ctx context.Context) (*EditChoices, error) {
	if err := a.require(ctx, quartier.PermEditAtlas, "atlas", ""); err != nil {
		return nil, err
	}
	actor := quartier.ActorFrom(ctx)
	codes, anyProvider := actor.ActsFor()
	c := &EditChoices{AnyProvider: anyProvider}
	err := a.store.View(ctx, func(tx quartier.Tx) error {
		var err error
		if c.Topics, err = tx.Topics(ctx); err != nil {
			return err
		}
		if len(c.Topics) == 0 {
			c.Topics = quartier.DefaultTopics
		}
		provs, err := tx.Providers(ctx)
		if err != nil {
			return err
		}
		c.Providers = nil
		for _, p := range provs {
			if anyProvider || slices.Contains(codes, p.Code) {
				c.Providers = append(c.Providers, p)
			}
		}
		places, err := tx.Places(ctx)
		if err != nil {
			return err
		}
		c.Places = nil
		for _, p := range places {
			if !actor.EditsIn(p.Space) {
				continue
			}
			if !actor.ReadsConfidential(&p) {
				p = p.Redacted()
			}
			c.Places = append(c.Places, p)
		}
		return nil
	})
	sort.SliceStable(c.Places, func(i, j int) bool { return c.Places[i].Name < c.Places[j].Name })
	return c, err
}

// OfferDraft is an offer as its editor loads it into the form.
type OfferDraft struct {
	Offer     quartier.Offer
	PlaceKeys []string
	Places    []quartier.Place // its places, redacted as the actor may see them
}

// OfferForEdit loads an offer the actor may edit, ended ones included.
func (a *App) OfferForEdit(ctx context.Context, key string) (*OfferDraft, error) {
	if err := a.require(ctx, quartier.PermEditAtlas, "offer", key); err != nil {
		return nil, err
	}
	actor := quartier.ActorFrom(ctx)
	var d *OfferDraft
	err := a.store.View(ctx, func(tx quartier.Tx) error {
		st, err := a.loadAtlas(ctx, tx, false)
		if err != nil {
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
	return d, err
}

// PlaceForEdit loads a place the actor may edit. Blind is set for a
// confidential place whose address the actor may not read: it comes
// redacted, and saving keeps the stored address (see SavePlace).
func (a *App) PlaceForEdit(ctx context.Context, key string) (p *quartier.Place, blind bool, err error) {
	if err := a.require(ctx, quartier.PermEditAtlas, "place", key); err != nil {
		return nil, false, err
	}
	actor := quartier.ActorFrom(ctx)
	err = a.store.View(ctx, func(tx quartier.Tx) error {
		st, err := a.loadAtlas(ctx, tx, false)
		if err != nil {
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
	return p, blind, err
}
