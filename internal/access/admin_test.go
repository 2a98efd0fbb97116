package access

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/spatial"
	"github.com/quartier/quartier/internal/totp"
)

// session signs in with pw and returns the token and the actor of the
// session (nil actor while the second factor is pending).
func session(t *testing.T, a *env, login, pw string) (string, *quartier.Actor) {
	t.Helper()
	ctx := audit.WithRemote(context.Background(), "192.0.2.7")
	res, err := a.SignIn(ctx, login, pw, "test")
	if err != nil {
		t.Fatalf("sign-in %s: %v", login, err)
	}
	actor, err := a.Authenticate(ctx, res.Token)
	if err != nil && !errors.Is(err, ErrSecondFactorPending) {
		t.Fatal(err)
	}
	return res.Token, actor
}

// adminOf signs in a new administrator and returns her context.
func adminOf(t *testing.T, a *env, login string) context.Context {
	t.Helper()
	mkAccount(t, a, login, quartier.RoleAdmin, quartier.Scope{Kind: quartier.ScopeAll})
	_, actor := session(t, a, login, goodPassword)
	return quartier.WithActor(audit.WithRemote(context.Background(), "192.0.2.7"), actor)
}

func fields(err error) []string {
	var out []string
	for _, p := range quartier.ErrorProblems(err) {
		out = append(out, p.Code)
	}
	return out
}

var initialFormat = regexp.MustCompile(`^[B-DF-HJ-NP-TV-XZ2-9]{4}(-[B-DF-HJ-NP-TV-XZ2-9]{4}){3}$`)

// TestInitialPasswordMustBeReplaced: an account created without a
// password gets a generated one, shown once; signing in with it opens
// nothing but the change of password, which wants the current one, a new
// one by the policy and not the same; then the grants work, other
// sessions have ended, and the old password is gone.
func TestInitialPasswordMustBeReplaced(t *testing.T) {
	a, _ := authApp(t)
	admin := adminOf(t, a, "chefin")
	acc, err := a.CreateUser(admin, CreateUserRequest{Login: "m.schulz", Name: "Maria Schulz", Role: quartier.RolePlanner,
		Scope: quartier.Scope{Kind: quartier.ScopeSpaces, Spaces: []quartier.SpaceCode{"west", "ost"}}})
	if err != nil {
		t.Fatal(err)
	}
	initial := acc.InitialPassword
	if !initialFormat.MatchString(initial) || !acc.MustChangePassword || acc.PasswordHash == "" || acc.PasswordHash == initial {
		t.Fatalf("initial password %q, account %+v", initial, acc.User)
	}
	other, _ := session(t, a, "m.schulz", initial)
	token, actor := session(t, a, "m.schulz", initial)
	if !actor.ChangePassword || len(actor.Grants) != 0 {
		t.Fatalf("signed in with the initial password: %+v", actor)
	}
	ctx := quartier.WithActor(audit.WithRemote(context.Background(), "192.0.2.7"), actor)
	if _, err := a.Users(ctx); quartier.ErrorCode(err) != quartier.EFORBIDDEN {
		t.Fatalf("before the change: %v", err)
	}
	for _, c := range []struct {
		current, next string
		code          string
		fields        []string
	}{
		{"", "Lindenweg-Elterncafe-2025", quartier.EINVALID, []string{"current_password"}},
		{initial, "kurz", quartier.EINVALID, []string{"new_password"}},
		{"", "kurz", quartier.EINVALID, []string{"current_password", "new_password"}},
		{initial, "Maria-Schulz-Passwort", quartier.EINVALID, []string{"new_password"}}, // contains her name
		{initial, initial, quartier.EINVALID, []string{"new_password"}},
		{"falsch-falsch-falsch", "Lindenweg-Elterncafe-2025", quartier.EUNAUTH, []string{"current_password"}},
	} {
		err := a.ChangePassword(ctx, c.current, c.next)
		if quartier.ErrorCode(err) != c.code || !slices.Equal(fields(err), c.fields) {
			t.Errorf("change %q → %q: %v at %v, want %s at %v", c.current, c.next, err, fields(err), c.code, c.fields)
		}
	}
	if n := countAudit(t, a, "password.change"); n != 1 {
		t.Fatalf("the wrong current password is audited once, got %d entries", n)
	}
	if err := a.ChangePassword(ctx, initial, "Lindenweg-Elterncafe-2025"); err != nil {
		t.Fatal(err)
	}
	actor, err = a.Authenticate(context.Background(), token)
	if err != nil || actor.ChangePassword || len(actor.Grants) != 1 || !slices.Equal(actor.Grants[0].Spaces, []quartier.SpaceCode{"west", "ost"}) {
		t.Fatalf("after the change: %+v %v", actor, err)
	}
	if _, err := a.Authenticate(context.Background(), other); quartier.ErrorCode(err) != quartier.EUNAUTH {
		t.Fatalf("the other session survived the change: %v", err)
	}
	if _, err := a.SignIn(context.Background(), "m.schulz", initial, "x"); quartier.ErrorCode(err) != quartier.EUNAUTH {
		t.Fatalf("the initial password still works: %v", err)
	}
	es, _ := a.log.Entries(opCtx(), quartier.AuditFilter{Action: "password.change", Limit: 10})
	if len(es) != 2 || es[1].Outcome != quartier.OutcomeOK || es[1].Login != "m.schulz" || es[1].Detail != "1 andere Sitzungen beendet" {
		t.Fatalf("change audited: %+v", es)
	}
}

// TestInitialPasswordExpires: unused for InitialPasswordValid, a password
// someone else chose opens nothing any more; the owner's own does not
// expire.
func TestInitialPasswordExpires(t *testing.T) {
	a, c := authApp(t)
	admin := adminOf(t, a, "chefin")
	acc, err := a.CreateUser(admin, CreateUserRequest{Login: "m.schulz", Name: "Maria Schulz", Role: quartier.RolePlanner})
	if err != nil {
		t.Fatal(err)
	}
	c.t = c.t.Add(InitialPasswordValid + time.Minute)
	_, err = a.SignIn(context.Background(), "m.schulz", acc.InitialPassword, "x")
	if quartier.ErrorCode(err) != quartier.EUNAUTH || quartier.ErrorMessage(err) != "Das vorläufige Passwort ist abgelaufen. Bitte bei der Administration ein neues anfordern." {
		t.Fatalf("expired initial password: %v", err)
	}
	// The administrator's own password, set by herself, is as old and works.
	session(t, a, "chefin", goodPassword)
	pw, err := a.ResetPassword(quartier.WithActor(context.Background(), quartier.ActorFrom(admin)), "m.schulz")
	if err != nil {
		t.Fatal(err)
	}
	if _, actor := session(t, a, "m.schulz", pw); !actor.ChangePassword {
		t.Fatalf("a new initial password: %+v", actor)
	}
}

// TestLockEndsSessions: a locked account's sessions end at once and it
// cannot sign in; unlocked, it can. Nobody locks herself.
func TestLockEndsSessions(t *testing.T) {
	a, _ := authApp(t)
	admin := adminOf(t, a, "chefin")
	mkAccount(t, a, "anna", quartier.RoleASD, quartier.Scope{Kind: quartier.ScopeAll})
	token, _ := session(t, a, "anna", goodPassword)
	if err := a.LockUser(admin, "anna"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Authenticate(context.Background(), token); quartier.ErrorCode(err) != quartier.EUNAUTH {
		t.Fatalf("session of a locked account: %v", err)
	}
	if _, err := a.SignIn(context.Background(), "anna", goodPassword, "x"); quartier.ErrorCode(err) != quartier.EUNAUTH {
		t.Fatalf("locked account signs in: %v", err)
	}
	if err := a.LockUser(admin, "anna"); quartier.ErrorCode(err) != quartier.ECONFLICT {
		t.Fatalf("locked twice: %v", err)
	}
	if err := a.LockUser(admin, "chefin"); quartier.ErrorCode(err) != quartier.EINVALID {
		t.Fatalf("locked herself: %v", err)
	}
	d, err := a.UserDetail(admin, "chefin")
	if err != nil || d.Actions.Lock || d.Actions.ResetPassword {
		t.Fatalf("own account offers: %+v %v", d.Actions, err)
	}
	if d, _ := a.UserDetail(admin, "anna"); d.Actions != (Actions{Unlock: true, ResetPassword: true}) {
		t.Fatalf("locked account offers: %+v", d.Actions)
	}
	if err := a.UnlockUser(admin, "anna"); err != nil {
		t.Fatal(err)
	}
	session(t, a, "anna", goodPassword)
	es, _ := a.log.Entries(opCtx(), quartier.AuditFilter{Action: "user.lock"})
	if len(es) != 1 || es[0].Login != "chefin" || es[0].Detail != "anna gesperrt, 1 Sitzungen beendet" {
		t.Fatalf("lock audited: %+v", es)
	}
}

// TestResetPassword: the old password stops working, the sessions end,
// the new one must be replaced; not for one's own account (that wants
// the current password) nor for an account of the identity provider.
func TestResetPassword(t *testing.T) {
	a, _ := authApp(t)
	admin := adminOf(t, a, "chefin")
	mkAccount(t, a, "anna", quartier.RolePlanner, quartier.Scope{Kind: quartier.ScopeAll})
	token, _ := session(t, a, "anna", goodPassword)
	pw, err := a.ResetPassword(admin, "anna")
	if err != nil || !initialFormat.MatchString(pw) {
		t.Fatalf("reset: %q %v", pw, err)
	}
	if _, err := a.Authenticate(context.Background(), token); quartier.ErrorCode(err) != quartier.EUNAUTH {
		t.Fatalf("session survived the reset: %v", err)
	}
	if _, err := a.SignIn(context.Background(), "anna", goodPassword, "x"); quartier.ErrorCode(err) != quartier.EUNAUTH {
		t.Fatalf("old password after the reset: %v", err)
	}
	if _, actor := session(t, a, "anna", pw); !actor.ChangePassword {
		t.Fatal("the reset password need not be changed")
	}
	if _, err := a.ResetPassword(admin, "chefin"); quartier.ErrorCode(err) != quartier.EINVALID {
		t.Fatalf("own reset: %v", err)
	}
	if _, err := a.ResetPassword(admin, "niemand"); quartier.ErrorCode(err) != quartier.ENOTFOUND {
		t.Fatalf("unknown account: %v", err)
	}
	rule := []RoleRule{{Claim: "groups", Value: "planung", Role: quartier.RolePlanner}}
	if _, err := a.SignInExternal(context.Background(), ExternalIdentity{Issuer: "https://idp", Subject: "42", Login: "extern", Claims: map[string]any{"groups": []any{"planung"}}}, rule, "x"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.ResetPassword(admin, "extern"); quartier.ErrorCode(err) != quartier.EINVALID {
		t.Fatalf("reset of an identity provider's account: %v", err)
	}
	if n := countAudit(t, a, "user.password_reset"); n != 1 {
		t.Fatalf("%d resets audited, want 1", n)
	}
}

// TestResetSecondFactor: after a reset the person signs in with the
// password alone and must enrol again before anything else opens.
func TestResetSecondFactor(t *testing.T) {
	a, c := authApp(t)
	a.totpRoles = []quartier.Role{quartier.RoleASD}
	admin := adminOf(t, a, "chefin")
	mkAccount(t, a, "anna", quartier.RoleASD, quartier.Scope{Kind: quartier.ScopeAll})
	if err := a.ResetSecondFactor(admin, "anna"); quartier.ErrorCode(err) != quartier.ECONFLICT {
		t.Fatalf("reset without a factor: %v", err)
	}
	_, actor := session(t, a, "anna", goodPassword)
	ctx := quartier.WithActor(context.Background(), actor)
	e, _ := a.StartTOTP(ctx)
	code, _ := totp.Code(e.Secret, c.t)
	if _, err := a.ConfirmTOTP(ctx, e.Secret, code, Reauth{}); err != nil {
		t.Fatal(err)
	}
	token, actor := session(t, a, "anna", goodPassword)
	if actor != nil {
		t.Fatal("signed in without the second factor")
	}
	if err := a.ResetSecondFactor(admin, "anna"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Authenticate(context.Background(), token); quartier.ErrorCode(err) != quartier.EUNAUTH {
		t.Fatalf("pending session survived the reset: %v", err)
	}
	_, actor = session(t, a, "anna", goodPassword)
	if actor == nil || !actor.EnrollTOTP || len(actor.Grants) != 0 {
		t.Fatalf("after the reset: %+v", actor)
	}
	// A factor chosen freely (her role requires none) must be set up again
	// too: the reset does not leave the account with less than it had. The
	// enrolment it forces asks for no proof, like the one a role forces.
	mkAccount(t, a, "bert", quartier.RolePlanner, quartier.Scope{Kind: quartier.ScopeAll})
	_, actor = session(t, a, "bert", goodPassword)
	ctx = quartier.WithActor(context.Background(), actor)
	e, _ = a.StartTOTP(ctx)
	code, _ = totp.Code(e.Secret, c.t)
	if _, err := a.ConfirmTOTP(ctx, e.Secret, code, Reauth{Password: goodPassword}); err != nil {
		t.Fatal(err)
	}
	if err := a.ResetSecondFactor(admin, "bert"); err != nil {
		t.Fatal(err)
	}
	_, actor = session(t, a, "bert", goodPassword)
	if actor == nil || !actor.EnrollTOTP || len(actor.Grants) != 0 {
		t.Fatalf("after the reset of a chosen factor: %+v", actor)
	}
	ctx = quartier.WithActor(context.Background(), actor)
	if e, _ = a.StartTOTP(ctx); e.Reauth {
		t.Fatal("the enrolment the reset forces asks for a proof")
	}
	code, _ = totp.Code(e.Secret, c.t)
	if _, err := a.ConfirmTOTP(ctx, e.Secret, code, Reauth{}); err != nil {
		t.Fatal(err)
	}
	if _, actor = session(t, a, "bert", goodPassword); actor != nil {
		t.Fatal("signed in without the new factor")
	}
	// Her own factor an administrator replaces with a proof, not here.
	if err := a.ResetSecondFactor(admin, "chefin"); quartier.ErrorCode(err) != quartier.ECONFLICT {
		t.Fatalf("own reset without a factor: %v", err)
	}
	if n := countAudit(t, a, "user.totp_reset"); n != 2 {
		t.Fatalf("%d resets audited, want 2", n)
	}
}

// TestEndGrant: a grant ends today or later, never in the past and never
// later than it ends already; one that has not begun never comes into
// force; a grant of the identity provider and one's own right to manage
// accounts are not ended here.
func TestEndGrant(t *testing.T) {
	a, c := authApp(t)
	admin := adminOf(t, a, "chefin")
	today := quartier.Day(c.t)
	mkAccount(t, a, "anna", quartier.RolePlanner, quartier.Scope{Kind: quartier.ScopeAll})
	future := today.AddDate(0, 1, 0)
	if err := a.Grant(admin, "anna", quartier.Grant{Role: quartier.RoleOffice, Scope: quartier.Scope{Kind: quartier.ScopeAll}, ValidFrom: future}); err != nil {
		t.Fatal(err)
	}
	grants := func(login string) []GrantInfo {
		d, err := a.UserDetail(admin, login)
		if err != nil {
			t.Fatal(err)
		}
		return d.Grants
	}
	gs := grants("anna")
	planner, office := gs[0], gs[1]
	if !planner.Endable || !office.Pending || !office.Endable || planner.Ended {
		t.Fatalf("grants before: %+v", gs)
	}
	if err := a.EndGrant(admin, "anna", planner.ID, today.AddDate(0, 0, -1)); quartier.ErrorCode(err) != quartier.EINVALID || !slices.Equal(fields(err), []string{"valid_to"}) {
		t.Fatalf("ended in the past: %v", err)
	}
	if err := a.EndGrant(admin, "anna", 9999, time.Time{}); quartier.ErrorCode(err) != quartier.ENOTFOUND {
		t.Fatalf("someone else's grant: %v", err)
	}
	// Ended in a week, then shortened to today; lengthening is refused.
	if err := a.EndGrant(admin, "anna", planner.ID, today.AddDate(0, 0, 7)); err != nil {
		t.Fatal(err)
	}
	if err := a.EndGrant(admin, "anna", planner.ID, today.AddDate(0, 0, 8)); quartier.ErrorCode(err) != quartier.ECONFLICT {
		t.Fatalf("lengthened: %v", err)
	}
	_, actor := session(t, a, "anna", goodPassword)
	if !actor.Can(quartier.PermManageSpaces) {
		t.Fatal("a grant ending next week already ended")
	}
	if err := a.EndGrant(admin, "anna", planner.ID, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if _, actor = session(t, a, "anna", goodPassword); len(actor.Grants) != 0 {
		t.Fatalf("grant ended today still works: %+v", actor.Grants)
	}
	// The pending grant ended today never comes into force.
	if err := a.EndGrant(admin, "anna", office.ID, time.Time{}); err != nil {
		t.Fatal(err)
	}
	for _, g := range grants("anna") {
		if !g.Ended || g.Endable || g.Pending {
			t.Errorf("after ending: %+v", g)
		}
		if g.ID == office.ID && !g.ValidTo.Equal(future) {
			t.Errorf("the pending grant ends %v, want its first day %v", g.ValidTo, future)
		}
	}
	c.t = future.Add(time.Hour)
	if _, actor = session(t, a, "anna", goodPassword); len(actor.Grants) != 0 {
		t.Fatalf("the ended pending grant came into force: %+v", actor.Grants)
	}
	c.t = today.Add(9 * time.Hour)
	// Her own administration she does not end; another administrator can.
	own := grants("chefin")[0]
	if own.Endable {
		t.Fatal("own administration offered to end")
	}
	if err := a.EndGrant(admin, "chefin", own.ID, time.Time{}); quartier.ErrorCode(err) != quartier.EINVALID {
		t.Fatalf("ended her own administration: %v", err)
	}
	other := adminOf(t, a, "vertretung")
	if err := a.EndGrant(other, "chefin", own.ID, today.AddDate(0, 0, 1)); err != nil {
		t.Fatal(err)
	}
	// A grant the identity provider gives comes back at the next sign-in.
	rule := []RoleRule{{Claim: "groups", Value: "planung", Role: quartier.RolePlanner}}
	if _, err := a.SignInExternal(context.Background(), ExternalIdentity{Issuer: "https://idp", Subject: "42", Login: "extern", Claims: map[string]any{"groups": []any{"planung"}}}, rule, "x"); err != nil {
		t.Fatal(err)
	}
	ext := grants("extern")[0]
	if ext.Endable || quartier.ErrorCode(a.EndGrant(admin, "extern", ext.ID, time.Time{})) != quartier.EINVALID {
		t.Fatal("a grant of the identity provider was ended")
	}
	es, _ := a.log.Entries(opCtx(), quartier.AuditFilter{Action: "grant.end"})
	if len(es) != 4 || es[3].ObjectID != strconv.FormatInt(own.ID, 10) || es[2].Detail != "anna: Berechtigung Nr. "+strconv.FormatInt(office.ID, 10)+" (office, alle Sozialräume) endet am "+future.Format(quartier.GermanDateLayout)+" (nie in Kraft)" {
		t.Fatalf("ends audited: %+v", es)
	}
}

// TestGrantChecksScope: every finding of a new account comes at once,
// each at its field; spaces, teams and providers must exist.
func TestGrantChecksScope(t *testing.T) {
	a, _ := authApp(t)
	admin := adminOf(t, a, "chefin")
	_, err := a.CreateUser(admin, CreateUserRequest{Login: "A B", Name: " ", Email: "kein-at", Password: "kurz", Role: "koenig",
		Scope: quartier.Scope{Kind: quartier.ScopeSpaces}})
	if want := []string{"login", "name", "email", "role", "spaces", "password"}; !slices.Equal(fields(err), want) {
		t.Fatalf("findings at %v, want %v: %v", fields(err), want, err)
	}
	for _, c := range []struct {
		scope quartier.Scope
		field string
	}{
		{quartier.Scope{Kind: quartier.ScopeSpaces, Spaces: []quartier.SpaceCode{"west", "nirgendwo"}}, "spaces"},
		{quartier.Scope{Kind: quartier.ScopeTeam, Ref: "asd-nirgendwo"}, "team"},
		{quartier.Scope{Kind: quartier.ScopeProvider, Ref: "unbekannt"}, "provider"},
		{quartier.Scope{Kind: "stadt"}, "scope"},
	} {
		_, err := a.CreateUser(admin, CreateUserRequest{Login: "bert", Name: "Bert", Password: goodPassword, Role: quartier.RoleASD, Scope: c.scope})
		if quartier.ErrorCode(err) != quartier.EINVALID || !slices.Equal(fields(err), []string{c.field}) {
			t.Errorf("%+v: %v at %v", c.scope, err, fields(err))
		}
		if err := a.Grant(admin, "chefin", quartier.Grant{Role: quartier.RoleASD, Scope: c.scope}); quartier.ErrorCode(err) != quartier.EINVALID {
			t.Errorf("grant %+v: %v", c.scope, err)
		}
	}
	if _, err := a.CreateUser(admin, CreateUserRequest{Login: "chefin", Name: "Zweite", Password: goodPassword, Role: quartier.RoleASD}); quartier.ErrorCode(err) != quartier.ECONFLICT || !slices.Equal(fields(err), []string{"login"}) {
		t.Fatalf("taken login: %v", err)
	}
	users, _ := a.Users(admin)
	if len(users) != 1 {
		t.Fatalf("a refused account was written: %+v", users)
	}
	// Offered are the providers assigned today, directly or through the
	// alliance, by name; one without an assignment is only named.
	if err := a.sp.ImportSetup(opCtx(), &spatial.Setup{Providers: []quartier.Provider{{Code: "diakonie", Name: "Diakonie", Kind: quartier.ProviderIndependent}}}); err != nil {
		t.Fatal(err)
	}
	c, err := a.GrantChoices(admin)
	if err != nil || len(c.Spaces) != 3 || c.Spaces[0].Name == "" || len(c.Teams) != 1 {
		t.Fatalf("choices: %+v %v", c, err)
	}
	var offered []string
	for _, p := range c.Providers {
		offered = append(offered, p.Code)
	}
	if !slices.Equal(offered, []string{"awo", "caritas", "htg"}) || c.ProviderNames["diakonie"] != "Diakonie" {
		t.Fatalf("providers offered %v, named %v", offered, c.ProviderNames)
	}
}

// TestUpdateUser: a change of name is audited; an edit that changes
// nothing writes nothing; a bad address is refused at its field.
func TestUpdateUser(t *testing.T) {
	a, _ := authApp(t)
	admin := adminOf(t, a, "chefin")
	mkAccount(t, a, "anna", quartier.RolePlanner, quartier.Scope{Kind: quartier.ScopeAll})
	if err := a.UpdateUser(admin, "anna", UserEdit{Name: "Anna Muster", Email: "anna@example.org"}); err != nil {
		t.Fatal(err)
	}
	if err := a.UpdateUser(admin, "anna", UserEdit{Name: " Anna Muster ", Email: "anna@example.org"}); err != nil {
		t.Fatal(err)
	}
	if err := a.UpdateUser(admin, "anna", UserEdit{Name: "Anna", Email: "anna(at)example.org"}); !slices.Equal(fields(err), []string{"email"}) {
		t.Fatalf("bad address: %v", err)
	}
	d, _ := a.UserDetail(admin, "anna")
	if d.User.Name != "Anna Muster" || d.User.Email != "anna@example.org" {
		t.Fatalf("edited: %+v", d.User)
	}
	es, _ := a.log.Entries(opCtx(), quartier.AuditFilter{Action: "user.update"})
	if len(es) != 1 || es[0].Detail != `anna: Name "Person anna" → "Anna Muster", E-Mail "" → "anna@example.org"` {
		t.Fatalf("edits audited: %+v", es)
	}
}

// TestAccountAdminDeniedByDefault: every administration use case refuses
// the anonymous and a signed-in planner, writes nothing and audits the
// denial.
func TestAccountAdminDeniedByDefault(t *testing.T) {
	a, _ := authApp(t)
	mkAccount(t, a, "anna", quartier.RolePlanner, quartier.Scope{Kind: quartier.ScopeAll})
	_, planner := session(t, a, "anna", goodPassword)
	calls := map[string]func(ctx context.Context) error{
		"CreateUser": func(ctx context.Context) error {
			_, err := a.CreateUser(ctx, CreateUserRequest{Login: "neu", Name: "Neu", Role: quartier.RoleAdmin})
			return err
		},
		"Grant":      func(ctx context.Context) error { return a.Grant(ctx, "anna", quartier.Grant{Role: quartier.RoleAdmin}) },
		"UpdateUser": func(ctx context.Context) error { return a.UpdateUser(ctx, "anna", UserEdit{Name: "X"}) },
		"LockUser":   func(ctx context.Context) error { return a.LockUser(ctx, "anna") },
		"UnlockUser": func(ctx context.Context) error { return a.UnlockUser(ctx, "anna") },
		"ResetPassword": func(ctx context.Context) error {
			_, err := a.ResetPassword(ctx, "anna")
			return err
		},
		"ResetSecondFactor": func(ctx context.Context) error { return a.ResetSecondFactor(ctx, "anna") },
		"EndGrant":          func(ctx context.Context) error { return a.EndGrant(ctx, "anna", 1, time.Time{}) },
		"UserDetail": func(ctx context.Context) error {
			_, err := a.UserDetail(ctx, "anna")
			return err
		},
		"GrantChoices": func(ctx context.Context) error {
			_, err := a.GrantChoices(ctx)
			return err
		},
	}
	for name, call := range calls {
		for who, ctx := range map[string]context.Context{"anonym": context.Background(), "anna": quartier.WithActor(context.Background(), planner)} {
			before := countAudit(t, a, string(quartier.PermManageUsers))
			if err := call(ctx); quartier.ErrorCode(err) != quartier.EFORBIDDEN {
				t.Errorf("%s as %s: %v", name, who, err)
			}
			if countAudit(t, a, string(quartier.PermManageUsers)) != before+1 {
				t.Errorf("%s as %s: denial not audited", name, who)
			}
		}
	}
	if _, actor := session(t, a, "anna", goodPassword); len(actor.Grants) != 1 || actor.ChangePassword {
		t.Fatalf("the account changed: %+v", actor)
	}
	if err := a.ChangePassword(context.Background(), goodPassword, "Lindenweg-Elterncafe-2025"); quartier.ErrorCode(err) != quartier.EUNAUTH {
		t.Fatalf("anonymous password change: %v", err)
	}
}

// TestGrantNamesAgreeWithChoices: the account list's names (GrantNames,
// only the providers its grants name) are those of the grant form's
// choices, also for a provider assigned nowhere today; without the
// permission there are none.
func TestGrantNamesAgreeWithChoices(t *testing.T) {
	a, _ := authApp(t)
	if err := a.sp.CreateProvider(opCtx(), quartier.Provider{Code: "frei", Name: "Freier Träger ohne Sozialraum", Kind: quartier.ProviderIndependent}); err != nil {
		t.Fatal(err)
	}
	mkAccount(t, a, "awo-1", quartier.RoleProviderStaff, quartier.Scope{Kind: quartier.ScopeProvider, Ref: "awo"})
	mkAccount(t, a, "frei-1", quartier.RoleProviderStaff, quartier.Scope{Kind: quartier.ScopeProvider, Ref: "frei"})
	mkAccount(t, a, "team-1", quartier.RoleASDLead, quartier.Scope{Kind: quartier.ScopeTeam, Ref: "asd-mitte"})
	users, err := a.Users(opCtx())
	if err != nil {
		t.Fatal(err)
	}
	names, err := a.GrantNames(opCtx(), users)
	if err != nil {
		t.Fatal(err)
	}
	choices, err := a.GrantChoices(opCtx())
	if err != nil {
		t.Fatal(err)
	}
	if len(names.ProviderNames) != 2 || names.ProviderNames["awo"] != "AWO" || names.ProviderNames["frei"] != choices.ProviderNames["frei"] ||
		len(names.Teams) != len(choices.Teams) || len(names.Spaces) != len(choices.Spaces) || len(names.Spaces) == 0 {
		t.Errorf("names %+v, choices %+v", names, choices)
	}
	planner := quartier.WithActor(context.Background(), &quartier.Actor{Login: "p", Grants: []quartier.Grant{{Role: quartier.RolePlanner, Scope: quartier.Scope{Kind: quartier.ScopeAll}}}})
	if _, err := a.GrantNames(planner, users); quartier.ErrorCode(err) != quartier.EFORBIDDEN {
		t.Errorf("names without the permission: %v", err)
	}
}
