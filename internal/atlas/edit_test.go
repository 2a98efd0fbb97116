package atlas

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/quartier/quartier"
)

// wholeReads counts the reads of the whole atlas (every offer, every
// place, every provider) in writing and reading transactions.
type wholeReads struct {
	quartier.StoreOf[Tx]
	n *int
}

func (s wholeReads) Update(ctx context.Context, fn func(tx Tx) error) error {
	return s.StoreOf.Update(ctx, func(tx Tx) error { return fn(wholeReadsTx{tx, s.n}) })
}

func (s wholeReads) View(ctx context.Context, fn func(tx Tx) error) error {
	return s.StoreOf.View(ctx, func(tx Tx) error { return fn(wholeReadsTx{tx, s.n}) })
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

func (t wholeReadsTx) Providers(ctx context.Context) ([]quartier.Provider, error) {
	*t.n++
	return t.Tx.Providers(ctx)
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

// offerReads counts what reading transactions read of the offers: whole
// lists, and the IDs read by ID.
type offerReads struct {
	quartier.StoreOf[Tx]
	whole *int
	byID  *[][]int64
}

func (s offerReads) View(ctx context.Context, fn func(tx Tx) error) error {
	return s.StoreOf.View(ctx, func(tx Tx) error { return fn(offerReadsTx{tx, s}) })
}

type offerReadsTx struct {
	Tx
	s offerReads
}

func (t offerReadsTx) Offers(ctx context.Context) ([]quartier.Offer, error) {
	*t.s.whole++
	return t.Tx.Offers(ctx)
}

func (t offerReadsTx) OffersByID(ctx context.Context, ids []int64) ([]quartier.Offer, error) {
	*t.s.byID = append(*t.s.byID, ids)
	return t.Tx.OffersByID(ctx, ids)
}

// The snapshot keeps no offer text: a result page reads its offers whole,
// the page's and no others, in one query, and shows them as stored.
// Searching reads no whole list once the snapshot is built.
func TestSearchPageReadsItsOffers(t *testing.T) {
	a := goldenCity(t)
	if _, err := a.snapshot(context.Background()); err != nil {
		t.Fatal(err)
	}
	whole, byID := 0, [][]int64{}
	a.store = offerReads{a.store, &whole, &byID}
	r, err := a.Search(context.Background(), SearchRequest{Text: "Beratung", PerPage: 3, Page: 2})
	if err != nil {
		t.Fatal(err)
	}
	if whole != 0 || len(byID) != 1 || len(byID[0]) != len(r.Hits) || len(r.Hits) != 3 {
		t.Fatalf("whole lists %d, by ID %v, %d hits", whole, byID, len(r.Hits))
	}
	for i, h := range r.Hits {
		if h.Offer.ID != byID[0][i] || h.Offer.Description == "" {
			t.Errorf("hit %d: %+v, read %v", i, h.Offer, byID[0])
		}
	}
	s := a.atlas.Load()
	if s.full.Load() != nil {
		t.Error("searching read the whole offers")
	}
	// The same page again comes from the offers shown before.
	again, err := a.Search(context.Background(), SearchRequest{Text: "Beratung", PerPage: 3, Page: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(byID) != 1 || !reflect.DeepEqual(again, r) {
		t.Errorf("second search read %v", byID[1:])
	}
}

// placeReads counts what reading transactions read of the places: whole
// lists, and the IDs read by ID.
type placeReads struct {
	quartier.StoreOf[Tx]
	whole *int
	byID  *[][]int64
}

func (s placeReads) View(ctx context.Context, fn func(tx Tx) error) error {
	return s.StoreOf.View(ctx, func(tx Tx) error { return fn(placeReadsTx{tx, s}) })
}

type placeReadsTx struct {
	Tx
	s placeReads
}

func (t placeReadsTx) Places(ctx context.Context) ([]quartier.Place, error) {
	*t.s.whole++
	return t.Tx.Places(ctx)
}

func (t placeReadsTx) PlacesByID(ctx context.Context, ids []int64) ([]quartier.Place, error) {
	*t.s.byID = append(*t.s.byID, ids)
	return t.Tx.PlacesByID(ctx, ids)
}

// The snapshot keeps places whole: a result page reads none from the
// store and shows them as stored, redacted per actor.
func TestSearchPageReadsItsPlaces(t *testing.T) {
	a := goldenCity(t)
	if _, err := a.snapshot(context.Background()); err != nil {
		t.Fatal(err)
	}
	stored := storedPlaces(t, a)
	whole, byID := 0, [][]int64{}
	a.store = placeReads{a.store, &whole, &byID}
	asd := roleCtx(quartier.RoleASD, "neukoelln")
	r, err := a.Search(asd, SearchRequest{PerPage: 100})
	if err != nil {
		t.Fatal(err)
	}
	if whole != 0 || len(byID) != 0 {
		t.Fatalf("whole lists %d, by ID %v, want none", whole, byID)
	}
	shown := 0
	for _, h := range r.Hits {
		for _, p := range h.Places {
			i := slices.IndexFunc(stored, func(s quartier.Place) bool { return s.ID == p.ID })
			if i < 0 || !reflect.DeepEqual(redactFor(quartier.ActorFrom(asd), stored[i]), p.Place) {
				t.Errorf("place not as stored:\n%+v\nwant\n%+v", p.Place, stored[i])
			}
			shown++
		}
	}
	if shown == 0 {
		t.Fatal("no places on the page")
	}
	sawShelter := false
	for _, h := range r.Hits {
		for _, p := range h.Places {
			if p.Key == "p-famz" && len(p.Accessibility) != 2 {
				t.Errorf("place not as stored: %+v", p)
			}
			if p.Key == "p-frauenhaus" {
				sawShelter = p.Street == "Geheimgasse" && p.ContactPath != ""
			}
		}
	}
	if !sawShelter {
		t.Fatalf("the ASD of the space sees the shelter on the page: %v", keys(r))
	}
	// The same page for the public, redacted.
	pub, err := a.Search(context.Background(), SearchRequest{PerPage: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(byID) != 0 {
		t.Errorf("second search read %v", byID)
	}
	for _, h := range pub.Hits {
		for _, p := range h.Places {
			if p.Confidential && (p.Street != "" || p.HasPoint() || p.Space != "" || p.Block != "" || p.Postcode != "") {
				t.Errorf("public page shows the shelter: %+v", p)
			}
		}
	}
	if s := a.atlas.Load(); s.full.Load() != nil {
		t.Error("searching read the whole atlas")
	}
}

// An offer at a shelter is listed with the place's address left out: its
// own text must not name the address (a search for the street would find
// the shelter, the list would print it). Refused at the field, in edits
// and imports; the same text at a public place is fine.
func TestOfferTextDoesNotLocateItsShelter(t *testing.T) {
	a := goldenCity(t)
	ctx := opCtx()
	imp := goldenAtlas()
	var shelterOffer OfferEntry
	for _, o := range imp.Offers {
		if o.Key == "frauenhaus" {
			shelterOffer = o
		}
	}
	e := shelterOffer
	e.Description = "Aufnahme rund um die Uhr, Geheimgasse 7."
	_, err := a.SaveOffer(ctx, OfferEdit{OfferEntry: e})
	if ps := quartier.ErrorProblems(err); quartier.ErrorCode(err) != quartier.EINVALID || len(ps) != 1 || ps[0].Code != "description" {
		t.Fatalf("description naming the shelter's street: %v", err)
	}
	e = shelterOffer
	e.Key, e.Name = "neu-frauenhaus", "Beratung (PLZ 12059)"
	if _, err := a.ImportAtlas(ctx, Import{Source: "Test", Offers: []OfferEntry{e}}); quartier.ErrorCode(err) != quartier.EINVALID {
		t.Fatalf("import of a name with the shelter's postcode: %v", err)
	}
	r, err := a.Search(ctx, SearchRequest{Text: "Geheimgasse"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Total != 0 {
		t.Errorf("the shelter's street finds %d offers", r.Total)
	}
	e = shelterOffer
	e.Description = "Aufnahme rund um die Uhr, Geheimgasse 7."
	e.PlaceKeys = []string{imp.Places[0].Key}
	if imp.Places[0].Confidential {
		t.Fatal("the first golden place is confidential")
	}
	if _, err := a.SaveOffer(ctx, OfferEdit{OfferEntry: e}); err != nil {
		t.Errorf("the text at a public place: %v", err)
	}
}

// A place does not become confidential while an offer there names its
// address: the offer would keep showing it.
func TestPlaceNotConfidentialWhileOffersNameIt(t *testing.T) {
	a := goldenCity(t)
	ctx := opCtx()
	imp := goldenAtlas()
	var p quartier.Place
	var o OfferEntry
	for _, x := range imp.Offers {
		if len(x.PlaceKeys) == 1 {
			for _, q := range imp.Places {
				if q.Key == x.PlaceKeys[0] && !q.Confidential && q.Street != "" {
					p, o = q, x
				}
			}
		}
		if p.Key != "" {
			break
		}
	}
	o.Description = "Sie finden uns in der " + p.Street + "."
	if _, err := a.SaveOffer(ctx, OfferEdit{OfferEntry: o}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Search(ctx, SearchRequest{}); err != nil { // the snapshot knows the offer's place
		t.Fatal(err)
	}
	conf := p
	conf.Confidential, conf.ContactPath = true, "Hotline"
	_, err := a.SavePlace(ctx, PlaceEdit{Place: conf})
	if ps := quartier.ErrorProblems(err); quartier.ErrorCode(err) != quartier.EINVALID || len(ps) != 1 || ps[0].Code != "confidential" || !strings.Contains(ps[0].Message, o.Key) {
		t.Fatalf("place made confidential while %s names its street: %v", o.Key, err)
	}
	o.Description = "Wir beraten vertraulich."
	if _, err := a.SaveOffer(ctx, OfferEdit{OfferEntry: o}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SavePlace(ctx, PlaceEdit{Place: conf}); err != nil {
		t.Fatalf("after the offer's change: %v", err)
	}
}
