package gpkg

import (
	"context"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"

	"github.com/quartier/quartier"
)

func sample() Layer {
	return Layer{Name: "plr", Title: "Planungsräume", SRID: quartier.UTM33N,
		Fields: []Field{{"code", Text}, {"name", Text}, {"area_m2", Real}, {"residents", Integer}},
		Features: []Feature{
			{Geometry: orb.MultiPolygon{{{{390000, 5819000}, {391000, 5819000}, {391000, 5820000}, {390000, 5819000}}}}, Values: []any{"01100101", "Stülerstraße", 500000.5, 1234}},
			{Geometry: orb.MultiPolygon{{{{392000, 5821000}, {393000, 5821000}, {393000, 5822500}, {392000, 5821000}}}, {{{394000, 5821000}, {395000, 5821000}, {395000, 5822000}, {394000, 5821000}}}}, Values: []any{"01100102", `Großer "Tiergarten"`, nil, 0}},
		}}
}

func TestWriteReadsBack(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.gpkg")
	l := sample()
	if err := Write(context.Background(), path, []Layer{l}); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var app, ver int
	db.QueryRow(`PRAGMA application_id`).Scan(&app)
	db.QueryRow(`PRAGMA user_version`).Scan(&ver)
	if app != 0x47504B47 || ver != 10300 {
		t.Errorf("application_id %x, user_version %d", app, ver)
	}
	var minX, maxY float64
	var srs int
	if err := db.QueryRow(`SELECT min_x, max_y, srs_id FROM gpkg_contents WHERE table_name = 'plr'`).Scan(&minX, &maxY, &srs); err != nil || minX != 390000 || maxY != 5822500 || srs != 25833 {
		t.Errorf("contents: %v %v %v %v", minX, maxY, srs, err)
	}
	rows, err := db.Query(`SELECT geom, code, name FROM plr ORDER BY fid`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	i := 0
	for rows.Next() {
		var g []byte
		var code, name string
		if err := rows.Scan(&g, &code, &name); err != nil {
			t.Fatal(err)
		}
		if string(g[:2]) != "GP" || g[3] != 0x03 {
			t.Fatalf("header %v", g[:4])
		}
		geom, err := wkb.Unmarshal(g[40:])
		if err != nil {
			t.Fatal(err)
		}
		if !orb.Equal(geom, l.Features[i].Geometry) || code != l.Features[i].Values[0] || name != l.Features[i].Values[1] {
			t.Errorf("row %d: %v %s %s", i, geom, code, name)
		}
		i++
	}
	if i != 2 {
		t.Errorf("%d rows", i)
	}
	// An existing file is never overwritten.
	if err := Write(context.Background(), path, []Layer{l}); err == nil {
		t.Error("wrote over an existing file")
	}
}

func TestWriteRefusesAndLeavesNoFile(t *testing.T) {
	dir := t.TempDir()
	for _, l := range []Layer{
		{Name: `plr"; DROP TABLE x; --`, SRID: quartier.UTM33N},
		{Name: "plr", SRID: quartier.SRID(3857)},
		{Name: "plr", SRID: quartier.UTM33N, Fields: []Field{{"code", Text}}, Features: []Feature{{Geometry: sample().Features[0].Geometry}}},
	} {
		path := filepath.Join(dir, "bad.gpkg")
		if err := Write(context.Background(), path, []Layer{sample(), l}); err == nil {
			t.Errorf("%q: written", l.Name)
		}
		if _, err := os.Stat(path); err == nil {
			t.Errorf("%q: a partial file stayed", l.Name)
		}
	}
}

// TestGDALReadsTheGeoPackage: the client planners use opens the file, sees
// the CRS, the features and their attributes.
func TestGDALReadsTheGeoPackage(t *testing.T) {
	ogrinfo, err := exec.LookPath("ogrinfo")
	if err != nil {
		t.Skip("no GDAL found: GeoPackage client test skipped (CI installs gdal-bin)")
	}
	path := filepath.Join(t.TempDir(), "out.gpkg")
	if err := Write(context.Background(), path, []Layer{sample()}); err != nil {
		t.Fatal(err)
	}
	b, err := exec.Command(ogrinfo, "-ro", "-al", path).CombinedOutput()
	out := string(b)
	if err != nil {
		t.Fatalf("ogrinfo: %v\n%s", err, out)
	}
	for _, want := range []string{"Feature Count: 2", `ID["EPSG",25833]`, "Geometry: Multi Polygon", "name (String) = Großer \"Tiergarten\"", "residents (Integer", "MULTIPOLYGON (((392000 5821000"} {
		if !strings.Contains(out, want) {
			t.Errorf("ogrinfo output lacks %q\n%s", want, out)
		}
	}
	if strings.Contains(out, "ERROR") || strings.Contains(out, "Warning") {
		t.Errorf("GDAL complains:\n%s", out)
	}
}

func TestSafeNameAndFeatureWithoutGeometry(t *testing.T) {
	for in, want := range map[string]string{"plr": "plr", "mitte-süd": "mitte_sued", "Anteil (%)": "Anteil____", "2021": "l_2021", "Größe": "Groesse"} {
		if got := SafeName(in); got != want || checkName(got) != nil {
			t.Errorf("SafeName(%q) = %q, want %q", in, got, want)
		}
	}
	l := sample()
	l.Features = append(l.Features, Feature{Values: []any{"09999999", "nicht mehr im Gebietsstand", nil, 3}})
	path := filepath.Join(t.TempDir(), "out.gpkg")
	if err := Write(context.Background(), path, []Layer{l}); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	var minX float64
	if err := db.QueryRow(`SELECT count(*) FROM plr WHERE geom IS NULL`).Scan(&n); err != nil || n != 1 {
		t.Errorf("features without geometry: %d %v", n, err)
	}
	if err := db.QueryRow(`SELECT min_x FROM gpkg_contents`).Scan(&minX); err != nil || minX != 390000 {
		t.Errorf("bound over the features with geometry: %v %v", minX, err)
	}
}
