package audit

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/testdb"
)

// brokenStore fails every write while broken is set, like a full disk.
type brokenStore struct {
	quartier.Store
	broken atomic.Bool
}

func (s *brokenStore) Update(ctx context.Context, fn func(quartier.Tx) error) error {
	if s.broken.Load() {
		return errors.New("disk full")
	}
	return s.Store.Update(ctx, fn)
}

func auditLog(t *testing.T, mode ReadMode) (*Log, *brokenStore) {
	t.Helper()
	st, _ := testdb.Open(t)
	bs := &brokenStore{Store: st}
	return New(bs, Options{Reads: mode}), bs
}

func opCtx() context.Context { return quartier.WithActor(context.Background(), quartier.Operator()) }

// read is a protected read as a use case records it (the account list).
func read(a *Log) error {
	return a.Read(opCtx(), Event{Action: "user.list", ObjectType: "user"})
}

func countAudit(t *testing.T, a *Log, action string) int {
	t.Helper()
	es, err := a.Entries(opCtx(), quartier.AuditFilter{Action: action, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return len(es)
}

func TestQueuedReadsAreWrittenByCloseAndFlush(t *testing.T) {
	a, _ := auditLog(t, ReadsQueued)
	for range 5 {
		if err := read(a); err != nil {
			t.Fatal(err)
		}
	}
	// The audit page flushes first, so all five reads are there at once.
	if n := countAudit(t, a, "user.list"); n != 5 {
		t.Fatalf("audit page shows %d of 5 reads", n)
	}
	for range 3 {
		if err := read(a); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if err := read(a); err == nil {
		t.Fatal("a closed log still answered a protected read")
	}
	var n int
	err := a.store.View(context.Background(), func(tx quartier.AuditTx) error {
		es, err := tx.AuditEntries(context.Background(), quartier.AuditFilter{Action: "user.list", Limit: 100})
		n = len(es)
		return err
	})
	if err != nil || n != 8 {
		t.Fatalf("after Close %d of 8 reads are in the log (%v)", n, err)
	}
}

func TestQueuedReadsFailClosedAndAreRetried(t *testing.T) {
	a, bs := auditLog(t, ReadsQueued)
	t.Cleanup(func() { a.Close() })
	bs.broken.Store(true)
	// Answered: the entry is queued before the writer finds the disk full.
	if err := read(a); err != nil {
		t.Fatal(err)
	}
	if err := a.Flush(context.Background()); err == nil {
		t.Fatal("flush reported success while the log cannot be written")
	}
	if err := read(a); quartier.ErrorCode(err) != quartier.EINTERNAL {
		t.Fatalf("protected read while the log is failing: %v, want refusal", err)
	}
	bs.broken.Store(false)
	deadline := time.Now().Add(10 * time.Second)
	for a.queue.failing.Load() {
		if time.Now().After(deadline) {
			t.Fatal("the writer did not recover")
		}
		time.Sleep(10 * time.Millisecond)
	}
	// The refused read left no entry; the answered one was retried.
	if n := countAudit(t, a, "user.list"); n != 1 {
		t.Fatalf("%d user.list entries, want the 1 answered read", n)
	}
	if rep, err := a.Verify(opCtx()); err != nil || rep.Broken != nil {
		t.Fatalf("chain after retry: %+v %v", rep, err)
	}
}

func TestCommittedReadsWaitForTheLog(t *testing.T) {
	a, bs := auditLog(t, ReadsCommitted)
	t.Cleanup(func() { a.Close() })
	bs.broken.Store(true)
	if err := read(a); err == nil {
		t.Fatal("a read was answered although its entry could not be written")
	}
	bs.broken.Store(false)
	if err := read(a); err != nil {
		t.Fatal(err)
	}
	if n := countAudit(t, a, "user.list"); n != 1 {
		t.Fatalf("%d user.list entries, want 1", n)
	}
}

func TestParseReadMode(t *testing.T) {
	for in, want := range map[string]ReadMode{"": ReadsQueued, "queued": ReadsQueued, "committed": ReadsCommitted} {
		if got, err := ParseReadMode(in); err != nil || got != want {
			t.Errorf("%q: %v %v", in, got, err)
		}
	}
	if _, err := ParseReadMode("off"); quartier.ErrorCode(err) != quartier.EINVALID {
		t.Errorf("off must be refused: %v", err)
	}
}
