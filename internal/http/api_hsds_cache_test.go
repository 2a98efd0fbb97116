package http

import (
	"archive/zip"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/atlas"
)

// discard is a ResponseWriter that keeps nothing, so that measuring a
// handler's allocations does not count a recorder's copy of the body.
type discard struct {
	h      http.Header
	status int
	n      int
}

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) WriteHeader(status int)      { d.status = status }
func (d *discard) Write(b []byte) (int, error) { d.n += len(b); return len(b), nil }

// allocPerRequest is how many bytes one anonymous GET of path allocates,
// averaged over n requests after a first one (which may build caches).
func allocPerRequest(t *testing.T, h http.Handler, path string, n int, hdr ...string) (perRequest uint64, body int) {
	t.Helper()
	serve := func() *discard {
		d := &discard{h: http.Header{}, status: 200}
		req := httptest.NewRequest("GET", path, nil)
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		h.ServeHTTP(d, req)
		if d.status != 200 {
			t.Fatalf("GET %s: %d", path, d.status)
		}
		return d
	}
	serve()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range n {
		body = serve().n
	}
	runtime.ReadMemStats(&after)
	return (after.TotalAlloc - before.TotalAlloc) / uint64(n), body
}

// moreOffers adds n offers at the club of hsdsServer.
func moreOffers(t *testing.T, a *atlas.Service, n int) {
	t.Helper()
	imp := atlas.Import{Source: "Test"}
	for i := range n {
		imp.Offers = append(imp.Offers, atlas.OfferEntry{Offer: quartier.Offer{Key: fmt.Sprintf("mehr-%d", i), Name: fmt.Sprintf("Angebot Nummer %d", i),
			Description: strings.Repeat("Beschreibung eines Angebots mit etwas Text. ", 5), Provider: "awo", Topics: []string{"sport"}, Status: quartier.OfferActive,
			Contacts: []quartier.Contact{{Name: "Team", Phone: "03643 1", Visibility: quartier.VisiblePublic}},
			Hours:    quartier.OpeningHours{Weekly: []quartier.HoursSlot{{Day: 2, Open: 9 * 60, Close: 12 * 60}}}}, PlaceKeys: []string{"club"}})
	}
	if _, err := a.ImportAtlas(quartier.WithActor(context.Background(), quartier.Operator()), imp); err != nil {
		t.Fatal(err)
	}
}

// TestHSDSRequestCostDoesNotGrowWithTheAtlas: a request for one service
// costs the same whether the atlas holds 4 offers or 304 (it used to
// encode the whole atlas each time), and the export writes bytes encoded
// once instead of encoding them per request. Allocated bytes, not time,
// so the test means the same on any machine.
func TestHSDSRequestCostDoesNotGrowWithTheAtlas(t *testing.T) {
	_, srv := hsdsServer(t)
	h := srv.Handler()
	one := "/api/hsds/services/" + uuid.NewSHA1(uuid.MustParse("e0981de5-acdd-4be0-bbb2-e4d49d4abe2d"), []byte("service:treff")).String()
	small, _ := allocPerRequest(t, h, one, 20)
	moreOffers(t, srv.atlas, 300)
	large, _ := allocPerRequest(t, h, one, 20)
	if large > 2*small+32<<10 {
		t.Errorf("one service costs %d bytes with 304 offers, %d with 4: the request touches the whole atlas", large, small)
	}
	t.Logf("one service: %d bytes per request with 4 offers, %d with 304", small, large)
	page, _ := allocPerRequest(t, h, "/api/hsds/services?per_page=5", 20)
	if page > 2*small+64<<10 {
		t.Errorf("a page of 5 costs %d bytes (one service %d)", page, small)
	}
	for _, c := range []struct{ path, encoding string }{{"/api/hsds/export.json", ""}, {"/api/hsds/export.json", "gzip"}, {"/api/hsds/export.zip", ""}} {
		alloc, body := allocPerRequest(t, h, c.path, 10, "Accept-Encoding", c.encoding)
		t.Logf("%s %s: %d bytes per request, body %d", c.path, c.encoding, alloc, body)
		if body < 50<<10 || alloc > uint64(body)/4 {
			t.Errorf("%s %s: %d bytes allocated per request for a body of %d: encoded per request", c.path, c.encoding, alloc, body)
		}
	}
}

// TestHSDSAudiencesFromTheCache: the encodings are cached per audience
// class, and a class never gets another's: contacts for professionals
// reach signed-in staff and never an anonymous caller, whoever asked
// first and however requests interleave; an edit of the atlas is in the
// very next answer of every endpoint.
func TestHSDSAudiencesFromTheCache(t *testing.T) {
	ts, srv := hsdsServer(t)
	treff := "/api/hsds/services/" + uuid.NewSHA1(uuid.MustParse("e0981de5-acdd-4be0-bbb2-e4d49d4abe2d"), []byte("service:treff")).String()
	paths := []string{treff, "/api/hsds/services?full=true", "/api/hsds/service_at_locations?search=treff", "/api/hsds/export.json", "/api/hsds/export.zip"}
	planner, asd := client(t), client(t)
	login(t, ts, planner, "u-planner") // may export in bulk
	login(t, ts, asd, "u-asd")
	anonymous := func(path string) string {
		resp, body := get(t, ts, path)
		if resp.StatusCode != 200 {
			t.Fatalf("anonymous %s: %d", path, resp.StatusCode)
		}
		return unzipped(t, body)
	}
	staff := func(c *http.Client) func(string) string {
		return func(path string) string {
			resp, body := fetchBody(t, c, ts.URL+path)
			if resp.StatusCode != 200 {
				t.Fatalf("staff %s: %d", path, resp.StatusCode)
			}
			return unzipped(t, body)
		}
	}
	check := func(round, path, body string, isStaff bool) {
		if got := strings.Contains(body, "Diensthandy"); got != isStaff && !(isStaff && strings.Contains(path, "service_at_locations")) {
			t.Errorf("%s: %s for staff=%v shows the professional contact: %v", round, path, isStaff, got)
		}
	}
	// Staff first: the cache of their class is filled before the public's.
	for _, p := range paths {
		check("staff first", p, staff(planner)(p), true)
	}
	for _, p := range paths {
		check("then anonymous", p, anonymous(p), false)
	}
	// Interleaved, concurrently.
	var wg sync.WaitGroup
	for i := range 24 {
		wg.Go(func() {
			p := paths[i%len(paths)]
			switch i % 3 {
			case 0:
				check("concurrent", p, anonymous(p), false)
			case 1:
				check("concurrent", p, staff(planner)(p), true)
			default:
				if !strings.Contains(p, "export") {
					check("concurrent", p, staff(asd)(p), true)
				}
			}
		})
	}
	wg.Wait()

	// An edit is visible on the next request, to both classes, everywhere.
	ctx := quartier.WithActor(context.Background(), quartier.Operator())
	if _, err := srv.atlas.ImportAtlas(ctx, atlas.Import{Source: "Test", Offers: []atlas.OfferEntry{{Offer: quartier.Offer{Key: "treff", Name: "Offener Treff am Markt",
		Provider: "awo", Topics: []string{"offene-jugendarbeit"}, Status: quartier.OfferActive,
		Contacts: []quartier.Contact{{Name: "Diensthandy Herr L.", Visibility: quartier.VisibleProfessionals}}}, PlaceKeys: []string{"club"}}}}); err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		for who, body := range map[string]string{"anonymous": anonymous(p), "staff": staff(planner)(p)} {
			if !strings.Contains(body, "Offener Treff am Markt") {
				t.Errorf("%s %s: the edit is not visible", who, p)
			}
			if strings.Contains(body, "Frau K.") {
				t.Errorf("%s %s: the removed contact is still served", who, p)
			}
			check("after the edit", p, body, who == "staff")
		}
	}
}

// unzipped returns body, or the concatenated files if body is a zip.
func unzipped(t *testing.T, body string) string {
	if !strings.HasPrefix(body, "PK") {
		return body
	}
	zr, err := zip.NewReader(strings.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		out.Write(b)
	}
	return out.String()
}

// TestHSDSExportEncodings: export.json goes gzipped to clients that accept
// it and plain to the others, the same document either way.
func TestHSDSExportEncodings(t *testing.T) {
	ts, _ := hsdsServer(t)
	plain, body := get(t, ts, "/api/hsds/export.json", "Accept-Encoding", "identity")
	req, _ := http.NewRequest("GET", ts.URL+"/api/hsds/export.json", nil)
	req.Header.Set("Accept-Encoding", "br;q=1.0, gzip;q=0.8")
	zipped, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer zipped.Body.Close()
	zr, err := gzip.NewReader(zipped.Body)
	if err != nil {
		t.Fatal(err)
	}
	unzipped, _ := io.ReadAll(zr)
	if plain.Header.Get("Content-Encoding") != "" || zipped.Header.Get("Content-Encoding") != "gzip" || string(unzipped) != body ||
		plain.Header.Get("Content-Length") != fmt.Sprint(len(body)) || !strings.Contains(zipped.Header.Get("Vary"), "Accept-Encoding") {
		t.Errorf("plain %v, gzipped %v, same %v", plain.Header, zipped.Header, string(unzipped) == body)
	}
	validHSDS(t, "export.json", body, "quartier/page_of_services.json")
	for _, ae := range []string{"gzip;q=0", "deflate", ""} {
		resp, b := get(t, ts, "/api/hsds/export.json", "Accept-Encoding", ae)
		if resp.Header.Get("Content-Encoding") != "" || b != body {
			t.Errorf("Accept-Encoding %q: %v", ae, resp.Header)
		}
	}
}
