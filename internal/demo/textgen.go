package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/quartier/quartier"
)

// The example offers of the demo and the benchmark generator write their
// texts from templates: "[a|b]" picks one alternative (nesting allowed),
// "{slot}" asks the caller's slot function, so one template gives many
// grammatical sentences without gluing words at random.

type textGen struct {
	r     *rand.Rand
	slots map[string]func() string
	zipfs map[uint64]*rand.Zipf
}

func newTextGen(r *rand.Rand) *textGen {
	return &textGen{r: r, slots: map[string]func() string{}, zipfs: map[uint64]*rand.Zipf{}}
}

// zipf returns an index below n, the first ones far more often than the
// last (s = 1.1), so that vocabularies have a few common and many rare words.
func (g *textGen) zipf(n int) int {
	if n <= 1 {
		return 0
	}
	z, ok := g.zipfs[uint64(n)]
	if !ok {
		z = rand.NewZipf(g.r, 1.1, 1, uint64(n-1))
		g.zipfs[uint64(n)] = z
	}
	return int(z.Uint64())
}

// pick chooses from xs with Zipf-like weights; one picks uniformly.
func pick[T any](g *textGen, xs []T) T { return xs[g.zipf(len(xs))] }

func one[T any](g *textGen, xs []T) T { return xs[g.r.IntN(len(xs))] }

// expand fills a template and tidies spacing and the first letter.
func (g *textGen) expand(t string) string {
	var b strings.Builder
	g.run(&b, t)
	return tidy(b.String())
}

func (g *textGen) run(b *strings.Builder, t string) {
	for i := 0; i < len(t); {
		switch t[i] {
		case '[':
			end, alts := splitAlternatives(t, i)
			g.run(b, alts[g.r.IntN(len(alts))])
			i = end + 1
		case '{':
			end := strings.IndexByte(t[i:], '}')
			if end < 0 {
				panic("template without closing brace: " + t)
			}
			name := t[i+1 : i+end]
			fn, ok := g.slots[name]
			if !ok {
				panic("template slot without filler: " + name)
			}
			b.WriteString(fn())
			i += end + 1
		default:
			b.WriteByte(t[i])
			i++
		}
	}
}

// splitAlternatives reads "[a|b[c|d]|e]" starting at t[open] and returns
// the index of the closing bracket and the top-level alternatives.
func splitAlternatives(t string, open int) (int, []string) {
	depth, start := 0, open+1
	var alts []string
	for i := open; i < len(t); i++ {
		switch t[i] {
		case '[':
			depth++
		case ']':
			depth--
			if depth == 0 {
				return i, append(alts, t[start:i])
			}
		case '|':
			if depth == 1 {
				alts = append(alts, t[start:i])
				start = i + 1
			}
		}
	}
	panic("template without closing bracket: " + t)
}

// tidy removes the doubled and stray spaces an empty alternative leaves and
// capitalises the first letter.
func tidy(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	for _, p := range []string{" ,", " .", " ;", " :", " )"} {
		s = strings.ReplaceAll(s, p, p[1:])
	}
	s = strings.ReplaceAll(s, "( ", "(")
	// A provider name ending in "e.V." closes the sentence itself.
	s = strings.ReplaceAll(s, "..", ".")
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

func wordCount(s string) int { return len(strings.Fields(s)) }

// compose strings sentences from a pool until the text has between lo and
// hi words: the leading sentences are kept in order, the rest shuffled.
func (g *textGen) compose(lead []string, pool []string, lo, hi int) string {
	target := lo + g.r.IntN(hi-lo+1)
	var out []string
	n := 0
	add := func(s string) bool {
		w := wordCount(s)
		if w == 0 {
			return false
		}
		if n+w > hi {
			return false
		}
		out = append(out, s)
		n += w
		return true
	}
	for _, t := range lead {
		add(g.expand(t))
	}
	order := g.r.Perm(len(pool))
	for _, i := range order {
		if n >= target {
			break
		}
		add(g.expand(pool[i]))
	}
	return strings.Join(out, " ")
}

var weekdayCodes = map[string]time.Weekday{"So": time.Sunday, "Mo": time.Monday, "Di": time.Tuesday, "Mi": time.Wednesday,
	"Do": time.Thursday, "Fr": time.Friday, "Sa": time.Saturday}

// week reads weekly hours written as on a door sign, "Mo-Fr 09:00-16:00;
// Di,Do 16:00-18:00", into slots. The specs are the package's own, so a
// typo is a programming error.
func week(spec string) []quartier.HoursSlot {
	var out []quartier.HoursSlot
	for _, part := range strings.Split(spec, ";") {
		days, times, ok := strings.Cut(strings.TrimSpace(part), " ")
		from, to, ok2 := strings.Cut(times, "-")
		if !ok || !ok2 {
			panic("bad hours spec " + spec)
		}
		open, err1 := quartier.ParseClock(from)
		end, err2 := quartier.ParseClock(to)
		if err1 != nil || err2 != nil {
			panic("bad hours spec " + spec)
		}
		for _, d := range strings.Split(days, ",") {
			first, last, isRange := strings.Cut(d, "-")
			a, okA := weekdayCodes[first]
			b := a
			okB := true
			if isRange {
				b, okB = weekdayCodes[last]
			}
			if !okA || !okB {
				panic("bad weekday in " + spec)
			}
			for w := a; ; w = (w + 1) % 7 {
				out = append(out, quartier.HoursSlot{Day: w, Open: open, Close: end})
				if w == b {
					break
				}
			}
		}
	}
	return out
}

// summerBreak and yearEnd are the closures most offers have; the summer
// break lies in the Berlin school holidays (July/August).
func summerBreak(year, startDay, weeks int) quartier.HoursException {
	from := time.Date(year, time.July, startDay, 0, 0, 0, 0, time.UTC)
	return quartier.HoursException{From: from, To: from.AddDate(0, 0, 7*weeks-1), Closed: true, Note: "Sommerpause"}
}

func yearEnd(year int) quartier.HoursException {
	return quartier.HoursException{From: time.Date(year, time.December, 24, 0, 0, 0, 0, time.UTC),
		To: time.Date(year+1, time.January, 1, 0, 0, 0, 0, time.UTC), Closed: true, Note: "zwischen den Jahren geschlossen"}
}

// fictionalPhone is a number from the block the Federal Network Agency
// keeps for films and examples in Berlin (030 23125 000–999): it never
// rings at a real person's.
func fictionalPhone(n int) string { return fmt.Sprintf("030 23125 %03d", n%1000) }

// mailbox builds an example.org address (RFC 2606: never delivered).
func mailbox(local, domain string) string {
	return slug(local, 30) + "@" + slug(domain, 30) + ".example.org"
}

var contactGiven = []string{"Anna", "Mehmet", "Jana", "Lukas", "Ayşe", "Thomas", "Katrin", "Jonas", "Fatma", "Sabine", "Paul", "Leyla",
	"Olga", "Dmytro", "Marta", "Reza", "Sophie", "Ali", "Nele", "Tobias", "Elif", "Kerstin", "Samir", "Julia", "Piotr", "Miriam",
	"Hannah", "Yusuf", "Ines", "Björn", "Zeynep", "Frank", "Oksana", "Daniel", "Amira", "Jürgen", "Lea", "Karim", "Susanne", "Nadia"}

var contactFamily = []string{"Becker", "Yılmaz", "Schulz", "Nowak", "Hoffmann", "Demir", "Krüger", "Wagner", "Schmidt", "Kaya", "Neumann",
	"Richter", "Kowalski", "Petrenko", "Müller", "Öztürk", "Fischer", "Weber", "Hosseini", "Schäfer", "Lehmann", "Haddad", "Wolf",
	"Schröder", "Iwanowa", "Koch", "Bauer", "Şahin", "Zimmermann", "Braun", "Lange", "Köhler", "Nguyen", "Jung", "Hartmann", "Günther"}

// person is an invented name with a fitting mailbox at the domain.
func (g *textGen) person(domain string) (name, email string) {
	given, family := one(g, contactGiven), one(g, contactFamily)
	return given + " " + family, mailbox(given+"."+family, domain)
}

var languageAdverbs = map[string]string{
	"de": "Deutsch", "en": "Englisch", "tr": "Türkisch", "ar": "Arabisch", "ru": "Russisch", "uk": "Ukrainisch", "pl": "Polnisch",
	"fa": "Persisch (Farsi)", "ku": "Kurdisch", "vi": "Vietnamesisch", "ro": "Rumänisch", "bg": "Bulgarisch", "es": "Spanisch",
	"fr": "Französisch", "sq": "Albanisch", "sr": "Serbisch", "it": "Italienisch", "ps": "Paschtu", "ti": "Tigrinya", "he": "Hebräisch",
}

// languagePhrase renders the languages besides German: "auf Türkisch und
// Arabisch"; empty when German is all.
func languagePhrase(langs []string) string {
	var names []string
	for _, l := range langs {
		if l != "de" {
			names = append(names, languageAdverbs[l])
		}
	}
	if len(names) == 0 {
		return ""
	}
	return "auf " + germanList(names)
}

// germanList joins "a", "a und b", "a, b und c".
func germanList(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " und " + xs[len(xs)-1]
}

// slug turns a name into a code: "Kindergärten NordOst" → "kindergaerten-nordost",
// cut at a word boundary to fit max bytes.
func slug(name string, max int) string {
	r := strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss", "Ä", "ae", "Ö", "oe", "Ü", "ue")
	s := strings.ToLower(r.Replace(name))
	var words []string
	var w strings.Builder
	flush := func() {
		if w.Len() > 0 {
			words = append(words, w.String())
			w.Reset()
		}
	}
	for _, c := range s {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			w.WriteRune(c)
		} else {
			flush()
		}
	}
	flush()
	out := ""
	for _, x := range words {
		next := x
		if out != "" {
			next = out + "-" + x
		}
		if len(next) > max {
			break
		}
		out = next
	}
	if out == "" && len(words) > 0 {
		out = words[0][:min(len(words[0]), max)]
	}
	return out
}
