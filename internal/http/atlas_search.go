package http

import (
	"net/http"
	"strconv"

	"github.com/paulmach/orb"
	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/geo"
)

// atlasSearch is the atlas: search words, a place, facets, the list of
// offers and the map beside it. Without JavaScript the form submits and
// the page reloads; with htmx only the facets and the list are replaced.
// The list is the accessible alternative to the map.
func (s *Server) atlasSearch(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	req, origin, originErr, err := s.atlasRequest(r, q)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	res, err := s.atlas.Search(r.Context(), req)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	spaceLayer := s.spatial.Locator().SpaceLayer()
	var pages []int
	for p := max(1, res.Page-3); p <= min(res.Pages, res.Page+3); p++ {
		pages = append(pages, p)
	}
	lonLat := ""
	if origin != nil {
		if tr, err := geo.Transformer(s.spatial.SRID(), quartier.WGS84); err == nil {
			ll := tr(orb.Point{origin.Point.X, origin.Point.Y})
			lonLat = strconv.FormatFloat(ll[0], 'f', 6, 64) + "," + strconv.FormatFloat(ll[1], 'f', 6, 64)
		}
	}
	chosen := 0
	for _, f := range res.Facets {
		for _, v := range f.Values {
			if v.Selected {
				chosen++
			}
		}
	}
	if q.Get(paramAge) != "" {
		chosen++
	}
	s.render(w, r, "atlas", &atlasView{
		page: page{Title: "Atlas der Angebote", Partial: "atlasbody"}, Params: q, Result: res, Facets: facetsHTML(res.Facets), Hits: hitsHTML(res.Hits, listCard()), Chosen: chosen,
		Origin: origin, OriginLonLat: lonLat, OriginError: originErr, Radii: radii(), Radius: q.Get(paramRadius), SpaceLayer: spaceLayer, Pages: pages,
		MapQuery: q.Encode(), Query: query(q),
		Prev: withParam(q, paramPage, strconv.Itoa(min(res.Page-1, res.Pages))), Next: withParam(q, paramPage, strconv.Itoa(res.Page+1)),
		Last: withParam(q, paramPage, strconv.Itoa(res.Pages)),
	})
}
