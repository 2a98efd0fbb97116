package http

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/spatial"
)

// sendLayerFile posts a file with form fields to path like the browser's
// upload form.
func sendLayerFile(t *testing.T, c *http.Client, ts *httptest.Server, path, name string, content []byte, fields map[string]string) (int, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(content)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", ts.URL+path, &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", ts.URL)
	resp, body := do(t, c, req)
	return resp.StatusCode, body
}

var tokenRe = regexp.MustCompile(`name="geprueft" value="([0-9a-f]{64})"`)

// checked returns the token of a clean check in a page, "" if none.
func checked(body string) string {
	if m := tokenRe.FindStringSubmatch(body); m != nil {
		return m[1]
	}
	return ""
}

func versions(t *testing.T, srv *Server, layer string) int {
	t.Helper()
	ls, err := srv.spatial.Layers(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range ls {
		if l.Layer.Code == layer {
			return len(l.Versions)
		}
	}
	return 0
}

// TestLayerUploadCheckThenWrite: a new Gebietsstand of the blocks is
// checked first (the report as the public check shows it, plus what the
// layer would refuse), written only with the token of the check of the
// same file and settings, and then recomposes the spaces.
func TestLayerUploadCheckThenWrite(t *testing.T) {
	ts, srv := editServer(t)
	blocks, err := os.ReadFile(weimar + "bloecke.geojson")
	if err != nil {
		t.Fatal(err)
	}
	c := signedInClient(t, ts, "u-planner")
	status, body := fetch(t, c, ts.URL+"/einspielen/gebietsstand")
	if status != 200 || !strings.Contains(body, `<option value="bezirk"`) || strings.Contains(body, `<option value="sozialraum"`) {
		t.Fatalf("form (layers with own geometry only): %d %.500s", status, body)
	}
	fields := map[string]string{"layer": "bezirk", "date": "2024-01-01", "code_prop": "code", "name_prop": "name", "schritt": "pruefen"}
	status, body = sendLayerFile(t, c, ts, "/einspielen/gebietsstand", "bloecke.geojson", blocks, fields)
	if status != http.StatusBadRequest || !strings.Contains(body, "muss nach dem bisherigen") || checked(body) != "" {
		t.Fatalf("same Gebietsstand: %d %.3000s", status, body)
	}
	broken := bytes.Replace(blocks, []byte(`"code": "N1"`), []byte(`"code": "W1"`), 1)
	fields["date"] = "2025-01-01"
	status, body = sendLayerFile(t, c, ts, "/einspielen/gebietsstand", "bloecke.geojson", broken, fields)
	if status != http.StatusBadRequest || !strings.Contains(body, "(Code W1") || !strings.Contains(body, "kommt doppelt vor") || checked(body) != "" {
		t.Fatalf("duplicate code: %d %.3000s", status, body)
	}
	status, body = sendLayerFile(t, c, ts, "/einspielen/gebietsstand", "bloecke.geojson", blocks, fields)
	token := checked(body)
	if status != 200 || token == "" || !strings.Contains(body, "Keine Befunde") || versions(t, srv, "bezirk") != 1 {
		t.Fatalf("check: %d %.3000s", status, body)
	}
	// Another file, or the same with other settings, is only checked.
	fields["schritt"], fields["geprueft"] = "einspielen", token
	for name, f := range map[string]map[string]string{"another date": {"date": "2025-02-01"}, "another file": {"file": "x"}} {
		content, fs := blocks, map[string]string{}
		for k, v := range fields {
			fs[k] = v
		}
		for k, v := range f {
			fs[k] = v
		}
		if _, ok := f["file"]; ok {
			content = bytes.Replace(blocks, []byte("Näherung"), []byte("Naeherung"), 1)
		}
		status, body := sendLayerFile(t, c, ts, "/einspielen/gebietsstand", "bloecke.geojson", content, fs)
		if status != 200 || !strings.Contains(body, "noch nicht geprüft") || versions(t, srv, "bezirk") != 1 {
			t.Errorf("%s: %d %.500s", name, status, body)
		}
	}
	status, body = sendLayerFile(t, c, ts, "/einspielen/gebietsstand", "bloecke.geojson", blocks, fields)
	if status != 200 || !strings.Contains(body, "Eingespielt: Ebene bezirk mit 7 Gebieten") || !strings.Contains(body, "Ebene sozialraum aus den neuen Bausteinen neu zusammengesetzt") ||
		versions(t, srv, "bezirk") != 2 || versions(t, srv, "sozialraum") != 2 {
		t.Fatalf("write: %d %.3000s", status, body)
	}
	// Who may not import gets the route refused, and the public check
	// of a file alone still passes a block file.
	if status, _ := sendLayerFile(t, signedInClient(t, ts, "u-office"), ts, "/einspielen/gebietsstand", "bloecke.geojson", blocks, fields); status != http.StatusForbidden {
		t.Errorf("office writes layers: %d", status)
	}
	status, body = sendLayerFile(t, client(t), ts, "/pruefen", "bloecke.geojson", blocks, map[string]string{"kind": "block"})
	if status != 200 || !strings.Contains(body, "Keine Befunde") || strings.Contains(body, "bis die Anmeldung") || strings.Contains(body, `href="/einspielen/gebietsstand"`) {
		t.Errorf("public check: %d %.2000s", status, body)
	}
	if _, body := fetch(t, c, ts.URL+"/pruefen"); !strings.Contains(body, `href="/einspielen/gebietsstand"`) {
		t.Error("the check page does not lead the planner to the import")
	}
}

// TestComposeAndStreetUpload: a layer composed from a block table and the
// street directory, each checked with faults named by line, then written.
func TestComposeAndStreetUpload(t *testing.T) {
	ts, srv := editServer(t)
	c := signedInClient(t, ts, "u-planner")
	table := "baustein;gebiet;name\nW1;nordwest;Nordwest\nW2;nordwest;Nordwest\nN1;nordwest;Nordwest\nN2;ost;Ost\nM1;ost;Ost\nM2;ost;Ost\nM3;ost;Ost\n"
	fields := map[string]string{"code": "planung", "name": "Planungsbezirke", "date": "2024-06-01", "schritt": "pruefen"}
	bad := strings.Replace(table, "M3;ost", "W1;ost", 1)
	status, body := sendLayerFile(t, c, ts, "/einspielen/zusammensetzung", "planung.csv", []byte(bad), fields)
	if status != http.StatusBadRequest || !strings.Contains(body, "planung.csv Zeile 8 (Code W1)") || !strings.Contains(body, "zwei Gebieten zugeordnet") || !strings.Contains(body, "M3") {
		t.Fatalf("block twice, block left out: %d %.3000s", status, body)
	}
	status, body = sendLayerFile(t, c, ts, "/einspielen/zusammensetzung", "planung.csv", []byte(table), fields)
	token := checked(body)
	if status != 200 || token == "" || versions(t, srv, "planung") != 0 {
		t.Fatalf("check: %d %.2000s", status, body)
	}
	fields["schritt"], fields["geprueft"] = "einspielen", token
	status, body = sendLayerFile(t, c, ts, "/einspielen/zusammensetzung", "planung.csv", []byte(table), fields)
	if status != 200 || !strings.Contains(body, "Eingespielt: Ebene planung mit 2 Gebieten") || versions(t, srv, "planung") != 1 {
		t.Fatalf("write: %d %.2000s", status, body)
	}
	delete(fields, "code")
	fields["layer"], fields["schritt"] = "planung", "pruefen"
	if status, body := sendLayerFile(t, c, ts, "/einspielen/zusammensetzung", "planung.csv", []byte(table), fields); status != http.StatusBadRequest || !strings.Contains(body, "nach dem bisherigen") {
		t.Errorf("the same day again: %d %.1000s", status, body)
	}

	streets := "strasse;hnr_von;hnr_bis;seite;plz;baustein\nMoskauer Straße;1;99;alle;99427;W1\nMarktstraße;1;20;alle;99423;XX\n"
	status, body = sendLayerFile(t, c, ts, "/einspielen/strassenverzeichnis", "strassen.csv", []byte(streets), map[string]string{"schritt": "pruefen"})
	if status != http.StatusBadRequest || !strings.Contains(body, "Zeile 3") || !strings.Contains(body, "Baustein XX gibt es in der aktuellen Bausteinebene nicht") {
		t.Fatalf("unknown block: %d %.2000s", status, body)
	}
	streets = strings.Replace(streets, ";XX", ";M1", 1)
	status, body = sendLayerFile(t, c, ts, "/einspielen/strassenverzeichnis", "strassen.csv", []byte(streets), map[string]string{"schritt": "pruefen"})
	token = checked(body)
	if status != 200 || token == "" {
		t.Fatalf("street check: %d %.2000s", status, body)
	}
	if _, err := srv.spatial.LookupAddress(context.Background(), spatial.Address{Street: "Marktstraße", HouseNo: "3"}); err == nil {
		t.Fatal("a checked directory is already in use")
	}
	status, body = sendLayerFile(t, c, ts, "/einspielen/strassenverzeichnis", "strassen.csv", []byte(streets), map[string]string{"schritt": "einspielen", "geprueft": token, "gemeinde": "Weimar"})
	if status != 200 || !strings.Contains(body, "Eingespielt: 2 Einträge") {
		t.Fatalf("street write: %d %.2000s", status, body)
	}
	res, err := srv.spatial.LookupAddress(context.Background(), spatial.Address{Street: "Marktstraße", HouseNo: "3"})
	if err != nil || res.Block().Code != "M1" {
		t.Fatalf("lookup after the upload: %+v %v", res, err)
	}
	// The municipality given with the upload may stand before the street.
	if res, err := srv.spatial.LookupAddress(context.Background(), spatial.ParseAddress("Weimar Marktstraße 3")); err != nil || res.Block().Code != "M1" {
		t.Fatalf("lookup with the municipality first: %+v %v", res, err)
	}
}

// The upload form takes Bezirke as the command line's --bezirk does
// (NAME=PRÄFIX, one a line), offers the directory's municipality and
// Bezirke again for the next import, and a Bezirk typed with an address
// then narrows the candidates as it does for a CLI import.
func TestStreetUploadRegions(t *testing.T) {
	ts, srv := editServer(t)
	c := signedInClient(t, ts, "u-planner")
	streets := "strasse;hnr;plz;ort;baustein\nGoetheplatz;1;99423;Altstadt;M1\nGoetheplatz;1;99425;Nord;N1\n"
	fields := map[string]string{"schritt": "pruefen", "gemeinde": "Weimar", "bezirke": "Stadtmitte=M\nNordbezirk"}
	status, body := sendLayerFile(t, c, ts, "/einspielen/strassenverzeichnis", "strassen.csv", []byte(streets), fields)
	if status != http.StatusBadRequest || !strings.Contains(body, "Zeile 2: „Nordbezirk“: erwartet NAME=PRÄFIX") {
		t.Fatalf("a Bezirk without prefix: %d %.3000s", status, body)
	}
	fields["bezirke"] = "Stadtmitte=M\r\nNordbezirk=N\r\n"
	status, body = sendLayerFile(t, c, ts, "/einspielen/strassenverzeichnis", "strassen.csv", []byte(streets), fields)
	token := checked(body)
	if status != 200 || token == "" {
		t.Fatalf("check: %d %.2000s", status, body)
	}
	fields["schritt"], fields["geprueft"] = "einspielen", token
	if status, body = sendLayerFile(t, c, ts, "/einspielen/strassenverzeichnis", "strassen.csv", []byte(streets), fields); status != 200 || !strings.Contains(body, "Eingespielt: 2 Einträge") {
		t.Fatalf("write: %d %.2000s", status, body)
	}
	ctx := context.Background()
	if _, err := srv.spatial.LookupAddress(ctx, spatial.ParseAddress("Goetheplatz 1")); !strings.Contains(quartier.ErrorMessage(err), "mehrdeutig") {
		t.Fatalf("without a place: %v", err)
	}
	for text, want := range map[string]string{"Goetheplatz 1, Nordbezirk": "N1", "Goetheplatz 1 (Stadtmitte)": "M1", "Weimar-Nord, Goetheplatz 1": "N1"} {
		if res, err := srv.spatial.LookupAddress(ctx, spatial.ParseAddress(text)); err != nil || res.Block().Code != want {
			t.Errorf("%s: %+v %v, want %s", text, res.Hits, err, want)
		}
	}
	// The lookup form and the API take the place as a field of its own.
	if status, body := fetch(t, c, ts.URL+"/zuordnung?street=Goetheplatz&no=1&ort=Nordbezirk"); status != 200 || !strings.Contains(body, ">N1</a>") {
		t.Errorf("form with a place: %d %.3000s", status, body)
	}
	if status, body := fetch(t, c, ts.URL+"/api/v1/lookup?street=Goetheplatz&no=1&ort=Stadtmitte"); status != 200 || !strings.Contains(body, `"M1"`) {
		t.Errorf("API with a place: %d %.3000s", status, body)
	}
	if status, body := fetch(t, c, ts.URL+"/zuordnung?street=Goetheplatz&no=1"); !strings.Contains(body, "mehrdeutig") {
		t.Errorf("form without a place: %d %.3000s", status, body)
	}
	// The whole address in the street's field is read as typed, as
	// quartier lookup --address and a bulk file's one column read it; a
	// place that contradicts the postcode refuses, saying which.
	for q, want := range map[string]string{
		"/zuordnung?street=" + url.QueryEscape("Goetheplatz 1, 99425 Weimar"):                             ">N1</a>",
		"/api/v1/lookup?street=" + url.QueryEscape("Goetheplatz 1 (Nordbezirk)"):                          `"N1"`,
		"/zuordnung?street=Goetheplatz&no=1&postcode=99425&ort=Weimar":                                    ">N1</a>",
		"/zuordnung?street=Goetheplatz&no=1&postcode=99425&ort=Stadtmitte":                                "Goetheplatz 1, 99425 liegt im Straßenverzeichnis in 99425 Nord (Bezirk Nordbezirk), nicht in Stadtmitte. In Stadtmitte hat sie die Postleitzahl 99423 — bitte die Postleitzahl prüfen.",
		"/api/v1/lookup?street=Goetheplatz&no=1&postcode=99423&ort=" + url.QueryEscape("Weimar-Altstadt"): `"M1"`,
	} {
		if _, body := fetch(t, c, ts.URL+q); !strings.Contains(body, want) {
			t.Errorf("%s: %.3000s, want %q", q, body, want)
		}
	}
	status, body = fetch(t, c, ts.URL+"/einspielen/strassenverzeichnis")
	if status != 200 || !strings.Contains(body, `value="Weimar"`) || !strings.Contains(body, ">Stadtmitte=M\nNordbezirk=N</textarea>") {
		t.Fatalf("the form offers the directory's places: %d %.3000s", status, body)
	}
}
