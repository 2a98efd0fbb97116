// Package textde is the German text analysis of the atlas search: folding
// (case, umlauts, ß, accents, typed transliterations like "ue"), address
// abbreviations (Str., …pl.), snowball stemming with what it misses of
// German inflection (-s plurals, feminine -in/-innen), stop words,
// hyphenated compounds, initials ("K.I.D.S"), house numbers with a letter
// ("16A" is also 16), splitting of compounds against a vocabulary, place
// prefixes (Alt-, Neu-), words naming kinds of areas, and
// an editable list of synonyms and synonym phrases. Documents and queries
// pass through the same functions, so whatever a user types meets the
// indexed text in the same form on every engine.
package textde

import (
	"iter"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/german"
	"golang.org/x/text/unicode/norm"
)

// Fold lowercases s and removes what German writers vary without changing
// the word: umlauts and accents (ä→a, é→e), ß→ss, and the transliterations
// ae/oe/ue typed on keyboards without umlauts ("Muetter" = "Mütter"), but
// not the "ue" of qu ("Quelle"). Both spellings then stem alike, which is
// what "Fussball" ↔ "Fußball" asks for. Only letters and digits survive.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	var prev rune
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue // combining mark of an umlaut or accent
		case r == 'ß' || r == 'ẞ':
			b.WriteString("ss")
			prev = 's'
			continue
		}
		r = unicode.ToLower(r)
		if r == 'e' && (prev == 'a' || prev == 'o' || prev == 'u' && !endsWithQ(b.String())) {
			continue
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
		prev = r
	}
	return b.String()
}

// endsWithQ reports whether the folded text so far ends in "qu", the one
// place where "ue" is not an umlaut.
func endsWithQ(s string) bool { return strings.HasSuffix(s, "qu") }

// Analyzer turns text into index terms. Stemming a word costs about a
// microsecond and an atlas repeats its words thousands of times, so stems
// are cached; an Analyzer is safe for concurrent use.
type Analyzer struct {
	mu    sync.RWMutex
	stems map[string]string
}

// NewAnalyzer returns an analyzer with an empty stem cache.
func NewAnalyzer() *Analyzer { return &Analyzer{stems: map[string]string{}} }

// maxCachedStems bounds the cache: queries bring arbitrary words, and a
// long-running server must not grow without limit.
const maxCachedStems = 200_000

// Stem returns the snowball stem of a folded word. Words with digits
// (postcodes, "U18") are kept whole.
func (a *Analyzer) Stem(folded string) string {
	a.mu.RLock()
	s, ok := a.stems[folded]
	a.mu.RUnlock()
	if ok {
		return s
	}
	s = stem(folded)
	a.mu.Lock()
	if len(a.stems) >= maxCachedStems {
		clear(a.stems)
	}
	a.stems[folded] = s
	a.mu.Unlock()
	return s
}

func stem(folded string) string {
	for _, r := range folded {
		if unicode.IsDigit(r) {
			return folded
		}
	}
	w := masculine(languageAdjective(folded))
	w, boy := boyPlural(w)
	if boy {
		return w
	}
	env := snowballstem.NewEnv(w)
	german.Stem(env)
	st := env.Current()
	n := len(st)
	switch {
	// Snowball keeps the -s plural after a vowel, which German uses for
	// short words and loans: Kitas, Babys, Autos, Hobbys. Dropping it
	// lets "Kitas" find "Kita". Words of -nis (Ergebnis) and -eis (Kreis,
	// Hinweis) keep theirs: it belongs to the word.
	case n >= 5 && st == w && st[n-1] == 's' && strings.ContainsRune("aoyi", rune(st[n-2])) && !strings.HasSuffix(st, "nis") && !strings.HasSuffix(st, "eis"):
		st = st[:n-1]
	// Snowball takes the s of "Kurs" (after b d f g h k l m n r t) but
	// not that of "Kurse", where it removed the -e first and stops: the
	// plural would miss the singular. Take it here too.
	case n >= 4 && st[n-1] == 's' && strings.ContainsRune("bdfghklmnrt", rune(st[n-2])) && (strings.HasSuffix(w, "se") || strings.HasSuffix(w, "sen") || strings.HasSuffix(w, "ses")):
		st = st[:n-1]
	}
	return st
}

// languageAdjective returns the language of an adjective "in that
// language" ("arabischsprachig", "türkischsprachige", "englischsprachigen"
// → "arabisch", "turkisch", "englisch"): an offer names its languages
// ("Arabisch"), a family asks for "arabischsprachige Beratung", and the
// compound's parts found nothing ("sprachig" is no word of any offer).
// Only after a name of a language (…isch of six letters or more, or
// Deutsch): "zweisprachig", "mehrsprachig" are bilingual, not a language.
func languageAdjective(folded string) string {
	i := strings.Index(folded, "sprachig")
	if i < 0 || !(i >= 6 && strings.HasSuffix(folded[:i], "isch") || strings.HasSuffix(folded[:i], "deutsch")) {
		return folded
	}
	switch folded[i+len("sprachig"):] {
	case "", "e", "en", "er", "es", "em":
		return folded[:i]
	}
	return folded
}

// feminineBases end the stems of persons whose feminine form adds -in
// (plural -innen): Erzieher-in, Pädagog-in, Migrant-in, Freund-in,
// Ärzt-in, Kolleg-in. Other words end in -in too (Termin, Berlin, Login,
// beginnen), so only these bases count, and only from four letters.
var feminineBases = []string{"er", "og", "nt", "nd", "rzt", "eg"}

// masculine returns the masculine form of a feminine person noun
// ("Schulsozialarbeiterinnen" → "schulsozialarbeiter"), so that both
// forms stem alike: an offer's text names one, a search the other.
func masculine(folded string) string {
	for _, suffix := range []string{"innen", "in"} {
		base, ok := strings.CutSuffix(folded, suffix)
		if !ok || len(base) < 4 {
			continue
		}
		for _, b := range feminineBases {
			if strings.HasSuffix(base, b) {
				return base
			}
		}
	}
	return folded
}

// Word is one word of a text: Folded is the whole word folded with hyphens
// dropped and abbreviations written out, Term its stem; Parts holds the
// stems of the pieces of a hyphenated compound ("Eltern-Kind-Gruppe":
// eltern, kind, grupp), or the number of a house number with a letter
// ("16a": 16). Age is the range of ages of the phrase the word belongs
// to, in a query (see QueryWords).
type Word struct {
	Folded string
	Term   string
	Parts  []string
	Age    *AgeRange
}

// Words splits text into words, dropping stop words and single letters
// (single digits stay: "Kita 3" is another Kita than "Kita 2").
func (a *Analyzer) Words(text string) []Word { return a.words(split(text), nil) }

// words are the words of raws; ages, when not nil, the age range of each
// raw word.
func (a *Analyzer) words(raws []rawWord, ages []*AgeRange) []Word {
	var out []Word
	for i, raw := range raws {
		pieces := strings.FieldsFunc(raw.text, func(r rune) bool { return r == '-' })
		var parts []string
		joined := ""
		for k, p := range pieces {
			f := foldPiece(p, raw.dot && k == len(pieces)-1)
			joined += f
			if f == "" || stopWords[f] {
				continue
			}
			if k+1 < len(pieces) && maybeBoy(f) && boyNoun(f, Fold(pieces[k+1])) {
				parts = append(parts, boyStem) // "Jungen-Treff"
				continue
			}
			parts = append(parts, a.Stem(f))
		}
		if joined == "" || len(pieces) == 1 && (stopWords[joined] || singleLetter(joined)) {
			continue
		}
		w := Word{Folded: joined, Term: a.Stem(joined)}
		if len(pieces) == 1 && maybeBoy(joined) {
			next := ""
			if i+1 < len(raws) && !raw.dot {
				next = Fold(raws[i+1].text)
			}
			if boyNoun(joined, next) {
				w.Term = boyStem
			}
		}
		if ages != nil {
			w.Age = ages[i]
		}
		if len(pieces) > 1 {
			w.Parts = parts
		} else if n, ok := houseNumberBase(joined); ok {
			w.Parts = []string{n}
		}
		out = append(out, w)
	}
	return out
}

// houseNumberBase returns the number of a house number with a letter
// suffix ("16a" → "16"): an address is typed "Frankfurter Allee 16" as
// often as "16A" or "16 A", so the number is a part of its own, as in a
// hyphenated word.
func houseNumberBase(folded string) (string, bool) {
	n := len(folded) - 1
	if n < 1 || folded[n] < 'a' || folded[n] > 'z' {
		return "", false
	}
	for i := 0; i < n; i++ {
		if folded[i] < '0' || folded[i] > '9' {
			return "", false
		}
	}
	return folded[:n], true
}

func singleLetter(folded string) bool {
	r, n := utf8.DecodeRuneInString(folded)
	return n == len(folded) && !unicode.IsDigit(r)
}

// foldPiece folds one piece of a word (between hyphens) and writes out
// what addresses abbreviate, so that every spelling stems alike:
//   - "Str." and "str." are Straße, alone ("Schwedter Str.") or at the
//     end of a compound ("Turmstr.", "Sophie-Charlotten-Str."); no German
//     word ends in "str" otherwise, so the dot is not needed ("Turmstr").
//   - "…pl." at the end of a compound is Platz ("Leopoldpl."); alone
//     "Pl." may be Plätze or Platz, so it stays, and without the dot
//     "pl" stays too (Exempl, Kompl).
//   - an abbreviation's plural in capitals and -s ("JFEs", "AWOs") is the
//     abbreviation.
//   - "Klub" is "Club", as German writes it both ways in any compound
//     ("Schülerklub", "Schülerclub"); no other word holds "klub".
func foldPiece(p string, dot bool) string {
	f := Fold(p)
	if acronymPlural(p) {
		f = f[:len(f)-1]
	}
	if strings.Contains(f, "klub") {
		f = strings.ReplaceAll(f, "klub", "club")
	}
	switch {
	case strings.HasSuffix(f, "str"):
		f += "asse"
	case dot && len(f) > 2 && strings.HasSuffix(f, "pl"):
		f = f[:len(f)-2] + "platz"
	}
	return f
}

// acronymPlural reports whether p is two or more capitals and a small s.
func acronymPlural(p string) bool {
	body, ok := strings.CutSuffix(p, "s")
	if !ok || utf8.RuneCountInString(body) < 2 {
		return false
	}
	for _, r := range body {
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// Terms is the flat list of index terms of text: every word's terms
// (Word.Terms).
func (a *Analyzer) Terms(text string) []string {
	var out []string
	for _, w := range a.Words(text) {
		out = slices.AppendSeq(out, w.Terms())
	}
	return out
}

// Terms are the index terms of w: its term and the parts of a hyphenated
// compound, so "Eltern-Kind-Gruppe" is found by "Gruppe" as well as by
// "Elternkindgruppe". Single letters are no terms ("E-Jugend").
func (w Word) Terms() iter.Seq[string] {
	return func(yield func(string) bool) {
		if !yield(w.Term) {
			return
		}
		for _, p := range w.Parts {
			if p != w.Term && len(p) > 1 && !yield(p) {
				return
			}
		}
	}
}

// rawWord is a word as it stands in the text; dot tells that a full stop
// follows it, which marks an abbreviation ("Leopoldpl.").
type rawWord struct {
	text       string
	dot        bool
	start, end int // bytes of the text
}

// split cuts text at everything that is neither a letter, a digit, a
// combining mark nor an inner hyphen or apostrophe (see joiners). A
// trailing hyphen ("Kinder- und Jugendhilfe") ends the word. Initials are
// joined (see initials).
func split(text string) []rawWord {
	return initials(cut(text))
}

// initials joins three or more single letters written with full stops
// between them into one word: "K.I.D.S", "F.A.I.R.play" (the initials
// "FAIR", then "play"), "S.O.S." are what people type as "KIDS", "FAIR
// play", "SOS"; letter by letter, each was a single letter and no word
// at all. Two stay apart ("e.V.", "z.B.", "u.a."): abbreviations, mostly.
func initials(ws []rawWord) []rawWord {
	single := func(w rawWord) bool {
		r, n := utf8.DecodeRuneInString(w.text)
		return n == len(w.text) && unicode.IsLetter(r)
	}
	var out []rawWord // nil until a run is joined: most texts have none
	for i := 0; i < len(ws); i++ {
		j := i
		for j+1 < len(ws) && single(ws[j]) && single(ws[j+1]) && ws[j].dot && ws[j+1].start == ws[j].end+1 {
			j++
		}
		if j-i+1 < 3 {
			if out != nil {
				out = append(out, ws[i])
			}
			continue
		}
		if out == nil {
			out = append(make([]rawWord, 0, len(ws)), ws[:i]...)
		}
		w := rawWord{start: ws[i].start, end: ws[j].end, dot: ws[j].dot}
		for _, x := range ws[i : j+1] {
			w.text += x.text
		}
		out = append(out, w)
		i = j
	}
	if out == nil {
		return ws
	}
	return out
}

// joiners join the pieces of a word: hyphens, and apostrophes, which
// German writes where letters are left out ("Ku'damm", "F'hain",
// "Rock'n'Roll", "Kid's Club"): a piece alone was a single letter that no
// search finds, or a word of its own ("hain" in every "…hain"), so such
// a word is one, whole or by its parts, like a hyphenated one. At the
// start or end of a word they are quotes or hyphens of a word written
// apart ("Kinder- und Jugendhilfe") and end it.
const joiners = "-‐'’ʼ´`"

// hyphenate writes every joiner as a hyphen.
var hyphenate = strings.NewReplacer("‐", "-", "'", "-", "’", "-", "ʼ", "-", "´", "-", "`", "-")

// cut is split without joining initials.
func cut(text string) []rawWord {
	var out []rawWord
	start := -1
	flush := func(end int) {
		if start >= 0 {
			w := strings.Trim(text[start:end], joiners)
			if w != "" {
				out = append(out, rawWord{text: hyphenate.Replace(w), dot: strings.HasPrefix(text[end:], "."), start: start, end: end})
			}
			start = -1
		}
	}
	for i, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || strings.ContainsRune(joiners, r) {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
	}
	flush(len(text))
	return out
}

// Shorten cuts s to at most n bytes without splitting a character, for
// notes and details that go into fixed-size fields.
func Shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}
