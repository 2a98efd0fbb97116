// Package report renders what planners take to the youth welfare
// committee: server-side SVG maps and charts (no JavaScript needed to see
// them, and they print), and PDFs of printable pages through headless
// Chromium.
package report

import (
	"fmt"
	"html"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// ChoroArea is one area of a choropleth map. Value NaN means no data.
type ChoroArea struct {
	Code, Name string
	Geometry   orb.MultiPolygon
	Value      float64
	// Text is the value as the map's tooltip shows it ("2,4 je 1.000").
	Text string
	// Class is the area's class in Map.Classes, or NoValue or Suppressed
	// (only read by Render; Choropleth classifies by Value).
	Class int
	// Outline draws the area with a heavy border and its name, as a
	// report marks the areas it is about on a map of the whole layer.
	Outline bool
}

// Classes of an area that has no figure to colour.
const (
	// NoValue: nothing was delivered, or the area was left out.
	NoValue = -1
	// Suppressed: a value exists but is withheld to protect small numbers.
	Suppressed = -2
)

// Blues is ColorBrewer's sequential 5-class scheme: readable in grey and
// for the common colour-vision deficiencies.
var Blues = []string{"#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"}

// palettes are ColorBrewer schemes (Cynthia Brewer, Pennsylvania State
// University) marked safe for colour-blind readers, 3 to 7 classes each:
// single hues that also read in grey, and PuOr, a diverging scheme for
// figures with a meaningful middle (z-values, change).
var palettes = map[string][][]string{
	"blau": {
		{"#deebf7", "#9ecae1", "#3182bd"},
		{"#eff3ff", "#bdd7e7", "#6baed6", "#2171b5"},
		Blues,
		{"#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"},
		{"#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#084594"},
	},
	"orange": {
		{"#fee6ce", "#fdae6b", "#e6550d"},
		{"#feedde", "#fdbe85", "#fd8d3c", "#d94701"},
		{"#feedde", "#fdbe85", "#fd8d3c", "#e6550d", "#a63603"},
		{"#feedde", "#fdd0a2", "#fdae6b", "#fd8d3c", "#e6550d", "#a63603"},
		{"#feedde", "#fdd0a2", "#fdae6b", "#fd8d3c", "#f16913", "#d94801", "#8c2d04"},
	},
	"lila": {
		{"#efedf5", "#bcbddc", "#756bb1"},
		{"#f2f0f7", "#cbc9e2", "#9e9ac8", "#6a51a3"},
		{"#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f"},
		{"#f2f0f7", "#dadaeb", "#bcbddc", "#9e9ac8", "#756bb1", "#54278f"},
		{"#f2f0f7", "#dadaeb", "#bcbddc", "#9e9ac8", "#807dba", "#6a51a3", "#4a1486"},
	},
	"orange-lila": {
		{"#f1a340", "#f7f7f7", "#998ec3"},
		{"#e66101", "#fdb863", "#b2abd2", "#5e3c99"},
		{"#e66101", "#fdb863", "#f7f7f7", "#b2abd2", "#5e3c99"},
		{"#b35806", "#f1a340", "#fee0b6", "#d8daeb", "#998ec3", "#542788"},
		{"#b35806", "#f1a340", "#fee0b6", "#f7f7f7", "#d8daeb", "#998ec3", "#542788"},
	},
}

// PaletteNames lists the palettes Palette knows, the default first.
func PaletteNames() []string { return []string{"blau", "orange", "lila", "orange-lila"} }

// MaxClasses is the most classes a palette has colours for.
const MaxClasses = 7

// Palette returns k colours of the named palette, lightest first (the
// default palette for an unknown name); one or two classes take the ends
// of the three-class scheme, so they stay apart.
func Palette(name string, k int) []string {
	p, ok := palettes[name]
	if !ok {
		p = palettes["blau"]
	}
	switch {
	case k <= 0:
		return nil
	case k == 1:
		return []string{p[0][2]}
	case k == 2:
		return []string{p[0][0], p[0][2]}
	}
	return slices.Clone(p[min(k, MaxClasses)-3])
}

const (
	zeroColour   = "#fdae6b" // an area with none at all: the gap the map is for
	noDataColour = "#d9d9d9"
)

// Classes splits the positive values into at most len(Blues) quantile
// classes and returns the upper bounds. Zero and NaN are classes of their
// own.
func Classes(values []float64) []float64 {
	var pos []float64
	for _, v := range values {
		if v > 0 && !math.IsNaN(v) {
			pos = append(pos, v)
		}
	}
	return quantiles(pos, len(Blues))
}

// Quantiles splits the finite values (negative ones too) into at most k
// classes of about equal counts and returns their upper bounds, ascending;
// equal values never fall on both sides of a bound.
func Quantiles(values []float64, k int) []float64 {
	var xs []float64
	for _, v := range values {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			xs = append(xs, v)
		}
	}
	return quantiles(xs, k)
}

func quantiles(xs []float64, k int) []float64 {
	slices.Sort(xs)
	xs = slices.Compact(xs)
	k = min(k, len(xs))
	var bounds []float64
	for i := 1; i <= k; i++ {
		bounds = append(bounds, xs[(len(xs)*i-1)/k])
	}
	return slices.Compact(bounds)
}

// ClassOf returns the class of v among upper bounds (the last class takes
// what lies above the last bound), or NoValue for NaN.
func ClassOf(v float64, bounds []float64) int {
	if math.IsNaN(v) {
		return NoValue
	}
	for i, b := range bounds {
		if v <= b {
			return i
		}
	}
	return max(len(bounds)-1, 0)
}

// Class is one class of a choropleth: its legend entry and its fill.
type Class struct {
	Label, Colour string
}

// Map is what a choropleth shows besides its areas.
type Map struct {
	Title string
	// Unit heads the legend: a bound without its unit means nothing on a
	// printed map.
	Unit    string
	Width   int
	Classes []Class // lowest first
	// NoValue and Suppressed label the hatched areas in the legend; an
	// empty label leaves the entry out when no area needs it.
	NoValue, Suppressed string
	// Labels writes every area's name at its centre.
	Labels bool
	// ID prefixes the ids inside the SVG, so that two maps on one page
	// keep their titles and patterns apart.
	ID string
}

// Render writes an SVG choropleth: each area filled with its class's
// colour, or hatched where it has no value (diagonal) or its value is
// suppressed (crossed), so the difference survives grey print and
// colour-blind eyes. The legend gives each class's label with the count
// of its areas. Every area carries a <title> with its name and value; the
// map a title and a description, so a screen reader gets what the
// colours say.
func Render(w io.Writer, m Map, areas []ChoroArea) error {
	var bound orb.Bound
	for i, a := range areas {
		if i == 0 {
			bound = a.Geometry.Bound()
		} else {
			bound = bound.Union(a.Geometry.Bound())
		}
	}
	if m.Width <= 0 {
		m.Width = 640
	}
	f := newFrame(bound, m.Width)
	counts := make([]int, len(m.Classes))
	noValue, suppressed := 0, 0
	for _, a := range areas {
		switch {
		case a.Class == Suppressed:
			suppressed++
		case a.Class >= 0 && a.Class < len(counts):
			counts[a.Class]++
		default:
			noValue++
		}
	}
	entries := len(m.Classes) + 1
	if noValue > 0 || m.NoValue != "" {
		entries++
	}
	if suppressed > 0 || m.Suppressed != "" {
		entries++
	}
	legendH := 22*entries + 10
	height := f.height + legendH
	id := m.ID
	if id == "" {
		id = "k"
	}
	var b strings.Builder
	b.Grow(len(areas) * 1200)
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="%[5]s-t %[5]s-d">`, m.Width, height, m.Width, height, id)
	fmt.Fprintf(&b, `<title id="%s-t">%s</title><desc id="%[1]s-d">Karte mit %[3]d Gebieten; die Werte stehen auch in der Tabelle.</desc>`, id, html.EscapeString(m.Title), len(areas))
	// Hatching instead of a colour: "no value" and "suppressed" must not
	// read as the lightest class.
	fmt.Fprintf(&b, `<defs><pattern id="%s-nv" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#f0f0f0"/><line x1="0" y1="0" x2="0" y2="6" stroke="#737373" stroke-width="1.5"/></pattern>`, id)
	fmt.Fprintf(&b, `<pattern id="%s-sp" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/><path d="M0 0V6M0 3H6" stroke="#525252" stroke-width="1.2"/></pattern></defs>`, id)
	fill := func(c int) string {
		switch {
		case c == Suppressed:
			return "url(#" + id + "-sp)"
		case c >= 0 && c < len(m.Classes):
			return m.Classes[c].Colour
		}
		return "url(#" + id + "-nv)"
	}
	var path []byte
	var outlined []ChoroArea
	for _, a := range areas {
		b.WriteString(`<path d="`)
		path = f.appendPath(path[:0], a.Geometry)
		b.Write(path)
		b.WriteString(`" fill="`)
		b.WriteString(fill(a.Class))
		b.WriteString(`" stroke="#333" stroke-width="0.6" fill-rule="evenodd"><title>`)
		if a.Outline {
			outlined = append(outlined, a)
		}
		b.WriteString(html.EscapeString(a.Name))
		b.WriteString(": ")
		b.WriteString(html.EscapeString(a.Text))
		b.WriteString(`</title></path>`)
	}
	// Drawn last, so no neighbour's border covers them.
	for _, a := range outlined {
		b.WriteString(`<path d="`)
		path = f.appendPath(path[:0], a.Geometry)
		b.Write(path)
		b.WriteString(`" fill="none" stroke="#000" stroke-width="2.5" aria-hidden="true"/>`)
	}
	if m.Labels || len(outlined) > 0 {
		// A white halo keeps a name readable on the darkest class.
		b.WriteString(`<g font-size="9" font-family="sans-serif" text-anchor="middle" fill="#000" stroke="#fff" stroke-width="2.5" paint-order="stroke" aria-hidden="true">`)
		named := areas
		if !m.Labels {
			named = outlined
		}
		for _, a := range named {
			x, y := f.xy(a.Geometry.Bound().Center())
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f">%s</text>`, x, y+3, html.EscapeString(a.Name))
		}
		b.WriteString(`</g>`)
	}
	y := f.height + 8
	entry := func(fill, label string, n int) {
		fmt.Fprintf(&b, `<rect x="4" y="%d" width="18" height="14" fill="%s" stroke="#333" stroke-width="0.5"/><text x="28" y="%d" font-size="13" font-family="sans-serif">%s (%s)</text>`,
			y, fill, y+12, html.EscapeString(label), areaCount(n))
		y += 22
	}
	fmt.Fprintf(&b, `<text x="4" y="%d" font-size="13" font-weight="bold" font-family="sans-serif">%s</text>`, y+12, html.EscapeString(m.Unit))
	y += 22
	for i, c := range m.Classes {
		entry(c.Colour, c.Label, counts[i])
	}
	if noValue > 0 || m.NoValue != "" {
		entry(fill(NoValue), cmp(m.NoValue, "kein Wert"), noValue)
	}
	if suppressed > 0 || m.Suppressed != "" {
		entry(fill(Suppressed), cmp(m.Suppressed, "gesperrt (kleine Zahl)"), suppressed)
	}
	b.WriteString(`</svg>`)
	_, err := io.WriteString(w, b.String())
	return err
}

func cmp(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}

func areaCount(n int) string {
	if n == 1 {
		return "1 Gebiet"
	}
	return strconv.Itoa(n) + " Gebiete"
}

// Choropleth writes the planning view's map: areas coloured by value in
// quantile classes of the positive values, with "none at all" (zero) as a
// class of its own, since that gap is what the map is for; NaN is "no
// population figure". format renders a class bound.
func Choropleth(w io.Writer, title, unit string, areas []ChoroArea, format func(float64) string, width int) error {
	values := make([]float64, len(areas))
	for i, a := range areas {
		values[i] = a.Value
	}
	bounds := Classes(values)
	colours := Blues[len(Blues)-len(bounds):]
	m := Map{Title: title, Unit: unit, Width: width, NoValue: "keine Einwohnerzahl"}
	m.Classes = append(m.Classes, Class{Label: "kein Angebot", Colour: zeroColour})
	lo := 0.0
	for i, ub := range bounds {
		m.Classes = append(m.Classes, Class{Label: fmt.Sprintf("über %s bis %s", format(lo), format(ub)), Colour: colours[i]})
		lo = ub
	}
	classed := make([]ChoroArea, len(areas))
	for i, a := range areas {
		a.Class = NoValue
		switch {
		case math.IsNaN(a.Value):
		case a.Value <= 0:
			a.Class = 0
		default:
			a.Class = 1 + ClassOf(a.Value, bounds)
		}
		classed[i] = a
	}
	return Render(w, m, classed)
}
