package quartier

import (
	"context"
	"slices"
)

// Actor is who acts: a signed-in person with the grants in force, the
// command line, or nobody (nil: anonymous). Use cases check permissions on
// the actor they find in the context, so the web, the API and the command
// line share one check and a forgotten handler check cannot open data.
type Actor struct {
	UserID    int64
	Login     string
	Name      string
	SessionID int64
	// TokenID is the API token the actor signed in with (0: a session or
	// the command line); its grants are limited to TokenPermissions.
	TokenID int64
	Grants  []Grant // in force, scopes resolved
	// EnrollTOTP is set when a role requires a second factor the account
	// has not set up yet; such an actor holds no grants until it has.
	EnrollTOTP bool
	// ChangePassword is set while the account signs in with a password
	// someone else chose (User.MustChangePassword); such an actor holds
	// no grants until it has chosen its own.
	ChangePassword bool
}

// Can reports whether any grant of the actor gives p, whatever its scope.
// Everyone may read public data; anything else must be granted.
func (a *Actor) Can(p Permission) bool {
	if p == PermReadPublic {
		return true
	}
	if a == nil {
		return false
	}
	for _, g := range a.Grants {
		if g.Has(p) {
			return true
		}
	}
	return false
}

// CanInSpace reports whether a grant gives p within the given space.
func (a *Actor) CanInSpace(p Permission, space SpaceCode) bool {
	if p == PermReadPublic {
		return true
	}
	if a == nil {
		return false
	}
	for _, g := range a.Grants {
		if g.Has(p) && (g.Spaces == nil || slices.Contains(g.Spaces, space)) {
			return true
		}
	}
	return false
}

// Label names the actor in the audit log.
func (a *Actor) Label() string {
	switch {
	case a == nil:
		return "anonym"
	case a.Login != "":
		return a.Login
	}
	return a.Name
}

// Roles lists the actor's roles, for the audit log.
func (a *Actor) Roles() []Role {
	if a == nil {
		return nil
	}
	var out []Role
	for _, g := range a.Grants {
		if !slices.Contains(out, g.Role) {
			out = append(out, g.Role)
		}
	}
	return out
}

// Operator is the actor of the command line: whoever can run the binary
// against the database already owns it.
func Operator() *Actor {
	return &Actor{Name: "cli", Login: "cli", Grants: []Grant{{Role: RoleSystem, Scope: Scope{Kind: ScopeAll}}}}
}

type actorKey struct{}

// WithActor returns a context carrying the acting user.
func WithActor(ctx context.Context, a *Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the acting user, or nil for anonymous.
func ActorFrom(ctx context.Context) *Actor {
	a, _ := ctx.Value(actorKey{}).(*Actor)
	return a
}

// Require returns EFORBIDDEN when the actor in ctx lacks p.
func Require(ctx context.Context, p Permission) error {
	if !ActorFrom(ctx).Can(p) {
		return Errorf(EFORBIDDEN, "Keine Berechtigung für diese Aktion (%s).", p)
	}
	return nil
}

// RequireInSpace returns ENOTFOUND when the actor may not act on the space,
// so that the existence of records outside the scope does not leak.
func RequireInSpace(ctx context.Context, p Permission, space SpaceCode) error {
	a := ActorFrom(ctx)
	if !a.Can(p) {
		return Errorf(EFORBIDDEN, "Keine Berechtigung für diese Aktion (%s).", p)
	}
	if !a.CanInSpace(p, space) {
		return Errorf(ENOTFOUND, "Sozialraum %s wurde nicht gefunden.", space)
	}
	return nil
}

// EditsEntry reports whether g lets its holder edit an atlas entry of the
// given provider (code, "" for none) in space. A grant that acts for a
// provider covers only that provider's entries; a provider role whose
// grant names no provider covers nothing, because "own entries" cannot be
// told then (deny by default).
func (g *Grant) EditsEntry(space SpaceCode, provider string) bool {
	if !g.Has(PermEditAtlas) || !g.covers(space) {
		return false
	}
	if g.Provider != "" {
		return provider == g.Provider
	}
	return !providerRole(g.Role)
}

func providerRole(r Role) bool { return r == RoleProviderStaff || r == RoleProviderLead }

// CanEditEntry reports whether any grant lets the actor edit an atlas
// entry of provider in space (see Grant.EditsEntry).
func (a *Actor) CanEditEntry(space SpaceCode, provider string) bool {
	if a == nil {
		return false
	}
	for i := range a.Grants {
		if a.Grants[i].EditsEntry(space, provider) {
			return true
		}
	}
	return false
}

// EditsIn reports whether the actor edits some entries in space: any
// editing grant covering the space, a provider's one included. Such an
// actor takes suggested new offers there (a provider takes them on as its
// own) and may put offers at the space's places.
func (a *Actor) EditsIn(space SpaceCode) bool {
	if a == nil {
		return false
	}
	for i := range a.Grants {
		if a.Grants[i].editsSome() && a.Grants[i].covers(space) {
			return true
		}
	}
	return false
}

// editsSome: the grant edits some atlas entries somewhere (a provider role
// only with a provider named).
func (g *Grant) editsSome() bool {
	return g.Has(PermEditAtlas) && (g.Provider != "" || !providerRole(g.Role))
}

func (g *Grant) covers(space SpaceCode) bool {
	return g.Spaces == nil || slices.Contains(g.Spaces, space)
}

// A confidential place whose address the actor may not read is "blind" to
// it. Whatever the actor may do with a blind place must not depend on the
// place's space, or the answer (an edit link, a 403 instead of a 200, an
// entry in a list) tells whether a shelter lies in the actor's spaces. So
// only a grant that covers every space reaches a blind place; a grant
// limited to some spaces answers alike for all blind places.

// EditsAt reports whether the actor may edit an entry of provider that
// lies at place p: in p's space, or for a blind place everywhere.
func (a *Actor) EditsAt(p *Place, provider string) bool {
	if a.ReadsConfidential(p) {
		return a.CanEditEntry(p.Space, provider)
	}
	return a.CanEditEntry(AllSpaces, provider)
}

// EditsPlace reports whether the actor may edit the place p.
func (a *Actor) EditsPlace(p *Place) bool { return a.EditsAt(p, p.Provider) }

// EditsOffer reports whether the actor may edit an offer of provider at
// places: an offer touches every place it happens at, so the actor must be
// allowed at all of them; an offer at no place lies in no space, which
// only editors of all spaces reach.
func (a *Actor) EditsOffer(provider string, places []*Place) bool {
	if len(places) == 0 {
		return a.CanEditEntry("", provider)
	}
	for _, p := range places {
		if !a.EditsAt(p, provider) {
			return false
		}
	}
	return true
}

// OffersAt reports whether the actor may put offers at place p (the place
// choice of the offer form): an editor of p's space, or for a blind place
// an editor of every space.
func (a *Actor) OffersAt(p *Place) bool {
	if a.ReadsConfidential(p) {
		return a.EditsIn(p.Space)
	}
	return a.EditsIn(AllSpaces)
}

// OwnsEntry reports whether the actor edits for the provider that runs an
// entry in space: the provider knows its own places, shelters included.
func (a *Actor) OwnsEntry(space SpaceCode, provider string) bool {
	if a == nil || provider == "" {
		return false
	}
	for i := range a.Grants {
		if a.Grants[i].Provider == provider && a.Grants[i].EditsEntry(space, provider) {
			return true
		}
	}
	return false
}

// ReadsConfidential reports whether the actor may see the address and
// point of the confidential place p: with places.confidential in its
// space, or as editor for the provider that runs it.
func (a *Actor) ReadsConfidential(p *Place) bool {
	return !p.Confidential || a.CanInSpace(PermReadConfidential, p.Space) || a.OwnsEntry(p.Space, p.Provider)
}

// SeesProfessionalContacts reports whether the actor is shown the contacts
// of offers meant for professionals: by PermReadProfessionalContacts, not
// by merely holding some grant.
func (a *Actor) SeesProfessionalContacts() bool { return a.Can(PermReadProfessionalContacts) }

// ActsFor lists the providers the actor may create atlas entries for:
// the providers its grants act for, and any provider (or none) when a
// grant is not bound to one.
func (a *Actor) ActsFor() (providers []string, anyProvider bool) {
	if a == nil {
		return nil, false
	}
	for _, g := range a.Grants {
		switch {
		case !g.Has(PermEditAtlas):
		case g.Provider != "":
			if !slices.Contains(providers, g.Provider) {
				providers = append(providers, g.Provider)
			}
		case !providerRole(g.Role):
			anyProvider = true
		}
	}
	return providers, anyProvider
}

// SoleProvider is the provider an actor creates entries for when it may
// create them for no other (a provider's staff); "" when it acts for the
// office or for several providers and must choose.
func (a *Actor) SoleProvider() string {
	providers, anyProvider := a.ActsFor()
	if anyProvider || len(providers) != 1 {
		return ""
	}
	return providers[0]
}
