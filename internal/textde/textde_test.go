package textde

import (
	"reflect"
	"slices"
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
		// Snowball takes the s of the singular but not of the plural in -se.
		{"Kurs", "Kurse", "Kursen", "Kurses"},
		{"Sprachkurs", "Sprachkurse"},
		{"Hinweis", "Hinweise"}, // -eis belongs to the word
		{"Kreis", "Kreise"},
		// Feminine person nouns meet the masculine ones.
		{"Erzieher", "Erzieherin", "Erzieherinnen", "ErzieherInnen"},
		{"Schulsozialarbeiter", "Schulsozialarbeiterin", "Schulsozialarbeiterinnen"},
		{"Pädagoge", "Pädagogin", "Pädagoginnen"},
		{"Arzt", "Ärztin", "Ärzte", "Ärztinnen"},
		{"Kollege", "Kollegin", "Kolleginnen"},
		{"Migrant", "Migrantin", "Migrantinnen"},
		{"Freund", "Freundin", "Freundinnen"},
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
	// Words that end in -in without being feminine stay whole.
	for _, w := range []string{"Termin", "Berlin", "Login", "beginnen", "gewinnen", "Verein", "Medizin", "Protein"} {
		if got := masculine(Fold(w)); got != Fold(w) {
			t.Errorf("%s taken for a feminine person: %q", w, got)
		}
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

func termsOf(a *Analyzer, text string) []string {
	var out []string
	for _, w := range a.Words(text) {
		out = append(out, w.Term)
	}
	return out
}

// Addresses abbreviate Straße and Platz; every spelling must give the
// same terms, alone and at the end of a compound.
func TestWordsAbbreviations(t *testing.T) {
	a := NewAnalyzer()
	for _, group := range [][]string{
		{"Schwedter Straße", "Schwedter Strasse", "Schwedter Str.", "Schwedter str.", "Schwedter Str", "SCHWEDTER STR."},
		{"Turmstraße", "Turmstrasse", "Turmstr.", "Turmstr", "TURMSTR."},
		{"Sophie-Charlotten-Straße", "Sophie-Charlotten-Str."},
		{"Leopoldplatz", "Leopoldpl."},
		{"JFE", "JFEs"},
		{"AWO", "AWOs"},
	} {
		want := termsOf(a, group[0])
		for _, v := range group[1:] {
			if got := termsOf(a, v); !reflect.DeepEqual(got, want) {
				t.Errorf("%q → %q, but %q → %q", group[0], want, v, got)
			}
		}
	}
	// "Pl." alone may be Plätze; "pl" without the dot is no abbreviation;
	// lower-case -s after capitals is no plural of an abbreviation.
	for text, want := range map[string][]string{
		"80 Pl.":               {"80", "pl"},
		"Kompl":                {a.Stem("kompl")},
		"Jfes":                 {a.Stem("jfes")},
		"Paulsenstr.22, 12163": {a.Stem("paulsenstrasse"), "22", "12163"},
	} {
		if got := termsOf(a, text); !reflect.DeepEqual(got, want) {
			t.Errorf("%q → %q, want %q", text, got, want)
		}
	}
}

// Single digits are words ("Kita 3"); single letters are not. The gender
// ending written apart is no word.
func TestWordsDigitsAndGender(t *testing.T) {
	a := NewAnalyzer()
	if got := termsOf(a, "Kita 3, Haus B"); !reflect.DeepEqual(got, []string{"kita", "3", "haus"}) {
		t.Errorf("Kita 3, Haus B → %q", got)
	}
	// A house number with a letter is also its number; the letter alone
	// is none, and other words with digits stay whole.
	for text, want := range map[string][]string{
		"16A": {"16a", "16"}, "135 a": {"135"}, "5b": {"5b"}, "U18": {"u18"}, "3D": {"3d"}, "a1": {"a1"},
	} {
		if got := a.Terms(text); !reflect.DeepEqual(got, want) {
			t.Errorf("%q → %q, want %q", text, got, want)
		}
	}
	want := termsOf(a, "Erzieher")
	for _, v := range []string{"Erzieher*innen", "Erzieher:innen", "Erzieher_innen", "ErzieherInnen"} {
		if got := termsOf(a, v); !reflect.DeepEqual(got, want) {
			t.Errorf("%s → %q, want %q", v, got, want)
		}
	}
}

func TestSynonyms(t *testing.T) {
	a := NewAnalyzer()
	s, err := ParseSynonyms(a, DefaultSynonyms)
	if err != nil {
		t.Fatal(err)
	}
	st := func(w string) string { return a.Stem(Fold(w)) }
	terms := func(es []Entry) []string {
		var out []string
		for _, e := range es {
			out = append(out, e.key())
		}
		return out
	}
	club := st("Jugendclub")
	exp := terms(s.Expand(club))
	// Jugendklub meets Jugendclub by the group, or as the same word
	// (Klub is Club, see foldPiece).
	klub := contains(exp, st("Jugendklub")) || a.Words("Jugendklub")[0].Term == club
	if contains(exp, club) || !klub || !contains(exp, st("Jugendtreff")) || !contains(exp, "jfe") {
		t.Fatalf("Expand(jugendclub) = %q", exp)
	}
	// A Latin plural finds the group of its singular.
	if got := terms(s.Expand(st("Jugendzentren"))); !contains(got, club) || !contains(got, st("Jugendzentrum")) {
		t.Fatalf("Expand(Jugendzentren) = %q", got)
	}
	// Phrases: found in a query by their stems, expanded to the group.
	phrase := []string{st("Hilfen"), st("Erziehung"), "neukolln"}
	if n := s.Phrase(phrase); n != 2 {
		t.Fatalf("Phrase(Hilfen Erziehung Neukölln) = %d", n)
	}
	if got := terms(s.Expand(st("Hilfen") + " " + st("Erziehung"))); !contains(got, "hze") {
		t.Fatalf("Expand(Hilfen zur Erziehung) = %q", got)
	}
	if got := s.Expand("hze"); !slices.ContainsFunc(got, func(e Entry) bool { return reflect.DeepEqual(e.Parts, []string{st("Hilfen"), st("Erziehung")}) }) {
		t.Fatalf("Expand(hze) = %+v", got)
	}
	// A hyphenated entry is found whole, by its parts written apart, and
	// holds its parts.
	if got := terms(s.Expand("asb")); !contains(got, st("Arbeiter-Samariter-Bund")) {
		t.Fatalf("Expand(asb) = %q", got)
	}
	if n := s.Phrase([]string{st("Arbeiter"), st("Samariter"), st("Bund")}); n != 3 {
		t.Fatalf("Phrase(Arbeiter Samariter Bund) = %d", n)
	}
	if s.Phrase([]string{st("Hilfen")}) != 0 || s.Phrase([]string{"kita", "krippe"}) != 0 {
		t.Fatal("a phrase found where none is")
	}
	if got := s.Expand("unbekannt"); len(got) != 0 {
		t.Fatalf("unknown word expanded: %+v", got)
	}
	var none *Synonyms
	if none.Expand("x") != nil || none.Phrase([]string{"a", "b"}) != 0 {
		t.Fatal("nil synonyms must expand to nothing")
	}
	for text, line := range map[string]string{
		"# Kommentar\nKita, Krippe\nund der, Jugendtreff":           "Zeile 3",
		"Kita, Krippe\n\nKita":                                      "Zeile 3",
		"Kita, Krippe\nHaus, eins zwei drei vier fünf sechs sieben": "Zeile 2",
		"Fußball, Fussball":                                         "Zeile 1",
	} {
		_, err := ParseSynonyms(a, text)
		if quartier.ErrorCode(err) != quartier.EINVALID || !strings.Contains(quartier.ErrorMessage(err), line) {
			t.Errorf("%q: error %v, want one naming %s", text, err, line)
		}
	}
	// Forms that differ only by inflection are one entry, not a fault.
	if s, err := ParseSynonyms(a, "Schulsozialarbeiter, Schulsozialarbeiterin"); err != nil || s.Groups() != 1 {
		t.Errorf("inflected forms: %v", err)
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

// Initials written with full stops are one word from three letters on.
func TestWordsInitials(t *testing.T) {
	a := NewAnalyzer()
	for text, want := range map[string][]string{
		"R.E.H - K.I.D.S":   {"reh", "kid"},
		"Kita F.A.I.R.play": {"kita", "fair", "play"},
		"S.O.S.-Kinderdorf": {"sos", "kinderdorf"},
		"Verein e.V.":       {"verein"},
		"z.B. Kita":         {"kita"},
		"A. B. C.":          nil,
	} {
		if got := termsOf(a, text); !reflect.DeepEqual(got, want) {
			t.Errorf("%q → %q, want %q", text, got, want)
		}
	}
	if got, want := termsOf(a, "KIDS"), termsOf(a, "K.I.D.S."); !reflect.DeepEqual(got, want) {
		t.Errorf("KIDS → %q, K.I.D.S. → %q", got, want)
	}
}

func TestCutPlacePrefix(t *testing.T) {
	for in, want := range map[string]string{
		"neuhohenschonhausen": "hohenschonhausen", "alttreptow": "treptow", "grossglienicke": "glienicke",
		"nordneukolln": "neukolln", "altbau": "", "neu": "", "kita": "",
	} {
		if got, ok := CutPlacePrefix(in); got != want || ok != (want != "") {
			t.Errorf("%s → %q %v, want %q", in, got, ok, want)
		}
	}
	if !IsPlacePrefix("alt") || !IsPlacePrefix("sud") || IsPlacePrefix("alte") {
		t.Error("IsPlacePrefix")
	}
}

func TestIsAreaKind(t *testing.T) {
	a := NewAnalyzer()
	for _, w := range []string{"Bezirk", "Bezirks", "Sozialräume", "Sozialraeume", "Planungsraum", "Ortsteil", "Stadtteile", "LOR", "Bezirksregion"} {
		if ws := a.Words(w); len(ws) != 1 || !IsAreaKind(ws[0].Term) {
			t.Errorf("%s: no kind of area", w)
		}
	}
	for _, w := range []string{"Bezirksamt", "Stadtteilzentrum", "Moabit", "Raum"} {
		if ws := a.Words(w); len(ws) != 1 || IsAreaKind(ws[0].Term) {
			t.Errorf("%s: a kind of area", w)
		}
	}
}

func TestNamesNoStreet(t *testing.T) {
	a := NewAnalyzer()
	stems := func(ws ...string) []string {
		var out []string
		for _, w := range ws {
			out = append(out, a.Stem(Fold(w)))
		}
		return out
	}
	for _, parts := range [][]string{{"Straßen", "Sozialarbeit"}, {"Straßen", "Kinder"}, {"Platz", "Wart"}, {"Weg", "Weiser"}, {"Straßen", "Sozial", "Arbeit"}} {
		if !NamesNoStreet(stems(parts...)) {
			t.Errorf("%v names a street", parts)
		}
	}
	for _, parts := range [][]string{{"Wartenberger", "Straße"}, {"Karl", "Marx", "Straße"}, {"Damm", "Weg"}, {"Familien", "Zentrum"}, {"Straße"}, nil} {
		if NamesNoStreet(stems(parts...)) {
			t.Errorf("%v names no street", parts)
		}
	}
}

func TestDiminutive(t *testing.T) {
	a := NewAnalyzer()
	vocab := map[string]bool{}
	// The bases, and what words that only look like diminutives would
	// be cut to: an index may well know them.
	for _, w := range strings.Fields("Haus Maus Gruppe Spielgruppe Zwerg Bär Vogel Kind Stube Blume Mad Magd Made Mär Brot früh Platz Frau Tau Rau Teil Hahn ku ko wo al Zei") {
		vocab[a.Stem(Fold(w))] = true
	}
	known := func(s string) bool { return vocab[s] }
	for in, want := range map[string]string{
		"Häuschen": "haus", "Mäuschen": "maus", "Maeuschen": "maus", "Grüppchen": "grupp", "Spielgrüppchen": "spielgrupp",
		"Zwerglein": "zwerg", "Bärchen": "bar", "Vöglein": "vogel", "Kindchen": "kind", "Stübchen": "stub", "Blümchens": "blum",
	} {
		if w, ok := a.Diminutive(Fold(in), known); !ok || w.Term != want {
			t.Errorf("%s → %q %v, want %q", in, w.Term, ok, want)
		}
	}
	for _, in := range []string{"Mädchen", "Schulmädchen", "Märchen", "Brötchen", "Frühchen", "Plätzchen", "Fräulein", "Frauchen", "Tauchen",
		"Rauchen", "Teilchen", "Hähnchen", "Kuchen", "Kochen", "Wochen", "allein", "klein", "Zeichen", "Eichen", "Schneckenhäuschen", "Haus"} {
		if w, ok := a.Diminutive(Fold(in), known); ok {
			t.Errorf("%s taken for a diminutive of %q", in, w.Term)
		}
	}
}

func TestQueryWordsAges(t *testing.T) {
	a := NewAnalyzer()
	type marked struct {
		words  []string // the folded words of the phrase
		lo, hi int
	}
	for q, want := range map[string][]marked{
		"2-Jährige":                 {{[]string{"2jahrige"}, 2, 2}},
		"2jährige":                  {{[]string{"2jahrige"}, 2, 2}},
		"Kita für Zweijährige":      {{[]string{"zweijahrige"}, 2, 2}},
		"für 3-6-Jährige":           {{[]string{"36jahrige"}, 3, 6}},
		"3- bis 6-Jährige":          {{[]string{"3", "6jahrige"}, 3, 6}},
		"3–6-Jährige":               {{[]string{"3", "6jahrige"}, 3, 6}},
		"Kinder von 3 bis 6 Jahren": {{[]string{"3", "6", "jahren"}, 3, 6}},
		"zwischen 3 und 6 Jahren":   {{[]string{"3", "6", "jahren"}, 3, 6}},
		"0 - 3 Jahre":               {{[]string{"0", "3", "jahre"}, 0, 3}},
		"Kita 3-6 Jahre":            {{[]string{"36", "jahre"}, 3, 6}},
		"ab 3 Jahren":               {{[]string{"ab", "3", "jahren"}, 3, MaxAge}},
		"Jugendliche ab 14":         {{[]string{"ab", "14"}, 14, MaxAge}},
		"Kinder unter 3":            {{[]string{"3"}, 0, 2}},
		"unter drei Jahren":         {{[]string{"drei", "jahren"}, 0, 2}},
		"bis 12 Jahre":              {{[]string{"12", "jahre"}, 0, 12}},
		"über 18":                   {{[]string{"18"}, 18, MaxAge}},
		"2 Jahre alt":               {{[]string{"2", "jahre", "alt"}, 2, 2}},
		"U3":                        {{[]string{"u3"}, 0, 2}},
		"U3-Betreuung":              {{[]string{"u3betreuung"}, 0, 2}},
		"Ü18 Party":                 {{[]string{"u18"}, 18, MaxAge}},
		"Ue18":                      {{[]string{"u18"}, 18, MaxAge}},
		"U18":                       {{[]string{"u18"}, 0, 17}},
		// No ages: a time, a price, a name's number, a bare number word,
		// a year, "Jährige" alone, "Volljährige".
		"ab 14 Uhr": nil, "unter 5 Euro": nil, "Kita 3": nil, "Sonnenblume 3": nil, "ein Kind": nil, "ab 2018": nil,
		"Jährige": nil, "Volljährige": nil, "Uhr": nil, "U-Bahn": nil, "von 3": nil, "3-6": nil, "Haus 3-5": nil,
	} {
		var got []marked
		var last *AgeRange
		for _, w := range a.QueryWords(q) {
			switch {
			case w.Age == nil:
			case w.Age == last:
				got[len(got)-1].words = append(got[len(got)-1].words, w.Folded)
			default:
				got = append(got, marked{[]string{w.Folded}, w.Age.Lo, w.Age.Hi})
				last = w.Age
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: %+v, want %+v", q, got, want)
		}
	}
	// Documents are indexed as they are written.
	for _, w := range a.Words("Für 2-Jährige ab 3 Jahren, U3") {
		if w.Age != nil {
			t.Errorf("Words marked %q", w.Folded)
		}
	}
}

// An apostrophe inside a word joins like a hyphen: the word whole and its
// parts, so "Ku'damm" is "Kudamm" and "Damm", "F'hain" no "hain" alone.
func TestWordsApostrophes(t *testing.T) {
	a := NewAnalyzer()
	for text, want := range map[string][]string{
		"Ku'damm":                 {"kudamm", "ku", "damm"},
		"Ku´damm":                 {"kudamm", "ku", "damm"},
		"F’hain":                  {"fhain", "hain"},
		"Rock'n'Roll Zwerge":      {"rocknroll", "rock", "roll", "zwerg"},
		"Kita Offensiv' 91":       {"kita", "offensiv", "91"},
		"'Sonnenschein'":          {"sonnenschein"},
		"Kinder- und Jugendhilfe": {"kind", "jugendhilf"},
	} {
		if got := a.Terms(text); !reflect.DeepEqual(got, want) {
			t.Errorf("%q → %q, want %q", text, got, want)
		}
	}
}

func TestDirectedSynonyms(t *testing.T) {
	a := NewAnalyzer()
	s, err := ParseSynonyms(a, "X-Berg, Xberg => Kreuzberg\nPrenzlberg, P'berg => Prenzlauer Berg")
	if err != nil {
		t.Fatal(err)
	}
	st := func(w string) string { return a.Stem(Fold(w)) }
	if got := s.Expand(st("Xberg")); len(got) != 1 || got[0].Term != st("Kreuzberg") || !got[0].Typed {
		t.Errorf("Xberg → %+v", got)
	}
	if got := s.Expand(st("Kreuzberg")); got != nil {
		t.Errorf("Kreuzberg → %+v: the line goes one way", got)
	}
	if got := s.Expand(st("P'berg")); len(got) != 1 || !reflect.DeepEqual(got[0].Parts, []string{st("Prenzlauer"), st("Berg")}) {
		t.Errorf("P'berg → %+v", got)
	}
	if got := s.Expand(st("Berg")); got != nil {
		t.Errorf("Berg → %+v", got)
	}
	for _, bad := range []string{"Xberg => ", " => Kreuzberg", "A => B => C", "Kreuzberg => Kreuzberg"} {
		if _, err := ParseSynonyms(a, bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestClubIsKlub(t *testing.T) {
	a := NewAnalyzer()
	for klub, club := range map[string]string{"Schülerklub": "Schülerclub", "Jugendklubs": "Jugendclubs", "Klubhaus": "Clubhaus", "KLUB": "Club"} {
		if got, want := termsOf(a, klub), termsOf(a, club); !reflect.DeepEqual(got, want) {
			t.Errorf("%s → %q, %s → %q", klub, got, club, want)
		}
	}
}

func TestNearWordsAndPostcodes(t *testing.T) {
	a := NewAnalyzer()
	for _, w := range []string{"Nähe", "naehe", "nahe", "Umgebung", "Umkreis"} {
		if ws := a.Words(w); len(ws) != 1 || !IsNearWord(ws[0].Term) {
			t.Errorf("%s does not say near", w)
		}
	}
	for _, w := range []string{"PLZ", "Postleitzahl"} {
		if ws := a.Words(w); len(ws) != 1 || !IsAreaKind(ws[0].Term) {
			t.Errorf("%s: no kind of area", w)
		}
	}
	for _, w := range []string{"Nachbarschaft", "Nahrung", "Umweltbildung", "Platz"} {
		if ws := a.Words(w); len(ws) != 1 || IsNearWord(ws[0].Term) || IsAreaKind(ws[0].Term) {
			t.Errorf("%s taken for a place word", w)
		}
	}
}

func TestInstitutionAfter(t *testing.T) {
	for _, c := range []struct {
		t, s string
		want bool
	}{
		{"jugendamt", "jugend", true},
		{"zehlendorfjugendamt", "jugend", true},
		{"gesundheitsamt", "gesundheit", true},
		{"jugendhilfetrag", "jugend", true},
		{"jugendhilf", "jugend", true},
		{"jugendclub", "jugend", false},
		{"jugendfreizeiteinricht", "jugend", false},
		{"familienhilf", "famili", false},
		{"jugendberufshilf", "jugend", false},
		{"jugendamt", "amt", false},
	} {
		i := strings.Index(c.t, c.s)
		if got := InstitutionAfter(c.t, i, i+len(c.s)); got != c.want {
			t.Errorf("InstitutionAfter(%q, %q) = %v", c.t, c.s, got)
		}
	}
}

func TestStreetNamed(t *testing.T) {
	a := NewAnalyzer()
	known := map[string]bool{}
	for _, w := range a.Words("Graefestr. 39, Dammweg 5, Kultur") {
		known[w.Term] = true
	}
	has := func(st string) bool { return known[st] }
	for head, want := range map[string]bool{"grafe": true, "damm": true, "kul": false, "frohna": false} {
		if got := StreetNamed(head, has); got != want {
			t.Errorf("StreetNamed(%q) = %v, known %v", head, got, known)
		}
	}
}

// TestSplitBounded: a compound's split tries every cut at three levels,
// its work the cube of the word's length; a query word of 200 letters (the
// atlas's and HSDS search's whole query, one word) made 1.2 million checks
// and kept a core busy for 50–140 ms per anonymous request. A word longer
// than any real compound is left whole; the longest real ones still split.
func TestSplitBounded(t *testing.T) {
	a := NewAnalyzer()
	vocab := map[string]bool{}
	for _, w := range strings.Fields("Schwangerschaft Konflikt Beratung Stelle Kinder Jugend Hilfe Einrichtung") {
		vocab[a.Stem(Fold(w))] = true
	}
	calls := 0
	known := func(s string) bool { calls++; return vocab[s] }
	for _, in := range []string{"Schwangerschaftskonfliktberatungsstelle", "Kinderjugendhilfeeinrichtung"} {
		if got := a.Split(Fold(in), known); len(got) < 3 {
			t.Errorf("Split(%s) = %q, want its parts", in, got)
		}
	}
	for _, unit := range []string{"x", "ab", "kinder", "1"} {
		for _, n := range []int{maxCompound, 200} {
			calls = 0
			a.Split(strings.Repeat(unit, n/len(unit)+1)[:n], known)
			if calls > 32_000 {
				t.Errorf("Split of %d × %q: %d checks, want at most 32,000", n, unit, calls)
			}
		}
	}
}
