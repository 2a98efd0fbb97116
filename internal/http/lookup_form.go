package http

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/spatial"
)

// lookupForm answers "which block and areas" for an address or a coordinate.
// Without parameters it shows the empty form; with htmx only the result.
func (s *Server) lookupForm(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	data := &lookupView{page: page{Title: "Zuordnung", Partial: "result"}, Params: q}
	if !hasLookupQuery(q.Get) {
		data.Partial = "content"
		s.render(w, r, "lookup", data)
		return
	}
	res, err := s.lookup(r, q.Get)
	if err != nil {
		w.WriteHeader(statusOf(err))
		data.Error = s.userMessage(r, err)
	} else {
		data.Result = &res
	}
	s.render(w, r, "lookup", data)
}

func hasLookupQuery(get func(string) string) bool {
	return get("street") != "" || get("x") != "" || get("lon") != ""
}

// lookup reads an address (street, no, postcode, ort: the Ortsteil or
// Bezirk, which is checked and narrows as a typed place does; the whole
// address may stand in street, see spatial.FieldsAddress) or a
// coordinate (x, y, crs or lon, lat) from form or query values.
func (s *Server) lookup(r *http.Request, get func(string) string) (spatial.LookupResult, error) {
	if street := strings.TrimSpace(get("street")); street != "" {
		return s.spatial.LookupAddress(r.Context(), spatial.FormAddress(street, get("no"), get("postcode"), get("ort")))
	}
	xs, ys, crs := get("x"), get("y"), quartier.SRID(0)
	if get("lon") != "" {
		xs, ys, crs = get("lon"), get("lat"), quartier.WGS84
	} else if c := get("crs"); c != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(strings.ToUpper(c), "EPSG:"))
		if err != nil {
			return spatial.LookupResult{}, quartier.Errorf(quartier.EINVALID, "Koordinatensystem %q ist keine EPSG-Nummer.", c)
		}
		crs = quartier.SRID(n)
	}
	x, errX := parseNumber(xs)
	y, errY := parseNumber(ys)
	if errX != nil || errY != nil {
		return spatial.LookupResult{}, quartier.Errorf(quartier.EINVALID, "Die Koordinate muss aus zwei Zahlen bestehen.")
	}
	return s.spatial.LookupPoint(r.Context(), x, y, crs)
}

// parseNumber accepts a German decimal comma, as people type "13,405".
func parseNumber(s string) (float64, error) {
	return strconv.ParseFloat(strings.Replace(strings.TrimSpace(s), ",", ".", 1), 64)
}
