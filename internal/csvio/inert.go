package csvio

import (
	"encoding/csv"
	"io"
	"strings"
)

// Every CSV Quartier hands out may be opened in a spreadsheet, and most
// carry text that others typed (offer names, contact names, area names,
// logins of failed sign-ins, the rows of a bulk lookup). A cell that starts
// like a formula would run as one ("=HYPERLINK(…)", "@SUM(…)", DDE through
// "+cmd|…"), so InertWriter writes every cell through Inert.

// formulaStart are the characters a spreadsheet reads as the start of a
// formula (OWASP "CSV injection"): = + - @, and tab and carriage return,
// which some programs strip before looking.
const formulaStart = "=+-@\t\r"

// Inert returns s so that a spreadsheet shows it but never runs it: a cell
// starting like a formula gets a leading apostrophe, the spreadsheets' own
// mark for "text". Plain numbers ("-12", "-13,405", "+1.5") are left alone:
// they are no formula, and a spreadsheet must still read them as numbers.
// An apostrophe that Readable would take for the mark is doubled, so that
// Readable(Inert(s)) == s for every s and a CSV file Quartier wrote reads
// back to exactly what was written.
func Inert(s string) string {
	if s == "" {
		return s
	}
	switch {
	case strings.IndexByte(formulaStart, s[0]) >= 0 && !plainNumber(s):
		return "'" + s
	case marked(s):
		return "'" + s
	}
	return s
}

// Readable undoes Inert: it drops the apostrophe Inert puts before a
// formula character or before another apostrophe. Anything else is left
// as it is, so that files from other programs read unchanged unless a cell
// starts with exactly such a mark (which those programs write for the same
// reason).
func Readable(s string) string {
	if marked(s) {
		return s[1:]
	}
	return s
}

// marked reports whether s starts with the apostrophe of Inert.
func marked(s string) bool {
	return len(s) > 1 && s[0] == '\'' && (s[1] == '\'' || strings.IndexByte(formulaStart, s[1]) >= 0)
}

// plainNumber reports whether s is a sign followed by digits with decimal
// points or commas only: no letter, no parenthesis, no operator, so
// nothing a spreadsheet could call.
func plainNumber(s string) bool {
	digits := false
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits = true
		case c == '.' || c == ',':
		default:
			return false
		}
	}
	return (s[0] == '-' || s[0] == '+') && digits
}

// InertWriter is encoding/csv's writer with every cell made inert: the one
// writer for every CSV Quartier writes (audit export, planning table, block
// tables, bulk lookup answers, the HSDS package, street directories).
type InertWriter struct {
	cw  *csv.Writer
	rec []string
}

// NewInertWriter writes CSV with the separator sep to w.
func NewInertWriter(w io.Writer, sep rune) *InertWriter {
	cw := csv.NewWriter(w)
	cw.Comma = sep
	return &InertWriter{cw: cw}
}

// UseCRLF ends lines with \r\n (RFC 4180) instead of \n.
func (w *InertWriter) UseCRLF() { w.cw.UseCRLF = true }

// Write writes one record, each cell through Inert.
func (w *InertWriter) Write(rec []string) error {
	w.rec = w.rec[:0]
	for _, s := range rec {
		w.rec = append(w.rec, Inert(s))
	}
	return w.cw.Write(w.rec)
}

// Flush writes buffered records and reports any error of the writes.
func (w *InertWriter) Flush() error {
	w.cw.Flush()
	return w.cw.Error()
}
