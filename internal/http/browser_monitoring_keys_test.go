package http

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestBrowserMonitoringMapKeys uses the interactive monitoring map by
// keyboard alone in headless Chromium: Tab from the SVG's download link
// reaches an area (one tab stop for all areas), its label names area,
// value and class, the focus is drawn, Escape hides the hover's details
// and Enter and Space show them again (tooltip and live region), Page Down
// and the arrows move between areas, Tab leaves and Shift+Tab comes back to the
// same area; axe-core finds nothing serious, the console stays clean.
func TestBrowserMonitoringMapKeys(t *testing.T) {
	exe := chromium(t)
	ts, _ := monitoringServer(t)
	ctx, cancel := browser(t, exe)
	defer cancel()
	problems, must := watchConsole(t, ctx)
	must("sign in and open the map", chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/anmelden?weiter=/monitoring"),
		chromedp.WaitVisible(chromedp.CSS("#login")),
		chromedp.SetValue(chromedp.CSS("#login"), "u-planner"),
		chromedp.SetValue(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS("form.signin button")),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/monitoring/karte?zeige=i:alo"]`)),
		chromedp.Navigate(ts.URL+"/monitoring/karte?zeige=i:alo&ebene=sozialraum"),
		chromedp.WaitVisible(chromedp.CSS("#monmap[data-loaded]")),
		chromedp.Focus(chromedp.CSS("figure.monmap figcaption a")),
	))
	eval := func(what, js string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		must(what, err)
		return v
	}
	// A closed tooltip fades out for 200 ms before it leaves the page.
	gone := func(what string) {
		t.Helper()
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelectorAll(".leaflet-tooltip").length === 0`, chromedp.WithPollingTimeout(5*time.Second)))
		if err != nil {
			t.Errorf("the tooltip stays %s: %v", what, err)
		}
	}
	key := func(k string, opts ...chromedp.KeyOption) {
		t.Helper()
		must("key "+k, chromedp.Do(ctx, chromedp.KeyEvent(k, opts...)))
	}
	const active = `(e => e && e.matches("#monmap path") ? (e.getAttribute("aria-label") || "(ohne Namen)") : "")(document.activeElement)`
	var label string
	for n := 0; n < 10 && label == ""; n++ {
		key(kb.Tab)
		label = eval("focus", active)
	}
	if label == "" {
		t.Fatalf("ten tabs from the SVG link reach no area of the map; focus on %s", eval("focus", `document.activeElement.outerHTML.slice(0, 120)`))
	}
	if stops := eval("tab stops", `String(document.querySelectorAll('#monmap path[tabindex="0"]').length) + "/" + document.querySelectorAll("#monmap path.leaflet-interactive").length`); stops != "1/3" {
		t.Errorf("areas in the tab order / areas: %s, want 1/3", stops)
	}
	// The label is the hover's text: name, value with counts, class.
	if !strings.Contains(label, ": ") || !strings.Contains(label, " von ") || !strings.Contains(label, "(") {
		t.Errorf("area label %q", label)
	}
	if mark := eval("focus mark", `(e => getComputedStyle(e).outlineStyle + " " + e.getAttribute("stroke") + " " + e.getAttribute("stroke-width"))(document.activeElement)`); mark != "solid #000 4" {
		t.Errorf("focused area drawn as %q, want an outline and a black stroke of 4", mark)
	}
	// Leaflet opens the tooltip on focus; Escape hides it, Enter brings it
	// back with the same text read out.
	tips := func() string {
		return eval("tooltips", `Array.from(document.querySelectorAll(".leaflet-tooltip")).map(e => e.textContent).join(" | ")`)
	}
	key(kb.Escape)
	gone("after Escape")
	key(kb.Enter)
	must("tooltip after Enter", chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(".leaflet-tooltip"))))
	if tip, live := tips(), eval("live region", `document.getElementById("monmap-detail").textContent`); tip != label || live != label {
		t.Errorf("Enter shows %q, reads out %q; want %q", tip, live, label)
	}
	key(kb.PageDown)
	second := eval("focus", active)
	if second == "" || second == label {
		t.Errorf("Page Down: focus on %q after %q", second, label)
	}
	key(kb.Escape)
	gone("after Escape on the second area")
	key(" ")
	must("tooltip after Space", chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(".leaflet-tooltip"))))
	if tip := tips(); tip != second {
		t.Errorf("Space shows %q, want %q", tip, second)
	}
	// Some arrow leads from the second area to another one; moving on
	// hides the details of the one left.
	moved := ""
	for _, k := range []string{kb.ArrowRight, kb.ArrowLeft, kb.ArrowUp, kb.ArrowDown} {
		key(k)
		if now := eval("focus", active); now != second {
			moved = now
			break
		}
	}
	if moved == "" {
		t.Fatal("no arrow key moves from the second area")
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`Array.from(document.querySelectorAll(".leaflet-tooltip")).map(e => e.textContent).join(" | ") === `+strconv.Quote(moved),
		chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Errorf("after moving to %q the tooltips read %q", moved, tips())
	}
	if stops := eval("tab stops", `String(document.querySelectorAll('#monmap path[tabindex="0"]').length)`); stops != "1" {
		t.Errorf("%s areas in the tab order after moving, want 1", stops)
	}
	key(kb.Tab)
	if now := eval("focus", active); now != "" {
		t.Errorf("Tab stays on the area %q", now)
	}
	key(kb.Tab, chromedp.KeyModifiers(kb.ModifierShift))
	if now := eval("focus", active); now != moved {
		t.Errorf("Shift+Tab comes back to %q, want %q", now, moved)
	}
	checkA11y(t, ctx, must, "the monitoring map with a focused area")
	if p := problems(); len(p) > 0 {
		t.Errorf("console: %v", p)
	}
}
