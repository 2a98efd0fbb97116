package http

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

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
