package http

import (
	"net/http"
	"strconv"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/spatial"
)

// layerComposeForm: GET /einspielen/zusammensetzung, a layer composed of
// blocks by a block→area table (for the import permission).
func (s *Server) layerComposeForm(w http.ResponseWriter, r *http.Request) {
	v, err := s.layerUploadData(r, "Ebene aus Bausteinen zusammensetzen", spatial.MaxMembershipBytes, quartier.LayerComposed)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, "layers_compose", v)
}

// layerCompose: POST /einspielen/zusammensetzung checks the table against
// the current blocks and shows the located report; the second step writes
// the new Gebietsstand.
func (s *Server) layerCompose(w http.ResponseWriter, r *http.Request) {
	v, err := s.layerUploadData(r, "Ebene aus Bausteinen zusammensetzen", spatial.MaxMembershipBytes, quartier.LayerComposed)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	defer s.render(w, r, "layers_compose", v)
	f, err := readFile(w, r, s.fileLimit(spatial.MaxMembershipBytes), "eine CSV-Datei")
	v.Form = r.PostForm
	if err != nil {
		v.Errors.Add("file", s.userMessage(r, err))
		s.uploadFailed(w, r, v, err, true)
		return
	}
	defer f.Close()
	v.File = f.Name
	spec, ref, from := v.layerTarget(quartier.LayerComposed)
	if v.Errors.Any() {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	g := v.Form.Get
	token, err := uploadToken(f, spec.Code, spec.Name, strconv.FormatBool(spec.Space), g("date"), g("valid_from"), g("partial"))
	if err != nil {
		s.uploadFailed(w, r, v, err, false)
		return
	}
	write, notice := uploadStep(r, token)
	v.Notice = notice
	members, err := spatial.ReadMemberships(f)
	if err != nil {
		v.Report = &spatial.ImportReport{Layer: spec.Code, Problems: quartier.ErrorProblems(err)}
		s.uploadFailed(w, r, v, err, len(v.Report.Problems) > 0)
		return
	}
	rep, err := s.spatial.ComposeLayer(r.Context(), spatial.ComposeRequest{Layer: spec, Members: members, ReferenceDate: ref, ValidFrom: from,
		Source: f.Name, DryRun: !write, AllowPartial: g("partial") != ""})
	v.Report = rep
	if err != nil {
		s.uploadFailed(w, r, v, err, rep != nil && len(rep.Problems) > 0)
		return
	}
	if !write {
		v.Token = token
	}
}
