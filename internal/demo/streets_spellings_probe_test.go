//go:build lookupprobe

package demo

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/streetdir"
)

// The spelling probe: every 53rd official address typed in the ways
// people write addresses into case files and forms, counted as right,
// missing or WRONG against what the official list supports. Run it with
//
//	go test -tags lookupprobe -run TestSpellingProbe -v ./internal/demo
//
// (PROBE_EXAMPLES=n prints n examples of each class's misses). It is a
// probe, not a test: it fails only on a wrong block, which is the one
// outcome that must never happen; missing answers are counted.
//
// What is right: with the postcode typed, the address's own Planungsraum;
// without it, what the listed street and number answer without postcode
// (a Planungsraum, or a refusal where the list has the house in several);
// for a spelling that names a district where the house is not, a refusal;
// for one that names its own district or Bezirk without postcode where
// the number alone is ambiguous, the row's Planungsraum when the rows of
// that house in the place all lie in it (the place narrows), else a
// refusal.
// A block other than the right one is WRONG; no block where one is right
// is missing.

// bezirke are Berlin's twelve districts (Bezirke) by the first two digits
// of a Planungsraum's id, for typing the larger area people also name.
var bezirke = map[string]string{"01": "Mitte", "02": "Friedrichshain-Kreuzberg", "03": "Pankow", "04": "Charlottenburg-Wilmersdorf",
	"05": "Spandau", "06": "Steglitz-Zehlendorf", "07": "Tempelhof-Schöneberg", "08": "Neukölln", "09": "Treptow-Köpenick",
	"10": "Marzahn-Hellersdorf", "11": "Lichtenberg", "12": "Reinickendorf"}

// spelling is one way to type a row: its class, the text, whether it
// gives the row's postcode, and whether it names a district that
// contradicts the house (then only a refusal is right). A spelling with
// another postcode (a typo) is right when it answers what the list says
// for the number under that postcode, or refuses where it has none.
type spelling struct {
	class, text string
	postcode    bool
	contradicts bool
	other       string // the postcode typed instead of the row's
	// place is the district or Bezirk a spelling without postcode names
	// (the row's own), "" for none.
	place string
}

func TestSpellingProbe(t *testing.T) {
	rows := berlinRows(t)
	d := berlinDirectory(t)
	pl := demoPlaces(d)
	examples := 0
	fmt.Sscan(os.Getenv("PROBE_EXAMPLES"), &examples)
	type house struct{ street, no string }
	// The Planungsräume of a street's house by the districts and Bezirke
	// it lies in: a name that is both (Mitte, Pankow) holds the rows of
	// both, as a typed place names both.
	at := map[house]map[string]map[string]bool{}
	districts := map[string]bool{}
	for _, r := range rows {
		h := house{r.street, strings.ToLower(r.no + r.suffix)}
		if at[h] == nil {
			at[h] = map[string]map[string]bool{}
		}
		for _, pl := range []string{r.district, bezirke[r.plr[:2]]} {
			if at[h][pl] == nil {
				at[h][pl] = map[string]bool{}
			}
			at[h][pl][r.plr] = true
		}
		districts[r.district] = true
	}
	allDistricts := slices.Sorted(func(yield func(string) bool) {
		for k := range districts {
			if !yield(k) {
				return
			}
		}
	})
	type count struct{ right, missing, wrong int }
	counts := map[string]*count{}
	var classes []string
	misses := map[string][]string{}
	total := count{}
	narrowed := 0 // spellings whose place leaves one block of several
	for i := 11; i < len(rows); i += 53 {
		r := rows[i]
		if r.no == "" {
			continue // squares without number: the golden tables have them
		}
		bare, bareErr := d.Lookup(r.street, r.no+r.suffix, "")
		blocks := at[house{r.street, strings.ToLower(r.no + r.suffix)}]
		for _, sp := range spellings(d, r, allDistricts, blocks) {
			typo, typoErr := bare, bareErr
			if sp.other != "" {
				typo, typoErr = d.Lookup(r.street, r.no+r.suffix, sp.other)
			}
			if counts[sp.class] == nil {
				counts[sp.class] = &count{}
				classes = append(classes, sp.class)
			}
			c := counts[sp.class]
			m, err := lookupTyped(d, pl, sp.text)
			want, refuse := r.plr, false
			switch {
			case sp.contradicts:
				want, refuse = "", true
			case sp.other != "" && typoErr != nil:
				want, refuse = "", true
			case sp.other != "":
				want = typo.Block
			case !sp.postcode && bareErr != nil && sp.place != "" && len(blocks[sp.place]) == 1:
				// The place leaves the rows of one block (its own):
				// right is that block, as the place narrows.
				want = r.plr
				narrowed++
			case !sp.postcode && bareErr != nil:
				want, refuse = "", true
			case !sp.postcode:
				want = bare.Block
			}
			switch {
			case err == nil && (refuse || m.Block != want):
				c.wrong++
				total.wrong++
				if c.wrong <= 5 {
					t.Errorf("WRONG %s: %q → %s (%s), want %q %v", sp.class, sp.text, m.Block, m.Entry.Street, want, quartier.ErrorMessage(bareErr))
				}
			case err == nil || refuse:
				c.right++
				total.right++
			default:
				c.missing++
				total.missing++
				if len(misses[sp.class]) < examples {
					misses[sp.class] = append(misses[sp.class], fmt.Sprintf("%q: %s", sp.text, quartier.ErrorMessage(err)))
				}
			}
		}
	}
	fmt.Printf("%-28s %8s %8s %6s\n", "class", "right", "missing", "WRONG")
	for _, cl := range classes {
		c := counts[cl]
		fmt.Printf("%-28s %8d %8d %6d\n", cl, c.right, c.missing, c.wrong)
	}
	fmt.Printf("%-28s %8d %8d %6d\n", "total", total.right, total.missing, total.wrong)
	fmt.Printf("%d spellings without postcode are right as an answer only because their place narrows the candidates (a refusal before)\n", narrowed)
	for _, cl := range classes {
		for _, m := range misses[cl] {
			fmt.Printf("  %s: %s\n", cl, m)
		}
	}
}

// spellings types a row in some forty ways (houseIn: the districts and
// Bezirke where the list has the row's street and number); a way that leaves the row as
// listed (no "straße" to abbreviate, no umlaut to drop) is left out.
func spellings(d *streetdir.Directory, r berlinRow, districts []string, houseIn map[string]map[string]bool) []spelling {
	s, p, o := r.street, r.postcode, r.district
	no := r.no + r.suffix
	var out []spelling
	add := func(class, text string, postcode bool) {
		out = append(out, spelling{class: class, text: text, postcode: postcode})
	}
	// in adds a spelling without postcode that names place.
	in := func(class, text, place string) {
		out = append(out, spelling{class: class, text: text, place: place})
	}
	// name adds a spelling of the street's name with the number and
	// postcode, and without the postcode, when it differs from the list's.
	name := func(class, street string) {
		if street == s {
			return
		}
		add(class, street+" "+no+", "+p, true)
		add(class+" ohne PLZ", street+" "+no, false)
	}
	add("wie gelistet", s+" "+no+", "+p, true)
	name("Str.", replaceEnd(s, "straße", "str."))
	name("Str. ohne Punkt", replaceEnd(s, "straße", "str"))
	name("Strasse", strings.ReplaceAll(strings.ReplaceAll(s, "straße", "strasse"), "Straße", "Strasse"))
	name("Straße getrennt", replaceEnd(s, "straße", " Straße"))
	name("Str. getrennt", replaceEnd(s, "straße", " Str."))
	name("Pl.", replaceEnd(replaceEnd(s, "platz", "pl."), "Platz", "Pl."))
	name("Alle statt Allee", replaceEnd(s, "Allee", "Alle"))
	name("klein", strings.ToLower(s))
	name("GROSS", strings.ToUpper(s))
	name("zusammen", strings.NewReplacer(" ", "", "-", "").Replace(s))
	name("zusammen klein", strings.ToLower(strings.NewReplacer(" ", "", "-", "").Replace(s)))
	name("Binnenmajuskel", camel(s))
	name("Leerzeichen statt Bindestrich", strings.ReplaceAll(s, "-", " "))
	name("Bindestrich statt Leerzeichen", strings.ReplaceAll(s, " ", "-"))
	name("Umlaut ohne e", strings.NewReplacer("ä", "a", "ö", "o", "ü", "u", "Ä", "A", "Ö", "O", "Ü", "U").Replace(s))
	name("Umlaut als e", strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "Ä", "Ae", "Ö", "Oe", "Ü", "Ue").Replace(s))
	name("ß als s", strings.ReplaceAll(s, "ß", "s"))
	// The house number.
	if r.suffix != "" {
		add("Zusatz getrennt", s+" "+r.no+" "+r.suffix+", "+p, true)
		add("Zusatz klein", s+" "+r.no+strings.ToLower(r.suffix)+", "+p, true)
		add("Zusatz mit Bindestrich", s+" "+r.no+"-"+strings.ToLower(r.suffix)+", "+p, true)
	} else {
		add("Bereich", s+" "+no+"-"+fmt.Sprint(atoi(r.no)+2)+", "+p, true)
	}
	add("ohne Leerzeichen vor Nr.", replaceEnd(s, "straße", "str.")+no+", "+p, true)
	add("Hinterhaus", s+" "+no+", Hinterhaus, "+p, true)
	add("Hinterhaus ohne Komma", s+" "+no+" Hinterhaus, "+p+" Berlin", true)
	add("Etage", s+" "+no+", 2. OG, "+p+" Berlin", true)
	add("Etage ohne Komma", s+" "+no+" 2. OG, "+p+" Berlin", true)
	add("c/o vorn", "c/o Müller, "+s+" "+no+", "+p+" Berlin", true)
	add("bei hinten", s+" "+no+" bei Müller, "+p+" Berlin", true)
	add("Wohnung", s+" "+no+", Whg. 12, "+p, true)
	add("geschütztes Leerzeichen", s+" "+no+"\u00a0, "+p, true)
	// The fourth round: ranges with a typographic dash or a slash, "Haus-Nr.",
	// a full stop after the number, other separators, lines of a letter.
	if r.suffix != "" {
		add("Zusatz klein getrennt", s+" "+r.no+" "+strings.ToLower(r.suffix)+", "+p, true)
		add("Zusatz-Bereich Gedankenstrich", s+" "+no+"–"+string(rune(r.suffix[0]+1))+", "+p, true)
	} else {
		add("Bereich Gedankenstrich", s+" "+no+"–"+fmt.Sprint(atoi(r.no)+2)+", "+p, true)
		add("Bereich Gedankenstrich ohne PLZ", s+" "+no+"–"+fmt.Sprint(atoi(r.no)+2), false)
		add("Bereich Schrägstrich", s+" "+no+"/"+fmt.Sprint(atoi(r.no)+2)+", "+p, true)
	}
	add("Haus-Nr.", s+" Haus-Nr. "+no+", "+p, true)
	add("Haus Nr.", s+" Haus Nr. "+no+", "+p, true)
	add("Hausnummer", s+", Hausnummer "+no+", "+p, true)
	add("Punkt am Ende", p+" Berlin, "+s+" "+no+".", true)
	add("Punkt am Ende ohne PLZ", s+" "+no+".", false)
	add("Semikolon", s+" "+no+"; "+p+" Berlin", true)
	add("Zeilen mit c/o", "c/o Müller\n"+s+" "+no+"\n"+p+" Berlin", true)
	add("Zeilen mit Name", "Familie Müller\r\n"+s+" "+no+"\r\n"+p+" Berlin", true)
	add("c/o hinten ohne Komma", s+" "+no+" c/o Müller, "+p, true)
	add("Aufgang ohne Komma", s+" "+no+" Aufgang B, "+p, true)
	add("D- vor PLZ", s+" "+no+", D-"+p+" Berlin", true)
	add("Ortsteil in Klammern nach PLZ", s+" "+no+", "+p+" Berlin ("+o+")", true)
	add("Berlin-Bezirk nach PLZ", s+" "+no+", "+p+" Berlin-"+bezirke[r.plr[:2]], true)
	// Typing errors of one letter in the name, where that gives no other
	// listed name (keyed): one left out, two swapped, one doubled, one
	// wrong.
	for _, ty := range typos(s) {
		if d.Street(ty.text) != nil {
			continue
		}
		add(ty.class, ty.text+" "+no+", "+p, true)
		add(ty.class+" ohne PLZ", ty.text+" "+no, false)
	}
	// Words cut short: "Gr."/"Kl." for Große/Kleine…, a first name to its
	// initial ("K.-Marx-Straße"), "d." for der/des/dem/den.
	abbr := strings.NewReplacer("Große ", "Gr. ", "Großer ", "Gr. ", "Großes ", "Gr. ", "Kleine ", "Kl. ", "Kleiner ", "Kl. ", "Kleines ", "Kl. ",
		" der ", " d. ", " des ", " d. ", " dem ", " d. ", " den ", " d. ").Replace(s)
	if words := strings.Split(s, "-"); len(words) >= 3 && !strings.Contains(words[0], " ") && len(words[0]) > 2 {
		add("Vorname abgekürzt", string([]rune(words[0])[:1])+".-"+strings.Join(words[1:], "-")+" "+no+", "+p, true)
	}
	if abbr != s {
		add("Gr./Kl./d. abgekürzt", abbr+" "+no+", "+p, true)
		add("Gr./Kl./d. abgekürzt ohne PLZ", abbr+" "+no, false)
	}
	// The city or district before the street, and after it.
	add("PLZ vorn ohne Komma", p+" "+s+" "+no, true)
	add("PLZ Berlin vorn ohne Komma", p+" Berlin "+s+" "+no, true)
	add("PLZ hinter dem Ort", s+" "+no+", Berlin "+p, true)
	add("Deutschland hinten", s+" "+no+", "+p+" Berlin, Deutschland", true)
	in("Berlin Ortsteil hinten", s+" "+no+", Berlin "+o, o)
	if r.suffix != "" {
		add("Zusatz-Bereich", s+" "+no+"-"+string(rune(r.suffix[0]+1))+", "+p, true)
	}
	// A postcode typo: two digits swapped.
	if q := []byte(p); q[3] != q[4] {
		q[3], q[4] = q[4], q[3]
		out = append(out, spelling{class: "PLZ-Zahlendreher", text: s + " " + no + ", " + string(q), other: string(q)})
	}
	add("Berlin, vorn", "Berlin, "+s+" "+no, false)
	add("Berlin vorn", "Berlin "+s+" "+no, false)
	in("Berlin-Ortsteil, vorn", "Berlin-"+o+", "+s+" "+no, o)
	in("Ortsteil, vorn", o+", "+s+" "+no, o)
	in("Ortsteil vorn", o+" "+s+" "+no, o)
	add("PLZ Berlin-Ortsteil vorn", p+" Berlin-"+o+", "+s+" "+no, true)
	in("Ortsteil hinten", s+" "+no+", "+o, o)
	in("Ortsteil in Klammern", s+" "+no+" ("+o+")", o)
	in("Ortsteil zusammen", s+" "+no+", "+strings.NewReplacer(" ", "", "-", "").Replace(o), o)
	in("Bezirk hinten", s+" "+no+", Berlin-"+bezirke[r.plr[:2]], bezirke[r.plr[:2]])
	in("Bezirk in Klammern", s+" "+no+" ("+bezirke[r.plr[:2]]+")", bezirke[r.plr[:2]])
	// A Bezirk where the house is not: no block is right.
	for k := range len(bezirke) {
		other := bezirke[fmt.Sprintf("%02d", (len(s)*5+k)%len(bezirke)+1)]
		if houseIn[other] != nil {
			continue
		}
		out = append(out, spelling{class: "falscher Bezirk", text: s + " " + no + ", Berlin-" + other, contradicts: true})
		break
	}
	// A district where the house is not (nor a Bezirk of that name, as
	// "Mitte" also names Bezirk Mitte around Wedding): no block is right.
	for k := range len(districts) {
		other := districts[(len(s)*7+k)%len(districts)] // another district for each street
		if houseIn[other] != nil || strings.Contains(other, o) || strings.Contains(o, other) {
			continue
		}
		out = append(out, spelling{class: "falscher Ortsteil", text: s + " " + no + " (" + other + ")", contradicts: true})
		out = append(out, spelling{class: "falscher Ortsteil, Komma", text: s + " " + no + ", " + other, contradicts: true})
		break
	}
	return out
}

// typos are the street's name with one typing error in its longest word
// (of seven letters or more), in its middle: a letter left out, two
// swapped, one doubled, one replaced by its neighbour in the alphabet.
func typos(s string) []struct{ class, text string } {
	words := strings.Fields(s)
	w := 0
	for i, x := range words {
		if len([]rune(x)) > len([]rune(words[w])) {
			w = i
		}
	}
	rs := []rune(words[w])
	k := len(rs) / 2
	if len(rs) < 7 || !unicode.IsLetter(rs[k]) || !unicode.IsLetter(rs[k+1]) || rs[k] == rs[k+1] {
		return nil
	}
	with := func(word []rune) string {
		out := slices.Clone(words)
		out[w] = string(word)
		return strings.Join(out, " ")
	}
	next := rs[k] + 1
	if next > 'z' || !unicode.IsLetter(next) {
		next = 'a'
	}
	return []struct{ class, text string }{
		{"Tippfehler: fehlt", with(slices.Concat(rs[:k], rs[k+1:]))},
		{"Tippfehler: vertauscht", with(slices.Concat(rs[:k], []rune{rs[k+1], rs[k]}, rs[k+2:]))},
		{"Tippfehler: doppelt", with(slices.Concat(rs[:k+1], rs[k:]))},
		{"Tippfehler: falsch", with(slices.Concat(rs[:k], []rune{next}, rs[k+1:]))},
	}
}

// replaceEnd replaces old at the end of a word of s (case as typed).
func replaceEnd(s, old, repl string) string {
	words := strings.Split(s, " ")
	for i, w := range words {
		if strings.HasSuffix(w, old) {
			words[i] = w[:len(w)-len(old)] + repl
		}
	}
	return strings.Join(words, " ")
}

// camel writes the name's words together with their capitals:
// "Karl-Marx-Allee" → "KarlMarxAllee".
func camel(s string) string {
	var b strings.Builder
	up := true
	for _, r := range s {
		if r == ' ' || r == '-' {
			up = true
			continue
		}
		if up {
			r = unicode.ToUpper(r)
		}
		b.WriteRune(r)
		up = false
	}
	return b.String()
}

func atoi(s string) int {
	n := 0
	fmt.Sscan(s, &n)
	return n
}
