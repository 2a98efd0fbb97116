package atlas

import (
	"context"
	"strings"
	"testing"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/spatial"
)

func atlasFixture() Import {
	x1, y1 := cellCenter(1, 0) // west
	x2, y2 := cellCenter(1, 2) // ost
	return Import{
		Source:    "Test",
		Providers: []quartier.Provider{{Code: "awo", Name: "AWO", Kind: quartier.ProviderIndependent}},
		Places: []quartier.Place{
			{Key: "club", Name: "Jugendclub West", Provider: "awo", Street: "Lindenweg", HouseNumber: "3", City: "Teststadt", X: x1, Y: y1},
			{Key: "fh", Name: "Frauenhaus", Street: "Geheimweg", HouseNumber: "1", City: "Teststadt", X: x2, Y: y2, Confidential: true, ContactPath: "Hotline 08000 116 016"},
		},
		Offers: []OfferEntry{
			{Offer: quartier.Offer{Key: "treff", Name: "Offener Treff", Provider: "awo", Topics: []string{"offene-jugendarbeit"}, Status: quartier.OfferActive,
				Contacts: []quartier.Contact{{Name: "Öffentliche Stelle", Visibility: quartier.VisiblePublic}, {Name: "Diensthandy Frau K.", Phone: "0170 1", Visibility: quartier.VisibleProfessionals}}},
				PlaceKeys: []string{"club"}},
			{Offer: quartier.Offer{Key: "schutz", Name: "Schutz und Beratung", Topics: []string{"schutz"}, Status: quartier.OfferActive}, PlaceKeys: []string{"fh"}},
			{Offer: quartier.Offer{Key: "alt", Name: "Beendetes Angebot", Topics: []string{"sport"}, Status: quartier.OfferEnded}, PlaceKeys: []string{"club"}},
		},
	}
}

func TestAtlasImportAssignsAreasAndFiltersByActor(t *testing.T) {
	a := newApp(t)
	importGrid(t, a, 0, day0)
	composeColumns(t, a, true)
	// A provider working in "west" cannot write the shelter in "ost".
	if _, err := a.ImportAtlas(roleCtx(quartier.RoleProviderStaff, "west"), atlasFixture()); quartier.ErrorCode(err) != quartier.EFORBIDDEN {
		t.Fatalf("import outside the editor's spaces: %v", err)
	}
	rep, err := a.ImportAtlas(opCtx(), atlasFixture())
	if err != nil {
		t.Fatalf("%v %v", err, quartier.ErrorProblems(err))
	}
	if rep.Places != 2 || rep.Offers != 3 || rep.Providers != 1 || len(rep.Outside) != 0 {
		t.Fatalf("report %+v", rep)
	}
	// Editing is not public.
	if _, err := a.ImportAtlas(context.Background(), atlasFixture()); quartier.ErrorCode(err) != quartier.EUNAUTH && quartier.ErrorCode(err) != quartier.EFORBIDDEN {
		t.Fatalf("anonymous import: %v", err)
	}
	find := func(v *View, key string) quartier.Place {
		for _, p := range v.Places {
			if p.Key == key {
				return p
			}
		}
		t.Fatalf("place %s missing", key)
		return quartier.Place{}
	}
	for _, c := range []struct {
		name     string
		ctx      context.Context
		sees     bool // the shelter's address
		contacts int  // of the open meeting
	}{
		{"anonymous", context.Background(), false, 1},
		{"planner", roleCtx(quartier.RolePlanner), false, 2},
		{"provider staff", roleCtx(quartier.RoleProviderStaff, "west"), false, 2},
		{"ASD in the shelter's space", roleCtx(quartier.RoleASD, "ost"), true, 2},
		{"ASD of another space", roleCtx(quartier.RoleASD, "west"), false, 2},
		// Signed in, but not among the professionals the contacts are for.
		{"committee", roleCtx(quartier.RoleCommittee), false, 1},
		{"controlling", roleCtx(quartier.RoleController), false, 1},
	} {
		v, err := a.View(c.ctx)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		club, fh := find(v, "club"), find(v, "fh")
		if club.Block != "r1c0" || club.Space != "west" || club.Street != "Lindenweg" {
			t.Errorf("%s: club %+v", c.name, club)
		}
		shows := fh.Street != "" || fh.HasPoint() || fh.Space != "" || fh.Block != ""
		if shows != c.sees {
			t.Errorf("%s: shelter address shown=%v, want %v (%+v)", c.name, shows, c.sees, fh)
		}
		if fh.ContactPath == "" {
			t.Errorf("%s: contact path of the shelter missing", c.name)
		}
		if len(v.Offers) != 2 {
			t.Errorf("%s: %d current offers, want 2 (the ended one hidden)", c.name, len(v.Offers))
		}
		for _, o := range v.Offers {
			if o.Key == "treff" && len(o.Contacts) != c.contacts {
				t.Errorf("%s: %d contacts of the open meeting, want %d", c.name, len(o.Contacts), c.contacts)
			}
		}
	}
	// A new Gebietsstand moves the places with it: the columns become one
	// space per row, so the club (row 1) now lies in "mitte".
	rows := []spatial.Membership{}
	for r := 0; r < 3; r++ {
		for c := 0; c < 3; c++ {
			rows = append(rows, spatial.Membership{Line: len(rows) + 2, Block: "r" + string(rune('0'+r)) + "c" + string(rune('0'+c)), Area: []string{"sued", "mitte", "nord"}[r], AreaName: "Zeile"})
		}
	}
	if _, err := a.sp.ComposeLayer(opCtx(), spatial.ComposeRequest{Layer: spatial.LayerSpec{Code: "spalte", Name: "Spalten", Space: true}, Members: rows, ReferenceDate: day0.AddDate(0, 6, 0)}); err != nil {
		t.Fatalf("recompose: %v %v", err, quartier.ErrorProblems(err))
	}
	v, err := a.View(opCtx())
	if err != nil {
		t.Fatal(err)
	}
	if club := find(v, "club"); club.Space != "mitte" {
		t.Errorf("after the new Gebietsstand the club is in %q, want mitte", club.Space)
	}
}

func TestAtlasImportAllOrNothing(t *testing.T) {
	a := newApp(t)
	importGrid(t, a, 0, day0)
	for name, mut := range map[string]func(*Import){
		"unknown topic":      func(i *Import) { i.Offers[0].Topics = []string{"astrologie"} },
		"unknown place":      func(i *Import) { i.Offers[1].PlaceKeys = []string{"nirgends"} },
		"unknown provider":   func(i *Import) { i.Places[0].Provider = "unbekannt" },
		"swapped x and y":    func(i *Import) { i.Places[1].X, i.Places[1].Y = i.Places[1].Y, i.Places[1].X },
		"shelter no contact": func(i *Import) { i.Places[1].ContactPath = "" },
	} {
		imp := atlasFixture()
		mut(&imp)
		_, err := a.ImportAtlas(opCtx(), imp)
		if quartier.ErrorCode(err) != quartier.EINVALID {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if name == "swapped x and y" && !strings.Contains(quartier.ErrorMessage(err), "fh") {
			t.Errorf("%s: error does not name the place: %v", name, err)
		}
		v, err := a.View(opCtx())
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Places) != 0 || len(v.Offers) != 0 {
			t.Errorf("%s: partial import left %d places, %d offers", name, len(v.Places), len(v.Offers))
		}
	}
}
