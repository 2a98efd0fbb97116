package http

import (
	"net/http"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/spatial"
)

// assignmentCreate: POST /organisation/sozialraeume/{space}/zustaendigkeit,
// a provider or alliance responsible from a date on; the open assignment
// ends that day.
func (s *Server) assignmentCreate(w http.ResponseWriter, r *http.Request) {
	if !s.readOrgForm(w, r) {
		return
	}
	errs := &formErrors{}
	from := orgDate(r, errs, "as-valid_from", "Beginn", false)
	to := orgDate(r, errs, "as-valid_to", "Ende", true)
	if errs.Any() {
		s.orgSpaceFailed(w, r, nil, errs, "as-")
		return
	}
	err := s.spatial.Assign(r.Context(), spatial.AssignRequest{Space: quartier.SpaceCode(r.PathValue("space")), Assignee: orgValue(r, "as-assignee"),
		ValidFrom: *from, ValidTo: to, Note: orgValue(r, "as-note")})
	if err != nil {
		s.orgSpaceFailed(w, r, err, errs, "as-", "assignee", "valid_from", "valid_to")
		return
	}
	orgSpaceSaved(w, r, "zustaendigkeit", "zustaendigkeit")
}

// assignmentEnd: POST /organisation/sozialraeume/{space}/zustaendigkeit/ende
// ends the open assignment; the history keeps it.
func (s *Server) assignmentEnd(w http.ResponseWriter, r *http.Request) {
	if !s.readOrgForm(w, r) {
		return
	}
	errs := &formErrors{}
	to := orgDate(r, errs, "ae-valid_to", "Ende", false)
	if errs.Any() {
		s.orgSpaceFailed(w, r, nil, errs, "ae-")
		return
	}
	if err := s.spatial.EndAssignment(r.Context(), quartier.SpaceCode(r.PathValue("space")), *to); err != nil {
		s.orgSpaceFailed(w, r, err, errs, "ae-", "valid_to")
		return
	}
	orgSpaceSaved(w, r, "ende", "zustaendigkeit")
}
