package http

import (
	"net/http"
)

// orgOverview: GET /organisation, the spaces with who is responsible, the
// providers and the alliances, each linked to its form.
func (s *Server) orgOverview(w http.ResponseWriter, r *http.Request) {
	o, err := s.spatial.Organisation(r.Context(), "")
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	v := &orgView{page: titled("Organisation der Sozialräume"), Org: o, All: r.URL.Query().Has("alle"),
		Saved: orgSaved(r.URL.Query().Get("gespeichert")), Involved: map[string]bool{}}
	// Installations with an atlas know hundreds of providers (each Kita's);
	// the list shows those in the organisation unless asked for all.
	for _, al := range o.Alliances {
		for _, m := range al.Members {
			v.Involved[m.Provider] = true
		}
	}
	for _, so := range o.Spaces {
		for _, as := range so.Assignments {
			v.Involved[as.Assignee] = true
		}
		for _, t := range so.Teams {
			v.Involved[t.Provider] = true
		}
	}
	s.render(w, r, "org", v)
}
