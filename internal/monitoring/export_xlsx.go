package monitoring

import (
	"io"
	"math"
	"strings"

	"github.com/quartier/quartier/internal/xlsx"
)

// WriteXLSX writes the result as WriteCSV does, as an Excel workbook:
// area codes stay text, every figure is a number with all its digits.
func (r *IndexResult) WriteXLSX(w io.Writer) error {
	var b strings.Builder
	if err := r.WriteCSV(&b); err != nil {
		return err
	}
	// The header is the CSV's, so both exports name columns alike.
	first, _, _ := strings.Cut(strings.TrimPrefix(b.String(), "\ufeff"), "\n")
	head := strings.Split(strings.TrimRight(first, "\r"), ";")
	num := func(x float64) xlsx.Cell { return xlsx.Number(x) }
	rows := make([][]xlsx.Cell, 0, len(r.Rows))
	for _, row := range r.Rows {
		residents := xlsx.Number(math.NaN())
		if row.HasResidents {
			residents = xlsx.Number(float64(row.Residents))
		}
		rec := []xlsx.Cell{xlsx.Text(row.Area), xlsx.Text(row.Name), residents, xlsx.Text(row.Excluded)}
		for _, cr := range row.Components {
			for t := range cr.Raw {
				rec = append(rec, num(cr.Raw[t]), num(cr.Standardised[t]))
			}
			rec = append(rec, num(cr.Sum), num(cr.Index), num(cr.Position), xlsx.Text(cr.Class))
		}
		rows = append(rows, append(rec, xlsx.Text(row.Combined)))
	}
	sheet := r.Index.Code
	if len(sheet) > 31 { // Excel's limit for a sheet name
		sheet = sheet[:31]
	}
	return xlsx.Write(w, sheet, head, rows)
}
