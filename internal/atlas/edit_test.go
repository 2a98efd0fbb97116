package atlas

import (
	"context"
	"testing"

	"github.com/quartier/quartier"
)

// wholeReads counts the reads of the whole atlas (every offer, every
// place) in writing transactions.
type wholeReads struct {
	quartier.StoreOf[Tx]
	n *int
}

func (s wholeReads) Update(ctx context.Context, fn func(tx Tx) error) error {
	return s.StoreOf.Update(ctx, func(tx Tx) error { return fn(wholeReadsTx{tx, s.n}) })
}

type wholeReadsTx struct {
	Tx
	n *int
}

func (t wholeReadsTx) Offers(ctx context.Context) ([]quartier.Offer, error) {
	*t.n++
	return t.Tx.Offers(ctx)
}

func (t wholeReadsTx) Places(ctx context.Context) ([]quartier.Place, error) {
	*t.n++
	return t.Tx.Places(ctx)
}

// Saving an offer or a place reads what the edit touches, not the whole
// atlas (seconds at 100,000 offers), and still checks keys, places and
// scope as before: a taken key, an unknown place and an edit outside the
// editor's spaces are refused, a new entry without a key gets a free one.
func TestSaveReadsOnlyWhatItTouches(t *testing.T) {
	a := goldenCity(t)
	n := 0
	a.store = wholeReads{a.store, &n}
	ctx := opCtx()
	imp := goldenAtlas()
	e := imp.Offers[0]
	e.Name += " Zebrakurs"
	if _, err := a.SaveOffer(ctx, OfferEdit{OfferEntry: e}); err != nil {
		t.Fatal(err)
	}
	p := imp.Places[0]
	p.Name += " Zebrahaus"
	if _, err := a.SavePlace(ctx, PlaceEdit{Place: p}); err != nil {
		t.Fatal(err)
	}
	// A new offer named like an existing one gets the next free key.
	twin := imp.Offers[0]
	twin.Key = ""
	saved, err := a.SaveOffer(ctx, OfferEdit{OfferEntry: twin, New: true})
	if err != nil {
		t.Fatal(err)
	}
	if saved.Key == "" || saved.Key == imp.Offers[0].Key {
		t.Errorf("new offer got key %q", saved.Key)
	}
	newPlace := imp.Places[0]
	newPlace.Key = ""
	savedPlace, err := a.SavePlace(ctx, PlaceEdit{Place: newPlace, New: true})
	if err != nil {
		t.Fatal(err)
	}
	if savedPlace.Key == "" || savedPlace.Key == imp.Places[0].Key {
		t.Errorf("new place got key %q", savedPlace.Key)
	}
	if n != 0 {
		t.Errorf("saves read the whole atlas %d times", n)
	}
	r, err := a.Search(ctx, SearchRequest{Text: "Zebrakurs Zebrahaus"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Total == 0 {
		t.Error("edits not found")
	}

	taken := imp.Offers[1]
	if _, err := a.SaveOffer(ctx, OfferEdit{OfferEntry: taken, New: true}); quartier.ErrorCode(err) != quartier.ECONFLICT {
		t.Errorf("new offer with a taken key: %v", err)
	}
	unknown := imp.Offers[1]
	unknown.PlaceKeys = []string{"gibt-es-nicht"}
	if _, err := a.SaveOffer(ctx, OfferEdit{OfferEntry: unknown}); quartier.ErrorCode(err) != quartier.EINVALID {
		t.Errorf("offer at an unknown place: %v", err)
	}
	missing := imp.Offers[1]
	missing.Key = "gibt-es-nicht"
	if _, err := a.SaveOffer(ctx, OfferEdit{OfferEntry: missing}); quartier.ErrorCode(err) != quartier.ENOTFOUND {
		t.Errorf("edit of an unknown offer: %v", err)
	}
}
