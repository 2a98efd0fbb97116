package geo

import (
	"compress/gzip"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/quartier/quartier"
)

// Hostile shapes within the public check's read limits (50,000 vertices a
// ring, 250,000 a file, 20,000 areas), in metres near Berlin.
const ox, oy = 390000.0, 5820000.0

// star is the star polygon {n/k}: every edge crosses about 2k others.
func star(n, k int) orb.Ring {
	var r orb.Ring
	for i := 0; i < n; i++ {
		a := 2 * math.Pi * float64((i*k)%n) / float64(n)
		r = append(r, orb.Point{ox + 1000*math.Cos(a), oy + 1000*math.Sin(a)})
	}
	return append(r, r[0])
}

// comb has n long teeth side by side, east–west (or north–south when
// turned): simple, but every tooth spans the ring's whole width.
func comb(n int, turned bool) orb.Ring {
	var r orb.Ring
	pt := func(x, y float64) orb.Point {
		if turned {
			return orb.Point{ox + y, oy + x}
		}
		return orb.Point{ox + x, oy + y}
	}
	for i := 0; i < n/2; i++ {
		r = append(r, pt(0, float64(2*i)*0.1), pt(1000, float64(2*i+1)*0.1))
	}
	r = append(r, pt(-10, float64(n)*0.1), pt(-10, -1))
	return append(r, r[0])
}

func box(x, y, side float64) orb.Polygon {
	return orb.Polygon{{{x, y}, {x + side, y}, {x + side, y + side}, {x, y + side}, {x, y}}}
}

func TestValidateBoundedWork(t *testing.T) {
	one := func(r orb.Ring) []Feature { return []Feature{{Index: 0, Code: "a", Geometry: orb.MultiPolygon{{r}}}} }
	many := func(n int, poly func(i int) orb.Polygon) []Feature {
		fs := make([]Feature, n)
		for i := range fs {
			fs[i] = Feature{Index: i, Code: fmt.Sprintf("a%05d", i), Geometry: orb.MultiPolygon{poly(i)}}
		}
		return fs
	}
	holes := func(n int) []Feature {
		shell := star(50001, 1)
		p := orb.Polygon{shell}
		for i := 0; i < n; i++ {
			x, y := ox-400+float64(i%400)*2, oy-400+float64(i/400)*2
			p = append(p, orb.Ring{{x, y}, {x, y + 1}, {x + 1, y + 1}, {x + 1, y}, {x, y}})
		}
		return []Feature{{Index: 0, Code: "a", Geometry: orb.MultiPolygon{p}}}
	}
	// frames are n square frames, each filling the hole of the one
	// around it (no overlap, every box inside every other), and one small
	// overlap elsewhere that makes the overlaps be looked for.
	frames := func(n int) []Feature {
		fs := many(n, func(i int) orb.Polygon {
			f := box(ox+float64(i), oy+float64(i), 2000-2*float64(i))
			return append(f, orb.Ring(box(ox+float64(i+1), oy+float64(i+1), 2000-2*float64(i+1))[0]).Clone())
		})
		fs[n-1].Geometry = orb.MultiPolygon{box(ox+float64(n-1), oy+float64(n-1), 2000-2*float64(n-1))}
		return append(fs, Feature{Index: n, Code: "x1", Geometry: orb.MultiPolygon{box(ox-100, oy, 10)}},
			Feature{Index: n + 1, Code: "x2", Geometry: orb.MultiPolygon{box(ox-95, oy, 10)}})
	}
	// bigOverSmall is a round area of 50,000 edges over 4,000 small
	// squares: each pair is intersected at the cost of the large one.
	bigOverSmall := func() []Feature {
		fs := []Feature{{Index: 0, Code: "zzz", Geometry: orb.MultiPolygon{{star(50001, 1)}}}}
		for i := 0; i < 4000; i++ {
			fs = append(fs, Feature{Index: i + 1, Code: fmt.Sprintf("a%05d", i), Geometry: orb.MultiPolygon{box(ox-400+float64(i%60)*12, oy-400+float64(i/60)*12, 10)}})
		}
		return fs
	}
	// grids are four areas of 14,884 squares each, shifted against each
	// other by shift: every edge crosses a few of the other grids.
	grids := func(shift float64) []Feature {
		var fs []Feature
		for l := 0; l < 4; l++ {
			var mp orb.MultiPolygon
			for i := 0; i < 122; i++ {
				for j := 0; j < 122; j++ {
					mp = append(mp, box(ox+float64(l)*shift+float64(i)*10, oy+float64(l)*shift+float64(j)*10, 9))
				}
			}
			fs = append(fs, Feature{Index: l, Code: fmt.Sprint(l), Geometry: mp})
		}
		return fs
	}
	for _, c := range []struct {
		name   string
		feats  []Feature
		repair bool
	}{
		{"star with repair", one(star(2001, 1000)), true},
		{"star", one(star(2001, 1000)), false},
		{"comb", one(comb(50000, false)), false},
		{"crossing combs", []Feature{{Index: 0, Code: "a", Geometry: orb.MultiPolygon{{comb(20000, false)}}}, {Index: 1, Code: "b", Geometry: orb.MultiPolygon{{comb(20000, true)}}}}, false},
		{"shifted squares", many(2000, func(i int) orb.Polygon { return box(ox+float64(i)*0.01, oy, 1000) }), false},
		{"nested frames", frames(600), false},
		{"many nested squares", many(20000, func(i int) orb.Polygon { return box(ox+float64(i)*0.01, oy+float64(i)*0.01, 1000-float64(i)*0.02) }), false},
		{"holes", holes(8000), false},
		{"large area over small ones", bigOverSmall(), false},
		{"large area over small ones with repair", bigOverSmall(), true},
		{"shifted grids", grids(2.5), false},
	} {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			_, ps := Validate(c.feats, ValidateOptions{Repair: c.repair})
			took := time.Since(start)
			var msgs []string
			for _, p := range ps[:min(2, len(ps))] {
				msgs = append(msgs, p.Message)
			}
			t.Logf("%v, %d problems: %s", took, len(ps), strings.Join(msgs, " | "))
			if !quartier.HasErrors(ps) || !strings.Contains(ps[len(ps)-1].Message, "zu verwickelt") && !strings.Contains(ps[len(ps)-1].Message, "nicht sicher beheben") {
				t.Errorf("not refused as too tangled")
			}
			// Before the bounds each took minutes to hours (the star with
			// repair 2 min and 10 GB at 2,001 vertices); now seconds at
			// most on a busy core (the large area, 5–7 s: its few
			// intersections up to the bound).
			if took > 30*time.Second {
				t.Errorf("took %v", took)
			}
		})
	}
}

// TestValidateBerlinUntangled: a real layer stays far below the bounds of
// untangled (a quarter of each at most), so that they refuse only crafted
// files. Berlin's 542 Planungsräume, 197,543 edges.
func TestValidateBerlinUntangled(t *testing.T) {
	f, err := os.Open("../demo/data/berlin_lor_planungsraeume_2021.epsg25833.geojson.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	feats, _, err := Read(z, ReadOptions{SourceSRID: quartier.UTM33N, TargetSRID: quartier.UTM33N, CodeProperty: "PLR_ID"})
	if err != nil {
		t.Fatal(err)
	}
	v := &validator{feats: feats}
	start := time.Now()
	if !v.untangled() {
		t.Fatalf("Berlin refused: %v", v.problems)
	}
	c, n := v.tally, v.tally.edges
	t.Logf("%v: %d edges; a edge %.1f cells, %.1f pairs, %.1f touching; ring sweep %d steps, ring work %d", time.Since(start), n,
		float64(c.cells)/float64(n), float64(c.pairs)/float64(n), float64(c.touches)/float64(n), c.ringSteps, c.ringWork)
	for _, b := range []struct {
		name       string
		got, bound int
	}{
		{"cells", c.cells, gridFixed + gridCellsPerEdge*n}, {"pairs", c.pairs, gridFixed + gridPairsPerEdge*n},
		{"touches", c.touches, touchesFixed + touchesPerEdge*n}, {"ring steps", c.ringSteps, ringStepsFixed + ringStepsPerEdge*n},
		{"ring work", c.ringWork, ringWorkFixed + ringWorkPerEdge*n},
	} {
		if b.got > b.bound/4 {
			t.Errorf("%s: %d, more than a quarter of the bound %d", b.name, b.got, b.bound)
		}
	}
}

// FuzzValidate: any rings (from bytes: a ring ends at a zero byte, each
// other pair of bytes is a vertex on a 10 m grid) are validated, with and
// without repair, without a panic, and a file refused as too tangled is
// refused with an error.
func FuzzValidate(f *testing.F) {
	f.Add([]byte{1, 1, 5, 1, 5, 5, 1, 5, 0, 3, 3, 9, 3, 9, 9, 0}, true)
	f.Add([]byte{1, 1, 9, 9, 9, 1, 1, 9, 0}, true)
	f.Add([]byte{0, 0, 0}, false)
	f.Fuzz(func(t *testing.T, data []byte, repair bool) {
		var feats []Feature
		var ring orb.Ring
		flush := func() {
			if len(ring) >= 3 {
				ring = append(ring, ring[0])
				feats = append(feats, Feature{Index: len(feats), Code: fmt.Sprint(len(feats)), Geometry: orb.MultiPolygon{{ring}}})
			}
			ring = nil
		}
		for i := 0; i+1 < len(data); i += 2 {
			if data[i] == 0 {
				flush()
				i--
				continue
			}
			ring = append(ring, orb.Point{ox + float64(data[i])*10, oy + float64(data[i+1])*10})
		}
		flush()
		if len(feats) == 0 {
			return
		}
		_, ps := Validate(feats, ValidateOptions{Repair: repair})
		for _, p := range ps {
			if strings.Contains(p.Message, "zu verwickelt") && p.Severity != quartier.SeverityError {
				t.Fatalf("refused without an error: %+v", p)
			}
		}
	})
}
