package http

import (
	"fmt"
	"html"
	"io"
	"strings"

	"github.com/paulmach/orb"
)

// writeAreaSVG renders a multipolygon into a square SVG of size px. The y
// axis is flipped because projected northings grow upwards.
func writeAreaSVG(w io.Writer, title string, mp orb.MultiPolygon, px int) {
	b := mp.Bound()
	span := max(b.Max[0]-b.Min[0], b.Max[1]-b.Min[1])
	if span <= 0 {
		span = 1
	}
	pad := span * 0.04
	scale := float64(px) / (span + 2*pad)
	var sb strings.Builder
	for _, poly := range mp {
		for _, ring := range poly {
			for i, p := range ring {
				x := (p[0] - b.Min[0] + pad) * scale
				y := (b.Max[1] - p[1] + pad) * scale
				if i == 0 {
					fmt.Fprintf(&sb, "M%.1f %.1f", x, y)
				} else {
					fmt.Fprintf(&sb, "L%.1f %.1f", x, y)
				}
			}
			sb.WriteString("Z")
		}
	}
	fmt.Fprintf(w, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="Umriss %s">`,
		px, px, px, px, html.EscapeString(title))
	fmt.Fprintf(w, `<title>Umriss %s</title><path d="%s" fill="#cfe3f3" stroke="#1f4e79" stroke-width="1.5" fill-rule="evenodd"/></svg>`,
		html.EscapeString(title), sb.String())
}
