package report

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

func TestClasses(t *testing.T) {
	got := Classes([]float64{0, math.NaN(), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
	if want := []float64{2, 4, 6, 8, 10}; !slices.Equal(got, want) {
		t.Errorf("quintiles %v, want %v", got, want)
	}
	if got := Classes([]float64{3, 3, 3}); !slices.Equal(got, []float64{3}) {
		t.Errorf("one value: %v", got)
	}
	if got := Classes([]float64{0, math.NaN()}); len(got) != 0 {
		t.Errorf("no positive value: %v", got)
	}
}

func square(x, y float64) orb.MultiPolygon {
	return orb.MultiPolygon{{{{x, y}, {x + 10, y}, {x + 10, y + 10}, {x, y + 10}, {x, y}}}}
}

func TestChoropleth(t *testing.T) {
	var b strings.Builder
	areas := []ChoroArea{
		{Code: "a", Name: "Nord <b>", Geometry: square(0, 10), Value: 2.5, Text: "2,5"},
		{Code: "b", Name: "Süd", Geometry: square(0, 0), Value: 0, Text: "0"},
		{Code: "c", Name: "Ost", Geometry: square(10, 0), Value: math.NaN(), Text: "keine Angabe"},
	}
	format := func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
	if err := Choropleth(&b, "Sport je 1.000", "Angebote je 1.000 Einwohner", areas, format, 200); err != nil {
		t.Fatal(err)
	}
	svg := b.String()
	for _, want := range []string{`<title id="t">Sport je 1.000</title>`, `fill="#08519c"`, `fill="` + zeroColour + `"`, `fill="` + noDataColour + `"`, `<title>Nord &lt;b&gt;: 2,5</title>`, "kein Angebot", ">Angebote je 1.000 Einwohner</text>"} {
		if !strings.Contains(svg, want) {
			t.Errorf("missing %q", want)
		}
	}
	if strings.Contains(svg, "<b>") {
		t.Error("names must be escaped")
	}
	// North is up: the northern square's path lies above the southern one.
	ys := regexp.MustCompile(`<path d="M[0-9.]+ ([0-9.]+)`).FindAllStringSubmatch(svg, -1)
	if len(ys) != 3 || ys[0][1] >= ys[1][1] {
		t.Errorf("orientation: %v", ys)
	}
}
