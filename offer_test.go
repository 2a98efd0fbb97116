package quartier

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestOpeningHoursOpenAt(t *testing.T) {
	h := OpeningHours{
		Weekly: []HoursSlot{
			{Day: time.Monday, Open: 9 * 60, Close: 12 * 60}, {Day: time.Monday, Open: 14 * 60, Close: 18 * 60},
			{Day: time.Tuesday, Open: 9 * 60, Close: 12 * 60}, {Day: time.Wednesday, Open: 9 * 60, Close: 12 * 60},
			{Day: time.Saturday, Open: 10 * 60, Close: 24 * 60},
		},
		ClosedOnHolidays: true,
		Exceptions: []HoursException{
			{From: time.Date(2025, 7, 21, 0, 0, 0, 0, time.UTC), To: time.Date(2025, 8, 1, 0, 0, 0, 0, time.UTC), Closed: true},
			{From: time.Date(2025, 12, 24, 0, 0, 0, 0, time.UTC), To: time.Date(2025, 12, 24, 0, 0, 0, 0, time.UTC), Slots: []HoursSlot{{Open: 10 * 60, Close: 12 * 60}}},
		},
	}
	if err := h.Validate(); err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time {
		tt, err := time.ParseInLocation("2006-01-02 15:04", s, Berlin)
		if err != nil {
			t.Fatal(err)
		}
		return tt
	}
	berlin := Holidays("BE")
	for _, c := range []struct {
		when string
		open bool
	}{
		{"2025-06-02 08:59", false}, {"2025-06-02 09:00", true}, {"2025-06-02 11:59", true}, {"2025-06-02 12:00", false},
		{"2025-06-02 15:00", true}, {"2025-06-03 15:00", false}, {"2025-06-07 23:59", true}, {"2025-06-08 00:30", false},
		{"2025-07-21 10:00", false}, // summer break (Monday)
		{"2025-08-01 10:00", false}, // last day of the break is included
		{"2025-08-04 10:00", true},
		{"2025-06-09 10:00", false}, // Whit Monday
		{"2025-03-10 10:00", true},  // Monday; 8 March 2025 was a Saturday
		{"2025-12-24 11:00", true},  // exception opens a Wednesday afternoon… morning
		{"2025-12-24 09:30", false},
	} {
		if got := h.OpenAt(at(c.when), berlin); got != c.open {
			t.Errorf("%s: open=%v, want %v", c.when, got, c.open)
		}
	}
	// A UTC instant is read on the Berlin clock: 07:30 UTC in June is 09:30.
	if !h.OpenAt(time.Date(2025, 6, 2, 7, 30, 0, 0, time.UTC), berlin) {
		t.Error("UTC instant not converted to Berlin time")
	}
	if got := h.String(); got != "Mo 09:00–12:00, 14:00–18:00; Di–Mi 09:00–12:00; Sa 10:00–24:00" {
		t.Errorf("String() = %q", got)
	}
}

func TestOpeningHoursValidate(t *testing.T) {
	for _, h := range []OpeningHours{
		{Weekly: []HoursSlot{{Day: time.Monday, Open: 600, Close: 500}}},
		{Weekly: []HoursSlot{{Day: 9, Open: 1, Close: 2}}},
		{Weekly: []HoursSlot{{Day: time.Monday, Open: 0, Close: 25 * 60}}},
		{Exceptions: []HoursException{{From: time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}}},
		{Exceptions: []HoursException{{From: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Closed: true, Slots: []HoursSlot{{Open: 1, Close: 2}}}}},
	} {
		if err := h.Validate(); ErrorCode(err) != EINVALID {
			t.Errorf("%+v: %v", h, err)
		}
	}
	for in, want := range map[string]int{"9:30": 570, "09:30": 570, "24:00": 1440, "0:00": 0} {
		if got, err := ParseClock(in); err != nil || got != want {
			t.Errorf("ParseClock(%q) = %d, %v", in, got, err)
		}
	}
	for _, in := range []string{"24:01", "9", "9:60", "-1:00", "ab:cd"} {
		if _, err := ParseClock(in); err == nil {
			t.Errorf("ParseClock(%q) accepted", in)
		}
	}
}

func TestHolidays(t *testing.T) {
	d := func(y, m, dd int) time.Time { return time.Date(y, time.Month(m), dd, 0, 0, 0, 0, time.UTC) }
	for _, c := range []struct {
		state string
		day   time.Time
		want  bool
	}{
		{"BE", d(2025, 4, 18), true},  // Good Friday
		{"BE", d(2025, 4, 21), true},  // Easter Monday
		{"BE", d(2025, 5, 29), true},  // Ascension
		{"BE", d(2025, 6, 9), true},   // Whit Monday
		{"BE", d(2026, 3, 9), false},  // not Women's Day
		{"BE", d(2026, 3, 8), true},   // Women's Day, Berlin only
		{"TH", d(2026, 3, 8), false},  //
		{"TH", d(2025, 9, 20), true},  // Weltkindertag, Thuringia
		{"NI", d(2025, 10, 31), true}, // Reformation Day since 2018
		{"BW", d(2025, 6, 19), true},  // Corpus Christi
		{"BE", d(2025, 6, 19), false},
		{"SN", d(2025, 11, 19), true}, // Buß- und Bettag
		{"SN", d(2026, 11, 18), true},
		{"BE", d(2025, 12, 26), true},
		{"BE", d(2025, 12, 24), false},
	} {
		if got := Holidays(c.state)(c.day); got != c.want {
			t.Errorf("%s %s: %v, want %v", c.state, c.day.Format("2006-01-02"), got, c.want)
		}
	}
	for y, want := range map[int]string{2024: "2024-03-31", 2025: "2025-04-20", 2026: "2026-04-05", 2038: "2038-04-25"} {
		if got := easterSunday(y).Format("2006-01-02"); got != want {
			t.Errorf("Easter %d = %s, want %s", y, got, want)
		}
	}
}

func TestPlaceRedacted(t *testing.T) {
	p := Place{Key: "fh-1", Name: "Frauenhaus", Street: "Geheimweg", HouseNumber: "1", Postcode: "10115", City: "Berlin",
		X: 390000, Y: 5820000, Block: "b1", Space: "mitte", Confidential: true, ContactPath: "Hotline 08000 116 016", AccessibilityNote: "Hintereingang Geheimweg 1"}
	r := p.Redacted()
	if r.Street != "" || r.HouseNumber != "" || r.Postcode != "" || r.HasPoint() || r.Block != "" || r.Space != "" || strings.Contains(r.AccessibilityNote, "Geheimweg") {
		t.Errorf("redacted place still locates: %+v", r)
	}
	if r.ContactPath != p.ContactPath || r.Name != p.Name || r.City != "Berlin" {
		t.Errorf("redaction removed the contact path or name: %+v", r)
	}
	p.Confidential = false
	if !reflect.DeepEqual(p.Redacted(), p) {
		t.Error("an ordinary place changed")
	}
}

func TestOfferValidate(t *testing.T) {
	topics := TopicIndex(DefaultTopics())
	five, three := 5, 3
	ok := Offer{Key: "a", Name: "A", Topics: []string{"sport"}, Status: OfferActive}
	if err := ok.Validate(topics); err != nil {
		t.Fatal(err)
	}
	for name, mut := range map[string]func(o *Offer){
		"unknown topic": func(o *Offer) { o.Topics = []string{"astrologie"} },
		"no topic":      func(o *Offer) { o.Topics = nil },
		"ages":          func(o *Offer) { o.MinAge, o.MaxAge = &five, &three },
		"language":      func(o *Offer) { o.Languages = []string{"Deutsch"} },
		"target group":  func(o *Offer) { o.TargetGroups = []string{"kinder", "Senioren"} },
		"email":         func(o *Offer) { o.Contacts = []Contact{{Name: "X", Email: "nope", Visibility: VisiblePublic}} },
		"visibility":    func(o *Offer) { o.Contacts = []Contact{{Name: "X"}} },
		"status":        func(o *Offer) { o.Status = "weg" },
		"key":           func(o *Offer) { o.Key = "Ä b" },
		"hours":         func(o *Offer) { o.Hours.Weekly = []HoursSlot{{Day: time.Monday, Open: 5, Close: 5}} },
	} {
		o := ok
		mut(&o)
		if err := o.Validate(topics); ErrorCode(err) != EINVALID {
			t.Errorf("%s: %v", name, err)
		}
	}
	o := ok
	o.Contacts = []Contact{{Name: "Öffentlich", Visibility: VisiblePublic}, {Name: "Intern", Visibility: VisibleProfessionals}}
	if pc := o.PublicContacts(); len(pc.Contacts) != 1 || pc.Contacts[0].Name != "Öffentlich" || len(o.Contacts) != 2 {
		t.Errorf("PublicContacts: %+v (original %+v)", pc.Contacts, o.Contacts)
	}
	end := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	o.ValidTo = &end
	if !o.Current(end.AddDate(0, 0, -1)) || o.Current(end) {
		t.Error("valid_to is exclusive")
	}
	o.VerifiedOn = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	if o.Overdue(time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)) || !o.Overdue(time.Date(2025, 7, 2, 0, 0, 0, 0, time.UTC)) {
		t.Error("review cycle of six months")
	}
}
