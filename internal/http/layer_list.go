package http

import (
	"net/http"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/spatial"
)

// layerList shows every layer with its Gebietsstände.
func (s *Server) layerList(w http.ResponseWriter, r *http.Request) {
	layers, err := s.spatial.Layers(r.Context())
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, "layers", &layersView{page: titled("Ebenen"), Layers: layers})
}

// layerShow lists a layer's current areas and its consistency report.
func (s *Server) layerShow(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("layer")
	layers, err := s.spatial.Layers(r.Context())
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	var info *spatial.LayerInfo
	for i := range layers {
		if layers[i].Layer.Code == code {
			info = &layers[i]
		}
	}
	if info == nil {
		s.errorPage(w, r, quartier.Errorf(quartier.ENOTFOUND, "Die Ebene %s gibt es nicht.", code))
		return
	}
	areas, err := s.spatial.AreaList(r.Context(), code)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	problems, err := s.spatial.CheckLayer(r.Context(), code)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	title := info.Layer.Name
	if title == "" {
		title = code
	}
	s.render(w, r, "layer", &layerView{page: titled(title), Info: *info, Areas: areas, Problems: problems})
}
