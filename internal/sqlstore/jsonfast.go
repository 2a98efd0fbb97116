package sqlstore

import (
	"encoding/json"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/quartier/quartier"
)

// Opening hours and contacts are stored as the JSON that json.Marshal
// writes. Decoding them by reflection was a fifth of reading a result
// page's offers (20 offers, 100,000 in the atlas), and most of a whole
// atlas's read. decodeHours and decodeContacts read that form directly
// and hand anything else (an escape in a string, an exception's dates, a
// key they do not know) to json.Unmarshal, so that both give the same
// (FuzzDecodeHours, FuzzDecodeContacts compare them).

func decodeHours(text string) (quartier.OpeningHours, error) {
	if h, ok := fastHours(text); ok {
		return h, nil
	}
	var h quartier.OpeningHours
	err := json.Unmarshal([]byte(text), &h)
	return h, err
}

func decodeContacts(text string) ([]quartier.Contact, error) {
	if cs, ok := fastContacts(text); ok {
		return cs, nil
	}
	var cs []quartier.Contact
	err := json.Unmarshal([]byte(text), &cs)
	return cs, err
}

// scanner reads the JSON json.Marshal writes; ok turns false at the first
// byte it does not expect, and stays false.
type scanner struct {
	s  string
	i  int
	ok bool
}

func (p *scanner) lit(l string) bool {
	if p.ok && len(p.s)-p.i >= len(l) && p.s[p.i:p.i+len(l)] == l {
		p.i += len(l)
		return true
	}
	return false
}

func (p *scanner) expect(l string) {
	if !p.lit(l) {
		p.ok = false
	}
}

// str reads a string without escapes or control characters, in valid
// UTF-8 (what json.Unmarshal would give unchanged).
func (p *scanner) str() string {
	p.expect(`"`)
	if !p.ok {
		return ""
	}
	for j := p.i; j < len(p.s); j++ {
		switch c := p.s[j]; {
		case c == '"':
			v := p.s[p.i:j]
			p.i = j + 1
			if !utf8.ValidString(v) {
				p.ok = false
			}
			// A copy, as json.Unmarshal makes: a piece would keep the
			// whole text alive as long as the snapshot keeps the note
			// of an exception. At 100,000 offers that was 5 MB more
			// objects and 29 MB more heap in use (130 → 159 MB): the
			// texts pinned spans among the build's garbage.
			return strings.Clone(v)
		case c == '\\' || c < 0x20:
			p.ok = false
			return ""
		}
	}
	p.ok = false
	return ""
}

// int reads an integer of up to 9 digits, as json.Marshal writes it.
func (p *scanner) int() int {
	if !p.ok {
		return 0
	}
	neg := p.lit("-")
	start, n := p.i, 0
	for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' && p.i-start < 9 {
		n = n*10 + int(p.s[p.i]-'0')
		p.i++
	}
	// No digits, a leading zero of a longer number, more than 9 digits or
	// a fraction or exponent: json.Unmarshal decides.
	if p.i == start || p.s[start] == '0' && p.i-start > 1 || p.i < len(p.s) && (p.s[p.i] >= '0' && p.s[p.i] <= '9' || p.s[p.i] == '.' || p.s[p.i] == 'e' || p.s[p.i] == 'E') {
		p.ok = false
	}
	if neg {
		return -n
	}
	return n
}

func (p *scanner) done() bool { return p.ok && p.i == len(p.s) }

func fastHours(text string) (quartier.OpeningHours, bool) {
	var h quartier.OpeningHours
	p := &scanner{s: text, ok: true}
	p.expect("{")
	first := true
	field := func(name string) bool {
		if first {
			if p.lit(`"` + name + `":`) {
				first = false
				return true
			}
			return false
		}
		if p.lit(`,"` + name + `":`) {
			return true
		}
		return false
	}
	if field("weekly") {
		h.Weekly = p.slots()
	}
	if field("exceptions") {
		h.Exceptions = []quartier.HoursException{}
		p.each("[", "]", func() {
			var e quartier.HoursException
			p.expect(`{"from":`)
			e.From = p.time()
			p.expect(`,"to":`)
			e.To = p.time()
			if p.lit(`,"closed":`) {
				e.Closed = p.bool()
			}
			if p.lit(`,"slots":`) {
				e.Slots = p.slots()
			}
			if p.lit(`,"note":`) {
				e.Note = p.str()
			}
			p.expect("}")
			h.Exceptions = append(h.Exceptions, e)
		})
		h.Exceptions = slices.Clip(h.Exceptions)
	}
	if field("closed_on_holidays") {
		h.ClosedOnHolidays = p.bool()
	}
	if field("note") {
		h.Note = p.str()
	}
	p.expect("}")
	if !p.done() {
		return quartier.OpeningHours{}, false
	}
	return h, true
}

// slots reads a list of HoursSlot.
func (p *scanner) slots() []quartier.HoursSlot {
	out := []quartier.HoursSlot{}
	p.each("[", "]", func() {
		var s quartier.HoursSlot
		p.expect(`{"day":`)
		s.Day = time.Weekday(p.int())
		p.expect(`,"open":`)
		s.Open = p.int()
		p.expect(`,"close":`)
		s.Close = p.int()
		p.expect("}")
		out = append(out, s)
	})
	return slices.Clip(out)
}

// each reads the elements of a list or the members of an object between
// open and close, separated by commas, with item.
func (p *scanner) each(open, close string, item func()) {
	p.expect(open)
	for n := 0; p.ok && !p.lit(close); n++ {
		if n > 0 {
			p.expect(",")
		}
		item()
	}
}

func (p *scanner) bool() bool {
	if p.lit("true") {
		return true
	}
	p.expect("false")
	return false
}

// time reads a time as time.Time's UnmarshalJSON does (it is called).
func (p *scanner) time() time.Time {
	var t time.Time
	if v := p.str(); p.ok && t.UnmarshalJSON([]byte(`"`+v+`"`)) != nil {
		p.ok = false
	}
	return t
}

func fastContacts(text string) ([]quartier.Contact, bool) {
	if text == "null" {
		return nil, true
	}
	p := &scanner{s: text, ok: true}
	cs := []quartier.Contact{}
	p.each("[", "]", func() {
		var c quartier.Contact
		p.each("{", "}", func() {
			key := p.str()
			p.expect(":")
			v := p.str()
			switch key {
			case "name":
				c.Name = v
			case "role":
				c.Role = v
			case "phone":
				c.Phone = v
			case "email":
				c.Email = v
			case "visibility":
				c.Visibility = quartier.Visibility(v)
			default:
				// encoding/json matches keys case-insensitively.
				p.ok = false
			}
		})
		cs = append(cs, c)
	})
	if !p.done() {
		return nil, false
	}
	return cs, true
}
