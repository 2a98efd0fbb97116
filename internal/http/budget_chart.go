package http

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/budget"
)

// budgetChart is one line's course through the year as an SVG drawn on
// the server: no script, readable without one, styled by the site's CSS
// (the CSP allows no inline style). The chart is an image with a title
// and a description that says its figures in words; the table beside it
// holds every value.
type budgetChart struct {
	ID     string
	Title  string
	Months budget.LineMonths
	SVG    template.HTML
}

const (
	chartW, chartH                        = 640, 240
	chartLeft, chartRight                 = 96, 12
	chartTop, chartBottom                 = 12, 28
	chartPlotW, chartPlotH                = chartW - chartLeft - chartRight, chartH - chartTop - chartBottom
	chartTicks                            = 4
	chartMonthNames                       = "Jan Feb Mär Apr Mai Jun Jul Aug Sep Okt Nov Dez"
	chartMinScale          quartier.Cents = 100 // 1 €: an empty line still has an axis
)

// newBudgetChart draws lm: the plan spread over the year (dashed), what
// was booked (solid), booked and open commitments together (brown), and
// the forecast from today to 31 December (dotted).
func newBudgetChart(id, title string, lm budget.LineMonths) budgetChart {
	top := chartMinScale
	for _, m := range lm.Months {
		top = max(top, m.Planned, m.Booked+m.Committed, m.Forecast)
	}
	top = niceCeiling(top)
	x := func(m int) float64 { return chartLeft + float64(m)*chartPlotW/12 }
	y := func(c quartier.Cents) float64 { return chartTop + chartPlotH - float64(c)/float64(top)*chartPlotH }
	var b strings.Builder
	esc := template.HTMLEscapeString
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="%s-t %s-d" xmlns="http://www.w3.org/2000/svg">`, chartW, chartH, chartW, chartH, id, id)
	fmt.Fprintf(&b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, id, esc(title), id, esc(chartDescription(lm)))
	for i := 0; i <= chartTicks; i++ {
		v := top.Prorate(int64(i), chartTicks)
		fmt.Fprintf(&b, `<line class="grid" x1="%d" x2="%d" y1="%.1f" y2="%.1f"/>`, chartLeft, chartW-chartRight, y(v), y(v))
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end">%s</text>`, chartLeft-6, y(v)+4, esc(shortEuro(v)))
	}
	for m, name := range strings.Fields(chartMonthNames) {
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle">%s</text>`, (x(m)+x(m+1))/2, chartH-8, name)
	}
	fmt.Fprintf(&b, `<line class="axis" x1="%d" x2="%d" y1="%.1f" y2="%.1f"/>`, chartLeft, chartW-chartRight, y(0), y(0))
	poly := func(class string, pts [][2]float64) {
		if len(pts) < 2 {
			return
		}
		var p []string
		for _, pt := range pts {
			p = append(p, fmt.Sprintf("%.1f,%.1f", pt[0], pt[1]))
		}
		fmt.Fprintf(&b, `<polyline class="%s" points="%s"/>`, class, strings.Join(p, " "))
	}
	plan := [][2]float64{{x(0), y(0)}}
	booked, bound := [][2]float64{{x(0), y(0)}}, [][2]float64{{x(0), y(0)}}
	var forecast [][2]float64
	last := 0
	for i, m := range lm.Months {
		plan = append(plan, [2]float64{x(i + 1), y(m.Planned)})
		if m.Known {
			booked = append(booked, [2]float64{x(i + 1), y(m.Booked)})
			bound = append(bound, [2]float64{x(i + 1), y(m.Booked + m.Committed)})
			last = i + 1
		}
	}
	if last < 12 {
		start := quartier.Cents(0)
		if last > 0 {
			start = lm.Months[last-1].Booked
		}
		forecast = append(forecast, [2]float64{x(last), y(start)})
		for i := last; i < 12; i++ {
			forecast = append(forecast, [2]float64{x(i + 1), y(lm.Months[i].Forecast)})
		}
	}
	poly("plan", plan)
	poly("bound", bound)
	poly("booked", booked)
	poly("forecast", forecast)
	b.WriteString(`</svg>`)
	return budgetChart{ID: id, Title: title, Months: lm, SVG: template.HTML(b.String())}
}

// chartDescription says in words what the chart shows: the plan, and at
// the last month with figures what was booked and bound, and the
// forecast for the year end.
func chartDescription(lm budget.LineMonths) string {
	end := lm.Months[11]
	s := fmt.Sprintf("Plan für das Jahr %s, Prognose zum 31.12. %s.", end.Planned, end.Forecast)
	for i := 11; i >= 0; i-- {
		if m := lm.Months[i]; m.Known {
			s += fmt.Sprintf(" Ende %s gebucht %s, dazu offen gebunden %s.", budget.MonthName(i+1), m.Booked, m.Committed)
			break
		}
	}
	return s
}

// niceCeiling rounds c up to 1, 2, 2.5 or 5 times a power of ten, so the
// axis has round ticks.
func niceCeiling(c quartier.Cents) quartier.Cents {
	p := quartier.Cents(1)
	for p*10 <= c {
		p *= 10
	}
	for _, f := range []quartier.Cents{10, 20, 25, 50, 100} {
		if v := p * f / 10; v >= c {
			return v
		}
	}
	return p * 10
}

// shortEuro is an axis label: whole euros, "1,2 Mio. €" from a million.
func shortEuro(c quartier.Cents) string {
	if c >= 100_000_000 {
		return strings.Replace(fmt.Sprintf("%.1f Mio. €", float64(c)/1e8), ".", ",", 1)
	}
	s := (c / 100 * 100).String()
	return strings.TrimSuffix(s, ",00 €") + " €"
}
