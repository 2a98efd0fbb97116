package atlas

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/quartier/quartier"
)

// TestEditingRevealsAreAudited: the editing paths show a confidential
// place's address to an editor who may read it (the place list of the
// offer form, the typed place choice, the offer and place forms, the
// history with every past address) and each such showing is a read of the
// address like the page, search and map: one place.confidential.read
// entry naming the shelter. An editor who may not read it is shown no
// address and leaves none.
func TestEditingRevealsAreAudited(t *testing.T) {
	a := goldenCity(t)
	// ASD of the shelter's space who also edits the atlas there.
	reader := quartier.WithActor(context.Background(), &quartier.Actor{UserID: 9, Login: "t-asd-editor", Grants: []quartier.Grant{
		{Role: quartier.RoleASD, Scope: quartier.Scope{Kind: quartier.ScopeSpaces, Spaces: []quartier.SpaceCode{"neukoelln"}}, Spaces: []quartier.SpaceCode{"neukoelln"}},
		{Role: quartier.RoleOffice, Scope: quartier.Scope{Kind: quartier.ScopeSpaces, Spaces: []quartier.SpaceCode{"neukoelln"}}, Spaces: []quartier.SpaceCode{"neukoelln"}},
	}})
	blind := roleCtx(quartier.RoleOffice)
	// A change of the shelter gives it a history.
	p, _, err := a.PlaceForEdit(opCtx(), "p-frauenhaus")
	if err != nil {
		t.Fatal(err)
	}
	moved := *p
	moved.HouseNumber = "9"
	if _, err := a.SavePlace(opCtx(), PlaceEdit{Place: moved}); err != nil {
		t.Fatal(err)
	}
	reveals := func() int {
		t.Helper()
		es, err := a.log.Entries(opCtx(), quartier.AuditFilter{Action: "place.confidential.read"})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range es {
			if strings.Contains(e.ObjectID, "p-frauenhaus") {
				n++
			}
		}
		return n
	}
	for _, c := range []struct {
		name string
		call func(ctx context.Context) (shown string, err error)
	}{
		{"place list of the offer form", func(ctx context.Context) (string, error) {
			c, err := a.EditChoices(ctx)
			if err != nil {
				return "", err
			}
			i := slices.IndexFunc(c.Places, func(p quartier.Place) bool { return p.Key == "p-frauenhaus" })
			if i < 0 {
				return "", nil
			}
			return c.Places[i].Street, nil
		}},
		{"typed place choice", func(ctx context.Context) (string, error) {
			ps, err := a.PlaceMatches(ctx, "Frauenhaus", 20)
			if err != nil || len(ps) == 0 {
				return "", err
			}
			return ps[0].Street, nil
		}},
		{"offer form", func(ctx context.Context) (string, error) {
			d, err := a.OfferForEdit(ctx, "frauenhaus")
			if err != nil {
				return "", err
			}
			return d.Places[0].Street, nil
		}},
		{"place form", func(ctx context.Context) (string, error) {
			p, _, err := a.PlaceForEdit(ctx, "p-frauenhaus")
			if err != nil {
				return "", err
			}
			return p.Street, nil
		}},
		{"history", func(ctx context.Context) (string, error) {
			h, err := a.History(ctx, quartier.EntityPlace, "p-frauenhaus")
			if err != nil {
				return "", err
			}
			var shown []string
			for _, e := range h.Entries {
				for _, f := range e.Fields {
					shown = append(shown, f.Before, f.After)
				}
			}
			return strings.Join(shown, " "), nil
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := reveals()
			shown, err := c.call(reader)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(shown, "Geheimgasse") && !strings.Contains(shown, "9") {
				t.Fatalf("the reader is not shown the address: %q", shown)
			}
			if n := reveals() - before; n != 1 {
				t.Errorf("%d reveal entries for the reader, want 1", n)
			}
			before = reveals()
			if shown, err := c.call(blind); err == nil && strings.Contains(shown, "Geheimgasse") {
				t.Fatalf("the blind editor is shown the address: %q", shown)
			}
			if n := reveals() - before; n != 0 {
				t.Errorf("%d reveal entries for the blind editor", n)
			}
		})
	}
}
