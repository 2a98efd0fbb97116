package http

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/atlas"
	"github.com/quartier/quartier/internal/spatial"
)

// The edit forms of the atlas keep what the editor typed as text, so a
// form with errors comes back exactly as sent, each error next to its
// input and all of them listed at the top.

// formErrors are the findings of one form submission, by input id.
type formErrors struct {
	List []formError
	by   map[string]string
}

type formError struct{ Field, Message string }

func (e *formErrors) Add(field, msg string) {
	if e.by == nil {
		e.by = map[string]string{}
	}
	e.List = append(e.List, formError{field, msg})
	if field != "" && e.by[field] == "" {
		e.by[field] = msg
	}
}

func (e *formErrors) For(field string) string {
	if e == nil {
		return ""
	}
	return e.by[field]
}

func (e *formErrors) Any() bool { return e != nil && len(e.List) > 0 }

// addErr files an error of a use case: located findings at their inputs
// (where maps a domain field to an input id), anything else in the list.
func (e *formErrors) addErr(err error, msg string, where func(string) string) {
	problems := quartier.ErrorProblems(err)
	if len(problems) == 0 {
		e.Add("", msg)
		return
	}
	for _, p := range problems {
		e.Add(where(p.Code), p.Message)
	}
}

// invalidAttr marks an input as invalid and ties it to its message.
func invalidAttr(e *formErrors, id string) template.HTMLAttr {
	if e.For(id) == "" {
		return ""
	}
	return template.HTMLAttr(`aria-invalid="true" aria-describedby="` + template.HTMLEscapeString(id) + `-err"`)
}

// fieldError is the message next to an input.
func fieldError(e *formErrors, id string) template.HTML {
	msg := e.For(id)
	if msg == "" {
		return ""
	}
	return template.HTML(`<p class="field-error" id="` + template.HTMLEscapeString(id) + `-err">` + template.HTMLEscapeString(msg) + `</p>`)
}

// entityPath is the URL of an entry: /atlas/angebote/KEY or /atlas/orte/KEY.
func entityPath(k quartier.EntityKind, key string) string {
	if k == quartier.EntityPlace {
		return "/atlas/orte/" + url.PathEscape(key)
	}
	return "/atlas/angebote/" + url.PathEscape(key)
}

// formWeekdays are the days in the order of a German door sign.
func formWeekdays() []time.Weekday {
	return []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}
}

type slotForm struct{ Open, Close string }

type dayForm struct {
	Day   int
	Label string
	Slots []slotForm
}

type exceptionForm struct {
	From, To, Slots, Note string
	Closed                bool
}

type contactForm struct{ Name, Role, Phone, Email, Visibility string }

// offerForm is the offer form as typed.
type offerForm struct {
	Key, Name, Description, Provider    string
	Topics, TargetGroups                []string
	MinAge, MaxAge, Capacity            string
	Languages, Costs                    string
	Status, ValidFrom, ValidTo, Website string
	Days                                []dayForm
	Exceptions                          []exceptionForm
	ClosedOnHolidays                    bool
	HoursNote                           string
	Contacts                            []contactForm
	Places, AddPlaces                   []string // keys: chosen, typed
	Verified                            bool
	Note                                string
	DuplicateChecked                    bool
	NewPlace                            *newPlaceForm // accepting a suggested offer
}

// newPlaceForm is the optional new place of a suggested offer.
type newPlaceForm struct{ Key, Name, Street, HouseNumber, Postcode, City, X, Y string }

func formDate(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format(quartier.DateLayout)
}

func formInt(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}

func slotText(slots []quartier.HoursSlot) string {
	var parts []string
	for _, s := range slots {
		parts = append(parts, quartier.Clock(s.Open)+"-"+quartier.Clock(s.Close))
	}
	return strings.Join(parts, ", ")
}

// offerFormOf fills the form from a stored offer.
func offerFormOf(o *quartier.Offer, placeKeys []string) offerForm {
	f := offerForm{Key: o.Key, Name: o.Name, Description: o.Description, Provider: o.Provider, Topics: o.Topics,
		TargetGroups: o.TargetGroups, MinAge: formInt(o.MinAge), MaxAge: formInt(o.MaxAge), Capacity: formInt(o.Capacity),
		Languages: strings.Join(o.Languages, ", "), Costs: o.Costs, Status: string(o.Status), ValidFrom: formDate(o.ValidFrom),
		ValidTo: formDate(o.ValidTo), Website: o.Website, ClosedOnHolidays: o.Hours.ClosedOnHolidays, HoursNote: o.Hours.Note,
		Places: placeKeys, Verified: true}
	for _, wd := range formWeekdays() {
		d := dayForm{Day: int(wd), Label: quartier.WeekdayName(wd)}
		for _, s := range o.Hours.Weekly {
			if s.Day == wd {
				d.Slots = append(d.Slots, slotForm{quartier.Clock(s.Open), quartier.Clock(s.Close)})
			}
		}
		f.Days = append(f.Days, d)
	}
	for _, e := range o.Hours.Exceptions {
		f.Exceptions = append(f.Exceptions, exceptionForm{From: e.From.Format(quartier.DateLayout), To: e.To.Format(quartier.DateLayout),
			Closed: e.Closed, Slots: slotText(e.Slots), Note: e.Note})
	}
	for _, c := range o.Contacts {
		f.Contacts = append(f.Contacts, contactForm{c.Name, c.Role, c.Phone, c.Email, string(c.Visibility)})
	}
	return f
}

// rows counts the rows of a repeated group that the form sent.
func rows(form url.Values, format string) int {
	n := 0
	for form.Has(fmt.Sprintf(format, n)) {
		n++
	}
	return n
}

// readOfferForm reads the offer form as typed; empty rows are dropped.
func readOfferForm(r *http.Request) offerForm {
	g := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	f := offerForm{Key: g("key"), Name: g("name"), Description: g("description"), Provider: g("provider"), Topics: r.PostForm["topics"],
		TargetGroups: r.PostForm["target_groups"], MinAge: g("min_age"), MaxAge: g("max_age"), Capacity: g("capacity"), Languages: g("languages"), Costs: g("costs"),
		Status: g("status"), ValidFrom: g("valid_from"), ValidTo: g("valid_to"), Website: g("website"),
		ClosedOnHolidays: g("closed_on_holidays") != "", HoursNote: g("hours_note"), Places: r.PostForm["places"],
		Verified: g("verified") != "", Note: g("note"), DuplicateChecked: g("dup_ok") != ""}
	for _, wd := range formWeekdays() {
		d := dayForm{Day: int(wd), Label: quartier.WeekdayName(wd)}
		for j := 0; j < rows(r.PostForm, "h-"+strconv.Itoa(d.Day)+"-%d-open"); j++ {
			s := slotForm{g(fmt.Sprintf("h-%d-%d-open", d.Day, j)), g(fmt.Sprintf("h-%d-%d-close", d.Day, j))}
			if s.Open != "" || s.Close != "" {
				d.Slots = append(d.Slots, s)
			}
		}
		f.Days = append(f.Days, d)
	}
	for i := 0; i < rows(r.PostForm, "ex-%d-from"); i++ {
		at := func(k string) string { return g(fmt.Sprintf("ex-%d-%s", i, k)) }
		e := exceptionForm{From: at("from"), To: at("to"), Closed: at("closed") != "", Slots: at("slots"), Note: at("note")}
		if e.From != "" || e.To != "" || e.Slots != "" || e.Note != "" {
			f.Exceptions = append(f.Exceptions, e)
		}
	}
	for i := 0; i < rows(r.PostForm, "c-%d-name"); i++ {
		at := func(k string) string { return g(fmt.Sprintf("c-%d-%s", i, k)) }
		c := contactForm{at("name"), at("role"), at("phone"), at("email"), at("visibility")}
		if c.Name != "" || c.Role != "" || c.Phone != "" || c.Email != "" {
			f.Contacts = append(f.Contacts, c)
		}
	}
	for i := 0; i < rows(r.PostForm, "place-add-%d"); i++ {
		if k := g(fmt.Sprintf("place-add-%d", i)); k != "" {
			f.AddPlaces = append(f.AddPlaces, k)
		}
	}
	if r.PostForm.Has("np-key") {
		np := newPlaceForm{g("np-key"), g("np-name"), g("np-street"), g("np-house_number"), g("np-postcode"), g("np-city"), g("np-x"), g("np-y")}
		f.NewPlace = &np
	}
	return f
}

// pad adds one empty row to every repeated group, the keyboard user's way
// to a further slot, exception or contact without scripts.
func (f *offerForm) pad() {
	for i := range f.Days {
		f.Days[i].Slots = append(f.Days[i].Slots, slotForm{})
	}
	f.Exceptions = append(f.Exceptions, exceptionForm{})
	f.Contacts = append(f.Contacts, contactForm{})
	f.AddPlaces = append(f.AddPlaces, "")
}

func splitList(s string) []string {
	var out []string
	for _, x := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' }) {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// edit turns the typed form into an offer. Unparseable input is filed in
// errs at its input; where maps domain fields to input ids for the
// findings of the use case.
func (f *offerForm) edit(errs *formErrors) (atlas.OfferEdit, func(string) string) {
	ids := map[string]string{}
	o := quartier.Offer{Key: f.Key, Name: f.Name, Description: f.Description, Provider: f.Provider, Topics: f.Topics,
		TargetGroups: f.TargetGroups, Languages: splitList(strings.ToLower(f.Languages)), Costs: f.Costs,
		Status: quartier.OfferStatus(f.Status), Website: f.Website,
		Hours: quartier.OpeningHours{ClosedOnHolidays: f.ClosedOnHolidays, Note: f.HoursNote}}
	whole := func(id, label, v string) *int {
		if v == "" {
			return nil
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			errs.Add(id, fmt.Sprintf("%s: %q ist keine ganze Zahl.", label, v))
			return nil
		}
		return &n
	}
	o.MinAge, o.MaxAge = whole("min_age", "Alter", f.MinAge), whole("max_age", "Alter", f.MaxAge)
	o.Capacity = whole("capacity", "Plätze", f.Capacity)
	date := func(id, label, v string) *time.Time {
		if v == "" {
			return nil
		}
		t, err := quartier.ParseDate(v)
		if err != nil {
			errs.Add(id, label+": "+quartier.ErrorMessage(err))
			return nil
		}
		return &t
	}
	o.ValidFrom, o.ValidTo = date("valid_from", "Gültig ab", f.ValidFrom), date("valid_to", "Gültig bis", f.ValidTo)
	clock := func(id, label, v string) int {
		m, err := quartier.ParseClock(v)
		if err != nil {
			errs.Add(id, label+": "+quartier.ErrorMessage(err))
		}
		return m
	}
	for _, d := range f.Days {
		for j, s := range d.Slots {
			id := fmt.Sprintf("h-%d-%d-open", d.Day, j)
			label := fmt.Sprintf("%s, Zeitraum %d", d.Label, j+1)
			slot := quartier.HoursSlot{Day: time.Weekday(d.Day), Open: clock(id, label+" von", s.Open), Close: clock(fmt.Sprintf("h-%d-%d-close", d.Day, j), label+" bis", s.Close)}
			ids[fmt.Sprintf("hours.weekly.%d", len(o.Hours.Weekly))] = id
			o.Hours.Weekly = append(o.Hours.Weekly, slot)
		}
	}
	for i, e := range f.Exceptions {
		id := fmt.Sprintf("ex-%d-from", i)
		label := fmt.Sprintf("Ausnahme %d", i+1)
		x := quartier.HoursException{Closed: e.Closed, Note: e.Note}
		if t := date(id, label+" von", e.From); t != nil {
			x.From = *t
		}
		x.To = x.From
		if t := date(fmt.Sprintf("ex-%d-to", i), label+" bis", e.To); t != nil {
			x.To = *t
		}
		for _, part := range splitList(e.Slots) {
			from, to, ok := strings.Cut(strings.ReplaceAll(part, "–", "-"), "-")
			if !ok {
				errs.Add(fmt.Sprintf("ex-%d-slots", i), fmt.Sprintf("%s: %q ist keine Zeitspanne (Form 10:00-12:00).", label, part))
				continue
			}
			slotID := fmt.Sprintf("ex-%d-slots", i)
			x.Slots = append(x.Slots, quartier.HoursSlot{Open: clock(slotID, label, from), Close: clock(slotID, label, to)})
		}
		ids[fmt.Sprintf("hours.exceptions.%d", i)] = id
		o.Hours.Exceptions = append(o.Hours.Exceptions, x)
	}
	for i, c := range f.Contacts {
		for _, k := range []string{"name", "role", "visibility", "email"} {
			ids[fmt.Sprintf("contacts.%d.%s", i, k)] = fmt.Sprintf("c-%d-%s", i, k)
		}
		o.Contacts = append(o.Contacts, quartier.Contact{Name: c.Name, Role: c.Role, Phone: c.Phone, Email: c.Email, Visibility: quartier.Visibility(c.Visibility)})
	}
	ids["hours.note"] = "hours_note"
	keys := append(append([]string{}, f.Places...), f.AddPlaces...)
	e := atlas.OfferEdit{OfferEntry: atlas.OfferEntry{Offer: o, PlaceKeys: keys}, Verified: f.Verified, Note: f.Note}
	return e, func(field string) string {
		if id, ok := ids[field]; ok {
			return id
		}
		return field // key, name, topics, … are input ids as they are
	}
}

// placeForm is the place form as typed.
type placeForm struct {
	Key, Name, Provider, Street, HouseNumber, Postcode, City string
	// Locate: "adresse" (street directory), "koordinate" (X, Y in CRS) or "keine".
	Locate, X, Y, CRS string
	Confidential      bool
	ContactPath       string
	Accessibility     []string
	AccessibilityNote string
	Verified          bool
	Note              string
	DuplicateChecked  bool
	// Blind: a shelter whose address the editor may not see; the address
	// inputs are not shown and the stored address is kept.
	Blind bool
}

func placeFormOf(p *quartier.Place, blind bool) placeForm {
	f := placeForm{Key: p.Key, Name: p.Name, Provider: p.Provider, Street: p.Street, HouseNumber: p.HouseNumber, Postcode: p.Postcode, City: p.City,
		Locate: "keine", Confidential: p.Confidential, ContactPath: p.ContactPath, Accessibility: p.Accessibility,
		AccessibilityNote: p.AccessibilityNote, Verified: true, Blind: blind}
	switch {
	case p.HasPoint():
		f.Locate, f.X, f.Y = "koordinate", strconv.FormatFloat(p.X, 'f', 2, 64), strconv.FormatFloat(p.Y, 'f', 2, 64)
	case p.Street != "":
		f.Locate = "adresse"
	}
	return f
}

func readPlaceForm(r *http.Request) placeForm {
	g := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	return placeForm{Key: g("key"), Name: g("name"), Provider: g("provider"), Street: g("street"), HouseNumber: g("house_number"),
		Postcode: g("postcode"), City: g("city"), Locate: g("locate"), X: g("x"), Y: g("y"), CRS: g("crs"),
		Confidential: g("confidential") != "", ContactPath: g("contact_path"), Accessibility: r.PostForm["accessibility"],
		AccessibilityNote: g("accessibility_note"), Verified: g("verified") != "", Note: g("note"), DuplicateChecked: g("dup_ok") != ""}
}

// place turns the typed form into a place, finding the point in the
// street directory or moving a typed coordinate into the installation's
// CRS.
func (s *Server) place(r *http.Request, f *placeForm, errs *formErrors) quartier.Place {
	p := quartier.Place{Key: f.Key, Name: f.Name, Provider: f.Provider, Street: f.Street, HouseNumber: f.HouseNumber, Postcode: f.Postcode,
		City: f.City, Confidential: f.Confidential, ContactPath: f.ContactPath, Accessibility: f.Accessibility, AccessibilityNote: f.AccessibilityNote}
	if f.Blind {
		return p // the stored address and point are kept
	}
	switch f.Locate {
	case "adresse":
		// "Ort" is the address's place as /zuordnung's ort= is: a district
		// or Bezirk there narrows or refuses, the municipality checks
		// nothing.
		res, err := s.spatial.LookupAddress(r.Context(), spatial.FormAddress(f.Street, f.HouseNumber, f.Postcode, f.City))
		if err != nil {
			errs.Add("street", "Lage: "+s.userMessage(r, err))
			break
		}
		p.X, p.Y = res.X, res.Y
	case "koordinate":
		x, errX := parseNumber(f.X)
		y, errY := parseNumber(f.Y)
		if errX != nil || errY != nil {
			errs.Add("x", "Koordinate: bitte Rechtswert und Hochwert als Zahlen angeben.")
			break
		}
		crs := quartier.SRID(0)
		if f.CRS == "4326" {
			crs = quartier.WGS84
		}
		res, err := s.spatial.LookupPoint(r.Context(), x, y, crs)
		if err != nil {
			errs.Add("x", "Koordinate: "+s.userMessage(r, err))
			break
		}
		p.X, p.Y = res.X, res.Y
	}
	return p
}
