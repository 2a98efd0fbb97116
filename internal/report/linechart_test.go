package report

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestLineChart(t *testing.T) {
	d := func(y int) time.Time { return time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC) }
	series := []Series{
		{Name: "West <Test>", Points: []Point{{d(2018), 15, "15 %"}, {d(2019), math.NaN(), "–"}, {d(2020), 5, "5 %"}, {d(2021), 6, "6 %"}}},
		{Name: "Stadt", Points: []Point{{d(2018), 14.3, "14,3 %"}, {d(2020), 10, "10 %"}, {d(2021), 9, "9 %"}}},
	}
	var b strings.Builder
	if err := LineChart(&b, Chart{Title: "Arbeitslosigkeit", Desc: "West und Stadt", Unit: "%", ID: "c1"}, series); err != nil {
		t.Fatal(err)
	}
	svg := b.String()
	for _, want := range []string{`aria-labelledby="c1-t c1-d"`, `<title id="c1-t">Arbeitslosigkeit</title>`, `<desc id="c1-d">West und Stadt</desc>`,
		"<title>West &lt;Test&gt;, 31.12.2018: 15 %</title>", ">31.12.2019</text>", `stroke-dasharray="6 4"`, ">Stadt</text>"} {
		if !strings.Contains(svg, want) {
			t.Errorf("missing %q", want)
		}
	}
	if strings.Contains(svg, "<Test>") {
		t.Error("names must be escaped")
	}
	// The missing value of 2019 breaks West's line into two pieces.
	west := svg[strings.Index(svg, `<path d="M`)+len(`<path d="`):]
	west = west[:strings.Index(west, `"`)]
	if strings.Count(west, "M") != 2 {
		t.Errorf("West's line does not break at the gap: %s", west)
	}
	if strings.Count(svg, "<title>") != 6 {
		t.Errorf("%d points with a title, want 6", strings.Count(svg, "<title>"))
	}
}

func TestNiceTicks(t *testing.T) {
	if got := niceTicks(0, 21.5, 5); !slices.Equal(got, []float64{0, 5, 10, 15, 20, 25}) {
		t.Errorf("ticks %v", got)
	}
	if got := niceTicks(-1.2, 0.7, 4); got[0] > -1.2 || got[len(got)-1] < 0.7 {
		t.Errorf("ticks %v do not span the values", got)
	}
}
