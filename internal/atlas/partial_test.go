package atlas

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
)

// Verifying, the review (queue, one suggestion, accept, reject, submit), a
// small import, an entry's form and history read the entries they touch,
// not the whole atlas
// (seconds at 100,000 offers, in the transaction that holds up every other
// writer), and still answer as before.
func TestReviewVerifyImportReadOnlyWhatTheyTouch(t *testing.T) {
	a := atlasApp(t, func(imp *Import) { imp.Offers[0].VerifiedOn = day0 })
	ctx := context.Background()
	if _, err := a.snapshot(ctx); err != nil {
		t.Fatal(err)
	}
	n := 0
	a.store = wholeReads{a.store, &n}
	anon := audit.WithRemote(ctx, "198.51.100.8")
	x, y := cellCenter(0, 0) // west
	submit := submitter(t, a.Service, anon)
	newOffer := submit(quartier.Suggestion{Kind: quartier.SuggestNew, Proposed: quartier.ProposedOffer{Name: "Elterncafé"}, X: x, Y: y, Message: "freitags"})
	correction := submit(quartier.Suggestion{Kind: quartier.SuggestCorrection, EntityKind: quartier.EntityOffer, EntityKey: "treff", Message: "neuer Name"})
	problem := submit(quartier.Suggestion{Kind: quartier.SuggestProblem, EntityKind: quartier.EntityPlace, EntityKey: "fh", Message: "Hotline falsch"})
	if correction.Space != "west" || problem.Space != "ost" {
		t.Errorf("spaces: %q %q", correction.Space, problem.Space)
	}
	west, ost, all := roleCtx(quartier.RolePlanner, "west"), roleCtx(quartier.RolePlanner, "ost"), roleCtx(quartier.RolePlanner)

	items, err := a.Suggestions(west, quartier.SuggestionFilter{Status: quartier.SuggestionOpen})
	if err != nil {
		t.Fatal(err)
	}
	var got []int64
	for _, it := range items {
		got = append(got, it.ID)
		if it.ID == correction.ID && it.EntityName != "Offener Treff" {
			t.Errorf("entry name: %+v", it)
		}
	}
	if !slices.Equal(got, []int64{newOffer.ID, correction.ID}) && !slices.Equal(got, []int64{correction.ID, newOffer.ID}) {
		t.Errorf("west's queue: %v", got)
	}
	if it, err := a.Suggestion(all, problem.ID); err != nil || it.EntityName != "Frauenhaus" || !it.SpaceHidden {
		t.Errorf("the shelter's suggestion to a blind reviewer: %+v %v", it, err)
	}
	_, err = a.Suggestion(west, problem.ID)
	wantErr(t, "another space's suggestion", err, quartier.ENOTFOUND)
	err = a.RejectSuggestion(ost, correction.ID, "nein")
	wantErr(t, "rejecting another space's suggestion", err, quartier.ENOTFOUND)

	if err := a.Verify(west, quartier.EntityOffer, "treff"); err != nil {
		t.Fatal(err)
	}
	if err := a.Verify(west, quartier.EntityPlace, "club"); err != nil {
		t.Fatal(err)
	}
	wantErr(t, "verifying outside the space", a.Verify(west, quartier.EntityOffer, "schutz"), quartier.EFORBIDDEN)
	wantErr(t, "verifying the hidden shelter", a.Verify(west, quartier.EntityPlace, "fh"), quartier.ENOTFOUND)
	wantErr(t, "verifying an unknown offer", a.Verify(west, quartier.EntityOffer, "gibt-es-nicht"), quartier.ENOTFOUND)

	treff := currentOfferIn(t, a, "treff")
	treff.Name = "Offener Treff am Lindenweg"
	if err := a.AcceptSuggestion(west, correction.ID, Accept{Offer: &OfferEdit{OfferEntry: OfferEntry{Offer: treff, PlaceKeys: []string{"club"}}}}); err != nil {
		t.Fatal(err)
	}
	if err := a.RejectSuggestion(all, problem.ID, "stimmt"); err != nil {
		t.Fatal(err)
	}
	// A new place named like a stored one: its key is free in the store,
	// not only among the entries the acceptance read.
	acc := Accept{
		Place: &PlaceEdit{Place: quartier.Place{Name: "Club", X: x, Y: y}},
		Offer: &OfferEdit{OfferEntry: OfferEntry{Offer: quartier.Offer{Name: "Treff", Topics: []string{"elterncafe"}, Status: quartier.OfferActive}}},
	}
	if err := a.AcceptSuggestion(west, newOffer.ID, acc); err != nil {
		t.Fatal(err)
	}
	if _, err := a.ImportAtlas(opCtx(), Import{Source: "Nachtrag", Offers: []OfferEntry{
		{Offer: quartier.Offer{Key: "treff", Name: "Offener Treff", Provider: "awo", Topics: []string{"offene-jugendarbeit"}, Status: quartier.OfferActive}, PlaceKeys: []string{"club"}},
		{Offer: quartier.Offer{Key: "nachtrag", Name: "Nachtrag", Topics: []string{"sport"}, Status: quartier.OfferActive}, PlaceKeys: []string{"club-2"}},
	}}); err != nil {
		t.Fatal(err)
	}
	// Opening an entry's form or history reads that entry.
	if d, err := a.OfferForEdit(west, "treff"); err != nil || len(d.Places) != 1 || d.PlaceKeys[0] != "club" {
		t.Errorf("offer form: %+v %v", d, err)
	}
	if p, blind, err := a.PlaceForEdit(west, "club"); err != nil || blind || p.Name != "Jugendclub West" {
		t.Errorf("place form: %+v %v", p, err)
	}
	_, _, err = a.PlaceForEdit(west, "fh")
	wantErr(t, "the hidden shelter's form", err, quartier.ENOTFOUND)
	if h, err := a.History(west, quartier.EntityOffer, "nachtrag"); err != nil || len(h.Entries) != 1 || !strings.Contains(fmt.Sprint(h.Entries[0].Fields), "Club (club-2)") {
		t.Errorf("history names the place: %+v %v", h, err)
	}
	if n != 0 {
		t.Errorf("verify, review, import, forms and history read the whole atlas %d times", n)
	}

	a.store = a.store.(wholeReads).StoreOf
	offer := currentOffer(t, a, "treff-2")
	if place := currentPlace(t, a, "club-2"); len(offer.Places) != 1 || offer.Places[0] != place.ID || place.Name != "Club" {
		t.Errorf("accepted offer %+v at %+v", offer, place)
	}
	if o := currentOffer(t, a, "nachtrag"); len(o.Places) != 1 || o.Places[0] != currentPlace(t, a, "club-2").ID {
		t.Errorf("imported offer at a stored place: %+v", o)
	}
	h := history(t, a, quartier.EntityOffer, "treff")
	var whys []string
	for _, e := range h {
		whys = append(whys, e.Why)
	}
	if want := []string{quartier.WhyImport("Nachtrag"), quartier.WhySuggestion(correction.ID), quartier.WhyVerified, quartier.WhyImport("Test")}; !slices.Equal(whys, want) {
		t.Errorf("history of treff: %q, want %q", whys, want)
	}
}

// currentOfferIn is the stored offer read by key.
func currentOfferIn(t *testing.T, a *env, key string) quartier.Offer {
	t.Helper()
	var o []quartier.Offer
	if err := a.store.View(context.Background(), func(tx Tx) (err error) {
		o, err = tx.OffersByKey(context.Background(), []string{key})
		return err
	}); err != nil || len(o) != 1 {
		t.Fatalf("offer %s: %v %v", key, o, err)
	}
	return o[0]
}

// An import into a stored atlas updates what it names (history with the
// stored state before), creates the rest, finds the places its offers name
// only in the store, checks the scope of an offer's stored places, and
// refuses an entry without key, all or nothing.
func TestImportIntoStoredAtlas(t *testing.T) {
	a := atlasApp(t)
	x, y := cellCenter(0, 0) // west
	imp := Import{Source: "Nachtrag",
		// One stored, one new, named by an offer below.
		Providers: []quartier.Provider{{Code: "awo", Name: "AWO"}, {Code: "nachbarn", Name: "Nachbarn e. V.", Kind: quartier.ProviderIndependent}},
		Places: []quartier.Place{
			{Key: "club", Name: "Jugendclub West", Provider: "awo", Street: "Lindenweg", HouseNumber: "5", City: "Teststadt", X: x, Y: y},
			{Key: "halle", Name: "Sporthalle", Street: "Am Platz", HouseNumber: "1", City: "Teststadt", X: x, Y: y},
		},
		Offers: []OfferEntry{
			{Offer: quartier.Offer{Key: "treff", Name: "Offener Treff", Provider: "awo", Topics: []string{"offene-jugendarbeit"}, Status: quartier.OfferActive}, PlaceKeys: []string{"club", "halle"}},
			{Offer: quartier.Offer{Key: "fussball", Name: "Fußball", Provider: "nachbarn", Topics: []string{"sport"}, Status: quartier.OfferActive}, PlaceKeys: []string{"halle"}},
			// At a stored place the import does not name.
			{Offer: quartier.Offer{Key: "beratung", Name: "Beratung", Topics: []string{"schutz"}, Status: quartier.OfferActive}, PlaceKeys: []string{"fh"}},
		},
	}
	// West's editor may not take the shelter's offer to west: the stored
	// offer lies at the shelter, in ost.
	moved := imp
	moved.Offers = append(slices.Clone(imp.Offers[:2]), OfferEntry{Offer: quartier.Offer{Key: "schutz", Name: "Schutz", Topics: []string{"schutz"}, Status: quartier.OfferActive}, PlaceKeys: []string{"club"}})
	before := deniedAudits(t, a, "atlas")
	_, err := a.ImportAtlas(roleCtx(quartier.RolePlanner, "west"), moved)
	wantErr(t, "moving the shelter's offer", err, quartier.EFORBIDDEN)
	if deniedAudits(t, a, "atlas") != before+1 {
		t.Error("the refused import is not audited")
	}
	keyless := imp
	keyless.Offers = append(slices.Clone(imp.Offers), OfferEntry{Offer: quartier.Offer{Name: "Ohne Schlüssel", Topics: []string{"sport"}, Status: quartier.OfferActive}})
	_, err = a.ImportAtlas(opCtx(), keyless)
	wantErr(t, "an offer without key", err, quartier.EINVALID)
	unknown := imp
	unknown.Offers = append(slices.Clone(imp.Offers), OfferEntry{Offer: quartier.Offer{Key: "fremd", Name: "Fremd", Provider: "gibt-es-nicht", Topics: []string{"sport"}, Status: quartier.OfferActive}})
	_, err = a.ImportAtlas(opCtx(), unknown)
	wantErr(t, "an offer of an unknown provider", err, quartier.EINVALID)
	var offers []quartier.Offer
	if err := a.store.View(context.Background(), func(tx Tx) (err error) {
		offers, err = tx.OffersByKey(context.Background(), []string{"fussball", "beratung", "fremd"})
		return err
	}); err != nil || len(offers) != 0 {
		t.Fatalf("refused imports wrote %v %v", offers, err)
	}

	rep, err := a.ImportAtlas(opCtx(), imp)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Providers != 1 || rep.Places != 2 || rep.Offers != 3 {
		t.Errorf("report %+v", rep)
	}
	club, halle, fh := currentPlace(t, a, "club"), currentPlace(t, a, "halle"), currentPlace(t, a, "fh")
	if club.HouseNumber != "5" {
		t.Errorf("club not updated: %+v", club)
	}
	if o := currentOffer(t, a, "treff"); !slices.Equal(o.Places, []int64{club.ID, halle.ID}) {
		t.Errorf("treff at %v", o.Places)
	}
	if o := currentOffer(t, a, "beratung"); !slices.Equal(o.Places, []int64{fh.ID}) {
		t.Errorf("beratung at %v, want the stored shelter %d", o.Places, fh.ID)
	}
	h := history(t, a, quartier.EntityOffer, "treff")
	if len(h) != 2 || h[0].Why != quartier.WhyImport("Nachtrag") {
		t.Fatalf("history of treff: %+v", h)
	}
	if f, ok := fieldChange(h[0], "Orte"); !ok || !strings.Contains(f.Before, "Jugendclub West") || !strings.Contains(f.After, "Sporthalle") {
		t.Errorf("treff's change names its stored places before: %+v", h[0].Fields)
	}
	if h := history(t, a, quartier.EntityOffer, "fussball"); len(h) != 1 || !strings.Contains(fmt.Sprint(h[0].Fields), "Nachbarn e. V. (nachbarn)") {
		t.Errorf("history of a new offer: %+v", h)
	}
	// Again: nothing changed, nothing to keep.
	if _, err := a.ImportAtlas(opCtx(), imp); err != nil {
		t.Fatal(err)
	}
	if h := history(t, a, quartier.EntityPlace, "club"); len(h) != 2 {
		t.Errorf("a repeated import kept history: %+v", h)
	}
}

// An import naming more entries than one IN list holds reads them all:
// the second run updates every offer instead of creating it again.
func TestImportReadsInChunks(t *testing.T) {
	a := atlasApp(t)
	imp := Import{Source: "Viele"}
	for i := range needChunk + 3 {
		imp.Offers = append(imp.Offers, OfferEntry{Offer: quartier.Offer{Key: fmt.Sprintf("kurs-%d", i), Name: "Kurs", Topics: []string{"sport"}, Status: quartier.OfferActive}, PlaceKeys: []string{"club"}})
	}
	for run := range 2 {
		rep, err := a.ImportAtlas(opCtx(), imp)
		if err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
		if rep.Offers != len(imp.Offers) {
			t.Errorf("run %d: %+v", run, rep)
		}
		imp.Offers[needChunk+2].Name = "Kurs, geändert"
	}
	last := currentOffer(t, a, fmt.Sprintf("kurs-%d", needChunk+2))
	if last.Name != "Kurs, geändert" {
		t.Errorf("last offer: %+v", last)
	}
}
