package http

import (
	"net/http"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/spatial"
)

// teamCreate: POST /organisation/sozialraeume/{space}/teams.
func (s *Server) teamCreate(w http.ResponseWriter, r *http.Request) {
	if !s.readOrgForm(w, r) {
		return
	}
	st := spatial.SetupTeam{Code: orgValue(r, "tm-code"), Space: quartier.SpaceCode(r.PathValue("space")), Kind: orgValue(r, "tm-kind"),
		Name: orgValue(r, "tm-name")}
	if st.Kind == string(quartier.TeamProvider) {
		st.Provider = orgValue(r, "tm-provider")
	}
	if err := s.spatial.CreateTeam(r.Context(), st); err != nil {
		s.orgSpaceFailed(w, r, err, &formErrors{}, "tm-", "code", "name", "kind", "provider")
		return
	}
	orgSpaceSaved(w, r, "team", "team-"+st.Code)
}

// teamRename: POST /organisation/sozialraeume/{space}/teams/{team}.
func (s *Server) teamRename(w http.ResponseWriter, r *http.Request) {
	if !s.readOrgForm(w, r) {
		return
	}
	team := r.PathValue("team")
	prefix := "tn-" + team + "-"
	if err := s.spatial.RenameTeam(r.Context(), quartier.SpaceCode(r.PathValue("space")), team, orgValue(r, prefix+"name")); err != nil {
		s.orgSpaceFailed(w, r, err, &formErrors{}, prefix, "name")
		return
	}
	orgSpaceSaved(w, r, "teamname", "team-"+team)
}
