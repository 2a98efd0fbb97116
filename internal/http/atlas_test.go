package http

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/atlas"
	"github.com/quartier/quartier/internal/services"
	"github.com/quartier/quartier/internal/spatial"
	"github.com/quartier/quartier/internal/streetdir"
	"github.com/xuri/excelize/v2"
)

const hostile = `<script>alert("x")</script><img src=x onerror=alert(1)>`

// atlasServer is Weimar with a small atlas: a youth club in West, a
// counselling office in Mitte-Süd and a confidential shelter in Nord.
func atlasServer(t *testing.T) (*httptest.Server, *services.Set) {
	t.Helper()
	a := weimarCity(t)
	ctx := quartier.WithActor(context.Background(), quartier.Operator())
	loc := a.Spatial.Locator()
	at := func(block string) (float64, float64) {
		r, ok := loc.LocateBlock(block)
		if !ok {
			t.Fatalf("block %s", block)
		}
		return r.X, r.Y
	}
	x1, y1 := at("W1")
	x2, y2 := at("N1")
	imp := atlas.Import{
		Source: "Test",
		Places: []quartier.Place{
			{Key: "jc", Name: "Jugendclub Waggong", Street: "Rießnerstraße", HouseNumber: "12", Postcode: "99427", City: "Weimar", X: x1, Y: y1},
			{Key: "fh", Name: "Frauenschutzwohnung", Street: "Verborgener Weg", HouseNumber: "99", Postcode: "99423", City: "Weimar", X: x2, Y: y2,
				Confidential: true, ContactPath: "Hotline 0800 0116016"},
		},
		Offers: []atlas.OfferEntry{
			{Offer: quartier.Offer{Key: "treff", Name: "Offener Treff " + hostile, Description: "Kicker und Musik " + hostile, Topics: []string{"jugendfreizeit"},
				Status: quartier.OfferActive, Languages: []string{"de", "ar"},
				Contacts: []quartier.Contact{{Name: "Frau Muster", Phone: "03643 1", Visibility: quartier.VisiblePublic}, {Name: "Diensthandy", Phone: "0170 999", Visibility: quartier.VisibleProfessionals}}},
				PlaceKeys: []string{"jc"}},
			{Offer: quartier.Offer{Key: "schutz", Name: "Schutz für Frauen und Kinder", Topics: []string{"schutz"}, Status: quartier.OfferActive}, PlaceKeys: []string{"fh"}},
		},
	}
	if _, err := a.Atlas.ImportAtlas(ctx, imp); err != nil {
		t.Fatalf("%v %v", err, quartier.ErrorProblems(err))
	}
	srv, err := New(a, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts, a
}

func TestAtlasPages(t *testing.T) {
	ts, _ := atlasServer(t)
	for _, c := range []struct{ path, want string }{
		{"/atlas", `2 Angebote`},
		{"/atlas?q=Treff", `1 Angebot`},
		{"/atlas?q=Jugendklub", `1 Angebot`}, // synonym of Jugendclub
		{"/atlas?thema=schutz", `Adresse vertraulich`},
		{"/atlas?q=Treff&sprache=ar", `Arabisch`},
		{"/atlas?ort=Gibtsnicht+1", `steht nicht im Straßenverzeichnis`},
		{"/atlas?seite=7", `2 Angebote`},
		{"/atlas/angebote/treff", `Frau Muster`},
		{"/atlas/angebote/schutz", `Hotline 0800 0116016`},
		{"/atlas/orte/jc", `Rießnerstraße 12, 99427 Weimar`},
		{"/atlas/orte/fh", `Die Adresse ist vertraulich`},
	} {
		resp, body := get(t, ts, c.path)
		if resp.StatusCode != 200 || !strings.Contains(body, c.want) {
			t.Errorf("%s: %d, want %q in body", c.path, resp.StatusCode, c.want)
		}
		if strings.Contains(body, "<script>alert") || strings.Contains(body, "<img src=x") {
			t.Errorf("%s: hostile text rendered live", c.path)
		}
		if strings.Contains(body, "Diensthandy") {
			t.Errorf("%s: professionals-only contact shown to the public", c.path)
		}
	}
	for _, p := range []string{"/atlas/angebote/nix", "/atlas/orte/nix"} {
		if resp, _ := get(t, ts, p); resp.StatusCode != 404 {
			t.Errorf("%s: %d", p, resp.StatusCode)
		}
	}
	// Links keep their query readable: html/template must not escape the
	// "=" and "&" of a link built from the query.
	_, body := get(t, ts, "/atlas?q=Treff&sprache=ar")
	if !strings.Contains(body, `href="/atlas/einbetten?q=Treff&amp;sprache=ar"`) || strings.Contains(body, "%3d") {
		t.Errorf("embed link escaped: %s", regexp.MustCompile(`href="/atlas/einbetten[^"]*"`).FindString(body))
	}
	if got := withParam(url.Values{"q": {"a b"}, "seite": {"2"}}, "seite", "3"); got != "?q=a+b&seite=3" {
		t.Errorf("withParam: %s", got)
	}
	// htmx asks for the list and facets only.
	_, body = get(t, ts, "/atlas?q=Treff", "HX-Request", "true")
	if strings.Contains(body, "<html") || !strings.Contains(body, `data-map="/atlas/karte.json?q=Treff"`) || !strings.Contains(body, `<legend>Thema</legend>`) {
		t.Errorf("htmx partial: %.300s", body)
	}
}

// The shelter's street, house number, postcode and coordinates appear in
// no public output, whatever is asked.
func TestAtlasNeverLocatesConfidentialPlaces(t *testing.T) {
	ts, a := atlasServer(t)
	r, _ := a.Spatial.Locator().LocateBlock("N1")
	for _, path := range []string{
		"/atlas", "/atlas?q=Verborgener", "/atlas?q=99423", "/atlas?q=Frauen", "/atlas?raum=nord-schoendorf",
		"/atlas/angebote/schutz", "/atlas/orte/fh", "/atlas/karte.json", "/atlas/karte.json?q=Schutz",
		"/atlas/karte.json?raum=nord-schoendorf", "/atlas/karte.svg", "/atlas/karte.svg?q=Schutz", "/atlas/karte.svg?raum=nord-schoendorf",
	} {
		_, body := get(t, ts, path)
		// What the user typed comes back in the search field; that is
		// not a reveal.
		body = typed.ReplaceAllString(body, "")
		for _, secret := range []string{"Verborgener", "99423", trunc(r.X), trunc(r.Y), "(Nord und Schöndorf)"} {
			if strings.Contains(body, secret) {
				t.Errorf("%s reveals %q", path, secret)
			}
		}
	}
	_, body := get(t, ts, "/atlas?q=Verborgener")
	if !strings.Contains(body, "0 Angebote") {
		t.Error("searching the shelter's street must find nothing")
	}
}

var typed = regexp.MustCompile(`(value="|data-map="|href="/atlas/einbetten|src="/atlas/karte.svg)[^"]*"`)

func trunc(v float64) string { s := strings.Split(strings.TrimSpace(jsonNumber(v)), ".")[0]; return s }

func jsonNumber(v float64) string { b, _ := json.Marshal(v); return string(b) }

func TestAtlasMapJSON(t *testing.T) {
	ts, _ := atlasServer(t)
	_, body := get(t, ts, "/atlas/karte.json?"+url.Values{"q": {"Treff"}}.Encode())
	var fc struct {
		Features []struct {
			Geometry   struct{ Coordinates []float64 }
			Properties map[string]any
		}
	}
	if err := json.Unmarshal([]byte(body), &fc); err != nil {
		t.Fatal(err, body)
	}
	if len(fc.Features) != 1 || fc.Features[0].Properties["url"] != "/atlas/angebote/treff" {
		t.Fatalf("map: %s", body)
	}
	lon, lat := fc.Features[0].Geometry.Coordinates[0], fc.Features[0].Geometry.Coordinates[1]
	if lon < 11.2 || lon > 11.45 || lat < 50.9 || lat > 51.05 {
		t.Errorf("not in Weimar: %v %v", lon, lat)
	}
}

func TestAtlasPlanning(t *testing.T) {
	ts, a := atlasServer(t)
	ctx := quartier.WithActor(context.Background(), quartier.Operator())
	if _, err := a.Spatial.ImportPopulation(ctx, strings.NewReader("baustein;0-26\nW1;1000\nW2;1000\nN1;500\nN2;500\nM1;250\nM2;250\nM3;500\n"), spatial.PopulationColumns{}, time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatalf("%v %v", err, quartier.ErrorProblems(err))
	}
	_, body := get(t, ts, "/atlas/planung?thema=offene-jugendarbeit")
	for _, want := range []string{"je 1.000 junge Menschen (unter 27) (Stand 31.12.2024)", `<td>1 <span class="per">(0,5)</span></td>`, "Ohne Angebot „Offene Kinder- und Jugendarbeit“ (2)"} {
		if !strings.Contains(body, want) {
			t.Errorf("planning page lacks %q", want)
		}
	}
	resp, svg := get(t, ts, "/atlas/planung/karte.svg?thema=offene-jugendarbeit")
	if resp.Header.Get("Content-Type") != "image/svg+xml" || strings.Count(svg, "<path") < 3 || !strings.Contains(svg, "0,5 je 1.000") {
		t.Errorf("choropleth: %.300s", svg)
	}
	// The shelter in Nord und Schöndorf is not counted for the public.
	_, body = get(t, ts, "/atlas/planung?thema=schutz")
	if !strings.Contains(body, "Ohne Angebot „Schutz und Krisenhilfe“ (3)") {
		t.Error("the public count reveals the shelter's space")
	}
	_, csv := get(t, ts, "/atlas/planung.csv")
	if !strings.HasPrefix(csv, "\ufeffSozialraum (Code);Sozialraum;Einwohner junge Menschen (unter 27);") || !strings.Contains(csv, "west;West;2000;ja;") ||
		!strings.Contains(csv, "Offene Kinder- und Jugendarbeit: je 1.000 Einwohner") {
		t.Errorf("csv: %q", csv[:min(300, len(csv))])
	}
	if !strings.Contains(svg, ">Angebote je 1.000 Einwohner (junge Menschen (unter 27))</text>") {
		t.Error("the map's legend names no unit")
	}
	resp, book := get(t, ts, "/atlas/planung.xlsx")
	f, err := excelize.OpenReader(strings.NewReader(book))
	if err != nil || resp.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Fatalf("xlsx: %v %s", err, resp.Header.Get("Content-Type"))
	}
	rows, err := f.GetRows("Versorgung")
	if err != nil || len(rows) < 2 || rows[0][0] != "Sozialraum (Code)" || rows[1][2] == "" {
		t.Errorf("xlsx rows: %q %v", rows, err)
	}
}

func TestAtlasEmbed(t *testing.T) {
	a := func() *services.Set { _, a := atlasServer(t); return a }()
	for _, c := range []struct {
		origins   []string
		ancestors string
		xfo       bool
	}{
		{nil, "frame-ancestors 'none'", true},
		{[]string{"https://www.weimar.de", "https://awo-weimar.de"}, "frame-ancestors https://www.weimar.de https://awo-weimar.de;", false},
	} {
		srv, err := New(a, Options{EmbedOrigins: c.origins})
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(srv.Handler())
		resp, body := get(t, ts, "/einbetten/atlas?thema=jugendfreizeit")
		if !strings.Contains(resp.Header.Get("Content-Security-Policy"), c.ancestors) || (resp.Header.Get("X-Frame-Options") != "") != c.xfo {
			t.Errorf("%v: CSP %q, X-Frame-Options %q", c.origins, resp.Header.Get("Content-Security-Policy"), resp.Header.Get("X-Frame-Options"))
		}
		if !strings.Contains(body, `<input type="hidden" name="thema" value="jugendfreizeit">`) || !strings.Contains(body, "1 Angebot") || strings.Contains(body, "Hauptnavigation") || strings.Contains(body, "<script") {
			t.Errorf("embed body: %.400s", body)
		}
		// Every other page still refuses to be framed.
		if resp, _ := get(t, ts, "/atlas"); !strings.Contains(resp.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") || resp.Header.Get("X-Frame-Options") != "DENY" {
			t.Errorf("atlas page frameable with %v", c.origins)
		}
		_, code := get(t, ts, "/atlas/einbetten?thema=jugendfreizeit&q=ignoriert")
		if !strings.Contains(code, "/einbetten/atlas?thema=jugendfreizeit&#34;") {
			t.Errorf("snippet: %.600s", code)
		}
		ts.Close()
	}
	for _, bad := range []string{"www.weimar.de", "https://x.de/pfad", "javascript:alert(1)", "https://*.de", "https://a.de'; script-src *"} {
		if _, err := ParseEmbedOrigins(bad); err == nil {
			t.Errorf("origin %q accepted", bad)
		}
	}
	if got, err := ParseEmbedOrigins("https://a.de, http://localhost:8081/"); err != nil || len(got) != 2 || got[1] != "http://localhost:8081" {
		t.Errorf("origins: %v %v", got, err)
	}
}

func TestShorten(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"kurz", 10, "kurz"},
		{"Größere Übungen für Mädchen und Jungen", 20, "Größere Übungen für …"},
		{"Ä" + strings.Repeat("ö", 30), 10, "Ä" + strings.Repeat("ö", 9) + "…"},
	} {
		if got := shorten(c.in, c.n); got != c.want {
			t.Errorf("shorten(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
}

// TestShareLinksUseThePublicURL: share links and embed code are built on
// the configured address, whatever Host the request names, so a crafted
// Host cannot put a foreign link into a page (or a cache).
func TestShareLinksUseThePublicURL(t *testing.T) {
	_, a := atlasServer(t)
	srv, err := New(a, Options{PublicURL: "https://atlas.weimar.example/"})
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/atlas/angebote/treff", "/atlas/einbetten?thema=sport"} {
		req := httptest.NewRequest("GET", path, nil)
		req.Host = "evil.example"
		rec := httptest.NewRecorder()
		srv.Handler().ServeHTTP(rec, req)
		body := rec.Body.String()
		if rec.Code != 200 || strings.Contains(body, "evil.example") || !strings.Contains(body, "https://atlas.weimar.example/") {
			t.Errorf("%s: %d, share links not on the public address: %.400s", path, rec.Code, body)
		}
	}
	for _, bad := range []string{"atlas.weimar.de", "ftp://x", "https://x/?a=b", "https://user@x"} {
		if _, err := New(a, Options{PublicURL: bad}); err == nil {
			t.Errorf("public address %q accepted", bad)
		}
	}
}

// An address typed for "near me" with its Ortsteil (or Bezirk) is placed
// as /zuordnung places it with ort=: the place narrows the street
// directory's candidates, and a place of the atlas at the same street
// and number elsewhere does not answer for it; a place that contradicts
// the postcode is refused with the reason, and the search runs without
// an origin.
func TestAtlasOriginWithPlace(t *testing.T) {
	ts, a := atlasServer(t)
	twoRiessnerstrassen(t, a.Spatial)
	for _, c := range []struct{ ort, want, not string }{
		{"Rießnerstraße 12, Nordvorstadt", "(Sozialraum Nord und Schöndorf)", "Sozialraum West"},
		{"Rießnerstraße 12 (Weimar-Nord)", "(Sozialraum Nord und Schöndorf)", "Sozialraum West"},
		{"Rießnerstraße 12, Westvorstadt", "(Sozialraum West)", "Es wird ohne Ort gesucht"},
		{"Rießnerstraße 12, 99427", "(Sozialraum West)", "Es wird ohne Ort gesucht"},
		{"Rießnerstraße 12, 99427 Weimar", "(Sozialraum West)", "Es wird ohne Ort gesucht"},
		{"Rießnerstraße 12, 99427 Nordvorstadt", "In Nordvorstadt hat sie die Postleitzahl 99425 — bitte die Postleitzahl prüfen. Es wird ohne Ort gesucht.", "(Sozialraum"},
		{"Rießnerstraße 12", "mehrdeutig — bitte Postleitzahl angeben", "(Sozialraum"},
	} {
		resp, body := get(t, ts, "/atlas?ort="+url.QueryEscape(c.ort))
		if resp.StatusCode != 200 || !strings.Contains(body, c.want) || strings.Contains(body, c.not) {
			i := max(strings.Index(body, `id="trefferzahl"`), 0)
			t.Errorf("%s: %d, want %q, not %q: %.600s", c.ort, resp.StatusCode, c.want, c.not, body[i:])
		}
	}
}

// twoRiessnerstrassen imports a street directory with Rießnerstraße 12
// twice, in Westvorstadt (W1, where the atlas's youth club is) and in
// Nordvorstadt (N1), and the Bezirke Weimar-West and Weimar-Nord.
func twoRiessnerstrassen(t *testing.T, sp *spatial.Service) {
	t.Helper()
	ctx := quartier.WithActor(context.Background(), quartier.Operator())
	dir := "strasse;hnr;plz;ort;baustein\nRießnerstraße;12;99427;Westvorstadt;W1\nRießnerstraße;12;99425;Nordvorstadt;N1\n"
	if _, err := sp.ImportStreets(ctx, spatial.StreetImport{Input: strings.NewReader(dir), City: "Weimar",
		Regions: []streetdir.Region{{Name: "Weimar-West", BlockPrefix: "W"}, {Name: "Weimar-Nord", BlockPrefix: "N"}}}); err != nil {
		t.Fatal(err, quartier.ErrorProblems(err))
	}
}
