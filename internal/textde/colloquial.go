package textde

import "strings"

// "Jungen", "Jungs" and "Junge" are boys, but "junge Frauen", "jungen
// Menschen" and "Junges Gemüse" are young: the stemmer makes all of them
// "jung", so a search for boys found every offer for young women first.
// The noun gets a stem of its own, "jungen", which its compounds start
// with ("Jungengruppe", "JungenSportZentrum", and "Jungs-Treff",
// "Jungsgruppe" written with the colloquial plural), so that "Jungs",
// "Jungen", "Junge" and "Jungentreff" meet each other and the boys, and
// the adjective stays "jung".

// boyStem is the stem of the noun.
const boyStem = "jungen"

// boyPlural rewrites the colloquial plural "Jungs" (and "Jungens"), alone
// or at the start of a compound, to the noun's stem or the compound
// written with "Jungen-". "Jungstraße", a street, stays.
func boyPlural(w string) (string, bool) {
	switch w {
	case "jungs", "jungens":
		return boyStem, true
	}
	// ("Jungensportzentrum" is "Jungen-Sport-Zentrum": only "jungs".)
	if rest, ok := strings.CutPrefix(w, "jungs"); ok && len(rest) >= minPart && !strings.HasPrefix(rest, "trass") {
		return boyStem + rest, false
	}
	return w, false
}

// youngWhom are the stems of the words "junge"/"jungen" is the adjective
// of when it stands before them: people of an age, and the like.
var youngWhom = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`Frau Frauen Erwachsene Erwachsenen Mensch Menschen Mütter Mutter Väter Vater Eltern Familie Familien
	Leute Männer Mann Mädchen Geflüchtete Geflüchteten Volljährige Paare Gemüse Kunst Künstler Talente Leser Wilde Wilden`) {
		m[stem(Fold(w))] = true
	}
	return m
}()

// maybeBoy reports whether a folded word may be the noun boyNoun tells
// from the adjective, before the word after it is folded.
func maybeBoy(folded string) bool { return folded == "junge" || folded == "jungen" }

// boyNoun reports whether a folded word "junge" or "jungen" is the noun
// (boys), given the folded word after it ("" at the end of a sentence or
// text): it is the adjective only before a word for people.
func boyNoun(folded, next string) bool {
	if !maybeBoy(folded) {
		return false
	}
	return next == "" || !youngWhom[stem(next)]
}

// verbPrefixes start German words that are no compounds: "Beratung" is
// no kind of "Rat", "Gespräch" no kind of "Sprache", "Verband" no "Band".
var verbPrefixes = []string{"be", "ge", "er", "ver", "zer", "ent", "emp"}

// RealHead reports whether a folded piece before a word inside a longer
// one can be a word of a compound: at least three letters, and no stop
// word or verb prefix ("Beispiel" is "bei" and "spiel", which is no game;
// "Ausbildung", "Angebot", "Umwelt" likewise).
func RealHead(folded string) bool {
	if len(folded) < minPart || stopWords[folded] {
		return false
	}
	for _, p := range verbPrefixes {
		if folded == p {
			return false
		}
	}
	return true
}

// CutLinking returns the ways a compound's first piece may stand without
// its linking element (Erziehung-s-, Familie-n-, Kind-er-): the piece as
// it is and without each linking element it ends with, longest first.
func CutLinking(folded string) []string {
	var out []string
	for _, l := range linkingElements {
		if b, ok := strings.CutSuffix(folded, l); ok && len(b) >= minPart {
			out = append(out, b)
		}
	}
	return out
}
