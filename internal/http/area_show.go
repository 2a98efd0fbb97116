package http

import (
	"net/http"
	"time"
)

// areaShow is the area page: blocks, the areas it lies in, and for a social
// space the provider with its history, teams, rooms and leadership duo.
func (s *Server) areaShow(w http.ResponseWriter, r *http.Request) {
	d, err := s.spatial.Area(r.Context(), r.PathValue("layer"), r.PathValue("code"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, "area", &areaView{page: titled(d.Area.Name), Detail: d, Duo: d.CurrentDuo(time.Now())})
}

// areaSVG draws the area and, for composed areas, its blocks as a small
// server-side SVG map: it needs no JavaScript and prints well.
func (s *Server) areaSVG(w http.ResponseWriter, r *http.Request) {
	d, err := s.spatial.Area(r.Context(), r.PathValue("layer"), r.PathValue("code"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Cache-Control", "max-age=300")
	writeAreaSVG(w, d.Area.Name, d.Area.Geometry, 480)
}
