package spatial

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/streetdir"
	"github.com/quartier/quartier/internal/testdb"
)

const sharedData = "../../../shared/data/"

func openShared(t *testing.T, rel string) *os.File {
	t.Helper()
	f, err := os.Open(sharedData + rel)
	if err != nil {
		t.Skipf("shared test data missing (%v): real-data test skipped", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// Köln's 2013 districts contain an invalid ring and overlaps: the import
// must refuse them with located errors and write nothing.
func TestImportRejectsKoeln(t *testing.T) {
	a := newApp(t)
	for _, c := range []struct{ file, code, name string }{
		{"koeln_stadtteile_2013.epsg25832.geojson", "STT_NR", "STT_NAME"},
		{"koeln_stadtviertel_2013.epsg25832.geojson", "STV_NR", "STV_NAME"},
	} {
		t.Run(c.file, func(t *testing.T) {
			rep, err := a.ImportAreas(opCtx(), ImportAreasRequest{
				Layer: LayerSpec{Code: "koeln", Kind: quartier.LayerImported}, Input: openShared(t, "koeln-stadtgliederung-2013/"+c.file),
				CodeProperty: c.code, NameProperty: c.name, SourceSRID: quartier.UTM32N,
			})
			if quartier.ErrorCode(err) != quartier.EINVALID || rep == nil {
				t.Fatalf("want rejection, got %v", err)
			}
			// Located in the file's own coordinates (UTM 32, positive
			// eastings), not the installation's (UTM 33), with the same
			// point in WGS84 and the area's name.
			located := 0
			for _, p := range rep.Problems {
				if p.Severity != quartier.SeverityError || p.Feature < 0 || p.Code == "" || p.At == nil {
					continue
				}
				located++
				if p.SRID != quartier.UTM32N || p.At[0] < 340000 || p.At[0] > 380000 || p.At[1] < 5620000 || p.At[1] > 5670000 {
					t.Errorf("not in the file's coordinates: %s", p)
				}
				if p.LonLat == nil || p.LonLat[0] < 6.7 || p.LonLat[0] > 7.2 || p.LonLat[1] < 50.8 || p.LonLat[1] > 51.1 {
					t.Errorf("no WGS84 point in Köln: %s", p)
				}
				if p.Name == "" || !strings.Contains(p.String(), p.Code+", "+p.Name) {
					t.Errorf("area not named: %s", p)
				}
				if p.Kind == quartier.ProblemOverlap && !strings.Contains(p.Message, "("+p.Name+")") {
					t.Errorf("overlap without names: %s", p)
				}
			}
			if located == 0 {
				t.Fatalf("no located error: %s", mustJSON(rep.Problems))
			}
			t.Logf("%d problems, %d located errors; first: %s", len(rep.Problems), located, rep.Problems[0])
			if len(a.Locator().Layers()) != 0 {
				t.Fatal("rejected import wrote a layer")
			}
		})
	}
}

// essenGrid is a block layer of 2 km squares over Essen in EPSG:25832: no
// public Stadtteil polygons of Essen were found (see the data's SOURCE.md).
func essenGrid() []byte {
	var feats []string
	for r := range 11 {
		for c := range 10 {
			x0, y0 := 352000.0+float64(c)*2000, 5690000.0+float64(r)*2000
			feats = append(feats, fmt.Sprintf(`{"type":"Feature","properties":{"code":"e%02d%02d"},"geometry":{"type":"Polygon","coordinates":[[[%g,%g],[%g,%g],[%g,%g],[%g,%g],[%g,%g]]]}}`,
				r, c, x0, y0, x0+2000, y0, x0+2000, y0+2000, x0, y0+2000, x0, y0))
		}
	}
	return []byte(`{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:25832"}},"features":[` + strings.Join(feats, ",") + `]}`)
}

// Essen's official house coordinates (102,981 points, no postcode, no
// block) become a street directory whose entries carry their points and
// find their blocks there; a looked-up address answers with its own point.
func TestImportEssenHouseCoordinates(t *testing.T) {
	raw, err := io.ReadAll(openShared(t, "essen-hauskoordinaten-2022/hauskoordinaten_essen_2022-10-05.csv"))
	if err != nil {
		t.Fatal(err)
	}
	st, _ := testdb.Open(t)
	log := audit.New(st, audit.Options{})
	t.Cleanup(func() { log.Close() })
	a, err := New(context.Background(), st, log, Options{SRID: quartier.UTM32N})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.ImportAreas(opCtx(), ImportAreasRequest{Layer: LayerSpec{Code: "raster", Kind: quartier.LayerBlock}, Input: bytes.NewReader(essenGrid()), CodeProperty: "code"}); err != nil {
		t.Fatal(err, quartier.ErrorProblems(err))
	}
	rep, err := a.ImportStreets(opCtx(), StreetImport{Input: bytes.NewReader(raw), Source: "Stadt Essen, Amt für Geoinformation, Vermessung und Kataster"})
	if err != nil {
		t.Fatalf("%v %v", err, rep)
	}
	if rep.Entries != 102981 || rep.Points != 102981 || rep.Located != 102981 {
		t.Fatalf("report %+v", rep)
	}
	// The one address the file lists twice (SOURCE.md), at points in two
	// blocks: imported with a warning, and a lookup says so.
	if len(rep.Problems) != 1 || rep.Problems[0].Severity != quartier.SeverityWarning || !strings.Contains(rep.Problems[0].Message, "Vogelsangsberg") {
		t.Fatalf("problems %v", rep.Problems)
	}
	if _, err := a.LookupAddress(context.Background(), Address{Street: "Vogelsangsberg"}); quartier.ErrorCode(err) != quartier.EINVALID || !strings.Contains(quartier.ErrorMessage(err), "mehrfach") {
		t.Fatalf("address listed twice: %v", err)
	}
	rows, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, r := range rows[1:] {
		seen[streetdir.NormalizeStreet(r[2])+"|"+strings.ToLower(r[3]+r[4])]++
	}
	ctx := context.Background()
	loc := a.Locator()
	checked := 0
	for i, r := range rows[1:] {
		if i%101 != 0 || r[3] == "" || seen[streetdir.NormalizeStreet(r[2])+"|"+strings.ToLower(r[3]+r[4])] != 1 {
			continue
		}
		x, _ := strconv.ParseFloat(r[5], 64)
		y, _ := strconv.ParseFloat(r[6], 64)
		res, err := a.LookupAddress(ctx, Address{Street: r[2], HouseNo: r[3] + r[4]})
		if err != nil || !res.Exact || res.X != x || res.Y != y || res.Block().Code != loc.Locate(orb.Point{x, y}).Block().Code {
			t.Fatalf("%v: %+v %v", r, res, err)
		}
		checked++
	}
	t.Logf("%d addresses checked at their own point", checked)
	// The same list in WGS84 only (lon/lat columns) lands within a
	// centimetre of the official metres.
	var ll strings.Builder
	ll.WriteString("strname,hsnr,hsnrzu,lon_wgs84,lat_wgs84\n")
	for _, r := range rows[1:1001] {
		fmt.Fprintf(&ll, "%q,%s,%s,%s,%s\n", r[2], r[3], r[4], r[7], r[8])
	}
	if _, err := a.ImportStreets(opCtx(), StreetImport{Input: strings.NewReader(ll.String())}); err != nil {
		t.Fatal(err)
	}
	r := rows[101]
	x, _ := strconv.ParseFloat(r[5], 64)
	y, _ := strconv.ParseFloat(r[6], 64)
	res, err := a.LookupAddress(ctx, Address{Street: r[2], HouseNo: r[3] + r[4]})
	if err != nil || !res.Exact || math.Hypot(res.X-x, res.Y-y) > 0.05 {
		t.Fatalf("%v via WGS84: %+v %v (%.3f m off)", r, res, err, math.Hypot(res.X-x, res.Y-y))
	}
}

// A fresh database opened without a CRS takes its CRS from its first
// import of areas instead of silently using EPSG:25833; a refused import
// leaves it undecided.
func TestFirstImportFixesCRS(t *testing.T) {
	addr := testdb.NewAddress(t)
	ctx := context.Background()
	st, err := testdb.OpenAddress(ctx, addr)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	log := audit.New(st, audit.Options{})
	defer log.Close()
	a, err := New(ctx, st, log, Options{})
	if err != nil {
		t.Fatal(err)
	}
	stored := func() string {
		var v string
		if err := st.View(ctx, func(tx quartier.Tx) (err error) { v, err = tx.Setting(ctx, settingSRID); return err }); err != nil {
			t.Fatal(err)
		}
		return v
	}
	if stored() != "" {
		t.Fatal("opening wrote a CRS")
	}
	if f, err := os.Open(sharedData + "koeln-stadtgliederung-2013/koeln_stadtteile_2013.epsg25832.geojson"); err == nil {
		_, err := a.ImportAreas(opCtx(), ImportAreasRequest{Layer: LayerSpec{Code: "stt", Kind: quartier.LayerImported}, Input: f, CodeProperty: "STT_NR", NameProperty: "STT_NAME"})
		f.Close()
		if err == nil || stored() != "" {
			t.Fatalf("refused Köln import fixed the CRS: %v %q", err, stored())
		}
	}
	rep, err := a.ImportAreas(opCtx(), ImportAreasRequest{Layer: LayerSpec{Code: "raster", Kind: quartier.LayerBlock}, Input: bytes.NewReader(essenGrid()), CodeProperty: "code"})
	if err != nil {
		t.Fatal(err, quartier.ErrorProblems(err))
	}
	if a.SRID() != quartier.UTM32N || stored() != "25832" || !strings.Contains(mustJSON(rep.Problems), "übernimmt EPSG:25832") {
		t.Fatalf("CRS %s, stored %q, report %s", a.SRID(), stored(), mustJSON(rep.Problems))
	}
	// The areas are stored as the file has them: a point of the file is
	// found there.
	res, err := a.LookupPoint(ctx, 352500, 5690500, quartier.NoSRID)
	if err != nil || res.Block().Code != "e0000" {
		t.Fatalf("lookup in the adopted CRS: %+v %v", res, err)
	}
	b, err := New(ctx, st, log, Options{})
	if err != nil || b.SRID() != quartier.UTM32N {
		t.Fatalf("reopened: %v %v", b.SRID(), err)
	}
	if _, err := New(ctx, st, log, Options{SRID: quartier.UTM33N}); quartier.ErrorCode(err) != quartier.EINVALID {
		t.Fatalf("another CRS asked for: %v", err)
	}
}

func TestProjectedFor(t *testing.T) {
	for _, c := range []struct {
		src  quartier.SRID
		lon  float64
		want quartier.SRID
	}{{quartier.UTM32N, 13.4, quartier.UTM32N}, {quartier.UTM33N, 6.9, quartier.UTM33N}, {quartier.WGS84, 6.9, quartier.UTM32N}, {quartier.WGS84, 13.4, quartier.UTM33N}} {
		b := orb.Bound{Min: orb.Point{c.lon - 0.1, 50}, Max: orb.Point{c.lon + 0.1, 51}}
		if got := projectedFor(c.src, b); got != c.want {
			t.Errorf("%v at %g: %v, want %v", c.src, c.lon, got, c.want)
		}
	}
}

// BenchmarkCheckLayerBerlin is the report of the layer page /ebenen/plr on
// Berlin's 542 Planungsräume: validated once per stored version, then
// served from the cache.
func BenchmarkCheckLayerBerlin(b *testing.B) {
	a := newApp(b)
	f, err := os.Open(sharedData + "berlin-lor-2021/lor_planungsraeume_2021.epsg25833.geojson")
	if err != nil {
		b.Skipf("shared test data missing: %v", err)
	}
	defer f.Close()
	if _, err := a.ImportAreas(opCtx(), ImportAreasRequest{Layer: LayerSpec{Code: "plr", Kind: quartier.LayerBlock}, Input: f,
		CodeProperty: "PLR_ID", NameProperty: "PLR_NAME", ReferenceDate: day0}); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.Run("validate", func(b *testing.B) {
		for b.Loop() {
			a.checked = checkCache{}
			if _, err := a.CheckLayer(ctx, "plr"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("cached", func(b *testing.B) {
		for b.Loop() {
			if _, err := a.CheckLayer(ctx, "plr"); err != nil {
				b.Fatal(err)
			}
		}
	})
}
