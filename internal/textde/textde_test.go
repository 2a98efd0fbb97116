package textde

import (
	"reflect"
	"strings"
	"testing"

	"github.com/quartier/quartier"
)

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Fußball":      "fussball",
		"FUSSBALL":     "fussball",
		"Mütter":       "mutter",
		"Muetter":      "mutter",
		"Mädchen":      "madchen",
		"Maedchen":     "madchen",
		"Elterncafé":   "elterncafe",
		"Quelle":       "quelle", // qu + e is no umlaut
		"Straße 12a":   "strasse12a",
		"Öffnungszeit": "offnungszeit",
		"Oeffnung":     "offnung",
		"ẞ":            "ss",
		"Łódź":         "łodz", // ł has no decomposition; kept as a letter
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSameStemForVariants(t *testing.T) {
	a := NewAnalyzer()
	stem := func(w string) string { return a.Stem(Fold(w)) }
	for _, group := range [][]string{
		{"Fußball", "Fussball", "Fußballs"},
		{"Beratung", "Beratungen"},
		{"Kind", "Kinder", "Kindern"},
		{"Familie", "Familien"},
		{"Mutter", "Mütter", "Muetter"},
		{"Jugendliche", "Jugendlichen"},
		{"Gruppe", "Gruppen"},
		{"Spielplatz", "Spielplätze"},
		{"Mädchen", "Maedchen", "Madchen"},
		{"Kita", "Kitas"},
		{"Baby", "Babys"},
		{"Hobby", "Hobbys"},
	} {
		for _, w := range group[1:] {
			if stem(w) != stem(group[0]) {
				t.Errorf("%s → %q but %s → %q", group[0], stem(group[0]), w, stem(w))
			}
		}
	}
	if stem("Ergebnis") != "ergebnis" {
		t.Errorf("Ergebnis → %q", stem("Ergebnis"))
	}
	if stem("Kind") == stem("Kino") {
		t.Error("different words share a stem")
	}
	if a.Stem("10435") != "10435" || a.Stem("u18") != "u18" {
		t.Error("words with digits must be kept whole")
	}
}

func TestWords(t *testing.T) {
	a := NewAnalyzer()
	ws := a.Words("Die Eltern-Kind-Gruppe trifft sich im Kinder- und Jugendzentrum, 10435 Berlin!")
	var terms []string
	for _, w := range ws {
		terms = append(terms, w.Term)
	}
	want := []string{"elternkindgrupp", "trifft", "kind", "jugendzentrum", "10435", "berlin"}
	if !reflect.DeepEqual(terms, want) {
		t.Fatalf("terms %q, want %q", terms, want)
	}
	if !reflect.DeepEqual(ws[0].Parts, []string{"elt", "kind", "grupp"}) || ws[0].Folded != "elternkindgruppe" {
		t.Fatalf("hyphenated word %+v", ws[0])
	}
	all := a.Terms("Eltern-Kind-Gruppe")
	if !reflect.DeepEqual(all, []string{"elternkindgrupp", "elt", "kind", "grupp"}) {
		t.Fatalf("Terms %q", all)
	}
	if got := a.Words("und der die das"); len(got) != 0 {
		t.Fatalf("stop words kept: %+v", got)
	}
	if got := a.Words("a b c"); len(got) != 0 {
		t.Fatalf("single letters kept: %+v", got)
	}
}

func TestSynonyms(t *testing.T) {
	a := NewAnalyzer()
	s, err := ParseSynonyms(a, DefaultSynonyms)
	if err != nil {
		t.Fatal(err)
	}
	club := a.Stem(Fold("Jugendclub"))
	exp := s.Expand(club)
	if exp[0] != club || !contains(exp, a.Stem(Fold("Jugendklub"))) || !contains(exp, a.Stem(Fold("Jugendtreff"))) {
		t.Fatalf("Expand(jugendclub) = %q", exp)
	}
	if got := s.Expand("unbekannt"); !reflect.DeepEqual(got, []string{"unbekannt"}) {
		t.Fatalf("unknown word expanded: %q", got)
	}
	var none *Synonyms
	if got := none.Expand("x"); len(got) != 1 {
		t.Fatal("nil synonyms must expand to the word itself")
	}
	for text, line := range map[string]string{
		"# Kommentar\nKita, Krippe\nOffene Tür, Jugendtreff": "Zeile 3",
		"Kita, Krippe\n\nKita":                               "Zeile 3",
	} {
		_, err := ParseSynonyms(a, text)
		if quartier.ErrorCode(err) != quartier.EINVALID || !strings.Contains(quartier.ErrorMessage(err), line) {
			t.Errorf("%q: error %v, want one naming %s", text, err, line)
		}
	}
	if _, err := ParseSynonyms(a, "Fußball, Fussball"); err == nil {
		t.Error("a group of one distinct word after folding must be refused")
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func TestSplit(t *testing.T) {
	a := NewAnalyzer()
	vocab := map[string]bool{}
	for _, w := range strings.Fields("Fußball Mädchen Beratung Jugend Erziehung Familie Zentrum Kinder Garten Sport Verein") {
		vocab[a.Stem(Fold(w))] = true
	}
	known := func(s string) bool { return vocab[s] }
	for in, want := range map[string][]string{
		"Mädchenfußball":          {"madch", "fussball"},
		"Jugendberatung":          {"jugend", "berat"},
		"Erziehungsberatung":      {"erzieh", "berat"}, // linking s
		"Familienzentrum":         {"famili", "zentrum"},
		"Kindergartensportverein": {"kind", "gart", "sport", "verein"},
	} {
		if got := a.Split(Fold(in), known); !reflect.DeepEqual(got, want) {
			t.Errorf("Split(%s) = %q, want %q", in, got, want)
		}
	}
	for _, in := range []string{"Verein", "Kinobesuch", "ab"} {
		if got := a.Split(Fold(in), known); got != nil {
			t.Errorf("Split(%s) = %q, want nil", in, got)
		}
	}
}
