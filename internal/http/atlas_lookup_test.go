package http

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/testdb"
)

// TestSuggestAndExchangeReadNoWholeAtlas: the suggestion form finds its
// entry, and the HSDS upload its topics, in the snapshot; neither reads
// all offers or places (before, both read the whole View: seconds at
// 100,000 offers and the atlas kept in memory). The suggestion form still
// finds only what the public atlas shows: no ended offer.
func TestSuggestAndExchangeReadNoWholeAtlas(t *testing.T) {
	st, _ := testdb.Open(t)
	cs := countingStore{Store: st, whole: new(atomic.Int64), byID: new(atomic.Int64)}
	a := openSet(t, cs)
	buildWeimarCity(t, a)
	ts, srv := hsdsServerOn(t, a)
	_, export := get(t, ts, "/api/hsds/export.json")
	get(t, ts, "/atlas")
	cs.whole.Store(0)
	for _, c := range []struct {
		query, want string
		status      int
	}{
		{"angebot=treff", "Offener Treff", 200},
		{"angebot=alt", "wurde nicht gefunden", 404}, // ended
		{"angebot=nix", "wurde nicht gefunden", 404},
		{"ort=fh", "Schutzwohnung", 200}, // the public atlas shows its name
		{"ort=nix", "wurde nicht gefunden", 404},
	} {
		resp, body := get(t, ts, "/atlas/vorschlag?"+c.query)
		if resp.StatusCode != c.status || !strings.Contains(body, c.want) {
			t.Errorf("vorschlag?%s: %d, want %d with %q", c.query, resp.StatusCode, c.status, c.want)
		}
	}

	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", "atlas.json")
	fw.Write([]byte(export))
	mw.WriteField("pruefen", "1")
	mw.Close()
	r := httptest.NewRequest("POST", "/atlas/austausch", &body).WithContext(quartier.WithActor(context.Background(), quartier.Operator()))
	r.Header.Set("Content-Type", mw.FormDataContentType())
	w := httptest.NewRecorder()
	srv.atlasExchangeImport(w, r)
	if w.Code != 200 || !strings.Contains(w.Body.String(), "atlas.json") {
		t.Errorf("exchange check: %d %.500s", w.Code, w.Body.String())
	}
	if n := cs.whole.Load(); n != 0 {
		t.Errorf("%d reads of all offers or places", n)
	}
}
