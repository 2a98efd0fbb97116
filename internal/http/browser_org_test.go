package http

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserNewAssignment makes a provider responsible for West in
// headless Chromium, as the office does: from the area page to the
// space's forms, a refused entry with its message at the input, then the
// assignment in the history. axe-core finds no serious or critical
// violation on the forms, and the console stays clean.
func TestBrowserNewAssignment(t *testing.T) {
	exe := chromium(t)
	ts, _ := editServer(t)
	ctx, cancel := browser(t, exe)
	defer cancel()
	problems, must := watchConsole(t, ctx)
	must("sign in", chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/anmelden?weiter=/ebenen/sozialraum/west"),
		chromedp.WaitVisible(chromedp.CSS("#login")),
		chromedp.SetValue(chromedp.CSS("#login"), "u-office"),
		chromedp.SetValue(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS("form.signin button")),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/organisation/sozialraeume/west"]`)),
	))
	must("open the forms", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`main a[href="/organisation/sozialraeume/west"]`)),
		chromedp.WaitVisible(chromedp.CSS("#as-assignee")),
	))
	checkAxe := func(page string) {
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
	checkAxe("the space's forms")

	// A start before the current assignment would rewrite history.
	must("refused entry", chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS("#as-assignee"), "diakonie"),
		chromedp.SetValue(chromedp.CSS("#as-valid_from"), "2023-06-01"),
		chromedp.SetValue(chromedp.CSS("#as-note"), "Beschluss JHA"),
		chromedp.Click(chromedp.CSS(`form[action$="/zustaendigkeit"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#as-valid_from-err")),
	))
	msg, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#as-valid_from-err")))
	must("read the message", err)
	invalid, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("#as-valid_from"), "aria-invalid"))
	must("read aria-invalid", err)
	note, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#as-note")))
	must("read the note", err)
	if !strings.Contains(msg, "nicht überschrieben") || invalid.Value != "true" || note != "Beschluss JHA" {
		t.Errorf("refusal: message %q, aria-invalid %q, note %q", msg, invalid.Value, note)
	}
	checkAxe("the forms with an error")

	must("new assignment", chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS("#as-valid_from"), "2025-01-01"),
		chromedp.Click(chromedp.CSS(`form[action$="/zustaendigkeit"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("p.ok[role=status]")),
	))
	page, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	must("read the page", err)
	if !strings.Contains(page, "Die Zuständigkeit ist eingetragen.") || !strings.Contains(page, "Heute zuständig: Diakonie") ||
		!strings.Contains(page, "01.01.2024\t01.01.2025") || !strings.Contains(page, "Beschluss JHA") {
		t.Errorf("after saving: %.3000s", page)
	}
	// The refused entry answered 409, which the console reports once; it
	// is the only message allowed.
	var other []string
	conflicts := 0
	for _, p := range problems() {
		if strings.Contains(p, "status of 409") {
			conflicts++
			continue
		}
		other = append(other, p)
	}
	if conflicts != 1 || len(other) > 0 {
		t.Errorf("console: %d answers 409, other messages %v", conflicts, other)
	}
}
