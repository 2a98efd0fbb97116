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

func (l *Leadership) Validate() error {
	if l.Role != RoleRegionalHead && l.Role != RoleCoordinator {
		return Errorf(EINVALID, "Unbekannte Leitungsrolle %q.", l.Role)
	}
	if l.Space == "" || l.PersonID == 0 || l.ValidFrom.IsZero() {
		return Errorf(EINVALID, "Leitungsrolle braucht Sozialraum, Person und Beginn.")
	}
	if l.ValidTo != nil && !l.ValidTo.After(l.ValidFrom) {
		return Errorf(EINVALID, "Ende der Leitungsrolle liegt nicht nach dem Beginn.")
	}
	return nil
}

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
