package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"

	"github.com/quartier/quartier"
)

// The street directory is stored a street at a time: one row per
// normalised street name (key) holding its entries as text, one entry a
// line, the fields separated by tabs (see encodeStreet). A directory is
// delivered and replaced whole, and read a street at a time (a lookup) or
// a city at once (a bulk run), never an entry alone. So Berlin's 401,032
// addresses are 9,766 rows: one row per entry cost SQLite about 2 µs per
// row to write and again to read, which kept a city's import near
// 100,000 entries/s and its bulk lookup below 200,000 rows/s.
//
// Texts must not contain tabs or line breaks; ReplaceStreets refuses them
// (streetdir's checks refuse them earlier, with the line of the file).

// streetBatch is how many rows one INSERT carries: few statements, far
// below the engines' parameter limits.
const streetBatch = 250

// ReplaceStreets writes a directory in one transaction. The ids are the
// positions, so nothing needs to be read back.
func (t *Tx) ReplaceStreets(ctx context.Context, entries []quartier.StreetEntry) error {
	if err := t.exec(ctx, "Das Straßenverzeichnis", t.d.Q.DeleteStreets); err != nil {
		return err
	}
	order := make([]int32, len(entries))
	for i := range entries {
		e := &entries[i]
		e.ID, order[i] = int64(i+1), int32(i)
		for _, s := range [...]string{e.Street, e.Key, e.Postcode, e.District, e.From, e.To, string(e.Parity), e.Block} {
			if strings.ContainsAny(s, "\t\n\r") {
				return quartier.Errorf(quartier.EINVALID, "Eintrag %d (%s): Tabulatoren und Zeilenumbrüche sind im Straßenverzeichnis nicht erlaubt.", i+1, e.Street)
			}
		}
	}
	slices.SortFunc(order, func(a, b int32) int {
		x, y := &entries[a], &entries[b]
		return cmp.Or(strings.Compare(x.Key, y.Key), strings.Compare(x.Postcode, y.Postcode), cmp.Compare(a, b))
	})
	type street struct{ key, text string }
	var rows []street
	var b []byte
	for lo := 0; lo < len(order); {
		key := entries[order[lo]].Key
		b = b[:0]
		hi := lo
		for ; hi < len(order) && entries[order[hi]].Key == key; hi++ {
			if hi > lo {
				b = append(b, '\n')
			}
			b = encodeEntry(b, &entries[order[hi]])
		}
		rows = append(rows, street{key, string(b)})
		lo = hi
	}
	return t.insertRows(ctx, "Das Straßenverzeichnis", "streets", []string{"key", "entries"}, len(rows), streetBatch, func(i int, dst []any) {
		dst[0], dst[1] = rows[i].key, rows[i].text
	})
}

// encodeEntry appends an entry's line: id, street, postcode, district,
// from, to, parity, block, x, y. The key is the row's.
func encodeEntry(b []byte, e *quartier.StreetEntry) []byte {
	b = strconv.AppendInt(b, e.ID, 10)
	for _, s := range [...]string{e.Street, e.Postcode, e.District, e.From, e.To, string(e.Parity), e.Block} {
		b = append(b, '\t')
		b = append(b, s...)
	}
	b = append(b, '\t')
	b = strconv.AppendFloat(b, e.X, 'g', -1, 64)
	b = append(b, '\t')
	return strconv.AppendFloat(b, e.Y, 'g', -1, 64)
}

// decodeStreet appends the entries of one row. Their texts are slices of
// text, so a street's entries share one allocation.
func decodeStreet(out []quartier.StreetEntry, key, text string) ([]quartier.StreetEntry, error) {
	for len(text) > 0 {
		line, rest, _ := strings.Cut(text, "\n")
		text = rest
		var f [10]string
		n := 0
		for n < len(f)-1 {
			var ok bool
			if f[n], line, ok = strings.Cut(line, "\t"); !ok {
				break
			}
			n++
		}
		f[n] = line
		if n != len(f)-1 {
			return out, quartier.Errorf(quartier.EINTERNAL, "Straßenverzeichnis: Eintrag von %q hat %d statt %d Felder.", key, n+1, len(f))
		}
		e := quartier.StreetEntry{Key: key, Street: f[1], Postcode: f[2], District: f[3], From: f[4], To: f[5], Parity: quartier.Parity(f[6]), Block: f[7]}
		var err error
		if e.ID, err = strconv.ParseInt(f[0], 10, 64); err == nil {
			if e.X, err = strconv.ParseFloat(f[8], 64); err == nil {
				e.Y, err = strconv.ParseFloat(f[9], 64)
			}
		}
		if err != nil {
			return out, quartier.WrapError(quartier.EINTERNAL, err, "Straßenverzeichnis: Eintrag von %q ist unlesbar.", key)
		}
		out = append(out, e)
	}
	return out, nil
}

// insertRows inserts n rows by a multi-row INSERT prepared once per size,
// checking ctx between statements.
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

// StreetsByKey reads the entries of some streets by their rows' keys: one
// row for a lookup, those of a chunk of rows for a bulk run.
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
	b.WriteString(") ORDER BY key")
	return t.streets(ctx, b.String(), args...)
}

// StreetKeys lists the rows' keys: Berlin's 9,763 are read in some
// milliseconds, its entries in some hundred.
func (t *Tx) StreetKeys(ctx context.Context) ([]string, error) {
	var keys []string
	err := t.query(ctx, "Straßenverzeichnis", t.d.Q.StreetKeys, func(rows *sql.Rows) error {
		var key string
		if err := rows.Scan(&key); err != nil {
			return err
		}
		keys = append(keys, key)
		return nil
	})
	return keys, err
}

func (t *Tx) streets(ctx context.Context, q string, args ...any) ([]quartier.StreetEntry, error) {
	// The rows first, so that the entries get one slice of the right
	// size: a bulk run reads tens of thousands at a time.
	var keys, texts []string
	n := 0
	err := t.query(ctx, "Straßenverzeichnis", q, func(rows *sql.Rows) error {
		var key, text string
		if err := rows.Scan(&key, &text); err != nil {
			return err
		}
		keys, texts = append(keys, key), append(texts, text)
		n += strings.Count(text, "\n") + 1
		return nil
	}, args...)
	if err != nil {
		return nil, err
	}
	out := make([]quartier.StreetEntry, 0, n)
	for i := range keys {
		if out, err = decodeStreet(out, keys[i], texts[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}
