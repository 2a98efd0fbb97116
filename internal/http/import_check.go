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
func (s *Server) importData(r *http.Request) map[string]any {
	lim, hint := s.spatial.AreaLimits(r.Context())
	return map[string]any{"Title": "Import prüfen", "MaxBytes": humanBytes(min(lim.Bytes, s.opt.MaxUploadBytes)),
		"MaxVertices": geo.Count(lim.Vertices), "LimitHint": hint}
}

// importCheck validates an uploaded GeoJSON exactly as the import does and
// shows the located report. It never writes: writing layers over the web
// waits for signed-in accounts (issue 4); until then `quartier import` does.
func (s *Server) importCheck(w http.ResponseWriter, r *http.Request) {
	data := s.importData(r)
	lim, _ := s.spatial.AreaLimits(r.Context())
	maxFile := min(lim.Bytes, s.opt.MaxUploadBytes)
	// The other fields and the multipart framing come on top of the file.
	r.Body = http.MaxBytesReader(w, r.Body, maxFile+64<<10)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		data["Error"] = uploadError(err, maxFile)
		if _, ok := err.(*http.MaxBytesError); ok {
			data["Error"] = strings.TrimSpace(uploadError(err, maxFile) + " " + data["LimitHint"].(string))
			w.WriteHeader(http.StatusRequestEntityTooLarge)
		}
		s.render(w, r, "import", data)
		return
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		data["Error"] = "Bitte eine GeoJSON-Datei auswählen."
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
		Source:       hdr.Filename,
		CodeProperty: orDefault(r.FormValue("code_prop"), "code"),
		NameProperty: orDefault(r.FormValue("name_prop"), "name"),
		SourceSRID:   quartier.SRID(int(crs)),
		DryRun:       true,
		Repair:       r.FormValue("repair") == "on",
		MaxBytes:     maxFile,
	})
	data["Report"], data["File"] = rep, hdr.Filename
	if err != nil {
		if rep == nil {
			data["Error"] = s.userMessage(r, err)
		}
		w.WriteHeader(statusOf(err))
	}
	s.render(w, r, "import", data)
}

func uploadError(err error, limit int64) string {
	if _, ok := err.(*http.MaxBytesError); ok {
		return "Die Datei ist zu groß (höchstens " + humanBytes(limit) + ")."
	}
	return "Die Übertragung war fehlerhaft: bitte die Datei erneut wählen."
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
