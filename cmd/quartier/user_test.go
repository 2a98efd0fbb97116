package main

import (
	"database/sql"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/testdb"
)

// TestUserCreateAndAuditTamper creates accounts from the command line,
// verifies the audit chain, then edits one row directly in the database
// (as someone with raw access would, after switching off the append-only
// trigger) and expects verify to name that entry.
func TestUserCreateAndAuditTamper(t *testing.T) {
	c := newCLI(t)
	c.must("import", "areas", weimar+"bloecke.geojson", "--srid", "25832", "--layer", "bezirk", "--kind", "block", "--date", "2024-01-01")
	if _, err := c.run("Sozialraum-Weimar-2024!\n", "user", "create", "--login", "anna", "--name", "Anna Admin", "--role", "admin"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.run("kurz\n", "user", "create", "--login", "ben", "--name", "Ben", "--role", "asd"); quartier.ErrorCode(err) != quartier.EINVALID {
		t.Fatalf("short password accepted: %v", err)
	}
	if _, err := c.run("Jugendhilfe-Planung-Weimar\n", "user", "create", "--login", "carla", "--name", "Carla Planerin", "--role", "planner", "--spaces", "W1,N1"); err != nil {
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
