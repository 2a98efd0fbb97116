package http

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/quartier/quartier"
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
