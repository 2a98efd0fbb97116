package http

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestMapSVG: the maps drawn on the server show what the Leaflet maps
// show, the places as the asker may see them.
func TestMapSVG(t *testing.T) {
	ts := newTestServer(t, Options{})
	resp, body := get(t, ts, "/atlas/karte.svg")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/svg+xml" {
		t.Fatalf("atlas svg: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if n := strings.Count(body, "<circle"); n != 2 || strings.Count(body, "<path") != 3 {
		t.Errorf("atlas svg: %d markers (want 2: the shelter has no point for the public), %d spaces (want 3)", n, strings.Count(body, "<path"))
	}
	for _, want := range []string{"<title>Jugendclub West</title>", "<title>Sozialraum Mitte-Süd</title>", "2 Orte der gefundenen Angebote"} {
		if !strings.Contains(body, want) {
			t.Errorf("atlas svg lacks %q", want)
		}
	}
	if strings.Contains(body, "Schutzwohnung") || strings.Contains(body, "Geheimgasse") {
		t.Errorf("atlas svg shows the shelter to the public")
	}
	// The same query as the list: one word, one place.
	if _, body := get(t, ts, "/atlas/karte.svg?q=Erziehungsberatung"); strings.Count(body, "<circle") != 1 || !strings.Contains(body, "Beratungsstelle Mitte") {
		t.Errorf("atlas svg for a query:\n%s", body)
	}
	resp, body = get(t, ts, "/karte/sozialraum/umrisse.svg")
	if resp.StatusCode != 200 || strings.Count(body, "<path") != 3 || !strings.Contains(body, "<title>west West</title>") {
		t.Fatalf("layer svg: %d\n%s", resp.StatusCode, body)
	}
	if resp2, _ := get(t, ts, "/karte/sozialraum/umrisse.svg", "If-None-Match", resp.Header.Get("ETag")); resp2.StatusCode != http.StatusNotModified {
		t.Errorf("layer svg revalidation: %d", resp2.StatusCode)
	}
	if resp, _ := get(t, ts, "/karte/nirgends/umrisse.svg"); resp.StatusCode != 404 {
		t.Errorf("unknown layer: %d", resp.StatusCode)
	}
	// The pages hold them for browsers without JavaScript.
	_, body = get(t, ts, "/atlas?q=Treff")
	if !strings.Contains(body, `<noscript><img class="mapfallback" src="/atlas/karte.svg?q=Treff"`) {
		t.Errorf("atlas page lacks the map for browsers without JavaScript")
	}
	_, body = get(t, ts, "/karte?ebene=bezirk")
	if !strings.Contains(body, `data-layer="bezirk"`) || !strings.Contains(body, `src="/karte/bezirk/umrisse.svg"`) {
		t.Errorf("map page with a chosen layer:\n%s", body)
	}
	if _, body = get(t, ts, "/karte?ebene=nirgends"); !strings.Contains(body, `data-layer="sozialraum"`) {
		t.Errorf("map page with an unknown layer does not fall back to the social spaces")
	}
}

// scripts switches JavaScript in the tab off, as some visitors have it, or
// on again.
func scripts(on bool) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !on})
		return err
	})
}

// TestBrowserNoScript: without JavaScript the map boxes show the map drawn
// on the server, not an empty box, and the atlas still searches.
func TestBrowserNoScript(t *testing.T) {
	exe := chromium(t)
	ts := newTestServer(t, Options{})
	ctx, cancel := browser(t, exe)
	defer cancel()
	problems, must := watchConsole(t, ctx)
	must("start", chromedp.Do(ctx, chromedp.Navigate("about:blank"), scripts(false)))
	for _, c := range []struct{ path, box string }{{"/atlas?q=Treff", "#atlasmap"}, {"/karte", "#map"}} {
		must("open "+c.path, chromedp.Do(ctx, chromedp.Navigate(ts.URL+c.path), chromedp.WaitReady(chromedp.CSS("footer"))))
		// The picture has loaded (CSP allows it, the server drew it) and
		// fills the box; the box is no "application" without a script.
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
		  const box = document.querySelector("`+c.box+`"), img = box.querySelector("img.mapfallback");
		  if (!img) { return "no picture in the box"; }
		  if (!img.complete || img.naturalWidth === 0) { return "picture not loaded"; }
		  if (img.getBoundingClientRect().height < 200) { return "picture " + img.getBoundingClientRect().height + " px high"; }
		  if (box.hasAttribute("role")) { return "box has role " + box.getAttribute("role"); }
		  if (document.querySelector("[data-js]:not([hidden])")) { return "a hint for the script is shown"; }
		  return "";
		})()`))
		must("inspect "+c.path, err)
		if got != "" {
			t.Errorf("%s without JavaScript: %s", c.path, got)
		}
		// axe needs the script engine; the page stays as it was parsed.
		must("scripts on for axe", chromedp.Do(ctx, scripts(true)))
		checkA11y(t, ctx, must, c.path+" without JavaScript")
		must("scripts off", chromedp.Do(ctx, scripts(false)))
	}
	// The form submits: a filter and the button under the filters.
	must("filter", chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/atlas"),
		chromedp.Click(chromedp.CSS("#filter summary")),
		chromedp.Click(chromedp.CSS(`input[name=sprache][value=ru]`)),
		chromedp.Click(chromedp.CSS("#filter button[type=submit]")),
	))
	// Wait for the new page (no script to poll with).
	for i := 0; i < 100; i++ {
		if loc, _ := chromedp.Run(ctx, chromedp.Location()); strings.Contains(loc, "sprache=ru") {
			break
		}
		must("wait", chromedp.Do(ctx, chromedp.Sleep(50*time.Millisecond)))
	}
	must("loaded", chromedp.Do(ctx, chromedp.WaitReady(chromedp.CSS("footer"))))
	if h, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#trefferzahl"))); !strings.HasPrefix(h, "1 Angebot") {
		t.Errorf("filter without JavaScript: %q", h)
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("console errors: %v", p)
	}
}
