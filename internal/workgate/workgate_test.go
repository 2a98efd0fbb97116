package workgate

import (
	"context"
	"testing"
	"time"

	"github.com/quartier/quartier"
)

// TestGate: places up to the capacity (a heavy weight takes all of them),
// then a bounded queue, then the busy error with its Retry-After at once.
func TestGate(t *testing.T) {
	busy := Busy(3*time.Second, "Bitte später.")
	g := New(2, 1, time.Hour, busy)
	ctx := context.Background()
	for range 2 {
		if err := g.Enter(ctx, 1); err != nil {
			t.Fatal(err)
		}
	}
	queued := make(chan error)
	go func() { queued <- g.Enter(ctx, 1) }()
	for g.Waiting() < 1 {
		time.Sleep(time.Millisecond)
	}
	if err := g.Enter(ctx, 1); err != busy || RetryAfter(err) != 3*time.Second || quartier.ErrorCode(err) != quartier.ETOOMANY {
		t.Fatalf("beyond places and queue: %v (retry after %v)", err, RetryAfter(err))
	}
	g.Leave(1)
	if err := <-queued; err != nil {
		t.Fatalf("the queued caller: %v", err)
	}
	g.Leave(1)
	g.Leave(1)
	if err := g.Enter(ctx, 99); err != nil { // clamped: runs alone
		t.Fatal(err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := g.Enter(cctx, 1); err != busy {
		t.Fatalf("a caller gone while the gate is full: %v", err)
	}
	g.Leave(99)
	if RetryAfter(quartier.Errorf(quartier.ETOOMANY, "x")) != 0 {
		t.Fatal("an error that does not say has a Retry-After")
	}
}
