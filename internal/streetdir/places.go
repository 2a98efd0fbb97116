package streetdir

import (
	"maps"
	"slices"
	"strings"
	"unicode"

	"github.com/quartier/quartier"
)

// Places are the names a typed address may give for where it lies: the
// districts its entries name (Ortsteile: "Prenzlauer Berg", "Tiergarten"),
// the larger areas that hold districts where the import knew them
// (regions: Berlin's Bezirke, "Pankow" holding Prenzlauer Berg), and the
// municipality the directory covers ("Berlin"), which the entries do not
// name. A lookup uses them in two ways: a place typed before the street
// without a comma ("Pankow Schönhauser Allee 100") is told from the
// street's name by them (Leading), and a typed district or region where
// the address is not refuses the answer, also when the street has no
// entry there at all ("Alexanderplatz (Tiergarten)"; see
// Street.LookupWith). A word that names none of them ("Hinterhaus", a
// typo, the municipality) checks nothing.
type Places struct {
	city      string   // folded
	districts []string // folded, each once
	// regions are the districts (folded) of each region (folded name);
	// nil when the import knew none. in names the regions (as given) of
	// each district (folded), for messages.
	regions map[string][]string
	in      map[string][]string
	// names are the districts and the regions (folded), each once.
	names []string
	// forms are the city's, the districts' and the regions' forms (see
	// addForms).
	forms map[string]bool
	// byForm holds the districts and the regions (folded) by their bare
	// form written together, so that a typed place finds those it names
	// by its own few runs of words (namedIn), not by trying every name:
	// a bulk run asks for every row.
	byForm map[string][]string
}

// NewPlaces makes the places of a directory whose entries name districts
// and that covers city ("" when not known); regions are the larger areas
// by name with the districts each holds (nil when not known; see
// Region). A name that is a district and a region (Berlin's Ortsteil and
// Bezirk Mitte) stands for both.
func NewPlaces(city string, districts []string, regions map[string][]string) *Places {
	p := &Places{city: Fold(city), forms: map[string]bool{}}
	add := func(list []string, f string) []string {
		if f != "" && !slices.Contains(list, f) {
			list = append(list, f)
		}
		return list
	}
	for _, d := range districts {
		p.districts = add(p.districts, Fold(d))
	}
	p.names = slices.Clone(p.districts)
	for _, name := range slices.Sorted(maps.Keys(regions)) {
		r := Fold(name)
		if r == "" {
			continue
		}
		if p.regions == nil {
			p.regions, p.in = map[string][]string{}, map[string][]string{}
		}
		p.names = add(p.names, r)
		for _, d := range regions[name] {
			if f := Fold(d); f != "" {
				p.regions[r] = add(p.regions[r], f)
				if !slices.Contains(p.in[f], name) {
					p.in[f] = append(p.in[f], name)
				}
			}
		}
	}
	for _, f := range append([]string{p.city}, p.names...) {
		addForms(p.forms, spaceless(f))
	}
	p.byForm = map[string][]string{}
	for _, n := range p.names {
		k := bareKey(spaceless(n))
		p.byForm[k] = append(p.byForm[k], n)
	}
	return p
}

// Names reports whether a typed place names a district or a region
// (not the municipality, not other words), so that it may refuse or
// narrow an answer.
func (p *Places) Names(place string) bool { return p != nil && len(p.namedIn(place, nil)) > 0 }

// namedIn is named(place, among) for names of the places (folded), found
// through byForm; among nil stands for all of them.
func (p *Places) namedIn(place string, among []string) []string {
	var out []string
	for _, run := range placeRuns(place) {
		for _, n := range p.byForm[bareKey(run)] {
			if !slices.Contains(out, n) && (among == nil || slices.Contains(among, n)) {
				out = append(out, n)
			}
		}
	}
	return withoutContained(out)
}

// HasRegions reports whether the places know larger areas than the
// districts.
func (p *Places) HasRegions() bool { return p != nil && p.regions != nil }

// areas are the districts (folded) a place names, each once: those it
// names as districts and those of the regions it names. A place that
// names several ("Prenzlauer Berg, Pankow") stands for all of them.
func (p *Places) areas(place string) []string {
	var out []string
	for _, n := range p.namedIn(place, nil) {
		if slices.Contains(p.districts, n) && !slices.Contains(out, n) {
			out = append(out, n)
		}
		for _, d := range p.regions[n] {
			if !slices.Contains(out, d) {
				out = append(out, d)
			}
		}
	}
	return out
}

// regionsOf names the regions that hold a district ("Bezirk Pankow"),
// "" when the places know none.
func (p *Places) regionsOf(district string) string {
	if p == nil {
		return ""
	}
	rs := p.in[Fold(district)]
	switch len(rs) {
	case 0:
		return ""
	case 1:
		return "Bezirk " + rs[0]
	}
	return "Bezirke " + strings.Join(rs, ", ")
}

// Region is a larger area that holds districts of a directory (Berlin's
// Bezirk Pankow holds Prenzlauer Berg, Weißensee …), for a typed place
// that names it. Its districts are those listed and those named by every
// entry whose block begins with BlockPrefix, where the blocks are
// numbered by area (Berlin's LOR: a Planungsraum's first two digits are
// its Bezirk); a district with entries under two prefixes lies in both.
type Region struct {
	Name        string
	BlockPrefix string
	Districts   []string
}

// RegionDistricts resolves regions against a directory's entries: the
// districts of each region by name, each once and sorted; a region
// without one is left out.
func RegionDistricts(entries []quartier.StreetEntry, regions []Region) map[string][]string {
	out := map[string][]string{}
	for _, r := range regions {
		if r.Name = strings.TrimSpace(r.Name); r.Name == "" {
			continue
		}
		for _, d := range r.Districts {
			if d = strings.TrimSpace(d); d != "" {
				out[r.Name] = append(out[r.Name], d)
			}
		}
		if r.BlockPrefix == "" {
			continue
		}
		last := "\x00"
		for i := range entries {
			e := &entries[i]
			if e.District != "" && e.District != last && strings.HasPrefix(e.Block, r.BlockPrefix) {
				last = e.District
				out[r.Name] = append(out[r.Name], e.District)
			}
		}
	}
	for name, ds := range out {
		slices.Sort(ds)
		out[name] = slices.Compact(ds)
	}
	return out
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
	runs := map[string]bool{}
	for _, run := range placeRuns(place) {
		addForms(runs, run)
	}
	var out []string
	for _, d := range districts {
		if !slices.Contains(out, d) && hasForm(runs, spaceless(d)) {
			out = append(out, d)
		}
	}
	return withoutContained(out)
}

// placeRuns are the runs of up to four words of a typed place, each
// written together, as named compares them.
func placeRuns(place string) []string {
	words := strings.Fields(Fold(place))
	var out []string
	for i := range words {
		run := ""
		for j := i; j < min(i+4, len(words)); j++ {
			run += words[j]
			out = append(out, run)
		}
	}
	return out
}

// withoutContained drops the names that another of them contains as
// words ("Charlottenburg" beside "Charlottenburg Nord").
func withoutContained(names []string) []string {
	return slices.DeleteFunc(names, func(d string) bool {
		return slices.ContainsFunc(names, func(o string) bool { return o != d && strings.Contains(" "+o+" ", " "+d+" ") })
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

// ParseRegion reads a region as the import is given it, NAME=PRÄFIX
// ("Pankow=03"): the name and the block prefix of its entries. The command
// line (--bezirk) and the upload form read regions this way.
func ParseRegion(s string) (Region, error) {
	name, prefix, ok := strings.Cut(s, "=")
	if name, prefix = strings.TrimSpace(name), strings.TrimSpace(prefix); !ok || name == "" || prefix == "" || strings.ContainsAny(prefix, " \t") {
		return Region{}, quartier.Errorf(quartier.EINVALID, "„%s“: erwartet NAME=PRÄFIX, z. B. „Pankow=03“.", strings.TrimSpace(s))
	}
	return Region{Name: name, BlockPrefix: prefix}, nil
}

// ParseRegions reads regions one a line as ParseRegion does (blank lines
// are skipped); a fault names its line.
func ParseRegions(text string) ([]Region, error) {
	var out []Region
	for i, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		r, err := ParseRegion(line)
		if err != nil {
			return nil, quartier.Errorf(quartier.EINVALID, "Zeile %d: %s", i+1, quartier.ErrorMessage(err))
		}
		out = append(out, r)
	}
	return out, nil
}

// FormatRegions writes the regions given by a block prefix as
// ParseRegions reads them, one a line; regions given by their districts
// alone are left out.
func FormatRegions(regions []Region) string {
	var lines []string
	for _, r := range regions {
		if r.Name != "" && r.BlockPrefix != "" {
			lines = append(lines, r.Name+"="+r.BlockPrefix)
		}
	}
	return strings.Join(lines, "\n")
}
