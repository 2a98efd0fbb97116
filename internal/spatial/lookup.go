package spatial

import (
	"context"
	"math"
	"slices"
	"strings"
	"unicode"

	"github.com/paulmach/orb"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/geo"
	"github.com/quartier/quartier/internal/streetdir"
)

// LookupPoint finds the block and the area of every layer for a coordinate
// given in any supported CRS.
func (a *Service) LookupPoint(ctx context.Context, x, y float64, srid quartier.SRID) (LookupResult, error) {
	if err := quartier.Require(ctx, quartier.PermReadPublic); err != nil {
		return LookupResult{}, err
	}
	p, err := a.ToInstallation(x, y, srid)
	if err != nil {
		return LookupResult{}, err
	}
	return a.Locator().Locate(p), nil
}

// toInstallation checks a coordinate and moves it into the stored CRS.
func (a *Service) ToInstallation(x, y float64, srid quartier.SRID) (orb.Point, error) {
	if srid == quartier.NoSRID {
		srid = a.SRID()
	}
	if !srid.Supported() {
		return orb.Point{}, quartier.Errorf(quartier.EINVALID, "Koordinatensystem %s wird nicht unterstützt (4326, 25832, 25833).", srid)
	}
	if math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) {
		return orb.Point{}, quartier.Errorf(quartier.EINVALID, "Koordinate ist keine Zahl.")
	}
	p := orb.Point{x, y}
	if err := geo.CheckRange(srid, p); err != nil {
		return orb.Point{}, quartier.WrapError(quartier.EINVALID, err, "Koordinate (%g, %g) liegt außerhalb des Bereichs von %s.", x, y, srid)
	}
	tr, err := geo.Transformer(srid, a.SRID())
	if err != nil {
		return orb.Point{}, err
	}
	return tr(p), nil
}

// Address is a postal address as typed by a user or read from a CSV.
type Address struct {
	Street   string
	HouseNo  string
	Postcode string
	// Place is what was typed after the house number or the postcode
	// ("Berlin", "Schöneberg"); see streetdir.Street.LookupWith for what
	// it may refuse, and where it narrows the candidates.
	Place string
	// typed is the street's part as typed and other the place from the
	// other parts, for Readings; "" when the address was not parsed.
	typed, other string
}

// Readings are the ways to read the address, the parsed one first. Where
// the parsed street is not in the directory, the street's part may be a
// name that has a number of its own ("Straße 2", "Platz des 18. März",
// "Straße des 17. Juni") or a place in brackets ("Karlplatz (Mitte)"), the
// house number may be the first number after the name, with a floor or
// a flat after it ("Ackerstraße 145 2. OG", "… 12 Whg. 3"), or written
// onto the name ("Ackerstr.145"), and a title may be spelt the other way
// ("St." for "Sankt", "Doktor" for "Dr.", "Prof." for "Professor"). The
// first reading whose street the directory knows is the address: a known
// street is never read another way, so these only answer where the parsed
// reading could not.
func (ad Address) Readings() []Address {
	names, numbers := ad.readings()
	return append(names, numbers...)
}

// readings are Readings in two groups: the street's part read as names,
// then read with another house number. A lookup tries every way of finding
// the names (even written otherwise) before the other numbers: "Privat
// Straße 1 2" is house 2 of "Privatstraße 1", not house 1 of Privatstraße.
func (ad Address) readings() (names, numbers []Address) {
	names = []Address{ad}
	if ad.typed != "" {
		whole := Address{Street: ad.typed, Postcode: ad.Postcode, Place: ad.other}
		if whole.Street != ad.Street {
			names = append(names, whole)
		}
		if open := strings.LastIndexByte(whole.Street, '('); open > 0 && strings.HasSuffix(whole.Street, ")") {
			in := whole
			in.Street = strings.TrimSpace(whole.Street[:open])
			in.Place = strings.TrimSpace(whole.Street[open+1:len(whole.Street)-1] + " " + whole.Place)
			names = append(names, in)
		}
		if r, ok := ad.firstNumber(); ok {
			numbers = append(numbers, r)
		}
		if r, ok := ad.gluedNumber(); ok {
			numbers = append(numbers, r)
		}
	}
	return withTitles(names), withTitles(numbers)
}

// withTitles adds to readings those with their titles spelt the other way.
func withTitles(readings []Address) []Address {
	for _, r := range readings {
		if t, ok := titleSpelling(r.Street); ok {
			r.Street = t
			readings = append(readings, r)
		}
	}
	return readings
}

// firstNumber reads the first house number after the name as the
// number, and the words after it as the place, where the parsed reading
// took a later one or none.
func (ad Address) firstNumber() (Address, bool) {
	fields := splitNumberWord(strings.Fields(ad.typed))
	for i := 1; i < len(fields); i++ {
		if !startsWithDigit(fields[i]) {
			continue
		}
		end := houseNoEnd(fields, i)
		if end == len(fields) && !isHouseNo(fields[i:]) {
			return Address{}, false // as in "Platz des 9. November 1989"
		}
		r := Address{Street: strings.Join(dropNumberWord(fields[:i]), " "), HouseNo: strings.Join(fields[i:end], " "), Postcode: ad.Postcode,
			Place: placeText(append(slices.Clone(fields[end:]), ad.other))}
		return r, r.Street != ad.Street || r.HouseNo != ad.HouseNo
	}
	return Address{}, false
}

// gluedNumber reads a number written onto the name's last word
// ("Ackerstr.145", "Am Pankepark50") as the house number.
func (ad Address) gluedNumber() (Address, bool) {
	fields := strings.Fields(ad.typed)
	if ad.HouseNo != "" || len(fields) == 0 {
		return Address{}, false
	}
	last := fields[len(fields)-1]
	i := strings.IndexAny(last, "0123456789")
	if i < 2 || !isHouseNo([]string{last[i:]}) {
		return Address{}, false
	}
	name := slices.Concat(fields[:len(fields)-1], []string{last[:i]})
	return Address{Street: strings.Join(name, " "), HouseNo: last[i:], Postcode: ad.Postcode, Place: ad.other}, true
}

// titles are the words of street names that are spelt in full and
// abbreviated, in NormalizeStreet's form. "St." is Sankt only before the
// name: at the end (or before a number) it may be "Straße".
var titles = map[string]string{"sankt": "st", "st": "sankt", "doktor": "dr", "professor": "prof", "prof": "professor"}

// titleSpelling is the street's name (normalised) with its titles spelt the
// other way, and whether there were any.
func titleSpelling(street string) (string, bool) {
	words := strings.Fields(streetdir.NormalizeStreet(street))
	changed := false
	for i, w := range words[:max(len(words)-1, 0)] {
		if t, ok := titles[w]; ok && !startsWithDigit(words[i+1]) {
			words[i], changed = t, true
		}
	}
	return strings.Join(words, " "), changed
}

// ParseAddress splits an address as people type it: "Straße Nr, PLZ
// [Ort]", and also "PLZ Ort, Straße Nr", "Ort, Straße Nr", "Straße Nr PLZ
// Ort", "Straße Nr Berlin", "Straße Nr (Ortsteil)", "Straße, Nr, PLZ",
// "Straße Nr. 12" and "Straße 12 - 14". The parts are the text between
// commas: the street is the first that does not begin with a postcode
// (see streetPart for a place or name before it); a later part that is a
// house number is the number, one that begins with a postcode gives it.
// Within the street's part, the house number is its last word that starts
// with a digit (so "Straße des 17. Juni 100" keeps "17." in the name), with
// a letter or a range after it; a postcode and words after that number
// are the place, unless the number is no house number ("Platz des 9.
// November 1989"), when everything after it stays as it was typed.
func ParseAddress(s string) Address {
	var ad Address
	var place []string
	var parts [][]string
	for part := range strings.SplitSeq(s, ",") {
		if fields := strings.Fields(part); len(fields) > 0 {
			parts = append(parts, fields)
		}
	}
	at := streetPart(parts)
	var street []string
	for i, fields := range parts {
		switch {
		case i == at && isPostcode(fields[0]):
			// "10115 Ackerstraße 1", "10115 Berlin Ackerstraße 1"
			if ad.Postcode == "" {
				ad.Postcode = fields[0]
			}
			street = fields[1:]
		case isPostcode(fields[0]):
			if ad.Postcode == "" {
				ad.Postcode = fields[0]
			}
			place = append(place, fields[1:]...)
		case i == at:
			street = fields
		case i < at:
			place = append(place, fields...) // "Berlin-Pankow, Schönhauser Allee 100"
		case ad.HouseNo == "" && isHouseNo(dropNumberWord(fields)):
			ad.HouseNo = strings.Join(dropNumberWord(fields), " ")
		default:
			// "Straße 1, Berlin 10115": a postcode after the place.
			for _, f := range fields {
				if isPostcode(f) && ad.Postcode == "" {
					ad.Postcode = f
				} else {
					place = append(place, f)
				}
			}
		}
	}
	ad.typed = strings.Join(street, " ")
	ad.other = strings.Join(place, " ")
	fields := splitNumberWord(street)
	if i := houseNoStart(fields); i > 0 && ad.HouseNo == "" {
		end := houseNoEnd(fields, i)
		ad.Street = strings.Join(dropNumberWord(fields[:i]), " ")
		ad.HouseNo = strings.Join(fields[i:end], " ")
		rest := fields[end:]
		if len(rest) > 0 && isPostcode(rest[0]) {
			if ad.Postcode == "" {
				ad.Postcode = rest[0]
			}
			rest = rest[1:]
		}
		place = append(rest, place...)
	} else {
		ad.Street = strings.Join(fields, " ")
	}
	ad.Place = placeText(place)
	return ad
}

// placeText is the words of a place without brackets: "(Mitte) Berlin"
// gives "Mitte Berlin".
func placeText(words []string) string {
	return strings.Join(strings.Fields(strings.NewReplacer("(", " ", ")", " ").Replace(strings.Join(words, " "))), " ")
}

// streetPart is the index of the part (between commas) that holds the
// street: the first that does not begin with a postcode, unless that one
// has no digit and a later one is a name with a house number ("Berlin,
// Schönhauser Allee 100", "Pankow, …", "c/o Müller, Ackerstraße 1"): then
// the later one, and the first is the place (or a name). Read the other
// way, "Prenzlauer Berg, Christinenstraße 7" was the street Prenzlauer
// Berg, a block where Christinenstraße is not. A part that begins with a
// postcode holds the street only where no other part does and a name
// with a house number follows the postcode ("10115 Ackerstraße 1",
// "10115 Berlin Ackerstraße 1"). -1 when there is none.
func streetPart(parts [][]string) int {
	first := slices.IndexFunc(parts, func(f []string) bool { return !isPostcode(f[0]) })
	if first >= 0 && slices.ContainsFunc(parts[first], func(f string) bool { return strings.ContainsAny(f, "0123456789") }) {
		return first
	}
	for i := first + 1; i < len(parts); i++ {
		f := parts[i]
		if isPostcode(f[0]) {
			if first >= 0 {
				continue
			}
			f = f[1:]
		}
		if len(f) > 0 && houseNoStart(dropNumberWord(f)) > 0 {
			return i
		}
	}
	return first
}

// houseNoStart is the index of the house number among the words of the
// street's part, 0 when there is none: the last word starting with a
// digit, or, when that is a postcode after a house number, the one
// before; a range "12 - 14" starts at its first number.
func houseNoStart(fields []string) int {
	i := len(fields) - 1
	for i > 0 && !startsWithDigit(fields[i]) {
		i--
	}
	if i <= 0 {
		return 0
	}
	if isPostcode(fields[i]) {
		// "Schönhauser Allee 100 10439 Berlin"
		if j := houseNoStart(fields[:i]); j > 0 && houseNoEnd(fields[:i], j) == i && isHouseNo(fields[j:i]) {
			return j
		}
	}
	// "12 - 14", "12- 14", "12 / 14": the range begins before the dash.
	switch {
	case i >= 3 && (fields[i-1] == "-" || fields[i-1] == "/" || fields[i-1] == "bis") && isNumber(fields[i-2]):
		return i - 2
	case i >= 2 && (strings.HasSuffix(fields[i-1], "-") || strings.HasSuffix(fields[i-1], "/")) && isNumber(fields[i-1][:len(fields[i-1])-1]):
		return i - 1
	}
	return i
}

// houseNoEnd is the index after the house number that starts at i: a
// letter ("12 a") or a range ("12 - 14", "12 -14", "12 bis 14") belongs to
// it; other words after a plain house number are the place ("12 Berlin",
// "12 (Mitte)"). After a word that is no house number ("9." in "Platz des
// 9. November 1989") every word belongs to it, as before.
func houseNoEnd(fields []string, i int) int {
	j := i + 1
	for j < len(fields) {
		f := fields[j]
		switch {
		case (f == "-" || f == "/" || f == "bis") && j+1 < len(fields) && isNumber(fields[j+1]):
			j += 2
		case (f[0] == '-' || f[0] == '/') && isNumber(f[1:]):
			j++
		case startsWithDigit(fields[j-1]) && isSuffix(f):
			j++
		case fields[j-1][len(fields[j-1])-1] == '-' && startsWithDigit(f):
			j++
		default:
			if !isHouseNo(fields[i:j]) {
				return len(fields)
			}
			return j
		}
	}
	return j
}

// isHouseNo reports whether words are a house number the street directory
// reads: "12", "12a", "12 a", "12-14", "12 - 14".
func isHouseNo(words []string) bool {
	_, err := streetdir.ParseHouseNumber(strings.Join(words, " "))
	if err == nil {
		return true
	}
	return len(words) > 0 && startsWithDigit(words[0]) && strings.ContainsAny(strings.Join(words, ""), "-/") && !strings.HasSuffix(words[0], ".")
}

// numberWords introduce a house number: "Nr. 12".
var numberWords = map[string]bool{"nr": true, "nr.": true, "no": true, "no.": true, "hausnr": true, "hausnr.": true, "hausnummer": true}

// splitNumberWord splits "Nr.12" into "Nr." and "12".
func splitNumberWord(fields []string) []string {
	for i, f := range fields {
		if j := strings.IndexAny(f, "0123456789"); j > 0 && numberWords[strings.ToLower(f[:j])] {
			return slices.Concat(fields[:i], []string{f[:j], f[j:]}, fields[i+1:])
		}
	}
	return fields
}

// dropNumberWord removes a "Nr." that ends the words (before the number)
// or begins them (a part of its own: "Straße, Nr. 12").
func dropNumberWord(fields []string) []string {
	fields = splitNumberWord(fields)
	if n := len(fields); n > 1 && numberWords[strings.ToLower(fields[n-1])] {
		return fields[:n-1]
	}
	if len(fields) > 1 && numberWords[strings.ToLower(fields[0])] {
		return fields[1:]
	}
	return fields
}

// isSuffix reports whether a word is the letter of a house number ("a"),
// or letters of one building ("a-c").
func isSuffix(f string) bool {
	r := []rune(f)
	return unicode.IsLetter(r[0]) && (len(r) == 1 || len(r) == 3 && strings.ContainsRune("-/", r[1]) && unicode.IsLetter(r[2]))
}

func startsWithDigit(f string) bool { return f != "" && f[0] >= '0' && f[0] <= '9' }

func isNumber(f string) bool { return f != "" && strings.Trim(f, "0123456789") == "" }

func isPostcode(f string) bool { return len(f) == 5 && isNumber(f) }

// LookupAddress finds the block through the street directory and from there
// the area of every layer.
func (a *Service) LookupAddress(ctx context.Context, ad Address) (LookupResult, error) {
	if err := quartier.Require(ctx, quartier.PermReadPublic); err != nil {
		return LookupResult{}, err
	}
	return a.LocateAddress(ctx, ad)
}

// LocateAddress is LookupAddress for contexts that have checked their own
// permission (the atlas placing a typed address, like Locator.Locate for a
// point). It reads only the entries of the address's street, by its
// normalised name (the store's primary key): a directory of a city's
// every address is never loaded whole for one answer. How the street is
// found is lookupTyped's.
func (a *Service) LocateAddress(ctx context.Context, ad Address) (LookupResult, error) {
	var m streetdir.Match
	var found error // the answer of the directory, not a fault of the store
	var source string
	if err := a.store.View(ctx, func(tx Tx) (err error) {
		src := &storeStreets{ctx: ctx, tx: tx}
		if m, found = lookupTyped(src, ad); src.err != nil {
			return src.err
		}
		source, err = tx.Setting(ctx, settingStreetSource)
		return err
	}); err != nil {
		return LookupResult{}, err
	}
	if found != nil {
		return LookupResult{}, found
	}
	r, err := a.Locator().LocateMatch(m)
	if err == nil {
		r.Address, r.Source = entryAddress(m.Entry), source
	}
	return r, err
}

// LookupTyped looks a typed address up in a compiled directory as
// LocateAddress does in the store, for tests and probes of a city's
// directory; places are the directory's (streetdir.NewPlaces with its
// districts and city), nil when not known.
func LookupTyped(d *streetdir.Directory, places *streetdir.Places, ad Address) (streetdir.Match, error) {
	return lookupTyped(directoryStreets{d, places}, ad)
}

// streetSource is where a typed address's streets come from: the store,
// within one transaction, or a compiled directory.
type streetSource interface {
	// streets are the streets of those keys the directory has, by key.
	streets(keys []string) (map[string]*streetdir.Street, error)
	// similar indexes every key of the directory.
	similar() (*streetdir.Similar, error)
	// places are the directory's places, nil when it does not know them.
	places() (*streetdir.Places, error)
}

// lookupTyped finds the street a typed address names (findStreet) and the
// address there, checking a typed place against the directory's places.
func lookupTyped(src streetSource, ad Address) (streetdir.Match, error) {
	r, st, err := findStreet(src, ad)
	if err != nil {
		return streetdir.Match{}, err
	}
	var places *streetdir.Places
	if r.Place != "" && r.Postcode == "" {
		if places, err = src.places(); err != nil {
			return streetdir.Match{}, err
		}
	}
	return st.LookupWith(r.HouseNo, r.Postcode, r.Place, places)
}

// findStreet finds the street of a typed address and the reading that
// names it, in steps each asked only where the ones before found nothing,
// so that a name the directory holds is never read another way:
//
//  1. the parsed reading, then the other readings as names (Readings), by
//     their keys;
//  2. these without a place typed before the street without a comma
//     ("Pankow Schönhauser Allee 100"; Places.Leading), which then must
//     agree with the answer like any typed place;
//  3. the names of all these written otherwise than the directory
//     writes them ("Karlmarxallee", "Schonhauser Allee";
//     streetdir.Similar), where only one street may fit;
//  4. steps 1 to 3 for the readings with another house number.
//
// The parsed reading alone is read first, as it is nearly always the one:
// the others are computed and read only where it is not in the directory.
func findStreet(src streetSource, ad Address) (Address, *streetdir.Street, error) {
	if r, st, err := exactStreet(src, []Address{ad}); st != nil || err != nil {
		return r, st, err
	}
	names, numbers := ad.readings()
	if !slices.ContainsFunc(slices.Concat(names, numbers), func(r Address) bool { return streetdir.NormalizeStreet(r.Street) != "" }) {
		return ad, nil, quartier.Errorf(quartier.EINVALID, "Bitte eine Straße angeben.")
	}
	for i, readings := range [][]Address{names[1:], numbers} {
		if r, st, err := exactStreet(src, readings); st != nil || err != nil {
			return r, st, err
		}
		if i == 0 {
			readings = names
		}
		if r, st, err := looseStreet(src, readings); st != nil || err != nil {
			return r, st, err
		}
	}
	return ad, nil, streetdir.UnknownStreet(ad.Street)
}

// looseStreet is steps 2 and 3 of findStreet for readings whose streets
// are not in the directory under their keys.
func looseStreet(src streetSource, readings []Address) (Address, *streetdir.Street, error) {
	places, err := src.places()
	if err != nil {
		return Address{}, nil, err
	}
	var lead []Address
	for _, r := range readings {
		if place, rest, ok := places.Leading(r.Street); ok {
			r.Street, r.Place = rest, strings.TrimSpace(place+" "+r.Place)
			lead = append(lead, r)
		}
	}
	if r, st, err := exactStreet(src, lead); st != nil || err != nil {
		return r, st, err
	}
	readings = append(slices.Clip(readings), lead...)
	sim, err := src.similar()
	if err != nil {
		return Address{}, nil, err
	}
	return similarStreet(src, sim, readings)
}

// similarStreet is the first of the readings whose name is written like
// one street of the directory (sim), with that street; an error where it
// is written like several; none where like none.
func similarStreet(src streetSource, sim *streetdir.Similar, readings []Address) (Address, *streetdir.Street, error) {
	return firstStreet(src, readings, func(r Address) []string { return sim.Keys(r.Street) },
		func(r Address, streets map[string]*streetdir.Street) (*streetdir.Street, error) {
			return sim.Choose(r.Street, streets)
		})
}

// exactStreet is the first of the readings whose street the directory
// holds under its key, with that street; none when there is none.
func exactStreet(src streetSource, readings []Address) (Address, *streetdir.Street, error) {
	key := func(r Address) []string { return []string{streetdir.NormalizeStreet(r.Street)} }
	return firstStreet(src, readings, key, func(r Address, streets map[string]*streetdir.Street) (*streetdir.Street, error) {
		return streets[key(r)[0]], nil
	})
}

// firstStreet reads the streets of the keys each reading may name (keys:
// its key, or those of the names it is written like) in one read, and
// answers the first reading that choose finds a street for among them, or
// the first error choose gives (several streets fit); none when no
// reading names a key or none is found.
func firstStreet(src streetSource, readings []Address, keys func(Address) []string,
	choose func(Address, map[string]*streetdir.Street) (*streetdir.Street, error)) (Address, *streetdir.Street, error) {
	var all []string
	for _, r := range readings {
		for _, k := range keys(r) {
			if k != "" && !slices.Contains(all, k) {
				all = append(all, k)
			}
		}
	}
	if len(all) == 0 {
		return Address{}, nil, nil
	}
	streets, err := src.streets(all)
	if err != nil {
		return Address{}, nil, err
	}
	for _, r := range readings {
		if st, err := choose(r, streets); st != nil || err != nil {
			return r, st, err
		}
	}
	return Address{}, nil, nil
}

// storeStreets reads streets from the store in one transaction. A fault
// of the store is kept in err (and returned by every method), so that the
// caller tells it from the directory's answers.
type storeStreets struct {
	ctx        context.Context
	tx         Tx
	err        error
	placesRead bool
	pl         *streetdir.Places
	sim        *streetdir.Similar
}

func (s *storeStreets) fail(err error) error {
	if err != nil && s.err == nil {
		s.err = err
	}
	return err
}

func (s *storeStreets) streets(keys []string) (map[string]*streetdir.Street, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	es, err := s.tx.StreetsByKey(s.ctx, keys)
	if err != nil {
		return nil, s.fail(err)
	}
	out := map[string]*streetdir.Street{}
	for lo := 0; lo < len(es); {
		hi := lo + 1
		for hi < len(es) && es[hi].Key == es[lo].Key {
			hi++
		}
		out[es[lo].Key] = newStreet(es[lo:hi])
		lo = hi
	}
	return out, nil
}

// similar lists the keys (some milliseconds for a city): only a name
// not in the directory gets here.
func (s *storeStreets) similar() (*streetdir.Similar, error) {
	if s.sim == nil {
		keys, err := s.tx.StreetKeys(s.ctx)
		if err != nil {
			return nil, s.fail(err)
		}
		s.sim = streetdir.NewSimilar(keys)
	}
	return s.sim, nil
}

func (s *storeStreets) places() (*streetdir.Places, error) {
	if !s.placesRead {
		city, err := s.tx.Setting(s.ctx, settingStreetCity)
		if err != nil {
			return nil, s.fail(err)
		}
		districts, err := s.tx.Setting(s.ctx, settingStreetDistricts)
		if err != nil {
			return nil, s.fail(err)
		}
		regions, err := s.tx.Setting(s.ctx, settingStreetRegions)
		if err != nil {
			return nil, s.fail(err)
		}
		s.placesRead = true
		if city != "" || districts != "" {
			s.pl = streetdir.NewPlaces(city, strings.Split(districts, "\n"), parseRegions(regions))
		}
	}
	return s.pl, nil
}

// directoryStreets reads streets from a compiled directory.
type directoryStreets struct {
	d  *streetdir.Directory
	pl *streetdir.Places
}

func (s directoryStreets) streets(keys []string) (map[string]*streetdir.Street, error) {
	out := map[string]*streetdir.Street{}
	for _, k := range keys {
		if st := s.d.StreetByKey(k); st != nil {
			out[k] = st
		}
	}
	return out, nil
}

func (s directoryStreets) similar() (*streetdir.Similar, error) { return s.d.Similar(), nil }

func (s directoryStreets) places() (*streetdir.Places, error) { return s.pl, nil }

// newStreet compiles the entries of one street, nil when there are none.
func newStreet(es []quartier.StreetEntry) *streetdir.Street {
	if len(es) == 0 {
		return nil
	}
	ptrs := make([]*quartier.StreetEntry, len(es))
	for i := range es {
		ptrs[i] = &es[i]
	}
	return streetdir.NewStreet(ptrs)
}

// LocateMatch answers for an address the street directory found: its
// block's areas, and where the entry has the address's own point, that
// point (imported layers are asked there rather than somewhere in the
// block).
func (l *Locator) LocateMatch(m streetdir.Match) (LookupResult, error) {
	bi, ok := l.blockByCode[m.Block]
	if !ok {
		return LookupResult{}, unknownBlock(m.Block)
	}
	p := l.blockPoint[bi]
	if m.Point {
		p = orb.Point{m.Entry.X, m.Entry.Y}
	}
	r := l.locateBlockAt(bi, p)
	r.Exact = m.Point
	return r, nil
}

func unknownBlock(code string) error {
	return quartier.Errorf(quartier.ENOTFOUND, "Das Straßenverzeichnis nennt Baustein %s, den die aktuelle Bausteinebene nicht enthält.", code)
}

// entryAddress is the directory's spelling of the address found:
// "Ackerstraße 1, 10115 Mitte".
func entryAddress(e *quartier.StreetEntry) string {
	s := e.Street
	if e.From != "" && e.From == e.To {
		s += " " + e.From
	}
	place := strings.TrimSpace(e.Postcode + " " + e.District)
	if place != "" {
		s += ", " + place
	}
	return s
}
