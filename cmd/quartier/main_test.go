package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/testdb"
)

// cli runs quartier in-process against one database for the whole test.
type cli struct {
	t  *testing.T
	db string
}

func newCLI(t *testing.T) *cli {
	addr := testdb.NewAddress(t)
	if testdb.Engine() == "postgres" {
		t.Setenv("QUARTIER_DATABASE_URL", addr)
	}
	return &cli{t: t, db: addr}
}

func (c *cli) run(stdin string, args ...string) (string, error) {
	c.t.Helper()
	var out, errOut bytes.Buffer
	twoWords := len(args) > 0 && (args[0] == "import" || args[0] == "user" || args[0] == "audit" || args[0] == "budget" || args[0] == "allocation")
	if len(args) > 0 && !twoWords {
		args = append(args[:1:1], append([]string{"--db", c.db}, args[1:]...)...)
	} else if len(args) > 1 {
		args = append(args[:2:2], append([]string{"--db", c.db}, args[2:]...)...)
	}
	err := run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	if err != nil {
		c.t.Logf("quartier %v: %v\n%s", args, err, errOut.String())
	}
	return out.String(), err
}

func (c *cli) must(args ...string) string {
	c.t.Helper()
	out, err := c.run("", args...)
	if err != nil {
		c.t.Fatalf("quartier %v: %v %v", args, err, quartier.ErrorProblems(err))
	}
	return out
}

const weimar = "../../examples/weimar/"

// TestWeimarExample runs the example from examples/weimar/README.md.
func TestWeimarExample(t *testing.T) {
	c := newCLI(t)
	c.must("import", "areas", weimar+"bloecke.geojson", "--srid", "25832", "--layer", "bezirk", "--kind", "block", "--name", "Bezirke (Näherung)", "--date", "2024-01-01")
	// The first Gebietsstand of a new layer is named by its date, not by a
	// database id ("Gebietsstand 2"); the setup's summary is German.
	if out := c.must("import", "composed", "--layer", "sozialraum", "--space", "--name", "Sozialräume", "--table", weimar+"sozialraeume.csv", "--date", "2024-01-01"); !strings.Contains(out, "als Gebietsstand vom 01.01.2024 geschrieben") {
		t.Errorf("composed: %s", out)
	}
	if out := c.must("import", "setup", weimar+"setup.json"); !strings.HasPrefix(out, "Organisation eingespielt: ") || strings.Contains(out, "{") {
		t.Errorf("setup: %s", out)
	}
	// The example's administrator, so one can sign in.
	if _, err := c.run("Sozialraum-Markt-2024!\n", "user", "create", "--login", "admin", "--name", "Verwaltung Weimar", "--role", "admin"); err != nil {
		t.Fatal(err)
	}

	out := c.must("lookup", "--crs", "4326", "--json", "11.329", "50.979")
	var res struct {
		Inside bool
		Areas  []struct{ Layer, Code string }
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if !res.Inside || res.Areas[1].Code != "mitte-sued" {
		t.Fatalf("Markt: %s", out)
	}
	if out := c.must("lookup", "--crs", "4326", "11.287", "50.988"); !strings.Contains(out, "west") {
		t.Fatalf("Weimar-West: %s", out)
	}
	if out := c.must("lookup", "--crs", "4326", "11.0", "50.979"); !strings.Contains(out, "außerhalb") {
		t.Fatalf("outside: %s", out)
	}
	if out := c.must("check", "--layer", "sozialraum"); !strings.Contains(out, "konsistent") {
		t.Fatal(out)
	}

	// Bulk assignment: a change of provider in West from 2026 on.
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "z.csv")
	os.WriteFile(csvPath, []byte("sozialraum;traeger;gueltig_ab;notiz\nwest;diakonie;01.01.2026;Neuvergabe\n"), 0o600)
	c.must("assign", csvPath)
	os.WriteFile(csvPath, []byte("sozialraum;traeger;gueltig_ab\nwest;diakonie;2025-01-01\n"), 0o600)
	if _, err := c.run("", "assign", csvPath); quartier.ErrorCode(err) != quartier.ECONFLICT {
		t.Fatalf("rewriting history: %v", err)
	}

	// Exports: GeoJSON in every CRS, and the block table.
	for _, crs := range []string{"4326", "25832", "25833"} {
		path := filepath.Join(dir, "s"+crs+".geojson")
		c.must("export", "geojson", "--layer", "sozialraum", "--crs", crs, "--out", path)
		b, err := os.ReadFile(path)
		if err != nil || !bytes.Contains(b, []byte(`"mitte-sued"`)) {
			t.Fatalf("export %s: %v", crs, err)
		}
	}
	// GeoPackage for a GIS: a file, never stdout.
	gp := filepath.Join(dir, "sozialraum.gpkg")
	c.must("export", "gpkg", "--layer", "sozialraum", "--out", gp)
	gdb, err := sql.Open("sqlite", gp)
	if err != nil {
		t.Fatal(err)
	}
	var areas int
	if err := gdb.QueryRow(`SELECT count(*) FROM sozialraum`).Scan(&areas); err != nil || areas != 3 {
		t.Fatalf("gpkg: %d areas, %v", areas, err)
	}
	gdb.Close()
	if _, err := c.run("", "export", "gpkg", "--layer", "sozialraum"); exitCode(err) != 2 {
		t.Fatalf("gpkg to stdout: %v", err)
	}
	if out := c.must("export", "table", "--layer", "sozialraum"); !strings.Contains(out, "N2;nord-schoendorf;Nord und Schöndorf") {
		t.Fatalf("table: %s", out)
	}
	// Population figures for the planning view, with an explicit mapping
	// of the statistics office's columns.
	popPath := filepath.Join(dir, "ew.csv")
	os.WriteFile(popPath, []byte("PLR,EW,U27\nW1,30000,9000\nW2,12000,3000\nN1,9000,2500\nN2,7000,1500\nM1,8000,2000\nM2,6000,1800\nM3,5000,1200\n"), 0o600)
	if out := c.must("import", "population", popPath, "--date", "31.12.2023", "--block-column", "PLR", "--column", "EW=gesamt", "--column", "U27=0-26"); !strings.Contains(out, "Einwohner 0-26 (junge Menschen (unter 27)): 7 Bausteine zum 31.12.2023") {
		t.Fatalf("population: %s", out)
	}
	if _, err := c.run("", "import", "population", popPath, "--date", "2023-12-31"); exitCode(err) != 2 {
		t.Fatalf("population without the block column: %v", err)
	}
	// Bulk lookup from stdin.
	out, err = c.run("lon;lat\n11,329;50,979\n11,287;50,988\n", "lookup", "--csv", "-")
	if err != nil || !strings.Contains(out, "mitte-sued") || !strings.Contains(out, "west") {
		t.Fatalf("bulk: %v\n%s", err, out)
	}
}

func TestImportRejectsBadFileAndExitCodes(t *testing.T) {
	c := newCLI(t)
	bad := filepath.Join(t.TempDir(), "bad.geojson")
	os.WriteFile(bad, []byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"a"},"geometry":{"type":"Polygon","coordinates":[[[13.4,52.5],[13.5,52.5],[13.5,52.6]]]}}]}`), 0o600)
	_, err := c.run("", "import", "areas", bad, "--layer", "x", "--kind", "block")
	if exitCode(err) != 2 || len(quartier.ErrorProblems(err)) == 0 {
		t.Fatalf("bad file: %v", err)
	}
	if _, err := c.run("", "frobnicate"); exitCode(err) != 2 {
		t.Fatalf("unknown command: %v", err)
	}
	if _, err := c.run("", "export", "geojson", "--layer", "nix"); exitCode(err) != 3 {
		t.Fatalf("unknown layer: %v", err)
	}
}

// A busy port is the most common first-start failure: the message names
// the flag that changes it.
func TestServeOnBusyPortNamesTheFlag(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	c := newCLI(t)
	_, err = c.run("", "serve", "--addr", ln.Addr().String())
	if err == nil || !strings.Contains(quartier.ErrorMessage(err), "--addr") {
		t.Fatalf("serve on a busy port: %v", err)
	}
}

// A basemap that cannot work stops the start with the variable named,
// before anything listens.
func TestServeRefusesABadBasemap(t *testing.T) {
	t.Setenv("QUARTIER_BASEMAP_URL", "https://geo.example.de/wmts/{Style}/{TileMatrix}/{TileRow}/{TileCol}.png")
	t.Setenv("QUARTIER_BASEMAP_ATTRIBUTION", "© Stadt")
	// A busy port: were the basemap not checked first, serve would fail
	// on the port instead of running on.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	c := newCLI(t)
	_, err = c.run("", "serve", "--addr", ln.Addr().String())
	if err == nil || !strings.Contains(quartier.ErrorMessage(err), "QUARTIER_BASEMAP_URL") || !strings.Contains(quartier.ErrorMessage(err), "{Style}") {
		t.Fatalf("serve with a bad basemap: %v", err)
	}
}
