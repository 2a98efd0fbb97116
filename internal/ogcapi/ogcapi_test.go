package ogcapi

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb/geojson"

	"github.com/quartier/quartier"
)

func TestParseCRSAxisOrder(t *testing.T) {
	for in, want := range map[string]CRS{
		"http://www.opengis.net/def/crs/OGC/1.3/CRS84": {SRID: quartier.WGS84},
		"http://www.opengis.net/def/crs/EPSG/0/4326":   {SRID: quartier.WGS84, LatLon: true},
		"EPSG:25833":                  {SRID: quartier.UTM33N},
		"urn:ogc:def:crs:EPSG::25832": {SRID: quartier.UTM32N},
	} {
		got, err := ParseCRS(in)
		if err != nil || got != want {
			t.Errorf("%s: %+v %v, want %+v", in, got, err, want)
		}
		back, err := ParseCRS(got.URI())
		if err != nil || back != got {
			t.Errorf("%s: URI %s reads back as %+v", in, got.URI(), back)
		}
	}
	if _, err := ParseCRS("EPSG:3857"); err == nil {
		t.Error("Web Mercator is not offered")
	}
}

func TestParseQueryBBoxInLatLonOrder(t *testing.T) {
	q, err := ParseQuery(url.Values{"bbox": {"50.9,11.2,51.0,11.3"}, "bbox-crs": {"http://www.opengis.net/def/crs/EPSG/0/4326"}})
	if err != nil {
		t.Fatal(err)
	}
	if q.BBox.Min[0] != 11.2 || q.BBox.Min[1] != 50.9 || q.BBox.Max[0] != 11.3 || q.BBox.Max[1] != 51.0 {
		t.Errorf("bbox %v: not turned to lon/lat", q.BBox)
	}
	q, err = ParseQuery(url.Values{"bbox": {"11.2,50.9,0,11.3,51.0,100"}})
	if err != nil || q.BBox.Max[1] != 51.0 {
		t.Errorf("six numbers: %v %v", q.BBox, err)
	}
}

func TestPageLinks(t *testing.T) {
	all := make([]*geojson.Feature, 25)
	self, _ := url.Parse("http://x.example/api/ogc/collections/plr/items?limit=10&bbox=1,2,3,4")
	p := NewPage(self, all, Query{Limit: 10, Offset: 10}, time.Now())
	if p.NumberReturned != 10 || p.NumberMatched != 25 {
		t.Fatalf("%d of %d", p.NumberReturned, p.NumberMatched)
	}
	links := map[string]string{}
	for _, l := range p.Links {
		links[l.Rel] = l.Href
	}
	next, _ := url.Parse(links["next"])
	prev, _ := url.Parse(links["prev"])
	if next.Query().Get("offset") != "20" || prev.Query().Get("offset") != "0" || next.Query().Get("bbox") != "1,2,3,4" {
		t.Errorf("links %v", links)
	}
	last := NewPage(self, all, Query{Limit: 10, Offset: 20}, time.Now())
	for _, l := range last.Links {
		if l.Rel == "next" {
			t.Error("the last page links a next one")
		}
	}
	beyond := NewPage(self, all, Query{Limit: 10, Offset: 99}, time.Now())
	if beyond.NumberReturned != 0 || beyond.Features == nil {
		t.Errorf("beyond the end: %d features, nil %v", beyond.NumberReturned, beyond.Features == nil)
	}
}

// FuzzParseQuery: any query string either fails with a message or gives a
// usable query (limit in range, bbox ordered).
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"limit=5&offset=3", "bbox=1,2,3,4", "bbox=50.9,11.2,51,11.3&bbox-crs=EPSG:4326", "crs=CRS84", "f=json", "bbox=1e308,1,2,3", "limit=99999999999999999999", "bbox=NaN,1,2,3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := url.ParseQuery(s)
		if err != nil {
			return
		}
		q, err := ParseQuery(v)
		if err != nil {
			if quartier.ErrorMessage(err) == "" {
				t.Fatal("error without message")
			}
			return
		}
		if q.Limit < 1 || q.Limit > MaxLimit || q.Offset < 0 {
			t.Fatalf("limit %d offset %d", q.Limit, q.Offset)
		}
		if q.BBox != nil && (q.BBox.Min[0] > q.BBox.Max[0] || q.BBox.Min[1] > q.BBox.Max[1]) {
			t.Fatalf("bbox %v", q.BBox)
		}
	})
}

func TestDatetimeParameter(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	plus := func(s string) *time.Time { d := day(s).AddDate(0, 0, 1); return &d }
	for _, tc := range []struct {
		param string
		meets map[string]bool // a feature of one day → whether it is in
	}{
		{"2020-12-31", map[string]bool{"2020-12-31": true, "2020-12-30": false, "2021-01-01": false}},
		{"2020-12-31T13:00:00Z", map[string]bool{"2020-12-31": true, "2021-01-01": false}},
		{"2019-01-01/2020-12-31", map[string]bool{"2018-12-31": false, "2019-01-01": true, "2020-12-31": true, "2021-01-01": false}},
		{"../2020-12-31", map[string]bool{"1990-01-01": true, "2021-01-01": false}},
		{"2020-01-01/..", map[string]bool{"2019-12-31": false, "2030-01-01": true}},
	} {
		q, err := ParseQuery(url.Values{"datetime": {tc.param}})
		if err != nil {
			t.Fatalf("%s: %v", tc.param, err)
		}
		for d, want := range tc.meets {
			if got := q.Time.Meets(day(d), plus(d)); got != want {
				t.Errorf("%s meets %s: %v, want %v", tc.param, d, got, want)
			}
		}
	}
	// An open validity (the current Gebietsstand) meets every later time.
	q, _ := ParseQuery(url.Values{"datetime": {"2030-01-01"}})
	if !q.Time.Meets(day("2021-01-01"), nil) || q.Time.Meets(day("2031-01-01"), nil) {
		t.Error("open validity")
	}
	for _, bad := range []string{"gestern", "2020-13-01", "2021-01-01/2020-01-01", "/", "../.."} {
		if _, err := ParseQuery(url.Values{"datetime": {bad}}); quartier.ErrorCode(err) != quartier.EINVALID || !strings.Contains(quartier.ErrorMessage(err), "datetime") {
			t.Errorf("%q: %v", bad, err)
		}
	}
	if _, err := ParseItemQuery(url.Values{"limit": {"1"}}); quartier.ErrorCode(err) != quartier.EINVALID {
		t.Errorf("item query with limit: %v", err)
	}
	if c, err := ParseItemQuery(url.Values{"crs": {"EPSG:25832"}}); err != nil || c.SRID != quartier.UTM32N {
		t.Errorf("item crs: %v %v", c, err)
	}
}
