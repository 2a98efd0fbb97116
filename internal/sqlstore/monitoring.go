package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"github.com/quartier/quartier"
)

func (t *Tx) SaveIndicator(ctx context.Context, ind *quartier.Indicator) error {
	id, err := t.insert(ctx, "Der Indikator "+ind.Code, t.d.Q.SaveIndicator, ind.Code, ind.Name, ind.Description, ind.Unit, string(ind.Kind),
		ind.Scale, string(ind.Direction), ind.Source, ind.Licence, ind.Layer, dateArg(ind.LayerDate), ind.BaseGroup, ind.MinCount)
	if err == nil {
		ind.ID = id
	}
	return err
}

func (t *Tx) Indicators(ctx context.Context) ([]quartier.Indicator, error) {
	var out []quartier.Indicator
	err := t.query(ctx, "Indikatoren", t.d.Q.Indicators, func(rows *sql.Rows) error {
		var ind quartier.Indicator
		var kind, dir string
		if err := rows.Scan(&ind.ID, &ind.Code, &ind.Name, &ind.Description, &ind.Unit, &kind, &ind.Scale, &dir,
			&ind.Source, &ind.Licence, &ind.Layer, date{&ind.LayerDate}, &ind.BaseGroup, &ind.MinCount); err != nil {
			return err
		}
		ind.Kind, ind.Direction = quartier.IndicatorKind(kind), quartier.Direction(dir)
		out = append(out, ind)
		return nil
	})
	return out, err
}

// valueBatch bounds the rows of one multi-row insert: one statement per
// value made the demo's 3,000 values cost more than the rest of it.
const valueBatch = 256

func (t *Tx) ReplaceIndicatorValues(ctx context.Context, indicatorID int64, day time.Time, vs []quartier.IndicatorValue) error {
	if err := t.exec(ctx, "Die Indikatorwerte", t.d.Q.DeleteIndicatorValues, indicatorID, dateArg(day)); err != nil {
		return err
	}
	for start := 0; start < len(vs); start += valueBatch {
		batch := vs[start:min(start+valueBatch, len(vs))]
		var b strings.Builder
		b.WriteString("INSERT INTO indicator_values (indicator_id, reference_date, area, value, numerator, denominator, layer_date) VALUES ")
		args := make([]any, 0, 7*len(batch))
		for i, v := range batch {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteByte('(')
			for j := range 7 {
				if j > 0 {
					b.WriteByte(',')
				}
				b.WriteString(t.d.Placeholder(len(args) + j + 1))
			}
			b.WriteByte(')')
			var num, den any
			if v.FromCounts {
				num, den = v.Numerator, v.Denominator
			}
			var layerDate any
			if !v.LayerDate.IsZero() {
				layerDate = dateArg(v.LayerDate)
			}
			args = append(args, indicatorID, dateArg(day), v.Area, v.Value, num, den, layerDate)
		}
		if err := t.exec(ctx, "Die Indikatorwerte", b.String(), args...); err != nil {
			return err
		}
	}
	return nil
}

func (t *Tx) IndicatorValues(ctx context.Context, indicatorID int64) ([]quartier.IndicatorValue, error) {
	var out []quartier.IndicatorValue
	err := t.query(ctx, "Indikatorwerte", t.d.Q.IndicatorValues, func(rows *sql.Rows) error {
		var v quartier.IndicatorValue
		var num, den sql.NullFloat64
		var layerDate *time.Time
		if err := rows.Scan(&v.Indicator, &v.Area, date{&v.ReferenceDate}, &v.Value, &num, &den, nullDate{&layerDate}); err != nil {
			return err
		}
		if layerDate != nil {
			v.LayerDate = *layerDate
		}
		if num.Valid && den.Valid {
			v.FromCounts, v.Numerator, v.Denominator = true, num.Float64, den.Float64
		}
		out = append(out, v)
		return nil
	}, indicatorID)
	return out, err
}

// An index definition is stored as JSON: it is read and written whole,
// never queried by part, and its settings grow with the methods it must
// reproduce.
func (t *Tx) SaveIndex(ctx context.Context, x *quartier.Index) error {
	def, err := json.Marshal(x)
	if err != nil {
		return quartier.WrapError(quartier.EINTERNAL, err, "Der Index %s lässt sich nicht speichern.", x.Code)
	}
	id, err := t.insert(ctx, "Der Index "+x.Code, t.d.Q.SaveIndex, x.Code, x.Name, string(def))
	if err == nil {
		x.ID = id
	}
	return err
}

func (t *Tx) Indices(ctx context.Context) ([]quartier.Index, error) {
	var out []quartier.Index
	err := t.query(ctx, "Indizes", t.d.Q.Indices, func(rows *sql.Rows) error {
		var x quartier.Index
		var id int64
		var def string
		if err := rows.Scan(&id, &def); err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(def), &x); err != nil {
			return err
		}
		x.ID = id
		out = append(out, x)
		return nil
	})
	return out, err
}
