package access

import (
	"context"
	"strconv"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/password"
)

// CreateUserRequest creates an account with its first grant.
type CreateUserRequest struct {
	Login, Name, Email string
	Password           string
	Role               quartier.Role
	Scope              quartier.Scope
	ValidFrom          time.Time // default today
}

// CreateUser checks the password policy, hashes with argon2id and stores the
// account with its grant and the audit entry in one transaction.
func (a *Service) CreateUser(ctx context.Context, req CreateUserRequest) (*quartier.User, error) {
	if err := a.audit.Require(ctx, quartier.PermManageUsers, "user", req.Login); err != nil {
		return nil, err
	}
	u := &quartier.User{Login: req.Login, Name: req.Name, Email: req.Email}
	if err := u.Validate(); err != nil {
		return nil, err
	}
	if err := password.Check(req.Password, req.Login, req.Name); err != nil {
		return nil, err
	}
	hash, err := a.hashPassword(ctx, req.Password)
	if err != nil {
		return nil, err
	}
	u.PasswordHash = hash
	g := quartier.Grant{Role: req.Role, Scope: req.Scope, ValidFrom: req.ValidFrom}
	if g.ValidFrom.IsZero() {
		g.ValidFrom = a.today()
	}
	if g.Scope.Kind == "" {
		g.Scope.Kind = quartier.ScopeAll
	}
	if err := g.Validate(); err != nil {
		return nil, err
	}
	err = audit.Change(ctx, a.audit, a.store, quartier.PermManageUsers, "user", req.Login, func(tx Tx) (audit.Event, error) {
		if err := tx.CreateUser(ctx, u); err != nil {
			return audit.Event{}, err
		}
		g.UserID = u.ID
		if err := tx.CreateGrant(ctx, &g); err != nil {
			return audit.Event{}, err
		}
		return audit.Event{Action: "user.create", ObjectType: "user", ObjectID: strconv.FormatInt(u.ID, 10),
			Detail: "Konto " + u.Login + ", Rolle " + string(g.Role) + ", " + g.Scope.String()}, nil
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// Grant adds a role within a scope to an existing account.
func (a *Service) Grant(ctx context.Context, login string, g quartier.Grant) error {
	if err := a.audit.Require(ctx, quartier.PermManageUsers, "user", login); err != nil {
		return err
	}
	if g.ValidFrom.IsZero() {
		g.ValidFrom = a.today()
	}
	if err := g.Validate(); err != nil {
		return err
	}
	return audit.Change(ctx, a.audit, a.store, quartier.PermManageUsers, "user", login, func(tx Tx) (audit.Event, error) {
		u, err := tx.UserByLogin(ctx, login)
		if err != nil {
			return audit.Event{}, err
		}
		g.UserID = u.ID
		if err := tx.CreateGrant(ctx, &g); err != nil {
			return audit.Event{}, err
		}
		return audit.Event{Action: "grant.create", ObjectType: "user", ObjectID: strconv.FormatInt(u.ID, 10), Detail: string(g.Role) + ", " + g.Scope.String()}, nil
	})
}

// UserInfo is an account with its grants, for the admin page.
type UserInfo struct {
	User   quartier.User
	Grants []quartier.Grant
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
					ui.Grants = append(ui.Grants, g)
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
