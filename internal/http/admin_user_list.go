package http

import "net/http"

// userList lists the accounts with their grants, spaces, teams and
// providers by name.
func (s *Server) userList(w http.ResponseWriter, r *http.Request) {
	users, err := s.access.Users(r.Context())
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	choices, err := s.access.GrantNames(r.Context(), users)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	rows := make([]userRow, len(users))
	for i, u := range users {
		rows[i] = userRow{UserInfo: u, Grants: grantRows(choices, u.Grants)}
	}
	s.render(w, r, "users", &usersView{page: titled("Konten"), Users: rows})
}
