package access

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/totp"
)

// TestSecondFactorChangeNeedsReauth: a voluntary enrolment and every
// replacement want the password or a current code of the old factor, the
// proofs are throttled like sign-ins; only the enrolment a role forces
// goes without.
func TestSecondFactorChangeNeedsReauth(t *testing.T) {
	a, c := authApp(t)
	mkAccount(t, a, "anna", quartier.RolePlanner, quartier.Scope{Kind: quartier.ScopeAll})
	ctx := quartier.WithActor(audit.WithRemote(context.Background(), "192.0.2.7"), signIn(t, a, "anna"))
	confirm := func(proof Reauth) (string, error) {
		t.Helper()
		e, err := a.StartTOTP(ctx)
		if err != nil {
			t.Fatal(err)
		}
		code, _ := totp.Code(e.Secret, c.t)
		_, err = a.ConfirmTOTP(ctx, e.Secret, code, proof)
		return e.Secret, err
	}
	if e, _ := a.StartTOTP(ctx); !e.Reauth || e.Replacing {
		t.Fatalf("voluntary enrolment: %+v", e)
	}
	if _, err := confirm(Reauth{}); quartier.ErrorCode(err) != quartier.EUNAUTH {
		t.Fatalf("enrolled without the password: %v", err)
	}
	first, err := confirm(Reauth{Password: goodPassword})
	if err != nil {
		t.Fatal(err)
	}
	if e, _ := a.StartTOTP(ctx); !e.Reauth || !e.Replacing {
		t.Fatalf("replacement: %+v", e)
	}
	c.t = c.t.Add(30 * time.Second)
	current, _ := totp.Code(first, c.t)
	second, err := confirm(Reauth{Code: current})
	if err != nil {
		t.Fatalf("replaced with a current code: %v", err)
	}
	// Guessing the password through this form is throttled like sign-in.
	for range pairFree {
		if _, err := confirm(Reauth{Password: "falsch-falsch-falsch"}); quartier.ErrorCode(err) != quartier.EUNAUTH {
			t.Fatalf("wrong password: %v", err)
		}
	}
	if _, err := confirm(Reauth{Password: goodPassword}); quartier.ErrorCode(err) != quartier.ETOOMANY {
		t.Fatalf("proofs not throttled: %v", err)
	}
	var u *quartier.User
	a.store.View(ctx, func(tx Tx) (err error) { u, err = tx.UserByLogin(ctx, "anna"); return err })
	if u.TOTPSecret != second {
		t.Fatal("the factor changed without a proof")
	}
	es, err := a.log.Entries(opCtx(), quartier.AuditFilter{Action: "totp.replace"})
	if err != nil || len(es) != 4 || es[0].Outcome != quartier.OutcomeOK || es[1].Outcome != quartier.OutcomeFailed {
		t.Fatalf("replacements audited: %+v %v", es, err)
	}

	// The enrolment a role forces right after sign-in needs nothing more.
	a.totpRoles = []quartier.Role{quartier.RoleASD}
	mkAccount(t, a, "bert", quartier.RoleASD, quartier.Scope{Kind: quartier.ScopeAll})
	ctx = quartier.WithActor(context.Background(), signIn(t, a, "bert"))
	if !quartier.ActorFrom(ctx).EnrollTOTP {
		t.Fatal("enrolment not forced")
	}
	if _, err := confirm(Reauth{}); err != nil {
		t.Fatalf("forced enrolment: %v", err)
	}
}

// TestSecondFactorBurstIsCounted: codes sent in parallel after a correct
// password are counted before they are checked, like passwords.
func TestSecondFactorBurstIsCounted(t *testing.T) {
	a, c := authApp(t)
	mkAccount(t, a, "anna", quartier.RolePlanner, quartier.Scope{Kind: quartier.ScopeAll})
	ctx := audit.WithRemote(context.Background(), "198.51.100.9")
	actx := quartier.WithActor(ctx, signIn(t, a, "anna"))
	e, _ := a.StartTOTP(actx)
	code, _ := totp.Code(e.Secret, c.t)
	if _, err := a.ConfirmTOTP(actx, e.Secret, code, Reauth{Password: goodPassword}); err != nil {
		t.Fatal(err)
	}
	res, err := a.SignIn(ctx, "anna", goodPassword, "x")
	if err != nil || !res.NeedsSecondFactor {
		t.Fatalf("password step: %+v %v", res, err)
	}
	valid := map[string]bool{}
	for _, d := range []time.Duration{-30 * time.Second, 0, 30 * time.Second} {
		v, _ := totp.Code(e.Secret, c.t.Add(d))
		valid[v] = true
	}
	var wg sync.WaitGroup
	for i := range 20 {
		guess := fmt.Sprintf("%06d", i)
		if valid[guess] {
			guess = fmt.Sprintf("%06d", 100+i)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			a.VerifySecondFactor(ctx, res.Token, guess)
		}()
	}
	wg.Wait()
	es, err := a.log.Entries(opCtx(), quartier.AuditFilter{Action: "signin.second_factor"})
	if err != nil || len(es) != pairFree {
		t.Fatalf("20 parallel codes had %d checked, want %d: %v", len(es), pairFree, err)
	}
}
