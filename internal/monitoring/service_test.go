package monitoring

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/spatial"
	"github.com/quartier/quartier/internal/spatialtest"
	"github.com/quartier/quartier/internal/testcity"
)

var (
	d2020 = time.Date(2020, 12, 31, 0, 0, 0, 0, time.UTC)
	d2018 = time.Date(2018, 12, 31, 0, 0, 0, 0, time.UTC)
)

// The test city's nine blocks: "alo" is a share with counts (r2c0
// withheld), "quote" a share without them, "kinder" a count.
const blockTable = `baustein;alo;ew;quote;kinder
r0c0;5;100;1;10
r1c0;10;200;2;20
r2c0;;;3;30
r0c1;1;10;10;1
r1c1;9;90;20;2
r2c1;40;100;40;3
r0c2;0;50;5;0
r1c2;3;50;5;0
r2c2;2;100;5;5
`

// Residents per block; r2c1 has none.
const residents = "baustein;gesamt\nr0c0;100\nr1c0;200\nr2c0;50\nr0c1;100\nr1c1;300\nr2c1;0\nr0c2;50\nr1c2;50\nr2c2;100\n"

func blockMapping(date string) Mapping {
	return Mapping{Layer: "blk", AreaColumn: "baustein", Date: date, Source: "Testamt", Licence: "dl-de/by-2.0", Indicators: []MappedIndicator{
		share("alo", "alo", "ew"), column("quote", quartier.IndicatorShare, "quote"), column("kinder", quartier.IndicatorCount, "kinder")}}
}

type city struct {
	core *spatialtest.Core
	mon  *Service
}

func newCity(t *testing.T) *city {
	t.Helper()
	core := spatialtest.Open(t, nil)
	core.Grid(t, 0, testcity.Day0)
	core.Columns(t, true)
	if _, err := core.Spatial.ImportPopulation(testcity.Operator(), strings.NewReader(residents), spatial.PopulationColumns{}, d2020); err != nil {
		t.Fatal(err)
	}
	c := &city{core: core, mon: New(core.Store, core.Audit, core.Spatial)}
	if _, err := c.mon.ImportIndicators(testcity.Operator(), strings.NewReader(blockTable), blockMapping("2020-12-31")); err != nil {
		t.Fatalf("%v %v", err, quartier.ErrorProblems(err))
	}
	return c
}

func (c *city) entries(t *testing.T, action string) int {
	t.Helper()
	if err := c.core.Audit.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	n := 0
	if err := c.core.Store.View(context.Background(), func(tx quartier.Tx) error {
		es, err := tx.AuditEntries(context.Background(), quartier.AuditFilter{Action: action, Limit: 1000})
		n = len(es)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return n
}

func (c *city) values(t *testing.T, ctx context.Context, ind, layer string) map[string]AreaValue {
	t.Helper()
	rep, err := c.mon.Values(ctx, ind, layer, d2020)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]AreaValue{}
	for _, v := range rep.Areas {
		out[v.Area] = v
	}
	return out
}

func TestImportStoresAndReplaces(t *testing.T) {
	c := newCity(t)
	inds, err := c.mon.Indicators(context.Background())
	if err != nil || len(inds) != 3 {
		t.Fatalf("%v %v", inds, err)
	}
	if a := inds[0]; a.Code != "alo" || a.Layer != "blk" || !a.LayerDate.Equal(testcity.Day0) || a.Source != "Testamt" || a.Scale != 100 || a.BaseGroup != "gesamt" {
		t.Errorf("indicator %+v", a)
	}
	if got := c.values(t, testcity.Operator(), "alo", "blk"); got["r0c1"].Value != 10 || !got["r0c1"].FromCounts || !math.IsNaN(got["r2c0"].Value) {
		t.Errorf("block values %+v", got)
	}
	// An older date, then a corrected delivery of 2020: 2020 is replaced
	// whole, 2018 stays, each import one audit entry.
	if _, err := c.mon.ImportIndicators(testcity.Operator(), strings.NewReader(blockTable), blockMapping("2018-12-31")); err != nil {
		t.Fatal(err)
	}
	corrected := "baustein;alo;ew;quote;kinder\nr0c0;7;100;1;10\n"
	rep, err := c.mon.ImportIndicators(testcity.Operator(), strings.NewReader(corrected), blockMapping("31.12.2020"))
	if err != nil {
		t.Fatal(err)
	}
	if ir := rep.Indicators[0]; ir.Code != "alo" || ir.Values != 1 || ir.Replaced != 8 {
		t.Errorf("report %+v", rep.Indicators)
	}
	got := c.values(t, testcity.Operator(), "alo", "blk")
	if got["r0c0"].Value != 7 || !math.IsNaN(got["r0c1"].Value) {
		t.Errorf("after the correction: %+v", got)
	}
	if n := c.entries(t, "indicators.import"); n != 3 {
		t.Errorf("%d import entries, want 3", n)
	}
	old, err := c.mon.Values(testcity.Operator(), "alo", "blk", d2018)
	if err != nil || old.Areas[0].Value != 5 {
		t.Errorf("2018 kept: %+v %v", old, err)
	}
	// A faulty table writes nothing, not even the sound rows.
	bad := "baustein;alo;ew;quote;kinder\nr0c0;1;100;1;10\nr9c9;1;1;1;1\n"
	_, err = c.mon.ImportIndicators(testcity.Operator(), strings.NewReader(bad), blockMapping("2020-12-31"))
	if ps := quartier.ErrorProblems(err); len(ps) != 1 || ps[0].Feature != 3 || ps[0].Code != "r9c9" {
		t.Fatalf("want the unknown block located, got %v %v", err, ps)
	}
	if got := c.values(t, testcity.Operator(), "alo", "blk"); got["r0c0"].Value != 7 {
		t.Errorf("a refused import changed a value: %+v", got["r0c0"])
	}
	if n := c.entries(t, "indicators.import"); n != 3 {
		t.Errorf("a refused import left an entry (%d)", n)
	}
	// Values of other dates stay, so the kind of an indicator stays too.
	changed := blockMapping("2021-12-31")
	changed.Indicators = []MappedIndicator{column("alo", quartier.IndicatorMeasure, "quote")}
	if _, err := c.mon.ImportIndicators(testcity.Operator(), strings.NewReader(blockTable), changed); quartier.ErrorCode(err) != quartier.ECONFLICT {
		t.Errorf("kind changed: %v", err)
	}
}

// Summing into the columns, worked out by hand from blockTable and the
// residents: shares add numerators and denominators; shares without
// counts are weighted by residents; counts add up.
func TestSumIntoComposedLayer(t *testing.T) {
	c := newCity(t)
	alo := c.values(t, testcity.Operator(), "alo", "spalte")
	// west 15/300 from two of three blocks; mitte 50/200 (the mean of
	// the three shares would be 20); ost 5/200.
	for area, want := range map[string]struct {
		v, num, den float64
		complete    bool
	}{"west": {5, 15, 300, false}, "mitte": {25, 50, 200, true}, "ost": {2.5, 5, 200, true}} {
		g := alo[area]
		if !near(g.Value, want.v) || g.Numerator != want.num || g.Denominator != want.den || !g.FromCounts || g.Complete != want.complete || g.Blocks != 3 {
			t.Errorf("alo %s: %+v, want %+v", area, g, want)
		}
	}
	quote := c.values(t, testcity.Operator(), "quote", "spalte")
	// west (1·100 + 2·200 + 3·50) / 350; mitte (10·100 + 20·300 + 40·0) / 400.
	if !near(quote["west"].Value, 650.0/350) || !near(quote["mitte"].Value, 17.5) || !near(quote["ost"].Value, 5) || quote["mitte"].FromCounts {
		t.Errorf("quote %+v", quote)
	}
	if kinder := c.values(t, testcity.Operator(), "kinder", "spalte"); kinder["west"].Value != 60 || kinder["mitte"].Value != 6 || kinder["ost"].Value != 5 {
		t.Errorf("kinder %+v", kinder)
	}
}

func columnIndex(from *time.Time) quartier.Index {
	return quartier.Index{Code: "sozial", Name: "Sozialindex", Layer: "blk", ReferenceDate: d2020,
		Components: []quartier.IndexComponent{{Code: "status", Name: "Status", Terms: []quartier.IndexTerm{{Indicator: "alo", ChangeFrom: from}},
			Classes: quartier.IndexClasses{Bounds: []float64{0}, Labels: []string{"unter dem Mittel", "über dem Mittel"}}}}}
}

func TestComputeIndexOnAnyLayer(t *testing.T) {
	c := newCity(t)
	if err := c.mon.SaveIndex(testcity.Operator(), columnIndex(nil)); err != nil {
		t.Fatal(err)
	}
	res, err := c.mon.ComputeIndex(testcity.Operator(), "sozial", "")
	if err != nil {
		t.Fatal(err)
	}
	if res.Layer != "blk" || len(res.Rows) != 9 || res.Considered != 8 || res.Rows[2].Area != "r0c2" || !res.PopulationDate.Equal(d2020) {
		t.Errorf("on blocks: layer %s, %d rows, %d considered", res.Layer, len(res.Rows), res.Considered)
	}
	res, err = c.mon.ComputeIndex(testcity.Operator(), "sozial", "spalte")
	if err != nil {
		t.Fatal(err)
	}
	// On the columns the shares are 25, 2.5, 5 (code order mitte, ost,
	// west); mean 32.5/3; z by the population SD.
	xs := []float64{25, 2.5, 5}
	mean := 32.5 / 3
	sd := math.Sqrt(((25-mean)*(25-mean) + (2.5-mean)*(2.5-mean) + (5-mean)*(5-mean)) / 3)
	for i, r := range res.Rows {
		if z := r.Components[0].Standardised[0]; !near(z, (xs[i]-mean)/sd) {
			t.Errorf("%s: z %v, want %v", r.Area, z, (xs[i]-mean)/sd)
		}
	}
	if res.Rows[0].Residents != 400 || !res.Rows[0].HasResidents || res.Rows[0].Combined != "über dem Mittel" || res.Rows[1].Combined != "unter dem Mittel" {
		t.Errorf("rows %+v", res.Rows)
	}
	var csv strings.Builder
	if err := res.WriteCSV(&csv); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(csv.String()), "\n")
	if len(lines) != 4 || lines[0] != "\ufeffgebiet;name;einwohner;ausgeschlossen;status_wert_alo;status_z_alo;status_summe;status_index;status_position;status_klasse;klasse" ||
		!strings.HasPrefix(lines[1], "mitte;Spalte mitte;400;;25;1,") {
		t.Errorf("csv:\n%s", csv.String())
	}
}

// A dynamics term from two dates: the change in percentage points.
func TestChangeBetweenDates(t *testing.T) {
	c := newCity(t)
	older := strings.Replace(strings.Replace(blockTable, "r1c1;9;90", "r1c1;30;90", 1), "r0c2;0;50", "r0c2;10;50", 1)
	if _, err := c.mon.ImportIndicators(testcity.Operator(), strings.NewReader(older), blockMapping("2018-12-31")); err != nil {
		t.Fatal(err)
	}
	from := d2018
	if err := c.mon.SaveIndex(testcity.Operator(), columnIndex(&from)); err != nil {
		t.Fatal(err)
	}
	res, err := c.mon.ComputeIndex(testcity.Operator(), "sozial", "spalte")
	if err != nil {
		t.Fatal(err)
	}
	// mitte 50/200 − 71/200 = −10.5; ost 5/200 − 15/200 = −5; west 0.
	for i, want := range []float64{-10.5, -5, 0} {
		if got := res.Rows[i].Components[0].Raw[0]; !near(got, want) {
			t.Errorf("%s: change %v, want %v", res.Rows[i].Area, got, want)
		}
	}
}

func TestWhoSeesWhat(t *testing.T) {
	c := newCity(t)
	if err := c.mon.SaveIndex(testcity.Operator(), columnIndex(nil)); err != nil {
		t.Fatal(err)
	}
	for _, role := range []quartier.Role{quartier.RoleCommittee, quartier.RoleASD, quartier.RoleAdmin} {
		ctx := testcity.Role(role)
		if _, err := c.mon.Values(ctx, "alo", "blk", d2020); quartier.ErrorCode(err) != quartier.EFORBIDDEN {
			t.Errorf("%s reads internal values: %v", role, err)
		}
		if _, err := c.mon.ComputeIndex(ctx, "sozial", ""); quartier.ErrorCode(err) != quartier.EFORBIDDEN {
			t.Errorf("%s computes the index: %v", role, err)
		}
	}
	if n := c.entries(t, string(quartier.PermReadIndicators)); n != 6 {
		t.Errorf("%d denials audited, want 6", n)
	}
	for _, role := range []quartier.Role{quartier.RoleCommittee, quartier.RoleController} {
		if _, err := c.mon.ImportIndicators(testcity.Role(role), strings.NewReader(blockTable), blockMapping("2020-12-31")); quartier.ErrorCode(err) != quartier.EFORBIDDEN {
			t.Errorf("%s imports: %v", role, err)
		}
		if err := c.mon.SaveIndex(testcity.Role(role), columnIndex(nil)); quartier.ErrorCode(err) != quartier.EFORBIDDEN {
			t.Errorf("%s defines an index: %v", role, err)
		}
	}
	// A provider lead for the west sees the west: its three blocks and
	// its column, never a value of the others.
	west := testcity.Role(quartier.RoleProviderLead, "west")
	blocks := c.values(t, west, "alo", "blk")
	if len(blocks) != 3 || blocks["r0c0"].Area == "" || blocks["r1c0"].Area == "" || blocks["r2c0"].Area == "" {
		t.Errorf("west's blocks: %v", blocks)
	}
	if cols := c.values(t, west, "alo", "spalte"); len(cols) != 1 || cols["west"].Value != 5 {
		t.Errorf("west's column: %v", cols)
	}
	res, err := c.mon.ComputeIndex(west, "sozial", "spalte")
	if err != nil || len(res.Rows) != 1 || res.Rows[0].Area != "west" || res.Considered != 3 {
		t.Errorf("west's index rows: %+v %v", res, err)
	}
	for _, role := range []quartier.Role{quartier.RolePlanner, quartier.RoleController, quartier.RoleASDLead} {
		if got := c.values(t, testcity.Role(role), "alo", "blk"); len(got) != 9 {
			t.Errorf("%s sees %d blocks", role, len(got))
		}
	}
	if n := c.entries(t, "indicator.values"); n != 5 {
		t.Errorf("%d reads audited, want 5", n)
	}
}
