package quartier

import (
	"context"
	"time"
)

// Population is the number of residents of a block in a group (all
// residents, an age band) on a reference date: the denominator of
// planning figures ("offers per 1,000 young residents"). Counts are kept
// per block so that every layer composed of blocks sums them exactly.
type Population struct {
	Block         string    `json:"block"`
	Group         string    `json:"group"`
	ReferenceDate time.Time `json:"reference_date"`
	Residents     int       `json:"residents"`
}

// Population groups with a German label; an installation may import
// others (any code), shown by their code.
var PopulationGroups = map[string]string{
	"gesamt": "Einwohnerinnen und Einwohner",
	"0-17":   "Kinder und Jugendliche (unter 18)",
	"0-26":   "junge Menschen (unter 27)",
}

// PopulationGroupLabel names a group.
func PopulationGroupLabel(code string) string {
	if l, ok := PopulationGroups[code]; ok {
		return l
	}
	return code
}

// PopulationTx stores the population per block.
type PopulationTx interface {
	// SavePopulation replaces what is stored for the group at the date (a
	// corrected delivery replaces the first).
	SavePopulation(ctx context.Context, group string, date time.Time, ps []Population) error
	// Population returns everything ordered by group, date and block.
	Population(ctx context.Context) ([]Population, error)
}
