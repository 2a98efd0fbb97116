package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/csvio"
	"github.com/xuri/excelize/v2"
)

// Sheet is a worksheet read for an import: the header row and the rows
// below it, every cell as text the way a German office would type it.
// Numbers are written with a decimal comma and every digit of the stored
// value (1234,5), cells formatted as dates as ISO dates (2020-12-31),
// formulas by their stored result, text as it is.
type Sheet struct {
	Name string
	// Sheets lists every sheet of the workbook, for messages.
	Sheets    []string
	HeaderRow int // 1-based
	Header    []string
	Rows      []Row
}

// Row is one row below the header; Line is its row number in the sheet.
// Faults holds, per column, why a cell could not be read (its text is
// then ""): the caller refuses those in the columns it uses.
type Row struct {
	Line   int
	Cells  []string
	Faults map[int]string
}

// Fault is a located problem of a cell, for the caller to report.
func (s *Sheet) Fault(line, col int, msg string) quartier.Problem {
	name := Letter(col)
	if col < len(s.Header) && s.Header[col] != "" {
		name += " (" + s.Header[col] + ")"
	}
	return *locatedProblem(s.Name, line, name, msg)
}

// Letter is the column letter of 0-based column c (A, …, Z, AA, …).
func Letter(c int) string {
	s, _ := excelize.ColumnNumberToName(c + 1)
	return s
}

// unzipLimit bounds what a workbook may expand to: a few megabytes of
// zip can hold gigabytes of XML.
const unzipLimit = 256 << 20

// unzipRatio bounds the expansion relative to the file: worksheets
// compress 10–20 fold. The library allocates an entry's declared size
// before reading it, so without this bound a 6 KB file declaring 200 MB
// cost 200 MB (found by FuzzReadValuesXLSX).
const unzipRatio = 100

// expansionLimit is what the workbook b may declare to unpack to.
func expansionLimit(b []byte) int64 {
	return min(unzipLimit, unzipRatio*int64(len(b))+1<<20)
}

// checkExpansion refuses a workbook whose entries declare more than the
// limit, before the library allocates for them.
func checkExpansion(b []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return notWorkbook(err)
	}
	limit, total := expansionLimit(b), uint64(0)
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > uint64(limit) {
			return quartier.Errorf(quartier.ETOOLARGE, "Die Arbeitsmappe entpackt sich auf mehr als %d MB (mehr als das %dfache ihrer Größe); so groß ist keine Indikatortabelle.", limit>>20, unzipRatio)
		}
	}
	return nil
}

// ReadSheet reads the sheet named sheet ("" for the first) of the workbook
// in r (at most maxBytes). The header row is the first row with a cell
// named headerCell (compared like CSV headers: case, umlauts, spaces);
// rows above it (titles) are skipped. Refused, with the sheet, row and
// column: a file that is no workbook, a missing or empty sheet, no header
// row, merged cells in or below the header (a merged area code belongs
// to one row only, so the others would lose it). A formula without a
// stored result and an error value (#DIV/0!) are Row.Faults.
func ReadSheet(r io.Reader, maxBytes int64, sheet, headerCell string) (s *Sheet, err error) {
	b, err := io.ReadAll(io.LimitReader(r, maxBytes+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > maxBytes {
		return nil, quartier.Errorf(quartier.ETOOLARGE, "Die Arbeitsmappe ist größer als %d MB.", maxBytes>>20)
	}
	// A damaged workbook must be refused, not crash the import: the
	// library is large and reads whatever the zip holds.
	defer func() {
		if p := recover(); p != nil {
			s, err = nil, notWorkbook(fmt.Errorf("%v", p))
		}
	}()
	if err := checkExpansion(b); err != nil {
		return nil, err
	}
	limit := expansionLimit(b)
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{UnzipSizeLimit: limit, UnzipXMLSizeLimit: limit})
	if err != nil {
		return nil, notWorkbook(err)
	}
	defer f.Close()
	s = &Sheet{Sheets: f.GetSheetList()}
	switch {
	case len(s.Sheets) == 0:
		return nil, quartier.Errorf(quartier.EINVALID, "Die Arbeitsmappe hat kein Blatt.")
	case sheet == "":
		s.Name = s.Sheets[0]
	default:
		for _, n := range s.Sheets {
			if strings.EqualFold(n, sheet) {
				s.Name = n
			}
		}
		if s.Name == "" {
			return nil, quartier.Errorf(quartier.EINVALID, "Die Arbeitsmappe hat kein Blatt %q (Blätter: %s).", sheet, strings.Join(s.Sheets, ", "))
		}
	}
	rows, err := f.GetRows(s.Name, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, notWorkbook(err)
	}
	s.HeaderRow = -1
	empty := true
	for i, row := range rows {
		for _, c := range row {
			empty = empty && strings.TrimSpace(c) == ""
		}
		if s.HeaderRow < 0 && csvio.Column(row, headerCell) >= 0 {
			s.HeaderRow = i + 1
		}
	}
	switch {
	case empty:
		return nil, quartier.Errorf(quartier.EINVALID, "Blatt %q ist leer.", s.Name)
	case s.HeaderRow < 0:
		return nil, quartier.Errorf(quartier.EINVALID, "Blatt %q hat keine Kopfzeile mit der Spalte %q.", s.Name, headerCell)
	}
	merged, err := f.GetMergeCells(s.Name, true)
	if err != nil {
		return nil, notWorkbook(err)
	}
	for _, m := range merged {
		c, r, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		_, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 == nil && err2 == nil && r2 >= s.HeaderRow {
			return nil, located(s.Name, max(r, s.HeaderRow), Letter(c-1), fmt.Sprintf("verbundene Zellen %s:%s; bitte den Verbund aufheben und den Wert in jede Zeile schreiben.", m.GetStartAxis(), m.GetEndAxis()))
		}
	}
	dates := map[int]bool{}
	isDate := func(ref string) bool {
		id, err := f.GetCellStyle(s.Name, ref)
		if err != nil || id == 0 {
			return false
		}
		d, ok := dates[id]
		if !ok {
			st, err := f.GetStyle(id)
			d = err == nil && dateFormat(st)
			dates[id] = d
		}
		return d
	}
	for i, row := range rows {
		line := i + 1
		if line < s.HeaderRow {
			continue
		}
		out := Row{Line: line, Cells: make([]string, len(row))}
		for c, raw := range row {
			ref, _ := excelize.CoordinatesToCellName(c+1, line)
			text, msg := cellText(f, s.Name, ref, raw, isDate)
			if msg != "" {
				if out.Faults == nil {
					out.Faults = map[int]string{}
				}
				out.Faults[c] = msg
			}
			out.Cells[c] = text
		}
		if line == s.HeaderRow {
			s.Header = out.Cells
			continue
		}
		s.Rows = append(s.Rows, out)
	}
	return s, nil
}

// cellText is one cell as text, or why it cannot be read.
func cellText(f *excelize.File, sheet, ref, raw string, isDate func(string) bool) (string, string) {
	typ, err := f.GetCellType(sheet, ref)
	if err != nil {
		return "", err.Error()
	}
	if raw == "" {
		// A formula never calculated (written by a program) and one whose
		// result is empty text (=WENN(…;"";…)) look the same in the file;
		// taking both as "no value" could hide a whole column of data.
		if formula, _ := f.GetCellFormula(sheet, ref); formula != "" {
			return "", fmt.Sprintf("die Formel =%s hat kein gespeichertes Ergebnis; bitte die Datei in Excel oder LibreOffice öffnen und speichern oder die Werte als Werte einfügen.", formula)
		}
		return "", ""
	}
	switch typ {
	case excelize.CellTypeError:
		return "", fmt.Sprintf("die Zelle enthält den Fehlerwert %s.", raw)
	case excelize.CellTypeUnset, excelize.CellTypeNumber:
		x, err := strconv.ParseFloat(raw, 64)
		if err != nil {
			return raw, ""
		}
		if isDate(ref) {
			t, err := excelize.ExcelDateToTime(x, false)
			if err != nil {
				return "", fmt.Sprintf("%s ist als Datum formatiert, aber kein Datum.", raw)
			}
			return t.Format(quartier.DateLayout), ""
		}
		return strings.Replace(strconv.FormatFloat(x, 'f', -1, 64), ".", ",", 1), ""
	case excelize.CellTypeDate: // an ISO 8601 date stored as such
		if len(raw) >= 10 {
			if _, err := quartier.ParseDate(raw[:10]); err == nil {
				return raw[:10], ""
			}
		}
		return raw, ""
	case excelize.CellTypeBool:
		if raw == "1" {
			return "WAHR", ""
		}
		return "FALSCH", ""
	}
	return raw, ""
}

// dateFormat reports whether a number format shows a date: the built-in
// date formats, or a custom one with a day or a year.
func dateFormat(st *excelize.Style) bool {
	switch n := st.NumFmt; {
	case n >= 14 && n <= 17, n == 22, n >= 27 && n <= 36, n >= 50 && n <= 58:
		return true
	}
	if st.CustomNumFmt == nil {
		return false
	}
	code := strings.ToLower(*st.CustomNumFmt)
	// Drop literal text and colours ("[Rot]", "\"Stand\""), which may hold
	// the letters too.
	var b strings.Builder
	quoted, bracket := false, false
	for _, r := range code {
		switch {
		case r == '"':
			quoted = !quoted
		case r == '[' && !quoted:
			bracket = true
		case r == ']' && !quoted:
			bracket = false
		case !quoted && !bracket:
			b.WriteRune(r)
		}
	}
	plain := b.String()
	return strings.Contains(plain, "yy") || strings.Contains(plain, "d")
}

func notWorkbook(cause error) error {
	return quartier.WrapError(quartier.EINVALID, cause, "Die Datei ist keine lesbare XLSX-Arbeitsmappe (Excel 2007 oder neuer; .xls bitte als .xlsx speichern).")
}

func locatedProblem(sheet string, line int, col, msg string) *quartier.Problem {
	return &quartier.Problem{Severity: quartier.SeverityError, Kind: quartier.ProblemValue, Feature: line, File: "Blatt " + sheet, Column: col,
		Message: fmt.Sprintf("Blatt %q, Zeile %d, Spalte %s: %s", sheet, line, col, msg)}
}

func located(sheet string, line int, col, msg string) error {
	p := locatedProblem(sheet, line, col, msg)
	return &quartier.Error{Code: quartier.EINVALID, Message: p.Message, Problems: []quartier.Problem{*p}}
}
