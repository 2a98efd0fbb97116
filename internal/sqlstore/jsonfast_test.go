package sqlstore

import (
	"encoding/json"
	"math/rand"
	"reflect"
	"slices"
	"testing"
	"time"
	"unsafe"

	"github.com/quartier/quartier"
)

// randomHours are opening hours as the forms and imports make them, with
// the odd note that needs escapes and exceptions with dates.
func randomHours(r *rand.Rand) quartier.OpeningHours {
	var h quartier.OpeningHours
	for range r.Intn(6) {
		h.Weekly = append(h.Weekly, quartier.HoursSlot{Day: time.Weekday(r.Intn(7)), Open: r.Intn(1440), Close: r.Intn(1441)})
	}
	h.ClosedOnHolidays = r.Intn(2) == 0
	notes := []string{"", "nach Vereinbarung", "in den Ferien geschlossen", `„Mütter & Väter“ <willkommen>`, "Zeile\nzwei", `mit "Zitat"`, "Größe ß ü"}
	h.Note = notes[r.Intn(len(notes))]
	if r.Intn(8) == 0 {
		d := time.Date(2025, time.Month(1+r.Intn(12)), 1+r.Intn(28), 0, 0, 0, 0, time.UTC)
		h.Exceptions = []quartier.HoursException{{From: d, To: d.AddDate(0, 0, r.Intn(20)), Closed: true, Note: "Sommerpause"}}
	}
	return h
}

func randomContacts(r *rand.Rand) []quartier.Contact {
	if r.Intn(5) == 0 {
		return nil
	}
	names := []string{"Anna Muster", "Büro", `Team "Nord"`, "Ömer Yılmaz", ""}
	var cs []quartier.Contact
	for range r.Intn(4) {
		cs = append(cs, quartier.Contact{Name: names[r.Intn(len(names))], Role: []string{"", "Leitung", "Sozialraumkoordination"}[r.Intn(3)],
			Phone: []string{"", "030 23125 100"}[r.Intn(2)], Email: []string{"", "info@example.org", "a&b@example.org"}[r.Intn(2)],
			Visibility: []quartier.Visibility{quartier.VisiblePublic, quartier.VisibleProfessionals}[r.Intn(2)]})
	}
	return cs
}

// TestDecodeRoundTrip: what json.Marshal writes decodes to what it was,
// and most of it without reflection (else the fast path is dead code).
func TestDecodeRoundTrip(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	fast := 0
	for i := range 2000 {
		h := randomHours(r)
		b, _ := json.Marshal(h)
		got, err := decodeHours(string(b))
		if err != nil {
			t.Fatal(err)
		}
		var want quartier.OpeningHours
		json.Unmarshal(b, &want)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("hours %d: %s decoded as %+v, want %+v", i, b, got, want)
		}
		if _, ok := fastHours(string(b)); ok {
			fast++
		}
		cs := randomContacts(r)
		b, _ = json.Marshal(cs)
		gotCs, err := decodeContacts(string(b))
		if err != nil {
			t.Fatal(err)
		}
		var wantCs []quartier.Contact
		json.Unmarshal(b, &wantCs)
		if !reflect.DeepEqual(gotCs, wantCs) {
			t.Fatalf("contacts %d: %s decoded as %#v, want %#v", i, b, gotCs, wantCs)
		}
		if _, ok := fastContacts(string(b)); ok {
			fast++
		}
	}
	if fast < 2000 {
		t.Errorf("only %d of 4000 decoded without reflection", fast)
	}
}

// FuzzDecodeHours: where the fast path answers, it answers as
// json.Unmarshal does; where json.Unmarshal refuses, it does not answer.
func FuzzDecodeHours(f *testing.F) {
	r := rand.New(rand.NewSource(2))
	for range 20 {
		b, _ := json.Marshal(randomHours(r))
		f.Add(string(b))
	}
	for _, s := range []string{"{}", `{"weekly":[]}`, `{"weekly":[{"day":01,"open":1,"close":2}]}`, `{"note":"a\u0000"}`, `{"closed_on_holidays":false,"note":""}`,
		`{"weekly":[{"day":-0,"open":1e2,"close":2}]}`, `{"weekly":[{"day":1,"open":1,"close":2},]}`, `{"note":"\xff"}`, `{"exceptions":[{"from":"2025-07-01T00:00:00+01:00","to":"2025-07-02T00:00:00Z","closed":true}]}`, `{"exceptions":[{"from":"2025-13-01T00:00:00Z","to":"x"}]}`, `{"weekly":[{"day":1,"open":99999999999,"close":2}]}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		got, ok := fastHours(text)
		if !ok {
			return
		}
		var want quartier.OpeningHours
		if err := json.Unmarshal([]byte(text), &want); err != nil {
			t.Fatalf("%q: fast path read what json.Unmarshal refuses: %v", text, err)
		}
		if !sameHours(got, want) {
			t.Fatalf("%q: fast path %+v, json.Unmarshal %+v", text, got, want)
		}
	})
}

// sameHours: equal, with times equal when they are the same instant in
// the same offset (two parses of "+01:00" make two zones, which
// reflect.DeepEqual tells apart).
func sameHours(a, b quartier.OpeningHours) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) || len(a.Exceptions) != len(b.Exceptions) {
		return false
	}
	a.Exceptions, b.Exceptions = slices.Clone(a.Exceptions), slices.Clone(b.Exceptions)
	for i := range a.Exceptions {
		if !a.Exceptions[i].From.Equal(b.Exceptions[i].From) || !a.Exceptions[i].To.Equal(b.Exceptions[i].To) {
			return false
		}
		a.Exceptions[i].From, a.Exceptions[i].To, b.Exceptions[i].From, b.Exceptions[i].To = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	}
	return reflect.DeepEqual(a, b)
}

func FuzzDecodeContacts(f *testing.F) {
	r := rand.New(rand.NewSource(3))
	for range 20 {
		b, _ := json.Marshal(randomContacts(r))
		f.Add(string(b))
	}
	for _, s := range []string{"null", "[]", `[{}]`, `[null]`, `[{"Name":"a"}]`, `[{"name":"a","name":"b"}]`, `[{"name":1}]`, `[{"name":"a"},]`, `[{"name":"\xff"}]`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		got, ok := fastContacts(text)
		if !ok {
			return
		}
		var want []quartier.Contact
		if err := json.Unmarshal([]byte(text), &want); err != nil {
			t.Fatalf("%q: fast path read what json.Unmarshal refuses: %v", text, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: fast path %#v, json.Unmarshal %#v", text, got, want)
		}
	})
}

// TestDecodedStringsOwnTheirMemory: a decoded string must not be a piece
// of the stored text, which the snapshot would then keep whole.
func TestDecodedStringsOwnTheirMemory(t *testing.T) {
	text := `{"exceptions":[{"from":"2025-07-01T00:00:00Z","to":"2025-07-31T00:00:00Z","closed":true,"note":"Sommerpause"}],"note":"nach Vereinbarung"}`
	h, ok := fastHours(text)
	if !ok {
		t.Fatal("not read by the fast path")
	}
	cs, ok := fastContacts(`[{"name":"Anna Muster","visibility":"public"}]`)
	if !ok {
		t.Fatal("contacts not read by the fast path")
	}
	start := uintptr(unsafe.Pointer(unsafe.StringData(text)))
	for _, s := range []string{h.Note, h.Exceptions[0].Note} {
		if p := uintptr(unsafe.Pointer(unsafe.StringData(s))); p >= start && p < start+uintptr(len(text)) {
			t.Errorf("%q is a piece of the stored text", s)
		}
	}
	if cs[0].Name != "Anna Muster" {
		t.Errorf("name %q", cs[0].Name)
	}
}
