package access

import (
	"context"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
)

// fillGate takes all of g's memory, as running hashes would, until the
// returned release is called.
func fillGate(t *testing.T, g *hashGate) (release func()) {
	t.Helper()
	if err := g.Enter(context.Background(), g.Capacity()); err != nil {
		t.Fatal(err)
	}
	return func() { g.Leave(g.Capacity()) }
}

// TestHashGateBoundsHashing: while the gate is full, requests wait in a
// short queue; beyond it they are told at once to try again, never
// hashing. Every place that runs argon2id goes through the gate.
func TestHashGateBoundsHashing(t *testing.T) {
	a, _ := authApp(t)
	mkAccount(t, a, "anna", quartier.RoleASD, quartier.Scope{Kind: quartier.ScopeAll})
	a.hashes = newHashGate(2, 3, time.Hour)
	release := fillGate(t, a.hashes)

	// Three wait in the queue (from addresses of their own, so that the
	// throttle lets each through).
	var wg sync.WaitGroup
	queued := make([]error, 3)
	for i := range queued {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, queued[i] = a.SignIn(audit.WithRemote(context.Background(), "203.0.113."+strconv.Itoa(i+1)), "anna", "falsch-falsch-falsch", "x")
		}()
	}
	for a.hashes.Waiting() < 3 {
		runtime.Gosched()
	}
	// The queue is full: a known account, an unknown one and a new
	// password are all refused at once, with a German "try again".
	busy := []error{}
	_, err := a.SignIn(audit.WithRemote(context.Background(), "203.0.113.10"), "anna", goodPassword, "x")
	busy = append(busy, err)
	_, err = a.SignIn(audit.WithRemote(context.Background(), "203.0.113.11"), "niemand", goodPassword, "x")
	busy = append(busy, err)
	_, err = a.CreateUser(opCtx(), CreateUserRequest{Login: "bert", Name: "Bert", Password: goodPassword, Role: quartier.RolePlanner})
	busy = append(busy, err)
	for i, err := range busy {
		if quartier.ErrorCode(err) != quartier.ETOOMANY || RetryAfter(err) <= 0 || !strings.Contains(quartier.ErrorMessage(err), "erneut versuchen") {
			t.Errorf("request %d with a full gate: %v (retry after %v)", i, err, RetryAfter(err))
		}
	}
	if n := a.hashes.runs.Load(); n != 0 {
		t.Fatalf("%d hashes ran in a full gate", n)
	}
	release()
	wg.Wait()
	for i, err := range queued {
		if quartier.ErrorCode(err) != quartier.EUNAUTH {
			t.Errorf("queued sign-in %d: %v", i, err)
		}
	}
	if n := a.hashes.runs.Load(); n != 3 {
		t.Fatalf("%d hashes ran for 3 queued sign-ins", n)
	}
	// Refused attempts were not counted against the owner: she signs in
	// from the address that was turned away.
	if _, err := a.SignIn(audit.WithRemote(context.Background(), "203.0.113.10"), "anna", goodPassword, "x"); err != nil {
		t.Fatalf("after the rush: %v", err)
	}
	entries, err := a.log.Entries(opCtx(), quartier.AuditFilter{Action: "signin.busy"})
	if err != nil || len(entries) != 2 {
		t.Fatalf("refusals audited: %+v %v", entries, err)
	}

	// A queued request waits no longer than the gate's wait.
	a.hashes = newHashGate(1, 1, time.Millisecond)
	release = fillGate(t, a.hashes)
	defer release()
	if _, err := a.SignIn(audit.WithRemote(context.Background(), "203.0.113.20"), "anna", goodPassword, "x"); quartier.ErrorCode(err) != quartier.ETOOMANY {
		t.Fatalf("wait not bounded: %v", err)
	}
}

// TestHashGateWeighsMemory: a hash stored with more memory than the
// default takes more of the gate.
func TestHashGateWeighsMemory(t *testing.T) {
	g := newHashGate(4, 0, time.Millisecond)
	big := make(chan struct{})
	done := make(chan error)
	go func() {
		done <- g.run(context.Background(), 3*64*1024, func() { <-big })
	}()
	for g.runs.Load() < 1 {
		runtime.Gosched()
	}
	if err := g.run(context.Background(), 2*64*1024, func() {}); err != errHashBusy {
		t.Fatalf("two default hashes' worth admitted next to three: %v", err)
	}
	if err := g.run(context.Background(), 64*1024, func() {}); err != nil {
		t.Fatalf("the fourth slot: %v", err)
	}
	close(big)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
