package access

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/textde"
)

// RoleRule maps a claim of the municipal identity provider to a grant:
// when the claim (a string or a list such as "groups") holds Value, the
// user gets Role within Scope.
type RoleRule struct {
	Claim string         `json:"claim"`
	Value string         `json:"value"`
	Role  quartier.Role  `json:"role"`
	Scope quartier.Scope `json:"scope"`
}

// ExternalIdentity is a user vouched for by an OpenID Connect provider.
type ExternalIdentity struct {
	Issuer, Subject string
	Login, Name     string
	Email           string
	Claims          map[string]any
}

func (r RoleRule) matches(claims map[string]any) bool {
	switch v := claims[r.Claim].(type) {
	case string:
		return v == r.Value
	case []any:
		for _, x := range v {
			if s, ok := x.(string); ok && s == r.Value {
				return true
			}
		}
	case bool:
		return strconv.FormatBool(v) == r.Value
	}
	return false
}

// SignInExternal opens a session for an identity the provider has
// authenticated (its own second factor applies). The account is created
// on first sign-in without a password; the grants the rules give are
// added when missing. An identity that matches no rule gets no session:
// deny by default.
func (a *Service) SignInExternal(ctx context.Context, id ExternalIdentity, rules []RoleRule, userAgent string) (*SignInResult, error) {
	var grants []quartier.Grant
	for _, r := range rules {
		if r.matches(id.Claims) {
			if r.Scope.Kind == "" {
				r.Scope.Kind = quartier.ScopeAll
			}
			grants = append(grants, quartier.Grant{Role: r.Role, Scope: r.Scope, ValidFrom: a.today(), Source: quartier.GrantFromIdentityProvider})
		}
	}
	login := externalLogin(id)
	now := a.now().UTC().Truncate(time.Microsecond)
	if len(grants) == 0 {
		err := a.store.Update(ctx, func(tx Tx) error {
			// Someone the provider no longer gives any role loses the
			// grants it gave earlier, not only this sign-in.
			if u, err := tx.UserByLogin(ctx, login); err == nil && u.ExternalID == id.key() {
				if err := a.syncClaimedGrants(ctx, tx, u, nil, now); err != nil {
					return err
				}
			} else if quartier.ErrorCode(err) != quartier.ENOTFOUND {
				return err
			}
			return a.audit.Write(ctx, tx, audit.Event{Action: "signin.oidc", ObjectType: "user", Outcome: quartier.OutcomeDenied, Login: login, Detail: "keine Rolle aus den Angaben des Anmeldedienstes"})
		})
		if err != nil {
			return nil, err
		}
		return nil, quartier.Errorf(quartier.EFORBIDDEN, "Der Anmeldedienst hat Sie erkannt, aber Ihnen ist in Quartier keine Rolle zugeordnet.")
	}
	token, th, err := newToken()
	if err != nil {
		return nil, err
	}
	var res SignInResult
	err = a.store.Update(ctx, func(tx Tx) error {
		u, err := tx.UserByLogin(ctx, login)
		switch {
		case quartier.ErrorCode(err) == quartier.ENOTFOUND:
			u = &quartier.User{Login: login, Name: id.Name, Email: id.Email, ExternalID: id.key()}
			if u.Name == "" {
				u.Name = login
			}
			if err := tx.CreateUser(ctx, u); err != nil {
				return err
			}
		case err != nil:
			return err
		}
		if u.ExternalID != id.key() {
			// A local account, or one of another identity, with the same
			// login: taking it over would hand that account's grants to
			// whoever the provider calls by this name.
			return errForeignAccount
		}
		if u.Disabled {
			return quartier.Errorf(quartier.EUNAUTH, "Das Konto ist gesperrt.")
		}
		if err := a.syncClaimedGrants(ctx, tx, u, grants, now); err != nil {
			return err
		}
		s := quartier.Session{TokenHash: th, UserID: u.ID, CreatedAt: now, LastSeen: now, Remote: audit.RemoteFrom(ctx), UserAgent: textde.Shorten(userAgent, 200), SecondFactor: true}
		if err := tx.CreateSession(ctx, &s); err != nil {
			return err
		}
		res = SignInResult{Token: token, Session: s, User: *u}
		return a.audit.Write(ctx, tx, audit.Event{Action: "signin.oidc", ObjectType: "user", ObjectID: strconv.FormatInt(u.ID, 10), Login: u.Login, UserID: u.ID,
			Detail: fmt.Sprintf("%s, sub %s", id.Issuer, id.Subject)})
	})
	if err == errForeignAccount {
		a.audit.Alone(ctx, audit.Event{Action: "signin.oidc", ObjectType: "user", Outcome: quartier.OutcomeDenied, Login: login, Detail: fmt.Sprintf("Konto gehört nicht zu %s, sub %s", id.Issuer, id.Subject)})
	}
	if err != nil {
		return nil, err
	}
	return &res, nil
}

var errForeignAccount = quartier.Errorf(quartier.ECONFLICT, "Ein Konto mit Ihrem Anmeldenamen gibt es schon, es gehört aber nicht zu dieser Anmeldung. Bitte wenden Sie sich an die Administration.")

// key identifies the identity across sign-ins: the subject is unique only
// per issuer.
func (id ExternalIdentity) key() string { return id.Issuer + " " + id.Subject }

// syncClaimedGrants makes the user's grants from the identity provider
// equal to claimed: missing ones are added, ones the claims no longer give
// end today (leaving a group at the municipality must end access here
// too). Grants made in Quartier are left alone.
func (a *Service) syncClaimedGrants(ctx context.Context, tx Tx, u *quartier.User, claimed []quartier.Grant, now time.Time) error {
	have, err := tx.Grants(ctx, u.ID)
	if err != nil {
		return err
	}
	same := func(x, y quartier.Grant) bool { return x.Role == y.Role && x.Scope.String() == y.Scope.String() }
	for _, h := range have {
		if h.Source != quartier.GrantFromIdentityProvider || !h.ValidAt(now) || slices.ContainsFunc(claimed, func(g quartier.Grant) bool { return same(g, h) }) {
			continue
		}
		if err := tx.EndGrant(ctx, h.ID, a.today()); err != nil {
			return err
		}
		if err := a.audit.Write(ctx, tx, audit.Event{Action: "grant.end", ObjectType: "grant", ObjectID: strconv.FormatInt(h.ID, 10), Login: u.Login, UserID: u.ID,
			Detail: fmt.Sprintf("%s (%s): vom Anmeldedienst nicht mehr vergeben", h.Role, h.Scope)}); err != nil {
			return err
		}
	}
	for _, g := range claimed {
		if slices.ContainsFunc(have, func(h quartier.Grant) bool { return same(g, h) && h.ValidAt(now) }) {
			continue
		}
		g.UserID = u.ID
		if err := g.Validate(); err != nil {
			return err
		}
		if err := tx.CreateGrant(ctx, &g); err != nil {
			return err
		}
		if err := a.audit.Write(ctx, tx, audit.Event{Action: "grant.create", ObjectType: "grant", ObjectID: strconv.FormatInt(g.ID, 10), Login: u.Login, UserID: u.ID,
			Detail: fmt.Sprintf("%s (%s): vom Anmeldedienst vergeben", g.Role, g.Scope)}); err != nil {
			return err
		}
	}
	return nil
}

// externalLogin derives a valid login from the identity: the preferred
// name, else the e-mail address, else the subject.
func externalLogin(id ExternalIdentity) string {
	for _, c := range []string{id.Login, id.Email, id.Subject} {
		l := strings.ToLower(strings.TrimSpace(c))
		var b strings.Builder
		for _, r := range l {
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || strings.ContainsRune("._-@", r) {
				b.WriteRune(r)
			}
		}
		if s := b.String(); len(s) >= 3 {
			return textde.Shorten(s, 64)
		}
	}
	return "oidc-" + textde.Shorten(id.Subject, 59)
}
