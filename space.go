package quartier

// A space (Sozialraum) is an area of the layer marked Space (Layer.Space):
// the part of the territory that one team and its providers are responsible
// for. Spaces are referred to by their area code; who works in them is
// recorded by assignments (assignment.go), teams and rooms (team.go,
// room.go) and the leadership duo (leadership.go).

// SpaceTx is how the spaces are organised: the providers and alliances,
// which of them is assigned to which space, the teams with their rooms and
// the leadership duos.
type SpaceTx interface {
	ProviderTx
	AssignmentTx
	TeamTx
	LeadershipTx
}
