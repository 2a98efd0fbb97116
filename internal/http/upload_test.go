package http

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/quartier/quartier"
)

// TestUploadsBounded sends every handler that reads a body one byte of
// kind too many: each answers 413 with the limit named, and a cut-off form
// changes nothing (an acceptance cut off once read as "accept without
// changes", a rejection as "reject without reason").
func TestUploadsBounded(t *testing.T) {
	ts, srv := serveSet(t, weimarAccountsApp(t), Options{MaxUploadBytes: 8 << 10})
	ctx := quartier.WithActor(context.Background(), nil)
	sg, err := srv.atlas.SubmitSuggestion(ctx, quartier.Suggestion{Kind: quartier.SuggestProblem, EntityKind: quartier.EntityOffer, EntityKey: "treff-west", Message: "Gibt es nicht mehr"})
	if err != nil {
		t.Fatalf("%v %v", err, quartier.ErrorProblems(err))
	}
	accept, reject := acceptPath(sg.ID), strings.Replace(acceptPath(sg.ID), "annehmen", "ablehnen", 1)
	file := func(n int) (string, []byte) {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		fw, _ := mw.CreateFormFile("file", "gross.dat")
		fw.Write(bytes.Repeat([]byte("x"), n))
		mw.WriteField("date", "31.12.2024")
		mw.Close()
		return mw.FormDataContentType(), b.Bytes()
	}
	form := func(field string, n int, more ...string) func() (string, []byte) {
		return func() (string, []byte) {
			v := url.Values{field: {strings.Repeat("x", n)}}
			for i := 0; i+1 < len(more); i += 2 {
				v.Set(more[i], more[i+1])
			}
			return "application/x-www-form-urlencoded", []byte(v.Encode())
		}
	}
	for _, c := range []struct {
		name, user, path string
		body             func() (string, []byte)
		limit            string
	}{
		{"import check", "", "/pruefen", func() (string, []byte) { return file(8<<10 + 1) }, "Die Datei ist zu groß (höchstens 8 KB)"},
		{"HSDS upload", "u-planner", "/atlas/austausch", func() (string, []byte) { return file(8<<10 + 1) }, "Die Datei ist zu groß (höchstens 8 KB)"},
		{"population upload", "u-planner", "/atlas/planung/einwohner", func() (string, []byte) { return file(8<<10 + 1) }, "Die Datei ist zu groß (höchstens 8 KB)"},
		{"bulk lookup", "", "/api/v1/lookup", func() (string, []byte) {
			return "text/csv", []byte("lon,lat\n" + strings.Repeat("11.329,50.979\n", 1000))
		}, "Die Datei ist zu groß (höchstens 8 KB)"},
		{"topics", "u-planner", "/atlas/einstellungen/themen", form("taxonomy", 1<<20), "Die Eingabe ist zu groß (höchstens 1 MB)"},
		{"synonyms", "u-planner", "/atlas/einstellungen/synonyme", form("synonyms", 1<<20), "Die Eingabe ist zu groß (höchstens 1 MB)"},
		{"offer form", "u-planner", "/atlas/angebote/neu", form("description", 64<<10, "name", "Neu"), "Das Formular ist zu groß (höchstens 64 KB)"},
		{"place form", "u-planner", "/atlas/orte/neu", form("accessibility_note", 64<<10, "name", "Neu"), "Das Formular ist zu groß (höchstens 64 KB)"},
		{"verified", "u-planner", "/atlas/angebote/treff-west/geprueft", form("weiter", 4<<10), "Das Formular ist zu groß (höchstens 4 KB)"},
		{"suggestion", "", "/atlas/vorschlag", form("message", 32<<10, "kind", "new"), "Der Vorschlag ist zu groß (höchstens 32 KB)"},
		{"acceptance", "u-planner", accept, form("description", 64<<10, "art", "angebot"), "Das Formular ist zu groß (höchstens 64 KB)"},
		{"rejection", "u-planner", reject, form("grund", 64<<10), "Das Formular ist zu groß (höchstens 64 KB)"},
		{"sign-in", "", "/anmelden", form("password", 16<<10, "login", "u-planner"), "Das Formular ist zu groß (höchstens 16 KB)"},
		{"second factor", "", "/anmelden/code", form("code", 4<<10), "Das Formular ist zu groß (höchstens 4 KB)"},
		{"enrolment", "u-planner", "/konto/zweiter-faktor", form("secret", 4<<10), "Das Formular ist zu groß (höchstens 4 KB)"},
	} {
		cl := client(t)
		if c.user != "" {
			cl = signedInClient(t, ts, c.user)
		}
		ct, body := c.body()
		req, _ := http.NewRequest("POST", ts.URL+c.path, bytes.NewReader(body))
		req.Header.Set("Content-Type", ct)
		req.Header.Set("Origin", ts.URL)
		resp, page := do(t, cl, req)
		if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(page, c.limit) {
			t.Errorf("%s: %d, want 413 with %q: %s", c.name, resp.StatusCode, c.limit, excerpt(page, "groß"))
		}
	}
	items, err := srv.atlas.Suggestions(quartier.WithActor(context.Background(), quartier.Operator()), quartier.SuggestionFilter{Status: quartier.SuggestionOpen})
	if err != nil || len(items) != 1 || items[0].ID != sg.ID {
		t.Errorf("a cut-off acceptance or rejection decided the suggestion: %d open, %v", len(items), err)
	}
}

// TestUploadFieldsBounded: beside its file, an upload form's other fields
// (a CRS, a date, a token) are small, and they are held in memory: they
// may take uploadSlack together, and a file form with more is refused
// before the rest is read. ParseMultipartForm held up to 10 MB of them a
// request, so one anonymous client's 100 public checks, each sending 9 MB
// of a field and then waiting, took the server from 150 MB to 2.3 GB
// (security probe). The file itself goes to a temporary file as it
// arrives, and away when the request ends.
func TestUploadFieldsBounded(t *testing.T) {
	ts, _ := serveSet(t, weimarAccountsApp(t), Options{})
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	mw.WriteField("crs", strings.Repeat("4", 9<<20))
	fw, _ := mw.CreateFormFile("file", "klein.geojson")
	fw.Write([]byte(`{"type":"FeatureCollection","features":[]}`))
	mw.Close()
	req, _ := http.NewRequest("POST", ts.URL+"/pruefen", &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, page := do(t, client(t), req)
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(page, "64 KB") {
		t.Errorf("9 MB in a field: %d, want 413 naming 64 KB: %s", resp.StatusCode, excerpt(page, "groß"))
	}
	// The fields still reach the handler, before or after the file.
	for _, fieldsFirst := range []bool{true, false} {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		square := `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"schluessel":"x"},"geometry":{"type":"Polygon","coordinates":[[[640000,5650000],[641000,5650000],[641000,5651000],[640000,5651000],[640000,5650000]]]}}]}`
		fields := func() { mw.WriteField("crs", "25832"); mw.WriteField("code_prop", "schluessel") }
		if fieldsFirst {
			fields()
		}
		fw, _ := mw.CreateFormFile("file", "quadrat.geojson")
		fw.Write([]byte(square))
		if !fieldsFirst {
			fields()
		}
		mw.Close()
		req, _ := http.NewRequest("POST", ts.URL+"/pruefen", &b)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		resp, page := do(t, client(t), req)
		if resp.StatusCode != http.StatusOK || !strings.Contains(page, "1 Gebiete gelesen") || !strings.Contains(page, "quadrat.geojson") {
			t.Errorf("fields first %v: %d %s", fieldsFirst, resp.StatusCode, excerpt(page, "error"))
		}
	}
}

// slowUpload starts a POST to url whose body begins with start and goes on
// only when the caller writes to or closes the pipe; done gets the answer's
// status and body ("0" when the request failed).
func slowUpload(c *http.Client, url, contentType, start string) (*io.PipeWriter, chan string) {
	pr, pw := io.Pipe()
	req, _ := http.NewRequest("POST", url, pr)
	req.Header.Set("Content-Type", contentType)
	done := make(chan string, 1)
	go func() {
		resp, err := c.Do(req)
		if err != nil {
			done <- "0"
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		done <- strconv.Itoa(resp.StatusCode) + " " + string(b)
	}()
	pw.Write([]byte(start))
	return pw, done
}

// TestPublicUploadsPerClient: an anonymous client has at most
// uploadsPerClient public checks in flight; a further one is refused at
// once (429), before its body is read, and a signed-in person is not
// counted. Each upload waits in a temporary file until its check ends, so
// one client's hundred slow uploads held 900 MB of disk beside the
// database (security probe).
func TestPublicUploadsPerClient(t *testing.T) {
	ts, srv := serveSet(t, weimarAccountsApp(t), Options{})
	slow := func(c *http.Client) (*io.PipeWriter, chan string) {
		return slowUpload(c, ts.URL+"/pruefen", "multipart/form-data; boundary=x",
			"--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.geojson\"\r\n\r\n{")
	}
	inFlight := func(want int) {
		t.Helper()
		for range 200 {
			srv.uploads.mu.Lock()
			n := 0
			for _, c := range srv.uploads.n {
				n += c
			}
			srv.uploads.mu.Unlock()
			if n == want {
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
		t.Fatalf("uploads in flight never reached %d", want)
	}
	var pipes []*io.PipeWriter
	var dones []chan string
	for range uploadsPerClient {
		pw, done := slow(client(t))
		pipes, dones = append(pipes, pw), append(dones, done)
	}
	inFlight(uploadsPerClient)
	start := time.Now()
	pw, done := slow(client(t))
	select {
	case got := <-done:
		if !strings.HasPrefix(got, "429 ") {
			t.Errorf("one upload too many: %.200s, want 429", got)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("one upload too many waits instead of being refused")
	}
	pw.Close()
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("refused after %v", took)
	}
	// A signed-in person's upload is not counted.
	pw, done = slow(signedInClient(t, ts, "u-planner"))
	inFlight(uploadsPerClient)
	pw.CloseWithError(io.ErrUnexpectedEOF)
	<-done
	for i, p := range pipes {
		p.CloseWithError(io.ErrUnexpectedEOF)
		<-dones[i]
	}
	inFlight(0)
}

// TestPublicBulkLookupsPerClient: an anonymous bulk lookup holds its
// answer (about twice its input, up to 2 MB) until the input is read
// whole, and costs up to a second of a core; without a bound per client,
// one client's hundreds of slow ones held gigabytes for the read timeout.
// It is counted as a public upload: a third at once is refused with 429,
// as JSON, before its body is read.
func TestPublicBulkLookupsPerClient(t *testing.T) {
	ts, srv := serveSet(t, weimarAccountsApp(t), Options{})
	slow := func(c *http.Client) (*io.PipeWriter, chan string) {
		return slowUpload(c, ts.URL+"/api/v1/lookup", "text/csv", "strasse;hausnummer\nMarktstraße;1\n")
	}
	var pipes []*io.PipeWriter
	var dones []chan string
	for range uploadsPerClient {
		pw, done := slow(client(t))
		pipes, dones = append(pipes, pw), append(dones, done)
	}
	for range 200 {
		srv.uploads.mu.Lock()
		n := srv.uploads.n["127.0.0.1"]
		srv.uploads.mu.Unlock()
		if n == uploadsPerClient {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	pw, done := slow(client(t))
	select {
	case got := <-done:
		if !strings.HasPrefix(got, "429 {") || !strings.Contains(got, "2 Dateien") {
			t.Errorf("one bulk lookup too many: %.200s, want 429 as JSON", got)
		}
	case <-time.After(5 * time.Second):
		t.Error("one bulk lookup too many waits instead of being refused")
	}
	pw.Close()
	for i, p := range pipes {
		p.Close()
		if got := <-dones[i]; !strings.HasPrefix(got, "200 ") {
			t.Errorf("bulk lookup %d: %.200s", i, got)
		}
	}
}
