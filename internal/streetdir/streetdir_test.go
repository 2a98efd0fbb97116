package streetdir

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/quartier/quartier"
)

func TestNormalizeStreetKeys(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		// Berlin
		{"Karl-Marx-Straße", "karl marxstr"},
		{"Karl-Marx-Allee", "karl marxallee"},
		{"Frankfurter Allee", "frankfurterallee"},
		{"Straße des 17. Juni", "str des 17 juni"},
		{"Straße der Pariser Kommune", "str der pariser kommune"},
		{"Str. d. Pariser Kommune", "str d pariser kommune"}, // "d." is not expanded
		{"Müllerstraße", "muellerstr"},
		{"Strausberger Platz", "strausbergerplatz"},
		{"Unter den Linden", "unter den linden"},
		{"Kurfürstendamm", "kurfuerstendamm"},
		{"Schönhauser Allee", "schoenhauserallee"},
		{"Alt-Moabit", "alt moabit"},
		{"Großer Stern", "grosser stern"},
		{"Platz der Luftbrücke", "platz der luftbruecke"},
		{"Rosa-Luxemburg-Pl.", "rosa luxemburgplatz"},
		{"Tempelhofer Damm", "tempelhoferdamm"},
		{"Warschauer Str.", "warschauerstr"},
		{"Ostrauer Straße", "ostrauerstr"},
		{"Straße 645", "str 645"},
		{"Am Kupfergraben", "am kupfergraben"},
		// Weimar
		{"Am Ettersberg", "am ettersberg"},
		{"Karl-Liebknecht-Str.", "karl liebknechtstr"},
		{"Frauenplan", "frauenplan"},
		{"Goethepl.", "goetheplatz"},
		{"Carl-August-Allee", "carl augustallee"},
		{"Ernst-Thälmann-Straße", "ernst thaelmannstr"},
		{"Belvederer Allee", "belvedererallee"},
		{"Am Horn", "am horn"},
		{"Buttelstedter Straße", "buttelstedterstr"},
		// Odd input
		{"  ", ""},
		{"Straße", "str"},
		{"Café Straße", "cafestr"},
		{"Hauptstr. (Hinterhaus)", "hauptstr hinterhaus"},
	} {
		if got := NormalizeStreet(c.in); got != c.want {
			t.Errorf("NormalizeStreet(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestNormalizeStreetGroups(t *testing.T) {
	groups := [][]string{
		{"Karl-Marx-Straße", "Karl-Marx-Str.", "Karl Marx Strasse", "karl-marx-str", "KARL-MARX-STR.", " Karl-Marx-Straße ", "Karl-Marx-Strasse", "Karl Marx-Str", "Karl-Marx Straße", "Karl--Marx--Str..", "Karl–Marx–Straße"},
		{"Müllerstraße", "Muellerstr", "MÜLLERSTR.", "Müllerstr", "Mu\u0308llerstraße", "Müller Straße", "Müller-Str.", "Muellerstrase", "MUELLERSTRASSE"},
		{"Straße des 17. Juni", "Str. des 17. Juni", "Strasse des 17 Juni", "Straße des 17.Juni", "STRASSE DES 17. JUNI"},
		{"Frankfurter Allee", "frankfurter  allee", "Frankfurter-Allee", "Frankfurterallee", "Frankfurter\tAllee"},
		{"Am Ettersberg", "am ettersberg", "Am  Ettersberg", "Am-Ettersberg"},
		{"Karl-Liebknecht-Str.", "Karl-Liebknecht-Straße", "Karl Liebknecht Str"},
		{"Schwedter Str.", "Schwedter Straße", "Schwedterstr."},
		{"Große Hamburger Straße", "Grosse Hamburger Str.", "GROSSE HAMBURGER STRASSE", "Große Hamburger Str."},
		{"Rosa-Luxemburg-Platz", "Rosa-Luxemburg-Pl.", "Rosa Luxemburg Pl", "Rosa-Luxemburgplatz"},
		{"Goetheplatz", "Goethepl.", "Goethe-Platz", "Goethe Pl."},
		{"Straße der Pariser Kommune", "Str. der Pariser Kommune"},
		{"Str. d. Pariser Kommune", "Straße d. Pariser Kommune"},
		{"Unter den Linden", "Unter den Linden", "unter-den-linden"},
		{"Strausberger Platz", "Strausberger Pl.", "Strausbergerplatz"},
		{"Am Park"},
		{"Im Park"},
		{"Rue de Montréal", "Rue de Montre\u0301al", "Rue de Montreal"},
	}
	seen := map[string]string{}
	for _, g := range groups {
		key := NormalizeStreet(g[0])
		for _, s := range g[1:] {
			if k := NormalizeStreet(s); k != key {
				t.Errorf("%q → %q, but %q → %q", g[0], key, s, k)
			}
		}
		if other, ok := seen[key]; ok {
			t.Errorf("%q and %q collide on %q", g[0], other, key)
		}
		seen[key] = g[0]
	}
}

func TestHouseNumbers(t *testing.T) {
	for _, c := range []struct {
		in   string
		want HouseNumber
	}{{"12", HouseNumber{12, ""}}, {"12a", HouseNumber{12, "a"}}, {"12 A", HouseNumber{12, "a"}}, {"12-A", HouseNumber{12, "a"}},
		{" 7 ", HouseNumber{7, ""}}, {"007", HouseNumber{7, ""}}, {"3ä", HouseNumber{3, "ä"}}, {"999999", HouseNumber{999999, ""}}} {
		got, err := ParseHouseNumber(c.in)
		if err != nil || got != c.want {
			t.Errorf("%q: %+v %v", c.in, got, err)
		}
	}
	for _, bad := range []string{"", " ", "a12", "12-14", "12/1", "12ab", "1234567", "12-", "12 1/2", "-3", "12.", "½"} {
		if h, err := ParseHouseNumber(bad); err == nil {
			t.Errorf("%q accepted as %v", bad, h)
		} else if !strings.Contains(err.Error(), "Hausnummer") {
			t.Errorf("%q: message %q", bad, err)
		}
	}
	want := []string{"1", "2", "9", "12", "12a", "12b", "12z", "13", "100", "100a"}
	got := slices.Clone(want)
	rand.Shuffle(len(got), func(i, j int) { got[i], got[j] = got[j], got[i] })
	slices.SortFunc(got, func(a, b string) int {
		ha, _ := ParseHouseNumber(a)
		hb, _ := ParseHouseNumber(b)
		return ha.Compare(hb)
	})
	if !slices.Equal(got, want) {
		t.Errorf("order %v", got)
	}
	a, _ := ParseHouseNumber("12A")
	b, _ := ParseHouseNumber("12 a")
	if a.Compare(b) != 0 || a.Less(b) || a.String() != "12a" {
		t.Errorf("12A vs 12 a: %v %v", a, b)
	}
	for in, want := range map[string]string{"12-14": "12", "12/1": "12", "12 a-c": "12a", "12a-14": "12a", "5, 7": "5", "12a": "12a",
		// as typed into a house-number field
		"Nr. 12": "12", "Nr.12a": "12a", "nr 12 a": "12a", "Hausnummer 7": "7", "12 bis 14": "12", "12 - 14": "12", "12 -14": "12", "12- 14": "12", "012": "12",
		// a typographic dash, a full stop, "Haus-Nr."/"Haus Nr."
		"12–14": "12", "12a—c": "12a", "12 − 14": "12", "12.": "12", "12a.": "12a", "Haus-Nr. 7": "7", "Haus Nr. 7a": "7a", "Hs.-Nr. 7": "7"} {
		if h, ok := lookupNumber(in); !ok || h.String() != want {
			t.Errorf("lookupNumber(%q) = %v %v, want %s", in, h, ok, want)
		}
	}
	for _, bad := range []string{"Hinterhaus", "Nr.", "Nr. Hinterhaus", "bis 14", "Haus 7", "Haus Haus Nr. 7", "–14", "12.."} {
		if _, ok := lookupNumber(bad); ok {
			t.Errorf("lookupNumber accepted %q", bad)
		}
	}
	if _, ok := lookupNumber("Hinterhaus"); ok {
		t.Error("lookupNumber accepted a word")
	}
}

func directory(t testing.TB) *Directory {
	d, err := Build([]quartier.StreetEntry{
		{Street: "Karl-Marx-Straße", Postcode: "12043", From: "1", To: "99", Parity: quartier.ParityOdd, Block: "A"},
		{Street: "Karl-Marx-Straße", Postcode: "12043", From: "2", To: "98", Parity: quartier.ParityEven, Block: "B"},
		{Street: "Karl-Marx-Straße", Postcode: "12043", From: "100", Parity: quartier.ParityAll, Block: "C"},
		{Street: "Karl-Marx-Straße", Postcode: "12043", From: "14a", To: "14z", Parity: quartier.ParityEven, Block: "B"}, // same block: no clash
		{Street: "Hauptstraße", Postcode: "10827", Block: "D"},
		{Street: "Hauptstraße", Postcode: "13055", Block: "E"},
		{Street: "Am Ettersberg", Block: "N2"},
		{Street: "Sonnenallee", Postcode: "12045", From: "1", To: "50", Block: "F"},
		{Street: "Sonnenallee", Postcode: "12045", From: "51", Block: "G"},
		{Street: "Sonnenallee", Postcode: "12059", Block: "G"},
		{Street: "Schillerstraße", To: "20", Block: "W1"},
		{Street: "Schillerstraße", From: "20a", Block: "W2"},
		{Street: "Marktstraße", Postcode: "99423", From: "1", To: "9", Block: "W3"},
		{Street: "Marktstraße", Block: "W4"}, // no postcode: fallback
	})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestLookup(t *testing.T) {
	d := directory(t)
	for _, c := range []struct{ street, no, plz, want string }{
		{"Karl-Marx-Str.", "17", "12043", "A"},
		{"karl marx strasse", "17a", "12043", "A"}, // suffix, parity of 17
		{"Karl-Marx-Str.", "18", "12043", "B"},
		{"Karl-Marx-Str.", "1", "12043", "A"},   // inclusive start
		{"Karl-Marx-Str.", "99", "", "A"},       // one postcode only: unambiguous
		{"Karl-Marx-Str.", "250", "12043", "C"}, // open end
		{"Karl-Marx-Str.", "100", "12043", "C"},
		{"Karl-Marx-Str.", "99a", "12043", "!nummer"}, // 99a is after 99
		{"Karl-Marx-Str.", "98a", "12043", "!nummer"}, // likewise
		{"Karl-Marx-Str.", "14c", "12043", "B"},
		{"Karl-Marx-Str.", "17", "99999", "!postleitzahl 99999"}, // other postcode
		{"Karl-Marx-Str.", "17-19", "12043", "A"},
		{"Karl-Marx-Str.", "", "12043", "?hausnummer"}, // A, B and C: no single block
		{"Karl-Marx-Str.", "x", "12043", "?keine"},
		{"Hauptstr.", "5", "10827", "D"},
		{"Hauptstr.", "5", " 13055 ", "E"},
		{"Hauptstr.", "5", "", "?mehrdeutig"}, // two postcodes, two blocks
		{"Am Ettersberg", "", "", "N2"},
		{"Am Ettersberg", "7", "99427", "N2"}, // postcode-less entry answers any postcode
		{"Sonnenallee", "50", "12045", "F"},
		{"Sonnenallee", "50a", "12045", "!nummer"}, // between 50 and 51
		{"Sonnenallee", "3", "", "?mehrdeutig"},    // F or G
		{"Sonnenallee", "300", "", "G"},            // both postcodes agree
		{"Sonnen-Allee", "300", "12059", "G"},
		{"Schillerstr.", "1", "", "W1"},
		{"Schillerstr.", "20", "", "W1"},
		{"Schillerstr.", "20a", "", "W2"},
		{"Marktstr.", "5", "99423", "W3"},
		{"Marktstr.", "11", "99423", "W4"},    // not in the postcode's range: fallback
		{"Marktstr.", "5", "", "?mehrdeutig"}, // W3 or W4
		{"Nirgendweg", "1", "", "!straße"},
		{"", "", "", "!straße"},
	} {
		m, err := d.Lookup(c.street, c.no, c.plz)
		what := fmt.Sprintf("%s %s %s", c.street, c.no, c.plz)
		switch c.want[0] {
		case '!', '?':
			code := quartier.ENOTFOUND
			if c.want[0] == '?' {
				code = quartier.EINVALID
			}
			if quartier.ErrorCode(err) != code || !strings.Contains(strings.ToLower(quartier.ErrorMessage(err)), c.want[1:]) {
				t.Errorf("%s: %+v %v, want %s error with %q", what, m, err, code, c.want[1:])
			}
		default:
			if err != nil || m.Block != c.want || m.Entry == nil || m.Entry.Block != m.Block {
				t.Errorf("%s: %+v %v, want %q", what, m, err, c.want)
			}
		}
	}
	if d.Len() != 14 {
		t.Error("Len")
	}
	var nilDir *Directory
	if _, err := nilDir.Lookup("a", "", ""); err == nil || nilDir.Len() != 0 {
		t.Error("nil directory")
	}
}

// An official address list: one house per entry, squares without number,
// the same street name in several districts, some houses with their own
// point. A wrong block is worse than none, so every answer must be one
// the entries support, and every refusal must say why.
func TestLookupAddresses(t *testing.T) {
	es := []quartier.StreetEntry{
		{Street: "Ackerstraße", Postcode: "10115", District: "Mitte", From: "1", To: "1", Block: "M1", X: 100, Y: 200},
		{Street: "Ackerstraße", Postcode: "10115", District: "Mitte", From: "1A", To: "1A", Block: "M1"},
		{Street: "Ackerstraße", Postcode: "10115", District: "Mitte", From: "1B", To: "1B", Block: "M2"},
		{Street: "Ackerstraße", Postcode: "10115", District: "Mitte", From: "2", To: "2", Block: "M2"},
		{Street: "Ackerstraße", Postcode: "10115", District: "Mitte", From: "3A", To: "3A", Block: "M1"},
		{Street: "Ackerstraße", Postcode: "10115", District: "Mitte", From: "3B", To: "3B", Block: "M1"},
		{Street: "Ackerstraße", Postcode: "10115", District: "Mitte", From: "4A", To: "4A", Block: "M1"},
		{Street: "Ackerstraße", Postcode: "10115", District: "Mitte", From: "4B", To: "4B", Block: "M2"},
		{Street: "Ackerstraße", Postcode: "13585", District: "Spandau", From: "1", To: "1", Block: "S1"},
		{Street: "Ackerstraße", Postcode: "13585", District: "Spandau", From: "7", To: "7", Block: "S1"},
		{Street: "Karlplatz", Postcode: "10117", District: "Mitte", From: "7", To: "7", Block: "M3"},
		{Street: "Karlplatz", Postcode: "12205", District: "Lichterfelde", Parity: quartier.ParityNone, Block: "L1"},
		{Street: "Pappelplatz", Postcode: "10115", District: "Mitte", Parity: quartier.ParityNone, Block: "M2"},
		{Street: "Pappelplatz", Postcode: "10115", District: "Mitte", From: "1", To: "1", Block: "M1"},
		{Street: "Kurze Straße", Postcode: "10115", District: "Mitte", From: "1", To: "1", Block: "M1"},
		{Street: "Kurze Straße", Postcode: "10117", District: "Mitte", From: "9", To: "9", Block: "M1"},
		{Street: "Lange Straße", Postcode: "10115", District: "Mitte", From: "1", To: "1", Block: "M1"},
		{Street: "Lange Straße", Postcode: "10115", District: "Mitte", From: "2", To: "2", Block: "M2"},
		{Street: "Lange Straße", Postcode: "10117", District: "Mitte", From: "9", To: "9", Block: "M3"},
	}
	d, err := Build(es)
	if err != nil {
		t.Fatal(err, quartier.ErrorProblems(err))
	}
	for _, c := range []struct {
		street, no, plz string
		want            string // block, or !/? and words the message must hold
		point           bool
	}{
		{"Ackerstraße", "1", "10115", "M1", true},
		{"Ackerstr.", "1a", "10115", "M1", false},
		{"Ackerstraße", "1", "13585", "S1", false},
		{"Ackerstraße", "7", "", "S1", false}, // only Spandau has a 7
		{"Ackerstraße", "1", "", "?mehrdeutig — bitte Postleitzahl angeben: 10115 Mitte, 13585 Spandau", false},
		{"Ackerstraße", "1C", "10115", "!hausnummer 1, 1a, 1b (10115 mitte)", false},
		{"Ackerstraße", "99", "10115", "!die straße ist verzeichnet, die hausnummer nicht", false},
		{"Ackerstraße", "3", "10115", "M1", false},                                // 3A and 3B agree
		{"Ackerstraße", "4", "10115", "?bitte den zusatz angeben: 4A, 4B", false}, // they do not
		{"Ackerstraße", "1", "99999", "!nicht mit der postleitzahl 99999, nur mit 10115", false},
		{"Ackerstraße", "", "10115", "?mehreren bausteinen — bitte hausnummer angeben", false},
		{"Ackerstraße", "", "", "?bitte hausnummer und postleitzahl angeben", false},
		{"Karlplatz", "", "", "?mehrdeutig — bitte postleitzahl angeben: 10117 mitte, 12205 lichterfelde", false},
		{"Karlplatz", "", "12205", "L1", false},
		{"Karlplatz", "", "10117", "M3", false}, // its one house
		{"Karlplatz", "7", "", "M3", false},
		{"Pappelplatz", "", "", "M2", false}, // the square itself, not its house
		{"Pappelplatz", "1", "", "M1", false},
		{"Kurze Straße", "", "", "M1", false}, // one block across two postcodes
		{"Lange Straße", "", "10117", "M3", false},
		{"Lange Straße", "", "", "?bitte hausnummer und postleitzahl angeben", false},
		{"Kurze Straße", "1", "", "M1", false},
		{"Nirgendweg", "1", "", "!„nirgendweg“ steht nicht im straßenverzeichnis", false},
	} {
		m, err := d.Lookup(c.street, c.no, c.plz)
		what := fmt.Sprintf("%s %s %s", c.street, c.no, c.plz)
		switch c.want[0] {
		case '!', '?':
			code := quartier.ENOTFOUND
			if c.want[0] == '?' {
				code = quartier.EINVALID
			}
			if quartier.ErrorCode(err) != code || !strings.Contains(strings.ToLower(quartier.ErrorMessage(err)), strings.ToLower(c.want[1:])) {
				t.Errorf("%s: %+v %v, want %s error with %q", what, m, err, code, c.want[1:])
			}
		default:
			if err != nil || m.Block != c.want || m.Point != c.point {
				t.Errorf("%s: %+v %v, want %q point %v", what, m, err, c.want, c.point)
			}
		}
	}
	// One address listed twice in two blocks: a warning, and the lookup
	// names both instead of picking one.
	for _, twice := range []quartier.StreetEntry{
		{Street: "Pappelplatz", Postcode: "10115", Parity: quartier.ParityNone, Block: "M9"},
		{Street: "Ackerstraße", Postcode: "10115", From: "1", To: "1", Block: "M9"},
	} {
		all := append(slices.Clone(es), twice)
		for i := range all {
			check(&all[i], nil)
		}
		ps := Overlaps(all, func(i int) (int, string) { return i + 1, fmt.Sprintf("Zeile %d", i+1) })
		if len(ps) != 1 || ps[0].Severity != quartier.SeverityWarning || ps[0].Feature != len(all) || !strings.Contains(ps[0].Message, "steht schon in") {
			t.Errorf("%+v listed twice: %v", twice, ps)
		}
		d, err := Build(all)
		if err != nil {
			t.Fatalf("%+v listed twice: %v", twice, err)
		}
		m, err := d.Lookup(twice.Street, twice.From, "10115")
		if quartier.ErrorCode(err) != quartier.EINVALID || !strings.Contains(quartier.ErrorMessage(err), "steht mehrfach im Straßenverzeichnis") {
			t.Errorf("%+v listed twice: %+v %v", twice, m, err)
		}
	}
	if _, err := Build(append(slices.Clone(es), quartier.StreetEntry{Street: "Ackerstraße", Postcode: "10115", From: "1", To: "2", Block: "M9"})); err == nil {
		t.Error("a range over houses of other blocks accepted")
	}
	if _, err := Build(append(es, quartier.StreetEntry{Street: "Ackerstraße", Postcode: "10115", From: "5", To: "5", Parity: quartier.ParityNone, Block: "M9"})); err == nil {
		t.Error("a number marked as without number accepted")
	}
}

// TestLookupInPlace: a place typed after the address may refuse an answer
// that lies elsewhere, never pick one of several; a place that names a
// district of the directory where the street has no entry refuses too,
// one that names no district of the directory, two or more of them (a
// Bezirk), and any place beside a postcode, are ignored.
func TestLookupInPlace(t *testing.T) {
	d, err := Build([]quartier.StreetEntry{
		{Street: "Ackerstraße", Postcode: "10115", District: "Mitte", From: "1", To: "1", Block: "M1"},
		{Street: "Ackerstraße", Postcode: "10115", District: "Mitte", From: "2", To: "2", Block: "M2"},
		{Street: "Ackerstraße", Postcode: "13355", District: "Gesundbrunnen", From: "2", To: "2", Block: "G1"},
		{Street: "Ackerstraße", Postcode: "13585", District: "Spandau", From: "7", To: "7", Block: "S1"},
		{Street: "Ackerstraße", Postcode: "13591", District: "Staaken", From: "9", To: "9", Block: "S2"},
		{Street: "Heerstraße", Postcode: "14052", District: "Charlottenburg", From: "1", To: "1", Block: "C1"},
		{Street: "Heerstraße", Postcode: "14055", District: "Charlottenburg-Nord", From: "3", To: "3", Block: "C2"},
		{Street: "Karlplatz", Postcode: "10117", District: "Mitte", Parity: quartier.ParityNone, Block: "M3"},
		{Street: "Karlplatz", Postcode: "12205", District: "Lichterfelde", Parity: quartier.ParityNone, Block: "L1"},
		{Street: "Rheinstraße", Postcode: "12161", District: "Friedenau", From: "1", To: "1", Block: "F1"},
		{Street: "Hauptstraße", Postcode: "10827", District: "Schöneberg", From: "1", To: "1", Block: "SB1"},
		{Street: "Tempelhofer Damm", Postcode: "12101", District: "Tempelhof", From: "1", To: "1", Block: "T1"},
		{Street: "Lindenweg", From: "1", To: "1", Block: "X1"}, // no district
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ street, no, plz, place, want string }{
		{"Ackerstraße", "1", "", "Berlin", "M1"},
		{"Ackerstraße", "1", "", "Berlin-Mitte", "M1"},
		{"Ackerstraße", "1", "", "mitte", "M1"},
		{"Ackerstraße", "1", "", "Gesundbrunnen", "!Ackerstraße 1 steht im Straßenverzeichnis nicht in Gesundbrunnen, nur in 10115 Mitte"},
		{"Ackerstraße", "7", "", "Berlin-Staaken", "!nicht in Berlin-Staaken, nur in 13585 Spandau"},
		{"Ackerstraße", "7", "", "Spandau", "S1"},
		{"Ackerstraße", "7", "", "Falkensee", "S1"}, // names none of its districts
		{"Ackerstraße", "2", "", "Mitte", "?mehrdeutig — bitte Postleitzahl angeben: 10115 Mitte, 13355 Gesundbrunnen"},
		{"Ackerstraße", "2", "", "Spandau", "!nicht in Spandau, nur in 10115 Mitte, 13355 Gesundbrunnen"},
		// With a postcode, the place is checked too: 13355 is not in
		// Ortsteil Mitte, and the directory (without regions) cannot
		// tell a Bezirk of that name.
		{"Ackerstraße", "2", "13355", "Mitte", "!Ackerstraße 2, 13355 liegt im Straßenverzeichnis in 13355 Gesundbrunnen, nicht in Mitte. In Mitte hat sie die Postleitzahl 10115 — bitte die Postleitzahl prüfen. Ist mit „Mitte“ ein größeres Gebiet gemeint (ein Bezirk), bitte den Ort weglassen."},
		{"Ackerstraße", "2", "13355", "Gesundbrunnen", "G1"},
		{"Ackerstraße", "2", "13355", "Berlin", "G1"},
		{"Ackerstraße", "7", "13585", "Staaken", "!Ackerstraße 7, 13585 liegt im Straßenverzeichnis in 13585 Spandau, nicht in Staaken. In Staaken steht Ackerstraße 7 nicht im Straßenverzeichnis — bitte den Ort prüfen."},
		{"Heerstraße", "1", "", "Charlottenburg-Nord", "!nicht in Charlottenburg-Nord, nur in 14052 Charlottenburg"},
		{"Heerstraße", "3", "", "Charlottenburg-Nord", "C2"},
		{"Heerstraße", "3", "", "Charlottenburg", "!nicht in Charlottenburg, nur in 14055 Charlottenburg-Nord"},
		{"Karlplatz", "", "", "Lichterfelde", "?mehrdeutig — bitte Postleitzahl angeben: 10117 Mitte, 12205 Lichterfelde"},
		// Districts of the directory where the street is not.
		{"Karlplatz", "", "", "Spandau", "!Karlplatz steht im Straßenverzeichnis nicht in Spandau, nur in 10117 Mitte, 12205 Lichterfelde. Ist ein größeres Gebiet gemeint (ein Bezirk), bitte statt des Orts die Postleitzahl angeben."},
		{"Rheinstraße", "1", "", "Schöneberg", "!Rheinstraße 1 steht im Straßenverzeichnis nicht in Schöneberg, nur in 12161 Friedenau"},
		{"Rheinstraße", "1", "", "Schoneberg", "!nicht in Schoneberg, nur in 12161 Friedenau"},
		{"Heerstraße", "1", "", "Charlottenburgnord", "!nicht in Charlottenburgnord, nur in 14052 Charlottenburg"},
		{"Rheinstraße", "1", "", "Friedenau", "F1"},
		{"Rheinstraße", "1", "", "Berlin-Tempelhof-Schöneberg", "F1"}, // two districts: a Bezirk
		{"Lindenweg", "1", "", "Spandau", "X1"},                       // may lie anywhere
		{"Rheinstraße", "1", "", "Hinterhaus", "F1"},
	} {
		m, err := d.LookupIn(c.street, c.no, c.plz, c.place)
		checkWant(t, fmt.Sprintf("%s %s %s (%s)", c.street, c.no, c.plz, c.place), c.want, m, err)
	}
	// A street alone knows only its own districts.
	if _, err := d.Street("Karlplatz").LookupIn("", "", "Spandau"); !strings.Contains(quartier.ErrorMessage(err), "mehrdeutig") {
		t.Errorf("Karlplatz (Spandau) without the directory's places: %v", err)
	}
}

// TestOverlapsSweep compares the sweep with the pairwise check it
// replaced, on random ranges of a few streets.
func TestOverlapsSweep(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	for round := range 300 {
		var es []quartier.StreetEntry
		for range 2 + rnd.IntN(12) {
			e := quartier.StreetEntry{Street: []string{"A-Str.", "B-Str."}[rnd.IntN(2)], Postcode: []string{"", "1"}[rnd.IntN(2)], Block: []string{"X", "Y", "Z"}[rnd.IntN(3)],
				Parity: []quartier.Parity{quartier.ParityAll, quartier.ParityOdd, quartier.ParityEven, quartier.ParityNone}[rnd.IntN(4)]}
			if e.Parity != quartier.ParityNone {
				from, to := rnd.IntN(20), rnd.IntN(20)
				if from > to {
					from, to = to, from
				}
				if rnd.IntN(4) > 0 {
					e.From = strconv.Itoa(from*2 + 1)
				}
				if rnd.IntN(4) > 0 {
					e.To = strconv.Itoa(to*2 + 1)
				}
				if e.Parity == quartier.ParityEven {
					e.From, e.To = plusOne(e.From), plusOne(e.To)
				}
			}
			es = append(es, e)
		}
		for i := range es {
			if _, errs := check(&es[i], nil); len(errs) > 0 {
				t.Fatal(errs)
			}
		}
		// Pairwise: two entries clash when they are of one street and
		// postcode, of other blocks, and their ranges meet.
		clash := func(i, j int) bool {
			a, b := compile(&es[i], i), compile(&es[j], j)
			switch {
			case a.e.Key != b.e.Key || a.e.Postcode != b.e.Postcode || a.e.Block == b.e.Block || a.unnumbered() != b.unnumbered():
				return false
			case a.unnumbered():
				return true
			case (a.e.Parity == quartier.ParityOdd && b.e.Parity == quartier.ParityEven) || (a.e.Parity == quartier.ParityEven && b.e.Parity == quartier.ParityOdd):
				return false
			}
			return !(a.hasTo && b.hasFrom && a.to.less(b.from)) && !(b.hasTo && a.hasFrom && b.to.less(a.from))
		}
		clashes := false
		for j := range es {
			for i := range j {
				clashes = clashes || clash(i, j)
			}
		}
		// The sweep reports each entry at most once, naming a real clash,
		// and finds a clash whenever there is one.
		ps := Overlaps(es, func(i int) (int, string) { return i, "#" + strconv.Itoa(i) + "#" })
		if clashes != (len(ps) > 0) {
			t.Fatalf("round %d: clash %v, problems %v in %+v", round, clashes, ps, es)
		}
		seen := map[int]bool{}
		for _, p := range ps {
			parts := strings.Split(p.Message, "#")
			other, _ := strconv.Atoi(parts[3])
			if seen[p.Feature] || other == p.Feature || !clash(min(other, p.Feature), max(other, p.Feature)) {
				t.Fatalf("round %d: %+v is no clash in %+v", round, p, es)
			}
			seen[p.Feature] = true
		}
	}
}

func plusOne(s string) string {
	if s == "" {
		return ""
	}
	n, _ := strconv.Atoi(s)
	return strconv.Itoa(n + 1)
}

func TestBuildFillsKey(t *testing.T) {
	es := []quartier.StreetEntry{{Street: "Karl-Marx-Straße", Block: "A"}}
	if _, err := Build(es); err != nil {
		t.Fatal(err)
	}
	if es[0].Key != "karl marxstr" || es[0].Parity != quartier.ParityAll {
		t.Errorf("%+v", es[0])
	}
}

func TestBuildErrors(t *testing.T) {
	_, err := Build([]quartier.StreetEntry{
		{Street: "A-Straße", From: "1", To: "9", Parity: quartier.ParityAll, Block: "X"},
		{Street: "A-Str.", From: "5", To: "20", Parity: quartier.ParityAll, Block: "Y"},  // 2: overlaps 1, other block
		{Street: "B-Straße", From: "9", To: "1", Block: "X"},                             // 3: reversed
		{Street: "C-Straße", From: "2", To: "9", Parity: quartier.ParityOdd, Block: "X"}, // 4: From has wrong parity
		{Street: "", Block: "X"}, // 5: no street
		{Street: "D-Straße", From: "1", To: "8", Parity: quartier.ParityOdd, Block: "X"}, // 6: To has wrong parity
		{Street: "E-Straße", Parity: "links", Block: "X"},                                // 7
		{Street: "F-Straße", From: "12-14", Block: "X"},                                  // 8
		{Street: "G-Straße"},             // 9: no block
		{Street: "A-Straße", Block: "Z"}, // 10: whole street overlaps 1
		{Street: "H-Straße", From: "1", To: "9", Block: "X"},
		{Street: "H-Straße", From: "6", Parity: quartier.ParityEven, Block: "X"}, // fine: same block
		{Street: "H-Straße", Postcode: "10115", Block: "Q"},                      // fine: other postcode
	})
	if quartier.ErrorCode(err) != quartier.EINVALID {
		t.Fatalf("%v", err)
	}
	ps := quartier.ErrorProblems(err)
	var at []int
	for _, p := range ps {
		at = append(at, p.Feature)
		if p.Severity != quartier.SeverityError || p.Message == "" {
			t.Errorf("%+v", p)
		}
	}
	if !slices.Equal(at, []int{2, 3, 4, 5, 6, 7, 8, 9, 10}) {
		t.Fatalf("problems at %v: %v", at, ps)
	}
	// Entry 2 meets entry 1 and the whole street of entry 10; it names
	// one of them.
	ov := ps[0]
	if ov.Kind != quartier.ProblemOverlap || ov.Code != "Y" || !strings.Contains(ov.Message, "Eintrag 2") || (!strings.Contains(ov.Message, "Eintrag 1 ") && !strings.Contains(ov.Message, "Eintrag 10")) {
		t.Errorf("overlap: %+v", ov)
	}
	if !strings.Contains(ps[len(ps)-1].Message, "Eintrag 1") || ps[len(ps)-1].Other != "X" {
		t.Errorf("whole-street overlap: %+v", ps[len(ps)-1])
	}
	for _, p := range ps[1:8] {
		if p.Kind != quartier.ProblemValue {
			t.Errorf("kind: %+v", p)
		}
	}
}

// read reads src and checks overlaps as the import does.
func read(t *testing.T, src string) ([]quartier.StreetEntry, []quartier.Problem) {
	t.Helper()
	f, err := ReadCSV(strings.NewReader(src), ReadOptions{MaxBytes: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	ps := append(f.Problems, Overlaps(f.Entries, f.Place)...)
	return f.Entries, ps
}

func TestReadCSV(t *testing.T) {
	for name, src := range map[string]string{
		"semicolon+BOM": "\ufeffStraße;HNR_von;HNR_bis;Seite;PLZ;Baustein\r\nKarl-Marx-Straße;1;99;ungerade;12043;A\r\nAm Ettersberg;;;alle;;N2\r\n",
		"comma":         "street,from,to,parity,postcode,block\nKarl-Marx-Straße,1,99,odd,12043,A\n\nAm Ettersberg,,,all,,N2\n",
		"short words":   "strasse;von;bis;seite;plz;planungsraum\nKarl-Marx-Straße;1;99;U;12043;A\nAm Ettersberg;;;;;N2\n",
		"Windows-1252":  "Stra\xdfe;Hnr von;Hnr bis;Seite;PLZ;Baustein\nKarl-Marx-Stra\xdfe;1;99;ungerade;12043;A\nAm Ettersberg;;;alle;;N2\n",
		"quoted":        "\"strasse\",\"hnr_von\",\"hnr_bis\",\"seite\",\"plz\",\"baustein\"\n\"Karl-Marx-Straße\",\"1\",\"99\",\"u\",\"12043\",\"A\"\n\"Am Ettersberg\",,,\"a\",,\"N2\"\n",
	} {
		es, ps := read(t, src)
		if len(ps) != 0 || len(es) != 2 {
			t.Errorf("%s: %+v %v", name, es, ps)
			continue
		}
		want := []quartier.StreetEntry{
			{Street: "Karl-Marx-Straße", Key: "karl marxstr", Postcode: "12043", From: "1", To: "99", Parity: quartier.ParityOdd, Block: "A"},
			{Street: "Am Ettersberg", Key: "am ettersberg", Parity: quartier.ParityAll, Block: "N2"},
		}
		if !slices.Equal(es, want) {
			t.Errorf("%s:\n got %+v\nwant %+v", name, es, want)
		}
	}
	es, ps := read(t, "strasse;baustein\nM\xfcllerstra\xdfe;X\n\"Stra\xdfe des 17. Juni\";Y\n")
	if len(ps) != 0 || len(es) != 2 || es[0].Street != "Müllerstraße" || es[1].Key != "str des 17 juni" {
		t.Errorf("Windows-1252: %+v %v", es, ps)
	}
	es, ps = read(t, "strasse;baustein\n\"Hauptstraße; Hinterhaus\";X\n")
	if len(ps) != 0 || es[0].Street != "Hauptstraße; Hinterhaus" {
		t.Errorf("quoted separator: %+v %v", es, ps)
	}
}

// Official address lists come as published: one house a row, the suffix
// in a column of its own, squares without number, and (NRW) the house
// coordinates with their CRS in the column name.
func TestReadCSVAddressLists(t *testing.T) {
	berlin := "hnr,hnr_zusatz,str_name,plz,ort_name,PLR_NAME,PLR_ID\n" +
		"1,,Ackerstraße,10115,Mitte,Oranienburger Straße,01100309\n" +
		"1,A,Ackerstraße,10115,Mitte,Oranienburger Straße,01100309\n" +
		",,Pappelplatz,10115,Mitte,Invalidenstraße,01100415\n"
	f, err := ReadCSV(strings.NewReader(berlin), ReadOptions{})
	if err != nil || len(f.Problems) != 0 || f.Points {
		t.Fatalf("%v %v", err, f.Problems)
	}
	want := []quartier.StreetEntry{
		{Street: "Ackerstraße", Key: "ackerstr", Postcode: "10115", District: "Mitte", From: "1", To: "1", Parity: quartier.ParityAll, Block: "01100309"},
		{Street: "Ackerstraße", Key: "ackerstr", Postcode: "10115", District: "Mitte", From: "1A", To: "1A", Parity: quartier.ParityAll, Block: "01100309"},
		{Street: "Pappelplatz", Key: "pappelplatz", Postcode: "10115", District: "Mitte", Parity: quartier.ParityNone, Block: "01100415"},
	}
	if !slices.Equal(f.Entries, want) || !slices.Equal(f.Lines, []int{2, 3, 4}) {
		t.Errorf("Berlin:\n got %+v %v\nwant %+v", f.Entries, f.Lines, want)
	}

	essen := "objectid,strschl,strname,hsnr,hsnrzu,x_epsg25832,y_epsg25832,lon_wgs84,lat_wgs84\n" +
		"2,7319,Huttropstraße,21,,362128.000,5710918.000,7.0122319,51.5325137\n" +
		"3,7319,Huttropstraße,21,b,362130.5,5710920,7.01,51.53\n"
	f, err = ReadCSV(strings.NewReader(essen), ReadOptions{SRID: quartier.UTM33N})
	if err != nil || len(f.Problems) != 0 || !f.Points || f.SRID != quartier.UTM32N || len(f.Entries) != 2 {
		t.Fatalf("Essen: %v %v %+v", err, f.Problems, f)
	}
	if e := f.Entries[1]; e.From != "21b" || e.X != 362130.5 || e.Y != 5710920 || e.Block != "" || e.Postcode != "" {
		t.Errorf("Essen: %+v", e)
	}

	for _, c := range []struct {
		src  string
		srid quartier.SRID
	}{
		{"strasse;hnr;x;y\nA-Weg;1;390000,5;5820000\n", quartier.UTM33N}, // the caller's CRS, decimal comma
		{"strasse;hnr;lon;lat\nA-Weg;1;13.4;52.5\n", quartier.WGS84},
		{"strasse;hnr;Rechtswert (EPSG:25832);Hochwert (EPSG:25832)\nA-Weg;1;390000;5820000\n", quartier.UTM32N},
	} {
		f, err := ReadCSV(strings.NewReader(c.src), ReadOptions{SRID: quartier.UTM33N})
		if err != nil || len(f.Problems) != 0 || f.SRID != c.srid || len(f.Entries) != 1 || !f.Entries[0].HasPoint() {
			t.Errorf("%q: %v %v %+v", c.src, err, f.Problems, f)
		}
	}

	bad := "strasse;hnr;hnr_zusatz;baustein;x;y\n" +
		"A-Weg;;B;X;;\n" + // 2: suffix without number
		"A-Weg;3;;X;390000;\n" + // 3: one coordinate
		"A-Weg;4;;X;3x;5820000\n" + // 4: not a number
		"A-Weg;5;;;;\n" + // 5: neither block nor point
		"A-Weg;6;;;0;0\n" + // 6: no place
		"A-Weg;7;;;390000;5820000\n" // fine: the block comes from the point
	f, err = ReadCSV(strings.NewReader(bad), ReadOptions{SRID: quartier.UTM33N})
	if err != nil {
		t.Fatal(err)
	}
	var lines []int
	for _, p := range f.Problems {
		lines = append(lines, p.Feature)
	}
	if !slices.Equal(lines, []int{2, 3, 4, 5, 6, 6}) || len(f.Entries) != 1 || f.Entries[0].From != "7" {
		t.Errorf("faults at %v: %v; entries %+v", lines, f.Problems, f.Entries)
	}
	if !strings.Contains(f.Problems[0].Message, "Spalte hnr") || !strings.Contains(f.Problems[3].Message, "Baustein fehlt") {
		t.Errorf("columns: %v", f.Problems)
	}
	f, _ = ReadCSV(strings.NewReader("strasse;hnr;baustein\n\"A-\nWeg\";1;X\nB-Weg;2;\"X\tY\"\n"), ReadOptions{})
	if len(f.Problems) != 2 || f.Problems[0].Feature != 2 || f.Problems[1].Feature != 4 || len(f.Entries) != 0 {
		t.Errorf("line break and tab in cells: %v", f.Problems)
	}
	f, _ = ReadCSV(strings.NewReader("strasse;hnr\nA;1\n"), ReadOptions{})
	if len(f.Problems) != 1 || !strings.Contains(f.Problems[0].Message, "baustein") {
		t.Errorf("no block column and no points: %v", f.Problems)
	}
}

func TestReadCSVLocatesFaults(t *testing.T) {
	src := "Strasse;HNR_von;HNR_bis;Seite;Baustein\n" +
		"A-Str.;x1;;alle;B\n" + // 2: hnr_von
		"C-Str.;1;;links;D\n" + // 3: seite
		";1;;alle;E\n" + // 4: strasse
		"F-Str.;9;1;alle;\n" + // 5: reversed and no block
		"G-Str.;2;8;ungerade;G\n" + // 6: both ends wrong side
		"H-Str.;1;9;alle;H\n" +
		"\n" +
		"H-Str.;5;;alle;I\n" // 9: overlaps line 7
	es, ps := read(t, src)
	type loc struct {
		line int
		col  string
	}
	want := []loc{{2, "HNR_von"}, {3, "Seite"}, {4, "Strasse"}, {5, "Baustein"}, {5, "HNR_bis"}, {6, "HNR_von"}, {6, "HNR_bis"}, {9, ""}}
	if len(ps) != len(want) {
		t.Fatalf("want %d problems, got %d: %v", len(want), len(ps), ps)
	}
	for i, w := range want {
		p := ps[i]
		if p.Feature != w.line || p.Severity != quartier.SeverityError || !strings.Contains(p.Message, "Zeile "+strconv.Itoa(w.line)) || (w.col != "" && !strings.Contains(p.Message, "Spalte "+w.col)) {
			t.Errorf("problem %d: want line %d column %q, got %+v", i, w.line, w.col, p)
		}
	}
	last := ps[len(ps)-1]
	if last.Kind != quartier.ProblemOverlap || !strings.Contains(last.Message, "Zeile 7") {
		t.Errorf("overlap not located by lines: %+v", last)
	}
	if len(es) != 2 {
		t.Errorf("good rows: %+v", es)
	}
}

func TestReadCSVFileFaults(t *testing.T) {
	_, ps := read(t, "strasse;baustein\n"+strings.Repeat("A;B\n", 100))
	if len(ps) != 0 {
		t.Errorf("duplicates of one block are fine: %v", ps)
	}
	f, err := ReadCSV(strings.NewReader("strasse;baustein\n"+strings.Repeat("A;B\n", 100)), ReadOptions{MaxBytes: 64})
	if err != nil || len(f.Problems) == 0 || f.Problems[len(f.Problems)-1].Kind != quartier.ProblemTooLarge {
		t.Errorf("size limit: %v %v", f.Problems, err)
	}
	_, ps = read(t, "name;wert\nA;B\n")
	if len(ps) != 1 || ps[0].Feature != 1 || !strings.Contains(ps[0].Message, "strasse") || !strings.Contains(ps[0].Message, "name, wert") {
		t.Errorf("missing columns: %v", ps)
	}
	_, ps = read(t, "")
	if len(ps) != 1 || ps[0].Kind != quartier.ProblemSyntax {
		t.Errorf("empty: %v", ps)
	}
	_, ps = read(t, "strasse;baustein\nA;B\n\"C;D\nE;F\n")
	if len(ps) != 1 || ps[0].Kind != quartier.ProblemSyntax || ps[0].Feature != 3 {
		t.Errorf("unclosed quote: %v", ps)
	}
	boom := errors.New("disk on fire")
	_, err = ReadCSV(io.MultiReader(strings.NewReader("strasse;baustein\nA;B\n"), errReader{boom}), ReadOptions{MaxBytes: 1 << 20})
	if !errors.Is(err, boom) {
		t.Errorf("I/O error: %v", err)
	}
	_, err = ReadCSV(errReader{boom}, ReadOptions{MaxBytes: 1 << 20})
	if !errors.Is(err, boom) {
		t.Errorf("I/O error on header: %v", err)
	}
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

func TestCSVRoundTrip(t *testing.T) {
	es, ps := read(t, "strasse;hnr_von;hnr_bis;seite;plz;baustein\n"+
		"Karl-Marx-Straße;1;99a;ungerade;12043;A\n"+
		"Am Ettersberg;;;alle;;N2\n"+
		"\"Hauptstraße; \"\"Hof\"\"\";2;;gerade;10827;B\n"+
		"'=Formelweg;3;;alle;;C\n")
	if len(ps) != 0 {
		t.Fatal(ps)
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, es, quartier.UTM33N); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "\ufeffstrasse;hnr_von;hnr_bis;seite;plz;ort;baustein\n") {
		t.Errorf("header: %q", buf.String())
	}
	// A street that starts like a formula stays text in a spreadsheet and
	// reads back as it was.
	if es[len(es)-1].Street != "=Formelweg" || !strings.Contains(buf.String(), "\n'=Formelweg;") {
		t.Errorf("formula street: %q in\n%s", es[len(es)-1].Street, buf.String())
	}
	again, ps := read(t, buf.String())
	if len(ps) != 0 || !slices.Equal(again, es) {
		t.Fatalf("round trip:\n%+v\n%+v", again, es)
	}
	// With points and districts, and an address without number.
	es = append(es, quartier.StreetEntry{Street: "Pappelplatz", Key: "pappelplatz", Postcode: "10115", District: "Mitte", Parity: quartier.ParityNone, Block: "D", X: 390000.25, Y: 5820000.5})
	buf.Reset()
	if err := WriteCSV(&buf, es, quartier.UTM32N); err != nil {
		t.Fatal(err)
	}
	f, err := ReadCSV(strings.NewReader(buf.String()), ReadOptions{SRID: quartier.UTM33N})
	if err != nil || len(f.Problems) != 0 || f.SRID != quartier.UTM32N || !slices.Equal(f.Entries, es) {
		t.Fatalf("round trip with points: %v %v\n%+v\n%+v", err, f.Problems, f.Entries, es)
	}
}

func FuzzNormalizeStreet(f *testing.F) {
	for _, s := range []string{"Karl-Marx-Straße", "Str. des 17. Juni", "MÜLLERSTR.", "", "ß", "\xff\xfe", "Goethe Pl.", "Weg Str", "a\u0308\u0308", "Str Asse", "ǅ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := NormalizeStreet(s)
		if NormalizeStreet(k) != k {
			t.Fatalf("not idempotent: %q → %q → %q", s, k, NormalizeStreet(k))
		}
		if strings.TrimSpace(k) != k || strings.Contains(k, "  ") {
			t.Fatalf("spacing: %q → %q", s, k)
		}
	})
}

func FuzzParseHouseNumber(f *testing.F) {
	for _, s := range []string{"12", "12a", "12 A", "x", "99999999999", "12-14", "1ǅ"} {
		f.Add(s, "13")
	}
	f.Fuzz(func(t *testing.T, s, o string) {
		h, err := ParseHouseNumber(s)
		if err != nil {
			return
		}
		if h2, err2 := ParseHouseNumber(h.String()); err2 != nil || h2 != h {
			t.Fatalf("%q → %v does not re-parse: %v %v", s, h, h2, err2)
		}
		if l, ok := lookupNumber(s); !ok || l != h {
			t.Fatalf("lookupNumber(%q) = %v, ParseHouseNumber %v", s, l, h)
		}
		if g, err := ParseHouseNumber(o); err == nil && h.Compare(g) != -g.Compare(h) {
			t.Fatalf("Compare not antisymmetric: %v %v", h, g)
		}
	})
}

func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("strasse;hnr_von;hnr_bis;seite;plz;baustein\nKarl-Marx-Straße;1;99;ungerade;12043;A\nKarl-Marx-Str.;2;;g;12043;B\n"))
	f.Add([]byte("street,block\n\"a,b\",c\n"))
	f.Add([]byte("\ufeff"))
	f.Add([]byte("Stra\xdfe;Baustein\nM\xfcllerstr.;1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := ReadCSV(bytes.NewReader(data), ReadOptions{MaxBytes: 1 << 16, SRID: quartier.UTM33N})
		es, ps := file.Entries, file.Problems
		if err != nil {
			t.Fatalf("I/O error from bytes: %v", err)
		}
		for _, p := range ps {
			if p.Message == "" || p.Feature < -1 || p.Severity != quartier.SeverityError {
				t.Fatalf("bad problem %+v", p)
			}
		}
		for _, e := range es {
			if e.Street == "" || (e.Block == "" && !e.HasPoint()) || e.Key != NormalizeStreet(e.Street) {
				t.Fatalf("accepted bad entry %+v", e)
			}
		}
		withBlocks := true
		for _, e := range es {
			withBlocks = withBlocks && e.Block != ""
		}
		if !quartier.HasErrors(ps) && withBlocks && len(Overlaps(es, file.Place)) == 0 {
			if _, err := Build(es); err != nil {
				t.Fatalf("ReadCSV clean but Build fails: %v", err)
			}
		}
	})
}

// Where the places know regions (Berlin's Bezirke), a typed place narrows
// the candidates to those it holds: one left answers, several left stay
// ambiguous with only those listed, none left refuses. A place names its
// whole meaning then (Ortsteil and Bezirk Pankow alike), so the narrowing
// cannot drop the candidate that was meant. Without regions a name may be
// a larger area's that the directory does not know, so it narrows nothing.
func TestLookupNarrowsByPlace(t *testing.T) {
	es := []quartier.StreetEntry{
		{Street: "Kastanienallee", Postcode: "10435", District: "Prenzlauer Berg", From: "10", To: "10", Block: "03701554"},
		{Street: "Kastanienallee", Postcode: "13129", District: "Blankenburg", From: "10", To: "10", Block: "03300514"},
		{Street: "Kastanienallee", Postcode: "13158", District: "Rosenthal", From: "10", To: "10", Block: "03200205"},
		{Street: "Kastanienallee", Postcode: "12587", District: "Friedrichshagen", From: "10", To: "10", Block: "09501737"},
		{Street: "Kastanienallee", Postcode: "12623", District: "Mahlsdorf", From: "10", To: "10", Block: "10400941"},
		{Street: "Kastanienallee", Postcode: "12627", District: "Hellersdorf", From: "10", To: "10", Block: "10200421"},
		{Street: "Kastanienallee", Postcode: "12627", District: "Hellersdorf", From: "12A", To: "12A", Block: "10200421"},
		{Street: "Kastanienallee", Postcode: "12627", District: "Hellersdorf", From: "12B", To: "12B", Block: "10200421"},
		{Street: "Kastanienallee", Postcode: "13158", District: "Rosenthal", From: "12", To: "12", Block: "03200205"},
		{Street: "Kastanienallee", Postcode: "14050", District: "Westend", From: "10", To: "10", Block: "04200308"},
		{Street: "Kastanienallee", Postcode: "10115", District: "Mitte", From: "20", To: "20", Block: "01100101"},
		{Street: "Kastanienallee", Postcode: "13355", District: "Gesundbrunnen", From: "20", To: "20", Block: "01300101"},
		{Street: "Kastanienallee", Postcode: "13187", District: "Pankow", From: "20", To: "20", Block: "03100101"},
		{Street: "Lindenweg", Postcode: "13187", District: "Pankow", From: "1", To: "1", Block: "03100102"},
		{Street: "Lindenweg", From: "1", To: "1", Block: "X1"}, // no district: may lie anywhere
		{Street: "Parkweg", Postcode: "10435", District: "Prenzlauer Berg", From: "1", To: "9", Block: "03701555"},
		{Street: "Parkweg", Postcode: "12587", District: "Friedrichshagen", From: "1", To: "9", Block: "09501738"},
		{Street: "Birkenweg", Postcode: "13187", District: "Pankow", From: "1", To: "9", Block: "03100104"},
		{Street: "Birkenweg", Postcode: "13187", District: "Niederschönhausen", From: "11", To: "19", Block: "03200301"},
	}
	d, err := Build(es)
	if err != nil {
		t.Fatal(err)
	}
	regions := RegionDistricts(es, []Region{{Name: "Mitte", BlockPrefix: "01"}, {Name: "Pankow", BlockPrefix: "03"}, {Name: "Charlottenburg-Wilmersdorf", BlockPrefix: "04"},
		{Name: "Treptow-Köpenick", BlockPrefix: "09"}, {Name: "Marzahn-Hellersdorf", BlockPrefix: "10"}, {Name: "Spandau", Districts: []string{"Spandau"}}})
	withRegions := NewPlaces("Berlin", d.Districts(), regions)
	withoutRegions := NewPlaces("Berlin", d.Districts(), nil)
	for _, c := range []struct {
		no, place, want string
		regions         bool
	}{
		// One candidate in the place answers.
		{"10", "Prenzlauer Berg", "03701554", true},
		{"10", "Berlin-Prenzlauer Berg", "03701554", true},
		{"10", "Friedrichshagen", "09501737", true},
		{"10", "Treptow-Köpenick", "09501737", true},
		{"10", "Charlottenburg-Wilmersdorf", "04200308", true},
		// Several left stay ambiguous, listing only those.
		{"10", "Berlin-Pankow", "?Kastanienallee 10 ist mehrdeutig — bitte Postleitzahl angeben: 10435 Prenzlauer Berg, 13129 Blankenburg, 13158 Rosenthal.", true},
		{"10", "Marzahn-Hellersdorf", "?Kastanienallee 10 ist mehrdeutig — bitte Postleitzahl angeben: 12623 Mahlsdorf, 12627 Hellersdorf.", true},
		// A name that is an Ortsteil and a Bezirk stands for both, so
		// Mitte narrows to Mitte and Gesundbrunnen (Bezirk Mitte), Pankow
		// to Ortsteil and Bezirk Pankow.
		{"20", "Mitte", "?Kastanienallee 20 ist mehrdeutig — bitte Postleitzahl angeben: 10115 Mitte, 13355 Gesundbrunnen.", true},
		{"20", "Gesundbrunnen", "01300101", true},
		{"20", "Pankow", "03100101", true},
		// None left refuses, naming all.
		{"10", "Spandau", "!Kastanienallee 10 steht im Straßenverzeichnis nicht in Spandau, nur in", true},
		{"20", "Prenzlauer Berg", "!Kastanienallee 20 steht im Straßenverzeichnis nicht in Prenzlauer Berg, nur in 10115 Mitte (Bezirk Mitte), 13187 Pankow (Bezirk Pankow), 13355 Gesundbrunnen (Bezirk Mitte).", true},
		// "12" stands for Hellersdorf's 12A and 12B only where the street
		// has no 12: the place narrows the candidates, it does not change
		// which are asked.
		{"12", "Hellersdorf", "!Kastanienallee 12 steht im Straßenverzeichnis nicht in Hellersdorf, nur in 13158 Rosenthal (Bezirk Pankow).", true},
		{"12", "Rosenthal", "03200205", true},
		{"12", "Prenzlauer Berg", "!Kastanienallee 12 steht im Straßenverzeichnis nicht in Prenzlauer Berg, nur in 13158 Rosenthal (Bezirk Pankow).", true},
		// Without a number, the part of the street in the place.
		{"", "Friedrichshagen", "09501737", true},
		{"", "Rosenthal", "03200205", true},
		{"", "Pankow", "?Kastanienallee ist mehrdeutig — bitte Postleitzahl angeben: 10435 Prenzlauer Berg, 13129 Blankenburg, 13158 Rosenthal, 13187 Pankow.", true},
		// A word that names no place narrows nothing.
		{"10", "Hinterhaus", "?Kastanienallee 10 ist mehrdeutig — bitte Postleitzahl angeben: 10435 Prenzlauer Berg, 12587 Friedrichshagen, 12623 Mahlsdorf, 12627 Hellersdorf, 13129 Blankenburg, 13158 Rosenthal, 14050 Westend.", true},
		// Without regions: checked, not narrowed.
		{"10", "Prenzlauer Berg", "?Kastanienallee 10 ist mehrdeutig — bitte Postleitzahl angeben: 10435 Prenzlauer Berg, 12587 Friedrichshagen", false},
		{"20", "Mitte", "?Kastanienallee 20 ist mehrdeutig — bitte Postleitzahl angeben: 10115 Mitte, 13187 Pankow, 13355 Gesundbrunnen.", false},
		{"10", "Gesundbrunnen", "!Kastanienallee 10 steht im Straßenverzeichnis nicht in Gesundbrunnen", false},
	} {
		places := withoutRegions
		if c.regions {
			places = withRegions
		}
		m, err := d.Street("Kastanienallee").LookupWith(c.no, "", c.place, places)
		checkWant(t, fmt.Sprintf("Kastanienallee %s, %s (regions %v)", c.no, c.place, c.regions), c.want, m, err)
	}
	// With a postcode, the place is checked against the postcode's
	// candidates as well: it narrows where the postcode alone leaves
	// several blocks, and one that contradicts the postcode refuses,
	// saying which part does not fit. The municipality and words that
	// name no place check nothing.
	for _, c := range []struct {
		street, no, plz, place, want string
		regions                      bool
	}{
		{"Kastanienallee", "10", "10435", "Prenzlauer Berg", "03701554", true},
		{"Kastanienallee", "10", "10435", "Berlin-Prenzlauer Berg", "03701554", true},
		{"Kastanienallee", "10", "10435", "Berlin", "03701554", true},
		{"Kastanienallee", "10", "10435", "Pankow", "03701554", true},
		{"Kastanienallee", "10", "10435", "Hinterhaus", "03701554", true},
		{"Kastanienallee", "10", "12627", "Prenzlauer Berg", "!Kastanienallee 10, 12627 liegt im Straßenverzeichnis in 12627 Hellersdorf (Bezirk Marzahn-Hellersdorf), nicht in Prenzlauer Berg. In Prenzlauer Berg hat sie die Postleitzahl 10435 — bitte die Postleitzahl prüfen.", true},
		{"Kastanienallee", "10", "12627", "Berlin-Pankow", "!Kastanienallee 10, 12627 liegt im Straßenverzeichnis in 12627 Hellersdorf (Bezirk Marzahn-Hellersdorf), nicht in Berlin-Pankow. In Berlin-Pankow hat sie die Postleitzahlen 10435, 13129, 13158 — bitte die Postleitzahl prüfen.", true},
		{"Kastanienallee", "10", "12627", "Spandau", "!Kastanienallee 10, 12627 liegt im Straßenverzeichnis in 12627 Hellersdorf (Bezirk Marzahn-Hellersdorf), nicht in Spandau. In Spandau steht Kastanienallee 10 nicht im Straßenverzeichnis — bitte den Ort prüfen.", true},
		{"Kastanienallee", "10", "12627", "Prenzlauer Berg", "!Kastanienallee 10, 12627 liegt im Straßenverzeichnis in 12627 Hellersdorf, nicht in Prenzlauer Berg. In Prenzlauer Berg hat sie die Postleitzahl 10435 — bitte die Postleitzahl prüfen.", false},
		{"Kastanienallee", "12", "12627", "Hellersdorf", "10200421", true}, // 12A and 12B agree
		// A postcode that spans districts: the place narrows it.
		{"Birkenweg", "", "13187", "", "?Birkenweg (13187 Niederschönhausen, 13187 Pankow) liegt in mehreren Bausteinen — bitte Hausnummer angeben.", true},
		{"Birkenweg", "", "13187", "Niederschönhausen", "03200301", true},
		{"Birkenweg", "", "13187", "Berlin-Niederschönhausen", "03200301", true},
		{"Birkenweg", "", "13187", "Pankow", "?Birkenweg (13187 Niederschönhausen, 13187 Pankow) liegt in mehreren Bausteinen — bitte Hausnummer angeben.", true},
		{"Birkenweg", "", "13187", "Mitte", "!Birkenweg, 13187 liegt im Straßenverzeichnis in 13187 Niederschönhausen (Bezirk Pankow), 13187 Pankow (Bezirk Pankow), nicht in Mitte. In Mitte steht Birkenweg nicht im Straßenverzeichnis — bitte den Ort prüfen.", true},
		{"Birkenweg", "", "13187", "Niederschönhausen", "?Birkenweg (13187 Niederschönhausen, 13187 Pankow) liegt in mehreren Bausteinen", false},
	} {
		places := withoutRegions
		if c.regions {
			places = withRegions
		}
		m, err := d.Street(c.street).LookupWith(c.no, c.plz, c.place, places)
		checkWant(t, fmt.Sprintf("%s %s, %s %s (regions %v)", c.street, c.no, c.plz, c.place, c.regions), c.want, m, err)
	}

	// An entry without a district is never left out: Lindenweg 1 in
	// Pankow may be the one without.
	m, err := d.Street("Lindenweg").LookupWith("1", "", "Pankow", withRegions)
	checkWant(t, "Lindenweg 1, Pankow", "?Lindenweg 1 ist mehrdeutig — bitte Postleitzahl angeben: 13187 Pankow, ohne Postleitzahl.", m, err)
	m, err = d.Street("Parkweg").LookupWith("5", "", "Prenzlauer Berg", withRegions)
	checkWant(t, "Parkweg 5, Prenzlauer Berg", "03701555", m, err)
}

// outcome writes a lookup's answer as the tables expect it: the block, or
// "!" and the message of an ENOTFOUND error, "?" and that of an EINVALID
// one.
func outcome(m Match, err error) string {
	switch quartier.ErrorCode(err) {
	case "":
		return m.Block
	case quartier.ENOTFOUND:
		return "!" + quartier.ErrorMessage(err)
	case quartier.EINVALID:
		return "?" + quartier.ErrorMessage(err)
	}
	return fmt.Sprintf("%v", err)
}

// checkWant checks a lookup's answer against want: a block, or "!" or "?"
// (see outcome) and a part of the message.
func checkWant(t *testing.T, what, want string, m Match, err error) {
	t.Helper()
	got := outcome(m, err)
	if got != want && (want[0] != '!' && want[0] != '?' || got[0] != want[0] || !strings.Contains(got, want[1:])) {
		t.Errorf("%s: %s, want %s", what, got, want)
	}
}
