package spatial

import (
	"context"
	"testing"

	"github.com/quartier/quartier"
)

// The spaces are the areas of the current version of the space layer,
// with the name, the version and its validity: a new Gebietsstand that
// drops a space ends it, and the old space no longer takes assignments.
func TestSpacesFollowTheCurrentVersion(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	if _, err := a.Spaces(ctx); quartier.ErrorCode(err) != quartier.EINVALID {
		t.Fatalf("no space layer yet: %v", err)
	}
	importGrid(t, a, 0, day0)
	composeColumns(t, a, true)
	spaces, err := a.Spaces(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(spaces) != 3 || spaces[0].Code != "mitte" || spaces[1].Code != "ost" || spaces[2].Code != "west" {
		t.Fatalf("spaces: %+v", spaces)
	}
	first := spaces[0]
	if first.Name != "Spalte mitte" || first.Layer != "spalte" || first.VersionID == 0 || !first.ReferenceDate.Equal(day0) ||
		first.ValidTo != nil || !first.ValidAt(day0) || first.ValidAt(day0.AddDate(0, 0, -1)) || first.Label() != "Spalte mitte (mitte)" {
		t.Fatalf("space: %+v", first)
	}

	// A new Gebietsstand merges west into mitte.
	ms := columnMembers()
	for i := range ms {
		if ms[i].Area == "west" {
			ms[i].Area, ms[i].AreaName = "mitte", "Spalte mitte"
		}
	}
	second := day0.AddDate(0, 6, 0)
	if _, err := a.ComposeLayer(opCtx(), ComposeRequest{Layer: LayerSpec{Code: "spalte"}, Members: ms, ReferenceDate: second}); err != nil {
		t.Fatal(err)
	}
	spaces, err = a.Spaces(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(spaces) != 2 || spaces[0].VersionID == first.VersionID || !spaces[0].ReferenceDate.Equal(second) || spaces[0].ValidAt(day0) {
		t.Fatalf("spaces after the merge: %+v", spaces)
	}
	if err := a.Assign(opCtx(), AssignRequest{Space: "west", Assignee: "awo", ValidFrom: second}); quartier.ErrorCode(err) != quartier.ENOTFOUND {
		t.Fatalf("assignment to a space the current version dropped: %v", err)
	}
}
