package audit

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/netip"
	"strconv"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/csvio"
)

type remoteKey struct{}

// WithRemote records where a request came from, for the audit log.
func WithRemote(ctx context.Context, remote string) context.Context {
	return context.WithValue(ctx, remoteKey{}, remote)
}

// RemoteFrom is the address WithRemote recorded, "" for none.
func RemoteFrom(ctx context.Context) string {
	s, _ := ctx.Value(remoteKey{}).(string)
	return s
}

// ClientKey is the unit a limit counts a client by: an IPv4 address, or
// the /64 block of an IPv6 address (one host gets a whole /64, so counting
// single IPv6 addresses would give it 2^64 allowances).
func ClientKey(remote string) string {
	ip, err := netip.ParseAddr(remote)
	if err != nil {
		return remote
	}
	ip = ip.Unmap().WithZone("")
	if ip.Is6() {
		if p, err := ip.Prefix(64); err == nil {
			return p.String()
		}
	}
	return ip.String()
}

// Log is the audit log of an installation: the append-only, hash-chained
// record of who did what, when, from where and with what outcome. Every
// context writes to it: a change's entry inside the change's transaction
// (Write), a denial or a failed sign-in on its own (Alone, Denied), a
// protected read through the queue (Read), a repeatable anonymous event
// tallied (Tallied). It is also the use cases of the log itself: Entries,
// Verify, Export.
type Log struct {
	store quartier.StoreOf[quartier.AuditTx]
	log   *slog.Logger
	now   func() time.Time
	mode  ReadMode
	queue queue
	tally tally
}

// Options configure the log.
type Options struct {
	Logger *slog.Logger
	Now    func() time.Time
	// Reads: see the ReadMode constants; the zero value queues entries.
	Reads ReadMode
}

// New starts the log's writer over store; Close stops it.
func New(store quartier.Store, opt Options) *Log {
	l := &Log{store: quartier.Narrow[quartier.AuditTx](store), log: opt.Logger, now: opt.Now, mode: opt.Reads}
	if l.log == nil {
		l.log = slog.Default()
	}
	if l.now == nil {
		l.now = time.Now
	}
	l.queue.ch = make(chan request, 4*batchMax)
	l.queue.stopped = make(chan struct{})
	go l.writer()
	return l
}

// Event is one thing to record: the action on an object and its outcome.
type Event struct {
	Action     string
	ObjectType string
	ObjectID   string
	Outcome    string
	Detail     string
	// Login overrides the actor (sign-in attempts have no actor yet).
	Login  string
	UserID int64
}

// Write appends an entry to the hash chain inside tx, so a change and its
// entry commit together or not at all. Writers are serialised by both
// stores, so reading the last entry and appending cannot race.
func (l *Log) Write(ctx context.Context, tx quartier.AuditTx, x Event) error {
	last, err := tx.LastAudit(ctx)
	if err != nil {
		return err
	}
	_, err = l.appendEntry(ctx, tx, last, x)
	return err
}

// appendEntry links an entry to last (nil for the first entry) and stores
// it; a batch passes each returned entry on as the next one's last.
func (l *Log) appendEntry(ctx context.Context, tx quartier.AuditTx, last *quartier.AuditEntry, x Event) (*quartier.AuditEntry, error) {
	e := l.chainEntry(ctx, last, x)
	return &e, tx.AppendAudit(ctx, &e)
}

// chainEntry builds the entry for x following last (nil: the first).
func (l *Log) chainEntry(ctx context.Context, last *quartier.AuditEntry, x Event) quartier.AuditEntry {
	actor := quartier.ActorFrom(ctx)
	e := quartier.AuditEntry{
		ID: 1, At: l.now().UTC().Truncate(time.Microsecond), Login: actor.Label(),
		Action: x.Action, ObjectType: x.ObjectType, ObjectID: x.ObjectID, Outcome: x.Outcome, Remote: RemoteFrom(ctx), Detail: x.Detail,
	}
	if actor != nil {
		e.UserID = actor.UserID
	}
	e.Roles, e.Scope = quartier.DescribeActor(actor)
	if x.Login != "" {
		e.Login, e.UserID = x.Login, x.UserID
	}
	if e.Outcome == "" {
		e.Outcome = quartier.OutcomeOK
	}
	if last != nil {
		e.ID, e.PrevHash = last.ID+1, last.Hash
	}
	e.Hash = e.ComputeHash()
	return e
}

// Change is the one write path of the use cases, over the caller's store
// (the part of it the context uses): it checks the permission
// (a denial is audited), runs fn in one transaction and writes the entry fn
// returns in the same transaction, so the change and its entry commit
// together or not at all. fn returns the entry because its detail (counts,
// keys) is often known only once the work is done. Checks that depend on
// the data (a scope, a provider) happen inside fn; a refusal there that is
// a denial (EFORBIDDEN or marked with Denial) is audited after the
// rollback. Signing in and the session's own changes are the exceptions:
// they have no permission to check, and write their entries themselves.
func Change[T quartier.AuditTx](ctx context.Context, l *Log, store quartier.StoreOf[T], p quartier.Permission, objectType, objectID string, fn func(tx T) (Event, error)) error {
	if err := l.Require(ctx, p, objectType, objectID); err != nil {
		return err
	}
	err := store.Update(ctx, func(tx T) error {
		ev, err := fn(tx)
		if err != nil {
			return err
		}
		return l.Write(ctx, tx, ev)
	})
	return l.IfDenied(ctx, p, objectType, objectID, err)
}

// Alone writes an entry in its own transaction: denials and failed
// sign-ins, where no data change exists to join.
func (l *Log) Alone(ctx context.Context, x Event) error {
	return l.store.Update(ctx, func(tx quartier.AuditTx) error { return l.Write(ctx, tx, x) })
}

// Require checks a permission and records a denial in the audit log; the
// use cases call it instead of quartier.Require wherever data is protected.
func (l *Log) Require(ctx context.Context, p quartier.Permission, objectType, objectID string) error {
	err := quartier.Require(ctx, p)
	if err != nil {
		if aerr := l.Alone(ctx, Event{Action: string(p), ObjectType: objectType, ObjectID: objectID, Outcome: quartier.OutcomeDenied}); aerr != nil {
			l.log.Error("audit denial", "err", aerr)
		}
	}
	return err
}

// RequireRoute is the check of a protected route before any use case
// runs (the web's sign-in gate): the same permission check, and the same
// audit entry for a denial, as inside the use cases.
func (l *Log) RequireRoute(ctx context.Context, p quartier.Permission, route string) error {
	return l.Require(ctx, p, "route", route)
}

// DeniedAnonymous records that an anonymous request reached a protected
// route (and was sent to sign in). Anyone can repeat that at will, so the
// entries are tallied (see tally).
func (l *Log) DeniedAnonymous(ctx context.Context, route string) {
	l.Tallied(ctx, Event{Action: "signin.required", ObjectType: "route", ObjectID: route, Outcome: quartier.OutcomeDenied})
}

// deniedError marks a refusal of access that must be audited whatever it
// answers: a refusal that must look like a missing record answers "not
// found", and is still a denial.
type deniedError struct{ error }

func (e deniedError) Unwrap() error { return e.error }

// Denial marks err as a refusal of access for IfDenied.
func Denial(err error) error { return deniedError{err} }

// IfDenied records err in the audit log if it is a denial of p (marked, or
// forbidden) and returns it.
func (l *Log) IfDenied(ctx context.Context, p quartier.Permission, objectType, objectID string, err error) error {
	var d deniedError
	if errors.As(err, &d) || quartier.ErrorCode(err) == quartier.EFORBIDDEN {
		l.Denied(ctx, p, objectType, objectID)
	}
	return err
}

// Denied records a refusal of p outside the actor's scope, in its own
// transaction (the refused work has none).
func (l *Log) Denied(ctx context.Context, p quartier.Permission, objectType, objectID string) {
	if err := l.Alone(ctx, Event{Action: string(p), ObjectType: objectType, ObjectID: objectID,
		Outcome: quartier.OutcomeDenied, Detail: "außerhalb des Geltungsbereichs"}); err != nil {
		l.log.Error("audit denial", "err", err)
	}
}

// RequireSpace checks a scoped permission for one space. Outside the
// actor's scope the answer is "not found", so the space's records do not
// betray their existence; the denial is recorded either way.
func (l *Log) RequireSpace(ctx context.Context, p quartier.Permission, objectType string, space quartier.SpaceCode) error {
	err := quartier.RequireInSpace(ctx, p, space)
	if err != nil {
		if aerr := l.Alone(ctx, Event{Action: string(p), ObjectType: objectType, ObjectID: string(space), Outcome: quartier.OutcomeDenied, Detail: "außerhalb des Geltungsbereichs"}); aerr != nil {
			l.log.Error("audit denial", "err", aerr)
		}
	}
	return err
}

// VerifyReport is the result of checking the audit chain.
type VerifyReport struct {
	Entries int
	// Broken is the first entry whose hash or link does not match, nil when
	// the chain is intact.
	Broken *quartier.AuditEntry
	Reason string
}

// Verify walks the whole chain and names the first broken entry: a
// changed field breaks its own hash, a deleted or inserted row breaks the
// link or the id sequence of the next.
func (l *Log) Verify(ctx context.Context) (*VerifyReport, error) {
	if err := l.Require(ctx, quartier.PermReadAudit, "audit_log", ""); err != nil {
		return nil, err
	}
	// Reads answered a moment ago must be in what the officer sees.
	if err := l.Flush(ctx); err != nil {
		return nil, err
	}
	rep := &VerifyReport{}
	err := l.store.View(ctx, func(tx quartier.AuditTx) error {
		prev := quartier.AuditEntry{}
		after := int64(0)
		for {
			page, err := tx.AuditEntries(ctx, quartier.AuditFilter{AfterID: after, Limit: 5000})
			if err != nil {
				return err
			}
			for i := range page {
				e := &page[i]
				switch {
				case e.ID != prev.ID+1:
					rep.Broken, rep.Reason = e, fmt.Sprintf("Eintrag %d folgt auf %d: dazwischen fehlen Einträge.", e.ID, prev.ID)
				case e.PrevHash != prev.Hash:
					rep.Broken, rep.Reason = e, fmt.Sprintf("Eintrag %d verweist nicht auf den Hash seines Vorgängers.", e.ID)
				case e.ComputeHash() != e.Hash:
					rep.Broken, rep.Reason = e, fmt.Sprintf("Eintrag %d wurde nachträglich verändert (Hash stimmt nicht).", e.ID)
				}
				if rep.Broken != nil {
					return nil
				}
				rep.Entries++
				prev = *e
			}
			if len(page) < 5000 {
				return nil
			}
			after = page[len(page)-1].ID
		}
	})
	return rep, err
}

// Entries returns entries for the audit page; reading the log is itself
// recorded.
func (l *Log) Entries(ctx context.Context, f quartier.AuditFilter) ([]quartier.AuditEntry, error) {
	if err := l.Require(ctx, quartier.PermReadAudit, "audit_log", ""); err != nil {
		return nil, err
	}
	// Reads answered a moment ago must be in what the officer sees.
	if err := l.Flush(ctx); err != nil {
		return nil, err
	}
	var out []quartier.AuditEntry
	err := l.store.View(ctx, func(tx quartier.AuditTx) error {
		var err error
		out, err = tx.AuditEntries(ctx, f)
		return err
	})
	if err != nil {
		return nil, err
	}
	if err := l.Read(ctx, Event{Action: "audit.read", ObjectType: "audit_log", Detail: describeFilter(f)}); err != nil {
		return nil, err
	}
	return out, nil
}

func describeFilter(f quartier.AuditFilter) string {
	return fmt.Sprintf("login=%q object=%s/%s action=%q from=%s to=%s", f.Login, f.ObjectType, f.ObjectID, f.Action, fmtTime(f.From), fmtTime(f.To))
}

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format(time.RFC3339)
}

// Export writes matching entries as CSV; the export is recorded
// before the data leaves.
func (l *Log) Export(ctx context.Context, f quartier.AuditFilter, w io.Writer) error {
	if err := l.Require(ctx, quartier.PermExportAudit, "audit_log", ""); err != nil {
		return err
	}
	// Reads answered a moment ago must be in what the officer sees.
	if err := l.Flush(ctx); err != nil {
		return err
	}
	f.Limit = 1 << 30
	var entries []quartier.AuditEntry
	err := l.store.Update(ctx, func(tx quartier.AuditTx) error {
		var err error
		if entries, err = tx.AuditEntries(ctx, f); err != nil {
			return err
		}
		return l.Write(ctx, tx, Event{Action: "audit.export", ObjectType: "audit_log", Detail: describeFilter(f)})
	})
	if err != nil {
		return err
	}
	// Inert: failed sign-ins put attacker-chosen text (the login typed)
	// into the log, and the export is opened in Excel by the officer.
	// The BOM makes Excel read the UTF-8 (umlauts in names and details).
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csvio.NewInertWriter(w, ';')
	cw.Write([]string{"id", "zeit", "konto", "rollen", "geltungsbereich", "aktion", "objekttyp", "objekt", "ergebnis", "herkunft", "details", "hash"})
	for _, e := range entries {
		cw.Write([]string{strconv.FormatInt(e.ID, 10), e.At.UTC().Format(time.RFC3339Nano), e.Login, e.Roles, e.Scope, e.Action,
			e.ObjectType, e.ObjectID, e.Outcome, e.Remote, e.Detail, e.Hash})
	}
	return cw.Flush()
}
