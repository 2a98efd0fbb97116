package geo

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/quartier/quartier"
)

// Feature is one area read from a file, in the target CRS.
type Feature struct {
	Index      int // 0-based position in the FeatureCollection
	Code, Name string
	Geometry   orb.MultiPolygon
	Properties map[string]string // other properties, as text
}

// ReadOptions control Read.
type ReadOptions struct {
	CodeProperty, NameProperty string
	// SourceSRID overrides the file's legacy "crs" member; 0 takes that
	// member, and WGS84 (RFC 7946) when there is none.
	SourceSRID quartier.SRID
	TargetSRID quartier.SRID
	MaxBytes   int64
	// Repair closes unclosed rings (reported as repaired) instead of
	// rejecting them.
	Repair   bool
	Progress func(features int, bytesRead int64)
}

// maxProblems bounds a report: past this, more findings add nothing.
const maxProblems = 1000

// Read streams a GeoJSON FeatureCollection of Polygons and MultiPolygons.
// Faults in the input are returned as located problems (never a panic);
// err is only for I/O failures of r. Features are decoded one at a time, so
// memory follows the geometry kept, not the size of the JSON text.
func Read(r io.Reader, opt ReadOptions) ([]Feature, []quartier.Problem, error) {
	if opt.MaxBytes <= 0 {
		opt.MaxBytes = 1 << 30
	}
	cr := &countingReader{r: io.LimitReader(r, opt.MaxBytes+1)}
	rd := &reader{opt: opt, cr: cr, dec: json.NewDecoder(cr)}
	rd.dec.UseNumber()
	err := rd.collection()
	var ioErr *ioError
	switch {
	case errors.As(err, &ioErr):
		return nil, nil, ioErr.err
	case cr.n > opt.MaxBytes:
		return nil, []quartier.Problem{{Severity: quartier.SeverityError, Kind: quartier.ProblemTooLarge, Feature: -1,
			Message: fmt.Sprintf("Die Datei ist größer als %d MB.", opt.MaxBytes>>20)}}, nil
	case err != nil:
		rd.add(quartier.Problem{Severity: quartier.SeverityError, Kind: quartier.ProblemSyntax, Feature: rd.index, Message: rd.syntaxMessage(err)})
		return nil, rd.problems, nil
	}
	rd.finish()
	return rd.feats, rd.problems, nil
}

type ioError struct{ err error }

func (e *ioError) Error() string { return e.err.Error() }

// countingReader counts bytes and remembers where lines start, so that a
// syntax error's byte offset can be told as line and column.
type countingReader struct {
	r     io.Reader
	n     int64
	lines []int64 // offsets of '\n'
	err   error
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i, b := range p[:n] {
		if b == '\n' {
			c.lines = append(c.lines, c.n+int64(i))
		}
	}
	c.n += int64(n)
	if err != nil && err != io.EOF {
		c.err = err
	}
	return n, err
}

func (c *countingReader) position(off int64) (line, col int64) {
	i := sort.Search(len(c.lines), func(i int) bool { return c.lines[i] >= off })
	if i == 0 {
		return 1, off + 1
	}
	return int64(i) + 1, off - c.lines[i-1]
}

type rawFeature struct {
	Type       string          `json:"type"`
	Properties map[string]any  `json:"properties"`
	Geometry   json.RawMessage `json:"geometry"`
}

type rawGeometry struct {
	Type        string          `json:"type"`
	Coordinates json.RawMessage `json:"coordinates"`
}

type reader struct {
	opt      ReadOptions
	cr       *countingReader
	dec      *json.Decoder
	feats    []Feature
	problems []quartier.Problem
	index    int
	crsName  string
	hasType  bool
}

func (rd *reader) add(p quartier.Problem) {
	if len(rd.problems) < maxProblems {
		rd.problems = append(rd.problems, p)
	}
}

func (rd *reader) fault(kind string, f *Feature, at *orb.Point, format string, args ...any) {
	p := quartier.Problem{Severity: quartier.SeverityError, Kind: kind, Feature: f.Index, Code: f.Code, Message: fmt.Sprintf(format, args...)}
	if at != nil {
		p.At = &[2]float64{at[0], at[1]}
	}
	rd.add(p)
}

func (rd *reader) syntaxMessage(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		line, col := rd.cr.position(se.Offset)
		return fmt.Sprintf("Kein gültiges JSON in Zeile %d, Spalte %d (Byte %d): %s.", line, col, se.Offset, se.Error())
	case errors.As(err, &te):
		line, col := rd.cr.position(te.Offset)
		return fmt.Sprintf("Zeile %d, Spalte %d: %q hat den falschen Typ (%s statt %s).", line, col, te.Field, te.Value, te.Type)
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return fmt.Sprintf("Die Datei endet mitten im JSON (nach %d Bytes).", rd.cr.n)
	}
	return err.Error()
}

func (rd *reader) token() (json.Token, error) {
	t, err := rd.dec.Token()
	if rd.cr.err != nil {
		return nil, &ioError{rd.cr.err}
	}
	return t, err
}

// collection walks the top-level object member by member; "crs" may come
// after "features", so CRS handling waits until the end (finish).
func (rd *reader) collection() error {
	t, err := rd.token()
	if err != nil {
		return err
	}
	if d, ok := t.(json.Delim); !ok || d != '{' {
		return errors.New("die Datei ist kein GeoJSON-Objekt (erwartet: {\"type\": \"FeatureCollection\", …})")
	}
	for rd.dec.More() {
		t, err := rd.token()
		if err != nil {
			return err
		}
		key, _ := t.(string)
		switch key {
		case "type":
			var typ string
			if err := rd.dec.Decode(&typ); err != nil {
				return err
			}
			if typ != "FeatureCollection" {
				return fmt.Errorf("type ist %q, erwartet wird \"FeatureCollection\"", typ)
			}
			rd.hasType = true
		case "crs":
			var crs struct {
				Properties struct {
					Name string `json:"name"`
				} `json:"properties"`
			}
			if err := rd.dec.Decode(&crs); err != nil {
				return err
			}
			rd.crsName = crs.Properties.Name
		case "features":
			if err := rd.features(); err != nil {
				return err
			}
		default:
			var skip json.RawMessage
			if err := rd.dec.Decode(&skip); err != nil {
				return err
			}
		}
	}
	if _, err := rd.token(); err != nil {
		return err
	}
	if !rd.hasType {
		return errors.New("das Mitglied \"type\": \"FeatureCollection\" fehlt")
	}
	return nil
}

func (rd *reader) features() error {
	t, err := rd.token()
	if err != nil {
		return err
	}
	if d, ok := t.(json.Delim); !ok || d != '[' {
		return errors.New("\"features\" ist keine Liste")
	}
	for rd.dec.More() {
		var raw rawFeature
		if err := rd.dec.Decode(&raw); err != nil {
			return err
		}
		rd.feature(&raw)
		rd.index++
		if rd.opt.Progress != nil {
			rd.opt.Progress(rd.index, rd.cr.n)
		}
	}
	_, err = rd.token()
	return err
}

func propString(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x), true
	case json.Number:
		return x.String(), true
	case bool:
		return strconv.FormatBool(x), true
	case nil:
		return "", false
	}
	b, _ := json.Marshal(v)
	return string(b), true
}

func (rd *reader) feature(raw *rawFeature) {
	f := Feature{Index: rd.index, Properties: map[string]string{}}
	for k, v := range raw.Properties {
		s, ok := propString(v)
		switch {
		case k == rd.opt.CodeProperty:
			f.Code = s
		case k == rd.opt.NameProperty:
			f.Name = s
		case ok:
			f.Properties[k] = s
		}
	}
	bad := false
	if raw.Type != "Feature" {
		rd.fault(quartier.ProblemGeometryType, &f, nil, "Element ist kein Feature (type %q).", raw.Type)
		bad = true
	}
	if f.Code == "" {
		rd.fault(quartier.ProblemMissingCode, &f, nil, "Die Eigenschaft %q mit dem Gebietscode fehlt oder ist leer.", rd.opt.CodeProperty)
		bad = true
	} else if !quartier.ValidAreaCode(f.Code) {
		rd.fault(quartier.ProblemMissingCode, &f, nil, "Gebietscode %q ist ungültig (Steuerzeichen, „/“ oder Leerzeichen am Rand).", f.Code)
		bad = true
	}
	mp, ok := rd.geometry(&f, raw.Geometry)
	if !ok || bad {
		return
	}
	f.Geometry = mp
	rd.feats = append(rd.feats, f)
}

func (rd *reader) geometry(f *Feature, raw json.RawMessage) (orb.MultiPolygon, bool) {
	if len(bytes.TrimSpace(raw)) == 0 || string(bytes.TrimSpace(raw)) == "null" {
		rd.fault(quartier.ProblemGeometryType, f, nil, "Das Gebiet hat keine Geometrie.")
		return nil, false
	}
	var g rawGeometry
	if err := json.Unmarshal(raw, &g); err != nil {
		rd.fault(quartier.ProblemGeometryType, f, nil, "Geometrie ist kein GeoJSON-Objekt: %v", err)
		return nil, false
	}
	var polys [][][][]float64
	switch g.Type {
	case "Polygon":
		var p [][][]float64
		if err := json.Unmarshal(g.Coordinates, &p); err != nil {
			rd.fault(quartier.ProblemSyntax, f, nil, "Koordinaten des Polygons sind keine Zahlenlisten: %v", err)
			return nil, false
		}
		polys = [][][][]float64{p}
	case "MultiPolygon":
		if err := json.Unmarshal(g.Coordinates, &polys); err != nil {
			rd.fault(quartier.ProblemSyntax, f, nil, "Koordinaten des MultiPolygons sind keine Zahlenlisten: %v", err)
			return nil, false
		}
	default:
		rd.fault(quartier.ProblemGeometryType, f, nil, "Geometrietyp %q: erlaubt sind nur Polygon und MultiPolygon.", g.Type)
		return nil, false
	}
	mp := make(orb.MultiPolygon, 0, len(polys))
	ok := true
	for pi, poly := range polys {
		if len(poly) == 0 {
			rd.fault(quartier.ProblemGeometryType, f, nil, "Polygon %d ist leer.", pi)
			ok = false
			continue
		}
		op := make(orb.Polygon, 0, len(poly))
		for ri, ring := range poly {
			r, good := rd.ring(f, pi, ri, ring)
			ok = ok && good
			op = append(op, r)
		}
		mp = append(mp, op)
	}
	if len(mp) == 0 && ok {
		rd.fault(quartier.ProblemGeometryType, f, nil, "Die Geometrie ist leer.")
		return nil, false
	}
	return mp, ok
}

func ringName(pi, ri int) string {
	if ri == 0 {
		return fmt.Sprintf("Außenring von Polygon %d", pi)
	}
	return fmt.Sprintf("Loch %d von Polygon %d", ri, pi)
}

// ring converts positions, dropping repeated consecutive points (they carry
// no shape) and closing or rejecting an unclosed ring.
func (rd *reader) ring(f *Feature, pi, ri int, pos [][]float64) (orb.Ring, bool) {
	r := make(orb.Ring, 0, len(pos))
	for _, p := range pos {
		if len(p) < 2 {
			rd.fault(quartier.ProblemSyntax, f, nil, "%s: Position mit weniger als zwei Zahlen.", ringName(pi, ri))
			return nil, false
		}
		pt := orb.Point{p[0], p[1]}
		if len(r) > 0 && r[len(r)-1] == pt {
			continue
		}
		r = append(r, pt)
	}
	if len(r) == 0 {
		rd.fault(quartier.ProblemShortRing, f, nil, "%s ist leer.", ringName(pi, ri))
		return nil, false
	}
	if len(r) > 1 && r[0] != r[len(r)-1] {
		first := r[0]
		if !rd.opt.Repair {
			rd.fault(quartier.ProblemUnclosedRing, f, &first, "%s ist nicht geschlossen (erster und letzter Punkt verschieden).", ringName(pi, ri))
			return nil, false
		}
		r = append(r, first)
		rd.add(quartier.Problem{Severity: quartier.SeverityRepaired, Kind: quartier.ProblemUnclosedRing, Feature: f.Index, Code: f.Code,
			At: &[2]float64{first[0], first[1]}, Message: fmt.Sprintf("%s war nicht geschlossen; der erste Punkt wurde am Ende angefügt.", ringName(pi, ri))})
	}
	if len(r) < 4 {
		at := r[0]
		rd.fault(quartier.ProblemShortRing, f, &at, "%s hat nur %d verschiedene Punkte; ein Ring braucht mindestens drei.", ringName(pi, ri), max(len(r)-1, 1))
		return nil, false
	}
	return r, true
}

// parseCRS understands the legacy crs member's usual spellings.
func parseCRS(name string) (quartier.SRID, bool) {
	n := strings.ToUpper(strings.TrimSpace(name))
	if strings.HasSuffix(n, "CRS84") {
		return quartier.WGS84, true
	}
	i := strings.LastIndexAny(n, ":")
	if i < 0 || !strings.Contains(n, "EPSG") {
		return 0, false
	}
	code, err := strconv.Atoi(n[i+1:])
	if err != nil {
		return 0, false
	}
	s := quartier.SRID(code)
	return s, s.Supported()
}

// finish settles the CRS, checks ranges and moves features into the target.
func (rd *reader) finish() {
	src := rd.opt.SourceSRID
	if rd.crsName != "" {
		s, ok := parseCRS(rd.crsName)
		switch {
		case !ok && src == quartier.NoSRID:
			rd.add(quartier.Problem{Severity: quartier.SeverityError, Kind: quartier.ProblemCRS, Feature: -1,
				Message: fmt.Sprintf("Unbekanntes oder nicht unterstütztes Koordinatensystem %q (unterstützt: EPSG:4326, 25832, 25833).", rd.crsName)})
			return
		case src == quartier.NoSRID:
			src = s
		case ok && s != src:
			rd.add(quartier.Problem{Severity: quartier.SeverityWarning, Kind: quartier.ProblemCRS, Feature: -1,
				Message: fmt.Sprintf("Die Datei nennt %s, verwendet wird wie angegeben %s.", s, src)})
		}
	}
	if src == quartier.NoSRID {
		src = quartier.WGS84
	}
	if !src.Supported() {
		rd.add(quartier.Problem{Severity: quartier.SeverityError, Kind: quartier.ProblemCRS, Feature: -1, Message: fmt.Sprintf("Koordinatensystem %s wird nicht unterstützt.", src)})
		return
	}
	target := rd.opt.TargetSRID
	if target == quartier.NoSRID {
		target = src
	}
	tr, err := Transformer(src, target)
	if err != nil {
		rd.add(quartier.Problem{Severity: quartier.SeverityError, Kind: quartier.ProblemCRS, Feature: -1, Message: quartier.ErrorMessage(err)})
		return
	}
	kept := rd.feats[:0]
	for _, f := range rd.feats {
		if p, bad := outOfRange(src, f.Geometry); bad {
			rd.fault(quartier.ProblemOutOfRange, &f, &p, "Koordinate (%g, %g) liegt außerhalb von %s; ist das Koordinatensystem richtig angegeben?", p[0], p[1], src)
			continue
		}
		for _, poly := range f.Geometry {
			for _, ring := range poly {
				for k, p := range ring {
					ring[k] = tr(p)
				}
			}
		}
		kept = append(kept, f)
	}
	rd.feats = kept
}

func outOfRange(srid quartier.SRID, mp orb.MultiPolygon) (orb.Point, bool) {
	for _, poly := range mp {
		for _, ring := range poly {
			for _, p := range ring {
				if CheckRange(srid, p) != nil {
					return p, true
				}
			}
		}
	}
	return orb.Point{}, false
}
