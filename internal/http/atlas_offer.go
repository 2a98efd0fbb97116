package http

import (
	"net/http"
	"net/url"
)

// atlasOffer is the page of one offer: what, for whom, when, where, whom
// to call, and a link to share or to report a mistake.
func (s *Server) atlasOffer(w http.ResponseWriter, r *http.Request) {
	d, err := s.atlas.Offer(r.Context(), r.PathValue("key"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	share := s.absoluteURL("/atlas/angebote/" + url.PathEscape(d.Offer.Key))
	s.render(w, r, "offer", &offerView{page: titled(d.Offer.Name), Detail: d, Share: share,
		Mail: "mailto:?subject=" + url.PathEscape(d.Offer.Name) + "&body=" + url.PathEscape(d.Offer.Name+": "+share)})
}

// atlasPlace is the page of one place with the offers held there.
func (s *Server) atlasPlace(w http.ResponseWriter, r *http.Request) {
	d, err := s.atlas.Place(r.Context(), r.PathValue("key"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, "place", &placeView{page: titled(d.Place.Name), Detail: d})
}

// absoluteURL makes a share link on the configured public address.
func (s *Server) absoluteURL(path string) string { return s.opt.PublicURL + path }
