package report

import (
	"fmt"
	"html"
	"io"
	"math"
	"strings"
	"time"
)

// Series is one line of a chart: a name for the legend and points in
// time (NaN: no value at that date, the line breaks there).
type Series struct {
	Name   string
	Points []Point
}

// Point is a value at a date.
type Point struct {
	Date  time.Time
	Value float64
	Label string // the value as the page writes it ("21,5 %")
}

// Chart is a line chart's frame.
type Chart struct {
	Title, Desc string
	Unit        string // the y axis
	Width       int
	ID          string // prefixes ids, as Map.ID does
}

// lineStyles tell the lines apart without colour: dark ColorBrewer hues
// that differ in grey, each with its own dash and marker.
var lineStyles = []struct{ colour, dash, marker string }{
	{"#08519c", "", "circle"},
	{"#a63603", "6 4", "square"},
	{"#54278f", "2 3", "diamond"},
	{"#252525", "10 3 2 3", "circle"},
}

// LineChart writes an SVG line chart of series over their dates, with a
// title and a description for screen readers, a labelled y axis, the
// dates on the x axis and a <title> on every point; the page shows the
// same values as a table.
func LineChart(w io.Writer, c Chart, series []Series) error {
	if c.Width <= 0 {
		c.Width = 560
	}
	id := c.ID
	if id == "" {
		id = "c"
	}
	// right leaves room for half of the last date, centred under its tick.
	const left, right, top, plotH = 64.0, 40.0, 16.0, 200.0
	legendY := top + plotH + 44
	height := int(legendY) + 22*len(series) + 4
	var lo, hi float64 = math.Inf(1), math.Inf(-1)
	var first, last time.Time
	for _, s := range series {
		for _, p := range s.Points {
			if first.IsZero() || p.Date.Before(first) {
				first = p.Date
			}
			if p.Date.After(last) {
				last = p.Date
			}
			if !math.IsNaN(p.Value) {
				lo, hi = math.Min(lo, p.Value), math.Max(hi, p.Value)
			}
		}
	}
	if math.IsInf(lo, 0) {
		lo, hi = 0, 1
	}
	ticks := niceTicks(lo, hi, 5)
	lo, hi = math.Min(lo, ticks[0]), math.Max(hi, ticks[len(ticks)-1])
	if hi == lo {
		hi = lo + 1
	}
	plotW := float64(c.Width) - left - right
	x := func(d time.Time) float64 {
		if !last.After(first) {
			return left + plotW/2
		}
		return left + plotW*float64(d.Sub(first))/float64(last.Sub(first))
	}
	y := func(v float64) float64 { return top + plotH*(hi-v)/(hi-lo) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="%[5]s-t %[5]s-d" font-family="sans-serif">`, c.Width, height, c.Width, height, id)
	fmt.Fprintf(&b, `<title id="%s-t">%s</title><desc id="%[1]s-d">%[3]s</desc>`, id, html.EscapeString(c.Title), html.EscapeString(c.Desc))
	// The y axis with its grid and unit.
	for _, t := range ticks {
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="#d0d0d0"/><text x="%.1f" y="%.1f" font-size="11" text-anchor="end">%s</text>`,
			left, left+plotW, y(t), y(t), left-6, y(t)+4, html.EscapeString(tickLabel(t)))
	}
	fmt.Fprintf(&b, `<text x="12" y="%.1f" font-size="12" transform="rotate(-90 12 %.1f)" text-anchor="middle">%s</text>`, top+plotH/2, top+plotH/2, html.EscapeString(c.Unit))
	// The x axis: every date of the series.
	var dates []time.Time
	for _, s := range series {
		for _, p := range s.Points {
			if !containsDate(dates, p.Date) {
				dates = append(dates, p.Date)
			}
		}
	}
	fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="#333"/>`, left, left+plotW, top+plotH, top+plotH)
	for _, d := range dates {
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="#333"/><text x="%.1f" y="%.1f" font-size="11" text-anchor="middle">%s</text>`,
			x(d), x(d), top+plotH, top+plotH+5, x(d), top+plotH+18, d.Format("02.01.2006"))
	}
	for i, s := range series {
		st := lineStyles[i%len(lineStyles)]
		dash := ""
		if st.dash != "" {
			dash = ` stroke-dasharray="` + st.dash + `"`
		}
		// A missing value breaks the line rather than bridging it.
		var path strings.Builder
		move := true
		for _, p := range s.Points {
			if math.IsNaN(p.Value) {
				move = true
				continue
			}
			cmd := "L"
			if move {
				cmd, move = "M", false
			}
			fmt.Fprintf(&path, "%s%.1f %.1f", cmd, x(p.Date), y(p.Value))
		}
		fmt.Fprintf(&b, `<path d="%s" fill="none" stroke="%s" stroke-width="2"%s/>`, path.String(), st.colour, dash)
		for _, p := range s.Points {
			if math.IsNaN(p.Value) {
				continue
			}
			b.WriteString(marker(st.marker, x(p.Date), y(p.Value), st.colour))
			fmt.Fprintf(&b, `<title>%s, %s: %s</title></g>`, html.EscapeString(s.Name), p.Date.Format("02.01.2006"), html.EscapeString(p.Label))
		}
		ly := legendY + 22*float64(i)
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="%s" stroke-width="2"%s/>`, left, left+28, ly, ly, st.colour, dash)
		b.WriteString(marker(st.marker, left+14, ly, st.colour))
		fmt.Fprintf(&b, `</g><text x="%.1f" y="%.1f" font-size="12">%s</text>`, left+36, ly+4, html.EscapeString(s.Name))
	}
	b.WriteString(`</svg>`)
	_, err := io.WriteString(w, b.String())
	return err
}

// marker opens a group with the point's marker; the caller closes it
// after its title.
func marker(kind string, x, y float64, colour string) string {
	switch kind {
	case "square":
		return fmt.Sprintf(`<g><rect x="%.1f" y="%.1f" width="8" height="8" fill="%s"/>`, x-4, y-4, colour)
	case "diamond":
		return fmt.Sprintf(`<g><path d="M%.1f %.1fl5 5l-5 5l-5 -5Z" fill="%s"/>`, x, y-5, colour)
	}
	return fmt.Sprintf(`<g><circle cx="%.1f" cy="%.1f" r="4" fill="%s"/>`, x, y, colour)
}

func containsDate(ds []time.Time, d time.Time) bool {
	for _, x := range ds {
		if x.Equal(d) {
			return true
		}
	}
	return false
}

// niceTicks returns about n round values spanning lo … hi (steps of 1, 2
// or 5 times a power of ten).
func niceTicks(lo, hi float64, n int) []float64 {
	if hi == lo {
		lo, hi = lo-1, hi+1
	}
	raw := (hi - lo) / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	var out []float64
	// The last tick is the first at or above hi; a bound on the count
	// guards against a step lost to rounding.
	for t := math.Floor(lo/step) * step; len(out) <= 4*n; t += step {
		out = append(out, math.Round(t/step)*step)
		if t >= hi-step*1e-9 {
			break
		}
	}
	return out
}

func tickLabel(v float64) string {
	s := strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.2f", v), "0"), ".")
	if s == "-0" {
		s = "0"
	}
	return strings.Replace(strings.Replace(s, ".", ",", 1), "-", "−", 1)
}
