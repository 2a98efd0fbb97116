// Package testdb opens a fresh store for a test on the engine chosen by the
// environment, so that every test that touches storage runs on SQLite by
// default and on PostgreSQL when CI sets QUARTIER_TEST_ENGINE=postgres (the
// GoToSocial way: one suite, two engines).
package testdb

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/postgres"
	"github.com/quartier/quartier/internal/sqlite"
	"github.com/quartier/quartier/internal/storetest"
)

// Engine is the engine tests run on: "postgres" when QUARTIER_TEST_ENGINE
// says so, else "sqlite".
func Engine() string {
	if os.Getenv("QUARTIER_TEST_ENGINE") == "postgres" {
		return "postgres"
	}
	return "sqlite"
}

// Open returns a new, empty, migrated store that is closed (and, on
// PostgreSQL, dropped) when the test ends, and its address: a file path for
// SQLite, a DSN for PostgreSQL, so that a subprocess can open it too.
func Open(t testing.TB) (quartier.Store, string) {
	t.Helper()
	addr := NewAddress(t)
	st, err := OpenAddress(context.Background(), addr)
	if err != nil {
		t.Fatalf("open %s store: %v", Engine(), err)
	}
	t.Cleanup(func() { st.Close() })
	return st, addr
}

// OpenAddress opens the store at an address made by NewAddress.
func OpenAddress(ctx context.Context, addr string) (quartier.Store, error) {
	if Engine() == "postgres" {
		return postgres.Open(ctx, addr)
	}
	return sqlite.Open(ctx, addr)
}

// NewAddress creates an empty database and returns its address.
func NewAddress(t testing.TB) string {
	t.Helper()
	if Engine() != "postgres" {
		return filepath.Join(t.TempDir(), "test.db")
	}
	if os.Getenv("QUARTIER_TEST_POSTGRES") == "" {
		t.Fatal("QUARTIER_TEST_ENGINE=postgres needs QUARTIER_TEST_POSTGRES (a DSN allowed to CREATE DATABASE); see .ci/pg-start")
	}
	return storetest.PostgresDSN(t)
}
