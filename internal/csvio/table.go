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
	"strings"
	"unicode/utf8"

	"github.com/quartier/quartier"
)

// Table is a CSV stream with its header read.
type Table struct {
	Header []string
	Sep    rune
	BOM    bool
	cr     *csv.Reader
	lr     *limitReader
	max    int64
	line   int
}

type limitReader struct {
	r io.Reader
	n int64
}

func (l *limitReader) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	l.n += int64(n)
	return n, err
}

// tooLarge is the error for input above its limit.
func tooLarge(max int64) error {
	if max >= 1<<20 {
		return quartier.Errorf(quartier.ETOOLARGE, "Die CSV-Datei ist größer als %d MB.", max>>20)
	}
	return quartier.Errorf(quartier.ETOOLARGE, "Die CSV-Datei ist größer als %d Bytes.", max)
}

// Open reads the header line and prepares the rows.
func Open(r io.Reader, maxBytes int64) (*Table, error) {
	if maxBytes <= 0 {
		maxBytes = 1 << 30
	}
	lr := &limitReader{r: io.LimitReader(r, maxBytes+1)}
	br := bufio.NewReaderSize(lr, 64<<10)
	head, err := br.ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	t := &Table{lr: lr, max: maxBytes}
	if strings.HasPrefix(head, "\ufeff") {
		head, t.BOM = strings.TrimPrefix(head, "\ufeff"), true
	}
	if strings.TrimSpace(head) == "" {
		return nil, quartier.Errorf(quartier.EINVALID, "Die CSV-Datei ist leer (Kopfzeile fehlt).")
	}
	t.Sep = detectSep(head)
	t.cr = csv.NewReader(io.MultiReader(strings.NewReader(head), br))
	t.cr.Comma = t.Sep
	t.cr.FieldsPerRecord = -1
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

// detectSep picks the separator occurring most often in the header line
// outside quotes.
func detectSep(head string) rune {
	best, n := ',', -1
	for _, c := range []rune{';', ',', '\t', '|'} {
		if k := strings.Count(head, string(c)); k > n {
			best, n = c, k
		}
	}
	return best
}

// Next returns the next row's fields (reused between calls) and its line
// number; io.EOF at the end.
func (t *Table) Next() ([]string, int, error) {
	rec, err := t.next()
	return rec, t.line, err
}

func (t *Table) next() ([]string, error) {
	rec, err := t.cr.Read()
	// The limit reader stops one byte past the limit, so running out of
	// input with more than max bytes read means the input was cut short.
	if err != nil && t.lr.n > t.max {
		return nil, tooLarge(t.max)
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, quartier.Errorf(quartier.EINVALID, "CSV-Fehler in Zeile %d, Spalte %d: %v.", pe.Line, pe.Column, pe.Err)
		}
		return nil, err
	}
	t.line, _ = t.cr.FieldPos(0)
	for i, f := range rec {
		if !utf8.ValidString(f) {
			rec[i] = fromWindows1252(f)
		}
	}
	return rec, nil
}

// Column finds a header by any of its accepted names, compared without case,
// umlauts, spaces, dashes or underscores; -1 when absent.
func Column(header []string, names ...string) int {
	for _, n := range names {
		for i, h := range header {
			if fold(h) == fold(n) {
				return i
			}
		}
	}
	return -1
}

func fold(s string) string {
	r := strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss", " ", "", "-", "", "_", "", ".", "")
	return r.Replace(strings.ToLower(strings.TrimSpace(s)))
}

// cp1252 maps the bytes 0x80–0x9F, where Windows-1252 differs from Latin-1.
var cp1252 = [32]rune{'€', 0x81, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0x8d, 'Ž', 0x8f,
	0x90, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0x9d, 'ž', 'Ÿ'}

// fromWindows1252 decodes a field that is not UTF-8, as Excel writes CSV on
// German Windows.
func fromWindows1252(s string) string {
	var b strings.Builder
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

// valueProblem locates a bad value by line and column name.
func valueProblem(line int, col, format string, args ...any) *quartier.Problem {
	return &quartier.Problem{Severity: quartier.SeverityError, Kind: quartier.ProblemValue, Feature: line,
		Message: fmt.Sprintf("Zeile %d, Spalte %s: %s", line, col, fmt.Sprintf(format, args...))}
}
