package http

import (
	"net/http"
	"strings"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/geo"
	"github.com/quartier/quartier/internal/spatial"
)

// importForm shows the upload form of the import check.
func (s *Server) importForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, "import", s.importData(r))
}

// importData is what every state of the import page shows: the title and
// the limits that apply to the visitor.
func (s *Server) importData(r *http.Request) *importView {
	lim, hint := s.spatial.AreaLimits(r.Context())
	return &importView{page: titled("Import prüfen"), MaxBytes: humanBytes(s.fileLimit(lim.Bytes).Bytes),
		MaxVertices: geo.Count(lim.Vertices), LimitHint: hint}
}

// importCheck validates an uploaded GeoJSON exactly as the import does and
// shows the located report, for anyone. It never writes: whoever may
// import layers writes at /einspielen/gebietsstand (or with `quartier
// import areas`).
func (s *Server) importCheck(w http.ResponseWriter, r *http.Request) {
	data := s.importData(r)
	lim, _ := s.spatial.AreaLimits(r.Context())
	maxFile := s.fileLimit(lim.Bytes)
	f, err := readFile(w, r, maxFile, "eine GeoJSON-Datei")
	if err != nil {
		data.Error = s.userMessage(r, err)
		if quartier.ErrorCode(err) == quartier.ETOOLARGE {
			data.Error = strings.TrimSpace(data.Error + " " + data.LimitHint)
		}
		w.WriteHeader(statusOf(err))
		s.render(w, r, "import", data)
		return
	}
	defer f.Close()
	crs, _ := parseNumber(r.FormValue("crs"))
	kind := quartier.LayerImported
	if r.FormValue("kind") == "block" {
		kind = quartier.LayerBlock
	}
	rep, err := s.spatial.ImportAreas(r.Context(), spatial.ImportAreasRequest{
		Layer:        spatial.LayerSpec{Code: "pruefung", Name: "Prüfung", Kind: kind},
		Input:        f,
		Source:       f.Name,
		CodeProperty: orDefault(r.FormValue("code_prop"), "code"),
		NameProperty: orDefault(r.FormValue("name_prop"), "name"),
		SourceSRID:   quartier.SRID(int(crs)),
		DryRun:       true,
		FileOnly:     true,
		Repair:       r.FormValue("repair") == "on",
		MaxBytes:     maxFile.Bytes,
	})
	data.Report, data.File = rep, f.Name
	if err != nil {
		if rep == nil {
			data.Error = s.userMessage(r, err)
		}
		w.WriteHeader(statusOf(err))
	}
	s.render(w, r, "import", data)
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
