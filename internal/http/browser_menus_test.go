package http

import (
	"encoding/json"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserMenusStayOnScreen opens every menu of the header, as staff
// with many menus see it, at widths where the menus drop down over the
// page: no drop-down may reach past either edge. (With the monitoring and
// budget menus the header wrapped and the account menu's right-aligned
// drop-down put "Abmelden" off the left edge.)
func TestBrowserMenusStayOnScreen(t *testing.T) {
	exe := chromium(t)
	ts, _ := accountServer(t)
	for _, user := range []string{"u-planner", "u-controller", "u-admin"} {
		for _, width := range []int64{720, 1024, 1200, 1600} {
			ctx, cancel := browser(t, exe)
			if err := chromedp.Do(ctx,
				chromedp.EmulateViewport(width, 800),
				chromedp.Navigate(ts.URL+"/anmelden?weiter=/konto"),
				chromedp.SetValue(chromedp.CSS(`input[name="login"]`), user),
				chromedp.SetValue(chromedp.CSS(`input[name="password"]`), testPassword),
				chromedp.Submit(chromedp.CSS(`input[name="password"]`)),
				chromedp.WaitVisible(chromedp.CSS(`li.account summary`)),
			); err != nil {
				cancel()
				t.Fatalf("%s at %d px: %v", user, width, err)
			}
			raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(async () => {
				const out = [];
				for (const d of document.querySelectorAll('header details')) {
					d.querySelector('summary').click();
					await new Promise(r => setTimeout(r, 30)); // the toggle event comes after the click
					const r = d.querySelector('ul').getBoundingClientRect();
					if (r.left < 0 || r.right > document.documentElement.clientWidth) out.push(d.querySelector('summary').textContent + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
					d.open = false;
				}
				return JSON.stringify(out);
			})()`, chromedp.EvalAwaitPromise))
			cancel()
			if err != nil {
				t.Fatal(err)
			}
			var off []string
			json.Unmarshal([]byte(raw), &off)
			if len(off) > 0 {
				t.Errorf("%s at %d px: menus past the edge: %v", user, width, off)
			}
		}
	}
}
