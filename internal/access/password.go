package access

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/password"
)

// OwnAccount is what the account page shows a person of her own account.
type OwnAccount struct {
	Login, Name string
	// HasPassword is false for an account of the identity provider.
	HasPassword        bool
	MustChangePassword bool
	PasswordSetAt      time.Time // zero: not recorded
	SecondFactor       bool
}

// OwnAccount describes the acting user's account.
func (a *Service) OwnAccount(ctx context.Context) (*OwnAccount, error) {
	actor := quartier.ActorFrom(ctx)
	if actor == nil || actor.UserID == 0 {
		return nil, quartier.Errorf(quartier.EUNAUTH, "Nicht angemeldet.")
	}
	var u *quartier.User
	if err := a.store.View(ctx, func(tx Tx) error {
		var err error
		u, err = tx.UserByID(ctx, actor.UserID)
		return err
	}); err != nil {
		return nil, err
	}
	return &OwnAccount{Login: u.Login, Name: u.Name, HasPassword: u.PasswordHash != "", MustChangePassword: u.MustChangePassword,
		PasswordSetAt: u.PasswordSetAt, SecondFactor: u.TOTPSecret != ""}, nil
}

// ChangePassword sets the acting user's password. The current one is
// asked for (throttled like a sign-in): whoever finds a session open must
// not be able to take the account over. The new one follows the policy and
// differs from the current one (which, after a reset, an administrator
// knows). The user's other sessions end; this one stays.
func (a *Service) ChangePassword(ctx context.Context, current, next string) error {
	actor := quartier.ActorFrom(ctx)
	if actor == nil || actor.UserID == 0 {
		return quartier.Errorf(quartier.EUNAUTH, "Nicht angemeldet.")
	}
	var u *quartier.User
	if err := a.store.View(ctx, func(tx Tx) error {
		var err error
		u, err = tx.UserByID(ctx, actor.UserID)
		return err
	}); err != nil {
		return err
	}
	if u.PasswordHash == "" {
		return quartier.Errorf(quartier.EINVALID, "Ihr Konto meldet sich über den Anmeldedienst an; Ihr Passwort ändern Sie dort.")
	}
	var curErr, nextErr error
	if current == "" {
		curErr = located("current_password", quartier.Errorf(quartier.EINVALID, "Bitte das bisherige Passwort eingeben."))
	}
	nextErr = located("new_password", password.Check(next, u.Login, u.Name))
	if nextErr == nil && next == current {
		nextErr = located("new_password", quartier.Errorf(quartier.EINVALID, "Das neue Passwort muss sich vom bisherigen unterscheiden."))
	}
	if err := findings(curErr, nextErr); err != nil {
		return err
	}
	if err := a.reauthenticate(ctx, u, Reauth{Password: current}, "password.change"); err != nil {
		if quartier.ErrorCode(err) == quartier.EUNAUTH {
			return located("current_password", quartier.Errorf(quartier.EUNAUTH, "Das bisherige Passwort stimmt nicht."))
		}
		return err
	}
	hash, err := a.hashPassword(ctx, next)
	if err != nil {
		return err
	}
	return a.store.Update(ctx, func(tx Tx) error {
		cur, err := tx.UserByID(ctx, u.ID)
		if err != nil {
			return err
		}
		if cur.PasswordHash != u.PasswordHash {
			return quartier.Errorf(quartier.ECONFLICT, "Das Passwort wurde inzwischen anderswo geändert. Bitte erneut anmelden.")
		}
		cur.PasswordHash, cur.MustChangePassword, cur.PasswordSetAt = hash, false, a.now().UTC().Truncate(time.Microsecond)
		if err := tx.UpdateUser(ctx, cur); err != nil {
			return err
		}
		n, err := endSessions(ctx, tx, cur.ID, actor.SessionID)
		if err != nil {
			return err
		}
		return a.audit.Write(ctx, tx, audit.Event{Action: "password.change", ObjectType: "user", ObjectID: strconv.FormatInt(cur.ID, 10),
			Detail: fmt.Sprintf("%d andere Sitzungen beendet", n)})
	})
}

// initialExpired reports whether u signs in with a password someone else
// chose that is older than InitialPasswordValid.
func initialExpired(u *quartier.User, now time.Time) bool {
	return u.MustChangePassword && !u.PasswordSetAt.IsZero() && now.Sub(u.PasswordSetAt) > InitialPasswordValid
}
