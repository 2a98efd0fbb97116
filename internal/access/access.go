// Package access is who may do what: accounts and their grants, sign-in
// with password and second factor, sessions, sign-in through a municipal
// identity provider (OpenID Connect), and the guards around them (the
// throttle against guessing, the hash gate that bounds argon2id memory).
// It turns a session token into the Actor every other context checks.
package access

import (
	"log/slog"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
)

// Tx is the part of the store access control uses: accounts and sessions,
// and the assignments a provider's grant is resolved through.
type Tx interface {
	quartier.AccountTx
	quartier.AssignmentTx
	quartier.ProviderTx
	quartier.TeamTx
	quartier.AuditTx
}

// Service is access control over one store.
type Service struct {
	store     quartier.StoreOf[Tx]
	audit     *audit.Log
	log       *slog.Logger
	now       func() time.Time
	totpRoles []quartier.Role
	throttle  throttle
	// hashes bounds the memory of concurrent argon2id: memory is a property
	// of the process, and a process has one access service.
	hashes *hashGate
}

// Options configure access control.
type Options struct {
	Logger *slog.Logger
	Now    func() time.Time
	// TOTPRoles must sign in with a second factor; nil takes
	// DefaultTOTPRoles, an empty slice requires it of nobody (demo).
	TOTPRoles []quartier.Role
}

// New opens access control over store.
func New(store quartier.Store, log *audit.Log, opt Options) *Service {
	a := &Service{store: quartier.Narrow[Tx](store), audit: log, log: opt.Logger, now: opt.Now, totpRoles: opt.TOTPRoles,
		hashes: newHashGate(HashSlots, hashQueue, hashWait)}
	if a.totpRoles == nil {
		a.totpRoles = DefaultTOTPRoles()
	}
	if a.log == nil {
		a.log = slog.Default()
	}
	if a.now == nil {
		a.now = time.Now
	}
	return a
}

func (a *Service) today() time.Time { return quartier.Day(a.now()) }
