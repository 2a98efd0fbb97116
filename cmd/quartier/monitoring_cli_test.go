package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/xlsx"
)

// Series, change and publication on the Weimar example's blocks: two
// dates of a count, the change in German, and a published table in which
// the 2 is withheld together with the smallest other count (5), so that
// the total does not give it away.
func TestMonitoringSeriesChangePublish(t *testing.T) {
	c := newCLI(t)
	c.must("import", "areas", weimar+"bloecke.geojson", "--srid", "25832", "--layer", "bezirk", "--kind", "block", "--name", "Bezirke (Näherung)", "--date", "2024-01-01")
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	mapping := write("zuordnung.json", `{"layer": "bezirk", "area_column": "Bezirk", "date_column": "Jahr",
		"indicators": [{"code": "hze", "name": "Hilfen zur Erziehung", "unit": "Fälle", "kind": "count", "column": "Fälle"}]}`)
	c.must("import", "indicators", write("hze.csv", "Bezirk;Jahr;Fälle\nW1;2022;35\nW2;2022;4\nN1;2022;10\nN2;2022;7\nM1;2022;9\nM2;2022;12\nM3;2022;6\n"+
		"W1;2023;40\nW2;2023;2\nN1;2023;10\nN2;2023;7\nM1;2023;9\nM2;2023;12\nM3;2023;5\n"), "--mapping", mapping)

	out := c.must("monitoring", "series", "--indicator", "hze", "--layer", "bezirk", "--area", "W1")
	if !strings.Contains(out, "Zeitreihe hze (Hilfen zur Erziehung) für W1") || !strings.Contains(out, "31.12.2022  35 ") || !strings.Contains(out, "01.01.2024") || !strings.Contains(out, "31.12.2023  40") {
		t.Errorf("series:\n%s", out)
	}
	out = c.must("monitoring", "change", "--indicator", "hze", "--layer", "bezirk", "--from", "2022-12-31", "--to", "2023-12-31")
	if !strings.Contains(out, "Veränderung hze (Hilfen zur Erziehung) auf bezirk vom 31.12.2022 zum 31.12.2023") || !strings.Contains(out, "+5") || !strings.Contains(out, "-2") {
		t.Errorf("change:\n%s", out)
	}
	if _, err := c.run("", "monitoring", "change", "--indicator", "hze", "--layer", "bezirk", "--from", "2021-12-31", "--to", "2023-12-31"); exitCode(err) == 0 {
		t.Errorf("a date without values: %v", err)
	}
	out = c.must("monitoring", "publish", "--indicator", "hze", "--layer", "bezirk", "--date", "2023-12-31")
	if !strings.Contains(out, "Veröffentlichung 1: Hilfen zur Erziehung, 31.12.2023 (7 Gebiete auf bezirk, 2 Felder gesperrt).") {
		t.Errorf("publish:\n%s", out)
	}
	out = c.must("monitoring", "publications", "--id", "1")
	for _, want := range []string{"W2  ", "M3  ", "Insgesamt", "85"} {
		if !strings.Contains(out, want) {
			t.Errorf("publication lacks %q:\n%s", want, out)
		}
	}
	if strings.Count(out, " .") < 2 || strings.Contains(out, " 2\n") || strings.Contains(out, " 5\n") {
		t.Errorf("withheld cells shown:\n%s", out)
	}
	if out := c.must("monitoring", "publications"); !strings.Contains(out, "Hilfen zur Erziehung, 31.12.2023") {
		t.Errorf("list:\n%s", out)
	}

	// The same mapping reads a workbook; a bad cell is named by sheet,
	// row and column, and nothing of the workbook is written.
	book := func(name string, m2 xlsx.Cell) string {
		var b bytes.Buffer
		rows := [][]xlsx.Cell{{xlsx.Text("W1"), xlsx.Number(2024), xlsx.Number(41)}, {xlsx.Text("W2"), xlsx.Number(2024), m2}}
		if err := xlsx.Write(&b, "HzE", []string{"Bezirk", "Jahr", "Fälle"}, rows); err != nil {
			t.Fatal(err)
		}
		return write(name, b.String())
	}
	if out := c.must("import", "indicators", book("gut.xlsx", xlsx.Number(3)), "--mapping", mapping, "--sheet", "HzE"); !strings.Contains(out, "2 Zeilen auf bezirk") {
		t.Errorf("xlsx import:\n%s", out)
	}
	_, err := c.run("", "import", "indicators", book("schlecht.xlsx", xlsx.Text("drei")), "--mapping", mapping)
	if ps := quartier.ErrorProblems(err); len(ps) != 1 || !strings.Contains(ps[0].Message, `Blatt "HzE", Zeile 3, Spalte C (Fälle): "drei" ist keine Zahl.`) {
		t.Errorf("bad workbook: %v %v", err, ps)
	}
	if out := c.must("monitoring", "series", "--indicator", "hze", "--layer", "bezirk", "--area", "W2"); !strings.Contains(out, "31.12.2024  3 ") {
		t.Errorf("after the workbooks:\n%s", out)
	}
}
