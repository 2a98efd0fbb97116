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

// TeamTx stores the teams of a space ("" = all) with their rooms, ordered
// by Code.
type TeamTx interface {
	CreateTeam(ctx context.Context, t *Team) error
	Teams(ctx context.Context, space SpaceCode) ([]Team, error)
	CreateRoom(ctx context.Context, r *Room) error
}
