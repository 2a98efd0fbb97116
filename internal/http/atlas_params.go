package http

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/atlas"
)

// Atlas URLs speak German and are shareable: /atlas?q=Beratung&thema=sport
// &ort=Schwedter+Str.+234,+10435&umkreis=1000 is a link a counsellor can
// send to a family.
const (
	paramText   = "q"
	paramPlace  = "ort"     // address
	paramLon    = "lon"     // or a point (map click, WGS84)
	paramLat    = "lat"     //
	paramRadius = "umkreis" // metres
	paramAge    = "jahre"   // exact age
	paramSort   = "sort"
	paramPage   = "seite"
)

// sortParam maps the URL's sort word to the use case's ("" automatic).
func sortParam(v string) string {
	switch v {
	case "relevanz":
		return atlas.SortRelevance
	case "entfernung":
		return atlas.SortDistance
	case "name":
		return atlas.SortName
	}
	return ""
}

// radii are the choices of the radius select, in metres.
func radii() []int { return []int{500, 1000, 2000, 5000} }

// atlasRequest reads a search from URL values. A location that cannot be
// found is reported in originErr and the search runs without it, so a
// mistyped address still lists offers; a bad page number is err.
func (s *Server) atlasRequest(r *http.Request, q url.Values) (req atlas.SearchRequest, origin *atlas.Origin, originErr string, err error) {
	req = atlas.SearchRequest{
		Text:         strings.TrimSpace(q.Get(paramText)),
		Spaces:       q[atlas.FacetSpace],
		Topics:       q[atlas.FacetTopic],
		TargetGroups: q[atlas.FacetTargetGroup],
		Languages:    q[atlas.FacetLanguage],
		Access:       q[atlas.FacetAccess],
		AgeGroups:    q[atlas.FacetAge],
		OpenNow:      q.Get(atlas.FacetOpenNow) != "",
		Sort:         sortParam(q.Get(paramSort)),
	}
	if req.Page, err = intParam(q, paramPage, 1, maxPage); err != nil {
		return req, nil, "", err
	}
	if n, err := strconv.Atoi(q.Get(paramAge)); err == nil && n >= 0 && n <= 120 {
		req.Age = n
	}
	switch {
	case strings.TrimSpace(q.Get(paramPlace)) != "":
		origin, err = s.atlas.OriginFromAddress(r.Context(), q.Get(paramPlace))
	case q.Get(paramLon) != "":
		lon, e1 := parseNumber(q.Get(paramLon))
		lat, e2 := parseNumber(q.Get(paramLat))
		if e1 != nil || e2 != nil {
			err = quartier.Errorf(quartier.EINVALID, "Länge und Breite müssen Zahlen sein.")
		} else {
			origin, err = s.atlas.OriginFromPoint(r.Context(), lon, lat, quartier.WGS84)
		}
	}
	if err != nil {
		originErr, err = s.userMessage(r, err), nil
	}
	if origin != nil {
		req.Near = &origin.Point
		req.HomeSpace = origin.Space
		if m, err := strconv.Atoi(q.Get(paramRadius)); err == nil && m > 0 && m <= 50000 {
			req.Radius = float64(m)
		}
	}
	return req, origin, originErr, nil
}

// withParam returns "?" and the query of q with key set to value (""
// drops it), for paging links. It is a template.URL because html/template
// would escape the "=" and "&" of a plain string in an href's query.
func withParam(q url.Values, key, value string) template.URL {
	c := url.Values{}
	for k, v := range q {
		c[k] = v
	}
	if value == "" {
		c.Del(key)
	} else {
		c.Set(key, value)
	}
	return query(c)
}

// query renders URL values as "?…" for an href or src (see withParam).
func query(q url.Values) template.URL {
	if len(q) == 0 {
		return ""
	}
	return template.URL("?" + q.Encode())
}
