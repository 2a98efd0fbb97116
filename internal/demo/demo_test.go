package demo

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/services"
	"github.com/quartier/quartier/internal/testdb"
)

// emptyApp is a fresh installation in EPSG:25833.
func emptyApp(t testing.TB) *services.Set {
	t.Helper()
	st, _ := testdb.Open(t)
	a, err := services.Open(context.Background(), st, services.Options{SRID: quartier.UTM33N})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() }) // before the store closes: the audit queue writes
	return a
}

// loadDemo builds the demo city in a fresh store.
func loadDemo(t *testing.T) *services.Set {
	t.Helper()
	a := emptyApp(t)
	start := time.Now()
	if err := Load(context.Background(), a, nil); err != nil {
		t.Fatalf("%v %v", err, quartier.ErrorProblems(err))
	}
	t.Logf("demo loaded in %s", time.Since(start))
	return a
}

func TestDemoCity(t *testing.T) {
	a := loadDemo(t)
	ctx := context.Background()
	want := map[string]int{LayerBlocks: 542, LayerDistrictRegs: 143, LayerForecast: 58, LayerSpaces: 58}
	infos, err := a.Spatial.Layers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, li := range infos {
		if want[li.Layer.Code] != li.Areas {
			t.Errorf("%s: %d areas, want %d", li.Layer.Code, li.Areas, want[li.Layer.Code])
		}
		delete(want, li.Layer.Code)
		ps, err := a.Spatial.CheckLayer(ctx, li.Layer.Code)
		if err != nil || quartier.HasErrors(ps) {
			t.Errorf("%s: check: %v %v", li.Layer.Code, err, ps)
		}
	}
	if len(want) != 0 {
		t.Errorf("layers missing: %v", want)
	}
	// Every real youth centre and Kita lies in exactly one Planungsraum (as
	// verified in the data's SOURCE.md), and so in a space of the demo.
	for _, name := range []string{"data/berlin_kitas_2022-12.epsg25833.geojson.gz", "data/berlin_jugendfreizeiteinrichtungen_2022-12.epsg25833.geojson.gz"} {
		r, err := open(name)
		if err != nil {
			t.Fatal(err)
		}
		var fc struct {
			Features []struct {
				Geometry struct{ Coordinates [2]float64 } `json:"geometry"`
			} `json:"features"`
		}
		if err := json.NewDecoder(r).Decode(&fc); err != nil {
			t.Fatal(err)
		}
		loc := a.Spatial.Locator()
		for i, f := range fc.Features {
			res := loc.Locate(orb.Point(f.Geometry.Coordinates))
			if !res.Inside {
				t.Errorf("%s #%d at %v outside every block", name, i, f.Geometry.Coordinates)
			}
			for _, h := range res.Hits {
				if h.Code == "" {
					t.Errorf("%s #%d: no area in %s", name, i, h.Layer)
				}
			}
		}
	}
	// Every space has a current provider, two teams and a duo.
	spaces, err := a.Spatial.AreaList(ctx, LayerSpaces)
	if err != nil {
		t.Fatal(err)
	}
	withHistory, rooms := 0, 0
	for _, sp := range spaces {
		d, err := a.Spatial.Area(ctx, LayerSpaces, sp.Code)
		if err != nil {
			t.Fatal(err)
		}
		if d.Current == nil || len(d.Teams) != 2 || len(d.CurrentDuo(time.Now())) != 2 {
			t.Errorf("%s: current %v, %d teams, duo %v", sp.Code, d.Current, len(d.Teams), d.Duo)
		}
		// Invented teams carry no real facility's contact details.
		for _, tm := range d.Teams {
			rooms += len(tm.Rooms)
			for _, r := range tm.Rooms {
				if r.Phone != "" || r.HouseNo != "" || !strings.Contains(r.Name, "(Beispiel)") {
					t.Errorf("%s: room of an invented team looks real: %+v", sp.Code, r)
				}
			}
		}
		if len(d.Assignments) > 1 {
			withHistory++
		}
	}
	if withHistory == 0 {
		t.Error("no space shows a change of provider")
	}
	if rooms == 0 {
		t.Error("no team has a room")
	}
	// Block → Bezirksregion by prefix, e.g. PLR 01100101 in BZR 011001.
	res := a.Spatial.Locator()
	if r, ok := res.LocateBlock("01100101"); !ok || r.Hits[1].Code == "" {
		t.Errorf("LocateBlock: %+v", r)
	}
	t.Run("addresses", func(t *testing.T) { testDemoAddresses(t, a) })
	t.Run("monitoring", func(t *testing.T) { testDemoMonitoring(t, a) })
	t.Run("budgets", func(t *testing.T) { testDemoBudgets(t, a) })
	t.Run("atlas", func(t *testing.T) { testDemoAtlas(t, a) })
	t.Run("search", func(t *testing.T) { testDemoSearch(t, a) })
}
