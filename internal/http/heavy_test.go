package http

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// Whole-layer answers are built at most one per core at a time: while
// the gate is full, another waits its turn and then gets 429, whoever
// asks; a small page of features does not wait.
func TestWholeLayerAnswersGated(t *testing.T) {
	srv, err := New(weimarApp(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	srv.heavyWait = 20 * time.Millisecond
	for range cap(srv.heavy) {
		srv.heavy <- struct{}{}
	}
	gated := []string{"/api/ogc/collections/sozialraum/items?limit=10000", "/api/ogc/collections/sozialraum/gpkg",
		"/export/sozialraum", "/export/sozialraum?format=gpkg", "/export/sozialraum?format=csv"}
	for _, path := range gated {
		if resp, body := get(t, ts, path); resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
			t.Errorf("%s with the gate full: %d %.200s", path, resp.StatusCode, body)
		}
	}
	if resp, body := get(t, ts, "/api/ogc/collections/sozialraum/items?limit=10"); resp.StatusCode != 200 {
		t.Errorf("a small page waits for the gate: %d %.200s", resp.StatusCode, body)
	}
	for range cap(srv.heavy) {
		<-srv.heavy
	}
	for _, path := range gated {
		if resp, body := get(t, ts, path); resp.StatusCode != 200 {
			t.Errorf("%s with the gate free: %d %.200s", path, resp.StatusCode, body)
		}
	}
	if len(srv.heavy) != 0 {
		t.Errorf("%d places still taken after the answers", len(srv.heavy))
	}
}
