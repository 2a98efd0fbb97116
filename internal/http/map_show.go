package http

import (
	"net/http"
	"slices"

	"github.com/quartier/quartier/internal/spatial"
)

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
	// The layer chosen (the form, without JavaScript), else the social
	// spaces, else the first with a current version.
	chosen := r.URL.Query().Get("ebene")
	initial := ""
	for _, pick := range []func(spatial.LayerInfo) bool{
		func(l spatial.LayerInfo) bool { return l.Layer.Code == chosen },
		func(l spatial.LayerInfo) bool { return l.Layer.Space },
		func(spatial.LayerInfo) bool { return true },
	} {
		if i := slices.IndexFunc(layers, func(l spatial.LayerInfo) bool { return l.Current != nil && pick(l) }); i >= 0 {
			initial = layers[i].Layer.Code
			break
		}
	}
	s.render(w, r, "map", &mapView{page: titled("Karte der Gebiete"), Layers: layers, Initial: initial, Params: r.URL.Query()})
}
