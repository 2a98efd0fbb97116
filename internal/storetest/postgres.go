package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
)

// PostgresDSN creates an empty database for one test on the server named by
// QUARTIER_TEST_POSTGRES, drops it when the test ends and returns its DSN.
// Without the variable the test is skipped: a developer's `go test ./...`
// needs no server, CI starts one with .ci/pg-start.
func PostgresDSN(tb testing.TB) string {
	tb.Helper()
	SkipWithoutPostgres(tb)
	admin := os.Getenv("QUARTIER_TEST_POSTGRES")
	u, err := url.Parse(admin)
	if err != nil {
		tb.Fatalf("QUARTIER_TEST_POSTGRES: %v", err)
	}
	b := make([]byte, 8)
	rand.Read(b)
	name := "quartier_test_" + hex.EncodeToString(b) // safe as an unquoted identifier
	if err := adminExec(admin, "CREATE DATABASE "+name); err != nil {
		tb.Fatalf("create test database: %v", err)
	}
	tb.Cleanup(func() {
		// FORCE: a store the test forgot to close must not keep it alive.
		if err := adminExec(admin, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			tb.Errorf("drop test database %s: %v", name, err)
		}
	})
	u.Path = "/" + name
	return u.String()
}

// SkipWithoutPostgres skips the test unless QUARTIER_TEST_POSTGRES is set,
// once for a whole suite rather than in every subtest.
func SkipWithoutPostgres(tb testing.TB) {
	tb.Helper()
	if os.Getenv("QUARTIER_TEST_POSTGRES") == "" {
		tb.Skip("QUARTIER_TEST_POSTGRES not set: PostgreSQL contract tests skipped (CI sets it; see .ci/pg-start)")
	}
}

func adminExec(dsn, stmt string) error {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(context.Background(), stmt)
	return err
}
