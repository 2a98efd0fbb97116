package http

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// overflowJS names what sticks out to the right when the page scrolls
// sideways, "" when it does not.
const overflowJS = `(() => {
  const w = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= w) { return ""; }
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > w + 0.5 && el.checkVisibility()) {
      let name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "");
      if (typeof el.className === "string" && el.className) { name += "." + el.className.trim().split(/\s+/).join("."); }
      out.push(name + " (" + Math.round(r.left) + "–" + Math.round(r.right) + ")");
    }
  }
  return "scrollWidth " + document.documentElement.scrollWidth + " > " + w + ": " + out.slice(0, 10).join(", ");
})()`

// phone sets a 390 px wide mobile viewport (an iPhone 12–15).
func phone(ctx context.Context) error {
	return chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(3), chromedp.EmulateMobile, chromedp.EmulateTouch))
}

// TestBrowserMobile opens the main pages, for families and for staff, at
// 390 px: none scrolls sideways, the header's links are all on screen,
// the filters of the atlas are folded away and a skip link leads to the
// results in a few key presses.
func TestBrowserMobile(t *testing.T) {
	exe := chromium(t)
	ts, _ := accountServer(t)
	ctx, cancel := browser(t, exe)
	defer cancel()
	problems, must := watchConsole(t, ctx)
	must("viewport", phone(ctx))

	// axe runs on a few of them, the phone layout being another page.
	axeOn := map[string]bool{"/": true, "/karte": true, "/atlas/wegweiser": true, "/atlas/planung": true, "/ebenen": true, "/ebenen/sozialraum/west": true, "/berechtigungen": true, "/admin/protokoll": true}
	noOverflow := func(path, ready string) {
		t.Helper()
		must("open "+path, chromedp.Do(ctx, chromedp.Navigate(ts.URL+path), chromedp.WaitReady(chromedp.CSS(ready))))
		over, err := chromedp.Run(ctx, chromedp.Evaluate[string](overflowJS))
		must("measure "+path, err)
		if over != "" {
			t.Errorf("%s scrolls sideways at 390 px: %s", path, over)
		}
		// Every link of the header is on screen ("Anmelden" was cut off).
		cut, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll("header.top a, header.top summary")].filter(e => e.checkVisibility() && e.getBoundingClientRect().right > document.documentElement.clientWidth).map(e => e.textContent).join(", ")`))
		must("header "+path, err)
		if cut != "" {
			t.Errorf("%s: header links off screen at 390 px: %s", path, cut)
		}
		if axeOn[path] {
			checkA11y(t, ctx, must, path+" at 390 px")
		}
	}
	public := []string{"/", "/atlas?q=Beratung", "/atlas/angebote/treff-west", "/atlas/orte/jfe-west", "/atlas/wegweiser",
		"/atlas/wegweiser?raum=west", "/atlas/vorschlag", "/atlas/planung", "/atlas/einbetten", "/atlas/austausch", "/anmelden",
		"/karte", "/ebenen", "/ebenen/sozialraum", "/ebenen/sozialraum/west", "/ebenen/bezirk/W1", "/zuordnung?lon=11.329&lat=50.979", "/pruefen"}
	for _, p := range public {
		noOverflow(p, "main")
	}

	// The atlas on a phone: filters folded, the skip link to the results.
	must("open atlas", chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/atlas"), chromedp.WaitVisible(chromedp.CSS("#atlasmap[data-points]"))))
	open, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector("#filter").open`))
	must("filters", err)
	if open {
		t.Errorf("filters open on a phone")
	}
	// Tab by tab from the top: where focus goes until the first result.
	tabsTo := func(useSkip bool) (int, []string) {
		t.Helper()
		must("reload", chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/atlas"), chromedp.WaitVisible(chromedp.CSS("ol.hits a"))))
		var seen []string
		for n := 1; n <= 60; n++ {
			must("tab", chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)))
			el, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(e => e.closest("ol.hits") ? "HIT" : e.tagName.toLowerCase() + (e.type ? "[" + e.type + "]" : "") + " " + (e.textContent || e.name || "").trim().slice(0, 30))(document.activeElement)`))
			must("focus", err)
			if el == "HIT" {
				return n, seen
			}
			seen = append(seen, el)
			if useSkip && strings.Contains(el, "Zu den Ergebnissen") {
				must("follow skip link", chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)))
				n++
			}
		}
		return -1, seen
	}
	if n, seen := tabsTo(true); n < 0 || n > 5 {
		t.Errorf("with the skip link, %d key presses to the first result (want ≤ 5): %q", n, seen)
	}
	n, seen := tabsTo(false)
	if n < 0 {
		t.Fatalf("no result reached by tabbing: %q", seen)
	}
	for _, s := range seen {
		if strings.HasPrefix(s, "input[checkbox]") {
			t.Errorf("a filter checkbox is in the tab order before the first result on a phone: %q", seen)
			break
		}
	}
	t.Logf("tab stops to the first result at 390 px without the skip link: %d (%q)", n, seen)
	// Opening the filters and choosing one keeps them open across the
	// htmx swap of the list.
	must("open filters", chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#filter summary"))))
	must("choose filter", chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`input[name=sprache][value=ru]`))))
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`location.search.includes("sprache=ru") && document.querySelector("#trefferzahl").textContent.startsWith("1 Angebot")`, chromedp.WithPollingTimeout(10*time.Second)))
	must("filter on a phone", err)
	if open, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector("#filter").open`)); !open {
		t.Errorf("the filters closed after choosing one")
	}
	noOverflow("/atlas?sprache=ru", "main")

	// Staff pages, signed in through the form.
	must("sign in", chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/anmelden"),
		chromedp.SetValue(chromedp.CSS("#login"), "u-admin"),
		chromedp.SetValue(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS("form.signin button")),
		chromedp.WaitVisible(chromedp.CSS("li.account summary")),
	))
	for _, p := range []string{"/konto", "/berechtigungen", "/admin/konten", "/admin/protokoll", "/atlas/angebote/neu", "/atlas/orte/neu",
		"/atlas/angebote/treff-west/bearbeiten", "/atlas/angebote/treff-west/verlauf", "/atlas/pruefung", "/atlas/faellig", "/atlas/einstellungen", "/karte", "/"} {
		noOverflow(p, "main")
	}
	// The staff menus open within the screen.
	must("open menu", chromedp.Do(ctx, chromedp.Click(chromedp.CSS("li.account summary"))))
	if over, _ := chromedp.Run(ctx, chromedp.Evaluate[string](overflowJS)); over != "" {
		t.Errorf("open account menu scrolls sideways: %s", over)
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("console errors: %v", p)
	}
}
