package http

import (
	"bytes"
	"net/http/httptest"
	"os/exec"
	"strings"
	"testing"

	"github.com/quartier/quartier/internal/report"
)

func TestAtlasGuidePage(t *testing.T) {
	ts, _ := atlasServer(t)
	_, body := get(t, ts, "/atlas/wegweiser?raum=west")
	for _, want := range []string{"Wegweiser West", "Offener Treff", "Rießnerstraße 12", "Schutz und Hilfe in Krisen", "Hotline 0800 0116016"} {
		if !strings.Contains(body, want) {
			t.Errorf("guide lacks %q", want)
		}
	}
	for _, secret := range []string{"Verborgener", "Diensthandy", "<script>alert"} {
		if strings.Contains(body, secret) {
			t.Errorf("guide shows %q", secret)
		}
	}
	// Without a space the page lists the spaces by name, each linked.
	resp, body := get(t, ts, "/atlas/wegweiser")
	if resp.StatusCode != 200 {
		t.Fatalf("guide without a space: %d", resp.StatusCode)
	}
	west := strings.Index(body, `<a href="/atlas/wegweiser?raum=west">West</a>`)
	mitte := strings.Index(body, `<a href="/atlas/wegweiser?raum=mitte-sued">Mitte-Süd</a>`)
	nord := strings.Index(body, `<a href="/atlas/wegweiser?raum=nord-schoendorf">`)
	if mitte < 0 || nord < mitte || west < nord {
		t.Errorf("spaces not listed by name (Mitte-Süd %d, Nord %d, West %d):\n%s", mitte, nord, west, body)
	}
	if resp, _ := get(t, ts, "/atlas/wegweiser?raum=nirgends"); resp.StatusCode != 404 {
		t.Errorf("unknown space: %d", resp.StatusCode)
	}
	// Without a browser the PDF link says what to do instead.
	if resp, body := get(t, ts, "/atlas/wegweiser.pdf?raum=west"); resp.StatusCode != 503 || !strings.Contains(body, "/atlas/wegweiser?raum=west") {
		t.Errorf("PDF without Chromium: %d", resp.StatusCode)
	}
}

// TestAtlasGuidePDF renders the Wegweiser in headless Chromium and reads
// the PDF's text back with pdftotext (poppler-utils; CI installs it).
func TestAtlasGuidePDF(t *testing.T) {
	exe := chromium(t)
	_, a := atlasServer(t)
	srv, err := New(a, Options{PDF: &report.PDF{Exec: exe}})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	resp, body := get(t, ts, "/atlas/wegweiser.pdf?raum=west")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(body, "%PDF-") {
		t.Fatalf("PDF: %d %s %.20q", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext (poppler-utils) missing: the PDF was produced, its text not checked")
	}
	cmd := exec.Command(pdftotext, "-layout", "-", "-")
	cmd.Stdin = strings.NewReader(body)
	var out bytes.Buffer
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{"Wegweiser West", "Offener Treff", "Rießnerstraße 12", "Seite 1 von 1", "Hotline 0800 0116016"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Verborgener") || strings.Contains(text, "Diensthandy") {
		t.Error("PDF shows what it must not")
	}
}
