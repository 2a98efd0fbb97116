// Package ogcapi speaks OGC API – Features (Part 1 Core, Part 2 CRS by
// reference), the protocol planners' GIS read layers with (QGIS, GDAL's
// OAPIF driver, ArcGIS). It holds the documents, the query parameters and
// the CRS identifiers; it knows neither storage nor routing: the http
// package feeds it features.
package ogcapi

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/quartier/quartier"
)

// Conformance classes this implementation meets. No HTML encoding: the
// browser pages of the same data are the atlas and layer pages.
var conformsTo = []string{
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
	"http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
}

const (
	// CRS84URI is WGS84 in longitude/latitude order, the default of the API.
	CRS84URI = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
	// DefaultLimit and MaxLimit bound a page of features; a larger limit is
	// cut to MaxLimit as the standard recommends, not refused.
	DefaultLimit = 10
	MaxLimit     = 10000
)

// CRS is a coordinate reference system as the API names it. EPSG:4326 is
// latitude first (as the EPSG registry defines it, and as GDAL expects it
// when it asks for that URI); CRS84 is the same datum, longitude first.
type CRS struct {
	SRID   quartier.SRID
	LatLon bool
}

// CRS84 is the default CRS of every response.
var CRS84 = CRS{SRID: quartier.WGS84}

// URI is the identifier the standard uses in crs lists and headers.
func (c CRS) URI() string {
	if c.SRID == quartier.WGS84 && !c.LatLon {
		return CRS84URI
	}
	return fmt.Sprintf("http://www.opengis.net/def/crs/EPSG/0/%d", int(c.SRID))
}

// SupportedCRS lists the CRS a collection can be served in, CRS84 first.
func SupportedCRS() []CRS {
	return []CRS{CRS84, {SRID: quartier.WGS84, LatLon: true}, {SRID: quartier.UTM32N}, {SRID: quartier.UTM33N}}
}

// ParseCRS reads a crs or bbox-crs parameter. The URIs of SupportedCRS are
// the standard's spelling; "EPSG:25832" and the other forms quartier.ParseSRID
// reads are accepted too, because people type them into QGIS.
func ParseCRS(s string) (CRS, error) {
	if strings.HasSuffix(strings.ToUpper(strings.TrimSpace(s)), "CRS84") {
		return CRS84, nil
	}
	srid, err := quartier.ParseSRID(s)
	if err != nil {
		return CRS{}, err
	}
	return CRS{SRID: srid, LatLon: srid == quartier.WGS84}, nil
}

// Orient puts a point in the axis order of c: latitude first for EPSG:4326.
func (c CRS) Orient(p orb.Point) orb.Point {
	if c.LatLon {
		return orb.Point{p[1], p[0]}
	}
	return p
}

// Query is a parsed items request.
type Query struct {
	Limit, Offset int
	BBox          *orb.Bound // in BBoxCRS, longitude/easting first
	BBoxCRS       CRS
	CRS           CRS
	// Time is the datetime parameter: features whose time (a reference
	// date, a Gebietsstand's validity) meets it; nil for any time.
	Time *Interval
}

// Interval is a closed interval of days; a nil end is open.
type Interval struct {
	From, To *time.Time
}

// Meets reports whether [from, to) (to nil: open) meets the interval.
func (iv *Interval) Meets(from time.Time, to *time.Time) bool {
	if iv == nil {
		return true
	}
	if iv.To != nil && from.After(*iv.To) {
		return false
	}
	return iv.From == nil || to == nil || to.After(*iv.From)
}

// known are the parameters of the items request; any other is refused, as
// the standard requires, so that a misspelt filter does not silently
// return everything.
var known = map[string]bool{"f": true, "limit": true, "offset": true, "bbox": true, "bbox-crs": true, "crs": true, "datetime": true}

// ParseQuery reads the items parameters; an error names the parameter.
func ParseQuery(v url.Values) (Query, error) {
	q := Query{Limit: DefaultLimit, BBoxCRS: CRS84, CRS: CRS84}
	for name := range v {
		if !known[name] {
			return q, quartier.Errorf(quartier.EINVALID, "Unbekannter Parameter „%s“ (erlaubt: limit, offset, bbox, bbox-crs, crs, datetime, f).", name)
		}
	}
	if err := CheckFormat(v); err != nil {
		return q, err
	}
	if s := v.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return q, quartier.Errorf(quartier.EINVALID, "Parameter „limit“: „%s“ ist keine ganze Zahl ab 1.", s)
		}
		q.Limit = min(n, MaxLimit)
	}
	if s := v.Get("offset"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return q, quartier.Errorf(quartier.EINVALID, "Parameter „offset“: „%s“ ist keine ganze Zahl ab 0.", s)
		}
		q.Offset = n
	}
	var err error
	for _, p := range []struct {
		name string
		crs  *CRS
	}{{"crs", &q.CRS}, {"bbox-crs", &q.BBoxCRS}} {
		if s := v.Get(p.name); s != "" {
			if *p.crs, err = ParseCRS(s); err != nil {
				return q, quartier.Errorf(quartier.EINVALID, "Parameter „%s“: %s", p.name, quartier.ErrorMessage(err))
			}
		}
	}
	if s := v.Get("bbox"); s != "" {
		b, err := parseBBox(s, q.BBoxCRS)
		if err != nil {
			return q, err
		}
		q.BBox = &b
	} else if v.Get("bbox-crs") != "" {
		return q, quartier.Errorf(quartier.EINVALID, "Parameter „bbox-crs“ ohne „bbox“.")
	}
	if s := v.Get("datetime"); s != "" {
		iv, err := parseDatetime(s)
		if err != nil {
			return q, err
		}
		q.Time = &iv
	}
	return q, nil
}

// ParseItemQuery reads the parameters of a single feature: crs and f.
func ParseItemQuery(v url.Values) (CRS, error) {
	for name := range v {
		if name != "crs" && name != "f" {
			return CRS84, quartier.Errorf(quartier.EINVALID, "Unbekannter Parameter „%s“ (erlaubt: crs, f).", name)
		}
	}
	if err := CheckFormat(v); err != nil {
		return CRS84, err
	}
	if c := v.Get("crs"); c != "" {
		crs, err := ParseCRS(c)
		if err != nil {
			return CRS84, quartier.Errorf(quartier.EINVALID, "Parameter „crs“: %s", quartier.ErrorMessage(err))
		}
		return crs, nil
	}
	return CRS84, nil
}

// parseDatetime reads an instant or an interval as the standard writes
// them ("2020-12-31", "2020-12-31T00:00:00Z", "2019-01-01/2020-12-31",
// "../2020-12-31", "2019-01-01/.."). Our times are days, so a time of day
// is cut to its day.
func parseDatetime(s string) (Interval, error) {
	day := func(part string) (*time.Time, error) {
		if part == ".." || part == "" {
			return nil, nil
		}
		for _, layout := range []string{time.DateOnly, time.RFC3339} {
			if t, err := time.Parse(layout, part); err == nil {
				d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
				return &d, nil
			}
		}
		return nil, quartier.Errorf(quartier.EINVALID, "Parameter „datetime“: „%s“ ist kein Datum (JJJJ-MM-TT oder RFC 3339).", part)
	}
	from, to, interval := strings.Cut(s, "/")
	f, err := day(from)
	if err != nil {
		return Interval{}, err
	}
	if !interval {
		if f == nil {
			return Interval{}, quartier.Errorf(quartier.EINVALID, "Parameter „datetime“: ein Datum oder ein Zeitraum „von/bis“ erwartet.")
		}
		return Interval{From: f, To: f}, nil
	}
	t, err := day(to)
	if err != nil {
		return Interval{}, err
	}
	if f == nil && t == nil {
		return Interval{}, quartier.Errorf(quartier.EINVALID, "Parameter „datetime“: ein Zeitraum braucht Anfang oder Ende.")
	}
	if f != nil && t != nil && t.Before(*f) {
		return Interval{}, quartier.Errorf(quartier.EINVALID, "Parameter „datetime“: das Ende liegt vor dem Anfang.")
	}
	return Interval{From: f, To: t}, nil
}

// CheckFormat accepts only JSON: f=json (or none).
func CheckFormat(v url.Values) error {
	if f := v.Get("f"); f != "" && f != "json" {
		return quartier.Errorf(quartier.EINVALID, "Parameter „f“: nur „json“ wird geliefert.")
	}
	return nil
}

// parseBBox reads "minx,miny,maxx,maxy" (or six numbers with heights) in the
// axis order of crs and returns it easting/longitude first.
func parseBBox(s string, crs CRS) (orb.Bound, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 4 && len(parts) != 6 {
		return orb.Bound{}, quartier.Errorf(quartier.EINVALID, "Parameter „bbox“: vier Zahlen erwartet (minx,miny,maxx,maxy), nicht %d.", len(parts))
	}
	n := make([]float64, len(parts))
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || f != f || f > 1e12 || f < -1e12 {
			return orb.Bound{}, quartier.Errorf(quartier.EINVALID, "Parameter „bbox“: Wert %d („%s“) ist keine Zahl.", i+1, p)
		}
		n[i] = f
	}
	if len(n) == 6 { // heights are not stored: drop them
		n = []float64{n[0], n[1], n[3], n[4]}
	}
	lo, hi := crs.Orient(orb.Point{n[0], n[1]}), crs.Orient(orb.Point{n[2], n[3]})
	if lo[0] > hi[0] || lo[1] > hi[1] {
		return orb.Bound{}, quartier.Errorf(quartier.EINVALID, "Parameter „bbox“: die untere linke Ecke liegt nicht unter und links der oberen rechten.")
	}
	if crs.SRID == quartier.WGS84 && (lo[0] < -180 || hi[0] > 180 || lo[1] < -90 || hi[1] > 90) {
		return orb.Bound{}, quartier.Errorf(quartier.EINVALID, "Parameter „bbox“: Längen- und Breitengrade außerhalb von ±180/±90.")
	}
	return orb.Bound{Min: lo, Max: hi}, nil
}

// Link is a hypermedia link of the API.
type Link struct {
	Href  string `json:"href"`
	Rel   string `json:"rel"`
	Type  string `json:"type,omitempty"`
	Title string `json:"title,omitempty"`
}

// Landing is the API's start document.
type Landing struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	Links       []Link `json:"links"`
}

// NewLanding links the API definition, conformance and collections under
// base (an absolute URL without trailing slash).
func NewLanding(base, title string) Landing {
	return Landing{Title: title,
		Description: "Gebietsebenen (aktuell und jeder Gebietsstand) als OGC API – Features.",
		Links: []Link{
			{Href: base + "/", Rel: "self", Type: "application/json", Title: "diese Seite"},
			{Href: base + "/api", Rel: "service-desc", Type: "application/vnd.oai.openapi+json;version=3.0", Title: "API-Beschreibung"},
			{Href: base + "/conformance", Rel: "conformance", Type: "application/json", Title: "Konformitätsklassen"},
			{Href: base + "/collections", Rel: "data", Type: "application/json", Title: "Sammlungen"},
		}}
}

// Conformance is the conformance declaration.
type Conformance struct {
	ConformsTo []string `json:"conformsTo"`
}

// NewConformance lists the classes this implementation meets.
func NewConformance() Conformance {
	return Conformance{ConformsTo: append([]string(nil), conformsTo...)}
}

// Collection describes one feature collection.
type Collection struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Description string   `json:"description,omitempty"`
	Links       []Link   `json:"links"`
	Extent      *Extent  `json:"extent,omitempty"`
	ItemType    string   `json:"itemType"`
	CRS         []string `json:"crs"`
	StorageCRS  string   `json:"storageCrs"`
}

// Extent is a collection's spatial and temporal extent.
type Extent struct {
	Spatial  *SpatialExtent  `json:"spatial,omitempty"`
	Temporal *TemporalExtent `json:"temporal,omitempty"`
}

// SpatialExtent is the bound in CRS84.
type SpatialExtent struct {
	BBox [][4]float64 `json:"bbox"`
	CRS  string       `json:"crs"`
}

// TemporalExtent is the validity of a Gebietsstand ("" open end as null).
type TemporalExtent struct {
	Interval [][2]*string `json:"interval"`
	TRS      string       `json:"trs"`
}

// NewCollection fills the parts every collection shares. bound is in CRS84
// (nil when unknown); from/to is the validity (to nil while current).
func NewCollection(base, id, title, description string, storage quartier.SRID, bound *orb.Bound, from time.Time, to *time.Time) Collection {
	c := Collection{ID: id, Title: title, Description: description, ItemType: "feature",
		StorageCRS: CRS{SRID: storage}.URI(),
		Links: []Link{
			{Href: base + "/collections/" + url.PathEscape(id), Rel: "self", Type: "application/json", Title: title},
			{Href: base + "/collections/" + url.PathEscape(id) + "/items", Rel: "items", Type: "application/geo+json", Title: "Gebiete"},
		}}
	for _, crs := range SupportedCRS() {
		c.CRS = append(c.CRS, crs.URI())
	}
	c.Extent = &Extent{}
	if bound != nil {
		c.Extent.Spatial = &SpatialExtent{BBox: [][4]float64{{bound.Min[0], bound.Min[1], bound.Max[0], bound.Max[1]}}, CRS: CRS84URI}
	}
	start := from.Format(time.RFC3339)
	iv := [2]*string{&start, nil}
	if to != nil {
		end := to.Format(time.RFC3339)
		iv[1] = &end
	}
	c.Extent.Temporal = &TemporalExtent{Interval: [][2]*string{iv}, TRS: "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"}
	return c
}

// Collections is the list of collections.
type Collections struct {
	Links       []Link       `json:"links"`
	Collections []Collection `json:"collections"`
}

// Page is one page of an items response.
type Page struct {
	Type           string             `json:"type"`
	Features       []*geojson.Feature `json:"features"`
	Links          []Link             `json:"links"`
	NumberMatched  int                `json:"numberMatched"`
	NumberReturned int                `json:"numberReturned"`
	TimeStamp      string             `json:"timeStamp"`
}

// NewPage cuts the page q asks for out of all matched features and links
// the next and previous pages with the same parameters. self is the
// request URL.
func NewPage(self *url.URL, all []*geojson.Feature, q Query, now time.Time) Page {
	lo := min(q.Offset, len(all))
	hi := min(lo+q.Limit, len(all))
	p := Page{Type: "FeatureCollection", Features: all[lo:hi], NumberMatched: len(all), NumberReturned: hi - lo,
		TimeStamp: now.UTC().Format(time.RFC3339)}
	if p.Features == nil {
		p.Features = []*geojson.Feature{}
	}
	at := func(offset int) string {
		u := *self
		v := u.Query()
		v.Set("offset", strconv.Itoa(offset))
		v.Set("limit", strconv.Itoa(q.Limit))
		u.RawQuery = v.Encode()
		return u.String()
	}
	p.Links = append(p.Links, Link{Href: self.String(), Rel: "self", Type: "application/geo+json", Title: "diese Seite"})
	if hi < len(all) {
		p.Links = append(p.Links, Link{Href: at(hi), Rel: "next", Type: "application/geo+json", Title: "nächste Seite"})
	}
	if lo > 0 {
		p.Links = append(p.Links, Link{Href: at(max(0, lo-q.Limit)), Rel: "prev", Type: "application/geo+json", Title: "vorige Seite"})
	}
	return p
}
