package http

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/atlas"
	"github.com/quartier/quartier/internal/services"
	"github.com/quartier/quartier/internal/testdb"
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
	// The area page's assignment history names provider and alliance,
	// the code beside; the areas it lies in come by name too.
	if _, body := fetch(t, c, ts.URL+"/ebenen/sozialraum/nord-schoendorf"); !strings.Contains(body,
		`<td>Trägerverbund Nord und Schöndorf (HTG und Caritas) <span class="code">verbund-nord-schoendorf</span></td>`) {
		t.Errorf("area page history: %.5000s", body)
	}
}

// The reminder list is filtered and paged, so an office with thousands of
// due entries works through it by space, provider or kind.
func TestDueListFilters(t *testing.T) {
	ts, _ := editServer(t)
	c := signedInClient(t, ts, "u-planner")
	status, body := fetch(t, c, ts.URL+"/atlas/faellig?art=offer")
	if status != 200 || !strings.Contains(body, "Offener Treff") || strings.Contains(body, ">Jugendclub West</a>") || !strings.Contains(body, `<option value="offer" selected>`) {
		t.Errorf("offers only: %d %.3000s", status, body)
	}
	if _, body := fetch(t, c, ts.URL+"/atlas/faellig?art=place"); !strings.Contains(body, ">Jugendclub West</a>") || strings.Contains(body, "Offener Treff") {
		t.Errorf("places only: %.3000s", body)
	}
	if _, body := fetch(t, c, ts.URL+"/atlas/faellig?traeger=gibt-es-nicht"); !strings.Contains(body, "Nichts fällig für diese Auswahl") {
		t.Errorf("unknown provider: %.3000s", body)
	}
	if status, _ := fetch(t, c, ts.URL+"/atlas/faellig?seite=null"); status != 400 {
		t.Errorf("bad page number: %d", status)
	}
}

// The provider field takes a name as well as a code, and suggests
// providers as the editor types (the options of its datalist).
func TestProviderFieldTakesNames(t *testing.T) {
	ts, srv := editServer(t)
	c, form := editForm(t, ts, "u-planner", "/atlas/angebote/treff-west/bearbeiten")
	status, opts := fetch(t, c, ts.URL+"/atlas/traeger?provider=diak")
	if status != 200 || !strings.Contains(opts, `(diakonie)"></option>`) || strings.Contains(opts, "awo-mwt") {
		t.Errorf("options: %d %s", status, opts)
	}
	form.Set("provider", "diak")
	form.Set("aktion", "speichern")
	if status, _, _ := post(t, c, ts, "/atlas/angebote/treff-west/bearbeiten", form); status != http.StatusSeeOther {
		t.Fatalf("save with a typed provider: %d", status)
	}
	if o := operatorOffer(t, srv, "treff-west"); o.Provider != "diakonie" {
		t.Errorf("provider %q, want diakonie", o.Provider)
	}
	// Unknown: refused by the save; ambiguous: at the field, naming both.
	form.Set("provider", "gibt es nicht")
	if status, _, _ := post(t, c, ts, "/atlas/angebote/treff-west/bearbeiten", form); status < 400 {
		t.Errorf("unknown provider: %d", status)
	}
	form.Set("provider", "i") // in "Diakonie" and in the AWO's name
	if status, _, body := post(t, c, ts, "/atlas/angebote/treff-west/bearbeiten", form); status != http.StatusBadRequest || !strings.Contains(body, `id="provider-err"`) || !strings.Contains(body, "nicht eindeutig") {
		t.Errorf("ambiguous provider: %d", status)
	}
	if status, _ := fetch(t, client(t), ts.URL+"/atlas/traeger?q=a"); status == 200 {
		t.Error("anonymous provider options")
	}
}

// Coordinate forms default to the installation's CRS: Weimar (EPSG:25832)
// must not get 25833 preselected, which puts its Markt "außerhalb".
func TestCoordinateFormDefaultsToInstallationCRS(t *testing.T) {
	ts, _ := accountServer(t) // an installation in EPSG:25832
	_, body := fetch(t, client(t), ts.URL+"/zuordnung")
	if !strings.Contains(body, `<option value="25832" selected>`) || strings.Contains(body, `<option value="25833" selected>`) {
		t.Errorf("CRS default: %.2000s", body[strings.Index(body, `id="crs"`):])
	}
	if _, body := fetch(t, client(t), ts.URL+"/zuordnung?crs=4326"); !strings.Contains(body, `<option value="4326" selected>`) {
		t.Error("the chosen CRS is kept")
	}
}

// The offer form keeps a stated capacity (the places a Kita has).
func TestOfferFormCapacity(t *testing.T) {
	ts, srv := editServer(t)
	c, form := editForm(t, ts, "u-planner", "/atlas/angebote/treff-west/bearbeiten")
	form.Set("capacity", "25")
	form.Set("aktion", "speichern")
	if status, _, _ := post(t, c, ts, "/atlas/angebote/treff-west/bearbeiten", form); status != http.StatusSeeOther {
		t.Fatalf("save: %d", status)
	}
	if o := operatorOffer(t, srv, "treff-west"); o.Capacity == nil || *o.Capacity != 25 {
		t.Errorf("capacity %v", o.Capacity)
	}
	form.Set("capacity", "viele")
	if status, _, body := post(t, c, ts, "/atlas/angebote/treff-west/bearbeiten", form); status != http.StatusBadRequest || !strings.Contains(body, `id="capacity-err"`) {
		t.Errorf("capacity as text: %d", status)
	}
}

// Attribution is per installation: Weimar's pages do not credit Berlin's
// statistics office; a configured credit appears in the footer and on the
// maps, as text.
func TestAttributionPerInstallation(t *testing.T) {
	ts, _ := accountServer(t)
	if _, body := fetch(t, client(t), ts.URL+"/karte"); strings.Contains(body, "Berlin") || strings.Contains(body, "Geodaten:") {
		t.Errorf("an installation without a credit shows one: %.300s", body[strings.Index(body, "<footer"):])
	}
	st, _ := testdb.Open(t)
	a, err := services.Open(context.Background(), st, services.Options{SRID: quartier.UTM32N})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	srv, err := New(a, Options{Attribution: "Stadt Weimar <Sozialräume>"})
	if err != nil {
		t.Fatal(err)
	}
	ts2 := httptest.NewServer(srv.Handler())
	defer ts2.Close()
	_, body := fetch(t, client(t), ts2.URL+"/karte")
	if !strings.Contains(body, "Geodaten: Stadt Weimar &lt;Sozialräume&gt;.") || !strings.Contains(body, `data-attribution="Stadt Weimar &lt;Sozialräume&gt;"`) {
		t.Errorf("configured credit: %.3000s", body)
	}
}

// With many places the offer form asks for further places by typing: no
// list of every place in the page, suggestions as the editor types, and
// the save takes a name, an address part or "Name (key)".
func TestPlaceFieldTakesNames(t *testing.T) {
	ts, srv := editServer(t)
	ctx := quartier.WithActor(context.Background(), quartier.Operator())
	x, y := 0.0, 0.0
	for _, p := range operatorPlaces(t, srv) {
		if p.Key == "jfe-west" {
			x, y = p.X, p.Y
		}
	}
	var places []quartier.Place
	for i := range atlas.ManyPlaces + 5 {
		places = append(places, quartier.Place{Key: fmt.Sprintf("ort-%d", i), Name: fmt.Sprintf("Testort %d", i), Street: "Lindenweg", HouseNumber: strconv.Itoa(i + 1),
			City: "Weimar", X: x + float64(i), Y: y})
	}
	if _, err := srv.atlas.ImportAtlas(ctx, atlas.Import{Source: "Test", Places: places}); err != nil {
		t.Fatalf("%v %v", err, quartier.ErrorProblems(err))
	}
	c, form := editForm(t, ts, "u-planner", "/atlas/angebote/treff-west/bearbeiten")
	_, page := fetch(t, c, ts.URL+"/atlas/angebote/treff-west/bearbeiten")
	if !strings.Contains(page, `hx-get="/atlas/orte-auswahl"`) || strings.Contains(page, `id="place-keys"`) || strings.Contains(page, "Testort 17") {
		t.Errorf("the form lists every place: %.2000s", excerpt(page, "place-add-0"))
	}
	status, opts := fetch(t, c, ts.URL+"/atlas/orte-auswahl?place-add-0=testort+17")
	if status != 200 || !strings.Contains(opts, `<option value="Testort 17 (ort-17)">Lindenweg 18, Weimar</option>`) {
		t.Errorf("options: %d %s", status, opts)
	}
	if _, opts := fetch(t, c, ts.URL+"/atlas/orte-auswahl?q=Lindenweg+18"); !strings.Contains(opts, "(ort-17)") {
		t.Errorf("options by address: %s", opts)
	}
	form.Set("place-add-0", "Testort 17")
	form.Set("aktion", "speichern")
	if status, _, body := post(t, c, ts, "/atlas/angebote/treff-west/bearbeiten", form); status != http.StatusSeeOther {
		t.Fatalf("save with a typed place: %d %s", status, excerpt(body, "field-error"))
	}
	d, err := srv.atlas.OfferForEdit(ctx, "treff-west")
	if err != nil || !slices.Contains(d.PlaceKeys, "ort-17") {
		t.Errorf("places %v %v, want ort-17 among them", d.PlaceKeys, err)
	}
	// Ambiguous at its field naming candidates; unknown refused by the save.
	_, form = editForm(t, ts, "u-planner", "/atlas/angebote/treff-west/bearbeiten")
	form.Set("aktion", "speichern")
	form.Set("place-add-0", "Testort")
	if status, _, body := post(t, c, ts, "/atlas/angebote/treff-west/bearbeiten", form); status != http.StatusBadRequest || !strings.Contains(body, `id="place-add-0-err"`) || !strings.Contains(body, "nicht eindeutig") {
		t.Errorf("ambiguous place: %d %s", status, excerpt(body, "field-error"))
	}
	form.Set("place-add-0", "gibt es nicht")
	if status, _, _ := post(t, c, ts, "/atlas/angebote/treff-west/bearbeiten", form); status < 400 {
		t.Errorf("unknown place: %d", status)
	}
	if status, _ := fetch(t, client(t), ts.URL+"/atlas/orte-auswahl?q=Test"); status == 200 {
		t.Error("anonymous place options")
	}
}

func operatorPlaces(t *testing.T, srv *Server) []quartier.Place {
	t.Helper()
	c, err := srv.atlas.EditChoices(quartier.WithActor(context.Background(), quartier.Operator()))
	if err != nil {
		t.Fatal(err)
	}
	return c.Places
}
