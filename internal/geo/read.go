package geo

import (
	"errors"
	"fmt"
	"io"
	"slices"
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
	// Limits bound the file; a zero field takes DefaultLimits'.
	Limits Limits
	// LimitHint is added to the message of an exceeded limit (e.g. where
	// higher limits apply).
	LimitHint string
	// Repair closes unclosed rings (reported as repaired) instead of
	// rejecting them.
	Repair   bool
	Progress func(features int, bytesRead int64)
	// Target, when set, is asked for the target CRS once the file's own
	// is known (the crs member may come last), with the bound of its
	// coordinates; it overrides TargetSRID (0 keeps it). It lets a caller
	// report faults in the file's coordinates and choose the CRS of a new
	// installation after the file's.
	Target func(src quartier.SRID, bound orb.Bound) quartier.SRID
}

// Limits bound what Read accepts. Whatever the text looks like (blanks,
// nesting, one huge polygon), reading keeps the vertices (16 bytes each),
// the features and the text of their properties, and allocates at most
// readBytesPerVertex per vertex plus readFixedBytes besides the properties'
// text; a file beyond a limit is refused at that point with a message
// naming the limit.
type Limits struct {
	Bytes        int64 // size of the file
	Features     int   // features in the file
	Vertices     int   // positions of all rings of the file
	RingVertices int   // positions of one ring
	Properties   int   // property values over all features
}

// DefaultLimits apply to a zero field of Limits: a federal state's
// blocks, far beyond any city's planning areas (Berlin's 542 have 198,087
// vertices, the largest ring 2,438).
func DefaultLimits() Limits {
	return Limits{Bytes: 256 << 20, Features: 1_000_000, Vertices: 4_000_000, RingVertices: 1_000_000, Properties: 10_000_000}
}

// Allocation of Read per vertex (a point, and the copies of a growing
// ring) and for everything else of bounded size (buffers, one error).
const (
	readBytesPerVertex = 48
	readFixedBytes     = 2 << 20
)

// maxDepth bounds nesting. A FeatureCollection needs eight levels
// (collection, features, feature, geometry, four of MultiPolygon
// coordinates); property values get the rest.
const maxDepth = 32

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.Bytes > 0 {
		d.Bytes = l.Bytes
	}
	if l.Features > 0 {
		d.Features = l.Features
	}
	if l.Vertices > 0 {
		d.Vertices = l.Vertices
	}
	if l.RingVertices > 0 {
		d.RingVertices = l.RingVertices
	}
	if l.Properties > 0 {
		d.Properties = l.Properties
	}
	return d
}

// maxProblems bounds a report: past this, more findings add nothing.
const maxProblems = 1000

// Read streams a GeoJSON FeatureCollection of Polygons and MultiPolygons.
// Faults in the input are returned as located problems (never a panic);
// err is only for I/O failures of r. The text is scanned token by token,
// so memory follows what is kept (see Limits), not the size of the text.
func Read(r io.Reader, opt ReadOptions) ([]Feature, []quartier.Problem, error) {
	lim := opt.Limits.withDefaults()
	rd := &reader{opt: opt, lim: lim, s: newScanner(r, lim.Bytes, maxDepth)}
	err := rd.collection()
	var se *syntaxError
	var de *depthError
	var le *limitError
	switch {
	case rd.s.err != nil:
		return nil, nil, rd.s.err
	case rd.s.tooLarge:
		return nil, []quartier.Problem{rd.limitProblem(-1, "Die Datei ist zu groß (höchstens %s).", Size(lim.Bytes))}, nil
	case errors.As(err, &de):
		return nil, []quartier.Problem{rd.limitProblem(rd.index, "Zeile %d, Spalte %d: %s.", de.line, de.col, de.msg)}, nil
	case errors.As(err, &le):
		return nil, []quartier.Problem{le.p}, nil
	case errors.As(err, &se):
		rd.add(quartier.Problem{Severity: quartier.SeverityError, Kind: quartier.ProblemSyntax, Feature: rd.index,
			Message: fmt.Sprintf("Kein gültiges JSON in Zeile %d, Spalte %d (Byte %d): %s.", se.line, se.col, se.off, se.msg)})
		return nil, rd.problems, nil
	case err != nil:
		rd.add(quartier.Problem{Severity: quartier.SeverityError, Kind: quartier.ProblemSyntax, Feature: rd.index, Message: err.Error()})
		return nil, rd.problems, nil
	}
	rd.finish()
	return rd.feats, rd.problems, nil
}

// Size writes a byte count for messages: "16 MB", "512 KB".
func Size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d Bytes", n)
}

// Count writes a number with German thousands separators: "250.000".
func Count(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return s
}

// limitError ends reading at an exceeded limit.
type limitError struct{ p quartier.Problem }

func (e *limitError) Error() string { return e.p.Message }

func (rd *reader) limitProblem(feature int, format string, args ...any) quartier.Problem {
	msg := fmt.Sprintf(format, args...)
	if rd.opt.LimitHint != "" {
		msg += " " + rd.opt.LimitHint
	}
	return quartier.Problem{Severity: quartier.SeverityError, Kind: quartier.ProblemTooLarge, Feature: feature, Message: msg}
}

func (rd *reader) limit(feature int, format string, args ...any) error {
	return &limitError{rd.limitProblem(feature, format, args...)}
}

type reader struct {
	opt      ReadOptions
	lim      Limits
	s        *scanner
	feats    []Feature
	problems []quartier.Problem
	index    int
	crsName  string
	hasType  bool
	// counted against the limits
	vertices, values int
	// geometry findings of the feature being read: they are reported
	// after its type and code, which may come later in the text
	pending []quartier.Problem
	text    []byte   // scratch for a property value
	ring    orb.Ring // scratch for the ring being read
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

// later records a finding of the geometry being read.
func (rd *reader) later(p quartier.Problem) {
	if len(rd.problems)+len(rd.pending) < maxProblems {
		rd.pending = append(rd.pending, p)
	}
}

// here locates the scanner for a message.
func (rd *reader) here() string {
	line, col := rd.s.where()
	return fmt.Sprintf("Zeile %d, Spalte %d", line, col)
}

// stringValue reads a string member; another value leaves *dst empty.
func (rd *reader) stringValue(dst *string) error {
	c, err := rd.s.peek()
	if err != nil {
		return err
	}
	*dst = ""
	if c != '"' {
		return rd.s.value(nil)
	}
	b, err := rd.s.string()
	*dst = string(b)
	return err
}

// collection walks the top-level object member by member; "crs" may come
// after "features", so CRS handling waits until the end (finish).
func (rd *reader) collection() error {
	c, err := rd.s.peek()
	if err != nil {
		return err
	}
	if c != '{' {
		return errors.New("die Datei ist kein GeoJSON-Objekt (erwartet: {\"type\": \"FeatureCollection\", …})")
	}
	err = rd.s.object(func(key string) error {
		switch key {
		case "type":
			var typ string
			if err := rd.stringValue(&typ); err != nil {
				return err
			}
			if typ != "FeatureCollection" {
				return fmt.Errorf("type ist %q, erwartet wird \"FeatureCollection\"", typ)
			}
			rd.hasType = true
			return nil
		case "crs":
			return rd.crs()
		case "features":
			return rd.features()
		}
		return rd.s.value(nil)
	})
	if err != nil {
		return err
	}
	if !rd.hasType {
		return errors.New("das Mitglied \"type\": \"FeatureCollection\" fehlt")
	}
	return nil
}

// crs reads the legacy {"type": "name", "properties": {"name": …}}.
func (rd *reader) crs() error {
	// within calls f for an object value and skips any other.
	within := func(f func(key string) error) error {
		if c, err := rd.s.peek(); err != nil || c != '{' {
			if err != nil {
				return err
			}
			return rd.s.value(nil)
		}
		return rd.s.object(f)
	}
	return within(func(key string) error {
		if key != "properties" {
			return rd.s.value(nil)
		}
		return within(func(key string) error {
			if key != "name" {
				return rd.s.value(nil)
			}
			return rd.stringValue(&rd.crsName)
		})
	})
}

func (rd *reader) features() error {
	if c, err := rd.s.peek(); err != nil || c != '[' {
		if err != nil {
			return err
		}
		return errors.New("\"features\" ist keine Liste")
	}
	return rd.s.array(func() error {
		if rd.index >= rd.lim.Features {
			return rd.limit(-1, "Die Datei hat mehr als %s Gebiete.", Count(rd.lim.Features))
		}
		if err := rd.feature(); err != nil {
			return err
		}
		rd.index++
		if rd.opt.Progress != nil {
			rd.opt.Progress(rd.index, rd.s.offset())
		}
		return nil
	})
}

func (rd *reader) feature() error {
	f := Feature{Index: rd.index, Properties: map[string]string{}}
	c, err := rd.s.peek()
	if err != nil {
		return err
	}
	if c != '{' {
		rd.fault(quartier.ProblemGeometryType, &f, nil, "Element ist kein Feature-Objekt (%s).", rd.here())
		return rd.s.value(nil)
	}
	var typ string
	var g *shape
	rd.pending = rd.pending[:0]
	err = rd.s.object(func(key string) error {
		switch key {
		case "type":
			return rd.stringValue(&typ)
		case "properties":
			return rd.properties(&f)
		case "geometry":
			g = &shape{}
			return rd.geometry(&f, g)
		}
		return rd.s.value(nil)
	})
	if err != nil {
		return err
	}
	bad := false
	if typ != "Feature" {
		rd.fault(quartier.ProblemGeometryType, &f, nil, "Element ist kein Feature (type %q).", typ)
		bad = true
	}
	if f.Code == "" {
		rd.fault(quartier.ProblemMissingCode, &f, nil, "Die Eigenschaft %q mit dem Gebietscode fehlt oder ist leer.", rd.opt.CodeProperty)
		bad = true
	} else if !quartier.ValidAreaCode(f.Code) {
		rd.fault(quartier.ProblemMissingCode, &f, nil, "Gebietscode %q ist ungültig (Steuerzeichen, „/“ oder Leerzeichen am Rand).", f.Code)
		bad = true
	}
	if g == nil || g.null {
		rd.fault(quartier.ProblemGeometryType, &f, nil, "Das Gebiet hat keine Geometrie.")
		return nil
	}
	g.check(rd, &f)
	for _, p := range rd.pending {
		p.Code = f.Code
		rd.add(p)
	}
	if !g.ok || bad {
		return nil
	}
	f.Geometry = g.polys
	rd.feats = append(rd.feats, f)
	return nil
}

// properties keeps each value as text: strings trimmed, numbers as
// written, objects and lists as compact JSON; null is left out.
func (rd *reader) properties(f *Feature) error {
	if c, err := rd.s.peek(); err != nil || c != '{' {
		if err != nil {
			return err
		}
		return rd.s.value(nil)
	}
	return rd.s.object(func(key string) error {
		c, err := rd.s.peek()
		if err != nil {
			return err
		}
		if c == 'n' {
			_, err := rd.s.literal()
			return err
		}
		if rd.values >= rd.lim.Properties {
			return rd.limit(-1, "Die Datei hat mehr als %s Eigenschaften (Werte aller Gebiete zusammen).", Count(rd.lim.Properties))
		}
		rd.values++
		rd.text = rd.text[:0]
		if err := rd.s.value(&rd.text); err != nil {
			return err
		}
		v := string(rd.text)
		if c == '"' {
			v = strings.TrimSpace(v)
		}
		switch key {
		case rd.opt.CodeProperty:
			f.Code = v
		case rd.opt.NameProperty:
			f.Name = v
		default:
			f.Properties[key] = v
		}
		return nil
	})
}

// shape is a geometry as it streams in. Positions are arrays at level 2
// of the coordinates (Polygon) or 3 (MultiPolygon); the type usually
// precedes the coordinates and sets the level, otherwise the first number
// does and the type is checked against it at the end.
type shape struct {
	null   bool // geometry null
	typ    string
	coords bool
	level  int
	ok     bool // no fault so far
	skip   bool // a fault in the structure: the rest is skipped
	polys  orb.MultiPolygon
	poly   orb.Polygon
	raw    int // positions of the ring, before dropping repeated ones
	pos    [2]float64
	npos   int
	pi, ri int
}

func levelOf(typ string) int {
	switch typ {
	case "Polygon":
		return 2
	case "MultiPolygon":
		return 3
	}
	return 0
}

func (rd *reader) geometry(f *Feature, g *shape) error {
	c, err := rd.s.peek()
	if err != nil {
		return err
	}
	if c == 'n' {
		g.null = true
		_, err := rd.s.literal()
		return err
	}
	g.ok = true
	if c != '{' {
		g.ok = false
		rd.later(rd.problem(quartier.ProblemGeometryType, f, nil, "Geometrie ist kein GeoJSON-Objekt (%s).", rd.here()))
		return rd.s.value(nil)
	}
	return rd.s.object(func(key string) error {
		switch key {
		case "type":
			if err := rd.stringValue(&g.typ); err != nil {
				return err
			}
			if !g.coords {
				g.level = levelOf(g.typ)
			}
			return nil
		case "coordinates":
			if g.typ != "" && levelOf(g.typ) == 0 {
				return rd.s.value(nil) // refused by type in check
			}
			// A repeated member replaces the earlier one, as in encoding/json.
			*g = shape{typ: g.typ, coords: true, level: levelOf(g.typ), ok: true}
			rd.ring = rd.ring[:0]
			return rd.walk(f, g, 0)
		}
		return rd.s.value(nil)
	})
}

func (rd *reader) problem(kind string, f *Feature, at *orb.Point, format string, args ...any) quartier.Problem {
	p := quartier.Problem{Severity: quartier.SeverityError, Kind: kind, Feature: f.Index, Message: fmt.Sprintf(format, args...)}
	if at != nil {
		p.At = &[2]float64{at[0], at[1]}
	}
	return p
}

// broken records a fault in the structure of the coordinates; the rest
// of them is skipped.
func (rd *reader) broken(f *Feature, g *shape, format string, args ...any) {
	g.ok, g.skip = false, true
	rd.later(rd.problem(quartier.ProblemSyntax, f, nil, format, args...))
}

// walk reads one array of the coordinates at level (0: the member's value).
func (rd *reader) walk(f *Feature, g *shape, level int) error {
	c, err := rd.s.peek()
	if err != nil {
		return err
	}
	if c != '[' || g.level != 0 && level > g.level {
		rd.broken(f, g, "Koordinaten sind keine Zahlenlisten der Geometrie (%s).", rd.here())
		return rd.s.value(nil)
	}
	n := 0
	err = rd.s.array(func() error {
		n++
		if g.skip {
			return rd.s.value(nil)
		}
		c, err := rd.s.peek()
		if err != nil {
			return err
		}
		switch {
		case c == '[':
			return rd.walk(f, g, level+1)
		case c == '-' || c >= '0' && c <= '9':
			if g.level == 0 {
				g.level = level
			}
			if level != g.level {
				rd.broken(f, g, "Koordinaten sind keine Zahlenlisten der Geometrie (%s).", rd.here())
				return rd.s.value(nil)
			}
			line, col := rd.s.where()
			num, err := rd.s.number()
			if err != nil {
				return err
			}
			v, perr := strconv.ParseFloat(string(num), 64)
			if perr != nil {
				rd.broken(f, g, "Die Zahl %s liegt außerhalb des darstellbaren Bereichs (Zeile %d, Spalte %d).", num, line, col)
				return nil
			}
			if g.npos < 2 {
				g.pos[g.npos] = v
			}
			g.npos++
			return nil
		}
		rd.broken(f, g, "Koordinaten sind keine Zahlenlisten der Geometrie (%s).", rd.here())
		return rd.s.value(nil)
	})
	if err != nil || g.skip {
		return err
	}
	switch {
	case g.level != 0 && level == g.level:
		return rd.position(f, g)
	case n == 0:
		switch {
		case level == 0 && g.level == 2:
			rd.broken(f, g, "Polygon 0 ist leer.")
		case level == 0:
			rd.broken(f, g, "Die Geometrie ist leer.")
		case level == g.level-1:
			rd.broken(f, g, "%s ist leer.", ringName(g.pi, g.ri))
		case level == 1 && g.level == 3:
			rd.broken(f, g, "Polygon %d ist leer.", g.pi)
		default:
			rd.broken(f, g, "Die Koordinaten enthalten eine leere Liste (%s).", rd.here())
		}
	case level == g.level-1:
		rd.endRing(f, g)
	case level == g.level-2:
		g.polys = append(g.polys, g.poly)
		g.poly = nil
		g.pi++
		g.ri = 0
	}
	return nil
}

// position ends a position: it counts against the limits and joins the
// ring unless it repeats the previous point (that carries no shape).
func (rd *reader) position(f *Feature, g *shape) error {
	n := g.npos
	g.npos = 0
	if n < 2 {
		rd.broken(f, g, "%s: Position mit weniger als zwei Zahlen.", ringName(g.pi, g.ri))
		return nil
	}
	rd.vertices++
	g.raw++
	if rd.vertices > rd.lim.Vertices {
		return rd.limit(-1, "Die Datei hat mehr als %s Punkte (Stützpunkte aller Ringe); die Prüfung endet bei Objekt %d.", Count(rd.lim.Vertices), f.Index)
	}
	if g.raw > rd.lim.RingVertices {
		return rd.limit(f.Index, "Objekt %d: %s hat mehr als %s Punkte.", f.Index, ringName(g.pi, g.ri), Count(rd.lim.RingVertices))
	}
	pt := orb.Point{g.pos[0], g.pos[1]}
	r := rd.ring
	if len(r) > 0 && r[len(r)-1] == pt {
		return nil
	}
	if len(r) == cap(r) {
		// Doubling, not append's gentler growth for large slices: the
		// copies of a growing ring then sum to at most twice its size.
		r = append(make(orb.Ring, 0, max(64, 2*cap(r))), r...)
	}
	rd.ring = append(r, pt)
	return nil
}

func ringName(pi, ri int) string {
	if ri == 0 {
		return fmt.Sprintf("Außenring von Polygon %d", pi)
	}
	return fmt.Sprintf("Loch %d von Polygon %d", ri, pi)
}

// endRing closes or rejects an unclosed ring and rejects one too short.
func (rd *reader) endRing(f *Feature, g *shape) {
	// The ring is copied out of the scratch at its size.
	r, name := slices.Clone(rd.ring), ringName(g.pi, g.ri)
	rd.ring, g.raw = rd.ring[:0], 0
	g.ri++
	if len(r) > 1 && r[0] != r[len(r)-1] {
		first := r[0]
		if !rd.opt.Repair {
			g.ok = false
			rd.later(rd.problem(quartier.ProblemUnclosedRing, f, &first, "%s ist nicht geschlossen (erster und letzter Punkt verschieden).", name))
			return
		}
		r = append(r, first)
		rd.later(quartier.Problem{Severity: quartier.SeverityRepaired, Kind: quartier.ProblemUnclosedRing, Feature: f.Index,
			At: &[2]float64{first[0], first[1]}, Message: fmt.Sprintf("%s war nicht geschlossen; der erste Punkt wurde am Ende angefügt.", name)})
	}
	if len(r) < 4 {
		at := r[0]
		g.ok = false
		rd.later(rd.problem(quartier.ProblemShortRing, f, &at, "%s hat nur %d verschiedene Punkte; ein Ring braucht mindestens drei.", name, max(len(r)-1, 1)))
		return
	}
	g.poly = append(g.poly, r)
}

// check settles the geometry once the feature is read: its type, and
// coordinates that came before the type.
func (g *shape) check(rd *reader, f *Feature) {
	switch {
	case levelOf(g.typ) == 0:
		if g.ok {
			g.ok = false
			rd.later(rd.problem(quartier.ProblemGeometryType, f, nil, "Geometrietyp %q: erlaubt sind nur Polygon und MultiPolygon.", g.typ))
		}
	case !g.coords:
		g.ok = false
		rd.later(rd.problem(quartier.ProblemGeometryType, f, nil, "Die Geometrie (%s) hat keine Koordinaten.", g.typ))
	case g.ok && g.level != levelOf(g.typ):
		g.ok = false
		rd.later(rd.problem(quartier.ProblemSyntax, f, nil, "Die Koordinaten passen nicht zum Geometrietyp %s.", g.typ))
	}
}

// parseCRS understands the legacy crs member's usual spellings.
func parseCRS(name string) (quartier.SRID, bool) {
	s, err := quartier.ParseSRID(name)
	return s, err == nil
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
	if rd.opt.Target != nil {
		var b orb.Bound
		for i, f := range rd.feats {
			if i == 0 {
				b = f.Geometry.Bound()
			} else {
				b = b.Union(f.Geometry.Bound())
			}
		}
		if t := rd.opt.Target(src, b); t != quartier.NoSRID {
			target = t
		}
	}
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
