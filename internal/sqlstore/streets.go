package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
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
	// In the order of the key (key, postcode, id): SQLite keeps the rows
	// so, and appending beats inserting all over the tree.
	order := make([]int32, len(entries))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		x, y := &entries[a], &entries[b]
		return cmp.Or(strings.Compare(x.Key, y.Key), strings.Compare(x.Postcode, y.Postcode), cmp.Compare(a, b))
	})
	row := func(i int, dst []any) {
		e := &entries[order[i]]
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
	return t.streets(ctx, t.d.Q.Streets)
}

// StreetsByKey reads the entries of some streets through the key: one
// query for a lookup, one per chunk of a bulk run.
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
	return t.streets(ctx, b.String(), args...)
}

// streets scans entries, keeping one copy of each text: the entries of a
// street repeat its name, postcode, district and block, and a bulk run
// holds a city's worth of them.
func (t *Tx) streets(ctx context.Context, q string, args ...any) ([]quartier.StreetEntry, error) {
	var out []quartier.StreetEntry
	seen := map[string]string{}
	var raw [8]sql.RawBytes
	text := func(i int) string {
		if s, ok := seen[string(raw[i])]; ok {
			return s
		}
		s := string(raw[i])
		seen[s] = s
		return s
	}
	err := t.query(ctx, "Straßenverzeichnis", q, func(rows *sql.Rows) error {
		var e quartier.StreetEntry
		if err := rows.Scan(&e.ID, &raw[0], &raw[1], &raw[2], &raw[3], &raw[4], &raw[5], &raw[6], &raw[7], &e.X, &e.Y); err != nil {
			return err
		}
		e.Street, e.Key, e.Postcode, e.District, e.From, e.To = text(0), text(1), text(2), text(3), text(4), text(5)
		e.Parity, e.Block = quartier.Parity(text(6)), text(7)
		out = append(out, e)
		return nil
	}, args...)
	return out, err
}
