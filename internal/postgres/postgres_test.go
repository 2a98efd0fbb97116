package postgres_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/postgres"
	"github.com/quartier/quartier/internal/storetest"
)

// freshDSN creates a database for one test on the server named by
// QUARTIER_TEST_POSTGRES and drops it afterwards.
func freshDSN(t *testing.T) string {
	admin := os.Getenv("QUARTIER_TEST_POSTGRES")
	if admin == "" {
		t.Skip("QUARTIER_TEST_POSTGRES not set: PostgreSQL contract tests skipped (CI sets it; see .ci/pg-start)")
	}
	db, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	b := make([]byte, 6)
	rand.Read(b)
	name := "qs_" + hex.EncodeToString(b)
	if _, err := db.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)") })
	u, _ := url.Parse(admin)
	u.Path = "/" + name
	return u.String()
}

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) quartier.Store {
		s, err := postgres.Open(context.Background(), freshDSN(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}

func TestHasPostGIS(t *testing.T) {
	s, err := postgres.Open(context.Background(), freshDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	t.Logf("PostGIS available: %v", postgres.HasPostGIS(context.Background(), s.SQL()))
}

func TestBadDSN(t *testing.T) {
	if _, err := postgres.Open(context.Background(), "postgres://nobody@127.0.0.1:1/x?sslmode=disable&connect_timeout=2"); err == nil {
		t.Fatal("unreachable server accepted")
	}
}
