package app

import (
	"context"
	"time"

	"github.com/quartier/quartier"
)

// A read of protected data changes nothing, so its audit entry has no data
// transaction to join. Each one committing alone would cost one fsync per
// page view; instead concurrent reads are committed together (group
// commit): the request still waits until its entry is durable, but many
// requests share the disk flush. Writes keep their entry in their own
// transaction.
type auditRequest struct {
	ctx   context.Context
	entry Audit
	done  chan error
}

const auditBatchMax = 256

// auditRead records a read and returns once the entry is committed.
func (a *App) auditRead(ctx context.Context, x Audit) error {
	if a.skipReadAudit {
		return nil
	}
	// The entry keeps the request's actor and address but not its
	// cancellation: a client going away must not fail the whole batch.
	req := auditRequest{ctx: context.WithoutCancel(ctx), entry: x, done: make(chan error, 1)}
	select {
	case a.auditQueue <- req:
	case <-ctx.Done():
		return ctx.Err()
	}
	return <-req.done
}

// auditWriter is the one goroutine that commits batches of read entries.
func (a *App) auditWriter() {
	for first := range a.auditQueue {
		batch := []auditRequest{first}
	more:
		for len(batch) < auditBatchMax {
			select {
			case r := <-a.auditQueue:
				batch = append(batch, r)
			default:
				break more
			}
		}
		// The batch's own context must not be cancelled by one request
		// going away; a short deadline bounds a stuck database instead.
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		err := a.store.Update(ctx, func(tx quartier.Tx) error {
			last, err := tx.LastAudit(ctx)
			if err != nil {
				return err
			}
			es := make([]quartier.AuditEntry, len(batch))
			for i, r := range batch {
				es[i] = a.chainEntry(r.ctx, last, r.entry)
				last = &es[i]
			}
			return tx.AppendAudits(ctx, es)
		})
		cancel()
		for _, r := range batch {
			r.done <- err
		}
	}
}
