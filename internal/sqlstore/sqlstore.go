// Package sqlstore is the engine-independent part of Quartier's stores: the
// SQL (queries.go), the Go that runs it, scans rows and maps errors. The
// engines, internal/sqlite and internal/postgres, bring their migrations,
// driver and a few conversions as a Dialect. So there is one implementation
// of the quartier.Tx contract and one SQL text, proven on both engines by
// internal/storetest.
//
// The SQL is written in what both engines read alike:
//   - parameters are $1, $2, …: PostgreSQL's syntax, which SQLite reads as
//     named parameters and the modernc driver binds by their number, like
//     ?N (internal/sqlite's TestDollarParameters keeps that proven);
//   - a parameter tested against ” or 0 before it meets its column carries
//     a standard CAST, because PostgreSQL types a parameter at its first use
//     ($1 = 0 would make a bigint id an integer); to SQLite the CAST to TEXT
//     or BIGINT of such a value changes nothing;
//   - no NULL tests of parameters (PostgreSQL cannot type "$1 IS NULL"):
//     open bounds are passed as the ends of the calendar instead;
//   - dates are ISO text in SQLite and date in PostgreSQL; both compare and
//     sort them the same (see dateArg), timestamps likewise (Dialect.Time).
//
// A statement that cannot be written so would be overridden by its engine
// (a field of Dialect.Q); none needs that today. Migrations stay per engine,
// as DDL differs too much (types, triggers, identity columns) to share.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/pressly/goose/v3"

	"github.com/quartier/quartier"
)

// Dialect is what differs between engines besides the SQL text.
type Dialect struct {
	Name string
	// Q is the SQL: SharedQueries(), with a field replaced where the
	// engine would need a statement of its own.
	Q Queries
	// Time converts a Go time into an argument for the engine's timestamp
	// column. Dates need no hook: both engines take ISO text (see date).
	Time func(time.Time) any
	// Placeholder renders the i-th (1-based) query parameter, for the few
	// statements built at run time (multi-row inserts); they number their
	// parameters in order, so an engine may ignore i.
	Placeholder func(i int) string
	// IsUnique and IsForeignKey recognise constraint violations.
	IsUnique     func(error) bool
	IsForeignKey func(error) bool
	// ReadTx and WriteTx are the options of View and Update transactions.
	ReadTx, WriteTx sql.TxOptions
	// BeginWrite runs right after a write transaction begins, e.g. to take
	// the lock that serialises writers; may be nil.
	BeginWrite func(ctx context.Context, tx *sql.Tx) error
	// CopyRows bulk-loads rows into table on conn, inside the write
	// transaction open on it (PostgreSQL's COPY: one stream instead of a
	// statement per batch); nil where the engine has none, and multi-row
	// INSERTs are used.
	CopyRows func(ctx context.Context, conn *sql.Conn, table string, columns []string, rows [][]any) (int64, error)
	// PrepareInTx keeps the statements a transaction runs prepared until
	// it ends (see Tx.stmt).
	PrepareInTx bool
}

// Store implements quartier.Store over database/sql.
type Store struct {
	write, read *sql.DB
	d           *Dialect
	// hot are the read statements prepared once on the read pool, where
	// the dialect prepares (see Tx.stmt and pageQueries).
	hot   map[string]*sql.Stmt
	hours *hoursCache
}

// New wraps an open, migrated database. read serves View and may be the
// same pool as write; SQLite uses a separate query_only pool so that a View
// cannot write and never queues behind the single writer connection.
func New(write, read *sql.DB, d *Dialect) *Store {
	s := &Store{write: write, read: read, d: d, hours: &hoursCache{}}
	if d.PrepareInTx {
		// Prepared here, outside any transaction: preparing on the pool
		// from within one could wait for a connection that every
		// reader holds.
		s.hot = map[string]*sql.Stmt{}
		for _, q := range pageQueries(d) {
			if st, err := read.Prepare(q); err == nil {
				s.hot[q] = st
			}
		}
	}
	return s
}

func (s *Store) Engine() string { return s.d.Name }

func (s *Store) Close() error {
	for _, st := range s.hot {
		st.Close()
	}
	err := s.write.Close()
	if s.read != s.write {
		err = errors.Join(err, s.read.Close())
	}
	return err
}

// SQL exposes the read-write pool for benchmarks and engine-specific helpers.
func (s *Store) SQL() *sql.DB { return s.write }

func (s *Store) Update(ctx context.Context, fn func(quartier.Tx) error) error {
	return s.run(ctx, s.write, &s.d.WriteTx, s.d.BeginWrite, fn)
}

func (s *Store) View(ctx context.Context, fn func(quartier.Tx) error) error {
	return s.run(ctx, s.read, &s.d.ReadTx, nil, fn)
}

func (s *Store) run(ctx context.Context, db *sql.DB, opts *sql.TxOptions, begin func(context.Context, *sql.Tx) error, fn func(quartier.Tx) error) error {
	o := *opts // BeginTx must not share the dialect's struct between goroutines
	// A write that may bulk-load keeps hold of its connection, so the
	// load runs on the connection of the transaction and within it.
	var conn *sql.Conn
	var sqlTx *sql.Tx
	var err error
	if begin != nil && s.d.CopyRows != nil {
		if conn, err = db.Conn(ctx); err != nil {
			return internal(err, "Verbindung")
		}
		defer conn.Close()
		sqlTx, err = conn.BeginTx(ctx, &o)
	} else {
		sqlTx, err = db.BeginTx(ctx, &o)
	}
	if err != nil {
		return internal(err, "Transaktion beginnen")
	}
	defer sqlTx.Rollback()
	if begin != nil {
		if err := begin(ctx, sqlTx); err != nil {
			return internal(err, "Schreibsperre")
		}
	}
	hot := s.hot
	if db != s.read {
		hot = nil
	}
	if err := fn(&Tx{tx: sqlTx, d: s.d, conn: conn, hot: hot, hours: s.hours}); err != nil {
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return internal(err, "Transaktion abschließen")
	}
	return nil
}

func internal(err error, what string) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return quartier.WrapError(quartier.EINVALID, err, "Vorgang abgebrochen, nichts wurde geschrieben.")
	}
	return quartier.WrapError(quartier.EINTERNAL, err, "Datenbankfehler (%s).", what)
}

// Tx implements quartier.Tx on one database transaction.
type Tx struct {
	tx   *sql.Tx
	d    *Dialect
	conn *sql.Conn // the transaction's connection where the dialect copies rows
	// stmts are the statements prepared in this transaction, by their
	// text (see stmt).
	stmts map[string]*sql.Stmt
	// reading are the prepared statements whose rows are open (see query).
	reading map[string]bool
	// hot is Store.hot in a View, nil in an Update.
	hot   map[string]*sql.Stmt
	hours *hoursCache
}

// maxTxStmts bounds the statements a transaction keeps prepared: texts
// built at run time (IN lists of every length) must not pile up in a
// long import.
const maxTxStmts = 256

// stmt returns q prepared in the transaction, nil where the dialect does
// not prepare (PostgreSQL's driver keeps its own statement cache per
// connection). SQLite parses a statement anew on every call otherwise:
// an import of 20,000 offers spent 37 % of its CPU in SQLite's parser
// and the trigger code it generates, preparing the same few INSERTs.
// A statement that fails to prepare is left to the plain call, which
// reports the error.
func (t *Tx) stmt(ctx context.Context, q string) *sql.Stmt {
	if !t.d.PrepareInTx {
		return nil
	}
	if s, ok := t.stmts[q]; ok {
		if t.reading[q] {
			// Its rows are still being read (a query run again from
			// its own scan): running it would reset them.
			return nil
		}
		return s
	}
	if len(t.stmts) >= maxTxStmts {
		return nil
	}
	var s *sql.Stmt
	if h, ok := t.hot[q]; ok {
		// Prepared once per connection of the pool, not per transaction.
		s = t.tx.StmtContext(ctx, h)
	} else {
		var err error
		if s, err = t.tx.PrepareContext(ctx, q); err != nil {
			return nil
		}
	}
	if t.stmts == nil {
		t.stmts = map[string]*sql.Stmt{}
	}
	t.stmts[q] = s
	return s
}

func (t *Tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	if s := t.stmt(ctx, q); s != nil {
		return s.QueryRowContext(ctx, args...)
	}
	return t.tx.QueryRowContext(ctx, q, args...)
}

func (t *Tx) execSQL(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if s := t.stmt(ctx, q); s != nil {
		return s.ExecContext(ctx, args...)
	}
	return t.tx.ExecContext(ctx, q, args...)
}

// mapErr turns driver errors into domain errors: constraint violations
// become conflicts with a message naming the record, everything else is
// internal (the cause goes to the log, not to the user).
func (t *Tx) mapErr(err error, what string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, sql.ErrNoRows):
		return quartier.Errorf(quartier.ENOTFOUND, "%s wurde nicht gefunden.", what)
	case t.d.IsUnique(err):
		return quartier.WrapError(quartier.ECONFLICT, err, "%s ist schon vorhanden.", what)
	case t.d.IsForeignKey(err):
		return quartier.WrapError(quartier.ECONFLICT, err, "%s verweist auf einen Datensatz, den es nicht gibt, oder wird noch verwendet.", what)
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		return quartier.WrapError(quartier.EINVALID, err, "Vorgang abgebrochen, nichts wurde geschrieben.")
	}
	return quartier.WrapError(quartier.EINTERNAL, err, "Datenbankfehler (%s).", what)
}

func (t *Tx) exec(ctx context.Context, what, q string, args ...any) error {
	_, err := t.execSQL(ctx, q, args...)
	return t.mapErr(err, what)
}

// insert runs an INSERT … RETURNING id.
func (t *Tx) insert(ctx context.Context, what, q string, args ...any) (int64, error) {
	var id int64
	err := t.queryRow(ctx, q, args...).Scan(&id)
	return id, t.mapErr(err, what)
}

// query runs q and calls scan for every row.
func (t *Tx) query(ctx context.Context, what, q string, scan func(*sql.Rows) error, args ...any) error {
	var rows *sql.Rows
	var err error
	if s := t.stmt(ctx, q); s != nil {
		rows, err = s.QueryContext(ctx, args...)
		if err == nil {
			if t.reading == nil {
				t.reading = map[string]bool{}
			}
			t.reading[q] = true
			defer delete(t.reading, q)
		}
	} else {
		rows, err = t.tx.QueryContext(ctx, q, args...)
	}
	if err != nil {
		return t.mapErr(err, what)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return t.mapErr(err, what)
		}
	}
	return t.mapErr(rows.Err(), what)
}

// updateOne runs an UPDATE that must hit exactly one row.
func (t *Tx) updateOne(ctx context.Context, what, q string, args ...any) error {
	res, err := t.execSQL(ctx, q, args...)
	if err != nil {
		return t.mapErr(err, what)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return t.mapErr(err, what)
	}
	if n != 1 {
		return quartier.Errorf(quartier.ENOTFOUND, "%s wurde nicht gefunden oder ist schon beendet.", what)
	}
	return nil
}

// date scans a date column that the engine returns as time.Time, string or
// bytes (SQLite keeps ISO text).
type date struct{ t *time.Time }

func (d date) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		*d.t = time.Date(v.Year(), v.Month(), v.Day(), 0, 0, 0, 0, time.UTC)
		return nil
	case string:
		return d.parse(v)
	case []byte:
		return d.parse(string(v))
	}
	return fmt.Errorf("date: unsupported %T", src)
}

func (d date) parse(s string) error {
	if len(s) >= 10 {
		s = s[:10]
	}
	t, err := time.Parse(quartier.DateLayout, s)
	*d.t = t
	return err
}

// nullDate scans a nullable date into a *time.Time field.
type nullDate struct{ t **time.Time }

func (d nullDate) Scan(src any) error {
	if src == nil {
		*d.t = nil
		return nil
	}
	var t time.Time
	if err := (date{&t}).Scan(src); err != nil {
		return err
	}
	*d.t = &t
	return nil
}

// timestamp scans timestamps stored as time.Time or RFC 3339 text.
type timestamp struct{ t *time.Time }

func (ts timestamp) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		*ts.t = v.UTC()
		return nil
	case string:
		t, err := time.Parse(time.RFC3339Nano, v)
		*ts.t = t.UTC()
		return err
	case []byte:
		t, err := time.Parse(time.RFC3339Nano, string(v))
		*ts.t = t.UTC()
		return err
	}
	return fmt.Errorf("timestamp: unsupported %T", src)
}

// optTime passes a time to a nullable timestamp column, the zero time as
// NULL (read back by nullTimestamp).
func (t *Tx) optTime(at time.Time) any {
	if at.IsZero() {
		return nil
	}
	return t.d.Time(at)
}

// dateArg passes a date as ISO text, which SQLite stores as is and
// PostgreSQL casts to date. The calendar day is taken in t's own location:
// converting to UTC first would turn midnight CET into the previous day.
func dateArg(t time.Time) string { return t.Format(quartier.DateLayout) }

func optDate(p *time.Time) any {
	if p == nil {
		return nil
	}
	return dateArg(*p)
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

var _ quartier.Store = (*Store)(nil)

// Migrate applies the engine's embedded goose migrations (dir "migrations"
// of fsys) with a goose provider of its own, so no global goose state is
// shared between engines or tests.
func Migrate(ctx context.Context, db *sql.DB, dialect goose.Dialect, fsys fs.FS) error {
	sub, err := fs.Sub(fsys, "migrations")
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(dialect, db, sub)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return quartier.WrapError(quartier.EINTERNAL, err, "Die Datenbank lässt sich nicht migrieren.")
	}
	return nil
}
