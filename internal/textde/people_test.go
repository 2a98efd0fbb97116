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

// A range of numbers after a word for people is their ages; alone, or
// with a unit, it is none.
func TestPeopleRange(t *testing.T) {
	a := NewAnalyzer()
	for q, want := range map[string]*AgeRange{
		"Jugendliche 14-18": {14, 18}, "Kinder 6 bis 12": {6, 12}, "Mädchen 10 – 14": {10, 14}, "Kinder 3–6": {3, 6},
		"Jugendliche 14 - 18": {14, 18}, "Kita 3-6": nil, "14-18": nil, "Kinder 10-12 Euro": nil, "Kinder 12-8": nil, "Kinder 20-40": nil,
	} {
		var got *AgeRange
		for _, w := range a.QueryWords(q) {
			if w.Age != nil {
				got = w.Age
			}
		}
		if (got == nil) != (want == nil) || got != nil && *got != *want {
			t.Errorf("%s: %v, want %v", q, got, want)
		}
	}
}
