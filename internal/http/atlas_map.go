package http

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/paulmach/orb"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/geo"
)

// atlasMap serves the places of every offer matching the atlas query as
// WGS84 GeoJSON points for the map. It knows only what the list knows:
// confidential places appear solely for those who may see them.
func (s *Server) atlasMap(w http.ResponseWriter, r *http.Request) {
	req, _, _, err := s.atlasRequest(r, r.URL.Query())
	if err != nil {
		s.errorJSON(w, r, err)
		return
	}
	pts, err := s.atlas.SearchMap(r.Context(), req)
	if err != nil {
		s.errorJSON(w, r, err)
		return
	}
	tr, err := geo.Transformer(s.spatial.SRID(), quartier.WGS84)
	if err != nil {
		s.errorJSON(w, r, err)
		return
	}
	// Written straight into one buffer: a feature collection of maps
	// held about 7 MB for Berlin's 3,700 points until the last byte was
	// sent (security probe: 300 slow readers, 2.3 GB); the bytes are 0.5 MB.
	var b bytes.Buffer
	b.WriteString(`{"type":"FeatureCollection","features":[`)
	for i, p := range pts {
		if i > 0 {
			b.WriteByte(',')
		}
		ll := tr(orb.Point{p.X, p.Y})
		u := "/atlas/orte/" + p.Key
		if p.Offer != "" {
			u = "/atlas/angebote/" + p.Offer
		}
		b.WriteString(`{"type":"Feature","geometry":{"type":"Point","coordinates":[`)
		b.WriteString(strconv.FormatFloat(roundDeg(ll[0]), 'f', -1, 64))
		b.WriteByte(',')
		b.WriteString(strconv.FormatFloat(roundDeg(ll[1]), 'f', -1, 64))
		b.WriteString(`]},"properties":{"key":`)
		jsonString(&b, p.Key)
		b.WriteString(`,"name":`)
		jsonString(&b, p.Name)
		b.WriteString(`,"offers":`)
		b.WriteString(strconv.Itoa(p.Offers))
		b.WriteString(`,"url":`)
		jsonString(&b, u)
		b.WriteString(`}}`)
	}
	b.WriteString("]}\n")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(b.Bytes())
}

// jsonString writes s as a JSON string, <, > and & escaped as
// writeJSON escapes them.
func jsonString(b *bytes.Buffer, s string) {
	q, _ := json.Marshal(s) // a string always encodes
	b.Write(q)
}
