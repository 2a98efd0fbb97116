package hsds

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/quartier/quartier"
)

// vendored reads the schemas from disk, with the compiled full ones the
// binary does not embed.
var vendored = sync.OnceValue(func() *Schemas { return NewSchemas(os.DirFS("schema/3.1")) })

// mustValidate checks v against every schema in locs.
func mustValidate(t *testing.T, what string, v any, locs ...string) {
	t.Helper()
	for _, loc := range locs {
		ps, err := vendored().ValidateValue(loc, v)
		if err != nil {
			t.Fatalf("%s against %s: %v", what, loc, err)
		}
		for _, p := range ps {
			t.Errorf("%s against %s: %s", what, loc, p)
		}
	}
}

// writtenJSON is export.json of doc, decoded.
func writtenJSON(t testing.TB, doc *Document) any {
	t.Helper()
	var buf bytes.Buffer
	if err := doc.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var page any
	if err := json.Unmarshal(buf.Bytes(), &page); err != nil {
		t.Fatal(err)
	}
	return page
}

// API response schemas from openapi.json.
func response(path string) string {
	return "openapi.json#/paths/" + strings.ReplaceAll(path, "/", "~1") + "/get/responses/200/content/application~1json/schema"
}

func encodeFixture(t *testing.T, opt EncodeOptions) *Document {
	t.Helper()
	doc, err := Encode(fixture(), opt)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestExportValidatesAgainstOfficialSchemas(t *testing.T) {
	for _, reveal := range []bool{false, true} {
		opt := fixtureOptions
		opt.RevealConfidential = reveal
		doc := encodeFixture(t, opt)
		if len(doc.Services) != 4 || len(doc.Locations) != 4 || len(doc.Organizations) != 4 || len(doc.ServiceAtLocations) != 5 {
			t.Fatalf("counts: %d services, %d locations, %d organizations, %d service_at_locations",
				len(doc.Services), len(doc.Locations), len(doc.Organizations), len(doc.ServiceAtLocations))
		}
		var summaries []Service
		for _, s := range doc.Services {
			mustValidate(t, "service "+s.Name, s, "service.json", "compiled/service.json", response("/services/{id}"))
			mustValidate(t, "service summary "+s.Name, s.Summary(), "compiled/service_list.json")
			summaries = append(summaries, s.Summary())
		}
		mustValidate(t, "services page", Paginate(summaries, 1, 2), response("/services"), "quartier/page_of_services.json")
		for _, o := range doc.Organizations {
			full := doc.OrganizationWithServices(o.ID)
			if full == nil {
				t.Fatalf("organization %s not found", o.ID)
			}
			mustValidate(t, "organization "+o.Name, *full, "organization.json", "compiled/organization.json", response("/organizations/{id}"))
			mustValidate(t, "organization list item "+o.Name, o, "compiled/organization_list.json")
		}
		mustValidate(t, "organizations page", Paginate(doc.Organizations, 1, 10), response("/organizations"))
		for _, l := range doc.Locations {
			mustValidate(t, "location "+l.Name, l, "location.json")
		}
		for _, sal := range doc.ServiceAtLocations {
			mustValidate(t, "service_at_location", sal, "service_at_location.json", "compiled/service_at_location.json", "compiled/service_at_location_list.json")
		}
		mustValidate(t, "service_at_locations page", Paginate(doc.ServiceAtLocations, 2, 2), response("/service_at_locations"))
		for _, x := range doc.Taxonomies {
			mustValidate(t, "taxonomy "+x.Name, x, "taxonomy.json", response("/taxonomies/{id}"))
		}
		for _, x := range doc.TaxonomyTerms {
			mustValidate(t, "term "+x.Code, x, "taxonomy_term.json", response("/taxonomy_terms/{id}"))
		}
		mustValidate(t, "taxonomies page", Paginate(doc.Taxonomies, 1, 50), response("/taxonomies"))
		mustValidate(t, "terms page", Paginate(doc.TaxonomyTerms, 3, 5), response("/taxonomy_terms"))
		mustValidate(t, "info", Info{Version: Version, Profile: ProfileURI, OpenAPIURL: OpenAPIURL}, response("/"))
		mustValidate(t, "export.json", writtenJSON(t, doc), "quartier/page_of_services.json", response("/services"))
	}
}

// TestRepeatedEntriesKeepIdsUnique: the domain allows a topic, language,
// place or accessibility feature twice; the ids derived from them must not
// repeat, or the package would not import.
func TestRepeatedEntriesKeepIdsUnique(t *testing.T) {
	d := fixture()
	o := &d.Offers[0] // treff
	o.Topics = append(o.Topics, o.Topics...)
	o.Languages = []string{"de", "de"}
	o.Places = append(o.Places, o.Places...)
	d.Places[0].Accessibility = append(d.Places[0].Accessibility, d.Places[0].Accessibility...)
	got, _ := mustDecode(t, exportCSV(t, d, fixtureOptions))
	for _, o := range got.Offers {
		if o.Key == "treff" && (len(o.Topics) != 2 || len(o.Languages) != 1 || len(o.Places) != 1) {
			t.Errorf("treff %+v", o)
		}
	}
}

// TestExportContent checks the mapping of the fixture field by field.
func TestExportContent(t *testing.T) {
	doc := encodeFixture(t, fixtureOptions)
	svc := map[string]Service{}
	for _, s := range doc.Services {
		svc[s.Name] = s
	}
	treff := svc["Offener Treff"]
	if treff.ID != newID("service", "treff") || treff.Status != "active" || *treff.MinimumAge != 10 || *treff.MaximumAge != 17 ||
		treff.AssuredDate != "2025-03-01" || treff.LastModified != "2025-03-02T10:30:45.123Z" || treff.FeesDescription != "kostenfrei" ||
		len(treff.CostOptions) != 1 || *treff.CostOptions[0].Amount != 0 || treff.URL != "https://awo.example/treff" {
		t.Errorf("treff: %+v", treff)
	}
	if got := codes(treff.Attributes); !slices.Equal(got, []string{TaxProfile + "/schluessel=treff", TaxTopics + "/offene-jugendarbeit",
		TaxTopics + "/jugendfreizeit", TaxTargetGroups + "/jugendliche", TaxTargetGroups + "/maedchen"}) {
		t.Errorf("treff attributes %v", got)
	}
	if len(treff.Languages) != 2 || treff.Languages[1].Code != "tr" {
		t.Errorf("languages %+v", treff.Languages)
	}
	var weekly []string
	for _, s := range treff.Schedules {
		weekly = append(weekly, s.ByDay+" "+s.OpensAt+"-"+s.ClosesAt+" "+s.ValidFrom+"/"+s.ValidTo+" "+strings.Join(codes(s.Attributes), ","))
	}
	want := []string{
		"SA 12:00:00-16:00:00 / ",
		"MO,TU,WE,TH,FR 14:00:00-19:00:00 / ",
		" - 2025-07-14/2025-08-22 quartier-profil/ausnahme-geschlossen=1",
		"MO,TU,WE,TH,FR,SA,SU 10:00:00-13:00:00 2025-12-22/2025-12-23 quartier-profil/ausnahme=2",
		" - / quartier-profil/hinweis,quartier-profil/feiertage-geschlossen",
	}
	if !slices.Equal(weekly, want) {
		t.Errorf("schedules:\n%s\nwant\n%s", strings.Join(weekly, "\n"), strings.Join(want, "\n"))
	}
	if n := treff.Schedules[4]; n.Notes != "Freitags ab 17 Uhr Mädchentag" || !strings.Contains(n.Description, "Feiertagen") {
		t.Errorf("note schedule %+v", n)
	}
	if c := treff.Contacts; len(c) != 2 || c[0].Title != "Leitung" || c[0].Email != "treff@awo.example" || c[0].Phones[0].Number != "030 1234567" ||
		codes(c[1].Attributes)[0] != TaxProfile+"/sichtbarkeit-fachkraefte" {
		t.Errorf("contacts %+v", c)
	}
	public := encodeFixture(t, EncodeOptions{SRID: quartier.UTM33N, PublicContactsOnly: true})
	for _, s := range public.Services {
		for _, c := range s.Contacts {
			if c.Name == "Diensthandy Frau K." {
				t.Errorf("professional contact in the public export")
			}
			if c.Name == "Team Treff" && c.ID != treff.Contacts[0].ID {
				t.Errorf("a contact changes its id between the public and the professional export")
			}
		}
	}
	ferien := svc["Ferienfreizeit"]
	if got := codes(ferien.Attributes); !slices.Contains(got, TaxProfile+"/gueltig-ab=2025-07-01") || !slices.Contains(got, TaxProfile+"/gueltig-bis=2025-07-31") ||
		ferien.Schedules[0].ValidFrom != "2025-07-01" || ferien.Schedules[0].ValidTo != "2025-07-31" {
		t.Errorf("time box: %v %+v", got, ferien.Schedules)
	}
	if s := svc["Schutz und Beratung für Frauen"]; s.Organization == nil || codes(s.Organization.Attributes)[0] != TaxProfile+"/herausgeber" ||
		s.Organization.Name != "Jugendamt Mitte – Atlas" {
		t.Errorf("offer without provider: %+v", s.Organization)
	}
	if s := svc["Erziehungsberatung"]; s.Status != "temporarily closed" || len(s.ServiceAtLocations) != 2 || s.Organization.Description != "Öffentlicher Träger der Kinder- und Jugendhilfe" {
		t.Errorf("beratung %+v", s)
	}
	loc := map[string]Location{}
	for _, l := range doc.Locations {
		loc[l.Name] = l
	}
	club := loc["Jugendclub West"]
	if club.LocationType != "physical" || club.Addresses[0].Address1 != "Lindenweg 3" || club.Addresses[0].StateProvince != "Berlin" ||
		club.Addresses[0].Country != "DE" || club.Latitude == nil || *club.Latitude < 52.4 || *club.Latitude > 52.6 || *club.Longitude < 13.3 || *club.Longitude > 13.5 {
		t.Errorf("club %+v", club)
	}
	if got := codes(club.Attributes); !slices.Equal(got, []string{TaxProfile + "/schluessel=club", TaxSpaces + "/west", TaxBlocks + "/r1c0"}) {
		t.Errorf("club attributes %v", got)
	}
	if a := club.Accessibility; len(a) != 3 || a[0].Description != "stufenloser Zugang" || a[2].Details != "Eingang über den Hof" {
		t.Errorf("accessibility %+v", a)
	}
	fh := loc["Schutzwohnung"]
	if fh.LocationType != "virtual" || fh.Description != "Hotline 08000 116 016 (rund um die Uhr)" || fh.Latitude != nil || len(fh.Addresses) != 0 ||
		!slices.Equal(codes(fh.Attributes), []string{TaxProfile + "/vertraulich"}) {
		t.Errorf("confidential place %+v", fh)
	}
}

func codes(as []Attribute) []string {
	var out []string
	for _, a := range as {
		s := a.TaxonomyTerm.Taxonomy + "/" + a.TaxonomyTerm.Code
		if a.Value != "" {
			s += "=" + a.Value
		}
		out = append(out, s)
	}
	return out
}

// allOutputs is every serialisation of a document: JSON of each object
// kind and list, export.json and the unpacked CSV package.
func allOutputs(t *testing.T, doc *Document) []byte {
	t.Helper()
	var out bytes.Buffer
	if err := doc.WriteJSON(&out); err != nil {
		t.Fatal(err)
	}
	for _, v := range []any{doc.Services, doc.Organizations, doc.Locations, doc.ServiceAtLocations, doc.Taxonomies, doc.TaxonomyTerms} {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		out.Write(b)
	}
	for _, o := range doc.Organizations {
		b, _ := json.Marshal(doc.OrganizationWithServices(o.ID))
		out.Write(b)
	}
	var z bytes.Buffer
	if err := doc.WriteCSV(&z); err != nil {
		t.Fatal(err)
	}
	for name, b := range unzip(t, z.Bytes()) {
		out.WriteString(name)
		out.Write(b)
	}
	return out.Bytes()
}

func unzip(t testing.TB, b []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	return out
}

// shelterTraces are strings that would give the shelter away.
func shelterTraces(t *testing.T) []string {
	enc, err := Encode(Dataset{Places: []quartier.Place{{ID: 1, Key: "x", Name: "x", X: shelterX, Y: shelterY}}}, EncodeOptions{SRID: quartier.UTM33N})
	if err != nil {
		t.Fatal(err)
	}
	// Four decimals (about 10 m) of latitude and longitude, cut, not rounded.
	cut := func(v float64) string {
		s := strconv.FormatFloat(v, 'f', -1, 64)
		return s[:strings.IndexByte(s, '.')+5]
	}
	return []string{shelterStreet, shelterNumber, shelterPostcode, shelterSpace, shelterBlock, shelterNote,
		cut(*enc.Locations[0].Latitude), cut(*enc.Locations[0].Longitude)}
}

func TestConfidentialPlaceNeverExported(t *testing.T) {
	traces := shelterTraces(t)
	// The input is unredacted, as an ASD member's view would be: the
	// encoder must withhold the address all the same.
	for _, opt := range []EncodeOptions{fixtureOptions, {SRID: quartier.UTM33N, PublicContactsOnly: true}} {
		out := allOutputs(t, encodeFixture(t, opt))
		for _, s := range traces {
			if bytes.Contains(out, []byte(s)) {
				t.Errorf("%q of the confidential place appears in the export", s)
			}
		}
	}
	// The check can fail: with RevealConfidential everything is there.
	opt := fixtureOptions
	opt.RevealConfidential = true
	out := allOutputs(t, encodeFixture(t, opt))
	for _, s := range traces {
		if !bytes.Contains(out, []byte(s)) {
			t.Errorf("%q missing from the revealing export: the search would not notice a leak", s)
		}
	}
}

// TestCSVPackage checks headers against the spec's datapackage, that ids
// and references the datapackage requires are filled, and each row, turned
// into an object by its field types, against the table's schema. An empty
// cell is absent, except where the schema requires the field: there it is
// the empty string JSON would have (an address without postcode).
func TestCSVPackage(t *testing.T) {
	doc := encodeFixture(t, fixtureOptions)
	var z bytes.Buffer
	if err := doc.WriteCSV(&z); err != nil {
		t.Fatal(err)
	}
	files := unzip(t, z.Bytes())
	spec, err := os.ReadFile("schema/3.1/datapackage.json")
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		Resources []struct {
			Name, Path string
			Schema     struct{ Fields []field }
		}
	}
	if err := json.Unmarshal(spec, &d); err != nil {
		t.Fatal(err)
	}
	var desc struct {
		HSDSProfile string `json:"hsds_profile"`
		Resources   []struct{ Name, Path string }
	}
	if err := json.Unmarshal(files["datapackage.json"], &desc); err != nil || desc.HSDSProfile != ProfileURI || len(desc.Resources) != len(tables) {
		t.Fatalf("datapackage.json: %v %+v", err, desc)
	}
	rowsSeen := 0
	tableRows := map[string]int{}
	for _, r := range d.Resources {
		if !slices.Contains(tables, r.Name) {
			if _, ok := files[r.Path]; ok {
				t.Errorf("%s written although Quartier does not fill it", r.Path)
			}
			continue
		}
		b, ok := files[r.Path]
		if !ok {
			t.Errorf("%s missing", r.Path)
			continue
		}
		recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", r.Path, err)
		}
		var cols []string
		for _, f := range r.Schema.Fields {
			cols = append(cols, f.Name)
		}
		fields := r.Schema.Fields
		if r.Name == "service_capacity" || r.Name == "unit" {
			// The 3.1 descriptor lacks their columns (spec issue #528):
			// the spec's CSV examples have them.
			example, err := os.ReadFile("testdata/spec/csv/" + r.Path)
			if err != nil {
				t.Fatal(err)
			}
			cols = strings.Split(strings.TrimSpace(strings.SplitN(string(example), "\n", 2)[0]), ",")
			res, err := datapackage()
			if err != nil {
				t.Fatal(err)
			}
			fields = res[r.Name].Schema.Fields
		}
		if !slices.Equal(recs[0], cols) {
			t.Errorf("%s header %v, want %v", r.Path, recs[0], cols)
		}
		for i, rec := range recs[1:] {
			obj := map[string]any{}
			required := requiredOf(r.Name)
			for j, f := range fields {
				v := rec[j]
				switch {
				case v == "" && f.Constraints.Required && f.Format == "uuid":
					t.Errorf("%s line %d: required %s is empty", r.Path, i+2, f.Name)
				case v == "" && required[f.Name]:
					obj[f.Name] = ""
				case v == "":
				case f.Type == "number":
					obj[f.Name] = json.Number(v)
				default:
					obj[f.Name] = v
				}
			}
			ps, err := vendored().Validate(r.Name+".json", obj, "")
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range ps {
				if p.Pointer == "/unit" && r.Name == "service_capacity" {
					continue // JSON nests the unit; the package refers to units.csv
				}
				t.Errorf("%s line %d: %s", r.Path, i+2, p)
			}
			rowsSeen++
			tableRows[r.Name]++
		}
	}
	if rowsSeen < 100 {
		t.Errorf("only %d rows checked", rowsSeen)
	}
	// Two offers state places; both count in the one unit Platz.
	if tableRows["service_capacity"] != 2 || tableRows["unit"] != 1 {
		t.Errorf("capacities %d, units %d, want 2 and 1", tableRows["service_capacity"], tableRows["unit"])
	}
}

// TestCatalog: the catalog finds every object by id, as a scan of the
// document would, and encodes the files once.
func TestCatalog(t *testing.T) {
	doc := encodeFixture(t, fixtureOptions)
	c := NewCatalog(doc)
	for _, s := range doc.Services {
		if got, ok := c.Service(s.ID); !ok || got.Name != s.Name {
			t.Errorf("service %s: %v", s.ID, ok)
		}
	}
	for _, o := range doc.Organizations {
		got, ok := c.Organization(o.ID)
		if !ok || js(got) != js(doc.OrganizationWithServices(o.ID)) {
			t.Errorf("organization %s differs from OrganizationWithServices", o.ID)
		}
	}
	for _, l := range doc.Locations {
		if _, ok := c.Location(l.ID); !ok {
			t.Errorf("location %s", l.ID)
		}
	}
	for i, x := range doc.ServiceAtLocations {
		if _, ok := c.ServiceAtLocation(x.ID); !ok || doc.Services[c.ServiceOf[i]].ID != x.ServiceID {
			t.Errorf("service at location %s", x.ID)
		}
	}
	for _, x := range doc.TaxonomyTerms {
		if _, ok := c.TaxonomyTerm(x.ID); !ok {
			t.Errorf("term %s", x.ID)
		}
	}
	for _, x := range doc.Taxonomies {
		if _, ok := c.Taxonomy(x.ID); !ok {
			t.Errorf("taxonomy %s", x.ID)
		}
	}
	if _, ok := c.Service("00000000-0000-0000-0000-000000000000"); ok {
		t.Error("unknown id found")
	}
	var want bytes.Buffer
	doc.WriteJSON(&want)
	a, err := c.JSON()
	if err != nil || !bytes.Equal(a, want.Bytes()) {
		t.Errorf("JSON: %v, equal %v", err, bytes.Equal(a, want.Bytes()))
	}
	if b, _ := c.JSON(); &a[0] != &b[0] {
		t.Error("JSON encoded again")
	}
	gz, _ := c.GzipJSON()
	gz2, _ := c.GzipJSON()
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	if plain, _ := io.ReadAll(zr); !bytes.Equal(plain, a) || &gz[0] != &gz2[0] {
		t.Errorf("gzipped JSON: same %v, shared %v", bytes.Equal(plain, a), &gz[0] == &gz2[0])
	}
	z, err := c.ZIP()
	if err != nil || len(unzip(t, z)) != len(tables)+1 {
		t.Errorf("ZIP: %v", err)
	}
}

// An offer's last_modified follows its places' changes, but not a
// confidential place's: a shelter's offer changing when its place moved
// would tell that it moved.
func TestLastModifiedIgnoresConfidentialPlaces(t *testing.T) {
	offerAt := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
	placeAt := offerAt.Add(24 * time.Hour)
	for _, c := range []struct {
		confidential bool
		want         time.Time
	}{{false, placeAt}, {true, offerAt}} {
		doc, err := Encode(Dataset{
			Places: []quartier.Place{{ID: 1, Key: "p", Name: "Ort", X: shelterX, Y: shelterY, Confidential: c.confidential, ContactPath: "Hotline", UpdatedAt: placeAt}},
			Offers: []quartier.Offer{{ID: 1, Key: "o", Name: "Angebot", Places: []int64{1}, UpdatedAt: offerAt}},
		}, EncodeOptions{SRID: quartier.UTM33N})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := doc.Services[0].LastModified, c.want.Format("2006-01-02T15:04:05.000Z07:00"); got != want {
			t.Errorf("confidential %v: last_modified %s, want %s", c.confidential, got, want)
		}
	}
}

// v5 gives the ids uuid.NewSHA1 gives, also for names longer than its
// buffer on the stack.
func TestV5IsNewSHA1(t *testing.T) {
	for _, name := range []string{"", "treff", "hsds-0b6d1d8e9b6a4c1f8e2d3c4b5a697887", strings.Repeat("ä", 100)} {
		for _, kind := range []string{"service", "service_at_location"} {
			if got, want := v5(kind, name), uuid.NewSHA1(namespace, []byte(kind+":"+name)); got != want {
				t.Errorf("%s:%s: %s, want %s", kind, name, got, want)
			}
		}
	}
}
