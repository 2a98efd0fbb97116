package http

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/allocation"
	"github.com/quartier/quartier/internal/monitoring"
)

// TestBrowserCommitteeReport fills the committee report form as a
// planner in headless Chromium (by label: a block, an indicator, the
// commentary) and opens the report: its inline style is allowed by the
// page's policy (the console stays clean), the withheld cell reads ".",
// and axe-core finds no serious or critical violation on the form, the
// report and the public publications list.
func TestBrowserCommitteeReport(t *testing.T) {
	exe := chromium(t)
	ts, srv := monitoringServer(t)
	p, err := srv.monitoring.Publish(quartier.WithActor(context.Background(), quartier.Operator()), monitoring.PublishRequest{Kind: quartier.PublishedIndicator,
		Subject: "kinder", Layer: "bezirk", Date: time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := browser(t, exe)
	defer cancel()
	problems, must := watchConsole(t, ctx)
	must("sign in", chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/anmelden?weiter=/monitoring/bericht%3Febene%3Dbezirk"),
		chromedp.WaitVisible(chromedp.CSS("#login")),
		chromedp.SetValue(chromedp.CSS("#login"), "u-planner"),
		chromedp.SetValue(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS("form.signin button")),
		chromedp.WaitVisible(chromedp.CSS("#r-comment")),
	))
	checkA11y(t, ctx, must, "the report form")
	must("fill the form", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`input[name="gebiet"][value="N1"]`)),
		chromedp.Click(chromedp.CSS(`input[name="indikator"][value="kinder"]`)),
		chromedp.SetValue(chromedp.CSS("#r-comment"), "Nord braucht Aufmerksamkeit."),
		chromedp.Click(chromedp.CSS(`button[name="format"][value="html"]`)),
		chromedp.WaitVisible(chromedp.CSS("section.comment")),
	))
	body, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	must("read the report", err)
	if !strings.Contains(body, "Nord braucht Aufmerksamkeit.") || !strings.Contains(body, "\t.") && !strings.Contains(body, " .") {
		t.Errorf("report text: %s", body)
	}
	styled, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("td.num")).textAlign`))
	must("read the table's style", err)
	if styled != "right" {
		t.Errorf("the report's style was not applied: td.num text-align %q", styled)
	}
	checkA11y(t, ctx, must, "the committee report")
	must("the publications", chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/monitoring/veroeffentlichungen"),
		chromedp.WaitVisible(chromedp.CSS("main h1")),
	))
	checkA11y(t, ctx, must, "the publications list")
	must("a publication", chromedp.Do(ctx,
		chromedp.Navigate(fmt.Sprintf("%s/monitoring/veroeffentlichungen/%d", ts.URL, p.ID)),
		chromedp.WaitVisible(chromedp.CSS("figure.monmap svg")),
	))
	checkA11y(t, ctx, must, "a publication")
	if p := problems(); len(p) > 0 {
		t.Errorf("console: %v", p)
	}
}

// TestBrowserAllocationRelease: a planner releases a saved allocation
// proposal from its page by the button; the committee's report opens
// with its style applied under the CSP; axe-core on the version's page,
// the report and the publications list that names it.
func TestBrowserAllocationRelease(t *testing.T) {
	exe := chromium(t)
	ts, srv := monitoringServer(t)
	p, err := srv.allocation.Save(quartier.WithActor(context.Background(), quartier.Operator()), allocation.Request{Name: "Dezentrale Mittel", Year: 2025,
		Rule: quartier.AllocationRule{Amount: 10_000_000, Date: time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC), Terms: []quartier.AllocationTerm{{Indicator: "alo", Weight: 1}}}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := browser(t, exe)
	defer cancel()
	problems, must := watchConsole(t, ctx)
	must("sign in", chromedp.Do(ctx,
		chromedp.Navigate(fmt.Sprintf("%s/anmelden?weiter=/verteilung/%d", ts.URL, p.ID)),
		chromedp.WaitVisible(chromedp.CSS("#login")),
		chromedp.SetValue(chromedp.CSS("#login"), "u-planner"),
		chromedp.SetValue(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS("form.signin button")),
		chromedp.WaitVisible(chromedp.CSS(`button[aria-describedby="publish-hint"]`)),
	))
	checkA11y(t, ctx, must, "the version's page with the release button")
	must("release", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`button[aria-describedby="publish-hint"]`)),
		chromedp.WaitVisible(chromedp.CSS("#betraege")),
	))
	body, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	must("read the report", err)
	if !strings.Contains(body, "Beträge je Sozialraum") || !strings.Contains(body, "Formel") {
		t.Errorf("report text: %s", body)
	}
	styled, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("td.num")).textAlign`))
	must("read the table's style", err)
	if styled != "right" {
		t.Errorf("the report's style was not applied: td.num text-align %q", styled)
	}
	checkA11y(t, ctx, must, "the released allocation proposal")
	must("the publications", chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/monitoring/veroeffentlichungen"),
		chromedp.WaitVisible(chromedp.CSS("#verteilungen")),
	))
	checkA11y(t, ctx, must, "the publications list with a released proposal")
	if p := problems(); len(p) > 0 {
		t.Errorf("console: %v", p)
	}
}
