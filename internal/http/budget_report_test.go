package http

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"os/exec"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/quartier/quartier/internal/report"
)

// The controller sees the draft, exports it and publishes it; the
// committee reads the published report, and only that; the PDF of the
// published report reads back with pdftotext.
func TestBudgetReport(t *testing.T) {
	exe := chromium(t)
	ts, _, year := budgetServerWith(t, Options{PDF: &report.PDF{Exec: exe}})
	ctl, com := signedInClient(t, ts, "u-controller"), signedInClient(t, ts, "u-committee")
	q := fmt.Sprintf("?jahr=%d", year)
	if status, body := fetch(t, com, ts.URL+"/haushalt/bericht"+q); status != 200 || !strings.Contains(body, "noch kein Jahresbericht veröffentlicht") {
		t.Errorf("before publishing: %d %s", status, mainOf(body))
	}
	for path, want := range map[string]int{"/haushalt/bericht/entwurf": 403, "/haushalt/bericht.xlsx": 403, "/haushalt": 403} {
		if status, _ := fetch(t, com, ts.URL+path+q); status != want {
			t.Errorf("committee %s: %d, want %d", path, status, want)
		}
	}
	status, body := fetch(t, ctl, ts.URL+"/haushalt/bericht/entwurf"+q)
	if status != 200 || !strings.Contains(body, "Entwurf mit den Zahlen von heute") || !strings.Contains(body, "veröffentlichen</button>") ||
		!strings.Contains(body, "Fallarbeit (Pauschale)") || !strings.Contains(body, "Pauschalen nach Träger") {
		t.Errorf("draft: %d %.3000s", status, mainOf(body))
	}
	resp, xb := fetchBody(t, ctl, ts.URL+"/haushalt/bericht.xlsx"+q)
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("xlsx: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	f, err := excelize.OpenReader(bytes.NewReader([]byte(xb)))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows(f.GetSheetName(0))
	if len(rows) < 7 || rows[0][0] != "Sozialraum (Code)" {
		t.Errorf("xlsx rows: %q", rows)
	}
	// Planning reads the draft but may not publish.
	if status, _, _ := post(t, signedInClient(t, ts, "u-planner"), ts, "/haushalt/bericht/veroeffentlichen", url.Values{"jahr": {fmt.Sprint(year)}}); status != 403 {
		t.Errorf("planning published: %d", status)
	}
	status, loc, _ := post(t, ctl, ts, "/haushalt/bericht/veroeffentlichen", url.Values{"jahr": {fmt.Sprint(year)}})
	if status != http.StatusSeeOther || loc != "/haushalt/bericht"+q {
		t.Fatalf("publish: %d %s", status, loc)
	}
	status, body = fetch(t, com, ts.URL+"/haushalt/bericht"+q)
	if status != 200 || !strings.Contains(body, "Veröffentlicht am") || !strings.Contains(body, "West") || !strings.Contains(body, "§§ 27 ff. SGB VIII") {
		t.Errorf("published: %d %.3000s", status, mainOf(body))
	}
	// The committee's navigation leads to the report and nowhere near the figures.
	if !strings.Contains(body, `href="/haushalt/bericht"`) || strings.Contains(body, `href="/haushalt"`) {
		t.Error("committee's navigation")
	}
	resp, pdf := fetchBody(t, com, ts.URL+"/haushalt/bericht.pdf"+q)
	if resp.StatusCode != 200 || !strings.HasPrefix(pdf, "%PDF-") {
		t.Fatalf("PDF: %d %.200s", resp.StatusCode, pdf)
	}
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext (poppler-utils) missing: the PDF was produced, its text not checked")
	}
	cmd := exec.Command(pdftotext, "-layout", "-", "-")
	cmd.Stdin = strings.NewReader(pdf)
	var out bytes.Buffer
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{fmt.Sprintf("Jahresbericht Sozialraumbudgets %d", year), "Fallarbeit (Pauschale)", "600.000,00 €", "Seite 1 von"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("PDF text lacks %q:\n%s", want, out.String())
		}
	}
}
