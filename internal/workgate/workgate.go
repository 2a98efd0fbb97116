// Package workgate bounds a class of expensive work across all who ask for
// it: a per-client bound keeps one client from taking the server, but many
// clients (or one with many addresses: an IPv6 /48 holds 65,536 /64s)
// still add up. A Gate runs a bounded amount of work at once, lets a
// bounded queue wait a bounded time in order, and answers everyone beyond
// at once with "try again" (HTTP 429 with Retry-After), so what waits
// holds a goroutine and not the work's memory or CPU.
package workgate

import (
	"context"
	"errors"
	"sync/atomic"
	"time"

	"golang.org/x/sync/semaphore"

	"github.com/quartier/quartier"
)

// Gate admits work up to its capacity; a larger weight takes more of it.
type Gate struct {
	sem      *semaphore.Weighted
	capacity int64
	queue    int64
	wait     time.Duration
	busy     error
	waiting  atomic.Int64
}

// New makes a gate of capacity (at least 1) with queue places that wait
// at most wait; busy is the answer beyond (make it with Busy).
func New(capacity, queue int64, wait time.Duration, busy error) *Gate {
	capacity = max(capacity, 1)
	return &Gate{sem: semaphore.NewWeighted(capacity), capacity: capacity, queue: max(queue, 0), wait: wait, busy: busy}
}

// Enter takes weight (clamped to 1..capacity: the heaviest work runs
// alone) or returns the busy error; after nil the caller must Leave with
// the same weight.
func (g *Gate) Enter(ctx context.Context, weight int64) error {
	w := g.clamp(weight)
	if g.sem.TryAcquire(w) {
		return nil
	}
	if g.waiting.Add(1) > g.queue {
		g.waiting.Add(-1)
		return g.busy
	}
	defer g.waiting.Add(-1)
	wctx, cancel := context.WithTimeout(ctx, g.wait)
	defer cancel()
	if err := g.sem.Acquire(wctx, w); err != nil {
		return g.busy
	}
	return nil
}

// Leave gives back what Enter took.
func (g *Gate) Leave(weight int64) { g.sem.Release(g.clamp(weight)) }

// Waiting is the number of callers in the queue.
func (g *Gate) Waiting() int64 { return g.waiting.Load() }

// Capacity is what the gate admits at once.
func (g *Gate) Capacity() int64 { return g.capacity }

func (g *Gate) clamp(weight int64) int64 { return min(max(weight, 1), g.capacity) }

// retryIn is the cause of a "try again later" error: how long to wait.
type retryIn time.Duration

func (r retryIn) Error() string { return "erneut versuchen nach " + time.Duration(r).String() }

// Busy is a "try again" error (quartier.ETOOMANY) that tells the client
// to wait retry before asking again.
func Busy(retry time.Duration, format string, args ...any) *quartier.Error {
	return quartier.WrapError(quartier.ETOOMANY, retryIn(retry), format, args...)
}

// RetryAfter is how long the client of a refused request should wait
// before trying again (the HTTP Retry-After), 0 when err does not say.
func RetryAfter(err error) time.Duration {
	var r retryIn
	if errors.As(err, &r) {
		return time.Duration(r)
	}
	return 0
}
