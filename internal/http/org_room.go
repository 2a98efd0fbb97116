package http

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/quartier/quartier"
)

// roomCreate: POST /organisation/sozialraeume/{space}/teams/{team}/raeume.
func (s *Server) roomCreate(w http.ResponseWriter, r *http.Request) {
	if !s.readOrgForm(w, r) {
		return
	}
	team := r.PathValue("team")
	prefix := "rn-" + team + "-"
	errs := &formErrors{}
	sr := orgRoom(r, errs, prefix)
	if errs.Any() {
		s.orgSpaceFailed(w, r, nil, errs, prefix)
		return
	}
	if err := s.spatial.AddRoom(r.Context(), quartier.SpaceCode(r.PathValue("space")), team, sr); err != nil {
		s.orgSpaceFailed(w, r, err, errs, prefix, "name", "street")
		return
	}
	orgSpaceSaved(w, r, "raum", "team-"+team)
}

// roomID reads the room of the path.
func (s *Server) roomID(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("room"), 10, 64)
	if err != nil {
		s.errorPage(w, r, quartier.Errorf(quartier.ENOTFOUND, "Die Räumlichkeit %q gibt es nicht.", r.PathValue("room")))
		return 0, false
	}
	return id, true
}

// roomUpdate: POST /organisation/sozialraeume/{space}/raeume/{room}.
func (s *Server) roomUpdate(w http.ResponseWriter, r *http.Request) {
	id, ok := s.roomID(w, r)
	if !ok || !s.readOrgForm(w, r) {
		return
	}
	prefix := fmt.Sprintf("r-%d-", id)
	errs := &formErrors{}
	sr := orgRoom(r, errs, prefix)
	if errs.Any() {
		s.orgSpaceFailed(w, r, nil, errs, prefix)
		return
	}
	if err := s.spatial.UpdateRoom(r.Context(), quartier.SpaceCode(r.PathValue("space")), id, sr); err != nil {
		s.orgSpaceFailed(w, r, err, errs, prefix, "name", "street")
		return
	}
	orgSpaceSaved(w, r, "raumgeaendert", fmt.Sprintf("raum-%d", id))
}

// roomRemove: POST /organisation/sozialraeume/{space}/raeume/{room}/entfernen.
func (s *Server) roomRemove(w http.ResponseWriter, r *http.Request) {
	id, ok := s.roomID(w, r)
	if !ok || !s.readOrgForm(w, r) {
		return
	}
	if err := s.spatial.RemoveRoom(r.Context(), quartier.SpaceCode(r.PathValue("space")), id); err != nil {
		s.orgSpaceFailed(w, r, err, &formErrors{}, "")
		return
	}
	orgSpaceSaved(w, r, "raumentfernt", "teams")
}
