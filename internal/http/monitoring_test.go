package http

import (
	"context"
	"encoding/json"
	"math"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/monitoring"
	"github.com/quartier/quartier/internal/spatial"
)

// Weimar's seven blocks with an unemployment share from counts and a
// count of children; M2 has no children's figure.
const weimarIndicators = "baustein;alo;ew;kinder\nW1;5;100;10\nW2;10;200;20\nN1;1;10;1\nN2;9;90;2\nM1;40;100;3\nM2;0;50;\nM3;3;50;5\n"

// monitoringServer is the account server with indicators on the blocks
// (31.12.2023 and 31.12.2024) and an index on the social spaces.
func monitoringServer(t *testing.T) (*httptest.Server, *Server) {
	t.Helper()
	return monitoringServerWith(t, Options{})
}

// monitoringServerWith is monitoringServer with server options.
func monitoringServerWith(t *testing.T, opt Options) (*httptest.Server, *Server) {
	t.Helper()
	ts, srv := serveSet(t, weimarAccountsApp(t), opt)
	ctx := quartier.WithActor(context.Background(), quartier.Operator())
	for _, date := range []string{"2023-12-31", "2024-12-31"} {
		m := monitoring.Mapping{Layer: "bezirk", AreaColumn: "baustein", Date: date, Source: "Statistikstelle", Licence: "dl-de/by-2.0",
			Indicators: []monitoring.MappedIndicator{
				{Indicator: quartier.Indicator{Code: "alo", Name: "Arbeitslosigkeit", Unit: "%", Kind: quartier.IndicatorShare}, NumeratorColumn: "alo", DenominatorColumn: "ew"},
				{Indicator: quartier.Indicator{Code: "kinder", Name: `Kinder <b>unter 6</b>`, Unit: "Personen", Kind: quartier.IndicatorCount, Direction: quartier.HigherIsBetter}, Column: "kinder"},
			}}
		if _, err := srv.monitoring.ImportIndicators(ctx, strings.NewReader(weimarIndicators), m); err != nil {
			t.Fatalf("%v %v", err, quartier.ErrorProblems(err))
		}
	}
	x := quartier.Index{Code: "sozial", Name: "Sozialindex", Layer: "sozialraum", ReferenceDate: time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC),
		Components: []quartier.IndexComponent{{Code: "status", Name: "Status", Terms: []quartier.IndexTerm{{Indicator: "alo"}},
			Classes: quartier.IndexClasses{Bounds: []float64{0}, Labels: []string{"unter dem Mittel", "über dem Mittel"}}}}}
	if err := srv.monitoring.SaveIndex(ctx, x); err != nil {
		t.Fatal(err)
	}
	return ts, srv
}

func TestMonitoringListAndMap(t *testing.T) {
	ts, _ := monitoringServer(t)
	c := signedInClient(t, ts, "u-planner")
	status, page := fetch(t, c, ts.URL+"/monitoring")
	for _, want := range []string{"Arbeitslosigkeit", "Anteil", "höher ist ungünstiger", "höher ist günstiger", "Statistikstelle", "dl-de/by-2.0",
		"Bezirke (01.01.2024)", "31.12.2023, 31.12.2024", `href="/monitoring/karte?zeige=i:alo"`, `href="/monitoring/indizes/sozial"`,
		`href="/monitoring/karte?zeige=x:sozial:status"`, "Kinder &lt;b&gt;unter 6&lt;/b&gt;", `href="/sozialraeume/west/profil"`} {
		if !strings.Contains(page, want) {
			t.Errorf("list: missing %q", want)
		}
	}
	if status != 200 || strings.Contains(page, "<b>unter 6") {
		t.Errorf("list: %d, or a name not escaped", status)
	}

	// The share summed into the spaces from the counts: Mitte-Süd
	// 43/200 = 21.5 %, Nord 10/100 = 10 %, West 15/300 = 5 %.
	status, page = fetch(t, c, ts.URL+"/monitoring/karte?zeige=i:alo&ebene=sozialraum&klassen=3")
	for _, want := range []string{"<h1>Arbeitslosigkeit am 31.12.2024</h1>", `<svg xmlns="http://www.w3.org/2000/svg"`, `aria-labelledby="mk-t mk-d"`,
		"bis 5 (1 Gebiet)", "über 5 bis 10 (1 Gebiet)", "über 10 bis 21,5 (1 Gebiet)", "<td class=\"num\">21,5</td>", "43 von 200",
		`data-classes="/monitoring/karte.json?ebene=sozialraum&amp;klassen=3&amp;zeige=i%3Aalo"`, `data-layer="sozialraum"`} {
		if !strings.Contains(page, want) {
			t.Errorf("map: missing %q", want)
		}
	}
	if status != 200 {
		t.Errorf("map: %d", status)
	}
	// An older date, on the blocks as delivered; M2 has no children's
	// figure and is hatched, and higher is better turns the palette.
	_, page = fetch(t, c, ts.URL+"/monitoring/karte?zeige=i:kinder&stichtag=2023-12-31&namen=1")
	for _, want := range []string{"am 31.12.2023", "kein Wert oder ausgeschlossen (1 Gebiet)", `fill="url(#mk-nv)"`, "daher je dunkler, desto niedriger", ">Weimar-West (Näherung)</text>"} {
		if !strings.Contains(page, want) {
			t.Errorf("children's map: missing %q", want)
		}
	}
	// The index's classes, as it defines them.
	_, page = fetch(t, c, ts.URL+"/monitoring/karte?zeige=x:sozial:status")
	for _, want := range []string{"Sozialindex: Status", "unter dem Mittel (unter 0 SD) (2 Gebiete)", "über dem Mittel (ab 0 SD) (1 Gebiet)"} {
		if !strings.Contains(page, want) {
			t.Errorf("index map: missing %q", want)
		}
	}

	resp, svg := fetchBody(t, c, ts.URL+"/monitoring/karte.svg?zeige=i:alo&ebene=sozialraum")
	if ct := resp.Header.Get("Content-Type"); ct != "image/svg+xml" || !strings.Contains(svg, `aria-labelledby="k-t k-d"`) || strings.Count(svg, `stroke-width="0.6"`) != 3 {
		t.Errorf("svg: %s, %d paths", ct, strings.Count(svg, `stroke-width="0.6"`))
	}
	_, body := fetch(t, c, ts.URL+"/monitoring/karte.json?zeige=i:alo&ebene=sozialraum&klassen=3")
	var js monMapJSON
	if err := json.Unmarshal([]byte(body), &js); err != nil {
		t.Fatal(err)
	}
	if js.Layer != "sozialraum" || len(js.Classes) != 3 || js.Areas["mitte-sued"].Class != 2 || !strings.HasPrefix(js.Areas["west"].Text, "5 (bis 5)") {
		t.Errorf("json %+v", js)
	}
	// Bad input gets the page with a message naming what is wrong.
	status, page = fetch(t, c, ts.URL+"/monitoring/karte?zeige=i:gibtsnicht")
	if status != 404 || !strings.Contains(page, "Den Indikator gibtsnicht gibt es nicht.") {
		t.Errorf("unknown indicator: %d", status)
	}
}

// Deny by default: without indicators.read no page, no SVG, no JSON; a
// provider lead sees the areas of its spaces only, also on the map.
func TestMonitoringPermissions(t *testing.T) {
	ts, _ := monitoringServer(t)
	paths := []string{"/monitoring", "/monitoring/karte?zeige=i:alo", "/monitoring/karte.svg?zeige=i:alo", "/monitoring/karte.json?zeige=i:alo"}
	anon := client(t)
	for _, p := range paths {
		if status, _ := fetch(t, anon, ts.URL+p); status != 303 {
			t.Errorf("anonymous %s: %d", p, status)
		}
	}
	for _, user := range []string{"u-committee", "u-asd", "u-office", "u-admin"} {
		c := signedInClient(t, ts, user)
		for _, p := range paths {
			if status, body := fetch(t, c, ts.URL+p); status != 403 || strings.Contains(body, "Arbeitslosigkeit") {
				t.Errorf("%s %s: %d", user, p, status)
			}
		}
	}
	lead := signedInClient(t, ts, "u-provider-lead") // the AWO, responsible for West
	_, page := fetch(t, lead, ts.URL+"/monitoring/karte?zeige=i:alo&ebene=sozialraum")
	if !strings.Contains(page, "Werte je Gebiet (1)") || !strings.Contains(page, `<th scope="row"><a href="/sozialraeume/west/profil">West</a></th>`) || strings.Contains(page, "Mitte-Süd") {
		t.Errorf("provider lead sees more than West:\n%s", page)
	}
	_, svg := fetch(t, lead, ts.URL+"/monitoring/karte.svg?zeige=i:alo&ebene=sozialraum")
	if strings.Count(svg, `stroke-width="0.6"`) != 1 || strings.Contains(svg, "Mitte") {
		t.Errorf("provider lead's map shows other areas: %d paths", strings.Count(svg, `stroke-width="0.6"`))
	}
}

// The index page: its definition, and every intermediate value per area,
// computed here by hand; sorting by a link; the exports.
func TestMonitoringIndexPage(t *testing.T) {
	ts, _ := monitoringServer(t)
	c := signedInClient(t, ts, "u-planner")
	// Shares on the spaces: Mitte-Süd 21.5, Nord 10, West 5; z by the
	// population SD.
	mean := (21.5 + 10 + 5) / 3
	sd := math.Sqrt((math.Pow(21.5-mean, 2) + math.Pow(10-mean, 2) + math.Pow(5-mean, 2)) / 3)
	zMitte := (21.5 - mean) / sd
	status, page := fetch(t, c, ts.URL+"/monitoring/indizes/sozial")
	for _, want := range []string{"<h1>Sozialindex</h1>", "Standardabweichung der Grundgesamtheit (n)", "Arbeitslosigkeit", "höher ist ungünstiger",
		fixed(mean), fixed(sd), "unter dem Mittel (unter 0 SD): 2 Gebiete", "über dem Mittel (ab 0 SD): 1 Gebiet", "Berücksichtigt</dt><dd>3 Gebiete",
		"<td class=\"num\">" + fixed(zMitte) + "</td>", `href="/monitoring/indizes/sozial/tabelle.csv"`, `href="/monitoring/indizes/sozial/tabelle.xlsx"`} {
		if !strings.Contains(page, want) {
			t.Errorf("index page: missing %q", want)
		}
	}
	if status != 200 {
		t.Fatalf("index page: %d", status)
	}
	firstRow := func(page string) string {
		i := strings.Index(page, "<tbody><tr><th scope=\"row\">")
		if i < 0 {
			return ""
		}
		rest := page[i+len("<tbody><tr><th scope=\"row\">"):]
		return rest[:strings.Index(rest, "<")]
	}
	_, page = fetch(t, c, ts.URL+"/monitoring/indizes/sozial?sort=-status.s0")
	if firstRow(page[strings.Index(page, "id=\"ergebnis\""):]) != "Mitte-Süd" || !strings.Contains(page, `aria-sort="descending"`) ||
		!strings.Contains(page, `href="/monitoring/indizes/sozial?sort=status.s0#ergebnis"`) {
		t.Errorf("sorted by z descending: first %q", firstRow(page[strings.Index(page, "id=\"ergebnis\""):]))
	}
	_, page = fetch(t, c, ts.URL+"/monitoring/indizes/sozial?sort=status.s0")
	if firstRow(page[strings.Index(page, "id=\"ergebnis\""):]) != "West" || !strings.Contains(page, `aria-sort="ascending"`) {
		t.Errorf("sorted by z ascending: first %q", firstRow(page[strings.Index(page, "id=\"ergebnis\""):]))
	}
	resp, csv := fetchBody(t, c, ts.URL+"/monitoring/indizes/sozial/tabelle.csv")
	if resp.Header.Get("Content-Type") != "text/csv; charset=utf-8" || !strings.HasPrefix(csv, "\ufeffgebiet;name;einwohner;ausgeschlossen;status_wert_alo;status_z_alo;") ||
		!strings.Contains(csv, "mitte-sued;Mitte-Süd;;;21,5;") {
		t.Errorf("csv %s:\n%s", resp.Header.Get("Content-Type"), csv)
	}
	resp, xl := fetchBody(t, c, ts.URL+"/monitoring/indizes/sozial/tabelle.xlsx")
	if !strings.HasPrefix(xl, "PK") || !strings.Contains(resp.Header.Get("Content-Disposition"), "sozial-sozialraum.xlsx") {
		t.Errorf("xlsx: %q", resp.Header.Get("Content-Disposition"))
	}
	// On the blocks instead, and refused to whom may not read.
	if status, page := fetch(t, c, ts.URL+"/monitoring/indizes/sozial?ebene=bezirk"); status != 200 || !strings.Contains(page, "Ergebnis je Gebiet (7)") {
		t.Errorf("on the blocks: %d", status)
	}
	committee := signedInClient(t, ts, "u-committee")
	for _, p := range []string{"/monitoring/indizes/sozial", "/monitoring/indizes/sozial/tabelle.csv", "/monitoring/indizes/sozial/tabelle.xlsx"} {
		if status, _ := fetch(t, committee, ts.URL+p); status != 403 {
			t.Errorf("committee %s: %d", p, status)
		}
	}
	if status, _ := fetch(t, c, ts.URL+"/monitoring/indizes/gibtsnicht"); status != 404 {
		t.Errorf("unknown index: %d", status)
	}
}

// The import page: faults by line and column and nothing written; a clean
// check shows a preview and writes nothing; only the same file with the
// same mapping and the check's token is stored; a changed mapping is
// checked again.
func TestMonitoringImportPage(t *testing.T) {
	ts, srv := monitoringServer(t)
	c := signedInClient(t, ts, "u-planner")
	if status, page := fetch(t, c, ts.URL+"/monitoring/einspielen"); status != 200 || !strings.Contains(page, `<label for="num0">oder Zähler</label>`) {
		t.Fatalf("form: %d", status)
	}
	fields := map[string]string{"layer": "bezirk", "area_column": "baustein", "date": "31.12.2025", "source": "Amt", "licence": "dl-de/zero-2.0",
		"code0": "sgb2", "name0": "SGB-II-Quote", "unit0": "%", "kind0": "share", "direction0": "higher_worse", "num0": "sgb", "den0": "ew"}
	stored := func() int {
		vals, err := srv.monitoring.ReferenceDates(quartier.WithActor(context.Background(), quartier.Operator()))
		if err != nil {
			t.Fatal(err)
		}
		return len(vals["sgb2"])
	}
	bad := "baustein;sgb;ew\nW1;5;100\nX9;1;10\nN1;zwei;10\nN2;50;40\n"
	// The mapping step: the file without an indicator names its columns
	// and offers them to the inputs.
	status, page := sendLayerFile(t, c, ts, "/monitoring/einspielen", "werte.csv", []byte(bad), map[string]string{"layer": "bezirk", "area_column": "baustein", "date": "31.12.2025"})
	if status != 400 || !strings.Contains(page, "Spalten der Datei: <code>baustein</code>, <code>sgb</code>, <code>ew</code>") ||
		!strings.Contains(page, `<option value="ew">`) || !strings.Contains(page, "nennt keinen Indikator") || checked(page) != "" {
		t.Errorf("mapping step: %d", status)
	}
	status, page = sendLayerFile(t, c, ts, "/monitoring/einspielen", "werte.csv", []byte(bad), fields)
	for _, want := range []string{"Nicht eingespielt: 3 Befunde in werte.csv", "Zeile 3", "Zeile 4", "Zeile 5", "X9"} {
		if !strings.Contains(page, want) {
			t.Errorf("faults: missing %q", want)
		}
	}
	if status != 400 || checked(page) != "" || stored() != 0 {
		t.Errorf("faulty table: %d, token %q, %d dates stored", status, checked(page), stored())
	}
	good := "baustein;sgb;ew\nW1;5;100\nW2;;\nN1;2;10\nN2;20;40\nM1;1;50\nM2;0;50\nM3;3;30\n"
	status, page = sendLayerFile(t, c, ts, "/monitoring/einspielen", "werte.csv", []byte(good), fields)
	token := checked(page)
	for _, want := range []string{"Vorschau: so würde werte.csv eingespielt", "SGB-II-Quote (sgb2): 6 Werte zum 31.12.2025, 1 ohne Wert", "<th scope=\"row\">N2</th><td class=\"num\">50</td>"} {
		if !strings.Contains(page, want) {
			t.Errorf("preview: missing %q", want)
		}
	}
	if status != 200 || token == "" || stored() != 0 {
		t.Fatalf("check: %d, token %q, %d dates stored", status, token, stored())
	}
	// Another mapping with the same token is only checked.
	changed := map[string]string{"schritt": "einspielen", "geprueft": token}
	for k, v := range fields {
		changed[k] = v
	}
	changed["date"] = "31.12.2026"
	_, page = sendLayerFile(t, c, ts, "/monitoring/einspielen", "werte.csv", []byte(good), changed)
	if !strings.Contains(page, "noch nicht geprüft") || stored() != 0 {
		t.Errorf("changed mapping written or not said: %d dates", stored())
	}
	changed["date"] = "31.12.2025"
	status, page = sendLayerFile(t, c, ts, "/monitoring/einspielen", "werte.csv", []byte(good), changed)
	if status != 200 || !strings.Contains(page, "Eingespielt auf bezirk") || !strings.Contains(page, "sgb2 6 Werte") || stored() != 1 {
		t.Errorf("write: %d, %d dates stored", status, stored())
	}
	// Reading is not maintaining.
	for _, user := range []string{"u-controller", "u-asd-lead"} {
		lc := signedInClient(t, ts, user)
		if status, _ := sendLayerFile(t, lc, ts, "/monitoring/einspielen", "werte.csv", []byte(good), changed); status != 403 {
			t.Errorf("%s imports: %d", user, status)
		}
	}
}

// The space profile: who is responsible, the index class, each indicator
// with the city's value, its trend and a chart with its table, and the
// atlas's offers per topic; only for readers of the space.
func TestSpaceProfile(t *testing.T) {
	ts, srv := monitoringServer(t)
	ctx := quartier.WithActor(context.Background(), quartier.Operator())
	if err := srv.spatial.AppointLeader(ctx, spatial.SetupLeadership{Space: "west", Role: "coordinator", Person: quartier.Person{Name: "Jan Kühn"}, ValidFrom: "2024-01-01"}); err != nil {
		t.Fatal(err)
	}
	// A later date where West's unemployment rose: 15 → 30 of 300.
	later := strings.Replace(weimarIndicators, "W1;5;100", "W1;20;100", 1)
	m := monitoring.Mapping{Layer: "bezirk", AreaColumn: "baustein", Date: "2025-12-31", Indicators: []monitoring.MappedIndicator{
		{Indicator: quartier.Indicator{Code: "alo", Name: "Arbeitslosigkeit", Unit: "%", Kind: quartier.IndicatorShare}, NumeratorColumn: "alo", DenominatorColumn: "ew"}}}
	if _, err := srv.monitoring.ImportIndicators(ctx, strings.NewReader(later), m); err != nil {
		t.Fatal(err)
	}
	c := signedInClient(t, ts, "u-planner")
	status, page := fetch(t, c, ts.URL+"/sozialraeume/west/profil")
	// West 30/300 = 10 %, the city 83/600 = 13,83 %; before 5 %.
	for _, want := range []string{"<h1>Sozialraumprofil West", "AWO &lt;script&gt;", "Jan Kühn", "Status: unter dem Mittel",
		"<td class=\"num\">10 %</td><td class=\"num\">13,83 %</td><td>&#43;5 % seit 31.12.2024</td>",
		`aria-labelledby="ch0-t ch0-d"`, "Werte als Tabelle: Arbeitslosigkeit", "<th scope=\"row\">31.12.2023</th><td class=\"num\">5 %</td><td class=\"num\">11,33 %</td>",
		"Angebote je Thema (Atlas)", "Sozialraumteam West"} {
		if !strings.Contains(page, want) {
			t.Errorf("profile: missing %q", want)
		}
	}
	if status != 200 || strings.Contains(page, "<script>alert") {
		t.Errorf("profile: %d or a name not escaped", status)
	}
	if _, page := fetch(t, c, ts.URL+"/ebenen/sozialraum/west"); !strings.Contains(page, `href="/sozialraeume/west/profil"`) {
		t.Error("the space's page does not link its profile")
	}
	lead := signedInClient(t, ts, "u-provider-lead") // the AWO: West only
	if status, _ := fetch(t, lead, ts.URL+"/sozialraeume/west/profil"); status != 200 {
		t.Errorf("AWO's lead on West: %d", status)
	}
	if status, page := fetch(t, lead, ts.URL+"/sozialraeume/mitte-sued/profil"); status != 403 || strings.Contains(page, "Arbeitslosigkeit") {
		t.Errorf("AWO's lead on Mitte-Süd: %d", status)
	}
	if status, _ := fetch(t, signedInClient(t, ts, "u-committee"), ts.URL+"/sozialraeume/west/profil"); status != 403 {
		t.Errorf("committee: %d", status)
	}
	if status, _ := fetch(t, c, ts.URL+"/sozialraeume/gibtsnicht/profil"); status != 404 {
		t.Errorf("unknown space: %d", status)
	}
}

// The planners' map shows every value, and marks those a publication
// would withhold, in the table as on the map's tooltips.
func TestMonitoringMapMarksSmallNumbers(t *testing.T) {
	ts, _ := monitoringServer(t)
	c := signedInClient(t, ts, "u-planner")
	status, page := fetch(t, c, ts.URL+"/monitoring/karte?zeige=i:kinder&ebene=bezirk&stichtag=2024-12-31")
	if status != 200 {
		t.Fatalf("map: %d", status)
	}
	if n := strings.Count(page, "kleine Zahl: in Veröffentlichungen gesperrt"); n < 2 {
		t.Errorf("%d areas marked as withheld for their small count, want N1 (1) and N2 (2)", n)
	}
	// Two withheld counts protect each other against the total: no
	// further cell needs withholding here (withheld's own test covers it).
	if strings.Contains(page, "damit keine kleine Zahl errechenbar ist") {
		t.Error("an area marked as withheld for another's sake, where none needs to be")
	}
	_, js := fetch(t, c, ts.URL+"/monitoring/karte.json?zeige=i:kinder&ebene=bezirk&stichtag=2024-12-31")
	if !strings.Contains(js, "kleine Zahl") {
		t.Error("the Leaflet layer's details do not mark the small numbers")
	}
}

func TestWithheldMarksPrimaryFirst(t *testing.T) {
	tbl := &quartier.OutputTable{Rows: []quartier.OutputRow{
		{Area: "a", Cells: []quartier.OutputCell{{Suppressed: quartier.SuppressedSecondary}, {Suppressed: quartier.SuppressedPrimary}}},
		{Area: "b", Cells: []quartier.OutputCell{{}, {Suppressed: quartier.SuppressedSecondary}}},
		{Area: "c", Cells: []quartier.OutputCell{{}, {}}},
	}}
	got := withheld(tbl)
	if got["a"] != quartier.SuppressedPrimary || got["b"] != quartier.SuppressedSecondary || len(got) != 2 {
		t.Errorf("marks %v", got)
	}
}
