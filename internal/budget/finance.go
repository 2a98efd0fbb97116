package budget

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/csvio"
	"github.com/quartier/quartier/internal/xlsx"
	"github.com/xuri/excelize/v2"
)

// FinanceRow is one booking of the municipal finance system as read from
// its export.
type FinanceRow struct {
	Row        int // line of the CSV or row of the sheet, header = 1
	ID         string
	On         time.Time
	Amount     quartier.Cents // negative: a refund or a reversal in the finance system
	CostCentre string
	CostUnit   string
	Text       string
}

// Limits of a finance export: a municipality's youth welfare bookings of
// several years fit many times over.
const (
	MaxFinanceBytes = 256 << 20
	MaxFinanceRows  = 2_000_000
	maxProblems     = 100
)

// financeColumns are the accepted headers of each column, compared
// without case, umlauts, spaces, dashes, dots and underscores.
var financeColumns = [...]struct {
	label string
	names []string
}{
	{"Buchungs-ID", []string{"Buchungs-ID", "Buchungsnummer", "Belegnummer", "Buchungs-Nr", "booking_id", "id"}},
	{"Datum", []string{"Buchungsdatum", "Datum", "date"}},
	{"Betrag", []string{"Betrag", "Betrag EUR", "amount"}},
	{"Kostenstelle", []string{"Kostenstelle", "cost_centre", "cost_center"}},
	{"Kostenträger", []string{"Kostenträger", "cost_unit"}},
	{"Buchungstext", []string{"Buchungstext", "Text", "text"}},
}

const (
	colID = iota
	colDate
	colAmount
	colCentre
	colUnit
	colText
)

// ReadFinance reads an export of the finance system: CSV (separator ';',
// ',' or tab; UTF-8 or Windows-1252) or XLSX (first sheet), one booking per
// row with booking ID, date, amount, cost centre, cost unit and text.
// Amounts are German ("1.234,56"; in a sheet also numeric cells with at
// most two decimals, while "1.234" there is German text for 1234), dates
// ISO or German ("31.12.2025"; in a sheet also date cells). The sheet's
// values are read raw, in one streaming pass, without the cell types. Every fault is
// named by row and column, all of them together; with any fault nothing
// is returned.
func ReadFinance(r io.Reader) ([]FinanceRow, error) {
	br := bufio.NewReader(r)
	head, _ := br.Peek(4)
	if bytes.Equal(head, []byte("PK\x03\x04")) {
		return readFinanceXLSX(br)
	}
	t, err := csvio.Open(br, MaxFinanceBytes)
	if err != nil {
		return nil, err
	}
	rd, err := newFinanceReader(t.Header)
	if err != nil {
		return nil, err
	}
	for {
		rec, line, err := t.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if err := rd.add(line, rec, false); err != nil {
			return nil, err
		}
	}
	return rd.done()
}

func readFinanceXLSX(r io.Reader) ([]FinanceRow, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxFinanceBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxFinanceBytes {
		return nil, quartier.Errorf(quartier.ETOOLARGE, "Die Arbeitsmappe ist größer als %d MB.", MaxFinanceBytes>>20)
	}
	w, err := xlsx.Open(b, 4*MaxFinanceBytes)
	if err != nil {
		if quartier.ErrorCode(err) == quartier.ETOOLARGE {
			return nil, err
		}
		return nil, quartier.Errorf(quartier.EINVALID, "Die Datei ist keine lesbare XLSX-Arbeitsmappe (%v).", err)
	}
	sheets := w.Sheets()
	if len(sheets) == 0 {
		return nil, quartier.Errorf(quartier.EINVALID, "Die Arbeitsmappe hat kein Tabellenblatt.")
	}
	sheet := sheets[0]
	// Row by row from the sheet's XML, never the whole sheet as strings:
	// 100,000 rows held at once cost more than reading them.
	rows, err := w.Rows(sheet)
	if err != nil {
		return nil, sheetFault(sheet, 0, err)
	}
	defer rows.Close()
	var rd *financeReader
	var rec []string
	for rows.Next() {
		if rd == nil {
			// The header is the first row, also when the sheet leaves it
			// out (then no column is found).
			if rows.Row() == 1 {
				rec = record(rec, rows.Cells(), xlsx.MaxColumns)
			}
			if rd, err = newFinanceReader(slices.Clone(rec)); err != nil {
				return nil, err
			}
			rd.date1904 = w.Date1904()
			if rows.Row() == 1 {
				continue
			}
		}
		rec = record(rec, rows.Cells(), len(rd.header))
		if err := rd.add(rows.Row(), rec, true); err != nil {
			return nil, err
		}
	}
	if err := rows.Err(); err != nil {
		return nil, sheetFault(sheet, rows.Row(), err)
	}
	if rd == nil {
		return nil, quartier.Errorf(quartier.EINVALID, "Tabellenblatt %q ist leer; erwartet wird eine Kopfzeile (%s).", sheet, financeHeaders())
	}
	return rd.done()
}

func sheetFault(sheet string, row int, err error) error {
	switch {
	case quartier.ErrorCode(err) == quartier.ETOOLARGE:
		return err
	case row > 0:
		return quartier.Errorf(quartier.EINVALID, "Tabellenblatt %q, Zeile %d ist nicht lesbar (%v).", sheet, row, err)
	}
	return quartier.Errorf(quartier.EINVALID, "Tabellenblatt %q ist nicht lesbar (%v).", sheet, err)
}

// record is a row's values by column as the CSV reader gives them: gaps
// empty, up to the last cell with a value, at most width columns (the
// header's: no column beyond it is read). A value further right is kept
// as one more field, so that its row does not count as blank.
func record(dst []string, cells []xlsx.RawCell, width int) []string {
	dst = dst[:0]
	beyond := ""
	for _, c := range cells {
		if c.Value == "" && !c.HasFormula {
			continue
		}
		if c.Col >= width {
			if beyond == "" && strings.TrimSpace(c.Value) != "" {
				beyond = c.Value
			}
			continue
		}
		for len(dst) < c.Col {
			dst = append(dst, "")
		}
		dst = append(dst, c.Value)
	}
	if beyond != "" {
		for len(dst) < width {
			dst = append(dst, "")
		}
		dst = append(dst, beyond)
	}
	return dst
}

func financeHeaders() string {
	var s []string
	for _, c := range financeColumns {
		s = append(s, c.label)
	}
	return strings.Join(s, ", ")
}

type financeReader struct {
	header   []string
	cols     [len(financeColumns)]int
	rows     []FinanceRow
	firstRow map[string]int // booking ID → row
	problems []quartier.Problem
	more     int
	date1904 bool // the sheet counts days from 1904 (old Mac workbooks)
}

func newFinanceReader(header []string) (*financeReader, error) {
	rd := &financeReader{header: header, firstRow: map[string]int{}}
	var missing []string
	for i, c := range financeColumns {
		rd.cols[i] = csvio.Column(header, c.names...)
		if rd.cols[i] < 0 && i != colText {
			missing = append(missing, c.label)
		}
	}
	if len(missing) > 0 {
		return nil, quartier.Errorf(quartier.EINVALID, "Der Buchungsexport hat keine Spalte %s (Kopfzeile: %s; erwartet: %s).",
			strings.Join(missing, ", "), strings.Join(header, ", "), financeHeaders())
	}
	return rd, nil
}

func (rd *financeReader) fault(row, col int, format string, args ...any) {
	if len(rd.problems) >= maxProblems {
		rd.more++
		return
	}
	name := financeColumns[col].label
	p := csvio.ValueProblem(row, name, format, args...)
	p.Column = name
	rd.problems = append(rd.problems, *p)
}

// add reads one record; sheet says that it comes from a sheet's raw
// values, where numbers and dates may be stored as numbers.
func (rd *financeReader) add(row int, rec []string, sheet bool) error {
	blank := true
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			blank = false
			break
		}
	}
	if blank {
		return nil
	}
	if len(rd.rows)+len(rd.problems) >= MaxFinanceRows {
		return quartier.Errorf(quartier.EINVALID, "Der Buchungsexport hat mehr als %d Zeilen; bitte in Teilen einspielen.", MaxFinanceRows)
	}
	cell := func(c int) string { return csvio.Cell(rec, rd.cols[c]) }
	isNumber := func(c int) bool { return sheet && plainNumber(cell(c)) }
	fr := FinanceRow{Row: row, ID: cell(colID), CostCentre: cell(colCentre), CostUnit: cell(colUnit), Text: cell(colText)}
	ok := true
	switch {
	case fr.ID == "":
		rd.fault(row, colID, "die Buchungs-ID fehlt.")
		ok = false
	case len(fr.ID) > 64:
		rd.fault(row, colID, "die Buchungs-ID hat mehr als 64 Zeichen.")
		ok = false
	default:
		if first, dup := rd.firstRow[fr.ID]; dup {
			rd.fault(row, colID, "Buchungs-ID %q steht schon in Zeile %d.", fr.ID, first)
			ok = false
		} else {
			rd.firstRow[fr.ID] = row
		}
	}
	var err error
	if s := cell(colDate); s == "" {
		rd.fault(row, colDate, "das Datum fehlt.")
		ok = false
	} else if isNumber(colDate) {
		v, _ := strconv.ParseFloat(s, 64)
		if fr.On, err = excelize.ExcelDateToTime(v, rd.date1904); err != nil || v < 1 || v > 100_000 {
			rd.fault(row, colDate, "%q ist kein Datum.", s)
			ok = false
		}
		fr.On = quartier.Day(fr.On)
	} else if fr.On, err = quartier.ParseDate(s); err != nil {
		rd.fault(row, colDate, "%q ist kein Datum (JJJJ-MM-TT oder TT.MM.JJJJ).", s)
		ok = false
	}
	if s := cell(colAmount); s == "" {
		rd.fault(row, colAmount, "der Betrag fehlt.")
		ok = false
	} else if isNumber(colAmount) && !germanThousands.MatchString(s) {
		v, _ := strconv.ParseFloat(s, 64)
		cents := math.Round(v * 100)
		switch {
		case math.IsNaN(v) || math.Abs(v) > float64(quartier.MaxCents)/100:
			rd.fault(row, colAmount, "%q ist kein Betrag bis %s.", s, quartier.MaxCents)
			ok = false
		case math.Abs(v*100-cents) > 1e-6*math.Max(1, math.Abs(cents)):
			rd.fault(row, colAmount, "%s hat mehr als zwei Nachkommastellen.", s)
			ok = false
		default:
			fr.Amount = quartier.Cents(cents)
		}
	} else if fr.Amount, err = quartier.ParseEuro(s); err != nil {
		rd.fault(row, colAmount, "%q ist kein Betrag in deutscher Schreibweise (z. B. 1.234,56 oder -50,00).", s)
		ok = false
	}
	if ok && fr.Amount == 0 {
		rd.fault(row, colAmount, "ein Betrag von 0,00 € wird nicht gebucht.")
		ok = false
	}
	if fr.CostCentre == "" {
		rd.fault(row, colCentre, "die Kostenstelle fehlt.")
		ok = false
	}
	if fr.CostUnit == "" {
		rd.fault(row, colUnit, "der Kostenträger fehlt.")
		ok = false
	}
	if r := []rune(fr.Text); len(r) > 500 {
		fr.Text = string(r[:500]) // whole characters: the text becomes the entry's reason
	}
	if ok {
		rd.rows = append(rd.rows, fr)
	}
	return nil
}

// germanThousands is a whole amount with thousands dots ("1.234",
// "12.345.678"). A sheet stores numbers in their shortest form, and an
// amount in cents never has three decimals, so such a value is text
// written the German way, not the number 1,234.
var germanThousands = regexp.MustCompile(`^-?[0-9]{1,3}(\.[0-9]{3})+$`)

// plainNumber is what a sheet's raw numeric cell looks like: digits with
// an optional sign, decimal point and exponent, and no comma.
func plainNumber(s string) bool {
	if s == "" || strings.ContainsAny(s, ", ") {
		return false
	}
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

func (rd *financeReader) done() ([]FinanceRow, error) {
	if len(rd.problems) > 0 {
		return nil, problemsError(rd.problems, rd.more, "Der Buchungsexport")
	}
	if len(rd.rows) == 0 {
		return nil, quartier.Errorf(quartier.EINVALID, "Der Buchungsexport enthält keine Buchung.")
	}
	return rd.rows, nil
}

// problemsError refuses a file whole with its located faults.
func problemsError(ps []quartier.Problem, more int, what string) error {
	msg := fmt.Sprintf("%s wurde nicht eingespielt, nichts wurde geschrieben: %d Fehler", what, len(ps)+more)
	if more > 0 {
		msg += fmt.Sprintf(" (die ersten %d stehen unten)", len(ps))
	}
	msg += ". Erster: " + ps[0].Message
	return &quartier.Error{Code: quartier.EINVALID, Message: msg, Problems: ps}
}
