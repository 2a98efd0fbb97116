package monitoring

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/spatial"
	"github.com/quartier/quartier/internal/testcity"
)

var d2019 = time.Date(2019, 12, 31, 0, 0, 0, 0, time.UTC)

// compose builds a version of layer "bezirk" at date from area → blocks.
func compose(t *testing.T, c *city, date time.Time, areas map[string][]string) {
	t.Helper()
	var ms []spatial.Membership
	for area, blocks := range areas {
		for _, b := range blocks {
			ms = append(ms, spatial.Membership{Line: len(ms) + 2, Block: b, Area: area, AreaName: "Bezirk " + area})
		}
	}
	if _, err := c.core.Spatial.ComposeLayer(testcity.Operator(), spatial.ComposeRequest{Layer: spatial.LayerSpec{Code: "bezirk", Name: "Bezirke"},
		Members: ms, ReferenceDate: date, ValidFrom: date}); err != nil {
		t.Fatalf("compose: %v %v", err, quartier.ErrorProblems(err))
	}
}

func bezirkMapping(date, layerDate string) Mapping {
	return Mapping{Layer: "bezirk", LayerDate: layerDate, AreaColumn: "bezirk", Date: date, Indicators: []MappedIndicator{
		column("kinder_b", quartier.IndicatorCount, "kinder"), share("alo_b", "alo", "ew")}}
}

// Values delivered on the Gebietsstand of 2024 (A, B, C, D) and read on
// that of mid-2024 (A unchanged, B and C merged into BC, D split into D1
// and D2): A keeps its value, BC is the sum of B and C (counts and the
// share's numerator and denominator), D1 and D2 are not comparable, and
// so is every column of the test city, each cutting through an old area.
// Worked out by hand from the tables below.
func TestOlderGebietsstandMappedWhereExact(t *testing.T) {
	c := newCity(t)
	day0, later := testcity.Day0, testcity.Day0.AddDate(0, 6, 0)
	compose(t, c, day0, map[string][]string{"a": {"r0c0"}, "b": {"r1c0"}, "c": {"r2c0", "r2c1"}, "d": {"r0c1", "r1c1", "r0c2", "r1c2", "r2c2"}})
	compose(t, c, later, map[string][]string{"a": {"r0c0"}, "bc": {"r1c0", "r2c0", "r2c1"}, "d1": {"r0c1", "r1c1"}, "d2": {"r0c2", "r1c2", "r2c2"}})
	planner := testcity.Role(quartier.RolePlanner)

	old := "bezirk;kinder;alo;ew\na;10;5;100\nb;20;10;200\nc;33;40;150\nd;9;6;250\n"
	// The codes of 2024 are refused against the current Gebietsstand …
	_, err := c.mon.ImportIndicators(testcity.Operator(), strings.NewReader(old), bezirkMapping("2019-12-31", ""))
	if ps := quartier.ErrorProblems(err); len(ps) != 3 || ps[0].Code != "b" {
		t.Fatalf("old codes on the current Gebietsstand: %v %v", err, ps)
	}
	// … and accepted as a delivery on it; a current code is unknown there.
	if _, err := c.mon.ImportIndicators(testcity.Operator(), strings.NewReader("bezirk;kinder;alo;ew\nbc;1;1;1\n"), bezirkMapping("2019-12-31", "2024-01-01")); quartier.ErrorCode(err) != quartier.EINVALID {
		t.Fatalf("a current code on the old Gebietsstand: %v", err)
	}
	if _, err := c.mon.ImportIndicators(testcity.Operator(), strings.NewReader(old), bezirkMapping("2019-12-31", "2024-01-01")); err != nil {
		t.Fatalf("%v %v", err, quartier.ErrorProblems(err))
	}
	if _, err := c.mon.ImportIndicators(testcity.Operator(), strings.NewReader(old), bezirkMapping("2019-12-31", "2023-05-05")); quartier.ErrorCode(err) != quartier.ENOTFOUND {
		t.Errorf("unknown Gebietsstand: %v", err)
	}
	current := "bezirk;kinder;alo;ew\na;12;6;100\nbc;50;45;360\nd1;4;2;100\nd2;8;5;150\n"
	if _, err := c.mon.ImportIndicators(testcity.Operator(), strings.NewReader(current), bezirkMapping("2020-12-31", "")); err != nil {
		t.Fatalf("%v %v", err, quartier.ErrorProblems(err))
	}

	rep, err := c.mon.Values(planner, "kinder_b", "bezirk", d2019)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]AreaValue{}
	for _, av := range rep.Areas {
		got[av.Area] = av
	}
	if a := got["a"]; a.Value != 10 || a.NotComparable != "" || !a.LayerDate.Equal(day0) {
		t.Errorf("a (unchanged): %+v", a)
	}
	if bc := got["bc"]; bc.Value != 53 || bc.NotComparable != "" || bc.Blocks != 2 || !bc.Complete {
		t.Errorf("bc (b and c merged): %+v", bc)
	}
	for _, code := range []string{"d1", "d2"} {
		if d := got[code]; !math.IsNaN(d.Value) || !strings.Contains(d.NotComparable, "Gebiet d ") {
			t.Errorf("%s (d split): %+v", code, d)
		}
	}
	// The columns cut c (r2c0 in west, r2c1 in mitte) and d.
	cols, err := c.mon.Values(planner, "kinder_b", "spalte", d2019)
	if err != nil {
		t.Fatal(err)
	}
	for _, av := range cols.Areas {
		if !math.IsNaN(av.Value) || av.NotComparable == "" {
			t.Errorf("column %s: %+v", av.Area, av)
		}
	}

	// The change 2019 → 2020: a +2, bc −3 (share (45/360 − 50/350)·100),
	// d1 and d2 not comparable.
	ch, err := c.mon.Change(planner, "alo_b", "bezirk", d2019, d2020)
	if err != nil {
		t.Fatal(err)
	}
	diff := map[string]AreaChange{}
	for _, a := range ch.Areas {
		diff[a.Area] = a
	}
	if d := diff["bc"]; math.Abs(d.Difference-(45.0/360-50.0/350)*100) > 1e-12 || d.From.Numerator != 50 || d.From.Denominator != 350 {
		t.Errorf("bc change: %+v", d)
	}
	if d := diff["a"]; math.Abs(d.Difference-1) > 1e-12 {
		t.Errorf("a change: %+v", d)
	}
	if d := diff["d1"]; !math.IsNaN(d.Difference) || d.NotComparable == "" {
		t.Errorf("d1 change: %+v", d)
	}
	kids, err := c.mon.Change(planner, "kinder_b", "bezirk", d2019, d2020)
	if err != nil || kids.Areas[0].Area != "a" || kids.Areas[0].Difference != 2 || kids.Areas[1].Difference != -3 {
		t.Errorf("kinder change: %+v %v", kids, err)
	}

	s, err := c.mon.AreaSeries(planner, "kinder_b", "bezirk", "bc")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Points) != 2 || s.Points[0].Area.Value != 53 || s.Points[1].Area.Value != 50 || !s.Points[1].Area.LayerDate.Equal(later) {
		t.Errorf("series of bc: %+v", s.Points)
	}
	s, err = c.mon.AreaSeries(planner, "kinder_b", "bezirk", "d2")
	if err != nil || !math.IsNaN(s.Points[0].Area.Value) || s.Points[1].Area.Value != 8 {
		t.Errorf("series of d2: %+v %v", s, err)
	}
	if _, err := c.mon.AreaSeries(planner, "kinder_b", "bezirk", "x"); quartier.ErrorCode(err) != quartier.ENOTFOUND {
		t.Errorf("unknown area: %v", err)
	}
	if _, err := c.mon.AreaSeries(testcity.Role(quartier.RoleCommittee), "kinder_b", "bezirk", "a"); quartier.ErrorCode(err) != quartier.EFORBIDDEN {
		t.Errorf("committee read a series: %v", err)
	}
	if _, err := c.mon.Change(planner, "kinder_b", "bezirk", d2020, d2019); quartier.ErrorCode(err) != quartier.EINVALID {
		t.Errorf("dates reversed: %v", err)
	}
}

// A block redrawn since the delivery makes every area holding it not
// comparable, on the indicator's own layer and above it; the others keep
// their values. The second grid moves the border between r0c0 and r0c1.
func TestRedrawnBlockNotComparable(t *testing.T) {
	c := newCity(t)
	c.core.Grid(t, 0.5, testcity.Day0.AddDate(0, 3, 0))
	planner := testcity.Role(quartier.RolePlanner)
	rep, err := c.mon.Values(planner, "kinder", "blk", d2020)
	if err != nil {
		t.Fatal(err)
	}
	for _, av := range rep.Areas {
		redrawn := av.Area == "r0c0" || av.Area == "r0c1"
		if redrawn != (av.NotComparable != "") || redrawn != math.IsNaN(av.Value) {
			t.Errorf("%s: %+v", av.Area, av)
		}
	}
	cols := c.values(t, planner, "kinder", "spalte")
	if w, m, o := cols["west"], cols["mitte"], cols["ost"]; !strings.Contains(w.NotComparable, "r0c0") || !strings.Contains(m.NotComparable, "r0c1") || o.Value != 5 {
		t.Errorf("columns: %+v %+v %+v", w, m, o)
	}
}
