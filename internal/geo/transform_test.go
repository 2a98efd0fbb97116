package geo

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"

	"github.com/quartier/quartier"
)

// The shared Berlin layer exists in EPSG:25833 (mm) and WGS84 (7 decimals,
// ≈ 1 cm); both came from the same source, so our projection of the WGS84
// vertices must land on the 25833 vertices within the WGS84 file's rounding.
func TestTransformAgainstBerlinFiles(t *testing.T) {
	utm := loadAreas(t, "berlin-lor-2021/lor_planungsraeume_2021.epsg25833.geojson", "PLR_ID")
	wgs := loadAreas(t, "berlin-lor-2021/lor_planungsraeume_2021.wgs84.geojson", "PLR_ID")
	if len(utm) != len(wgs) {
		t.Fatalf("%d vs %d features", len(utm), len(wgs))
	}
	tr, err := Transformer(quartier.WGS84, quartier.UTM33N)
	if err != nil {
		t.Fatal(err)
	}
	worst, n := 0.0, 0
	for i := range utm {
		if utm[i].Code != wgs[i].Code {
			t.Fatalf("feature %d: %s vs %s", i, utm[i].Code, wgs[i].Code)
		}
		for pi, poly := range utm[i].Geometry {
			for ri, ring := range poly {
				for k, want := range ring {
					got := tr(wgs[i].Geometry[pi][ri][k])
					worst = max(worst, math.Hypot(got[0]-want[0], got[1]-want[1]))
					n++
				}
			}
		}
	}
	t.Logf("%d vertices, worst deviation %.4f m", n, worst)
	// 1e-7° is 1.1 cm north-south and 0.7 cm east-west at 52.5°N.
	if worst > 0.012 {
		t.Fatalf("worst deviation %.4f m exceeds the WGS84 file's rounding", worst)
	}
}

func TestTransformRoundTrips(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	pairs := [][2]quartier.SRID{{quartier.WGS84, quartier.UTM32N}, {quartier.WGS84, quartier.UTM33N}, {quartier.UTM32N, quartier.UTM33N}}
	for _, pr := range pairs {
		there, _ := Transformer(pr[0], pr[1])
		back, _ := Transformer(pr[1], pr[0])
		for i := 0; i < 20000; i++ {
			// Germany: 5.8–15.1°E, 47.2–55.1°N.
			p := orb.Point{5.8 + rng.Float64()*9.3, 47.2 + rng.Float64()*7.9}
			if pr[0] != quartier.WGS84 {
				to, _ := Transformer(quartier.WGS84, pr[0])
				p = to(p)
			}
			q := back(there(p))
			d := math.Hypot(q[0]-p[0], q[1]-p[1])
			if pr[0] == quartier.WGS84 {
				d *= 111000 // degrees → metres, roughly
			}
			if d > 1e-3 {
				t.Fatalf("%v→%v→back %v: %v (%.6f m)", pr[0], pr[1], p, q, d)
			}
		}
	}
	// Analytic anchors: the central meridian maps to easting 500 000 m and
	// the equator to northing 0; 1° of latitude on the meridian near 52°N
	// is 111.25 km, scaled by k0 = 0.9996.
	for _, z := range []struct {
		srid quartier.SRID
		lon0 float64
	}{{quartier.UTM32N, 9}, {quartier.UTM33N, 15}} {
		tr, _ := Transformer(quartier.WGS84, z.srid)
		if p := tr(orb.Point{z.lon0, 0}); math.Abs(p[0]-500000) > 1e-6 || math.Abs(p[1]) > 1e-6 {
			t.Errorf("%v origin: %v", z.srid, p)
		}
		a, b := tr(orb.Point{z.lon0, 51.5}), tr(orb.Point{z.lon0, 52.5})
		if d := b[1] - a[1]; math.Abs(d-111250*0.9996) > 60 {
			t.Errorf("%v: 1° of latitude = %.1f m", z.srid, d)
		}
	}
	if _, err := Transformer(quartier.SRID(3857), quartier.WGS84); quartier.ErrorCode(err) != quartier.EINVALID {
		t.Errorf("unsupported CRS accepted: %v", err)
	}
}

func TestCheckRange(t *testing.T) {
	for _, c := range []struct {
		srid quartier.SRID
		p    orb.Point
		ok   bool
	}{
		{quartier.WGS84, orb.Point{13.4, 52.5}, true},
		{quartier.WGS84, orb.Point{390000, 5820000}, false}, // metres read as degrees
		{quartier.UTM33N, orb.Point{390000, 5820000}, true},
		{quartier.UTM33N, orb.Point{13.4, 52.5}, false},            // degrees read as metres
		{quartier.UTM32N, orb.Point{2357187, 5652361}, false},      // Köln's 2,5M false easting
		{quartier.UTM33N, orb.Point{4590000, 5820000}, false},      // Gauß-Krüger
		{quartier.UTM33N, orb.Point{math.NaN(), 5820000}, false},   // NaN
		{quartier.SRID(31468), orb.Point{4590000, 5820000}, false}, // unsupported
	} {
		if err := CheckRange(c.srid, c.p); (err == nil) != c.ok {
			t.Errorf("%v %v: %v", c.srid, c.p, err)
		}
	}
}
