package geo

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/peterstace/simplefeatures/geom"
)

// Area is the planar area of mp in square units of its CRS, holes
// subtracted, whatever the ring orientation.
func Area(mp orb.MultiPolygon) float64 {
	total := 0.0
	for _, poly := range mp {
		for i, r := range poly {
			a := math.Abs(ringArea(r))
			if i == 0 {
				total += a
			} else {
				total -= a
			}
		}
	}
	return total
}

func ringArea(r orb.Ring) float64 {
	s := 0.0
	for i := 0; i+1 < len(r); i++ {
		s += r[i][0]*r[i+1][1] - r[i+1][0]*r[i][1]
	}
	return s / 2
}

// PointOnSurface returns a point guaranteed inside mp (unlike the centroid,
// which can fall outside a crescent-shaped block).
func PointOnSurface(mp orb.MultiPolygon) orb.Point {
	xy, ok := toSF(mp).PointOnSurface().XY()
	if !ok {
		return orb.Point{}
	}
	return orb.Point{xy.X, xy.Y}
}

// toSF converts to simplefeatures without validation; callers validate
// where it matters.
func toSF(mp orb.MultiPolygon) geom.Geometry {
	polys := make([]geom.Polygon, 0, len(mp))
	for _, poly := range mp {
		rings := make([]geom.LineString, 0, len(poly))
		for _, r := range poly {
			flat := make([]float64, 0, 2*len(r))
			for _, p := range r {
				flat = append(flat, p[0], p[1])
			}
			rings = append(rings, geom.NewLineString(geom.NewSequence(flat, geom.DimXY)))
		}
		polys = append(polys, geom.NewPolygon(rings))
	}
	return geom.NewMultiPolygon(polys).AsGeometry()
}

// fromSF extracts the polygons of a simplefeatures result.
func fromSF(g geom.Geometry) (orb.MultiPolygon, error) {
	var out orb.MultiPolygon
	add := func(p geom.Polygon) {
		var poly orb.Polygon
		rings := append([]geom.LineString{p.ExteriorRing()}, interiorRings(p)...)
		for _, r := range rings {
			seq := r.Coordinates()
			ring := make(orb.Ring, seq.Length())
			for i := range ring {
				xy := seq.GetXY(i)
				ring[i] = orb.Point{xy.X, xy.Y}
			}
			poly = append(poly, ring)
		}
		out = append(out, poly)
	}
	switch g.Type() {
	case geom.TypePolygon:
		add(g.MustAsPolygon())
	case geom.TypeMultiPolygon:
		mp := g.MustAsMultiPolygon()
		for i := 0; i < mp.NumPolygons(); i++ {
			add(mp.PolygonN(i))
		}
	case geom.TypeGeometryCollection:
		gc := g.MustAsGeometryCollection()
		for i := 0; i < gc.NumGeometries(); i++ {
			part, err := fromSF(gc.GeometryN(i))
			if err != nil {
				return nil, err
			}
			out = append(out, part...)
		}
	case geom.TypePoint, geom.TypeLineString, geom.TypeMultiPoint, geom.TypeMultiLineString:
		// Lower-dimensional leftovers of an overlay carry no area.
	default:
		return nil, fmt.Errorf("unexpected geometry type %s", g.Type())
	}
	return out, nil
}

func interiorRings(p geom.Polygon) []geom.LineString {
	out := make([]geom.LineString, p.NumInteriorRings())
	for i := range out {
		out[i] = p.InteriorRingN(i)
	}
	return out
}

// Union merges blocks into one composed area: the borders between blocks
// disappear, so the area's outline is exactly the blocks' outer border.
func Union(parts []orb.MultiPolygon) (orb.MultiPolygon, error) {
	gs := make([]geom.Geometry, len(parts))
	for i, p := range parts {
		gs[i] = toSF(p)
	}
	u, err := geom.UnionMany(gs)
	if err != nil {
		return nil, err
	}
	return fromSF(u)
}
