package storetest

import (
	"fmt"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/quartier/quartier"
)

func testAtlas(t *testing.T, s quartier.Store) {
	six, twelve := 6, 12
	from, to := day(2025, 3, 1), day(2025, 9, 1)
	var provs map[string]*quartier.Provider
	var club, shelter quartier.Place
	var offer quartier.Offer
	update(t, s, func(tx quartier.Tx) error {
		provs = mkProviders(t, tx)
		if err := tx.SaveTopics(ctx, quartier.DefaultTopics()); err != nil {
			return err
		}
		club = quartier.Place{Key: "jfe-west", Name: "Jugendclub „West“", ProviderID: provs["awo"].ID, Street: "Müllerstraße", HouseNumber: "12a",
			Postcode: "13353", City: "Berlin", X: 389512.25, Y: 5821344.5, Block: "b1", Space: "west",
			Accessibility: []string{"stufenlos", "rollstuhl-wc"}, AccessibilityNote: "Klingel links", Source: "Test", VerifiedOn: day(2025, 1, 15)}
		shelter = quartier.Place{Key: "schutz-1", Name: "Schutzwohnung", Confidential: true, ContactPath: "Hotline 030 000000", City: "Berlin",
			X: 390000, Y: 5820000, VerifiedOn: day(2025, 1, 15)}
		for _, p := range []*quartier.Place{&club, &shelter} {
			if err := tx.CreatePlace(ctx, p); err != nil {
				return err
			}
		}
		offer = quartier.Offer{Key: "fussball-maedchen", Name: "Fußball für Mädchen", Description: "Training <b>jeden</b> Dienstag",
			ProviderID: provs["awo"].ID, Topics: []string{"sport", "offene-jugendarbeit"}, TargetGroups: []string{"maedchen"},
			MinAge: &six, MaxAge: &twelve, Capacity: &twelve, Languages: []string{"de", "tr"}, Costs: "kostenfrei", Status: quartier.OfferActive,
			ValidFrom: &from, ValidTo: &to, Places: []int64{club.ID, shelter.ID},
			Hours: quartier.OpeningHours{Weekly: []quartier.HoursSlot{{Day: time.Tuesday, Open: 16 * 60, Close: 18 * 60}}, ClosedOnHolidays: true,
				Exceptions: []quartier.HoursException{{From: day(2025, 7, 1), To: day(2025, 7, 31), Closed: true, Note: "Sommerpause"}}},
			Contacts:   []quartier.Contact{{Name: "Aylin K.", Role: "Trainerin", Phone: "030 1234", Email: "aylin@example.org", Visibility: quartier.VisibleProfessionals}},
			VerifiedOn: day(2025, 2, 1)}
		return tx.CreateOffer(ctx, &offer)
	})
	wantCode(t, s.Update(ctx, func(tx quartier.Tx) error {
		return tx.CreatePlace(ctx, &quartier.Place{Key: "jfe-west", Name: "Doppelt", VerifiedOn: day(2025, 1, 1)})
	}), quartier.ECONFLICT)
	// The database refuses a confidential place without a contact path
	// even if a caller skipped Validate.
	if err := s.Update(ctx, func(tx quartier.Tx) error {
		return tx.CreatePlace(ctx, &quartier.Place{Key: "schutz-2", Name: "x", Confidential: true, VerifiedOn: day(2025, 1, 1)})
	}); err == nil {
		t.Error("confidential place without contact path stored")
	}
	view(t, s, func(tx quartier.Tx) error {
		ts, err := tx.Topics(ctx)
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(ts, quartier.DefaultTopics()) {
			t.Errorf("topics round trip:\n%v\n%v", ts, quartier.DefaultTopics())
		}
		ps, err := tx.Places(ctx)
		if err != nil {
			return err
		}
		if len(ps) != 2 {
			t.Fatalf("%d places", len(ps))
		}
		got := ps[0]
		want := club
		want.Provider = "awo"
		if got.UpdatedAt.IsZero() {
			t.Error("updated_at not set")
		}
		got.UpdatedAt, want.UpdatedAt = time.Time{}, time.Time{}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("place round trip:\n got %+v\nwant %+v", got, want)
		}
		if !ps[1].Confidential || ps[1].ContactPath == "" {
			t.Errorf("confidential place: %+v", ps[1])
		}
		os, err := tx.Offers(ctx)
		if err != nil {
			return err
		}
		if len(os) != 1 {
			t.Fatalf("%d offers", len(os))
		}
		g, w := os[0], offer
		w.Provider = "awo"
		g.UpdatedAt, w.UpdatedAt = time.Time{}, time.Time{}
		if !reflect.DeepEqual(g, w) {
			t.Errorf("offer round trip:\n got %+v\nwant %+v", g, w)
		}
		return nil
	})
	update(t, s, func(tx quartier.Tx) error {
		offer.Places, offer.Status, offer.MinAge = []int64{club.ID}, quartier.OfferEnded, nil
		if err := tx.UpdateOffer(ctx, &offer); err != nil {
			return err
		}
		club.Name = "Jugendclub West"
		if err := tx.UpdatePlace(ctx, &club); err != nil {
			return err
		}
		return tx.SetPlaceAreas(ctx, shelter.ID, "b9", "ost")
	})
	view(t, s, func(tx quartier.Tx) error {
		os, err := tx.Offers(ctx)
		if err != nil {
			return err
		}
		if o := os[0]; !reflect.DeepEqual(o.Places, []int64{club.ID}) || o.Status != quartier.OfferEnded || o.MinAge != nil || *o.MaxAge != 12 {
			t.Errorf("offer after update: %+v", o)
		}
		ps, err := tx.Places(ctx)
		if err != nil {
			return err
		}
		if ps[0].Name != "Jugendclub West" || ps[1].Block != "b9" || ps[1].Space != "ost" {
			t.Errorf("places after update: %+v", ps)
		}
		return nil
	})
	// A few entries by key or ID read as the whole list does; unknown ones
	// are left out, an empty list reads nothing.
	view(t, s, func(tx quartier.Tx) error {
		allPlaces, err := tx.Places(ctx)
		if err != nil {
			return err
		}
		allOffers, err := tx.Offers(ctx)
		if err != nil {
			return err
		}
		byKey, err := tx.PlacesByKey(ctx, []string{"schutz-1", "gibt-es-nicht", "jfe-west"})
		if err != nil {
			return err
		}
		byID, err := tx.PlacesByID(ctx, []int64{shelter.ID, 999999})
		if err != nil {
			return err
		}
		none, err := tx.PlacesByID(ctx, nil)
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(byKey, allPlaces) || !reflect.DeepEqual(byID, allPlaces[1:]) || len(none) != 0 {
			t.Errorf("places by key %+v, by id %+v, none %+v; want %+v", byKey, byID, none, allPlaces)
		}
		oByKey, err := tx.OffersByKey(ctx, []string{"fussball-maedchen", "x"})
		if err != nil {
			return err
		}
		oByID, err := tx.OffersByID(ctx, []int64{999999, offer.ID})
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(oByKey, allOffers) || !reflect.DeepEqual(oByID, allOffers) {
			t.Errorf("offers by key %+v, by id %+v; want %+v", oByKey, oByID, allOffers)
		}
		return nil
	})
	// A place an offer uses cannot vanish under it.
	wantCode(t, s.Update(ctx, func(tx quartier.Tx) error {
		return tx.UpdateOffer(ctx, &quartier.Offer{ID: offer.ID, Key: offer.Key, Name: "x", Topics: []string{"sport"}, Status: quartier.OfferActive, Places: []int64{999999}, VerifiedOn: day(2025, 1, 1)})
	}), quartier.ECONFLICT)
}

// testAtlasChanges: the change feed names every offer and place written
// after a generation, with the generation its transaction commits (the
// stored one + 1) or a later one, never an earlier one; a rolled-back
// write leaves nothing; pruning forgets what is old.
func testAtlasChanges(t *testing.T, s quartier.Store) {
	const genKey = "atlas.generation"
	bump := func(tx quartier.Tx, g int) error { return tx.SetSetting(ctx, genKey, strconv.Itoa(g)) }
	var a, b quartier.Offer
	var place quartier.Place
	update(t, s, func(tx quartier.Tx) error { return bump(tx, 4) })
	update(t, s, func(tx quartier.Tx) error {
		provs := mkProviders(t, tx)
		place = quartier.Place{Key: "p1", Name: "Treff", ProviderID: provs["awo"].ID, VerifiedOn: day(2025, 1, 1)}
		if err := tx.CreatePlace(ctx, &place); err != nil {
			return err
		}
		a = quartier.Offer{Key: "a", Name: "A", Topics: []string{"sport"}, Status: quartier.OfferActive, Places: []int64{place.ID}, VerifiedOn: day(2025, 1, 1)}
		b = quartier.Offer{Key: "b", Name: "B", Topics: []string{"sport"}, Status: quartier.OfferActive, VerifiedOn: day(2025, 1, 1)}
		for _, o := range []*quartier.Offer{&a, &b} {
			if err := tx.CreateOffer(ctx, o); err != nil {
				return err
			}
		}
		return bump(tx, 5)
	})
	// changed lists the keys of the offers and places written after gen.
	changed := func(after int64) (n int, offers, places []string) {
		t.Helper()
		view(t, s, func(tx quartier.Tx) error {
			var err error
			if n, err = tx.AtlasChanges(ctx, after); err != nil {
				return err
			}
			os, err := tx.ChangedOffers(ctx, after)
			if err != nil {
				return err
			}
			for _, o := range os {
				offers = append(offers, o.Key+fmt.Sprint(o.Places))
			}
			ps, err := tx.ChangedPlaces(ctx, after)
			for _, p := range ps {
				places = append(places, p.Key)
			}
			return err
		})
		return n, offers, places
	}
	check := func(after int64, wantN int, wantOffers, wantPlaces []string) {
		t.Helper()
		n, offers, places := changed(after)
		if n != wantN || !reflect.DeepEqual(offers, wantOffers) || !reflect.DeepEqual(places, wantPlaces) {
			t.Errorf("after %d: %d changes, offers %q, places %q; want %d, %q, %q", after, n, offers, places, wantN, wantOffers, wantPlaces)
		}
	}
	pl := fmt.Sprint([]int64{place.ID})
	check(4, 3, []string{"a" + pl, "b[]"}, []string{"p1"})
	check(5, 0, nil, nil)
	// The atlas's write path: the write, then the counter moves.
	update(t, s, func(tx quartier.Tx) error {
		b.Name, b.Places = "B2", []int64{place.ID}
		if err := tx.UpdateOffer(ctx, &b); err != nil {
			return err
		}
		return bump(tx, 6)
	})
	check(5, 1, []string{"b" + pl}, nil)
	check(4, 3, []string{"a" + pl, "b" + pl}, []string{"p1"})
	// The counter first, then the write: named a generation later.
	update(t, s, func(tx quartier.Tx) error {
		if err := bump(tx, 7); err != nil {
			return err
		}
		return tx.SetPlaceAreas(ctx, place.ID, "b1", "west")
	})
	check(6, 1, nil, []string{"p1"})
	check(7, 1, nil, []string{"p1"})
	// A write that rolls back leaves nothing.
	wantCode(t, s.Update(ctx, func(tx quartier.Tx) error {
		a.Name = "A2"
		if err := tx.UpdateOffer(ctx, &a); err != nil {
			return err
		}
		return quartier.Errorf(quartier.EINVALID, "abgebrochen")
	}), quartier.EINVALID)
	check(7, 1, nil, []string{"p1"})
	update(t, s, func(tx quartier.Tx) error { return tx.PruneAtlasChanges(ctx, 5) })
	check(0, 2, []string{"b" + pl}, []string{"p1"})
}
