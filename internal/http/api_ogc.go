package http

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/geo"
	"github.com/quartier/quartier/internal/ogcapi"
	"github.com/quartier/quartier/internal/spatial"
)

// The OGC API – Features endpoints serve every layer to a GIS: the current
// areas under the layer's code ("plr") and each Gebietsstand under
// code@date ("plr@2021-01-01"), which keeps pointing at the same areas
// after a new Gebietsstand, so a QGIS project made for an old plan stays
// reproducible. Layers are public data (public.read), like the map and the
// GeoJSON download.

const ogcPath = "/api/ogc"

func (s *Server) ogcBase() string { return s.absoluteURL(ogcPath) }

func (s *Server) ogcLanding(w http.ResponseWriter, r *http.Request) {
	if s.ogcFormat(w, r) {
		writeJSON(w, http.StatusOK, ogcapi.NewLanding(s.ogcBase(), "Quartier – Gebietsebenen"))
	}
}

func (s *Server) ogcConformance(w http.ResponseWriter, r *http.Request) {
	if s.ogcFormat(w, r) {
		writeJSON(w, http.StatusOK, ogcapi.NewConformance())
	}
}

func (s *Server) ogcAPI(w http.ResponseWriter, r *http.Request) {
	writeJSONAs(w, http.StatusOK, "application/vnd.oai.openapi+json;version=3.0", ogcapi.OpenAPI(s.ogcBase(), "Quartier – Gebietsebenen"))
}

// ogcFormat refuses any f but json; it reports whether to go on.
func (s *Server) ogcFormat(w http.ResponseWriter, r *http.Request) bool {
	if err := ogcapi.CheckFormat(r.URL.Query()); err != nil {
		s.errorJSON(w, r, err)
		return false
	}
	return true
}

// ogcSource is one collection: a layer at one Gebietsstand, or a
// monitoring output on a layer (api_ogc_monitoring.go).
type ogcSource struct {
	id      string
	layer   quartier.Layer
	version quartier.Version // the Gebietsstand whose outlines the features carry
	current bool
	// A monitoring collection: what it shows, its title and description,
	// and its time extent (the reference dates).
	mon         *ogcMonitoring
	title, desc string
	from        time.Time
	to          *time.Time
}

// ogcRow is one feature before it is cut to the page and transformed:
// its outline in the storage CRS (nil for none), the time it stands for
// (what datetime filters) and its properties.
type ogcRow struct {
	id    string
	geom  orb.MultiPolygon
	from  time.Time
	to    *time.Time
	props map[string]any
}

// ogcSources lists the collections: per layer its current areas, then each
// Gebietsstand, oldest first; then the monitoring collections the reader
// may see.
func (s *Server) ogcSources(ctx context.Context) ([]ogcSource, error) {
	layers, err := s.spatial.Layers(ctx)
	if err != nil {
		return nil, err
	}
	mon, err := s.ogcMonitoringSources(ctx, layers)
	return append(s.ogcLayerSources(layers), mon...), err
}

// ogcLayerSources are the layer collections: per layer its current areas,
// then each Gebietsstand, oldest first.
func (s *Server) ogcLayerSources(layers []spatial.LayerInfo) []ogcSource {
	var out []ogcSource
	for _, li := range layers {
		if li.Current != nil {
			out = append(out, ogcSource{id: li.Layer.Code, layer: li.Layer, version: *li.Current, current: true})
		}
		seen := map[string]bool{}
		for _, v := range li.Versions {
			id := li.Layer.Code + "@" + v.ReferenceDate.Format(quartier.DateLayout)
			if seen[id] { // two Gebietsstände of one date: the later gets its number
				id = fmt.Sprintf("%s~%d", id, v.ID)
			}
			seen[id] = true
			out = append(out, ogcSource{id: id, layer: li.Layer, version: v})
		}
	}
	return out
}

func (s *Server) ogcSource(ctx context.Context, id string) (ogcSource, error) {
	layers, err := s.spatial.Layers(ctx)
	if err != nil {
		return ogcSource{}, err
	}
	for _, src := range s.ogcLayerSources(layers) {
		if src.id == id {
			return src, nil
		}
	}
	if src, ok, err := s.ogcMonitoringSource(ctx, id, layers); ok || err != nil {
		return src, err
	}
	// The internal collections are listed only to their readers; anyone
	// else asking for one is told to sign in rather than that it is
	// missing, whether it exists or not.
	if actor := quartier.ActorFrom(ctx); internalCollection(id) && !actor.Can(quartier.PermReadIndicators) {
		if actor == nil {
			return ogcSource{}, quartier.Errorf(quartier.EUNAUTH, "Interne Kennzahlen nur nach Anmeldung, für Programme mit einem API-Schlüssel (Mein Konto).")
		}
		// A refusal at the route, audited as requireSignIn audits one.
		s.audit.Denied(ctx, quartier.PermReadIndicators, "collection", id)
		return ogcSource{}, quartier.Errorf(quartier.EFORBIDDEN, "Interne Kennzahlen sehen nur Konten mit der Berechtigung %s.", quartier.PermReadIndicators)
	}
	return ogcSource{}, quartier.Errorf(quartier.ENOTFOUND, "Die Sammlung „%s“ gibt es nicht (siehe %s/collections).", id, ogcPath)
}

func (s *Server) ogcCollection(src ogcSource) ogcapi.Collection {
	if src.mon != nil {
		c := ogcapi.NewCollection(s.ogcBase(), src.id, src.title, src.desc, s.spatial.SRID(), nil, src.from, src.to)
		c.Links = append(c.Links, ogcapi.Link{Href: s.ogcBase() + "/collections/" + url.PathEscape(src.id) + "/gpkg",
			Rel: "enclosure", Type: "application/geopackage+sqlite3", Title: "GeoPackage"})
		return c
	}
	date := src.version.ReferenceDate.Format("02.01.2006")
	title := fmt.Sprintf("%s (Gebietsstand %s)", src.layer.Name, date)
	desc := fmt.Sprintf("Gebiete der Ebene %s zum Gebietsstand %s.", src.layer.Code, date)
	if src.current {
		title = src.layer.Name
		desc = fmt.Sprintf("Die jeweils gültigen Gebiete der Ebene %s (derzeit Gebietsstand %s).", src.layer.Code, date)
	}
	c := ogcapi.NewCollection(s.ogcBase(), src.id, title, desc, s.spatial.SRID(), nil, src.version.ValidFrom, src.version.ValidTo)
	// The whole collection as one file, for a GIS without a connection.
	c.Links = append(c.Links, ogcapi.Link{Href: s.absoluteURL(fmt.Sprintf("/export/%s?format=gpkg&stand=%d", url.PathEscape(src.layer.Code), src.version.ID)),
		Rel: "enclosure", Type: "application/geopackage+sqlite3", Title: "GeoPackage"})
	return c
}

func (s *Server) ogcCollections(w http.ResponseWriter, r *http.Request) {
	if !s.ogcFormat(w, r) {
		return
	}
	srcs, err := s.ogcSources(r.Context())
	if err != nil {
		s.errorJSON(w, r, err)
		return
	}
	doc := ogcapi.Collections{Links: []ogcapi.Link{{Href: s.ogcBase() + "/collections", Rel: "self", Type: "application/json", Title: "Sammlungen"}},
		Collections: []ogcapi.Collection{}}
	for _, src := range srcs {
		doc.Collections = append(doc.Collections, s.ogcCollection(src))
	}
	writeJSON(w, http.StatusOK, doc)
}

func (s *Server) ogcCollectionShow(w http.ResponseWriter, r *http.Request) {
	if !s.ogcFormat(w, r) {
		return
	}
	src, err := s.ogcSource(r.Context(), r.PathValue("id"))
	if err != nil {
		s.errorJSON(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.ogcCollection(src))
}

func (s *Server) ogcItems(w http.ResponseWriter, r *http.Request) {
	q, err := ogcapi.ParseQuery(r.URL.Query())
	if err != nil {
		s.errorJSON(w, r, err)
		return
	}
	if q.Limit > heavyPage {
		if !s.enterHeavy(w, r) {
			return
		}
		defer s.leaveHeavy()
	}
	_, rows, err := s.ogcRows(r.Context(), r.PathValue("id"), q.Time)
	if err != nil {
		s.errorJSON(w, r, err)
		return
	}
	kept := rows[:0:0]
	var b orb.Bound
	if q.BBox != nil {
		if b, err = geo.TransformBound(*q.BBox, q.BBoxCRS.SRID, s.spatial.SRID()); err != nil {
			s.errorJSON(w, r, err)
			return
		}
	}
	for _, row := range rows {
		if q.Time.Meets(row.from, row.to) && (q.BBox == nil || (row.geom != nil && geo.IntersectsBound(row.geom, b))) {
			kept = append(kept, row)
		}
	}
	// Only the page is transformed; the rest is counted.
	lo := min(q.Offset, len(kept))
	hi := min(lo+q.Limit, len(kept))
	all := make([]*geojson.Feature, len(kept))
	for i := lo; i < hi; i++ {
		if all[i], err = s.ogcFeature(kept[i], q.CRS); err != nil {
			s.errorJSON(w, r, err)
			return
		}
	}
	self := *r.URL
	if base, err := url.Parse(s.absoluteURL(r.URL.Path)); err == nil {
		self.Scheme, self.Host, self.Path = base.Scheme, base.Host, base.Path
	}
	w.Header().Set("Content-Crs", "<"+q.CRS.URI()+">")
	writeJSONAs(w, http.StatusOK, "application/geo+json", ogcapi.NewPage(&self, all, q, time.Now()))
}

func (s *Server) ogcItem(w http.ResponseWriter, r *http.Request) {
	crs, err := ogcapi.ParseItemQuery(r.URL.Query())
	if err != nil {
		s.errorJSON(w, r, err)
		return
	}
	fid := r.PathValue("fid")
	// The id of an indicator's feature ends in its reference date: only
	// that date is computed (and audited), not every date of the series.
	var when *ogcapi.Interval
	if _, d, ok := strings.Cut(fid, "@"); ok {
		if t, err := time.Parse(quartier.DateLayout, d); err == nil {
			when = &ogcapi.Interval{From: &t, To: &t}
		}
	}
	src, rows, err := s.ogcRows(r.Context(), r.PathValue("id"), when)
	if err != nil {
		s.errorJSON(w, r, err)
		return
	}
	for _, row := range rows {
		if row.id == fid {
			f, err := s.ogcFeature(row, crs)
			if err != nil {
				s.errorJSON(w, r, err)
				return
			}
			f.Properties["links"] = []ogcapi.Link{
				{Href: s.ogcBase() + "/collections/" + url.PathEscape(src.id) + "/items/" + url.PathEscape(row.id), Rel: "self", Type: "application/geo+json"},
				{Href: s.ogcBase() + "/collections/" + url.PathEscape(src.id), Rel: "collection", Type: "application/json"},
			}
			w.Header().Set("Content-Crs", "<"+crs.URI()+">")
			writeJSONAs(w, http.StatusOK, "application/geo+json", f)
			return
		}
	}
	s.errorJSON(w, r, quartier.Errorf(quartier.ENOTFOUND, "Das Objekt „%s“ gibt es in der Sammlung %s nicht.", fid, src.id))
}

// ogcRows reads the features of a collection in storage order (by code;
// a monitoring collection by date, then code). when limits the reference
// dates a monitoring collection computes; the caller still filters.
func (s *Server) ogcRows(ctx context.Context, id string, when *ogcapi.Interval) (ogcSource, []ogcRow, error) {
	src, err := s.ogcSource(ctx, id)
	if err != nil {
		return src, nil, err
	}
	areas, err := s.ogcAreas(ctx, src)
	if err != nil {
		return src, nil, err
	}
	if src.mon != nil {
		rows, err := s.ogcMonitoringRows(ctx, src, areas, when)
		return src, rows, err
	}
	rows := make([]ogcRow, len(areas))
	for i, a := range areas {
		props := map[string]any{"code": a.Code, "name": a.Name, "layer": src.layer.Code,
			"reference_date": src.version.ReferenceDate.Format(quartier.DateLayout), "valid_from": src.version.ValidFrom.Format(quartier.DateLayout),
			"area_m2": math.Round(a.AreaM2*10) / 10}
		if src.version.ValidTo != nil {
			props["valid_to"] = src.version.ValidTo.Format(quartier.DateLayout)
		}
		if len(a.Blocks) > 0 {
			props["blocks"] = strings.Join(a.Blocks, ",")
		}
		rows[i] = ogcRow{id: a.Code, geom: a.Geometry, from: src.version.ValidFrom, to: src.version.ValidTo, props: props}
	}
	return src, rows, nil
}

// ogcAreas loads the areas of a collection's Gebietsstand in storage
// order (by code). A GIS pages through a layer in dozens of requests; the
// areas of a Gebietsstand never change once written, so the last few
// versions read are kept by their id.
func (s *Server) ogcAreas(ctx context.Context, src ogcSource) ([]quartier.Area, error) {
	if areas, ok := s.ogcCache.get(src.version.ID); ok {
		return areas, nil
	}
	_, _, areas, err := s.spatial.VersionAreas(ctx, src.layer.Code, src.version.ID)
	if err != nil {
		return nil, err
	}
	s.ogcCache.put(src.version.ID, areas)
	return areas, nil
}

// versionCache keeps the areas of the most recently read versions.
type versionCache struct {
	mu      sync.Mutex
	entries []versionEntry // most recent last
}

type versionEntry struct {
	id    int64
	areas []quartier.Area
}

// versionCacheSize bounds the memory: a city's block layer is a few MB.
const versionCacheSize = 4

func (c *versionCache) get(id int64) ([]quartier.Area, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, e := range c.entries {
		if e.id == id {
			c.entries = append(append(c.entries[:i:i], c.entries[i+1:]...), e)
			return e.areas, true
		}
	}
	return nil, false
}

func (c *versionCache) put(id int64, areas []quartier.Area) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, e := range c.entries {
		if e.id == id {
			return
		}
	}
	if len(c.entries) == versionCacheSize {
		c.entries = c.entries[1:]
	}
	c.entries = append(c.entries, versionEntry{id, areas})
}

// ogcFeature is one row in the asked CRS, with coordinates cut to what
// the CRS can mean (a centimetre in metres, about one in degrees).
func (s *Server) ogcFeature(row ogcRow, crs ogcapi.CRS) (*geojson.Feature, error) {
	var f *geojson.Feature
	if row.geom == nil {
		f = &geojson.Feature{Type: "Feature", Properties: geojson.Properties{}}
	} else {
		g, err := geo.TransformMultiPolygon(row.geom, s.spatial.SRID(), crs.SRID)
		if err != nil {
			return nil, err
		}
		scale := 100.0
		if crs.SRID == quartier.WGS84 {
			scale = 1e7
		}
		for _, poly := range g {
			for _, ring := range poly {
				for i, p := range ring {
					ring[i] = crs.Orient(orb.Point{math.Round(p[0]*scale) / scale, math.Round(p[1]*scale) / scale})
				}
			}
		}
		f = geojson.NewFeature(g)
	}
	f.ID = row.id
	for k, v := range row.props {
		f.Properties[k] = v
	}
	return f, nil
}
