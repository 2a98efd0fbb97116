package postgres

import (
	"context"
	"database/sql"
	"io/fs"
	"testing"

	"github.com/pressly/goose/v3"

	"github.com/quartier/quartier/internal/storetest"
)

// A street directory stored one row per entry (up to migration 14) is
// moved to one row per street (migration 15) whole.
func TestMigrateStreets(t *testing.T) {
	ctx := context.Background()
	dsn := storetest.PostgresDSN(t)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	sub, _ := fs.Sub(migrations, "migrations")
	p, err := goose.NewProvider(goose.DialectPostgres, db, sub)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 14); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, storetest.OldStreets); err != nil {
		t.Fatal(err)
	}
	db.Close()
	s, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	storetest.MigratedStreets(t, s)
}
