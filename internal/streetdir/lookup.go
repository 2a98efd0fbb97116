package streetdir

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/quartier/quartier"
)

// Directory answers address → block from street-directory entries. It is
// immutable once compiled and safe for concurrent lookups.
type Directory struct {
	streets map[string]*Street // by normalised name
	n       int
	// districts are those the entries name, each once, sorted; places
	// holds them for LookupIn.
	districts []string
	places    *Places
	entries   []quartier.StreetEntry

	similarOnce sync.Once
	similar     *Similar
}

// Compile indexes entries that are known to be valid (from the store, or
// checked by Build or ReadCSV and Overlaps) by street. It keeps pointers
// into entries, which the caller must not change afterwards.
func Compile(entries []quartier.StreetEntry) *Directory {
	d := &Directory{streets: map[string]*Street{}, n: len(entries), entries: entries}
	byKey := map[string][]*quartier.StreetEntry{}
	for i := range entries {
		e := &entries[i]
		if e.Key == "" {
			e.Key = NormalizeStreet(e.Street)
		}
		byKey[e.Key] = append(byKey[e.Key], e)
	}
	for k, es := range byKey {
		d.streets[k] = NewStreet(es)
		d.districts = append(d.districts, d.streets[k].districts()...)
	}
	slices.Sort(d.districts)
	d.districts = slices.Compact(d.districts)
	d.places = NewPlaces("", d.districts, nil)
	return d
}

// Regions resolves regions against the directory's entries; see
// RegionDistricts.
func (d *Directory) Regions(regions []Region) map[string][]string {
	if d == nil {
		return nil
	}
	return RegionDistricts(d.entries, regions)
}

// Districts are the districts the entries name, each once, sorted.
func (d *Directory) Districts() []string {
	if d == nil {
		return nil
	}
	return slices.Clone(d.districts)
}

// Similar indexes the directory's keys for the fallbacks of a name it
// does not hold; built at the first call.
func (d *Directory) Similar() *Similar {
	d.similarOnce.Do(func() { d.similar = NewSimilar(slices.Collect(maps.Keys(d.streets))) })
	return d.similar
}

// StreetByKey is the street stored under a normalised name, nil when
// there is none.
func (d *Directory) StreetByKey(key string) *Street {
	if d == nil {
		return nil
	}
	return d.streets[key]
}

// Len is the number of entries.
func (d *Directory) Len() int {
	if d == nil {
		return 0
	}
	return d.n
}

// Street returns the entries of the street named name (in any spelling
// NormalizeStreet unifies), nil when the directory has none.
func (d *Directory) Street(name string) *Street {
	if d == nil {
		return nil
	}
	return d.streets[NormalizeStreet(name)]
}

// Lookup finds the block of an address; see Street.Lookup.
func (d *Directory) Lookup(street, houseNo, postcode string) (Match, error) {
	return d.LookupIn(street, houseNo, postcode, "")
}

// LookupIn is Lookup with the place typed after the address; see
// Street.LookupWith (the directory's districts are the places known).
func (d *Directory) LookupIn(street, houseNo, postcode, place string) (Match, error) {
	s := d.Street(street)
	if s == nil {
		return Match{}, UnknownStreet(street)
	}
	return s.LookupWith(houseNo, postcode, place, d.places)
}

// UnknownStreet is the answer for a street the directory does not know.
func UnknownStreet(street string) error {
	return quartier.Errorf(quartier.ENOTFOUND, "Die Straße „%s“ steht nicht im Straßenverzeichnis.", strings.TrimSpace(street))
}

// Street is every entry of one street name, grouped by postcode.
type Street struct {
	name string // as the directory spells it, for messages
	segs []segment
	// folded are the districts of the entries, folded, each once: a
	// typed place is compared with them at every lookup.
	folded []string
}

// segment is the entries of one street in one postcode: those with house
// numbers sorted by their first number, with the furthest end reached so
// far beside each (so a lookup finds every covering range by a binary
// search and a short walk back), and the addresses without a number.
type segment struct {
	postcode   string
	numbered   []entry
	reach      []bound // reach[i]: the furthest end of numbered[:i+1]
	unnumbered []entry
}

// bound is where a range ends; open when it does not.
type bound struct {
	to   num
	open bool
}

func (b bound) before(h num) bool { return !b.open && b.to.less(h) }

// NewStreet groups the entries of one street name (one Key). Entries must
// be valid; NewStreet keeps the pointers.
func NewStreet(entries []*quartier.StreetEntry) *Street {
	s := &Street{}
	if len(entries) > 0 {
		s.name = entries[0].Street
	}
	byPostcode := map[string]*segment{}
	for i, e := range entries {
		seg := byPostcode[e.Postcode]
		if seg == nil {
			seg = &segment{postcode: e.Postcode}
			byPostcode[e.Postcode] = seg
		}
		en := compile(e, i)
		if en.unnumbered() {
			seg.unnumbered = append(seg.unnumbered, en)
		} else {
			seg.numbered = append(seg.numbered, en)
		}
	}
	for _, seg := range byPostcode {
		slices.SortStableFunc(seg.numbered, func(a, b entry) int { return byStart(&a, &b) })
		seg.reach = make([]bound, len(seg.numbered))
		for i := range seg.numbered {
			en := &seg.numbered[i]
			seg.reach[i] = bound{en.to, !en.hasTo}
			if i > 0 && !seg.reach[i-1].before(en.to) && (seg.reach[i-1].open || en.hasTo) {
				seg.reach[i] = seg.reach[i-1]
			}
		}
		s.segs = append(s.segs, *seg)
	}
	slices.SortFunc(s.segs, func(a, b segment) int { return strings.Compare(a.postcode, b.postcode) })
	for _, d := range s.districts() {
		if f := Fold(d); !slices.Contains(s.folded, f) {
			s.folded = append(s.folded, f)
		}
	}
	return s
}

func (a num) String() string {
	h := HouseNumber{N: int(a.n)}
	if a.s != 0 {
		h.Suffix = string(a.s)
	}
	return h.String()
}

// Name is the street's name as the directory spells it.
func (s *Street) Name() string { return s.name }

func (s *Street) segmentIndex(postcode string) (int, bool) {
	return slices.BinarySearchFunc(s.segs, postcode, func(g segment, p string) int { return strings.Compare(g.postcode, p) })
}

// covering appends the entries of seg that cover h.
func (seg *segment) covering(out []*entry, h num) []*entry {
	// Entries starting after h cannot cover it; of those before, walk back
	// while some earlier range still reaches h.
	n, _ := slices.BinarySearchFunc(seg.numbered, h, func(en entry, h num) int {
		if !en.hasFrom || !h.less(en.from) {
			return -1
		}
		return 1
	})
	for i := n - 1; i >= 0; i-- {
		if seg.reach[i].before(h) {
			break
		}
		if en := &seg.numbered[i]; en.covers(h) {
			out = append(out, en)
		}
	}
	return out
}

// sameNumber appends the single-house entries of seg with h's number and
// any suffix: "12" is the building of 12a and 12b when the directory lists
// only those.
func (seg *segment) sameNumber(out []*entry, h num) []*entry {
	lo, _ := slices.BinarySearchFunc(seg.numbered, h.n, func(en entry, n int32) int {
		if !en.hasFrom || en.from.n < n {
			return -1
		}
		return 1
	})
	for i := lo; i < len(seg.numbered) && seg.numbered[i].from.n == h.n; i++ {
		if en := &seg.numbered[i]; en.single() {
			out = append(out, en)
		}
	}
	return out
}

// Match is a successful lookup.
type Match struct {
	Block string
	// Entry is the directory's line that answered (the first, when several
	// agree); callers must not change it.
	Entry *quartier.StreetEntry
	// Point is set when the answer is one address with its own coordinate
	// (Entry.X, Entry.Y), not only a block.
	Point bool
}

// Lookup finds the block of an address on this street. It answers only
// what the directory supports, and otherwise says what is missing:
//
//   - With a postcode, entries of that postcode answer; entries without a
//     postcode are the fallback for houses none of them covers; entries of
//     other postcodes never answer.
//   - Without a postcode, every entry of the street may answer, and only
//     when all that cover the house agree on the block. The same name
//     recurs across a city's districts (three Ackerstraßen in Berlin), so
//     a house found under several postcodes in different blocks is
//     ambiguous and the answer lists the candidates (postcode, district).
//   - A house number must be covered by an entry (the address exists, or
//     lies in a listed range). "12" without suffix stands for 12a, 12b …
//     when the directory lists only those and they lie in one block; a
//     suffix the directory does not list ("1c" beside 1, 1a, 1b) is not
//     guessed.
//   - Without a house number, the address without number answers where the
//     directory lists one (a square); otherwise the whole street must lie
//     in one block.
//
// A house number that is a range or has an addition ("12-14", "12/1") is
// looked up by its first number. Errors are ENOTFOUND for what the
// directory lacks (street, postcode, number) and EINVALID for a question
// it cannot answer without more (postcode, number, suffix).
func (s *Street) Lookup(houseNo, postcode string) (Match, error) {
	return s.LookupIn(houseNo, postcode, "")
}

// LookupIn is Lookup with the place typed after the address ("Berlin",
// "Schöneberg", "Berlin-Mitte"). A place that names the district of some
// of the street's entries must agree with the answer: "Ackerstraße 1,
// Gesundbrunnen" is not Mitte's Ackerstraße 1 just because
// Gesundbrunnen's has no 1. With a postcode too, as the two may
// contradict ("Kastanienallee 10, 12627 Prenzlauer Berg": 12627 is
// Hellersdorf), and which of them is wrong only the person who typed
// them knows; the refusal says which does not fit the other (the
// postcode where the place has the address under another one). Without
// the directory's places (and without regions, see LookupWith) the place
// never decides between candidates, since people name larger areas by
// the same words (Bezirk Mitte is more than Ortsteil Mitte); an ambiguous
// answer stays ambiguous. A place that names none of the street's
// districts (the city, a typo) is ignored. See LookupWith for a place
// that names a district where the street has no entry.
func (s *Street) LookupIn(houseNo, postcode, place string) (Match, error) {
	return s.LookupWith(houseNo, postcode, place, nil)
}

// LookupWith is LookupIn knowing the places of the whole directory: a
// place that names none of the street's districts but another district
// of the directory refuses the answer as well ("Alexanderplatz 1
// (Tiergarten)" is not the Alexanderplatz in Mitte: either the street or
// the place is wrong, and which, only the person who typed it knows).
// Words that name no known place are still ignored.
//
// Where the places know regions (larger areas, Berlin's Bezirke; see
// Region), a place is the districts it names and those of the regions it
// names, and the answer must lie in one of them: "Schönhauser Allee 100,
// Berlin-Pankow" is Prenzlauer Berg's, as Bezirk Pankow holds it, and
// "Ackerstraße 1, Friedrichshain-Kreuzberg" is refused (Mitte). The place
// then narrows the candidates to those it holds (and those without a
// district): "Kastanienallee 10, Prenzlauer Berg" is the one there of
// seven in Berlin, "Kastanienallee 10, Berlin-Pankow" stays ambiguous
// between the three in Bezirk Pankow and lists only them; with a
// postcode it narrows that postcode's candidates (a postcode may span
// Ortsteile, and a street in it several blocks). This is safe
// because the place then stands for all it may mean: a name that is a
// district and a region (Mitte) holds both, so the candidate that was
// meant is never the one left out. A
// district is matched as named, never by the region around it:
// "Alexanderplatz (Tiergarten)" stays refused though Tiergarten and
// Mitte are both in Bezirk Mitte. Without regions, a place that names two
// districts or more is a larger area and checks nothing: Berlin's
// Bezirke are named by two of their Ortsteile ("Tempelhof-Schöneberg"
// holds Friedenau too), and a directory of Ortsteile alone does not know
// which others a Bezirk holds; one named like one of its Ortsteile
// (Pankow) is then taken for that Ortsteil, and for that reason a place
// narrows nothing without regions (it only refuses where no candidate
// lies in it). An entry without a district is never contradicted: it may
// lie anywhere.
func (s *Street) LookupWith(houseNo, postcode, place string, known *Places) (Match, error) {
	houseNo, postcode = strings.TrimSpace(houseNo), strings.TrimSpace(postcode)
	q := query{s: s, hasNo: houseNo != "", postcode: postcode, known: known}
	switch {
	case place == "":
	case known.HasRegions():
		q.place, q.districts, q.narrow = place, known.areas(place), true
	default:
		// The places' index finds the names a place gives in a few map
		// reads; without it, the street's few districts are compared.
		q.place = place
		var all []string
		if known != nil {
			q.districts, all = known.namedIn(place, s.folded), known.namedIn(place, known.districts)
		} else {
			q.districts = s.districtsIn(place)
			all = q.districts
		}
		switch {
		case len(all) > 1:
			q.districts = nil
		case q.districts == nil:
			q.districts = all
		}
	}
	if q.hasNo {
		var ok bool
		if q.typed, ok = lookupNumber(houseNo); !ok {
			return Match{}, quartier.Errorf(quartier.EINVALID, "„%s“ ist keine Hausnummer.", houseNo)
		}
		q.h = toNum(q.typed)
	}
	// Tiers are runs of s.segs: all of them, or the postcode's and then
	// the postcode-less fallback.
	var tierBuf [2][]segment
	tiers := append(tierBuf[:0], s.segs)
	if postcode != "" {
		tiers = tiers[:0]
		for _, p := range [2]string{postcode, ""} {
			if i, ok := s.segmentIndex(p); ok {
				tiers = append(tiers, s.segs[i:i+1])
			}
		}
		if len(tiers) == 0 {
			return Match{}, quartier.Errorf(quartier.ENOTFOUND, "%s gibt es im Straßenverzeichnis nicht mit der Postleitzahl %s, nur mit %s.", s.name, postcode, s.postcodes(s.segs))
		}
	}
	var candBuf [8]*entry
	cands := candBuf[:0]
	for _, tier := range tiers {
		for _, relaxed := range [2]bool{false, true} {
			if relaxed && (!q.hasNo || q.h.s != 0) {
				break
			}
			if cands = q.candidates(cands[:0], tier, relaxed); len(cands) > 0 {
				if in := q.inPlace(cands); len(in) > 0 {
					return q.decide(in, relaxed)
				}
				return Match{}, q.notInPlace(cands)
			}
		}
	}
	return Match{}, q.unknownNumber(tiers)
}

type query struct {
	s        *Street
	h        num
	typed    HouseNumber
	hasNo    bool
	postcode string
	// districts are the districts the typed place names (folded): the
	// street's, or where it names none of those, the directory's; nil when
	// it names none.
	place     string
	districts []string
	known     *Places
	// narrow is set where the places know regions: the place then names
	// all it may mean, and candidates outside it are left out (inPlace).
	// It does not change which candidates are asked: a number with a
	// suffix stands for the plain one only where the street (not the
	// place) has no plain one.
	narrow bool
}

// inPlace are the candidates the typed place leaves: all of them where
// it names no district; where it narrows, those in its districts and
// those without a district (which may lie anywhere); otherwise all of
// them where one lies there, else none.
func (q *query) inPlace(cands []*entry) []*entry {
	if q.districts == nil {
		return cands
	}
	if !q.narrow {
		if slices.ContainsFunc(cands, q.holds) {
			return cands
		}
		return nil
	}
	var out []*entry
	for _, c := range cands {
		if q.holds(c) {
			out = append(out, c)
		}
	}
	return out
}

// holds reports whether the typed place holds the candidate: an entry
// without a district may lie anywhere.
func (q *query) holds(c *entry) bool {
	return c.e.District == "" || slices.Contains(q.districts, Fold(c.e.District))
}

// notInPlace says that the address is not in the typed place, and where
// the directory has it (cands).
func (q *query) notInPlace(cands []*entry) error {
	what := q.s.name
	if q.hasNo {
		what += " " + q.typed.String()
	}
	where := q.where(cands)
	switch {
	case q.postcode != "":
		return q.contradiction(what, where)
	case q.known.HasRegions():
		return quartier.Errorf(quartier.ENOTFOUND, "%s steht im Straßenverzeichnis nicht in %s, nur in %s.", what, q.place, where)
	}
	return quartier.Errorf(quartier.ENOTFOUND, "%s steht im Straßenverzeichnis nicht in %s, nur in %s. Ist ein größeres Gebiet gemeint (ein Bezirk), bitte statt des Orts die Postleitzahl angeben.", what, q.place, where)
}

// contradiction says that the typed postcode and place cannot both be
// right, and which of them does not fit: the postcode where the place has
// the address under another one (the usual slip: a neighbouring
// postcode), else the place. Answering from the postcode alone would
// guess that the place is the wrong part.
func (q *query) contradiction(what, where string) error {
	var there []*entry
	for _, relaxed := range [2]bool{false, true} {
		if relaxed && (len(there) > 0 || !q.hasNo || q.h.s != 0) {
			break
		}
		for _, c := range q.candidates(nil, q.s.segs, relaxed) {
			if c.e.District != "" && q.holds(c) {
				there = append(there, c)
			}
		}
	}
	var codes []string
	for _, c := range there {
		if c.e.Postcode != "" {
			codes = append(codes, c.e.Postcode)
		}
	}
	slices.Sort(codes)
	codes = slices.Compact(codes)
	msg := fmt.Sprintf("%s, %s liegt im Straßenverzeichnis in %s, nicht in %s. ", what, q.postcode, where, q.place)
	switch len(codes) {
	case 0:
		msg += fmt.Sprintf("In %s steht %s nicht im Straßenverzeichnis — bitte den Ort prüfen.", q.place, what)
	case 1:
		msg += fmt.Sprintf("In %s hat sie die Postleitzahl %s — bitte die Postleitzahl prüfen.", q.place, codes[0])
	default:
		msg += fmt.Sprintf("In %s hat sie die Postleitzahlen %s — bitte die Postleitzahl prüfen.", q.place, strings.Join(codes, ", "))
	}
	if !q.known.HasRegions() {
		msg += fmt.Sprintf(" Ist mit „%s“ ein größeres Gebiet gemeint (ein Bezirk), bitte den Ort weglassen.", q.place)
	}
	return quartier.Errorf(quartier.ENOTFOUND, "%s", msg)
}

// where names the candidates' postcodes and districts, each once, with
// the regions that hold them where the places know regions.
func (q *query) where(cands []*entry) string {
	var out []string
	for _, c := range cands {
		w := placeName(c.e)
		if r := q.known.regionsOf(c.e.District); r != "" {
			w += " (" + r + ")"
		}
		out = append(out, w)
	}
	slices.Sort(out)
	return strings.Join(slices.Compact(out), ", ")
}

// candidates collects the entries of the segments that answer the query:
// those covering the house (or of its number with any suffix, relaxed),
// or without a number the address without number, else the whole street.
func (q *query) candidates(out []*entry, segs []segment, relaxed bool) []*entry {
	for i := range segs {
		seg := &segs[i]
		switch {
		case q.hasNo && relaxed:
			out = seg.sameNumber(out, q.h)
		case q.hasNo:
			out = seg.covering(out, q.h)
		case len(seg.unnumbered) > 0:
			for i := range seg.unnumbered {
				out = append(out, &seg.unnumbered[i])
			}
		default:
			for i := range seg.numbered {
				out = append(out, &seg.numbered[i])
			}
		}
	}
	return out
}

// decide answers from the candidates when they agree on one block, and
// otherwise says what the caller must add.
func (q *query) decide(cands []*entry, relaxed bool) (Match, error) {
	one := true
	for _, c := range cands[1:] {
		if c.e.Block != cands[0].e.Block {
			one = false
			break
		}
	}
	if one {
		m := Match{Block: cands[0].e.Block, Entry: cands[0].e}
		m.Point = m.Entry.HasPoint()
		for _, c := range cands[1:] {
			if c.e.X != m.Entry.X || c.e.Y != m.Entry.Y {
				m.Point = false
			}
		}
		return m, nil
	}
	what := q.s.name
	if q.hasNo {
		what += " " + q.typed.String()
	}
	places := strings.Join(candidateList(cands), ", ")
	if !onePostcode(cands) {
		ask := "Postleitzahl"
		if !q.hasNo && !blockPerPostcode(cands) {
			ask = "Hausnummer und Postleitzahl"
		}
		return Match{}, quartier.Errorf(quartier.EINVALID, "%s ist mehrdeutig — bitte %s angeben: %s.", what, ask, places)
	}
	where := places
	switch {
	case duplicates(cands):
		return Match{}, quartier.Errorf(quartier.EINVALID, "%s (%s) steht mehrfach im Straßenverzeichnis, in verschiedenen Bausteinen; welcher Eintrag gemeint ist, lässt sich nicht sagen.", what, where)
	case !q.hasNo:
		return Match{}, quartier.Errorf(quartier.EINVALID, "%s (%s) liegt in mehreren Bausteinen — bitte Hausnummer angeben.", what, where)
	case relaxed:
		var houses []string
		for _, c := range cands {
			houses = append(houses, c.e.From)
		}
		return Match{}, quartier.Errorf(quartier.EINVALID, "%s (%s) ist mehrdeutig — bitte den Zusatz angeben: %s.", what, where, strings.Join(houses, ", "))
	}
	// Only entries without postcode can still disagree here (validation
	// keeps ranges of one postcode apart).
	return Match{}, quartier.Errorf(quartier.EINVALID, "%s ist im Straßenverzeichnis mehrdeutig — bitte Postleitzahl angeben.", what)
}

// candidateList names the postcodes (with districts) of the candidates,
// once each, in order.
func candidateList(cands []*entry) []string {
	var out []string
	for _, c := range cands {
		out = append(out, placeName(c.e))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// placeName is "10115 Mitte", or what of it the entry knows.
func placeName(e *quartier.StreetEntry) string {
	switch {
	case e.Postcode == "" && e.District == "":
		return "ohne Postleitzahl"
	case e.Postcode == "":
		return e.District
	case e.District == "":
		return e.Postcode
	}
	return e.Postcode + " " + e.District
}

// duplicates reports whether the candidates are one address listed more
// than once.
func duplicates(cands []*entry) bool {
	for _, c := range cands[1:] {
		if !sameAddress(c, cands[0]) {
			return false
		}
	}
	return true
}

func onePostcode(cands []*entry) bool {
	for _, c := range cands[1:] {
		if c.e.Postcode != cands[0].e.Postcode {
			return false
		}
	}
	return true
}

// blockPerPostcode reports whether every postcode among the candidates has
// one block, so that a postcode alone would decide.
func blockPerPostcode(cands []*entry) bool {
	block := map[string]string{}
	for _, c := range cands {
		if b, ok := block[c.e.Postcode]; ok && b != c.e.Block {
			return false
		}
		block[c.e.Postcode] = c.e.Block
	}
	return true
}

// postcodes lists the postcodes of segs with their districts.
func (s *Street) postcodes(segs []segment) string {
	var out []string
	for i := range segs {
		out = append(out, segmentPlaces(&segs[i])...)
	}
	slices.Sort(out)
	return strings.Join(slices.Compact(out), ", ")
}

func segmentPlaces(seg *segment) []string {
	var out []string
	for _, es := range [][]entry{seg.numbered, seg.unnumbered} {
		for i := range es {
			out = append(out, placeName(es[i].e))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// unknownNumber says that the street is known but the house is not, and
// what the directory lists instead.
func (q *query) unknownNumber(tiers [][]segment) error {
	what := q.s.name + " " + q.typed.String()
	var known []string
	for _, tier := range tiers {
		for i := range tier {
			seg := &tier[i]
			known = append(known, seg.known(q.h)+" ("+strings.Join(segmentPlaces(seg), ", ")+")")
		}
	}
	if q.postcode != "" {
		what += ", " + q.postcode
	}
	return quartier.Errorf(quartier.ENOTFOUND, "%s steht nicht im Straßenverzeichnis; die Straße ist verzeichnet, die Hausnummer nicht. Verzeichnet sind: %s.", what, strings.Join(known, "; "))
}

// known describes the house numbers of a segment: the variants of h's
// number when there are any ("1, 1A, 1B"), else the span ("1–180").
func (seg *segment) known(h num) string {
	if len(seg.numbered) == 0 {
		return "nur ohne Hausnummer"
	}
	var same []string
	for _, en := range seg.sameNumber(nil, h) {
		same = append(same, en.e.From)
	}
	if len(same) > 0 {
		return "Hausnummer " + strings.Join(same, ", ")
	}
	first, last := &seg.numbered[0], seg.reach[len(seg.reach)-1]
	var end string
	if !last.open {
		end = last.to.String()
	}
	switch {
	case !first.hasFrom && last.open:
		return "alle Hausnummern"
	case !first.hasFrom:
		return "Hausnummern bis " + end
	case last.open:
		return "Hausnummern ab " + first.e.From
	}
	return fmt.Sprintf("Hausnummern %s–%s", first.e.From, end)
}

// districtsIn returns the districts of the street's entries (folded) that
// the place names (see named); nil when there are none.
func (s *Street) districtsIn(place string) []string {
	return named(place, s.folded)
}

// districts are the districts of the street's entries, each once.
func (s *Street) districts() []string {
	var out []string
	last := "\x00"
	for i := range s.segs {
		seg := &s.segs[i]
		for _, es := range [][]entry{seg.numbered, seg.unnumbered} {
			for j := range es {
				if d := es[j].e.District; d != last {
					last = d // a segment's entries mostly share one
					if d != "" && !slices.Contains(out, d) {
						out = append(out, d)
					}
				}
			}
		}
	}
	return out
}
