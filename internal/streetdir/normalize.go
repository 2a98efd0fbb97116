// Package streetdir is the street directory (Straßenverzeichnis): street
// names normalised so that "Karl-Marx-Str." finds "Karl-Marx-Straße",
// house numbers with suffixes ordered as offices count them (12 < 12a <
// 13), and the lookup of an address to its block.
package streetdir

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// NormalizeStreet returns the key under which a street name is stored and
// looked up: lower case, umlauts and ß spelled out (ä→ae, ß→ss), hyphens,
// dots and spaces collapsed to single spaces, and the generic word for
// "street" unified to "str" wherever it stands as a word or ends a word
// ("Müllerstraße", "Müllerstr.", "Straße des 17. Juni"). Other
// abbreviations (Pl., Ch.) are left alone: they are ambiguous.
func NormalizeStreet(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch r {
		case 'ä':
			b.WriteString("ae")
		case 'ö':
			b.WriteString("oe")
		case 'ü':
			b.WriteString("ue")
		case 'ß':
			b.WriteString("ss")
		case '-', '.', ',', '/', '_', '\'', '’':
			b.WriteByte(' ')
		default:
			switch {
			case unicode.IsLetter(r) || unicode.IsDigit(r):
				b.WriteRune(r)
			case unicode.IsSpace(r):
				b.WriteByte(' ')
			}
		}
	}
	words := strings.Fields(b.String())
	for i, w := range words {
		words[i] = streetWord(w)
	}
	return strings.Join(words, " ")
}

// streetWord unifies the street suffix of one word. "strasse", "str" and
// their glued forms ("muellerstrasse", "muellerstr") become "…str"; a
// word merely containing "str" elsewhere ("strausberger") is untouched.
func streetWord(w string) string {
	for _, suf := range []string{"strasse", "strase", "str"} {
		if strings.HasSuffix(w, suf) {
			return strings.TrimSuffix(w, suf) + "str"
		}
	}
	return w
}
