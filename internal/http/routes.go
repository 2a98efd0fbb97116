package http

import "net/http"

// routes lists every endpoint in one place, so a reviewer sees the whole
// surface at a glance. Until accounts arrive (issue 4) the web offers only
// reading and checking; every write goes through the command line.
func (s *Server) routes() {
	s.mux.Handle("GET /assets/", http.StripPrefix("/assets/", http.FileServerFS(assetsFS())))
	s.mux.Handle("GET /favicon.ico", http.RedirectHandler("/assets/favicon.svg", http.StatusMovedPermanently))
	s.mux.HandleFunc("GET /{$}", s.mapShow)
	s.mux.HandleFunc("GET /karte/{layer}", s.layerGeoJSON)
	s.mux.HandleFunc("GET /ebenen", s.layerList)
	s.mux.HandleFunc("GET /ebenen/{layer}", s.layerShow)
	s.mux.HandleFunc("GET /ebenen/{layer}/{code}", s.areaShow)
	s.mux.HandleFunc("GET /ebenen/{layer}/{code}/karte.svg", s.areaSVG)
	s.mux.HandleFunc("GET /zuordnung", s.lookupForm)
	s.mux.HandleFunc("GET /pruefen", s.importForm)
	s.mux.HandleFunc("POST /pruefen", s.importCheck)
	s.mux.HandleFunc("GET /export/{layer}", s.layerExport)
	s.mux.HandleFunc("GET /api/v1/lookup", s.apiLookup)
	s.mux.HandleFunc("POST /api/v1/lookup", s.apiLookupBulk)
	s.mux.HandleFunc("GET /healthz", s.health)
}
