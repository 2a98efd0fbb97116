package sqlstore

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	_ "modernc.org/sqlite"
)

// TestPreparedStatementRunAgainWhileRead runs a query from the scan of
// its own rows, as a tree walk may: with the statement kept prepared in
// the transaction, running it again would reset the rows being read.
func TestPreparedStatementRunAgainWhileRead(t *testing.T) {
	ctx := context.Background()
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE n (id INTEGER PRIMARY KEY, parent INTEGER); INSERT INTO n VALUES (1, 0), (2, 1), (3, 1), (4, 2), (5, 3)`); err != nil {
		t.Fatal(err)
	}
	s := New(db, db, &Dialect{Name: "sqlite", PrepareInTx: true, ReadTx: sql.TxOptions{ReadOnly: true}})
	const children = `SELECT id FROM n WHERE parent = $1 ORDER BY id`
	var walk func(tx *Tx, id int64, depth int) ([]int64, error)
	walk = func(tx *Tx, id int64, depth int) ([]int64, error) {
		var out []int64
		err := tx.query(ctx, "Knoten", children, func(rows *sql.Rows) error {
			var c int64
			if err := rows.Scan(&c); err != nil {
				return err
			}
			out = append(out, c)
			below, err := walk(tx, c, depth+1)
			out = append(out, below...)
			return err
		}, id)
		return out, err
	}
	for range 2 { // the second time with the statement prepared before
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		st := &Tx{tx: tx, d: s.d}
		got, err := walk(st, 0, 0)
		tx.Rollback()
		if err != nil {
			t.Fatal(err)
		}
		want := []int64{1, 2, 4, 3, 5}
		if len(got) != len(want) {
			t.Fatalf("walk = %v, want %v", got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("walk = %v, want %v", got, want)
			}
		}
		if len(st.stmts) != 1 {
			t.Errorf("%d statements prepared, want the one", len(st.stmts))
		}
	}
}
