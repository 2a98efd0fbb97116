package app

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/totp"
)

// TOTPRoles are the roles that must sign in with a second factor. Roles
// that can reach personal data require it by default; an office may widen
// the list (Options.TOTPRoles).
var DefaultTOTPRoles = []quartier.Role{quartier.RoleAdmin, quartier.RoleDPO, quartier.RoleASD, quartier.RoleASDLead, quartier.RoleProviderStaff, quartier.RoleProviderLead}

// Enrollment is a new TOTP secret waiting for its first code.
type Enrollment struct {
	Secret string
	URI    string // otpauth:// for authenticator apps
}

// StartTOTP creates a secret for the acting user; nothing is stored until
// ConfirmTOTP proves the app produces matching codes.
func (a *App) StartTOTP(ctx context.Context) (*Enrollment, error) {
	actor := quartier.ActorFrom(ctx)
	if actor == nil || actor.UserID == 0 {
		return nil, quartier.Errorf(quartier.EUNAUTH, "Nicht angemeldet.")
	}
	secret, err := totp.NewSecret()
	if err != nil {
		return nil, err
	}
	return &Enrollment{Secret: secret, URI: totp.URI(secret, "Quartier", actor.Login)}, nil
}

// ConfirmTOTP stores the secret once a code from it checks out and returns
// fresh recovery codes (shown once; only their hashes are kept).
func (a *App) ConfirmTOTP(ctx context.Context, secret, code string) ([]string, error) {
	actor := quartier.ActorFrom(ctx)
	if actor == nil || actor.UserID == 0 {
		return nil, quartier.Errorf(quartier.EUNAUTH, "Nicht angemeldet.")
	}
	step, ok := totp.Validate(secret, code, a.now(), 0)
	if !ok {
		return nil, quartier.Errorf(quartier.EINVALID, "Der Code passt nicht. Bitte die Uhrzeit des Telefons prüfen und den nächsten Code eingeben.")
	}
	codes, err := totp.NewRecoveryCodes(10)
	if err != nil {
		return nil, err
	}
	err = a.store.Update(ctx, func(tx quartier.Tx) error {
		u, err := tx.UserByID(ctx, actor.UserID)
		if err != nil {
			return err
		}
		u.TOTPSecret, u.TOTPLastStep, u.RecoveryCodes = secret, step, nil
		for _, c := range codes {
			u.RecoveryCodes = append(u.RecoveryCodes, totp.HashRecoveryCode(c))
		}
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		return a.audit(ctx, tx, Audit{Action: "totp.enroll", ObjectType: "user", ObjectID: strconv.FormatInt(u.ID, 10)})
	})
	if err != nil {
		return nil, err
	}
	return codes, nil
}

// errWrongCode is the answer to a code that does not check out.
var errWrongCode = quartier.Errorf(quartier.EUNAUTH, "Der Code ist falsch oder schon verwendet.")

// VerifySecondFactor completes a sign-in with a TOTP code or a recovery
// code (each usable once). Attempts are counted like passwords, before the
// code is checked.
func (a *App) VerifySecondFactor(ctx context.Context, token, code string) error {
	now := a.now()
	var login string
	err := a.store.View(ctx, func(tx quartier.Tx) error {
		s, err := tx.SessionByTokenHash(ctx, tokenHash(token))
		if err != nil {
			return quartier.Errorf(quartier.EUNAUTH, "Die Anmeldung ist abgelaufen. Bitte erneut anmelden.")
		}
		u, err := tx.UserByID(ctx, s.UserID)
		if err != nil {
			return err
		}
		login = u.Login
		return nil
	})
	if err != nil {
		return err
	}
	at, wait, byAddress := a.throttle.reserve(now, login, remoteFrom(ctx))
	if at == nil {
		return a.refuse(ctx, login, "Zweiter Faktor", wait, byAddress)
	}
	err = a.store.Update(ctx, func(tx quartier.Tx) error {
		s, err := tx.SessionByTokenHash(ctx, tokenHash(token))
		if err != nil {
			return quartier.Errorf(quartier.EUNAUTH, "Die Anmeldung ist abgelaufen. Bitte erneut anmelden.")
		}
		u, err := tx.UserByID(ctx, s.UserID)
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
		return a.audit(ctx, tx, Audit{Action: "signin.second_factor", ObjectType: "user", ObjectID: strconv.FormatInt(u.ID, 10), Login: u.Login, UserID: u.ID, Detail: used})
	})
	switch {
	case err == nil:
		at.succeeded()
	case errors.Is(err, errWrongCode):
		a.auditAlone(ctx, Audit{Action: "signin.second_factor", ObjectType: "user", Outcome: quartier.OutcomeFailed, Login: login})
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
