package csvio

import (
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/quartier/quartier"
)

// Mode says what a bulk lookup file holds.
type Mode string

const (
	ModeXY      Mode = "xy"      // projected x/y (Rechtswert/Hochwert)
	ModeLonLat  Mode = "lonlat"  // WGS84 longitude/latitude
	ModeAddress Mode = "address" // street, house number, optional postcode and place; or the whole address in one column
)

// Reader reads a bulk lookup file row by row.
type Reader struct {
	t                     *Table
	mode                  Mode
	cx, cy                int
	cStreet, cNo, cPostal int
	cPlace                int
}

// Accepted column names, compared by Column (case, umlauts, spaces, '-',
// '_' and '.' do not matter).
var (
	xNames      = []string{"x", "rechtswert", "easting", "ostwert", "rw"}
	yNames      = []string{"y", "hochwert", "northing", "nordwert", "hw"}
	lonNames    = []string{"lon", "lng", "long", "longitude", "laenge", "geo_laenge", "geographische_laenge"}
	latNames    = []string{"lat", "latitude", "breite", "geo_breite", "geographische_breite"}
	streetNames = []string{"strasse", "street", "str", "strassenname", "streetname"}
	// addressNames name a column holding the whole address ("Schwedter
	// Str. 234, 10435 Berlin"), read where there is no street column.
	addressNames = []string{"adresse", "anschrift", "address", "addr"}
	noNames      = []string{"hausnummer", "hnr", "hausnr", "house_number", "housenumber", "nr"}
	postNames    = []string{"plz", "postleitzahl", "postcode", "zip", "postal_code"}
	// placeNames name the Ortsteil or Bezirk of an address (the column of
	// the first name in this order counts); the city's name there checks
	// nothing.
	placeNames = []string{"ortsteil", "ort_name", "ort", "bezirk", "stadtteil", "district", "place"}
)

// NewReader reads the header and decides the mode from the column names.
// lon/lat wins over x/y and x/y over an address when a file has several,
// because coordinates need no street directory and are exact.
func NewReader(r io.Reader, maxBytes int64) (*Reader, error) {
	t, err := Open(r, maxBytes)
	if err != nil {
		return nil, err
	}
	h := t.Header
	rd := &Reader{t: t, cx: -1, cy: -1, cStreet: -1, cNo: -1, cPostal: -1, cPlace: -1}
	switch {
	case Column(h, lonNames...) >= 0 && Column(h, latNames...) >= 0:
		rd.mode, rd.cx, rd.cy = ModeLonLat, Column(h, lonNames...), Column(h, latNames...)
	case Column(h, xNames...) >= 0 && Column(h, yNames...) >= 0:
		rd.mode, rd.cx, rd.cy = ModeXY, Column(h, xNames...), Column(h, yNames...)
	case Column(h, streetNames...) >= 0 || Column(h, addressNames...) >= 0:
		// A street column without a number column, or one named as the
		// whole address, holds what people type in one field; the lookup
		// reads it as it reads a typed address.
		rd.mode, rd.cStreet, rd.cNo = ModeAddress, Column(h, streetNames...), Column(h, noNames...)
		if rd.cStreet < 0 {
			rd.cStreet = Column(h, addressNames...)
		}
		rd.cPostal = Column(h, postNames...)
		rd.cPlace = Column(h, placeNames...)
	default:
		head := strings.Join(h, ", ")
		if len(head) > 200 {
			head = strings.ToValidUTF8(head[:200], "") + " …"
		}
		msg := "Die Kopfzeile (" + head + ") nennt weder x/y (Rechtswert/Hochwert), lon/lat (Länge/Breite) noch strasse/hausnummer oder adresse."
		return nil, &quartier.Error{Code: quartier.EINVALID, Message: msg, Problems: []quartier.Problem{
			{Severity: quartier.SeverityError, Kind: quartier.ProblemValue, Feature: 1, Message: msg}}}
	}
	return rd, nil
}

func (r *Reader) Mode() Mode       { return r.mode }
func (r *Reader) Header() []string { return r.t.Header }

// Sep is the input's field separator.
func (r *Reader) Sep() rune { return r.t.Sep }

// Row is one data row. A malformed value sets Err instead of failing the
// whole file, so a bulk run marks the row and goes on. X, Y are only
// meaningful in the coordinate modes and when Err is nil; then they are
// finite, and in ModeLonLat X is a longitude in [-180, 180] and Y a latitude
// in [-90, 90].
type Row struct {
	Line                      int
	Fields                    []string // as read (decoded, untrimmed)
	X, Y                      float64
	Street, HouseNo, Postcode string
	Place                     string // Ortsteil or Bezirk, "" without the column
	Err                       *quartier.Problem
}

// Next returns the next row or io.EOF. Blank lines are skipped (encoding/csv
// does so), so Row.Line may jump. Errors are for the whole file: I/O, the
// size limit or an unclosed quote.
func (r *Reader) Next() (*Row, error) {
	rec, line, err := r.t.Next()
	if err != nil {
		return nil, err
	}
	if r.mode == ModeAddress && len(r.t.Header) == 1 && len(rec) > 1 {
		// A file of one column has no separator of its own: the one
		// guessed (',') is the address's ("Straße 1, 10115 Berlin").
		rec = []string{strings.Join(rec, string(r.t.Sep))}
	}
	row := &Row{Line: line, Fields: append([]string(nil), rec...)}
	if r.mode == ModeAddress {
		row.Street, row.HouseNo, row.Postcode, row.Place = Cell(rec, r.cStreet), Cell(rec, r.cNo), Cell(rec, r.cPostal), Cell(rec, r.cPlace)
		if row.Street == "" {
			row.Err = ValueProblem(line, r.t.Header[r.cStreet], "Straße fehlt.")
		}
		return row, nil
	}
	var ok bool
	if row.X, ok = r.coord(row, rec, r.cx); !ok {
		return row, nil
	}
	if row.Y, ok = r.coord(row, rec, r.cy); !ok {
		return row, nil
	}
	if r.mode == ModeLonLat {
		switch {
		case row.X < -180 || row.X > 180:
			row.Err = ValueProblem(line, r.t.Header[r.cx], "Länge %s liegt nicht zwischen -180 und 180.", Cell(rec, r.cx))
		case row.Y < -90 || row.Y > 90:
			row.Err = ValueProblem(line, r.t.Header[r.cy], "Breite %s liegt nicht zwischen -90 und 90.", Cell(rec, r.cy))
		}
	}
	return row, nil
}

func (r *Reader) coord(row *Row, rec []string, c int) (float64, bool) {
	s := Cell(rec, c)
	if s == "" {
		row.Err = ValueProblem(row.Line, r.t.Header[c], "Wert fehlt.")
		return 0, false
	}
	v, ok := ParseNumber(s, r.t.Sep != ',')
	if !ok {
		row.Err = ValueProblem(row.Line, r.t.Header[c], "„%s“ ist keine Zahl.", s)
		return 0, false
	}
	return v, true
}

// ParseNumber reads a finite decimal number. With decimalComma (files whose
// separator is not ',') it also reads German spreadsheet output: "13,405"
// and, with thousands dots, "5.820.345,12". A lone dot is always a decimal
// point ("392.150" is 392.15), because that is what programs write; dots
// count as thousands separators only next to a decimal comma or when there
// are several. NaN, Inf, hex floats and digit underscores, which
// strconv.ParseFloat would take, are refused: no spreadsheet writes them.
func ParseNumber(s string, decimalComma bool) (float64, bool) {
	digits := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits = true
		case c == '.' || c == '+' || c == '-' || c == 'e' || c == 'E':
		case c == ',' && decimalComma:
		default:
			return 0, false
		}
	}
	if !digits {
		return 0, false
	}
	if decimalComma && strings.IndexByte(s, ',') >= 0 {
		if strings.Count(s, ",") > 1 {
			return 0, false
		}
		if strings.IndexByte(s, '.') >= 0 {
			if !thousandsDots(s[:strings.IndexByte(s, ',')]) {
				return 0, false
			}
			s = strings.ReplaceAll(s, ".", "")
		}
		s = strings.Replace(s, ",", ".", 1)
	} else if decimalComma && strings.Count(s, ".") > 1 {
		if !thousandsDots(s) {
			return 0, false
		}
		s = strings.ReplaceAll(s, ".", "")
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

// thousandsDots reports whether the integer part s groups its digits by
// three with dots ("5.820.345"), so that a dot cannot be misread.
func thousandsDots(s string) bool {
	s = strings.TrimLeft(s, "+-")
	groups := strings.Split(s, ".")
	if len(groups[0]) < 1 || len(groups[0]) > 3 {
		return false
	}
	for _, g := range groups {
		for i := 0; i < len(g); i++ {
			if g[i] < '0' || g[i] > '9' {
				return false
			}
		}
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return false
		}
	}
	return true
}

// Writer writes rows back with extra columns, inert like every CSV
// Quartier writes: the rows are the caller's, but the file may come from
// anywhere and goes back into a spreadsheet.
type Writer struct {
	cw    *InertWriter
	width int
	err   error
	buf   []string
}

// NewWriter starts an output with the original header plus the extra
// columns. Rows are padded to the header's width so that the extra values
// always land under their headings.
func NewWriter(w io.Writer, sep rune, header, extra []string) *Writer {
	cw := NewInertWriter(w, sep)
	wr := &Writer{cw: cw, width: len(header)}
	wr.err = cw.Write(append(append([]string(nil), header...), extra...))
	return wr
}

// NewWriterFor answers rd in its own dialect, so that a spreadsheet opens the
// answer like the question: the same separator (German Excel needs ';'),
// and a byte-order mark when the input had one or was Windows-1252. Output
// is always UTF-8, since the extra columns may hold names Windows-1252
// cannot spell; the BOM is what makes Excel read it as UTF-8.
func NewWriterFor(rd *Reader, w io.Writer, extra []string) *Writer {
	var err error
	if rd.t.BOM || rd.t.Windows1252 {
		_, err = io.WriteString(w, "\ufeff")
	}
	wr := NewWriter(w, rd.t.Sep, rd.t.Header, extra)
	if err != nil {
		wr.err = err
	}
	return wr
}

// Write adds a row with its extra values.
func (w *Writer) Write(row *Row, extra []string) error {
	if w.err != nil {
		return w.err
	}
	w.buf = append(w.buf[:0], row.Fields...)
	for len(w.buf) < w.width {
		w.buf = append(w.buf, "")
	}
	// Trailing empty cells beyond the header (a row ending in a separator)
	// would push the extra values out from under their headings.
	for len(w.buf) > w.width && w.buf[len(w.buf)-1] == "" {
		w.buf = w.buf[:len(w.buf)-1]
	}
	w.buf = append(w.buf, extra...)
	w.err = w.cw.Write(w.buf)
	return w.err
}

// Flush writes buffered rows.
func (w *Writer) Flush() error {
	err := w.cw.Flush()
	if w.err != nil {
		return w.err
	}
	return err
}
