// Package textde is the German text analysis of the atlas search: folding
// (case, umlauts, ß, accents, typed transliterations like "ue"), snowball
// stemming, stop words, hyphenated compounds, splitting of unknown
// compounds against a vocabulary, and an editable synonym list. Documents
// and queries pass through the same functions, so whatever a user types
// meets the indexed text in the same form on every engine.
package textde

import (
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
	env := snowballstem.NewEnv(folded)
	german.Stem(env)
	st := env.Current()
	// Snowball keeps the -s plural after a vowel, which German uses for
	// short words and loans: Kitas, Babys, Autos, Hobbys. Dropping it
	// lets "Kitas" find "Kita". Words of -nis (Ergebnis) keep theirs.
	if n := len(st); n >= 5 && st == folded && st[n-1] == 's' && strings.ContainsRune("aoyi", rune(st[n-2])) && !strings.HasSuffix(st, "nis") {
		st = st[:n-1]
	}
	return st
}

// Word is one word of a text: Folded is the whole word folded with hyphens
// dropped, Term its stem; Parts holds the stems of the pieces of a
// hyphenated compound ("Eltern-Kind-Gruppe": eltern, kind, grupp).
type Word struct {
	Folded string
	Term   string
	Parts  []string
}

// Words splits text into words, dropping stop words and single letters.
func (a *Analyzer) Words(text string) []Word {
	var out []Word
	for _, raw := range split(text) {
		pieces := strings.FieldsFunc(raw, func(r rune) bool { return r == '-' })
		var parts []string
		joined := ""
		for _, p := range pieces {
			f := Fold(p)
			joined += f
			if f == "" || stopWords[f] {
				continue
			}
			parts = append(parts, a.Stem(f))
		}
		if joined == "" || len(pieces) == 1 && (stopWords[joined] || utf8.RuneCountInString(joined) < 2) {
			continue
		}
		w := Word{Folded: joined, Term: a.Stem(joined)}
		if len(pieces) > 1 {
			w.Parts = parts
		}
		out = append(out, w)
	}
	return out
}

// Terms is the flat list of index terms of text: every word's term and
// the parts of hyphenated compounds, so "Eltern-Kind-Gruppe" is found by
// "Gruppe" as well as by "Elternkindgruppe".
func (a *Analyzer) Terms(text string) []string {
	var out []string
	for _, w := range a.Words(text) {
		out = append(out, w.Term)
		for _, p := range w.Parts {
			if p != w.Term && len(p) > 1 {
				out = append(out, p)
			}
		}
	}
	return out
}

// split cuts text at everything that is neither a letter, a digit, a
// combining mark nor an inner hyphen. A trailing hyphen ("Kinder- und
// Jugendhilfe") ends the word.
func split(text string) []string {
	var out []string
	start := -1
	flush := func(end int) {
		if start >= 0 {
			w := strings.Trim(text[start:end], "-")
			if w != "" {
				out = append(out, w)
			}
			start = -1
		}
	}
	for i, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || r == '-' || r == '‐' {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
	}
	flush(len(text))
	for i, w := range out {
		out[i] = strings.ReplaceAll(w, "‐", "-")
	}
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
