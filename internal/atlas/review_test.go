package atlas

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/testcity"
)

// providerCtx is provider staff acting for provider in the given spaces,
// as a provider-scoped grant resolves.

// atlasApp is the grid (columns west, mitte, ost as spaces) with the atlas
// fixture imported by the operator.
func atlasApp(t *testing.T, mut ...func(*Import)) *env {
	t.Helper()
	a := newApp(t)
	importGrid(t, a, 0, day0)
	composeColumns(t, a, true)
	imp := atlasFixture()
	imp.Providers = append(imp.Providers, quartier.Provider{Code: "caritas", Name: "Caritas", Kind: quartier.ProviderIndependent})
	for _, m := range mut {
		m(&imp)
	}
	if _, err := a.ImportAtlas(opCtx(), imp); err != nil {
		t.Fatalf("%v %v", err, quartier.ErrorProblems(err))
	}
	return a
}

func wantErr(t *testing.T, what string, err error, code string) {
	t.Helper()
	if quartier.ErrorCode(err) != code {
		t.Errorf("%s: %v, want %s", what, err, code)
	}
}

// stored finds the entry with key among what list reads from the store.
func stored[T any](t *testing.T, a *env, key string, list func(Tx) ([]T, error), keyOf func(*T) string) T {
	t.Helper()
	var out []T
	if err := a.store.View(context.Background(), func(tx Tx) error {
		var err error
		out, err = list(tx)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	for i := range out {
		if keyOf(&out[i]) == key {
			return out[i]
		}
	}
	t.Fatalf("%s missing", key)
	return out[0]
}

func currentOffer(t *testing.T, a *env, key string) quartier.Offer {
	t.Helper()
	return stored(t, a, key, func(tx Tx) ([]quartier.Offer, error) { return tx.Offers(context.Background()) }, func(o *quartier.Offer) string { return o.Key })
}

func currentPlace(t *testing.T, a *env, key string) quartier.Place {
	t.Helper()
	return stored(t, a, key, func(tx Tx) ([]quartier.Place, error) { return tx.Places(context.Background()) }, func(p *quartier.Place) string { return p.Key })
}

func history(t *testing.T, a *env, kind quartier.EntityKind, key string) []HistoryEntry {
	t.Helper()
	h, err := a.History(opCtx(), kind, key)
	if err != nil {
		t.Fatalf("history %s %s: %v", kind, key, err)
	}
	if h.Name == "" {
		t.Errorf("history of %s %s without the entry's name", kind, key)
	}
	return h.Entries
}

func fieldChange(h HistoryEntry, label string) (quartier.FieldChange, bool) {
	for _, f := range h.Fields {
		if f.Label == label {
			return f, true
		}
	}
	return quartier.FieldChange{}, false
}

func generation(t *testing.T, a *env) int64 {
	var g int64
	if err := a.store.View(context.Background(), func(tx Tx) error {
		var err error
		g, err = atlasGeneration(context.Background(), tx)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return g
}

func deniedAudits(t *testing.T, a *env, objectType string) int {
	t.Helper()
	var n int
	a.store.View(context.Background(), func(tx Tx) error {
		es, err := tx.AuditEntries(context.Background(), quartier.AuditFilter{ObjectType: objectType})
		n = testcity.Outcomes(es, quartier.OutcomeDenied)
		return err
	})
	return n
}

func TestImportWritesHistory(t *testing.T) {
	a := atlasApp(t)
	h := history(t, a, quartier.EntityOffer, "treff")
	if len(h) != 1 || h[0].Why != "Import Test" || !h[0].Created || h[0].Login != "cli" {
		t.Fatalf("history after import: %+v", h)
	}
	// Places and provider by name, the code beside it.
	if f, ok := fieldChange(h[0], "Orte"); !ok || f.After != "Jugendclub West (club)" {
		t.Errorf("created offer lists its places: %+v", h[0].Fields)
	}
	if f, ok := fieldChange(h[0], "Träger"); !ok || f.After != "AWO (awo)" {
		t.Errorf("created offer names its provider: %+v", h[0].Fields)
	}
	// A repeated import of the same data adds nothing; a changed one adds
	// exactly the changed entry.
	if _, err := a.ImportAtlas(opCtx(), atlasFixture()); err != nil {
		t.Fatal(err)
	}
	imp := atlasFixture()
	imp.Source = "Geoportal"
	imp.Offers[0].Name = "Offener Treff am Abend"
	imp.Offers[0].Source = "Test"
	imp.Places[0].Source = "Test"
	if _, err := a.ImportAtlas(opCtx(), imp); err != nil {
		t.Fatal(err)
	}
	h = history(t, a, quartier.EntityOffer, "treff")
	if len(h) != 2 || h[0].Why != "Import Geoportal" || h[0].Created {
		t.Fatalf("history after re-imports: %+v", h)
	}
	if f, ok := fieldChange(h[0], "Name"); !ok || f.Before != "Offener Treff" || f.After != "Offener Treff am Abend" || len(h[0].Fields) != 1 {
		t.Errorf("changed fields: %+v", h[0].Fields)
	}
	if p := history(t, a, quartier.EntityPlace, "club"); len(p) != 1 {
		t.Errorf("unchanged place got history: %+v", p)
	}
}

func TestSaveOfferAndPlaceScope(t *testing.T) {
	a := atlasApp(t)
	west, ost := roleCtx(quartier.RolePlanner, "west"), roleCtx(quartier.RolePlanner, "ost")
	awo, caritas := providerCtx("awo", "west"), providerCtx("caritas", "west")
	x, y := cellCenter(2, 0) // west
	gen := generation(t, a)

	// A new place without key gets one from its name.
	p, err := a.SavePlace(west, PlaceEdit{Place: quartier.Place{Name: "Jugendklub am Mauerpark", Street: "Am Park", HouseNumber: "1", X: x, Y: y}, New: true})
	if err != nil {
		t.Fatal(err)
	}
	if p.Key != "jugendklub-am-mauerpark" || p.Space != "west" || p.Block != "r2c0" || !p.VerifiedOn.Equal(a.today()) {
		t.Errorf("new place %+v", p)
	}
	if generation(t, a) <= gen {
		t.Error("saving a place did not move the atlas generation")
	}
	if h := history(t, a, quartier.EntityPlace, p.Key); len(h) != 1 || h[0].Why != quartier.WhyEdit || !h[0].Created || h[0].Login != "t-planner" {
		t.Errorf("history of the new place: %+v", h)
	}
	_, err = a.SavePlace(west, PlaceEdit{Place: quartier.Place{Key: p.Key, Name: "Doppelt"}, New: true})
	wantErr(t, "new place with a taken key", err, quartier.ECONFLICT)
	_, err = a.SavePlace(west, PlaceEdit{Place: quartier.Place{Key: "nirgends", Name: "x"}})
	wantErr(t, "edit of an unknown place", err, quartier.ENOTFOUND)

	// Editing keeps the verified date unless the editor confirms it.
	club := currentPlace(t, a, "club")
	club.Name = "Jugendclub West (neu)"
	if _, err := a.SavePlace(west, PlaceEdit{Place: club, Note: "Umbenennung laut Träger"}); err != nil {
		t.Fatal(err)
	}
	h := history(t, a, quartier.EntityPlace, "club")
	if len(h) != 2 || h[0].Why != "Bearbeitung: Umbenennung laut Träger" || len(h[0].Fields) != 1 || h[0].Fields[0].After != "Jugendclub West (neu)" {
		t.Errorf("history of the edit: %+v", h)
	}
	// Moving the place into another space is refused, as is editing from
	// another space; both are audited, and nothing is written.
	denials := deniedAudits(t, a, "place")
	moved := currentPlace(t, a, "club")
	moved.X, moved.Y = cellCenter(1, 2)
	_, err = a.SavePlace(west, PlaceEdit{Place: moved})
	wantErr(t, "moving a place out of the editor's spaces", err, quartier.EFORBIDDEN)
	_, err = a.SavePlace(ost, PlaceEdit{Place: currentPlace(t, a, "club")})
	wantErr(t, "editing a place of another space", err, quartier.EFORBIDDEN)
	if got := deniedAudits(t, a, "place"); got != denials+2 {
		t.Errorf("%d denials audited, want %d", got, denials+2)
	}
	if c := currentPlace(t, a, "club"); c.Space != "west" || len(history(t, a, quartier.EntityPlace, "club")) != 2 {
		t.Errorf("refused edits left traces: %+v", c)
	}
	_, err = a.SavePlace(context.Background(), PlaceEdit{Place: club})
	wantErr(t, "anonymous edit", err, quartier.EFORBIDDEN)

	// Provider staff edit their own provider's entries only.
	treff := currentOffer(t, a, "treff")
	treff.Description = "Mit Küche"
	edit := OfferEdit{OfferEntry: OfferEntry{Offer: treff, PlaceKeys: []string{"club"}}, Verified: true}
	if _, err := a.SaveOffer(awo, edit); err != nil {
		t.Fatalf("provider edits its own offer: %v", err)
	}
	if o := currentOffer(t, a, "treff"); o.Description != "Mit Küche" || !o.VerifiedOn.Equal(a.today()) {
		t.Errorf("saved offer %+v", o)
	}
	_, err = a.SaveOffer(caritas, edit)
	wantErr(t, "another provider edits the offer", err, quartier.EFORBIDDEN)
	alt := currentOffer(t, a, "alt") // no provider, at the club in west
	_, err = a.SaveOffer(awo, OfferEdit{OfferEntry: OfferEntry{Offer: alt, PlaceKeys: []string{"club"}}})
	wantErr(t, "provider edits an entry without provider", err, quartier.EFORBIDDEN)
	// Handing its offer to another provider is as forbidden as taking one.
	handed := edit
	handed.Provider = "caritas"
	_, err = a.SaveOffer(awo, handed)
	wantErr(t, "provider hands its offer over", err, quartier.EFORBIDDEN)
	// Adding a place in another space touches that space.
	spread := edit
	spread.PlaceKeys = []string{"club", "fh"}
	_, err = a.SaveOffer(west, spread)
	wantErr(t, "offer spread into another space", err, quartier.EFORBIDDEN)
	if _, err := a.SaveOffer(roleCtx(quartier.RolePlanner), spread); err != nil {
		t.Errorf("a planner of all spaces spreads the offer: %v", err)
	}
	newOffer := OfferEdit{OfferEntry: OfferEntry{Offer: quartier.Offer{Name: "Hausaufgabenhilfe", Provider: "awo", Topics: []string{"bildung"}, Status: quartier.OfferActive}, PlaceKeys: []string{"club"}}, New: true}
	o, err := a.SaveOffer(awo, newOffer)
	if err != nil || o.Key != "hausaufgabenhilfe" || o.Provider != "awo" {
		t.Fatalf("provider creates its own offer: %+v %v", o, err)
	}
	newOffer.Provider = "caritas"
	newOffer.Key = "fremd"
	_, err = a.SaveOffer(awo, newOffer)
	wantErr(t, "provider creates an offer for another", err, quartier.EFORBIDDEN)
	// A provider role whose grant names no provider edits nothing.
	_, err = a.SaveOffer(roleCtx(quartier.RoleProviderLead, "west"), edit)
	wantErr(t, "provider role without provider", err, quartier.EFORBIDDEN)
	bad := edit
	bad.Topics = []string{"astrologie"}
	_, err = a.SaveOffer(west, bad)
	wantErr(t, "unknown topic", err, quartier.EINVALID)
}

func TestConfidentialPlaceEditing(t *testing.T) {
	a := atlasApp(t)
	office := roleCtx(quartier.RolePlanner)
	// The form of an editor who may not read the address sends it empty.
	fh := currentPlace(t, a, "fh").Redacted()
	fh.ContactPath = "Hotline 08000 116 016 (rund um die Uhr)"
	if _, err := a.SavePlace(office, PlaceEdit{Place: fh}); err != nil {
		t.Fatal(err)
	}
	stored := currentPlace(t, a, "fh")
	if stored.Street != "Geheimweg" || stored.Space != "ost" || !stored.HasPoint() || stored.ContactPath != fh.ContactPath {
		t.Errorf("shelter after a blind edit: %+v", stored)
	}
	lifted := fh
	lifted.Confidential = false
	_, err := a.SavePlace(office, PlaceEdit{Place: lifted})
	wantErr(t, "lifting the protection unseen", err, quartier.EFORBIDDEN)
	// Handing the shelter to another provider would let that provider's
	// staff read its address: not for whoever may not read it.
	handed := fh
	handed.Provider = "caritas"
	_, err = a.SavePlace(office, PlaceEdit{Place: handed})
	wantErr(t, "handing a shelter to a provider unseen", err, quartier.EFORBIDDEN)
	imp := Import{Source: "Test", Places: []quartier.Place{handed}}
	_, err = a.ImportAtlas(office, imp)
	wantErr(t, "handing a shelter over by import", err, quartier.EFORBIDDEN)
	// An imported address of a blind place is not taken either: it would
	// move the shelter into another space (and other readers).
	moved := fh
	moved.Street, moved.X, moved.Y = "Lindenweg", stored.X-2000, stored.Y
	if _, err := a.ImportAtlas(office, Import{Source: "Test", Places: []quartier.Place{moved}}); err != nil {
		t.Fatal(err)
	}
	if p := currentPlace(t, a, "fh"); p.Provider != "" || p.Space != "ost" || p.Street != "Geheimweg" {
		t.Errorf("shelter after blind attempts to hand it over or move it: %+v", p)
	}
	// An editor of some spaces only cannot tell a shelter in its spaces
	// from one elsewhere or from no place at all: every path answers alike.
	for _, ctx := range []context.Context{roleCtx(quartier.RolePlanner, "ost"), roleCtx(quartier.RolePlanner, "west")} {
		for _, key := range []string{"fh", "nirgends"} {
			_, _, err := a.PlaceForEdit(ctx, key)
			wantErr(t, "form of "+key, err, quartier.ENOTFOUND)
			_, err = a.History(ctx, quartier.EntityPlace, key)
			wantErr(t, "history of "+key, err, quartier.ENOTFOUND)
			wantErr(t, "verifying "+key, a.Verify(ctx, quartier.EntityPlace, key), quartier.ENOTFOUND)
		}
		_, err := a.SavePlace(ctx, PlaceEdit{Place: fh})
		wantErr(t, "blind save by a scoped editor", err, quartier.EFORBIDDEN)
		_, err = a.OfferForEdit(ctx, "schutz")
		wantErr(t, "offer at the shelter", err, quartier.EFORBIDDEN)
	}
	eh, err := a.History(office, quartier.EntityPlace, "fh")
	if err != nil {
		t.Fatal(err)
	}
	h := eh.Entries
	if len(h) != 2 {
		t.Fatalf("history: %+v", h)
	}
	for _, e := range h {
		for _, f := range e.Fields {
			if strings.Contains(f.Before+f.After, "Geheimweg") || f.Label == "Koordinate" && (f.Before != "" || f.After != "") {
				t.Errorf("history shows the shelter's address to an editor without need: %+v", f)
			}
		}
	}
	// The operator sees the address in the import entry.
	if f, ok := fieldChange(history(t, a, quartier.EntityPlace, "fh")[1], "Adresse"); !ok || !strings.Contains(f.After, "Geheimweg") {
		t.Errorf("operator's history: %+v", f)
	}
	// The provider running a shelter maintains its address.
	a2 := atlasApp(t, func(i *Import) { i.Places[1].Provider = "awo" })
	own := currentPlace(t, a2, "fh")
	own.Street = "Neuer Weg"
	if _, err := a2.SavePlace(providerCtx("awo", "ost"), PlaceEdit{Place: own}); err != nil {
		t.Fatal(err)
	}
	if p := currentPlace(t, a2, "fh"); p.Street != "Neuer Weg" {
		t.Errorf("own shelter: %+v", p)
	}
}

func TestSuggestionQueue(t *testing.T) {
	a := atlasApp(t)
	anon := audit.WithRemote(context.Background(), "198.51.100.7")
	x, y := cellCenter(0, 0) // west
	submit := submitter(t, a.Service, anon)
	newOffer := submit(quartier.Suggestion{Kind: quartier.SuggestNew, Proposed: quartier.ProposedOffer{Name: "Elterncafé", Organisation: "Nachbarn e. V."},
		X: x, Y: y, Message: "Jeden Freitag", SubmitterName: "Frau M.", SubmitterEmail: "m@example.org", Space: "ost", Status: quartier.SuggestionAccepted})
	if newOffer.Space != "west" || newOffer.Status != quartier.SuggestionOpen {
		t.Errorf("the space is derived and the status open, whatever was sent: %+v", newOffer)
	}
	problem := submit(quartier.Suggestion{Kind: quartier.SuggestProblem, EntityKind: quartier.EntityOffer, EntityKey: "schutz", Message: "Hotline falsch", SubmitterName: "Herr K."})
	correction := submit(quartier.Suggestion{Kind: quartier.SuggestCorrection, EntityKind: quartier.EntityPlace, EntityKey: "club", Message: "Hausnummer 5"})
	nowhere := submit(quartier.Suggestion{Kind: quartier.SuggestNew, Proposed: quartier.ProposedOffer{Name: "Chor"}, Street: "Unbekannte Straße", HouseNumber: "1"})
	if problem.Space != "ost" || correction.Space != "west" || nowhere.Space != "" {
		t.Errorf("spaces: problem %q, correction %q, unknown address %q", problem.Space, correction.Space, nowhere.Space)
	}
	_, err := a.SubmitSuggestion(anon, quartier.Suggestion{Kind: quartier.SuggestProblem, EntityKind: quartier.EntityOffer, EntityKey: "nirgends", Message: "x"})
	wantErr(t, "suggestion about an unknown entry", err, quartier.ENOTFOUND)
	_, err = a.SubmitSuggestion(anon, quartier.Suggestion{Kind: quartier.SuggestProblem, EntityKind: quartier.EntityOffer, EntityKey: "treff", Message: strings.Repeat("x", quartier.SuggestionTextMax+1)})
	wantErr(t, "oversized suggestion", err, quartier.EINVALID)

	ids := func(ctx context.Context) map[int64]ReviewItem {
		t.Helper()
		items, err := a.Suggestions(ctx, quartier.SuggestionFilter{Status: quartier.SuggestionOpen})
		if err != nil {
			t.Fatal(err)
		}
		m := map[int64]ReviewItem{}
		for _, it := range items {
			m[it.ID] = it
		}
		return m
	}
	west, ost := roleCtx(quartier.RolePlanner, "west"), roleCtx(quartier.RolePlanner, "ost")
	for _, c := range []struct {
		name string
		ctx  context.Context
		want []int64
	}{
		{"planner west", west, []int64{newOffer.ID, correction.ID}},
		// The problem concerns an offer at the shelter: only an editor of
		// every space reviews it blind (an editor of ost alone would learn
		// where the shelter is).
		{"planner ost", ost, nil},
		{"planner of all spaces", roleCtx(quartier.RolePlanner), []int64{newOffer.ID, problem.ID, correction.ID, nowhere.ID}},
		{"AWO in west", providerCtx("awo", "west"), []int64{newOffer.ID, correction.ID}},
		{"Caritas in west", providerCtx("caritas", "west"), []int64{newOffer.ID}},
		{"provider role without provider", roleCtx(quartier.RoleProviderStaff), nil},
	} {
		got := ids(c.ctx)
		if len(got) != len(c.want) {
			t.Errorf("%s sees %v, want %v", c.name, got, c.want)
		}
		for _, id := range c.want {
			if _, ok := got[id]; !ok {
				t.Errorf("%s misses suggestion %d", c.name, id)
			}
		}
	}
	if it := ids(west)[newOffer.ID]; it.SubmitterName != "Frau M." || it.SubmitterEmail != "m@example.org" {
		t.Errorf("the space's editor sees who to ask back: %+v", it)
	}
	if it := ids(west)[newOffer.ID]; it.SpaceName != "Spalte west" {
		t.Errorf("the queue names the space: %q", it.SpaceName)
	}
	if it, err := a.Suggestion(west, newOffer.ID); err != nil || it.SpaceName != "Spalte west" {
		t.Errorf("one suggestion names its space: %+v %v", it, err)
	}
	if it := ids(west)[correction.ID]; it.EntityName != "Jugendclub West" {
		t.Errorf("entry name: %+v", it)
	}
	if it := ids(roleCtx(quartier.RolePlanner))[problem.ID]; it.Space != "" || !it.SpaceHidden {
		t.Errorf("the space of a shelter's suggestion is shown to a blind reviewer: %+v", it)
	}
	// The editor of another space learns nothing, not even that it exists.
	_, err = a.Suggestion(ost, newOffer.ID)
	wantErr(t, "suggestion of another space", err, quartier.ENOTFOUND)
	err = a.RejectSuggestion(ost, newOffer.ID, "kein Interesse")
	wantErr(t, "rejecting another space's suggestion", err, quartier.ENOTFOUND)
	_, err = a.Suggestions(context.Background(), quartier.SuggestionFilter{})
	wantErr(t, "anonymous queue", err, quartier.EFORBIDDEN)

	// Accepting a new offer creates it, with a new place, through the
	// editor's checks, and closes the suggestion in the same step.
	acc := Accept{
		Place: &PlaceEdit{Place: quartier.Place{Name: "Nachbarschaftshaus Café-Ort", X: x, Y: y}}, // key made from the name
		Offer: &OfferEdit{OfferEntry: OfferEntry{Offer: quartier.Offer{Key: "elterncafe", Name: "Elterncafé", Topics: []string{"elterncafe"}, Status: quartier.OfferActive}}},
		Note:  "danke",
	}
	err = a.AcceptSuggestion(ost, newOffer.ID, acc)
	wantErr(t, "accepting from another space", err, quartier.ENOTFOUND)
	if err := a.AcceptSuggestion(west, newOffer.ID, acc); err != nil {
		t.Fatal(err)
	}
	o := currentOffer(t, a, "elterncafe")
	if len(o.Places) != 1 || currentPlace(t, a, "nachbarschaftshaus-cafe-ort").ID != o.Places[0] {
		t.Errorf("accepted offer: %+v", o)
	}
	h := history(t, a, quartier.EntityOffer, "elterncafe")
	if len(h) != 1 || h[0].Why != quartier.WhySuggestion(newOffer.ID) || h[0].Suggestion != newOffer.ID || h[0].Login != "t-planner" {
		t.Errorf("history of the accepted offer: %+v", h)
	}
	if h := history(t, a, quartier.EntityPlace, "nachbarschaftshaus-cafe-ort"); len(h) != 1 || h[0].Suggestion != newOffer.ID {
		t.Errorf("history of the accepted place: %+v", h)
	}
	s, err := a.Suggestion(west, newOffer.ID)
	if err != nil || s.Status != quartier.SuggestionAccepted || s.DecidedBy != "t-planner" || s.Reason != "danke" || s.DecidedAt.IsZero() {
		t.Errorf("decided suggestion: %+v %v", s, err)
	}
	err = a.AcceptSuggestion(west, newOffer.ID, acc)
	wantErr(t, "accepting twice", err, quartier.ECONFLICT)

	// A new offer needs its data; a correction must concern its own entry.
	err = a.AcceptSuggestion(roleCtx(quartier.RolePlanner), nowhere.ID, Accept{})
	wantErr(t, "accepting a new offer without data", err, quartier.EINVALID)
	wrong := currentPlace(t, a, "nachbarschaftshaus-cafe-ort")
	err = a.AcceptSuggestion(west, correction.ID, Accept{Place: &PlaceEdit{Place: wrong}})
	wantErr(t, "correction applied to another entry", err, quartier.EINVALID)

	// A correction, edited by the editor.
	club := currentPlace(t, a, "club")
	club.HouseNumber = "5"
	if err := a.AcceptSuggestion(west, correction.ID, Accept{Place: &PlaceEdit{Place: club, Verified: true}}); err != nil {
		t.Fatal(err)
	}
	h = history(t, a, quartier.EntityPlace, "club")
	if f, ok := fieldChange(h[0], "Adresse"); len(h) != 2 || h[0].Suggestion != correction.ID || !ok || !strings.HasPrefix(f.After, "Lindenweg 5") {
		t.Errorf("history of the correction: %+v", h)
	}
	// A problem report that needs no change is accepted and kept.
	err = a.AcceptSuggestion(ost, problem.ID, Accept{Note: "Hotline stimmt"})
	wantErr(t, "accepting a shelter's suggestion in a scoped space", err, quartier.ENOTFOUND)
	if err := a.AcceptSuggestion(roleCtx(quartier.RolePlanner), problem.ID, Accept{Note: "Hotline stimmt"}); err != nil {
		t.Fatal(err)
	}
	if h := history(t, a, quartier.EntityOffer, "schutz"); len(h) != 2 || h[0].Why != quartier.WhySuggestion(problem.ID)+" (ohne Änderung)" || len(h[0].Fields) != 0 {
		t.Errorf("history of a hint without change: %+v", h)
	}
	err = a.RejectSuggestion(roleCtx(quartier.RolePlanner), nowhere.ID, " ")
	wantErr(t, "rejecting without reason", err, quartier.EINVALID)
	if err := a.RejectSuggestion(roleCtx(quartier.RolePlanner), nowhere.ID, "Außerhalb der Stadt"); err != nil {
		t.Fatal(err)
	}
	if left := ids(roleCtx(quartier.RolePlanner)); len(left) != 0 {
		t.Errorf("open suggestions left: %v", left)
	}
	all, err := a.Suggestions(roleCtx(quartier.RolePlanner), quartier.SuggestionFilter{Status: quartier.SuggestionRejected})
	if err != nil || len(all) != 1 || all[0].Reason != "Außerhalb der Stadt" {
		t.Errorf("rejected: %+v %v", all, err)
	}
}

func TestSuggestionRateLimit(t *testing.T) {
	a := atlasApp(t)
	s := quartier.Suggestion{Kind: quartier.SuggestProblem, EntityKind: quartier.EntityOffer, EntityKey: "treff", Message: "zu"}
	flood := audit.WithRemote(context.Background(), "203.0.113.9")
	for i := 0; i < suggestLimit; i++ {
		if _, err := a.SubmitSuggestion(flood, s); err != nil {
			t.Fatalf("suggestion %d: %v", i+1, err)
		}
	}
	_, err := a.SubmitSuggestion(flood, s)
	wantErr(t, "suggestion above the limit", err, quartier.ETOOMANY)
	if _, err := a.SubmitSuggestion(audit.WithRemote(context.Background(), "203.0.113.10"), s); err != nil {
		t.Errorf("another address is not limited: %v", err)
	}
	// The window slides on the app's clock.
	a.now = func() time.Time { return day0.AddDate(1, 0, 0).Add(suggestWindow) }
	if _, err := a.SubmitSuggestion(flood, s); err != nil {
		t.Errorf("after the window: %v", err)
	}
	// An IPv6 connection holds a /64: a visitor who takes a new address
	// of it for every suggestion is still one visitor (found by the
	// security probe: the limit counted each address, so one client
	// stored suggestions without end).
	for i := range suggestLimit {
		if _, err := a.SubmitSuggestion(audit.WithRemote(context.Background(), fmt.Sprintf("2001:db8:1:2::%x", i+1)), s); err != nil {
			t.Fatalf("IPv6 suggestion %d: %v", i+1, err)
		}
	}
	_, err = a.SubmitSuggestion(audit.WithRemote(context.Background(), "2001:db8:1:2:ffff::1"), s)
	wantErr(t, "suggestion above the limit from another address of the same /64", err, quartier.ETOOMANY)
}

func TestSimilarEntries(t *testing.T) {
	a := atlasApp(t)
	west := roleCtx(quartier.RolePlanner, "west")
	x, y := cellCenter(2, 0)
	if _, err := a.SavePlace(west, PlaceEdit{Place: quartier.Place{Key: "mauerpark", Name: "Jugendclub Mauerpark", Street: "Bernauer Straße", HouseNumber: "63", X: x, Y: y}, New: true}); err != nil {
		t.Fatal(err)
	}
	find := func(ctx context.Context, q SimilarQuery) []SimilarEntry {
		t.Helper()
		got, err := a.SimilarEntries(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	keys := func(es []SimilarEntry) string {
		var ks []string
		for _, e := range es {
			ks = append(ks, e.Key+":"+e.Why)
		}
		return strings.Join(ks, " ")
	}
	for _, c := range []struct {
		name string
		q    SimilarQuery
		want string
	}{
		{"similar name nearby", SimilarQuery{Kind: quartier.EntityPlace, Name: "Jugendklub am Mauerpark", X: x + 120, Y: y}, "mauerpark:120 m entfernt"},
		{"similar name far away", SimilarQuery{Kind: quartier.EntityPlace, Name: "Jugendklub am Mauerpark", X: x + 1000, Y: y}, ""},
		{"same address", SimilarQuery{Kind: quartier.EntityPlace, Name: "JUGENDCLUB MAUERPARK", X: x + 1000, Y: y, Street: "Bernauer Str.", HouseNumber: "63"}, "mauerpark:gleiche Adresse"},
		{"other name nearby", SimilarQuery{Kind: quartier.EntityPlace, Name: "Kita Sonnenschein", X: x + 10, Y: y}, ""},
		{"itself when editing", SimilarQuery{Kind: quartier.EntityPlace, Name: "Jugendclub Mauerpark", X: x, Y: y, Exclude: "mauerpark"}, ""},
		{"offer at the same place", SimilarQuery{Kind: quartier.EntityOffer, Name: "Offener Jugendtreff", PlaceKeys: []string{"club"}}, "treff:gleicher Ort"},
		{"offer elsewhere", SimilarQuery{Kind: quartier.EntityOffer, Name: "Offener Treff", PlaceKeys: []string{"mauerpark"}}, ""},
	} {
		if got := keys(find(west, c.q)); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	// An ended offer counts, marked.
	if got := find(west, SimilarQuery{Kind: quartier.EntityOffer, Name: "Beendetes Angebot", PlaceKeys: []string{"club"}}); len(got) != 1 || !got[0].Ended {
		t.Errorf("ended offer: %+v", got)
	}
	// A shelter the editor may not read matches by name alone, anywhere,
	// and shows no address: the warning cannot locate it.
	far := SimilarQuery{Kind: quartier.EntityPlace, Name: "Frauenhaus", X: gridX0 + 10, Y: gridY0 + 10}
	got := find(west, far)
	if len(got) != 1 || got[0].Key != "fh" || strings.Contains(got[0].Address, "Geheimweg") || got[0].Why != "ähnlicher Name" {
		t.Errorf("shelter for an editor without need: %+v", got)
	}
	near := far
	near.X, near.Y = cellCenter(1, 2)
	if got := find(west, near); len(got) != 1 || got[0].Why != "ähnlicher Name" {
		t.Errorf("shelter nearby gives the same answer as far away: %+v", got)
	}
	if got := find(opCtx(), far); len(got) != 0 {
		t.Errorf("the operator reads the shelter, so distance applies: %+v", got)
	}
	if got := find(opCtx(), near); len(got) != 1 || !strings.Contains(got[0].Address, "Geheimweg") {
		t.Errorf("operator near the shelter: %+v", got)
	}
	_, err := a.SimilarEntries(context.Background(), far)
	wantErr(t, "anonymous duplicate check", err, quartier.EFORBIDDEN)

	// The shelter's own key must not serve as the point to measure from:
	// a public offer near it would be listed with its distance, and a few
	// names would trilaterate it. An editor of some spaces cannot name it
	// at all (alike for its space and any other); an editor of every space
	// names it blind and learns only "same place".
	x2, y2 := cellCenter(1, 2) // the shelter's block
	if _, err := a.SavePlace(opCtx(), PlaceEdit{Place: quartier.Place{Key: "nah", Name: "Beratungsstelle am Park", X: x2 + 150, Y: y2}, New: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SaveOffer(opCtx(), OfferEdit{OfferEntry: OfferEntry{Offer: quartier.Offer{Key: "beratung-park", Name: "Beratung am Park", Topics: []string{"beratung"}, Status: quartier.OfferActive}, PlaceKeys: []string{"nah"}}, New: true}); err != nil {
		t.Fatal(err)
	}
	probe := SimilarQuery{Kind: quartier.EntityOffer, Name: "Beratung am Park", PlaceKeys: []string{"fh"}}
	for _, ctx := range []context.Context{roleCtx(quartier.RolePlanner, "ost"), west, providerCtx("awo", "west", "ost")} {
		_, err := a.SimilarEntries(ctx, probe)
		wantErr(t, "naming the shelter in a scoped duplicate check", err, quartier.ENOTFOUND)
	}
	if got := keys(find(roleCtx(quartier.RolePlanner), probe)); got != "" {
		t.Errorf("the shelter's point measured for a blind editor: %q", got)
	}
	if got := keys(find(opCtx(), probe)); got != "beratung-park:150 m entfernt" {
		t.Errorf("who reads the shelter sees the distance: %q", got)
	}
	es, err := a.log.Entries(opCtx(), quartier.AuditFilter{Action: "atlas.similar", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 2 || es[0].ObjectID != "fh" || es[0].Login != "t-planner" {
		t.Errorf("duplicate checks at the shelter audited: %+v", es)
	}
	denied, err := a.log.Entries(opCtx(), quartier.AuditFilter{ObjectType: "place", ObjectID: "fh", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(denied); n < 3 {
		t.Errorf("%d refused duplicate checks at the shelter audited, want 3", n)
	}
}

func TestNameSimilarity(t *testing.T) {
	for _, c := range []struct {
		a, b    string
		similar bool
	}{
		{"Jugendclub Mauerpark", "Jugendklub am Mauerpark", true},
		{"Café Kinderwagen", "Cafe Kinderwagen e.V.", true},
		{"Familienzentrum Wedding", "Familienzentrum im Wedding", true},
		{"Kita Sonnenschein", "Kita Regenbogen", false},
		{"Jugendclub Mauerpark", "Erziehungsberatung", false},
		{"", "Jugendclub", false},
	} {
		sim := NameSimilarity(c.a, c.b)
		if (sim >= similarName) != c.similar {
			t.Errorf("%q ~ %q: %.2f", c.a, c.b, sim)
		}
	}
	if NameSimilarity("Jugendclub Mauerpark", "Jugendklub am Mauerpark") != 1 {
		t.Error("names that fold alike are equal")
	}
	if k := freeKey("Jugendclub „West“ – Café", func(string) bool { return false }); k != "jugendclub-west-cafe" {
		t.Errorf("key %q", k)
	}
	taken := map[string]bool{"treff": true, "treff-2": true}
	if k := freeKey("Treff", func(k string) bool { return taken[k] }); k != "treff-3" {
		t.Errorf("numbered key %q", k)
	}
	if k := freeKey("مركز", func(string) bool { return false }); k != "eintrag" {
		t.Errorf("key of a name without Latin letters: %q", k)
	}
	// A long name makes a valid key, numbered too (found by a random
	// edit: "Jugendfreizeiteinrichtung Jugendfreizeiteinrichtung").
	long := "Jugendfreizeiteinrichtung Jugendfreizeiteinrichtung"
	first := freeKey(long, func(string) bool { return false })
	numbered := freeKey(long, func(k string) bool { return k == first })
	for _, k := range []string{first, numbered} {
		if p := (quartier.Place{Key: k, Name: long}); p.Validate() != nil {
			t.Errorf("key %q of a long name: %v", k, p.Validate())
		}
	}
}

func TestReviewDueAndVerify(t *testing.T) {
	today := day0.AddDate(1, 0, 0) // the test app's clock: 2025-01-01
	a := atlasApp(t, func(i *Import) {
		i.Places[0].VerifiedOn = time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)  // club: due 2024-12-01, overdue
		i.Offers[0].VerifiedOn = time.Date(2024, 7, 20, 0, 0, 0, 0, time.UTC) // treff: due 2025-01-20, soon
		i.Offers[2].VerifiedOn = time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)  // alt: ended, not listed
		i.Offers[1].VerifiedOn = time.Date(2024, 8, 15, 0, 0, 0, 0, time.UTC) // schutz: due 2025-02-15, later
		i.Places[1].VerifiedOn = time.Date(2024, 6, 10, 0, 0, 0, 0, time.UTC) // fh: overdue, in ost
	})
	west := roleCtx(quartier.RolePlanner, "west")
	dueList := func(ctx context.Context, f DueFilter) []DueEntry {
		t.Helper()
		l, err := a.ReviewDue(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		return l.Entries
	}
	due := dueList(west, DueFilter{})
	var got []string
	for _, d := range due {
		got = append(got, fmt.Sprintf("%s %s %s %v", d.Kind, d.Key, d.DueOn.Format(quartier.DateLayout), d.Overdue))
	}
	if want := "place club 2024-12-01 true|offer treff 2025-01-20 false"; strings.Join(got, "|") != want {
		t.Errorf("due list:\n%s\nwant\n%s", strings.Join(got, "|"), want)
	}
	if o := currentOffer(t, a, "treff"); o.Overdue(today) {
		t.Error("treff is not overdue yet")
	}
	// The shelter is due: only editors of every space see that, or the
	// list of ost would tell that it lies in ost.
	if ostDue := dueList(roleCtx(quartier.RolePlanner, "ost"), DueFilter{}); len(ostDue) != 0 {
		t.Errorf("ost: %+v", ostDue)
	}
	all := roleCtx(quartier.RolePlanner)
	if allDue := dueList(all, DueFilter{}); len(allDue) != 3 || allDue[0].Key != "club" || allDue[1].Key != "fh" {
		t.Errorf("all spaces: %+v", allDue)
	}
	// Filters and pages: by space (the shelter lends its space to nobody
	// who may not locate it, so "ost" finds nothing), kind and provider.
	keys := func(es []DueEntry) string {
		var ks []string
		for _, e := range es {
			ks = append(ks, e.Key)
		}
		return strings.Join(ks, ",")
	}
	for _, c := range []struct {
		f    DueFilter
		want string
	}{
		{DueFilter{Space: "west"}, "club,treff"},
		{DueFilter{Space: "ost"}, ""},
		{DueFilter{Kind: quartier.EntityOffer}, "treff"},
		{DueFilter{Provider: "AWO"}, "club,treff"},
		{DueFilter{Provider: "nirgends"}, ""},
		{DueFilter{PerPage: 1, Page: 2}, "fh"},
		{DueFilter{PerPage: 2, Page: 9}, "treff"}, // past the end: the last page
	} {
		if got := keys(dueList(all, c.f)); got != c.want {
			t.Errorf("%+v: %s, want %s", c.f, got, c.want)
		}
	}
	if l, err := a.ReviewDue(all, DueFilter{PerPage: 2}); err != nil || l.Total != 3 || l.Pages != 2 || l.Overdue != 2 {
		t.Errorf("counts: %+v %v", l, err)
	}
	wantErr(t, "verifying from another space", a.Verify(roleCtx(quartier.RolePlanner, "ost"), quartier.EntityPlace, "club"), quartier.EFORBIDDEN)
	wantErr(t, "verifying an unknown entry", a.Verify(west, quartier.EntityOffer, "nirgends"), quartier.ENOTFOUND)
	if err := a.Verify(west, quartier.EntityPlace, "club"); err != nil {
		t.Fatal(err)
	}
	club := currentPlace(t, a, "club")
	if !club.VerifiedOn.Equal(today) || club.Overdue(today) {
		t.Errorf("verified club: %+v", club)
	}
	h := history(t, a, quartier.EntityPlace, "club")
	if f, ok := fieldChange(h[0], "Geprüft am"); len(h) != 2 || h[0].Why != quartier.WhyVerified || !ok || f.Before != "01.06.2024" || f.After != "01.01.2025" || len(h[0].Fields) != 1 {
		t.Errorf("history of the verification: %+v", h)
	}
	if due := dueList(west, DueFilter{}); len(due) != 1 || due[0].Key != "treff" {
		t.Errorf("after verifying: %+v", due)
	}
	_, err := a.ReviewDue(context.Background(), DueFilter{})
	wantErr(t, "anonymous reminder list", err, quartier.EFORBIDDEN)
}

func TestEditDrafts(t *testing.T) {
	a := atlasApp(t)
	awo := providerCtx("awo", "west", "ost")
	c, err := a.EditChoices(awo)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Providers) != 1 || c.Providers[0].Code != "awo" || c.AnyProvider || len(c.Topics) != len(quartier.DefaultTopics()) {
		t.Errorf("provider staff choose only their provider: %+v", c.Providers)
	}
	for _, p := range c.Places {
		if p.Key == "fh" && (p.Street != "" || p.HasPoint()) {
			t.Errorf("the shelter is listed with its address: %+v", p)
		}
	}
	// The shelter (another provider's) is not among the AWO's places:
	// listing it only where it lies would locate it.
	if len(c.Places) != 1 || c.Places[0].Key != "club" {
		t.Errorf("places in the provider's spaces: %+v", c.Places)
	}
	if c, _ := a.EditChoices(roleCtx(quartier.RolePlanner, "ost")); len(c.Providers) != 2 || !c.AnyProvider || len(c.Places) != 0 {
		t.Errorf("planner of ost: %+v", c)
	}
	if c, _ := a.EditChoices(roleCtx(quartier.RolePlanner)); len(c.Places) != 2 {
		t.Errorf("planner of all spaces: %+v", c.Places)
	}
	d, err := a.OfferForEdit(awo, "treff")
	if err != nil || d.Offer.Key != "treff" || len(d.PlaceKeys) != 1 || d.PlaceKeys[0] != "club" || len(d.Offer.Contacts) != 2 {
		t.Errorf("draft: %+v %v", d, err)
	}
	if d, err := a.OfferForEdit(roleCtx(quartier.RolePlanner, "west"), "alt"); err != nil || d.Offer.Status != quartier.OfferEnded {
		t.Errorf("an ended offer is editable: %+v %v", d, err)
	}
	_, err = a.OfferForEdit(awo, "schutz")
	wantErr(t, "draft of another provider's offer", err, quartier.EFORBIDDEN)
	_, err = a.OfferForEdit(awo, "nirgends")
	wantErr(t, "draft of an unknown offer", err, quartier.ENOTFOUND)
	p, blind, err := a.PlaceForEdit(roleCtx(quartier.RolePlanner), "fh")
	if err != nil || !blind || p.Street != "" || p.ContactPath == "" {
		t.Errorf("blind draft of the shelter: %+v %v %v", p, blind, err)
	}
	if p, blind, err := a.PlaceForEdit(opCtx(), "fh"); err != nil || blind || p.Street != "Geheimweg" {
		t.Errorf("operator's draft: %+v %v %v", p, blind, err)
	}
}

// A provider's social worker takes on a suggested offer in one step: the
// form leaves the provider open (the suggestion names an organisation, not
// one of ours), and the new place and offer become the provider's own, as
// a provider may create nothing else. An editor of the office who acts
// for every provider decides the provider explicitly.
func TestProviderTakesOnSuggestedOffer(t *testing.T) {
	a := atlasApp(t)
	anon := audit.WithRemote(context.Background(), "198.51.100.8")
	x, y := cellCenter(0, 0) // west
	s, err := a.SubmitSuggestion(anon, quartier.Suggestion{Kind: quartier.SuggestNew, Proposed: quartier.ProposedOffer{Name: "Spielgruppe", Organisation: "Eltern e. V."}, X: x, Y: y})
	if err != nil {
		t.Fatal(err)
	}
	acc := Accept{
		Place: &PlaceEdit{Place: quartier.Place{Name: "Spielgruppe im Hof", X: x, Y: y}},
		Offer: &OfferEdit{OfferEntry: OfferEntry{Offer: quartier.Offer{Key: "spielgruppe", Name: "Spielgruppe", Topics: []string{"elterncafe"}, Status: quartier.OfferActive}}},
	}
	if err := a.AcceptSuggestion(providerCtx("awo", "west"), s.ID, acc); err != nil {
		t.Fatalf("the AWO takes on the suggested offer: %v", err)
	}
	if o := currentOffer(t, a, "spielgruppe"); o.Provider != "awo" {
		t.Errorf("offer provider %q, want awo", o.Provider)
	}
	if p := currentPlace(t, a, "spielgruppe-im-hof"); p.Provider != "awo" {
		t.Errorf("place provider %q, want awo", p.Provider)
	}

	// The office's editor keeps the choice: no provider stays none.
	s2, err := a.SubmitSuggestion(anon, quartier.Suggestion{Kind: quartier.SuggestNew, Proposed: quartier.ProposedOffer{Name: "Chor"}, X: x, Y: y})
	if err != nil {
		t.Fatal(err)
	}
	acc.Place.Name, acc.Offer.Key, acc.Offer.Name = "Chorraum", "chor", "Chor"
	acc.Place.Provider, acc.Offer.Provider = "", ""
	if err := a.AcceptSuggestion(roleCtx(quartier.RolePlanner, "west"), s2.ID, acc); err != nil {
		t.Fatal(err)
	}
	if o := currentOffer(t, a, "chor"); o.Provider != "" {
		t.Errorf("an office editor's offer got provider %q", o.Provider)
	}
}

// Who sent a suggestion is kept while the decision may need a question
// back, then erased: decided suggestions older than the retention lose
// name and e-mail (the message stays), open ones and recent decisions keep
// them, and a run with nothing to erase leaves no audit entry.
func TestSubmittersErasedAfterRetention(t *testing.T) {
	a := atlasApp(t)
	start := day0.AddDate(1, 0, 0)
	at := func(d time.Duration) { a.now = func() time.Time { return start.Add(d) } }
	submit := func(msg string) int64 {
		t.Helper()
		s, err := a.SubmitSuggestion(audit.WithRemote(context.Background(), "198.51.100."+strconv.Itoa(len(msg))), quartier.Suggestion{Kind: quartier.SuggestProblem,
			EntityKind: quartier.EntityOffer, EntityKey: "treff", Message: msg, SubmitterName: "Frau M.", SubmitterEmail: "m@example.org"})
		if err != nil {
			t.Fatal(err)
		}
		return s.ID
	}
	planner := roleCtx(quartier.RolePlanner)
	old, recent, open := submit("alt"), submit("neuer"), submit("offen!")
	if err := a.RejectSuggestion(planner, old, "erledigt"); err != nil {
		t.Fatal(err)
	}
	at(10 * 24 * time.Hour)
	if err := a.RejectSuggestion(planner, recent, "erledigt"); err != nil {
		t.Fatal(err)
	}
	entries := func() int {
		t.Helper()
		es, err := a.log.Entries(opCtx(), quartier.AuditFilter{Action: "atlas.suggestion.erase", Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		return len(es)
	}
	// 35 days after the first decision, 25 after the second.
	at(35 * 24 * time.Hour)
	if _, err := a.EraseSubmitters(roleCtx(quartier.RoleProviderStaff), SubmitterRetention); quartier.ErrorCode(err) != quartier.EFORBIDDEN {
		t.Errorf("a provider runs the erasure: %v", err)
	}
	n, err := a.EraseSubmitters(opCtx(), SubmitterRetention)
	if err != nil || n != 1 || entries() != 1 {
		t.Fatalf("erased %d (%v), %d audit entries; want 1, 1", n, err, entries())
	}
	for id, keeps := range map[int64]bool{old: false, recent: true, open: true} {
		s, err := a.Suggestion(planner, id)
		if err != nil {
			t.Fatal(err)
		}
		if kept := s.SubmitterName != "" && s.SubmitterEmail != ""; kept != keeps || s.Message == "" {
			t.Errorf("suggestion %d: name %q, e-mail %q, message %q; want kept=%v", id, s.SubmitterName, s.SubmitterEmail, s.Message, keeps)
		}
	}
	if n, err := a.EraseSubmitters(opCtx(), SubmitterRetention); err != nil || n != 0 || entries() != 1 {
		t.Errorf("second run: %d %v, %d entries", n, err, entries())
	}
}

// With many providers the form asks for one by typing: a code, a name or
// "Name (code)" resolves among the providers the actor may choose; an
// unknown or ambiguous text names the candidates.
func TestResolveProvider(t *testing.T) {
	a := atlasApp(t, func(i *Import) {
		i.Providers = append(i.Providers, quartier.Provider{Code: "awo-nord", Name: "AWO Nord", Kind: quartier.ProviderIndependent})
	})
	planner := roleCtx(quartier.RolePlanner)
	for text, want := range map[string]string{"": "", "awo": "awo", "AWO": "awo", "Caritas": "caritas", "caritas": "caritas", "AWO Nord (awo-nord)": "awo-nord", "nord": "awo-nord"} {
		if got, err := a.ResolveProvider(planner, text); err != nil || got != want {
			t.Errorf("%q: %q %v, want %q", text, got, err, want)
		}
	}
	for _, text := range []string{"aw", "gibt es nicht"} {
		_, err := a.ResolveProvider(planner, text)
		if ps := quartier.ErrorProblems(err); quartier.ErrorCode(err) != quartier.EINVALID || len(ps) != 1 || ps[0].Code != "provider" {
			t.Errorf("%q: %v", text, err)
		}
	}
	if _, err := a.ResolveProvider(planner, "aw"); !strings.Contains(quartier.ErrorMessage(err), "AWO Nord (awo-nord)") {
		t.Errorf("ambiguous text names no candidates: %v", err)
	}
	// A provider's staff resolves only its own provider.
	if _, err := a.ResolveProvider(providerCtx("awo", "west"), "Caritas"); quartier.ErrorCode(err) != quartier.EINVALID {
		t.Errorf("the AWO chooses the Caritas: %v", err)
	}
	if ps, err := a.ProviderMatches(planner, "awo", 10); err != nil || len(ps) != 2 || ps[0].Code != "awo" {
		t.Errorf("matches: %+v %v", ps, err)
	}
}
