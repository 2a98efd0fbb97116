package monitoring

import (
	"io"
	"math"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/csvio"
)

// Columns names the columns of the result as every export writes it,
// one row per area: code, name, residents, the reason of an exclusion,
// then per component each term's raw and standardised value, the weighted
// sum, the index, its position on the class scale and the class, and the
// combined class last.
func (r *IndexResult) Columns() []string {
	head := []string{"gebiet", "name", "einwohner", "ausgeschlossen"}
	for _, comp := range r.Index.Components {
		for _, t := range comp.Terms {
			col := columnName(t)
			head = append(head, comp.Code+"_wert_"+col, comp.Code+"_"+standardisedPrefix(comp.Standardisation)+"_"+col)
		}
		head = append(head, comp.Code+"_summe", comp.Code+"_index", comp.Code+"_position", comp.Code+"_klasse")
	}
	return append(head, "klasse")
}

// Record is row in the order of Columns: text as string, every figure as
// float64 with all its digits (NaN where there is none).
func (r *IndexResult) Record(row IndexRow) []any {
	residents := math.NaN()
	if row.HasResidents {
		residents = float64(row.Residents)
	}
	rec := []any{row.Area, row.Name, residents, row.Excluded}
	for _, cr := range row.Components {
		for t := range cr.Raw {
			rec = append(rec, cr.Raw[t], cr.Standardised[t])
		}
		rec = append(rec, cr.Sum, cr.Index, cr.Position, cr.Class)
	}
	return append(rec, row.Combined)
}

// WriteCSV writes the result for a spreadsheet (see Columns). ';' and a
// byte-order mark as German Excel expects; decimal commas with every digit
// the computation used, so that a check by hand agrees.
func (r *IndexResult) WriteCSV(w io.Writer) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csvio.NewInertWriter(w, ';')
	if err := cw.Write(r.Columns()); err != nil {
		return err
	}
	for _, row := range r.Rows {
		var rec []string
		for _, v := range r.Record(row) {
			switch v := v.(type) {
			case float64:
				rec = append(rec, csvio.Decimal(v))
			default:
				rec = append(rec, v.(string))
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	return cw.Flush()
}

func columnName(t quartier.IndexTerm) string {
	if t.ChangeFrom != nil {
		return t.Indicator + "_seit_" + t.ChangeFrom.Format(quartier.DateLayout)
	}
	return t.Indicator
}

func standardisedPrefix(s quartier.Standardisation) string {
	switch s {
	case quartier.StandardiseMinMax:
		return "minmax"
	case quartier.StandardiseRank:
		return "rang"
	}
	return "z"
}
