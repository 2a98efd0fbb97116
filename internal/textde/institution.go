package textde

import "strings"

// A word that only names the field of an authority says nothing about
// whom an offer is for: every Kita's text says "Kita-Gutschein des
// Jugendamts", so "Jugendliche" (stem "jugend", the start of "Jugendamt")
// found every Kita. Offers for young people say "Jugendclub",
// "Jugendfreizeiteinrichtung", "Jugendberatung"; the authority and the
// law's system of youth welfare ("Kinder- und Jugendhilfe", also in the
// names of providers that run Kitas and family centres) do not.

// institutionHeads are the stems of the heads that make a compound an
// authority: "Jugendamt", "Bezirksamt", "Gesundheitsamt",
// "Jugendbehörde", "Senatsverwaltung", "Jugendministerium".
var institutionHeads = []string{"amt", "behord", "verwalt", "ministeri"}

// systemWords name a system of welfare, not an offer: "Jugendhilfe" is
// every offer under SGB VIII, Kitas and family counselling too, where
// "Familienhilfe", "Lernhilfe" or "Jugendberufshilfe" are offers.
var systemWords = []string{"jugendhilf", "sozialhilf"}

// InstitutionAfter reports whether a word found at position i of term t
// (a stem), ending at end, is only the modifier of an authority or a
// system of welfare: what follows it (after a linking element) starts
// with an institution head, or t from i on starts with a system word
// longer than the word. The term itself ("Jugendamt" for "Jugendamt")
// is the caller's to keep.
func InstitutionAfter(t string, i, end int) bool {
	for _, w := range systemWords {
		if end-i < len(w) && strings.HasPrefix(t[i:], w) {
			return true
		}
	}
	rest := t[end:]
	for _, l := range linkingElements {
		r, ok := strings.CutPrefix(rest, l)
		if !ok {
			continue
		}
		for _, h := range institutionHeads {
			if strings.HasPrefix(r, h) {
				return true
			}
		}
	}
	return false
}
