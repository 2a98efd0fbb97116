package quartier

import (
	"context"
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
	Space     SpaceCode        `json:"-"`
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

// Validate checks a suggestion as submitted (status open); findings are
// located at their fields ("proposed.name", "address", "message", …).
func (s *Suggestion) Validate() error {
	var f fieldErrors
	switch s.Kind {
	case SuggestNew:
		if strings.TrimSpace(s.Proposed.Name) == "" {
			f.add("proposed.name", "Name des Angebots: bitte angeben, wie das Angebot heißt.")
		}
		if s.EntityKind != "" || s.EntityKey != "" {
			f.add("entity", "Ein neues Angebot bezieht sich auf keinen vorhandenen Eintrag.")
		}
		if strings.TrimSpace(s.Street) == "" && strings.TrimSpace(s.City) == "" && !s.HasPoint() {
			f.add("address", "Adresse: bitte angeben, wo das Angebot stattfindet (Straße oder Ort).")
		}
	case SuggestCorrection, SuggestProblem:
		if _, ok := EntityLabels[s.EntityKind]; !ok || !validCode(s.EntityKey) {
			f.add("entity", "Der Vorschlag nennt keinen gültigen Eintrag des Atlas.")
		}
		if strings.TrimSpace(s.Message) == "" {
			f.add("message", "Nachricht: bitte beschreiben, was nicht stimmt.")
		}
	default:
		f.add("kind", "Unbekannte Art des Vorschlags %q.", s.Kind)
	}
	for _, t := range []struct{ field, label, v string }{
		{"message", "Nachricht", s.Message}, {"proposed.description", "Beschreibung", s.Proposed.Description},
	} {
		if utf8.RuneCountInString(t.v) > SuggestionTextMax {
			f.add(t.field, "%s: höchstens %d Zeichen.", t.label, SuggestionTextMax)
		}
	}
	for _, t := range []struct{ field, label, v string }{
		{"proposed.name", "Name des Angebots", s.Proposed.Name}, {"proposed.organisation", "Träger", s.Proposed.Organisation},
		{"proposed.website", "Website", s.Proposed.Website}, {"proposed.hours", "Öffnungszeiten", s.Proposed.Hours},
		{"street", "Straße", s.Street}, {"house_number", "Hausnummer", s.HouseNumber}, {"postcode", "PLZ", s.Postcode},
		{"city", "Ort", s.City}, {"submitter_name", "Ihr Name", s.SubmitterName}, {"submitter_email", "Ihre E-Mail-Adresse", s.SubmitterEmail},
	} {
		if utf8.RuneCountInString(t.v) > SuggestionFieldMax {
			f.add(t.field, "%s: höchstens %d Zeichen.", t.label, SuggestionFieldMax)
		}
	}
	if s.SubmitterEmail != "" {
		if _, err := mail.ParseAddress(s.SubmitterEmail); err != nil {
			f.add("submitter_email", "Ihre E-Mail-Adresse: %q ist keine gültige Adresse.", s.SubmitterEmail)
		}
	}
	return f.err()
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

// SuggestionTx stores the suggestions of visitors (the review queue),
// ordered by ID.
type SuggestionTx interface {
	// CreateSuggestion stores s as given (status open) and sets ID and
	// CreatedAt.
	CreateSuggestion(ctx context.Context, s *Suggestion) error
	// DecideSuggestion moves an open suggestion to accepted or rejected,
	// recording who, when and why; it returns ENOTFOUND for an unknown id
	// and ECONFLICT for one that is already decided, so two editors cannot
	// both decide it.
	DecideSuggestion(ctx context.Context, id int64, status SuggestionStatus, by string, at time.Time, reason string) error
	Suggestion(ctx context.Context, id int64) (*Suggestion, error)
	Suggestions(ctx context.Context, f SuggestionFilter) ([]Suggestion, error)
	// EraseSubmitters blanks the submitter's name and e-mail of every
	// suggestion decided before t and returns how many it changed.
	EraseSubmitters(ctx context.Context, decidedBefore time.Time) (int64, error)
}
