package http

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserCreateAccountAndGrant is the administrator's flow in
// headless Chromium: create an account, choosing its space by name (an
// error first comes back at its field), read the initial password once,
// grant a provider's spaces and end that grant; then the new person signs
// in with the initial password, is sent to choose her own, and lands
// where she wanted. axe-core finds no serious or critical violation on
// any of these pages, and the console stays clean.
func TestBrowserCreateAccountAndGrant(t *testing.T) {
	exe := chromium(t)
	ts, _ := accountServer(t)
	ctx, cancel := browser(t, exe)
	defer cancel()
	problems, must := watchConsole(t, ctx)
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		must("read "+sel, err)
		return s
	}

	must("sign in as the administrator", chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/admin/konten"),
		chromedp.WaitVisible(chromedp.CSS("#login")),
		chromedp.SetValue(chromedp.CSS("#login"), "u-admin"),
		chromedp.SetValue(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS("form.signin button")),
		chromedp.WaitVisible(chromedp.CSS("table.users")),
	))
	checkA11y(t, ctx, must, "Konten")
	must("open the form", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`main a[href="/admin/neues-konto"]`)),
		chromedp.WaitVisible(chromedp.CSS("#scope-spaces")),
	))
	checkA11y(t, ctx, must, "Neues Konto")
	must("send it without a space", chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS("#login"), "m.schulz"),
		chromedp.SetValue(chromedp.CSS("#name"), "Maria Schulz"),
		chromedp.SetValue(chromedp.CSS("#role"), "planner"),
		chromedp.Click(chromedp.CSS("#scope-spaces")),
		chromedp.Click(chromedp.CSS("form.edit > button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("#spaces-err")),
	))
	if got := text(".error-summary"); !strings.Contains(got, "mindestens einen Sozialraum") {
		t.Errorf("error summary: %q", got)
	}
	checkA11y(t, ctx, must, "Neues Konto mit Fehlern")
	// The space is found by the name a person reads.
	west, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll("#spaces label")].find(l => l.textContent.trim().startsWith("West")).querySelector("input").value`))
	must("find West", err)
	must("choose West and create", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#spaces input[value="`+west+`"]`)),
		chromedp.Click(chromedp.CSS("form.edit > button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("#initial-password")),
	))
	initial := text("#initial-password")
	if len(initial) != 19 {
		t.Fatalf("initial password %q", initial)
	}
	checkA11y(t, ctx, must, "Konto angelegt")

	grantForm := `form[action="/admin/konten/m.schulz/berechtigungen"]`
	must("open the account", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`main a[href="/admin/konten/m.schulz"]`)),
		chromedp.WaitVisible(chromedp.CSS(grantForm)),
	))
	if got := text("table.grants"); !strings.Contains(got, "Sozialräume West west") {
		t.Errorf("grant by space name: %q", got)
	}
	checkA11y(t, ctx, must, "Konto")
	must("grant the Diakonie's spaces", chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS(grantForm+" #role"), "provider_lead"),
		chromedp.Click(chromedp.CSS(grantForm+" #scope-provider")),
		chromedp.SetValue(chromedp.CSS(grantForm+" #provider"), "diakonie"),
		chromedp.Click(chromedp.CSS(grantForm+" > button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(`p.ok[role=status]`)),
	))
	if got := text("table.grants"); !strings.Contains(got, "Träger Diakonie diakonie") || !strings.Contains(got, "Trägerleitung") {
		t.Errorf("provider grant: %q", got)
	}
	must("end it today", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("table.grants tbody tr:nth-child(2) form button")),
		chromedp.WaitVisible(chromedp.CSS("table.grants tr.ended")),
	))
	if got := text("p.ok"); got != "Die Berechtigung ist beendet." {
		t.Errorf("after ending: %q", got)
	}
	if got := text("table.grants tbody tr:nth-child(2)"); !strings.Contains(got, "beendet") {
		t.Errorf("ended grant: %q", got)
	}

	// Sign out through the form in the (folded) account menu.
	_, err = chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('form[action="/abmelden"]').requestSubmit(); true`))
	must("sign out", err)
	must("sign in as the new person", chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.CSS(`header a[href^="/anmelden"]`)),
		chromedp.Navigate(ts.URL+"/anmelden?weiter=/atlas/pruefung"),
		chromedp.WaitVisible(chromedp.CSS("#login")),
		chromedp.SetValue(chromedp.CSS("#login"), "m.schulz"),
		chromedp.SetValue(chromedp.CSS("#password"), initial),
		chromedp.Click(chromedp.CSS("form.signin button")),
		chromedp.WaitVisible(chromedp.CSS("#current_password")),
	))
	checkA11y(t, ctx, must, "Passwort ändern")
	must("choose her own password", chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS("#current_password"), initial),
		chromedp.SetValue(chromedp.CSS("#new_password"), "Lindenweg-Elterncafe-2025"),
		chromedp.SetValue(chromedp.CSS("#new_password2"), "Lindenweg-Elterncafe-2025"),
		chromedp.Click(chromedp.CSS("form.signin button")),
		chromedp.WaitNotPresent(chromedp.CSS("#current_password")),
	))
	loc, err := chromedp.Run(ctx, chromedp.Location())
	must("location", err)
	if !strings.HasSuffix(loc, "/atlas/pruefung") {
		t.Errorf("after the change: %s", loc)
	}
	// The form sent back with its error answers 400, which Chromium
	// reports once; nothing else may appear.
	var unexpected []string
	refused := 0
	for _, p := range problems() {
		if strings.Contains(p, "the server responded with a status of 400") {
			refused++
			continue
		}
		unexpected = append(unexpected, p)
	}
	if len(unexpected) > 0 || refused != 1 {
		t.Errorf("console errors: %v (%d answers 400, want 1)", unexpected, refused)
	}
}
