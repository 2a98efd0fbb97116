package http

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"

	"github.com/quartier/quartier/internal/report"
)

// The maps drawn on the server, for browsers without JavaScript: the pages
// put them in a <noscript> where Leaflet would draw, so the map area is
// never an empty box. The lists on the same pages stay the accessible way
// through the same content.

// svgMapWidth is the drawing's width in pixels; it scales to its box.
const svgMapWidth = 640

// layerSVG draws the current areas of a layer as outlines. Versions are
// immutable, so each is drawn once.
func (s *Server) layerSVG(w http.ResponseWriter, r *http.Request) {
	l, v, areas, err := s.spatial.LayerAreas(r.Context(), r.PathValue("layer"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	key := "svg:" + l.Code + "/" + strconv.FormatInt(v.ID, 10)
	etag := `"` + key + `"`
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body, ok := s.mapCache.Load(key)
	if !ok {
		outlines := make([]report.MapArea, len(areas))
		for i, a := range areas {
			outlines[i] = report.MapArea{Name: a.Code + " " + a.Name, Geometry: a.Geometry}
		}
		var b bytes.Buffer
		desc := fmt.Sprintf("%d Gebiete als Umrisse; die Liste steht unter „Ebenen“.", len(areas))
		if err := report.AreaMap(&b, "Karte: "+l.Name, desc, outlines, nil, svgMapWidth); err != nil {
			s.errorPage(w, r, err)
			return
		}
		body, _ = s.mapCache.LoadOrStore(key, b.Bytes())
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("ETag", etag)
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(body.([]byte))
}

// atlasMapSVG draws what the atlas map shows for a query: the social
// spaces and a marker per place of all hits, the places as the actor may
// see them (SearchMap, like /atlas/karte.json).
func (s *Server) atlasMapSVG(w http.ResponseWriter, r *http.Request) {
	req, _, _, err := s.atlasRequest(r, r.URL.Query())
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	pts, err := s.atlas.SearchMap(r.Context(), req)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	var outlines []report.MapArea
	if layer := s.spatial.Locator().SpaceLayer(); layer != "" {
		_, _, areas, err := s.spatial.LayerAreas(r.Context(), layer)
		if err != nil {
			s.errorPage(w, r, err)
			return
		}
		for _, a := range areas {
			outlines = append(outlines, report.MapArea{Name: "Sozialraum " + a.Name, Geometry: a.Geometry})
		}
	}
	places := make([]report.MapPoint, len(pts))
	for i, p := range pts {
		name := p.Name
		if p.Offers > 1 {
			name += " (" + strconv.Itoa(p.Offers) + " Angebote)"
		}
		places[i] = report.MapPoint{X: p.X, Y: p.Y, Name: name}
	}
	noun := "Orte"
	if len(pts) == 1 {
		noun = "Ort"
	}
	title := fmt.Sprintf("Karte: %d %s der gefundenen Angebote", len(pts), noun)
	var b bytes.Buffer
	if err := report.AreaMap(&b, title, "Die Sozialräume als Umrisse, die Orte als Punkte; dieselben Angebote stehen in der Liste.", outlines, places, svgMapWidth); err != nil {
		s.errorPage(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(b.Bytes())
}
