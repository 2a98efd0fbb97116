package quartier

import "time"

// A space (Sozialraum) is an area of the layer marked Space (Layer.Space):
// the part of the territory that one team and its providers are responsible
// for. Who works in a space is recorded by assignments (assignment.go),
// teams and rooms (team.go, room.go) and the leadership duo
// (leadership.go); grants reach spaces (account.go) and places lie in one
// (offer.go). Budgets and case files will hang money and people on spaces
// too.

// SpaceCode is how everything that belongs to a space refers to it: the
// area code in the space layer. It is a type of its own so that a space
// cannot be confused with a block, a district or a provider code where a
// function takes several of them; the Space it names is resolved from the
// space layer (spatial.Service.Spaces).
type SpaceCode string

// AllSpaces stands for "every space" where a check names one: only a grant
// whose scope is all spaces covers it (no area can have this code).
const AllSpaces SpaceCode = "\x00alle"

// Space is one social space as a version of the space layer draws it: the
// space layer's areas are the spaces, and a new Gebietsstand may redraw,
// add or drop them. Validity is the validity of that version.
type Space struct {
	Code          SpaceCode  `json:"code"`
	Name          string     `json:"name"`
	Layer         string     `json:"layer"`          // code of the space layer
	VersionID     int64      `json:"-"`              // the space layer version
	ReferenceDate time.Time  `json:"reference_date"` // its Gebietsstand
	ValidFrom     time.Time  `json:"valid_from"`
	ValidTo       *time.Time `json:"valid_to,omitempty"` // nil while current
}

// ValidAt reports whether the space exists in this shape on day t.
func (s *Space) ValidAt(t time.Time) bool {
	return inPeriod(t, s.ValidFrom, s.ValidTo)
}

// Label is the space as a person reads it: name and code.
func (s *Space) Label() string {
	if s.Name == "" || s.Name == string(s.Code) {
		return string(s.Code)
	}
	return s.Name + " (" + string(s.Code) + ")"
}

// SpaceCodes converts codes as written in files and forms.
func SpaceCodes(codes []string) []SpaceCode {
	if codes == nil {
		return nil
	}
	out := make([]SpaceCode, len(codes))
	for i, c := range codes {
		out[i] = SpaceCode(c)
	}
	return out
}

// SpaceTx is how the spaces are organised: the providers and alliances,
// which of them is assigned to which space, the teams with their rooms and
// the leadership duos.
type SpaceTx interface {
	ProviderTx
	AssignmentTx
	TeamTx
	LeadershipTx
}
