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
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib" // also the database/sql driver "pgx"
	"github.com/pressly/goose/v3"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is an open, migrated PostgreSQL store.
type DB struct {
	*sqlstore.Store
}

// Open connects to dsn (postgres://…) and migrates the schema.
func Open(ctx context.Context, dsn string) (*DB, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, quartier.WrapError(quartier.EINVALID, err, "QUARTIER_DATABASE_URL ist keine gültige PostgreSQL-Adresse.")
	}
	db.SetMaxOpenConns(16)
	// Keep as many idle as may be open: database/sql keeps only two by
	// default, and reconnecting (TLS, auth, type loading) costs milliseconds
	// on every burst of concurrent requests.
	db.SetMaxIdleConns(16)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, quartier.WrapError(quartier.EINTERNAL, err, "PostgreSQL ist nicht erreichbar.")
	}
	if err := migrate(ctx, db); err != nil {
		db.Close()
		return nil, err
	}
	return &DB{sqlstore.New(db, db, dialect())}, nil
}

func migrate(ctx context.Context, db *sql.DB) error {
	return sqlstore.Migrate(ctx, db, goose.DialectPostgres, migrations)
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

// Updates run in READ COMMITTED behind one advisory lock rather than in
// SERIALIZABLE: writers are few and must not fail with serialization errors
// that every caller would have to retry, and with the lock held each
// statement sees all earlier commits, as SQLite's single writer does. Views
// get one snapshot (REPEATABLE READ) and cannot write (READ ONLY). A
// dialect is built for every store, so no store shares mutable state with
// another.
func dialect() *sqlstore.Dialect {
	return &sqlstore.Dialect{
		Placeholder:  func(i int) string { return "$" + strconv.Itoa(i) },
		Name:         "postgres",
		Q:            sqlstore.SharedQueries(),
		Time:         func(t time.Time) any { return t.UTC() },
		IsUnique:     func(err error) bool { return pgCode(err) == "23505" },
		IsForeignKey: func(err error) bool { return pgCode(err) == "23503" },
		ReadTx:       sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead},
		WriteTx:      sql.TxOptions{Isolation: sql.LevelReadCommitted},
		BeginWrite: func(ctx context.Context, tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", int64(writeLock))
			return err
		},
		CopyRows: copyRows,
	}
}

// copyRows streams rows into table with COPY on the pgx connection under
// conn, inside the transaction open on it: one round trip instead of a
// statement per thousand rows.
func copyRows(ctx context.Context, conn *sql.Conn, table string, columns []string, rows [][]any) (n int64, err error) {
	err = conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("copy: driver connection %T is not pgx", dc)
		}
		n, err = c.Conn().CopyFrom(ctx, pgx.Identifier{table}, columns, pgx.CopyFromRows(rows))
		return err
	})
	return n, err
}

// HasPostGIS reports whether PostGIS can be used in db's database: it is
// installed there, or creating it succeeds (tried in a transaction that is
// rolled back, so the database is left as it was). A control file alone is
// not enough, as the extension may need a library or privileges that are
// missing.
func HasPostGIS(ctx context.Context, db *sql.DB) bool {
	var installed bool
	if err := db.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'postgis')").Scan(&installed); err != nil {
		return false
	}
	if installed {
		return true
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return false
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "CREATE EXTENSION postgis"); err != nil {
		return false
	}
	var v string
	return tx.QueryRowContext(ctx, "SELECT postgis_version()").Scan(&v) == nil
}

var _ quartier.Store = (*DB)(nil)
