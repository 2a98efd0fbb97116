package access

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
)

// An API token reads what its owner may read of the public data and the
// monitoring figures, within her spaces, and nothing else: not the
// atlas edits, the budgets or the accounts her roles give.
func TestAPITokenGivesOnlyReads(t *testing.T) {
	a, c := authApp(t)
	mkAccount(t, a, "planer", quartier.RolePlanner, quartier.Scope{Kind: quartier.ScopeSpaces, Spaces: []quartier.SpaceCode{"west"}})
	mkAccount(t, a, "admin", quartier.RoleAdmin, quartier.Scope{Kind: quartier.ScopeAll})
	owner := quartier.WithActor(audit.WithRemote(context.Background(), "192.0.2.7"), signIn(t, a, "planer"))
	token, k, err := a.CreateAPIToken(owner, "QGIS Planung", 30, Reauth{Password: goodPassword})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(token, tokenPrefix) || k.TokenHash == "" || strings.Contains(k.TokenHash, token) {
		t.Fatalf("token %q, stored hash %q", token, k.TokenHash)
	}
	actor, err := a.AuthenticateToken(context.Background(), token)
	if err != nil {
		t.Fatal(err)
	}
	if actor.TokenID != k.ID || actor.Login != "planer" {
		t.Fatalf("actor %+v", actor)
	}
	full := signIn(t, a, "planer")
	for _, p := range []quartier.Permission{quartier.PermManageIndicators, quartier.PermPublishIndicators, quartier.PermEditAtlas, quartier.PermExport, quartier.PermReadBudgets} {
		if !full.Can(p) {
			t.Fatalf("the planner's session should have %s (test assumption)", p)
		}
		if actor.Can(p) {
			t.Errorf("token gives %s", p)
		}
	}
	if !actor.CanInSpace(quartier.PermReadIndicators, "west") || actor.CanInSpace(quartier.PermReadIndicators, "ost") {
		t.Error("token reads indicators outside the owner's spaces, or not inside them")
	}
	if actor.EditsIn("west") || actor.CanEditEntry("west", "") {
		t.Error("token edits the atlas")
	}
	// A token does not make tokens, nor revoke them.
	tctx := quartier.WithActor(context.Background(), actor)
	if _, _, err := a.CreateAPIToken(tctx, "weiter", 1, Reauth{Password: goodPassword}); quartier.ErrorCode(err) != quartier.EUNAUTH {
		t.Errorf("token made a token: %v", err)
	}
	if err := a.RevokeAPIToken(tctx, k.ID); quartier.ErrorCode(err) != quartier.EUNAUTH {
		t.Errorf("token revoked itself: %v", err)
	}
	// Its reads are told apart in the audit log.
	if _, scope := quartier.DescribeActor(actor); !strings.Contains(scope, "API-Schlüssel") {
		t.Errorf("audit scope %q does not name the token", scope)
	}
	if n := countAudit(t, a, "apitoken.create"); n != 1 {
		t.Errorf("%d audit entries for the creation", n)
	}

	// Expiry, locking and revocation each end it.
	c.t = c.t.AddDate(0, 0, 30)
	if _, err := a.AuthenticateToken(context.Background(), token); quartier.ErrorCode(err) != quartier.EUNAUTH || !strings.Contains(quartier.ErrorMessage(err), "abgelaufen") {
		t.Errorf("expired token: %v", err)
	}
	c.t = c.t.AddDate(0, 0, -29)
	admin := quartier.WithActor(context.Background(), signIn(t, a, "admin"))
	if err := a.LockUser(admin, "planer"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.AuthenticateToken(context.Background(), token); quartier.ErrorCode(err) != quartier.EUNAUTH {
		t.Errorf("token of a locked account: %v", err)
	}
	if err := a.UnlockUser(admin, "planer"); err != nil {
		t.Fatal(err)
	}
	// The lock revoked it: it does not come back with the unlock.
	if _, err := a.AuthenticateToken(context.Background(), token); quartier.ErrorCode(err) != quartier.EUNAUTH {
		t.Fatalf("after unlocking: %v", err)
	}
	owner = quartier.WithActor(context.Background(), signIn(t, a, "planer"))
	token, k, err = a.CreateAPIToken(owner, "QGIS Planung", 30, Reauth{Password: goodPassword})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.RevokeAPIToken(owner, k.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := a.AuthenticateToken(context.Background(), token); quartier.ErrorCode(err) != quartier.EUNAUTH {
		t.Errorf("revoked token: %v", err)
	}
	// Someone else's token cannot be revoked by guessing its number.
	_, k2, err := a.CreateAPIToken(owner, "zweiter", 1, Reauth{Password: goodPassword})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.RevokeAPIToken(admin, k2.ID); quartier.ErrorCode(err) != quartier.ENOTFOUND {
		t.Errorf("admin revoked the planner's token: %v", err)
	}
	for _, bad := range []string{"", "qrt_", "qrt_AAAA", "abc"} {
		if _, err := a.AuthenticateToken(context.Background(), bad); quartier.ErrorCode(err) != quartier.EUNAUTH {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func TestAPITokenInput(t *testing.T) {
	a, _ := authApp(t)
	mkAccount(t, a, "planer", quartier.RolePlanner, quartier.Scope{Kind: quartier.ScopeAll})
	owner := quartier.WithActor(context.Background(), signIn(t, a, "planer"))
	for _, tc := range []struct {
		name  string
		days  int
		field string
	}{{"", 30, "name"}, {strings.Repeat("x", 81), 30, "name"}, {"QGIS", 0, "days"}, {"QGIS", quartier.MaxTokenDays + 1, "days"}} {
		_, _, err := a.CreateAPIToken(owner, tc.name, tc.days, Reauth{Password: goodPassword})
		var qe *quartier.Error
		if quartier.ErrorCode(err) != quartier.EINVALID || !errors.As(err, &qe) || len(qe.Problems) == 0 || qe.Problems[0].Code != tc.field {
			t.Errorf("name %q days %d: %v", tc.name, tc.days, err)
		}
	}
	if _, _, err := a.CreateAPIToken(context.Background(), "QGIS", 30, Reauth{Password: goodPassword}); quartier.ErrorCode(err) != quartier.EUNAUTH {
		t.Errorf("anonymous: %v", err)
	}
	// Whoever holds the session proves to be its owner first.
	for _, proof := range []Reauth{{}, {Password: "falsch-falsch-falsch"}, {Code: "000000"}} {
		if _, _, err := a.CreateAPIToken(owner, "QGIS", 30, proof); quartier.ErrorCode(err) != quartier.EUNAUTH && quartier.ErrorCode(err) != quartier.ETOOMANY {
			t.Errorf("token without proof %+v: %v", proof, err)
		}
	}
	list, err := a.OwnAPITokens(owner)
	if err != nil || len(list) != 0 {
		t.Fatalf("nothing written on bad input: %v %v", list, err)
	}
}

// A session someone took over can make a token. Signing out everywhere
// and a password reset by the administration must end what that person
// can do, so they revoke the tokens too; a token of the same owner made
// afterwards works.
func TestAPITokenEndsWithTakeover(t *testing.T) {
	a, _ := authApp(t)
	mkAccount(t, a, "planer", quartier.RolePlanner, quartier.Scope{Kind: quartier.ScopeAll})
	mkAccount(t, a, "admin", quartier.RoleAdmin, quartier.Scope{Kind: quartier.ScopeAll})
	admin := quartier.WithActor(context.Background(), signIn(t, a, "admin"))
	// A token itself cannot sign its owner out everywhere.
	first := quartier.WithActor(context.Background(), signIn(t, a, "planer"))
	token, _, err := a.CreateAPIToken(first, "QGIS", 30, Reauth{Password: goodPassword})
	if err != nil {
		t.Fatal(err)
	}
	actor, err := a.AuthenticateToken(context.Background(), token)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.SignOutEverywhere(quartier.WithActor(context.Background(), actor)); quartier.ErrorCode(err) != quartier.EUNAUTH {
		t.Errorf("a token signed out everywhere: %v", err)
	}
	for _, end := range []struct {
		name string
		do   func(owner context.Context) error
	}{
		{"überall abmelden", func(owner context.Context) error { return a.SignOutEverywhere(owner) }},
		{"Passwort zurückgesetzt", func(context.Context) error { _, err := a.ResetPassword(admin, "planer"); return err }},
	} {
		owner := quartier.WithActor(context.Background(), signIn(t, a, "planer"))
		token, _, err := a.CreateAPIToken(owner, "von jemand anderem", 30, Reauth{Password: goodPassword})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.AuthenticateToken(context.Background(), token); err != nil {
			t.Fatal(err)
		}
		if err := end.do(owner); err != nil {
			t.Fatalf("%s: %v", end.name, err)
		}
		if _, err := a.AuthenticateToken(context.Background(), token); quartier.ErrorCode(err) != quartier.EUNAUTH {
			t.Errorf("%s: the token still opens: %v", end.name, err)
		}
	}
}
