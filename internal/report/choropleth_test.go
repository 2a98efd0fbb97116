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
	for _, want := range []string{`<title id="k-t">Sport je 1.000</title>`, `fill="#08519c"`, `fill="` + zeroColour + `"`, `fill="url(#k-nv)"`, `<title>Nord &lt;b&gt;: 2,5</title>`, "kein Angebot (1 Gebiet)", "keine Einwohnerzahl (1 Gebiet)", ">Angebote je 1.000 Einwohner</text>"} {
		if !strings.Contains(svg, want) {
			t.Errorf("missing %q", want)
		}
	}
	if strings.Contains(svg, "<b>") {
		t.Error("names must be escaped")
	}
	// North is up: the northern square's path lies above the southern one.
	ys := regexp.MustCompile(`<path d="M[0-9.]+ ([0-9.]+)L`).FindAllStringSubmatch(svg, -1)
	if len(ys) != 3 || ys[0][1] >= ys[1][1] {
		t.Errorf("orientation: %v", ys)
	}
}

func TestQuantilesAndClassOf(t *testing.T) {
	got := Quantiles([]float64{-3, -1, math.NaN(), 0, 2, 2, 2, 5, math.Inf(1)}, 3)
	// Distinct finite values -3 -1 0 2 5: upper bounds at the 1/3, 2/3 and last place.
	if want := []float64{-1, 2, 5}; !slices.Equal(got, want) {
		t.Errorf("quantiles %v, want %v", got, want)
	}
	for v, want := range map[float64]int{-3: 0, -1: 0, -0.5: 1, 2: 1, 2.1: 2, 99: 2} {
		if c := ClassOf(v, got); c != want {
			t.Errorf("class of %v: %d, want %d", v, c, want)
		}
	}
	if ClassOf(math.NaN(), got) != NoValue {
		t.Error("NaN must have no class")
	}
}

func TestPalette(t *testing.T) {
	for _, name := range PaletteNames() {
		for k := 1; k <= MaxClasses; k++ {
			p := Palette(name, k)
			if len(p) != k || len(slices.Compact(slices.Clone(p))) != k {
				t.Errorf("%s with %d classes: %v", name, k, p)
			}
		}
	}
	if !slices.Equal(Palette("gibt-es-nicht", 5), Blues) {
		t.Error("an unknown palette must fall back to blue")
	}
	if len(Palette("blau", 9)) != MaxClasses {
		t.Error("more classes than colours must be capped")
	}
}

// TestRender: given classes with their counts in the legend, hatching
// (not a colour) for no value and suppressed, names on demand, and ids
// that carry the map's prefix.
func TestRender(t *testing.T) {
	areas := []ChoroArea{
		{Name: "A", Geometry: square(0, 0), Class: 0, Text: "1"},
		{Name: "B", Geometry: square(10, 0), Class: 1, Text: "5"},
		{Name: "C", Geometry: square(20, 0), Class: 1, Text: "6"},
		{Name: "D", Geometry: square(0, 10), Class: NoValue, Text: "kein Wert"},
		{Name: "E & F", Geometry: square(10, 10), Class: Suppressed, Text: "."},
	}
	m := Map{Title: "Test", Unit: "%", Width: 300, ID: "m1", Labels: true,
		Classes: []Class{{"bis 2", "#111111"}, {"über 2 bis 6", "#222222"}, {"über 6", "#333333"}}}
	var b strings.Builder
	if err := Render(&b, m, areas); err != nil {
		t.Fatal(err)
	}
	svg := b.String()
	for _, want := range []string{
		`aria-labelledby="m1-t m1-d"`, `<title id="m1-t">Test</title>`,
		`bis 2 (1 Gebiet)`, `über 2 bis 6 (2 Gebiete)`, `über 6 (0 Gebiete)`, `kein Wert (1 Gebiet)`, `gesperrt (kleine Zahl) (1 Gebiet)`,
		`fill="url(#m1-nv)"`, `fill="url(#m1-sp)"`, `<pattern id="m1-nv"`, `<pattern id="m1-sp"`,
		`<text x="`, `>E &amp; F</text>`,
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("missing %q", want)
		}
	}
	if n := strings.Count(svg, `fill="#222222"`); n != 3 { // two areas and the legend
		t.Errorf("class 1 filled %d times, want 3", n)
	}
	m.Labels = false
	b.Reset()
	Render(&b, m, areas[:3])
	if strings.Contains(b.String(), "<text x=\"") && strings.Contains(b.String(), ">A</text>") {
		t.Error("names written without being asked for")
	}
	if strings.Contains(b.String(), "gesperrt") || strings.Contains(b.String(), "kein Wert") {
		t.Error("legend entries for states no area has and no label asks for")
	}
}

// A report marks the areas it is about on a map of the whole layer: a
// heavy border and the name, for those areas only.
func TestRenderOutlinesChosenAreas(t *testing.T) {
	var b strings.Builder
	areas := []ChoroArea{
		{Code: "a", Name: "Nord", Geometry: square(0, 10), Class: 0, Outline: true},
		{Code: "b", Name: "Süd", Geometry: square(0, 0), Class: Suppressed},
	}
	if err := Render(&b, Map{Title: "t", Classes: []Class{{Label: "x", Colour: "#fff"}}}, areas); err != nil {
		t.Fatal(err)
	}
	svg := b.String()
	if n := strings.Count(svg, `stroke-width="2.5" aria-hidden="true"/>`); n != 1 {
		t.Errorf("%d heavy borders, want 1", n)
	}
	if !strings.Contains(svg, ">Nord</text>") || strings.Contains(svg, ">Süd</text>") {
		t.Error("only the outlined area is named")
	}
	if !strings.Contains(svg, `fill="url(#k-sp)"`) || !strings.Contains(svg, "gesperrt (kleine Zahl) (1 Gebiet)") {
		t.Error("a suppressed area is hatched with its legend entry")
	}
}
