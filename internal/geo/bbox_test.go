package geo

import (
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	"github.com/peterstace/simplefeatures/geom"

	"github.com/quartier/quartier"
)

// TestIntersectsBoundAgreesWithSimplefeatures checks the rectangle test
// against simplefeatures' Intersects on random rectangles around an
// L-shaped area with a hole, where bound overlap alone would be wrong.
func TestIntersectsBoundAgreesWithSimplefeatures(t *testing.T) {
	l := orb.MultiPolygon{{
		{{0, 0}, {10, 0}, {10, 4}, {4, 4}, {4, 10}, {0, 10}, {0, 0}},
		{{1, 1}, {3, 1}, {3, 3}, {1, 3}, {1, 1}},
	}}
	sf, err := geom.UnmarshalWKT("MULTIPOLYGON(((0 0,10 0,10 4,4 4,4 10,0 10,0 0),(1 1,3 1,3 3,1 3,1 1)))")
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	var in, out int
	for range 20000 {
		x, y := r.Float64()*14-2, r.Float64()*14-2
		w, h := r.Float64()*4, r.Float64()*4
		if r.IntN(10) == 0 { // degenerate: a point or a line
			w = 0
		}
		b := orb.Bound{Min: orb.Point{x, y}, Max: orb.Point{x + w, y + h}}
		env := geom.NewEnvelope(geom.XY{X: b.Min[0], Y: b.Min[1]}, geom.XY{X: b.Max[0], Y: b.Max[1]})
		want := geom.Intersects(sf, env.AsGeometry())
		if got := IntersectsBound(l, b); got != want {
			t.Fatalf("%v: got %v, simplefeatures %v", b, got, want)
		}
		if want {
			in++
		} else {
			out++
		}
	}
	// The sample must exercise both answers, the hole and the notch.
	if in < 1000 || out < 1000 {
		t.Fatalf("unbalanced sample: %d in, %d out", in, out)
	}
	if IntersectsBound(l, orb.Bound{Min: orb.Point{6, 6}, Max: orb.Point{9, 9}}) {
		t.Error("the notch of the L is not in the area, though inside its bound")
	}
	if IntersectsBound(l, orb.Bound{Min: orb.Point{1.5, 1.5}, Max: orb.Point{2.5, 2.5}}) {
		t.Error("a rectangle inside the hole is not in the area")
	}
}

// TestTransformBoundCoversCurvedEdges: every point of a lon/lat rectangle,
// transformed, lies in the transformed bound.
func TestTransformBoundCoversCurvedEdges(t *testing.T) {
	b := orb.Bound{Min: orb.Point{13.0, 52.3}, Max: orb.Point{13.8, 52.7}}
	ub, err := TransformBound(b, quartier.WGS84, quartier.UTM33N)
	if err != nil {
		t.Fatal(err)
	}
	tr, _ := Transformer(quartier.WGS84, quartier.UTM33N)
	r := rand.New(rand.NewPCG(3, 4))
	for range 5000 {
		p := orb.Point{b.Min[0] + r.Float64()*(b.Max[0]-b.Min[0]), b.Min[1] + r.Float64()*(b.Max[1]-b.Min[1])}
		if q := tr(p); !ub.Contains(q) {
			t.Fatalf("%v → %v outside %v", p, q, ub)
		}
	}
	if _, err := TransformBound(b, quartier.WGS84, quartier.SRID(3857)); err == nil {
		t.Error("an unsupported CRS must be refused")
	}
}
