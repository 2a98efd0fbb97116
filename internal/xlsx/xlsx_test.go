package xlsx

import (
	"bytes"
	"math"
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
