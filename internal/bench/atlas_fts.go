package bench

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/quartier/quartier/internal/search"
	"github.com/quartier/quartier/internal/textde"
)

// ftsPeer is an engine's own full-text search over the same analysed
// documents, run with the same query plans as the atlas index, so the
// comparison is of engines, not of analyzers.
type ftsPeer interface {
	name() string
	// query returns the number of matching documents and the first 20 by
	// the engine's own ranking.
	query(ctx context.Context, p search.Plan, words []string) (int, error)
	close()
}

// analysed turns the documents' field texts into space-separated terms
// per field, as both peers store them. The fields are those of
// atlas.SearchDocuments: name, topic, provider and places, text, and last
// the address and area, which the index marks as locating (compound parts
// and synonym phrases are not looked for there).
func analysed(an *textde.Analyzer, docs [][]string) [][]string {
	out := make([][]string, len(docs))
	for i, d := range docs {
		out[i] = make([]string, len(d))
		for f, text := range d {
			out[i][f] = strings.Join(an.Terms(text), " ")
		}
	}
	return out
}

// matchable reports whether every word of the plan has some term, or a
// conjunction with terms for every part; an engine cannot express an
// empty alternative, and the answer is 0 anyway.
func matchable(p search.Plan) bool {
	for _, w := range p {
		if len(w.Terms) == 0 && !slices.ContainsFunc(w.AllOf, func(c search.Conjunction) bool { return complete(c.Parts) }) {
			return false
		}
	}
	return true
}

// complete reports whether every part of a conjunction has a term.
func complete(parts [][]string) bool {
	for _, p := range parts {
		if len(p) == 0 {
			return false
		}
	}
	return true
}

// expr renders a plan with the engine's operators and term quoting; own
// quotes a term that counts only outside the address and area.
func expr(p search.Plan, or, and string, quote func(term string, own bool) string) string {
	alts := func(ts []string, own bool) string {
		q := make([]string, len(ts))
		for i, t := range ts {
			q[i] = quote(t, own)
		}
		return "(" + strings.Join(q, or) + ")"
	}
	var words []string
	for _, w := range p {
		var opts []string
		if len(w.Terms) > 0 {
			opts = append(opts, alts(w.Terms, false))
		}
		for _, c := range w.AllOf {
			if !complete(c.Parts) {
				continue
			}
			parts := make([]string, len(c.Parts))
			for i, pt := range c.Parts {
				parts[i] = alts(pt, c.Own)
			}
			opts = append(opts, "("+strings.Join(parts, and)+")")
		}
		words = append(words, "("+strings.Join(opts, or)+")")
	}
	return strings.Join(words, and)
}

// pgFTS is PostgreSQL full-text search: a tsvector of the analysed terms
// with weights A–D per field (name, topic and provider, text, address) and
// a GIN index, plus a pg_trgm index on the vocabulary for the substring
// expansion an engine-side search would do.
type pgFTS struct {
	db   *sql.DB
	drop func()
}

func newPGFTS(ctx context.Context, dsn string, docs [][]string) (*pgFTS, error) {
	benchDSN, drop, err := freshDatabase(ctx, dsn)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open("pgx", benchDSN)
	if err != nil {
		drop()
		return nil, err
	}
	p := &pgFTS{db: db, drop: drop}
	for _, q := range []string{
		`CREATE EXTENSION IF NOT EXISTS pg_trgm`,
		`CREATE TABLE docs (id int PRIMARY KEY, doc tsvector NOT NULL)`,
		`CREATE TABLE vocab (term text PRIMARY KEY)`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			p.close()
			return nil, err
		}
	}
	// Name A, topic and provider B, the running text C, the address D.
	ins := `INSERT INTO docs VALUES ($1, setweight(array_to_tsvector(array_remove(string_to_array($2, ' '), '')), 'A') || setweight(array_to_tsvector(array_remove(string_to_array($3, ' '), '')), 'B') ||
		setweight(array_to_tsvector(array_remove(string_to_array($4, ' '), '')), 'C') || setweight(array_to_tsvector(array_remove(string_to_array($5, ' '), '')), 'D'))`
	err = inTx(ctx, db, func(tx *sql.Tx) error {
		vocab := map[string]bool{}
		for i, d := range docs {
			last := len(d) - 1
			if _, err := tx.ExecContext(ctx, ins, i, d[0], strings.TrimSpace(d[1]+" "+d[2]), strings.Join(d[3:last], " "), d[last]); err != nil {
				return err
			}
			for _, f := range d {
				for _, t := range strings.Fields(f) {
					vocab[t] = true
				}
			}
		}
		for t := range vocab {
			if _, err := tx.ExecContext(ctx, `INSERT INTO vocab VALUES ($1)`, t); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		p.close()
		return nil, err
	}
	for _, q := range []string{`CREATE INDEX ON docs USING gin (doc)`, `CREATE INDEX ON vocab USING gin (term gin_trgm_ops)`, `ANALYZE`} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			p.close()
			return nil, err
		}
	}
	return p, nil
}

func (p *pgFTS) name() string { return "PostgreSQL FTS (tsvector GIN + pg_trgm)" }

func (p *pgFTS) query(ctx context.Context, plan search.Plan, words []string) (int, error) {
	// The substring expansion, as the engine would do it itself.
	for _, w := range words {
		if len(w) < 3 {
			continue
		}
		rows, err := p.db.QueryContext(ctx, `SELECT term FROM vocab WHERE term LIKE $1`, "%"+w+"%")
		if err != nil {
			return 0, err
		}
		for rows.Next() {
		}
		rows.Close()
	}
	if !matchable(plan) {
		return 0, nil
	}
	q := expr(plan, " | ", " & ", func(t string, own bool) string {
		q := "'" + strings.ReplaceAll(t, "'", "''") + "'"
		if own {
			q += ":ABC"
		}
		return q
	})
	rows, err := p.db.QueryContext(ctx, `SELECT count(*) OVER (), id FROM docs, CAST($1 AS tsquery) q WHERE doc @@ q ORDER BY ts_rank(doc, q) DESC, id LIMIT 20`, q)
	if err != nil {
		return 0, fmt.Errorf("%w (%.200s)", err, q)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id int
		if err := rows.Scan(&n, &id); err != nil {
			return 0, err
		}
	}
	return n, rows.Err()
}

func (p *pgFTS) close() { p.db.Close(); p.drop() }

// sqliteFTS is SQLite's FTS5 over the same terms, ranked by bm25 with the
// index's field weights.
type sqliteFTS struct{ db *sql.DB }

func newSQLiteFTS(ctx context.Context, dir string, docs [][]string) (*sqliteFTS, error) {
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "fts5.db")+"?_pragma=journal_mode(wal)&_pragma=synchronous(off)")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	p := &sqliteFTS{db: db}
	if _, err := db.ExecContext(ctx, `CREATE VIRTUAL TABLE docs USING fts5(name, topic, who, body, place, tokenize = 'unicode61 remove_diacritics 0')`); err != nil {
		p.close()
		return nil, err
	}
	err = inTx(ctx, db, func(tx *sql.Tx) error {
		for i, d := range docs {
			last := len(d) - 1
			if _, err := tx.ExecContext(ctx, `INSERT INTO docs(rowid, name, topic, who, body, place) VALUES (?, ?, ?, ?, ?, ?)`, i+1, d[0], d[1], d[2], strings.Join(d[3:last], " "), d[last]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		p.close()
		return nil, err
	}
	return p, nil
}

func (p *sqliteFTS) name() string { return "SQLite FTS5 (bm25)" }

func (p *sqliteFTS) query(ctx context.Context, plan search.Plan, _ []string) (int, error) {
	if !matchable(plan) {
		return 0, nil
	}
	q := expr(plan, " OR ", " AND ", func(t string, own bool) string {
		q := `"` + strings.ReplaceAll(t, `"`, `""`) + `"`
		if own {
			q = "{name topic who body} : " + q
		}
		return q
	})
	var n int
	if err := p.db.QueryRowContext(ctx, `SELECT count(*) FROM docs WHERE docs MATCH ?`, q).Scan(&n); err != nil {
		return 0, fmt.Errorf("%w (%.200s)", err, q)
	}
	rows, err := p.db.QueryContext(ctx, `SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, 3.0, 2.0, 1.5, 1.0, 1.0) LIMIT 20`, q)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	for rows.Next() {
	}
	return n, rows.Err()
}

func (p *sqliteFTS) close() { p.db.Close() }

// inTx runs fn in one transaction: a peer's load commits whole.
func inTx(ctx context.Context, db *sql.DB, fn func(*sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// timeQueries runs each query reps times through fn and returns the
// latencies.
func timeQueries(queries []string, reps int, fn func(q string) error) ([]time.Duration, error) {
	var out []time.Duration
	for range reps {
		for _, q := range queries {
			t0 := time.Now()
			if err := fn(q); err != nil {
				return nil, err
			}
			out = append(out, time.Since(t0))
		}
	}
	return out, nil
}
