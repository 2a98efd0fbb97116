package hsds

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/quartier/quartier"
)

// TestCapacityExchange: an offer's places travel as a service_capacity in
// the unit Platz (maximum, with available repeating it and updated the
// last change), in JSON and in the package's service_capacity.csv and
// units.csv, and come back as Offer.Capacity; foreign units are warned
// about, faulty numbers pointed at.
func TestCapacityExchange(t *testing.T) {
	var page map[string]any
	if err := json.Unmarshal(exportJSON(t, fixture(), fixtureOptions), &page); err != nil {
		t.Fatal(err)
	}
	treff := service(page, 3)
	caps, _ := treff["capacities"].([]any)
	if len(caps) != 1 {
		t.Fatalf("treff capacities: %v", treff["capacities"])
	}
	c := caps[0].(map[string]any)
	u := obj(c, "unit")
	if c["maximum"] != 40.0 || c["available"] != 40.0 || c["updated"] != treff["last_modified"] || c["service_id"] != treff["id"] ||
		u["name"] != "Platz" || u["identifier"] != "platz" || c["unit_id"] != u["id"] {
		t.Errorf("capacity %v", c)
	}
	if _, ok := service(page, 2)["capacities"]; ok {
		t.Error("an offer without places stated got a capacity")
	}
	if got := obj(service(page, 1), "capacities", 0)["maximum"]; got != 0.0 {
		t.Errorf("ferien: maximum %v, want 0", got)
	}

	files := unzip(t, exportCSV(t, fixture(), fixtureOptions))
	if !strings.Contains(string(files["units.csv"]), "Platz,,platz,") ||
		!strings.Contains(string(files["service_capacity.csv"]), `,40,40,"Plätze laut Angebot`) {
		t.Errorf("package:\n%s\n%s", files["units.csv"], files["service_capacity.csv"])
	}
	for format, b := range map[string][]byte{"json": exportJSON(t, fixture(), fixtureOptions), "csv": exportCSV(t, fixture(), fixtureOptions)} {
		d, _ := mustDecode(t, b)
		for _, o := range d.Offers {
			want := map[string]string{"treff": "40", "ferien": "0"}[o.Key]
			if got := places(o.Capacity); got != want {
				t.Errorf("%s: %s has places %q, want %q", format, o.Key, got, want)
			}
		}
	}

	// Another system's capacity: a maximum wins over available; a unit
	// named Plätze counts; beds are left out with a warning.
	d, warnings := mustDecode(t, edit(t, func(p map[string]any) {
		c := obj(service(p, 3), "capacities", 0)
		c["maximum"], c["available"] = 25.0, 3.0
		c["unit"] = map[string]any{"id": "1d3c9a4e-51a7-4b8e-9d7f-3b0f5a6e2c11", "name": "Plätze"}
		c["unit_id"] = "1d3c9a4e-51a7-4b8e-9d7f-3b0f5a6e2c11"
		service(p, 0)["capacities"] = []any{map[string]any{"id": "0b4f2c1e-8d6a-4f3b-9e2d-7a1c5b8e4f20", "available": 4.0,
			"updated": "2025-01-01T00:00:00Z", "unit": map[string]any{"id": "5e6f7a8b-1c2d-4e3f-8a9b-0c1d2e3f4a5b", "name": "Betten"}}}
	}))
	for _, o := range d.Offers {
		want := map[string]string{"treff": "25", "ferien": "0"}[o.Key]
		if got := places(o.Capacity); got != want {
			t.Errorf("foreign: %s has places %q, want %q", o.Key, got, want)
		}
	}
	expect(t, warnings, quartier.SeverityWarning, "/contents/0/capacities/0/unit", `Einheit "Betten" wird nicht übernommen`)

	for name, c := range map[string]struct {
		edit  func(map[string]any)
		where string
		msg   string
	}{
		"half a place": {func(p map[string]any) { obj(service(p, 3), "capacities", 0)["maximum"] = 12.5 },
			"/contents/3/capacities/0/maximum", "Plätze 12.5: Quartier nimmt ganze Zahlen von 0 bis 100.000"},
		"too many": {func(p map[string]any) {
			c := obj(service(p, 3), "capacities", 0)
			delete(c, "maximum")
			c["available"] = 200000.0
		}, "/contents/3/capacities/0/available", "ganze Zahlen von 0 bis 100.000"},
		"places twice": {func(p map[string]any) {
			s := service(p, 3)
			second := map[string]any{}
			for k, v := range obj(s, "capacities", 0) {
				second[k] = v
			}
			second["id"] = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
			s["capacities"] = append(s["capacities"].([]any), second)
		}, "/contents/3/capacities/1", "nennt seine Plätze zweimal"},
		"no unit": {func(p map[string]any) { delete(obj(service(p, 3), "capacities", 0), "unit") },
			"/contents/3/capacities/0/unit", "Pflichtfeld fehlt"},
	} {
		t.Run(name, func(t *testing.T) {
			expect(t, problemsOf(t, edit(t, c.edit)), quartier.SeverityError, c.where, c.msg)
		})
	}

	// In the package: a row without available, and one whose unit is not
	// in units.csv, are pointed at.
	broken := func(name string, change func([]byte) []byte) []byte {
		var b bytes.Buffer
		z := zip.NewWriter(&b)
		for _, k := range slices.Sorted(maps.Keys(files)) {
			w, _ := z.Create(k)
			if k == name {
				w.Write(change(files[k]))
			} else {
				w.Write(files[k])
			}
		}
		z.Close()
		return b.Bytes()
	}
	expect(t, problemsOf(t, broken("service_capacity.csv", func(b []byte) []byte { return bytes.Replace(b, []byte(",40,40,"), []byte(",,40,"), 1) })),
		quartier.SeverityError, "service_capacity.csv:3:available", "Pflichtfeld fehlt")
	expect(t, problemsOf(t, broken("units.csv", func(b []byte) []byte { return b[:bytes.IndexByte(b, '\n')+1] })),
		quartier.SeverityError, "service_capacity.csv:2:unit_id", "steht nicht in units.csv")
}

func places(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}
