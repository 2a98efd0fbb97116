package spatial

import (
	"context"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

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

// maxAddressChars bounds a typed address, all its parts together: the
// longest real ones ("Straße des 17. Juni 112, 2. OG links, 10623
// Berlin-Charlottenburg") are a third of it. Its readings (a reading for
// each number after the name, each with the words before it) grow with
// the square of its words, so a longer text is refused, not read.
const maxAddressChars = 200

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
	// otherPostcode is a second postcode typed, other than Postcode: the
	// address is refused rather than read with the first (check).
	otherPostcode string
	// streetField: the address was typed into a form's street field with
	// the number's field empty, so it names a street (FormAddress).
	streetField bool
}

// check refuses an address that cannot be read: too long (checkLength),
// or with two postcodes ("Schwedter Str. 234, 10435 Berlin" in a bulk
// row whose postcode column says 10119), where answering from either
// would hide that the other was given.
func (ad Address) check() error {
	if err := ad.checkLength(); err != nil {
		return err
	}
	if ad.otherPostcode != "" {
		return quartier.Errorf(quartier.EINVALID, "Die Adresse nennt zwei Postleitzahlen, %s und %s — bitte nur die richtige angeben.", ad.Postcode, ad.otherPostcode)
	}
	return nil
}

// setPostcode takes p as the postcode, or notes it as a second one.
func (ad *Address) setPostcode(p string) {
	switch {
	case ad.Postcode == "":
		ad.Postcode = p
	case p != ad.Postcode && ad.otherPostcode == "":
		ad.otherPostcode = p
	}
}

// checkLength refuses an address longer than maxAddressChars: as typed
// (the place before the street and the postcode included), or in its
// fields where it was not parsed.
func (ad Address) checkLength() error {
	n := utf8.RuneCountInString(ad.Postcode)
	if ad.typed != "" {
		n += utf8.RuneCountInString(ad.typed) + utf8.RuneCountInString(ad.other)
	} else {
		n += utf8.RuneCountInString(ad.Street) + utf8.RuneCountInString(ad.HouseNo) + utf8.RuneCountInString(ad.Place)
	}
	if n > maxAddressChars {
		return quartier.Errorf(quartier.EINVALID, "Die Adresse ist zu lang (höchstens %d Zeichen).", maxAddressChars)
	}
	return nil
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
		numbers = append(numbers, ad.laterNumbers()...)
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

// laterNumbers read each house number after the name, the first first,
// as the number, and the words after it as the place, where the parsed
// reading took a later one or none: "Ackerstraße 145 2. OG" is house 145,
// and where the name ends in a number of its own, "Straße 614 34 2. OG"
// is house 34 of Straße 614 (the reading of house 614 of "Straße" comes
// first, and is found only where the directory has such a street). A
// number that is no house number ("17." in "Straße des 17. Juni 112 2.
// OG") is part of the name; a reading the parsed one is already ("Platz
// des 9. November" No. 1989) is left out.
func (ad Address) laterNumbers() []Address {
	fields := splitNumberWord(strings.Fields(ad.typed))
	var out []Address
	for i := 1; i < len(fields); i++ {
		if !startsWithDigit(fields[i]) {
			continue
		}
		end := houseNoEnd(fields, i)
		if end == len(fields) && !isHouseNo(fields[i:]) {
			continue // as "9." in "Platz des 9. November 1989"
		}
		r := Address{Street: strings.Join(dropNumberWord(fields[:i]), " "), HouseNo: strings.Join(fields[i:end], " "), Postcode: ad.Postcode,
			Place: placeText(append(slices.Clone(fields[end:]), ad.other))}
		if r.Street != ad.Street || r.HouseNo != ad.HouseNo {
			out = append(out, r)
		}
	}
	return out
}

// gluedNumber reads a number written onto a word of the name
// ("Ackerstr.145", "Am Pankepark50", "Straße des 17. Juni112") as the
// house number, and the words after it as the place, where the parsed
// reading found no house number.
func (ad Address) gluedNumber() (Address, bool) {
	fields := strings.Fields(ad.typed)
	if ad.HouseNo != "" && isHouseNo(strings.Fields(ad.HouseNo)) {
		return Address{}, false
	}
	for k := len(fields) - 1; k > 0 || k == 0 && len(fields) == 1; k-- {
		w := fields[k]
		i := strings.IndexAny(w, "0123456789")
		if i < 2 || !isHouseNo([]string{w[i:]}) {
			continue
		}
		name := slices.Concat(fields[:k], []string{w[:i]})
		return Address{Street: strings.Join(name, " "), HouseNo: w[i:], Postcode: ad.Postcode, Place: placeText(append(slices.Clone(fields[k+1:]), ad.other))}, true
	}
	return Address{}, false
}

// splitNumbers are the readings of a house number written onto the end of
// a street's name: onto a name's number ("Straße 61434": Straße 6, 61,
// 614 or 6143 with house 1434, 434, 34 or 4; "Straße 52a36E") or its
// letter ("Weg A16"), the first word after the name with a digit split
// wherever a house number follows. Several may name listed addresses, so
// they are asked only where the other readings found nothing (or an
// address not listed), and answer only where one does (lookupFound). A
// word followed by a house number is not split: "Straße 18 28" is house
// 28 of Straße 18.
func (ad Address) splitNumbers() []Address {
	if ad.streetField {
		return nil
	}
	fields := splitNumberWord(strings.Fields(ad.typed))
	for i := 1; i < len(fields); i++ {
		w := fields[i]
		if !strings.ContainsAny(w, "0123456789") {
			continue
		}
		if i+1 < len(fields) && startsWithDigit(fields[i+1]) && isHouseNo(fields[i+1:i+2]) {
			return nil
		}
		name := strings.Join(dropNumberWord(fields[:i]), " ")
		place := placeText(append(slices.Clone(fields[i+1:]), ad.other))
		var out []Address
		for k := 1; k < len(w); k++ {
			if w[k] >= '1' && w[k] <= '9' && isHouseNo([]string{w[k:]}) {
				out = append(out, Address{Street: name + " " + w[:k], HouseNo: w[k:], Postcode: ad.Postcode, Place: place})
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return nil
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
	for part := range strings.SplitSeq(partBreaks.Replace(streetdir.Dashes(s)), ",") {
		if fields := strings.Fields(part); len(fields) > 0 {
			parts = append(parts, plainFields(fields))
		}
	}
	at := streetPart(parts)
	var street []string
	for i, fields := range parts {
		switch {
		case i == at && isPostcode(fields[0]):
			// "10115 Ackerstraße 1", "10115 Berlin Ackerstraße 1"
			ad.setPostcode(fields[0])
			street = fields[1:]
		case i == at:
			street = fields
		case i < at && !isPostcode(fields[0]):
			place = append(place, fields...) // "Berlin-Pankow, Schönhauser Allee 100"
		case ad.HouseNo == "" && !isPostcode(fields[0]) && isHouseNo(dropNumberWord(fields)):
			ad.HouseNo = strings.Join(dropNumberWord(fields), " ")
		default:
			// "10115 Berlin", and "Straße 1, Berlin 10115": a postcode
			// after the place.
			for _, f := range fields {
				if isPostcode(f) {
					ad.setPostcode(f)
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
			ad.setPostcode(rest[0])
			rest = rest[1:]
		}
		place = append(rest, place...)
	} else {
		ad.Street = strings.Join(fields, " ")
	}
	ad.Place = placeText(place)
	return ad
}

// partBreaks separate the parts of an address as a comma does: the lines
// of one pasted from a letter ("c/o Müller⏎Ackerstraße 1⏎10115 Berlin")
// and semicolons.
var partBreaks = strings.NewReplacer("\r\n", ",", "\n", ",", "\r", ",", ";", ",")

// plainFields are the words of a part with the postcode's country ("D-10115",
// "DE-10115") left out, and the full stop after a house number that ends
// the part ("Ackerstraße 1."), so that both are read; a number alone in
// its part ("2." of a floor) keeps its stop.
func plainFields(fields []string) []string {
	for i, f := range fields {
		for _, country := range []string{"D-", "DE-"} {
			if len(f) > len(country) && strings.EqualFold(f[:len(country)], country) && isPostcode(f[len(country):]) {
				fields[i] = f[len(country):]
			}
		}
	}
	n := len(fields)
	if last := fields[n-1]; n > 1 && strings.HasSuffix(last, ".") && isHouseNo([]string{last[:len(last)-1]}) {
		fields[n-1] = last[:len(last)-1]
	}
	return fields
}

// FieldsAddress is an address given in fields – a form's, or the
// columns of a bulk file – as a lookup reads it. Where the fields split
// it as asked (fieldsSplit), they are the address, and the text they
// make ("Straße Nr, PLZ Ort") gives the other readings (Readings), as
// for a typed address, where the fields find nothing ("Straße 10" and
// "7" for Straße No. 10 where that is no street). Otherwise (no number:
// the whole address in the street's field; more than a number in the
// number's: "34 2. OG"; a postcode or place in the street's: "Straße 10,
// 13125 Karow") the text is read as typed.
func FieldsAddress(street, houseNo, postcode, place string) Address {
	street, houseNo, postcode, place = strings.TrimSpace(street), strings.TrimSpace(houseNo), strings.TrimSpace(postcode), strings.TrimSpace(place)
	// The number follows the street's field after a space, so that one
	// with more in it is read as typed, but after a comma where that field
	// holds one already ("Straße 10, 13125 Karow"), so that the number is
	// not taken for the place's.
	text := street
	if houseNo != "" {
		sep := " "
		if strings.Contains(street, ",") {
			sep = ", "
		}
		text += sep + houseNo
	}
	if p := strings.TrimSpace(postcode + " " + place); p != "" {
		text += ", " + p
	}
	ad := ParseAddress(text)
	if fieldsSplit(street, houseNo) {
		ad.Street, ad.HouseNo, ad.Postcode, ad.Place = street, houseNo, postcode, place
	}
	return ad
}

// FormAddress is FieldsAddress for a form's fields, where a person typed
// the street into the street's field: with the number's field empty, a
// number at the end of it is the house number only as typed ("Schönhauser
// Allee 100") or the name's ("Straße 10"), never split between the two
// ("Straße 17", a street the directory lacks, is not Straße 1 No. 7, as
// `--address` reads it; see splitNumbers).
func FormAddress(street, houseNo, postcode, place string) Address {
	ad := FieldsAddress(street, houseNo, postcode, place)
	ad.streetField = strings.TrimSpace(houseNo) == ""
	return ad
}

// fieldsSplit reports whether a street's and a number's field hold those
// alone, as far as can be told without the directory: a house number,
// and no comma in the street's.
func fieldsSplit(street, houseNo string) bool {
	return houseNo != "" && !strings.Contains(street, ",") && streetdir.IsLookupNumber(houseNo)
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

// splitNumberWord splits "Nr.12" into "Nr." and "12".
func splitNumberWord(fields []string) []string {
	for i, f := range fields {
		if j := strings.IndexAny(f, "0123456789"); j > 0 && streetdir.IsNumberWord(f[:j]) {
			return slices.Concat(fields[:i], []string{f[:j], f[j:]}, fields[i+1:])
		}
	}
	return fields
}

// dropNumberWord removes a "Nr." (or "Haus Nr.") that ends the words
// (before the number) or begins them (a part of its own: "Straße, Nr.
// 12").
func dropNumberWord(fields []string) []string {
	fields = splitNumberWord(fields)
	if n := len(fields); n > 1 && streetdir.IsNumberWord(fields[n-1]) {
		if n > 2 && streetdir.IsHouseWord(fields[n-2]) {
			return fields[:n-2]
		}
		return fields[:n-1]
	}
	if len(fields) > 1 && streetdir.IsNumberWord(fields[0]) {
		return fields[1:]
	}
	if len(fields) > 2 && streetdir.IsHouseWord(fields[0]) && streetdir.IsNumberWord(fields[1]) {
		return fields[2:]
	}
	return fields
}

// isSuffix reports whether a word is the letter of a house number ("a"),
// or letters of one building ("a-c").
func isSuffix(f string) bool {
	if strings.EqualFold(f, "c/o") {
		return false // "100 c/o Müller"
	}
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

// NamesPlace reports whether a typed place names a district or a region
// of the street directory (streetdir.Places.Names), where the directory
// knows them: such a place may refuse or narrow an address, so an answer
// from elsewhere (the atlas's own places) cannot stand in for the
// directory's. For contexts that have checked their own permission.
func (a *Service) NamesPlace(ctx context.Context, place string) (bool, error) {
	if strings.TrimSpace(place) == "" {
		return false, nil
	}
	// Asked before the lookup that bounds a typed address: the same bound.
	if err := (Address{Place: place}).checkLength(); err != nil {
		return false, err
	}
	var names bool
	err := a.store.View(ctx, func(tx Tx) error {
		src := &storeStreets{ctx: ctx, tx: tx}
		pl, err := src.places()
		names = pl.Names(place)
		return err
	})
	return names, err
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
// address there, checking a typed place against the directory's places;
// where no reading names a street, a number written onto a street's
// number (splitNumbers).
func lookupTyped(src streetSource, ad Address) (streetdir.Match, error) {
	if err := ad.check(); err != nil {
		return streetdir.Match{}, err
	}
	found, err := findStreet(src, ad)
	if err != nil {
		return streetdir.Match{}, err
	}
	if len(found) > 0 {
		m, _, err := lookupFound(src, ad, found, false)
		if quartier.ErrorCode(err) != quartier.ENOTFOUND {
			return m, err
		}
		// "Privatstr. 12, 13053": Privatstraße has no 12 there, but
		// Privatstraße 1 has a 2. The other readings as names compete
		// (the street Privatstraße 12), so that the split answers only
		// where nothing else the address may mean is listed elsewhere.
		names, _ := ad.readings()
		if split, listed, serr := lookupSplit(src, ad, names[1:]); listed || quartier.ErrorCode(serr) == quartier.EINTERNAL {
			return split, serr
		}
		return m, err
	}
	m, _, err := lookupSplit(src, ad, nil)
	return m, err
}

// lookupSplit answers from the readings of splitNumbers and others that
// compete with them.
func lookupSplit(src streetSource, ad Address, others []Address) (streetdir.Match, bool, error) {
	found, err := exactStreets(src, append(slices.Clip(others), ad.splitNumbers()...), true)
	if err != nil {
		return streetdir.Match{}, false, err
	}
	return lookupFound(src, ad, found, true)
}

// lookupAt looks the reading r up on its street st.
func lookupAt(src streetSource, r Address, st *streetdir.Street) (streetdir.Match, error) {
	var places *streetdir.Places
	if r.Place != "" {
		var err error
		if places, err = src.places(); err != nil {
			return streetdir.Match{}, err
		}
	}
	return st.LookupWith(r.HouseNo, r.Postcode, r.Place, places)
}

// lookupFound answers from the readings findStreet (or the split of a
// number, guess) found streets for: one reading is looked up on its
// street; of several, the one that finds a listed address answers, and
// where several do in different blocks the address is ambiguous ("Straße
// 1828" is Straße 18 No. 28 and Straße 182 No. 8; "Privatstraße 1 2" is
// house 2 of Privatstraße 1 where Privatstraße has no house 1 in that
// postcode). Where none does, the first reading's answer, or for a guess
// among several streets, that the street is unknown. listed says whether
// some reading found a listed address (answered or ambiguous).
func lookupFound(src streetSource, ad Address, found []named, guess bool) (m streetdir.Match, listed bool, err error) {
	switch {
	case len(found) == 0 && ad.streetField:
		return streetdir.Match{}, false, streetdir.UnknownStreet(ad.typed) // the field's name, as typed
	case len(found) == 0:
		return streetdir.Match{}, false, streetdir.UnknownStreet(ad.Street)
	case len(found) == 1 && !guess:
		m, err := lookupAt(src, found[0].r, found[0].st)
		return m, err == nil, err
	}
	var matches []streetdir.Match
	var readings []Address // of the matches
	var first error
	for _, f := range found {
		m, err := lookupAt(src, f.r, f.st)
		switch {
		case err == nil:
			matches, readings = append(matches, m), append(readings, f.r)
		case quartier.ErrorCode(err) == quartier.EINTERNAL:
			return streetdir.Match{}, false, err
		case first == nil:
			first = err
		}
	}
	switch {
	case len(matches) > 0 && !slices.ContainsFunc(matches, func(m streetdir.Match) bool { return m.Block != matches[0].Block }):
		return matches[0], true, nil
	case len(matches) > 0:
		var where []string
		for i, m := range matches {
			where = append(where, readingAddress(readings[i], m.Entry))
		}
		return streetdir.Match{}, true, quartier.Errorf(quartier.EINVALID, "„%s“ ist mehrdeutig — bitte Straße und Hausnummer getrennt angeben: %s.",
			strings.Join(strings.Fields(ad.typed), " "), strings.Join(where, "; "))
	case guess && len(found) > 1:
		return streetdir.Match{}, false, streetdir.UnknownStreet(ad.Street)
	}
	return streetdir.Match{}, false, first
}

// named is a reading of a typed address and the street it names.
type named struct {
	r  Address
	st *streetdir.Street
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
//  4. steps 1 to 3 for the readings with another house number; in step 1
//     every one whose street is listed, for lookupFound to tell by the
//     house ("Privatstraße 1 2 2. OG": Privatstraße and Privatstraße 1
//     are both streets);
//  5. all these readings with one typing error in the name ("Schwedtr
//     Str.", "Torsraße"; streetdir.Similar.ChooseTypo), where only one
//     street fits, or one with the typed postcode.
//
// The parsed reading alone is read first, as it is nearly always the one:
// the others are computed and read only where it is not in the directory.
// None and no error where no reading names a street.
func findStreet(src streetSource, ad Address) ([]named, error) {
	if found, err := exactStreets(src, []Address{ad}, false); len(found) > 0 || err != nil {
		return found, err
	}
	names, numbers := ad.readings()
	if !slices.ContainsFunc(slices.Concat(names, numbers), func(r Address) bool { return streetdir.NormalizeStreet(r.Street) != "" }) {
		return nil, quartier.Errorf(quartier.EINVALID, "Bitte eine Straße angeben.")
	}
	for i, readings := range [][]Address{names[1:], numbers} {
		if found, err := exactStreets(src, readings, i == 1); len(found) > 0 || err != nil {
			return found, err
		}
		if i == 0 {
			readings = names
		}
		if found, err := looseStreet(src, readings); len(found) > 0 || err != nil {
			return found, err
		}
	}
	sim, err := src.similar()
	if err != nil {
		return nil, err
	}
	return namedStreets(src, slices.Concat(names, numbers), false, func(r Address) []string { return sim.TypoKeys(r.Street) },
		func(r Address, streets map[string]*streetdir.Street) (*streetdir.Street, error) {
			return sim.ChooseTypo(r.Street, r.Postcode, streets)
		})
}

// looseStreet is steps 2 and 3 of findStreet for readings whose streets
// are not in the directory under their keys.
func looseStreet(src streetSource, readings []Address) ([]named, error) {
	places, err := src.places()
	if err != nil {
		return nil, err
	}
	var lead []Address
	for _, r := range readings {
		if place, rest, ok := places.Leading(r.Street); ok {
			r.Street, r.Place = rest, strings.TrimSpace(place+" "+r.Place)
			lead = append(lead, r)
		}
	}
	if found, err := exactStreets(src, lead, false); len(found) > 0 || err != nil {
		return found, err
	}
	readings = append(slices.Clip(readings), lead...)
	sim, err := src.similar()
	if err != nil {
		return nil, err
	}
	return similarStreet(src, sim, readings)
}

// similarStreet is the first of the readings whose name is written like
// one street of the directory (sim), with that street; an error where it
// is written like several; none where like none.
func similarStreet(src streetSource, sim *streetdir.Similar, readings []Address) ([]named, error) {
	return namedStreets(src, readings, false, func(r Address) []string { return sim.Keys(r.Street) },
		func(r Address, streets map[string]*streetdir.Street) (*streetdir.Street, error) {
			return sim.Choose(r.Street, streets)
		})
}

// exactStreets are the readings whose street the directory holds under
// its key, with that street: the first, or all of them, in order; none
// when there is none.
func exactStreets(src streetSource, readings []Address, all bool) ([]named, error) {
	key := func(r Address) []string { return []string{streetdir.NormalizeStreet(r.Street)} }
	return namedStreets(src, readings, all, key, func(r Address, streets map[string]*streetdir.Street) (*streetdir.Street, error) {
		return streets[key(r)[0]], nil
	})
}

// namedStreets reads the streets of the keys each reading may name (keys:
// its key, or those of the names it is written like) in one read, and
// answers the first reading that choose finds a street for among them (or
// all, in order), or the first error choose gives before (several
// streets fit); none when no reading names a key or none is found.
func namedStreets(src streetSource, readings []Address, all bool, keys func(Address) []string,
	choose func(Address, map[string]*streetdir.Street) (*streetdir.Street, error)) ([]named, error) {
	var want []string
	for _, r := range readings {
		for _, k := range keys(r) {
			if k != "" && !slices.Contains(want, k) {
				want = append(want, k)
			}
		}
	}
	if len(want) == 0 {
		return nil, nil
	}
	streets, err := src.streets(want)
	if err != nil {
		return nil, err
	}
	var found []named
	for _, r := range readings {
		st, err := choose(r, streets)
		switch {
		case err != nil && len(found) == 0:
			return nil, err
		case err != nil:
			return found, nil
		case st != nil:
			found = append(found, named{r, st})
			if !all {
				return found, nil
			}
		}
	}
	return found, nil
}

// storeStreets reads streets from the store in one transaction. A fault
// of the store is kept in err (and returned by every method), so that the
// caller tells it from the directory's answers.
type storeStreets struct {
	ctx context.Context
	tx  Tx
	storeFault
	placesRead bool
	pl         *streetdir.Places
	sim        *streetdir.Similar
}

// storeFault is the first fault of the store a street source met, kept
// so that its caller tells it from the directory's answers.
type storeFault struct{ err error }

func (f *storeFault) fail(err error) error {
	if err != nil && f.err == nil {
		f.err = err
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
	return groupStreets(es), nil
}

// groupStreets compiles the streets of entries the store returned sorted
// by key, by key.
func groupStreets(es []quartier.StreetEntry) map[string]*streetdir.Street {
	out := map[string]*streetdir.Street{}
	for lo := 0; lo < len(es); {
		hi := lo + 1
		for hi < len(es) && es[hi].Key == es[lo].Key {
			hi++
		}
		out[es[lo].Key] = newStreet(es[lo:hi])
		lo = hi
	}
	return out
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

// readingAddress names the address a reading found at entry e, for a
// choice between readings: "Straße 18 Nr. 28, 13156 Niederschönhausen".
func readingAddress(r Address, e *quartier.StreetEntry) string {
	s := e.Street
	if r.HouseNo != "" {
		s += " Nr. " + r.HouseNo
	}
	if place := strings.TrimSpace(e.Postcode + " " + e.District); place != "" {
		s += ", " + place
	}
	return s
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
