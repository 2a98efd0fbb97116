package http

import (
	"context"
	_ "embed"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

//go:embed testdata/axe/axe.min.js
var axeSource string

// axeViolation is what axe-core reports for one broken rule.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []string `json:"target"`
	} `json:"nodes"`
}

// axe runs axe-core on the current page (WCAG 2.1 A and AA rules) and
// returns the violations. It is evaluated through DevTools, which the
// page's CSP does not govern; the page itself runs no inline script.
func axe(ctx context.Context) ([]axeViolation, error) {
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axeSource+";true")); err != nil {
		return nil, err
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}).then(r => JSON.stringify(r.violations))`, chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, err
	}
	var vs []axeViolation
	return vs, json.Unmarshal([]byte(raw), &vs)
}

// checkA11y runs axe-core on the page open in ctx and fails the test on
// every serious or critical violation.
func checkA11y(t *testing.T, ctx context.Context, must func(string, error), page string) {
	t.Helper()
	vs, err := axe(ctx)
	must("axe on "+page, err)
	for _, v := range vs {
		if v.Impact == "serious" || v.Impact == "critical" {
			var where []string
			for _, n := range v.Nodes {
				where = append(where, strings.Join(n.Target, " "))
			}
			t.Errorf("%s: axe %s (%s): %s at %v", page, v.ID, v.Impact, v.Help, where)
		}
	}
}

// TestBrowserAtlas searches, filters and opens an offer in headless
// Chromium, and runs axe-core on every atlas page: no serious or critical
// violation, no console error (CSP violations included).
func TestBrowserAtlas(t *testing.T) {
	exe := chromium(t)
	ts, _ := atlasServer(t)
	ctx, cancel := browser(t, exe)
	defer cancel()
	problems, must := watchConsole(t, ctx)
	waitFor := func(js string) {
		t.Helper()
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(10*time.Second)))
		must("wait for "+js, err)
	}
	checkA11y := func(page string) {
		t.Helper()
		checkA11y(t, ctx, must, page)
	}
	must("open atlas", chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/atlas"),
		chromedp.WaitVisible(chromedp.CSS("#atlasmap[data-points]")),
	))
	points, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("#atlasmap"), "data-points"))
	must("read points", err)
	if points.Value != "1" { // the shelter has no point for the public
		t.Errorf("map points: %s, want 1", points.Value)
	}
	checkA11y("/atlas")
	// Beside the list on a wide screen, the filters are open.
	if open, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector("#filter").open`)); err != nil || !open {
		t.Errorf("filters folded on a wide screen (%v)", err)
	}

	// Typing searches (htmx, after a pause); the list and the URL follow.
	must("type query", chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#q"), "Schutz")))
	waitFor(`document.querySelector("#trefferzahl").textContent.startsWith("1 Angebot")`)
	loc, err := chromedp.Run(ctx, chromedp.Location())
	must("location", err)
	if !strings.Contains(loc, "q=Schutz") {
		t.Errorf("URL not updated: %s", loc)
	}
	// A filter checkbox narrows; clearing the words widens again.
	_, err = chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector("#q").value = ""; document.querySelector("#atlasform").requestSubmit(); true`))
	must("clear query", err)
	waitFor(`document.querySelector("#trefferzahl").textContent.startsWith("2 Angebote")`)
	must("filter", chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`input[name=sprache][value=ar]`))))
	waitFor(`location.search.includes("sprache=ar") && document.querySelector("#trefferzahl").textContent.startsWith("1 Angebot")`)
	list, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("ol.hits")))
	must("read list", err)
	if !strings.Contains(list, "Offener Treff") || !strings.Contains(list, "Arabisch") {
		t.Errorf("filtered list: %q", list)
	}
	checkA11y("/atlas?sprache=ar")

	must("open offer", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("ol.hits h3 a")),
		chromedp.WaitVisible(chromedp.CSS("article.offerpage h1")),
	))
	page, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	must("read offer", err)
	if !strings.Contains(page, "Frau Muster") || strings.Contains(page, "Diensthandy") {
		t.Errorf("offer page: %q", page)
	}
	checkA11y("offer page")
	must("open place", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("section.place h3 a")),
		chromedp.WaitVisible(chromedp.CSS("main h1")),
	))
	checkA11y("place page")
	must("open shelter offer", chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/atlas/angebote/schutz"),
		chromedp.WaitVisible(chromedp.CSS("article.offerpage h1")),
	))
	checkA11y("confidential offer page")

	// A search from a point centres the map on it and marks it.
	must("search from a point", chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/atlas?lon=11.2830&lat=50.9860"),
		chromedp.WaitVisible(chromedp.CSS("#atlasmap[data-origin]")),
	))
	origin, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("#atlasmap"), "data-origin"))
	must("read origin", err)
	if origin.Value != "11.283000,50.986000" {
		t.Errorf("map origin: %q", origin.Value)
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("console errors: %v", p)
	}
}
