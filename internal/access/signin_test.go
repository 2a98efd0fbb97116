package access

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/spatial"
	"github.com/quartier/quartier/internal/spatialtest"
	"github.com/quartier/quartier/internal/testcity"
)

const goodPassword = "Sozialraum-Weimar-2024!"

// clock is a settable time for session expiry and throttling tests.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// env is access control over the test city, with the spatial core the
// scopes are resolved from and the audit log to look into.
type env struct {
	*Service
	sp  *spatial.Service
	log *audit.Log
}

var (
	day0  = testcity.Day0
	opCtx = testcity.Operator
)

// newEnv is access control over the test city (columns west, mitte, ost as
// spaces) with a clock of its own; requireTOTP nil requires no second
// factor.
func newEnv(t testing.TB, now func() time.Time, totpRoles []quartier.Role) *env {
	t.Helper()
	core := spatialtest.Open(t, now)
	core.Grid(t, 0, day0)
	core.Columns(t, true)
	return &env{Service: New(core.Store, core.Audit, Options{Now: core.Now, TOTPRoles: totpRoles, Spaces: core.Spatial.Spaces}), sp: core.Spatial, log: core.Audit}
}

func authApp(t testing.TB) (*env, *clock) {
	t.Helper()
	c := &clock{t: time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)}
	a := newEnv(t, c.now, []quartier.Role{})
	if err := a.sp.ImportSetup(opCtx(), &spatial.Setup{
		Providers:   []quartier.Provider{{Code: "awo", Name: "AWO", Kind: quartier.ProviderIndependent}, {Code: "htg", Name: "HTG", Kind: quartier.ProviderIndependent}, {Code: "caritas", Name: "Caritas", Kind: quartier.ProviderIndependent}},
		Alliances:   []spatial.SetupAlliance{{Code: "nord", Name: "Verbund", Lead: "htg", Members: []string{"htg", "caritas"}}},
		Assignments: []spatial.SetupAssignment{{Space: "west", Assignee: "awo", ValidFrom: "2024-01-01"}, {Space: "ost", Assignee: "nord", ValidFrom: "2024-01-01"}},
		Teams:       []spatial.SetupTeam{{Code: "asd-mitte", Space: "mitte", Kind: "office", Name: "ASD Mitte"}},
	}); err != nil {
		t.Fatal(err)
	}
	return a, c
}

func mkAccount(t testing.TB, a *env, login string, role quartier.Role, scope quartier.Scope) {
	t.Helper()
	if _, err := a.CreateUser(opCtx(), CreateUserRequest{Login: login, Name: "Person " + login, Password: goodPassword, Role: role, Scope: scope, ValidFrom: day0}); err != nil {
		t.Fatal(err)
	}
}

func signIn(t *testing.T, a *env, login string) *quartier.Actor {
	t.Helper()
	ctx := audit.WithRemote(context.Background(), "192.0.2.7")
	res, err := a.SignIn(ctx, login, goodPassword, "test")
	if err != nil {
		t.Fatal(err)
	}
	actor, err := a.Authenticate(ctx, res.Token)
	if err != nil {
		t.Fatal(err)
	}
	return actor
}

func TestSignInAndScopes(t *testing.T) {
	a, _ := authApp(t)
	mkAccount(t, a, "asd-west", quartier.RoleASD, quartier.Scope{Kind: quartier.ScopeSpaces, Spaces: []quartier.SpaceCode{"west"}})
	mkAccount(t, a, "lead-mitte", quartier.RoleASDLead, quartier.Scope{Kind: quartier.ScopeTeam, Ref: "asd-mitte"})
	mkAccount(t, a, "caritas-1", quartier.RoleProviderStaff, quartier.Scope{Kind: quartier.ScopeProvider, Ref: "caritas"})
	mkAccount(t, a, "planer", quartier.RolePlanner, quartier.Scope{Kind: quartier.ScopeAll})
	for login, want := range map[string][]quartier.SpaceCode{"asd-west": {"west"}, "lead-mitte": {"mitte"}, "caritas-1": {"ost"}, "planer": nil} {
		actor := signIn(t, a, login)
		if len(actor.Grants) != 1 || !slices.Equal(actor.Grants[0].Spaces, want) || (want == nil) != (actor.Grants[0].Spaces == nil) {
			t.Errorf("%s: spaces %v, want %v", login, actor.Grants[0].Spaces, want)
		}
	}
	planner := signIn(t, a, "planer")
	ctx := quartier.WithActor(context.Background(), planner)
	if err := quartier.RequireInSpace(ctx, quartier.PermManageSpaces, "ost"); err != nil {
		t.Errorf("planner in ost: %v", err)
	}
	if quartier.ErrorCode(quartier.RequireInSpace(quartier.WithActor(context.Background(), signIn(t, a, "asd-west")), quartier.PermManageSpaces, "ost")) != quartier.EFORBIDDEN {
		t.Error("ASD may manage spaces")
	}
}

func TestSignInFailuresAreThrottledAndAudited(t *testing.T) {
	a, c := authApp(t)
	mkAccount(t, a, "anna", quartier.RoleASD, quartier.Scope{Kind: quartier.ScopeAll})
	ctx := audit.WithRemote(context.Background(), "198.51.100.9")
	for i := 0; i < 3; i++ {
		if _, err := a.SignIn(ctx, "anna", "falsch-falsch-falsch", "x"); quartier.ErrorCode(err) != quartier.EUNAUTH {
			t.Fatalf("attempt %d: %v", i, err)
		}
	}
	// Now even the right password waits.
	if _, err := a.SignIn(ctx, "anna", goodPassword, "x"); quartier.ErrorCode(err) != quartier.ETOOMANY {
		t.Fatalf("not throttled: %v", err)
	}
	c.t = c.t.Add(2 * time.Second)
	if _, err := a.SignIn(ctx, "anna", goodPassword, "x"); err != nil {
		t.Fatalf("after the delay: %v", err)
	}
	// Unknown accounts fail the same way (no enumeration).
	if _, err := a.SignIn(audit.WithRemote(context.Background(), "203.0.113.1"), "niemand", goodPassword, "x"); quartier.ErrorCode(err) != quartier.EUNAUTH {
		t.Fatalf("unknown login: %v", err)
	}
	entries, err := a.log.Entries(opCtx(), quartier.AuditFilter{Action: "signin"})
	if err != nil {
		t.Fatal(err)
	}
	outcomes := map[string]int{}
	for _, e := range entries {
		outcomes[e.Outcome]++
	}
	if outcomes[quartier.OutcomeFailed] != 4 || outcomes[quartier.OutcomeOK] != 1 || len(outcomes) != 2 {
		t.Fatalf("audit of sign-ins: %v", outcomes)
	}
	// The throttled attempt has an entry of its own kind (tallied, see
	// TestThrottledSignInsAreTallied).
	throttled, err := a.log.Entries(opCtx(), quartier.AuditFilter{Action: "signin.throttled"})
	if err != nil || len(throttled) != 1 || throttled[0].Outcome != quartier.OutcomeDenied || throttled[0].Login != "anna" {
		t.Fatalf("audit of the throttled sign-in: %+v %v", throttled, err)
	}
}

func TestSessionsExpireAndSignOut(t *testing.T) {
	a, c := authApp(t)
	mkAccount(t, a, "anna", quartier.RolePlanner, quartier.Scope{Kind: quartier.ScopeAll})
	ctx := context.Background()
	res, err := a.SignIn(ctx, "anna", goodPassword, "x")
	if err != nil {
		t.Fatal(err)
	}
	c.t = c.t.Add(SessionIdle + time.Second)
	if _, err := a.Authenticate(ctx, res.Token); quartier.ErrorCode(err) != quartier.EUNAUTH {
		t.Fatalf("idle session accepted: %v", err)
	}
	res, _ = a.SignIn(ctx, "anna", goodPassword, "x")
	for i := 0; i < 30; i++ { // active all day, still ends after 12 h
		c.t = c.t.Add(25 * time.Minute)
		a.Authenticate(ctx, res.Token)
	}
	if _, err := a.Authenticate(ctx, res.Token); quartier.ErrorCode(err) != quartier.EUNAUTH {
		t.Fatalf("session older than the absolute limit accepted: %v", err)
	}
	r1, _ := a.SignIn(ctx, "anna", goodPassword, "x")
	r2, _ := a.SignIn(ctx, "anna", goodPassword, "y")
	if r1.Token == r2.Token {
		t.Fatal("sign-in reused a token")
	}
	actor, _ := a.Authenticate(ctx, r1.Token)
	if err := a.SignOutEverywhere(quartier.WithActor(ctx, actor)); err != nil {
		t.Fatal(err)
	}
	for _, tok := range []string{r1.Token, r2.Token, "garbage"} {
		if _, err := a.Authenticate(ctx, tok); quartier.ErrorCode(err) != quartier.EUNAUTH {
			t.Errorf("token survived sign-out everywhere: %v", err)
		}
	}
}

func TestExpiredGrantRefused(t *testing.T) {
	a, c := authApp(t)
	mkAccount(t, a, "anna", quartier.RoleAdmin, quartier.Scope{Kind: quartier.ScopeAll})
	if err := a.store.Update(opCtx(), func(tx Tx) error {
		u, _ := tx.UserByLogin(opCtx(), "anna")
		gs, _ := tx.Grants(opCtx(), u.ID)
		return tx.EndGrant(opCtx(), gs[0].ID, quartier.Day(c.t).AddDate(0, 0, 1))
	}); err != nil {
		t.Fatal(err)
	}
	if !signIn(t, a, "anna").Can(quartier.PermManageUsers) {
		t.Fatal("grant not yet in force")
	}
	c.t = c.t.AddDate(0, 0, 1)
	actor := signIn(t, a, "anna")
	if actor.Can(quartier.PermManageUsers) || len(actor.Grants) != 0 {
		t.Fatalf("expired grant still works: %+v", actor.Grants)
	}
	if _, err := a.Users(quartier.WithActor(context.Background(), actor)); quartier.ErrorCode(err) != quartier.EFORBIDDEN {
		t.Fatalf("expired admin lists users: %v", err)
	}
}

func TestAuditChainVerify(t *testing.T) {
	a, _ := authApp(t)
	mkAccount(t, a, "anna", quartier.RoleDPO, quartier.Scope{Kind: quartier.ScopeAll})
	signIn(t, a, "anna")
	// A denial is recorded too.
	if _, err := a.Users(context.Background()); quartier.ErrorCode(err) != quartier.EFORBIDDEN {
		t.Fatal(err)
	}
	rep, err := a.log.Verify(opCtx())
	if err != nil || rep.Broken != nil || rep.Entries < 3 {
		t.Fatalf("verify: %+v %v", rep, err)
	}
	entries, _ := a.log.Entries(opCtx(), quartier.AuditFilter{})
	denied := 0
	for _, e := range entries {
		if e.Outcome == quartier.OutcomeDenied && e.Action == string(quartier.PermManageUsers) && e.Login == "anonym" {
			denied++
		}
	}
	if denied != 1 {
		t.Fatalf("denial not audited: %+v", entries)
	}
}

// TestScopedAssignment: a planner for "west" may assign there; in a space
// outside the scope the answer is "not found" (no leak) and the denial is
// audited; a role without the permission is refused outright.
func TestScopedAssignment(t *testing.T) {
	a, _ := authApp(t)
	mkAccount(t, a, "planer-west", quartier.RolePlanner, quartier.Scope{Kind: quartier.ScopeSpaces, Spaces: []quartier.SpaceCode{"west"}})
	mkAccount(t, a, "awo-1", quartier.RoleProviderStaff, quartier.Scope{Kind: quartier.ScopeProvider, Ref: "awo"})
	ctx := quartier.WithActor(context.Background(), signIn(t, a, "planer-west"))
	if err := a.sp.Assign(ctx, spatial.AssignRequest{Space: "west", Assignee: "nord", ValidFrom: day0.AddDate(1, 0, 0)}); err != nil {
		t.Fatalf("own space: %v", err)
	}
	if err := a.sp.Assign(ctx, spatial.AssignRequest{Space: "ost", Assignee: "awo", ValidFrom: day0.AddDate(1, 0, 0)}); quartier.ErrorCode(err) != quartier.ENOTFOUND {
		t.Fatalf("foreign space: %v", err)
	}
	err := a.sp.ImportSetup(ctx, &spatial.Setup{Teams: []spatial.SetupTeam{{Code: "t-ost", Space: "ost", Kind: "office", Name: "ASD Ost"}}})
	if quartier.ErrorCode(err) != quartier.ENOTFOUND {
		t.Fatalf("setup in a foreign space: %v", err)
	}
	staff := quartier.WithActor(context.Background(), signIn(t, a, "awo-1"))
	if err := a.sp.Assign(staff, spatial.AssignRequest{Space: "west", Assignee: "awo", ValidFrom: day0.AddDate(2, 0, 0)}); quartier.ErrorCode(err) != quartier.EFORBIDDEN {
		t.Fatalf("provider staff assigns: %v", err)
	}
	entries, _ := a.log.Entries(opCtx(), quartier.AuditFilter{Action: string(quartier.PermManageSpaces)})
	var denied []string
	for _, e := range entries {
		if e.Outcome == quartier.OutcomeDenied {
			denied = append(denied, e.Login+":"+e.ObjectID)
		}
	}
	if strings.Join(denied, ",") != "planer-west:ost,planer-west:ost,awo-1:" {
		t.Fatalf("denials audited: %v", denied)
	}
	ok, _ := a.log.Entries(opCtx(), quartier.AuditFilter{Action: "assignment.create"})
	if len(ok) != 1 || ok[0].Login != "planer-west" || ok[0].ObjectID != "west" {
		t.Fatalf("assignment audited: %+v", ok)
	}
}

// A login typed at the sign-in form lands in the audit export; a formula
// in it must stay text for the spreadsheet.
func TestAuditExportInert(t *testing.T) {
	a, _ := authApp(t)
	mkAccount(t, a, "dpo", quartier.RoleDPO, quartier.Scope{Kind: quartier.ScopeAll})
	a.SignIn(context.Background(), "=HYPERLINK(\"http://evil\")", "x", "x")
	var buf strings.Builder
	if err := a.log.Export(opCtx(), quartier.AuditFilter{}, &buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "'=HYPERLINK") || strings.Contains(buf.String(), ";=HYPERLINK") {
		t.Fatalf("formula not neutralised:\n%s", buf.String())
	}
	if !strings.HasPrefix(buf.String(), "\ufeffid;") {
		t.Error("the export starts without the BOM Excel needs for UTF-8")
	}
}

func countAudit(t *testing.T, a *env, action string) int {
	t.Helper()
	es, err := a.log.Entries(opCtx(), quartier.AuditFilter{Action: action, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return len(es)
}

// TestProviderScopeFollowsMembership: an account scoped to a provider
// reaches an alliance's spaces only on the days the provider is a member
// of it; the scope is worked out for the day of the request.
func TestProviderScopeFollowsMembership(t *testing.T) {
	a, c := authApp(t)
	april := "2025-04-01"
	if err := a.sp.ImportSetup(opCtx(), &spatial.Setup{
		Alliances: []spatial.SetupAlliance{{Code: "mitte-verbund", Name: "Verbund Mitte", Memberships: []spatial.SetupMembership{
			{Provider: "htg", Lead: true}, {Provider: "awo", ValidTo: april}, {Provider: "caritas", ValidFrom: april}}}},
		Assignments: []spatial.SetupAssignment{{Space: "mitte", Assignee: "mitte-verbund", ValidFrom: "2024-01-01"}},
	}); err != nil {
		t.Fatal(err)
	}
	mkAccount(t, a, "awo-1", quartier.RoleProviderStaff, quartier.Scope{Kind: quartier.ScopeProvider, Ref: "awo"})
	mkAccount(t, a, "caritas-1", quartier.RoleProviderStaff, quartier.Scope{Kind: quartier.ScopeProvider, Ref: "caritas"})
	spaces := func(login string) []quartier.SpaceCode {
		s := slices.Clone(signIn(t, a, login).Grants[0].Spaces)
		slices.Sort(s)
		return s
	}
	for login, want := range map[string][]quartier.SpaceCode{"awo-1": {"mitte", "west"}, "caritas-1": {"ost"}} {
		if got := spaces(login); !slices.Equal(got, want) {
			t.Errorf("in March %s reaches %v, want %v", login, got, want)
		}
	}
	c.t = time.Date(2025, 4, 1, 8, 0, 0, 0, time.UTC)
	for login, want := range map[string][]quartier.SpaceCode{"awo-1": {"west"}, "caritas-1": {"mitte", "ost"}} {
		if got := spaces(login); !slices.Equal(got, want) {
			t.Errorf("from April %s reaches %v, want %v", login, got, want)
		}
	}
}
