package http

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

func TestParseBasemap(t *testing.T) {
	const attr = "© basemap.de / BKG"
	for _, c := range []struct {
		url, layers, attr string
		kind, origin      string // "" kind: nil basemap
		wantURL, err      string
	}{
		{"", "", "", "", "", "", ""},
		{"https://sgx.geodatenzentrum.de/wmts_basemapde/tile/1.0.0/de_basemapde_web_raster_farbe/default/GLOBAL_WEBMERCATOR/{z}/{y}/{x}.png", "", attr,
			"tiles", "https://sgx.geodatenzentrum.de", "", ""},
		// WMTS as its capabilities name the placeholders.
		{"https://geo.example.de/wmts/stadtplan/GLOBAL_WEBMERCATOR/{TileMatrix}/{TileRow}/{TileCol}.png", "", attr,
			"tiles", "https://geo.example.de", "https://geo.example.de/wmts/stadtplan/GLOBAL_WEBMERCATOR/{z}/{y}/{x}.png", ""},
		{"https://{s}.tile.example.org/{z}/{x}/{y}.png", "", attr, "tiles", "https://*.tile.example.org", "", ""},
		{"http://karten.intranet:8080/tiles/{z}/{x}/{-y}.png", "", attr, "tiles", "http://karten.intranet:8080", "", ""},
		{"https://sgx.geodatenzentrum.de/wms_basemapde", "de_basemapde_web_raster_farbe", attr, "wms", "https://sgx.geodatenzentrum.de", "", ""},
		{"", "x", "", "", "", "", "QUARTIER_BASEMAP_URL fehlt"},
		{"https://geo.example.de/wmts/{Style}/{TileMatrix}/{TileRow}/{TileCol}.png", "", attr, "", "", "", "{Style}"},
		{"https://geo.example.de/tiles/{z}/{x}.png", "", attr, "", "", "", "braucht {z}, {x} und {y}"},
		{"https://geo.example.de/wms?", "", attr, "", "", "", "QUARTIER_BASEMAP_WMS_LAYERS"},
		{"https://geo.example.de/{z}/{x}/{y}.png", "stadtplan", attr, "", "", "", "ohne Platzhalter"},
		{"https://geo.example.de/{z}/{x}/{y}.png", "", "", "", "", "", "QUARTIER_BASEMAP_ATTRIBUTION fehlt"},
		{"https://geo.example.de/{z}/{x}/{y}.png", "", "zwei\nZeilen", "", "", "", "QUARTIER_BASEMAP_ATTRIBUTION"},
		{"ftp://geo.example.de/{z}/{x}/{y}.png", "", attr, "", "", "", "http(s)-Adresse"},
		{"https://a{s}.example.de/{z}/{x}/{y}.png", "", attr, "", "", "", "http(s)-Adresse"},
		{"https://geo.example.de;img-src */{z}/{x}/{y}.png", "", attr, "", "", "", "http(s)-Adresse"},
	} {
		b, err := ParseBasemap(c.url, c.layers, c.attr)
		switch {
		case c.err != "":
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%q %q %q: error %v, want one saying %q", c.url, c.layers, c.attr, err, c.err)
			}
		case err != nil:
			t.Errorf("%q: %v", c.url, err)
		case c.kind == "":
			if b != nil {
				t.Errorf("nothing configured, got %+v", b)
			}
		case b.Kind() != c.kind || b.Origin != c.origin || c.wantURL != "" && b.URL != c.wantURL || b.Attribution != c.attr:
			t.Errorf("%q: %+v (kind %s)", c.url, b, b.Kind())
		}
	}
}

// TestBasemapHeaders: a basemap widens img-src by its origin only, on
// every page and the embed; the map boxes carry its settings.
func TestBasemapHeaders(t *testing.T) {
	b, err := ParseBasemap("https://{s}.tiles.example.de/{z}/{x}/{y}.png", "", `© Stadt <Weimar> & BKG`)
	if err != nil {
		t.Fatal(err)
	}
	app := weimarApp(t)
	plain, err := New(app, Options{})
	if err != nil {
		t.Fatal(err)
	}
	with, err := New(app, Options{Basemap: b, EmbedOrigins: []string{"https://www.weimar.de"}})
	if err != nil {
		t.Fatal(err)
	}
	tsPlain, tsWith := httptest.NewServer(plain.Handler()), httptest.NewServer(with.Handler())
	defer tsPlain.Close()
	defer tsWith.Close()
	resp, body := get(t, tsPlain, "/")
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "img-src 'self' data:;") || strings.Contains(body, "data-basemap") {
		t.Errorf("without a basemap: CSP %q, page names one: %v", csp, strings.Contains(body, "data-basemap"))
	}
	for _, path := range []string{"/", "/karte", "/einbetten/atlas"} {
		resp, _ := get(t, tsWith, path)
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "img-src 'self' data: https://*.tiles.example.de;") || !strings.Contains(csp, "script-src 'self';") {
			t.Errorf("%s with a basemap: CSP %q", path, csp)
		}
	}
	for _, path := range []string{"/", "/karte"} {
		_, body := get(t, tsWith, path)
		if !strings.Contains(body, `data-basemap="https://{s}.tiles.example.de/{z}/{x}/{y}.png" data-basemap-kind="tiles" data-basemap-attribution="© Stadt &lt;Weimar&gt; &amp; BKG"`) {
			t.Errorf("%s: map box lacks the basemap:\n%s", path, body)
		}
	}
}

// tileServer answers every request with a grey 256 px tile and keeps the
// requests' queries.
func tileServer(t *testing.T) (*httptest.Server, func() []string) {
	img := image.NewGray(image.Rect(0, 0, 256, 256))
	for i := range img.Pix {
		img.Pix[i] = 0xdd
	}
	img.Set(0, 0, color.Gray{Y: 0})
	var tile bytes.Buffer
	if err := png.Encode(&tile, img); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var seen []string
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.URL.RequestURI()+" referer="+r.Referer())
		mu.Unlock()
		w.Header().Set("Content-Type", "image/png")
		w.Write(tile.Bytes())
	}))
	t.Cleanup(ts.Close)
	return ts, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), seen...)
	}
}

// TestBrowserBasemap: with a basemap configured, the maps load its tiles
// (the CSP lets them in), show its attribution as text and tell the tile
// service no page address; a WMS gets GetMap requests for its layers.
func TestBrowserBasemap(t *testing.T) {
	exe := chromium(t)
	tiles, requests := tileServer(t)
	xyz, err := ParseBasemap(tiles.URL+"/xyz/{z}/{x}/{y}.png", "", "© Testkarte <b>fett</b>")
	if err != nil {
		t.Fatal(err)
	}
	wms, err := ParseBasemap(tiles.URL+"/wms", "stadtplan", "© Test-WMS")
	if err != nil {
		t.Fatal(err)
	}
	app := weimarApp(t)
	ctx, cancel := browser(t, exe)
	defer cancel()
	problems, must := watchConsole(t, ctx)
	for _, c := range []struct {
		basemap           *Basemap
		path, box, credit string
		request           string
	}{
		{xyz, "/atlas", "#atlasmap", "© Testkarte <b>fett</b>", "/xyz/"},
		{xyz, "/karte", "#map", "© Testkarte <b>fett</b>", "/xyz/"},
		{wms, "/karte", "#map", "© Test-WMS", "request=GetMap&layers=stadtplan"},
	} {
		srv, err := New(app, Options{Basemap: c.basemap})
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(srv.Handler())
		must("open "+c.path, chromedp.Do(ctx, chromedp.Navigate(ts.URL+c.path+"?q=geheim"), chromedp.WaitVisible(chromedp.CSS(c.box+"[data-tiles]"))))
		credit, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(c.box+" .leaflet-control-attribution")))
		must("read attribution", err)
		if !strings.Contains(credit, c.credit) {
			t.Errorf("%s: attribution %q lacks %q", c.path, credit, c.credit)
		}
		if bold, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".leaflet-control-attribution b").length`)); bold != 0 {
			t.Errorf("%s: the configured attribution was taken as markup", c.path)
		}
		ts.Close()
		var asked bool
		for _, r := range requests() {
			if strings.Contains(r, c.request) {
				asked = true
			}
			if strings.Contains(r, "geheim") || strings.Contains(r, c.path) {
				t.Errorf("the tile service learnt the page: %s", r)
			}
		}
		if !asked {
			t.Errorf("%s: no tile request with %q: %v", c.path, c.request, requests())
		}
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("console errors (CSP?): %v", p)
	}
}
