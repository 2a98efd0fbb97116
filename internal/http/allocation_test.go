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
	"github.com/quartier/quartier/internal/allocation"
	"github.com/quartier/quartier/internal/monitoring"
)

// TestAllocationPages: a planner computes a proposal in the browser, sees
// every step, saves it as version 1 and downloads it; the controller reads
// it without the form; the committee sees nothing unpublished.
func TestAllocationPages(t *testing.T) {
	a := weimarApp(t)
	ctx := quartier.WithActor(context.Background(), quartier.Operator())
	// SGB II counts per block: west 3,600, Nord 1,250, Mitte-Süd 1,100.
	if _, err := a.Monitoring.ImportIndicators(ctx, strings.NewReader("Bezirk;SGB II;Einwohner\nW1;3000;30000\nW2;600;12000\nN1;900;9000\nN2;350;7000\nM1;800;8000\nM2;300;6000\nM3;0;5000\n"),
		monitoring.Mapping{Layer: "bezirk", AreaColumn: "Bezirk", Date: "2023-12-31", Indicators: []monitoring.MappedIndicator{{
			Indicator: quartier.Indicator{Code: "sgb2", Name: "SGB-II-Quote", Kind: quartier.IndicatorShare}, NumeratorColumn: "SGB II", DenominatorColumn: "Einwohner"}}}); err != nil {
		t.Fatalf("%v %v", err, quartier.ErrorProblems(err))
	}
	ts, _ := accountServerOn(t, a)
	planner := client(t)
	login(t, ts, planner, "u-planner")
	if status, body := fetch(t, planner, ts.URL+"/verteilung"); status != 200 || !strings.Contains(body, `<option value="sgb2">SGB-II-Quote (sgb2)</option>`) || !strings.Contains(body, "Noch keine gespeicherten Vorschläge") {
		t.Fatalf("page: %d\n%s", status, body)
	}
	form := url.Values{"name": {"Dezentrale Mittel"}, "year": {"2025"}, "amount": {"100.000"}, "base": {"0"}, "date": {"31.12.2023"},
		"indicator1": {"sgb2"}, "weight1": {"1"}, "action": {"preview"}}
	status, _, body := post(t, planner, ts, "/verteilung", form)
	for _, want := range []string{"60.504,20 €", "21.008,40 €", "18.487,40 €", "Berechnung (nicht gespeichert)", `value="save"`, "<svg class=\"bars\""} {
		if status != 200 || !strings.Contains(body, want) {
			t.Fatalf("preview lacks %q: %d\n%s", want, status, body)
		}
	}
	// A typing error comes back with the form as typed.
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("amount", "100.000,5.5")
	status, _, body = post(t, planner, ts, "/verteilung", bad)
	if status != http.StatusBadRequest || !strings.Contains(body, "Betrag:") || !strings.Contains(body, `value="Dezentrale Mittel"`) {
		t.Fatalf("bad amount: %d\n%s", status, body)
	}
	form.Set("action", "save")
	status, loc, _ := post(t, planner, ts, "/verteilung", form)
	if status != http.StatusSeeOther || !strings.HasPrefix(loc, "/verteilung/") {
		t.Fatalf("save: %d %s", status, loc)
	}
	if status, body := fetch(t, planner, ts.URL+loc); status != 200 || !strings.Contains(body, "Dezentrale Mittel 2025, Fassung 1") || !strings.Contains(body, "60.504,20 €") {
		t.Fatalf("saved: %d\n%s", status, body)
	}
	if status, body := fetch(t, planner, ts.URL+loc+"/tabelle.csv"); status != 200 || !strings.Contains(body, "west;West;3600;") {
		t.Fatalf("csv: %d\n%s", status, body)
	}

	controller := client(t)
	login(t, ts, controller, "u-controller")
	status, body = fetch(t, controller, ts.URL+"/verteilung")
	if status != 200 || !strings.Contains(body, "Dezentrale Mittel") || strings.Contains(body, "Vorschlag berechnen") {
		t.Fatalf("controller: %d\n%s", status, body)
	}
	if status, _, _ := post(t, controller, ts, "/verteilung", form); status != http.StatusForbidden {
		t.Errorf("controller saves: %d", status)
	}
	committee := client(t)
	login(t, ts, committee, "u-committee")
	if status, _ := fetch(t, committee, ts.URL+loc); status != http.StatusForbidden {
		t.Errorf("committee reads an unpublished proposal: %d", status)
	}
}

// TestAllocationPublishPages: a planner releases a version for the
// committee from its page; a version whose amounts would give a withheld
// count back is refused on the page (West counts 2); the committee and
// the public read the released version (HTML, workbook; listed with the
// publications) but neither the refused nor any other unreleased one,
// and no page of theirs shows an unreleased amount.
func TestAllocationPublishPages(t *testing.T) {
	a := weimarApp(t)
	ctx := quartier.WithActor(context.Background(), quartier.Operator())
	if _, err := a.Monitoring.ImportIndicators(ctx, strings.NewReader("Bezirk;SGB II;Einwohner;Klein\nW1;3000;30000;1\nW2;600;12000;1\nN1;900;9000;10\nN2;350;7000;10\nM1;800;8000;20\nM2;300;6000;0\nM3;0;5000;5\n"),
		monitoring.Mapping{Layer: "bezirk", AreaColumn: "Bezirk", Date: "2023-12-31", Indicators: []monitoring.MappedIndicator{
			{Indicator: quartier.Indicator{Code: "sgb2", Name: "SGB-II-Quote", Kind: quartier.IndicatorShare}, NumeratorColumn: "SGB II", DenominatorColumn: "Einwohner"},
			{Indicator: quartier.Indicator{Code: "klein", Name: "Kleine Gruppe", Kind: quartier.IndicatorCount}, Column: "Klein"}}}); err != nil {
		t.Fatalf("%v %v", err, quartier.ErrorProblems(err))
	}
	save := func(indicator string) *quartier.AllocationProposal {
		p, err := a.Allocation.Save(ctx, allocation.Request{Name: "Dezentrale Mittel", Year: 2025, Rule: quartier.AllocationRule{Amount: 10_000_000,
			Date: time.Date(2023, 12, 31, 0, 0, 0, 0, time.UTC), Terms: []quartier.AllocationTerm{{Indicator: indicator, Weight: 1}}}})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	small, big, other := save("klein"), save("sgb2"), save("sgb2")
	ts, _ := accountServerOn(t, a)
	planner := client(t)
	login(t, ts, planner, "u-planner")
	smallPath, bigPath := fmt.Sprintf("/verteilung/%d", small.ID), fmt.Sprintf("/verteilung/%d", big.ID)
	if status, body := fetch(t, planner, ts.URL+smallPath); status != 200 || !strings.Contains(body, `action="`+smallPath+`/veroeffentlichen"`) || !strings.Contains(body, "Für den Ausschuss veröffentlichen</button>") {
		t.Fatalf("version page: %d\n%s", status, body)
	}
	status, _, body := post(t, planner, ts, smallPath+"/veroeffentlichen", url.Values{})
	if status != http.StatusBadRequest || !strings.Contains(body, `role="alert"`) || !strings.Contains(body, "West (west), Kleine Gruppe: der Wert liegt unter 3") {
		t.Fatalf("refused release: %d\n%s", status, body)
	}

	committee := client(t)
	login(t, ts, committee, "u-committee")
	if status, _, _ := post(t, committee, ts, bigPath+"/veroeffentlichen", url.Values{}); status != http.StatusForbidden {
		t.Errorf("committee releases: %d", status)
	}
	status, loc, _ := post(t, planner, ts, bigPath+"/veroeffentlichen", url.Values{})
	if status != http.StatusSeeOther || loc != fmt.Sprintf("/monitoring/verteilungen/%d", big.ID) {
		t.Fatalf("release: %d %s", status, loc)
	}
	if status, body := fetch(t, planner, ts.URL+bigPath); status != 200 || !strings.Contains(body, "für den Ausschuss veröffentlicht") || strings.Contains(body, "veroeffentlichen\"") {
		t.Errorf("released version's page: %d\n%s", status, body)
	}
	if status, body := fetch(t, planner, ts.URL+"/verteilung"); status != 200 || strings.Count(body, `<a href="/monitoring/verteilungen/`) != 1 || strings.Count(body, "nicht veröffentlicht") != 2 {
		t.Errorf("list of versions: %d\n%s", status, body)
	}
	unreleased := map[string]bool{}
	for _, p := range []*quartier.AllocationProposal{small, other} {
		for _, sh := range p.Shares {
			unreleased[sh.Amount.String()] = true
		}
	}
	for _, sh := range big.Shares {
		delete(unreleased, sh.Amount.String()) // the same amounts, released
	}
	for name, c := range map[string]*http.Client{"committee": committee, "public": http.DefaultClient} {
		status, body := fetch(t, c, ts.URL+loc)
		if status != 200 || !strings.Contains(body, "Verteilungsvorschlag Dezentrale Mittel 2025, Fassung 2") || !strings.Contains(body, "60.504,20 €") {
			t.Errorf("%s reads the release: %d\n%s", name, status, body)
		}
		list := ""
		status, list = fetch(t, c, ts.URL+"/monitoring/veroeffentlichungen")
		if status != 200 || !strings.Contains(list, `href="`+loc+`"`) || !strings.Contains(list, `href="`+loc+`/bericht.xlsx"`) {
			t.Errorf("%s: list of publications %d\n%s", name, status, list)
		}
		for amount := range unreleased {
			if strings.Contains(body, amount) || strings.Contains(list, amount) {
				t.Errorf("%s sees the unreleased amount %s", name, amount)
			}
		}
		for _, id := range []int64{small.ID, other.ID} {
			if status, _ := fetch(t, c, ts.URL+fmt.Sprintf("/monitoring/verteilungen/%d", id)); status != http.StatusNotFound {
				t.Errorf("%s reads the unreleased version %d: %d", name, id, status)
			}
		}
		if resp, _ := fetchBody(t, c, ts.URL+loc+"/bericht.xlsx"); resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Type"), "spreadsheetml") {
			t.Errorf("%s: workbook %d", name, resp.StatusCode)
		}
	}
	if status, _ := fetch(t, committee, ts.URL+fmt.Sprintf("/verteilung/%d", other.ID)); status != http.StatusForbidden {
		t.Errorf("committee reads an unreleased proposal: %d", status)
	}
}
