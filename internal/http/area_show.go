package http

import (
	"net/http"
	"slices"
	"time"

	"github.com/quartier/quartier/internal/atlas"
	"github.com/quartier/quartier/internal/spatial"
)

// areaShow is the area page: blocks, the areas it lies in, and for a social
// space the provider with its history, teams, rooms and leadership duo.
func (s *Server) areaShow(w http.ResponseWriter, r *http.Request) {
	d, err := s.spatial.Area(r.Context(), r.PathValue("layer"), r.PathValue("code"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	v := &areaView{page: titled(d.Area.Name), Detail: d, Duo: d.CurrentDuo(time.Now())}
	if v.OffersIn, err = s.areaOffers(r, d); err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, "area", v)
}

// areaOffers counts the atlas's offers in the social space of an area:
// the space itself, or the one a block lies in. Other areas may cut
// across spaces and get none.
func (s *Server) areaOffers(r *http.Request, d *spatial.AreaDetail) (*spaceOffers, error) {
	space := spatial.AreaRef{Code: d.Area.Code, Name: d.Area.Name}
	if !d.Layer.Space {
		i := slices.IndexFunc(d.Within, func(h spatial.Hit) bool { return h.Layer == s.spatial.Locator().SpaceLayer() && h.Code != "" })
		if i < 0 {
			return nil, nil
		}
		space = spatial.AreaRef{Code: d.Within[i].Code, Name: d.Within[i].Name}
	}
	res, err := s.atlas.Search(r.Context(), atlas.SearchRequest{Spaces: []string{space.Code}, PerPage: 1, NoFacets: true})
	if err != nil {
		return nil, err
	}
	return &spaceOffers{Space: space, Count: res.Total}, nil
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
