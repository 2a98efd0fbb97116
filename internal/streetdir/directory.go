package streetdir

import (
	"fmt"
	"slices"
	"strings"

	"github.com/quartier/quartier"
)

// Directory answers address → block from street-directory entries.
//
// Ranges are inclusive at both ends and compare with suffixes: an entry
// 12–14 covers 12, 12a … 14 but not 14a, because 14a is a house of its
// own after 14; write "14z" as the end to include it. Parity applies to the
// number without its letter (13a is odd). An entry without From covers the
// whole street (within its parity), one without To is open-ended.
//
// A Directory is immutable after Build and safe for concurrent lookups.
type Directory struct {
	byKey map[string][]entry // normalised street → entries by From
	n     int
}

type entry struct {
	e        *quartier.StreetEntry
	pos      int // 0-based index in the input to Build
	from, to HouseNumber
	hasFrom  bool
	hasTo    bool
}

func (en *entry) covers(h HouseNumber) bool {
	if en.hasFrom && h.Less(en.from) {
		return false
	}
	if en.hasTo && en.to.Less(h) {
		return false
	}
	switch en.e.Parity {
	case quartier.ParityOdd:
		return h.N%2 == 1
	case quartier.ParityEven:
		return h.N%2 == 0
	}
	return true
}

// overlaps reports whether some house could fall into both entries. Entries
// with different postcodes never overlap: the same street name in two
// postcode areas is two streets. An entry without postcode is a fallback
// for addresses no postcode entry covers (see Lookup), so it does not clash
// with postcode entries either.
func (en *entry) overlaps(o *entry) bool {
	if en.e.Postcode != o.e.Postcode {
		return false
	}
	if (en.e.Parity == quartier.ParityOdd && o.e.Parity == quartier.ParityEven) || (en.e.Parity == quartier.ParityEven && o.e.Parity == quartier.ParityOdd) {
		return false
	}
	if en.hasTo && o.hasFrom && en.to.Less(o.from) {
		return false
	}
	if o.hasTo && en.hasFrom && o.to.Less(en.from) {
		return false
	}
	return true
}

// fieldError is a fault of one field of an entry; field is the CSV column
// name of the canonical format, so ReadCSV can name the column the file used.
type fieldError struct {
	field string
	msg   string
}

// check validates one entry on its own. It normalises e in place (trims,
// fills Key, defaults Parity to all) so that stored entries are canonical.
func check(e *quartier.StreetEntry) (entry, []fieldError) {
	e.Street, e.Postcode, e.Block = strings.TrimSpace(e.Street), strings.TrimSpace(e.Postcode), strings.TrimSpace(e.Block)
	e.From, e.To = strings.TrimSpace(e.From), strings.TrimSpace(e.To)
	e.Key = NormalizeStreet(e.Street)
	if e.Parity == "" {
		e.Parity = quartier.ParityAll
	}
	en := entry{e: e}
	var errs []fieldError
	if e.Key == "" {
		errs = append(errs, fieldError{"strasse", "Straßenname fehlt."})
	}
	if e.Block == "" {
		errs = append(errs, fieldError{"baustein", "Baustein fehlt."})
	}
	var err error
	if e.From != "" {
		if en.from, err = ParseHouseNumber(e.From); err != nil {
			errs = append(errs, fieldError{"hnr_von", quartier.ErrorMessage(err) + "."})
		}
		en.hasFrom = err == nil
	}
	if e.To != "" {
		if en.to, err = ParseHouseNumber(e.To); err != nil {
			errs = append(errs, fieldError{"hnr_bis", quartier.ErrorMessage(err) + "."})
		}
		en.hasTo = err == nil
	}
	switch e.Parity {
	case quartier.ParityAll:
	case quartier.ParityOdd, quartier.ParityEven:
		// A range 2–8 marked odd is a typo in one of the three cells; which
		// one, only the office knows, so it is refused, not guessed.
		want := 1
		if e.Parity == quartier.ParityEven {
			want = 0
		}
		if en.hasFrom && en.from.N%2 != want {
			errs = append(errs, fieldError{"hnr_von", fmt.Sprintf("Anfang %s passt nicht zur Seite %s.", e.From, parityName[e.Parity])})
		}
		if en.hasTo && en.to.N%2 != want {
			errs = append(errs, fieldError{"hnr_bis", fmt.Sprintf("Ende %s passt nicht zur Seite %s.", e.To, parityName[e.Parity])})
		}
	default:
		errs = append(errs, fieldError{"seite", fmt.Sprintf("„%s“ ist weder alle, gerade noch ungerade.", e.Parity)})
	}
	if en.hasFrom && en.hasTo && en.to.Less(en.from) {
		errs = append(errs, fieldError{"hnr_bis", fmt.Sprintf("Bereich %s–%s ist verkehrt herum.", e.From, e.To)})
	}
	return en, errs
}

// parityName is the German word for a parity, as in the CSV format.
var parityName = map[quartier.Parity]string{quartier.ParityAll: "alle", quartier.ParityOdd: "ungerade", quartier.ParityEven: "gerade"}

// Build validates the entries (house numbers, parity, ranges, and overlaps
// that point to different blocks) and indexes them. It fills Key (and a
// missing Parity) in entries. Problems name the entry by Feature = position
// + 1; an overlap names the other entry in Other and in the message.
func Build(entries []quartier.StreetEntry) (*Directory, error) {
	return build(entries, func(i int) (int, string) { return i + 1, fmt.Sprintf("Eintrag %d", i+1) }, nil)
}

// build is Build with the places of entries chosen by the caller (CSV lines
// for ReadCSV). Field errors go through fieldProblem when it is set.
func build(entries []quartier.StreetEntry, place func(i int) (int, string), fieldProblem func(i int, fe fieldError) quartier.Problem) (*Directory, error) {
	own := slices.Clone(entries)
	d := &Directory{byKey: map[string][]entry{}, n: len(entries)}
	var problems []quartier.Problem
	for i := range own {
		en, errs := check(&own[i])
		entries[i].Key, entries[i].Parity = own[i].Key, own[i].Parity
		en.pos = i
		feature, label := place(i)
		for _, fe := range errs {
			if fieldProblem != nil {
				problems = append(problems, fieldProblem(i, fe))
				continue
			}
			problems = append(problems, quartier.Problem{Severity: quartier.SeverityError, Kind: quartier.ProblemValue, Feature: feature, Code: own[i].Block,
				Message: fmt.Sprintf("%s (%s): %s", label, own[i].Street, fe.msg)})
		}
		if len(errs) > 0 {
			continue
		}
		for _, o := range d.byKey[en.e.Key] {
			if o.e.Block != en.e.Block && o.overlaps(&en) {
				_, olabel := place(o.pos)
				problems = append(problems, quartier.Problem{Severity: quartier.SeverityError, Kind: quartier.ProblemOverlap, Feature: feature, Code: en.e.Block, Other: o.e.Block,
					Message: fmt.Sprintf("%s (%s → %s) überschneidet sich mit %s (%s → %s).", label, describe(en.e), en.e.Block, olabel, describe(o.e), o.e.Block)})
				break
			}
		}
		d.byKey[en.e.Key] = append(d.byKey[en.e.Key], en)
	}
	if len(problems) > 0 {
		return nil, &quartier.Error{Code: quartier.EINVALID, Message: fmt.Sprintf("Straßenverzeichnis: %d Fehler.", len(problems)), Problems: problems}
	}
	for _, es := range d.byKey {
		slices.SortStableFunc(es, func(a, b entry) int {
			if a.hasFrom != b.hasFrom {
				if !a.hasFrom {
					return -1
				}
				return 1
			}
			return a.from.Compare(b.from)
		})
	}
	return d, nil
}

// describe renders an entry's range for messages: "Karl-Marx-Straße 1–99
// ungerade".
func describe(e *quartier.StreetEntry) string {
	s := e.Street
	switch {
	case e.From == "" && e.To == "":
		s += " (ganze Straße)"
	case e.To == "":
		s += " ab " + e.From
	case e.From == "":
		s += " bis " + e.To
	default:
		s += " " + e.From + "–" + e.To
	}
	if e.Parity != quartier.ParityAll {
		s += " " + parityName[e.Parity]
	}
	if e.Postcode != "" {
		s += ", " + e.Postcode
	}
	return s
}

// Len is the number of entries.
func (d *Directory) Len() int {
	if d == nil {
		return 0
	}
	return d.n
}

// Lookup finds the block of an address.
//
// With a postcode, entries of that postcode answer first; entries without a
// postcode are the fallback for houses none of them covers, and entries of
// other postcodes never answer. Without a postcode every entry of the
// street may answer, and a match counts only when all matching entries
// agree on the block, since the same street name recurs across a city's
// districts ("Hauptstraße" in Schöneberg and in Lichtenberg).
//
// Without a house number the same rule applies to all entries of the
// street: one block for the whole street, or no answer. A house number that
// is a range or has an addition ("12-14", "12/1") is looked up by its first
// number. entry is the directory's own copy of the matching line; callers
// must not change it.
func (d *Directory) Lookup(street, houseNo, postcode string) (block string, entry *quartier.StreetEntry, ok bool) {
	if d == nil {
		return "", nil, false
	}
	es := d.byKey[NormalizeStreet(street)]
	if len(es) == 0 {
		return "", nil, false
	}
	var h HouseNumber
	hasNo := strings.TrimSpace(houseNo) != ""
	if hasNo {
		if h, ok = lookupNumber(houseNo); !ok {
			return "", nil, false
		}
	}
	postcode = strings.TrimSpace(postcode)
	tiers := []func(string) bool{func(string) bool { return true }}
	if postcode != "" {
		tiers = []func(string) bool{
			func(p string) bool { return p == postcode },
			func(p string) bool { return p == "" },
		}
	}
	for _, inTier := range tiers {
		var found *quartier.StreetEntry
		for i := range es {
			en := &es[i]
			if !inTier(en.e.Postcode) || (hasNo && !en.covers(h)) {
				continue
			}
			if found != nil && found.Block != en.e.Block {
				return "", nil, false
			}
			if found == nil {
				found = en.e
			}
		}
		if found != nil {
			return found.Block, found, true
		}
	}
	return "", nil, false
}
