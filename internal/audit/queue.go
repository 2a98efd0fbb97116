package audit

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/quartier/quartier"
)

// ReadMode chooses when a protected read may answer relative to the
// commit of its audit entry. Writes are not affected: a change and its
// entry always commit in one transaction.
type ReadMode int

const (
	// ReadsQueued answers once the entry is queued; a single writer
	// commits queued entries in batches, normally within a few
	// milliseconds. Nothing queued is dropped: a failing batch is retried,
	// and while the log cannot be written every protected read is refused
	// (fail closed). Close commits what is queued. What a hard crash
	// (power loss, SIGKILL) can lose is the last batch in flight.
	ReadsQueued ReadMode = iota
	// ReadsCommitted answers only after the entry is durable; the
	// reader waits for the commit it shares with concurrent reads.
	ReadsCommitted
	// ReadsOff writes no entry for reads. Only `quartier bench` uses
	// it, to price the audit against the same page without it.
	ReadsOff
)

// ParseReadMode reads the QUARTIER_AUDIT_READS values.
func ParseReadMode(s string) (ReadMode, error) {
	switch s {
	case "", "queued":
		return ReadsQueued, nil
	case "committed":
		return ReadsCommitted, nil
	}
	return 0, quartier.Errorf(quartier.EINVALID, "Unbekannte Protokollierung von Lesezugriffen %q: erlaubt sind „queued“ und „committed“.", s)
}

type request struct {
	ctx   context.Context
	entry Event
	done  chan error // nil when the reader does not wait
	flush bool       // no entry: done reports that everything before it is written
}

const batchMax = 256

// queue connects readers to the one writer goroutine.
type queue struct {
	mu      sync.RWMutex // held for reading while sending, so Close cannot close under a sender
	closed  bool
	ch      chan request
	stopped chan struct{}
	failing atomic.Bool
}

// Read records a read of protected data.
func (l *Log) Read(ctx context.Context, x Event) error {
	if l.mode == ReadsOff {
		return nil
	}
	q := &l.queue
	if q.failing.Load() {
		return quartier.Errorf(quartier.EINTERNAL, "Das Zugriffsprotokoll kann gerade nicht geschrieben werden; geschützte Daten werden bis dahin nicht angezeigt.")
	}
	// The entry keeps the request's actor and address but not its
	// cancellation: a client going away must not fail the whole batch.
	req := request{ctx: context.WithoutCancel(ctx), entry: x}
	if l.mode == ReadsCommitted {
		req.done = make(chan error, 1)
	}
	return l.enqueue(ctx, req)
}

// FlushAudit returns once every read entry queued before it is written, so
// that the audit page and export show the reads up to this moment.
func (l *Log) Flush(ctx context.Context) error {
	l.flushTally()
	if l.mode == ReadsOff {
		return nil
	}
	return l.enqueue(ctx, request{flush: true, done: make(chan error, 1)})
}

func (l *Log) enqueue(ctx context.Context, req request) error {
	q := &l.queue
	q.mu.RLock()
	if q.closed {
		q.mu.RUnlock()
		return quartier.Errorf(quartier.EINTERNAL, "Quartier wird beendet.")
	}
	select {
	case q.ch <- req:
	case <-ctx.Done():
		q.mu.RUnlock()
		return ctx.Err()
	}
	q.mu.RUnlock()
	if req.done == nil {
		return nil
	}
	select {
	case err := <-req.done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close commits the queued audit entries and stops the writer. The Log
// must not be used afterwards.
func (l *Log) Close() error {
	l.flushTally()
	q := &l.queue
	q.mu.Lock()
	if !q.closed {
		q.closed = true
		close(q.ch)
	}
	q.mu.Unlock()
	<-q.stopped
	if q.failing.Load() {
		return quartier.Errorf(quartier.EINTERNAL, "Nicht alle Einträge des Zugriffsprotokolls konnten geschrieben werden.")
	}
	return nil
}

// auditWriter commits batches of read entries until the queue is closed.
func (l *Log) writer() {
	q := &l.queue
	defer close(q.stopped)
	var batch []request
	for first := range q.ch {
		batch = append(batch[:0], first)
		// Only this goroutine receives, so a non-empty queue never blocks.
		for len(batch) < batchMax && len(q.ch) > 0 {
			r, ok := <-q.ch
			if !ok {
				break
			}
			batch = append(batch, r)
		}
		if l.mode == ReadsQueued && !batch[len(batch)-1].flush {
			// Nobody waits for a queued entry, so the writer lingers to
			// share one commit (and its fsync) among more of them.
			batch = l.linger(batch)
		}
		l.commitReads(batch)
	}
}

// lingerFor bounds how long a queued entry waits for company; it adds
// to what a hard crash can lose.
const lingerFor = 5 * time.Millisecond

func (l *Log) linger(batch []request) []request {
	t := time.NewTimer(lingerFor)
	defer t.Stop()
	for len(batch) < batchMax {
		select {
		case r, ok := <-l.queue.ch:
			if !ok {
				return batch
			}
			batch = append(batch, r)
			if r.flush {
				return batch
			}
		case <-t.C:
			return batch
		}
	}
	return batch
}

// commitReads writes one batch. Waiting readers learn the outcome; queued
// entries are retried until they are written, because their reads have
// already been answered.
func (l *Log) commitReads(batch []request) {
	q := &l.queue
	for try, wait := 1, 50*time.Millisecond; ; try, wait = try+1, min(2*wait, 5*time.Second) {
		err := l.appendReads(batch)
		kept := batch[:0]
		for _, r := range batch {
			if r.done != nil {
				r.done <- err
			} else if err != nil {
				kept = append(kept, r)
			}
		}
		q.failing.Store(len(kept) > 0)
		if len(kept) == 0 {
			return
		}
		q.mu.RLock()
		closing := q.closed
		q.mu.RUnlock()
		if closing && try >= 3 {
			// Shutting down must end; the loss is logged where an
			// operator sees it and Close reports it.
			l.log.Error("Zugriffsprotokoll: Einträge beim Beenden verloren", "entries", len(kept), "err", err)
			return
		}
		l.log.Error("Zugriffsprotokoll: Einträge nicht geschrieben, neuer Versuch", "entries", len(kept), "err", err)
		batch = kept
		time.Sleep(wait)
	}
}

func (l *Log) appendReads(batch []request) error {
	// The batch's own context must not be cancelled by one request going
	// away; a deadline bounds a stuck database instead.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return l.store.Update(ctx, func(tx quartier.AuditTx) error {
		last, err := tx.LastAudit(ctx)
		if err != nil {
			return err
		}
		es := make([]quartier.AuditEntry, 0, len(batch))
		for _, r := range batch {
			if !r.flush {
				es = append(es, l.chainEntry(r.ctx, last, r.entry))
				last = &es[len(es)-1]
			}
		}
		return tx.AppendAudits(ctx, es)
	})
}
