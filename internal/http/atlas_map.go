package http

import (
	"net/http"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/geo"
)

// atlasMap serves the places of every offer matching the atlas query as
// WGS84 GeoJSON points for the map. It knows only what the list knows:
// confidential places appear solely for those who may see them.
func (s *Server) atlasMap(w http.ResponseWriter, r *http.Request) {
	req, _, _, err := s.atlasRequest(r, r.URL.Query())
	if err != nil {
		s.errorJSON(w, r, err)
		return
	}
	pts, err := s.atlas.SearchMap(r.Context(), req)
	if err != nil {
		s.errorJSON(w, r, err)
		return
	}
	tr, err := geo.Transformer(s.spatial.SRID(), quartier.WGS84)
	if err != nil {
		s.errorJSON(w, r, err)
		return
	}
	fc := geojson.NewFeatureCollection()
	for _, p := range pts {
		ll := tr(orb.Point{p.X, p.Y})
		f := geojson.NewFeature(orb.Point{roundDeg(ll[0]), roundDeg(ll[1])})
		f.Properties = geojson.Properties{"key": p.Key, "name": p.Name, "offers": p.Offers}
		if p.Offer != "" {
			f.Properties["url"] = "/atlas/angebote/" + p.Offer
		} else {
			f.Properties["url"] = "/atlas/orte/" + p.Key
		}
		fc.Append(f)
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, fc)
}
