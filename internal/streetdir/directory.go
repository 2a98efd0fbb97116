package streetdir

import (
	"fmt"
	"sort"

	"github.com/quartier/quartier"
)

// Directory answers address → block from street-directory entries.
//
// Ranges are inclusive at both ends and compare with suffixes: an entry
// 12–14 covers 12, 12a … 14 but not 14a (write "14z" to include it).
// Parity applies to the number without suffix. An entry without From
// covers the whole street, one without To is open-ended.
type Directory struct {
	byKey map[string][]entry // normalised street → entries
	n     int
}

type entry struct {
	e        *quartier.StreetEntry
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

func (en *entry) overlaps(o *entry) bool {
	if en.e.Postcode != o.e.Postcode {
		return false
	}
	if (en.e.Parity == quartier.ParityOdd && o.e.Parity == quartier.ParityEven) || (en.e.Parity == quartier.ParityEven && o.e.Parity == quartier.ParityOdd) {
		return false
	}
	// [a1,a2] and [b1,b2] overlap unless one ends before the other begins.
	if en.hasTo && o.hasFrom && en.to.Less(o.from) {
		return false
	}
	if o.hasTo && en.hasFrom && o.to.Less(en.from) {
		return false
	}
	return true
}

// Build validates the entries (house numbers, parity, ranges, overlaps that
// point to different blocks) and indexes them. Problems name the entry
// (Feature = position + 1).
func Build(entries []quartier.StreetEntry) (*Directory, error) {
	d := &Directory{byKey: map[string][]entry{}, n: len(entries)}
	var problems []quartier.Problem
	bad := func(i int, format string, args ...any) {
		problems = append(problems, quartier.Problem{Severity: quartier.SeverityError, Kind: quartier.ProblemValue, Feature: i + 1, Code: entries[i].Block, Message: fmt.Sprintf(format, args...)})
	}
	for i := range entries {
		e := &entries[i]
		e.Key = NormalizeStreet(e.Street)
		if e.Parity == "" {
			e.Parity = quartier.ParityAll
		}
		en := entry{e: e}
		var err error
		if e.From != "" {
			if en.from, err = ParseHouseNumber(e.From); err != nil {
				bad(i, "Eintrag %d (%s): %s.", i+1, e.Street, quartier.ErrorMessage(err))
				continue
			}
			en.hasFrom = true
		}
		if e.To != "" {
			if en.to, err = ParseHouseNumber(e.To); err != nil {
				bad(i, "Eintrag %d (%s): %s.", i+1, e.Street, quartier.ErrorMessage(err))
				continue
			}
			en.hasTo = true
		}
		switch {
		case e.Key == "":
			bad(i, "Eintrag %d: Straßenname fehlt.", i+1)
		case e.Block == "":
			bad(i, "Eintrag %d (%s): Baustein fehlt.", i+1, e.Street)
		case e.Parity != quartier.ParityAll && e.Parity != quartier.ParityOdd && e.Parity != quartier.ParityEven:
			bad(i, "Eintrag %d (%s): Seite %q ist weder alle, gerade noch ungerade.", i+1, e.Street, e.Parity)
		case en.hasFrom && en.hasTo && en.to.Less(en.from):
			bad(i, "Eintrag %d (%s): Bereich %s–%s ist verkehrt herum.", i+1, e.Street, e.From, e.To)
		case e.Parity == quartier.ParityOdd && en.hasFrom && en.from.N%2 == 0, e.Parity == quartier.ParityEven && en.hasFrom && en.from.N%2 == 1:
			bad(i, "Eintrag %d (%s): Anfang %s passt nicht zur Seite %s.", i+1, e.Street, e.From, e.Parity)
		default:
			for _, o := range d.byKey[e.Key] {
				if o.overlaps(&en) && o.e.Block != e.Block {
					bad(i, "Eintrag %d (%s %s–%s → %s) überschneidet sich mit einem früheren Eintrag (%s–%s → %s).", i+1, e.Street, e.From, e.To, e.Block, o.e.From, o.e.To, o.e.Block)
				}
			}
			d.byKey[e.Key] = append(d.byKey[e.Key], en)
		}
	}
	if len(problems) > 0 {
		return nil, &quartier.Error{Code: quartier.EINVALID, Message: fmt.Sprintf("Straßenverzeichnis: %d fehlerhafte Einträge.", len(problems)), Problems: problems}
	}
	for k := range d.byKey {
		es := d.byKey[k]
		sort.SliceStable(es, func(i, j int) bool { return es[i].from.Less(es[j].from) })
	}
	return d, nil
}

// Len is the number of entries.
func (d *Directory) Len() int {
	if d == nil {
		return 0
	}
	return d.n
}

// Lookup finds the block of an address. Without a postcode a match counts
// only when all matching entries agree on the block, since the same street
// name recurs across a city's districts.
func (d *Directory) Lookup(street, houseNo, postcode string) (string, *quartier.StreetEntry, bool) {
	if d == nil {
		return "", nil, false
	}
	es := d.byKey[NormalizeStreet(street)]
	if len(es) == 0 {
		return "", nil, false
	}
	var h HouseNumber
	hasNo := false
	if houseNo != "" {
		var err error
		if h, err = ParseHouseNumber(houseNo); err != nil {
			return "", nil, false
		}
		hasNo = true
	}
	var found *entry
	for i := range es {
		en := &es[i]
		if postcode != "" && en.e.Postcode != "" && en.e.Postcode != postcode {
			continue
		}
		if hasNo && !en.covers(h) {
			continue
		}
		if !hasNo && (en.hasFrom || en.hasTo) {
			// Without a number only a whole-street entry is an answer,
			// unless every candidate entry names the same block.
			if found != nil && found.e.Block != en.e.Block {
				return "", nil, false
			}
		}
		if found != nil && found.e.Block != en.e.Block {
			return "", nil, false
		}
		if found == nil {
			found = en
		}
	}
	if found == nil {
		return "", nil, false
	}
	return found.e.Block, found.e, true
}
