package audit

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/quartier/quartier"
)

// Some events can be repeated at will by anyone: a throttled sign-in, an
// anonymous request for a protected page, a public bulk download. Written
// one entry each they would let an anonymous client grow the append-only
// log without bound (hundreds of rows a second). They are tallied instead:
// the first event of a kind (action, object, address, login) in a window is
// written at once with its detail, the rest of the window are counted and
// written as one summary entry when the window is over. The number of kinds
// per window is capped too, so the log grows by at most
// 2 × tallyMaxKinds + one overflow entry per action and window, whatever
// arrives; yet every event is counted.
const (
	tallyWindow   = time.Minute
	tallyMaxKinds = 256
)

type tally struct {
	mu    sync.Mutex
	start time.Time // of the current window
	kinds map[string]*tallyKind
}

type tallyKind struct {
	ctx   context.Context // actor and address of the first event
	entry Event
	n     int
	last  time.Time
}

// Tallied records an event that anonymous requests can repeat (see
// tally). It never blocks on the database: entries go through the audit
// queue.
func (l *Log) Tallied(ctx context.Context, x Event) {
	if x.Outcome == "" {
		x.Outcome = quartier.OutcomeOK
	}
	actor := quartier.ActorFrom(ctx)
	key := x.Action + "\x00" + x.ObjectType + "\x00" + x.ObjectID + "\x00" + x.Outcome + "\x00" + RemoteFrom(ctx) + "\x00" + x.Login + "\x00" + actor.Label()
	now := l.now()
	t := &l.tally
	t.mu.Lock()
	due := t.closeWindow(now)
	k := t.kinds[key]
	first := k == nil
	if first && len(t.kinds) >= tallyMaxKinds {
		// Too many sources this window: count the rest per action
		// without their address, so the number of kinds stays bounded.
		key = x.Action + "\x00" + x.Outcome + "\x00overflow"
		x = Event{Action: x.Action, ObjectType: x.ObjectType, Outcome: x.Outcome, Detail: "weitere Quellen (Obergrenze je Minute erreicht)"}
		ctx = context.Background()
		k = t.kinds[key]
		first = k == nil
	}
	if first {
		k = &tallyKind{ctx: context.WithoutCancel(ctx), entry: x}
		t.kinds[key] = k
	}
	k.n++
	k.last = now
	t.mu.Unlock()
	l.writeTally(due)
	if first {
		l.enqueueTally(k.ctx, x)
	}
}

// closeWindow ends the current window if it is over and returns its
// summaries; the caller writes them outside the lock.
func (t *tally) closeWindow(now time.Time) []*tallyKind {
	if t.kinds == nil {
		t.kinds = map[string]*tallyKind{}
		t.start = now
		return nil
	}
	if now.Sub(t.start) < tallyWindow {
		return nil
	}
	return t.drain(now)
}

// drain takes every summary still open and starts a new window.
func (t *tally) drain(now time.Time) []*tallyKind {
	var out []*tallyKind
	for _, k := range t.kinds {
		if k.n > 1 {
			out = append(out, k)
		}
	}
	t.kinds = map[string]*tallyKind{}
	t.start = now
	return out
}

// flushTally writes the open summaries: the audit page and export must
// show the counts up to the moment they are opened, and Close must not
// lose them.
func (l *Log) flushTally() {
	t := &l.tally
	t.mu.Lock()
	due := t.drain(l.now())
	t.mu.Unlock()
	l.writeTally(due)
}

func (l *Log) writeTally(due []*tallyKind) {
	for _, k := range due {
		x := k.entry
		x.Detail = fmt.Sprintf("%d weitere gleiche Ereignisse bis %s UTC (zusammengefasst)", k.n-1, k.last.UTC().Format("15:04:05"))
		if k.entry.Detail != "" {
			x.Detail = k.entry.Detail + "; " + x.Detail
		}
		l.enqueueTally(k.ctx, x)
	}
}

func (l *Log) enqueueTally(ctx context.Context, x Event) {
	if err := l.enqueue(context.Background(), request{ctx: ctx, entry: x}); err != nil {
		l.log.Error("Zugriffsprotokoll: zusammengefasster Eintrag nicht geschrieben", "action", x.Action, "err", err)
	}
}
