package access

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/textde"
)

// Session lifetimes: idle logout after 30 minutes (an unattended office
// screen), absolute logout after 12 hours (one working day).
const (
	SessionIdle     = 30 * time.Minute
	SessionAbsolute = 12 * time.Hour
	// touchEvery limits last-seen writes to one per minute per session.
	touchEvery = time.Minute
)

// SignInResult is a successful sign-in: the token goes into the cookie; it
// is stored only as a hash.
type SignInResult struct {
	Token   string
	Session quartier.Session
	User    quartier.User
	// NeedsSecondFactor is set when the account has TOTP enrolled; the
	// session grants nothing until the code is confirmed.
	NeedsSecondFactor bool
}

// SignIn checks a password and opens a new session (a new id every time,
// so a session id planted before sign-in is worthless). The attempt is
// counted before the password is checked (see throttle), and the check
// waits for the hash gate.
func (a *Service) SignIn(ctx context.Context, login, pw, userAgent string) (*SignInResult, error) {
	remote := audit.RemoteFrom(ctx)
	now := a.now()
	at, wait, byAddress := a.throttle.reserve(now, login, remote)
	if at == nil {
		return nil, a.refuse(ctx, login, "Anmeldung", wait, byAddress)
	}
	var u *quartier.User
	err := a.store.View(ctx, func(tx Tx) error {
		var err error
		u, err = tx.UserByLogin(ctx, login)
		return err
	})
	if err != nil && quartier.ErrorCode(err) != quartier.ENOTFOUND {
		at.refund()
		return nil, err
	}
	hash := ""
	if u != nil {
		hash = u.PasswordHash
	}
	ok, err := a.checkPassword(ctx, pw, hash)
	if err != nil {
		at.refund()
		return nil, a.busy(ctx, err)
	}
	if u == nil || !ok || u.Disabled {
		var uid int64
		if u != nil {
			uid = u.ID
		}
		a.audit.Alone(ctx, audit.Event{Action: "signin", ObjectType: "user", Outcome: quartier.OutcomeFailed, Login: login, UserID: uid})
		return nil, quartier.Errorf(quartier.EUNAUTH, "Anmeldename oder Passwort ist falsch.")
	}
	if initialExpired(u, now) {
		// The right password, so no guess: said plainly, not counted.
		at.refund()
		a.audit.Alone(ctx, audit.Event{Action: "signin", ObjectType: "user", Outcome: quartier.OutcomeFailed, Login: login, UserID: u.ID, Detail: "vorläufiges Passwort abgelaufen"})
		return nil, quartier.Errorf(quartier.EUNAUTH, "Das vorläufige Passwort ist abgelaufen. Bitte bei der Administration ein neues anfordern.")
	}
	token, th, err := newToken()
	if err != nil {
		at.refund()
		return nil, err
	}
	s := quartier.Session{TokenHash: th, UserID: u.ID, CreatedAt: now.UTC().Truncate(time.Microsecond), LastSeen: now.UTC().Truncate(time.Microsecond),
		Remote: remote, UserAgent: textde.Shorten(userAgent, 200), SecondFactor: u.TOTPSecret == ""}
	err = a.store.Update(ctx, func(tx Tx) error {
		if err := tx.CreateSession(ctx, &s); err != nil {
			return err
		}
		return a.audit.Write(ctx, tx, audit.Event{Action: "signin", ObjectType: "user", ObjectID: strconv.FormatInt(u.ID, 10), Login: u.Login, UserID: u.ID})
	})
	if err != nil {
		at.refund()
		return nil, err
	}
	if s.SecondFactor {
		at.succeeded()
	} else {
		// The password was right, but the sign-in is complete only with
		// the code: the owner's earlier mistakes here stay counted, so a
		// known password does not reset the allowance for guessing codes.
		at.refund()
	}
	return &SignInResult{Token: token, Session: s, User: *u, NeedsSecondFactor: !s.SecondFactor}, nil
}

func newToken() (token, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, tokenHash(token), nil
}

func tokenHash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// ErrSecondFactorPending is returned for a session whose password step is
// done but whose TOTP code is not: the session stays, it only grants nothing.
var ErrSecondFactorPending = quartier.Errorf(quartier.EUNAUTH, "Die Anmeldung ist noch nicht mit dem zweiten Faktor bestätigt.")

// Authenticate turns a session token into the acting user with the grants
// in force today, scopes resolved to space codes. Expired sessions are
// deleted; an unknown token yields EUNAUTH.
func (a *Service) Authenticate(ctx context.Context, token string) (*quartier.Actor, error) {
	if token == "" {
		return nil, quartier.Errorf(quartier.EUNAUTH, "Nicht angemeldet.")
	}
	now := a.now()
	var actor *quartier.Actor
	var touch, expired bool
	var s *quartier.Session
	err := a.store.View(ctx, func(tx Tx) error {
		var err error
		if s, err = tx.SessionByTokenHash(ctx, tokenHash(token)); err != nil {
			return err
		}
		if now.Sub(s.LastSeen) > SessionIdle || now.Sub(s.CreatedAt) > SessionAbsolute {
			expired = true
			return nil
		}
		if !s.SecondFactor {
			return ErrSecondFactorPending
		}
		u, err := tx.UserByID(ctx, s.UserID)
		if err != nil {
			return err
		}
		if u.Disabled {
			expired = true
			return nil
		}
		grants, err := activeGrants(ctx, tx, u.ID, quartier.Day(now))
		if err != nil {
			return err
		}
		actor = &quartier.Actor{UserID: u.ID, Login: u.Login, Name: u.Name, SessionID: s.ID, Grants: grants,
			EnrollTOTP: a.mustEnroll(u, grants), ChangePassword: u.MustChangePassword}
		if actor.EnrollTOTP || actor.ChangePassword {
			actor.Grants = nil
		}
		touch = now.Sub(s.LastSeen) > touchEvery
		return nil
	})
	if quartier.ErrorCode(err) == quartier.ENOTFOUND {
		return nil, quartier.Errorf(quartier.EUNAUTH, "Die Sitzung ist abgelaufen oder ungültig.")
	}
	if err != nil {
		return nil, err
	}
	if expired {
		a.store.Update(ctx, func(tx Tx) error { return tx.DeleteSession(ctx, s.ID) })
		return nil, quartier.Errorf(quartier.EUNAUTH, "Die Sitzung ist abgelaufen. Bitte erneut anmelden.")
	}
	if touch {
		s.LastSeen = now.UTC().Truncate(time.Microsecond)
		a.store.Update(ctx, func(tx Tx) error { return tx.UpdateSession(ctx, s) })
	}
	return actor, nil
}

// mustEnroll reports whether u must set up a second factor before anything
// else: her roles require one, or an administrator removed hers.
func (a *Service) mustEnroll(u *quartier.User, grants []quartier.Grant) bool {
	return u.TOTPSecret == "" && (u.MustEnrollTOTP || a.requiresTOTP(grants))
}

func (a *Service) requiresTOTP(grants []quartier.Grant) bool {
	for _, g := range grants {
		if slices.Contains(a.totpRoles, g.Role) {
			return true
		}
	}
	return false
}

// activeGrants loads the grants in force on day and resolves each scope to
// the spaces it covers today: a team's space, a provider's assigned spaces
// (directly or through an alliance), or nil for all spaces; grants of a
// provider or a provider's team also name the provider they act for.
func activeGrants(ctx context.Context, tx Tx, userID int64, day time.Time) ([]quartier.Grant, error) {
	all, err := tx.Grants(ctx, userID)
	if err != nil {
		return nil, err
	}
	var out []quartier.Grant
	for _, g := range all {
		if !g.ValidAt(day) {
			continue
		}
		switch g.Scope.Kind {
		case quartier.ScopeAll:
			g.Spaces = nil
		case quartier.ScopeSpaces:
			g.Spaces = append([]quartier.SpaceCode{}, g.Scope.Spaces...)
		case quartier.ScopeTeam:
			teams, err := tx.Teams(ctx, "")
			if err != nil {
				return nil, err
			}
			g.Spaces = []quartier.SpaceCode{}
			for _, t := range teams {
				if t.Code == g.Scope.Ref {
					g.Spaces = append(g.Spaces, t.Space)
					g.Provider = t.Provider // "" for an office team
				}
			}
		case quartier.ScopeProvider:
			if g.Spaces, err = providerSpaces(ctx, tx, g.Scope.Ref, day); err != nil {
				return nil, err
			}
			g.Provider = g.Scope.Ref
		}
		out = append(out, g)
	}
	return out, nil
}

func providerSpaces(ctx context.Context, tx Tx, provider string, day time.Time) ([]quartier.SpaceCode, error) {
	alliances, err := tx.Alliances(ctx)
	if err != nil {
		return nil, err
	}
	// Through an alliance only while the provider is a member on that day.
	via := map[string]bool{provider: true}
	for _, al := range alliances {
		for _, m := range al.MembersAt(day) {
			if m.Provider == provider {
				via[al.Code] = true
			}
		}
	}
	as, err := tx.Assignments(ctx, "")
	if err != nil {
		return nil, err
	}
	spaces := []quartier.SpaceCode{}
	for _, x := range as {
		if x.ValidAt(day) && via[x.Assignee] && !slices.Contains(spaces, x.Space) {
			spaces = append(spaces, x.Space)
		}
	}
	return spaces, nil
}

// SignOut ends one session.
func (a *Service) SignOut(ctx context.Context, token string) error {
	return a.store.Update(ctx, func(tx Tx) error {
		s, err := tx.SessionByTokenHash(ctx, tokenHash(token))
		if err != nil {
			return nil // already gone: signing out is idempotent
		}
		if err := tx.DeleteSession(ctx, s.ID); err != nil {
			return err
		}
		return a.audit.Write(ctx, tx, audit.Event{Action: "signout", ObjectType: "session", ObjectID: strconv.FormatInt(s.ID, 10)})
	})
}

// SignOutEverywhere ends all sessions of the acting user and revokes her
// API tokens: whoever had taken over a session could have made one.
func (a *Service) SignOutEverywhere(ctx context.Context) error {
	actor := quartier.ActorFrom(ctx)
	if actor == nil || actor.UserID == 0 || actor.TokenID != 0 {
		return quartier.Errorf(quartier.EUNAUTH, "Nicht angemeldet.")
	}
	return a.store.Update(ctx, func(tx Tx) error {
		if err := tx.DeleteUserSessions(ctx, actor.UserID); err != nil {
			return err
		}
		n, err := endTokens(ctx, tx, actor.UserID)
		if err != nil {
			return err
		}
		return a.audit.Write(ctx, tx, audit.Event{Action: "signout.all", ObjectType: "user", ObjectID: strconv.FormatInt(actor.UserID, 10),
			Detail: fmt.Sprintf("alle Sitzungen beendet, %d API-Schlüssel widerrufen", n)})
	})
}

// OwnSessions lists the acting user's sessions.
func (a *Service) OwnSessions(ctx context.Context) ([]quartier.Session, error) {
	actor := quartier.ActorFrom(ctx)
	if actor == nil || actor.UserID == 0 {
		return nil, quartier.Errorf(quartier.EUNAUTH, "Nicht angemeldet.")
	}
	var out []quartier.Session
	err := a.store.View(ctx, func(tx Tx) error {
		var err error
		out, err = tx.UserSessions(ctx, actor.UserID)
		return err
	})
	return out, err
}
