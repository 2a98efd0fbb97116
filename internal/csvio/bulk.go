package csvio

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/quartier/quartier"
)

// Mode says what a bulk lookup file holds.
type Mode string

const (
	ModeXY      Mode = "xy"      // projected x/y (Rechtswert/Hochwert)
	ModeLonLat  Mode = "lonlat"  // WGS84 longitude/latitude
	ModeAddress Mode = "address" // street, house number, optional postcode
)

// Reader reads a bulk lookup file row by row.
type Reader struct {
	t                     *Table
	mode                  Mode
	cx, cy                int
	cStreet, cNo, cPostal int
}

var (
	xNames      = []string{"x", "rechtswert", "easting", "ostwert", "rw"}
	yNames      = []string{"y", "hochwert", "northing", "nordwert", "hw"}
	lonNames    = []string{"lon", "lng", "long", "longitude", "laenge", "länge", "geo_laenge"}
	latNames    = []string{"lat", "latitude", "breite", "geo_breite"}
	streetNames = []string{"strasse", "straße", "street", "str", "strassenname"}
	noNames     = []string{"hausnummer", "hnr", "hausnr", "house_number", "housenumber", "nr"}
	postNames   = []string{"plz", "postleitzahl", "postcode", "zip"}
)

// NewReader reads the header and decides the mode from the column names.
func NewReader(r io.Reader, maxBytes int64) (*Reader, error) {
	t, err := Open(r, maxBytes)
	if err != nil {
		return nil, err
	}
	rd := &Reader{t: t, cPostal: Column(t.Header, postNames...)}
	switch {
	case Column(t.Header, lonNames...) >= 0 && Column(t.Header, latNames...) >= 0:
		rd.mode, rd.cx, rd.cy = ModeLonLat, Column(t.Header, lonNames...), Column(t.Header, latNames...)
	case Column(t.Header, xNames...) >= 0 && Column(t.Header, yNames...) >= 0:
		rd.mode, rd.cx, rd.cy = ModeXY, Column(t.Header, xNames...), Column(t.Header, yNames...)
	case Column(t.Header, streetNames...) >= 0 && Column(t.Header, noNames...) >= 0:
		rd.mode, rd.cStreet, rd.cNo = ModeAddress, Column(t.Header, streetNames...), Column(t.Header, noNames...)
	default:
		return nil, quartier.Errorf(quartier.EINVALID,
			"Die Kopfzeile (%s) nennt weder x/y (Rechtswert/Hochwert), lon/lat noch strasse/hausnummer.", strings.Join(t.Header, ", "))
	}
	return rd, nil
}

func (r *Reader) Mode() Mode       { return r.mode }
func (r *Reader) Header() []string { return r.t.Header }

// Row is one data row. A malformed value sets Err instead of failing the
// whole file, so a bulk run marks the row and goes on.
type Row struct {
	Line                      int
	Fields                    []string
	X, Y                      float64
	Street, HouseNo, Postcode string
	Err                       *quartier.Problem
}

// Next returns the next row or io.EOF.
func (r *Reader) Next() (*Row, error) {
	rec, line, err := r.t.Next()
	if err != nil {
		return nil, err
	}
	row := &Row{Line: line, Fields: append([]string(nil), rec...)}
	if r.mode == ModeAddress {
		row.Street, row.HouseNo, row.Postcode = Cell(rec, r.cStreet), Cell(rec, r.cNo), Cell(rec, r.cPostal)
		if row.Street == "" {
			row.Err = valueProblem(line, r.t.Header[r.cStreet], "Straße fehlt.")
		}
		return row, nil
	}
	var ex, ey error
	row.X, ex = r.number(Cell(rec, r.cx))
	row.Y, ey = r.number(Cell(rec, r.cy))
	switch {
	case ex != nil:
		row.Err = valueProblem(line, r.t.Header[r.cx], "%q ist keine Zahl.", Cell(rec, r.cx))
	case ey != nil:
		row.Err = valueProblem(line, r.t.Header[r.cy], "%q ist keine Zahl.", Cell(rec, r.cy))
	}
	return row, nil
}

// number accepts a decimal comma where the separator is not a comma
// ("13,405" in a ';' file), as German spreadsheets write them.
func (r *Reader) number(s string) (float64, error) {
	if r.t.Sep != ',' && strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	}
	return strconv.ParseFloat(s, 64)
}

// Writer writes rows back with extra columns, in the input's dialect so
// that a spreadsheet opens the answer like the question.
type Writer struct {
	cw    *csv.Writer
	extra int
}

// NewWriterFor starts the output of rd with the given extra columns.
func NewWriterFor(rd *Reader, w io.Writer, extra []string) *Writer {
	if rd.t.BOM {
		io.WriteString(w, "\ufeff")
	}
	cw := csv.NewWriter(w)
	cw.Comma = rd.t.Sep
	cw.Write(append(append([]string(nil), rd.t.Header...), extra...))
	return &Writer{cw: cw, extra: len(extra)}
}

// Write adds a row with its extra values.
func (w *Writer) Write(row *Row, extra []string) error {
	return w.cw.Write(append(append([]string(nil), row.Fields...), extra...))
}

// Flush writes buffered rows.
func (w *Writer) Flush() error {
	w.cw.Flush()
	return w.cw.Error()
}
