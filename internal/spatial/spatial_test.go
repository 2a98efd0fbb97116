package spatial

import (
	"bytes"
	"context"
	"encoding/csv"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/geo"
	"github.com/quartier/quartier/internal/testcity"
)

func TestLookupPointGrid(t *testing.T) {
	a := newApp(t)
	importGrid(t, a, 0, day0)
	composeColumns(t, a, true)
	ctx := context.Background() // anonymous: lookups are public
	for r := 0; r < 3; r++ {
		for c := 0; c < 3; c++ {
			x, y := cellCenter(r, c)
			res, err := a.LookupPoint(ctx, x, y, quartier.UTM33N)
			if err != nil {
				t.Fatal(err)
			}
			want := []string{"r" + string(rune('0'+r)) + "c" + string(rune('0'+c)), []string{"west", "mitte", "ost"}[c]}
			if !res.Inside || res.Hits[0].Code != want[0] {
				t.Errorf("(%d,%d): block %+v, want %s", r, c, res.Hits, want[0])
			}
			if h, _ := res.HitFor("spalte"); h.Code != want[1] {
				t.Errorf("(%d,%d): column %q, want %s", r, c, h.Code, want[1])
			}
		}
	}
	// Outside every block: an explicit answer, not an error.
	res, err := a.LookupPoint(ctx, gridX0-10, gridY0-10, quartier.UTM33N)
	if err != nil || res.Inside || res.Hits[0].Code != "" {
		t.Fatalf("outside point: %+v %v", res, err)
	}
	// A point on a shared border belongs to exactly one block, always the
	// same: the half-open rule gives it to the east (vertical border) or
	// north (horizontal border) neighbour.
	cases := []struct {
		x, y float64
		want string
	}{
		{gridX0 + cell, gridY0 + 1.5*cell, "r1c1"},   // vertical border c0|c1
		{gridX0 + 0.5*cell, gridY0 + cell, "r1c0"},   // horizontal border r0|r1
		{gridX0 + cell, gridY0 + cell, "r1c1"},       // shared corner of four blocks
		{gridX0 + 2*cell, gridY0 + 2.5*cell, "r2c2"}, // vertical border c1|c2
	}
	for _, c := range cases {
		for i := 0; i < 3; i++ {
			res, _ := a.LookupPoint(ctx, c.x, c.y, quartier.UTM33N)
			if res.Hits[0].Code != c.want {
				t.Errorf("border point (%g,%g): %q, want %q", c.x, c.y, res.Hits[0].Code, c.want)
			}
		}
	}
}

func TestLookupPointOtherCRS(t *testing.T) {
	a := newApp(t)
	importGrid(t, a, 0, day0)
	x, y := cellCenter(1, 1)
	tr, err := geo.Transformer(quartier.UTM33N, quartier.WGS84)
	if err != nil {
		t.Fatal(err)
	}
	p := tr(orb.Point{x, y})
	res, err := a.LookupPoint(context.Background(), p[0], p[1], quartier.WGS84)
	if err != nil || res.Hits[0].Code != "r1c1" {
		t.Fatalf("WGS84 lookup: %+v %v", res, err)
	}
	tr32, _ := geo.Transformer(quartier.UTM33N, quartier.UTM32N)
	p = tr32(orb.Point{x, y})
	res, err = a.LookupPoint(context.Background(), p[0], p[1], quartier.UTM32N)
	if err != nil || res.Hits[0].Code != "r1c1" {
		t.Fatalf("25832 lookup: %+v %v", res, err)
	}
	for _, bad := range [][3]float64{{200, 100, 4326}, {13, 52, 25833}, {1, 2, 3857}} {
		if _, err := a.LookupPoint(context.Background(), bad[0], bad[1], quartier.SRID(bad[2])); quartier.ErrorCode(err) != quartier.EINVALID {
			t.Errorf("%v: want EINVALID, got %v", bad, err)
		}
	}
}

func TestImportNeedsPermission(t *testing.T) {
	a := newApp(t)
	_, err := a.ImportAreas(context.Background(), ImportAreasRequest{
		Layer: LayerSpec{Code: "blk", Kind: quartier.LayerBlock}, Input: bytes.NewReader(gridBlocks(0)), CodeProperty: "code",
	})
	if quartier.ErrorCode(err) != quartier.EFORBIDDEN {
		t.Fatalf("anonymous import: %v", err)
	}
	// A dry run writes nothing, so anyone may check a file.
	rep, err := a.ImportAreas(context.Background(), ImportAreasRequest{
		Layer: LayerSpec{Code: "blk", Kind: quartier.LayerBlock}, Input: bytes.NewReader(gridBlocks(0)), CodeProperty: "code", DryRun: true,
	})
	if err != nil || rep.Written || rep.Features != 9 {
		t.Fatalf("dry run: %+v %v", rep, err)
	}
	if len(a.Locator().Layers()) != 0 {
		t.Fatal("dry run wrote a layer")
	}
}

func TestComposeChecks(t *testing.T) {
	a := newApp(t)
	importGrid(t, a, 0, day0)
	// All blocks but r2c1 and r2c2, plus r0c0 a second time in another
	// area and a block that does not exist.
	ms := columnMembers()[:7]
	ms = append(ms, Membership{Line: 99, Block: "r0c0", Area: "ost"}, Membership{Line: 100, Block: "zz99", Area: "ost"})
	rep, err := a.ComposeLayer(opCtx(), ComposeRequest{Layer: LayerSpec{Code: "spalte", Name: "Spalten"}, Members: ms})
	if quartier.ErrorCode(err) != quartier.EINVALID {
		t.Fatalf("want rejection, got %v", err)
	}
	k := kinds(rep.Problems)
	if k[quartier.ProblemBlockTwice] != 1 || k[quartier.ProblemUnknownBlock] != 1 || k[quartier.ProblemBlockMissing] != 2 {
		t.Fatalf("problems: %v\n%s", k, mustJSON(rep.Problems))
	}
	for _, p := range rep.Problems {
		if p.Kind == quartier.ProblemBlockTwice && (p.Feature != 99 || p.Code != "r0c0") {
			t.Errorf("block twice not located: %+v", p)
		}
	}
	if len(a.Locator().Layers()) != 1 {
		t.Fatal("rejected compose wrote a layer")
	}
	// Partial layers report missing blocks as warnings only.
	rep, err = a.ComposeLayer(opCtx(), ComposeRequest{Layer: LayerSpec{Code: "teil", Name: "Teil"}, Members: columnMembers()[:3], AllowPartial: true, ReferenceDate: day0})
	if err != nil || !rep.Written {
		t.Fatalf("partial: %v", err)
	}
}

func TestComposeUnionGeometry(t *testing.T) {
	a := newApp(t)
	importGrid(t, a, 0, day0)
	composeColumns(t, a, false)
	_, _, areas, err := a.LayerAreas(context.Background(), "spalte")
	if err != nil {
		t.Fatal(err)
	}
	if len(areas) != 3 {
		t.Fatalf("%d areas", len(areas))
	}
	for _, ar := range areas {
		if d := ar.AreaM2 - 3*cell*cell; d > 0.01 || d < -0.01 {
			t.Errorf("%s: area %f, want %f", ar.Code, ar.AreaM2, 3*cell*cell)
		}
		if len(ar.Geometry) != 1 || len(ar.Geometry[0]) != 1 {
			t.Errorf("%s: union should be one polygon without holes: %d polygons", ar.Code, len(ar.Geometry))
		}
		if len(ar.Blocks) != 3 {
			t.Errorf("%s: blocks %v", ar.Code, ar.Blocks)
		}
	}
}

func TestNewVersionKeepsOldAndListsChanges(t *testing.T) {
	a := newApp(t)
	importGrid(t, a, 0, day0)
	composeColumns(t, a, false)
	second := day0.AddDate(0, 6, 0)
	rep := importGrid(t, a, 300, second) // border r0c0|r0c1 moves 300 m east
	if rep.Closed == 0 {
		t.Fatal("previous version not closed")
	}
	if len(rep.Changes) != 2 || !rep.Changes[0].Reshaped || rep.Changes[0].Block != "r0c0" || rep.Changes[1].Block != "r0c1" {
		t.Fatalf("changes: %+v", rep.Changes)
	}
	infos, err := a.Layers(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var blk LayerInfo
	for _, li := range infos {
		if li.Layer.Code == "blk" {
			blk = li
		}
	}
	if len(blk.Versions) != 2 || blk.Versions[0].ValidTo == nil || !blk.Versions[0].ValidTo.Equal(second) || blk.Current == nil || blk.Current.ID != blk.Versions[1].ID {
		t.Fatalf("versions: %+v", blk.Versions)
	}
	// The composed layer was rebuilt on the new blocks in the same
	// transaction: a new version from the same day, same block lists, and
	// the moved border moved with it.
	if len(rep.Recomposed) != 1 || rep.Recomposed[0].Layer != "spalte" || !rep.Recomposed[0].Written || len(rep.Recomposed[0].Changes) != 0 {
		t.Fatalf("recomposed: %+v", rep.Recomposed)
	}
	ps, err := a.CheckLayer(context.Background(), "spalte")
	if err != nil || len(ps) != 0 {
		t.Fatalf("recomposed layer not consistent: %v %v", ps, err)
	}
	d, err := a.Area(context.Background(), "spalte", "west")
	if err != nil || d.Area.AreaM2 < 3*cell*cell+299*cell || !d.Version.ValidFrom.Equal(second) {
		t.Fatalf("west after the border moved 300 m east: %.0f m², from %v", d.Area.AreaM2, d.Version.ValidFrom)
	}
	// Same date again is refused: history is not rewritten.
	_, err = a.ImportAreas(opCtx(), ImportAreasRequest{Layer: LayerSpec{Code: "blk", Kind: quartier.LayerBlock}, Input: bytes.NewReader(gridBlocks(0)), CodeProperty: "code", ReferenceDate: second})
	if quartier.ErrorCode(err) != quartier.ECONFLICT {
		t.Fatalf("same-date version: %v", err)
	}
	// Recomposing a layer with blocks moved between areas lists them.
	ms := columnMembers()
	ms[0].Area = "mitte" // r0c0 → mitte
	crep, err := a.ComposeLayer(opCtx(), ComposeRequest{Layer: LayerSpec{Code: "spalte"}, Members: ms, ReferenceDate: second.AddDate(0, 1, 0)})
	if err != nil {
		t.Fatal(err)
	}
	if len(crep.Changes) != 1 || crep.Changes[0] != (BlockChange{Block: "r0c0", From: "west", To: "mitte"}) {
		t.Fatalf("composed changes: %+v", crep.Changes)
	}
	changes, err := a.CompareVersions(context.Background(), "spalte", crep.Closed, crep.Version)
	if err != nil || len(changes) != 1 {
		t.Fatalf("CompareVersions: %v %v", changes, err)
	}
}

func TestAssignmentsKeepHistory(t *testing.T) {
	a := newApp(t)
	importGrid(t, a, 0, day0)
	composeColumns(t, a, true)
	ctx := opCtx()
	setup := &Setup{
		Providers: []quartier.Provider{
			{Code: "awo", Name: "AWO", Kind: quartier.ProviderIndependent},
			{Code: "htg", Name: "HTG", Kind: quartier.ProviderIndependent},
			{Code: "caritas", Name: "Caritas", Kind: quartier.ProviderIndependent},
		},
		Alliances:   []SetupAlliance{{Code: "nord", Name: "Verbund Nord", Lead: "htg", Members: []string{"htg", "caritas"}}},
		Assignments: []SetupAssignment{{Space: "west", Assignee: "awo", ValidFrom: "2020-01-01"}},
	}
	if err := a.ImportSetup(ctx, setup); err != nil {
		t.Fatal(err)
	}
	if err := a.Assign(ctx, AssignRequest{Space: "west", Assignee: "nord", ValidFrom: day0}); err != nil {
		t.Fatal(err)
	}
	d, err := a.Area(context.Background(), "spalte", "west")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Assignments) != 2 || d.Assignments[0].ValidTo == nil || !d.Assignments[0].ValidTo.Equal(day0) || d.Assignments[1].ValidTo != nil {
		t.Fatalf("history: %+v", d.Assignments)
	}
	if d.Current == nil || d.Current.Alliance == nil || d.Current.Members[0].Code != "htg" {
		t.Fatalf("current: %+v", d.Current)
	}
	// Rewriting the past is refused; unknown spaces and assignees too.
	for _, r := range []AssignRequest{
		{Space: "west", Assignee: "awo", ValidFrom: day0.AddDate(0, -1, 0)},
		{Space: "nirgends", Assignee: "awo", ValidFrom: day0.AddDate(1, 0, 0)},
		{Space: "ost", Assignee: "unbekannt", ValidFrom: day0},
	} {
		if err := a.Assign(ctx, r); err == nil {
			t.Errorf("%+v accepted", r)
		}
	}
	// Bulk: one bad row rolls back the good ones.
	err = a.AssignAll(ctx, []AssignRequest{
		{Line: 2, Space: "ost", Assignee: "awo", ValidFrom: day0},
		{Line: 3, Space: "mitte", Assignee: "niemand", ValidFrom: day0},
	})
	if err == nil || !strings.Contains(quartier.ErrorMessage(err), "Zeile 3") {
		t.Fatalf("bulk error: %v", err)
	}
	d, _ = a.Area(context.Background(), "spalte", "ost")
	if len(d.Assignments) != 0 {
		t.Fatal("partial bulk assignment written")
	}
	// Without permission nothing is assigned.
	if err := a.Assign(context.Background(), AssignRequest{Space: "ost", Assignee: "awo", ValidFrom: day0}); quartier.ErrorCode(err) != quartier.EFORBIDDEN {
		t.Fatalf("anonymous assign: %v", err)
	}
}

func TestSetupIsAllOrNothing(t *testing.T) {
	a := newApp(t)
	importGrid(t, a, 0, day0)
	composeColumns(t, a, true)
	s, err := ReadSetup(strings.NewReader(`{"providers":[{"code":"awo","name":"AWO","kind":"independent"}],
		"teams":[{"code":"t1","space":"west","kind":"provider","name":"Team West","provider":"awo",
		  "rooms":[{"name":"Büro","street":"Marktstraße","house_no":"1","postcode":"99423","city":"Weimar","lon":13.4,"lat":52.5}]}],
		"duo":[{"space":"west","role":"coordinator","person":{"name":"A. B."},"valid_from":"2024-01-01"},
		       {"space":"nirgends","role":"coordinator","person":{"name":"C. D."},"valid_from":"2024-01-01"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	err = a.ImportSetup(opCtx(), s)
	if err == nil || !strings.Contains(quartier.ErrorMessage(err), "duo[1]") {
		t.Fatalf("want located error duo[1], got %v", err)
	}
	d, err := a.Area(context.Background(), "spalte", "west")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Teams) != 0 || len(d.Duo) != 0 {
		t.Fatalf("partial setup written: %+v", d.Teams)
	}
	s.Duo = s.Duo[:1]
	if err := a.ImportSetup(opCtx(), s); err != nil {
		t.Fatal(err)
	}
	d, _ = a.Area(context.Background(), "spalte", "west")
	if len(d.Teams) != 1 || len(d.Teams[0].Rooms) != 1 || d.Teams[0].Rooms[0].Location == nil || len(d.CurrentDuo(day0.AddDate(0, 1, 0))) != 1 {
		t.Fatalf("setup: %+v %+v", d.Teams, d.Duo)
	}
	if _, err := ReadSetup(strings.NewReader(`{"providres":[]}`)); err == nil {
		t.Fatal("unknown field accepted")
	}
}

func TestStreetDirectoryLookup(t *testing.T) {
	a := newApp(t)
	importGrid(t, a, 0, day0)
	composeColumns(t, a, true)
	csvText := "strasse;hnr_von;hnr_bis;seite;plz;baustein\nKarl-Marx-Straße;1;99;ungerade;12043;r0c0\nKarl-Marx-Straße;2;98;gerade;12043;r2c2\n"
	if _, err := a.ImportStreets(opCtx(), StreetImport{Input: strings.NewReader(csvText)}); err != nil {
		t.Fatalf("%v %v", err, quartier.ErrorProblems(err))
	}
	res, err := a.LookupAddress(context.Background(), Address{Street: "Karl-Marx-Str.", HouseNo: "17a", Postcode: "12043"})
	if err != nil || res.Via != "street" || res.Hits[0].Code != "r0c0" {
		t.Fatalf("odd side: %+v %v", res, err)
	}
	if h, _ := res.HitFor("spalte"); h.Code != "west" {
		t.Fatalf("space via street: %+v", res)
	}
	res, err = a.LookupAddress(context.Background(), Address{Street: "karl marx strasse", HouseNo: "18", Postcode: "12043"})
	if err != nil || res.Hits[0].Code != "r2c2" {
		t.Fatalf("even side: %+v %v", res, err)
	}
	if _, err := a.LookupAddress(context.Background(), Address{Street: "Nirgendweg", HouseNo: "1"}); quartier.ErrorCode(err) != quartier.ENOTFOUND {
		t.Fatalf("unknown street: %v", err)
	}
	// A directory naming an unknown block is rejected whole.
	bad := csvText + "Hauptstraße;1;9;alle;12043;zz99\n"
	rep, err := a.ImportStreets(opCtx(), StreetImport{Input: strings.NewReader(bad)})
	if quartier.ErrorCode(err) != quartier.EINVALID || kinds(rep.Problems)[quartier.ProblemUnknownBlock] != 1 {
		t.Fatalf("unknown block: %v %+v", err, rep)
	}
	if _, err := a.LookupAddress(context.Background(), Address{Street: "Karl-Marx-Str.", HouseNo: "17", Postcode: "12043"}); err != nil {
		t.Fatal("rejected directory replaced the old one")
	}
}

func TestBulkLookup(t *testing.T) {
	a := newApp(t)
	importGrid(t, a, 0, day0)
	composeColumns(t, a, true)
	x, y := cellCenter(2, 0)
	in := "id;x;y\n1;" + ftoa(x) + ";" + ftoa(y) + "\n2;1;1\n3;abc;5818500\n"
	var out bytes.Buffer
	rep, err := a.BulkLookup(context.Background(), strings.NewReader(in), &out, quartier.UTM33N, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rows != 3 || rep.Found != 1 || rep.Failed != 2 {
		t.Fatalf("report %+v\n%s", rep, out.String())
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(out.String(), "\ufeff")))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "id,x,y,blk,spalte,status" || rows[1][3] != "r2c0" || rows[1][4] != "west" || rows[1][5] != "ok" {
		t.Fatalf("output:\n%s", out.String())
	}
	if rows[3][5] == "ok" || rows[3][5] == "" {
		t.Fatalf("bad row not marked: %v", rows[3])
	}
}

func TestExportRoundTrip(t *testing.T) {
	a := newApp(t)
	importGrid(t, a, 0, day0)
	composeColumns(t, a, true)
	for _, srid := range []quartier.SRID{quartier.WGS84, quartier.UTM32N, quartier.UTM33N} {
		var buf bytes.Buffer
		if err := a.ExportGeoJSON(context.Background(), "spalte", srid, &buf); err != nil {
			t.Fatal(err)
		}
		rep, err := a.ImportAreas(opCtx(), ImportAreasRequest{
			Layer: LayerSpec{Code: "kopie", Kind: quartier.LayerImported}, Input: &buf, CodeProperty: "code", NameProperty: "name", DryRun: true,
		})
		if err != nil || rep.Features != 3 {
			t.Fatalf("%s: re-import: %v %+v", srid, err, rep)
		}
	}
	var buf bytes.Buffer
	if err := a.ExportBlockTable(context.Background(), "spalte", &buf); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "baustein;gebiet;name\n") || strings.Count(buf.String(), "\n") != 10 || !strings.Contains(buf.String(), "r1c2;ost;Spalte ost") {
		t.Fatalf("table:\n%s", buf.String())
	}
}

func TestInterruptedImportWritesNothing(t *testing.T) {
	a := newApp(t)
	importGrid(t, a, 0, day0)
	ctx, cancel := context.WithCancel(opCtx())
	stop := &writeHook{at: func(i int) {
		if i == 4 {
			cancel()
		}
	}}
	_, err := a.ImportAreas(ctx, ImportAreasRequest{Layer: LayerSpec{Code: "blk", Kind: quartier.LayerBlock}, Input: bytes.NewReader(gridBlocks(200)), CodeProperty: "code", ReferenceDate: day0.AddDate(0, 1, 0), Progress: stop})
	if err == nil {
		t.Fatal("interrupted import succeeded")
	}
	infos, _ := a.Layers(context.Background())
	if len(infos) != 1 || len(infos[0].Versions) != 1 || infos[0].Versions[0].ValidTo != nil {
		t.Fatalf("state after interrupt: %+v", infos)
	}
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func TestRecomposeReportsStaleLayer(t *testing.T) {
	a := newApp(t)
	importGrid(t, a, 0, day0)
	composeColumns(t, a, true)
	// The new Gebietsstand renames block r2c2: the column table no longer
	// fits, so the composed layer keeps its version and is reported.
	src := strings.Replace(string(gridBlocks(0)), `"code":"r2c2"`, `"code":"r2c2-neu"`, 1)
	rep, err := a.ImportAreas(opCtx(), ImportAreasRequest{Layer: LayerSpec{Code: "blk", Kind: quartier.LayerBlock}, Input: strings.NewReader(src), CodeProperty: "code", ReferenceDate: day0.AddDate(1, 0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Recomposed) != 0 || !strings.Contains(mustJSON(rep.Problems), "bleibt auf dem bisherigen Gebietsstand") {
		t.Fatalf("stale layer not reported: %+v", rep)
	}
	ps, _ := a.CheckLayer(context.Background(), "spalte")
	if !quartier.HasErrors(ps) || !strings.Contains(mustJSON(ps), "älteren Gebietsstand") {
		t.Fatalf("check: %v", ps)
	}
}

func TestParseAddress(t *testing.T) {
	for in, want := range map[string][4]string{
		"Schwedter Str. 234, 10435 Berlin": {"Schwedter Str.", "234", "10435", "Berlin"},
		"Straße des 17. Juni 100":          {"Straße des 17. Juni", "100", ""},
		"Karl-Marx-Allee 12 a, 10178":      {"Karl-Marx-Allee", "12 a", "10178"},
		"Marktplatz":                       {"Marktplatz", "", ""},
		// As people type them: the postcode first, the city or district
		// after the number without a comma, "Nr.", spaced ranges, the
		// number after a comma.
		"10439 Berlin, Schönhauser Allee 100":           {"Schönhauser Allee", "100", "10439", "Berlin"},
		"Schönhauser Allee 100 10439 Berlin":            {"Schönhauser Allee", "100", "10439", "Berlin"},
		"Schönhauser Allee 100 Berlin":                  {"Schönhauser Allee", "100", "", "Berlin"},
		"Hauptstraße 5 (Schöneberg)":                    {"Hauptstraße", "5", "", "Schöneberg"},
		"Hauptstraße 5, Schöneberg":                     {"Hauptstraße", "5", "", "Schöneberg"},
		"Hauptstraße 5, 10827 Berlin-Schöneberg":        {"Hauptstraße", "5", "10827", "Berlin-Schöneberg"},
		"Schönhauser Allee Nr. 100":                     {"Schönhauser Allee", "100", ""},
		"Schönhauser Allee Nr.100, 10439":               {"Schönhauser Allee", "100", "10439"},
		"Schönhauser Allee, Nr. 100, 10439":             {"Schönhauser Allee", "100", "10439"},
		"Schönhauser Allee, 100, 10439 Berlin":          {"Schönhauser Allee", "100", "10439", "Berlin"},
		"Schönhauser Allee 100 - 102":                   {"Schönhauser Allee", "100 - 102", ""},
		"Schönhauser Allee 100 -102 Berlin":             {"Schönhauser Allee", "100 -102", "", "Berlin"},
		"Schönhauser Allee 100- 102, 10439":             {"Schönhauser Allee", "100- 102", "10439"},
		"Schönhauser Allee 100 bis 102":                 {"Schönhauser Allee", "100 bis 102", ""},
		"Karl-Marx-Allee 12 a-c Berlin":                 {"Karl-Marx-Allee", "12 a-c", "", "Berlin"},
		"Straße 2 12, 10318":                            {"Straße 2", "12", "10318"}, // a street named by a number
		"Siedlung Schönhorst (Bergstraße) 5":            {"Siedlung Schönhorst (Bergstraße)", "5", ""},
		"Platz des 9. November 1989":                    {"Platz des 9. November", "1989", ""}, // as before: not a house number
		"Straße des 17. Juni":                           {"Straße des", "17. Juni", ""},        // as before
		"Platz des 9. November 1989, 10439 Berlin":      {"Platz des 9. November", "1989", "10439", "Berlin"},
		"Straße des 17. Juni 135, 10623 Charlottenburg": {"Straße des 17. Juni", "135", "10623", "Charlottenburg"},
		// The city, a district or a name before the street, with a comma:
		// the part with the number is the street. "Prenzlauer Berg" is a
		// street too, which was the answer.
		"Berlin, Schönhauser Allee 100":               {"Schönhauser Allee", "100", "", "Berlin"},
		"Berlin-Pankow, Schönhauser Allee 100, 10439": {"Schönhauser Allee", "100", "10439", "Berlin-Pankow"},
		"Prenzlauer Berg, Christinenstraße 7":         {"Christinenstraße", "7", "", "Prenzlauer Berg"},
		"c/o Müller, Ackerstraße 1, 10115 Berlin":     {"Ackerstraße", "1", "10115", "c/o Müller Berlin"},
		"10115 Berlin, c/o Müller, Ackerstraße 1":     {"Ackerstraße", "1", "10115", "Berlin c/o Müller"},
		"Schönhauser Allee, Aufgang 3":                {"Aufgang", "3", "", "Schönhauser Allee"}, // no guess that "Aufgang" is no street
		"Schönhauser Allee, 100":                      {"Schönhauser Allee", "100", ""},
		"Schönhauser Allee, Nr. 100, Berlin":          {"Schönhauser Allee", "100", "", "Berlin"},
		// The postcode first without a comma: the words after it are the
		// street where they end in a house number.
		"10115 Ackerstraße 1":               {"Ackerstraße", "1", "10115"},
		"10115 Berlin Ackerstraße 1":        {"Berlin Ackerstraße", "1", "10115"}, // "Berlin" is told apart by the directory's places
		"10115 Berlin":                      {"", "", "10115", "Berlin"},
		"10115 Berlin, Ackerstraße":         {"Ackerstraße", "", "10115", "Berlin"},
		"10115 Berlin 2, Ackerstraße":       {"Ackerstraße", "", "10115", "Berlin 2"},
		"10115 Berlin, 10117 Ackerstraße 1": {"Ackerstraße", "1", "10115", "Berlin"}, // the first postcode counts, as before
	} {
		got := ParseAddress(in)
		if got.Street != want[0] || got.HouseNo != want[1] || got.Postcode != want[2] || got.Place != want[3] {
			t.Errorf("%q: %+v", in, got)
		}
	}
}

// TestAddressReadings: the parsed reading first, then the street's part
// as a name (with a number of its own), then without a place in brackets.
func TestAddressReadings(t *testing.T) {
	for in, want := range map[string][]string{
		"Straße 2":                      {"Straße|2||", "Straße 2|||"},
		"Platz des 18. März, 10117":     {"Platz des|18. März|10117|", "Platz des 18. März||10117|"},
		"Karlplatz (Mitte)":             {"Karlplatz (Mitte)|||", "Karlplatz|||Mitte"},
		"Straße 2 (Karlshorst), Berlin": {"Straße|2||Karlshorst Berlin", "Straße 2 (Karlshorst)|||Berlin", "Straße 2|||Karlshorst Berlin"},
		"Ackerstraße 1, 10115 Berlin":   {"Ackerstraße|1|10115|Berlin", "Ackerstraße 1||10115|Berlin"},
		"Marktplatz":                    {"Marktplatz|||"},
		"Sankt-Wolfgang-Str. 2":         {"Sankt-Wolfgang-Str.|2||", "Sankt-Wolfgang-Str. 2|||", "st wolfgangstr|2||", "st wolfgang str 2|||"},
		"Doktor-Markus-Straße 1":        {"Doktor-Markus-Straße|1||", "Doktor-Markus-Straße 1|||", "dr markusstr|1||", "dr markus str 1|||"},
		"Berliner St. 5":                {"Berliner St.|5||", "Berliner St. 5|||"}, // "St." here is Straße
		// The first number after the name, with the place after it; a
		// number written onto the name. After the names' readings.
		"Ackerstraße 145 2. OG, 10115":   {"Ackerstraße 145|2. OG|10115|", "Ackerstraße 145 2. OG||10115|", "Ackerstraße|145|10115|2. OG"},
		"Ackerstraße 145 Whg. 3 (Mitte)": {"Ackerstraße 145 Whg.|3||Mitte", "Ackerstraße 145 Whg. 3 (Mitte)|||", "Ackerstraße 145 Whg. 3|||Mitte", "Ackerstraße|145||Whg. 3 Mitte"},
		"Ackerstr.145, 10115":            {"Ackerstr.145||10115|", "Ackerstr.|145|10115|"},
		"Am Pankepark50a":                {"Am Pankepark50a|||", "Am Pankepark|50a||"},
		"Privat Straße 1 2":              {"Privat Straße 1|2||", "Privat Straße 1 2|||", "Privat Straße|1||2"},
		"Platz des 9. November 1989":     {"Platz des 9. November|1989||", "Platz des 9. November 1989|||"},
	} {
		var got []string
		for _, r := range ParseAddress(in).Readings() {
			got = append(got, r.Street+"|"+r.HouseNo+"|"+r.Postcode+"|"+r.Place)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
	if rs := (Address{Street: "Straße 2"}).Readings(); len(rs) != 1 {
		t.Errorf("an address not parsed has other readings: %+v", rs)
	}
}

// A refused import is audited like every refused write: the office's data
// protection officer sees who tried to replace the areas.
func TestRefusedImportsAreAudited(t *testing.T) {
	a := newApp(t)
	asd := testcity.Role(quartier.RoleASD)
	_, err1 := a.ImportAreas(asd, ImportAreasRequest{Layer: LayerSpec{Code: "blk", Kind: quartier.LayerBlock}, Input: bytes.NewReader(gridBlocks(0)), CodeProperty: "code"})
	_, err2 := a.ComposeLayer(asd, ComposeRequest{Layer: LayerSpec{Code: "spalte"}, Members: columnMembers()})
	_, err3 := a.ImportPopulation(asd, strings.NewReader("baustein;gesamt\nr0c0;10\n"), PopulationColumns{}, day0)
	_, err4 := a.ImportStreets(asd, StreetImport{Input: strings.NewReader("strasse;hnr_von;hnr_bis;seite;plz;baustein\n")})
	for i, err := range []error{err1, err2, err3, err4} {
		if quartier.ErrorCode(err) != quartier.EFORBIDDEN {
			t.Errorf("import %d by the ASD: %v", i+1, err)
		}
	}
	if err := a.audit.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	es, err := a.audit.Entries(opCtx(), quartier.AuditFilter{Action: string(quartier.PermImportAreas), Limit: 10})
	if err != nil || len(es) != 4 {
		t.Fatalf("denials in the log: %d %v", len(es), err)
	}
	for _, e := range es {
		if e.Outcome != quartier.OutcomeDenied || e.Login != "t-asd" {
			t.Errorf("entry: %+v", e)
		}
	}
}

// FuzzParseAddress: whatever is typed, parsing and its readings do not
// panic, every reading keeps the typed postcode, and a house number is
// never read from words that do not begin with one.
func FuzzParseAddress(f *testing.F) {
	for _, s := range []string{"Schönhauser Allee 100, 10439 Berlin", "10439 Berlin, Schönhauser Allee 100", "Straße des 17. Juni 100",
		"Platz des 9. November 1989", "Karlplatz (Mitte)", "Hauptstr. Nr.12 - 14 a", "Str. 12 -", "- 1", "1 - ", "Nr.", ",,,", "St. Wolfgang 2 (", "a 1-b c/d",
		"Berlin, Schönhauser Allee 100", "c/o Müller, Ackerstraße 1, 10115", "Ackerstraße 145 2. OG", "Ackerstr.145a", "Privat Straße 1 2", "x, Nr. 5, y 7", "Aé1", "a, b 1("} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ad := ParseAddress(s)
		for _, r := range ad.Readings() {
			if r.Postcode != ad.Postcode {
				t.Errorf("%q: reading %+v lost the postcode %q", s, r, ad.Postcode)
			}
			if r.HouseNo != "" && !startsWithDigit(r.HouseNo) {
				t.Errorf("%q: reading %+v has a house number without a number", s, r)
			}
		}
	})
}
