package access

import (
	"context"
	"testing"

	"github.com/quartier/quartier"
)

var planningRules = []RoleRule{
	{Claim: "groups", Value: "jugendamt-planung", Role: quartier.RolePlanner},
	{Claim: "groups", Value: "jugendamt-controlling", Role: quartier.RoleController},
}

func oidcIdentity(groups ...string) ExternalIdentity {
	gs := make([]any, len(groups))
	for i, g := range groups {
		gs[i] = g
	}
	return ExternalIdentity{Issuer: "https://idp.stadt.example", Subject: "u-4711", Login: "m.schulz", Name: "Maria Schulz", Claims: map[string]any{"groups": gs}}
}

// activeRoles lists the roles of the user's grants in force now.
func activeRoles(t *testing.T, a *env, login string) map[quartier.Role]string {
	t.Helper()
	out := map[quartier.Role]string{}
	err := a.store.View(context.Background(), func(tx Tx) error {
		u, err := tx.UserByLogin(context.Background(), login)
		if err != nil {
			return err
		}
		gs, err := tx.Grants(context.Background(), u.ID)
		for _, g := range gs {
			if g.ValidAt(a.now()) {
				out[g.Role] = g.Source
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestIdentityProviderGrantsFollowClaims(t *testing.T) {
	a := newEnv(t, nil, nil)
	ctx := context.Background()
	if _, err := a.SignInExternal(ctx, oidcIdentity("jugendamt-planung", "jugendamt-controlling"), planningRules, "test"); err != nil {
		t.Fatal(err)
	}
	if got := activeRoles(t, a, "m.schulz"); len(got) != 2 {
		t.Fatalf("after first sign-in: %v", got)
	}
	// A grant made in Quartier stays whatever the claims say.
	if err := a.Grant(opCtx(), "m.schulz", quartier.Grant{Role: quartier.RoleASD, Scope: quartier.Scope{Kind: quartier.ScopeAll}, ValidFrom: a.today()}); err != nil {
		t.Fatal(err)
	}
	// She left the controlling group at the municipality.
	if _, err := a.SignInExternal(ctx, oidcIdentity("jugendamt-planung"), planningRules, "test"); err != nil {
		t.Fatal(err)
	}
	got := activeRoles(t, a, "m.schulz")
	if _, ok := got[quartier.RoleController]; ok || got[quartier.RolePlanner] != quartier.GrantFromIdentityProvider || len(got) != 2 {
		t.Fatalf("after leaving a group: %v, want planner (oidc) and the local ASD grant", got)
	}
	if n := countAudit(t, a, "grant.end"); n != 1 {
		t.Fatalf("%d grant.end entries, want 1", n)
	}
	// No group left: refused, and the provider's grants end too.
	if _, err := a.SignInExternal(ctx, oidcIdentity(), planningRules, "test"); quartier.ErrorCode(err) != quartier.EFORBIDDEN {
		t.Fatalf("sign-in without a matching claim: %v", err)
	}
	got = activeRoles(t, a, "m.schulz")
	if len(got) != 1 || got[quartier.RoleASD] != "" {
		t.Fatalf("after leaving all groups: %v, want only the local ASD grant", got)
	}
}

func TestIdentityProviderCannotTakeOverLocalAccount(t *testing.T) {
	a := newEnv(t, nil, nil)
	if _, err := a.CreateUser(opCtx(), CreateUserRequest{Login: "m.schulz", Name: "Lokale Admin", Password: "Sozialraum-Weimar-2024!", Role: quartier.RoleAdmin}); err != nil {
		t.Fatal(err)
	}
	_, err := a.SignInExternal(context.Background(), oidcIdentity("jugendamt-planung"), planningRules, "test")
	if quartier.ErrorCode(err) != quartier.ECONFLICT {
		t.Fatalf("provider user with a local login: %v, want conflict", err)
	}
	if got := activeRoles(t, a, "m.schulz"); len(got) != 1 || got[quartier.RoleAdmin] != "" {
		t.Fatalf("local account's grants changed: %v", got)
	}
	es, err := a.log.Entries(opCtx(), quartier.AuditFilter{Action: "signin.oidc", Limit: 10})
	if err != nil || len(es) != 1 || es[0].Outcome != quartier.OutcomeDenied {
		t.Fatalf("refusal not audited: %+v %v", es, err)
	}
	// Another subject of the same provider cannot use an account created
	// for the first one either.
	other := oidcIdentity("jugendamt-planung")
	other.Login, other.Subject = "k.weber", "u-1"
	if _, err := a.SignInExternal(context.Background(), other, planningRules, "test"); err != nil {
		t.Fatal(err)
	}
	other.Subject = "u-2"
	if _, err := a.SignInExternal(context.Background(), other, planningRules, "test"); quartier.ErrorCode(err) != quartier.ECONFLICT {
		t.Fatalf("second subject on the first one's account: %v", err)
	}
}
