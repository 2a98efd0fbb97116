package quartier

import (
	"time"

	"github.com/paulmach/orb"
)

// ProviderKind distinguishes the public office from independent providers.
type ProviderKind string

const (
	ProviderPublic      ProviderKind = "public"      // öffentlicher Träger (Jugendamt/Familienamt)
	ProviderIndependent ProviderKind = "independent" // freier Träger
)

// Provider (Träger) is an organisation that delivers help.
type Provider struct {
	ID        int64        `json:"-"`
	Code      string       `json:"code"` // stable key, e.g. "awo-mwt"
	Name      string       `json:"name"`
	ShortName string       `json:"short_name,omitempty"`
	Kind      ProviderKind `json:"kind"`
	Website   string       `json:"website,omitempty"`
}

func (p *Provider) Validate() error {
	if !validCode(p.Code) {
		return Errorf(EINVALID, "Träger-Code %q ist ungültig.", p.Code)
	}
	if p.Name == "" {
		return Errorf(EINVALID, "Der Träger %s braucht einen Namen.", p.Code)
	}
	if p.Kind != ProviderPublic && p.Kind != ProviderIndependent {
		return Errorf(EINVALID, "Unbekannte Trägerart %q.", p.Kind)
	}
	return nil
}

// Alliance (Trägerverbund) is the providers of a space working as one.
type Alliance struct {
	ID      int64            `json:"-"`
	Code    string           `json:"code"`
	Name    string           `json:"name"`
	Members []AllianceMember `json:"members"`
}

// AllianceMember is a provider in an alliance; exactly one member leads.
type AllianceMember struct {
	ProviderID int64  `json:"-"`
	Provider   string `json:"provider"` // provider code
	Lead       bool   `json:"lead"`
}

func (a *Alliance) Validate() error {
	if !validCode(a.Code) {
		return Errorf(EINVALID, "Verbund-Code %q ist ungültig.", a.Code)
	}
	if a.Name == "" {
		return Errorf(EINVALID, "Der Trägerverbund %s braucht einen Namen.", a.Code)
	}
	if len(a.Members) < 2 {
		return Errorf(EINVALID, "Ein Trägerverbund hat mindestens zwei Mitglieder (%s).", a.Code)
	}
	leads, seen := 0, map[int64]bool{}
	for _, m := range a.Members {
		if seen[m.ProviderID] {
			return Errorf(EINVALID, "Träger %s ist doppelt im Verbund %s.", m.Provider, a.Code)
		}
		seen[m.ProviderID] = true
		if m.Lead {
			leads++
		}
	}
	if leads != 1 {
		return Errorf(EINVALID, "Der Verbund %s braucht genau ein federführendes Mitglied (hat %d).", a.Code, leads)
	}
	return nil
}

// Assignment (Zuständigkeit) says that a provider or an alliance works in a
// space for a period. Periods are half-open [ValidFrom, ValidTo); history is
// kept by ending an assignment, never by overwriting it.
type Assignment struct {
	ID         int64      `json:"-"`
	Space      string     `json:"space"` // area code in the space layer
	ProviderID int64      `json:"-"`     // exactly one of ProviderID, AllianceID
	AllianceID int64      `json:"-"`
	Assignee   string     `json:"assignee"` // provider or alliance code, for display
	ValidFrom  time.Time  `json:"valid_from"`
	ValidTo    *time.Time `json:"valid_to,omitempty"`
	Note       string     `json:"note,omitempty"`
}

func (a *Assignment) Validate() error {
	if a.Space == "" {
		return Errorf(EINVALID, "Die Zuständigkeit braucht einen Sozialraum.")
	}
	if (a.ProviderID == 0) == (a.AllianceID == 0) {
		return Errorf(EINVALID, "Zuständig ist genau ein Träger oder ein Trägerverbund (Sozialraum %s).", a.Space)
	}
	if a.ValidFrom.IsZero() {
		return Errorf(EINVALID, "Die Zuständigkeit in %s braucht ein Anfangsdatum.", a.Space)
	}
	if a.ValidTo != nil && !a.ValidTo.After(a.ValidFrom) {
		return Errorf(EINVALID, "Ende (%s) liegt nicht nach dem Beginn (%s) in %s.",
			a.ValidTo.Format(DateLayout), a.ValidFrom.Format(DateLayout), a.Space)
	}
	return nil
}

// ValidAt reports whether the assignment is in force on day t.
func (a *Assignment) ValidAt(t time.Time) bool {
	return inPeriod(t, a.ValidFrom, a.ValidTo)
}

// Overlaps reports whether two periods share a day.
func (a *Assignment) Overlaps(b *Assignment) bool {
	return periodsOverlap(a.ValidFrom, a.ValidTo, b.ValidFrom, b.ValidTo)
}

// TeamKind says whose staff a team is.
type TeamKind string

const (
	TeamOffice   TeamKind = "office"   // the public social service (ASD) team of the space
	TeamProvider TeamKind = "provider" // a provider's or alliance's team in the space
)

// Team (Sozialraumteam) is the staff working in one space.
type Team struct {
	ID         int64    `json:"-"`
	Code       string   `json:"code"`
	Space      string   `json:"space"`
	Kind       TeamKind `json:"kind"`
	Name       string   `json:"name"`
	ProviderID int64    `json:"-"` // provider teams only
	Provider   string   `json:"provider,omitempty"`
	Rooms      []Room   `json:"rooms,omitempty"`
}

func (t *Team) Validate() error {
	if !validCode(t.Code) {
		return Errorf(EINVALID, "Team-Code %q ist ungültig.", t.Code)
	}
	if t.Name == "" || t.Space == "" {
		return Errorf(EINVALID, "Das Team %s braucht Namen und Sozialraum.", t.Code)
	}
	switch t.Kind {
	case TeamOffice:
		if t.ProviderID != 0 {
			return Errorf(EINVALID, "Ein ASD-Team (%s) gehört zu keinem freien Träger.", t.Code)
		}
	case TeamProvider:
		if t.ProviderID == 0 {
			return Errorf(EINVALID, "Das Trägerteam %s braucht einen Träger.", t.Code)
		}
	default:
		return Errorf(EINVALID, "Unbekannte Teamart %q.", t.Kind)
	}
	return nil
}

// Room (Räumlichkeit, Büro vor Ort) is where a team can be met.
type Room struct {
	ID       int64      `json:"-"`
	TeamID   int64      `json:"-"`
	Name     string     `json:"name"`
	Street   string     `json:"street"`
	HouseNo  string     `json:"house_no"`
	Postcode string     `json:"postcode"`
	City     string     `json:"city"`
	Location *orb.Point `json:"-"` // projected; nil when not geocoded
	// OpeningHours in the OSM opening_hours notation ("Mo-Fr 09:00-12:00"),
	// because offices publish their times in that shape and it is parseable.
	OpeningHours string `json:"opening_hours,omitempty"`
	Phone        string `json:"phone,omitempty"`
}

func (r *Room) Validate() error {
	if r.Name == "" || r.Street == "" {
		return Errorf(EINVALID, "Räumlichkeit braucht Namen und Straße.")
	}
	return nil
}

// Person is a plain record of a named person (accounts come later).
type Person struct {
	ID           int64  `json:"-"`
	Name         string `json:"name"`
	Email        string `json:"email,omitempty"`
	Phone        string `json:"phone,omitempty"`
	Organisation string `json:"organisation,omitempty"` // provider code, or empty for the office
}

// DuoRole is one of the two leadership roles of a space (Führungs-Duo).
type DuoRole string

const (
	RoleRegionalHead DuoRole = "regional_head" // regionale Leitung des Jugendamts
	RoleCoordinator  DuoRole = "coordinator"   // Sozialraumkoordination des Trägerverbunds
)

// Leadership is a person holding a duo role in a space for a period.
type Leadership struct {
	ID        int64      `json:"-"`
	Space     string     `json:"space"`
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
