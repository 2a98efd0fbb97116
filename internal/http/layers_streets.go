package http

import (
	"net/http"

	"github.com/quartier/quartier/internal/spatial"
	"github.com/quartier/quartier/internal/streetdir"
)

// streetUploadForm: GET /einspielen/strassenverzeichnis, the street
// directory that finds the block of an address (for the import
// permission).
func (s *Server) streetUploadForm(w http.ResponseWriter, r *http.Request) {
	v, err := s.layerUploadData(r, "Straßenverzeichnis einspielen", spatial.MaxStreetBytes)
	if err == nil {
		// The municipality and the Bezirke of the directory in use, to be
		// kept or changed: an import replaces them, as on the command line.
		var city string
		var regions []streetdir.Region
		city, regions, err = s.spatial.StreetImportDefaults(r.Context())
		v.Form.Set("gemeinde", city)
		v.Form.Set("bezirke", streetdir.FormatRegions(regions))
	}
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, "layers_streets", v)
}

// streetUpload: POST /einspielen/strassenverzeichnis checks every line and
// shows the located report; the second step replaces the directory.
func (s *Server) streetUpload(w http.ResponseWriter, r *http.Request) {
	v, err := s.layerUploadData(r, "Straßenverzeichnis einspielen", spatial.MaxStreetBytes)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	defer s.render(w, r, "layers_streets", v)
	f, err := readFile(w, r, s.fileLimit(spatial.MaxStreetBytes), "eine CSV-Datei")
	v.Form = r.PostForm
	if err != nil {
		v.Errors.Add("file", s.userMessage(r, err))
		s.uploadFailed(w, r, v, err, true)
		return
	}
	defer f.Close()
	v.File = f.Name
	token, err := uploadToken(f)
	if err != nil {
		s.uploadFailed(w, r, v, err, false)
		return
	}
	// Bezirke as the command line's --bezirk reads them, one a line.
	regions, err := streetdir.ParseRegions(r.PostFormValue("bezirke"))
	if err != nil {
		v.Errors.Add("bezirke", s.userMessage(r, err))
		s.uploadFailed(w, r, v, err, true)
		return
	}
	write, notice := uploadStep(r, token)
	v.Notice = notice
	rep, err := s.spatial.ImportStreets(r.Context(), spatial.StreetImport{Input: f, Source: f.Name, City: r.PostFormValue("gemeinde"), Regions: regions, DryRun: !write})
	v.Streets = rep
	if err != nil {
		s.uploadFailed(w, r, v, err, rep != nil && len(rep.Problems) > 0)
		return
	}
	if !write {
		v.Token = token
	}
}
