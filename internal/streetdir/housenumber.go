package streetdir

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/quartier/quartier"
)

// HouseNumber is a number with an optional letter suffix ("12a").
type HouseNumber struct {
	N      int
	Suffix string // one lower-case letter, "" when none
}

// maxDigits bounds N well inside int and far above any real house number.
const maxDigits = 6

// ParseHouseNumber reads "12", "12a", "12 A", "12-A". Ranges ("12-14"),
// additions like "12/1" and several letters ("12ab") are not one house
// number and are refused, so that a directory cannot silently mean
// something else than it says.
func ParseHouseNumber(s string) (HouseNumber, error) {
	t := strings.TrimSpace(s)
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	if i == 0 {
		return HouseNumber{}, quartier.Errorf(quartier.EINVALID, "Hausnummer „%s“ beginnt nicht mit einer Zahl", s)
	}
	if i > maxDigits {
		return HouseNumber{}, quartier.Errorf(quartier.EINVALID, "Hausnummer „%s“ ist zu lang", s)
	}
	n, _ := strconv.Atoi(t[:i])
	rest := strings.TrimLeft(t[i:], " -")
	if rest == "" {
		if i < len(t) {
			return HouseNumber{}, quartier.Errorf(quartier.EINVALID, "Hausnummer „%s“: nach dem Bindestrich fehlt der Buchstabe", s)
		}
		return HouseNumber{N: n}, nil
	}
	r, size := utf8.DecodeRuneInString(rest)
	if size == len(rest) && unicode.IsLetter(r) {
		lr := unicode.ToLower(r)
		// A letter without a single lower-case form (e.g. a title-case
		// digraph) would not survive String and ParseHouseNumber again.
		if unicode.ToLower(unicode.ToUpper(lr)) == lr {
			return HouseNumber{N: n, Suffix: string(lr)}, nil
		}
	}
	return HouseNumber{}, quartier.Errorf(quartier.EINVALID, "Hausnummer „%s“: Zusatz „%s“ ist kein einzelner Buchstabe", s, rest)
}

// lookupNumber reads the house number of an address to look up. Addresses
// in case files say "12-14", "12 bis 14", "12/1" or "12 a-c" for one
// building; the first number (with its letter) decides, which is where the
// entrance usually is. A leading "Nr." (or "Hausnummer") is dropped.
func lookupNumber(s string) (HouseNumber, bool) {
	if h, err := ParseHouseNumber(s); err == nil {
		return h, true
	}
	// A range written with a typographic dash ("12–14", as word processors
	// and forms turn "12-14"), and a full stop ending a sentence ("12.").
	t := strings.TrimSuffix(strings.TrimSpace(dashes.Replace(s)), ".")
	if t != s {
		if h, err := ParseHouseNumber(t); err == nil {
			return h, true
		}
	}
	if i := strings.IndexAny(t, "0123456789"); i > 0 && numberPrefix(strings.Fields(t[:i])) {
		return lookupNumber(t[i:])
	}
	t = strings.Replace(t, " bis ", "-", 1)
	if i := strings.IndexAny(t, "/,+"); i > 0 {
		if h, err := ParseHouseNumber(t[:i]); err == nil {
			return h, true
		}
	}
	// "12-14": the part before the last dash; "12a-c": before the first.
	for _, i := range []int{strings.LastIndexByte(t, '-'), strings.IndexByte(t, '-')} {
		if i > 0 {
			if h, err := ParseHouseNumber(t[:i]); err == nil {
				return h, true
			}
		}
	}
	return HouseNumber{}, false
}

// IsLookupNumber reports whether a lookup reads s as a house number
// (see Street.Lookup), so that a caller can read other text another way
// before asking.
func IsLookupNumber(s string) bool {
	_, ok := lookupNumber(s)
	return ok
}

// Compare orders 12 < 12a < 12b < 13 (-1, 0, +1).
func (h HouseNumber) Compare(o HouseNumber) int {
	switch {
	case h.N != o.N:
		if h.N < o.N {
			return -1
		}
		return 1
	case h.Suffix < o.Suffix:
		return -1
	case h.Suffix > o.Suffix:
		return 1
	}
	return 0
}

// Less reports h < o in the order of Compare.
func (h HouseNumber) Less(o HouseNumber) bool { return h.Compare(o) < 0 }

func (h HouseNumber) String() string { return strconv.Itoa(h.N) + h.Suffix }

// dashes are the dashes people (and word processors) put between two
// house numbers, as the hyphen the lookup reads.
var dashes = strings.NewReplacer("–", "-", "—", "-", "‐", "-", "‑", "-", "−", "-")

// Dashes writes the typographic dashes of s as hyphens ("12–14").
func Dashes(s string) string { return dashes.Replace(s) }

// numberWords introduce a house number: "Nr. 12", "Hausnummer 12",
// "Haus-Nr. 12".
var numberWords = map[string]bool{"nr": true, "nr.": true, "no": true, "no.": true, "hausnr": true, "hausnr.": true, "hausnummer": true,
	"haus-nr": true, "haus-nr.": true, "hnr": true, "hnr.": true, "hsnr": true, "hsnr.": true, "hs.-nr.": true, "hs-nr.": true, "hs.nr.": true}

// IsNumberWord reports whether a word introduces a house number ("Nr.",
// "Hausnummer", "Haus-Nr.").
func IsNumberWord(w string) bool { return numberWords[strings.ToLower(w)] }

// IsHouseWord reports whether a word is "Haus" ("Hs."), which may stand
// before a number word: "Haus Nr. 12".
func IsHouseWord(w string) bool {
	w = strings.ToLower(w)
	return w == "haus" || w == "hs." || w == "hs"
}

// numberPrefix reports whether words are a number word, with "Haus"
// before it or not ("Nr.", "Haus Nr.").
func numberPrefix(words []string) bool {
	n := len(words)
	return n == 1 && IsNumberWord(words[0]) || n == 2 && IsHouseWord(words[0]) && IsNumberWord(words[1])
}
