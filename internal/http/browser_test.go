package http

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium finds a headless-capable browser; CI installs Debian's chromium.
func chromium(t *testing.T) string {
	for _, name := range []string{os.Getenv("QUARTIER_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"} {
		if name == "" {
			continue
		}
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no Chromium found: browser test skipped (CI installs chromium; or set QUARTIER_CHROMIUM)")
	return ""
}

// TestBrowserMap drives the real map page in headless Chromium: polygons
// render from the layer GeoJSON, a click on the map looks the point up, and
// the console stays free of errors (CSP violations included).
func TestBrowserMap(t *testing.T) {
	exe := chromium(t)
	ts := newTestServer(t, Options{})

	ctx, cancel := browser(t, exe)
	defer cancel()

	problems, must := watchConsole(t, ctx)
	must("open map", chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/karte"),
		chromedp.WaitVisible(chromedp.CSS("#map[data-loaded]")),
	))
	loaded, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("#map"), "data-loaded"))
	must("read data-loaded", err)
	paths, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#map path.leaflet-interactive").length`))
	must("count polygons", err)
	if loaded.Value != "3" || paths != 3 {
		t.Errorf("polygons: data-loaded=%q, %d paths drawn, want 3", loaded.Value, paths)
	}
	// A click in the middle of the map (inside Weimar) asks /zuordnung.
	must("click map", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#map")),
		chromedp.WaitVisible(chromedp.CSS("#result table")),
	))
	result, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#result")))
	must("read result", err)
	if !strings.Contains(result, "Sozialräume") || !strings.Contains(result, "Bezirke") {
		t.Errorf("lookup result after click: %q", result)
	}
	// The coordinate form works through htmx as well.
	must("coordinate form", chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS("#x"), "11.329"),
		chromedp.SetValue(chromedp.CSS("#y"), "50.979"),
		chromedp.SetValue(chromedp.CSS("#crs"), "4326"),
		chromedp.Click(chromedp.CSS("form.lookup:nth-of-type(2) button")),
		chromedp.Sleep(500*time.Millisecond),
		chromedp.WaitVisible(chromedp.CSS("#result table")),
	))
	formResult, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#result")))
	must("read form result", err)
	if !strings.Contains(formResult, "mitte-sued") {
		t.Errorf("form lookup: %q", formResult)
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("console errors: %v", p)
	}
}

// watchConsole collects console errors and warnings (CSP violations
// included) from now on; problems reports them so far, must fails the test
// at a step that went wrong and shows them.
func watchConsole(t *testing.T, ctx context.Context) (problems func() []string, must func(step string, err error)) {
	problems = consoleProblems(ctx)
	must = func(step string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v (console: %v)", step, err, problems())
		}
	}
	return problems, must
}

func consoleProblems(ctx context.Context) func() []string {
	var mu sync.Mutex
	var problems []string
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleWarning || m.IsException() {
				mu.Lock()
				problems = append(problems, m.String())
				mu.Unlock()
			}
		}
	}()
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), problems...)
	}
}
