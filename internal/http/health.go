package http

import (
	"net/http"

	"github.com/quartier/quartier/internal/geo"
)

// health answers load balancers and the start-up check of `serve`.
func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "layers": len(s.spatial.Locator().Layers())})
}

// humanBytes writes a limit for messages.
func humanBytes(n int64) string { return geo.Size(n) }
