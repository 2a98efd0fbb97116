package http

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/totp"
)

// TestSecondFactorReplaceNeedsReauth: a signed-in session cannot replace
// an enrolled second factor without the current password or a current
// code of the old one; refusals and replacements are audited.
func TestSecondFactorReplaceNeedsReauth(t *testing.T) {
	set := weimarApp(t)
	ts, srv := accountServerOn(t, set)
	c := client(t)
	login(t, ts, c, "u-dpo")
	old := totpSecrets["u-dpo"]
	newSecret := func() string {
		_, body := fetch(t, c, ts.URL+"/konto/zweiter-faktor")
		m := regexp.MustCompile(`name="secret" value="([^"]+)"`).FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no enrolment form:\n%.500s", body)
		}
		return m[1]
	}
	replace := func(form url.Values) *http.Response {
		secret := newSecret()
		code, _ := totp.Code(secret, time.Now())
		form.Set("secret", secret)
		form.Set("code", code)
		return postForm(t, c, ts.URL+"/konto/zweiter-faktor", form, "")
	}
	if resp := replace(url.Values{}); resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("replaced without re-authentication: %d", resp.StatusCode)
	}
	if resp := replace(url.Values{"password": {"falsch-falsch-falsch"}}); resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("replaced with a wrong password: %d", resp.StatusCode)
	}
	secret := func() string {
		var u *quartier.User
		err := set.Store.View(context.Background(), func(tx quartier.Tx) (err error) {
			u, err = tx.UserByLogin(context.Background(), "u-dpo")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return u.TOTPSecret
	}
	if secret() != old {
		t.Fatal("the second factor changed after refusals")
	}
	if resp := replace(url.Values{"password": {testPassword}}); resp.StatusCode != http.StatusOK || secret() == old {
		t.Fatalf("replaced with the password: %d", resp.StatusCode)
	}
	next, _ := totp.Code(old, time.Now().Add(30*time.Second)) // the sign-ins used this step's
	if resp := replace(url.Values{"current_code": {next}}); resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("a code of the replaced factor was accepted: %d", resp.StatusCode)
	}

	entries, err := srv.audit.Entries(quartier.WithActor(context.Background(), quartier.Operator()), quartier.AuditFilter{Action: "totp.replace"})
	if err != nil {
		t.Fatal(err)
	}
	var outcomes []string
	for _, e := range entries {
		outcomes = append(outcomes, e.Outcome)
	}
	if strings.Join(outcomes, ",") != "failed,failed,ok,failed" {
		t.Fatalf("audit of replacements: %v", outcomes)
	}
}
