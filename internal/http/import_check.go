package http

import (
	"net/http"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/app"
)

// importForm shows the upload form of the import check.
func (s *Server) importForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, "import", map[string]any{"Title": "Import prüfen"})
}

// importCheck validates an uploaded GeoJSON exactly as the import does and
// shows the located report. It never writes: writing layers over the web
// waits for signed-in accounts (issue 4); until then `quartier import` does.
func (s *Server) importCheck(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, s.opt.MaxUploadBytes)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		s.render(w, r, "import", map[string]any{"Title": "Import prüfen", "Error": uploadError(err, s.opt.MaxUploadBytes)})
		return
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		s.render(w, r, "import", map[string]any{"Title": "Import prüfen", "Error": "Bitte eine GeoJSON-Datei auswählen."})
		return
	}
	defer f.Close()
	crs, _ := parseNumber(r.FormValue("crs"))
	kind := quartier.LayerImported
	if r.FormValue("kind") == "block" {
		kind = quartier.LayerBlock
	}
	rep, err := s.app.ImportAreas(r.Context(), app.ImportAreasRequest{
		Layer:        app.LayerSpec{Code: "pruefung", Name: "Prüfung", Kind: kind},
		Input:        f,
		Source:       hdr.Filename,
		CodeProperty: orDefault(r.FormValue("code_prop"), "code"),
		NameProperty: orDefault(r.FormValue("name_prop"), "name"),
		SourceSRID:   quartier.SRID(int(crs)),
		DryRun:       true,
		Repair:       r.FormValue("repair") == "on",
		MaxBytes:     s.opt.MaxUploadBytes,
	})
	data := map[string]any{"Title": "Import prüfen", "Report": rep, "File": hdr.Filename}
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
