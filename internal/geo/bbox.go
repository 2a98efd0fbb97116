package geo

import (
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/quartier/quartier"
)

// TransformBound returns the bound, in to, of a rectangle given in from. A
// rectangle in lon/lat is not a rectangle in UTM (meridians converge), so
// the edges are walked in steps and the result covers the whole curved
// outline: a bbox filter must not lose an area at the rectangle's corner.
func TransformBound(b orb.Bound, from, to quartier.SRID) (orb.Bound, error) {
	tr, err := Transformer(from, to)
	if err != nil {
		return orb.Bound{}, err
	}
	const steps = 16
	out := orb.Bound{Min: tr(b.Min), Max: tr(b.Min)}
	for i := 0; i <= steps; i++ {
		f := float64(i) / steps
		x := b.Min[0] + f*(b.Max[0]-b.Min[0])
		y := b.Min[1] + f*(b.Max[1]-b.Min[1])
		for _, p := range []orb.Point{{x, b.Min[1]}, {x, b.Max[1]}, {b.Min[0], y}, {b.Max[0], y}} {
			out = out.Extend(tr(p))
		}
	}
	return out, nil
}

// IntersectsBound reports whether an area and a rectangle share a point:
// a vertex of one lies in the other, or an edge crosses the rectangle.
// OGC API bbox filters mean this, not an overlap of the two bounds (an
// L-shaped district's bound covers land that is not in it).
func IntersectsBound(mp orb.MultiPolygon, b orb.Bound) bool {
	if !mp.Bound().Intersects(b) {
		return false
	}
	for _, c := range []orb.Point{b.Min, b.Max, {b.Min[0], b.Max[1]}, {b.Max[0], b.Min[1]}} {
		if planar.MultiPolygonContains(mp, c) {
			return true
		}
	}
	corners := [4]orb.Point{b.Min, {b.Max[0], b.Min[1]}, b.Max, {b.Min[0], b.Max[1]}}
	for _, poly := range mp {
		for _, ring := range poly {
			for i := 0; i+1 < len(ring); i++ {
				p, q := ring[i], ring[i+1]
				if b.Contains(p) {
					return true
				}
				for k := range 4 {
					if _, ok := segmentsTouch(p, q, corners[k], corners[(k+1)%4]); ok {
						return true
					}
				}
			}
		}
	}
	return false
}
