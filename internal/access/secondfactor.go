package access

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/totp"
)

// TOTPRoles are the roles that must sign in with a second factor. Roles
// that can reach personal data require it by default; an office may widen
// the list (Options.TOTPRoles).
func DefaultTOTPRoles() []quartier.Role {
	return []quartier.Role{quartier.RoleAdmin, quartier.RoleDPO, quartier.RoleASD, quartier.RoleASDLead, quartier.RoleProviderStaff, quartier.RoleProviderLead}
}

// Enrollment is a new TOTP secret waiting for its first code.
type Enrollment struct {
	Secret string
	URI    string // otpauth:// for authenticator apps
	// Replacing: the account has a second factor, which this one replaces.
	Replacing bool
	// Reauth: ConfirmTOTP wants the current password (or, when replacing,
	// a current code of the old factor); see ConfirmTOTP.
	Reauth bool
}

// Reauth is how a signed-in user proves herself again before she changes
// her second factor: the current password, or a current code of the
// factor she replaces.
type Reauth struct {
	Password string
	Code     string
}

// StartTOTP creates a secret for the acting user; nothing is stored until
// ConfirmTOTP proves the app produces matching codes.
func (a *Service) StartTOTP(ctx context.Context) (*Enrollment, error) {
	actor := quartier.ActorFrom(ctx)
	if actor == nil || actor.UserID == 0 {
		return nil, quartier.Errorf(quartier.EUNAUTH, "Nicht angemeldet.")
	}
	u, reauth, err := a.secondFactorOf(ctx, actor.UserID)
	if err != nil {
		return nil, err
	}
	secret, err := totp.NewSecret()
	if err != nil {
		return nil, err
	}
	return &Enrollment{Secret: secret, URI: totp.URI(secret, "Quartier", actor.Login), Replacing: u.TOTPSecret != "", Reauth: reauth}, nil
}

// secondFactorOf loads the account and tells whether changing its second
// factor needs a re-authentication: always, except for the enrolment that
// the account's roles (or an administrator's reset) force. Such a session
// was opened with the password moments ago and grants nothing until the
// enrolment is done, so asking for the password again would prove nothing
// new; and should a stolen one of these sessions enrol first, the owner
// replaces that factor with her password.
func (a *Service) secondFactorOf(ctx context.Context, userID int64) (*quartier.User, bool, error) {
	var u *quartier.User
	var forced bool
	err := a.store.View(ctx, func(tx Tx) error {
		var err error
		if u, err = tx.UserByID(ctx, userID); err != nil {
			return err
		}
		grants, err := activeGrants(ctx, tx, u.ID, quartier.Day(a.now()))
		forced = a.mustEnroll(u, grants)
		return err
	})
	return u, !forced, err
}

// ConfirmTOTP stores the secret once a code from it checks out and returns
// fresh recovery codes (shown once; only their hashes are kept). Unless
// the account's roles force this first enrolment, the user proves herself
// first (see secondFactorOf): else whoever holds a session for a moment
// (an unlocked screen, a stolen cookie) could replace the factor and the
// recovery codes and keep the account. Proofs are throttled like
// sign-ins, and replacements are audited either way.
func (a *Service) ConfirmTOTP(ctx context.Context, secret, code string, proof Reauth) ([]string, error) {
	actor := quartier.ActorFrom(ctx)
	if actor == nil || actor.UserID == 0 {
		return nil, quartier.Errorf(quartier.EUNAUTH, "Nicht angemeldet.")
	}
	now := a.now()
	step, ok := totp.Validate(secret, code, now, 0)
	if !ok {
		return nil, quartier.Errorf(quartier.EINVALID, "Der Code passt nicht. Bitte die Uhrzeit des Telefons prüfen und den nächsten Code eingeben.")
	}
	u, reauth, err := a.secondFactorOf(ctx, actor.UserID)
	if err != nil {
		return nil, err
	}
	action := "totp.enroll"
	if u.TOTPSecret != "" {
		action = "totp.replace"
	}
	if reauth {
		if err := a.reauthenticate(ctx, u, proof, action); err != nil {
			return nil, err
		}
	}
	codes, err := totp.NewRecoveryCodes(10)
	if err != nil {
		return nil, err
	}
	err = a.store.Update(ctx, func(tx Tx) error {
		cur, err := tx.UserByID(ctx, actor.UserID)
		if err != nil {
			return err
		}
		if cur.TOTPSecret != u.TOTPSecret {
			return quartier.Errorf(quartier.ECONFLICT, "Der zweite Faktor wurde inzwischen anderswo geändert. Bitte die Seite neu laden.")
		}
		cur.TOTPSecret, cur.TOTPLastStep, cur.RecoveryCodes, cur.MustEnrollTOTP = secret, step, nil, false
		for _, c := range codes {
			cur.RecoveryCodes = append(cur.RecoveryCodes, totp.HashRecoveryCode(c))
		}
		if err := tx.UpdateUser(ctx, cur); err != nil {
			return err
		}
		return a.audit.Write(ctx, tx, audit.Event{Action: action, ObjectType: "user", ObjectID: strconv.FormatInt(cur.ID, 10)})
	})
	if err != nil {
		return nil, err
	}
	return codes, nil
}

// reauthenticate checks proof for u. An account without a password (of an
// identity provider) that has no factor yet has nothing to prove here.
func (a *Service) reauthenticate(ctx context.Context, u *quartier.User, proof Reauth, action string) error {
	if proof.Password == "" && proof.Code == "" {
		if u.PasswordHash == "" && u.TOTPSecret == "" {
			return nil
		}
		msg := "Zur Bestätigung bitte das aktuelle Passwort eingeben."
		if u.TOTPSecret != "" {
			msg = "Zur Bestätigung bitte das aktuelle Passwort oder einen aktuellen Code der bisherigen App eingeben."
		}
		a.audit.Alone(ctx, audit.Event{Action: action, ObjectType: "user", ObjectID: strconv.FormatInt(u.ID, 10), Outcome: quartier.OutcomeFailed, Detail: "ohne Bestätigung"})
		return quartier.Errorf(quartier.EUNAUTH, "%s", msg)
	}
	at, wait, byAddress := a.throttle.reserve(a.now(), u.Login, audit.RemoteFrom(ctx))
	if at == nil {
		return a.refuse(ctx, u.Login, "Bestätigung", wait, byAddress)
	}
	// Either proof suffices; a code is checked first, being cheap.
	_, ok := totp.Validate(u.TOTPSecret, proof.Code, a.now(), u.TOTPLastStep)
	if !ok && proof.Password != "" {
		var err error
		if ok, err = a.checkPassword(ctx, proof.Password, u.PasswordHash); err != nil {
			at.refund()
			return a.busy(ctx, err)
		}
	}
	if !ok {
		a.audit.Alone(ctx, audit.Event{Action: action, ObjectType: "user", ObjectID: strconv.FormatInt(u.ID, 10), Outcome: quartier.OutcomeFailed, Detail: "Bestätigung falsch"})
		return quartier.Errorf(quartier.EUNAUTH, "Das Passwort oder der Code stimmt nicht.")
	}
	at.refund()
	return nil
}

// errWrongCode is the answer to a code that does not check out.
var errWrongCode = quartier.Errorf(quartier.EUNAUTH, "Der Code ist falsch oder schon verwendet.")

// VerifySecondFactor completes a sign-in with a TOTP code or a recovery
// code (each usable once). Attempts are counted like passwords, before the
// code is checked.
func (a *Service) VerifySecondFactor(ctx context.Context, token, code string) error {
	now := a.now()
	var login string
	err := a.store.View(ctx, func(tx Tx) error {
		_, u, err := pendingSession(ctx, tx, token)
		if err == nil {
			login = u.Login
		}
		return err
	})
	if err != nil {
		return err
	}
	at, wait, byAddress := a.throttle.reserve(now, login, audit.RemoteFrom(ctx))
	if at == nil {
		return a.refuse(ctx, login, "Zweiter Faktor", wait, byAddress)
	}
	err = a.store.Update(ctx, func(tx Tx) error {
		s, u, err := pendingSession(ctx, tx, token)
		if err != nil {
			return err
		}
		used, err := useSecondFactor(u, code, now)
		if err != nil {
			return err
		}
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		s.SecondFactor = true
		if err := tx.UpdateSession(ctx, s); err != nil {
			return err
		}
		return a.audit.Write(ctx, tx, audit.Event{Action: "signin.second_factor", ObjectType: "user", ObjectID: strconv.FormatInt(u.ID, 10), Login: u.Login, UserID: u.ID, Detail: used})
	})
	switch {
	case err == nil:
		at.succeeded()
	case errors.Is(err, errWrongCode):
		a.audit.Alone(ctx, audit.Event{Action: "signin.second_factor", ObjectType: "user", Outcome: quartier.OutcomeFailed, Login: login})
	default:
		at.refund()
	}
	return err
}

// useSecondFactor accepts a current TOTP code (not one already used) or a
// recovery code, which it strikes off; it says which.
func useSecondFactor(u *quartier.User, code string, now time.Time) (string, error) {
	if step, ok := totp.Validate(u.TOTPSecret, code, now, u.TOTPLastStep); ok && u.TOTPSecret != "" {
		u.TOTPLastStep = step
		return "", nil
	}
	if h := totp.HashRecoveryCode(code); slices.Contains(u.RecoveryCodes, h) {
		u.RecoveryCodes = slices.DeleteFunc(u.RecoveryCodes, func(x string) bool { return x == h })
		return "Wiederherstellungscode", nil
	}
	return "", errWrongCode
}

// pendingSession is the session of token waiting for its code, with its
// account.
func pendingSession(ctx context.Context, tx Tx, token string) (*quartier.Session, *quartier.User, error) {
	s, err := tx.SessionByTokenHash(ctx, tokenHash(token))
	if err != nil {
		return nil, nil, quartier.Errorf(quartier.EUNAUTH, "Die Anmeldung ist abgelaufen. Bitte erneut anmelden.")
	}
	u, err := tx.UserByID(ctx, s.UserID)
	return s, u, err
}
