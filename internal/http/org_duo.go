package http

import (
	"net/http"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/spatial"
)

// duoAppoint: POST /organisation/sozialraeume/{space}/leitung puts a
// person in a duo role from a date on; the predecessor's term ends then.
func (s *Server) duoAppoint(w http.ResponseWriter, r *http.Request) {
	if !s.readOrgForm(w, r) {
		return
	}
	sl := spatial.SetupLeadership{Space: quartier.SpaceCode(r.PathValue("space")), Role: orgValue(r, "duo-role"),
		Person: quartier.Person{Name: orgValue(r, "duo-person"), Email: orgValue(r, "duo-email"), Phone: orgValue(r, "duo-phone"),
			Organisation: orgValue(r, "duo-organisation")},
		ValidFrom: orgValue(r, "duo-valid_from")}
	if err := s.spatial.AppointLeader(r.Context(), sl); err != nil {
		s.orgSpaceFailed(w, r, err, &formErrors{}, "duo-", "role", "person", "valid_from")
		return
	}
	orgSpaceSaved(w, r, "leitung", "leitung")
}

// duoEnd: POST /organisation/sozialraeume/{space}/leitung/ende ends the
// open term of a role.
func (s *Server) duoEnd(w http.ResponseWriter, r *http.Request) {
	if !s.readOrgForm(w, r) {
		return
	}
	errs := &formErrors{}
	to := orgDate(r, errs, "de-valid_to", "Ende", false)
	if errs.Any() {
		s.orgSpaceFailed(w, r, nil, errs, "de-")
		return
	}
	if err := s.spatial.EndLeadership(r.Context(), quartier.SpaceCode(r.PathValue("space")), quartier.DuoRole(orgValue(r, "de-role")), *to); err != nil {
		s.orgSpaceFailed(w, r, err, errs, "de-", "role", "valid_to")
		return
	}
	orgSpaceSaved(w, r, "leitungende", "leitung")
}
