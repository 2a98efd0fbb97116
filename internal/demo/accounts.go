package demo

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"strings"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/access"
	"github.com/quartier/quartier/internal/services"
)

// Credential is a demo account with its generated password.
type Credential struct {
	Login, Password string
	Role            quartier.Role
	Scope           quartier.Scope
}

// Accounts creates one demo account per role with a fresh random password
// (printed by `serve --demo`, never stored in clear). Scopes show the
// variety: ASD staff for two spaces, a team lead for a team, provider staff
// for their provider's spaces, everyone else office-wide.
func Accounts(ctx context.Context, a *services.Set) ([]Credential, error) {
	ctx = quartier.WithActor(ctx, quartier.Operator())
	var out []Credential
	for _, r := range quartier.Roles {
		c := Credential{Login: "demo-" + strings.ReplaceAll(string(r), "_", "-"), Role: r, Scope: quartier.Scope{Kind: quartier.ScopeAll}}
		switch r {
		case quartier.RoleASD:
			c.Scope = quartier.Scope{Kind: quartier.ScopeSpaces, Spaces: []quartier.SpaceCode{"0110", "0120"}}
		case quartier.RoleASDLead:
			c.Scope = quartier.Scope{Kind: quartier.ScopeTeam, Ref: "asd-0110"}
		case quartier.RoleProviderStaff, quartier.RoleProviderLead:
			c.Scope = quartier.Scope{Kind: quartier.ScopeProvider, Ref: "kiezwerk"}
		}
		b := make([]byte, 15)
		if _, err := rand.Read(b); err != nil {
			return nil, err
		}
		c.Password = strings.ToLower(base32.StdEncoding.EncodeToString(b))
		if _, err := a.Access.CreateUser(ctx, access.CreateUserRequest{Login: c.Login, Name: quartier.RoleLabels[r] + " (Demo)", Password: c.Password, Role: r, Scope: c.Scope}); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}
