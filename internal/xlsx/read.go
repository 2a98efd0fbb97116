package xlsx

import (
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
// compress 10–20 fold. Without it a 6 KB file declaring 200 MB cost
// 200 MB in the excelize-based reader (found by FuzzReadValuesXLSX);
// Open refuses such a file before it unpacks anything.
const unzipRatio = 100

// expansionLimit is what the workbook b may unpack to.
func expansionLimit(b []byte) int64 {
	return min(unzipLimit, unzipRatio*int64(len(b))+1<<20)
}

// readFault is a workbook that cannot be read: too large for an
// indicator table, or damaged.
func readFault(b []byte, err error) error {
	if quartier.ErrorCode(err) == quartier.ETOOLARGE {
		return quartier.Errorf(quartier.ETOOLARGE, "Die Arbeitsmappe entpackt sich auf mehr als %d MB (mehr als das %dfache ihrer Größe); so groß ist keine Indikatortabelle.", expansionLimit(b)>>20, unzipRatio)
	}
	return notWorkbook(err)
}

// maxSheetCells bounds the cells a sheet read whole may hold, gaps
// included: one value in column XFD of each row would otherwise cost
// 16,384 strings per row from a few bytes of XML. An indicator table of
// 10,000 areas × 20 indicators has 200,000. (A variable for the test.)
var maxSheetCells = 4_000_000

// ReadSheet reads the sheet named sheet ("" for the first) of the workbook
// in r (at most maxBytes). The header row is the first row with a cell
// named headerCell (compared like CSV headers: case, umlauts, spaces);
// rows above it (titles) are skipped. Refused, with the sheet, row and
// column: a file that is no workbook, a missing or empty sheet, no header
// row, merged cells in or below the header (a merged area code belongs
// to one row only, so the others would lose it). A formula without a
// stored result and an error value (#DIV/0!) are Row.Faults.
func ReadSheet(r io.Reader, maxBytes int64, sheet, headerCell string) (*Sheet, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxBytes+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > maxBytes {
		return nil, quartier.Errorf(quartier.ETOOLARGE, "Die Arbeitsmappe ist größer als %d MB.", maxBytes>>20)
	}
	w, err := Open(b, expansionLimit(b))
	if err != nil {
		return nil, readFault(b, err)
	}
	s := &Sheet{Sheets: w.Sheets()}
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
	rows, err := w.Rows(s.Name)
	if err != nil {
		return nil, readFault(b, err)
	}
	defer rows.Close()
	// Every row with a value, each cell read as text: the header is known
	// only once its row has been read, and the merged cells only after
	// the last row.
	var all []Row
	s.HeaderRow = -1
	empty, cells := true, 0
	for rows.Next() {
		out := Row{Line: rows.Row()}
		width := 0
		for _, c := range rows.Cells() {
			if c.Value != "" || c.HasFormula {
				width = c.Col + 1
			}
		}
		if cells += width; cells > maxSheetCells {
			return nil, quartier.Errorf(quartier.ETOOLARGE, "Blatt %q hat mehr als %d Zellen; so groß ist keine Indikatortabelle.", s.Name, maxSheetCells)
		}
		for _, c := range rows.Cells() {
			if c.Value == "" && !c.HasFormula {
				continue // no value: the row may end before it
			}
			for len(out.Cells) < c.Col {
				out.Cells = append(out.Cells, "")
			}
			empty = empty && strings.TrimSpace(c.Value) == ""
			text, msg, err := cellText(w, rows, c)
			if err != nil {
				return nil, readFault(b, err)
			}
			if msg != "" {
				if out.Faults == nil {
					out.Faults = map[int]string{}
				}
				out.Faults[c.Col] = msg
			}
			out.Cells = append(out.Cells, text)
		}
		if len(out.Cells) == 0 {
			continue
		}
		if s.HeaderRow < 0 && csvio.Column(out.Cells, headerCell) >= 0 {
			s.HeaderRow = out.Line
		}
		all = append(all, out)
	}
	if err := rows.Err(); err != nil {
		return nil, readFault(b, sheetError(s.Name, rows.Row(), err))
	}
	switch {
	case empty:
		return nil, quartier.Errorf(quartier.EINVALID, "Blatt %q ist leer.", s.Name)
	case s.HeaderRow < 0:
		return nil, quartier.Errorf(quartier.EINVALID, "Blatt %q hat keine Kopfzeile mit der Spalte %q.", s.Name, headerCell)
	}
	for _, m := range rows.Merged() {
		from, to, _ := strings.Cut(m, ":")
		if to == "" {
			to = from
		}
		c, r, err1 := excelize.CellNameToCoordinates(from)
		_, r2, err2 := excelize.CellNameToCoordinates(to)
		if err1 == nil && err2 == nil && r2 >= s.HeaderRow {
			return nil, located(s.Name, max(r, s.HeaderRow), Letter(c-1), fmt.Sprintf("verbundene Zellen %s:%s; bitte den Verbund aufheben und den Wert in jede Zeile schreiben.", from, to))
		}
	}
	// Rows without a value between the header and the last row with one
	// are kept, empty, as a CSV file's blank lines are.
	next := s.HeaderRow + 1
	for _, row := range all {
		switch {
		case row.Line < s.HeaderRow:
			continue
		case row.Line == s.HeaderRow:
			s.Header = row.Cells
			continue
		}
		for ; next < row.Line; next++ {
			s.Rows = append(s.Rows, Row{Line: next, Cells: []string{}})
		}
		s.Rows = append(s.Rows, row)
		next = row.Line + 1
	}
	return s, nil
}

// sheetError places a fault of the sheet's XML.
func sheetError(sheet string, row int, err error) error {
	if row > 0 {
		return fmt.Errorf("im Blatt %q, Zeile %d: %w", sheet, row, err)
	}
	return fmt.Errorf("im Blatt %q: %w", sheet, err)
}

// cellText is one cell as text, or why it cannot be read.
func cellText(w *Workbook, rows *Rows, c RawCell) (string, string, error) {
	raw := c.Value
	if raw == "" {
		// A formula never calculated (written by a program) and one whose
		// result is empty text (=WENN(…;"";…)) look the same in the file;
		// taking both as "no value" could hide a whole column of data.
		if c.Formula != "" {
			return "", fmt.Sprintf("die Formel =%s hat kein gespeichertes Ergebnis; bitte die Datei in Excel oder LibreOffice öffnen und speichern oder die Werte als Werte einfügen.", c.Formula), nil
		}
		return "", "", nil
	}
	switch c.Type {
	case "e":
		return "", fmt.Sprintf("die Zelle enthält den Fehlerwert %s.", raw), nil
	case "s", "str", "inlineStr":
		return raw, "", nil
	case "d": // an ISO 8601 date stored as such
		if len(raw) >= 10 {
			if _, err := quartier.ParseDate(raw[:10]); err == nil {
				return raw[:10], "", nil
			}
		}
		return raw, "", nil
	case "b":
		if raw == "1" {
			return "WAHR", "", nil
		}
		return "FALSCH", "", nil
	default: // a number, also where t is missing or unknown
		x, err := strconv.ParseFloat(raw, 64)
		if err != nil {
			return raw, "", nil
		}
		date := false
		if st := rows.Style(c); st != 0 {
			if date, err = w.IsDate(st); err != nil {
				return "", "", err
			}
		}
		if date {
			t, err := excelize.ExcelDateToTime(x, w.Date1904())
			if err != nil {
				return "", fmt.Sprintf("%s ist als Datum formatiert, aber kein Datum.", raw), nil
			}
			return t.Format(quartier.DateLayout), "", nil
		}
		return strings.Replace(strconv.FormatFloat(x, 'f', -1, 64), ".", ",", 1), "", nil
	}
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
