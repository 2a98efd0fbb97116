package http

import (
	"net/http"
	"strconv"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/spatial"
)

// layerUploadForm: GET /einspielen/gebietsstand, a GeoJSON as a new
// Gebietsstand of a layer with its own geometry (for the import
// permission).
func (s *Server) layerUploadForm(w http.ResponseWriter, r *http.Request) {
	v, err := s.layerUploadData(r, "Gebietsstand einspielen", spatial.ImportAreaLimits.Bytes, quartier.LayerBlock, quartier.LayerImported)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	v.Form.Set("code_prop", "code")
	v.Form.Set("name_prop", "name")
	s.render(w, r, "layers_upload", v)
}

// layerUpload: POST /einspielen/gebietsstand checks the file exactly as the
// import does and shows the located report; the second step writes it.
func (s *Server) layerUpload(w http.ResponseWriter, r *http.Request) {
	lim, _ := s.spatial.AreaLimits(r.Context())
	v, err := s.layerUploadData(r, "Gebietsstand einspielen", lim.Bytes, quartier.LayerBlock, quartier.LayerImported)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	defer s.render(w, r, "layers_upload", v)
	f, err := readFile(w, r, s.fileLimit(lim.Bytes), "eine GeoJSON-Datei")
	v.Form = r.PostForm
	if err != nil {
		v.Errors.Add("file", s.userMessage(r, err))
		s.uploadFailed(w, r, v, err, true)
		return
	}
	defer f.Close()
	v.File = f.Name
	spec, ref, from := v.layerTarget(quartier.LayerImported)
	crs, errCRS := strconv.Atoi(orDefault(v.Form.Get("crs"), "0"))
	if errCRS != nil {
		v.Errors.Add("crs", "Bitte ein Koordinatensystem der Liste wählen.")
	}
	if v.Errors.Any() {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	g := v.Form.Get
	token, err := uploadToken(f, spec.Code, spec.Name, string(spec.Kind), strconv.FormatBool(spec.Space), g("date"), g("valid_from"),
		g("code_prop"), g("name_prop"), g("crs"), g("repair"))
	if err != nil {
		s.uploadFailed(w, r, v, err, false)
		return
	}
	write, notice := uploadStep(r, token)
	v.Notice = notice
	rep, err := s.spatial.ImportAreas(r.Context(), spatial.ImportAreasRequest{
		Layer: spec, Input: f, Source: f.Name, CodeProperty: orDefault(g("code_prop"), "code"), NameProperty: orDefault(g("name_prop"), "name"),
		SourceSRID: quartier.SRID(crs), ReferenceDate: ref, ValidFrom: from, DryRun: !write, Repair: g("repair") != "",
		MaxBytes: s.fileLimit(lim.Bytes).Bytes,
	})
	v.Report = rep
	if err != nil {
		s.uploadFailed(w, r, v, err, rep != nil && len(rep.Problems) > 0)
		return
	}
	if !write {
		v.Token = token
	}
}
