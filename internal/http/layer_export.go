package http

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/gpkg"
)

// layerExport downloads a layer as GeoJSON (?crs=4326|25832|25833), as a
// GeoPackage (?format=gpkg, also of a past Gebietsstand: &stand=ID) or its
// block table as CSV (?format=csv).
func (s *Server) layerExport(w http.ResponseWriter, r *http.Request) {
	layer := r.PathValue("layer")
	if r.URL.Query().Get("format") == "gpkg" {
		s.layerExportGeoPackage(w, r, layer)
		return
	}
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

// layerExportGeoPackage sends a Gebietsstand of a layer as a GeoPackage.
func (s *Server) layerExportGeoPackage(w http.ResponseWriter, r *http.Request, layer string) {
	q := r.URL.Query()
	srid := s.spatial.SRID()
	if c := q.Get("crs"); c != "" {
		var err error
		if srid, err = quartier.ParseSRID(c); err != nil {
			s.errorJSON(w, r, err)
			return
		}
	}
	var version int64
	if v := q.Get("stand"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 {
			s.errorJSON(w, r, quartier.Errorf(quartier.EINVALID, "Parameter „stand“: „%s“ ist keine Nummer eines Gebietsstands.", v))
			return
		}
		version = n
	}
	l, v, areas, err := s.spatial.ExportAreas(r.Context(), layer, version, "GeoPackage")
	if err != nil {
		s.errorJSON(w, r, err)
		return
	}
	gl, err := gpkg.AreaLayer(l, v, areas, s.spatial.SRID(), srid)
	if err != nil {
		s.errorJSON(w, r, err)
		return
	}
	s.sendGeoPackage(w, r, []gpkg.Layer{gl}, fmt.Sprintf("%s-%s-epsg%d.gpkg", l.Code, v.ReferenceDate.Format(quartier.DateLayout), int(srid)))
}

// sendGeoPackage writes the package to a temporary file (SQLite needs
// one) and sends it; the file is gone afterwards.
func (s *Server) sendGeoPackage(w http.ResponseWriter, r *http.Request, layers []gpkg.Layer, filename string) {
	dir, err := os.MkdirTemp("", "quartier-gpkg-*")
	if err != nil {
		s.errorJSON(w, r, err)
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "export.gpkg")
	if err := gpkg.Write(r.Context(), path, layers); err != nil {
		s.errorJSON(w, r, err)
		return
	}
	f, err := os.Open(path)
	if err != nil {
		s.errorJSON(w, r, err)
		return
	}
	defer f.Close()
	w.Header().Set("Content-Type", "application/geopackage+sqlite3")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", filename))
	io.Copy(w, f)
}
