package demo

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/csv"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/services"
	"github.com/quartier/quartier/internal/spatial"
	"github.com/quartier/quartier/internal/streetdir"
)

// berlinRow is one line of the official address list, as published.
type berlinRow struct{ no, suffix, street, postcode, district, plr string }

func berlinRows(t testing.TB) []berlinRow {
	t.Helper()
	b, err := files.ReadFile(streetFile)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(zr).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(recs[0], ",") != "hnr,hnr_zusatz,str_name,plz,ort_name,PLR_NAME,PLR_ID" {
		t.Fatalf("header %v", recs[0])
	}
	out := make([]berlinRow, 0, len(recs)-1)
	for _, r := range recs[1:] {
		out = append(out, berlinRow{r[0], r[1], r[2], r[3], r[4], r[6]})
	}
	return out
}

func berlinDirectory(t *testing.T) *streetdir.Directory {
	t.Helper()
	b, _ := files.ReadFile(streetFile)
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	f, err := streetdir.ReadCSV(zr, streetdir.ReadOptions{MaxBytes: spatial.MaxStreetBytes})
	if err != nil || len(f.Problems) != 0 {
		t.Fatalf("%v %v", err, f.Problems[:min(5, len(f.Problems))])
	}
	if ps := streetdir.Overlaps(f.Entries, f.Place); len(ps) != 0 {
		t.Fatalf("%d overlaps: %v", len(ps), ps[:min(5, len(ps))])
	}
	return streetdir.Compile(f.Entries)
}

// Every one of Berlin's 401,032 official addresses, looked up as the
// source spells it, finds its own Planungsraum with its postcode; without
// the postcode it finds it exactly when no other row of that street and
// number lies in another Planungsraum, and otherwise is called ambiguous
// with every postcode that has it. The expectation comes from the rows
// alone (SOURCE.md: no duplicate street, number, suffix and postcode),
// grouped by the normalised street name, as a typed name cannot tell
// "Dessauer Straße" from "Dessauerstraße".
func TestBerlinAddressesResolve(t *testing.T) {
	rows := berlinRows(t)
	if len(rows) != 401032 {
		t.Fatalf("%d rows", len(rows))
	}
	d := berlinDirectory(t)
	type house struct{ street, no string }
	key := map[string]string{}
	where := map[house][]berlinRow{}
	streetRows := map[string]map[string][]berlinRow{} // key → postcode → rows
	for _, r := range rows {
		if _, ok := key[r.street]; !ok {
			key[r.street] = streetdir.NormalizeStreet(r.street)
		}
		h := house{key[r.street], strings.ToLower(r.no + r.suffix)}
		where[h] = append(where[h], r)
		if streetRows[h.street] == nil {
			streetRows[h.street] = map[string][]berlinRow{}
		}
		streetRows[h.street][r.postcode] = append(streetRows[h.street][r.postcode], r)
	}
	withPostcode, unique, ambiguous := 0, 0, 0
	for _, r := range rows {
		no := r.no + r.suffix
		m, err := d.Lookup(r.street, no, r.postcode)
		if err != nil || m.Block != r.plr {
			t.Fatalf("%s %s, %s: %+v %v, want %s", r.street, no, r.postcode, m, err, r.plr)
		}
		withPostcode++
		others := where[house{key[r.street], strings.ToLower(no)}]
		if no == "" {
			// A square without number: it is what the name alone means
			// in its postcode, but another postcode's street of that
			// name (with or without houses) competes.
			others = nil
			for _, rs := range streetRows[key[r.street]] {
				var bare []berlinRow
				for _, o := range rs {
					if o.no == "" {
						bare = append(bare, o)
					}
				}
				if len(bare) == 0 {
					bare = rs
				}
				others = append(others, bare...)
			}
		}
		plrs := map[string]bool{}
		var places []string
		for _, o := range others {
			plrs[o.plr] = true
			places = append(places, o.postcode+" "+o.district)
		}
		m, err = d.Lookup(r.street, no, "")
		switch {
		case len(plrs) == 1:
			if err != nil || m.Block != r.plr {
				t.Fatalf("%s %s: %+v %v, want %s", r.street, no, m, err, r.plr)
			}
			unique++
		default:
			slices.Sort(places)
			msg := quartier.ErrorMessage(err)
			if quartier.ErrorCode(err) != quartier.EINVALID || !strings.Contains(msg, "mehrdeutig — bitte") || !strings.Contains(msg, strings.Join(slices.Compact(places), ", ")) {
				t.Fatalf("%s %s: %+v %v, want ambiguous among %v", r.street, no, m, err, places)
			}
			ambiguous++
		}
	}
	t.Logf("%d with postcode, %d unique without, %d ambiguous without", withPostcode, unique, ambiguous)
	if ambiguous == 0 || unique == 0 {
		t.Fatal("the file should have both")
	}
}

// goldenAddresses are lookups as people type them, with what the official
// list supports (checked against the rows in TestGoldenAddresses): a
// Planungsraum, or the words the refusal must contain.
var goldenAddresses = []struct {
	address string
	want    string // PLR id, or "!" (not found) / "?" (ask for more) and text
}{
	{"Ackerstraße 1", "01100309"}, // three Ackerstraßen, only Mitte's has a 1
	{"Ackerstr. 1, 10115", "01100309"},
	{"Ackerstraße 1C, 10115", "!Hausnummer 1, 1A, 1B (10115 Mitte)"},
	{"Ackerstraße 999, 10115", "!die Straße ist verzeichnet, die Hausnummer nicht"},
	{"Ackerstraße 1, 12345", "!nicht mit der Postleitzahl 12345, nur mit 10115 Mitte, 13355 Gesundbrunnen, 13585 Spandau"},
	{"Bergstraße 1", "?Bergstraße 1 ist mehrdeutig — bitte Postleitzahl angeben: 10115 Mitte, 12169 Steglitz, 13467 Hermsdorf, 14109 Wannsee"},
	{"Bergstraße 10", "?mehrdeutig — bitte Postleitzahl angeben: 12169 Steglitz, 14109 Wannsee"},
	{"Bergstr. 10, 14109", "06400735"},
	{"Karlplatz", "?Karlplatz ist mehrdeutig — bitte Postleitzahl angeben: 10117 Mitte, 12205 Lichterfelde"},
	{"Karlplatz, 12205", "06300634"},
	{"Karlplatz 7", "01100308"},
	{"Oranienburger Tor", "?mehrdeutig — bitte Postleitzahl angeben: 10115 Mitte, 13585 Spandau"},
	{"Zionskirchplatz", "01100416"}, // the square itself
	{"Alexanderplatz", "01100310"},  // all its houses in one Planungsraum
	{"Alexanderplatz 1", "01100310"},
	{"Schönhauser Allee 100", "03601139"},
	{"Schoenhauser Allee 100, 10439", "03601139"},
	{"Schönhauser Allee", "?bitte Hausnummer und Postleitzahl angeben"},
	{"Schwedter Str. 234, 10435", "01100416"},
	{"Schwedter Straße 1", "?mehrdeutig — bitte Postleitzahl angeben: 10119 Prenzlauer Berg, 12305 Lichtenrade"},
	{"Hauptstraße 1", "?mehrdeutig — bitte Postleitzahl angeben: 10317 Rummelsburg, 13055 Alt-Hohenschönhausen, 13159 Blankenfelde, 13591 Staaken"},
	{"Rudower Straße 184, 12351", "?bitte den Zusatz angeben: 184A, 184B, 184C, 184D"},
	{"Rudower Straße 184 B, 12351", "08301036"},
	{"Nirgendwostraße 1", "!„Nirgendwostraße“ steht nicht im Straßenverzeichnis"},
}

// TestGoldenAddresses runs the golden table on the directory built from
// the file, and checks each expected Planungsraum against the rows
// themselves, so that the table cannot drift from the source.
func TestGoldenAddresses(t *testing.T) {
	rows := berlinRows(t)
	d := berlinDirectory(t)
	for _, g := range goldenAddresses {
		ad := spatial.ParseAddress(g.address)
		m, err := d.Lookup(ad.Street, ad.HouseNo, ad.Postcode)
		checkGolden(t, g.address, g.want, m.Block, err)
		if g.want[0] == '!' || g.want[0] == '?' {
			continue
		}
		// The rows of that street (and number, and postcode) all name
		// the expected Planungsraum.
		name := m.Entry.Street
		n := 0
		for _, r := range rows {
			if r.street == name && (ad.HouseNo == "" || strings.EqualFold(r.no+r.suffix, strings.ReplaceAll(ad.HouseNo, " ", ""))) && (ad.Postcode == "" || r.postcode == ad.Postcode) {
				n++
				if r.plr != g.want {
					t.Errorf("%s: the list says %s for %+v", g.address, r.plr, r)
				}
			}
		}
		if n == 0 {
			t.Errorf("%s: no row in the list", g.address)
		}
	}
}

func checkGolden(t *testing.T, address, want, block string, err error) {
	t.Helper()
	switch want[0] {
	case '!', '?':
		code := quartier.ENOTFOUND
		if want[0] == '?' {
			code = quartier.EINVALID
		}
		if quartier.ErrorCode(err) != code || !strings.Contains(quartier.ErrorMessage(err), want[1:]) {
			t.Errorf("%s: %q %v, want %s with %q", address, block, err, code, want[1:])
		}
	default:
		if err != nil || block != want {
			t.Errorf("%s: %q %v, want %s", address, block, err, want)
		}
	}
}

// testDemoAddresses asks the demo installation (store, key index, CLI path)
// the golden table.
func testDemoAddresses(t *testing.T, a *services.Set) {
	ctx := context.Background()
	for _, g := range slices.Concat(goldenAddresses, typedAddresses) {
		res, err := a.Spatial.LookupAddress(ctx, spatial.ParseAddress(g.address))
		checkGolden(t, g.address, g.want, res.Block().Code, err)
		if err == nil && res.Source != StreetSource {
			t.Errorf("%s: source %q", g.address, res.Source)
		}
	}
	var out bytes.Buffer
	in := "strasse;hausnummer;plz\nBergstraße;10;14109\nBergstraße;10;\n"
	rep, err := a.Spatial.BulkLookup(ctx, strings.NewReader(in), &out, 0, nil)
	if err != nil || rep.Found != 1 || rep.Failed != 1 {
		t.Fatalf("bulk: %+v %v\n%s", rep, err, out.String())
	}
	rest, _ := io.ReadAll(&out)
	if !strings.Contains(string(rest), "06400735") || !strings.Contains(string(rest), "mehrdeutig") {
		t.Errorf("bulk output:\n%s", rest)
	}
}
