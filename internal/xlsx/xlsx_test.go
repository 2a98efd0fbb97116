package xlsx

import (
	"bytes"
	"math"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"
)

// Codes with a leading zero stay text, numbers stay numbers, and no value
// stays empty: read back with the same library Excel files are read with.
func TestCodesStayText(t *testing.T) {
	var b bytes.Buffer
	err := Write(&b, "Versorgung", []string{"Sozialraum (Code)", "Name", "je 1.000"},
		[][]Cell{{Text("0110"), Text("=HYPERLINK(\"x\")"), Number(1.25)}, {Text("0120"), Text("Moabit"), Number(math.NaN())}})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("Versorgung")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[1][0] != "0110" || rows[1][2] != "1.25" || len(rows[2]) != 2 {
		t.Fatalf("rows: %q", rows)
	}
	typ, _ := f.GetCellType("Versorgung", "A2")
	if typ == excelize.CellTypeNumber {
		t.Error("a code became a number")
	}
	// Text that looks like a formula is stored as text, not as a formula.
	if formula, _ := f.GetCellFormula("Versorgung", "B2"); formula != "" {
		t.Errorf("text stored as formula %q", formula)
	}
}

// A number is stored with every digit, so a figure read back from the
// workbook is the one computed (excelize keeps 15 significant digits by
// default, what Excel shows: the index export's z-value
// −0.25304429107400017 came back as −0.253044291074).
func TestNumbersKeepEveryDigit(t *testing.T) {
	xs := []float64{-0.25304429107400017, 0.1 + 0.2, 1.0 / 3, 123456.78901234567, 1e-7 / 3, 2.5e20 / 3, math.Copysign(0, -1), 42, 1e-300 / 3, math.MaxFloat64}
	var row []Cell
	for _, x := range xs {
		row = append(row, Number(x))
	}
	var b bytes.Buffer
	if err := Write(&b, "T", make([]string, len(xs)), [][]Cell{row}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	for i, x := range xs {
		ref, _ := excelize.CoordinatesToCellName(i+1, 2)
		raw, err := f.GetCellValue("T", ref, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if got, err := strconv.ParseFloat(raw, 64); err != nil || got != x {
			t.Errorf("%v stored as %q", x, raw)
		}
	}
}
