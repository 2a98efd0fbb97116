package monitoring

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/testcity"
	"github.com/xuri/excelize/v2"
)

// workbook builds an XLSX file: fill writes into sheet "Werte".
func workbook(t testing.TB, fill func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "Werte"); err != nil {
		t.Fatal(err)
	}
	fill(f)
	var b bytes.Buffer
	if _, err := f.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func set(f *excelize.File, ref string, v any) {
	if err := f.SetCellValue("Werte", ref, v); err != nil {
		panic(err)
	}
}

// blockSheet is the test city's block table as an office would send it:
// a merged title above the header, numbers as numbers, one count typed
// as German text with a thousands dot, the share's denominator of r0c0
// a formula with its stored result, the date in a date-formatted column.
func blockSheet(f *excelize.File) {
	set(f, "A1", "Sozialdaten 2020 (Testamt)")
	if err := f.MergeCell("Werte", "A1", "F1"); err != nil {
		panic(err)
	}
	for c, h := range []string{"baustein", "stichtag", "alo", "ew", "quote", "kinder"} {
		set(f, string(rune('A'+c))+"3", h)
	}
	date, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		panic(err)
	}
	for i, line := range strings.Split(strings.TrimSpace(blockTable), "\n")[1:] {
		row := strings.Split(line, ";")
		r := i + 4
		ref := func(col byte) string { return string(col) + strings.TrimSpace(strings.Repeat(" ", 0)) + itoa(r) }
		set(f, ref('A'), row[0])
		set(f, ref('B'), d2020)
		if err := f.SetCellStyle("Werte", ref('B'), ref('B'), date); err != nil {
			panic(err)
		}
		for c, cell := range row[1:] {
			col := byte('C' + c)
			if cell == "" {
				continue
			}
			x := 0.0
			for _, d := range cell {
				x = x*10 + float64(d-'0')
			}
			set(f, ref(col), x)
		}
	}
	set(f, "F6", "1.030,0") // r2c0's kinder, typed as German text
	if err := f.SetCellFormula("Werte", "D4", "50*2"); err != nil {
		panic(err)
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

func xlsxMapping() Mapping {
	m := blockMapping("")
	m.Date, m.DateColumn = "", "stichtag"
	return m
}

// An XLSX workbook goes through the same mapping and checks as a CSV file
// and gives the same values, the text "1.030,0" read as 1030.
func TestImportXLSX(t *testing.T) {
	c := newCity(t)
	before := c.values(t, testcity.Operator(), "alo", "blk")
	b := workbook(t, func(f *excelize.File) {
		blockSheet(f)
		// A column the mapping does not read may hold anything.
		set(f, "H3", "Notiz")
		if err := f.SetCellFormula("Werte", "H4", "1/0"); err != nil {
			t.Fatal(err)
		}
	})
	rep, err := c.mon.ImportIndicators(testcity.Operator(), bytes.NewReader(b), xlsxMapping())
	if err != nil {
		t.Fatalf("%v %v", err, quartier.ErrorProblems(err))
	}
	if rep.Rows != 9 || len(rep.Dates) != 1 || !rep.Dates[0].Equal(d2020) || rep.Indicators[0].Replaced != 8 {
		t.Errorf("report %+v", rep)
	}
	after := c.values(t, testcity.Operator(), "alo", "blk")
	for area, v := range before {
		if w := after[area]; !(math.IsNaN(v.Value) && math.IsNaN(w.Value)) && (v.Value != w.Value || v.Numerator != w.Numerator || v.Denominator != w.Denominator) {
			t.Errorf("%s: csv %+v, xlsx %+v", area, v, w)
		}
	}
	if k := c.values(t, testcity.Operator(), "kinder", "blk"); k["r2c0"].Value != 1030 || k["r0c0"].Value != 10 {
		t.Errorf("kinder %+v %+v", k["r2c0"], k["r0c0"])
	}
}

// Workbooks refused with the sheet, the row and the column, and nothing
// written: the stored values stay as they were.
func TestImportXLSXRefused(t *testing.T) {
	c := newCity(t)
	cases := []struct {
		name  string
		fill  func(f *excelize.File)
		sheet string
		want  string
	}{
		{"formula without a result", func(f *excelize.File) {
			blockSheet(f)
			if err := f.SetCellFormula("Werte", "E5", "C5/D5"); err != nil {
				panic(err)
			}
			set(f, "E5", nil)
			if err := f.SetCellFormula("Werte", "E5", "C5/D5"); err != nil {
				panic(err)
			}
		}, "", `Blatt "Werte", Zeile 5, Spalte E (quote): die Formel =C5/D5 hat kein gespeichertes Ergebnis`},
		{"merged cells in the data", func(f *excelize.File) {
			blockSheet(f)
			if err := f.MergeCell("Werte", "A7", "A8"); err != nil {
				panic(err)
			}
		}, "", `Blatt "Werte", Zeile 7, Spalte A: verbundene Zellen A7:A8`},
		{"not a number", func(f *excelize.File) {
			blockSheet(f)
			set(f, "C9", "viele")
		}, "", `Blatt "Werte", Zeile 9, Spalte C (alo): "viele" ist keine Zahl.`},
		{"unknown area", func(f *excelize.File) {
			blockSheet(f)
			set(f, "A12", "r9c9")
			set(f, "B12", "2020-12-31")
		}, "", `Blatt "Werte", Zeile 12, Spalte A (baustein): Gebiet r9c9 gibt es in der Ebene blk nicht`},
		{"empty sheet", func(f *excelize.File) {}, "", `Blatt "Werte" ist leer.`},
		{"no header", func(f *excelize.File) { set(f, "B2", "Gebiet") }, "", `Blatt "Werte" hat keine Kopfzeile mit der Spalte "baustein".`},
		{"unknown sheet", blockSheet, "Daten", `kein Blatt "Daten" (Blätter: Werte)`},
	}
	for _, tc := range cases {
		m := xlsxMapping()
		m.Sheet = tc.sheet
		_, err := c.mon.ImportIndicators(testcity.Operator(), bytes.NewReader(workbook(t, tc.fill)), m)
		msg := quartier.ErrorMessage(err)
		for _, p := range quartier.ErrorProblems(err) {
			msg += "\n" + p.Message
		}
		if err == nil || !strings.Contains(msg, tc.want) {
			t.Errorf("%s: %v\n%s", tc.name, err, msg)
		}
	}
	if _, err := c.mon.ImportIndicators(testcity.Operator(), strings.NewReader("PK\x03\x04 kaputt"), xlsxMapping()); !strings.Contains(quartier.ErrorMessage(err), "keine lesbare XLSX-Arbeitsmappe") {
		t.Errorf("a broken workbook: %v", err)
	}
	if got := c.values(t, testcity.Operator(), "kinder", "blk"); got["r2c0"].Value != 30 {
		t.Errorf("a refused workbook changed values: %+v", got["r2c0"])
	}
	if n := c.entries(t, "indicators.import"); n != 1 {
		t.Errorf("%d import entries, want only newCity's", n)
	}
}

// FuzzReadValuesXLSX: a workbook damaged anywhere is read or refused with
// a message, never a crash; what is accepted obeys the kinds' rules.
func FuzzReadValuesXLSX(f *testing.F) {
	f.Add(workbook(f, blockSheet))
	f.Add(workbook(f, func(ef *excelize.File) {
		set(ef, "A1", "baustein")
		set(ef, "B1", "stichtag")
		set(ef, "C1", "kinder")
		set(ef, "A2", "r0c0")
		set(ef, "B2", "202012")
		set(ef, "C2", "1.234,5")
	}))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, in []byte) {
		m := xlsxMapping()
		tab, err := ReadValuesXLSX(bytes.NewReader(in), "", &m, nil)
		if err != nil {
			if quartier.ErrorMessage(err) == "" {
				t.Fatalf("refused without a message: %v", err)
			}
			return
		}
		for _, byDate := range tab.Values {
			for _, vs := range byDate {
				for _, v := range vs {
					if math.IsNaN(v.Value) || math.IsInf(v.Value, 0) {
						t.Fatalf("accepted %+v", v)
					}
				}
			}
		}
	})
}
