package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/quartier/quartier"
	"github.com/xuri/excelize/v2"
)

// Workbook is an XLSX file opened for reading: its sheets are read row by
// row straight from the zip, never as a whole. Values come as the cells
// store them (raw: the number 1234.5, the index of a shared string
// already resolved, a boolean as 1), the way excelize's RawCellValue
// reads them, so that imports keep their rules for numbers and dates.
type Workbook struct {
	files    map[string]*zip.File
	sheets   []sheetPart
	date1904 bool
	left     int64 // bytes the parts may still unpack to
	limit    int64
	sstPath  string
	sst      *sharedStrings
	stylPath string
	dates    []bool // per cell format (cellXfs): shows a date
	styled   bool
}

type sheetPart struct{ name, path string }

// sharedStrings are the workbook's strings in one block: a workbook of a
// few megabytes can list millions of (empty) strings, and a string
// header each would cost more than the text.
type sharedStrings struct {
	text []byte
	ends []uint32
}

// MaxColumns and MaxRows are the sheet size of Excel 2007 and later.
const (
	MaxColumns = 16384
	MaxRows    = 1048576
)

// Open reads the directory of the workbook b: its sheets, where their
// parts are, the date system. limit bounds what all parts read together
// may unpack to; a part declaring more is refused before it is read,
// and one that unpacks to more than it declares is stopped at the limit.
// Errors are causes for the caller's own message, except a workbook too
// large (quartier.ETOOLARGE).
func Open(b []byte, limit int64) (*Workbook, error) {
	if len(b) >= 8 && bytes.Equal(b[:8], []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")) {
		return nil, errors.New("die Datei ist verschlüsselt (mit Kennwort geschützt) oder im alten .xls-Format")
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, err
	}
	w := &Workbook{files: map[string]*zip.File{}, left: limit, limit: limit}
	var declared uint64
	for _, f := range zr.File {
		declared += f.UncompressedSize64
		if declared > uint64(limit) {
			return nil, w.tooLarge()
		}
		name := strings.TrimPrefix(strings.ReplaceAll(f.Name, "\\", "/"), "/")
		w.files[name] = f
		if low := strings.ToLower(name); low != name {
			if _, ok := w.files[low]; !ok {
				w.files[low] = f
			}
		}
	}
	book := "xl/workbook.xml"
	if err := w.rels("_rels/.rels", "", func(typ, target string) {
		if strings.HasSuffix(typ, "/officeDocument") {
			book = target
		}
	}); err != nil {
		return nil, err
	}
	if w.file(book) == nil {
		return nil, errors.New("die Mappe (workbook.xml) fehlt")
	}
	targets := map[string]string{}
	dir := path.Dir(book)
	w.sstPath, w.stylPath = path.Join(dir, "sharedStrings.xml"), path.Join(dir, "styles.xml")
	if err := w.rels(path.Join(dir, "_rels", path.Base(book)+".rels"), dir, func(typ, target string) {
		switch {
		case strings.HasSuffix(typ, "/sharedStrings"):
			w.sstPath = target
		case strings.HasSuffix(typ, "/styles"):
			w.stylPath = target
		}
	}, targets); err != nil {
		return nil, err
	}
	err = w.part(book, func(s *scanner) error {
		for {
			if err := s.next(); err != nil || s.kind == tokEOF {
				return err
			}
			if s.kind != tokStart {
				continue
			}
			switch string(s.name) {
			case "workbookPr":
				v, _, err := s.attr("date1904")
				if err != nil {
					return err
				}
				w.date1904 = v == "1" || v == "true"
			case "sheet":
				name, _, err := s.attr("name")
				if err != nil {
					return err
				}
				var id string
				for _, a := range s.attrs {
					if string(a.name) == "id" && len(a.prefix) > 0 {
						id = string(a.value)
					}
				}
				w.sheets = append(w.sheets, sheetPart{name: name, path: targets[id]})
			}
		}
	})
	if err != nil {
		return nil, err
	}
	return w, nil
}

func (w *Workbook) tooLarge() error {
	return quartier.Errorf(quartier.ETOOLARGE, "Die Arbeitsmappe entpackt sich auf mehr als %d MB; bitte in Teilen einspielen.", w.limit>>20)
}

// file is the zip entry at name, matched without case as a last resort
// (some programs write XL/Workbook.xml).
func (w *Workbook) file(name string) *zip.File {
	if f := w.files[name]; f != nil {
		return f
	}
	return w.files[strings.ToLower(name)]
}

// rels reads a relationship part; targets (optional) gets every target by
// its id, resolved against dir.
func (w *Workbook) rels(name, dir string, each func(typ, target string), targets ...map[string]string) error {
	if w.file(name) == nil {
		return nil
	}
	return w.part(name, func(s *scanner) error {
		for {
			if err := s.next(); err != nil || s.kind == tokEOF {
				return err
			}
			if s.kind != tokStart || string(s.name) != "Relationship" {
				continue
			}
			id, _, err1 := s.attr("Id")
			typ, _, err2 := s.attr("Type")
			target, _, err3 := s.attr("Target")
			if err := errors.Join(err1, err2, err3); err != nil {
				return err
			}
			if mode, _, _ := s.attr("TargetMode"); mode == "External" {
				continue
			}
			if strings.HasPrefix(target, "/") {
				target = strings.TrimPrefix(target, "/")
			} else {
				target = path.Join(dir, target)
			}
			each(typ, target)
			for _, t := range targets {
				t[id] = target
			}
		}
	})
}

// part reads the part name with read, counting what it unpacks to.
func (w *Workbook) part(name string, read func(*scanner) error) error {
	rc, err := w.open(name)
	if err != nil {
		return err
	}
	defer rc.Close()
	if err := read(newScanner(rc)); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

func (w *Workbook) open(name string) (io.ReadCloser, error) {
	f := w.file(name)
	if f == nil {
		return nil, fmt.Errorf("der Teil %s fehlt", name)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &counted{rc: rc, w: w}, nil
}

// counted stops a part at the workbook's limit, whatever the zip
// declares.
type counted struct {
	rc io.ReadCloser
	w  *Workbook
}

func (c *counted) Read(p []byte) (int, error) {
	n, err := c.rc.Read(p)
	c.w.left -= int64(n)
	if c.w.left < 0 {
		return n, c.w.tooLarge()
	}
	return n, err
}

func (c *counted) Close() error { return c.rc.Close() }

// Sheets are the names of the sheets in the workbook's order.
func (w *Workbook) Sheets() []string {
	names := make([]string, len(w.sheets))
	for i, s := range w.sheets {
		names[i] = s.name
	}
	return names
}

// Date1904 tells the workbook's date system (serial 0 is 1904-01-01, as
// old Mac workbooks count).
func (w *Workbook) Date1904() bool { return w.date1904 }

// readSST reads the shared strings once.
func (w *Workbook) readSST() error {
	if w.sst != nil {
		return nil
	}
	w.sst = &sharedStrings{}
	if w.file(w.sstPath) == nil {
		return nil
	}
	return w.part(w.sstPath, func(s *scanner) error {
		for {
			if err := s.next(); err != nil || s.kind == tokEOF {
				return err
			}
			if s.kind == tokStart && string(s.name) == "si" {
				var err error
				if w.sst.text, err = richText(s, w.sst.text); err != nil {
					return err
				}
				if len(w.sst.text) > 1<<32-1 {
					return w.tooLarge()
				}
				w.sst.ends = append(w.sst.ends, uint32(len(w.sst.text)))
			}
		}
	})
}

func (t *sharedStrings) get(i int) (string, bool) {
	if i < 0 || i >= len(t.ends) {
		return "", false
	}
	start := uint32(0)
	if i > 0 {
		start = t.ends[i-1]
	}
	if start == t.ends[i] {
		return "", true
	}
	return string(t.text[start:t.ends[i]]), true
}

// richText appends the text of the string item just started (<si> or
// <is>): its own <t> and those of its runs <r><t>, not the phonetic
// guides <rPh>; escapes _xHHHH_ decoded as Excel writes them.
func richText(s *scanner, dst []byte) ([]byte, error) {
	if s.self {
		return dst, nil
	}
	end := string(s.name)
	start, phonetic := len(dst), 0
	for {
		if err := s.next(); err != nil {
			return dst, err
		}
		switch s.kind {
		case tokEOF:
			return dst, s.fail("<%s> ohne Ende", end)
		case tokStart:
			switch string(s.name) {
			case "rPh":
				if !s.self {
					phonetic++
				}
			case "t":
				var err error
				if phonetic > 0 {
					err = s.skip()
				} else {
					dst, err = s.textOf(dst)
				}
				if err != nil {
					return dst, err
				}
			}
		case tokEnd:
			switch string(s.name) {
			case "rPh":
				phonetic--
			case end:
				if bytes.Contains(dst[start:], []byte("_x")) {
					dst = append(dst[:start], unescapeBSTR(string(dst[start:]))...)
				}
				return dst, nil
			}
		}
	}
}

// unescapeBSTR decodes _xHHHH_ (a character XML cannot hold, _x005F_ an
// underscore) like excelize; an escape of a surrogate is dropped.
func unescapeBSTR(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "_x")
		if i < 0 || i+7 > len(s) {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		hex := s[i+2 : i+6]
		v, err := strconv.ParseUint(hex, 16, 32)
		if s[i+6] != '_' || err != nil || strings.ContainsAny(hex, "+-") {
			b.WriteString("_x")
			s = s[i+2:]
			continue
		}
		if r := rune(v); r < 0xD800 || r > 0xDFFF {
			b.WriteRune(r)
		}
		s = s[i+7:]
	}
}

// IsDate tells whether cell format style shows a date: a built-in date
// format, or a custom one with a day or a year.
func (w *Workbook) IsDate(style int) (bool, error) {
	if !w.styled {
		w.styled = true
		if err := w.readStyles(); err != nil {
			return false, err
		}
	}
	return style > 0 && style < len(w.dates) && w.dates[style], nil
}

func (w *Workbook) readStyles() error {
	if w.file(w.stylPath) == nil {
		return nil
	}
	custom := map[int]string{}
	return w.part(w.stylPath, func(s *scanner) error {
		inXfs := false
		for {
			if err := s.next(); err != nil || s.kind == tokEOF {
				return err
			}
			switch {
			case s.kind == tokStart && string(s.name) == "numFmt":
				id, _, err1 := s.attr("numFmtId")
				code, _, err2 := s.attr("formatCode")
				if err := errors.Join(err1, err2); err != nil {
					return err
				}
				if n, err := strconv.Atoi(id); err == nil {
					if _, seen := custom[n]; !seen {
						custom[n] = code
					}
				}
			case s.kind == tokStart && string(s.name) == "cellXfs":
				inXfs = !s.self
			case s.kind == tokEnd && string(s.name) == "cellXfs":
				inXfs = false
			case s.kind == tokStart && string(s.name) == "xf" && inXfs:
				id, ok, err := s.attr("numFmtId")
				if err != nil {
					return err
				}
				n, err := strconv.Atoi(id)
				w.dates = append(w.dates, ok && err == nil && dateFormat(n, custom))
			}
		}
	})
}

// dateFormat reports whether number format id shows a date, as excelize
// tells it: a built-in format by its id, otherwise the workbook's own
// format by its code.
func dateFormat(id int, custom map[int]string) bool {
	switch {
	case id >= 0 && id <= 4, id >= 9 && id <= 22, id >= 27 && id <= 62, id >= 67 && id <= 81:
		return id >= 14 && id <= 17 || id == 22 || id >= 27 && id <= 36 || id >= 50 && id <= 58
	}
	code, ok := custom[id]
	return ok && dateCode(code)
}

// dateCode reports whether a custom number format shows a date: it has
// a day or a year.
func dateCode(code string) bool {
	code = strings.ToLower(code)
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

// RawCell is one cell of a row as stored.
type RawCell struct {
	Col   int    // 0-based
	Type  string // the t attribute: "" or "n" number, "s" shared and "inlineStr" inline string, "str" a formula's text, "b", "e", "d"
	Value string // the stored value; a shared string resolved, a boolean "1" or "0", an error "#DIV/0!"
	Style int    // the s attribute (0: none)
	// HasFormula is set for a cell with <f>; Formula is its text, for a
	// shared formula the one of its first cell SharedFrom with the
	// references moved to this cell.
	HasFormula bool
	Formula    string
	SharedFrom string
}

// Rows reads a sheet row by row.
type Rows struct {
	w      *Workbook
	rc     io.ReadCloser
	s      *scanner
	row    int
	rstyle int
	cells  []RawCell
	cols   []colStyle
	merged []string
	shared map[string][2]string // si → ref, text of the formula's first cell
	inData bool
	done   bool
	err    error
	buf    []byte
	ibuf   []byte
}

type colStyle struct{ min, max, style int }

// Rows opens the sheet called name (as Sheets lists it).
func (w *Workbook) Rows(name string) (*Rows, error) {
	for _, sh := range w.sheets {
		if sh.name != name {
			continue
		}
		if err := w.readSST(); err != nil {
			return nil, err
		}
		rc, err := w.open(sh.path)
		if err != nil {
			return nil, err
		}
		return &Rows{w: w, rc: rc, s: newScanner(rc), shared: map[string][2]string{}}, nil
	}
	return nil, fmt.Errorf("kein Blatt %q", name)
}

// Close releases the sheet's part.
func (r *Rows) Close() error { return r.rc.Close() }

// Row is the 1-based number of the current row (of the row being read
// when Err is set).
func (r *Rows) Row() int { return r.row }

// Cells are the current row's cells in column order; the slice is reused
// by Next.
func (r *Rows) Cells() []RawCell { return r.cells }

// Err is why reading stopped early.
func (r *Rows) Err() error { return r.err }

// Merged are the merged ranges ("A1:F1"), known once Next returned
// false: the sheet lists them after its rows.
func (r *Rows) Merged() []string { return r.merged }

// Style is the format of c as excelize finds it: the cell's own, else
// its row's, else its column's.
func (r *Rows) Style(c RawCell) int {
	if c.Style != 0 {
		return c.Style
	}
	if r.rstyle != 0 {
		return r.rstyle
	}
	for _, cs := range r.cols {
		if cs.min <= c.Col+1 && c.Col+1 <= cs.max && cs.style != 0 {
			return cs.style
		}
	}
	return 0
}

// Next reads the next row the sheet holds; rows it leaves out (empty)
// are skipped, so Row may grow by more than one.
func (r *Rows) Next() bool {
	if r.done || r.err != nil {
		return false
	}
	s := r.s
	for {
		if r.err = s.next(); r.err != nil {
			return false
		}
		switch s.kind {
		case tokEOF:
			if r.inData {
				r.err = s.fail("die Zeilen des Blatts enden nicht")
			}
			r.done = true
			return false
		case tokEnd:
			if string(s.name) == "sheetData" {
				r.inData = false
			}
			continue
		}
		name := string(s.name)
		switch {
		case r.inData && name == "row":
			if r.err = r.readRow(); r.err != nil {
				return false
			}
			return true
		case r.inData:
			r.err = s.skip()
		case name == "sheetData":
			r.inData = !s.self
		case name == "col":
			r.err = r.readCol()
		case name == "mergeCell":
			ref, _, err := s.attr("ref")
			r.err = err
			if ref != "" {
				r.merged = append(r.merged, ref)
			}
		}
		if r.err != nil {
			return false
		}
	}
}

func (r *Rows) readCol() error {
	var v [3]int
	for i, name := range []string{"min", "max", "style"} {
		a, ok, err := r.s.attr(name)
		if err != nil {
			return err
		}
		if ok {
			if v[i], err = strconv.Atoi(strings.TrimSpace(a)); err != nil {
				return r.s.fail("<col %s=%q>", name, a)
			}
		}
	}
	r.cols = append(r.cols, colStyle{v[0], v[1], v[2]})
	return nil
}

func (r *Rows) readRow() error {
	s := r.s
	n := r.row + 1
	if v, ok, err := s.attr("r"); err != nil {
		return err
	} else if ok {
		var err error
		if n, err = strconv.Atoi(strings.TrimSpace(v)); err != nil || n < 1 {
			return fmt.Errorf("ungültige Zeilennummer %q nach Zeile %d", v, r.row)
		}
		if n <= r.row {
			return fmt.Errorf("die Zeile %d steht nach Zeile %d", n, r.row)
		}
	}
	if n > MaxRows {
		return fmt.Errorf("die Zeile %d liegt hinter der letzten Zeile %d", n, MaxRows)
	}
	r.row, r.rstyle, r.cells = n, 0, r.cells[:0]
	if v, ok, err := s.attr("s"); err != nil {
		return err
	} else if ok {
		if r.rstyle, err = strconv.Atoi(strings.TrimSpace(v)); err != nil {
			return fmt.Errorf("ungültiges Format %q der Zeile", v)
		}
	}
	if s.self {
		return nil
	}
	for {
		if err := s.next(); err != nil {
			return err
		}
		switch s.kind {
		case tokEOF:
			return s.fail("die Zeile endet nicht")
		case tokEnd:
			if string(s.name) == "row" {
				return nil
			}
		case tokStart:
			if string(s.name) != "c" {
				if err := s.skip(); err != nil {
					return err
				}
				continue
			}
			if err := r.readCell(); err != nil {
				return err
			}
		}
	}
}

// cellType is the t attribute as a constant string, so that a cell's
// type costs no allocation.
func cellType(t []byte) string {
	switch string(t) {
	case "":
		return ""
	case "n":
		return "n"
	case "s":
		return "s"
	case "str":
		return "str"
	case "inlineStr":
		return "inlineStr"
	case "b":
		return "b"
	case "e":
		return "e"
	case "d":
		return "d"
	}
	return string(t)
}

func (r *Rows) readCell() error {
	s := r.s
	c := RawCell{Col: -1}
	if len(r.cells) > 0 {
		c.Col = r.cells[len(r.cells)-1].Col
	}
	c.Col++
	for _, a := range s.attrs {
		if len(a.prefix) > 0 {
			continue
		}
		switch string(a.name) {
		case "r":
			col, err := refColumn(a.value)
			if err != nil {
				return err
			}
			if col < c.Col {
				return fmt.Errorf("die Zelle %s steht nach Spalte %s", a.value, Letter(c.Col-1))
			}
			c.Col = col
		case "t":
			c.Type = cellType(a.value)
		case "s":
			n, ok := number(a.value)
			if !ok {
				return fmt.Errorf("ungültiges Format %q einer Zelle der Zeile %d", a.value, r.row)
			}
			c.Style = n
		}
	}
	if c.Col >= MaxColumns {
		return fmt.Errorf("eine Zelle hinter der letzten Spalte %s", Letter(MaxColumns-1))
	}
	// Only messages and shared formulas need the name: not made per cell.
	var ref string
	name := func() string {
		if ref == "" {
			ref = Letter(c.Col) + strconv.Itoa(r.row)
		}
		return ref
	}
	var v, inline []byte
	hasV, hasIS := false, false
	if !s.self {
	children:
		for {
			if err := s.next(); err != nil {
				return err
			}
			switch s.kind {
			case tokEOF:
				return s.fail("die Zelle %s endet nicht", name())
			case tokEnd:
				if string(s.name) == "c" {
					break children
				}
			case tokStart:
				var err error
				switch string(s.name) {
				case "v":
					hasV = true
					r.buf, err = s.textOf(r.buf[:0])
					v = r.buf
				case "f":
					err = r.readFormula(&c, name())
				case "is":
					hasIS = true
					r.ibuf, err = richText(s, r.ibuf[:0])
					inline = r.ibuf
				default:
					err = s.skip()
				}
				if err != nil {
					return err
				}
			}
		}
	}
	switch {
	case c.Type == "s" && len(v) > 0:
		i, err := strconv.Atoi(strings.TrimSpace(string(v)))
		var ok bool
		if err == nil {
			c.Value, ok = r.w.sst.get(i)
		}
		if !ok {
			return fmt.Errorf("die Zelle %s verweist auf die gemeinsame Zeichenkette %q, die es nicht gibt", name(), v)
		}
	case c.Type == "inlineStr" && hasIS:
		c.Value = string(inline)
	case hasV && len(v) > 0:
		c.Value = string(v)
	}
	r.cells = append(r.cells, c)
	return nil
}

func (r *Rows) readFormula(c *RawCell, ref string) error {
	s := r.s
	c.HasFormula = true
	typ, _, err1 := s.attr("t")
	si, _, err2 := s.attr("si")
	master, _, err3 := s.attr("ref")
	if err := errors.Join(err1, err2, err3); err != nil {
		return err
	}
	text, err := s.textOf(nil)
	if err != nil {
		return err
	}
	c.Formula = string(text)
	if typ == "shared" && si != "" {
		if _, seen := r.shared[si]; !seen && master != "" {
			r.shared[si] = [2]string{ref, c.Formula}
		}
		f, ok := r.shared[si]
		c.SharedFrom, c.Formula = f[0], ""
		if ok {
			c.Formula = shiftFormula(f[1], f[0], ref)
		}
		if f[0] == ref {
			c.SharedFrom = ""
		}
	}
	return nil
}

// cellRef is a reference to a cell in a formula, either part fixed by $.
var cellRef = regexp.MustCompile(`^\$?[A-Za-z]{1,3}\$?[0-9]+`)

// shiftFormula is the formula of a shared formula's first cell from as
// it reads in cell to: its relative references moved along.
func shiftFormula(formula, from, to string) string {
	c1, r1, err1 := excelize.CellNameToCoordinates(from)
	c2, r2, err2 := excelize.CellNameToCoordinates(to)
	if err1 != nil || err2 != nil {
		return formula
	}
	dc, dr := c2-c1, r2-r1
	var b strings.Builder
	quoted := false
	last := 0
	for i := 0; i < len(formula); i++ {
		switch ch := formula[i]; {
		case ch == '"':
			quoted = !quoted
		case quoted:
		case i > 0 && isNameByte(formula[i-1]):
		default:
			loc := cellRef.FindStringIndex(formula[i:])
			if loc == nil || loc[0] != 0 {
				continue
			}
			end := i + loc[1]
			if end < len(formula) && (isNameByte(formula[end]) || formula[end] == '(') {
				continue // a name such as LOG10( or A1B
			}
			b.WriteString(formula[last:i])
			b.WriteString(shiftRef(formula[i:end], dc, dr))
			last, i = end, end-1
		}
	}
	b.WriteString(formula[last:])
	return b.String()
}

func isNameByte(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '$'
}

// shiftRef moves a reference such as B$2 by dc columns and dr rows,
// its parts fixed by $ kept.
func shiftRef(ref string, dc, dr int) string {
	absCol := strings.HasPrefix(ref, "$")
	body := strings.TrimPrefix(ref, "$")
	i := strings.IndexAny(body, "$0123456789")
	letters, rest := body[:i], body[i:]
	absRow := strings.HasPrefix(rest, "$")
	digits := strings.TrimPrefix(rest, "$")
	col, err := excelize.ColumnNameToNumber(letters)
	row, err2 := strconv.Atoi(digits)
	if err != nil || err2 != nil {
		return ref
	}
	if !absCol {
		col += dc
	}
	if !absRow {
		row += dr
	}
	if col < 1 || row < 1 {
		return ref
	}
	name, _ := excelize.ColumnNumberToName(col)
	out := name
	if absCol {
		out = "$" + out
	}
	if absRow {
		out += "$"
	}
	return out + strconv.Itoa(row)
}

// refColumn is the 0-based column of a cell reference such as C5.
func refColumn(ref []byte) (int, error) {
	col, i := 0, 0
	for ; i < len(ref); i++ {
		ch := ref[i] | 0x20 // lower case
		if ch < 'a' || ch > 'z' {
			break
		}
		if col = col*26 + int(ch-'a') + 1; col > MaxColumns {
			return 0, fmt.Errorf("die Zelle %q liegt hinter der letzten Spalte %s", ref, Letter(MaxColumns-1))
		}
	}
	if n, ok := number(ref[i:]); i == 0 || !ok || n < 1 || n > MaxRows {
		return 0, fmt.Errorf("ungültiger Zellbezug %q", ref)
	}
	return col - 1, nil
}

// number is a decimal number of at most 9 digits, without sign.
func number(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}
