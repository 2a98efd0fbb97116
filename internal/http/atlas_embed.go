package http

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/atlas"
)

// presetParams are the filters a municipal or provider website fixes in
// its embed; the visitor searches within them.
func presetParams() []string {
	return []string{atlas.FacetSpace, atlas.FacetTopic, atlas.FacetTargetGroup, atlas.FacetAge, atlas.FacetLanguage, atlas.FacetAccess}
}

// atlasEmbed is the atlas for an iframe on another website: the list with
// a search field inside preset filters, links opening the full atlas in a
// new tab. Only the configured origins may frame it; cookies are not sent
// in a third-party frame, so it always shows the public view.
func (s *Server) atlasEmbed(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	req, _, _, err := s.atlasRequest(r, q)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	req.PerPage, req.NoFacets = 10, true
	// The embed is public whoever's browser shows it.
	res, err := s.atlas.Search(quartier.WithActor(r.Context(), nil), req)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	preset := url.Values{}
	for _, p := range presetParams() {
		if v, ok := q[p]; ok {
			preset[p] = v
		}
	}
	s.allowFraming(w)
	s.renderBare(w, r, "embed", &embedView{page: titled("Angebote"), Params: q, Result: res, Preset: preset, Hits: hitsHTML(res.Hits, embedCard()),
		Full: "/atlas?" + q.Encode(), Prev: withParam(q, paramPage, strconv.Itoa(min(res.Page-1, res.Pages))), Next: withParam(q, paramPage, strconv.Itoa(res.Page+1)),
		Last: withParam(q, paramPage, strconv.Itoa(res.Pages))})
}

// atlasEmbedCode shows webmasters the snippet for the current filters.
func (s *Server) atlasEmbedCode(w http.ResponseWriter, r *http.Request) {
	q := url.Values{}
	for _, p := range presetParams() {
		if v, ok := r.URL.Query()[p]; ok {
			q[p] = v
		}
	}
	src := s.absoluteURL("/einbetten/atlas?" + q.Encode())
	snippet := `<iframe src="` + src + `" title="Angebote für Familien und junge Menschen" width="100%" height="640" loading="lazy" referrerpolicy="no-referrer"></iframe>`
	s.render(w, r, "embedcode", &embedCodeView{page: titled("Atlas einbetten"), Snippet: snippet, Src: src, Origins: s.opt.EmbedOrigins})
}

// allowFraming replaces the global "never frame" headers by the list of
// origins allowed to embed; without any, framing stays refused.
func (s *Server) allowFraming(w http.ResponseWriter) {
	h := w.Header()
	ancestors := "'none'"
	if len(s.opt.EmbedOrigins) > 0 {
		ancestors = strings.Join(s.opt.EmbedOrigins, " ")
		h.Del("X-Frame-Options")
	}
	h.Set("Content-Security-Policy", strings.Replace(s.csp, "frame-ancestors 'none'", "frame-ancestors "+ancestors, 1))
}

// ParseEmbedOrigins reads QUARTIER_EMBED_ORIGINS: origins separated by
// spaces or commas, each scheme://host[:port] without a path.
func ParseEmbedOrigins(v string) ([]string, error) {
	var out []string
	for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' }) {
		u, err := url.Parse(f)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.Path != "" && u.Path != "/" || u.RawQuery != "" || strings.ContainsAny(u.Host, "*;'\"") {
			return nil, quartier.Errorf(quartier.EINVALID, "QUARTIER_EMBED_ORIGINS: %q ist kein Ursprung der Form https://www.beispiel.de.", f)
		}
		out = append(out, u.Scheme+"://"+u.Host)
	}
	return out, nil
}
