package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/geo"
	"github.com/quartier/quartier/internal/hsds"
)

// weimarHSDS writes a small atlas as HSDS JSON: a club in Mitte-Süd and a
// shelter whose address must stay inside.
func weimarHSDS(t *testing.T, dir string) string {
	t.Helper()
	tr, _ := geo.Transformer(quartier.WGS84, quartier.UTM32N)
	club, shelter := tr(orb.Point{11.329, 50.979}), tr(orb.Point{11.287, 50.988})
	d := hsds.Dataset{
		Topics:    quartier.DefaultTopics(),
		Providers: []quartier.Provider{{Code: "awo-weimar", Name: "AWO Weimar", Kind: quartier.ProviderIndependent}},
		Places: []quartier.Place{
			{ID: 1, Key: "club", Name: "Jugendclub am Markt", Provider: "awo-weimar", Street: "Markt", HouseNumber: "1", Postcode: "99423", City: "Weimar", X: club[0], Y: club[1]},
			{ID: 2, Key: "fh", Name: "Schutzwohnung", Street: "Stiller Winkel", HouseNumber: "5", City: "Weimar", X: shelter[0], Y: shelter[1],
				Confidential: true, ContactPath: "Hotline 08000 116 016"},
		},
		Offers: []quartier.Offer{
			{Key: "treff", Name: "Offener Treff", Provider: "awo-weimar", Topics: []string{"offene-jugendarbeit"}, Status: quartier.OfferActive, Places: []int64{1},
				Hours:    quartier.OpeningHours{Weekly: []quartier.HoursSlot{{Day: 2, Open: 14 * 60, Close: 18 * 60}}},
				Contacts: []quartier.Contact{{Name: "Diensthandy", Phone: "0170 1", Visibility: quartier.VisibleProfessionals}}},
			{Key: "schutz", Name: "Schutz und Beratung", Topics: []string{"schutz"}, Status: quartier.OfferActive, Places: []int64{2}},
		},
	}
	doc, err := hsds.Encode(d, hsds.EncodeOptions{SRID: quartier.UTM32N, RevealConfidential: true, State: "TH"})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := doc.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "atlas.json")
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func decodeFile(t *testing.T, path string) *hsds.Dataset {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d, _, err := hsds.Decode(f, hsds.DecodeOptions{SRID: quartier.UTM32N})
	if err != nil {
		t.Fatalf("%s: %v %v", path, err, quartier.ErrorProblems(err))
	}
	return d
}

func TestHSDSImportAndExport(t *testing.T) {
	c := newCLI(t)
	c.must("import", "areas", weimar+"bloecke.geojson", "--srid", "25832", "--layer", "bezirk", "--kind", "block", "--name", "Bezirke", "--date", "2024-01-01")
	c.must("import", "composed", "--layer", "sozialraum", "--space", "--name", "Sozialräume", "--table", weimar+"sozialraeume.csv", "--date", "2024-01-01")
	dir := t.TempDir()
	in := weimarHSDS(t, dir)

	if out := c.must("import", "hsds", in, "--dry-run"); !strings.Contains(out, "1 Träger, 2 Orte, 2 Angebote") || !strings.Contains(out, "Probelauf") {
		t.Fatalf("dry run: %s", out)
	}
	if out := c.must("export", "hsds"); !strings.Contains(out, `"total_items": 0`) {
		t.Fatalf("the dry run wrote: %s", out)
	}
	if out := c.must("import", "hsds", in, "--source", "Testdaten"); !strings.Contains(out, "1 neue Träger, 2 Orte, 2 Angebote") {
		t.Fatalf("import: %s", out)
	}

	public := filepath.Join(dir, "public.json")
	t.Setenv("QUARTIER_STATE", "TH")
	c.must("export", "hsds", "--out", public)
	b, _ := os.ReadFile(public)
	if !bytes.Contains(b, []byte("Markt 1")) || !bytes.Contains(b, []byte(`"state_province": "Thüringen"`)) || !bytes.Contains(b, []byte("sozialraum")) {
		t.Errorf("public export lacks the club:\n%s", b)
	}
	if bytes.Contains(b, []byte("Stiller Winkel")) || bytes.Contains(b, []byte("Diensthandy")) {
		t.Errorf("public export shows the shelter's address or a professional contact")
	}
	if d := decodeFile(t, public); len(d.Offers) != 2 {
		t.Errorf("public export: %d offers", len(d.Offers))
	}
	internal := filepath.Join(dir, "intern.zip")
	c.must("export", "hsds", "--format", "csv", "--internal", "--out", internal)
	d := decodeFile(t, internal)
	var shelter quartier.Place
	for _, p := range d.Places {
		if p.Key == "fh" {
			shelter = p
		}
	}
	if shelter.Street != "Stiller Winkel" || shelter.Space != "west" || len(d.Offers) != 2 {
		t.Errorf("internal export: shelter %+v, %d offers", shelter, len(d.Offers))
	}
	// Importing the package again updates instead of duplicating.
	if out := c.must("import", "hsds", internal); !strings.Contains(out, "0 neue Träger, 2 Orte, 2 Angebote") {
		t.Errorf("re-import: %s", out)
	}

	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"contents":[{"id":"ac148810-d857-441c-9679-408f346de14b","name":"x","status":"offen"}]}`), 0o600)
	_, err := c.run("", "import", "hsds", bad)
	if exitCode(err) != 2 || !strings.Contains(problemText(err), "/contents/0/status") {
		t.Errorf("bad file: %v %v", err, quartier.ErrorProblems(err))
	}
	if _, err := c.run("", "export", "hsds", "--format", "xml"); exitCode(err) != 2 {
		t.Errorf("unknown format: %v", err)
	}
}

func problemText(err error) string {
	var s []string
	for _, p := range quartier.ErrorProblems(err) {
		s = append(s, p.String())
	}
	return strings.Join(s, "\n")
}
