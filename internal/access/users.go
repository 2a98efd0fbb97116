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
	"github.com/quartier/quartier/internal/password"
)

// CreateUserRequest creates an account with its first grant.
type CreateUserRequest struct {
	Login, Name, Email string
	// Password is the account's password. Empty: an initial password is
	// generated (NewAccount.InitialPassword), which the person must
	// replace at the first sign-in.
	Password  string
	Role      quartier.Role
	Scope     quartier.Scope
	ValidFrom time.Time  // default today
	ValidTo   *time.Time // nil: open
}

// NewAccount is a created account. InitialPassword is set when one was
// generated: it is shown once to whoever created the account, to be
// handed to the person, and never stored in clear.
type NewAccount struct {
	quartier.User
	InitialPassword string
}

// CreateUser checks the account, its grant and the password policy,
// hashes with argon2id and stores the account with its grant and the audit
// entry in one transaction. Every finding names its field.
func (a *Service) CreateUser(ctx context.Context, req CreateUserRequest) (*NewAccount, error) {
	if err := a.audit.Require(ctx, quartier.PermManageUsers, "user", req.Login); err != nil {
		return nil, err
	}
	u := &quartier.User{Login: strings.TrimSpace(req.Login), Name: strings.TrimSpace(req.Name), Email: strings.TrimSpace(req.Email)}
	g := quartier.Grant{Role: req.Role, Scope: req.Scope, ValidFrom: req.ValidFrom, ValidTo: req.ValidTo}
	if g.Scope.Kind == "" {
		g.Scope.Kind = quartier.ScopeAll
	}
	pw, initial := req.Password, req.Password == ""
	var pwErr error
	if initial {
		var err error
		if pw, err = initialPassword(u.Login, u.Name); err != nil {
			return nil, err
		}
	} else {
		pwErr = located("password", password.Check(pw, u.Login, u.Name))
	}
	if err := findings(u.Validate(), a.checkGrant(ctx, &g), pwErr); err != nil {
		return nil, err
	}
	hash, err := a.hashPassword(ctx, pw)
	if err != nil {
		return nil, err
	}
	u.PasswordHash, u.MustChangePassword, u.PasswordSetAt = hash, initial, a.now().UTC().Truncate(time.Microsecond)
	detail := "Konto " + u.Login + ", " + describeGrant(g)
	if initial {
		detail += ", vorläufiges Passwort"
	}
	err = audit.Change(ctx, a.audit, a.store, quartier.PermManageUsers, "user", u.Login, func(tx Tx) (audit.Event, error) {
		if err := tx.CreateUser(ctx, u); err != nil {
			if quartier.ErrorCode(err) == quartier.ECONFLICT {
				err = located("login", quartier.Errorf(quartier.ECONFLICT, "Den Anmeldenamen %s gibt es schon.", u.Login))
			}
			return audit.Event{}, err
		}
		if err := checkScopeRefs(ctx, tx, g.Scope); err != nil {
			return audit.Event{}, err
		}
		g.UserID = u.ID
		if err := tx.CreateGrant(ctx, &g); err != nil {
			return audit.Event{}, err
		}
		return audit.Event{Action: "user.create", ObjectType: "user", ObjectID: strconv.FormatInt(u.ID, 10), Detail: detail}, nil
	})
	if err != nil {
		return nil, err
	}
	out := &NewAccount{User: *u}
	if initial {
		out.InitialPassword = pw
	}
	return out, nil
}

// Grant adds a role within a scope to an existing account.
func (a *Service) Grant(ctx context.Context, login string, g quartier.Grant) error {
	if err := a.audit.Require(ctx, quartier.PermManageUsers, "user", login); err != nil {
		return err
	}
	if err := a.checkGrant(ctx, &g); err != nil {
		return err
	}
	return audit.Change(ctx, a.audit, a.store, quartier.PermManageUsers, "user", login, func(tx Tx) (audit.Event, error) {
		u, err := tx.UserByLogin(ctx, login)
		if err != nil {
			return audit.Event{}, err
		}
		if err := checkScopeRefs(ctx, tx, g.Scope); err != nil {
			return audit.Event{}, err
		}
		g.UserID = u.ID
		if err := tx.CreateGrant(ctx, &g); err != nil {
			return audit.Event{}, err
		}
		return audit.Event{Action: "grant.create", ObjectType: "user", ObjectID: strconv.FormatInt(u.ID, 10), Detail: u.Login + ": " + describeGrant(g)}, nil
	})
}

// checkGrant completes and checks a new grant: it starts today unless
// told otherwise, and a grant for spaces names spaces of the current
// Gebietsstand (a typo would give a grant that reaches nothing).
func (a *Service) checkGrant(ctx context.Context, g *quartier.Grant) error {
	if g.ValidFrom.IsZero() {
		g.ValidFrom = a.today()
	}
	if err := g.Validate(); err != nil || g.Scope.Kind != quartier.ScopeSpaces {
		return err
	}
	if a.spaces == nil {
		return located("spaces", quartier.Errorf(quartier.EINVALID, "Die Sozialräume sind hier nicht bekannt; bitte alle Sozialräume, ein Team oder einen Träger wählen."))
	}
	spaces, err := a.spaces(ctx)
	if err != nil {
		return located("spaces", err)
	}
	var unknown []string
	for _, c := range g.Scope.Spaces {
		if !slices.ContainsFunc(spaces, func(s quartier.Space) bool { return s.Code == c }) {
			unknown = append(unknown, string(c))
		}
	}
	if len(unknown) > 0 {
		return located("spaces", quartier.Errorf(quartier.EINVALID, "Sozialraum %s gibt es im aktuellen Gebietsstand nicht.", strings.Join(unknown, ", ")))
	}
	return nil
}

// checkScopeRefs checks that the team or provider a scope names exists.
func checkScopeRefs(ctx context.Context, tx Tx, s quartier.Scope) error {
	switch s.Kind {
	case quartier.ScopeTeam:
		teams, err := tx.Teams(ctx, "")
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(teams, func(t quartier.Team) bool { return t.Code == s.Ref }) {
			return located("team", quartier.Errorf(quartier.EINVALID, "Team %s gibt es nicht.", s.Ref))
		}
	case quartier.ScopeProvider:
		if _, err := tx.ProviderByCode(ctx, s.Ref); quartier.ErrorCode(err) == quartier.ENOTFOUND {
			return located("provider", quartier.Errorf(quartier.EINVALID, "Träger %s gibt es nicht.", s.Ref))
		} else if err != nil {
			return err
		}
	}
	return nil
}

// describeGrant names a grant in the audit log: role, scope and period.
func describeGrant(g quartier.Grant) string {
	s := fmt.Sprintf("Rolle %s, %s, ab %s", g.Role, g.Scope, g.ValidFrom.Format(quartier.GermanDateLayout))
	if g.ValidTo != nil {
		s += " bis " + g.ValidTo.Format(quartier.GermanDateLayout)
	}
	return s
}

// UserInfo is an account with its grants, for the admin pages.
type UserInfo struct {
	User   quartier.User
	Grants []GrantInfo
	// Actions are what the acting administrator may do with the account
	// (filled by UserDetail).
	Actions Actions
}

// GrantInfo is a grant as the admin pages show it.
type GrantInfo struct {
	quartier.Grant
	// Ended: no longer in force, or ended before it began; Pending:
	// begins later.
	Ended, Pending bool
	// Endable: the acting administrator may end it (filled by UserDetail).
	Endable bool
}

// Actions are what an administrator may do with an account. The pages
// offer only these; the use cases refuse the rest by the same rules.
type Actions struct {
	Lock, Unlock, ResetPassword, ResetSecondFactor bool
}

// Users lists accounts with grants; the read is audited because accounts
// are personal data.
func (a *Service) Users(ctx context.Context) ([]UserInfo, error) {
	if err := a.audit.Require(ctx, quartier.PermManageUsers, "user", ""); err != nil {
		return nil, err
	}
	var out []UserInfo
	err := a.store.View(ctx, func(tx Tx) error {
		users, err := tx.Users(ctx)
		if err != nil {
			return err
		}
		grants, err := tx.Grants(ctx, 0)
		if err != nil {
			return err
		}
		for _, u := range users {
			ui := UserInfo{User: u}
			for _, g := range grants {
				if g.UserID == u.ID {
					ui.Grants = append(ui.Grants, a.grantInfo(nil, &u, g))
				}
			}
			out = append(out, ui)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// The answer leaves only after its audit entry is committed.
	if err := a.audit.Read(ctx, audit.Event{Action: "user.list", ObjectType: "user", Detail: strconv.Itoa(len(out)) + " Konten"}); err != nil {
		return nil, err
	}
	return out, nil
}

func (a *Service) grantInfo(actor *quartier.Actor, u *quartier.User, g quartier.Grant) GrantInfo {
	today := a.today()
	gi := GrantInfo{Grant: g, Ended: g.ValidTo != nil && (!g.ValidTo.After(today) || !g.ValidTo.After(g.ValidFrom))}
	gi.Pending = !gi.Ended && g.ValidFrom.After(today)
	if actor != nil {
		gi.Endable = endGrantRule(actor, u, &g, today) == nil
	}
	return gi
}
