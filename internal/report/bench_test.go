package report

import (
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"testing"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/geo"
)

// BenchmarkChoroplethBerlin renders Berlin's 542 Planungsräume in seven
// classes with names (the monitoring map of an indicator; goal < 50 ms):
//
//	go test ./internal/report -run '^$' -bench ChoroplethBerlin
func BenchmarkChoroplethBerlin(b *testing.B) {
	f, err := os.Open("../demo/data/berlin_lor_planungsraeume_2021.epsg25833.geojson.gz")
	if err != nil {
		b.Skip(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		b.Fatal(err)
	}
	feats, ps, err := geo.Read(zr, geo.ReadOptions{CodeProperty: "PLR_ID", NameProperty: "PLR_NAME", TargetSRID: quartier.UTM33N})
	if err != nil || len(feats) != 542 {
		b.Fatalf("%d areas, %v %v", len(feats), ps, err)
	}
	areas := make([]ChoroArea, len(feats))
	for i, ft := range feats {
		areas[i] = ChoroArea{Code: ft.Code, Name: ft.Name, Geometry: ft.Geometry, Class: i%9 - 2, Text: fmt.Sprint(i)}
	}
	m := Map{Title: "Berlin", Unit: "%", Width: 900, Labels: true}
	for i, c := range Palette("orange-lila", 7) {
		m.Classes = append(m.Classes, Class{Label: fmt.Sprint(i), Colour: c})
	}
	size := 0
	b.ReportAllocs()
	for b.Loop() {
		w := &counter{}
		if err := Render(w, m, areas); err != nil {
			b.Fatal(err)
		}
		size = w.n
	}
	b.ReportMetric(float64(size), "svg-bytes")
}

type counter struct{ n int }

func (c *counter) Write(p []byte) (int, error) { c.n += len(p); return len(p), nil }

var _ io.Writer = (*counter)(nil)
