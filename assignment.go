package quartier

import (
	"context"
	"time"
)

// Assignment (Zuständigkeit) says that a provider or an alliance works in a
// space for a period. Periods are half-open [ValidFrom, ValidTo); history is
// kept by ending an assignment, never by overwriting it.
type Assignment struct {
	ID         int64      `json:"-"`
	Space      SpaceCode  `json:"space"`
	ProviderID int64      `json:"-"` // exactly one of ProviderID, AllianceID
	AllianceID int64      `json:"-"`
	Assignee   string     `json:"assignee"` // provider or alliance code, for display
	ValidFrom  time.Time  `json:"valid_from"`
	ValidTo    *time.Time `json:"valid_to,omitempty"`
	Note       string     `json:"note,omitempty"`
}

// Validate checks an assignment; each finding names its field
// (Problem.Code).
func (a *Assignment) Validate() error {
	var f fieldErrors
	if a.Space == "" {
		f.add("space", "Die Zuständigkeit braucht einen Sozialraum.")
	}
	if (a.ProviderID == 0) == (a.AllianceID == 0) {
		f.add("assignee", "Zuständig ist genau ein Träger oder ein Trägerverbund (Sozialraum %s).", a.Space)
	}
	if a.ValidFrom.IsZero() {
		f.add("valid_from", "Die Zuständigkeit in %s braucht ein Anfangsdatum.", a.Space)
	} else if a.ValidTo != nil && !a.ValidTo.After(a.ValidFrom) {
		f.add("valid_to", "Ende (%s) liegt nicht nach dem Beginn (%s) in %s.",
			a.ValidTo.Format(GermanDateLayout), a.ValidFrom.Format(GermanDateLayout), a.Space)
	}
	return f.err()
}

// ValidAt reports whether the assignment is in force on day t.
func (a *Assignment) ValidAt(t time.Time) bool {
	return inPeriod(t, a.ValidFrom, a.ValidTo)
}

// Overlaps reports whether two periods share a day.
func (a *Assignment) Overlaps(b *Assignment) bool {
	return periodsOverlap(a.ValidFrom, a.ValidTo, b.ValidFrom, b.ValidTo)
}

// AssignmentTx stores assignments: all of a space (history), ordered by
// ValidFrom; "" = all spaces.
type AssignmentTx interface {
	CreateAssignment(ctx context.Context, a *Assignment) error
	EndAssignment(ctx context.Context, id int64, validTo time.Time) error
	Assignments(ctx context.Context, space SpaceCode) ([]Assignment, error) // Assignee filled
}
