package committee

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/allocation"
	"github.com/quartier/quartier/internal/monitoring"
	"github.com/quartier/quartier/internal/testcity"
	"github.com/quartier/quartier/internal/xlsx"
)

// "selten" per space: west 12 (4 per block), mitte 40, ost 1. A floor of
// 25.000 € decides west's and ost's amounts, so their measures may be
// withheld in the released proposal.
const rare = "baustein;selten\nr0c0;4\nr1c0;4\nr2c0;4\nr0c1;1\nr1c1;19\nr2c1;20\nr0c2;1\nr1c2;0\nr2c2;0\n"

func (c *city) release(t testing.TB) *AllocationReport {
	t.Helper()
	m := monitoring.Mapping{Layer: "blk", AreaColumn: "baustein", Date: "2020-12-31",
		Indicators: []monitoring.MappedIndicator{{Indicator: quartier.Indicator{Code: "selten", Name: "Seltene Hilfe", Kind: quartier.IndicatorCount}, Column: "selten"}}}
	if _, err := c.mon.ImportIndicators(testcity.Operator(), strings.NewReader(rare), m); err != nil {
		t.Fatalf("%v %v", err, quartier.ErrorProblems(err))
	}
	alloc := allocation.New(c.core.Store, c.core.Audit, c.core.Spatial, c.mon, nil)
	planner := testcity.Role(quartier.RolePlanner)
	p, err := alloc.Save(planner, allocation.Request{Name: "Dezentrale Mittel", Year: 2021, Note: "Vorschlag <b>der Verwaltung</b>",
		Rule: quartier.AllocationRule{Amount: 10_000_000, Date: d2020, Floor: 2_500_000, Terms: []quartier.AllocationTerm{{Indicator: "selten", Weight: 1}}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := alloc.Publish(planner, p.ID); err != nil {
		t.Fatal(err)
	}
	r, err := Allocation(testcity.Role(quartier.RoleCommittee), alloc, c.core.Spatial, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestAllocationReportHTML: amounts, bounds and the published measures;
// west's 12 and ost's 1 appear nowhere, the note is escaped, the map
// draws the amounts.
func TestAllocationReportHTML(t *testing.T) {
	r := newCity(t).release(t)
	var b bytes.Buffer
	if err := r.WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, want := range []string{
		"Verteilungsvorschlag Dezentrale Mittel 2021, Fassung 1", "Vorschlag &lt;b&gt;der Verwaltung&lt;/b&gt;",
		`<th scope="row">Spalte west <span class="code">west</span></th><td class="num">25.000,00 €</td><td>Untergrenze</td><td class="num">.</td>`,
		`<th scope="row">Spalte mitte <span class="code">mitte</span></th><td class="num">50.000,00 €</td><td>Formel</td><td class="num">40</td>`,
		`<td class="num">100.000,00 €</td><td></td><td class="num">53</td>`, "Seltene Hilfe mit 100 %", "Untergrenze je Sozialraum: 25.000,00 €",
		"Betrag je Sozialraum", "<svg",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	for _, leak := range []string{`<td class="num">12</td>`, `<td class="num">1</td>`, "<b>der"} {
		if strings.Contains(html, leak) {
			t.Errorf("HTML shows %s", leak)
		}
	}
}

func TestAllocationReportXLSX(t *testing.T) {
	r := newCity(t).release(t)
	var b bytes.Buffer
	if err := r.WriteXLSX(&b); err != nil {
		t.Fatal(err)
	}
	sheet, err := xlsx.ReadSheet(bytes.NewReader(b.Bytes()), int64(b.Len()), "", "Sozialraum")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, row := range sheet.Rows {
		got[row.Cells[1]] = row.Cells[2:]
	}
	for name, want := range map[string]string{"Spalte west": "25000 Untergrenze .", "Spalte mitte": "50000  40", "Insgesamt": "100000  53"} {
		if g := got[name]; len(g) < 4 || g[0]+" "+g[2]+" "+g[3] != want {
			t.Errorf("%s: %q, want %q", name, g, want)
		}
	}
}

// The PDF reads back with pdftotext and is tagged.
func TestAllocationReportPDF(t *testing.T) {
	p := chromium(t)
	r := newCity(t).release(t)
	pdf, err := r.PDF(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	text := run(t, "pdftotext", pdf, "-layout", "-", "-")
	for _, want := range []string{"Dezentrale Mittel 2021", "Spalte ost", "25.000,00 €", "Untergrenze", "Seite 1 von"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q:\n%s", want, text)
		}
	}
	if info := run(t, "pdfinfo", pdf, "-"); !regexp.MustCompile(`(?m)^Tagged:\s+yes$`).MatchString(info) {
		t.Errorf("PDF not tagged:\n%s", info)
	}
}
