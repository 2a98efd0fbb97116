package monitoring

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/csvio"
	"github.com/quartier/quartier/internal/xlsx"
)

// MaxValueBytes bounds an indicator table: one row per area, so even
// 100,000 blocks with fifty indicators stay far below it.
const MaxValueBytes = 64 << 20

// Mapping says how a table maps onto indicators: which column holds the
// area code, where the reference date comes from, and which columns hold
// each indicator (its value, or for a share its numerator and denominator).
type Mapping struct {
	Layer string `json:"layer"`
	// LayerDate is the Gebietsstand the area codes belong to ("" for the
	// layer's current one): a delivery on an older Gebietsstand is checked
	// against that version's codes and kept on them.
	LayerDate string `json:"layer_date,omitempty"`
	// Sheet is the sheet of an XLSX workbook ("" for the first).
	Sheet      string `json:"sheet,omitempty"`
	AreaColumn string `json:"area_column"`
	// Date is the reference date of every row ("2020-12-31" or
	// "31.12.2020") unless DateColumn names a column holding it per row.
	Date       string `json:"date,omitempty"`
	DateColumn string `json:"date_column,omitempty"`
	// Source and Licence apply to indicators that name none.
	Source     string            `json:"source,omitempty"`
	Licence    string            `json:"licence,omitempty"`
	Indicators []MappedIndicator `json:"indicators"`
}

// MappedIndicator is an indicator with the columns it is read from. Its
// layer and Gebietsstand come from the mapping and the layer's current
// version.
type MappedIndicator struct {
	quartier.Indicator
	Column            string `json:"column,omitempty"`
	NumeratorColumn   string `json:"numerator_column,omitempty"`
	DenominatorColumn string `json:"denominator_column,omitempty"`
}

// ValueTable is a checked table: values per indicator and reference date.
type ValueTable struct {
	Values map[string]map[time.Time][]quartier.IndicatorValue
	// Withheld counts the empty or secret cells ("", ".", "x") per
	// indicator: no value, which is not zero.
	Withheld map[string]int
	Rows     int
	dates    map[time.Time]bool
}

type mappedColumns struct {
	ind           *MappedIndicator
	col, num, den int
}

// ReadValues parses an indicator table (',' or ';' or tab, UTF-8 with or
// without byte-order mark or Windows-1252, decimal commas where the
// separator is not ',', digit groups by dots or spaces). known reports
// whether an area code exists on the mapping's layer. Every fault is
// located by line and column and all are reported together; with any
// fault the table is refused whole.
func ReadValues(r io.Reader, m *Mapping, known func(area string) bool) (*ValueTable, error) {
	if err := m.check(); err != nil {
		return nil, err
	}
	t, err := csvio.Open(r, MaxValueBytes)
	if err != nil {
		return nil, err
	}
	return readTable(&source{header: t.Header, labels: t.Header, decimalComma: t.Sep != ',', next: t.Next}, m, known)
}

// source is a table being read: a CSV file or a sheet of a workbook.
type source struct {
	header []string
	// labels name the columns in messages: the header, in a workbook
	// with the column's letter.
	labels []string
	// sheet is the workbook sheet ("" for CSV), named in every fault.
	sheet        string
	decimalComma bool
	// next returns the next row and its 1-based line (io.EOF at the end).
	next func() ([]string, int, error)
}

// readTable checks and collects the rows of src; m is checked.
func readTable(t *source, m *Mapping, known func(area string) bool) (*ValueTable, error) {
	where, in := "", "" // before a located fault; before a fault of the sheet
	if t.sheet != "" {
		where, in = fmt.Sprintf("Blatt %q, ", t.sheet), fmt.Sprintf("Blatt %q: ", t.sheet)
	}
	var fixed time.Time
	if m.DateColumn == "" {
		d, err := quartier.ParseDate(m.Date)
		if err != nil {
			return nil, quartier.Errorf(quartier.EINVALID, "Stichtag der Werte: %s", quartier.ErrorMessage(err))
		}
		fixed = d
	}
	column := func(name string) (int, error) {
		if name == "" {
			return -1, nil
		}
		c := csvio.Column(t.header, name)
		if c < 0 {
			return -1, quartier.Errorf(quartier.EINVALID, "%sDie Tabelle hat keine Spalte %q (Kopfzeile: %s).", in, name, strings.Join(t.header, ", "))
		}
		return c, nil
	}
	areaCol, err := column(m.AreaColumn)
	if err != nil {
		return nil, err
	}
	dateCol, err := column(m.DateColumn)
	if err != nil {
		return nil, err
	}
	cols := make([]mappedColumns, len(m.Indicators))
	for i := range m.Indicators {
		mi := &m.Indicators[i]
		mc := mappedColumns{ind: mi}
		if mc.col, err = column(mi.Column); err == nil {
			if mc.num, err = column(mi.NumeratorColumn); err == nil {
				mc.den, err = column(mi.DenominatorColumn)
			}
		}
		if err != nil {
			return nil, err
		}
		cols[i] = mc
	}
	decimalComma := t.decimalComma
	tab := &ValueTable{Values: map[string]map[time.Time][]quartier.IndicatorValue{}, Withheld: map[string]int{}, dates: map[time.Time]bool{}}
	type key struct {
		area string
		date time.Time
	}
	firstLine := map[key]int{}
	var problems []quartier.Problem
	fault := func(line int, col, area, format string, args ...any) {
		p := csvio.ValueProblem(line, col, format, args...)
		p.Column, p.Code = col, area
		if t.sheet != "" {
			p.File, p.Message = "Blatt "+t.sheet, where+p.Message
		}
		problems = append(problems, *p)
	}
	for {
		rec, line, err := t.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if blank(rec) {
			continue
		}
		tab.Rows++
		area := csvio.Cell(rec, areaCol)
		switch {
		case area == "":
			fault(line, t.labels[areaCol], "", "der Gebietscode fehlt.")
			continue
		case known != nil && !known(area):
			fault(line, t.labels[areaCol], area, "Gebiet %s gibt es in der Ebene %s nicht (anderer Gebietsstand oder Tippfehler?).", area, m.Layer)
			continue
		}
		date := fixed
		if dateCol >= 0 {
			d, ok := parseReferenceDate(csvio.Cell(rec, dateCol))
			if !ok {
				fault(line, t.labels[dateCol], area, "%q ist kein Stichtag (JJJJ-MM-TT, TT.MM.JJJJ, JJJJMM oder JJJJ).", csvio.Cell(rec, dateCol))
				continue
			}
			date = d
		}
		k := key{area, date}
		if first, dup := firstLine[k]; dup {
			fault(line, t.labels[areaCol], area, "Gebiet %s zum %s steht schon in Zeile %d.", area, date.Format(quartier.GermanDateLayout), first)
			continue
		}
		firstLine[k] = line
		tab.dates[date] = true
		for _, mc := range cols {
			v, ok := readCell(rec, t.labels, mc, decimalComma, line, area, fault)
			if !ok {
				continue
			}
			if v == nil {
				tab.Withheld[mc.ind.Code]++
				continue
			}
			v.Area, v.ReferenceDate = area, date
			if part, msg := mc.ind.Fault(v); part != "" {
				fault(line, t.labels[mc.partColumn(part)], area, "%s", msg)
				continue
			}
			byDate := tab.Values[mc.ind.Code]
			if byDate == nil {
				byDate = map[time.Time][]quartier.IndicatorValue{}
				tab.Values[mc.ind.Code] = byDate
			}
			byDate[date] = append(byDate[date], *v)
		}
	}
	if tab.Rows == 0 {
		return nil, quartier.Errorf(quartier.EINVALID, "%sDie Tabelle hat keine Datenzeilen.", in)
	}
	if len(problems) > 0 {
		return nil, &quartier.Error{Code: quartier.EINVALID, Problems: problems,
			Message: fmt.Sprintf("Die Indikatortabelle hat %d Fehler; nichts wurde gespeichert.", len(problems))}
	}
	return tab, nil
}

// partColumn is the column a fault of part lies in.
func (mc mappedColumns) partColumn(part string) int {
	switch {
	case part == quartier.PartNumerator && mc.num >= 0:
		return mc.num
	case part == quartier.PartDenominator && mc.den >= 0:
		return mc.den
	case mc.col >= 0:
		return mc.col
	}
	return mc.num
}

// readCell reads one indicator of a row: nil for a withheld value, ok
// false after a located fault.
func readCell(rec, header []string, mc mappedColumns, decimalComma bool, line int, area string,
	fault func(line int, col, area, format string, args ...any)) (*quartier.IndicatorValue, bool) {
	number := func(c int) (float64, bool, bool) { // value, present, ok
		s := csvio.Cell(rec, c)
		if withheld(s) {
			return 0, false, true
		}
		if s == "-" || s == "–" {
			// "Nichts vorhanden" in official statistics: a true zero.
			return 0, true, true
		}
		x, ok := csvio.ParseFigure(s, decimalComma)
		if !ok {
			fault(line, header[c], area, "%q ist keine Zahl.", s)
		}
		return x, true, ok
	}
	v := &quartier.IndicatorValue{Indicator: mc.ind.Code}
	if mc.col >= 0 {
		x, present, ok := number(mc.col)
		if !ok || !present {
			return nil, ok
		}
		v.Value = x
		return v, true
	}
	n, hasN, okN := number(mc.num)
	d, hasD, okD := number(mc.den)
	switch {
	case !okN || !okD:
		return nil, false
	case !hasN && !hasD:
		return nil, true
	case !hasD:
		fault(line, header[mc.den], area, "der Nenner fehlt zum Zähler %s.", csvio.Cell(rec, mc.num))
		return nil, false
	case !hasN:
		fault(line, header[mc.num], area, "der Zähler fehlt zum Nenner %s.", csvio.Cell(rec, mc.den))
		return nil, false
	}
	v.FromCounts, v.Numerator, v.Denominator = true, n, d
	return v, true
}

// withheld: an empty cell, or the marks official statistics use for a
// value that is secret or unknown ("."), or not sensible ("x").
func withheld(s string) bool {
	return s == "" || s == "." || s == "x" || s == "X" || s == "…" || s == "..."
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// parseReferenceDate reads a reference date as offices give it: a date,
// a month "202012" (its last day: figures are counted at the month's end)
// or a year "2020" (31 December).
func parseReferenceDate(s string) (time.Time, bool) {
	if d, err := quartier.ParseDate(s); err == nil {
		return d, true
	}
	if len(s) != 4 && len(s) != 6 {
		return time.Time{}, false
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return time.Time{}, false
	}
	if len(s) == 4 {
		return time.Date(n, 12, 31, 0, 0, 0, 0, time.UTC), n >= 1900
	}
	y, mo := n/100, n%100
	if y < 1900 || mo < 1 || mo > 12 {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(mo)+1, 0, 0, 0, 0, 0, time.UTC), true
}

// check validates the mapping itself, before any row is read.
func (m *Mapping) check() error {
	switch {
	case m.Layer == "":
		return quartier.Errorf(quartier.EINVALID, "Die Ebene der Werte fehlt (layer).")
	case m.AreaColumn == "":
		return quartier.Errorf(quartier.EINVALID, "Die Spalte mit dem Gebietscode fehlt (area_column).")
	case (m.Date == "") == (m.DateColumn == ""):
		return quartier.Errorf(quartier.EINVALID, "Entweder ein Stichtag für alle Zeilen (date) oder eine Spalte mit dem Stichtag (date_column).")
	case len(m.Indicators) == 0:
		return quartier.Errorf(quartier.EINVALID, "Die Zuordnung nennt keinen Indikator.")
	}
	var codes []string
	for i := range m.Indicators {
		mi := &m.Indicators[i]
		if mi.Source == "" {
			mi.Source = m.Source
		}
		if mi.Licence == "" {
			mi.Licence = m.Licence
		}
		mi.Layer = m.Layer
		mi.Defaults()
		if err := mi.Validate(); err != nil {
			return err
		}
		if slices.Contains(codes, mi.Code) {
			return quartier.Errorf(quartier.EINVALID, "Indikator %s steht doppelt in der Zuordnung.", mi.Code)
		}
		codes = append(codes, mi.Code)
		counts := mi.NumeratorColumn != "" || mi.DenominatorColumn != ""
		switch {
		case counts && mi.Kind != quartier.IndicatorShare:
			return quartier.Errorf(quartier.EINVALID, "Indikator %s: Zähler und Nenner gibt es nur bei Anteilen (kind share).", mi.Code)
		case counts && (mi.NumeratorColumn == "" || mi.DenominatorColumn == ""):
			return quartier.Errorf(quartier.EINVALID, "Indikator %s: Zähler- und Nennerspalte gehören zusammen.", mi.Code)
		case counts == (mi.Column != ""):
			return quartier.Errorf(quartier.EINVALID, "Indikator %s: entweder eine Wertspalte (column) oder Zähler und Nenner.", mi.Code)
		}
	}
	return nil
}

// ReadValuesXLSX reads an indicator table from a sheet of an XLSX
// workbook with the same mapping and checks as ReadValues. The header is
// the first row holding the area column (titles above it are skipped);
// numbers are taken exactly as stored, text cells as German figures
// (1.234,5); formulas by their stored result. Faults name the sheet, the
// row and the column by letter and header.
func ReadValuesXLSX(r io.Reader, sheet string, m *Mapping, known func(area string) bool) (*ValueTable, error) {
	if err := m.check(); err != nil {
		return nil, err
	}
	s, err := xlsx.ReadSheet(r, MaxValueBytes, sheet, m.AreaColumn)
	if err != nil {
		return nil, err
	}
	labels := make([]string, len(s.Header))
	for c, h := range s.Header {
		labels[c] = fmt.Sprintf("%s (%s)", xlsx.Letter(c), h)
	}
	// Cells that could not be read count only in the columns used.
	used := map[int]bool{}
	for _, name := range m.columns() {
		used[csvio.Column(s.Header, name)] = true
	}
	var problems []quartier.Problem
	for _, row := range s.Rows {
		for c, msg := range row.Faults {
			if used[c] {
				problems = append(problems, s.Fault(row.Line, c, msg))
			}
		}
	}
	if len(problems) > 0 {
		slices.SortFunc(problems, func(a, b quartier.Problem) int {
			return cmp.Or(a.Feature-b.Feature, strings.Compare(a.Column, b.Column))
		})
		return nil, &quartier.Error{Code: quartier.EINVALID, Problems: problems,
			Message: fmt.Sprintf("Blatt %q hat %d Zellen, die sich nicht lesen lassen; nichts wurde gespeichert.", s.Name, len(problems))}
	}
	i := 0
	next := func() ([]string, int, error) {
		if i == len(s.Rows) {
			return nil, 0, io.EOF
		}
		i++
		return s.Rows[i-1].Cells, s.Rows[i-1].Line, nil
	}
	return readTable(&source{header: s.Header, labels: labels, sheet: s.Name, decimalComma: true, next: next}, m, known)
}

// ReadAnyValues reads an XLSX workbook (told by its zip signature, which
// no CSV file starts with) with ReadValuesXLSX and anything else as CSV.
func ReadAnyValues(r io.Reader, m *Mapping, known func(area string) bool) (*ValueTable, error) {
	br := bufio.NewReader(r)
	if sig, _ := br.Peek(4); string(sig) == "PK\x03\x04" {
		return ReadValuesXLSX(br, m.Sheet, m, known)
	}
	return ReadValues(br, m, known)
}

// columns are the table columns the mapping reads.
func (m *Mapping) columns() []string {
	out := []string{m.AreaColumn}
	if m.DateColumn != "" {
		out = append(out, m.DateColumn)
	}
	for _, mi := range m.Indicators {
		for _, c := range []string{mi.Column, mi.NumeratorColumn, mi.DenominatorColumn} {
			if c != "" {
				out = append(out, c)
			}
		}
	}
	return out
}
