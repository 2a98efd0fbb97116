package report

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestAreaMap(t *testing.T) {
	var b strings.Builder
	areas := []MapArea{{Name: "Nord <b>", Geometry: square(0, 10)}, {Name: "Süd", Geometry: square(0, 0)}}
	points := []MapPoint{{X: 5, Y: 15, Name: "Treff <i>"}, {X: 30, Y: 0, Name: "Am Rand"}}
	if err := AreaMap(&b, "Karte der Treffer", "Dieselben Angebote stehen in der Liste.", areas, points, 300); err != nil {
		t.Fatal(err)
	}
	svg := b.String()
	for _, want := range []string{`<title id="t">Karte der Treffer</title>`, `<desc id="d">Dieselben Angebote`, `<title>Nord &lt;b&gt;</title>`, `<title>Treff &lt;i&gt;</title>`} {
		if !strings.Contains(svg, want) {
			t.Errorf("missing %q in %s", want, svg)
		}
	}
	if strings.Contains(svg, "<b>") || strings.Contains(svg, "<i>") {
		t.Error("names must be escaped")
	}
	// Every marker lies on the canvas, the one outside the areas too.
	vb := regexp.MustCompile(`viewBox="0 0 (\d+) (\d+)"`).FindStringSubmatch(svg)
	w, _ := strconv.ParseFloat(vb[1], 64)
	h, _ := strconv.ParseFloat(vb[2], 64)
	circles := regexp.MustCompile(`<circle cx="([0-9.]+)" cy="([0-9.]+)"`).FindAllStringSubmatch(svg, -1)
	if len(circles) != 2 {
		t.Fatalf("%d markers", len(circles))
	}
	var at [2][2]float64
	for i, c := range circles {
		x, _ := strconv.ParseFloat(c[1], 64)
		y, _ := strconv.ParseFloat(c[2], 64)
		at[i] = [2]float64{x, y}
		if x < 0 || x > w || y < 0 || y > h {
			t.Errorf("marker (%v, %v) off the %vx%v canvas", x, y, w, h)
		}
	}
	// North is up: the marker at y=15 is drawn above the one at y=0.
	if at[0][1] >= at[1][1] {
		t.Errorf("orientation: %v", at)
	}
	// A single point still gives a map.
	b.Reset()
	if err := AreaMap(&b, "t", "d", nil, []MapPoint{{X: 1, Y: 1, Name: "p"}}, 100); err != nil || !strings.Contains(b.String(), "<circle") || strings.Contains(b.String(), "NaN") || strings.Contains(b.String(), "Inf") {
		t.Errorf("one point: %v %s", err, b.String())
	}
}
