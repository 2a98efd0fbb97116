package atlas

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/quartier/quartier"
)

// contactNames lists the contacts of the offers of a view.
func contactNames(v *View) string {
	var out []string
	for _, o := range v.Offers {
		for _, c := range o.Contacts {
			out = append(out, c.Name)
		}
	}
	return strings.Join(out, ",")
}

// TestPublished: one publication per snapshot and audience class, shared
// by everyone in the class; staff get contacts for professionals, the
// public does not, nobody gets a shelter's address; and a change of the
// atlas (this process's or another's) gives new publications, so nothing
// derived from the old one is served.
func TestPublished(t *testing.T) {
	a := newApp(t)
	importGrid(t, a, 0, day0)
	composeColumns(t, a, true)
	if _, err := a.ImportAtlas(opCtx(), atlasFixture()); err != nil {
		t.Fatal(err)
	}
	pub := func(ctx context.Context) *Publication {
		t.Helper()
		p, err := a.Published(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	// whole is the publication as a whole-atlas file reads it.
	whole := func(p *Publication) *View {
		v, err := p.Whole(context.Background())
		if err != nil {
			t.Error(err)
			return &View{}
		}
		return v
	}
	asd := roleCtx(quartier.RoleASD, "ost") // may read the shelter elsewhere
	staff, anon := pub(asd), pub(context.Background())
	if staff.Audience != AudienceStaff || anon.Audience != AudiencePublic || pub(roleCtx(quartier.RolePlanner)) != staff || pub(context.Background()) != anon {
		t.Fatal("one publication per class and snapshot expected")
	}
	if !strings.Contains(contactNames(whole(staff)), "Diensthandy") || strings.Contains(contactNames(whole(anon)), "Diensthandy") {
		t.Errorf("contacts: staff %q, public %q", contactNames(whole(staff)), contactNames(whole(anon)))
	}
	for _, p := range []*Publication{staff, anon} {
		for _, pl := range whole(p).Places {
			if pl.Confidential && (pl.Street != "" || pl.X != 0 || pl.Space != "") {
				t.Errorf("%s: the shelter's address is published: %+v", p.Audience, pl)
			}
		}
	}
	// Reading the publication reveals no confidential place, so it leaves
	// no place.confidential.read entry even for the ASD.
	if es, _ := a.log.Entries(opCtx(), quartier.AuditFilter{Action: "place.confidential.read"}); len(es) != 0 {
		t.Errorf("publication audited as a reveal: %+v", es)
	}

	// Derived values are built once per publication and key, also when
	// the first callers come at once.
	var builds atomic.Int32
	build := func(p *Publication) (string, error) {
		builds.Add(1)
		time.Sleep(20 * time.Millisecond) // let the others arrive meanwhile
		return contactNames(whole(p)), nil
	}
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			if v, err := Derive(staff, "names", build); err != nil || !strings.Contains(v, "Diensthandy") {
				t.Errorf("derived %q %v", v, err)
			}
		})
	}
	wg.Wait()
	if n := builds.Load(); n != 1 {
		t.Errorf("%d builds for concurrent first callers, want 1", n)
	}
	if v, _ := Derive(anon, "names", build); strings.Contains(v, "Diensthandy") || builds.Load() != 2 {
		t.Errorf("the public class got %q (builds %d)", v, builds.Load())
	}

	// This process's write is seen at once, another process's after the
	// recheck; each time with new publications.
	imp := Import{Offers: []OfferEntry{{Offer: quartier.Offer{Key: "treff", Name: "Offener Treff (neu)", Provider: "awo", Topics: []string{"offene-jugendarbeit"}, Status: quartier.OfferActive},
		PlaceKeys: []string{"club"}}}}
	if _, err := a.ImportAtlas(opCtx(), imp); err != nil {
		t.Fatal(err)
	}
	after := pub(context.Background())
	if after == anon || after.Generation == anon.Generation {
		t.Fatal("the publication outlived the write")
	}
	if v, _ := Derive(after, "names", func(p *Publication) (string, error) {
		v := whole(p)
		return v.Offers[0].Name + "|" + v.Offers[1].Name, nil
	}); !strings.Contains(v, "(neu)") {
		t.Errorf("after the write: %q", v)
	}
	b := another(t, a)
	imp.Offers[0].Offer.Name = "Offener Treff (fremd)"
	if _, err := b.ImportAtlas(opCtx(), imp); err != nil {
		t.Fatal(err)
	}
	a.atlas.Load().checked.Store(0) // as if atlasRecheck had passed
	other := pub(roleCtx(quartier.RolePlanner))
	if other == staff || !strings.Contains(whole(other).Offers[0].Name+whole(other).Offers[1].Name, "(fremd)") {
		t.Error("another process's write not in the staff publication after the recheck")
	}
}
