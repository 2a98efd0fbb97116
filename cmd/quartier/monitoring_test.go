package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/demo"
)

// Indicators, an index and its export on the Weimar example's blocks.
func TestMonitoringCommands(t *testing.T) {
	c := newCLI(t)
	c.must("import", "areas", weimar+"bloecke.geojson", "--srid", "25832", "--layer", "bezirk", "--kind", "block", "--name", "Bezirke (Näherung)", "--date", "2024-01-01")
	c.must("import", "composed", "--layer", "sozialraum", "--space", "--name", "Sozialräume", "--table", weimar+"sozialraeume.csv", "--date", "2024-01-01")
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	mapping := write("zuordnung.json", `{"layer": "bezirk", "area_column": "Bezirk", "date": "2023-12-31", "source": "Statistikstelle Weimar (erfunden)",
		"indicators": [
			{"code": "sgb2", "name": "SGB-II-Quote", "unit": "%", "kind": "share", "numerator_column": "SGB II", "denominator_column": "Einwohner"},
			{"code": "alleinerziehend", "name": "Alleinerziehende", "unit": "%", "kind": "share", "column": "Anteil Alleinerziehende"}]}`)
	table := write("werte.csv", "Bezirk;SGB II;Einwohner;Anteil Alleinerziehende\nW1;3 000;30 000;20,5\nW2;600;12 000;12\nN1;900;9 000;15\nN2;350;7 000;9,5\nM1;800;8 000;11\nM2;300;6 000;8\nM3;.;.;10\n")
	out := c.must("import", "indicators", table, "--mapping", mapping)
	if !strings.Contains(out, "7 Zeilen auf bezirk (Gebietsstand 01.01.2024), Stichtag 31.12.2023") || !strings.Contains(out, "sgb2: 6 Werte, 1 ohne Wert") {
		t.Fatalf("import: %s", out)
	}
	bad := write("falsch.csv", "Bezirk;SGB II;Einwohner;Anteil Alleinerziehende\nW1;3000;;20,5\nX9;1;2;3\n")
	if _, err := c.run("", "import", "indicators", bad, "--mapping", mapping); exitCode(err) != 2 || len(quartier.ErrorProblems(err)) != 2 {
		t.Fatalf("faulty table: %v %v", err, quartier.ErrorProblems(err))
	}
	def := write("index.json", `{"code": "sozial", "name": "Sozialindex Weimar", "layer": "bezirk", "reference_date": "2023-12-31",
		"components": [{"code": "status", "name": "Status", "standardisation": "z", "restandardise": true,
			"terms": [{"indicator": "sgb2", "weight": 2}, {"indicator": "alleinerziehend", "weight": 1}],
			"classes": {"scale": "sd", "bounds": [-1, 1], "labels": ["gut", "mittel", "schwierig"]}}]}`)
	if out := c.must("import", "index", def); !strings.Contains(out, "Index sozial (Sozialindex Weimar) gespeichert") {
		t.Fatalf("index: %s", out)
	}
	typo := write("tippfehler.json", `{"code": "x", "name": "X", "layer": "bezirk", "reference_date": "2023-12-31", "componets": []}`)
	if _, err := c.run("", "import", "index", typo); exitCode(err) != 2 {
		t.Fatalf("a misspelt setting: %v", err)
	}
	csvPath := filepath.Join(dir, "sozial.csv")
	c.must("export", "index", "--index", "sozial", "--out", csvPath)
	b, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 8 || !strings.HasPrefix(lines[0], "\ufeffgebiet;name;einwohner;ausgeschlossen;status_wert_sgb2;status_z_sgb2;") ||
		!strings.HasPrefix(lines[3], "M3;Gaberndorf/Gelmeroda (Näherung);;kein Wert: sgb2;") {
		t.Fatalf("export:\n%s", b)
	}
	// The same index on the social spaces, summed from the blocks: the
	// shares without counts need the residents to weigh them.
	if _, err := c.run("", "export", "index", "--index", "sozial", "--layer", "sozialraum"); err == nil || !strings.Contains(quartier.ErrorMessage(err), "keine Zahlen") {
		t.Fatalf("without residents: %v", err)
	}
	c.must("import", "population", write("ew.csv", "PLR,EW\nW1,30000\nW2,12000\nN1,9000\nN2,7000\nM1,8000\nM2,6000\nM3,5000\n"), "--date", "31.12.2023", "--block-column", "PLR", "--column", "EW=gesamt")
	if out := c.must("export", "index", "--index", "sozial", "--layer", "sozialraum"); strings.Count(out, "\n") != 4 {
		t.Fatalf("on the spaces:\n%s", out)
	}

	// An allocation proposal by the SGB II counts summed into the spaces:
	// west 3,600, Nord 1,250, Mitte-Süd 1,100 of 5,950 → 60,504.20 €,
	// 21,008.40 €, 18,487.39… € (+1 cent by the largest remainder).
	out = c.must("allocation", "save", "--name", "Dezentrale Mittel", "--year", "2025", "--amount", "100.000", "--term", "sgb2=1", "--date", "31.12.2023")
	for _, want := range []string{"Fassung 1 (Nr. 1)", "60.504,20 €", "21.008,40 €", "18.487,40 €"} {
		if !strings.Contains(out, want) {
			t.Fatalf("allocation lacks %q:\n%s", want, out)
		}
	}
	if out := c.must("allocation", "show", "--id", "1", "--csv"); !strings.Contains(out, "west;West;3600;") || !strings.Contains(out, ";Summe;") || !strings.Contains(out, ";100000,00;") {
		t.Fatalf("allocation csv:\n%s", out)
	}
	if _, err := c.run("", "allocation", "preview", "--name", "X", "--year", "2025", "--amount", "100.000", "--term", "sgb2", "--date", "31.12.2023"); exitCode(err) != 2 {
		t.Fatalf("a term without weight: %v", err)
	}
	// Published for the committee, and its report written; a report of an
	// unreleased version or in an unknown format writes no file.
	dir = t.TempDir()
	if _, err := c.run("", "allocation", "report", "--id", "1", "--out", filepath.Join(dir, "v.xlsx")); err == nil {
		t.Fatal("report of an unreleased version")
	}
	if out := c.must("allocation", "publish", "--id", "1"); !strings.Contains(out, "für den Ausschuss veröffentlicht: 3 Sozialräume, 0 Messwerte gesperrt") {
		t.Fatalf("publish:\n%s", out)
	}
	if _, err := c.run("", "allocation", "report", "--id", "1", "--out", filepath.Join(dir, "v.doc")); exitCode(err) != 2 {
		t.Fatalf("unknown format: %v", err)
	}
	c.must("allocation", "report", "--id", "1", "--out", filepath.Join(dir, "v.html"))
	if b, err := os.ReadFile(filepath.Join(dir, "v.html")); err != nil || !strings.Contains(string(b), "60.504,20 €") {
		t.Fatalf("report: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("files: %v", entries)
	}
}

// `quartier export index --index mss-2021 --layer plr` against a database
// holding the demo (what `serve --demo --db FILE` leaves behind).
func TestExportDemoIndex(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the demo city")
	}
	c := newCLI(t)
	var db dbFlags
	db.path = c.db
	e := &env{stdout: os.Stderr, stderr: os.Stderr}
	ctx := context.Background()
	a, closeApp, err := openApp(ctx, e, &db)
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Load(ctx, a, nil); err != nil {
		t.Fatal(err)
	}
	if err := closeApp(); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "mss.csv")
	c.must("export", "index", "--index", "mss-2021", "--layer", "plr", "--out", out)
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 543 || !strings.Contains(lines[0], "status_z_mss-s1;") || !strings.Contains(lines[0], "dynamik_klasse;klasse") ||
		!strings.HasPrefix(lines[1], "01100101;Stülerstraße;3419;;4,22594;") {
		t.Fatalf("%d lines:\n%s\n%s", len(lines), lines[0], lines[1])
	}
}
