package report

import (
	"fmt"
	"html"
	"io"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/simplify"
)

// MapArea is one outline of an area map.
type MapArea struct {
	Name     string
	Geometry orb.MultiPolygon
}

// MapPoint is a place on an area map, in the areas' CRS.
type MapPoint struct {
	X, Y float64
	Name string
}

// AreaMap writes an SVG map of area outlines with a marker per point: what
// the pages' Leaflet maps show, for browsers without JavaScript. Areas and
// points carry a <title> with their name; the page lists the same things
// as text, which the description says.
func AreaMap(w io.Writer, title, desc string, areas []MapArea, points []MapPoint, width int) error {
	var bound orb.Bound
	started := false
	grow := func(b orb.Bound) {
		if !started {
			bound, started = b, true
			return
		}
		bound = bound.Union(b)
	}
	for _, a := range areas {
		grow(a.Geometry.Bound())
	}
	for _, p := range points {
		grow(orb.Point{p.X, p.Y}.Bound())
	}
	f := newFrame(bound, width)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="t d">`, width, f.height, width, f.height)
	fmt.Fprintf(&b, `<title id="t">%s</title><desc id="d">%s</desc>`, html.EscapeString(title), html.EscapeString(desc))
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#f4f1ea"/>`, width, f.height)
	for _, a := range areas {
		b.WriteString(`<path d="`)
		f.path(&b, a.Geometry)
		fmt.Fprintf(&b, `" fill="#9ec5e8" fill-opacity="0.25" stroke="#1f4e79" stroke-width="1" fill-rule="evenodd"><title>%s</title></path>`, html.EscapeString(a.Name))
	}
	// The markers share their style: a city's atlas has thousands.
	b.WriteString(`<g fill="#f0a000" stroke="#7a2e00" stroke-width="2">`)
	for _, p := range points {
		x, y := f.xy(orb.Point{p.X, p.Y})
		fmt.Fprintf(&b, `<circle cx="%.0f" cy="%.0f" r="5"><title>%s</title></circle>`, x, y, html.EscapeString(p.Name))
	}
	b.WriteString(`</g>`)
	b.WriteString(`</svg>`)
	_, err := io.WriteString(w, b.String())
	return err
}

// frame places projected coordinates on an SVG canvas width pixels wide,
// north up, with a margin of a few pixels so markers on the edge show
// whole.
type frame struct {
	bound  orb.Bound
	scale  float64
	margin float64
	height int
	simp   *simplify.DouglasPeuckerSimplifier
}

func newFrame(bound orb.Bound, width int) frame {
	spanX, spanY := bound.Max[0]-bound.Min[0], bound.Max[1]-bound.Min[1]
	if spanX <= 0 || spanY <= 0 {
		// One point or nothing: a square around it.
		spanX, spanY = max(spanX, spanY, 1), max(spanX, spanY, 1)
		bound = orb.Bound{Min: bound.Min, Max: orb.Point{bound.Min[0] + spanX, bound.Min[1] + spanY}}
	}
	const margin = 6.0
	scale := (float64(width) - 2*margin) / spanX
	return frame{bound: bound, scale: scale, margin: margin, height: int(spanY*scale+2*margin) + 1,
		simp: simplify.DouglasPeucker(0.5 / scale)} // half a pixel
}

func (f frame) xy(p orb.Point) (float64, float64) {
	return (p[0]-f.bound.Min[0])*f.scale + f.margin, (f.bound.Max[1]-p[1])*f.scale + f.margin
}

// path writes the path data of g, simplified to half a pixel.
func (f frame) path(b *strings.Builder, g orb.MultiPolygon) {
	b.Write(f.appendPath(nil, g))
}

// appendPath appends the path data of g, simplified to half a pixel, with
// one decimal ("M12.3 4.5L…Z"); without fmt, as a city's map writes tens
// of thousands of points.
func (f frame) appendPath(dst []byte, g orb.MultiPolygon) []byte {
	for _, poly := range f.simp.MultiPolygon(g.Clone()) {
		for _, ring := range poly {
			for i, p := range ring {
				cmd := byte('L')
				if i == 0 {
					cmd = 'M'
				}
				x, y := f.xy(p)
				dst = append(dst, cmd)
				dst = strconv.AppendFloat(dst, x, 'f', 1, 64)
				dst = append(dst, ' ')
				dst = strconv.AppendFloat(dst, y, 'f', 1, 64)
			}
			dst = append(dst, 'Z')
		}
	}
	return dst
}
