package xlsx

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// randomBook writes a workbook with excelize as offices' programs
// produce them: text, numbers (also tiny, huge, negative), booleans,
// dates and numbers in date, custom and plain formats, formulas with and
// without a stored result, shared formulas, gaps between cells and
// between rows, and a few sheets.
func randomBook(t testing.TB, seed uint64) []byte {
	t.Helper()
	rnd := rand.New(rand.NewPCG(seed, 1))
	f := excelize.NewFile()
	defer f.Close()
	var styles []int
	for _, st := range []*excelize.Style{{NumFmt: 14}, {NumFmt: 22}, {NumFmt: 4}, {NumFmt: 49}} {
		id, err := f.NewStyle(st)
		if err != nil {
			t.Fatal(err)
		}
		styles = append(styles, id)
	}
	for _, code := range []string{"dd.mm.yyyy", `"Stand" 0`, "[Red]0.00", "mmm yy"} {
		id, err := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
		if err != nil {
			t.Fatal(err)
		}
		styles = append(styles, id)
	}
	texts := []string{"Kita", "  Leerzeichen ", "a & b <c>", "Zeile\nzwei", "1.234,56", "0110", "ä€😀", "_x0041_", ""}
	sheets := 1 + rnd.IntN(3)
	for sh := range sheets {
		name := fmt.Sprintf("Blatt %d", sh+1)
		if sh == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		for range rnd.IntN(40) {
			ref, _ := excelize.CoordinatesToCellName(1+rnd.IntN(12), 1+rnd.IntN(30))
			var err error
			switch rnd.IntN(9) {
			case 0, 1:
				err = f.SetCellStr(name, ref, texts[rnd.IntN(len(texts))])
			case 2, 3:
				v := []float64{0, 1, -2.5, 1234.56, 1e-7, 1.5e20, 45000, 45000.75, 0.1 + 0.2}[rnd.IntN(9)]
				err = f.SetCellFloat(name, ref, v, -1, 64)
			case 4:
				err = f.SetCellBool(name, ref, rnd.IntN(2) == 0)
			case 5:
				err = f.SetCellValue(name, ref, time.Date(2020+rnd.IntN(6), time.Month(1+rnd.IntN(12)), 1+rnd.IntN(28), 0, 0, 0, 0, time.UTC))
			case 6:
				err = f.SetCellFormula(name, ref, "SUM(A1:B$2)*$C3")
				if err == nil && rnd.IntN(2) == 0 {
					err = f.SetCellValue(name, ref, 42)
				}
			case 7:
				shared, area := "shared", ref+":"+ref[:1]+"40"
				err = f.SetCellFormula(name, ref, "A1*2+LOG10($B1)", excelize.FormulaOpts{Type: &shared, Ref: &area})
			default:
				err = f.SetCellInt(name, ref, int64(rnd.IntN(100_000)))
			}
			if err != nil {
				t.Fatal(err)
			}
			if rnd.IntN(3) == 0 {
				if err := f.SetCellStyle(name, ref, ref, styles[rnd.IntN(len(styles))]); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// The streaming reader gives what excelize's reader gave for the same
// workbook — the raw values row by row (gaps, row numbers, trailing empty
// cells left out), each cell's type, formula (shared ones moved to the
// cell) and whether its format shows a date — so that the imports built
// on excelize's values keep every rule.
func TestRowsMatchExcelize(t *testing.T) {
	seen := map[string]int{}
	for seed := range uint64(150) {
		b := randomBook(t, seed)
		ef, err := excelize.OpenReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		w, err := Open(b, 1<<30)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(w.Sheets()) != fmt.Sprint(ef.GetSheetList()) {
			t.Fatalf("seed %d: sheets %q, excelize %q", seed, w.Sheets(), ef.GetSheetList())
		}
		for _, sheet := range ef.GetSheetList() {
			want, err := ef.GetRows(sheet, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			rows, err := w.Rows(sheet)
			if err != nil {
				t.Fatal(err)
			}
			var got [][]string
			for rows.Next() {
				var rec []string
				for _, c := range rows.Cells() {
					ref, _ := excelize.CoordinatesToCellName(c.Col+1, rows.Row())
					typ, _ := ef.GetCellType(sheet, ref)
					formula, _ := ef.GetCellFormula(sheet, ref)
					id, _ := ef.GetCellStyle(sheet, ref)
					wantDate := false
					if st, err := ef.GetStyle(id); err == nil && id != 0 {
						wantDate = excelizeDate(st)
					}
					gotDate, err := w.IsDate(rows.Style(c))
					if err != nil {
						t.Fatal(err)
					}
					if formula != c.Formula || string(typ) != string(excelizeType(c.Type)) || gotDate != wantDate {
						t.Errorf("seed %d %s!%s: %+v (date %v); excelize: type %v formula %q date %v", seed, sheet, ref, c, gotDate, typ, formula, wantDate)
					}
					seen["type "+c.Type]++
					seen[fmt.Sprint("date ", gotDate)]++
					if c.SharedFrom != "" {
						seen["shared"]++
					}
					if c.HasFormula && c.Value == "" {
						seen["no result"]++
					}
					if c.Value == "" && !c.HasFormula {
						continue
					}
					for len(rec) < c.Col {
						rec = append(rec, "")
					}
					rec = append(rec, c.Value)
				}
				if len(rec) == 0 {
					continue
				}
				for len(got) < rows.Row()-1 {
					got = append(got, nil)
				}
				got = append(got, rec)
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			rows.Close()
			if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) {
				t.Errorf("seed %d %s:\n got %q\nwant %q", seed, sheet, got, want)
			}
		}
		ef.Close()
	}
	for _, k := range []string{"type ", "type s", "type b", "type str", "date true", "date false", "shared", "no result"} {
		if seen[k] == 0 {
			t.Errorf("no cell of %q in the workbooks: %v", k, seen)
		}
	}
}

func excelizeType(t string) excelize.CellType {
	return map[string]excelize.CellType{"b": excelize.CellTypeBool, "d": excelize.CellTypeDate, "n": excelize.CellTypeNumber,
		"e": excelize.CellTypeError, "s": excelize.CellTypeSharedString, "str": excelize.CellTypeFormula, "inlineStr": excelize.CellTypeInlineString}[t]
}

// excelizeDate is how the excelize-based reader told a date format.
func excelizeDate(st *excelize.Style) bool {
	switch n := st.NumFmt; {
	case n >= 14 && n <= 17, n == 22, n >= 27 && n <= 36, n >= 50 && n <= 58:
		return true
	}
	return st.CustomNumFmt != nil && dateCode(*st.CustomNumFmt)
}
