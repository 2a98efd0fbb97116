package textde

import "testing"

// "-sprachig" after a language is the language; bilingual words and
// other words with "sprachig" stay.
func TestLanguageAdjective(t *testing.T) {
	a := NewAnalyzer()
	for in, want := range map[string]string{
		"arabischsprachig": "Arabisch", "Türkischsprachige": "Türkisch", "englischsprachigen": "Englisch",
		"deutschsprachiges": "Deutsch", "russischsprachiger": "Russisch",
	} {
		if got, w := a.Stem(Fold(in)), a.Stem(Fold(want)); got != w {
			t.Errorf("%s: %q, want %q (%s)", in, got, w, want)
		}
	}
	for _, in := range []string{"zweisprachig", "mehrsprachige", "Mehrsprachigkeit", "fischsprachig"} {
		if got := languageAdjective(Fold(in)); got != Fold(in) {
			t.Errorf("%s: %q, want it unchanged", in, got)
		}
	}
}

func TestPeopleAges(t *testing.T) {
	for _, w := range []string{"Jugendliche", "Jugendlichen", "Teenager", "Teenies"} {
		if r := PeopleAges(Fold(w)); r == nil || r.Lo != 12 {
			t.Errorf("%s: %v", w, r)
		}
	}
	for _, w := range []string{"Jugend", "Jugendamt", "Kinder", "Jugendclub"} {
		if r := PeopleAges(Fold(w)); r != nil {
			t.Errorf("%s: %v, want none", w, r)
		}
	}
}
