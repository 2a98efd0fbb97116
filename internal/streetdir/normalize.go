// Package streetdir is the street directory (Straßenverzeichnis): street
// names normalised so that "Karl-Marx-Str." finds "Karl-Marx-Straße",
// house numbers with suffixes ordered as offices count them (12 < 12a <
// 13), and the lookup of an address to its block. Where a name is not in
// the directory under its key, Similar finds the street it is written
// like ("Karlmarxallee", "Schonhauser Allee"), answering only where one
// fits; Places check a typed district against the answer.
package streetdir

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// NormalizeStreet returns the key under which a street name is stored and
// looked up. The rules, in order:
//
//   - Lower case; umlauts spelled out (ä→ae, ö→oe, ü→ue, also when typed
//     as a letter plus combining diaeresis), ß→ss; other accents dropped
//     (é→e), as offices type them inconsistently.
//   - Hyphens, dots, commas, slashes, underscores, apostrophes and white
//     space separate words; runs of them count once, so "Karl-Marx-Str.",
//     "Karl Marx Str" and "karl-marx-str" agree. Other punctuation is
//     dropped.
//   - A word that is or ends in "strasse", "strase" (a frequent typo) or
//     "str" becomes "…str": "Müllerstraße", "Muellerstr." and "MÜLLERSTR."
//     all give "muellerstr"; "Straße des 17. Juni" gives "str des 17 juni".
//     Only the end of a word counts, so "Strausberger Platz" and "Ostrauer
//     Straße" keep their "str".
//   - A word that is or ends in "pl" becomes "…platz" ("Rosa-Luxemburg-Pl.",
//     "Goethepl."): no German word ends in "pl", so this is safe.
//   - When the last word is a generic street word (str, platz, weg, allee,
//     ring, …), it is joined to the word before it, since offices write
//     "Müller Straße", "Müller-Straße" and "Müllerstraße" for one street:
//     "Karl-Marx-Straße" gives "karl marxstr", "Frankfurter Allee"
//     "frankfurterallee".
//
// Deliberately not expanded: "d." (der, des, dem or den?), "St." (Sankt or
// Straße?) and other abbreviations whose meaning depends on the name. So
// "Str. d. Pariser Kommune" does not find "Straße der Pariser Kommune";
// such spellings belong in the directory as they are used. Articles and
// prepositions are kept: dropping them would merge "Am Park" and "Im
// Park", which may be different streets.
//
// The result is a fixed point: NormalizeStreet(NormalizeStreet(s)) equals
// NormalizeStreet(s).
func NormalizeStreet(s string) string { return normalizeFolded(Fold(s)) }

// normalizeFolded applies the rules of NormalizeStreet after the first to
// a folded name.
func normalizeFolded(folded string) string {
	words := strings.Fields(folded)
	for i, w := range words {
		words[i] = expandWord(w)
	}
	if n := len(words); n >= 2 && genericWords[words[n-1]] {
		words[n-2] += words[n-1]
		words = words[:n-1]
	}
	return strings.Join(words, " ")
}

// Fold applies the first rule of NormalizeStreet (lower case, umlauts
// spelled out, accents dropped, separators to spaces, other punctuation
// dropped) without the street-specific ones, for comparing other names.
func Fold(s string) string { return fold(s, true) }

// fold is Fold, with the umlauts' e (ä→ae) or without it (ä→a).
func fold(s string, umlautE bool) string {
	var b strings.Builder
	b.Grow(len(s) + 4)
	var last rune // base letter before a combining mark
	// Invalid bytes go first: the normaliser stops decomposing around them,
	// and a second pass would then decompose what the first did not.
	for _, r := range norm.NFD.String(strings.ToValidUTF8(s, "")) {
		r = unicode.ToLower(r)
		switch {
		case unicode.Is(unicode.Mn, r):
			if r == '\u0308' && umlautE && (last == 'a' || last == 'o' || last == 'u') {
				b.WriteByte('e')
			}
			last = 0 // two diaereses on one letter make one "e"
			continue
		case r == 'ß':
			b.WriteString("ss")
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		case unicode.IsSpace(r) || strings.ContainsRune("-.,/_'’‐‑–—", r):
			b.WriteByte(' ')
		}
		last = r
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// expandWord unifies the abbreviations that end a word. Results never end
// in a pattern again, which keeps NormalizeStreet idempotent.
func expandWord(w string) string {
	for _, suf := range [...]string{"strasse", "strase", "str"} {
		if strings.HasSuffix(w, suf) {
			return w[:len(w)-len(suf)] + "str"
		}
	}
	if strings.HasSuffix(w, "pl") {
		return w + "atz"
	}
	return w
}

// genericWords name the kind of street. Joined to the name before them they
// make glued, hyphenated and separate spellings agree. None of them ends in
// a pattern of expandWord, so joining cannot create a new one.
var genericWords = map[string]bool{
	"str": true, "platz": true, "weg": true, "allee": true, "gasse": true,
	"ring": true, "damm": true, "ufer": true, "chaussee": true, "steig": true,
	"pfad": true, "promenade": true, "markt": true, "bruecke": true, "zeile": true,
}
