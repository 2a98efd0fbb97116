package http

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/quartier/quartier"
)

// postCheck uploads a file of head, n blanks and tail to the import check.
func postCheck(t *testing.T, ts *httptest.Server, c *http.Client, head string, n int, tail string) (int, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", "gross.geojson")
	fw.Write([]byte(head))
	fw.Write(bytes.Repeat([]byte{' '}, n))
	fw.Write([]byte(tail))
	mw.WriteField("crs", "25832")
	mw.Close()
	req, _ := http.NewRequest("POST", ts.URL+"/pruefen", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestImportCheckLimitsByAccount: a visitor's check is refused above the
// public limit with a message naming it and where limits are higher; an
// account that may import areas checks the same file.
func TestImportCheckLimitsByAccount(t *testing.T) {
	ts, _ := accountServer(t)
	head := `{"type":"FeatureCollection","features":[`
	square := `{"type":"Feature","properties":{"code":"x"},"geometry":{"type":"Polygon","coordinates":[[[640000,5650000],[641000,5650000],[641000,5651000],[640000,5651000],[640000,5650000]]]}}`
	status, body := fetch(t, client(t), ts.URL+"/pruefen")
	if status != 200 || !strings.Contains(body, "Höchstens 16 MB und 250.000 Punkte") {
		t.Fatalf("form does not state the limits: %d", status)
	}
	status, body = postCheck(t, ts, client(t), head, 17<<20, square+"]}")
	if status != http.StatusRequestEntityTooLarge || !strings.Contains(body, "höchstens 16 MB") || !strings.Contains(body, "gelten höhere Grenzen (256 MB") {
		t.Fatalf("visitor, 17 MB: %d %s", status, excerpt(body, "error"))
	}
	c := client(t)
	login(t, ts, c, "u-planner")
	status, body = postCheck(t, ts, c, head, 17<<20, square+"]}")
	if status != 200 || !strings.Contains(body, "1 Gebiete gelesen") {
		t.Fatalf("planner, 17 MB: %d %s", status, excerpt(body, "error"))
	}
}

// excerpt is the part of a page around its first mention of word.
func excerpt(body, word string) string {
	i := max(strings.Index(body, word)-200, 0)
	return body[i:min(len(body), i+600)]
}

// pagedRoutes are the routes with paging parameters and the largest value
// each takes; the route table must hold every one, so that renaming a
// route cannot quietly drop it from TestPagingExtremeValues.
var pagedRoutes = map[string]map[string]int{
	"GET /atlas":                         {"seite": maxPage},
	"GET /einbetten/atlas":               {"seite": maxPage},
	"GET /atlas/karte.json":              {"seite": maxPage},
	"GET /api/hsds/services":             {"page": maxPage, "per_page": hsdsMaxPerPage},
	"GET /api/hsds/organizations":        {"page": maxPage, "per_page": hsdsMaxPerPage},
	"GET /api/hsds/locations":            {"page": maxPage, "per_page": hsdsMaxPerPage},
	"GET /api/hsds/service_at_locations": {"page": maxPage, "per_page": hsdsMaxPerPage},
	"GET /api/hsds/taxonomies":           {"page": maxPage, "per_page": hsdsMaxPerPage},
	"GET /api/hsds/taxonomy_terms":       {"page": maxPage, "per_page": hsdsMaxPerPage},
	"GET /admin/protokoll":               {"nach": math.MaxInt},
}

// examplePath fills a route's wildcards with entries of the test city.
func examplePath(t *testing.T, pattern string) string {
	path := strings.TrimPrefix(pattern, "GET ")
	path = strings.NewReplacer("{$}", "", "/atlas/angebote/{key}", "/atlas/angebote/treff-west", "/atlas/orte/{key}", "/atlas/orte/jfe-west",
		"{layer}", "sozialraum", "{code}", "mitte-sued", "{space}", "mitte-sued", "{id}", "unbekannt", "{login}", "u-admin", "{year}", strconv.Itoa(time.Now().Year()), "{fid}", "west").Replace(path)
	if strings.Contains(path, "{") {
		t.Fatalf("%s: no example for its wildcard", pattern)
	}
	return path
}

// TestPagingExtremeValues sends hostile paging values (2147483647,
// 99999999999999999999, -1, 0, abc, 1e9, huge page sizes) under every
// paging name to every GET route of the table, as someone who may reach
// it: each answers as without them or 400, never 5xx, and the server
// lives on. The paged routes answer exactly 400 to garbage and 200 with an
// empty page to a page beyond the last.
func TestPagingExtremeValues(t *testing.T) {
	ts, srv := accountServer(t)
	clients := map[quartier.Permission]*http.Client{}
	clientFor := func(r Route) *http.Client {
		if r.Access.Public {
			return http.DefaultClient
		}
		p := r.Access.Permission
		if clients[p] == nil {
			role := quartier.RolePlanner
			for _, rl := range quartier.Roles {
				if p != "" && quartier.RoleHas(rl, p) {
					role = rl
					break
				}
			}
			clients[p] = client(t)
			login(t, ts, clients[p], "u-"+strings.ReplaceAll(string(role), "_", "-"))
		}
		return clients[p]
	}
	status := func(c *http.Client, path string, q url.Values) int {
		u := ts.URL + path
		if len(q) > 0 {
			u += "?" + q.Encode()
		}
		resp, err := c.Get(u)
		if err != nil {
			t.Fatalf("%s: %v (server gone?)", u, err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	table := map[string]Route{}
	for _, r := range srv.Routes() {
		table[r.Pattern] = r
	}
	names := []string{"seite", "page", "per_page", "pro_seite", "limit", "offset", "nach", "anzahl"}
	values := []string{"2147483647", "99999999999999999999", "-1", "0", "abc", "1e9", "1.5", "9223372036854775807"}
	for pattern, r := range table {
		if !strings.HasPrefix(pattern, "GET ") || pattern == "GET /anmelden/oidc" {
			continue // the OIDC start redirects elsewhere
		}
		c, path := clientFor(r), examplePath(t, pattern)
		base := status(c, path, nil)
		if base >= 500 && base != http.StatusServiceUnavailable { // the PDF without a browser
			t.Errorf("%s: %d without paging", pattern, base)
		}
		for _, v := range values {
			all := url.Values{}
			for _, n := range names {
				all.Set(n, v)
				if got := status(c, path, url.Values{n: {v}}); got != base && got != 400 {
					t.Errorf("%s?%s=%s: %d, without it %d", pattern, n, v, got, base)
				}
			}
			if got := status(c, path, all); got != base && got != 400 {
				t.Errorf("%s with every paging name %s: %d, without %d", pattern, v, got, base)
			}
		}
		if got := status(http.DefaultClient, "/healthz", nil); got != 200 {
			t.Fatalf("after %s the server answers %d", pattern, got)
		}
	}
	for pattern, params := range pagedRoutes {
		r, ok := table[pattern]
		if !ok {
			t.Errorf("paged route %s is not in the route table", pattern)
			continue
		}
		c, path := clientFor(r), examplePath(t, pattern)
		if got := status(c, path, nil); got != 200 {
			t.Errorf("%s: %d", pattern, got)
		}
		for name, maxV := range params {
			for _, v := range []string{"abc", "-1", "0", "1e9", "1.5", "99999999999999999999", strconv.FormatUint(uint64(maxV)+1, 10)} {
				if got := status(c, path, url.Values{name: {v}}); got != 400 {
					t.Errorf("%s?%s=%s: %d, want 400", pattern, name, v, got)
				}
			}
			if got := status(c, path, url.Values{name: {strconv.Itoa(maxV)}}); got != 200 {
				t.Errorf("%s?%s=%d (beyond the last page): %d, want 200", pattern, name, maxV, got)
			}
		}
	}
	// A page beyond the last is an empty page that says where the last is.
	if _, body := get(t, ts, "/atlas?seite=99"); !strings.Contains(body, "Seite 99 gibt es nicht") || !strings.Contains(body, `seite=1">Seite 1</a>`) {
		t.Errorf("atlas beyond the last page: %s", excerpt(body, "Angebote"))
	}
	if _, body := get(t, ts, "/api/hsds/services?page=99&per_page=500"); !strings.Contains(body, `"empty":true`) || !strings.Contains(body, `"contents":[]`) {
		t.Errorf("HSDS beyond the last page: %.300s", body)
	}
	if got := status(http.DefaultClient, "/atlas", nil); got != 200 {
		t.Fatalf("atlas after the extremes: %d", got)
	}
}

// TestBulkLookupRowsBounded: the public bulk lookup refuses a row beyond
// the CSV row bound with a 413 naming it, instead of holding the row.
func TestBulkLookupRowsBounded(t *testing.T) {
	ts := newTestServer(t, Options{})
	for _, body := range []string{
		// Both stay under the anonymous quota (2 MB), so the row bound
		// is what answers.
		"lon,lat\n11.329,50.979" + strings.Repeat(",", 200<<10) + "\n",
		strings.Repeat("x", 200<<10),
	} {
		resp, err := ts.Client().Post(ts.URL+"/api/v1/lookup", "text/csv", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(b), "länger als") || len(b) > 2000 {
			t.Errorf("%d %.300s", resp.StatusCode, b)
		}
	}
}

// TestImportCheckTangledFileRefused: the public check of a crafted area
// file of 50 KB (a star polygon of 2,001 vertices whose every edge crosses
// a thousand others, repair asked for) is refused at once, naming why.
// Before, this one anonymous request kept a core busy for two minutes and
// allocated 10 GB; at the public limit of 50,000 vertices a ring, hours.
func TestImportCheckTangledFileRefused(t *testing.T) {
	ts, _ := accountServer(t)
	var ring []string
	const n, k = 2001, 1000
	for i := 0; i <= n; i++ {
		a := 2 * math.Pi * float64((i*k)%n) / n
		ring = append(ring, fmt.Sprintf("[%.3f,%.3f]", 640000+1000*math.Cos(a), 5650000+1000*math.Sin(a)))
	}
	file := `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"x"},"geometry":{"type":"Polygon","coordinates":[[` + strings.Join(ring, ",") + `]]}}]}`
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", "stern.geojson")
	fw.Write([]byte(file))
	mw.WriteField("crs", "25832")
	mw.WriteField("repair", "on")
	mw.Close()
	req, _ := http.NewRequest("POST", ts.URL+"/pruefen", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	start := time.Now()
	resp, err := client(t).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if took := time.Since(start); took > 20*time.Second {
		t.Errorf("the check took %v", took)
	}
	if resp.StatusCode < 400 || !strings.Contains(string(b), "zu verwickelt") {
		t.Fatalf("%d %s", resp.StatusCode, excerpt(string(b), "error"))
	}
}

// TestLongAddressRefused: an address longer than any real one is refused
// by its length wherever it is typed (the atlas's "near", the lookup form
// and API), naming the limit; the atlas still lists offers.
func TestLongAddressRefused(t *testing.T) {
	ts := newTestServer(t, Options{})
	long := url.QueryEscape("Marktstraße " + strings.Repeat("1 ", 20000))
	for _, path := range []string{"/atlas?ort=" + long + "&sort=entfernung", "/einbetten/atlas?ort=" + long, "/atlas/karte.json?ort=" + long,
		"/zuordnung?street=" + long, "/api/v1/lookup?street=" + long, "/api/v1/lookup?street=Marktstra%C3%9Fe&no=1&ort=" + long} {
		status, body := fetch(t, client(t), ts.URL+path)
		// The embed and the map say nothing about their origin.
		if !strings.Contains(body, "höchstens 200 Zeichen") && !strings.HasPrefix(path, "/atlas/karte.json") && !strings.HasPrefix(path, "/einbetten") {
			t.Errorf("%s…: %d, the limit not named: %.300s", path[:40], status, body)
		}
		if !strings.HasPrefix(path, "/api") && !strings.HasPrefix(path, "/zuordnung") && status != http.StatusOK || strings.HasPrefix(path, "/api") && status != http.StatusBadRequest {
			t.Errorf("%s…: %d", path[:40], status)
		}
	}
}
