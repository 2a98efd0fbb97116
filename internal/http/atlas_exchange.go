package http

import (
	"net/http"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/hsds"
)

// atlasExchange is the HSDS page of the editors: the downloads and the
// upload of an HSDS file (JSON or the CSV package as zip) into the atlas.
func (s *Server) atlasExchange(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, "exchange", &exchangeView{page: titled("Austausch (HSDS 3.1)"), Limit: humanBytes(s.fileLimit(hsds.MaxInputBytes).Bytes)})
}

// atlasExchangeImport checks an uploaded HSDS file and, unless only a
// check was asked, brings it into the atlas: all of it or nothing, within
// the editor's spaces (ImportAtlas checks every place).
func (s *Server) atlasExchangeImport(w http.ResponseWriter, r *http.Request) {
	lim := s.fileLimit(hsds.MaxInputBytes)
	data := &exchangeView{page: titled("Austausch (HSDS 3.1)"), Limit: humanBytes(lim.Bytes)}
	fail := func(status int, msg string, problems []quartier.Problem) {
		data.Error, data.Problems = msg, problems
		w.WriteHeader(status)
		s.render(w, r, "exchange", data)
	}
	f, err := readFile(w, r, lim, "eine HSDS-Datei (.json oder .zip)")
	if err != nil {
		fail(statusOf(err), s.userMessage(r, err), nil)
		return
	}
	defer f.Close()
	topics, err := s.atlas.Topics(r.Context())
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	d, warnings, err := hsds.Decode(f, hsds.DecodeOptions{SRID: s.spatial.SRID(), Topics: topics})
	if err != nil {
		fail(statusOf(err), s.userMessage(r, err), quartier.ErrorProblems(err))
		return
	}
	data.File, data.Warnings = f.Name, warnings
	data.Counts = &exchangeCounts{Providers: len(d.Providers), Places: len(d.Places), Offers: len(d.Offers)}
	if r.FormValue("pruefen") != "" {
		data.Checked = true
		s.render(w, r, "exchange", data)
		return
	}
	rep, err := s.atlas.ImportAtlas(r.Context(), d.Import("HSDS "+f.Name))
	if err != nil {
		fail(statusOf(err), s.userMessage(r, err), quartier.ErrorProblems(err))
		return
	}
	data.Report = rep
	s.render(w, r, "exchange", data)
}
