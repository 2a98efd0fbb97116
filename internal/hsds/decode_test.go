package hsds

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/geo"
)

var decodeOptions = DecodeOptions{SRID: quartier.UTM33N, Topics: quartier.DefaultTopics()}

func exportJSON(t testing.TB, d Dataset, opt EncodeOptions) []byte {
	return export(t, d, opt, (*Document).WriteJSON)
}
func exportCSV(t testing.TB, d Dataset, opt EncodeOptions) []byte {
	return export(t, d, opt, (*Document).WriteCSV)
}

func export(t testing.TB, d Dataset, opt EncodeOptions, write func(*Document, io.Writer) error) []byte {
	t.Helper()
	doc, err := Encode(d, opt)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := write(doc, &b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func mustDecode(t *testing.T, b []byte, srid ...quartier.SRID) (*Dataset, []quartier.Problem) {
	t.Helper()
	opt := decodeOptions
	if len(srid) > 0 {
		opt.SRID = srid[0]
	}
	d, warnings, err := Decode(bytes.NewReader(b), opt)
	if err != nil {
		for _, p := range quartier.ErrorProblems(err) {
			t.Log(p)
		}
		t.Fatalf("decode: %v", err)
	}
	return d, warnings
}

func TestRoundTripIsByteIdentical(t *testing.T) {
	for name, opt := range map[string]EncodeOptions{
		"revealing":      {SRID: quartier.UTM33N, State: "BE", Publisher: "Atlas", RevealConfidential: true},
		"public":         {SRID: quartier.UTM33N, State: "BE", PublicContactsOnly: true},
		"no Land, 25832": {SRID: quartier.UTM32N},
	} {
		for format, export := range map[string]func(testing.TB, Dataset, EncodeOptions) []byte{"json": exportJSON, "csv": exportCSV} {
			fx := fixture()
			if opt.SRID == quartier.UTM32N {
				// The same points in zone 32.
				tr, err := geo.Transformer(quartier.UTM33N, quartier.UTM32N)
				if err != nil {
					t.Fatal(err)
				}
				for i := range fx.Places {
					p := tr(orb.Point{fx.Places[i].X, fx.Places[i].Y})
					fx.Places[i].X, fx.Places[i].Y = p[0], p[1]
				}
			}
			first := export(t, fx, opt)
			d, warnings := mustDecode(t, first, opt.SRID)
			if len(warnings) != 0 {
				t.Errorf("%s %s: warnings on Quartier's own export: %v", name, format, warnings)
			}
			second := export(t, *d, opt)
			if !bytes.Equal(first, second) {
				t.Errorf("%s %s: second export differs from the first (%d vs %d bytes)", name, format, len(first), len(second))
				if format == "json" {
					diffLines(t, first, second)
				}
			}
		}
	}
}

func diffLines(t *testing.T, a, b []byte) {
	la, lb := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := 0; i < len(la) && i < len(lb); i++ {
		if la[i] != lb[i] {
			t.Logf("line %d:\n  %s\n  %s", i+1, la[i], lb[i])
			return
		}
	}
}

// TestRoundTripKeepsTheData compares what comes back with the fixture,
// field by field, for the revealing export.
func TestRoundTripKeepsTheData(t *testing.T) {
	opt := EncodeOptions{SRID: quartier.UTM33N, State: "BE", RevealConfidential: true}
	for format, export := range map[string]func(testing.TB, Dataset, EncodeOptions) []byte{"json": exportJSON, "csv": exportCSV} {
		fx := fixture()
		d, _ := mustDecode(t, export(t, fx, opt))
		places := map[string]quartier.Place{}
		for _, p := range d.Places {
			places[p.Key] = p
		}
		for _, want := range fx.Places {
			got, ok := places[want.Key]
			if !ok {
				if format == "json" && want.Key == "lager" {
					continue // no offer: not in the services document
				}
				t.Errorf("%s: place %s lost", format, want.Key)
				continue
			}
			if math.Abs(got.X-want.X) > 0.05 || math.Abs(got.Y-want.Y) > 0.05 {
				t.Errorf("%s: %s at %.3f,%.3f, want %.3f,%.3f", format, want.Key, got.X, got.Y, want.X, want.Y)
			}
			got.ID, got.X, got.Y, want.ID, want.X, want.Y = 0, 0, 0, 0, 0, 0
			want.VerifiedOn, want.UpdatedAt = got.VerifiedOn, got.UpdatedAt // HSDS locations carry neither
			if !equalJSON(got, want) {
				t.Errorf("%s: place %s\n got %+v\nwant %+v", format, want.Key, got, want)
			}
		}
		offers := map[string]quartier.Offer{}
		for _, o := range d.Offers {
			offers[o.Key] = o
		}
		keyOf := func(ds Dataset, ids []int64) []string {
			var ks []string
			for _, id := range ids {
				for _, p := range ds.Places {
					if p.ID == id {
						ks = append(ks, p.Key)
					}
				}
			}
			return ks
		}
		for _, want := range fx.Offers {
			got := offers[want.Key]
			if !slices.Equal(keyOf(*d, got.Places), keyOf(fx, want.Places)) {
				t.Errorf("%s: %s at %v, want %v", format, want.Key, keyOf(*d, got.Places), keyOf(fx, want.Places))
			}
			// last_modified covers the offer's places too.
			for _, id := range want.Places {
				for _, p := range fx.Places {
					if p.ID == id && p.UpdatedAt.After(want.UpdatedAt) {
						want.UpdatedAt = p.UpdatedAt
					}
				}
			}
			got.Places, want.Places = nil, nil
			// Weekly slots come back in canonical order.
			slices.SortFunc(want.Hours.Weekly, func(a, b quartier.HoursSlot) int {
				return (mondayIndex(a.Day)-mondayIndex(b.Day))*10000 + a.Open - b.Open
			})
			for i := range want.Hours.Exceptions {
				for j := range want.Hours.Exceptions[i].Slots {
					want.Hours.Exceptions[i].Slots[j].Day = 1 // the weekday of exception slots is not kept
				}
			}
			if !equalJSON(got, want) {
				t.Errorf("%s: offer %s\n got %s\nwant %s", format, want.Key, js(got), js(want))
			}
		}
		provs := map[string]quartier.Provider{}
		for _, p := range d.Providers {
			provs[p.Code] = p
		}
		for _, want := range fx.Providers {
			if got, ok := provs[want.Code]; ok && got != want || !ok && (format == "csv" || want.Code != "verein") {
				t.Errorf("%s: provider %s: %+v", format, want.Code, got)
			}
		}
		if _, ok := provs[publisherCode]; ok || len(d.Providers) > len(fx.Providers) {
			t.Errorf("%s: the publisher came back as a provider: %+v", format, d.Providers)
		}
	}
}

func equalJSON(a, b any) bool { return js(a) == js(b) }

func js(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestRedactedRoundTrip(t *testing.T) {
	d, _ := mustDecode(t, exportJSON(t, fixture(), fixtureOptions))
	for _, p := range d.Places {
		if p.Name != "Schutzwohnung" {
			continue
		}
		if !p.Confidential || p.Street != "" || p.HasPoint() || p.Space != "" || p.ContactPath == "" || !strings.HasPrefix(p.Key, foreignPrefix) {
			t.Errorf("redacted shelter came back as %+v", p)
		}
		if err := p.Validate(); err != nil {
			t.Errorf("redacted shelter does not validate: %v", err)
		}
		return
	}
	t.Fatal("shelter missing")
}

// problemsOf decodes b and returns the problems of the failure.
func problemsOf(t *testing.T, b []byte) []quartier.Problem {
	t.Helper()
	d, _, err := Decode(bytes.NewReader(b), decodeOptions)
	if err == nil || d != nil {
		t.Fatalf("decoded although invalid: %+v", d)
	}
	if quartier.ErrorCode(err) != quartier.EINVALID {
		t.Fatalf("error %v", err)
	}
	return quartier.ErrorProblems(err)
}

// has reports whether a problem of severity sev is at where (a pointer, or
// "file:line:column") with msg in its message.
func has(ps []quartier.Problem, sev quartier.Severity, where, msg string) bool {
	for _, p := range ps {
		at := p.Pointer
		if p.File != "" {
			at = p.File + ":" + strconv.Itoa(p.Feature) + ":" + p.Column
		}
		if p.Severity == sev && at == where && strings.Contains(p.Message, msg) {
			return true
		}
	}
	return false
}

func expect(t *testing.T, ps []quartier.Problem, sev quartier.Severity, where, msg string) {
	t.Helper()
	if !has(ps, sev, where, msg) {
		var all []string
		for _, p := range ps {
			all = append(all, p.String())
		}
		t.Errorf("no %s at %s with %q; got:\n%s", sev, where, msg, strings.Join(all, "\n"))
	}
}

// edit exports the fixture as JSON, lets f change the decoded document and
// returns it serialised again.
func edit(t *testing.T, f func(page map[string]any)) []byte {
	t.Helper()
	var page map[string]any
	if err := json.Unmarshal(exportJSON(t, fixture(), fixtureOptions), &page); err != nil {
		t.Fatal(err)
	}
	f(page)
	b, err := json.Marshal(page)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// service returns the n-th service of a page (services are sorted by key:
// 0 beratung, 1 ferien, 2 schutz, 3 treff).
func service(page map[string]any, n int) map[string]any {
	return page["contents"].([]any)[n].(map[string]any)
}

func obj(v any, path ...any) map[string]any {
	for _, p := range path {
		switch p := p.(type) {
		case string:
			v = v.(map[string]any)[p]
		case int:
			v = v.([]any)[p]
		}
	}
	return v.(map[string]any)
}

func TestInvalidDocumentsArePointedAt(t *testing.T) {
	for name, c := range map[string]struct {
		edit      func(map[string]any)
		where     string
		msg       string
		kind      string
		unchanged bool
	}{
		"byday not a string": {func(p map[string]any) { obj(service(p, 3), "schedules", 0)["byday"] = 3 },
			"/contents/3/schedules/0/byday", "Text erwartet", quartier.ProblemSchema, false},
		"status not in the enum": {func(p map[string]any) { service(p, 0)["status"] = "open" },
			"/contents/0/status", `"open" ist nicht erlaubt`, quartier.ProblemSchema, false},
		"id not a uuid": {func(p map[string]any) { obj(service(p, 0), "contacts", 0)["id"] = "k1" },
			"/contents/0/contacts/0/id", "UUID", quartier.ProblemSchema, false},
		"name missing": {func(p map[string]any) { delete(service(p, 2), "name") },
			"/contents/2/name", "Pflichtfeld", quartier.ProblemSchema, false},
		"empty name": {func(p map[string]any) { service(p, 2)["name"] = " " },
			"/contents/2/name", "braucht einen Namen", quartier.ProblemUnsupported, false},
		"unknown topic": {func(p map[string]any) { obj(service(p, 3), "attributes", 1, "taxonomy_term")["code"] = "astrologie" },
			"/contents/3/attributes/1/taxonomy_term/code", `Unbekanntes Thema "astrologie"`, quartier.ProblemUnsupported, false},
		"age out of range": {func(p map[string]any) { service(p, 3)["maximum_age"] = 130 },
			"/contents/3/maximum_age", "0 bis 120", quartier.ProblemUnsupported, false},
		"fractional age": {func(p map[string]any) { service(p, 3)["minimum_age"] = 6.5 },
			"/contents/3/minimum_age", "ganze Jahre", quartier.ProblemUnsupported, false},
		"ages reversed": {func(p map[string]any) { service(p, 3)["minimum_age"] = 18 },
			"/contents/3/maximum_age", "unter dem Mindestalter", quartier.ProblemUnsupported, false},
		"location without point and address": {func(p map[string]any) {
			l := obj(service(p, 0), "service_at_locations", 0, "location")
			delete(l, "latitude")
			delete(l, "longitude")
			delete(l, "addresses")
		}, "/contents/0/service_at_locations/0/location", "weder Koordinaten", quartier.ProblemUnsupported, false},
		"latitude alone": {func(p map[string]any) { delete(obj(service(p, 0), "service_at_locations", 0, "location"), "longitude") },
			"/contents/0/service_at_locations/0/location/latitude", "gehören zusammen", quartier.ProblemUnsupported, false},
		"latitude out of range": {func(p map[string]any) { obj(service(p, 0), "service_at_locations", 0, "location")["latitude"] = 100 },
			"/contents/0/service_at_locations/0/location/latitude", "außerhalb von WGS84", quartier.ProblemUnsupported, false},
		"bad time": {func(p map[string]any) { obj(service(p, 3), "schedules", 0)["opens_at"] = "mittags" },
			"/contents/3/schedules/0/opens_at", "keine Uhrzeit", quartier.ProblemUnsupported, false},
		"closes before it opens": {func(p map[string]any) { obj(service(p, 3), "schedules", 0)["closes_at"] = "08:00" },
			"/contents/3/schedules/0/closes_at", "nicht nach der Öffnungszeit", quartier.ProblemUnsupported, false},
		"bad key": {func(p map[string]any) { obj(service(p, 3), "attributes", 0)["value"] = "Treff!" },
			"/contents/3/attributes/0/value", "ungültig", quartier.ProblemUnsupported, false},
		"duplicate key": {func(p map[string]any) { obj(service(p, 2), "attributes", 0)["value"] = "treff" },
			"/contents/3/attributes/0/value", "zweimal", quartier.ProblemDuplicateCode, false},
		"unknown language": {func(p map[string]any) { obj(service(p, 3), "languages", 0)["code"] = "klingonisch" },
			"/contents/3/languages/0/code", "Sprachcode", quartier.ProblemUnsupported, false},
		"no topic left": {func(p map[string]any) {
			s := service(p, 1)
			s["attributes"] = s["attributes"].([]any)[:1]
		}, "/contents/1/attributes", "mindestens ein Thema", quartier.ProblemUnsupported, false},
		"unknown accessibility": {func(p map[string]any) {
			obj(service(p, 0), "service_at_locations", 1, "location", "accessibility", 0, "attributes", 0, "taxonomy_term")["code"] = "rampe"
		}, "/contents/0/service_at_locations/1/location/accessibility/0/attributes/0/taxonomy_term/code", `"rampe"`, quartier.ProblemUnsupported, false},
		"contact without name": {func(p map[string]any) { delete(obj(service(p, 0), "contacts", 0), "name") },
			"/contents/0/contacts/0/name", "braucht einen Namen", quartier.ProblemUnsupported, false},
		"service_at_location without location": {func(p map[string]any) {
			sal := obj(service(p, 1), "service_at_locations", 0)
			delete(sal, "location")
			delete(sal, "location_id")
		}, "/contents/1/service_at_locations/0/location_id", "nennt keinen Ort", quartier.ProblemReference, false},
		"bad period": {func(p map[string]any) { obj(service(p, 1), "attributes", 2)["value"] = "1. Juli" },
			"/contents/1/attributes/2/value", "kein Datum", quartier.ProblemUnsupported, false},
	} {
		t.Run(name, func(t *testing.T) {
			ps := problemsOf(t, edit(t, c.edit))
			expect(t, ps, quartier.SeverityError, c.where, c.msg)
			for _, p := range ps {
				if p.Severity == quartier.SeverityError && p.Pointer == c.where && p.Kind != c.kind {
					t.Errorf("kind %s, want %s", p.Kind, c.kind)
				}
			}
		})
	}
}

func TestDecodeShapes(t *testing.T) {
	var page struct{ Contents []json.RawMessage }
	if err := json.Unmarshal(exportJSON(t, fixture(), fixtureOptions), &page); err != nil {
		t.Fatal(err)
	}
	array, _ := json.Marshal(page.Contents)
	d, _ := mustDecode(t, array)
	if len(d.Offers) != 4 {
		t.Errorf("array: %d offers", len(d.Offers))
	}
	d, _ = mustDecode(t, page.Contents[3])
	if len(d.Offers) != 1 || d.Offers[0].Key != "treff" || len(d.Places) != 1 || len(d.Providers) != 1 {
		t.Errorf("single service: %+v", d)
	}
	for name, c := range map[string]struct{ in, where, msg string }{
		"not JSON":          {`{"contents": [`, "", "endet mitten"},
		"syntax":            {"{\n \"name\": x}", "", "Zeile 2"},
		"a number":          {`42`, "", "Erwartet wird"},
		"array of strings":  {`["a"]`, "/0", "Objekt erwartet"},
		"page without list": {`{"contents": {}}`, "/contents", "Liste erwartet"},
		"page header":       {`{"total_items": "viele", "contents": []}`, "/total_items", "ganze Zahl"},
	} {
		ps := problemsOf(t, []byte(c.in))
		if !has(ps, quartier.SeverityError, c.where, c.msg) {
			t.Errorf("%s: %v", name, ps)
		}
	}
}

func TestSizeLimit(t *testing.T) {
	big := bytes.Repeat([]byte(" "), MaxInputBytes+1)
	_, _, err := Decode(bytes.NewReader(big), decodeOptions)
	if quartier.ErrorCode(err) != quartier.ETOOLARGE {
		t.Fatalf("%v", err)
	}
}

// TestSpecExamples decodes the examples of the specification. They use a
// foreign taxonomy and invent coordinates (latitude 100), so Quartier
// refuses them: the foreign term is named in a warning, the missing topic
// and the impossible coordinate are errors. With a Quartier topic and a
// real coordinate the same service is taken, foreign parts left out.
func TestSpecExamples(t *testing.T) {
	full, err := os.ReadFile("testdata/spec/service_full.json")
	if err != nil {
		t.Fatal(err)
	}
	ps := problemsOf(t, full)
	expect(t, ps, quartier.SeverityWarning, "/attributes/0/taxonomy_term", `Begriff "code" (Taxonomie "taxonomy")`)
	expect(t, ps, quartier.SeverityError, "/attributes", "mindestens ein Thema")
	expect(t, ps, quartier.SeverityError, "/service_at_locations/0/location/latitude", "außerhalb von WGS84")
	expect(t, ps, quartier.SeverityWarning, "/schedules/0/count", "nicht übernommen")

	list, err := os.ReadFile("testdata/spec/service_list.json")
	if err != nil {
		t.Fatal(err)
	}
	expect(t, problemsOf(t, list), quartier.SeverityError, "/contents/0/attributes", "mindestens ein Thema")

	var s map[string]any
	if err := json.Unmarshal(full, &s); err != nil {
		t.Fatal(err)
	}
	s["attributes"] = append(s["attributes"].([]any), map[string]any{"id": "2a1f9a58-8f43-4c1c-9b0e-9bb5e1f3d001",
		"taxonomy_term": map[string]any{"id": "2a1f9a58-8f43-4c1c-9b0e-9bb5e1f3d002", "code": "beratung", "name": "Beratung",
			"description": "Beratung", "taxonomy": TaxTopics}})
	l := obj(s, "service_at_locations", 0, "location")
	l["latitude"], l["longitude"] = 52.52, 13.405
	fixed, _ := json.Marshal(s)
	d, warnings := mustDecode(t, fixed)
	o := d.Offers[0]
	if o.Name != "Community Counselling" || *o.MinAge != 12 || *o.MaxAge != 100 || !slices.Equal(o.Topics, []string{"beratung"}) ||
		!slices.Equal(o.Languages, []string{"ur"}) || o.Key != "hsds-ac148810d857441c9679408f346de14b" || o.VerifiedOn.Format("2006-01-02") != "2005-01-01" {
		t.Errorf("offer %s", js(o))
	}
	if len(o.Contacts) != 1 || o.Contacts[0].Name != "Ann Persona" || o.Contacts[0].Role != "Reception Manager" || o.Contacts[0].Visibility != quartier.VisiblePublic {
		t.Errorf("contacts %+v", o.Contacts)
	}
	if !strings.Contains(o.Hours.Note, "lunch break") || len(o.Hours.Weekly) != 0 {
		t.Errorf("hours %+v", o.Hours)
	}
	p := d.Places[0]
	if p.Street != "1-30 Main Street" || p.HouseNumber != "" || p.Postcode != "ABC 1234" || p.City != "MyCity" || !p.HasPoint() ||
		p.Key != "hsds-3a19ff8846204d179830ac1d859eb5d5" || !strings.Contains(p.AccessibilityNote, "induction loops") {
		t.Errorf("place %+v", p)
	}
	if len(d.Providers) != 1 || d.Providers[0].Name != "Example Organization Inc." || d.Providers[0].Kind != quartier.ProviderIndependent {
		t.Errorf("providers %+v", d.Providers)
	}
	// Its capacity counts kilograms, which Quartier has no field for.
	expect(t, warnings, quartier.SeverityWarning, "/capacities/0/unit", `Einheit "Kilogram" wird nicht übernommen`)
	if o.Capacity != nil {
		t.Errorf("capacity in kilograms taken as places: %d", *o.Capacity)
	}
	if !has(warnings, quartier.SeverityWarning, "/attributes/0/taxonomy_term", "nicht übernommen") {
		t.Errorf("warnings %v", warnings)
	}
	// The foreign ids survive: the export has the example's UUIDs.
	doc, err := Encode(*d, EncodeOptions{SRID: quartier.UTM33N})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Services[0].ID != "ac148810-d857-441c-9679-408f346de14b" || doc.Locations[0].ID != "3a19ff88-4620-4d17-9830-ac1d859eb5d5" ||
		doc.Organizations[0].ID != "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610" {
		t.Errorf("ids %s %s %s", doc.Services[0].ID, doc.Locations[0].ID, doc.Organizations[0].ID)
	}
}

// specZip packs the spec's CSV examples as a package, but for the files
// left out.
func specZip(t *testing.T, leaveOut ...string) []byte {
	t.Helper()
	files, err := filepath.Glob("testdata/spec/csv/*")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, f := range files {
		if slices.Contains(leaveOut, filepath.Base(f)) {
			continue
		}
		body, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		w, _ := z.Create("hsds/" + filepath.Base(f))
		w.Write(body)
	}
	z.Close()
	return b.Bytes()
}

func TestSpecCSVExample(t *testing.T) {
	// The example's capacity refers to a unit and a service the example
	// does not have.
	ps := problemsOf(t, specZip(t))
	expect(t, ps, quartier.SeverityError, "service_capacity.csv:2:unit_id", "Die Einheit 187a37a2-7b40-11ef-9790-dbf7623d4407 steht nicht in units.csv")
	expect(t, ps, quartier.SeverityError, "service_capacity.csv:2:service_id", "steht nicht in services.csv")
	ps = problemsOf(t, specZip(t, "service_capacity.csv"))
	// The example's attribute links a taxonomy term to "link_entity" – an
	// entity that is not a table – and the service has no Quartier topic.
	expect(t, ps, quartier.SeverityError, "services.csv:2:attributes", "mindestens ein Thema")
	expect(t, ps, quartier.SeverityError, "locations.csv:2:latitude", "außerhalb von WGS84")
}

func TestInvalidCSVIsPointedAt(t *testing.T) {
	good := exportCSV(t, fixture(), fixtureOptions)
	files := unzip(t, good)
	rezip := func(change func(map[string][]byte)) []byte {
		fs := map[string][]byte{}
		for k, v := range files {
			fs[k] = append([]byte(nil), v...)
		}
		change(fs)
		var b bytes.Buffer
		z := zip.NewWriter(&b)
		for _, k := range slices.Sorted(maps.Keys(fs)) {
			w, _ := z.Create(k)
			w.Write(fs[k])
		}
		z.Close()
		return b.Bytes()
	}
	replaceLine := func(fs map[string][]byte, file string, line int, f func([]string) []string) {
		lines := strings.Split(string(fs[file]), "\r\n")
		cells := strings.Split(lines[line-1], ",")
		lines[line-1] = strings.Join(f(cells), ",")
		fs[file] = []byte(strings.Join(lines, "\r\n"))
	}
	col := func(file, name string) int {
		header := strings.Split(strings.SplitN(string(files[file]), "\r\n", 2)[0], ",")
		return slices.Index(header, name)
	}
	for name, c := range map[string]struct {
		change     func(map[string][]byte)
		where, msg string
	}{
		"age not a number": {func(fs map[string][]byte) {
			replaceLine(fs, "services.csv", 3, func(c []string) []string { c[col("services.csv", "minimum_age")] = "acht"; return c })
		}, "services.csv:3:minimum_age", "keine Zahl"},
		"age out of range": {func(fs map[string][]byte) {
			replaceLine(fs, "services.csv", 3, func(c []string) []string { c[col("services.csv", "maximum_age")] = "300"; return c })
		}, "services.csv:3:maximum_age", "0 bis 120"},
		"bad status": {func(fs map[string][]byte) {
			replaceLine(fs, "services.csv", 2, func(c []string) []string { c[col("services.csv", "status")] = "zu"; return c })
		}, "services.csv:2:status", "nicht erlaubt"},
		"bad uuid": {func(fs map[string][]byte) {
			replaceLine(fs, "schedules.csv", 4, func(c []string) []string { c[0] = "nicht-uuid"; return c })
		}, "schedules.csv:4:id", "UUID"},
		"missing reference": {func(fs map[string][]byte) {
			replaceLine(fs, "service_at_location.csv", 2, func(c []string) []string { c[2] = "3f1c2a44-0000-4000-8000-000000000000"; return c })
		}, "service_at_location.csv:2:location_id", "steht nicht in locations.csv"},
		"unknown term": {func(fs map[string][]byte) {
			replaceLine(fs, "attributes.csv", 2, func(c []string) []string { c[2] = "3f1c2a44-0000-4000-8000-000000000001"; return c })
		}, "attributes.csv:2:taxonomy_term_id", "steht nicht in taxonomy_terms.csv"},
		"short row": {func(fs map[string][]byte) {
			replaceLine(fs, "locations.csv", 2, func(c []string) []string { return c[:3] })
		}, "locations.csv:2:", "Felder"},
		"no services": {func(fs map[string][]byte) { delete(fs, "services.csv") }, "services.csv:0:", "keine services.csv"},
		"duplicate id": {func(fs map[string][]byte) {
			lines := strings.Split(string(fs["languages.csv"]), "\r\n")
			fs["languages.csv"] = []byte(strings.Join(append(lines[:2], lines[1:]...), "\r\n"))
		}, "languages.csv:3:id", "zweimal"},
		"unknown topic": {func(fs map[string][]byte) {
			fs["taxonomy_terms.csv"] = bytes.Replace(fs["taxonomy_terms.csv"], []byte(",jugendfreizeit,"), []byte(",jugendzeit,"), 1)
		}, "taxonomy_terms.csv:8:code", `Unbekanntes Thema "jugendzeit"`},
	} {
		t.Run(name, func(t *testing.T) {
			expect(t, problemsOf(t, rezip(c.change)), quartier.SeverityError, c.where, c.msg)
		})
	}
	if ps := problemsOf(t, []byte("PK\x03\x04kaputt")); !has(ps, quartier.SeverityError, "", "Kein gültiges ZIP") {
		t.Errorf("broken zip: %v", ps)
	}
}
