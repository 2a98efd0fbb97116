package streetdir

import (
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/quartier/quartier"
)

// similarDirectory has streets whose names people write otherwise, and
// pairs that a looser form would merge.
func similarDirectory(t testing.TB) *Directory {
	t.Helper()
	var es []quartier.StreetEntry
	for _, s := range []struct{ street, postcode, district, block string }{
		{"Karl-Marx-Allee", "10178", "Mitte", "KMA"},
		{"Karl-Marx-Straße", "12043", "Neukölln", "KMS"},
		{"Schönhauser Allee", "10439", "Prenzlauer Berg", "SA"},
		{"Müllerstraße", "13353", "Wedding", "MU"},
		{"Große Hamburger Straße", "10115", "Mitte", "GH"},
		{"Allee der Kosmonauten", "12681", "Marzahn", "AK"},
		{"Straße am Flugplatz", "12487", "Johannisthal", "SF"},
		{"Bauerstraße", "12345", "Lichtenrade", "BAU"},
		{"Guntherstraße", "10365", "Lichtenberg", "GU1"},
		{"Güntherstraße", "12524", "Altglienicke", "GU2"},
		// Two streets one space apart: written together, either is meant.
		{"Am Park", "13000", "Buch", "AP"},
		{"Ampark", "13001", "Buch", "AP2"},
		{"Goethestraße", "10625", "Charlottenburg", "GO"},
		// Streets named by a number.
		{"Straße 614", "12347", "Britz", "S614"},
		{"Straße 6", "13059", "Wartenberg", "S6"},
	} {
		es = append(es, quartier.StreetEntry{Street: s.street, Postcode: s.postcode, District: s.district, From: "1", To: "1", Block: s.block})
	}
	d, err := Build(es)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// choose asks Similar as a lookup does: the streets of Keys(name), then
// Choose.
func choose(d *Directory, name string) (*Street, error) {
	x := d.Similar()
	streets := map[string]*Street{}
	for _, k := range x.Keys(name) {
		if s := d.StreetByKey(k); s != nil {
			streets[k] = s
		}
	}
	return x.Choose(name, streets)
}

// TestSimilar: a name the directory does not hold under its key finds the
// one street it is written like, closest form first, and says so where
// several fit; an umlaut's e is only ever dropped from an umlaut.
func TestSimilar(t *testing.T) {
	d := similarDirectory(t)
	for name, want := range map[string]string{
		// Written together or spaced otherwise.
		"Karlmarxallee":     "Karl-Marx-Allee",
		"KarlMarxStr.":      "Karl-Marx-Straße",
		"karlmarxstrasse":   "Karl-Marx-Straße",
		"Straßeamflugplatz": "Straße am Flugplatz",
		"StraßeAmFlugplatz": "Straße am Flugplatz",
		// "Alle" for "Allee".
		"Karl-Marx-Alle":       "Karl-Marx-Allee",
		"Alle der Kosmonauten": "Allee der Kosmonauten",
		"Schönhauser Alle":     "Schönhauser Allee",
		// An umlaut without its e, ß as one s, also together.
		"Schonhauser Allee":       "Schönhauser Allee",
		"Schonhauserallee":        "Schönhauser Allee",
		"Mullerstr.":              "Müllerstraße",
		"Grose Hamburger Str.":    "Große Hamburger Straße",
		"Grosse Hamburger Strase": "Große Hamburger Straße",
		// Not umlauts: no street.
		"Baurstraße":    "",
		"Gothestraße":   "",
		"Nirgendweg":    "",
		"Schonhauser":   "",
		"":              "",
		"Karl-Marx-Str": "Karl-Marx-Straße", // the key itself
		// A name's number may be written onto its word, but two numbers
		// are not one: "Straße 6 14" is house 14 of Straße 6, never
		// Straße 614.
		"Straße614":   "Straße 614",
		"Strasse 614": "Straße 614",
		"Straße 6 14": "",
		"Straße 61 4": "",
	} {
		s, err := choose(d, name)
		got := ""
		if s != nil {
			got = s.Name()
		}
		if err != nil || got != want {
			t.Errorf("%q: %q %v, want %q", name, got, err, want)
		}
	}
	for name, want := range map[string]string{
		"Am-Park":  "„Am-Park“ steht so nicht im Straßenverzeichnis und ist mehrdeutig — bitte den Namen genau angeben: Am Park (13000 Buch); Ampark (13001 Buch).",
		"AM PARK ": "Am Park (13000 Buch); Ampark (13001 Buch)",
	} {
		// "Am-Park" is Am Park's key: a lookup never asks Similar for it.
		// Asked anyway, the form written together is ambiguous.
		s, err := choose(d, name)
		if quartier.ErrorCode(err) != quartier.EINVALID || !strings.Contains(quartier.ErrorMessage(err), want) || s != nil {
			t.Errorf("%q: %v %v, want ambiguous %q", name, s, err, want)
		}
	}
	// Guntherstraße and Güntherstraße are both listed: "Gunther-Strase"
	// is the first's key, and a form of neither fits both.
	if s, err := choose(d, "Gunther-Strase"); err != nil || s == nil || s.Name() != "Guntherstraße" {
		t.Errorf("Gunther-Strase: %v %v", s, err)
	}
	if s, err := choose(d, "Gunthersstraße"); err == nil || s != nil || !strings.Contains(quartier.ErrorMessage(err), "Guntherstraße (10365 Lichtenberg); Güntherstraße (12524 Altglienicke)") {
		t.Errorf("Gunthersstraße: %v %v", s, err)
	}
	// The keys to read are few.
	if keys := d.Similar().Keys("Schonhauser Allee"); !slices.Equal(keys, []string{"schoenhauserallee"}) {
		t.Errorf("keys: %q", keys)
	}
	if n := len(slices.Collect(maps.Keys(d.streets))); n != 15 {
		t.Fatalf("%d streets", n)
	}
}

// TestSimilarTypo: a name one typing error from one street's (a letter
// left out, added, replaced, two swapped; in "Straße" too) is read as that
// street; one from two is named ambiguous unless one of them has the typed
// postcode. Digits, spaces and short names are never read so.
func TestSimilarTypo(t *testing.T) {
	d := similarDirectory(t)
	x := d.Similar()
	typo := func(name, postcode string) (*Street, error) {
		streets := map[string]*Street{}
		for _, k := range x.TypoKeys(name) {
			streets[k] = d.StreetByKey(k)
		}
		return x.ChooseTypo(name, postcode, streets)
	}
	for name, want := range map[string]string{
		"Gothestraße":         "Goethestraße",
		"Goethestrasse":       "", // the key: TypoKeys is not asked for it, and it is no error
		"Goehtestr.":          "Goethestraße",
		"Goetheestraße":       "Goethestraße",
		"Goethe Sraße":        "Goethestraße",
		"Goethestrsse":        "Goethestraße",
		"Müllerstrase":        "", // the key
		"Müllrstraße":         "Müllerstraße",
		"Schönhauser Alee":    "Schönhauser Allee",
		"Schönhuaser Allee":   "Schönhauser Allee",
		"Karl-Marx-Allée":     "", // the key: accents are folded
		"Straße 615":          "", // a digit is never the error
		"Straße 64":           "",
		"Straße614":           "",
		"Strase 6 4":          "",
		"Am Prak":             "", // too short to guess
		"Ackerstraße":         "",
		"Allee der Kosmonaut": "",
		// Words cut short: each begins the listed word, in its place.
		"Gr. Hamburger Str.":   "Große Hamburger Straße",
		"Gr.-Hamburger-Str.":   "Große Hamburger Straße",
		"Allee d. Kosmonauten": "Allee der Kosmonauten",
		"Schönh. Allee":        "Schönhauser Allee",
		"Str. am Flugpl.":      "Straße am Flugplatz",
		"Karl-M.-Allee":        "Karl-Marx-Allee",
		"Hamburger Str.":       "", // no word cut short, and one left out
		"Gr. Str.":             "",
		"Str. 6.":              "", // a number is no word cut short
	} {
		s, err := typo(name, "")
		got := ""
		if s != nil {
			got = s.Name()
		}
		if err != nil || got != want {
			t.Errorf("%q: %q %v, want %q", name, got, err, want)
		}
	}
	// Gunthxrstraße is one letter from Guntherstraße and Güntherstraße
	// ("guenther…" is two): it is Guntherstraße. Guntehrstraße too.
	// "Guntherstrße" is one from Guntherstraße only.
	for _, name := range []string{"Gunthxrstraße", "Guntehrstraße", "Guntherstrße"} {
		if s, err := typo(name, ""); err != nil || s == nil || s.Name() != "Guntherstraße" {
			t.Errorf("%q: %v %v", name, s, err)
		}
	}
	// "Baurstraße" (no umlaut, Similar.Choose says) is one letter from
	// Bauerstraße; "Bauestraße" from Bauerstraße and no other.
	if s, err := typo("Baurstraße", ""); err != nil || s == nil || s.Name() != "Bauerstraße" {
		t.Errorf("Baurstraße: %v %v", s, err)
	}
	// "K.-Marx-…" is Karl-Marx-Allee and Karl-Marx-Straße's kind cut
	// short too, "Karl-Marx-A." the Allee only.
	if _, err := typo("K.-Marx-Str.", ""); err != nil {
		t.Errorf("K.-Marx-Str.: %v", err)
	}
	if s, err := typo("Karl-Marx-A.", ""); err != nil || s == nil || s.Name() != "Karl-Marx-Allee" {
		t.Errorf("Karl-Marx-A.: %v %v", s, err)
	}
	// Two streets one letter from the name: named, unless the postcode
	// tells them apart.
	d2, err := Build([]quartier.StreetEntry{
		{Street: "Bernauer Straße", Postcode: "10115", District: "Mitte", From: "1", To: "9", Block: "B1"},
		{Street: "Berner Straße", Postcode: "12205", District: "Lichterfelde", From: "1", To: "9", Block: "B2"},
	})
	if err != nil {
		t.Fatal(err)
	}
	x, d = d2.Similar(), d2
	if _, err := typo("Bernuer Straße", ""); !strings.Contains(quartier.ErrorMessage(err), "„Bernuer Straße“ steht so nicht im Straßenverzeichnis und ist mehrdeutig — bitte den Namen genau angeben: Bernauer Straße (10115 Mitte); Berner Straße (12205 Lichterfelde).") {
		t.Errorf("Bernuer Straße: %v", err)
	}
	for postcode, want := range map[string]string{"10115": "Bernauer Straße", "12205": "Berner Straße"} {
		if s, err := typo("Bernuer Straße", postcode); err != nil || s == nil || s.Name() != want {
			t.Errorf("Bernuer Straße, %s: %v %v", postcode, s, err)
		}
	}
	if _, err := typo("Bernuer Straße", "13000"); quartier.ErrorCode(err) != quartier.EINVALID {
		t.Errorf("Bernuer Straße, 13000: %v", err)
	}
}

// TestPlacesLeading: the municipality and districts typed before the
// street are told from its name; nothing else is.
func TestPlacesLeading(t *testing.T) {
	p := NewPlaces("Berlin", []string{"Prenzlauer Berg", "Pankow", "Alt-Treptow", "Mitte"}, nil)
	for in, want := range map[string][2]string{
		"Berlin Schönhauser Allee":                   {"Berlin", "Schönhauser Allee"},
		"Berlin-Pankow Schönhauser Allee":            {"Berlin-Pankow", "Schönhauser Allee"},
		"Berlin - Prenzlauer Berg Schönhauser Allee": {"Berlin - Prenzlauer Berg", "Schönhauser Allee"},
		"Prenzlauerberg Schönhauser Allee":           {"Prenzlauerberg", "Schönhauser Allee"},
		"Alt-Treptow Puschkinallee":                  {"Alt-Treptow", "Puschkinallee"},
		"berlin mitte Ackerstraße":                   {"berlin mitte", "Ackerstraße"},
		"Neue Schönhauser Straße":                    {},
		"Pankow":                                     {}, // nothing else
		"Treptow Puschkinallee":                      {}, // no district
		"Mittelstraße":                               {},
		"":                                           {},
	} {
		place, rest, ok := p.Leading(in)
		if ok != (want[0] != "") || place != want[0] || rest != want[1] {
			t.Errorf("%q: %q %q %v, want %q", in, place, rest, ok, want)
		}
	}
	if _, _, ok := (*Places)(nil).Leading("Berlin Ackerstraße"); ok {
		t.Error("no places, yet a place")
	}
}

// FuzzSimilar: whatever name is asked, Similar neither panics nor
// answers a street that is not among the keys it asked for, and what it
// answers is the name written together (or with "Allee"), or an entry's
// name with its umlauts written without e.
func FuzzSimilar(f *testing.F) {
	for _, s := range []string{"Karlmarxallee", "Schonhauser Alle", "Gunthersstraße", "Straßeamflugplatz", "ampark", "ß", "Ä\u0308e", "alle alle", "strasse strase"} {
		f.Add(s)
	}
	d := similarDirectory(f)
	f.Fuzz(func(t *testing.T, name string) {
		s, err := choose(d, name)
		if s == nil {
			return
		}
		if err != nil {
			t.Fatalf("%q: a street and an error", name)
		}
		key := NormalizeStreet(s.Name())
		if !slices.Contains(d.Similar().Keys(name), key) {
			t.Fatalf("%q: %s not among the keys asked", name, s.Name())
		}
		if together(NormalizeStreet(name)) != together(key) && together(allee(NormalizeStreet(name))) != together(key) && !s.namedBare(bareName(name)) {
			t.Fatalf("%q: %s is not written so", name, s.Name())
		}
	})
}

// FuzzPlacesLeading: what Leading splits off is a place at the start of
// the street's part, and the rest is what follows it.
func FuzzPlacesLeading(f *testing.F) {
	for _, s := range []string{"Berlin-Pankow Schönhauser Allee", "berlin berlin", "Prenzlauer  Berg - Mitte x", "–Pankow–y", "Mitte"} {
		f.Add(s)
	}
	p := NewPlaces("Berlin", []string{"Prenzlauer Berg", "Pankow", "Mitte", "Alt-Treptow"}, nil)
	f.Fuzz(func(t *testing.T, street string) {
		place, rest, ok := p.Leading(street)
		if !ok {
			return
		}
		if ts := strings.TrimSpace(street); place == "" || rest == "" || !strings.HasPrefix(ts, place) || !strings.HasSuffix(ts, rest) || len(place)+len(rest) > len(ts) {
			t.Fatalf("%q: %q + %q", street, place, rest)
		}
		if _, _, again := p.Leading(place + " " + rest); !again {
			t.Fatalf("%q: %q + %q not read again", street, place, rest)
		}
	})
}

// A region holds the districts of the entries under its block prefix and
// those listed; a district under two prefixes lies in both. A place
// naming a region stands for its districts, one naming a district for
// that district alone.
func TestRegions(t *testing.T) {
	es := []quartier.StreetEntry{
		{District: "Mitte", Block: "0110"}, {District: "Wedding", Block: "0120"}, {District: "Grenzkiez", Block: "0130"},
		{District: "Grenzkiez", Block: "0210"}, {District: "Kreuzberg", Block: "0220"}, {District: "", Block: "0230"},
	}
	rs := RegionDistricts(es, []Region{{Name: "Mitte", BlockPrefix: "01"}, {Name: "Friedrichshain-Kreuzberg", BlockPrefix: "02", Districts: []string{"Friedrichshain"}}, {Name: "Leer", BlockPrefix: "09"}})
	want := map[string][]string{"Mitte": {"Grenzkiez", "Mitte", "Wedding"}, "Friedrichshain-Kreuzberg": {"Friedrichshain", "Grenzkiez", "Kreuzberg"}}
	if !reflect.DeepEqual(rs, want) {
		t.Fatalf("%v", rs)
	}
	p := NewPlaces("Berlin", []string{"Mitte", "Wedding", "Grenzkiez", "Kreuzberg", "Friedrichshain", "Tiergarten"}, rs)
	for place, want := range map[string][]string{
		"Berlin-Mitte":             {"mitte", "grenzkiez", "wedding"},
		"Wedding":                  {"wedding"},
		"Tiergarten":               {"tiergarten"},
		"Friedrichshain-Kreuzberg": {"friedrichshain", "grenzkiez", "kreuzberg"},
		"Hinterhaus":               nil,
	} {
		if got := p.areas(place); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %q, want %q", place, got, want)
		}
	}
	if got := p.regionsOf("Grenzkiez"); got != "Bezirke Friedrichshain-Kreuzberg, Mitte" {
		t.Errorf("regionsOf: %q", got)
	}
}

// Regions are read as NAME=PRÄFIX, one a line, by the command line and the
// upload form alike, and written back so for the next import's form.
func TestParseRegions(t *testing.T) {
	rs, err := ParseRegions("Pankow=03\r\n\n  Mitte = 01 \nFriedrichshain-Kreuzberg=02\n")
	want := []Region{{Name: "Pankow", BlockPrefix: "03"}, {Name: "Mitte", BlockPrefix: "01"}, {Name: "Friedrichshain-Kreuzberg", BlockPrefix: "02"}}
	if err != nil || !reflect.DeepEqual(rs, want) {
		t.Fatalf("%+v %v", rs, err)
	}
	if got := FormatRegions(append(rs, Region{Name: "Nur Ortsteile", Districts: []string{"Wedding"}})); got != "Pankow=03\nMitte=01\nFriedrichshain-Kreuzberg=02" {
		t.Errorf("format: %q", got)
	}
	for text, want := range map[string]string{
		"Pankow=03\nMitte": "Zeile 2: „Mitte“: erwartet NAME=PRÄFIX, z. B. „Pankow=03“.",
		"=03":              "Zeile 1: „=03“: erwartet NAME=PRÄFIX",
		"Pankow=":          "Zeile 1: „Pankow=“: erwartet NAME=PRÄFIX",
		"Pankow=03 04":     "Zeile 1: „Pankow=03 04“",
		"\n\nMitte 01\n":   "Zeile 3: „Mitte 01“",
	} {
		if _, err := ParseRegions(text); quartier.ErrorCode(err) != quartier.EINVALID || !strings.HasPrefix(quartier.ErrorMessage(err), want) {
			t.Errorf("%q: %v, want %q", text, err, want)
		}
	}
}
