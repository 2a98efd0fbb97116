package http

import (
	"net/http"
	"time"

	"github.com/quartier/quartier"
)

// monitoringView lists the indicators and indices of the social
// monitoring.
type monitoringView struct {
	page
	Indicators []quartier.Indicator
	Indices    []quartier.Index
	Dates      map[string][]time.Time
	LayerNames map[string]string
	Spaces     []layerChoice // for the space profiles
}

// monitoringList is the list of indicators (name, unit, kind, direction,
// source, licence, layer and Gebietsstand, reference dates) and indices.
// The route needs indicators.read, and the context checks it again: the
// dates say what was delivered, and published outputs for the public are
// not pages of their own yet.
func (s *Server) monitoringList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	dates, err := s.monitoring.ReferenceDates(ctx)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	v := &monitoringView{page: titled("Sozialmonitoring"), Dates: dates, LayerNames: s.layerNames(r)}
	if v.Indicators, err = s.monitoring.Indicators(ctx); err != nil {
		s.errorPage(w, r, err)
		return
	}
	if v.Indices, err = s.monitoring.Indices(ctx); err != nil {
		s.errorPage(w, r, err)
		return
	}
	loc := s.spatial.Locator()
	for _, a := range loc.Areas(loc.SpaceLayer()) {
		v.Spaces = append(v.Spaces, layerChoice{a.Code, a.Name})
	}
	s.render(w, r, "monitoring", v)
}

// layerNames maps layer codes to their names, so pages name a layer
// rather than print its code.
func (s *Server) layerNames(r *http.Request) map[string]string {
	out := map[string]string{}
	layers, _ := s.spatial.Layers(r.Context())
	for _, l := range layers {
		out[l.Layer.Code] = l.Layer.Name
	}
	return out
}
