// Package access is who may do what: accounts and their grants, sign-in
// with password and second factor, sessions, sign-in through a municipal
// identity provider (OpenID Connect), and the guards around them (the
// throttle against guessing, the hash gate that bounds argon2id memory).
// It turns a session token into the Actor every other context checks.
package access

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
)

// Tx is the part of the store access control uses: accounts and sessions,
// and the assignments a provider's grant is resolved through.
type Tx interface {
	quartier.AccountTx
	quartier.APITokenTx
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
	spaces    func(context.Context) ([]quartier.Space, error)
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
	// Spaces lists the social spaces of the current Gebietsstand (the
	// spatial core's Spaces, a context of the same rank): a grant for
	// spaces must name existing ones, and the account forms offer them.
	// Without it no grant for spaces can be given.
	Spaces func(context.Context) ([]quartier.Space, error)
}

// New opens access control over store.
func New(store quartier.Store, log *audit.Log, opt Options) *Service {
	a := &Service{store: quartier.Narrow[Tx](store), audit: log, log: opt.Logger, now: opt.Now, totpRoles: opt.TOTPRoles, spaces: opt.Spaces,
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

// located places err at a form field (the web shows it next to that input);
// every other caller sees the same message. Errors that carry located
// findings already keep them.
func located(field string, err error) error {
	var e *quartier.Error
	if err == nil || !errors.As(err, &e) || len(e.Problems) > 0 {
		return err
	}
	out := quartier.WrapError(e.Code, err, "%s", e.Message)
	out.Problems = []quartier.Problem{{Severity: quartier.SeverityError, Kind: quartier.ProblemValue, Feature: -1, Code: field, Message: e.Message}}
	return out
}

// findings joins the findings of several checks into one error, so a form
// shows all of them at once; nil when every check passed.
func findings(errs ...error) error {
	var first *quartier.Error
	var problems []quartier.Problem
	for _, err := range errs {
		if err == nil {
			continue
		}
		var e *quartier.Error
		if !errors.As(err, &e) {
			return err
		}
		if first == nil {
			first = e
		}
		problems = append(problems, quartier.ErrorProblems(err)...)
	}
	if first == nil {
		return nil
	}
	return &quartier.Error{Code: first.Code, Message: first.Message, Problems: problems}
}
