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

	// The committee report of W1 and W2 at 2023: W2's 2 withheld as in
	// the publication, the commentary as text; a fault writes no file.
	comment := write("kommentar.txt", "Bitte <b>beachten</b>.\n\nZweiter Absatz.")
	doc := filepath.Join(dir, "bericht.html")
	c.must("monitoring", "report", "--layer", "bezirk", "--areas", "W2,W1", "--indicators", "hze", "--date", "2023-12-31", "--comment-file", comment, "--out", doc)
	html, readErr := os.ReadFile(doc)
	if readErr != nil {
		t.Fatal(readErr)
	}
	for _, want := range []string{"<p>Bitte &lt;b&gt;beachten&lt;/b&gt;.</p>", `<td class="num">.</td>`, `<td class="num">40</td>`, "31.12.2022"} {
		if !strings.Contains(string(html), want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(string(html), `<td class="num">2</td>`) {
		t.Error("the report shows W2's 2")
	}
	workbook := filepath.Join(dir, "bericht.xlsx")
	if out := c.must("monitoring", "report", "--layer", "bezirk", "--areas", "W2", "--indicators", "hze", "--out", workbook, "--save"); !strings.Contains(out, "Bericht Nr. 1 für den Ausschuss gespeichert.") {
		t.Errorf("save: %s", out)
	}
	if b, err := os.ReadFile(workbook); err != nil || !bytes.HasPrefix(b, []byte("PK")) {
		t.Errorf("workbook: %v", err)
	}
	for _, bad := range [][]string{{"--format", "doc"}, {"--areas", "ZZ"}, {"--date", "gestern"}, {"--indicators", ""}} {
		args := []string{"monitoring", "report", "--layer", "bezirk", "--indicators", "hze", "--out", filepath.Join(dir, "falsch.html")}
		if _, err := c.run("", append(args, bad...)...); exitCode(err) == 0 {
			t.Errorf("%v accepted", bad)
		}
		if _, err := os.Stat(filepath.Join(dir, "falsch.html")); err == nil {
			t.Errorf("%v left a file", bad)
		}
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
