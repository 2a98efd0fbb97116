package http

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/gpkg"
	"github.com/quartier/quartier/internal/monitoring"
)

var tokenInPage = regexp.MustCompile(`id="new_token" type="text" readonly value="([^"]+)"`)

// newToken makes an API token through the account page, as a person does.
func newToken(t *testing.T, ts *httptest.Server, user string) string {
	t.Helper()
	c := signedInClient(t, ts, user)
	status, _, page := post(t, c, ts, "/konto/api-schluessel", url.Values{"name": {"QGIS Planung"}, "days": {"30"}, "current_password": {testPassword}})
	m := tokenInPage.FindStringSubmatch(page)
	if status != http.StatusOK || m == nil {
		t.Fatalf("token for %s: %d\n%.2000s", user, status, page)
	}
	return html.UnescapeString(m[1])
}

// bearerGet asks with an API token; body is decoded into v when not nil.
func bearerGet(t *testing.T, ts *httptest.Server, method, path, token string, v any) (int, http.Header, string) {
	t.Helper()
	req, _ := http.NewRequest(method, ts.URL+path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Origin", ts.URL)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if v != nil && resp.StatusCode == http.StatusOK {
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("%s: %v\n%.300s", path, err, b)
		}
	}
	return resp.StatusCode, resp.Header, string(b)
}

func collectionIDs(t *testing.T, ts *httptest.Server, token string) []string {
	t.Helper()
	var cols struct{ Collections []struct{ ID string } }
	if status, _, body := bearerGet(t, ts, "GET", "/api/ogc/collections", token, &cols); status != 200 {
		t.Fatalf("collections: %d %s", status, body)
	}
	var ids []string
	for _, c := range cols.Collections {
		ids = append(ids, c.ID)
	}
	return ids
}

func publishKinder(t *testing.T, srv *Server) *quartier.Publication {
	t.Helper()
	p, err := srv.monitoring.Publish(quartier.WithActor(context.Background(), quartier.Operator()), monitoring.PublishRequest{Kind: quartier.PublishedIndicator,
		Subject: "kinder", Layer: "bezirk", Date: time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// The monitoring in a GIS: publications for everyone, suppressed as on
// paper; internal values and index results only with indicators.read,
// within the reader's spaces, by session or API token; a token reads and
// does nothing else.
func TestOGCMonitoringCollections(t *testing.T) {
	ts, srv := monitoringServer(t)
	pub := publishKinder(t, srv)
	pubID := fmt.Sprintf("veroeffentlichung-%d", pub.ID)

	anon := collectionIDs(t, ts, "")
	if !slices.Contains(anon, pubID) || slices.ContainsFunc(anon, func(id string) bool { return strings.HasPrefix(id, "kennzahl-") || strings.HasPrefix(id, "index-") }) {
		t.Fatalf("anonymous collections: %v", anon)
	}
	if status, _, body := bearerGet(t, ts, "GET", "/api/ogc/collections/kennzahl-alo@sozialraum/items", "", nil); status != http.StatusUnauthorized {
		t.Fatalf("anonymous internal items: %d %s", status, body)
	}
	// The publication: the blocks' children counts below 3 (N1 1, N2 2,
	// M1 3 is kept) are withheld, with no value and the text ".".
	var p ogcPage
	if status, _, body := bearerGet(t, ts, "GET", "/api/ogc/collections/"+pubID+"/items?limit=100", "", &p); status != 200 {
		t.Fatalf("publication items: %d %s", status, body)
	}
	col := pub.Table.Columns[0]
	byCode := map[string]map[string]any{}
	for _, f := range p.Features {
		byCode[f.Properties["code"].(string)] = f.Properties
		if f.Geometry == nil {
			t.Errorf("%s without geometry", f.ID)
		}
	}
	if byCode["N1"][col] != nil || byCode["N1"][col+" (Text)"] != "." || byCode["W1"][col] != 10.0 {
		t.Errorf("publication cells: N1 %v/%v, W1 %v", byCode["N1"][col], byCode["N1"][col+" (Text)"], byCode["W1"][col])
	}

	planner := newToken(t, ts, "u-planner")
	ids := collectionIDs(t, ts, planner)
	for _, want := range []string{"kennzahl-alo@sozialraum", "kennzahl-kinder@bezirk", "index-sozial", pubID, "bezirk"} {
		if !slices.Contains(ids, want) {
			t.Errorf("planner's token: no collection %s in %v", want, ids)
		}
	}
	// Every listed collection is found again by its id alone (the lookup
	// does not list them all), with the same description.
	var all struct {
		Collections []struct{ ID, Title, Description string }
	}
	bearerGet(t, ts, "GET", "/api/ogc/collections", planner, &all)
	for _, c := range all.Collections {
		var one struct{ ID, Title, Description string }
		if status, _, body := bearerGet(t, ts, "GET", "/api/ogc/collections/"+url.PathEscape(c.ID), planner, &one); status != 200 || one != c {
			t.Errorf("collection %s by id: %d %+v, listed as %+v %s", c.ID, status, one, c, body)
		}
	}
	// Both reference dates, or the one datetime picks.
	if status, _, body := bearerGet(t, ts, "GET", "/api/ogc/collections/kennzahl-alo@sozialraum/items", planner, &p); status != 200 || p.NumberMatched != 6 {
		t.Fatalf("alo on spaces: %d, %d features %s", status, p.NumberMatched, body)
	}
	bearerGet(t, ts, "GET", "/api/ogc/collections/kennzahl-alo@sozialraum/items?datetime=2024-12-31&limit=10", planner, &p)
	got := map[string]any{}
	for _, f := range p.Features {
		got[f.ID] = f.Properties["value"]
	}
	// Summed from counts: Mitte-Süd 43/200, Nord 10/100, West 15/300.
	want := map[string]any{"mitte-sued@2024-12-31": 21.5, "nord-schoendorf@2024-12-31": 10.0, "west@2024-12-31": 5.0}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("alo 2024 on spaces: %v, want %v", got, want)
	}
	var idx ogcPage
	bearerGet(t, ts, "GET", "/api/ogc/collections/index-sozial/items", planner, &idx)
	if idx.NumberMatched != 3 || idx.Features[0].Properties["status_klasse"] == nil || idx.Features[0].Properties["status_z_alo"] == nil {
		t.Errorf("index features: %d %v", idx.NumberMatched, idx.Features)
	}
	var one map[string]any
	if status, _, body := bearerGet(t, ts, "GET", "/api/ogc/collections/kennzahl-alo@sozialraum/items/west@2024-12-31", planner, &one); status != 200 {
		t.Errorf("one feature: %d %s", status, body)
	}

	// A provider lead reads her spaces only (the AWO works in West).
	lead := newToken(t, ts, "u-provider-lead")
	bearerGet(t, ts, "GET", "/api/ogc/collections/kennzahl-alo@sozialraum/items?datetime=2024-12-31", lead, &p)
	if p.NumberMatched != 1 || p.Features[0].ID != "west@2024-12-31" {
		t.Errorf("provider lead's features: %d %v", p.NumberMatched, p.Features)
	}
	// Without indicators.read the internal collections are neither listed
	// nor readable.
	office := newToken(t, ts, "u-office")
	if ids := collectionIDs(t, ts, office); slices.ContainsFunc(ids, func(id string) bool { return strings.HasPrefix(id, "kennzahl-") }) {
		t.Errorf("office lists internal collections: %v", ids)
	}
	if status, _, _ := bearerGet(t, ts, "GET", "/api/ogc/collections/kennzahl-alo@sozialraum/items", office, nil); status != http.StatusNotFound && status != http.StatusForbidden {
		t.Errorf("office reads internal values: %d", status)
	}

	// A token reads under /api/ only, and never writes.
	for _, tc := range []struct{ method, path string }{{"GET", "/konto"}, {"GET", "/monitoring"}, {"POST", "/api/ogc/collections"}, {"POST", "/konto/api-schluessel"}} {
		if status, _, _ := bearerGet(t, ts, tc.method, tc.path, planner, nil); status != http.StatusForbidden {
			t.Errorf("token %s %s: %d", tc.method, tc.path, status)
		}
	}
	status, hdr, _ := bearerGet(t, ts, "GET", "/api/ogc/collections", "qrt_falsch", nil)
	if status != http.StatusUnauthorized || !strings.Contains(hdr.Get("WWW-Authenticate"), "invalid_token") {
		t.Errorf("bad token: %d %q", status, hdr.Get("WWW-Authenticate"))
	}
	// The reads stand in the audit log with the token's number.
	entries, err := srv.audit.Entries(quartier.WithActor(context.Background(), quartier.Operator()), quartier.AuditFilter{Action: "indicator.values"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(entries, func(e quartier.AuditEntry) bool {
		return e.Login == "u-planner" && strings.Contains(e.Scope, "API-Schlüssel")
	}) {
		t.Errorf("no audited read by token: %d entries", len(entries))
	}

	// Revoked on the account page, refused from then on.
	c := signedInClient(t, ts, "u-planner")
	_, page := fetch(t, c, ts.URL+"/konto")
	m := regexp.MustCompile(`action="(/konto/api-schluessel/\d+/widerrufen)"`).FindStringSubmatch(page)
	if m == nil || !strings.Contains(page, "QGIS Planung") {
		t.Fatalf("account page lists no token:\n%.3000s", page)
	}
	if status, loc, _ := post(t, c, ts, m[1], nil); status != http.StatusSeeOther || loc != "/konto?erledigt=widerrufen" {
		t.Fatalf("revoke: %d %s", status, loc)
	}
	if status, _, _ := bearerGet(t, ts, "GET", "/api/ogc/collections", planner, nil); status != http.StatusUnauthorized {
		t.Errorf("revoked token: %d", status)
	}
	// A bad form names the field and makes nothing.
	// Without the password, a session alone makes no token.
	if status, _, page := post(t, c, ts, "/konto/api-schluessel", url.Values{"name": {"QGIS"}, "days": {"30"}}); status == http.StatusOK || strings.Contains(page, `id="new_token"`) || !strings.Contains(page, "Passwort") {
		t.Errorf("token without the password: %d", status)
	}
	status, _, page = post(t, c, ts, "/konto/api-schluessel", url.Values{"name": {""}, "days": {"999"}})
	if status != http.StatusUnprocessableEntity && status != http.StatusBadRequest || !strings.Contains(page, `id="token_name"`) || strings.Contains(page, `id="new_token"`) {
		t.Errorf("bad token form: %d", status)
	}
}

// QGIS's engine, GDAL, reads the internal values with a token in a
// header, and the publication without one; the counts match the API's.
func TestOGCMonitoringWithGDAL(t *testing.T) {
	ogr, err := exec.LookPath("ogr2ogr")
	if err != nil {
		t.Skip("no GDAL found: OAPIF client test skipped (CI installs gdal-bin)")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, srv := monitoringServerWith(t, Options{PublicURL: "http://" + l.Addr().String()})
	ts := httptest.NewUnstartedServer(srv.Handler())
	ts.Listener.Close()
	ts.Listener = l
	ts.Start()
	t.Cleanup(ts.Close)
	pub := publishKinder(t, srv)
	token := newToken(t, ts, "u-planner")
	dir := t.TempDir()
	for _, tc := range []struct{ id, token string }{{"kennzahl-alo@sozialraum", token}, {"index-sozial", token}, {fmt.Sprintf("veroeffentlichung-%d", pub.ID), ""}} {
		var p ogcPage
		bearerGet(t, ts, "GET", "/api/ogc/collections/"+tc.id+"/items?limit=1", tc.token, &p)
		var env []string
		if tc.token != "" {
			env = []string{"GDAL_HTTP_HEADERS=Authorization: Bearer " + tc.token}
		}
		fc := ogrCopy(t, ogr, ts.URL+"/api/ogc", tc.id, filepath.Join(dir, strings.ReplaceAll(tc.id, "@", "_")+".geojson"), env...)
		if len(fc.Features) != p.NumberMatched || p.NumberMatched == 0 {
			t.Errorf("%s: GDAL read %d features, the API matches %d", tc.id, len(fc.Features), p.NumberMatched)
		}
	}
	// Without the token GDAL is refused the internal values.
	cmd := exec.Command(ogr, "-f", "GeoJSON", filepath.Join(dir, "x.geojson"), "OAPIF:"+ts.URL+"/api/ogc", "kennzahl-alo@sozialraum")
	if b, err := cmd.CombinedOutput(); err == nil {
		t.Errorf("GDAL read internal values without a token:\n%s", b)
	}
}

// Every monitoring collection also comes as a GeoPackage with the same
// features; the internal ones only for their readers.
func TestOGCMonitoringGeoPackage(t *testing.T) {
	ts, srv := monitoringServer(t)
	pub := publishKinder(t, srv)
	token := newToken(t, ts, "u-planner")
	if status, _, _ := bearerGet(t, ts, "GET", "/api/ogc/collections/kennzahl-alo@sozialraum/gpkg", "", nil); status != http.StatusUnauthorized {
		t.Errorf("anonymous GeoPackage of internal values: %d", status)
	}
	dir := t.TempDir()
	for _, tc := range []struct {
		id, token, column string
		n                 int
	}{{"kennzahl-alo@sozialraum", token, "value", 6}, {"index-sozial", token, "status_z_alo", 3}, {fmt.Sprintf("veroeffentlichung-%d", pub.ID), "", "code", 7}} {
		status, hdr, body := bearerGet(t, ts, "GET", "/api/ogc/collections/"+tc.id+"/gpkg?crs=EPSG:25832", tc.token, nil)
		if status != 200 || hdr.Get("Content-Type") != "application/geopackage+sqlite3" {
			t.Fatalf("%s: %d %.300s", tc.id, status, body)
		}
		path := filepath.Join(dir, strings.ReplaceAll(tc.id, "@", "_")+".gpkg")
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		db, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		table := gpkg.SafeName(tc.id)
		var n, srs int
		if err := db.QueryRow(`SELECT count(*) FROM "` + table + `" WHERE "` + tc.column + `" IS NOT NULL`).Scan(&n); err != nil || n != tc.n {
			t.Errorf("%s: %d rows with %s (%v), want %d", tc.id, n, tc.column, err, tc.n)
		}
		if err := db.QueryRow(`SELECT srs_id FROM gpkg_contents WHERE table_name = ?`, table).Scan(&srs); err != nil || srs != 25832 {
			t.Errorf("%s: srs %d %v", tc.id, srs, err)
		}
		db.Close()
	}
}

// Every use of a token stands in the audit log with the token's number,
// a read of public layers too, which no use case audits; a long request
// line is cut.
func TestAPITokenUseAudited(t *testing.T) {
	ts, srv := monitoringServer(t)
	token := newToken(t, ts, "u-planner")
	long := "/api/ogc/collections/sozialraum/items?limit=10&bbox-crs=" + strings.Repeat("x", 5000)
	for _, path := range []string{"/api/ogc/collections/sozialraum/items", "/api/ogc/collections/sozialraum/items?limit=5", long} {
		bearerGet(t, ts, "GET", path, token, nil)
	}
	op := quartier.WithActor(context.Background(), quartier.Operator())
	if err := srv.audit.Flush(op); err != nil {
		t.Fatal(err)
	}
	es, err := srv.audit.Entries(op, quartier.AuditFilter{Action: "apitoken.use", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range es {
		if e.Login != "u-planner" || !strings.Contains(e.Scope, "API-Schlüssel") || len(e.Detail) > 400 {
			t.Errorf("entry %+v", e)
		}
		if strings.Contains(e.Detail, "/api/ogc/collections/sozialraum/items") {
			n++
		}
	}
	if n == 0 {
		t.Errorf("the token's reads of a public layer are not in the log: %+v", es)
	}
}

// One feature of an indicator's collection computes (and audits) its own
// reference date only, not every date of the series.
func TestOGCMonitoringItemOneDate(t *testing.T) {
	ts, srv := monitoringServer(t)
	token := newToken(t, ts, "u-planner")
	op := quartier.WithActor(context.Background(), quartier.Operator())
	count := func() int {
		es, err := srv.audit.Entries(op, quartier.AuditFilter{Action: "indicator.values", Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		return len(es)
	}
	before := count()
	var one struct{ Properties map[string]any }
	if status, _, body := bearerGet(t, ts, "GET", "/api/ogc/collections/kennzahl-alo@sozialraum/items/west@2023-12-31", token, &one); status != 200 || one.Properties["reference_date"] != "2023-12-31" {
		t.Fatalf("%d %.300s", status, body)
	}
	if n := count() - before; n != 1 {
		t.Errorf("one feature read %d dates", n)
	}
	if status, _, _ := bearerGet(t, ts, "GET", "/api/ogc/collections/kennzahl-alo@sozialraum/items/west@2022-12-31", token, nil); status != http.StatusNotFound {
		t.Errorf("a date without values: %d", status)
	}
}

// What a token must never open, whoever owns it: the contacts for
// professionals (the planner's session gets them in the HSDS files; the
// control shows it, so the test would notice a token that did too), any
// write, any page. (No answer under /api/ holds a shelter's address, for
// a session neither.)
func TestAPITokenOpensNoPersonalDataOrShelter(t *testing.T) {
	ts, _ := accountServer(t)
	for _, tc := range []struct{ user, path, secret string }{
		{"u-planner", "/api/hsds/export.json", "Diensthandy"},
	} {
		c := signedInClient(t, ts, tc.user)
		if _, body := fetch(t, c, ts.URL+tc.path); !strings.Contains(body, tc.secret) {
			t.Fatalf("control: %s's session does not see %q at %s", tc.user, tc.secret, tc.path)
		}
		token := newToken(t, ts, tc.user)
		status, _, body := bearerGet(t, ts, "GET", tc.path, token, nil)
		if status != 200 || strings.Contains(body, tc.secret) {
			t.Errorf("%s's token at %s: %d, %q in the answer: %v", tc.user, tc.path, status, tc.secret, strings.Contains(body, tc.secret))
		}
	}
	token := newToken(t, ts, "u-admin")
	for _, tc := range []struct{ method, path string }{{"POST", "/api/v1/lookup"}, {"PUT", "/api/ogc/collections"}, {"DELETE", "/api/hsds/services/treff-west"},
		{"GET", "/admin/konten"}, {"GET", "/admin/protokoll.csv"}, {"GET", "/konto"}, {"POST", "/konto/ueberall-abmelden"}, {"GET", "/api/../admin/konten"}} {
		if status, _, body := bearerGet(t, ts, tc.method, tc.path, token, nil); status != http.StatusForbidden && status != http.StatusMovedPermanently {
			t.Errorf("admin's token %s %s: %d %.200s", tc.method, tc.path, status, body)
		}
	}
}
