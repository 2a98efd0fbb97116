package http

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/quartier/quartier"
)

// The dashboard draws each line and the whole budget as an SVG image with
// title and description, with the values as a table beside it; one
// outside the space's scope gets "not found", the office (no figures) is
// refused.
func TestBudgetDashboard(t *testing.T) {
	ts, _, year := budgetServer(t)
	path := fmt.Sprintf("/haushalt/west/%d/uebersicht", year)
	c := signedInClient(t, ts, "u-controller")
	status, body := fetch(t, c, ts.URL+path)
	if status != 200 {
		t.Fatalf("%d\n%.2000s", status, mainOf(body))
	}
	for _, want := range []string{
		`<svg class="chart"`, `role="img"`, `aria-labelledby="chart-gesamt-t chart-gesamt-d"`, `<title id="chart-gesamt-t">Gesamter Haushalt West`,
		`<desc id="chart-gesamt-d">Plan für das Jahr 1.000.000,00 €`, `class="booked"`, `class="plan"`, `<th scope="row">Januar</th>`,
		`Fallarbeit (Pauschale) (case)`, `Werte als Tabelle`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("dashboard lacks %q", want)
		}
	}
	if n := strings.Count(body, `<svg class="chart"`); n != 5 {
		t.Errorf("%d charts, want the whole budget and 4 lines", n)
	}
	if strings.Contains(body, "style=") {
		t.Error("inline style: the CSP refuses it")
	}
	for user, want := range map[string]int{"u-office": 403, "u-provider-lead": 200, "u-committee": 403} {
		if status, _ := fetch(t, signedInClient(t, ts, user), ts.URL+path); status != want {
			t.Errorf("%s: %d, want %d", user, status, want)
		}
	}
	if status, _ := fetch(t, c, ts.URL+fmt.Sprintf("/haushalt/nord-schoendorf/%d/uebersicht", year-1)); status != 404 {
		t.Errorf("a year without a budget: %d", status)
	}
}

func TestNiceCeiling(t *testing.T) {
	for in, want := range map[quartier.Cents]quartier.Cents{1: 1, 7: 10, 11: 20, 21: 25, 26: 50, 51: 100, 100_000_000: 100_000_000, 100_000_001: 200_000_000, 230_000_000: 250_000_000} {
		if got := niceCeiling(in); got != want {
			t.Errorf("niceCeiling(%d) = %d, want %d", in, got, want)
		}
	}
}

// TestBrowserBudget opens the list, a budget and its dashboard in headless
// Chromium as the controller: axe-core finds no serious or critical
// violation, the charts render as images with a name, and the console
// stays clean.
func TestBrowserBudget(t *testing.T) {
	exe := chromium(t)
	ts, _, year := budgetServer(t)
	ctx, cancel := browser(t, exe)
	defer cancel()
	problems, must := watchConsole(t, ctx)
	must("sign in", chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/anmelden?weiter=/haushalt"),
		chromedp.WaitVisible(chromedp.CSS("#login")),
		chromedp.SetValue(chromedp.CSS("#login"), "u-controller"),
		chromedp.SetValue(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS("form.signin button")),
		chromedp.WaitVisible(chromedp.CSS("#vergleich")),
	))
	checkA11y(t, ctx, must, "the list of budgets")
	must("open West", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`a[href="/haushalt/west/%d"]`, year))),
		chromedp.WaitVisible(chromedp.CSS("#bk-amount")),
	))
	checkA11y(t, ctx, must, "the budget of West")
	must("a refused booking", chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS("#bk-amount"), "12.5"),
		chromedp.SetValue(chromedp.CSS("#bk-why"), "Test"),
		chromedp.Click(chromedp.CSS(`form[action$="/buchen"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#bk-amount-err")),
	))
	checkA11y(t, ctx, must, "the budget with an error")
	must("open the dashboard", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`.crumbs a[href$="/uebersicht"]`)),
		chromedp.WaitVisible(chromedp.CSS("svg.chart")),
	))
	checkA11y(t, ctx, must, "the dashboard")
	named, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const s = document.querySelector("svg.chart"); const t = document.getElementById(s.getAttribute("aria-labelledby").split(" ")[0]); return s.getBoundingClientRect().height > 100 && t && t.textContent.startsWith("Gesamter Haushalt"); })()`))
	must("chart name", err)
	if !named {
		t.Error("the chart is not drawn with its name")
	}
	must("the year report's draft", chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+fmt.Sprintf("/haushalt/bericht/entwurf?jahr=%d", year)),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/haushalt/bericht/veroeffentlichen"]`)),
	))
	checkA11y(t, ctx, must, "the year report")
	must("a new budget with a refused line", chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/haushalt/neu"),
		chromedp.WaitVisible(chromedp.CSS("#ln-0-amount")),
		chromedp.SetValue(chromedp.CSS("#nb-space"), "mitte-sued"),
		chromedp.SetValue(chromedp.CSS("#nb-total"), "100"),
		chromedp.SetValue(chromedp.CSS("#ln-0-amount"), "12.5"),
		chromedp.Click(chromedp.CSS(`form[action="/haushalt/neu"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#ln-0-amount-err")),
	))
	checkA11y(t, ctx, must, "the form of a new budget")
	must("the notices", chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/hinweise"),
		chromedp.WaitVisible(chromedp.CSS("ul.notices")),
	))
	checkA11y(t, ctx, must, "the notices")
	must("the hours report", chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/haushalt/stunden"),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/haushalt/stunden/soll"]`)),
	))
	checkA11y(t, ctx, must, "the hours report")

	var other []string
	for _, p := range problems() {
		if strings.Contains(p, "status of 400") {
			continue // the refused booking
		}
		other = append(other, p)
	}
	if len(other) > 0 {
		t.Errorf("console: %v", other)
	}
}
