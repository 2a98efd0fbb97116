package http

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
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
