package quartier

import "context"

// Actor is who acts: a person signed in, the command line, or nobody.
// Full accounts and scoped grants arrive with the accounts issue; until then
// the set of permissions below is already checked in internal/app, so that
// the checks need no rewrite, only a richer Actor.
type Actor struct {
	Name        string
	Permissions map[Permission]bool
}

// Permission names one thing an actor may do.
type Permission string

const (
	PermReadPublic   Permission = "public.read"   // layers, spaces, providers, teams, rooms
	PermImportAreas  Permission = "areas.import"  // import layers and street directories
	PermManageSpaces Permission = "spaces.manage" // providers, alliances, assignments, teams, duo
	PermExport       Permission = "export"        // bulk exports
)

// Can reports whether the actor holds p. Everyone may read public data;
// anything else must be granted (deny by default).
func (a *Actor) Can(p Permission) bool {
	if p == PermReadPublic {
		return true
	}
	return a != nil && a.Permissions[p]
}

// Operator is the actor of the command line: whoever can run the binary
// against the database already owns it.
func Operator() *Actor {
	return &Actor{Name: "cli", Permissions: map[Permission]bool{
		PermImportAreas: true, PermManageSpaces: true, PermExport: true,
	}}
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

// Require returns EFORBIDDEN when the actor in ctx lacks p. Use cases call
// it first, so the web, the API and the command line share one check.
func Require(ctx context.Context, p Permission) error {
	if !ActorFrom(ctx).Can(p) {
		return Errorf(EFORBIDDEN, "Keine Berechtigung für diese Aktion (%s).", p)
	}
	return nil
}
