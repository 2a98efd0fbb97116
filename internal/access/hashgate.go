package access

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/password"
	"github.com/quartier/quartier/internal/workgate"
)

// An argon2id computation holds the memory of its parameters (64 MiB by
// default) for about a tenth of a second; unbounded, 80 concurrent wrong
// sign-ins took the server to 5.2 GiB. Every computation (sign-in, the
// dummy hash of unknown logins, a new password, the password asked again
// before the second factor is changed) therefore passes the hash gate: at
// most HashSlots computations at the default parameters run at once,
// hashQueue more wait in order for at most hashWait, and anything beyond
// is answered at once with "try again" (HTTP 429 with Retry-After). A
// waiting request holds no hash memory, so argon2id never holds more than
// HashSlots × 64 MiB, whatever arrives; the garbage collector may keep as
// much again until it runs. Two at a time keep two cores busy (each
// computation runs two lanes): more would hold more memory for the same
// throughput, and on a larger server two still check 15–20 passwords a
// second, far more than an office signs in. The queue holds about two
// seconds of work: a longer one would only make every user wait behind a
// flood.
const (
	// HashSlots is the number of argon2id computations at the default
	// parameters that may run at once.
	HashSlots = 2
	hashQueue = 16
	hashWait  = 2 * time.Second
	// hashRetry is what a refused client is told to wait: the queue is
	// worked off within about that time.
	hashRetry = 2 * time.Second
)

// hashGate is a gate over argon2id memory (KiB): a hash stored with more
// memory than the default takes more of it (and at most all of it, then
// it runs alone).
type hashGate struct {
	*workgate.Gate
	runs atomic.Int64 // computations admitted, for tests
}

func newHashGate(slots, queue int, wait time.Duration) *hashGate {
	capacity := int64(slots) * int64(password.DefaultParams().Memory)
	return &hashGate{Gate: workgate.New(capacity, int64(queue), wait, errHashBusy)}
}

// errHashBusy is the answer when the gate and its queue are full.
var errHashBusy = workgate.Busy(hashRetry,
	"Gerade werden sehr viele Anmeldungen geprüft. Bitte in %d Sekunden erneut versuchen.", int(hashRetry.Seconds()))

// run computes fn, which needs kib KiB of argon2id memory, once the gate
// admits it.
func (g *hashGate) run(ctx context.Context, kib uint32, fn func()) error {
	if err := g.Enter(ctx, int64(kib)); err != nil {
		return err
	}
	defer g.Leave(int64(kib))
	g.runs.Add(1)
	fn()
	return nil
}

// dummyHash is verified for unknown logins (and accounts without a
// password) so that the response time does not tell which accounts exist.
// It is made on first use, inside the gate.
var dummyHash = sync.OnceValue(func() string {
	h, _ := password.Hash("keine-gültige-anmeldung-42", password.DefaultParams())
	return h
})

// checkPassword verifies pw against hash inside the gate; an empty hash
// (unknown login, account of an identity provider) is checked against
// the dummy hash and fails in the same time.
func (a *Service) checkPassword(ctx context.Context, pw, hash string) (bool, error) {
	kib := password.DefaultParams().Memory
	if hash != "" {
		kib = password.Memory(hash)
	}
	var ok bool
	var verr error
	err := a.hashes.run(ctx, kib, func() {
		h := hash
		if h == "" {
			h = dummyHash()
		}
		ok, _, verr = password.Verify(pw, h)
	})
	if err != nil {
		return false, err
	}
	return ok && verr == nil, nil
}

// hashPassword hashes a new password with the default parameters inside
// the gate.
func (a *Service) hashPassword(ctx context.Context, pw string) (string, error) {
	var h string
	var herr error
	if err := a.hashes.run(ctx, password.DefaultParams().Memory, func() { h, herr = password.Hash(pw, password.DefaultParams()) }); err != nil {
		return "", err
	}
	if herr != nil {
		return "", quartier.WrapError(quartier.EINTERNAL, herr, "Passwort kann nicht gespeichert werden.")
	}
	return h, nil
}

// RetryAfter is how long the client of a refused request should wait
// before trying again (the HTTP Retry-After), 0 when err does not say.
func RetryAfter(err error) time.Duration { return workgate.RetryAfter(err) }
