package access

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/testcity"
)

// verifiedFailures counts the audited failed sign-ins of login: every
// password that was actually checked leaves one.
func verifiedFailures(t *testing.T, a *env, login string) int {
	t.Helper()
	es, err := a.log.Entries(opCtx(), quartier.AuditFilter{Action: "signin", Login: login, Limit: 10000})
	if err != nil {
		t.Fatal(err)
	}
	return testcity.Outcomes(es, quartier.OutcomeFailed)
}

// burst sends n wrong passwords for login from remote at once.
func burst(a *env, login, remote string, n int) {
	ctx := audit.WithRemote(context.Background(), remote)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a.SignIn(ctx, login, "falsch-falsch-falsch", "x")
		}()
	}
	wg.Wait()
}

// TestSignInBurstIsCountedBeforeVerifying: guesses sent in parallel are
// counted before their password is checked, so a burst gets no more
// verifications than guesses sent one by one would.
func TestSignInBurstIsCountedBeforeVerifying(t *testing.T) {
	a, _ := authApp(t)
	mkAccount(t, a, "anna", quartier.RoleASD, quartier.Scope{Kind: quartier.ScopeAll})
	// A gate of its own counts this test's hashes only, and waits as long
	// as it takes: on a slow machine the burst's third check must not be
	// turned away instead of checked.
	a.hashes = newHashGate(HashSlots, hashQueue, time.Hour)
	burst(a, "anna", "198.51.100.9", 24)
	if n := verifiedFailures(t, a, "anna"); n != pairFree {
		t.Fatalf("a burst of 24 guesses had %d passwords checked, want %d", n, pairFree)
	}
	// Unknown accounts are counted alike (no enumeration by the throttle).
	burst(a, "niemand", "198.51.100.10", 24)
	if n := verifiedFailures(t, a, "niemand"); n != pairFree {
		t.Fatalf("a burst against an unknown login had %d passwords checked, want %d", n, pairFree)
	}
	if n := a.hashes.runs.Load(); n != 2*pairFree {
		t.Fatalf("%d argon2id computations for two bursts, want %d", n, 2*pairFree)
	}
}

// TestAttackerCannotLockOutOwner: after a burst from one address and
// guesses from many, the owner signs in with the right password at once,
// from an address she used before and from a new one.
func TestAttackerCannotLockOutOwner(t *testing.T) {
	a, c := authApp(t)
	mkAccount(t, a, "anna", quartier.RoleASD, quartier.Scope{Kind: quartier.ScopeAll})
	office := audit.WithRemote(context.Background(), "192.0.2.50")
	if _, err := a.SignIn(office, "anna", goodPassword, "x"); err != nil {
		t.Fatal(err)
	}
	burst(a, "anna", "198.51.100.9", 24)
	for i := range 12 { // a botnet: two guesses from each of 12 addresses
		ctx := audit.WithRemote(context.Background(), "203.0.113."+strconv.Itoa(i+1))
		for range 2 {
			a.SignIn(ctx, "anna", "falsch-falsch-falsch", "x")
		}
	}
	// Once the account counts accountFree failures from unknown
	// addresses, each further address gets one guess.
	if n := verifiedFailures(t, a, "anna"); n > accountFree+12 {
		t.Fatalf("the botnet had %d passwords checked, want at most %d", n, accountFree+12)
	}
	if _, err := a.SignIn(office, "anna", goodPassword, "x"); err != nil {
		t.Fatalf("owner at her usual address: %v", err)
	}
	if _, err := a.SignIn(audit.WithRemote(context.Background(), "192.0.2.77"), "anna", goodPassword, "x"); err != nil {
		t.Fatalf("owner at a new address: %v", err)
	}
	// Under attack, a new address that already failed waits, but never
	// longer than the longest backoff counted from its own last attempt.
	home := audit.WithRemote(context.Background(), "192.0.2.99")
	a.SignIn(home, "anna", "vertippt-vertippt", "x")
	if _, err := a.SignIn(home, "anna", goodPassword, "x"); quartier.ErrorCode(err) != quartier.ETOOMANY {
		t.Fatalf("a failed new address under attack is not slowed: %v", err)
	}
	c.t = c.t.Add(maxBackoff)
	burst(a, "anna", "198.51.100.200", 3) // the attack goes on
	if _, err := a.SignIn(home, "anna", goodPassword, "x"); err != nil {
		t.Fatalf("owner after the longest backoff: %v", err)
	}
}

// TestThrottledSignInsAreTallied: a client hammering a throttled login
// grows the append-only log by a bounded number of entries, which still
// count every attempt; each checked password keeps its own entry.
func TestThrottledSignInsAreTallied(t *testing.T) {
	a, _ := authApp(t)
	mkAccount(t, a, "anna", quartier.RoleASD, quartier.Scope{Kind: quartier.ScopeAll})
	ctx := audit.WithRemote(context.Background(), "198.51.100.9")
	for range 3 {
		a.SignIn(ctx, "anna", "falsch-falsch-falsch", "x")
	}
	for range 500 {
		if _, err := a.SignIn(ctx, "anna", "falsch-falsch-falsch", "x"); quartier.ErrorCode(err) != quartier.ETOOMANY {
			t.Fatalf("not throttled: %v", err)
		}
	}
	es, err := a.log.Entries(opCtx(), quartier.AuditFilter{Login: "anna", Limit: 10000})
	if err != nil {
		t.Fatal(err)
	}
	var refused []quartier.AuditEntry
	failed := 0
	for _, e := range es {
		switch {
		case e.Outcome == quartier.OutcomeFailed:
			failed++
		case e.Outcome == quartier.OutcomeDenied && strings.HasPrefix(e.Action, "signin"):
			refused = append(refused, e)
		}
	}
	if failed != 3 {
		t.Errorf("%d checked passwords audited, want 3", failed)
	}
	if len(refused) != 2 || !strings.Contains(refused[1].Detail, "499 weitere") {
		t.Fatalf("500 throttled attempts wrote %d entries: %+v", len(refused), refused[:min(len(refused), 3)])
	}

	// Spraying ever new logins from one address makes no new kinds of entry.
	spray := audit.WithRemote(context.Background(), "198.51.100.77")
	for i := range addressFree + 500 {
		a.SignIn(spray, "konto-"+strconv.Itoa(i), "falsch-falsch-falsch", "x")
	}
	es, err = a.log.Entries(opCtx(), quartier.AuditFilter{Action: "signin.throttled", Limit: 10000})
	if err != nil {
		t.Fatal(err)
	}
	refused = slices.DeleteFunc(es, func(e quartier.AuditEntry) bool { return e.Remote != "198.51.100.77" })
	if len(refused) != 2 || !strings.Contains(refused[1].Detail, "499 weitere") {
		t.Fatalf("500 sprayed attempts wrote %d entries: %+v", len(refused), refused[:min(len(refused), 3)])
	}
}
