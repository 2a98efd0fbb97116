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
}

// Blues is ColorBrewer's sequential 5-class scheme: readable in grey and
// for the common colour-vision deficiencies.
var Blues = []string{"#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"}

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
	slices.Sort(pos)
	pos = slices.Compact(pos)
	k := min(len(Blues), len(pos))
	var bounds []float64
	for i := 1; i <= k; i++ {
		bounds = append(bounds, pos[(len(pos)*i-1)/k])
	}
	return slices.Compact(bounds)
}

func colour(v float64, bounds []float64) string {
	switch {
	case math.IsNaN(v):
		return noDataColour
	case v <= 0:
		return zeroColour
	}
	for i, b := range bounds {
		if v <= b {
			return Blues[len(Blues)-len(bounds)+i]
		}
	}
	return Blues[len(Blues)-1]
}

// Choropleth writes an SVG map of areas coloured by value, with a legend
// headed by unit ("Angebote je 1.000 Einwohner …": a bound without its
// unit means nothing on a printed map). format renders a class bound. Every area carries a
// <title> with its name and value, and the map as a whole a title and a
// description, so a screen reader gets what the colours say; the page
// shows the same figures as a table.
func Choropleth(w io.Writer, title, unit string, areas []ChoroArea, format func(float64) string, width int) error {
	var bound orb.Bound
	for i, a := range areas {
		if i == 0 {
			bound = a.Geometry.Bound()
		} else {
			bound = bound.Union(a.Geometry.Bound())
		}
	}
	f := newFrame(bound, width)
	height := f.height
	legendH := 24 * (len(Blues) + 4)
	values := make([]float64, len(areas))
	for i, a := range areas {
		values[i] = a.Value
	}
	bounds := Classes(values)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="t d">`, width, height+legendH, width, height+legendH)
	fmt.Fprintf(&b, `<title id="t">%s</title><desc id="d">Karte mit %d Gebieten; die Werte stehen auch in der Tabelle.</desc>`, html.EscapeString(title), len(areas))
	for _, a := range areas {
		b.WriteString(`<path d="`)
		f.path(&b, a.Geometry)
		fmt.Fprintf(&b, `" fill="%s" stroke="#333" stroke-width="0.6" fill-rule="evenodd"><title>%s: %s</title></path>`,
			colour(a.Value, bounds), html.EscapeString(a.Name), html.EscapeString(a.Text))
	}
	y := height + 8
	entry := func(fill, label string) {
		fmt.Fprintf(&b, `<rect x="4" y="%d" width="18" height="14" fill="%s" stroke="#333" stroke-width="0.5"/><text x="28" y="%d" font-size="13" font-family="sans-serif">%s</text>`,
			y, fill, y+12, html.EscapeString(label))
		y += 22
	}
	fmt.Fprintf(&b, `<text x="4" y="%d" font-size="13" font-weight="bold" font-family="sans-serif">%s</text>`, y+12, html.EscapeString(unit))
	y += 22
	lo := 0.0
	for i, ub := range bounds {
		entry(Blues[len(Blues)-len(bounds)+i], fmt.Sprintf("über %s bis %s", format(lo), format(ub)))
		lo = ub
	}
	entry(zeroColour, "kein Angebot")
	entry(noDataColour, "keine Einwohnerzahl")
	b.WriteString(`</svg>`)
	_, err := io.WriteString(w, b.String())
	return err
}
