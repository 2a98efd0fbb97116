package http

import (
	"bytes"
	"fmt"
	"math"
	"net/http"
	"strconv"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/simplify"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/geo"
)

// mapTolerance (metres) is how far the map's outlines may deviate from the
// stored geometry: below a screen pixel at street zoom, and it shrinks
// Berlin's blocks from ~5 MB to a few hundred KB.
const mapTolerance = 2.0

// layerGeoJSON serves a layer's current areas in WGS84 for Leaflet,
// simplified for display. Lookups always use the full geometry.
func (s *Server) layerGeoJSON(w http.ResponseWriter, r *http.Request) {
	l, v, areas, err := s.spatial.LayerAreas(r.Context(), r.PathValue("layer"))
	if err != nil {
		s.errorJSON(w, r, err)
		return
	}
	key := l.Code + "/" + strconv.FormatInt(v.ID, 10)
	etag := `"` + key + `"`
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body, ok := s.mapCache.Load(key)
	if !ok {
		b, err := mapGeoJSON(l, areas, s.spatial.SRID())
		if err != nil {
			s.errorJSON(w, r, err)
			return
		}
		body, _ = s.mapCache.LoadOrStore(key, b)
	}
	w.Header().Set("Content-Type", "application/geo+json")
	w.Header().Set("ETag", etag)
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(body.([]byte))
}

func mapGeoJSON(l *quartier.Layer, areas []quartier.Area, srid quartier.SRID) ([]byte, error) {
	fc := geojson.NewFeatureCollection()
	simp := simplify.DouglasPeucker(mapTolerance)
	for _, a := range areas {
		g := simp.MultiPolygon(a.Geometry.Clone())
		g, err := geo.TransformMultiPolygon(g, srid, quartier.WGS84)
		if err != nil {
			return nil, err
		}
		round(g)
		f := geojson.NewFeature(g)
		f.ID = a.Code
		f.Properties["code"] = a.Code
		f.Properties["name"] = a.Name
		f.Properties["href"] = fmt.Sprintf("/ebenen/%s/%s", l.Code, a.Code)
		fc.Append(f)
	}
	var buf bytes.Buffer
	b, err := fc.MarshalJSON()
	if err != nil {
		return nil, err
	}
	buf.Write(b)
	return buf.Bytes(), nil
}

// round cuts coordinates to 6 decimals (~10 cm), plenty for display.
func round(mp orb.MultiPolygon) {
	for _, poly := range mp {
		for _, ring := range poly {
			for i, p := range ring {
				ring[i] = orb.Point{roundDeg(p[0]), roundDeg(p[1])}
			}
		}
	}
}

// roundDeg keeps six decimals of a degree (11 cm), plenty for a map and a
// third of the bytes.
func roundDeg(v float64) float64 { return math.Round(v*1e6) / 1e6 }
