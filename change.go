package quartier

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Change is one entry in the history (Verlauf) of an atlas entry: its state
// before and after as JSON, who, when and why. History is append-only: the
// stores refuse to change or delete it.
type Change struct {
	ID   int64      `json:"id"`
	Kind EntityKind `json:"kind"`
	Key  string     `json:"key"`
	// Before is nil for a created entry; After is the entry as saved.
	Before json.RawMessage `json:"before,omitempty"`
	After  json.RawMessage `json:"after"`
	UserID int64           `json:"user_id,omitempty"`
	Login  string          `json:"login"` // who: the actor's label
	At     time.Time       `json:"at"`
	Why    string          `json:"why"`
	// Suggestion is the accepted suggestion the change applies (0: none).
	Suggestion int64 `json:"suggestion,omitempty"`
}

// Reasons of changes, as shown in the history.
const (
	WhyEdit     = "Bearbeitung"
	WhyVerified = "geprüft"
)

// WhyImport is the reason of a change by an import from source.
func WhyImport(source string) string { return strings.TrimSpace("Import " + source) }

// WhySuggestion is the reason of a change that applies suggestion id.
func WhySuggestion(id int64) string { return fmt.Sprintf("Vorschlag #%d angenommen", id) }

// Validate checks what every history entry must carry.
func (c *Change) Validate() error {
	if _, ok := EntityLabels[c.Kind]; !ok {
		return Errorf(EINVALID, "Verlauf: unbekannte Art des Eintrags %q.", c.Kind)
	}
	if c.Key == "" || c.Login == "" || strings.TrimSpace(c.Why) == "" || c.At.IsZero() {
		return Errorf(EINVALID, "Verlauf: Eintrag, Person, Zeit und Grund sind Pflicht.")
	}
	if !json.Valid(c.After) || c.Before != nil && !json.Valid(c.Before) {
		return Errorf(EINVALID, "Verlauf: der Stand des Eintrags ist kein gültiges JSON.")
	}
	return nil
}

// FieldChange is one field of an entry that a change altered, as shown.
type FieldChange struct {
	Label  string `json:"label"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// Field is one displayed field of an entry.
type Field struct {
	Label string
	Value string
}

// DiffFields lists the fields whose values differ, in the order of after
// (a field missing from before counts as empty).
func DiffFields(before, after []Field) []FieldChange {
	old := make(map[string]string, len(before))
	for _, f := range before {
		old[f.Label] = f.Value
	}
	var out []FieldChange
	for _, f := range after {
		if old[f.Label] != f.Value {
			out = append(out, FieldChange{Label: f.Label, Before: old[f.Label], After: f.Value})
		}
	}
	return out
}

// Names resolves the codes an entry holds into what a person reads in its
// history: topics, providers and places by name, the code beside it.
type Names struct {
	Topics   map[string]Topic
	Provider func(code string) string // the provider's name; "" unknown
	Place    func(key string) string  // the place's name as the reader may see it; "" unknown
}

func (n Names) named(code string, name func(string) string) string {
	if code == "" || name == nil {
		return code
	}
	if s := name(code); s != "" && s != code {
		return s + " (" + code + ")"
	}
	return code
}

// Fields renders a place for the history, one line per field.
func (p *Place) Fields(n Names) []Field {
	point := ""
	if p.HasPoint() {
		point = fmt.Sprintf("%.1f, %.1f", p.X, p.Y)
	}
	access := setLine(p.Accessibility, func(a string) string { return labelOr(AccessibilityTerms[a], a) })
	return []Field{
		{"Name", p.Name}, {"Träger", n.named(p.Provider, n.Provider)}, {"Adresse", p.Address()}, {"Koordinate", point},
		{"Vertraulich", yesNo(p.Confidential)}, {"Kontaktweg", p.ContactPath},
		{"Barrierefreiheit", access}, {"Hinweis zur Barrierefreiheit", p.AccessibilityNote},
		{"Quelle", p.Source}, {"Geprüft am", germanDate(p.VerifiedOn)},
	}
}

// Fields renders an offer for the history; placeKeys names its places.
func (o *Offer) Fields(n Names, placeKeys []string) []Field {
	ts := setLine(o.Topics, func(t string) string { return labelOr(n.Topics[t].Label, t) })
	ages := ""
	if o.MinAge != nil || o.MaxAge != nil {
		ages = optNumber(o.MinAge) + "–" + optNumber(o.MaxAge)
	}
	period := ""
	if o.ValidFrom != nil || o.ValidTo != nil {
		period = optDate(o.ValidFrom) + " bis " + optDate(o.ValidTo)
	}
	var cs []string
	for _, c := range o.Contacts {
		line := strings.Join(nonEmpty(c.Name, c.Role, c.Phone, c.Email), ", ")
		if c.Visibility == VisibleProfessionals {
			line += " (nur Fachkräfte)"
		}
		cs = append(cs, line)
	}
	return []Field{
		{"Name", o.Name}, {"Beschreibung", o.Description}, {"Träger", n.named(o.Provider, n.Provider)}, {"Themen", ts},
		{"Zielgruppen", setLine(o.TargetGroups, TargetGroupLabel)}, {"Alter", ages}, {"Plätze", optNumber(o.Capacity)}, {"Sprachen", setLine(o.Languages, LanguageName)},
		{"Kosten", o.Costs}, {"Status", OfferStatusLabels[o.Status]}, {"Zeitraum", period},
		{"Öffnungszeiten", o.Hours.Describe()}, {"Kontakte", strings.Join(cs, "; ")}, {"Orte", setLine(placeKeys, func(k string) string { return n.named(k, n.Place) })},
		{"Website", o.Website}, {"Quelle", o.Source}, {"Geprüft am", germanDate(o.VerifiedOn)},
	}
}

// Describe renders weekly hours, exceptions, the holiday rule and the note
// in one line, for the history.
func (h *OpeningHours) Describe() string {
	parts := nonEmpty(h.String())
	for _, e := range h.Exceptions {
		s := germanDate(e.From) + "–" + germanDate(e.To) + ": "
		if e.Closed {
			s += "geschlossen"
		} else {
			var slots []string
			for _, x := range e.Slots {
				slots = append(slots, Clock(x.Open)+"–"+Clock(x.Close))
			}
			s += strings.Join(slots, ", ")
		}
		if e.Note != "" {
			s += " (" + e.Note + ")"
		}
		parts = append(parts, s)
	}
	if h.ClosedOnHolidays {
		parts = append(parts, "an Feiertagen geschlossen")
	}
	return strings.Join(append(parts, nonEmpty(h.Note)...), "; ")
}

func labelOr(label, code string) string {
	if label == "" {
		return code
	}
	return label
}

func yesNo(b bool) string {
	if b {
		return "ja"
	}
	return "nein"
}

func optNumber(n *int) string {
	if n == nil {
		return ""
	}
	return fmt.Sprint(*n)
}

func nonEmpty(xs ...string) []string {
	var out []string
	for _, x := range xs {
		if x != "" {
			out = append(out, x)
		}
	}
	return out
}

// ReviewDate is the day a verification made on verifiedOn runs out.
func ReviewDate(verifiedOn time.Time) time.Time { return verifiedOn.AddDate(0, ReviewCycle, 0) }

// Overdue reports whether the place has not been verified within the cycle.
func (p *Place) Overdue(now time.Time) bool { return ReviewDate(p.VerifiedOn).Before(Day(now)) }

// ChangeTx stores the history of atlas entries: append-only (the schema
// refuses UPDATE and DELETE).
type ChangeTx interface {
	// AppendChange stores c as given and sets c.ID.
	AppendChange(ctx context.Context, c *Change) error
	// Changes returns the changes of one entry oldest first, none for an
	// unknown entry.
	Changes(ctx context.Context, kind EntityKind, key string) ([]Change, error)
}

// setLine renders a set (topics, target groups, languages, places) by its
// labels in sorted order: the order a form or an import sends is no
// change, and the history must not record one nobody made.
func setLine(codes []string, label func(string) string) string {
	out := make([]string, 0, len(codes))
	for _, c := range codes {
		out = append(out, label(c))
	}
	slices.Sort(out)
	return strings.Join(slices.Compact(out), ", ")
}
