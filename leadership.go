package quartier

import (
	"context"
	"time"
)

// DuoRole is one of the two leadership roles of a space (Führungs-Duo).
type DuoRole string

const (
	RoleRegionalHead DuoRole = "regional_head" // regionale Leitung des Jugendamts
	RoleCoordinator  DuoRole = "coordinator"   // Sozialraumkoordination des Trägerverbunds
)

// Label is the role's German name.
func (r DuoRole) Label() string {
	if r == RoleRegionalHead {
		return "Regionalleitung Jugendamt"
	}
	return "Sozialraumkoordination"
}

// Leadership is a person holding a duo role in a space for a period.
type Leadership struct {
	ID        int64      `json:"-"`
	Space     SpaceCode  `json:"space"`
	Role      DuoRole    `json:"role"`
	PersonID  int64      `json:"-"`
	Person    Person     `json:"person"`
	ValidFrom time.Time  `json:"valid_from"`
	ValidTo   *time.Time `json:"valid_to,omitempty"`
}

// Validate checks a leadership; each finding names its field
// (Problem.Code).
func (l *Leadership) Validate() error {
	var f fieldErrors
	if l.Role != RoleRegionalHead && l.Role != RoleCoordinator {
		f.add("role", "Unbekannte Leitungsrolle %q.", l.Role)
	}
	switch {
	case l.Space == "":
		f.add("space", "Leitungsrolle braucht Sozialraum, Person und Beginn.")
	case l.PersonID == 0:
		f.add("person", "Leitungsrolle braucht Sozialraum, Person und Beginn.")
	case l.ValidFrom.IsZero():
		f.add("valid_from", "Leitungsrolle braucht Sozialraum, Person und Beginn.")
	}
	if l.ValidTo != nil && !l.ValidTo.After(l.ValidFrom) {
		f.add("valid_to", "Ende der Leitungsrolle liegt nicht nach dem Beginn.")
	}
	return f.err()
}

// DuoRoles are the two roles in the order forms list them.
func DuoRoles() []DuoRole { return []DuoRole{RoleRegionalHead, RoleCoordinator} }

// ValidAt reports whether the role is held on day t.
func (l *Leadership) ValidAt(t time.Time) bool {
	return inPeriod(t, l.ValidFrom, l.ValidTo)
}

// LeadershipTx stores people and the leadership duo of a space ("" = all),
// ordered by ValidFrom.
type LeadershipTx interface {
	CreatePerson(ctx context.Context, p *Person) error
	CreateLeadership(ctx context.Context, l *Leadership) error
	EndLeadership(ctx context.Context, id int64, validTo time.Time) error
	Leaderships(ctx context.Context, space SpaceCode) ([]Leadership, error) // Person filled
}
