package streetdir

import (
	"bytes"
	"strings"
	"testing"

	"github.com/quartier/quartier"
)

func TestNormalizeStreet(t *testing.T) {
	groups := [][]string{
		{"Karl-Marx-Straße", "Karl-Marx-Str.", "Karl Marx Strasse", "karl-marx-str", "KARL-MARX-STR.", "Karl-Marx-Straße "},
		{"Müllerstraße", "Muellerstr.", "MÜLLERSTR.", "Müllerstr", "Mu\u0308llerstraße"},
		{"Straße des 17. Juni", "Str. des 17. Juni", "Strasse des 17 Juni"},
		{"Frankfurter Allee", "frankfurter  allee", "Frankfurter-Allee"},
		{"Am Ettersberg", "am ettersberg"},
		{"Karl-Liebknecht-Str.", "Karl-Liebknecht-Straße"},
		{"Schwedter Str.", "Schwedter Straße"},
		{"Große Hamburger Straße", "Grosse Hamburger Str."},
		{"Unter den Linden", "Unter den Linden"},
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
	// Not over-normalised: "str" inside a word stays.
	if NormalizeStreet("Strausberger Platz") == NormalizeStreet("Str. Platz") || NormalizeStreet("Strausberger Platz") != "strausberger platz" {
		t.Errorf("Strausberger Platz → %q", NormalizeStreet("Strausberger Platz"))
	}
	if NormalizeStreet("Ostrauer Straße") != "ostrauer str" {
		t.Errorf("Ostrauer Straße → %q", NormalizeStreet("Ostrauer Straße"))
	}
}

func TestHouseNumbers(t *testing.T) {
	for in, want := range map[string]HouseNumber{"12": {12, ""}, "12a": {12, "a"}, "12 A": {12, "a"}, "12-A": {12, "a"}, " 7 ": {7, ""}} {
		got, err := ParseHouseNumber(in)
		if err != nil || got != want {
			t.Errorf("%q: %+v %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "a12", "12-14", "12/1", "12ab", "1234567"} {
		if _, err := ParseHouseNumber(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	order := []string{"2", "12", "12a", "12b", "13"}
	for i := 0; i+1 < len(order); i++ {
		a, _ := ParseHouseNumber(order[i])
		b, _ := ParseHouseNumber(order[i+1])
		if !a.Less(b) || b.Less(a) {
			t.Errorf("%s < %s fails", order[i], order[i+1])
		}
	}
}

func directory(t *testing.T) *Directory {
	d, err := Build([]quartier.StreetEntry{
		{Street: "Karl-Marx-Straße", Postcode: "12043", From: "1", To: "99", Parity: quartier.ParityOdd, Block: "A"},
		{Street: "Karl-Marx-Straße", Postcode: "12043", From: "2", To: "98", Parity: quartier.ParityEven, Block: "B"},
		{Street: "Karl-Marx-Straße", Postcode: "12043", From: "100", Parity: quartier.ParityAll, Block: "C"},
		{Street: "Hauptstraße", Postcode: "10827", Block: "D"},
		{Street: "Hauptstraße", Postcode: "13055", Block: "E"},
		{Street: "Am Ettersberg", Block: "N2"},
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
		{"karl marx strasse", "17a", "12043", "A"},
		{"Karl-Marx-Str.", "18", "12043", "B"},
		{"Karl-Marx-Str.", "99", "", "A"},
		{"Karl-Marx-Str.", "250", "12043", "C"}, // open end
		{"Karl-Marx-Str.", "99a", "12043", ""},  // 99a is after 99
		{"Karl-Marx-Str.", "17", "99999", ""},   // other postcode
		{"Hauptstr.", "5", "10827", "D"},
		{"Hauptstr.", "5", "", ""}, // ambiguous without postcode
		{"Am Ettersberg", "", "", "N2"},
		{"Nirgendweg", "1", "", ""},
		{"Karl-Marx-Str.", "x", "12043", ""},
	} {
		got, _, ok := d.Lookup(c.street, c.no, c.plz)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("%s %s %s: %q %v, want %q", c.street, c.no, c.plz, got, ok, c.want)
		}
	}
	if d.Len() != 6 {
		t.Error("Len")
	}
}

func TestBuildErrors(t *testing.T) {
	_, err := Build([]quartier.StreetEntry{
		{Street: "A-Straße", From: "1", To: "9", Parity: quartier.ParityAll, Block: "X"},
		{Street: "A-Str.", From: "5", To: "20", Parity: quartier.ParityAll, Block: "Y"},  // overlaps, other block
		{Street: "B-Straße", From: "9", To: "1", Block: "X"},                             // reversed
		{Street: "C-Straße", From: "2", To: "8", Parity: quartier.ParityOdd, Block: "X"}, // parity mismatch
		{Street: "", Block: "X"},
	})
	ps := quartier.ErrorProblems(err)
	if len(ps) != 4 {
		t.Fatalf("want 4 problems, got %v", ps)
	}
	for i, want := range []int{2, 3, 4, 5} {
		if ps[i].Feature != want {
			t.Errorf("problem %d at entry %d, want %d: %s", i, ps[i].Feature, want, ps[i].Message)
		}
	}
}

func TestReadCSV(t *testing.T) {
	semi := "\ufeffStraße;HNR_von;HNR_bis;Seite;PLZ;Baustein\nKarl-Marx-Straße;1;99;ungerade;12043;A\nAm Ettersberg;;;alle;;N2\n"
	comma := "street,from,to,parity,postcode,block\nKarl-Marx-Straße,1,99,odd,12043,A\nAm Ettersberg,,,all,,N2\n"
	cp1252 := []byte("strasse;baustein\nM\xfcllerstra\xdfe;X\n")
	for name, src := range map[string][]byte{"semicolon+BOM": []byte(semi), "comma": []byte(comma)} {
		es, ps, err := ReadCSV(bytes.NewReader(src), 1<<20)
		if err != nil || len(ps) != 0 || len(es) != 2 || es[0].Parity != quartier.ParityOdd || es[1].Block != "N2" || es[0].Key != "karl marx str" {
			t.Errorf("%s: %+v %v %v", name, es, ps, err)
		}
	}
	es, ps, _ := ReadCSV(bytes.NewReader(cp1252), 1<<20)
	if len(ps) != 0 || len(es) != 1 || es[0].Street != "Müllerstraße" {
		t.Errorf("Windows-1252: %+v %v", es, ps)
	}
	bad := "strasse;hnr_von;seite;baustein\nA;x1;alle;B\nC;1;links;D\n;1;alle;E\n"
	_, ps, _ = ReadCSV(strings.NewReader(bad), 1<<20)
	if len(ps) != 3 || ps[0].Feature != 2 || ps[1].Feature != 3 || ps[2].Feature != 4 || !strings.Contains(ps[0].Message, "hnr_von") {
		t.Errorf("located problems: %v", ps)
	}
	_, ps, _ = ReadCSV(strings.NewReader("strasse;baustein\n"+strings.Repeat("A;B\n", 100)), 64)
	if len(ps) == 0 || ps[0].Kind != quartier.ProblemTooLarge {
		t.Errorf("size limit: %v", ps)
	}
	_, ps, _ = ReadCSV(strings.NewReader("name;wert\nA;B\n"), 1<<20)
	if len(ps) != 1 || !strings.Contains(ps[0].Message, "strasse") {
		t.Errorf("missing columns: %v", ps)
	}
}

func TestCSVRoundTrip(t *testing.T) {
	es, _, _ := ReadCSV(strings.NewReader("strasse;hnr_von;hnr_bis;seite;plz;baustein\nKarl-Marx-Straße;1;99a;ungerade;12043;A\nAm Ettersberg;;;alle;;N2\n"), 1<<20)
	var buf bytes.Buffer
	if err := WriteCSV(&buf, es); err != nil {
		t.Fatal(err)
	}
	again, ps, _ := ReadCSV(&buf, 1<<20)
	if len(ps) != 0 || len(again) != 2 || again[0] != es[0] || again[1] != es[1] {
		t.Fatalf("round trip: %+v vs %+v", again, es)
	}
}

func FuzzNormalizeStreet(f *testing.F) {
	for _, s := range []string{"Karl-Marx-Straße", "Str. des 17. Juni", "MÜLLERSTR.", "", "ß", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := NormalizeStreet(s)
		if NormalizeStreet(k) != k {
			t.Fatalf("not idempotent: %q → %q → %q", s, k, NormalizeStreet(k))
		}
	})
}

func FuzzParseHouseNumber(f *testing.F) {
	for _, s := range []string{"12", "12a", "12 A", "x", "99999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, err := ParseHouseNumber(s)
		if err == nil {
			if h2, err2 := ParseHouseNumber(h.String()); err2 != nil || h2 != h {
				t.Fatalf("%q → %v does not re-parse", s, h)
			}
		}
	})
}

func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("strasse;hnr_von;hnr_bis;seite;plz;baustein\nKarl-Marx-Straße;1;99;ungerade;12043;A\n"))
	f.Add([]byte("street,block\n\"a,b\",c\n"))
	f.Add([]byte("\ufeff"))
	f.Fuzz(func(t *testing.T, data []byte) {
		es, _, err := ReadCSV(bytes.NewReader(data), 1<<16)
		if err != nil {
			t.Fatalf("I/O error from bytes: %v", err)
		}
		for _, e := range es {
			if e.Street == "" || e.Block == "" {
				t.Fatalf("accepted empty entry %+v", e)
			}
		}
	})
}

func BenchmarkLookup(b *testing.B) {
	var es []quartier.StreetEntry
	for i := 0; i < 20000; i++ {
		es = append(es, quartier.StreetEntry{Street: "Straße " + itoa(i), From: "1", To: "99", Parity: quartier.ParityAll, Block: itoa(i % 542)})
	}
	d, err := Build(es)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		d.Lookup("Straße 1234", "17a", "")
	}
}
