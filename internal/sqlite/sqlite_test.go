package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/sqlite"
	"github.com/quartier/quartier/internal/storetest"
)

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) quartier.Store {
		s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "q.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}

// ":memory:" must behave like a file (the same contract) and leave nothing
// behind.
func TestMemory(t *testing.T) {
	var dirs []string
	storetest.Run(t, func(t *testing.T) quartier.Store {
		s, err := sqlite.Open(context.Background(), ":memory:")
		if err != nil {
			t.Fatal(err)
		}
		dirs = append(dirs, sqlite.TempDir(s))
		t.Cleanup(func() { s.Close() })
		return s
	})
	for _, d := range dirs {
		if _, err := os.Stat(d); !os.IsNotExist(err) {
			t.Errorf("%s left behind after Close: %v", d, err)
		}
	}
}

func TestBadPath(t *testing.T) {
	for _, p := range []string{"", "a?b.db", filepath.Join(t.TempDir(), "missing-dir", "q.db")} {
		if _, err := sqlite.Open(context.Background(), p); err == nil {
			t.Errorf("%q: opened", p)
		}
	}
}

func TestReopenKeepsData(t *testing.T) {
	path := filepath.Join(t.TempDir(), "q.db")
	ctx := context.Background()
	for i := 0; i < 2; i++ {
		s, err := sqlite.Open(ctx, path) // second open: migrations already applied
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			err = s.Update(ctx, func(tx quartier.Tx) error { return tx.SetSetting(ctx, "srid", "25833") })
		} else {
			err = s.View(ctx, func(tx quartier.Tx) error {
				v, err := tx.Setting(ctx, "srid")
				if v != "25833" {
					t.Errorf("after reopen: %q", v)
				}
				return err
			})
		}
		s.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
}

func BenchmarkAreas(b *testing.B) {
	s, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "q.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	storetest.BenchAreas(b, s)
}

// The shared SQL (internal/sqlstore) numbers parameters $1, $2, … as
// PostgreSQL does. SQLite takes them for named parameters, indexed in the
// order they first appear; only the driver binding "$N" to the N-th
// argument makes "SET key = $2 … WHERE id = $1" right. Should a driver
// update change that, this fails before data goes to the wrong column.
func TestDollarParameters(t *testing.T) {
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "q.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var second, first, both string
	var big int64
	err = s.SQL().QueryRow(`SELECT $2, $1, $2 || $1, CAST($3 AS BIGINT)`, "eins", "zwei", int64(1)<<40).Scan(&second, &first, &both, &big)
	if err != nil || second != "zwei" || first != "eins" || both != "zweieins" || big != 1<<40 {
		t.Fatalf("got %q %q %q %d (%v)", second, first, both, big, err)
	}
}
