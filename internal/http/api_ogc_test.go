package http

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/services"
	"github.com/quartier/quartier/internal/spatial"
)

// ogcServer serves the Weimar city whose blocks have a second Gebietsstand
// (2025: W1 and W2 merged), under a public URL that is the test server's
// own address, so that the links a client follows lead back to it.
func ogcServer(t *testing.T) *httptest.Server {
	t.Helper()
	a := weimarCity(t)
	ctx := quartier.WithActor(context.Background(), quartier.Operator())
	f, err := os.Open(weimar + "bloecke.geojson")
	if err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Type     string           `json:"type"`
		Features []map[string]any `json:"features"`
	}
	if err := json.NewDecoder(f).Decode(&fc); err != nil {
		t.Fatal(err)
	}
	f.Close()
	// The 2025 Gebietsstand drops M3: six areas instead of seven.
	fc.Features = fc.Features[:6]
	b, _ := json.Marshal(fc)
	if _, err := a.Spatial.ImportAreas(ctx, spatial.ImportAreasRequest{Layer: spatial.LayerSpec{Code: "bezirk", Name: "Bezirke", Kind: quartier.LayerBlock},
		Input: strings.NewReader(string(b)), CodeProperty: "code", NameProperty: "name", ReferenceDate: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatalf("second Gebietsstand: %v %v", err, quartier.ErrorProblems(err))
	}
	return serveAt(t, a)
}

func serveAt(t *testing.T, a *services.Set) *httptest.Server {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv, err := New(a, Options{PublicURL: "http://" + l.Addr().String()})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(srv.Handler())
	ts.Listener.Close()
	ts.Listener = l
	ts.Start()
	t.Cleanup(ts.Close)
	return ts
}

func getJSON(t *testing.T, ts *httptest.Server, path string, wantStatus int, v any) string {
	t.Helper()
	resp, body := get(t, ts, path)
	if resp.StatusCode != wantStatus {
		t.Fatalf("GET %s: %d, want %d\n%.600s", path, resp.StatusCode, wantStatus, body)
	}
	if v != nil {
		if err := json.Unmarshal([]byte(body), v); err != nil {
			t.Fatalf("GET %s: %v\n%.300s", path, err, body)
		}
	}
	return resp.Header.Get("Content-Crs")
}

type ogcPage struct {
	Features []struct {
		ID         string         `json:"id"`
		Geometry   map[string]any `json:"geometry"`
		Properties map[string]any `json:"properties"`
	} `json:"features"`
	Links                         []struct{ Href, Rel string } `json:"links"`
	NumberMatched, NumberReturned int
}

func (p ogcPage) link(rel string) string {
	for _, l := range p.Links {
		if l.Rel == rel {
			return l.Href
		}
	}
	return ""
}

func (p ogcPage) firstPoint(t *testing.T) [2]float64 {
	t.Helper()
	c := p.Features[0].Geometry["coordinates"].([]any)[0].([]any)[0].([]any)[0].([]any)
	return [2]float64{c[0].(float64), c[1].(float64)}
}

func TestOGCFeaturesCore(t *testing.T) {
	ts := ogcServer(t)
	base := "/api/ogc"

	var landing struct{ Links []struct{ Href, Rel string } }
	getJSON(t, ts, base+"/", 200, &landing)
	rels := map[string]string{}
	for _, l := range landing.Links {
		rels[l.Rel] = l.Href
	}
	for _, rel := range []string{"self", "service-desc", "conformance", "data"} {
		if !strings.HasPrefix(rels[rel], ts.URL+base) {
			t.Errorf("landing link %s = %q, want under %s", rel, rels[rel], ts.URL+base)
		}
	}
	var conf struct{ ConformsTo []string }
	getJSON(t, ts, base+"/conformance", 200, &conf)
	if !strings.Contains(strings.Join(conf.ConformsTo, " "), "ogcapi-features-2/1.0/conf/crs") {
		t.Errorf("conformance: %v", conf.ConformsTo)
	}
	var oas map[string]any
	getJSON(t, ts, base+"/api", 200, &oas)
	if oas["openapi"] != "3.0.3" {
		t.Errorf("openapi: %v", oas["openapi"])
	}

	// Collections: each layer's current areas, and every Gebietsstand.
	var cols struct {
		Collections []struct {
			ID, StorageCrs string
			CRS            []string `json:"crs"`
			Extent         struct {
				Temporal struct{ Interval [][2]*string }
			}
		}
	}
	getJSON(t, ts, base+"/collections", 200, &cols)
	ids := map[string]bool{}
	for _, c := range cols.Collections {
		ids[c.ID] = true
		if c.StorageCrs != "http://www.opengis.net/def/crs/EPSG/0/25832" || len(c.CRS) != 4 {
			t.Errorf("%s: storage %s, crs %v", c.ID, c.StorageCrs, c.CRS)
		}
		if c.ID == "bezirk@2024-01-01" && (c.Extent.Temporal.Interval[0][1] == nil || !strings.HasPrefix(*c.Extent.Temporal.Interval[0][1], "2025-01-01")) {
			t.Errorf("the old Gebietsstand ends when the new begins: %+v", c.Extent.Temporal)
		}
	}
	for _, id := range []string{"bezirk", "bezirk@2024-01-01", "bezirk@2025-01-01", "sozialraum", "sozialraum@2024-01-01"} {
		if !ids[id] {
			t.Errorf("collection %s missing from %v", id, ids)
		}
	}

	// The current layer has six areas, the old Gebietsstand seven.
	var cur, old ogcPage
	getJSON(t, ts, base+"/collections/bezirk/items?limit=100", 200, &cur)
	getJSON(t, ts, base+"/collections/bezirk@2024-01-01/items?limit=100", 200, &old)
	if cur.NumberMatched != 6 || len(cur.Features) != 6 || old.NumberMatched != 7 {
		t.Errorf("current %d/%d, old %d areas", cur.NumberMatched, len(cur.Features), old.NumberMatched)
	}

	// Paging: three pages of three, linked next and prev, no area twice.
	seen := map[string]bool{}
	next := base + "/collections/bezirk@2024-01-01/items?limit=3"
	pages := 0
	for next != "" {
		var p ogcPage
		getJSON(t, ts, strings.TrimPrefix(next, ts.URL), 200, &p)
		pages++
		if p.NumberReturned != len(p.Features) || p.NumberMatched != 7 {
			t.Errorf("page %d: returned %d of %d features, matched %d", pages, p.NumberReturned, len(p.Features), p.NumberMatched)
		}
		if pages > 1 && p.link("prev") == "" {
			t.Errorf("page %d has no prev link", pages)
		}
		for _, f := range p.Features {
			if seen[f.ID] {
				t.Errorf("%s on two pages", f.ID)
			}
			seen[f.ID] = true
		}
		next = p.link("next")
	}
	if pages != 3 || len(seen) != 7 {
		t.Errorf("%d pages, %d areas", pages, len(seen))
	}

	// CRS: default CRS84 (lon, lat), EPSG:4326 latitude first, UTM in metres.
	var p84, p4326, putm ogcPage
	if crs := getJSON(t, ts, base+"/collections/bezirk/items?limit=1", 200, &p84); crs != "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>" {
		t.Errorf("Content-Crs %q", crs)
	}
	getJSON(t, ts, base+"/collections/bezirk/items?limit=1&crs=http://www.opengis.net/def/crs/EPSG/0/4326", 200, &p4326)
	if crs := getJSON(t, ts, base+"/collections/bezirk/items?limit=1&crs=http://www.opengis.net/def/crs/EPSG/0/25832", 200, &putm); crs != "<http://www.opengis.net/def/crs/EPSG/0/25832>" {
		t.Errorf("Content-Crs %q", crs)
	}
	a, b, u := p84.firstPoint(t), p4326.firstPoint(t), putm.firstPoint(t)
	if a[0] < 11 || a[0] > 12 || a[1] < 50 || a[1] > 51 || b[0] != a[1] || b[1] != a[0] {
		t.Errorf("CRS84 %v, EPSG:4326 %v: axes", a, b)
	}
	if u[0] < 600000 || u[0] > 700000 || u[1] < 5600000 || u[1] > 5700000 {
		t.Errorf("UTM 32 %v", u)
	}

	// bbox: a small box around Weimar-West's interior finds it and not the
	// far side of the city; the same box in EPSG:4326 order finds the same.
	var inW, inW4326 ogcPage
	getJSON(t, ts, base+"/collections/bezirk/items?bbox=11.27,50.979,11.275,50.981", 200, &inW)
	getJSON(t, ts, base+"/collections/bezirk/items?bbox=50.979,11.27,50.981,11.275&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/4326", 200, &inW4326)
	if inW.NumberMatched == 0 || inW.NumberMatched > 2 || inW.NumberMatched != inW4326.NumberMatched || inW.Features[0].ID != "W1" {
		t.Errorf("bbox: %d areas (%v), in 4326 order %d", inW.NumberMatched, inW.Features, inW4326.NumberMatched)
	}

	// One feature, and what does not exist.
	var one struct {
		ID         string
		Properties map[string]any
	}
	getJSON(t, ts, base+"/collections/sozialraum/items/west", 200, &one)
	if one.ID != "west" || one.Properties["name"] != "West" || one.Properties["blocks"] != "W1,W2" {
		t.Errorf("item: %+v", one)
	}
	getJSON(t, ts, base+"/collections/sozialraum/items/nirgends", 404, nil)
	getJSON(t, ts, base+"/collections/nirgends", 404, nil)
	getJSON(t, ts, base+"/collections/nirgends/items", 404, nil)
}

func TestOGCFeaturesBadParameters(t *testing.T) {
	ts := ogcServer(t)
	for _, c := range []struct{ query, want string }{
		{"limit=0", "limit"},
		{"limit=zehn", "limit"},
		{"offset=-1", "offset"},
		{"bbox=1,2,3", "bbox"},
		{"bbox=11.3,50.9,11.2,51.0", "bbox"},
		{"bbox=a,b,c,d", "bbox"},
		{"bbox=0,0,200,10", "bbox"},
		{"bbox-crs=EPSG:25832", "bbox-crs"},
		{"crs=EPSG:3857", "crs"},
		{"crs=http://www.opengis.net/def/crs/EPSG/0/31468", "crs"},
		{"f=html", "f"},
		{"filter=name='West'", "filter"},
	} {
		var e struct{ Error string }
		getJSON(t, ts, "/api/ogc/collections/bezirk/items?"+c.query, 400, &e)
		if !strings.Contains(e.Error, c.want) {
			t.Errorf("%s: error %q does not name %q", c.query, e.Error, c.want)
		}
	}
	// A limit above the maximum is cut, not refused.
	var p ogcPage
	getJSON(t, ts, "/api/ogc/collections/bezirk/items?limit=1000000", 200, &p)
	if p.NumberReturned != 6 {
		t.Errorf("limit above max: %d", p.NumberReturned)
	}
}

// TestOGCFeaturesWithGDAL reads every collection with GDAL's OAPIF driver,
// the client QGIS uses, and compares the feature counts with the API's.
func TestOGCFeaturesWithGDAL(t *testing.T) {
	ogr, err := exec.LookPath("ogr2ogr")
	if err != nil {
		t.Skip("no GDAL found: OAPIF client test skipped (CI installs gdal-bin)")
	}
	ts := ogcServer(t)
	var cols struct{ Collections []struct{ ID string } }
	getJSON(t, ts, "/api/ogc/collections", 200, &cols)
	if len(cols.Collections) < 5 {
		t.Fatalf("%d collections", len(cols.Collections))
	}
	dir := t.TempDir()
	for _, c := range cols.Collections {
		var p ogcPage
		getJSON(t, ts, "/api/ogc/collections/"+c.ID+"/items?limit=1", 200, &p)
		fc := ogrCopy(t, ogr, ts.URL+"/api/ogc", c.ID, filepath.Join(dir, strings.NewReplacer("@", "_", "~", "_").Replace(c.ID)+".geojson"))
		if len(fc.Features) != p.NumberMatched {
			t.Errorf("%s: GDAL read %d features, the API matches %d", c.ID, len(fc.Features), p.NumberMatched)
		}
		codes := map[string]bool{}
		for _, f := range fc.Features {
			codes[fmt.Sprint(f.Properties["code"])] = true
		}
		if len(codes) != p.NumberMatched {
			t.Errorf("%s: %d distinct codes in GDAL's copy", c.ID, len(codes))
		}
	}
	// ogrinfo lists the collections as layers.
	b, err := exec.Command(strings.TrimSuffix(ogr, "ogr2ogr")+"ogrinfo", "-ro", "-q", "OAPIF:"+ts.URL+"/api/ogc").CombinedOutput()
	if err != nil || !strings.Contains(string(b), "bezirk@2024-01-01") {
		t.Errorf("ogrinfo: %v\n%s", err, b)
	}
}

// ogrFeatures is what ogrCopy read.
type ogrFeatures struct {
	Features []struct{ Properties map[string]any }
}

// ogrCopy copies a collection of the API at base with GDAL's OAPIF driver
// into a GeoJSON file at out and reads it back. A small page size makes
// GDAL follow the next links; env adds to GDAL's environment (a token).
func ogrCopy(t *testing.T, ogr, base, id, out string, env ...string) ogrFeatures {
	t.Helper()
	cmd := exec.Command(ogr, "-f", "GeoJSON", out, "OAPIF:"+base, id, "-oo", "PAGE_SIZE=2", "-t_srs", "EPSG:25832")
	cmd.Env = append(append(os.Environ(), "GDAL_HTTP_TIMEOUT=30", "CPL_DEBUG=OFF"), env...)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ogr2ogr %s: %v\n%s", id, err, b)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var fc ogrFeatures
	if err := json.Unmarshal(b, &fc); err != nil {
		t.Fatal(err)
	}
	return fc
}

func TestVersionCacheKeepsTheMostRecent(t *testing.T) {
	var c versionCache
	for id := int64(1); id <= versionCacheSize; id++ {
		c.put(id, []quartier.Area{{Code: fmt.Sprint(id)}})
	}
	c.get(1) // 1 is now the most recent; 2 is the oldest
	c.put(99, nil)
	if _, ok := c.get(2); ok {
		t.Error("the least recently read version stayed")
	}
	if a, ok := c.get(1); !ok || a[0].Code != "1" {
		t.Error("a recently read version was dropped")
	}
}

// TestGeoPackageOfEveryGebietsstand follows each collection's enclosure
// link and opens the GeoPackage it gets: the old Gebietsstand has its seven
// areas, the current six, in the CRS asked for.
func TestGeoPackageOfEveryGebietsstand(t *testing.T) {
	ts := ogcServer(t)
	var cols struct {
		Collections []struct {
			ID    string
			Links []struct{ Href, Rel, Type string }
		}
	}
	getJSON(t, ts, "/api/ogc/collections", 200, &cols)
	counts := map[string]int{}
	for _, c := range cols.Collections {
		if c.ID != "bezirk" && c.ID != "bezirk@2024-01-01" {
			continue
		}
		for _, l := range c.Links {
			if l.Rel != "enclosure" {
				continue
			}
			resp, body := get(t, ts, strings.TrimPrefix(l.Href, ts.URL)+"&crs=4326")
			if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/geopackage+sqlite3" || !strings.HasPrefix(body, "SQLite format 3") {
				t.Fatalf("%s: %d %s", l.Href, resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			path := filepath.Join(t.TempDir(), "x.gpkg")
			os.WriteFile(path, []byte(body), 0o600)
			db, err := sql.Open("sqlite", path)
			if err != nil {
				t.Fatal(err)
			}
			var n, srs int
			db.QueryRow(`SELECT count(*) FROM bezirk`).Scan(&n)
			db.QueryRow(`SELECT srs_id FROM gpkg_contents`).Scan(&srs)
			db.Close()
			if srs != 4326 {
				t.Errorf("%s: srs %d", c.ID, srs)
			}
			counts[c.ID] = n
		}
	}
	if counts["bezirk"] != 6 || counts["bezirk@2024-01-01"] != 7 {
		t.Errorf("areas per GeoPackage: %v", counts)
	}
	resp, _ := get(t, ts, "/export/bezirk?format=gpkg&stand=abc")
	if resp.StatusCode != 400 {
		t.Errorf("bad stand: %d", resp.StatusCode)
	}
	resp, _ = get(t, ts, "/export/bezirk?format=gpkg&stand=99999")
	if resp.StatusCode != 404 {
		t.Errorf("unknown stand: %d", resp.StatusCode)
	}
}
