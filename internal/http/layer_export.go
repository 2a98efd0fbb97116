package http

import (
	"fmt"
	"net/http"

	"github.com/quartier/quartier"
)

// layerExport downloads a layer as GeoJSON (?crs=4326|25832|25833) or its
// block table as CSV (?format=csv).
func (s *Server) layerExport(w http.ResponseWriter, r *http.Request) {
	layer := r.PathValue("layer")
	if r.URL.Query().Get("format") == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", layer+"-bausteine.csv"))
		if err := s.spatial.ExportBlockTable(r.Context(), layer, w); err != nil {
			s.errorJSON(w, r, err)
		}
		return
	}
	crs, _ := parseNumber(r.URL.Query().Get("crs"))
	srid := quartier.SRID(int(crs))
	if srid == quartier.NoSRID {
		srid = quartier.WGS84
	}
	w.Header().Set("Content-Type", "application/geo+json")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", fmt.Sprintf("%s-epsg%d.geojson", layer, int(srid))))
	if err := s.spatial.ExportGeoJSON(r.Context(), layer, srid, w); err != nil {
		s.errorJSON(w, r, err)
	}
}
