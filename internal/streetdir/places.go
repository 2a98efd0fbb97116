package streetdir

import (
	"slices"
	"strings"
	"unicode"
)

// Places are the names a typed address may give for where it lies: the
// districts its entries name (Ortsteile: "Prenzlauer Berg", "Tiergarten")
// and the municipality the directory covers ("Berlin"), which the
// entries do not name. A lookup uses them in two ways: a place typed
// before the street without a comma ("Pankow Schönhauser Allee 100") is
// told from the street's name by them (Leading), and a typed district
// where the address is not refuses the answer, also when the street has
// no entry there at all ("Alexanderplatz (Tiergarten)"; see
// Street.LookupWith). A word that names none of them ("Hinterhaus", a
// typo, the municipality) checks nothing.
type Places struct {
	city      string   // folded
	districts []string // folded, each once
	// forms are the city's and the districts' forms (see addForms).
	forms map[string]bool
}

// NewPlaces makes the places of a directory whose entries name districts
// and that covers city ("" when not known).
func NewPlaces(city string, districts []string) *Places {
	p := &Places{city: Fold(city), forms: map[string]bool{}}
	for _, d := range districts {
		if f := Fold(d); f != "" && !slices.Contains(p.districts, f) {
			p.districts = append(p.districts, f)
		}
	}
	for _, f := range append([]string{p.city}, p.districts...) {
		addForms(p.forms, spaceless(f))
	}
	return p
}

// Leading splits a place typed before the street's name without a comma
// from the name: "Berlin-Pankow Schönhauser Allee" gives "Berlin-Pankow"
// and "Schönhauser Allee". Only the municipality and districts count as
// places, each as one run of words (written with spaces, hyphens or
// together); ok is false when street does not begin with one or is
// nothing else.
func (p *Places) Leading(street string) (place, rest string, ok bool) {
	if p == nil {
		return "", "", false
	}
	words := wordSpans(street)
	i := 0
	for i < len(words) {
		n := p.leadingRun(street, words[i:])
		if n == 0 {
			break
		}
		i += n
	}
	if i == 0 || i == len(words) {
		return "", "", false
	}
	return strings.TrimSpace(street[:words[i-1][1]]), strings.TrimSpace(street[words[i][0]:]), true
}

// leadingRun is how many of the first words (up to four) name the
// municipality or a district together, in any way named accepts, the most
// that do; 0 when none.
func (p *Places) leadingRun(s string, words [][2]int) int {
	for n := min(4, len(words)); n > 0; n-- {
		if hasForm(p.forms, spaceless(Fold(s[words[0][0]:words[n-1][1]]))) {
			return n
		}
	}
	return 0
}

// wordSpans are the byte ranges of s's words, split at white space and
// hyphens.
func wordSpans(s string) [][2]int {
	var out [][2]int
	start := -1
	for i, r := range s {
		sep := unicode.IsSpace(r) || strings.ContainsRune("-‐‑–—", r)
		switch {
		case sep && start >= 0:
			out = append(out, [2]int{start, i})
			start = -1
		case !sep && start < 0:
			start = i
		}
	}
	if start >= 0 {
		out = append(out, [2]int{start, len(s)})
	}
	return out
}

// named returns those of districts (folded) that place names: as its
// words ("Berlin-Prenzlauer Berg"), written together ("Prenzlauerberg")
// or with an umlaut's e dropped ("Schoneberg"); where one named district
// contains another's words, only the longer ("Charlottenburg-Nord" is not
// Charlottenburg).
func named(place string, districts []string) []string {
	words := strings.Fields(Fold(place))
	if len(words) == 0 {
		return nil
	}
	// Every run of up to four words, written together.
	runs := map[string]bool{}
	for i := range words {
		run := ""
		for j := i; j < min(i+4, len(words)); j++ {
			run += words[j]
			addForms(runs, run)
		}
	}
	var out []string
	for _, d := range districts {
		if !slices.Contains(out, d) && hasForm(runs, spaceless(d)) {
			out = append(out, d)
		}
	}
	return slices.DeleteFunc(out, func(d string) bool {
		return slices.ContainsFunc(out, func(o string) bool { return o != d && strings.Contains(" "+o+" ", " "+d+" ") })
	})
}

// addForms adds a place written together (folded, "prenzlauerberg") to
// set, and its bare form (bareKey: "Schoneberg" is Schöneberg), kept
// apart by a prefix so that neither is taken for the other.
func addForms(set map[string]bool, sp string) {
	if sp != "" {
		set[sp], set["\x00"+bareKey(sp)] = true, true
	}
}

// hasForm reports whether set holds a form of the place written together
// as sp, as added by addForms.
func hasForm(set map[string]bool, sp string) bool {
	return sp != "" && (set[sp] || set["\x00"+bareKey(sp)])
}
