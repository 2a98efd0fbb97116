package streetdir

import (
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/quartier/quartier"
)

// People write a street's name as one word or spaced otherwise than the
// list ("Karlmarxallee", "KarlMarxStr."), drop an umlaut's dots without
// writing its e ("Schonhauser Allee"), write ß as one s ("Grose Hamburger
// Straße") and type "Alle" for "Allee". Folding these into the key would
// merge streets that are distinct (Berlin has a Guntherstraße and a
// Güntherstraße) and change every stored key, so the key stays as it is:
// Similar is a fallback, asked only where the key finds nothing, closest
// form first, and it answers only where one street fits; where several
// do, the lookup says so and names them.

// Similar indexes a directory's keys by their looser forms. It is built
// from the keys alone, so a store only lists its keys for it and reads the
// entries of the few candidates.
type Similar struct {
	spaceless map[string][]string // the key written together → keys
	bare      map[string][]string // bareKey of that → keys
	typoOnce  sync.Once
	byLen     map[int][]typoForm // for oneEdit, by length spelt out
	keyWords  []keyWords         // for abbreviated
}

// NewSimilar indexes keys (each once).
func NewSimilar(keys []string) *Similar {
	x := &Similar{spaceless: make(map[string][]string, len(keys)), bare: make(map[string][]string, len(keys))}
	for _, k := range keys {
		sp := together(k)
		x.spaceless[sp] = append(x.spaceless[sp], k)
		b := bareKey(sp)
		x.bare[b] = append(x.bare[b], k)
	}
	return x
}

// Keys are the keys name may mean: those whose entries Choose needs. They
// are few (one, mostly), as a name's looser forms rarely collide.
func (x *Similar) Keys(name string) []string {
	var out []string
	for _, tier := range x.tiers(NormalizeStreet(name)) {
		for _, k := range tier {
			if !slices.Contains(out, k) {
				out = append(out, k)
			}
		}
	}
	return out
}

// tiers are the candidate keys of a normalised name, closest first: the
// same name without spaces ("karlmarxallee" for "karl marxallee"), with
// "allee" for "alle" ("Karl-Marx-Alle", "Alle der Kosmonauten"), and by
// bareKey (to be checked by the names of the entries, see Choose).
func (x *Similar) tiers(key string) [3][]string {
	sp := together(key)
	var t [3][]string
	t[0] = x.spaceless[sp]
	if a := allee(key); a != key {
		t[1] = x.spaceless[together(a)]
	}
	t[2] = x.bare[bareKey(sp)]
	return t
}

// TypoKeys are the keys name may mean with one typing error (oneEdit) or
// with words cut short (abbreviated): those whose entries ChooseTypo
// needs. A lookup asks only where neither a key nor Keys found a street,
// as a name one letter from two streets' is read as neither, and one
// written otherwise (Choose) is closer.
func (x *Similar) TypoKeys(name string) []string {
	x.typoOnce.Do(x.indexTypos)
	out := slices.Concat(x.oneEdit(together(NormalizeStreet(name))), x.abbreviated(name))
	slices.Sort(out)
	return slices.Compact(out)
}

// abbreviated are the keys whose words are name's, where name cuts some
// short with a full stop ("Gr. Hamburger Str.", "Heinr.-Heine-Str.",
// "Platz d. Luftbrücke", "Frankf. Allee"): each such word begins the
// key's word in its place, every other word is the key's. A street's kind
// joined to the word before it counts as a word of its own, so that
// "Frankf. Allee" is compared word by word with "frankfurterallee". None
// where name cuts nothing short but "Str."/"Pl." (NormalizeStreet's).
func (x *Similar) abbreviated(name string) []string {
	var words []string
	var short []bool
	cut := false
	for tok := range strings.FieldsFuncSeq(strings.ReplaceAll(name, ".", ". "), func(r rune) bool { return unicode.IsSpace(r) || r == '-' }) {
		w := expandWord(Fold(tok))
		if w == "" || strings.Contains(w, " ") {
			continue
		}
		s := strings.HasSuffix(tok, ".") && w != "str" && w != "platz" && !startsWithDigitByte(w)
		words, short = append(words, w), append(short, s)
		cut = cut || s
	}
	if !cut {
		return nil
	}
	words = kindApart(words)
	short = append(short, make([]bool, len(words)-len(short))...)
	var out []string
	for _, kw := range x.keyWords {
		if len(kw.words) != len(words) {
			continue
		}
		fits := true
		for i, w := range words {
			if short[i] && !strings.HasPrefix(kw.words[i], w) || !short[i] && kw.words[i] != w {
				fits = false
				break
			}
		}
		if fits {
			out = append(out, kw.key)
		}
	}
	return out
}

// kindApart writes a street's kind joined to the last word apart:
// "frankfurterallee" → "frankfurter", "allee".
func kindApart(words []string) []string {
	if n := len(words); n > 0 {
		for kind := range genericWords {
			if last := words[n-1]; len(last) > len(kind) && strings.HasSuffix(last, kind) {
				return append(words[:n-1:n-1], last[:len(last)-len(kind)], kind)
			}
		}
	}
	return words
}

func startsWithDigitByte(w string) bool { return w != "" && isDigit(w[0]) }

// ChooseTypo picks the street name means with one typing error among
// streets, which holds those of TypoKeys(name): the one that fits, or of
// several, the one that has the typed postcode ("Bernuer Straße 8, 10115"
// is Bernauer Straße, not Berner Straße, which has no 10115); nil when none
// fits, and an error naming them when several do.
func (x *Similar) ChooseTypo(name, postcode string, streets map[string]*Street) (*Street, error) {
	var fit, withPostcode []*Street
	for _, k := range x.TypoKeys(name) {
		if s := streets[k]; s != nil && !slices.Contains(fit, s) {
			fit = append(fit, s)
			if _, ok := s.segmentIndex(postcode); ok {
				withPostcode = append(withPostcode, s)
			}
		}
	}
	switch {
	case len(fit) == 1:
		return fit[0], nil
	case len(withPostcode) == 1:
		return withPostcode[0], nil
	case len(fit) > 1:
		return nil, ambiguousName(name, fit)
	}
	return nil, nil
}

// minTypoLen is the shortest name (written together, "straße" spelt out)
// read with a typing error: in shorter ones one letter is too much of the
// name ("Amweg" is one letter from "Am Steg", "Amweg" and "Imweg").
const minTypoLen = 8

// oneEdit are the keys written together one typing error from sp: a
// letter left out, added, replaced, or two neighbours swapped. They are
// compared with "straße" written out, as typed, so that an error in it
// counts as one ("Schwedter Sraße") and one beside it too: "Augustsatraße"
// is one error from Augustastraße and from Auguststraße, and so neither.
// Digits are never the error, so that "Straße 17" is not read as Straße
// 18; nor is a name short enough that one letter changes it to another
// (minTypoLen). Only the forms one letter longer or shorter are compared.
func (x *Similar) oneEdit(sp string) []string {
	if sp = spelledOut(sp); len(sp) < minTypoLen {
		return nil
	}
	var out []string
	for n := len(sp) - 1; n <= len(sp)+1; n++ {
		for _, f := range x.byLen[n] {
			if oneTypo(sp, f.spelled) {
				out = append(out, x.spaceless[f.form]...)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// typoForm is a key written together (form) and with its "str" spelt out.
type typoForm struct{ form, spelled string }

// indexTypos groups the forms long enough for oneEdit by their length
// spelt out; built on the first typing error, as most lookups never ask.
func (x *Similar) indexTypos() {
	x.byLen = map[int][]typoForm{}
	for form, keys := range x.spaceless {
		if sp := spelledOut(form); len(sp) >= minTypoLen {
			x.byLen[len(sp)] = append(x.byLen[len(sp)], typoForm{form, sp})
		}
		for _, k := range keys {
			x.keyWords = append(x.keyWords, keyWords{k, kindApart(strings.Fields(k))})
		}
	}
}

// keyWords are a key and its words, the street's kind apart (kindApart).
type keyWords struct {
	key   string
	words []string
}

// spelledOut writes the "str" that ends a form as "strasse".
func spelledOut(form string) string {
	if strings.HasSuffix(form, "str") {
		return form + "asse"
	}
	return form
}

// oneTypo reports whether a and b differ by one typing error in a letter
// (see oneEdit). Both are folded, so a letter is one byte but for the
// rare one outside ASCII, which then counts as its bytes.
func oneTypo(a, b string) bool {
	if a == b || len(a)-len(b) > 1 || len(b)-len(a) > 1 {
		return false
	}
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	j := 0 // equal bytes at the end, not reaching back over i
	for j < len(a)-i && j < len(b)-i && a[len(a)-1-j] == b[len(b)-1-j] {
		j++
	}
	da, db := a[i:len(a)-j], b[i:len(b)-j] // what differs
	switch {
	case strings.ContainsAny(da+db, "0123456789 "):
		return false
	case len(da)+len(db) == 1: // left out or added
		return true
	case len(da) == 1 && len(db) == 1: // replaced
		return true
	case len(da) == 2 && len(db) == 2: // swapped
		return da[0] == db[1] && da[1] == db[0]
	}
	return false
}

// allee writes a key's "alle" as "allee": the word, and the end of the
// last word, which is where NormalizeStreet leaves a street's kind
// ("karl marxalle"). "Alle" is no street's kind, and "…alle" ends no
// other word a name ends in but "Halle", which is left as it is.
func allee(key string) string {
	words := strings.Fields(key)
	for i, w := range words {
		if w == "alle" || (i == len(words)-1 && strings.HasSuffix(w, "alle") && !strings.HasSuffix(w, "halle")) {
			words[i] += "e"
		}
	}
	return strings.Join(words, " ")
}

// Choose picks the street name means among streets, which holds the
// streets of Keys(name) (as read; missing ones are skipped). It returns
// nil when no street fits, and an error (EINVALID) naming them when
// several of the closest form do. A street fits the loosest form only
// when the name of one of its entries, with umlauts written without e
// and every ss as s, is name written so: the key's bare form alone would
// also read "Baurstraße" as "Bauerstraße", which is no umlaut.
func (x *Similar) Choose(name string, streets map[string]*Street) (*Street, error) {
	key := NormalizeStreet(name)
	if key == "" {
		return nil, nil
	}
	tiers := x.tiers(key)
	typed := bareName(name)
	for i, tier := range tiers {
		var fit []*Street
		for _, k := range tier {
			s := streets[k]
			if s == nil || slices.Contains(fit, s) || (i == 2 && !s.namedBare(typed)) {
				continue
			}
			fit = append(fit, s)
		}
		switch {
		case len(fit) == 1:
			return fit[0], nil
		case len(fit) > 1:
			return nil, ambiguousName(name, fit)
		}
	}
	return nil, nil
}

// ambiguousName says that name is written like each of the streets fit.
func ambiguousName(name string, fit []*Street) error {
	var names []string
	for _, s := range fit {
		names = append(names, s.name+" ("+s.postcodes(s.segs)+")")
	}
	slices.Sort(names)
	return quartier.Errorf(quartier.EINVALID, "Die Straße „%s“ steht so nicht im Straßenverzeichnis und ist mehrdeutig — bitte den Namen genau angeben: %s.",
		strings.TrimSpace(name), strings.Join(names, "; "))
}

// namedBare reports whether one of the street's entries is named typed
// when written as bareName does.
func (s *Street) namedBare(typed string) bool {
	last := ""
	for i := range s.segs {
		seg := &s.segs[i]
		for _, es := range [][]entry{seg.numbered, seg.unnumbered} {
			for j := range es {
				if n := es[j].e.Street; n != last {
					if bareName(n) == typed {
						return true
					}
					last = n
				}
			}
		}
	}
	return false
}

// spaceless is a key without its spaces: "karl marxallee" →
// "karlmarxallee". A space between two digits stays: two numbers written
// apart are two ("straße 6 14" is house 14 of Straße 6, not Straße 614).
func spaceless(key string) string {
	if !strings.Contains(key, " ") {
		return key
	}
	b := make([]byte, 0, len(key))
	for i := 0; i < len(key); i++ {
		if c := key[i]; c != ' ' || i > 0 && i+1 < len(key) && isDigit(key[i-1]) && isDigit(key[i+1]) {
			b = append(b, c)
		}
	}
	return string(b)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// together is a street's key written as one word, as Similar compares
// them: without spaces, and with "straße" shortened inside the word as
// NormalizeStreet shortens it at a word's end, so that "Straßeamflugplatz"
// is "Straße am Flugplatz" ("str am flugplatz").
func together(key string) string {
	sp := spaceless(key)
	if strings.Contains(sp, "stras") {
		sp = strings.NewReplacer("strasse", "str", "strase", "str").Replace(sp)
	}
	return sp
}

// bareName is a street's name normalised with umlauts written without e
// (ö→o), without spaces, and with every run of s as one: "Schönhauser
// Allee" and "Schonhauserallee" give "schonhauserallee", "Große Hamburger
// Straße" and "Grose Hamburger Strase" give "grosehamburgerstr".
func bareName(name string) string {
	return collapseS(together(normalizeFolded(fold(name, false))))
}

// bareKey is the form of a spaceless key that bareName's forms of the
// same name share, whether its umlauts were written with e or without:
// every e after a, o or u dropped, every run of s one s. It merges more
// than umlauts ("bauer" and "baur"), so it only finds candidates.
func bareKey(sp string) string {
	b := make([]byte, 0, len(sp))
	for i := 0; i < len(sp); i++ {
		c := sp[i]
		if n := len(b); n > 0 && ((c == 'e' && (b[n-1] == 'a' || b[n-1] == 'o' || b[n-1] == 'u')) || (c == 's' && b[n-1] == 's')) {
			continue
		}
		b = append(b, c)
	}
	return string(b)
}

// collapseS writes every run of s as one s.
func collapseS(s string) string {
	if !strings.Contains(s, "ss") {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == 's' && len(b) > 0 && b[len(b)-1] == 's' {
			continue
		}
		b = append(b, s[i])
	}
	return string(b)
}
