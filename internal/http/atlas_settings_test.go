package http

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

func TestAtlasSettingsPage(t *testing.T) {
	ts, _ := editServer(t)
	c := signedInClient(t, ts, "u-planner")
	status, page := fetch(t, c, ts.URL+"/atlas/einstellungen")
	if status != 200 || !strings.Contains(page, "Jugendclub, Jugendklub") || !strings.Contains(page, "sport; Sport und Bewegung") {
		t.Fatalf("settings page: %d", status)
	}
	if status, _, body := post(t, c, ts, "/atlas/einstellungen/synonyme", url.Values{"synonyms": {"Kita, Krippe\nTreff, eins zwei drei vier fünf <script>"}}); status != 400 ||
		!strings.Contains(body, "Zeile 2") || strings.Contains(body, "<script>") {
		t.Errorf("bad synonyms: %d", status)
	}
	if status, loc, _ := post(t, c, ts, "/atlas/einstellungen/synonyme", url.Values{"synonyms": {"Treff, Kiezladen"}}); status != 303 || loc != "/atlas/einstellungen?gespeichert=synonyme" {
		t.Errorf("save synonyms: %d %s", status, loc)
	}
	if _, body := get(t, ts, "/atlas?q=Kiezladen"); !strings.Contains(body, "Offener Treff") {
		t.Error("saved synonym not used by the atlas")
	}
	if status, _, body := post(t, c, ts, "/atlas/einstellungen/themen", url.Values{"taxonomy": {"sport; Sport\n"}}); status != 409 || !strings.Contains(body, "wird noch verwendet") {
		t.Errorf("removing used topics: %d", status)
	}
	staff := signedInClient(t, ts, "u-provider-staff")
	if status, _ := fetch(t, staff, ts.URL+"/atlas/einstellungen"); status != 403 {
		t.Errorf("provider staff sees the settings: %d", status)
	}
}

func upload(t *testing.T, c *http.Client, ts *httptest.Server, name string, content []byte, check bool) (int, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(content)
	if check {
		mw.WriteField("pruefen", "1")
	}
	mw.Close()
	req, _ := http.NewRequest("POST", ts.URL+"/atlas/austausch", &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", ts.URL)
	resp, body := do(t, c, req)
	return resp.StatusCode, body
}

func TestAtlasExchangeUpload(t *testing.T) {
	ts, _ := editServer(t)
	_, export := get(t, ts, "/api/hsds/export.json")
	c := signedInClient(t, ts, "u-planner")
	if status, body := upload(t, c, ts, "atlas.json", []byte(export), true); status != 200 || !strings.Contains(body, "ohne Fehler – geprüft, nichts gespeichert") {
		t.Fatalf("check: %d %.500s", status, body)
	}
	if status, body := upload(t, c, ts, "atlas.json", []byte(export), false); status != 200 || !strings.Contains(body, "Übernommen:") {
		t.Fatalf("import: %d %.500s", status, body)
	}
	broken := strings.Replace(export, `"name":`, `"name": 5, "x":`, 1)
	if status, body := upload(t, c, ts, "kaputt.json", []byte(broken), false); status != 400 || !strings.Contains(body, "/contents/0") {
		t.Errorf("broken HSDS: %d %.800s", status, body)
	}
	if status, body := upload(t, c, ts, "leer.json", []byte("{"), false); status != 400 || !strings.Contains(body, "Nicht übernommen") {
		t.Errorf("not JSON: %d %.300s", status, body)
	}
	anon := client(t)
	if status, _ := upload(t, anon, ts, "atlas.json", []byte(export), false); status == 200 {
		t.Error("anonymous upload accepted")
	}
	if status, _ := fetch(t, anon, ts.URL+"/atlas/austausch"); status != 200 {
		t.Error("the exchange page with its downloads is public")
	}
}

func do(t *testing.T, c *http.Client, req *http.Request) (*http.Response, string) {
	t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestPopulationUpload(t *testing.T) {
	ts, _ := editServer(t)
	send := func(c *http.Client, csv, date, cols string) (int, string) {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		fw, _ := mw.CreateFormFile("file", "ew.csv")
		fw.Write([]byte(csv))
		mw.WriteField("date", date)
		mw.WriteField("block_column", "PLR")
		mw.WriteField("columns", cols)
		mw.Close()
		req, _ := http.NewRequest("POST", ts.URL+"/atlas/planung/einwohner", &b)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Origin", ts.URL)
		resp, body := do(t, c, req)
		return resp.StatusCode, body
	}
	c := signedInClient(t, ts, "u-planner")
	if status, body := send(c, "PLR;EW\nW1;100\nXX;3\n", "31.12.2024", "EW=gesamt"); status != 400 || !strings.Contains(body, "Zeile 3: Baustein XX") {
		t.Errorf("unknown block: %d %.300s", status, body)
	}
	if status, _ := send(c, "PLR;EW\nW1;100\nW2;50\n", "31.12.2024", "EW=gesamt"); status != http.StatusSeeOther {
		t.Errorf("upload: %d", status)
	}
	if _, body := get(t, ts, "/atlas/planung?gruppe=gesamt"); !strings.Contains(body, "(Stand 31.12.2024)") {
		t.Error("uploaded figures not used")
	}
	if status, _ := send(signedInClient(t, ts, "u-provider-staff"), "PLR;EW\nW1;1\n", "31.12.2024", "EW=gesamt"); status != 403 {
		t.Errorf("provider staff uploads population: %d", status)
	}
}
