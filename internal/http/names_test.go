package http

import (
	"strings"
	"testing"
)

// People read names: page titles and the history name layers, entries,
// providers and places by name, with the code as secondary text.
func TestNamesNotCodes(t *testing.T) {
	ts, _ := editServer(t)
	c := signedInClient(t, ts, "u-planner")
	if _, body := fetch(t, c, ts.URL+"/ebenen/sozialraum"); !strings.Contains(body, "<title>Sozialräume – Quartier</title>") {
		t.Errorf("layer page title: %.300s", body)
	}
	status, body := fetch(t, c, ts.URL+"/atlas/angebote/treff-west/verlauf")
	if status != 200 || !strings.Contains(body, "<title>Verlauf: Angebot Offener Treff – Quartier</title>") {
		t.Errorf("history title: %d %.300s", status, body)
	}
	if !strings.Contains(body, "Jugendclub West (jfe-west)") {
		t.Errorf("history lists places by key only: %.3000s", body)
	}
}
