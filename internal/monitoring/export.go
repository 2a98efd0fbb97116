package monitoring

import (
	"io"
	"strconv"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/csvio"
)

// WriteCSV writes the result for a spreadsheet, one row per area: code,
// name, residents, the reason of an exclusion, then per component each
// term's raw and standardised value, the weighted sum, the index, its
// position on the class scale and the class, and the combined class last.
// ';' and a byte-order mark as German Excel expects; decimal commas with
// every digit the computation used, so that a check by hand agrees.
func (r *IndexResult) WriteCSV(w io.Writer) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csvio.NewInertWriter(w, ';')
	head := []string{"gebiet", "name", "einwohner", "ausgeschlossen"}
	for _, comp := range r.Index.Components {
		for _, t := range comp.Terms {
			col := columnName(t)
			head = append(head, comp.Code+"_wert_"+col, comp.Code+"_"+standardisedPrefix(comp.Standardisation)+"_"+col)
		}
		head = append(head, comp.Code+"_summe", comp.Code+"_index", comp.Code+"_position", comp.Code+"_klasse")
	}
	head = append(head, "klasse")
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, row := range r.Rows {
		residents := ""
		if row.HasResidents {
			residents = strconv.Itoa(row.Residents)
		}
		rec := []string{row.Area, row.Name, residents, row.Excluded}
		for _, cr := range row.Components {
			for t := range cr.Raw {
				rec = append(rec, csvio.Decimal(cr.Raw[t]), csvio.Decimal(cr.Standardised[t]))
			}
			rec = append(rec, csvio.Decimal(cr.Sum), csvio.Decimal(cr.Index), csvio.Decimal(cr.Position), cr.Class)
		}
		rec = append(rec, row.Combined)
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
