package textde

import "strings"

// German makes a thing small with -chen or -lein and an umlaut:
// "Häuschen" is a little Haus, "Spielgrüppchen" a little Spielgruppe,
// "Zwerglein" a little Zwerg. Folding has taken the umlaut already
// (Häuschen → "hauschen"), so what is left is the ending, and the -e or
// -el the base loses ("Grüppchen" ← Gruppe, "Vöglein" ← Vogel).

// diminutiveEndings, folded, longest first: the genitive -s too.
var diminutiveEndings = []string{"chens", "leins", "chen", "lein"}

// notDiminutives end like diminutives but name something else than a
// little base: "Mädchen" is no little Mad or Magd, "Märchen" no little
// Mär, "Brötchen" a roll, not bread, "Frühchen" a baby born early, not
// early, "Plätzchen" biscuits, not places (every Kita has "Plätze"). A
// compound ending in one ("Schulmädchen") is none either. Folded.
var notDiminutives = func() []string {
	var out []string
	for _, w := range strings.Fields(`Mädchen Märchen Brötchen Frühchen Plätzchen Kaninchen Eichhörnchen Veilchen Hähnchen
	Teilchen Bisschen Weibchen`) {
		out = append(out, Fold(w))
	}
	return out
}()

// minDiminutiveBase is the shortest base a diminutive is cut to: shorter
// ones are words that end in -chen by chance (Kuchen, Kochen, Wochen,
// Lachen, Eichen) or in -lein (allein, klein).
const minDiminutiveBase = 3

// Diminutive returns the base of a folded diminutive ("spielgruppchen" →
// Spielgruppe, stem "spielgrupp") when the base's stem is one that known
// reports (a word of the index), and false for any other word. A base
// ends in a consonant: "Tauchen", "Rauchen", "Fräulein" are no little
// Tau, Rau, Frau.
func (a *Analyzer) Diminutive(folded string, known func(stem string) bool) (Word, bool) {
	var base, ending string
	for _, e := range diminutiveEndings {
		if b, ok := strings.CutSuffix(folded, e); ok {
			base, ending = b, e
			break
		}
	}
	if len(base) < minDiminutiveBase || strings.ContainsRune("aeiouy", rune(base[len(base)-1])) || hasDigits(base) {
		return Word{}, false
	}
	for _, n := range notDiminutives {
		if strings.HasSuffix(folded, n) {
			return Word{}, false
		}
	}
	// The base as it stands, with the -e it lost (Gruppe, Blume, Stube),
	// and for -lein with -el (Vogel, Engel).
	cands := []string{base, base + "e"}
	if strings.HasPrefix(ending, "lein") {
		cands = append(cands, base+"el")
	}
	for _, c := range cands {
		if st := a.Stem(c); known(st) {
			return Word{Folded: c, Term: st}, true
		}
	}
	return Word{}, false
}

func hasDigits(s string) bool { return strings.ContainsAny(s, "0123456789") }
