package http

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/access"
	"github.com/quartier/quartier/internal/services"
	"github.com/quartier/quartier/internal/spatial"
)

// The forms of the organisation and the layer uploads on the Berlin demo
// (58 spaces, about 1,400 providers, 542 planning areas), each beside the
// page or check it extends, measured in the same run:
//
//	go test ./internal/http -run '^$' -bench 'Org|Area|Upload|PublicCheck|Direct' -benchtime 3x
//
// (one benchmark per process where the peak RSS matters).

// benchDemo is the demo city with a signed-in planner (all spaces) and
// the handler, in process.
func benchDemo(b *testing.B) (http.Handler, *http.Cookie, *services.Set) {
	b.Helper()
	ctx := quartier.WithActor(context.Background(), quartier.Operator())
	a := openDemo(b)
	if _, err := a.Access.CreateUser(ctx, access.CreateUserRequest{Login: "planung", Name: "Planung", Password: testPassword, Role: quartier.RolePlanner}); err != nil {
		b.Fatal(err)
	}
	srv, err := New(a, Options{})
	if err != nil {
		b.Fatal(err)
	}
	h := srv.Handler()
	form := url.Values{"login": {"planung"}, "password": {testPassword}}
	req := httptest.NewRequest("POST", "/anmelden", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	for _, c := range w.Result().Cookies() {
		if c.Value != "" {
			return h, c, a
		}
	}
	b.Fatalf("sign-in: %d", w.Code)
	return nil, nil, nil
}

// benchGet times GET path and reports the page's size.
func benchGet(b *testing.B, path string, signedIn bool) {
	h, cookie, _ := benchDemo(b)
	size := 0
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest("GET", path, nil)
		if signedIn {
			req.AddCookie(cookie)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatalf("%s: %d", path, w.Code)
		}
		size = w.Body.Len()
	}
	b.ReportMetric(float64(size), "page-bytes")
}

// The forms of one space (with the providers to choose from) and its
// public area page.
func BenchmarkOrgSpacePage(b *testing.B) { benchGet(b, "/organisation/sozialraeume/0110", true) }
func BenchmarkAreaPage(b *testing.B)     { benchGet(b, "/ebenen/sozialraum/0110", true) }

// The overview of the organisation (spaces, involved providers,
// alliances) and the list of layers.
func BenchmarkOrgOverview(b *testing.B) { benchGet(b, "/organisation", true) }
func BenchmarkLayerList(b *testing.B)   { benchGet(b, "/ebenen", true) }

// berlinBlocks is the demo's planning areas as a file (5 MB).
func berlinBlocks(b *testing.B) []byte {
	f, err := os.Open("../demo/data/berlin_lor_planungsraeume_2021.epsg25833.geojson.gz")
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		b.Fatal(err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// benchUpload times the check of Berlin's planning areas posted to path
// and reports the peak RSS of the process.
func benchUpload(b *testing.B, path string, signedIn bool, fields map[string]string) {
	h, cookie, _ := benchDemo(b)
	data := berlinBlocks(b)
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", "plr.geojson")
	fw.Write(data)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	mw.Close()
	runtime.GC()
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest("POST", path, bytes.NewReader(body.Bytes()))
		req.Header.Set("Content-Type", mw.FormDataContentType())
		if signedIn {
			req.AddCookie(cookie)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != 200 || !strings.Contains(w.Body.String(), "Keine Befunde") {
			b.Fatalf("%s: %d %.500s", path, w.Code, w.Body.String())
		}
	}
	b.ReportMetric(float64(peakRSS())/(1<<20), "peak-RSS-MB")
}

// The check of a new Gebietsstand of the blocks (file, token and target)
// and the public check of the same file alone.
func BenchmarkUploadCheck(b *testing.B) {
	benchUpload(b, "/einspielen/gebietsstand", true, map[string]string{"layer": "plr", "date": "2030-01-01", "code_prop": "PLR_ID", "name_prop": "PLR_NAME", "schritt": "pruefen"})
}

func BenchmarkPublicCheck(b *testing.B) {
	benchUpload(b, "/pruefen", false, map[string]string{"kind": "block", "code_prop": "PLR_ID", "name_prop": "PLR_NAME"})
}

// peakRSS is the process's peak resident set (VmHWM) in bytes, 0 where
// /proc is missing.
func peakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return n << 10
		}
	}
	return 0
}

// A new Gebietsstand of the blocks as the browser writes it (check, then
// write with the token: the file is checked twice) and as the command
// line does (one call that checks and writes). Each iteration is a day
// later; the spaces are recomposed each time.
func BenchmarkUploadCheckThenWrite(b *testing.B) {
	h, cookie, _ := benchDemo(b)
	data := berlinBlocks(b)
	post := func(fields map[string]string) string {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		fw, _ := mw.CreateFormFile("file", "plr.geojson")
		fw.Write(data)
		for k, v := range fields {
			mw.WriteField(k, v)
		}
		mw.Close()
		req := httptest.NewRequest("POST", "/einspielen/gebietsstand", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.AddCookie(cookie)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatalf("%d %.500s", w.Code, w.Body.String())
		}
		return w.Body.String()
	}
	day := 0
	b.ReportAllocs()
	for b.Loop() {
		day++
		fields := map[string]string{"layer": "plr", "date": "2030-01-" + pad2(day), "code_prop": "PLR_ID", "name_prop": "PLR_NAME", "schritt": "pruefen"}
		fields["geprueft"], fields["schritt"] = checked(post(fields)), "einspielen"
		if body := post(fields); !strings.Contains(body, "Eingespielt") {
			b.Fatalf("not written: %.1000s", body)
		}
	}
	b.ReportMetric(float64(peakRSS())/(1<<20), "peak-RSS-MB")
}

func BenchmarkImportAreasDirect(b *testing.B) {
	_, _, a := benchDemo(b)
	data := berlinBlocks(b)
	ctx := quartier.WithActor(context.Background(), quartier.Operator())
	day := 0
	b.ReportAllocs()
	for b.Loop() {
		day++
		if _, err := a.Spatial.ImportAreas(ctx, spatial.ImportAreasRequest{Layer: spatial.LayerSpec{Code: "plr", Kind: quartier.LayerBlock}, Input: bytes.NewReader(data),
			CodeProperty: "PLR_ID", NameProperty: "PLR_NAME", ReferenceDate: time.Date(2030, 1, day, 0, 0, 0, 0, time.UTC)}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(peakRSS())/(1<<20), "peak-RSS-MB")
}

func pad2(n int) string { return strings.TrimPrefix(strconv.Itoa(100+n), "1") }
