package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
)

// PostgresDSN creates an empty database for one test on the server named by
// QUARTIER_TEST_POSTGRES, drops it when the test ends and returns its DSN.
// Without the variable the test is skipped: a developer's `go test ./...`
// needs no server, CI starts one with .ci/pg-start.
func PostgresDSN(tb testing.TB) string {
	tb.Helper()
	return PostgresDSNFrom(tb, "")
}

// PostgresDSNFrom is PostgresDSN with the new database a copy of the
// database at template (a DSN from PostgresTemplate; "" for none).
func PostgresDSNFrom(tb testing.TB, template string) string {
	tb.Helper()
	clause := ""
	if template != "" {
		t, err := url.Parse(template)
		if err != nil {
			tb.Fatalf("template %q: %v", template, err)
		}
		clause = " TEMPLATE " + strings.TrimPrefix(t.Path, "/")
	}
	dsn := createDatabase(tb, "quartier_test_", clause)
	tb.Cleanup(func() {
		// FORCE: a store the test forgot to close must not keep it alive.
		if err := DropPostgres(dsn); err != nil {
			tb.Errorf("drop test database %s: %v", dsn, err)
		}
	})
	return dsn
}

// PostgresTemplate creates an empty database for a template and returns
// its DSN. It outlives the test that makes it: DropPostgres removes it.
func PostgresTemplate(tb testing.TB) string {
	tb.Helper()
	return createDatabase(tb, "quartier_template_", "")
}

// createDatabase creates a database named prefix and 16 random hex
// digits (safe as an unquoted identifier) on the server named by
// QUARTIER_TEST_POSTGRES and returns its DSN.
func createDatabase(tb testing.TB, prefix, clause string) string {
	tb.Helper()
	SkipWithoutPostgres(tb)
	admin := os.Getenv("QUARTIER_TEST_POSTGRES")
	u, err := url.Parse(admin)
	if err != nil {
		tb.Fatalf("QUARTIER_TEST_POSTGRES: %v", err)
	}
	b := make([]byte, 8)
	rand.Read(b)
	name := prefix + hex.EncodeToString(b)
	if err := adminExec(admin, "CREATE DATABASE "+name+clause); err != nil {
		tb.Fatalf("create database: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

// DropPostgres drops the database of dsn, made by PostgresTemplate.
func DropPostgres(dsn string) error {
	u, err := url.Parse(dsn)
	if err != nil {
		return err
	}
	return adminExec(os.Getenv("QUARTIER_TEST_POSTGRES"), "DROP DATABASE IF EXISTS "+strings.TrimPrefix(u.Path, "/")+" WITH (FORCE)")
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
