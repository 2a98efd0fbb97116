package http

import (
	"archive/zip"
	"context"
	"encoding/json"
	"io"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/paulmach/orb"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/atlas"
	"github.com/quartier/quartier/internal/geo"
	"github.com/quartier/quartier/internal/hsds"
	"github.com/quartier/quartier/internal/services"
)

const (
	shelterStreet   = "Verborgener Pfad"
	shelterNumber   = "77k"
	shelterPostcode = "99421"
)

// hsdsServer is the Weimar server with accounts and a small atlas: a club
// in Mitte-Süd, a shelter in West, four current offers and an ended one.
func hsdsServer(t *testing.T) (*httptest.Server, *Server) {
	t.Helper()
	return hsdsServerOn(t, weimarCity(t))
}

// hsdsServerOn is hsdsServer on a Weimar city of one's own.
func hsdsServerOn(t *testing.T, a *services.Set) (*httptest.Server, *Server) {
	t.Helper()
	// Only this atlas: the trace search below assumes the shelter is the
	// one entry in its space.
	ts, srv := accountServerOn(t, a)
	tr, err := geo.Transformer(quartier.WGS84, quartier.UTM32N)
	if err != nil {
		t.Fatal(err)
	}
	club, shelter := tr(orb.Point{11.329, 50.979}), tr(orb.Point{11.287, 50.988})
	offer := func(key, name, topic string, places ...string) atlas.OfferEntry {
		return atlas.OfferEntry{Offer: quartier.Offer{Key: key, Name: name, Provider: "awo", Topics: []string{topic}, Status: quartier.OfferActive,
			Hours: quartier.OpeningHours{Weekly: []quartier.HoursSlot{{Day: 1, Open: 9 * 60, Close: 12 * 60}}}}, PlaceKeys: places}
	}
	imp := atlas.Import{Source: "Test",
		Providers: []quartier.Provider{{Code: "awo", Name: "AWO Weimar", Kind: quartier.ProviderIndependent}},
		Places: []quartier.Place{
			{Key: "club", Name: "Jugendclub am Markt", Provider: "awo", Street: "Markt", HouseNumber: "1", Postcode: "99423", City: "Weimar", X: club[0], Y: club[1]},
			{Key: "fh", Name: "Schutzwohnung", Street: shelterStreet, HouseNumber: shelterNumber, Postcode: shelterPostcode, City: "Weimar",
				X: shelter[0], Y: shelter[1], Confidential: true, ContactPath: "Hotline 08000 116 016"},
		},
		Offers: []atlas.OfferEntry{
			offer("treff", "Offener Treff", "offene-jugendarbeit", "club"),
			offer("sport", "Sport am Abend", "sport", "club"),
			offer("kultur", "Theatergruppe", "kultur", "club"),
			offer("schutz", "Schutz und Beratung", "schutz", "fh"),
			offer("alt", "Beendet", "sport", "club"),
		},
	}
	imp.Offers[0].Contacts = []quartier.Contact{{Name: "Team Treff", Visibility: quartier.VisiblePublic},
		{Name: "Diensthandy Frau K.", Phone: "0170 1", Visibility: quartier.VisibleProfessionals}}
	imp.Offers[4].Status = quartier.OfferEnded
	if _, err := srv.atlas.ImportAtlas(quartier.WithActor(context.Background(), quartier.Operator()), imp); err != nil {
		t.Fatalf("%v %v", err, quartier.ErrorProblems(err))
	}
	return ts, srv
}

var hsdsSchemas = hsds.NewSchemas(os.DirFS("../hsds/schema/3.1"))

func validHSDS(t *testing.T, what, body string, locs ...string) {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("%s: %v\n%s", what, err, body)
	}
	for _, loc := range locs {
		ps, err := hsdsSchemas.ValidateValue(loc, v)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			t.Errorf("%s against %s: %s", what, loc, p)
		}
	}
}

func openapi(path string) string {
	return "openapi.json#/paths/" + strings.ReplaceAll(path, "/", "~1") + "/get/responses/200/content/application~1json/schema"
}

// hsdsPage is a page of any HSDS object, read for ids, names and dates.
type hsdsPage = hsds.Page[struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	LastModified string `json:"last_modified"`
	ServiceID    string `json:"service_id"` // of a service at a location
}]

func getPage(t *testing.T, ts *httptest.Server, path string) hsdsPage {
	t.Helper()
	resp, body := get(t, ts, path)
	var p hsdsPage
	if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &p) != nil {
		t.Fatalf("GET %s: %d %s", path, resp.StatusCode, body)
	}
	return p
}

// TestHSDSSearchIsTheAtlasSearch: the search parameter finds what the
// atlas search finds (inflections, synonyms, the provider and place
// names, typing errors), in its order, and never by a shelter's address.
func TestHSDSSearchIsTheAtlasSearch(t *testing.T) {
	ts, _ := hsdsServer(t)
	names := func(path string) []string {
		t.Helper()
		var out []string
		for _, c := range getPage(t, ts, path).Contents {
			out = append(out, c.Name)
		}
		return out
	}
	atClub := []string{"Offener Treff", "Sport am Abend", "Theatergruppe"} // equal scores: name order, not key order
	for _, c := range []struct {
		search string
		want   []string
	}{
		{"Theatergruppen", []string{"Theatergruppe"}},
		{"Teatergruppe", []string{"Theatergruppe"}},
		{"Jugendklub", atClub},
		{"JFE", atClub},
		{"AWO", []string{"Offener Treff", "Schutz und Beratung", "Sport am Abend", "Theatergruppe"}},
		{"Treff Jugendclub", []string{"Offener Treff"}},
		{shelterStreet, nil},
		{shelterPostcode, nil},
	} {
		if got := names("/api/hsds/services?search=" + url.QueryEscape(c.search)); !slices.Equal(got, c.want) {
			t.Errorf("services?search=%s: %q, want %q", c.search, got, c.want)
		}
	}
	// The order of the search holds across pages and for services at
	// locations.
	if got := append(names("/api/hsds/services?search=Jugendklub&per_page=2"), names("/api/hsds/services?search=Jugendklub&per_page=2&page=2")...); !slices.Equal(got, atClub) {
		t.Errorf("paged: %q", got)
	}
	var sal []string
	for _, c := range getPage(t, ts, "/api/hsds/service_at_locations?search=Jugendklub").Contents {
		sal = append(sal, c.ServiceID)
	}
	var want []string
	for _, key := range []string{"treff", "sport", "kultur"} {
		want = append(want, uuid.NewSHA1(uuid.MustParse("e0981de5-acdd-4be0-bbb2-e4d49d4abe2d"), []byte("service:"+key)).String())
	}
	if !slices.Equal(sal, want) {
		t.Errorf("service_at_locations?search=Jugendklub: %q, want %q", sal, want)
	}
	// Words without meaning filter nothing, as on the atlas page.
	if p := getPage(t, ts, "/api/hsds/services?search=und"); p.TotalItems != 4 {
		t.Errorf("search=und: %d", p.TotalItems)
	}
}

func TestHSDSAPI(t *testing.T) {
	ts, _ := hsdsServer(t)
	resp, body := get(t, ts, "/api/hsds/")
	if resp.StatusCode != 200 || !strings.Contains(body, `"version":"3.1"`) || !strings.Contains(body, hsds.ProfileURI) {
		t.Fatalf("info: %d %s", resp.StatusCode, body)
	}
	validHSDS(t, "info", body, openapi("/"))

	// Paging: four current offers (the ended one is not in the atlas).
	for _, c := range []struct {
		query                      string
		total, pages, number, size int
		first, last, empty         bool
	}{
		{"", 4, 1, 1, 4, true, true, false},
		{"?per_page=3", 4, 2, 1, 3, true, false, false},
		{"?per_page=3&page=2", 4, 2, 2, 1, false, true, false},
		{"?per_page=3&page=3", 4, 2, 3, 0, false, true, true},
		{"?per_page=1&page=4", 4, 4, 4, 1, false, true, false},
	} {
		p := getPage(t, ts, "/api/hsds/services"+c.query)
		if p.TotalItems != c.total || p.TotalPages != c.pages || p.PageNumber != c.number || p.Size != c.size || len(p.Contents) != c.size ||
			p.FirstPage != c.first || p.LastPage != c.last || p.Empty != c.empty {
			t.Errorf("services%s: %+v", c.query, p)
		}
	}
	for _, q := range []string{"?per_page=0", "?per_page=501", "?page=abc", "?page=-1", "?modified_after=gestern"} {
		if resp, body := get(t, ts, "/api/hsds/services"+q); resp.StatusCode != 400 || !strings.Contains(body, `"code":"invalid"`) {
			t.Errorf("services%s: %d %s", q, resp.StatusCode, body)
		}
	}

	// modified_after: on or after the given time.
	all := getPage(t, ts, "/api/hsds/services")
	latest, earliest := all.Contents[0].LastModified, all.Contents[0].LastModified
	for _, c := range all.Contents {
		latest, earliest = max(latest, c.LastModified), min(earliest, c.LastModified)
	}
	if p := getPage(t, ts, "/api/hsds/services?modified_after="+earliest); p.TotalItems != 4 {
		t.Errorf("modified_after earliest: %d", p.TotalItems)
	}
	if p := getPage(t, ts, "/api/hsds/services?modified_after=2000-01-01"); p.TotalItems != 4 {
		t.Errorf("modified_after 2000-01-01: %d", p.TotalItems)
	}
	if p := getPage(t, ts, "/api/hsds/services?modified_after=2999-01-01T00:00:00Z"); p.TotalItems != 0 || !p.Empty {
		t.Errorf("modified_after in the future: %+v", p)
	}
	n := 0
	for _, c := range all.Contents {
		if c.LastModified == latest {
			n++
		}
	}
	if p := getPage(t, ts, "/api/hsds/services?modified_after="+latest); p.TotalItems != n {
		t.Errorf("modified_after latest: %d, want %d", p.TotalItems, n)
	}

	// Filters are cumulative.
	schutz := uuid.NewSHA1(uuid.MustParse("e0981de5-acdd-4be0-bbb2-e4d49d4abe2d"), []byte("taxonomy_term:quartier-themen:schutz")).String()
	if p := getPage(t, ts, "/api/hsds/services?taxonomy_term_id="+schutz); p.TotalItems != 1 || p.Contents[0].Name != "Schutz und Beratung" {
		t.Errorf("taxonomy_term_id: %+v", p)
	}
	if p := getPage(t, ts, "/api/hsds/services?taxonomy_term_id="+schutz+"&search=treff"); p.TotalItems != 0 {
		t.Errorf("filters not cumulative: %+v", p)
	}
	if p := getPage(t, ts, "/api/hsds/services?search=THEATER"); p.TotalItems != 1 {
		t.Errorf("search: %+v", p)
	}

	// Every endpoint answers valid HSDS; unknown ids are 404.
	_, body = get(t, ts, "/api/hsds/services?per_page=2")
	validHSDS(t, "services", body, openapi("/services"))
	_, body = get(t, ts, "/api/hsds/services?full=true")
	validHSDS(t, "full services", body, "quartier/page_of_services.json")
	id := all.Contents[0].ID
	resp, body = get(t, ts, "/api/hsds/services/"+id)
	if resp.StatusCode != 200 {
		t.Fatalf("service %s: %d", id, resp.StatusCode)
	}
	validHSDS(t, "service", body, openapi("/services/{id}"), "service.json")
	_, body = get(t, ts, "/api/hsds/export.json")
	validHSDS(t, "export.json", body, "quartier/page_of_services.json", openapi("/services"))
	for _, kind := range []struct{ list, one string }{
		{"organizations", "organization.json"}, {"locations", "location.json"}, {"service_at_locations", "compiled/service_at_location.json"},
		{"taxonomies", "taxonomy.json"}, {"taxonomy_terms", "taxonomy_term.json"},
	} {
		p := getPage(t, ts, "/api/hsds/"+kind.list+"?per_page=500")
		if p.TotalItems == 0 {
			t.Errorf("%s: empty", kind.list)
			continue
		}
		_, body := get(t, ts, "/api/hsds/"+kind.list+"?per_page=500")
		if kind.list != "locations" {
			validHSDS(t, kind.list, body, openapi("/"+kind.list))
		}
		resp, body := get(t, ts, "/api/hsds/"+kind.list+"/"+p.Contents[0].ID)
		if resp.StatusCode != 200 {
			t.Errorf("%s/%s: %d", kind.list, p.Contents[0].ID, resp.StatusCode)
		}
		validHSDS(t, kind.list+"/{id}", body, kind.one)
		resp, body = get(t, ts, "/api/hsds/"+kind.list+"/"+uuid.NewString())
		if resp.StatusCode != 404 || !strings.Contains(body, `"code":"not_found"`) {
			t.Errorf("%s unknown id: %d %s", kind.list, resp.StatusCode, body)
		}
	}
	if resp, body := get(t, ts, "/api/hsds/services/"+uuid.NewString()); resp.StatusCode != 404 || !strings.Contains(body, `"code":"not_found"`) {
		t.Errorf("unknown service: %d %s", resp.StatusCode, body)
	}
	_, body = get(t, ts, "/api/hsds/taxonomy_terms?top_only=true&per_page=500")
	if strings.Contains(body, `"parent_id"`) {
		t.Errorf("top_only lists child terms")
	}

	resp, body = get(t, ts, "/api/hsds/export.zip")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/zip" {
		t.Fatalf("export.zip: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	d, _, err := hsds.Decode(strings.NewReader(body), hsds.DecodeOptions{SRID: quartier.UTM32N})
	if err != nil || len(d.Offers) != 4 {
		t.Fatalf("export.zip does not decode: %v %v", err, quartier.ErrorProblems(err))
	}
}

// everything fetches every HSDS endpoint and returns the bodies, the zip
// unpacked.
func everything(t *testing.T, fetch func(string) (int, string)) string {
	t.Helper()
	var out strings.Builder
	paths := []string{"/api/hsds/export.json", "/api/hsds/services?full=true&per_page=500"}
	for _, kind := range []string{"services", "organizations", "locations", "service_at_locations", "taxonomies", "taxonomy_terms"} {
		status, body := fetch("/api/hsds/" + kind + "?per_page=500")
		if status != 200 {
			t.Fatalf("%s: %d", kind, status)
		}
		out.WriteString(body)
		var p hsdsPage
		json.Unmarshal([]byte(body), &p)
		for _, c := range p.Contents {
			paths = append(paths, "/api/hsds/"+kind+"/"+c.ID)
		}
	}
	for _, path := range paths {
		status, body := fetch(path)
		if status != 200 {
			t.Fatalf("%s: %d", path, status)
		}
		out.WriteString(body)
	}
	_, zipped := fetch("/api/hsds/export.zip")
	zr, err := zip.NewReader(strings.NewReader(zipped), int64(len(zipped)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		out.Write(b)
	}
	return out.String()
}

func TestHSDSConfidentialPlaceNotExposed(t *testing.T) {
	ts, srv := hsdsServer(t)
	v, err := srv.atlas.View(quartier.WithActor(context.Background(), quartier.Operator()))
	if err != nil {
		t.Fatal(err)
	}
	var shelter quartier.Place
	for _, p := range v.Places {
		if p.Key == "fh" {
			shelter = p
		}
	}
	if shelter.Space == "" {
		t.Fatal("the shelter has no space: the test would not notice it leaking")
	}
	tr, _ := geo.Transformer(quartier.UTM32N, quartier.WGS84)
	ll := tr(orb.Point{shelter.X, shelter.Y})
	traces := []string{shelterStreet, shelterNumber, shelterPostcode, "Sozialraum " + string(shelter.Space), "Baustein " + shelter.Block,
		strconv.FormatFloat(ll[1], 'f', 3, 64), strconv.FormatFloat(ll[0], 'f', 3, 64)}

	anonymous := everything(t, func(path string) (int, string) {
		resp, body := get(t, ts, path)
		return resp.StatusCode, body
	})
	c := client(t)
	login(t, ts, c, "u-asd") // may read confidential places, and sees them in the app
	asd := everything(t, func(path string) (int, string) {
		resp, body := fetchBody(t, c, ts.URL+path)
		return resp.StatusCode, body
	})
	for who, out := range map[string]string{"anonymous": anonymous, "ASD": asd} {
		for _, s := range traces {
			if strings.Contains(out, s) {
				t.Errorf("%s: %q of the shelter in the HSDS API", who, s)
			}
		}
		if !strings.Contains(out, "Hotline 08000 116 016") || !strings.Contains(out, "Markt 1") {
			t.Errorf("%s: the contact path or the public address is missing: the search looked at the wrong output", who)
		}
	}
	if strings.Contains(anonymous, "Diensthandy") || !strings.Contains(asd, "Diensthandy") {
		t.Errorf("professional contact: anonymous %v, ASD %v", strings.Contains(anonymous, "Diensthandy"), strings.Contains(asd, "Diensthandy"))
	}
}
