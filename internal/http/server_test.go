package http

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/atlas"
	"github.com/quartier/quartier/internal/demo"
	"github.com/quartier/quartier/internal/services"
	"github.com/quartier/quartier/internal/spatial"
	"github.com/quartier/quartier/internal/testdb"
)

const weimar = "../../examples/weimar/"

// weimarCity loads the Weimar example (3 spaces) through the use cases.
func weimarCity(t testing.TB) *services.Set {
	t.Helper()
	st, _ := testdb.Open(t)
	a := openSet(t, st)
	buildWeimarCity(t, a)
	return a
}

// openSet opens the services over st as every test server does, closed
// when the test ends.
func openSet(t testing.TB, st quartier.Store) *services.Set {
	t.Helper()
	a, err := services.Open(quartier.WithActor(context.Background(), quartier.Operator()), st, setOptions)
	if err != nil {
		t.Fatal(err)
	}
	// Before the store closes (cleanups run last first): queued audit
	// entries of the last reads are written, not retried against a
	// closed database.
	t.Cleanup(func() { a.Close() })
	return a
}

var setOptions = services.Options{SRID: quartier.UTM32N, TOTPRoles: []quartier.Role{quartier.RoleDPO}}

// openDemo is a set on a new database with the Berlin demo loaded (UTM
// 33, no second factor for any role).
func openDemo(t testing.TB) *services.Set {
	t.Helper()
	return openDemoAt(t, nil)
}

// openDemoAt is openDemo on the clock now (nil: the wall clock).
func openDemoAt(t testing.TB, now func() time.Time) *services.Set {
	t.Helper()
	st, _ := testdb.Open(t)
	ctx := quartier.WithActor(context.Background(), quartier.Operator())
	a, err := services.Open(ctx, st, services.Options{SRID: quartier.UTM33N, TOTPRoles: []quartier.Role{}, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if err := demo.Load(ctx, a, nil); err != nil {
		t.Fatal(err)
	}
	return a
}

// buildFixture fills the empty database at addr with fill and closes it
// again, for a testdb.Template.
func buildFixture(t testing.TB, addr string, fill func(t testing.TB, a *services.Set)) {
	t.Helper()
	st, err := testdb.OpenAddress(context.Background(), addr)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	a, err := services.Open(quartier.WithActor(context.Background(), quartier.Operator()), st, setOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	fill(t, a)
}

// The fixtures most tests share, built once per test binary and copied
// for each test (testdb.Template): building the city takes a few hundred
// milliseconds, hashing eleven passwords at full argon2id cost seconds.
var (
	weimarAppTemplate = testdb.NewTemplate(func(t testing.TB, addr string) {
		buildFixture(t, addr, func(t testing.TB, a *services.Set) { buildWeimarCity(t, a); importWeimarAtlas(t, a) })
	})
	weimarAccountsTemplate = testdb.NewTemplate(func(t testing.TB, addr string) {
		buildFixture(t, addr, func(t testing.TB, a *services.Set) { buildWeimarCity(t, a); importWeimarAtlas(t, a); addAccounts(t, a) })
	})
)

// TestMain removes the template databases after the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	testdb.RemoveTemplates()
	os.Exit(code)
}

// buildWeimarCity loads the Weimar example into a.
func buildWeimarCity(t testing.TB, a *services.Set) {
	t.Helper()
	ctx := quartier.WithActor(context.Background(), quartier.Operator())
	f, err := os.Open(weimar + "bloecke.geojson")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	date := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	if _, err := a.Spatial.ImportAreas(ctx, spatial.ImportAreasRequest{Layer: spatial.LayerSpec{Code: "bezirk", Name: "Bezirke", Kind: quartier.LayerBlock},
		Input: f, CodeProperty: "code", NameProperty: "name", ReferenceDate: date}); err != nil {
		t.Fatal(err)
	}
	var ms []spatial.Membership
	b, _ := os.ReadFile(weimar + "sozialraeume.csv")
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n")[1:] {
		f := strings.Split(line, ";")
		ms = append(ms, spatial.Membership{Block: f[0], Area: f[1], AreaName: f[2]})
	}
	if _, err := a.Spatial.ComposeLayer(ctx, spatial.ComposeRequest{Layer: spatial.LayerSpec{Code: "sozialraum", Name: "Sozialräume", Space: true}, Members: ms, ReferenceDate: date}); err != nil {
		t.Fatal(err)
	}
	sf, _ := os.Open(weimar + "setup.json")
	defer sf.Close()
	s, err := spatial.ReadSetup(sf)
	if err != nil {
		t.Fatal(err)
	}
	// A hostile name must come out inert on every page.
	s.Providers[1].Name = `AWO <script>alert("x")</script>`
	if err := a.Spatial.ImportSetup(ctx, s); err != nil {
		t.Fatal(err)
	}
}

// weimarApp is the Weimar city with a small atlas.
func weimarApp(t testing.TB) *services.Set {
	t.Helper()
	st, _ := weimarAppTemplate.Open(t)
	return openSet(t, st)
}

// weimarAccountsApp is weimarApp with one account per role (addAccounts).
func weimarAccountsApp(t testing.TB) *services.Set {
	t.Helper()
	st, _ := weimarAccountsTemplate.Open(t)
	return openSet(t, st)
}

// importWeimarAtlas adds a club of the AWO in West, a counselling office
// of the Diakonie in Mitte-Süd and a shelter in Nord, verified long ago.
func importWeimarAtlas(t testing.TB, a *services.Set) {
	t.Helper()
	ctx := quartier.WithActor(context.Background(), quartier.Operator())
	at := func(lon, lat float64) (float64, float64) {
		res, err := a.Spatial.LookupPoint(ctx, lon, lat, quartier.WGS84)
		if err != nil {
			t.Fatal(err)
		}
		return res.X, res.Y
	}
	long := time.Date(2024, 1, 15, 0, 0, 0, 0, time.UTC)
	wx, wy := at(11.2825, 50.9865)
	mx, my := at(11.3367, 50.9738)
	nx, ny := at(11.343, 50.991)
	_, err := a.Atlas.ImportAtlas(ctx, atlas.Import{Source: "Test",
		Places: []quartier.Place{
			{Key: "jfe-west", Name: "Jugendclub West", Provider: "awo-mwt", Street: "Moskauer Straße", HouseNumber: "1", Postcode: "99427", City: "Weimar", X: wx, Y: wy, VerifiedOn: long},
			{Key: "beratung-mitte", Name: "Beratungsstelle Mitte", Provider: "diakonie", Street: "Marktstraße", HouseNumber: "2", City: "Weimar", X: mx, Y: my},
			{Key: "schutz-nord", Name: "Schutzwohnung", Street: "Geheimgasse", HouseNumber: "7", City: "Weimar", X: nx, Y: ny, Confidential: true, ContactPath: "Hotline 0800 000 000"},
		},
		Offers: []atlas.OfferEntry{
			{Offer: quartier.Offer{Key: "treff-west", Name: "Offener Treff", Provider: "awo-mwt", Topics: []string{"offene-jugendarbeit", "sport"},
				TargetGroups: []string{"jugendliche"}, Languages: []string{"de", "ru"}, Costs: "kostenfrei", Status: quartier.OfferActive, VerifiedOn: long,
				Hours: quartier.OpeningHours{Weekly: []quartier.HoursSlot{{Day: time.Monday, Open: 14 * 60, Close: 18 * 60}, {Day: time.Monday, Open: 19 * 60, Close: 21 * 60}, {Day: time.Friday, Open: 15 * 60, Close: 22 * 60}},
					ClosedOnHolidays: true, Note: "in den Ferien anders",
					Exceptions: []quartier.HoursException{{From: time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2025, 7, 31, 0, 0, 0, 0, time.UTC), Closed: true, Note: "Sommerpause"}}},
				Contacts: []quartier.Contact{{Name: "Frau A.", Role: "Leitung", Phone: "03643 1", Email: "a@example.org", Visibility: quartier.VisiblePublic},
					{Name: "Diensthandy", Phone: "0170 2", Visibility: quartier.VisibleProfessionals}}},
				PlaceKeys: []string{"jfe-west"}},
			{Offer: quartier.Offer{Key: "beratung", Name: "Erziehungsberatung", Provider: "diakonie", Topics: []string{"erziehungsberatung"}, Status: quartier.OfferActive}, PlaceKeys: []string{"beratung-mitte"}},
			{Offer: quartier.Offer{Key: "schutz", Name: "Schutz und Beratung", Topics: []string{"schutz"}, Status: quartier.OfferActive}, PlaceKeys: []string{"schutz-nord"}},
		}})
	if err != nil {
		t.Fatalf("atlas: %v %v", err, quartier.ErrorProblems(err))
	}
}

func newTestServer(t testing.TB, opt Options) *httptest.Server {
	t.Helper()
	srv, err := New(weimarApp(t), opt)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts
}

func get(t *testing.T, ts *httptest.Server, path string, hdr ...string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", ts.URL+path, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestPages(t *testing.T) {
	ts := newTestServer(t, Options{})
	for _, c := range []struct {
		path, want string
		status     int
	}{
		{"/", `id="atlasmap"`, 200}, // families land on the atlas
		{"/karte", `id="map"`, 200}, // the map of areas, formerly the start page
		{"/ebenen", "Sozialräume", 200},
		{"/ebenen/sozialraum", "Keine Befunde", 200},
		{"/ebenen/sozialraum/west", "Sozialraumteam West", 200},
		{"/ebenen/sozialraum/nord-schoendorf", "(federführend)", 200},
		{"/ebenen/bezirk/M1", "Mitte-Süd", 200},
		// An area page links to the offers of its space (the block: of the space it lies in).
		{"/ebenen/sozialraum/west", `<a href="/atlas?raum=west">1 Angebot in diesem Sozialraum</a>`, 200},
		{"/ebenen/bezirk/M1", `<a href="/atlas?raum=mitte-sued">1 Angebot im Sozialraum Mitte-Süd</a>`, 200},
		{"/ebenen/sozialraum/nord-schoendorf", `<a href="/atlas?raum=nord-schoendorf">0 Angebote in diesem Sozialraum</a>`, 200},
		{"/ebenen/sozialraum/nirgends", "nicht gefunden", 404},
		{"/zuordnung", "Adresse", 200},
		{"/zuordnung?lon=11.329&lat=50.979", "mitte-sued", 200},
		{"/zuordnung?x=1&y=2&crs=25832", "außerhalb", 400},
		{"/zuordnung?lon=11.0&lat=50.979", "Außerhalb", 200},
		{"/pruefen", "GeoJSON-Datei", 200},
		{"/healthz", `"status":"ok"`, 200},
	} {
		resp, body := get(t, ts, c.path)
		if resp.StatusCode != c.status || !strings.Contains(body, c.want) {
			t.Errorf("GET %s: %d, want %d with %q\n%.400s", c.path, resp.StatusCode, c.status, c.want, body)
		}
		if ct := resp.Header.Get("Content-Security-Policy"); !strings.Contains(ct, "script-src 'self'") {
			t.Errorf("GET %s: CSP %q", c.path, ct)
		}
		if strings.Contains(body, "<script>alert") {
			t.Errorf("GET %s: script from data rendered live", c.path)
		}
	}
	_, body := get(t, ts, "/ebenen/sozialraum/west")
	if !strings.Contains(body, "AWO &lt;script&gt;") {
		t.Errorf("hostile name not escaped:\n%s", body)
	}
	// htmx gets the fragment only.
	_, body = get(t, ts, "/zuordnung?lon=11.329&lat=50.979", "HX-Request", "true")
	if strings.Contains(body, "<html") || !strings.Contains(body, "mitte-sued") {
		t.Errorf("htmx fragment:\n%s", body)
	}
	resp, body := get(t, ts, "/ebenen/sozialraum/west/karte.svg")
	if resp.Header.Get("Content-Type") != "image/svg+xml" || !strings.Contains(body, "<path d=\"M") {
		t.Errorf("svg: %s", body)
	}
}

func TestMapGeoJSON(t *testing.T) {
	ts := newTestServer(t, Options{})
	resp, body := get(t, ts, "/karte/sozialraum")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/geo+json" {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	var fc struct {
		Features []struct {
			Properties map[string]any
			Geometry   struct {
				Type        string
				Coordinates [][][][2]float64
			}
		}
	}
	if err := json.Unmarshal([]byte(body), &fc); err != nil {
		t.Fatal(err)
	}
	if len(fc.Features) != 3 {
		t.Fatalf("%d features", len(fc.Features))
	}
	for _, f := range fc.Features {
		p := f.Geometry.Coordinates[0][0][0]
		if p[0] < 11.2 || p[0] > 11.5 || p[1] < 50.9 || p[1] > 51.1 {
			t.Errorf("%v: not WGS84 around Weimar: %v", f.Properties["code"], p)
		}
	}
	resp2, _ := get(t, ts, "/karte/sozialraum", "If-None-Match", resp.Header.Get("ETag"))
	if resp2.StatusCode != http.StatusNotModified {
		t.Errorf("ETag revalidation: %d", resp2.StatusCode)
	}
}

func TestAPILookup(t *testing.T) {
	ts := newTestServer(t, Options{MaxUploadBytes: 1 << 10})
	resp, body := get(t, ts, "/api/v1/lookup?lon=11.329&lat=50.979")
	var res spatial.LookupResult
	if err := json.Unmarshal([]byte(body), &res); err != nil || resp.StatusCode != 200 || !res.Inside {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	if h, _ := res.HitFor("sozialraum"); h.Code != "mitte-sued" {
		t.Fatalf("%+v", res)
	}
	resp, body = get(t, ts, "/api/v1/lookup?lon=abc&lat=1")
	if resp.StatusCode != 400 || !strings.Contains(body, `"code":"invalid"`) {
		t.Fatalf("bad input: %d %s", resp.StatusCode, body)
	}
	resp, err := ts.Client().Post(ts.URL+"/api/v1/lookup", "text/csv", strings.NewReader("id,lon,lat\n1,11.329,50.979\n2,11.287,50.988\n"))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(b), "1,11.329,50.979,M1,mitte-sued,ok") {
		t.Fatalf("bulk: %d\n%s", resp.StatusCode, b)
	}
	resp, err = ts.Client().Post(ts.URL+"/api/v1/lookup", "text/csv", strings.NewReader("lon,lat\n"+strings.Repeat("11.329,50.979\n", 200)))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode == 200 {
		t.Fatalf("oversized bulk body accepted")
	}
}

func TestImportCheckPage(t *testing.T) {
	ts := newTestServer(t, Options{MaxUploadBytes: 64 << 10})
	post := func(content string) (int, string) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		fw, _ := mw.CreateFormFile("file", "test.geojson")
		fw.Write([]byte(content))
		mw.WriteField("crs", "4326")
		mw.Close()
		resp, err := ts.Client().Post(ts.URL+"/pruefen", mw.FormDataContentType(), &buf)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	status, body := post(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"a"},"geometry":{"type":"Polygon","coordinates":[[[11.3,50.9],[11.4,50.9],[11.4,51.0],[11.31,50.95]]]}}]}`)
	if status != 400 || !strings.Contains(body, "Objekt 0") || !strings.Contains(body, "Fehler") {
		t.Fatalf("broken file: %d\n%s", status, body)
	}
	status, body = post(strings.Repeat(" ", 70<<10))
	if !strings.Contains(body, "zu groß") {
		t.Fatalf("oversized: %d\n%s", status, body)
	}
	// Nothing was written by the checks.
	_, body = get(t, ts, "/ebenen")
	if strings.Contains(body, "pruefung") || strings.Contains(body, "Prüfung<") {
		t.Fatal("check wrote a layer")
	}
}

func TestCrossOriginPostRefused(t *testing.T) {
	ts := newTestServer(t, Options{})
	req, _ := http.NewRequest("POST", ts.URL+"/api/v1/lookup", strings.NewReader("lon,lat\n11.3,50.9\n"))
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site POST: %d", resp.StatusCode)
	}
	req, _ = http.NewRequest("POST", ts.URL+"/pruefen", strings.NewReader(""))
	req.Header.Set("Origin", "https://evil.example")
	resp, err = ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("foreign Origin POST: %d", resp.StatusCode)
	}
}
