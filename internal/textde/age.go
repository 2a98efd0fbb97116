package textde

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// People name ages in words: "2-Jährige", "Zweijährige", "für 3- bis
// 6-Jährige", "ab 3 Jahren", "Kinder unter 3", "U3", "Ü18". Offers state
// their ages as numbers (Offer.MinAge, MaxAge), so a search must read the
// words as a range of ages; the text "2-Jährige" is in almost no offer.

// AgeRange is the ages in years, both included, that a query names.
type AgeRange struct{ Lo, Hi int }

// MaxAge is the oldest age a range may name; "ab 14" is 14 to MaxAge.
const MaxAge = 120

// maxBareAge bounds a number with nothing but "ab", "unter", "über" or
// "bis" to say it is an age ("Jugendliche ab 14"): above it, more likely
// a price, a time or a count.
const maxBareAge = 27

// QueryWords is Words for a query: the words of a phrase that names an
// age carry its range (Word.Age, one value per phrase), so that a search
// can match them against the offers' ages. Words never marks ages: an
// offer's text is indexed as it is.
func (a *Analyzer) QueryWords(text string) []Word {
	raws := split(text)
	return a.words(raws, ageMarks(text, raws))
}

// ageMarks gives each raw word the age range of the phrase it belongs
// to, nil for words of none; nil when the text names no age.
func ageMarks(text string, raws []rawWord) []*AgeRange {
	var out []*AgeRange
	for i := 0; i < len(raws); {
		r, n := ageAt(text, raws, i)
		if n == 0 {
			i++
			continue
		}
		if out == nil {
			out = make([]*AgeRange, len(raws))
		}
		for k := i; k < i+n; k++ {
			out[k] = r
		}
		i += n
	}
	return out
}

// ageAt parses an age phrase starting at raw word i and returns its range
// and how many raw words it takes (0: none starts there).
func ageAt(text string, raws []rawWord, i int) (*AgeRange, int) {
	if lo, hi, ok := capitalU(raws[i].text); ok {
		return &AgeRange{lo, hi}, 1
	}
	if t := raws[i].text; i+1 < len(raws) && (t == "U" || t == "u" || t == "Ü" || t == "ü") {
		if lo, hi, ok := capitalU(t + raws[i+1].text); ok { // "Ü 18"
			return &AgeRange{lo, hi}, 2
		}
	}
	switch t := Fold(raws[i].text); t {
	case "ab", "uber", "unter", "bis", "von", "zwischen":
		lo, hi, n, bare := agePhrase(text, raws, i+1)
		if n == 0 || bare && (t == "von" || t == "zwischen" || !bareAge(raws, i+1, lo)) {
			break
		}
		switch {
		case t == "ab" || t == "uber":
			hi = MaxAge
		case t == "unter":
			if lo == 0 {
				return nil, 0
			}
			lo, hi = 0, lo-1
		case t == "bis" && lo == hi:
			lo = 0
		}
		return &AgeRange{lo, hi}, n + 1
	}
	if lo, hi, n, bare := agePhrase(text, raws, i); n > 0 && !bare {
		return &AgeRange{lo, hi}, n
	}
	if i > 0 && namesPeople(Fold(raws[i-1].text)) {
		if lo, hi, n := bareRange(text, raws, i); n > 0 {
			return &AgeRange{lo, hi}, n
		}
	}
	return nil, 0
}

// bareRange reads two numbers of digits without a unit at raw word i as
// a range of ages, where the word before names people ("Jugendliche
// 14-18", "Kinder 6 bis 12", "Mädchen 10 – 14"): alone "3-6" is no age,
// and "Jugendliche 14-18" found only the 4 offers whose text holds "14"
// and "18". "14-18", "14 – 18", "14 bis 18"; at most maxBareAge, lower
// first, and no unit after it ("Kinder 10-12 Euro" is a price).
func bareRange(text string, raws []rawWord, i int) (lo, hi, n int) {
	digits := func(k int) (int, bool) {
		v, err := strconv.Atoi(raws[k].text)
		return v, err == nil
	}
	pieces := strings.Split(raws[i].text, "-")
	switch {
	case len(pieces) == 2:
		a, errA := strconv.Atoi(pieces[0])
		b, errB := strconv.Atoi(pieces[1])
		if errA != nil || errB != nil {
			return 0, 0, 0
		}
		lo, hi, n = a, b, 1
	case i+1 < len(raws) && isDash(strings.TrimSpace(text[raws[i].end:raws[i+1].start])):
		a, okA := digits(i)
		b, okB := digits(i + 1)
		if !okA || !okB {
			return 0, 0, 0
		}
		lo, hi, n = a, b, 2
	case i+2 < len(raws):
		a, okA := digits(i)
		b, okB := digits(i + 2)
		sep := strings.TrimSpace(text[raws[i].end:raws[i+1].start]) + Fold(raws[i+1].text)
		if !okA || !okB || sep != "bis" || strings.TrimSpace(text[raws[i+1].end:raws[i+2].start]) != "" {
			return 0, 0, 0
		}
		lo, hi, n = a, b, 3
	default:
		return 0, 0, 0
	}
	if lo >= hi || !bareAge(raws, i+n-1, hi) {
		return 0, 0, 0
	}
	return lo, hi, n
}

// agePhrase parses the ages at raw word i: "3-Jährige", "3 Jahre", "3 bis
// 6 Jahren", "3–6-Jährige", "drei Jahre", or a bare number of digits
// (bare: nothing after it says it is an age; only a word before it can).
// It returns the range and the raw words it takes.
func agePhrase(text string, raws []rawWord, i int) (lo, hi, n int, bare bool) {
	if i >= len(raws) {
		return 0, 0, 0, false
	}
	if lo, hi, ok := ageAdjective(raws[i].text); ok {
		return lo, hi, 1, false
	}
	lo, hi, ok := numbers(raws[i].text)
	if !ok {
		return 0, 0, 0, false
	}
	between := func(a, b int) string { return strings.TrimSpace(text[raws[a].end:raws[b].start]) }
	n = 1
	// A second number makes a range: "3-6" (one word), "3 – 6", "3 bis
	// 6", "3 und 6" (after "zwischen"), "3 bis 6-Jährige", "3- bis
	// 6-Jährige".
	if j := i + 1; j < len(raws) && lo == hi {
		k := -1
		switch f := Fold(raws[j].text); {
		case isDash(between(i, j)):
			k = j
		case between(i, j) == "" && (f == "bis" || f == "und") && j+1 < len(raws) && between(j, j+1) == "":
			k = j + 1
		}
		if k > 0 {
			if l, h, ok := ageAdjective(raws[k].text); ok && l == h && l >= lo {
				return lo, h, k - i + 1, false
			}
			if h, ok := number(Fold(raws[k].text)); ok && h >= lo {
				hi, n = h, k-i+1
			}
		}
	}
	// What says the numbers are years: "Jahre", "J.", "-jährige" apart.
	if j := i + n; j < len(raws) {
		if f := Fold(raws[j].text); f == "jahr" || f == "jahre" || f == "jahren" || f == "j" && raws[j].dot || isJahrig(f) {
			n++
			if j+1 < len(raws) && isAlt(Fold(raws[j+1].text)) {
				n++ // "2 Jahre alt"
			}
			return lo, hi, n, false
		}
	}
	if _, err := strconv.Atoi(Fold(raws[i].text)); err != nil || lo != hi {
		return 0, 0, 0, false // "ein", "drei", "3-6" alone are no ages
	}
	return lo, hi, n, true
}

// numbers reads a number ("3", "drei") or two joined by a hyphen ("3-6")
// as a range.
func numbers(raw string) (lo, hi int, ok bool) {
	pieces := strings.FieldsFunc(raw, func(r rune) bool { return r == '-' })
	if len(pieces) == 0 || len(pieces) > 2 {
		return 0, 0, false
	}
	if lo, ok = number(Fold(pieces[0])); !ok {
		return 0, 0, false
	}
	hi = lo
	if len(pieces) == 2 {
		if hi, ok = number(Fold(pieces[1])); !ok || hi < lo {
			return 0, 0, false
		}
	}
	return lo, hi, true
}

func isAlt(f string) bool { return f == "alt" || f == "alte" || f == "alten" || f == "alter" }

// bareAge reports whether the bare number at raw word i, lo, is an age
// after "ab", "unter", …: small enough, and no unit after it ("ab 14 Uhr",
// "unter 5 Euro").
func bareAge(raws []rawWord, i, lo int) bool {
	if lo > maxBareAge {
		return false
	}
	if i+1 < len(raws) {
		switch Fold(raws[i+1].text) {
		case "uhr", "euro", "eur", "min", "minuten", "std", "stunden", "prozent", "personen", "teilnehmer", "teilnehmende", "platze", "km", "m":
			return false
		}
	}
	return true
}

func isDash(s string) bool {
	switch s {
	case "-", "–", "—", "‒", "−":
		return true
	}
	return false
}

// ageAdjective reads "2-Jährige", "2jährigen", "Zweijähriger",
// "3-6-Jährige", "3-6jährige" as the range it names.
func ageAdjective(raw string) (lo, hi int, ok bool) {
	pieces := strings.FieldsFunc(raw, func(r rune) bool { return r == '-' })
	if len(pieces) == 0 || len(pieces) > 3 {
		return 0, 0, false
	}
	last := Fold(pieces[len(pieces)-1])
	at := strings.Index(last, "jahrig")
	if at < 0 || !isJahrig(last[at:]) {
		return 0, 0, false
	}
	var nums []int
	for _, p := range pieces[:len(pieces)-1] {
		n, ok := number(Fold(p))
		if !ok {
			return 0, 0, false
		}
		nums = append(nums, n)
	}
	if at > 0 {
		n, ok := number(last[:at])
		if !ok {
			return 0, 0, false
		}
		nums = append(nums, n)
	}
	switch {
	case len(nums) == 1:
		return nums[0], nums[0], true
	case len(nums) == 2 && nums[0] <= nums[1]:
		return nums[0], nums[1], true
	}
	return 0, 0, false
}

// isJahrig reports a folded form of "jährig" (-e, -en, -er, -es, -em).
func isJahrig(f string) bool {
	switch f {
	case "jahrig", "jahrige", "jahrigen", "jahriger", "jahriges", "jahrigem":
		return true
	}
	return false
}

// capitalU reads "U3", "U18" (under 3, under 18) and "Ü3", "Ü18" (3 and
// older, 18 and older) as Kita and youth work write them, also "U-3",
// "Ue18" and "U3-Betreuung". Folding makes Ü a U, so the letter is read
// as written.
func capitalU(raw string) (lo, hi int, ok bool) {
	r, size := utf8.DecodeRuneInString(raw)
	over := r == 'Ü' || r == 'ü'
	if !over && r != 'U' && r != 'u' {
		return 0, 0, false
	}
	rest := raw[size:]
	if !over && (strings.HasPrefix(rest, "e") || strings.HasPrefix(rest, "E")) {
		over, rest = true, rest[1:]
	}
	rest = strings.TrimPrefix(rest, "-")
	if cut := strings.IndexByte(rest, '-'); cut >= 0 {
		rest = rest[:cut]
	}
	n, err := strconv.Atoi(rest)
	switch {
	case err != nil || len(rest) > 3 || rest[0] == '+' || n > MaxAge:
		return 0, 0, false
	case over:
		return n, MaxAge, true
	case n == 0:
		return 0, 0, false
	}
	return 0, n - 1, true
}

// numberWords are the ages written as words, folded: "drei Jahre",
// "Zweijährige".
var numberWords = map[string]int{
	"null": 0, "ein": 1, "eins": 1, "eine": 1, "einem": 1, "einen": 1, "einer": 1, "zwei": 2, "drei": 3, "vier": 4, "funf": 5,
	"sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwolf": 12, "dreizehn": 13, "vierzehn": 14,
	"funfzehn": 15, "sechzehn": 16, "siebzehn": 17, "achtzehn": 18, "neunzehn": 19, "zwanzig": 20, "einundzwanzig": 21,
	"zweiundzwanzig": 22, "dreiundzwanzig": 23, "vierundzwanzig": 24, "funfundzwanzig": 25, "sechsundzwanzig": 26,
	"siebenundzwanzig": 27,
}

// number reads a folded word as an age: digits up to MaxAge or a number
// word.
func number(f string) (int, bool) {
	if n, ok := numberWords[f]; ok {
		return n, true
	}
	if f == "" || len(f) > 3 {
		return 0, false
	}
	n, err := strconv.Atoi(f)
	return n, err == nil && n <= MaxAge && f[0] != '-' && f[0] != '+'
}
