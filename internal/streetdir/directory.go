package streetdir

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/quartier/quartier"
)

// entry is a StreetEntry with its house numbers parsed.
//
// Ranges are inclusive at both ends and compare with suffixes: an entry
// 12–14 covers 12, 12a … 14 but not 14a, because 14a is a house of its
// own after 14; write "14z" as the end to include it. Parity applies to the
// number without its letter (13a is odd). An entry without From covers the
// whole street (within its parity), one without To is open-ended; an entry
// of ParityNone covers no number at all.
//
// Its numbers are kept as num, 8 bytes each, as a bulk run holds a city's
// entries (400,000) at once.
type entry struct {
	e        *quartier.StreetEntry
	pos      int32 // 0-based index in the input
	from, to num
	hasFrom  bool
	hasTo    bool
}

// num is a HouseNumber in 8 bytes: the number and the suffix letter (0 for
// none). A suffix is one lower-case letter (ParseHouseNumber), so the
// order of its code point is the order of HouseNumber.Suffix.
type num struct {
	n int32
	s rune
}

func toNum(h HouseNumber) num {
	u := num{n: int32(h.N)}
	for _, r := range h.Suffix {
		u.s = r
		break
	}
	return u
}

func (a num) less(b num) bool { return a.n < b.n || (a.n == b.n && a.s < b.s) }

func (a num) compare(b num) int {
	switch {
	case a.less(b):
		return -1
	case b.less(a):
		return 1
	}
	return 0
}

func (en *entry) unnumbered() bool { return en.e.Parity == quartier.ParityNone }

func (en *entry) covers(h num) bool {
	if en.hasFrom && h.less(en.from) {
		return false
	}
	if en.hasTo && en.to.less(h) {
		return false
	}
	switch en.e.Parity {
	case quartier.ParityOdd:
		return h.n%2 == 1
	case quartier.ParityEven:
		return h.n%2 == 0
	case quartier.ParityNone:
		return false
	}
	return true
}

// single reports whether the entry is one house (From = To), as the lines
// of an official address list are.
func (en *entry) single() bool { return en.hasFrom && en.hasTo && en.from == en.to }

// reaches reports whether en, starting no later than o, still covers o's
// start: with both sorted by start, that is when their ranges meet.
func (en *entry) reaches(o *entry) bool {
	return !en.hasTo || !o.hasFrom || !en.to.less(o.from)
}

// fieldError is a fault of one field of an entry; field is the CSV column
// name of the canonical format, so ReadCSV can name the column the file used.
type fieldError struct {
	field string
	msg   string
}

// check validates one entry on its own. It normalises e in place (trims,
// fills Key, defaults Parity to all) so that stored entries are canonical.
// key, when not nil, normalises street names (ReadCSV caches them, since
// an address list repeats each name for every house).
func check(e *quartier.StreetEntry, key func(string) string) (entry, []fieldError) {
	e.Street, e.Postcode, e.Block = strings.TrimSpace(e.Street), strings.TrimSpace(e.Postcode), strings.TrimSpace(e.Block)
	e.District = strings.TrimSpace(e.District)
	e.From, e.To = strings.TrimSpace(e.From), strings.TrimSpace(e.To)
	if key == nil {
		key = NormalizeStreet
	}
	e.Key = key(e.Street)
	if e.Parity == "" {
		e.Parity = quartier.ParityAll
	}
	en := entry{e: e}
	var errs []fieldError
	if e.Key == "" {
		errs = append(errs, fieldError{"strasse", "Straßenname fehlt."})
	}
	// A line break or tab inside a cell is a fault of the file, and the
	// store keeps a street's entries one a line.
	for _, f := range [...]struct{ field, value string }{{"strasse", e.Street}, {"plz", e.Postcode}, {"ort", e.District}, {"hnr_von", e.From}, {"hnr_bis", e.To}, {"baustein", e.Block}} {
		if strings.ContainsAny(f.value, "\t\n\r") {
			errs = append(errs, fieldError{f.field, "Tabulator oder Zeilenumbruch im Feld."})
		}
	}
	if e.Block == "" {
		errs = append(errs, fieldError{"baustein", "Baustein fehlt."})
	}
	if e.From != "" {
		h, err := ParseHouseNumber(e.From)
		if err != nil {
			errs = append(errs, fieldError{"hnr_von", quartier.ErrorMessage(err) + "."})
		}
		en.from, en.hasFrom = toNum(h), err == nil
	}
	if e.To != "" {
		h, err := ParseHouseNumber(e.To)
		if err != nil {
			errs = append(errs, fieldError{"hnr_bis", quartier.ErrorMessage(err) + "."})
		}
		en.to, en.hasTo = toNum(h), err == nil
	}
	switch e.Parity {
	case quartier.ParityAll:
	case quartier.ParityNone:
		if e.From != "" || e.To != "" {
			errs = append(errs, fieldError{"seite", fmt.Sprintf("„ohne“ steht für die Adresse ohne Hausnummer, die Zeile nennt aber %s.", rangeText(e))})
		}
	case quartier.ParityOdd, quartier.ParityEven:
		// A range 2–8 marked odd is a typo in one of the three cells; which
		// one, only the office knows, so it is refused, not guessed.
		want := 1
		if e.Parity == quartier.ParityEven {
			want = 0
		}
		if en.hasFrom && int(en.from.n%2) != want {
			errs = append(errs, fieldError{"hnr_von", fmt.Sprintf("Anfang %s passt nicht zur Seite %s.", e.From, parityName[e.Parity])})
		}
		if en.hasTo && int(en.to.n%2) != want {
			errs = append(errs, fieldError{"hnr_bis", fmt.Sprintf("Ende %s passt nicht zur Seite %s.", e.To, parityName[e.Parity])})
		}
	default:
		errs = append(errs, fieldError{"seite", fmt.Sprintf("„%s“ ist weder alle, gerade, ungerade noch ohne.", e.Parity)})
	}
	if en.hasFrom && en.hasTo && en.to.less(en.from) {
		errs = append(errs, fieldError{"hnr_bis", fmt.Sprintf("Bereich %s–%s ist verkehrt herum.", e.From, e.To)})
	}
	return en, errs
}

// parityName is the German word for a parity, as in the CSV format.
var parityName = map[quartier.Parity]string{quartier.ParityAll: "alle", quartier.ParityOdd: "ungerade", quartier.ParityEven: "gerade", quartier.ParityNone: "ohne"}

// compile parses the house numbers of entries that passed check (or come
// from the store, which holds only such).
func compile(e *quartier.StreetEntry, pos int) entry {
	en := entry{e: e, pos: int32(pos)}
	if e.From != "" {
		h, _ := ParseHouseNumber(e.From)
		en.from, en.hasFrom = toNum(h), true
	}
	if e.To != "" {
		if e.To == e.From {
			en.to = en.from
		} else {
			h, _ := ParseHouseNumber(e.To)
			en.to = toNum(h)
		}
		en.hasTo = true
	}
	return en
}

// Build validates the entries (house numbers, parity, ranges, and overlaps
// that point to different blocks) and indexes them. It fills Key (and a
// missing Parity) in entries. Problems name the entry by Feature = position
// + 1; an overlap names the other entry in Other and in the message.
func Build(entries []quartier.StreetEntry) (*Directory, error) {
	own := slices.Clone(entries)
	var problems []quartier.Problem
	var valid []quartier.StreetEntry
	var pos []int
	for i := range own {
		_, errs := check(&own[i], nil)
		entries[i].Key, entries[i].Parity = own[i].Key, own[i].Parity
		for _, fe := range errs {
			problems = append(problems, quartier.Problem{Severity: quartier.SeverityError, Kind: quartier.ProblemValue, Feature: i + 1, Code: own[i].Block,
				Message: fmt.Sprintf("Eintrag %d (%s): %s", i+1, own[i].Street, fe.msg)})
		}
		if len(errs) == 0 {
			valid = append(valid, own[i])
			pos = append(pos, i+1)
		}
	}
	problems = append(problems, Overlaps(valid, func(i int) (int, string) { return pos[i], fmt.Sprintf("Eintrag %d", pos[i]) })...)
	if quartier.HasErrors(problems) {
		slices.SortStableFunc(problems, func(a, b quartier.Problem) int { return cmp.Compare(a.Feature, b.Feature) })
		return nil, &quartier.Error{Code: quartier.EINVALID, Message: fmt.Sprintf("Straßenverzeichnis: %d Fehler.", len(problems)), Problems: problems}
	}
	return Compile(own), nil
}

// Overlaps finds entries of one street and postcode whose ranges meet but
// name different blocks: the directory would answer an address in two
// ways. That is an error, except where both entries are the same address
// listed twice (a warning: the lookup then says so). Entries must have passed the field checks (ReadCSV, Build). Each
// entry is reported at most once, naming the other of its pair: at the
// later of the two in input order, or at the earlier when the later is
// reported already; place says where an entry is (CSV line or position).
// Entries of different postcodes never overlap: the same street name in two
// postcode areas is two streets. An entry without postcode is a fallback
// for addresses no postcode entry covers (see Street.Lookup), so it does
// not clash with postcode entries either.
//
// It sorts once and sweeps each street, postcode and parity lane, keeping
// the two furthest-reaching earlier entries of different blocks, so a city
// of 400,000 addresses is checked in well under a second.
func Overlaps(entries []quartier.StreetEntry, place func(i int) (feature int, label string)) []quartier.Problem {
	ens := make([]entry, len(entries))
	for i := range entries {
		ens[i] = compile(&entries[i], i)
	}
	order := make([]int32, len(ens))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		x, y := &ens[a], &ens[b]
		return cmp.Or(strings.Compare(x.e.Key, y.e.Key), strings.Compare(x.e.Postcode, y.e.Postcode), byStart(x, y), cmp.Compare(a, b))
	})
	reported := map[int32]bool{}
	pairs := map[[2]int32]bool{} // a pair meets in both parity lanes
	var problems []quartier.Problem
	report := func(a, b *entry) {
		if b.pos > a.pos {
			a, b = b, a
		}
		if pairs[[2]int32{a.pos, b.pos}] {
			return
		}
		pairs[[2]int32{a.pos, b.pos}] = true
		if reported[a.pos] {
			if reported[b.pos] {
				return
			}
			a, b = b, a
		}
		reported[a.pos] = true
		feature, label := place(int(a.pos))
		_, olabel := place(int(b.pos))
		p := quartier.Problem{Severity: quartier.SeverityError, Kind: quartier.ProblemOverlap, Feature: feature, Code: a.e.Block, Other: b.e.Block,
			Message: fmt.Sprintf("%s (%s → %s) überschneidet sich mit %s (%s → %s).", label, describe(a.e), a.e.Block, olabel, describe(b.e), b.e.Block)}
		if sameAddress(a, b) {
			// One address listed twice (Essen's house coordinates have
			// one): no range of the office is wrong, and a lookup of it
			// says that it is listed twice rather than pick one.
			p.Severity = quartier.SeverityWarning
			p.Message = fmt.Sprintf("%s: %s steht schon in %s, dort in Baustein %s statt %s; eine Abfrage dieser Adresse nennt beide.", label, describe(a.e), olabel, b.e.Block, a.e.Block)
		}
		problems = append(problems, p)
	}
	for lo := 0; lo < len(order); {
		head := &ens[order[lo]]
		hi := lo + 1
		for hi < len(order) && ens[order[hi]].e.Key == head.e.Key && ens[order[hi]].e.Postcode == head.e.Postcode {
			hi++
		}
		group := order[lo:hi]
		// Addresses without number all meet; within the group they come in
		// input order.
		var first, second *entry // the first, and the first of another block
		for _, i := range group {
			c := &ens[i]
			switch {
			case !c.unnumbered():
			case first == nil:
				first = c
			case c.e.Block != first.e.Block:
				report(c, first)
				if second == nil {
					second = c
				}
			case second != nil:
				report(c, second)
			}
		}
		for _, lane := range [...]quartier.Parity{quartier.ParityOdd, quartier.ParityEven} {
			var far, other *entry // furthest reach; furthest of another block than far's
			for _, i := range group {
				c := &ens[i]
				if c.unnumbered() || (c.e.Parity != quartier.ParityAll && c.e.Parity != lane) {
					continue
				}
				switch {
				case far != nil && far.e.Block != c.e.Block && far.reaches(c):
					report(c, far)
				case other != nil && other.e.Block != c.e.Block && other.reaches(c):
					report(c, other)
				}
				switch {
				case far == nil || reachesFurther(c, far):
					if far != nil && far.e.Block != c.e.Block {
						other = far
					}
					far = c
				case c.e.Block != far.e.Block && (other == nil || reachesFurther(c, other)):
					other = c
				}
			}
		}
		lo = hi
	}
	slices.SortStableFunc(problems, func(a, b quartier.Problem) int { return cmp.Compare(a.Feature, b.Feature) })
	return problems
}

// sameAddress reports whether two entries name one address: both without
// number, or both the same single house.
func sameAddress(a, b *entry) bool {
	return (a.unnumbered() && b.unnumbered()) || (a.single() && b.single() && a.from == b.from)
}

// byStart orders entries by their first number, those without one first.
func byStart(a, b *entry) int {
	switch {
	case a.hasFrom == b.hasFrom && !a.hasFrom:
		return 0
	case !a.hasFrom:
		return -1
	case !b.hasFrom:
		return 1
	}
	return a.from.compare(b.from)
}

// reachesFurther reports whether a's range ends after b's.
func reachesFurther(a, b *entry) bool {
	switch {
	case !b.hasTo:
		return false
	case !a.hasTo:
		return true
	}
	return b.to.less(a.to)
}

// rangeText renders an entry's house numbers: "1–99", "ab 5", "bis 9",
// "ganze Straße", "ohne Hausnummer".
func rangeText(e *quartier.StreetEntry) string {
	switch {
	case e.Parity == quartier.ParityNone && e.From == "" && e.To == "":
		return "ohne Hausnummer"
	case e.From == "" && e.To == "":
		return "ganze Straße"
	case e.From == e.To:
		return e.From
	case e.To == "":
		return "ab " + e.From
	case e.From == "":
		return "bis " + e.To
	}
	return e.From + "–" + e.To
}

// describe renders an entry's range for messages: "Karl-Marx-Straße 1–99
// ungerade, 12043".
func describe(e *quartier.StreetEntry) string {
	s := e.Street + " " + rangeText(e)
	if e.From == "" && e.To == "" {
		s = e.Street + " (" + rangeText(e) + ")"
	}
	if e.Parity != quartier.ParityAll && e.Parity != quartier.ParityNone {
		s += " " + parityName[e.Parity]
	}
	if e.Postcode != "" {
		s += ", " + e.Postcode
	}
	return s
}
