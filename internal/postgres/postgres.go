// Package postgres is the production store: PostgreSQL through pgx and
// database/sql. It needs no extension; PostGIS is used only by the bench
// command as a peer to compare with.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
	"github.com/pressly/goose/v3"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Open connects to dsn (postgres://…) and migrates the schema.
func Open(ctx context.Context, dsn string) (*sqlstore.Store, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, quartier.WrapError(quartier.EINVALID, err, "QUARTIER_DATABASE_URL ist keine gültige PostgreSQL-Adresse.")
	}
	db.SetMaxOpenConns(16)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, quartier.WrapError(quartier.EINTERNAL, err, "PostgreSQL ist nicht erreichbar.")
	}
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		db.Close()
		return nil, err
	}
	p, err := goose.NewProvider(goose.DialectPostgres, db, sub)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		db.Close()
		return nil, quartier.WrapError(quartier.EINTERNAL, err, "Die Datenbank lässt sich nicht migrieren.")
	}
	return sqlstore.New(db, dialect), nil
}

// writeLock serialises write transactions like SQLite's single writer, so
// that two imports of the same layer cannot both close its open version.
// The lock is released with the transaction.
const writeLock = 0x5175617274696572 // "Quartier"

func pgCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

var dialect = &sqlstore.Dialect{
	Name:         "postgres",
	Q:            queries,
	Date:         func(t time.Time) any { return t.UTC() },
	Time:         func(t time.Time) any { return t.UTC() },
	IsUnique:     func(err error) bool { return pgCode(err) == "23505" },
	IsForeignKey: func(err error) bool { return pgCode(err) == "23503" },
	BeginWrite: func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", int64(writeLock))
		return err
	},
}

// HasPostGIS reports whether the server can create the postgis extension,
// for the bench command's comparison.
func HasPostGIS(ctx context.Context, db *sql.DB) bool {
	var n int
	err := db.QueryRowContext(ctx, "SELECT count(*) FROM pg_available_extensions WHERE name = 'postgis'").Scan(&n)
	return err == nil && n > 0
}
