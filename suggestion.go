package quartier

import (
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// Keeping the atlas true: visitors suggest new offers, corrections and
// problems; editors of the space accept or reject them; every change of an
// entry is kept as history (change.go).

// SuggestionKind is what a visitor suggests.
type SuggestionKind string

const (
	SuggestNew        SuggestionKind = "new"        // neues Angebot
	SuggestCorrection SuggestionKind = "correction" // Korrektur eines Eintrags
	SuggestProblem    SuggestionKind = "problem"    // Problem melden
)

var SuggestionKindLabels = map[SuggestionKind]string{
	SuggestNew: "Neues Angebot", SuggestCorrection: "Korrektur", SuggestProblem: "Problem gemeldet",
}

// SuggestionStatus is where a suggestion stands in the review queue.
type SuggestionStatus string

const (
	SuggestionOpen     SuggestionStatus = "open"
	SuggestionAccepted SuggestionStatus = "accepted"
	SuggestionRejected SuggestionStatus = "rejected"
)

var SuggestionStatusLabels = map[SuggestionStatus]string{
	SuggestionOpen: "offen", SuggestionAccepted: "angenommen", SuggestionRejected: "abgelehnt",
}

// EntityKind names the kind of atlas entry a suggestion or change is about.
type EntityKind string

const (
	EntityOffer EntityKind = "offer"
	EntityPlace EntityKind = "place"
)

var EntityLabels = map[EntityKind]string{EntityOffer: "Angebot", EntityPlace: "Ort"}

// ProposedOffer is a visitor's description of a new offer, in their words;
// an editor turns it into an Offer.
type ProposedOffer struct {
	Name         string `json:"name"`
	Description  string `json:"description,omitempty"`
	Organisation string `json:"organisation,omitempty"` // who runs it, as the visitor knows it
	Website      string `json:"website,omitempty"`
	Hours        string `json:"hours,omitempty"` // "dienstags 16–18 Uhr"
}

// Suggestion (Vorschlag) is a visitor's new offer, correction or problem
// report. It belongs to the space of the entry it concerns or, for a new
// offer, of the given address or point; visitors never choose the space.
type Suggestion struct {
	ID   int64          `json:"id"`
	Kind SuggestionKind `json:"kind"`
	// EntityKind and EntityKey name the entry of a correction or problem.
	EntityKind EntityKind    `json:"entity_kind,omitempty"`
	EntityKey  string        `json:"entity_key,omitempty"`
	Proposed   ProposedOffer `json:"proposed"` // new offers only
	// Where a new offer happens: address and/or point (installation CRS).
	Street      string  `json:"street,omitempty"`
	HouseNumber string  `json:"house_number,omitempty"`
	Postcode    string  `json:"postcode,omitempty"`
	City        string  `json:"city,omitempty"`
	X, Y        float64 `json:"-"`
	Message     string  `json:"message,omitempty"`
	// SubmitterName and SubmitterEmail are personal data, given
	// voluntarily for questions back: shown to the editors of the space
	// only, never published.
	SubmitterName  string `json:"-"`
	SubmitterEmail string `json:"-"`
	// Space is derived at submission ("" when the place lies in none);
	// suggestions without a space go to editors of all spaces.
	Space     string           `json:"-"`
	Status    SuggestionStatus `json:"status"`
	DecidedBy string           `json:"-"` // login of the editor
	DecidedAt time.Time        `json:"-"`
	Reason    string           `json:"-"`
	CreatedAt time.Time        `json:"created_at"`
}

// Size limits of a suggestion: enough for a paragraph, too little to store
// documents in the queue.
const (
	SuggestionTextMax  = 4000 // characters of the free text
	SuggestionFieldMax = 200  // characters of every other field
)

// HasPoint reports whether the suggestion carries coordinates.
func (s *Suggestion) HasPoint() bool { return s.X != 0 || s.Y != 0 }

// Address renders the suggested address in German order.
func (s *Suggestion) Address() string {
	p := Place{Street: s.Street, HouseNumber: s.HouseNumber, Postcode: s.Postcode, City: s.City}
	return p.Address()
}

// Validate checks a suggestion as submitted (status open).
func (s *Suggestion) Validate() error {
	switch s.Kind {
	case SuggestNew:
		if strings.TrimSpace(s.Proposed.Name) == "" {
			return Errorf(EINVALID, "Name des Angebots: bitte angeben, wie das Angebot heißt.")
		}
		if s.EntityKind != "" || s.EntityKey != "" {
			return Errorf(EINVALID, "Ein neues Angebot bezieht sich auf keinen vorhandenen Eintrag.")
		}
		if strings.TrimSpace(s.Street) == "" && strings.TrimSpace(s.City) == "" && !s.HasPoint() {
			return Errorf(EINVALID, "Adresse: bitte angeben, wo das Angebot stattfindet (Straße oder Ort).")
		}
	case SuggestCorrection, SuggestProblem:
		if _, ok := EntityLabels[s.EntityKind]; !ok || !validCode(s.EntityKey) {
			return Errorf(EINVALID, "Der Vorschlag nennt keinen gültigen Eintrag des Atlas.")
		}
		if strings.TrimSpace(s.Message) == "" {
			return Errorf(EINVALID, "Nachricht: bitte beschreiben, was nicht stimmt.")
		}
	default:
		return Errorf(EINVALID, "Unbekannte Art des Vorschlags %q.", s.Kind)
	}
	if utf8.RuneCountInString(s.Message) > SuggestionTextMax || utf8.RuneCountInString(s.Proposed.Description) > SuggestionTextMax {
		return Errorf(EINVALID, "Nachricht: höchstens %d Zeichen.", SuggestionTextMax)
	}
	for label, v := range map[string]string{
		"Name des Angebots": s.Proposed.Name, "Träger": s.Proposed.Organisation, "Website": s.Proposed.Website,
		"Öffnungszeiten": s.Proposed.Hours, "Straße": s.Street, "Hausnummer": s.HouseNumber, "PLZ": s.Postcode,
		"Ort": s.City, "Ihr Name": s.SubmitterName, "Ihre E-Mail-Adresse": s.SubmitterEmail,
	} {
		if utf8.RuneCountInString(v) > SuggestionFieldMax {
			return Errorf(EINVALID, "%s: höchstens %d Zeichen.", label, SuggestionFieldMax)
		}
	}
	if s.SubmitterEmail != "" {
		if _, err := mail.ParseAddress(s.SubmitterEmail); err != nil {
			return Errorf(EINVALID, "Ihre E-Mail-Adresse: %q ist keine gültige Adresse.", s.SubmitterEmail)
		}
	}
	return nil
}

// Anonymised is the suggestion without the submitter's personal data.
func (s Suggestion) Anonymised() Suggestion {
	s.SubmitterName, s.SubmitterEmail = "", ""
	return s
}

// SuggestionFilter selects suggestions; zero fields match all.
type SuggestionFilter struct {
	Status     SuggestionStatus
	EntityKind EntityKind
	EntityKey  string
}
