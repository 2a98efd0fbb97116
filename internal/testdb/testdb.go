// Package testdb opens a fresh store for a test on the engine chosen by the
// environment, so that every test that touches storage runs on SQLite by
// default and on PostgreSQL when CI sets QUARTIER_TEST_ENGINE=postgres (the
// GoToSocial way: one suite, two engines).
package testdb

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"sync"
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

// Template is a database built once per test binary and copied for every
// test that asks for one: a fixture that takes seconds to build (a city
// with accounts whose passwords are hashed at full cost) is then built
// once instead of in every test, and each test still gets a database of
// its own. SQLite copies the file; PostgreSQL creates the database from
// the template (CREATE DATABASE … TEMPLATE).
type Template struct {
	build func(t testing.TB, addr string)
	mu    sync.Mutex
	addr  string
	dir   string // SQLite: the directory of the template file
}

var (
	templatesMu sync.Mutex
	templates   []*Template
)

// NewTemplate declares a template; build fills the empty database at
// addr and closes every store it opened on it. It runs at the first Open,
// inside the test that asks first.
func NewTemplate(build func(t testing.TB, addr string)) *Template {
	tp := &Template{build: build}
	templatesMu.Lock()
	templates = append(templates, tp)
	templatesMu.Unlock()
	return tp
}

// Open returns a copy of the template, closed (and, on PostgreSQL,
// dropped) when the test ends, and its address.
func (tp *Template) Open(t testing.TB) (quartier.Store, string) {
	t.Helper()
	src := tp.source(t)
	var addr string
	if Engine() == "postgres" {
		addr = storetest.PostgresDSNFrom(t, src)
	} else {
		addr = filepath.Join(t.TempDir(), "test.db")
		if err := copyFile(src, addr); err != nil {
			t.Fatalf("copy template: %v", err)
		}
	}
	st, err := OpenAddress(context.Background(), addr)
	if err != nil {
		t.Fatalf("open %s store: %v", Engine(), err)
	}
	t.Cleanup(func() { st.Close() })
	return st, addr
}

// source builds the template on first use. A build that fails fails the
// test that asked, and every later one: the fixture is broken for all.
func (tp *Template) source(t testing.TB) string {
	tp.mu.Lock()
	defer tp.mu.Unlock()
	if tp.addr == "failed" {
		t.Fatal("the template database could not be built (see the first test that used it)")
	}
	if tp.addr != "" {
		return tp.addr
	}
	tp.addr = "failed" // until build returns: t.Fatal inside it leaves this
	var addr string
	if Engine() == "postgres" {
		addr = storetest.PostgresTemplate(t)
	} else {
		dir, err := os.MkdirTemp("", "quartier-template-*")
		if err != nil {
			t.Fatal(err)
		}
		tp.dir = dir
		addr = filepath.Join(dir, "template.db")
	}
	tp.build(t, addr)
	tp.addr = addr
	return addr
}

// RemoveTemplates deletes the templates' files and databases; TestMain
// calls it after the tests.
func RemoveTemplates() {
	templatesMu.Lock()
	defer templatesMu.Unlock()
	for _, tp := range templates {
		if tp.dir != "" {
			os.RemoveAll(tp.dir)
		}
		if Engine() == "postgres" && tp.addr != "" && tp.addr != "failed" {
			storetest.DropPostgres(tp.addr)
		}
	}
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
