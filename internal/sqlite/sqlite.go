// Package sqlite is the embedded store: SQLite through modernc.org/sqlite
// (pure Go, no cgo), the default for a single office and for the demo.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
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

// DB is an open, migrated SQLite store.
type DB struct {
	*sqlstore.Store
	tmpDir string // backs ":memory:"; removed by Close
}

// Open opens (creating if needed) the database file at path and migrates it.
// ":memory:" gives a private database that is gone after Close.
//
// Writes go through one connection and start with BEGIN IMMEDIATE: writers
// in this process queue in database/sql, writers in other processes (a CLI
// import beside `serve`) queue on the lock, and none fails on a read-to-write
// upgrade. Views use a separate query_only pool; WAL lets them read their
// snapshot while a write is under way.
//
// synchronous=FULL rather than NORMAL: NORMAL in WAL mode may lose the last
// commits on power loss, and an import the user was told is saved must stay
// saved. Writes are few and large, so one extra fsync per commit is cheap.
func Open(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, quartier.Errorf(quartier.EINVALID, "Für SQLite fehlt der Dateiname der Datenbank.")
	}
	if strings.ContainsRune(path, '?') {
		// The driver would take everything after '?' for parameters.
		return nil, quartier.Errorf(quartier.EINVALID, "Der Dateiname der Datenbank darf kein „?“ enthalten: %s", path)
	}
	db := &DB{}
	if path == ":memory:" {
		// A pool cannot share one in-memory database with WAL semantics
		// (readers beside a writer), so it lives in a file nobody else sees.
		dir, err := os.MkdirTemp("", "quartier-memory-")
		if err != nil {
			return nil, quartier.WrapError(quartier.EINTERNAL, err, "Temporäre Datenbank lässt sich nicht anlegen.")
		}
		db.tmpDir, path = dir, filepath.Join(dir, "quartier.db")
	}
	write, err := openPool(path, "_txlock=immediate", "journal_mode(WAL)", "foreign_keys(1)", "busy_timeout(30000)", "synchronous(FULL)")
	if err != nil {
		return nil, db.cleanup(err)
	}
	if err := migrate(ctx, write); err != nil {
		write.Close()
		return nil, db.cleanup(err)
	}
	write.SetMaxOpenConns(1)
	// Readers map the file instead of reading it page by page with a
	// system call each: a bulk lookup reading a city's street directory
	// took 15 % less CPU. The whole file, up to SQLite's limit of 2 GB:
	// Berlin's addresses and 100,000 offers are 410 MB, and with a map of
	// 256 MB the offers, written last, were read by system calls again,
	// so a result page's offers took a third longer to read (p50 311 →
	// 226 µs for 20 offers, alternating in one run). The map costs
	// address space, not memory: its pages are the kernel's file cache.
	read, err := openPool(path, "", "query_only(1)", "busy_timeout(30000)", "mmap_size(2147418112)")
	if err != nil {
		write.Close()
		return nil, db.cleanup(err)
	}
	for _, p := range []*sql.DB{write, read} {
		p.SetConnMaxIdleTime(5 * time.Minute)
	}
	// Readers reopened for every burst would re-run the pragmas and lose
	// SQLite's page cache, and more readers than cores only take turns:
	// a fixed set, all kept open. Unbounded, 32 clients opened and closed
	// connections all the time and served a third fewer requests.
	readers := max(8, 4*runtime.GOMAXPROCS(0))
	read.SetMaxOpenConns(readers)
	read.SetMaxIdleConns(readers)
	db.Store = sqlstore.New(write, read, dialect())
	return db, nil
}

// openPool opens a pool on path whose connections run the given pragmas.
// path stays a plain file name, not a file: URI, so that '#' and '%' in it
// need no escaping.
func openPool(path, param string, pragmas ...string) (*sql.DB, error) {
	q := url.Values{}
	for _, p := range pragmas {
		q.Add("_pragma", p)
	}
	dsn := path + "?" + q.Encode()
	if param != "" {
		dsn += "&" + param
	}
	db, err := sql.Open("sqlite", dsn)
	if err == nil {
		err = db.Ping()
	}
	if err != nil {
		if db != nil {
			db.Close()
		}
		return nil, quartier.WrapError(quartier.EINTERNAL, err, "Die SQLite-Datenbank %s lässt sich nicht öffnen.", path)
	}
	return db, nil
}

// Close closes the pools and removes the file behind ":memory:".
func (db *DB) Close() error {
	return db.cleanup(db.Store.Close())
}

func (db *DB) cleanup(err error) error {
	if db.tmpDir != "" {
		err = errors.Join(err, os.RemoveAll(db.tmpDir))
	}
	return err
}

func migrate(ctx context.Context, db *sql.DB) error {
	return sqlstore.Migrate(ctx, db, goose.DialectSQLite3, migrations)
}

func sqliteCode(err error) int {
	var se *sqlite3.Error
	if errors.As(err, &se) {
		return se.Code()
	}
	return 0
}

// dialect is built for every store, so no store shares mutable state
// with another.
func dialect() *sqlstore.Dialect {
	return &sqlstore.Dialect{
		// Anonymous: the driver finds the value of a numbered parameter by
		// asking SQLite for its name, a linear scan, which made a 256-row
		// audit insert (3,584 parameters) cost 20 ms instead of 4 ms.
		Placeholder: func(int) string { return "?" },
		Name:        "sqlite",
		Q:           sqlstore.SharedQueries(),
		// Fixed-width microseconds, so that text order is time order.
		Time: func(t time.Time) any { return t.UTC().Format("2006-01-02T15:04:05.000000Z07:00") },
		IsUnique: func(err error) bool {
			c := sqliteCode(err)
			return c == sqlite3lib.SQLITE_CONSTRAINT_UNIQUE || c == sqlite3lib.SQLITE_CONSTRAINT_PRIMARYKEY
		},
		IsForeignKey: func(err error) bool { return sqliteCode(err) == sqlite3lib.SQLITE_CONSTRAINT_FOREIGNKEY },
		// The driver turns ReadOnly into a deferred BEGIN (no write lock) and
		// ignores isolation levels: a WAL read transaction is a snapshot anyway.
		ReadTx:      sql.TxOptions{ReadOnly: true},
		PrepareInTx: true,
	}
}

var _ quartier.Store = (*DB)(nil)
