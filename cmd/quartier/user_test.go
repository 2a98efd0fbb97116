package main

import (
	"context"
	"database/sql"
	"regexp"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/access"
	"github.com/quartier/quartier/internal/services"
	"github.com/quartier/quartier/internal/testdb"
	"github.com/quartier/quartier/internal/totp"
)

// weimarSpaces imports the Weimar example's blocks, spaces and
// organisation, what grants refer to.
func (c *cli) weimarSpaces() {
	c.t.Helper()
	c.must("import", "areas", weimar+"bloecke.geojson", "--srid", "25832", "--layer", "bezirk", "--kind", "block", "--date", "2024-01-01")
	c.must("import", "composed", "--layer", "sozialraum", "--space", "--name", "Sozialräume", "--table", weimar+"sozialraeume.csv", "--date", "2024-01-01")
	c.must("import", "setup", weimar+"setup.json")
}

// installation opens the CLI's database the way serve does, to sign in
// as a browser would.
func (c *cli) installation() *services.Set {
	c.t.Helper()
	ctx := context.Background()
	st, err := openStore(ctx, c.db)
	if err != nil {
		c.t.Fatal(err)
	}
	a, err := services.Open(ctx, st, services.Options{TOTPRoles: []quartier.Role{}})
	if err != nil {
		c.t.Fatal(err)
	}
	c.t.Cleanup(func() { a.Close(); st.Close() })
	return a
}

// signIn signs in with pw and returns the actor (nil while the second
// factor is pending).
func signIn(t *testing.T, a *services.Set, login, pw string) (*quartier.Actor, error) {
	t.Helper()
	res, err := a.Access.SignIn(context.Background(), login, pw, "test")
	if err != nil || res.NeedsSecondFactor {
		return nil, err
	}
	return a.Access.Authenticate(context.Background(), res.Token)
}

var initialRe = regexp.MustCompile(`Vorläufiges Passwort für [a-z.]+: ([A-Z0-9-]{19})\n`)

func initialOf(t *testing.T, out string) string {
	t.Helper()
	m := initialRe.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no initial password in %q", out)
	}
	return m[1]
}

// TestUserVerbs runs every account verb of the command line: list,
// create with a generated password, grant with validity, revoke, lock,
// unlock, passwd and reset-2fa, each checked by signing in, and the
// refusals by their exit codes.
func TestUserVerbs(t *testing.T) {
	c := newCLI(t)
	c.weimarSpaces()
	out := c.must("user", "create", "--login", "anna", "--name", "Anna Admin", "--role", "admin", "--initial")
	annaPw := initialOf(t, out)
	const pw = "Jugendhilfe-Planung-Weimar"
	if _, err := c.run(pw+"\n", "user", "create", "--login", "carla", "--name", "Carla Planerin", "--role", "planner", "--spaces", "west,nirgendwo"); exitCode(err) != 2 || !strings.Contains(describe(err), "nirgendwo") {
		t.Fatalf("a space that does not exist: %v", err)
	}
	if _, err := c.run(pw+"\n", "user", "create", "--login", "carla", "--name", "Carla Planerin", "--role", "planner", "--spaces", "west", "--team", "asd-west"); exitCode(err) != 2 {
		t.Fatalf("two scopes: %v", err)
	}
	if _, err := c.run(pw+"\n", "user", "create", "--login", "carla", "--name", "Carla Planerin", "--role", "planner", "--spaces", "west,nord-schoendorf"); err != nil {
		t.Fatal(err)
	}
	c.must("user", "grant", "--login", "carla", "--role", "controller", "--valid-from", "01.01.2099")
	list := c.must("user", "list")
	for _, want := range []string{`anna +Anna Admin +aktiv, vorläufiges Passwort +\d+ admin – alle Sozialräume`,
		`carla +Carla Planerin +aktiv +\d+ planner – Sozialräume west, nord-schoendorf, ab \d\d\.\d\d\.\d{4}; \d+ controller – alle Sozialräume, ab 01\.01\.2099 \(künftig\)`} {
		if !regexp.MustCompile(want).MatchString(list) {
			t.Errorf("list does not match %q:\n%s", want, list)
		}
	}
	a := c.installation()
	if actor, err := signIn(t, a, "anna", annaPw); err != nil || !actor.ChangePassword {
		t.Fatalf("anna with her initial password: %+v %v", actor, err)
	}

	c.must("user", "lock", "--login", "carla")
	if _, err := signIn(t, a, "carla", pw); quartier.ErrorCode(err) != quartier.EUNAUTH {
		t.Fatalf("locked account signs in: %v", err)
	}
	if !regexp.MustCompile(`Carla Planerin +gesperrt`).MatchString(c.must("user", "list")) {
		t.Error("list does not show the lock")
	}
	if _, err := c.run("", "user", "lock", "--login", "carla"); exitCode(err) != 4 {
		t.Fatalf("locked twice: %v", err)
	}
	c.must("user", "unlock", "--login", "carla")
	if _, err := signIn(t, a, "carla", pw); err != nil {
		t.Fatalf("unlocked: %v", err)
	}

	carlaPw := initialOf(t, c.must("user", "passwd", "--login", "carla"))
	if _, err := signIn(t, a, "carla", pw); quartier.ErrorCode(err) != quartier.EUNAUTH {
		t.Fatalf("old password after passwd: %v", err)
	}
	actor, err := signIn(t, a, "carla", carlaPw)
	if err != nil || !actor.ChangePassword {
		t.Fatalf("after passwd: %+v %v", actor, err)
	}

	if _, err := c.run("", "user", "reset-2fa", "--login", "carla"); exitCode(err) != 4 {
		t.Fatalf("reset without a factor: %v", err)
	}
	ctx := quartier.WithActor(context.Background(), actor)
	e, err := a.Access.StartTOTP(ctx)
	if err != nil {
		t.Fatal(err)
	}
	code, _ := totp.Code(e.Secret, time.Now())
	if _, err := a.Access.ConfirmTOTP(ctx, e.Secret, code, access.Reauth{Password: carlaPw}); err != nil {
		t.Fatal(err)
	}
	if res, _ := a.Access.SignIn(context.Background(), "carla", carlaPw, "x"); res == nil || !res.NeedsSecondFactor {
		t.Fatal("no second factor asked")
	}
	c.must("user", "reset-2fa", "--login", "carla")
	if res, err := a.Access.SignIn(context.Background(), "carla", carlaPw, "x"); err != nil || res.NeedsSecondFactor {
		t.Fatalf("second factor asked after reset-2fa: %v", err)
	}

	if _, err := c.run("", "user", "revoke", "--login", "carla", "--role", "planner", "--date", "2000-01-01"); exitCode(err) != 2 {
		t.Fatalf("revoked in the past: %v", err)
	}
	if _, err := c.run("", "user", "revoke", "--login", "carla", "--grant", "999"); exitCode(err) != 3 {
		t.Fatalf("unknown grant: %v", err)
	}
	if out := c.must("user", "revoke", "--login", "carla", "--role", "controller"); !strings.Contains(out, "endet heute") {
		t.Fatalf("revoke: %s", out)
	}
	if out := c.must("user", "revoke", "--login", "carla", "--role", "planner"); !strings.Contains(out, "endet heute") {
		t.Fatalf("revoke: %s", out)
	}
	if !strings.Contains(c.must("user", "list"), "01.01.2099 bis 01.01.2099 (beendet)") {
		t.Error("the pending grant is not shown as ended")
	}
	if _, err := c.run("", "user", "revoke", "--login", "carla", "--role", "planner"); exitCode(err) != 3 {
		t.Fatalf("revoked twice: %v", err)
	}
	if _, err := c.run("", "user", "frobnicate"); exitCode(err) != 2 {
		t.Fatalf("unknown verb: %v", err)
	}
	if _, err := c.run("", "user", "lock"); exitCode(err) != 2 {
		t.Fatalf("lock without --login: %v", err)
	}
	// Every change left its entry, and the chain holds.
	entries, err := a.Audit.Entries(quartier.WithActor(context.Background(), quartier.Operator()), quartier.AuditFilter{Login: "cli", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	actions := map[string]int{}
	for _, e := range entries {
		actions[e.Action]++
	}
	for action, n := range map[string]int{"user.create": 2, "grant.create": 1, "user.lock": 1, "user.unlock": 1, "user.password_reset": 1, "user.totp_reset": 1, "grant.end": 2} {
		if actions[action] != n {
			t.Errorf("%s: %d entries, want %d (%v)", action, actions[action], n, actions)
		}
	}
	if out := c.must("audit", "verify"); !strings.Contains(out, "unversehrt") {
		t.Fatalf("verify: %s", out)
	}
}

// TestUserCreateAndAuditTamper creates accounts from the command line,
// verifies the audit chain, then edits one row directly in the database
// (as someone with raw access would, after switching off the append-only
// trigger) and expects verify to name that entry.
func TestUserCreateAndAuditTamper(t *testing.T) {
	c := newCLI(t)
	c.weimarSpaces()
	if _, err := c.run("Sozialraum-Weimar-2024!\n", "user", "create", "--login", "anna", "--name", "Anna Admin", "--role", "admin"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.run("kurz\n", "user", "create", "--login", "ben", "--name", "Ben", "--role", "asd"); quartier.ErrorCode(err) != quartier.EINVALID {
		t.Fatalf("short password accepted: %v", err)
	}
	if _, err := c.run("Jugendhilfe-Planung-Weimar\n", "user", "create", "--login", "carla", "--name", "Carla Planerin", "--role", "planner", "--spaces", "west,nord-schoendorf"); err != nil {
		t.Fatal(err)
	}
	c.must("user", "grant", "--login", "carla", "--role", "controller")
	if out := c.must("audit", "verify"); !strings.Contains(out, "unversehrt") {
		t.Fatalf("verify: %s", out)
	}

	var db *sql.DB
	var err error
	var disable string
	if testdb.Engine() == "postgres" {
		db, err = sql.Open("pgx", c.db)
		disable = "ALTER TABLE audit_log DISABLE TRIGGER audit_no_change"
	} else {
		db, err = sql.Open("sqlite", "file:"+c.db)
		disable = "DROP TRIGGER audit_no_update"
	}
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("UPDATE audit_log SET detail = 'harmlos' WHERE id = 2"); err == nil {
		t.Fatal("the append-only trigger let an UPDATE through")
	}
	if _, err := db.Exec(disable); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("UPDATE audit_log SET detail = 'harmlos' WHERE id = 2"); err != nil {
		t.Fatal(err)
	}
	_, err = c.run("", "audit", "verify")
	if quartier.ErrorCode(err) != quartier.ECONFLICT || !strings.Contains(quartier.ErrorMessage(err), "Erster betroffener Eintrag: 2") {
		t.Fatalf("tampering not found: %v", err)
	}
}
