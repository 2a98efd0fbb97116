package committee

import (
	"bytes"
	"context"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/monitoring"
	"github.com/quartier/quartier/internal/report"
	"github.com/quartier/quartier/internal/spatial"
	"github.com/quartier/quartier/internal/spatialtest"
	"github.com/quartier/quartier/internal/testcity"
	"github.com/quartier/quartier/internal/xlsx"
)

var d2020 = time.Date(2020, 12, 31, 0, 0, 0, 0, time.UTC)

// Children per block at two dates: r0c1 has 1 and r1c1 2 in 2020, so a
// committee must read "." for them.
const children = `baustein;stichtag;kinder
r0c0;2019;12
r0c1;2019;4
r0c2;2019;0
r1c0;2019;18
r1c1;2019;6
r1c2;2019;1
r2c0;2019;30
r2c1;2019;3
r2c2;2019;6
r0c0;2020;10
r0c1;2020;1
r0c2;2020;0
r1c0;2020;20
r1c1;2020;2
r1c2;2020;0
r2c0;2020;30
r2c1;2020;3
r2c2;2020;5
`

type city struct {
	core *spatialtest.Core
	mon  *monitoring.Service
}

func newCity(t testing.TB) *city {
	t.Helper()
	core := spatialtest.Open(t, nil)
	core.Grid(t, 0, testcity.Day0)
	core.Columns(t, true)
	if _, err := core.Spatial.ImportPopulation(testcity.Operator(), strings.NewReader("baustein;gesamt\nr0c0;100\nr1c0;200\nr2c0;50\nr0c1;100\nr1c1;300\nr2c1;10\nr0c2;50\nr1c2;50\nr2c2;100\n"), spatial.PopulationColumns{}, d2020); err != nil {
		t.Fatal(err)
	}
	mon := monitoring.New(core.Store, core.Audit, core.Spatial)
	m := monitoring.Mapping{Layer: "blk", AreaColumn: "baustein", DateColumn: "stichtag", Source: "Testamt", Licence: "dl-de/by-2.0",
		Indicators: []monitoring.MappedIndicator{{Indicator: quartier.Indicator{Code: "kinder", Name: "Kinder unter 6", Unit: "Personen", Kind: quartier.IndicatorCount}, Column: "kinder"}}}
	if _, err := mon.ImportIndicators(testcity.Operator(), strings.NewReader(children), m); err != nil {
		t.Fatalf("%v %v", err, quartier.ErrorProblems(err))
	}
	return &city{core, mon}
}

const comment = "Der Bezirk <b>wächst</b> & braucht Kitas.\n\nZweiter Absatz: Bedarf prüfen."

func (c *city) report(t testing.TB, areas ...string) *Report {
	t.Helper()
	r, err := Build(testcity.Role(quartier.RolePlanner), c.mon, c.core.Spatial, Request{
		CommitteeRequest: monitoring.CommitteeRequest{Layer: "blk", Areas: areas, Indicators: []string{"kinder"}, Date: d2020},
		Comment:          comment})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// The HTML document names the areas, escapes the commentary (never
// markup), shows "." for the small counts in the table, the series and
// the map (hatched, with its legend entry), and outlines the chosen areas.
func TestReportHTML(t *testing.T) {
	r := newCity(t).report(t, "r0c1", "r1c1", "r2c1")
	var b bytes.Buffer
	if err := r.WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, want := range []string{
		"<p>Der Bezirk &lt;b&gt;wächst&lt;/b&gt; &amp; braucht Kitas.</p>", "<p>Zweiter Absatz: Bedarf prüfen.</p>",
		`<td class="num">.</td>`, "gesperrt (kleine Zahlen) (2 Gebiete)", `fill="url(#m0-sp)"`,
		"31.12.2019", "Kinder unter 6 im Zeitverlauf", "Insgesamt",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	if strings.Contains(html, "<b>wächst") {
		t.Error("commentary rendered as markup")
	}
	// 2020: r0c1 1, r1c1 2 withheld; no cell of the report shows them.
	for _, leak := range []string{`<td class="num">1</td>`, `<td class="num">2</td>`} {
		if strings.Contains(html, leak) {
			t.Errorf("HTML shows %s", leak)
		}
	}
	if n := strings.Count(html, `stroke-width="2.5" aria-hidden="true"/>`); n != 3 {
		t.Errorf("%d outlined areas on the map, want 3", n)
	}
}

func TestReportXLSX(t *testing.T) {
	r := newCity(t).report(t, "r0c1", "r2c1")
	var b bytes.Buffer
	if err := r.WriteXLSX(&b); err != nil {
		t.Fatal(err)
	}
	sheet, err := xlsx.ReadSheet(bytes.NewReader(b.Bytes()), int64(b.Len()), "", "Bereich")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, row := range sheet.Rows {
		got[row.Cells[1]+" "+row.Cells[2]] = row.Cells[5]
	}
	for key, want := range map[string]string{"31.12.2020 r0c1": ".", "31.12.2020 r2c1": "3", "31.12.2019 r0c1": "4", "31.12.2020 ": "71"} {
		if got[key] != want {
			t.Errorf("%s: %q, want %q (%v)", key, got[key], want, got)
		}
	}
}

func chromium(t testing.TB) *report.PDF {
	exe := report.FindChromium()
	if exe == "" {
		t.Skip("no Chromium found: PDF not tested (CI installs chromium; or set QUARTIER_CHROMIUM)")
	}
	return &report.PDF{Exec: exe}
}

// The PDF reads back with pdftotext: the areas, a withheld ".", the
// commentary; pdfinfo says it is tagged.
func TestReportPDF(t *testing.T) {
	p := chromium(t)
	r := newCity(t).report(t, "r0c1", "r2c1")
	pdf, err := r.PDF(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	text := run(t, "pdftotext", pdf, "-layout", "-", "-")
	for _, want := range []string{"r0c1", "r2c1", "Der Bezirk <b>wächst</b> & braucht Kitas.", "Zweiter Absatz", "Seite 1 von"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q:\n%s", want, text)
		}
	}
	if !strings.Contains(text, " . ") && !strings.Contains(text, " .\n") {
		t.Errorf("PDF text shows no withheld cell:\n%s", text)
	}
	if info := run(t, "pdfinfo", pdf, "-"); !regexp.MustCompile(`(?m)^Tagged:\s+yes$`).MatchString(info) {
		t.Errorf("PDF not tagged:\n%s", info)
	}
}

func run(t *testing.T, name string, stdin []byte, args ...string) string {
	t.Helper()
	exe, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s (poppler-utils) missing: the PDF was produced, not checked", name)
	}
	cmd := exec.Command(exe, args...)
	cmd.Stdin = bytes.NewReader(stdin)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return string(out)
}

// BenchmarkPDFOneArea is the committee report of one area (one
// indicator, two dates: map, table, chart) as a PDF, Chromium's start
// included: the "PDF of one space < 5 s".
func BenchmarkPDFOneArea(b *testing.B) {
	p := chromium(b)
	c := newCity(b)
	for b.Loop() {
		r := c.report(b, "r1c1")
		if _, err := r.PDF(context.Background(), p); err != nil {
			b.Fatal(err)
		}
	}
}
