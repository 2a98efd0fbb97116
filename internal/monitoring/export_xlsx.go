package monitoring

import (
	"io"

	"github.com/quartier/quartier/internal/xlsx"
)

// WriteXLSX writes the result as WriteCSV does, as an Excel workbook:
// area codes stay text, every figure is a number with all its digits.
func (r *IndexResult) WriteXLSX(w io.Writer) error {
	rows := make([][]xlsx.Cell, 0, len(r.Rows))
	for _, row := range r.Rows {
		var rec []xlsx.Cell
		for _, v := range r.Record(row) {
			switch v := v.(type) {
			case float64:
				rec = append(rec, xlsx.Number(v))
			default:
				rec = append(rec, xlsx.Text(v.(string)))
			}
		}
		rows = append(rows, rec)
	}
	head := r.Columns()
	sheet := r.Index.Code
	if len(sheet) > 31 { // Excel's limit for a sheet name
		sheet = sheet[:31]
	}
	return xlsx.Write(w, sheet, head, rows)
}
