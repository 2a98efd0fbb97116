package app

import (
	"context"
	"slices"
	"strconv"

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

// VerifySecondFactor completes a sign-in with a TOTP code or a recovery
// code (each usable once). Failures count towards the same throttle as
// passwords.
func (a *App) VerifySecondFactor(ctx context.Context, token, code string) error {
	now := a.now()
	var login string
	err := a.store.Update(ctx, func(tx quartier.Tx) error {
		s, err := tx.SessionByTokenHash(ctx, tokenHash(token))
		if err != nil {
			return quartier.Errorf(quartier.EUNAUTH, "Die Anmeldung ist abgelaufen. Bitte erneut anmelden.")
		}
		u, err := tx.UserByID(ctx, s.UserID)
		if err != nil {
			return err
		}
		login = u.Login
		if d := a.throttle.wait(now, "u:"+u.Login, "ip:"+remoteFrom(ctx)); d > 0 {
			return quartier.Errorf(quartier.ETOOMANY, "Zu viele Fehlversuche. Bitte später erneut versuchen.")
		}
		used := ""
		if step, ok := totp.Validate(u.TOTPSecret, code, now, u.TOTPLastStep); ok && u.TOTPSecret != "" {
			u.TOTPLastStep = step
		} else if h := totp.HashRecoveryCode(code); slices.Contains(u.RecoveryCodes, h) {
			u.RecoveryCodes = slices.DeleteFunc(u.RecoveryCodes, func(x string) bool { return x == h })
			used = "Wiederherstellungscode"
		} else {
			return quartier.Errorf(quartier.EUNAUTH, "Der Code ist falsch oder schon verwendet.")
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
	if quartier.ErrorCode(err) == quartier.EUNAUTH && login != "" {
		a.throttle.fail(now, "u:"+login, "ip:"+remoteFrom(ctx))
		a.auditAlone(ctx, Audit{Action: "signin.second_factor", ObjectType: "user", Outcome: quartier.OutcomeFailed, Login: login})
	}
	return err
}
