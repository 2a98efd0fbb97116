// Package sqlite is the embedded store: SQLite through modernc.org/sqlite
// (pure Go, no cgo), the default for a single office and for the demo.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"strings"
	"time"

	"github.com/pressly/goose/v3"
	sqlite3 "modernc.org/sqlite"
	sqlite3lib "modernc.org/sqlite/lib"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Open opens (creating if needed) the database file at path and migrates it.
//
// Write transactions start with BEGIN IMMEDIATE so that two writers queue on
// the lock instead of failing on upgrade; WAL lets readers go on meanwhile.
// synchronous=FULL because an import must survive a power cut once the
// command said "written".
func Open(ctx context.Context, path string) (*sqlstore.Store, error) {
	if path == "" || strings.HasPrefix(path, ":memory:") {
		return nil, quartier.Errorf(quartier.EINVALID, "SQLite braucht eine Datei (kein :memory:), weil Lese- und Schreibverbindungen sie teilen.")
	}
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "foreign_keys(1)", "busy_timeout(30000)", "synchronous(FULL)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := migrate(ctx, db); err != nil {
		db.Close()
		return nil, err
	}
	return sqlstore.New(db, dialect), nil
}

func migrate(ctx context.Context, db *sql.DB) error {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db, sub)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return quartier.WrapError(quartier.EINTERNAL, err, "Die Datenbank lässt sich nicht öffnen oder migrieren.")
	}
	return nil
}

func sqliteCode(err error) int {
	var se *sqlite3.Error
	if errors.As(err, &se) {
		return se.Code()
	}
	return 0
}

var dialect = &sqlstore.Dialect{
	Name: "sqlite",
	Q:    queries,
	Date: func(t time.Time) any { return t.UTC().Format(quartier.DateLayout) },
	Time: func(t time.Time) any { return t.UTC().Format(time.RFC3339Nano) },
	IsUnique: func(err error) bool {
		c := sqliteCode(err)
		return c == sqlite3lib.SQLITE_CONSTRAINT_UNIQUE || c == sqlite3lib.SQLITE_CONSTRAINT_PRIMARYKEY
	},
	IsForeignKey: func(err error) bool { return sqliteCode(err) == sqlite3lib.SQLITE_CONSTRAINT_FOREIGNKEY },
}
