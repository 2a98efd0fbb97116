package sqlstore

import (
	"context"
	"database/sql"
	"strings"

	"github.com/quartier/quartier"
)

// streetCols is the column list of street_entries, in the order of
// ReplaceStreets' rows and scanStreet.
const streetCols = "id, street, key, postcode, district, hnr_from, hnr_to, parity, block, x, y"

var streetColumns = strings.Split(strings.ReplaceAll(streetCols, " ", ""), ",")

// streetBatch is how many rows one INSERT statement carries where there is
// no COPY: few statements, far below SQLite's 32,766 parameters.
const streetBatch = 500

// ReplaceStreets writes a city's directory (Berlin: 400,000 addresses) in
// one transaction: by COPY where the engine has it, else by a prepared
// multi-row INSERT. The ids are the positions, so no row needs to be read
// back. ctx is checked between batches: an interrupt rolls back.
func (t *Tx) ReplaceStreets(ctx context.Context, entries []quartier.StreetEntry) error {
	if err := t.exec(ctx, "Das Straßenverzeichnis", t.d.Q.DeleteStreets); err != nil {
		return err
	}
	for i := range entries {
		entries[i].ID = int64(i + 1)
	}
	row := func(i int, dst []any) {
		e := &entries[i]
		dst[0], dst[1], dst[2], dst[3], dst[4], dst[5] = e.ID, e.Street, e.Key, e.Postcode, e.District, e.From
		dst[6], dst[7], dst[8], dst[9], dst[10] = e.To, string(e.Parity), e.Block, e.X, e.Y
	}
	if t.d.CopyRows != nil {
		return t.mapErr(t.d.CopyRows(ctx, t.conn, "street_entries", streetColumns, len(entries), row), "Das Straßenverzeichnis")
	}
	return t.insertRows(ctx, "Das Straßenverzeichnis", "street_entries", streetColumns, len(entries), streetBatch, row)
}

// insertRows inserts n rows by a multi-row INSERT prepared once per size.
func (t *Tx) insertRows(ctx context.Context, what, table string, columns []string, n, batch int, row func(i int, dst []any)) error {
	stmts := map[int]*sql.Stmt{}
	defer func() {
		for _, st := range stmts {
			st.Close()
		}
	}()
	args := make([]any, 0, batch*len(columns))
	for lo := 0; lo < n; lo += batch {
		if err := ctx.Err(); err != nil {
			return t.mapErr(err, what)
		}
		k := min(batch, n-lo)
		st := stmts[k]
		if st == nil {
			var b strings.Builder
			b.WriteString("INSERT INTO " + table + " (" + strings.Join(columns, ", ") + ") VALUES ")
			p := 0
			for r := range k {
				if r > 0 {
					b.WriteByte(',')
				}
				b.WriteByte('(')
				for c := range columns {
					if c > 0 {
						b.WriteByte(',')
					}
					p++
					b.WriteString(t.d.Placeholder(p))
				}
				b.WriteByte(')')
			}
			var err error
			if st, err = t.tx.PrepareContext(ctx, b.String()); err != nil {
				return t.mapErr(err, what)
			}
			stmts[k] = st
		}
		args = args[:k*len(columns)]
		for r := range k {
			row(lo+r, args[r*len(columns):(r+1)*len(columns)])
		}
		if _, err := st.ExecContext(ctx, args...); err != nil {
			return t.mapErr(err, what)
		}
	}
	return nil
}

func (t *Tx) Streets(ctx context.Context) ([]quartier.StreetEntry, error) {
	var out []quartier.StreetEntry
	err := t.query(ctx, "Straßenverzeichnis", t.d.Q.Streets, func(rows *sql.Rows) error {
		e, err := scanStreet(rows)
		out = append(out, e)
		return err
	})
	return out, err
}

// StreetsByKey reads the entries of some streets through the key index:
// one query for a lookup, one per chunk of a bulk run.
func (t *Tx) StreetsByKey(ctx context.Context, keys []string) ([]quartier.StreetEntry, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	var b strings.Builder
	b.WriteString(t.d.Q.StreetsByKey + "(")
	args := make([]any, len(keys))
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(t.d.Placeholder(i + 1))
		args[i] = k
	}
	b.WriteString(") ORDER BY key, postcode, id")
	var out []quartier.StreetEntry
	err := t.query(ctx, "Straßenverzeichnis", b.String(), func(rows *sql.Rows) error {
		e, err := scanStreet(rows)
		out = append(out, e)
		return err
	}, args...)
	return out, err
}

func scanStreet(rows *sql.Rows) (quartier.StreetEntry, error) {
	var e quartier.StreetEntry
	var parity string
	err := rows.Scan(&e.ID, &e.Street, &e.Key, &e.Postcode, &e.District, &e.From, &e.To, &parity, &e.Block, &e.X, &e.Y)
	e.Parity = quartier.Parity(parity)
	return e, err
}
