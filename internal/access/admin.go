package access

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/password"
)

// The administration of accounts: what an administrator (PermManageUsers)
// does with someone else's account. Each use case is one transaction with
// one audit entry (audit.Change). Rules that protect the administrator
// from locking herself out, and the account's owner from a session
// someone else holds, are functions (lockRule, …) that the use cases
// apply and UserDetail reports as Actions, so a page offers exactly what
// would be accepted.

// InitialPasswordValid is how long a password that someone else chose (a
// new account's, a reset's) can be used for its one sign-in: unused, it
// expires, so a note with it lying around does not open the account later.
const InitialPasswordValid = 14 * 24 * time.Hour

// initialAlphabet has no vowels, so a generated password cannot contain a
// login or name (which have one), and no characters that read alike (0/O,
// 1/I/l): it is read out on the phone or copied from paper.
const initialAlphabet = "BCDFGHJKLMNPQRSTVWXZ23456789"

// initialPassword generates a password of four groups of four characters
// (76.9 bits) that passes the password policy for this account.
func initialPassword(login, name string) (string, error) {
	n := big.NewInt(int64(len(initialAlphabet)))
	for range 10 {
		var b strings.Builder
		for i := range 16 {
			if i > 0 && i%4 == 0 {
				b.WriteByte('-')
			}
			k, err := rand.Int(rand.Reader, n)
			if err != nil {
				return "", err
			}
			b.WriteByte(initialAlphabet[k.Int64()])
		}
		if pw := b.String(); password.Check(pw, login, name) == nil {
			return pw, nil
		}
	}
	return "", quartier.Errorf(quartier.EINTERNAL, "Es ließ sich kein vorläufiges Passwort erzeugen.")
}

func self(actor *quartier.Actor, u *quartier.User) bool {
	return actor != nil && actor.UserID != 0 && actor.UserID == u.ID
}

func lockRule(actor *quartier.Actor, u *quartier.User) error {
	if u.Disabled {
		return quartier.Errorf(quartier.ECONFLICT, "Das Konto %s ist schon gesperrt.", u.Login)
	}
	if self(actor, u) {
		return quartier.Errorf(quartier.EINVALID, "Das eigene Konto kann man nicht sperren.")
	}
	return nil
}

func unlockRule(u *quartier.User) error {
	if !u.Disabled {
		return quartier.Errorf(quartier.ECONFLICT, "Das Konto %s ist nicht gesperrt.", u.Login)
	}
	return nil
}

// resetPasswordRule: one's own password is changed with the current one
// (ChangePassword), else a session left open would hand over the account.
func resetPasswordRule(actor *quartier.Actor, u *quartier.User) error {
	if u.ExternalID != "" {
		return quartier.Errorf(quartier.EINVALID, "Das Konto %s meldet sich über den Anmeldedienst an; sein Passwort wird dort verwaltet.", u.Login)
	}
	if self(actor, u) {
		return quartier.Errorf(quartier.EINVALID, "Das eigene Passwort ändern Sie unter „Mein Konto“ mit dem bisherigen Passwort.")
	}
	return nil
}

// resetFactorRule: one's own factor is replaced with the password or a
// code of the old factor (ConfirmTOTP), for the same reason.
func resetFactorRule(actor *quartier.Actor, u *quartier.User) error {
	if u.TOTPSecret == "" && len(u.RecoveryCodes) == 0 {
		return quartier.Errorf(quartier.ECONFLICT, "Das Konto %s hat keinen zweiten Faktor eingerichtet.", u.Login)
	}
	if self(actor, u) {
		return quartier.Errorf(quartier.EINVALID, "Den eigenen zweiten Faktor ersetzen Sie unter „Mein Konto“ mit Passwort oder Code.")
	}
	return nil
}

// endGrantRule: a grant the identity provider gives comes back at the
// next sign-in, so ending it here would only pretend; and nobody ends her
// own right to manage accounts (the last administrator would be locked
// out; another one, or the command line, can).
func endGrantRule(actor *quartier.Actor, u *quartier.User, g *quartier.Grant, today time.Time) error {
	if g.ValidTo != nil && (!g.ValidTo.After(today) || !g.ValidTo.After(g.ValidFrom)) {
		return quartier.Errorf(quartier.ECONFLICT, "Die Berechtigung ist schon beendet.")
	}
	if g.Source == quartier.GrantFromIdentityProvider {
		return quartier.Errorf(quartier.EINVALID, "Diese Berechtigung vergibt der Anmeldedienst; sie endet, wenn er sie nicht mehr vergibt. Sofort wirkt das Sperren des Kontos.")
	}
	if self(actor, u) && quartier.RoleHas(g.Role, quartier.PermManageUsers) {
		return quartier.Errorf(quartier.EINVALID, "Die eigene Berechtigung zur Kontenverwaltung beendet eine andere Administration oder die Kommandozeile.")
	}
	return nil
}

// UserDetail is one account with its grants and what the acting
// administrator may do with it; the read is audited.
func (a *Service) UserDetail(ctx context.Context, login string) (*UserInfo, error) {
	if err := a.audit.Require(ctx, quartier.PermManageUsers, "user", login); err != nil {
		return nil, err
	}
	actor := quartier.ActorFrom(ctx)
	var out UserInfo
	err := a.store.View(ctx, func(tx Tx) error {
		u, err := tx.UserByLogin(ctx, login)
		if err != nil {
			return err
		}
		grants, err := tx.Grants(ctx, u.ID)
		if err != nil {
			return err
		}
		out.User = *u
		for _, g := range grants {
			out.Grants = append(out.Grants, a.grantInfo(actor, u, g))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	u := &out.User
	out.Actions = Actions{Lock: lockRule(actor, u) == nil, Unlock: unlockRule(u) == nil,
		ResetPassword: resetPasswordRule(actor, u) == nil, ResetSecondFactor: resetFactorRule(actor, u) == nil}
	if err := a.audit.Read(ctx, audit.Event{Action: "user.read", ObjectType: "user", ObjectID: strconv.FormatInt(u.ID, 10), Detail: u.Login}); err != nil {
		return nil, err
	}
	return &out, nil
}

// GrantChoices is what a grant can name: roles, the spaces of the current
// Gebietsstand, teams and providers.
type GrantChoices struct {
	Today  time.Time
	Roles  []quartier.Role
	Spaces []quartier.Space
	Teams  []quartier.Team
	// Providers are the providers assigned to a space today, directly or
	// through an alliance, by name: a provider's grant reaches only those
	// spaces, so only these are worth offering (a city's atlas may list
	// a thousand more, such as every Kita's provider).
	Providers []quartier.Provider
	// ProviderNames names every provider by code, for grants that name
	// one no longer assigned.
	ProviderNames map[string]string
}

// GrantChoices lists what the account forms offer. All of it is public
// data, so the read is not audited.
func (a *Service) GrantChoices(ctx context.Context) (*GrantChoices, error) {
	if err := a.audit.Require(ctx, quartier.PermManageUsers, "user", ""); err != nil {
		return nil, err
	}
	c := &GrantChoices{Today: a.today(), Roles: quartier.Roles}
	if a.spaces != nil {
		spaces, err := a.spaces(ctx)
		switch {
		case err == nil:
			c.Spaces = spaces
		case quartier.ErrorCode(err) != quartier.EINVALID: // EINVALID: no space layer yet
			return nil, err
		}
	}
	err := a.store.View(ctx, func(tx Tx) error {
		var err error
		if c.Teams, err = tx.Teams(ctx, ""); err != nil {
			return err
		}
		all, err := tx.Providers(ctx)
		if err != nil {
			return err
		}
		assigned, err := assignedProviders(ctx, tx, c.Today)
		if err != nil {
			return err
		}
		c.ProviderNames = make(map[string]string, len(all))
		for _, p := range all {
			c.ProviderNames[p.Code] = p.Name
			if assigned[p.Code] {
				c.Providers = append(c.Providers, p)
			}
		}
		return nil
	})
	slices.SortFunc(c.Providers, func(x, y quartier.Provider) int { return strings.Compare(x.Name, y.Name) })
	return c, err
}

// GrantNames names what the grants of users refer to, for the account
// list: the spaces, the teams, and only the providers the grants name.
// GrantChoices would read every provider of the atlas and work out which
// are assigned today (Berlin demo: about 1,400 providers, two thirds of the
// list's time), none of which the list shows. Providers is left empty.
func (a *Service) GrantNames(ctx context.Context, users []UserInfo) (*GrantChoices, error) {
	if err := a.audit.Require(ctx, quartier.PermManageUsers, "user", ""); err != nil {
		return nil, err
	}
	c := &GrantChoices{Today: a.today(), Roles: quartier.Roles, ProviderNames: map[string]string{}}
	if a.spaces != nil {
		spaces, err := a.spaces(ctx)
		switch {
		case err == nil:
			c.Spaces = spaces
		case quartier.ErrorCode(err) != quartier.EINVALID: // EINVALID: no space layer yet
			return nil, err
		}
	}
	err := a.store.View(ctx, func(tx Tx) error {
		var err error
		if c.Teams, err = tx.Teams(ctx, ""); err != nil {
			return err
		}
		for _, u := range users {
			for _, g := range u.Grants {
				code := g.Scope.Ref
				if _, seen := c.ProviderNames[code]; seen || g.Scope.Kind != quartier.ScopeProvider {
					continue
				}
				c.ProviderNames[code] = ""
				switch p, err := tx.ProviderByCode(ctx, code); {
				case err == nil:
					c.ProviderNames[code] = p.Name
				case quartier.ErrorCode(err) != quartier.ENOTFOUND:
					return err
				}
			}
		}
		return nil
	})
	return c, err
}

// assignedProviders are the codes of the providers assigned to a space on
// day, directly or as members of an assigned alliance.
func assignedProviders(ctx context.Context, tx Tx, day time.Time) (map[string]bool, error) {
	as, err := tx.Assignments(ctx, "")
	if err != nil {
		return nil, err
	}
	alliances, err := tx.Alliances(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, x := range as {
		if !x.ValidAt(day) {
			continue
		}
		out[x.Assignee] = true
		for _, al := range alliances {
			if al.Code != x.Assignee {
				continue
			}
			for _, m := range al.MembersAt(day) {
				out[m.Provider] = true
			}
		}
	}
	return out, nil
}

// UserEdit is what an administrator changes of an account itself.
type UserEdit struct{ Name, Email string }

// errUnchanged ends an edit that changes nothing, without a write.
var errUnchanged = errors.New("unchanged")

// UpdateUser changes name and e-mail address of an account.
func (a *Service) UpdateUser(ctx context.Context, login string, e UserEdit) error {
	e.Name, e.Email = strings.TrimSpace(e.Name), strings.TrimSpace(e.Email)
	err := a.change(ctx, login, func(tx Tx, u *quartier.User) (audit.Event, error) {
		var what []string
		if u.Name != e.Name {
			what = append(what, fmt.Sprintf("Name %q → %q", u.Name, e.Name))
		}
		if u.Email != e.Email {
			what = append(what, fmt.Sprintf("E-Mail %q → %q", u.Email, e.Email))
		}
		if len(what) == 0 {
			return audit.Event{}, errUnchanged
		}
		u.Name, u.Email = e.Name, e.Email
		if err := u.Validate(); err != nil {
			return audit.Event{}, err
		}
		return audit.Event{Action: "user.update", Detail: u.Login + ": " + strings.Join(what, ", ")}, tx.UpdateUser(ctx, u)
	})
	if errors.Is(err, errUnchanged) {
		return nil
	}
	return err
}

// LockUser locks an account: it cannot sign in any more, and its
// sessions end now.
func (a *Service) LockUser(ctx context.Context, login string) error {
	return a.change(ctx, login, func(tx Tx, u *quartier.User) (audit.Event, error) {
		if err := lockRule(quartier.ActorFrom(ctx), u); err != nil {
			return audit.Event{}, err
		}
		u.Disabled = true
		if err := tx.UpdateUser(ctx, u); err != nil {
			return audit.Event{}, err
		}
		n, err := endSessions(ctx, tx, u.ID, 0)
		if err != nil {
			return audit.Event{}, err
		}
		// A lock ends a takeover: tokens made in the account do not come
		// back with the unlock.
		k, err := endTokens(ctx, tx, u.ID)
		detail := fmt.Sprintf("%s gesperrt, %d Sitzungen beendet", u.Login, n)
		if k > 0 {
			detail += fmt.Sprintf(", %d API-Schlüssel widerrufen", k)
		}
		return audit.Event{Action: "user.lock", Detail: detail}, err
	})
}

// UnlockUser lets a locked account sign in again.
func (a *Service) UnlockUser(ctx context.Context, login string) error {
	return a.change(ctx, login, func(tx Tx, u *quartier.User) (audit.Event, error) {
		if err := unlockRule(u); err != nil {
			return audit.Event{}, err
		}
		u.Disabled = false
		return audit.Event{Action: "user.unlock", Detail: u.Login + " entsperrt"}, tx.UpdateUser(ctx, u)
	})
}

// ResetPassword gives an account a new initial password, returned to be
// handed to the person once: she must replace it at her next sign-in
// (within InitialPasswordValid), and the account's sessions end now. The
// old password stops working, so a reset also locks out whoever knew it.
func (a *Service) ResetPassword(ctx context.Context, login string) (string, error) {
	if err := a.audit.Require(ctx, quartier.PermManageUsers, "user", login); err != nil {
		return "", err
	}
	// Hashing takes a tenth of a second: not inside the write transaction.
	var name string
	if err := a.store.View(ctx, func(tx Tx) error {
		u, err := tx.UserByLogin(ctx, login)
		if err == nil {
			name = u.Name
		}
		return err
	}); err != nil {
		return "", err
	}
	pw, err := initialPassword(login, name)
	if err != nil {
		return "", err
	}
	hash, err := a.hashPassword(ctx, pw)
	if err != nil {
		return "", err
	}
	err = a.change(ctx, login, func(tx Tx, u *quartier.User) (audit.Event, error) {
		if err := resetPasswordRule(quartier.ActorFrom(ctx), u); err != nil {
			return audit.Event{}, err
		}
		u.PasswordHash, u.MustChangePassword, u.PasswordSetAt = hash, true, a.now().UTC().Truncate(time.Microsecond)
		if err := tx.UpdateUser(ctx, u); err != nil {
			return audit.Event{}, err
		}
		n, err := endSessions(ctx, tx, u.ID, 0)
		if err != nil {
			return audit.Event{}, err
		}
		// Whoever knew the old password could have made a token with it.
		k, err := endTokens(ctx, tx, u.ID)
		return audit.Event{Action: "user.password_reset", Detail: fmt.Sprintf("%s: vorläufiges Passwort vergeben, %d Sitzungen beendet, %d API-Schlüssel widerrufen", u.Login, n, k)}, err
	})
	if err != nil {
		return "", err
	}
	return pw, nil
}

// ResetSecondFactor removes an account's second factor and recovery
// codes (a lost phone) and ends its sessions. The person enrols a new one
// right after her next sign-in, before anything else opens: the reset
// must not quietly leave an account that had a factor with none.
func (a *Service) ResetSecondFactor(ctx context.Context, login string) error {
	return a.change(ctx, login, func(tx Tx, u *quartier.User) (audit.Event, error) {
		if err := resetFactorRule(quartier.ActorFrom(ctx), u); err != nil {
			return audit.Event{}, err
		}
		u.TOTPSecret, u.TOTPLastStep, u.RecoveryCodes, u.MustEnrollTOTP = "", 0, nil, true
		if err := tx.UpdateUser(ctx, u); err != nil {
			return audit.Event{}, err
		}
		n, err := endSessions(ctx, tx, u.ID, 0)
		return audit.Event{Action: "user.totp_reset", Detail: fmt.Sprintf("%s: zweiter Faktor entfernt, neu einzurichten, %d Sitzungen beendet", u.Login, n)}, err
	})
}

// EndGrant ends a grant of the account on day validTo (zero: today): from
// that day on it gives nothing. Nothing ends in the past, since the audit
// log must stay readable against the grants as they were; a grant that
// has not begun by then never comes into force.
func (a *Service) EndGrant(ctx context.Context, login string, grantID int64, validTo time.Time) error {
	today := a.today()
	if validTo.IsZero() {
		validTo = today
	}
	validTo = quartier.Day(validTo)
	if validTo.Before(today) {
		return located("valid_to", quartier.Errorf(quartier.EINVALID, "Eine Berechtigung endet frühestens heute (%s); rückwirkend wird nichts geändert.", today.Format(quartier.GermanDateLayout)))
	}
	return a.change(ctx, login, func(tx Tx, u *quartier.User) (audit.Event, error) {
		grants, err := tx.Grants(ctx, u.ID)
		if err != nil {
			return audit.Event{}, err
		}
		i := -1
		for j := range grants {
			if grants[j].ID == grantID {
				i = j
			}
		}
		if i < 0 {
			return audit.Event{}, quartier.Errorf(quartier.ENOTFOUND, "Das Konto %s hat keine Berechtigung Nr. %d.", u.Login, grantID)
		}
		g := grants[i]
		if err := endGrantRule(quartier.ActorFrom(ctx), u, &g, today); err != nil {
			return audit.Event{}, err
		}
		end := validTo
		if end.Before(g.ValidFrom) {
			end = g.ValidFrom
		}
		if g.ValidTo != nil && !end.Before(*g.ValidTo) {
			return audit.Event{}, located("valid_to", quartier.Errorf(quartier.ECONFLICT, "Die Berechtigung endet schon am %s.", g.ValidTo.Format(quartier.GermanDateLayout)))
		}
		if err := tx.EndGrant(ctx, g.ID, end); err != nil {
			return audit.Event{}, err
		}
		detail := fmt.Sprintf("%s: Berechtigung Nr. %d (%s, %s) endet am %s", u.Login, g.ID, g.Role, g.Scope, end.Format(quartier.GermanDateLayout))
		if end.Equal(g.ValidFrom) {
			detail += " (nie in Kraft)"
		}
		return audit.Event{Action: "grant.end", ObjectType: "grant", ObjectID: strconv.FormatInt(g.ID, 10), Detail: detail}, nil
	})
}

// change runs fn on the account login as one audited change of
// PermManageUsers; fn's event names the account unless it names another
// object (a grant).
func (a *Service) change(ctx context.Context, login string, fn func(tx Tx, u *quartier.User) (audit.Event, error)) error {
	return audit.Change(ctx, a.audit, a.store, quartier.PermManageUsers, "user", login, func(tx Tx) (audit.Event, error) {
		u, err := tx.UserByLogin(ctx, login)
		if err != nil {
			return audit.Event{}, err
		}
		ev, err := fn(tx, u)
		if ev.ObjectType == "" {
			ev.ObjectType, ev.ObjectID = "user", strconv.FormatInt(u.ID, 10)
		}
		return ev, err
	})
}

// endTokens revokes every API token of the user: a session someone took
// over can make tokens, which would outlast the sessions ended.
func endTokens(ctx context.Context, tx Tx, userID int64) (int, error) {
	tokens, err := tx.UserAPITokens(ctx, userID)
	if err != nil {
		return 0, err
	}
	for i, k := range tokens {
		if err := tx.DeleteAPIToken(ctx, userID, k.ID); err != nil {
			return i, err
		}
	}
	return len(tokens), nil
}

// endSessions ends the sessions of a user but keep (0: all) and says how
// many ended.
func endSessions(ctx context.Context, tx Tx, userID, keep int64) (int, error) {
	sessions, err := tx.UserSessions(ctx, userID)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, s := range sessions {
		if s.ID == keep {
			continue
		}
		if err := tx.DeleteSession(ctx, s.ID); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
