package http

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/monitoring"
)

// A planner makes a committee report of two blocks: the form lists the
// layer's areas and the indicators; the HTML report names the blocks,
// withholds N1's 1 child as "." and keeps the commentary as text; a
// fault comes back with the form as typed; the workbook downloads; the
// committee may not make one from internal values.
func TestCommitteeReportPages(t *testing.T) {
	ts, _ := monitoringServer(t)
	planner, committee := signedInClient(t, ts, "u-planner"), signedInClient(t, ts, "u-committee")
	status, page := fetch(t, planner, ts.URL+"/monitoring/bericht?ebene=bezirk")
	for _, want := range []string{`name="gebiet" value="N1"`, `name="indikator" value="kinder"`, `<label for="r-comment">`, `<option value="sozial">Sozialindex</option>`} {
		if !strings.Contains(page, want) {
			t.Errorf("form lacks %q", want)
		}
	}
	if status != 200 {
		t.Fatalf("form: %d", status)
	}
	form := url.Values{"ebene": {"bezirk"}, "gebiet": {"N1", "W1"}, "indikator": {"kinder"}, "stichtag": {"31.12.2024"},
		"kommentar": {"Nord <script>alert(1)</script> braucht mehr.\n\nZweiter Absatz."}, "format": {"html"}}
	status, _, doc := post(t, planner, ts, "/monitoring/bericht", form)
	if status != 200 {
		t.Fatalf("report: %d %s", status, mainOf(doc))
	}
	for _, want := range []string{"<p>Nord &lt;script&gt;alert(1)&lt;/script&gt; braucht mehr.</p>", "<p>Zweiter Absatz.</p>",
		`<td class="num">.</td>`, `<td class="num">10</td>`, "gesperrt (kleine Zahlen)", "31.12.2023"} {
		if !strings.Contains(doc, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(doc, "<script>") {
		t.Error("commentary rendered as markup")
	}
	bad := url.Values{"ebene": {"bezirk"}, "gebiet": {"N1"}, "indikator": {"kinder"}, "stichtag": {"morgen"}, "kommentar": {"mein Text"}, "format": {"html"}}
	status, _, page = post(t, planner, ts, "/monitoring/bericht", bad)
	if status != 400 || !strings.Contains(page, `role="alert"`) || !strings.Contains(page, ">mein Text</textarea>") || !strings.Contains(page, `value="N1" checked`) {
		t.Errorf("bad date: %d %s", status, mainOf(page))
	}
	form.Set("format", "xlsx")
	req, _ := http.NewRequest("POST", ts.URL+"/monitoring/bericht", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", ts.URL)
	resp, err := planner.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Type"), "spreadsheetml") {
		t.Errorf("xlsx: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	form.Set("format", "pdf") // this server has no browser
	if status, _, page := post(t, planner, ts, "/monitoring/bericht", form); status != http.StatusServiceUnavailable || !strings.Contains(page, "als HTML im Browser drucken") {
		t.Errorf("pdf without Chromium: %d %s", status, mainOf(page))
	}
	form.Set("format", "html")
	if status, _, _ := post(t, committee, ts, "/monitoring/bericht", form); status != http.StatusForbidden {
		t.Errorf("committee made a report: %d", status)
	}

	// Saved for the committee: the planner is sent to the saved report,
	// which the committee and anyone read (HTML, workbook; the PDF needs a
	// browser), listed with the publications; the controller, who reads
	// values but publishes nothing, gets no save button and is refused.
	form.Set("format", "save")
	status, loc, _ := post(t, planner, ts, "/monitoring/bericht", form)
	if status != http.StatusSeeOther || !strings.HasPrefix(loc, "/monitoring/berichte/") {
		t.Fatalf("save: %d %q", status, loc)
	}
	for _, c := range []*http.Client{committee, client(t)} {
		status, doc := fetch(t, c, ts.URL+loc)
		if status != 200 || !strings.Contains(doc, "Für den Ausschuss gespeichert") || !strings.Contains(doc, `<td class="num">.</td>`) || !strings.Contains(doc, "braucht mehr.") {
			t.Errorf("saved report: %d %.300s", status, doc)
		}
		resp, _ := fetchBody(t, c, ts.URL+loc+"/bericht.xlsx")
		if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Type"), "spreadsheetml") {
			t.Errorf("saved workbook: %d", resp.StatusCode)
		}
		if status, page := fetch(t, c, ts.URL+loc+"/bericht.pdf"); status != http.StatusServiceUnavailable || !strings.Contains(page, "als HTML im Browser drucken") {
			t.Errorf("saved pdf without Chromium: %d %s", status, mainOf(page))
		}
	}
	if _, page := fetch(t, committee, ts.URL+"/monitoring/veroeffentlichungen"); !strings.Contains(page, `href="`+loc+`"`) {
		t.Errorf("the list lacks the saved report: %s", mainOf(page))
	}
	controller := signedInClient(t, ts, "u-controller")
	if _, page := fetch(t, controller, ts.URL+"/monitoring/bericht"); strings.Contains(page, `value="save"`) {
		t.Error("the controller is offered to save")
	}
	if status, _, _ := post(t, controller, ts, "/monitoring/bericht", form); status != http.StatusForbidden {
		t.Errorf("the controller saved: %d", status)
	}
	if status, _ := fetch(t, committee, ts.URL+"/monitoring/berichte/999"); status != 404 {
		t.Errorf("unknown report: %d", status)
	}
}

// Publications are public: the list, and one with its table ("." for
// N1 and N2's small counts) and its map (those blocks hatched, with the
// legend entry); an unknown one is 404.
func TestPublicationPages(t *testing.T) {
	ts, srv := monitoringServer(t)
	ctx := quartier.WithActor(context.Background(), quartier.Operator())
	p, err := srv.monitoring.Publish(ctx, monitoring.PublishRequest{Kind: quartier.PublishedIndicator, Subject: "kinder", Layer: "bezirk", Date: time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	anon := client(t)
	status, page := fetch(t, anon, ts.URL+"/monitoring/veroeffentlichungen")
	if status != 200 || !strings.Contains(page, fmt.Sprintf(`href="/monitoring/veroeffentlichungen/%d"`, p.ID)) || !strings.Contains(page, "31.12.2024") {
		t.Errorf("list: %d %s", status, mainOf(page))
	}
	status, page = fetch(t, anon, ts.URL+fmt.Sprintf("/monitoring/veroeffentlichungen/%d", p.ID))
	if status != 200 {
		t.Fatalf("publication: %d", status)
	}
	for _, want := range []string{`<td class="num">.</td>`, "gesperrt (kleine Zahlen) (2 Gebiete)", `fill="url(#pk-sp)"`, "Insgesamt", `<td class="num">41</td>`} {
		if !strings.Contains(page, want) {
			t.Errorf("publication lacks %q", want)
		}
	}
	if strings.Contains(page, "<b>unter 6") {
		t.Error("a name not escaped")
	}
	// An index publication is mapped by the classes the index defines.
	x, err := srv.monitoring.Publish(ctx, monitoring.PublishRequest{Kind: quartier.PublishedIndex, Subject: "sozial"})
	if err != nil {
		t.Fatal(err)
	}
	status, page = fetch(t, anon, ts.URL+fmt.Sprintf("/monitoring/veroeffentlichungen/%d", x.ID))
	if status != 200 || !strings.Contains(page, "über dem Mittel (") || !strings.Contains(page, "Status (Klasse)") {
		t.Errorf("index publication: %d %s", status, mainOf(page))
	}
	if status, _ := fetch(t, anon, ts.URL+"/monitoring/veroeffentlichungen/999"); status != 404 {
		t.Errorf("unknown publication: %d", status)
	}
}
