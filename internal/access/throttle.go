package access

import (
	"context"
	"math"
	"slices"
	"sync"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/workgate"
)

// Password and code guessing is slowed down by three counters of failed
// attempts, each with its own allowance before every further attempt waits
// twice as long as the last (1 s, 2 s, 4 s … up to maxBackoff):
//
//   - account and address: pairFree failures. This is what the owner
//     meets when she mistypes.
//   - address, over all accounts (spraying one password over many logins):
//     addressFree failures, more because an office signs in from behind
//     one address.
//   - account, over all addresses that never signed in to it (a botnet):
//     once accountFree such failures are counted, the account is under
//     attack, and an unknown address that has already failed on it waits
//     the account's backoff, counted from that address's own last attempt.
//
// Nobody else can lock the owner out. An address that signed in to the
// account before is not affected by the account counter at all, and a new
// address gets its first attempt: an attacker with many addresses gets one
// guess per address and backoff, but cannot make the owner wait. The worst
// the owner meets is after a typo from a new address during an attack: at
// most maxBackoff after her own last attempt, however long the attack
// goes on (the account's clock would let an attacker extend it at will).
//
// An attempt is counted before its password is checked (reserve, under the
// lock), so guesses sent in parallel are counted like guesses sent one by
// one; a correct password gives its count back. Addresses count by IPv6
// /64, the block one connection usually holds.
//
// The counters live in memory: one process serves an office, a restart
// forgives, which is acceptable next to the audit trail every checked
// password leaves. A counter is created only by an attempt that gets its
// password checked, which the hash gate limits to a few dozen a second, and
// forgotten after forgetAfter without attempts; so the map stays bounded
// whatever arrives.
const (
	pairFree    = 3
	addressFree = 10
	accountFree = 10
	maxBackoff  = 15 * time.Minute
	forgetAfter = time.Hour // > maxBackoff: a counter is never forgotten while it blocks
	// knownAddresses is how many addresses of successful sign-ins an
	// account remembers (desk, home, phone, …).
	knownAddresses = 16
)

type throttle struct {
	mu     sync.Mutex
	counts map[string]*failures
	known  map[string][]string // login → addresses that signed in, latest last
	swept  time.Time
}

type failures struct {
	n    int
	last time.Time
}

// backoff is the wait after n failures with free ones allowed.
func backoff(n, free int) time.Duration {
	if n < free {
		return 0
	}
	if n-free >= 10 { // 2^10 s is beyond the cap
		return maxBackoff
	}
	return min(time.Second<<(n-free), maxBackoff)
}

// attempt is a reserved attempt: it counts as a failure unless the caller
// gives it back.
type attempt struct {
	t           *throttle
	login, addr string
	keys        []string
}

// reserve counts an attempt of login from remote, or returns how long it
// must wait and whether the address as a whole is what is slowed down.
func (t *throttle) reserve(now time.Time, login, remote string) (at *attempt, wait time.Duration, byAddress bool) {
	// Logins longer than any valid one are cut, so a key stays small.
	login = login[:min(len(login), 65)]
	addr := audit.ClientKey(remote)
	pairK, addrK, acctK := "p\x00"+login+"\x00"+addr, "a\x00"+addr, "u\x00"+login
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.counts == nil {
		t.counts, t.known = map[string]*failures{}, map[string][]string{}
	}
	t.sweep(now)
	pair, address, account := t.get(now, pairK), t.get(now, addrK), t.get(now, acctK)
	known := slices.Contains(t.known[login], addr)
	var until time.Time
	if pair != nil {
		until = pair.last.Add(backoff(pair.n, pairFree))
		if !known && account != nil {
			until = later(until, pair.last.Add(backoff(account.n, accountFree)))
		}
	}
	if address != nil {
		if u := address.last.Add(backoff(address.n, addressFree)); u.After(until) {
			until, byAddress = u, true
		}
	}
	if wait := until.Sub(now); wait > 0 {
		return nil, wait, byAddress
	}
	at = &attempt{t: t, login: login, addr: addr, keys: []string{pairK, addrK}}
	if !known {
		at.keys = append(at.keys, acctK)
	}
	for _, k := range at.keys {
		c := t.counts[k]
		if c == nil {
			c = &failures{}
			t.counts[k] = c
		}
		c.n++
		c.last = now
	}
	return at, 0, false
}

// get returns the live counter of key, forgetting a stale one.
func (t *throttle) get(now time.Time, key string) *failures {
	c := t.counts[key]
	if c != nil && now.Sub(c.last) > forgetAfter {
		delete(t.counts, key)
		return nil
	}
	return c
}

// sweep drops stale counters now and then, so the map holds only the
// last hour's.
func (t *throttle) sweep(now time.Time) {
	if len(t.counts) < 4096 || now.Sub(t.swept) < time.Minute {
		return
	}
	t.swept = now
	for k, c := range t.counts {
		if now.Sub(c.last) > forgetAfter {
			delete(t.counts, k)
		}
	}
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// refund gives the attempt's count back: its password was right, or it
// was never checked (server busy, database error).
func (at *attempt) refund() {
	at.t.mu.Lock()
	defer at.t.mu.Unlock()
	at.uncount()
}

func (at *attempt) uncount() {
	for _, k := range at.keys {
		if c := at.t.counts[k]; c != nil {
			if c.n--; c.n <= 0 {
				delete(at.t.counts, k)
			}
		}
	}
}

// succeeded ends a complete sign-in (password and, where enrolled, second
// factor): the owner's own mistakes at this address are forgiven and the
// address becomes one she is known to use. The address and account
// counters keep other failures: a success must not wipe an attacker's.
func (at *attempt) succeeded() {
	t := at.t
	t.mu.Lock()
	defer t.mu.Unlock()
	at.uncount()
	delete(t.counts, at.keys[0])
	addrs := slices.DeleteFunc(t.known[at.login], func(a string) bool { return a == at.addr })
	if len(addrs) >= knownAddresses {
		addrs = addrs[1:]
	}
	t.known[at.login] = append(addrs, at.addr)
}

// refuse audits a throttled attempt and tells the client how long to
// wait. Anyone can repeat it at will, so the entries are tallied; an
// address slowed down as a whole is tallied without the login it tried,
// or trying ever new logins would make ever new kinds of entry.
func (a *Service) refuse(ctx context.Context, login, step string, wait time.Duration, byAddress bool) error {
	x := audit.Event{Action: "signin.throttled", ObjectType: "user", Outcome: quartier.OutcomeDenied, Login: login, Detail: step + " gedrosselt nach Fehlversuchen"}
	if byAddress {
		x.Login, x.Detail = "", step+" gedrosselt nach Fehlversuchen von dieser Adresse"
	}
	a.audit.Tallied(ctx, x)
	return workgate.Busy(wait, "Zu viele Fehlversuche. Bitte in %d Sekunden erneut versuchen.", int(math.Ceil(wait.Seconds())))
}

// busy audits an attempt the hash gate turned away, tallied per address
// like a throttled one.
func (a *Service) busy(ctx context.Context, err error) error {
	a.audit.Tallied(ctx, audit.Event{Action: "signin.busy", ObjectType: "user", Outcome: quartier.OutcomeDenied, Detail: "Passwortprüfung ausgelastet"})
	return err
}
