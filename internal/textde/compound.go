package textde

import "strings"

// German writes compounds as one word: "Mädchenfußball" is what a flyer
// calls "Fußball für Mädchen". Split finds such a query word's parts in
// the vocabulary of the indexed texts, so the parts can be searched when
// the whole word is rare or absent.

// linkingElements are the Fugenelemente that may join two parts
// (Erziehung-s-beratung, Familie-n-zentrum, Kind-er-garten), longest first.
var linkingElements = []string{"ens", "es", "en", "er", "ns", "s", "n", "e", ""}

// minPart is the shortest part a split may produce; shorter ones split
// ordinary words into noise ("ver-ein").
const minPart = 3

// maxCompound is the longest folded word Split cuts. It tries every cut
// at three levels, so its work grows with the cube of the length: 28,000
// checks at 64 bytes, 1.2 million at 200 (a query of one word). The longest
// compounds of the field ("Schwangerschaftskonfliktberatungsstelle") are
// 40; a longer word is searched whole.
const maxCompound = 64

// Split cuts a folded word into two or more parts whose stems all occur in
// the vocabulary (known reports whether a stem is indexed), preferring the
// split with the longest first part. It returns the stems of the parts, or
// nil when the word does not split.
func (a *Analyzer) Split(folded string, known func(stem string) bool) []string {
	if len(folded) > maxCompound {
		return nil
	}
	return a.split(folded, known, 3)
}

func (a *Analyzer) split(folded string, known func(string) bool, depth int) []string {
	if depth == 0 || len(folded) < 2*minPart {
		return nil
	}
	for i := len(folded) - minPart; i >= minPart; i-- {
		head, tail := folded[:i], folded[i:]
		if !isBoundary(folded, i) {
			continue
		}
		tailStem := a.Stem(tail)
		var rest []string
		if known(tailStem) {
			rest = []string{tailStem}
		} else if rest = a.split(tail, known, depth-1); rest == nil {
			continue
		}
		if h, ok := a.Modifier(head, tail, known); ok {
			return append([]string{h}, rest...)
		}
	}
	return nil
}

// Modifier returns the stem of the first piece of a compound, before
// rest, without its linking element, when known reports it (a word of
// the index): "Erziehungs" of "Erziehungsberatung" is "erzieh". A stop
// word or a verb prefix is none (RealHead), and "Jungen" before anything
// but a word for people are boys ("Jungengruppe").
func (a *Analyzer) Modifier(head, rest string, known func(stem string) bool) (string, bool) {
	if boyNoun(head, rest) {
		return boyStem, true
	}
	for _, l := range linkingElements {
		if len(head)-len(l) < minPart || head[len(head)-len(l):] != l || !RealHead(head[:len(head)-len(l)]) {
			continue
		}
		if h := a.Stem(head[:len(head)-len(l)]); known(h) {
			return h, true
		}
	}
	return "", false
}

// isBoundary keeps splits between bytes of one UTF-8 letter out; folded
// text is mostly ASCII, but a Turkish or Polish name need not be.
func isBoundary(s string, i int) bool { return s[i]&0xC0 != 0x80 }

// placePrefixes qualify the name of a quarter or a street, written with
// a hyphen, as one word or apart: Alt-Treptow, Neu-Hohenschönhausen,
// Nord-Neukölln, Oberschöneweide, Groß Glienicke. Folded.
var placePrefixes = []string{"alt", "neu", "nord", "sud", "ost", "west", "ober", "nieder", "gross", "klein"}

// minPlaceRest is the shortest name a place prefix may be cut from.
const minPlaceRest = 4

// IsPlacePrefix reports whether a folded word is a prefix of place names
// on its own ("Neu Hohenschönhausen").
func IsPlacePrefix(folded string) bool {
	for _, p := range placePrefixes {
		if folded == p {
			return true
		}
	}
	return false
}

// CutPlacePrefix returns a folded word without its place prefix
// ("neuhohenschonhausen" → "hohenschonhausen") and whether it had one
// with a name of at least four letters after it. Whether the rest is a
// place is for the caller to know.
func CutPlacePrefix(folded string) (string, bool) {
	for _, p := range placePrefixes {
		if rest, ok := strings.CutPrefix(folded, p); ok && len(rest) >= minPlaceRest {
			return rest, true
		}
	}
	return "", false
}

// streetWords are the stems of the words that end the names of streets
// and squares ("Karl-Marx-Straße", "Dammweg", "Leopoldplatz"): in the
// Berlin address list, 8,600 of its 9,766 street names end in one of
// them. Words that end street names only now and then ("Hof", "Park",
// "Garten", "Berg") name things just as often and are left out.
var streetWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`Straße Weg Platz Allee Steig Pfad Ring Zeile Damm Ufer Promenade Gasse Chaussee Steg Stieg`) {
		m[stem(Fold(w))] = true
	}
	return m
}()

// IsStreetWord reports whether a stem is one of the words that end the
// names of streets (Straße, Weg, Platz, Allee, …).
func IsStreetWord(stem string) bool { return streetWords[stem] }

// NamesNoStreet reports whether the stems of a compound's parts have a
// street word before a head that is none: "Straßensozialarbeit",
// "Straßenfest", "Platzwart" name a kind of work, a party, a person, not
// an address, while "Wartenbergerstraße" and "Karl-Marx-Straße" (street
// word at the end) and "Familienzentrum" (none) are what they were. The
// street word of such a compound means the street in general, so it is no
// part of the name of any street.
func NamesNoStreet(parts []string) bool {
	if len(parts) < 2 || IsStreetWord(parts[len(parts)-1]) {
		return false
	}
	for _, p := range parts[:len(parts)-1] {
		if IsStreetWord(p) {
			return true
		}
	}
	return false
}

// StreetNamed reports whether a folded piece names a street of the
// vocabulary (known reports whether a stem is indexed) with a street word
// after it: "grafe" of "Graefestraße". Streets are named after people
// and places, so such a piece is a name that may start a compound
// ("Graefekids").
func StreetNamed(folded string, known func(stem string) bool) bool {
	for w := range streetWords {
		if known(folded + w) {
			return true
		}
	}
	return false
}
