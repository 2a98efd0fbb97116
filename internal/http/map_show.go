package http

import "net/http"

// mapShow is the map of all layers and the lookup form (/karte, the start
// page until families got the atlas there). The map loads each layer's
// GeoJSON from /karte/{layer}; the list of areas beside it is the
// accessible alternative to the map.
func (s *Server) mapShow(w http.ResponseWriter, r *http.Request) {
	layers, err := s.spatial.Layers(r.Context())
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	initial := ""
	for _, l := range layers {
		if l.Layer.Space && l.Current != nil {
			initial = l.Layer.Code
		}
	}
	if initial == "" {
		for _, l := range layers {
			if l.Current != nil {
				initial = l.Layer.Code
				break
			}
		}
	}
	s.render(w, r, "map", &mapView{page: titled("Karte"), Layers: layers, Initial: initial, Params: r.URL.Query()})
}
