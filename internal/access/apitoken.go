package access

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
)

// tokenPrefix marks Quartier's API tokens, so that secret scanners and
// people recognise one pasted where it does not belong.
const tokenPrefix = "qrt_"

// CreateAPIToken makes an API token for the acting person, valid for days
// (1 to quartier.MaxTokenDays), and returns it in plain text: this is the
// only time it is shown. Only a person signed in with a session makes
// tokens; a token cannot make another one. She proves herself again with
// her password or a current code (as for replacing the second factor):
// else whoever holds her session for a moment (an unlocked screen, a
// stolen cookie) would leave with a credential that outlives it.
func (a *Service) CreateAPIToken(ctx context.Context, name string, days int, proof Reauth) (string, *quartier.APIToken, error) {
	actor := quartier.ActorFrom(ctx)
	if actor == nil || actor.UserID == 0 || actor.TokenID != 0 {
		return "", nil, quartier.Errorf(quartier.EUNAUTH, "Nur eine angemeldete Person kann API-Schlüssel anlegen.")
	}
	name = strings.TrimSpace(name)
	switch n := utf8.RuneCountInString(name); {
	case n == 0:
		return "", nil, quartier.NewFieldError("name", "Bitte angeben, wofür der Schlüssel ist (z. B. „QGIS Planung“).")
	case n > 80:
		return "", nil, quartier.NewFieldError("name", "Höchstens 80 Zeichen.")
	}
	if days < 1 || days > quartier.MaxTokenDays {
		return "", nil, quartier.NewFieldError("days", "Gültigkeit: 1 bis %d Tage.", quartier.MaxTokenDays)
	}
	u, _, err := a.secondFactorOf(ctx, actor.UserID)
	if err != nil {
		return "", nil, err
	}
	if err := a.reauthenticate(ctx, u, proof, "apitoken.create"); err != nil {
		return "", nil, err
	}
	secret, _, err := newToken()
	if err != nil {
		return "", nil, err
	}
	now := a.now().UTC().Truncate(time.Microsecond)
	k := &quartier.APIToken{TokenHash: tokenHash(tokenPrefix + secret), UserID: actor.UserID, Name: name, CreatedAt: now, ExpiresAt: now.AddDate(0, 0, days)}
	err = a.store.Update(ctx, func(tx Tx) error {
		if err := tx.CreateAPIToken(ctx, k); err != nil {
			return err
		}
		return a.audit.Write(ctx, tx, audit.Event{Action: "apitoken.create", ObjectType: "apitoken", ObjectID: strconv.FormatInt(k.ID, 10),
			Detail: fmt.Sprintf("„%s“, gültig bis %s", name, k.ExpiresAt.Format(quartier.GermanDateLayout))})
	})
	if err != nil {
		return "", nil, err
	}
	return tokenPrefix + secret, k, nil
}

// OwnAPITokens lists the acting person's API tokens, newest first.
func (a *Service) OwnAPITokens(ctx context.Context) ([]quartier.APIToken, error) {
	actor := quartier.ActorFrom(ctx)
	if actor == nil || actor.UserID == 0 {
		return nil, quartier.Errorf(quartier.EUNAUTH, "Nicht angemeldet.")
	}
	var out []quartier.APIToken
	err := a.store.View(ctx, func(tx Tx) error {
		var err error
		out, err = tx.UserAPITokens(ctx, actor.UserID)
		return err
	})
	return out, err
}

// RevokeAPIToken deletes one of the acting person's tokens; a program
// using it is refused from the next request on.
func (a *Service) RevokeAPIToken(ctx context.Context, id int64) error {
	actor := quartier.ActorFrom(ctx)
	if actor == nil || actor.UserID == 0 || actor.TokenID != 0 {
		return quartier.Errorf(quartier.EUNAUTH, "Nicht angemeldet.")
	}
	return a.store.Update(ctx, func(tx Tx) error {
		if err := tx.DeleteAPIToken(ctx, actor.UserID, id); err != nil {
			return err
		}
		return a.audit.Write(ctx, tx, audit.Event{Action: "apitoken.revoke", ObjectType: "apitoken", ObjectID: strconv.FormatInt(id, 10)})
	})
}

// AuthenticateToken turns an API token into an actor: its owner with the
// grants in force today, each limited to quartier.TokenPermissions. An
// unknown or expired token, or one of a locked account, yields EUNAUTH.
func (a *Service) AuthenticateToken(ctx context.Context, token string) (*quartier.Actor, error) {
	if !strings.HasPrefix(token, tokenPrefix) {
		return nil, quartier.Errorf(quartier.EUNAUTH, "Das ist kein API-Schlüssel von Quartier.")
	}
	now := a.now()
	var actor *quartier.Actor
	var k *quartier.APIToken
	err := a.store.View(ctx, func(tx Tx) error {
		var err error
		if k, err = tx.APITokenByHash(ctx, tokenHash(token)); err != nil {
			return err
		}
		if !now.Before(k.ExpiresAt) {
			return quartier.Errorf(quartier.EUNAUTH, "Der API-Schlüssel ist am %s abgelaufen.", k.ExpiresAt.Format(quartier.GermanDateLayout))
		}
		u, err := tx.UserByID(ctx, k.UserID)
		if err != nil {
			return err
		}
		if u.Disabled {
			return quartier.Errorf(quartier.EUNAUTH, "Das Konto des API-Schlüssels ist gesperrt.")
		}
		grants, err := activeGrants(ctx, tx, u.ID, quartier.Day(now))
		if err != nil {
			return err
		}
		// Until the owner has chosen her own password and set up a second
		// factor her roles require, her sessions open nothing; neither do
		// her tokens.
		if u.MustChangePassword || a.mustEnroll(u, grants) {
			grants = nil
		}
		for i := range grants {
			grants[i].Limit = quartier.TokenPermissions
		}
		actor = &quartier.Actor{UserID: u.ID, Login: u.Login, Name: u.Name, TokenID: k.ID, Grants: grants}
		return nil
	})
	if quartier.ErrorCode(err) == quartier.ENOTFOUND {
		return nil, quartier.Errorf(quartier.EUNAUTH, "Der API-Schlüssel ist unbekannt oder widerrufen.")
	}
	if err != nil {
		return nil, err
	}
	if now.Sub(k.LastUsed) > touchEvery {
		a.store.Update(ctx, func(tx Tx) error { return tx.TouchAPIToken(ctx, k.ID, now.UTC().Truncate(time.Microsecond)) })
	}
	return actor, nil
}
