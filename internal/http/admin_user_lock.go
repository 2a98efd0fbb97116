package http

import "net/http"

// userLock locks (lock true) or unlocks an account; locking ends its
// sessions.
func (s *Server) userLock(lock bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := readForm(w, r, smallFormLimit()); err != nil {
			s.errorPage(w, r, err)
			return
		}
		login := r.PathValue("login")
		run, done := s.access.UnlockUser, "entsperrt"
		if lock {
			run, done = s.access.LockUser, "gesperrt"
		}
		if err := run(r.Context(), login); err != nil {
			s.errorPage(w, r, err)
			return
		}
		http.Redirect(w, r, userPath(login)+"?erledigt="+done, http.StatusSeeOther)
	}
}
