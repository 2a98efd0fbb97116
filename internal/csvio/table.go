// Package csvio reads and writes the CSV tables offices exchange with
// Quartier: written by spreadsheet programs, so with ',' or ';' (or tab),
// with or without a UTF-8 byte-order mark, sometimes in Windows-1252, and
// with German decimal commas. It streams, so bulk files of hundreds of
// thousands of rows never sit in memory whole.
package csvio

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/quartier/quartier"
)

// DefaultMaxBytes applies when a caller passes no limit, so that no caller
// reads unbounded input by accident.
const DefaultMaxBytes = 1 << 30

// sniffBytes is how much input decides the encoding. Excel writes a whole
// file in one encoding, so its start is representative. It also bounds the
// header line.
const sniffBytes = 64 << 10

// maxRecordBytes bounds one row, line breaks in quoted cells included.
// encoding/csv holds a row whole, so a file of one endless line, of
// separators only or with a quote never closed was held whole at many
// times its size (one 200 MB line of commas took 23 GB). Rows of the
// tables offices exchange are a few hundred bytes; a row of separators at
// this bound costs encoding/csv about 2.5 MB.
const maxRecordBytes = 16 << 10

// Table is a CSV stream with its header read.
type Table struct {
	Header []string
	Sep    rune
	// BOM is set when the input began with a UTF-8 byte-order mark.
	BOM bool
	// Windows1252 is set when the start of the input is not UTF-8 and was
	// read as Windows-1252 (Excel "CSV (Trennzeichen-getrennt)" on German
	// Windows). Fields later in the file are still decoded one by one.
	Windows1252 bool

	cr      *RowReader
	lr      *countReader
	max     int64
	skipped int64 // bytes before the csv.Reader's stream (the BOM)
	line    int
	pending *pendingRow // read ahead to tell an unclosed quote
}

type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// RowReader is a csv.Reader whose rows may not exceed a bound.
// encoding/csv holds a row whole, so without one a file of one endless
// line, of separators only or with a quote never closed is held whole at
// many times its size. A guard in front of the csv.Reader fails its reads
// once the row being read passes the bound beyond the end of the last
// complete row; Read then returns ErrRowTooLong.
type RowReader struct {
	*csv.Reader
	g *rowGuard
}

// ErrRowTooLong is returned by RowReader.Read for a row beyond its bound.
var ErrRowTooLong = errors.New("csv row too long")

type rowGuard struct {
	r   io.Reader
	max int64
	n   int64 // bytes handed to the csv.Reader
	end int64 // csv.Reader.InputOffset after the last complete row
}

func (g *rowGuard) Read(p []byte) (int, error) {
	if g.n-g.end > g.max {
		return 0, ErrRowTooLong
	}
	n, err := g.r.Read(p)
	g.n += int64(n)
	return n, err
}

// NewRowReader reads rows of at most maxRow bytes from r.
func NewRowReader(r io.Reader, maxRow int64) *RowReader {
	g := &rowGuard{r: r, max: maxRow}
	return &RowReader{Reader: csv.NewReader(g), g: g}
}

// Read returns the next row, or ErrRowTooLong.
func (r *RowReader) Read() ([]string, error) {
	rec, err := r.Reader.Read()
	if errors.Is(err, ErrRowTooLong) {
		return nil, ErrRowTooLong
	}
	if err == nil {
		r.g.end = r.InputOffset()
	}
	return rec, err
}

func longRecord(msg string) error {
	return &quartier.Error{Code: quartier.ETOOLARGE, Message: msg, Problems: []quartier.Problem{
		{Severity: quartier.SeverityError, Kind: quartier.ProblemTooLarge, Feature: -1, Message: msg}}}
}

func tooLarge(max int64) error {
	msg := fmt.Sprintf("Die CSV-Datei ist größer als %d Bytes.", max)
	if max >= 1<<20 {
		msg = fmt.Sprintf("Die CSV-Datei ist größer als %d MB.", max>>20)
	}
	e := quartier.WrapError(quartier.ETOOLARGE, ErrFileTooLarge, "%s", msg)
	e.Problems = []quartier.Problem{{Severity: quartier.SeverityError, Kind: quartier.ProblemTooLarge, Feature: -1, Message: msg}}
	return e
}

// ErrFileTooLarge is the cause of the error for a file above the byte
// limit, so a caller can tell it from a row that is too long.
var ErrFileTooLarge = errors.New("csv: file above the byte limit")

// Open reads the header line and prepares the rows. Errors are *quartier.Error
// (empty input, syntax, size limit, with located Problems) except for I/O
// failures of r, which are returned as they are.
func Open(r io.Reader, maxBytes int64) (*Table, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	// One byte beyond the limit is read so that "exactly at the limit" and
	// "cut off at the limit" can be told apart.
	lr := &countReader{r: io.LimitReader(r, maxBytes+1)}
	br := bufio.NewReaderSize(lr, sniffBytes)
	t := &Table{lr: lr, max: maxBytes}
	start, err := br.Peek(sniffBytes)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, err
	}
	if len(start) >= 3 && string(start[:3]) == "\ufeff" {
		br.Discard(3)
		t.BOM, t.skipped = true, 3
	} else {
		t.Windows1252 = !validUTF8Start(start, len(start) < sniffBytes)
	}
	line, err := br.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		return nil, longRecord(fmt.Sprintf("Die Kopfzeile ist länger als %d KB.", sniffBytes>>10))
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	head := string(line)
	if strings.TrimSpace(head) == "" {
		return nil, syntaxError(1, "Die CSV-Datei ist leer (Kopfzeile fehlt).")
	}
	t.Sep = detectSep(head)
	t.cr = NewRowReader(io.MultiReader(strings.NewReader(head), br), maxRecordBytes)
	t.cr.Comma = t.Sep
	t.cr.FieldsPerRecord = -1
	// Spreadsheets and hand edits produce stray quotes ("Haus "Am See"");
	// refusing them would lose the whole file for one cell.
	t.cr.LazyQuotes = true
	t.cr.ReuseRecord = true
	rec, err := t.next()
	if err != nil {
		return nil, err
	}
	t.Header = make([]string, len(rec))
	for i, h := range rec {
		t.Header[i] = strings.TrimSpace(h)
	}
	return t, nil
}

// validUTF8Start reports whether p is UTF-8, allowing a rune cut off at the
// end of the sniffed window.
func validUTF8Start(p []byte, atEOF bool) bool {
	if utf8.Valid(p) {
		return true
	}
	if atEOF {
		return false
	}
	for cut := 1; cut <= utf8.UTFMax-1 && cut <= len(p); cut++ {
		if utf8.RuneStart(p[len(p)-cut]) {
			return utf8.Valid(p[:len(p)-cut])
		}
	}
	return false
}

// detectSep picks the separator occurring most often in the header line
// outside quotes; ties prefer ';', which German Excel writes.
func detectSep(head string) rune {
	var count [4]int
	seps := [4]rune{';', ',', '\t', '|'}
	quoted := false
	for _, c := range head {
		if c == '"' {
			quoted = !quoted
			continue
		}
		if quoted {
			continue
		}
		for i, s := range seps {
			if c == s {
				count[i]++
			}
		}
	}
	best := 1 // ',' for a one-column file
	for i := range seps {
		if count[i] > count[best] || (count[i] == count[best] && i < best) {
			best = i
		}
	}
	if count[best] == 0 {
		return ','
	}
	return seps[best]
}

// Next returns the next row's fields (reused between calls) and its line
// number; io.EOF at the end.
func (t *Table) Next() ([]string, int, error) {
	rec, err := t.next()
	return rec, t.line, err
}

// Line is the 1-based line on which the last row returned began.
func (t *Table) Line() int { return t.line }

func (t *Table) next() ([]string, error) {
	if p := t.pending; p != nil {
		t.pending = nil
		t.line = p.line
		return p.rec, p.err
	}
	rec, line, err := t.read()
	if err == nil && t.swallowing(rec) {
		// With LazyQuotes an unclosed quote takes the rest of the file into
		// one cell, and every later row would vanish without a trace. A cell
		// that spans lines with separators on them and ends the file is
		// that, not a remark with a line break.
		rec = slices.Clone(rec)
		nrec, nline, nerr := t.read()
		if errors.Is(nerr, io.EOF) {
			return nil, syntaxError(line, fmt.Sprintf("CSV-Fehler in Zeile %d: ein Anführungszeichen wird nicht geschlossen, der Rest der Datei wäre ein einziges Feld.", line))
		}
		t.pending = &pendingRow{nrec, nline, nerr}
	}
	t.line = line
	return rec, err
}

type pendingRow struct {
	rec  []string
	line int
	err  error
}

func (t *Table) swallowing(rec []string) bool {
	for _, f := range rec {
		if i := strings.IndexByte(f, '\n'); i >= 0 && strings.ContainsRune(f[i:], t.Sep) {
			return true
		}
	}
	return false
}

func (t *Table) read() ([]string, int, error) {
	rec, err := t.cr.Read()
	// A row that reaches past the limit was cut by the LimitReader and must
	// not be handed out as if it were complete.
	if t.lr.n > t.max && (err != nil || t.skipped+t.cr.InputOffset() > t.max) {
		return nil, 0, tooLarge(t.max)
	}
	if errors.Is(err, ErrRowTooLong) {
		return nil, 0, longRecord(fmt.Sprintf("CSV-Fehler nach Zeile %d: der nächste Datensatz ist länger als %d KB (oft ein Anführungszeichen, das nicht geschlossen wird).", max(t.line, 1), maxRecordBytes>>10))
	}
	if err != nil {
		if pe, ok := errors.AsType[*csv.ParseError](err); ok {
			msg := pe.Err.Error()
			if errors.Is(pe.Err, csv.ErrQuote) {
				msg = "Anführungszeichen nicht geschlossen"
			}
			return nil, 0, syntaxError(pe.StartLine, fmt.Sprintf("CSV-Fehler in Zeile %d: %s.", pe.StartLine, msg))
		}
		return nil, 0, err
	}
	line, _ := t.cr.FieldPos(0)
	for i, f := range rec {
		if !utf8.ValidString(f) {
			rec[i] = fromWindows1252(f)
		}
	}
	return rec, line, nil
}

func syntaxError(line int, msg string) error {
	return &quartier.Error{Code: quartier.EINVALID, Message: msg, Problems: []quartier.Problem{
		{Severity: quartier.SeverityError, Kind: quartier.ProblemSyntax, Feature: line, Message: msg}}}
}

// Column finds a header by any of its accepted names, compared without case,
// umlauts, spaces, dashes, dots or underscores; -1 when absent.
func Column(header []string, names ...string) int {
	for _, n := range names {
		fn := fold(n)
		for i, h := range header {
			if fold(h) == fn {
				return i
			}
		}
	}
	return -1
}

var folder = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss", " ", "", "-", "", "_", "", ".", "")

func fold(s string) string {
	return folder.Replace(strings.ToLower(strings.TrimSpace(s)))
}

// cp1252 maps the bytes 0x80–0x9F, where Windows-1252 differs from Latin-1;
// the five unassigned ones stay the C1 controls they are in Latin-1.
var cp1252 = [32]rune{'€', 0x81, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0x8d, 'Ž', 0x8f,
	0x90, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0x9d, 'ž', 'Ÿ'}

// fromWindows1252 decodes a field that is not UTF-8. It is done field by
// field, so a file that is UTF-8 except for one pasted cell still reads.
func fromWindows1252(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/4)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c < 0x80:
			b.WriteByte(c)
		case c < 0xa0:
			b.WriteRune(cp1252[c-0x80])
		default:
			b.WriteRune(rune(c))
		}
	}
	return b.String()
}

// Cell returns field i trimmed, or "" when the row is shorter.
func Cell(rec []string, i int) string {
	if i < 0 || i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

// ValueProblem locates a bad value by line and column name.
func ValueProblem(line int, col, format string, args ...any) *quartier.Problem {
	return &quartier.Problem{Severity: quartier.SeverityError, Kind: quartier.ProblemValue, Feature: line,
		Message: fmt.Sprintf("Zeile %d, Spalte %s: %s", line, col, fmt.Sprintf(format, args...))}
}
