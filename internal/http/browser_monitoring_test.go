package http

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserMonitoringMap opens the monitoring map as a planner in
// headless Chromium: the server's SVG and the Leaflet layer of the same
// classes over the layer's outlines, a hover shows an area's value; then
// the index page, a space profile and the import form. axe-core finds no serious or critical violation, and
// the console stays clean (no CSP violation).
func TestBrowserMonitoringMap(t *testing.T) {
	exe := chromium(t)
	ts, _ := monitoringServer(t)
	ctx, cancel := browser(t, exe)
	defer cancel()
	problems, must := watchConsole(t, ctx)
	must("sign in", chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/anmelden?weiter=/monitoring"),
		chromedp.WaitVisible(chromedp.CSS("#login")),
		chromedp.SetValue(chromedp.CSS("#login"), "u-planner"),
		chromedp.SetValue(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS("form.signin button")),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/monitoring/karte?zeige=i:alo"]`)),
	))
	checkA11y(t, ctx, must, "the list of indicators")
	must("open the map", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`main a[href="/monitoring/karte?zeige=i:alo"]`)),
		chromedp.WaitVisible(chromedp.CSS("figure.monmap svg")),
		chromedp.Navigate(ts.URL+"/monitoring/karte?zeige=i:alo&ebene=sozialraum"),
		chromedp.WaitVisible(chromedp.CSS("#monmap[data-loaded]")),
	))
	loaded, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("#monmap"), "data-loaded"))
	must("read data-loaded", err)
	fills, err := chromedp.Run(ctx, chromedp.Evaluate[string](`Array.from(document.querySelectorAll("#monmap path.leaflet-interactive")).map(p => p.getAttribute("fill")).sort().join(" ")`))
	must("read the Leaflet fills", err)
	svgFills, err := chromedp.Run(ctx, chromedp.Evaluate[string](`Array.from(document.querySelectorAll("figure.monmap svg path[stroke-width='0.6']")).map(p => p.getAttribute("fill")).sort().join(" ")`))
	must("read the SVG fills", err)
	if loaded.Value != "3" || fills == "" || fills != svgFills {
		t.Errorf("Leaflet layer: %q areas, fills %q, the SVG's %q", loaded.Value, fills, svgFills)
	}
	_, err = chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const p = document.querySelector("#monmap path.leaflet-interactive"); const b = p.getBoundingClientRect();
		const at = {bubbles: true, clientX: b.x + b.width / 2, clientY: b.y + b.height / 2};
		p.dispatchEvent(new MouseEvent("mouseover", at)); p.dispatchEvent(new MouseEvent("mousemove", at)); return true })()`))
	must("hover an area", err)
	must("see the tooltip", chromedp.Do(ctx, chromedp.WaitReady(chromedp.CSS(".leaflet-tooltip"))))
	tip, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".leaflet-tooltip")))
	must("read the tooltip", err)
	if !strings.Contains(tip, ": ") || !strings.Contains(tip, " von ") {
		t.Errorf("tooltip %q", tip)
	}
	checkA11y(t, ctx, must, "the monitoring map")
	must("the index page", chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/monitoring/indizes/sozial"),
		chromedp.WaitVisible(chromedp.CSS("table.result")),
	))
	checkA11y(t, ctx, must, "the index page")
	must("the space profile", chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/sozialraeume/west/profil"),
		chromedp.WaitVisible(chromedp.CSS("figure.chart svg")),
	))
	checkA11y(t, ctx, must, "the space profile")
	must("the import page", chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/monitoring/einspielen"),
		chromedp.WaitVisible(chromedp.CSS("#code0")),
	))
	checkA11y(t, ctx, must, "the import page")
	if p := problems(); len(p) > 0 {
		t.Errorf("console: %v", p)
	}
}
