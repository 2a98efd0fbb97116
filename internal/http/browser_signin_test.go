package http

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/quartier/quartier/internal/totp"
)

// TestBrowserSignIn signs in with password and TOTP in headless Chromium,
// sees the account page, and signs out.
func TestBrowserSignIn(t *testing.T) {
	exe := chromium(t)
	ts, _ := accountServer(t)
	ctx, cancel := browser(t, exe)
	defer cancel()

	code := func() string {
		c, _ := totp.Code(totpSecrets["u-dpo"], time.Now())
		return c
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/admin/protokoll"), // protected: sends us to sign in
		chromedp.WaitVisible(chromedp.CSS("#login")),
		chromedp.SetValue(chromedp.CSS("#login"), "u-dpo"),
		chromedp.SetValue(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS("form.signin button")),
		chromedp.WaitVisible(chromedp.CSS("#code")),
	); err != nil {
		t.Fatalf("password step: %v", err)
	}
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS("#code"), code()),
		chromedp.Click(chromedp.CSS("form.signin button")),
		chromedp.WaitVisible(chromedp.CSS("table.audit")),
	); err != nil {
		t.Fatalf("code step: %v", err)
	}
	page, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if err != nil || !strings.Contains(page, "Protokoll") || !strings.Contains(page, "signin") {
		t.Fatalf("audit page after sign-in: %v %.300s", err, page)
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("li.account summary")), // the person's own menu holds "Abmelden"
		chromedp.Click(chromedp.CSS("form.inline button")),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/anmelden"]`)),
	); err != nil {
		t.Fatalf("sign out: %v", err)
	}
	// The old page is closed now.
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/admin/protokoll"), chromedp.WaitVisible(chromedp.CSS("#login"))); err != nil {
		t.Fatalf("after sign-out: %v", err)
	}
}

// TestBrowserOIDC signs in through the identity provider's own login page
// in headless Chromium and signs out.
func TestBrowserOIDC(t *testing.T) {
	exe := chromium(t)
	_, qSrv, _ := oidcServers(t)
	ctx, cancel := browser(t, exe)
	defer cancel()
	if err := chromedp.Do(ctx,
		chromedp.Navigate(qSrv.URL+"/anmelden?weiter=/konto"),
		chromedp.Click(chromedp.CSS("p.oidc a")),
		chromedp.WaitVisible(chromedp.CSS(`input[name="username"]`)),
		chromedp.SetValue(chromedp.CSS(`input[name="username"]`), "test-user2"),
		chromedp.SetValue(chromedp.CSS(`input[name="password"]`), "verysecure"),
		chromedp.Submit(chromedp.CSS(`input[name="password"]`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/konto/ueberall-abmelden"]`)),
	); err != nil {
		t.Fatalf("OIDC sign-in: %v", err)
	}
	page, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if err != nil || !strings.Contains(page, "Jugendhilfeplanung") {
		t.Fatalf("account page: %v %.300s", err, page)
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("li.account summary")), // the person's own menu holds "Abmelden"
		chromedp.Click(chromedp.CSS("form.inline button")),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/anmelden"]`)),
	); err != nil {
		t.Fatalf("sign out: %v", err)
	}
}

// browser starts headless Chromium with the flags a root CI needs.
func browser(t *testing.T, exe string) (context.Context, context.CancelFunc) {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.Headless, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1200, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	return ctx, func() { cancelTimeout(); cancelCtx(); cancelAlloc() }
}
