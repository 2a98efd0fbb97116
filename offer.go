package quartier

import (
	"context"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"
)

// The atlas of local offers: places (HSDS location), offers (HSDS service)
// run by providers (HSDS organization) at places (HSDS
// service_at_location), with contacts, opening hours and topics.

// Place (Ort, Standort, Einrichtung) is where offers happen. Its block and
// space come from the lookup of its point and are recomputed when areas
// change, never typed in.
type Place struct {
	ID          int64  `json:"id"`
	Key         string `json:"key"` // stable external key, e.g. "kita-03012345"
	Name        string `json:"name"`
	ProviderID  int64  `json:"-"`
	Provider    string `json:"provider,omitempty"` // provider code
	Street      string `json:"street,omitempty"`
	HouseNumber string `json:"house_number,omitempty"`
	Postcode    string `json:"postcode,omitempty"`
	City        string `json:"city,omitempty"`
	// X, Y are projected coordinates in the installation's CRS; zero when
	// the place has no point (then it has no block or space either).
	X, Y  float64   `json:"-"`
	Block string    `json:"block,omitempty"`
	Space SpaceCode `json:"space,omitempty"`
	// Confidential places (women's shelters, emergency placements) never
	// show address, point, block or space to anyone without
	// PermReadConfidential; ContactPath says how to reach them instead.
	Confidential      bool      `json:"confidential,omitempty"`
	ContactPath       string    `json:"contact_path,omitempty"`
	Accessibility     []string  `json:"accessibility,omitempty"` // AccessibilityTerms codes
	AccessibilityNote string    `json:"accessibility_note,omitempty"`
	Source            string    `json:"source,omitempty"` // attribution of imported data
	VerifiedOn        time.Time `json:"verified_on"`
	UpdatedAt         time.Time `json:"updated_at"`
}

// HasPoint reports whether the place has coordinates.
func (p *Place) HasPoint() bool { return p.X != 0 || p.Y != 0 }

// Address renders street, number, postcode and city in German order.
func (p *Place) Address() string {
	line := strings.TrimSpace(p.Street + " " + p.HouseNumber)
	town := strings.TrimSpace(p.Postcode + " " + p.City)
	switch {
	case line == "":
		return town
	case town == "":
		return line
	}
	return line + ", " + town
}

// Redacted is the place as someone without need may see it: no address, no
// point, no block, no space (a space of a few blocks locates a shelter
// well enough), only the contact path.
func (p Place) Redacted() Place {
	if !p.Confidential {
		return p
	}
	p.Street, p.HouseNumber, p.Postcode = "", "", ""
	p.X, p.Y, p.Block, p.Space = 0, 0, "", ""
	p.AccessibilityNote = ""
	if p.ContactPath == "" {
		p.ContactPath = "Kontakt nur über die angegebenen Ansprechpersonen."
	}
	return p
}

func (p *Place) Validate() error {
	var f fieldErrors
	if !validCode(p.Key) {
		f.add("key", "Schlüssel des Orts %q ist ungültig (a–z, 0–9, - und _, höchstens 40 Zeichen).", p.Key)
	}
	if strings.TrimSpace(p.Name) == "" {
		f.add("name", "Der Ort %s braucht einen Namen.", p.Key)
	}
	if p.Confidential && strings.TrimSpace(p.ContactPath) == "" {
		f.add("contact_path", "Der vertrauliche Ort %s braucht einen Kontaktweg (z. B. eine Hotline), weil seine Adresse nicht gezeigt wird.", p.Key)
	}
	// Key and name are shown of a confidential place: not its address.
	if part := p.AddressIn(p.Key); part != "" {
		f.add("key", "Der Schlüssel des vertraulichen Orts %s enthält seine Adresse („%s“): bitte einen Schlüssel ohne Adressteile wählen, er wird öffentlich gezeigt.", p.Key, part)
	}
	if part := p.AddressIn(p.Name); part != "" {
		f.add("name", "Der Name des vertraulichen Orts %s enthält seine Adresse („%s“): der Name wird öffentlich gezeigt.", p.Key, part)
	}
	for _, a := range p.Accessibility {
		if _, ok := AccessibilityTerms[a]; !ok {
			f.add("accessibility", "Ort %s: unbekanntes Merkmal der Barrierefreiheit %q.", p.Key, a)
		}
	}
	return f.err()
}

// OfferStatus is whether people can use an offer now.
type OfferStatus string

const (
	OfferActive OfferStatus = "active" // läuft
	OfferPaused OfferStatus = "paused" // vorübergehend geschlossen
	OfferEnded  OfferStatus = "ended"  // beendet: hidden from search, kept
)

var OfferStatusLabels = map[OfferStatus]string{OfferActive: "läuft", OfferPaused: "vorübergehend geschlossen", OfferEnded: "beendet"}

// Visibility of a contact person.
type Visibility string

const (
	VisiblePublic        Visibility = "public"        // everyone
	VisibleProfessionals Visibility = "professionals" // signed-in staff only
)

var VisibilityLabels = map[Visibility]string{VisiblePublic: "alle (öffentlich)", VisibleProfessionals: "nur für Fachkräfte"}

// Contact is a person or desk to call about an offer.
type Contact struct {
	Name       string     `json:"name"`
	Role       string     `json:"role,omitempty"` // "Sozialraumkoordination"
	Phone      string     `json:"phone,omitempty"`
	Email      string     `json:"email,omitempty"`
	Visibility Visibility `json:"visibility"`
}

// Offer (Angebot) is something people can use: counselling, a youth club,
// a parents' café, a football group.
type Offer struct {
	ID           int64    `json:"id"`
	Key          string   `json:"key"`
	Name         string   `json:"name"`
	Description  string   `json:"description,omitempty"`
	ProviderID   int64    `json:"-"`
	Provider     string   `json:"provider,omitempty"` // provider code
	Topics       []string `json:"topics"`             // Topic codes
	TargetGroups []string `json:"target_groups,omitempty"`
	MinAge       *int     `json:"min_age,omitempty"`
	MaxAge       *int     `json:"max_age,omitempty"`
	// Capacity is the number of places where the offer states one (a
	// Kita's approved places); nil when unknown.
	Capacity   *int         `json:"capacity,omitempty"`
	Languages  []string     `json:"languages,omitempty"` // ISO 639-1: de, tr, ar, …
	Costs      string       `json:"costs,omitempty"`     // "kostenfrei", "5 € je Termin"
	Status     OfferStatus  `json:"status"`
	ValidFrom  *time.Time   `json:"valid_from,omitempty"` // time-boxed offers and events
	ValidTo    *time.Time   `json:"valid_to,omitempty"`   // exclusive
	Places     []int64      `json:"places"`               // where it happens (service_at_location)
	Hours      OpeningHours `json:"hours"`
	Contacts   []Contact    `json:"contacts,omitempty"`
	Website    string       `json:"website,omitempty"`
	Source     string       `json:"source,omitempty"`
	VerifiedOn time.Time    `json:"verified_on"`
	UpdatedAt  time.Time    `json:"updated_at"`
}

// ReviewCycle is how long a verification holds; older entries are marked
// overdue and ranked lower.
const ReviewCycle = 6 // months

// Overdue reports whether the offer has not been verified within the cycle.
func (o *Offer) Overdue(now time.Time) bool {
	return ReviewDate(o.VerifiedOn).Before(Day(now))
}

// Current reports whether the offer can be used on day t: not ended and
// within its period.
func (o *Offer) Current(t time.Time) bool {
	if o.Status == OfferEnded {
		return false
	}
	from := time.Time{}
	if o.ValidFrom != nil {
		from = *o.ValidFrom
	}
	return inPeriod(Day(t), from, o.ValidTo)
}

// ForAge reports whether someone of age years is within the offer's range.
func (o *Offer) ForAge(age int) bool {
	return (o.MinAge == nil || age >= *o.MinAge) && (o.MaxAge == nil || age <= *o.MaxAge)
}

// PublicContacts drops the contacts only professionals may see.
func (o Offer) PublicContacts() Offer {
	var cs []Contact
	for _, c := range o.Contacts {
		if c.Visibility == VisiblePublic {
			cs = append(cs, c)
		}
	}
	o.Contacts = cs
	return o
}

func (o *Offer) Validate(topics map[string]Topic) error {
	var f fieldErrors
	if !validCode(o.Key) {
		f.add("key", "Schlüssel des Angebots %q ist ungültig (a–z, 0–9, - und _, höchstens 40 Zeichen).", o.Key)
	}
	if strings.TrimSpace(o.Name) == "" {
		f.add("name", "Das Angebot %s braucht einen Namen.", o.Key)
	}
	if _, ok := OfferStatusLabels[o.Status]; !ok {
		f.add("status", "Angebot %s: unbekannter Status %q.", o.Key, o.Status)
	}
	if len(o.Topics) == 0 {
		f.add("topics", "Das Angebot %s braucht mindestens ein Thema.", o.Key)
	}
	for _, t := range o.Topics {
		if _, ok := topics[t]; !ok {
			f.add("topics", "Angebot %s: unbekanntes Thema %q.", o.Key, t)
		}
	}
	for _, age := range []struct {
		field string
		n     *int
	}{{"min_age", o.MinAge}, {"max_age", o.MaxAge}} {
		if age.n != nil && (*age.n < 0 || *age.n > 120) {
			f.add(age.field, "Angebot %s: Alter muss zwischen 0 und 120 liegen.", o.Key)
		}
	}
	if o.Capacity != nil && (*o.Capacity < 0 || *o.Capacity > MaxCapacity) {
		f.add("capacity", "Angebot %s: Plätze müssen zwischen 0 und 100.000 liegen.", o.Key)
	}
	if o.MinAge != nil && o.MaxAge != nil && *o.MinAge > *o.MaxAge {
		f.add("max_age", "Angebot %s: Mindestalter %d liegt über dem Höchstalter %d.", o.Key, *o.MinAge, *o.MaxAge)
	}
	if o.ValidFrom != nil && o.ValidTo != nil && !o.ValidTo.After(*o.ValidFrom) {
		f.add("valid_to", "Angebot %s: der Zeitraum endet nicht nach seinem Beginn.", o.Key)
	}
	for _, g := range o.TargetGroups {
		if _, ok := TargetGroups[g]; !ok {
			return Errorf(EINVALID, "Angebot %s: unbekannte Zielgruppe %q.", o.Key, g)
		}
	}
	for _, l := range o.Languages {
		if len(l) != 2 || strings.ToLower(l) != l {
			f.add("languages", "Angebot %s: Sprache %q ist kein Code nach ISO 639-1 (z. B. de, tr, ar).", o.Key, l)
		}
	}
	for i, c := range o.Contacts {
		at := fmt.Sprintf("contacts.%d.", i)
		if strings.TrimSpace(c.Name) == "" {
			f.add(at+"name", "Angebot %s: Kontakt %d braucht einen Namen.", o.Key, i+1)
		}
		if c.Visibility != VisiblePublic && c.Visibility != VisibleProfessionals {
			f.add(at+"visibility", "Angebot %s: Kontakt %s hat keine gültige Sichtbarkeit.", o.Key, c.Name)
		}
		if c.Email != "" {
			if _, err := mail.ParseAddress(c.Email); err != nil {
				f.add(at+"email", "Angebot %s: E-Mail-Adresse %q von %s ist ungültig.", o.Key, c.Email, c.Name)
			}
		}
	}
	if err := o.Hours.Validate(); err != nil {
		for _, p := range ErrorProblems(err) {
			f.add(p.Code, "Angebot %s: %s", o.Key, p.Message)
		}
	}
	return f.err()
}

// fieldErrors collects the findings of a validation, each located at a
// field ("name", "contacts.0.email", "hours.weekly.2"). The error carries
// the first as its message and all of them as problems, so a form can put
// each next to its field while every other caller sees the first.
type fieldErrors []Problem

func (f *fieldErrors) add(field, format string, args ...any) {
	*f = append(*f, Problem{Severity: SeverityError, Kind: ProblemValue, Feature: -1, Code: field, Message: fmt.Sprintf(format, args...)})
}

func (f fieldErrors) err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: f[0].Message, Problems: f}
}

// NewFieldError is an EINVALID error located at one field of a form, for
// use cases that check a single input.
func NewFieldError(field, format string, args ...any) error {
	var f fieldErrors
	f.add(field, format, args...)
	return f.err()
}

// Topic is a term of the atlas taxonomy; Parent groups terms.
type Topic struct {
	Code   string `json:"code"`
	Label  string `json:"label"`
	Parent string `json:"parent,omitempty"`
}

// DefaultTopics is the shipped taxonomy for youth and family offers;
// installations edit it. A function, so that no caller can change what the
// next one gets.
func DefaultTopics() []Topic { return slices.Clone(defaultTopics) }

var defaultTopics = []Topic{
	{"beratung", "Beratung", ""},
	{"erziehungsberatung", "Erziehungs- und Familienberatung", "beratung"},
	{"schwangerschaftsberatung", "Schwangerschafts- und Konfliktberatung", "beratung"},
	{"suchtberatung", "Suchtberatung", "beratung"},
	{"jugendberatung", "Jugendberatung", "beratung"},
	{"offene-jugendarbeit", "Offene Kinder- und Jugendarbeit", ""},
	{"jugendfreizeit", "Jugendfreizeiteinrichtung", "offene-jugendarbeit"},
	{"abenteuerspielplatz", "Abenteuerspielplatz, Kinderbauernhof", "offene-jugendarbeit"},
	{"familienbildung", "Familienbildung", ""},
	{"elterncafe", "Elterncafé, Familientreff", "familienbildung"},
	{"fruehe-hilfen", "Frühe Hilfen", "familienbildung"},
	{"schulsozialarbeit", "Schulsozialarbeit", ""},
	{"kindertagesbetreuung", "Kindertagesbetreuung", ""},
	{"kita", "Kita", "kindertagesbetreuung"},
	{"tagespflege", "Kindertagespflege", "kindertagesbetreuung"},
	{"sport", "Sport und Bewegung", ""},
	{"kultur", "Kultur, Musik, Medien", ""},
	{"bildung", "Lernen, Hausaufgabenhilfe, Sprache", ""},
	{"ambulante-hilfen", "Ambulante Hilfen zur Erziehung", ""},
	{"schutz", "Schutz und Krisenhilfe", ""},
	{"gesundheit", "Gesundheit", ""},
	{"migration", "Migration und Teilhabe", ""},
}

// AccessibilityTerms is the vocabulary for places (with German labels).
var AccessibilityTerms = map[string]string{
	"stufenlos":         "stufenloser Zugang",
	"aufzug":            "Aufzug",
	"rollstuhl-wc":      "rollstuhlgerechtes WC",
	"induktion":         "Induktionsschleife",
	"leichte-sprache":   "Informationen in Leichter Sprache",
	"gebaerdensprache":  "Gebärdensprache nach Absprache",
	"blindenleitsystem": "Blindenleitsystem",
	"parkplatz":         "Behindertenparkplatz",
}

// TargetGroups is the vocabulary of whom an offer is meant for (with
// German labels). It is fixed, unlike the topics, so that a filter "für
// Mädchen" finds the same offers in every installation and in exports; ages
// are kept separately (Offer.MinAge, MaxAge) because a group such as
// "kinder" means different ranges to a Kita and to a sports club.
var TargetGroups = map[string]string{
	"kinder":           "Kinder",
	"jugendliche":      "Jugendliche",
	"junge-erwachsene": "junge Erwachsene",
	"eltern":           "Eltern",
	"familien":         "Familien",
	"alleinerziehende": "Alleinerziehende",
	"schwangere":       "Schwangere und werdende Eltern",
	"maedchen":         "Mädchen und junge Frauen",
	"jungen":           "Jungen und junge Männer",
	"queer":            "queere junge Menschen",
	"gefluechtete":     "Geflüchtete",
	"behinderung":      "Kinder und Jugendliche mit Behinderung",
	"fachkraefte":      "Fachkräfte",
}

// TargetGroupLabel names a target group, or returns the code itself.
func TargetGroupLabel(code string) string {
	if l, ok := TargetGroups[code]; ok {
		return l
	}
	return code
}

// TopicIndex maps codes to topics.
func TopicIndex(ts []Topic) map[string]Topic {
	m := make(map[string]Topic, len(ts))
	for _, t := range ts {
		m[t.Code] = t
	}
	return m
}

// AtlasTx stores the atlas. Topics ordered as saved; places and offers by
// ID. Saving an offer replaces its places. SetPlaceAreas stores a new
// lookup result.
type AtlasTx interface {
	SaveTopics(ctx context.Context, ts []Topic) error // replaces the taxonomy
	Topics(ctx context.Context) ([]Topic, error)
	CreatePlace(ctx context.Context, p *Place) error // sets p.ID
	UpdatePlace(ctx context.Context, p *Place) error
	SetPlaceAreas(ctx context.Context, id int64, block string, space SpaceCode) error
	Places(ctx context.Context) ([]Place, error)
	CreateOffer(ctx context.Context, o *Offer) error // sets o.ID
	UpdateOffer(ctx context.Context, o *Offer) error
	Offers(ctx context.Context) ([]Offer, error) // Provider code and Places filled
	// The change feed: every offer and place written carries the atlas
	// generation of its write (the one the transaction commits, or a
	// later one). AtlasChanges counts the offers and places written after
	// generation after, each once; ChangedOffers and ChangedPlaces read
	// them as Offers and Places do. PruneAtlasChanges forgets what was
	// written up to generation upTo.
	AtlasChanges(ctx context.Context, after int64) (int, error)
	ChangedOffers(ctx context.Context, after int64) ([]Offer, error)
	ChangedPlaces(ctx context.Context, after int64) ([]Place, error)
	PruneAtlasChanges(ctx context.Context, upTo int64) error
	// A few entries by key or ID, read as Places and Offers do (an edit
	// reads what it touches, a result page its offers); unknown ones are
	// left out.
	PlacesByKey(ctx context.Context, keys []string) ([]Place, error)
	PlacesByID(ctx context.Context, ids []int64) ([]Place, error)
	OffersByKey(ctx context.Context, keys []string) ([]Offer, error)
	OffersByID(ctx context.Context, ids []int64) ([]Offer, error)
}

// MaxCapacity bounds the places an offer may state (Offer.Capacity).
const MaxCapacity = 100000
