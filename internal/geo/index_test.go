package geo

import (
	"math/rand/v2"
	"os"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/peterstace/simplefeatures/geom"
)

const sharedData = "../../../shared/data/"

// loadAreas reads a shared GeoJSON layer with orb, independently of Read.
func loadAreas(t testing.TB, rel, codeProp string) []IndexArea {
	t.Helper()
	b, err := os.ReadFile(sharedData + rel)
	if err != nil {
		t.Skipf("shared data missing (%v): real-data test skipped", err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(b)
	if err != nil {
		t.Fatal(err)
	}
	var out []IndexArea
	for _, f := range fc.Features {
		var mp orb.MultiPolygon
		switch g := f.Geometry.(type) {
		case orb.MultiPolygon:
			mp = g
		case orb.Polygon:
			mp = orb.MultiPolygon{g}
		}
		out = append(out, IndexArea{Code: f.Properties.MustString(codeProp, ""), Geometry: mp})
	}
	return out
}

// refLocate is the oracle: plain PNPOLY over every ring of every area, the
// first area (by position) containing the point wins.
func refLocate(areas []IndexArea, p orb.Point) int {
	for i, a := range areas {
		in := false
		for _, poly := range a.Geometry {
			for _, r := range poly {
				for j := 0; j+1 < len(r); j++ {
					u, v := r[j], r[j+1]
					if (u[1] > p[1]) != (v[1] > p[1]) && p[0] < (v[0]-u[0])*(p[1]-u[1])/(v[1]-u[1])+u[0] {
						in = !in
					}
				}
			}
		}
		if in {
			return i
		}
	}
	return -1
}

func locate(ix *Index, p orb.Point) int {
	i, ok := ix.Locate(p)
	if !ok {
		return -1
	}
	return i
}

func square(x0, y0, x1, y1 float64) orb.MultiPolygon {
	return orb.MultiPolygon{{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}
}

func TestIndexGridBorders(t *testing.T) {
	// 2×2 squares: a=SW, b=SE, c=NW, d=NE.
	areas := []IndexArea{{"a", square(0, 0, 10, 10)}, {"b", square(10, 0, 20, 10)}, {"c", square(0, 10, 10, 20)}, {"d", square(10, 10, 20, 20)}}
	ix := NewIndex(areas)
	for _, c := range []struct {
		p    orb.Point
		want int
	}{
		{orb.Point{5, 5}, 0}, {orb.Point{15, 5}, 1}, {orb.Point{5, 15}, 2}, {orb.Point{15, 15}, 3},
		{orb.Point{10, 5}, 1},   // vertical border a|b → east
		{orb.Point{5, 10}, 2},   // horizontal border a|c → north
		{orb.Point{10, 10}, 3},  // centre vertex → north-east
		{orb.Point{0, 5}, 0},    // west outer border: inside
		{orb.Point{20, 5}, -1},  // east outer border: outside
		{orb.Point{5, 0}, 0},    // south outer border: inside
		{orb.Point{5, 20}, -1},  // north outer border: outside
		{orb.Point{-1, 5}, -1},  // outside
		{orb.Point{25, 25}, -1}, // outside the bounding box
	} {
		for i := 0; i < 3; i++ { // deterministic
			if got := locate(ix, c.p); got != c.want || got != refLocate(areas, c.p) {
				t.Errorf("%v: got %d, want %d (ref %d)", c.p, got, c.want, refLocate(areas, c.p))
			}
		}
	}
}

func TestIndexHolesIslandsOverlaps(t *testing.T) {
	holed := orb.MultiPolygon{{{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}, {{3, 3}, {3, 7}, {7, 7}, {7, 3}, {3, 3}}}}
	areas := []IndexArea{
		{"ring", holed},
		{"island", square(4, 4, 6, 6)},
		{"overlap", square(8, 8, 12, 12)}, // overlaps "ring": ring wins (earlier)
		{"empty", nil},
	}
	ix := NewIndex(areas)
	for _, c := range []struct {
		p    orb.Point
		want int
	}{{orb.Point{1, 1}, 0}, {orb.Point{3.5, 3.5}, -1}, {orb.Point{5, 5}, 1}, {orb.Point{9, 9}, 0}, {orb.Point{11, 11}, 2}} {
		if got := locate(ix, c.p); got != c.want {
			t.Errorf("%v: got %d, want %d", c.p, got, c.want)
		}
	}
	if ix.Len() != 4 {
		t.Error("Len")
	}
	empty := NewIndex(nil)
	if _, ok := empty.Locate(orb.Point{1, 1}); ok {
		t.Error("empty index found something")
	}
}

// TestIndexBerlinAgreement compares the index with the PNPOLY oracle on
// 1,000,000 uniform points, every vertex, every edge midpoint and points
// nudged 1e-7 m off edges, and with simplefeatures on interior points.
func TestIndexBerlinAgreement(t *testing.T) {
	areas := loadAreas(t, "berlin-lor-2021/lor_planungsraeume_2021.epsg25833.geojson", "PLR_ID")
	ix := NewIndex(areas)
	t.Logf("index: %d areas, %d vertices, grid %d×%d, %d mixed cells, %.1f MB", ix.Len(), len(ix.verts), ix.nx, ix.ny, len(ix.mixMask), float64(ix.MemoryBytes())/1e6)
	if ix.MemoryBytes() > 20e6 {
		t.Errorf("index uses %d bytes, target < 20 MB", ix.MemoryBytes())
	}
	// The oracle is slow (all 542 areas per point), so candidates come from
	// a bounding-box filter that cannot change its answer.
	bounds := make([]orb.Bound, len(areas))
	for i, a := range areas {
		bounds[i] = a.Geometry.Bound()
	}
	oracle := func(p orb.Point) int {
		for i := range areas {
			if bounds[i].Contains(p) && refLocate(areas[i:i+1], p) == 0 {
				return i
			}
		}
		return -1
	}
	check := func(kind string, p orb.Point) bool {
		got, want := locate(ix, p), oracle(p)
		if got != want {
			t.Errorf("%s %v: index %d, oracle %d", kind, p, got, want)
			return false
		}
		return true
	}
	n := 1_000_000
	if testing.Short() {
		n = 100_000
	}
	b := ix.Bound()
	rng := rand.New(rand.NewPCG(7, 11))
	sfPolys := make([]geom.Geometry, len(areas))
	for i, a := range areas {
		sfPolys[i] = toSF(a.Geometry)
	}
	errs, sfChecked := 0, 0
	for i := 0; i < n && errs < 20; i++ {
		p := orb.Point{b.Min[0] + rng.Float64()*(b.Max[0]-b.Min[0]), b.Min[1] + rng.Float64()*(b.Max[1]-b.Min[1])}
		if !check("uniform", p) {
			errs++
		}
		// simplefeatures as a second, independent oracle on every point.
		{
			got := locate(ix, p)
			pt := geom.XY{X: p[0], Y: p[1]}.AsPoint().AsGeometry()
			sf := -1
			for j := range areas {
				if bounds[j].Contains(p) && geom.Intersects(sfPolys[j], pt) {
					sf = j
					break
				}
			}
			if sf != got {
				t.Errorf("simplefeatures %v: index %d, simplefeatures %d", p, got, sf)
				errs++
			}
			sfChecked++
		}
	}
	onBorder := 0
	for _, a := range areas {
		for _, poly := range a.Geometry {
			for _, r := range poly {
				for j := 0; j+1 < len(r) && errs < 20; j++ {
					u, v := r[j], r[j+1]
					mid := orb.Point{(u[0] + v[0]) / 2, (u[1] + v[1]) / 2}
					for k, p := range []orb.Point{u, mid, {mid[0] + 1e-7, mid[1]}, {mid[0] - 1e-7, mid[1]}, {mid[0], mid[1] + 1e-7}, {mid[0], mid[1] - 1e-7}} {
						if !check("border", p) {
							errs++
						}
						onBorder++
						// On a vertex simplefeatures sees every touching
						// area, and ours must be one of them. A computed
						// edge midpoint lies up to 1e-9 m off the edge, so
						// there ours must be within a micrometre.
						if k < 2 && j%4 == 0 {
							got := locate(ix, p)
							pt := geom.XY{X: p[0], Y: p[1]}.AsPoint().AsGeometry()
							if got >= 0 {
								d, _ := geom.Distance(sfPolys[got], pt)
								if (k == 0 && !geom.Intersects(sfPolys[got], pt)) || d > 1e-6 {
									t.Errorf("border %v: index says %d, %g m away per simplefeatures", p, got, d)
									errs++
								}
							}
							sfChecked++
						}
					}
				}
			}
		}
	}
	t.Logf("agreement: %d uniform points, %d border/vertex/nudged points, %d simplefeatures checks, %d disagreements", n, onBorder, sfChecked, errs)
}

func TestIndexFacilities(t *testing.T) {
	areas := loadAreas(t, "berlin-lor-2021/lor_planungsraeume_2021.epsg25833.geojson", "PLR_ID")
	ix := NewIndex(areas)
	for _, f := range []string{"kitas_2022-12.epsg25833.geojson", "jugendfreizeiteinrichtungen_2022-12.epsg25833.geojson"} {
		b, err := os.ReadFile(sharedData + "berlin-addresses-plr/" + f)
		if err != nil {
			t.Skip(err)
		}
		fc, err := geojson.UnmarshalFeatureCollection(b)
		if err != nil {
			t.Fatal(err)
		}
		for _, ft := range fc.Features {
			p := ft.Geometry.(orb.Point)
			got := locate(ix, p)
			if got < 0 || got != refLocate(areas, p) {
				t.Errorf("%s %v: %d, ref %d", f, p, got, refLocate(areas, p))
			}
		}
	}
}

func berlinPoints(b *testing.B, facilities bool) (*Index, []orb.Point) {
	areas := loadAreas(b, "berlin-lor-2021/lor_planungsraeume_2021.epsg25833.geojson", "PLR_ID")
	ix := NewIndex(areas)
	pts := make([]orb.Point, 1<<16)
	if facilities {
		raw, err := os.ReadFile(sharedData + "berlin-addresses-plr/kitas_2022-12.epsg25833.geojson")
		if err != nil {
			b.Skip(err)
		}
		fc, _ := geojson.UnmarshalFeatureCollection(raw)
		for i := range pts {
			pts[i] = fc.Features[i%len(fc.Features)].Geometry.(orb.Point)
		}
		return ix, pts
	}
	bd := ix.Bound()
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range pts {
		pts[i] = orb.Point{bd.Min[0] + rng.Float64()*(bd.Max[0]-bd.Min[0]), bd.Min[1] + rng.Float64()*(bd.Max[1]-bd.Min[1])}
	}
	return ix, pts
}

func benchLocate(b *testing.B, facilities bool) {
	ix, pts := berlinPoints(b, facilities)
	i := 0
	for b.Loop() {
		ix.Locate(pts[i&(len(pts)-1)])
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds()/1e6, "Mlookups/s")
}

func BenchmarkLocateBerlinUniform(b *testing.B)    { benchLocate(b, false) }
func BenchmarkLocateBerlinFacilities(b *testing.B) { benchLocate(b, true) }

func BenchmarkNewIndexBerlin(b *testing.B) {
	areas := loadAreas(b, "berlin-lor-2021/lor_planungsraeume_2021.epsg25833.geojson", "PLR_ID")
	for b.Loop() {
		NewIndex(areas)
	}
}
