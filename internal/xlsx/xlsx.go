// Package xlsx writes tables as Excel workbooks for offices that work in
// spreadsheets: codes stay text (Excel turns a CSV's "0110" into 110),
// numbers stay numbers, and a header row is bold and frozen. It reads the
// sheets of imports with a streaming reader of its own (stream.go).
package xlsx

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Cell is one value: Text, or Number when IsNumber (NaN: empty).
type Cell struct {
	Text     string
	Number   float64
	IsNumber bool
}

// Text is a cell that stays text, however it looks.
func Text(s string) Cell { return Cell{Text: s} }

// Number is a numeric cell; NaN leaves it empty ("no value").
func Number(v float64) Cell { return Cell{Number: v, IsNumber: true} }

// Write writes one sheet with a header row and the rows.
func Write(w io.Writer, sheet string, header []string, rows [][]Cell) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49}) // "@": shown and kept as text
	if err != nil {
		return err
	}
	for c, h := range header {
		ref, _ := excelize.CoordinatesToCellName(c+1, 1)
		if err := f.SetCellStr(sheet, ref, h); err != nil {
			return err
		}
	}
	if len(header) > 0 {
		last, _ := excelize.CoordinatesToCellName(len(header), 1)
		if err := f.SetCellStyle(sheet, "A1", last, bold); err != nil {
			return err
		}
	}
	for r, row := range rows {
		for c, cell := range row {
			ref, _ := excelize.CoordinatesToCellName(c+1, r+2)
			switch {
			case !cell.IsNumber:
				if err := f.SetCellStr(sheet, ref, cell.Text); err != nil {
					return err
				}
				if err := f.SetCellStyle(sheet, ref, ref, text); err != nil {
					return err
				}
			case !math.IsNaN(cell.Number) && !math.IsInf(cell.Number, 0):
				if err := f.SetCellFloat(sheet, ref, cell.Number, allDecimals(cell.Number), 64); err != nil {
					return err
				}
			}
		}
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return fmt.Errorf("xlsx: freeze header: %w", err)
	}
	_, err = f.WriteTo(w)
	return err
}

// allDecimals is how many decimals write x with every digit: with -1
// excelize keeps 15 significant digits (what Excel shows), and a figure
// read back from the workbook was no longer the one computed.
func allDecimals(x float64) int {
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}
