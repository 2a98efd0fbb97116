package quartier

import "context"

// TeamKind says whose staff a team is.
type TeamKind string

const (
	TeamOffice   TeamKind = "office"   // the public social service (ASD) team of the space
	TeamProvider TeamKind = "provider" // a provider's or alliance's team in the space
)

// Team (Sozialraumteam) is the staff working in one space.
type Team struct {
	ID         int64     `json:"-"`
	Code       string    `json:"code"`
	Space      SpaceCode `json:"space"`
	Kind       TeamKind  `json:"kind"`
	Name       string    `json:"name"`
	ProviderID int64     `json:"-"` // provider teams only
	Provider   string    `json:"provider,omitempty"`
	Rooms      []Room    `json:"rooms,omitempty"`
}

// Validate checks a team; each finding names its field (Problem.Code).
func (t *Team) Validate() error {
	var f fieldErrors
	if !validCode(t.Code) {
		f.add("code", "Team-Code %q ist ungültig.", t.Code)
	}
	switch {
	case t.Name == "":
		f.add("name", "Das Team %s braucht Namen und Sozialraum.", t.Code)
	case t.Space == "":
		f.add("space", "Das Team %s braucht Namen und Sozialraum.", t.Code)
	}
	switch t.Kind {
	case TeamOffice:
		if t.ProviderID != 0 {
			f.add("provider", "Ein ASD-Team (%s) gehört zu keinem freien Träger.", t.Code)
		}
	case TeamProvider:
		if t.ProviderID == 0 {
			f.add("provider", "Das Trägerteam %s braucht einen Träger.", t.Code)
		}
	default:
		f.add("kind", "Unbekannte Teamart %q.", t.Kind)
	}
	return f.err()
}

// Label is the team kind's German name.
func (k TeamKind) Label() string {
	if k == TeamOffice {
		return "Jugendamt (ASD)"
	}
	return "Träger"
}

// TeamTx stores the teams of a space ("" = all) with their rooms, ordered
// by Code.
type TeamTx interface {
	CreateTeam(ctx context.Context, t *Team) error
	Teams(ctx context.Context, space SpaceCode) ([]Team, error)
	CreateRoom(ctx context.Context, r *Room) error
	UpdateTeam(ctx context.Context, t *Team) error // the name of the team with t.ID
	UpdateRoom(ctx context.Context, r *Room) error // the room with r.ID; its team stays
	// DeleteRoom removes a room: rooms carry no history of their own (the
	// audit entry keeps what was removed), and nothing refers to them.
	DeleteRoom(ctx context.Context, id int64) error
}
