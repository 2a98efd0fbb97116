package quartier

import "github.com/paulmach/orb"

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

// Validate checks a room; the finding names its field (Problem.Code).
func (r *Room) Validate() error {
	var f fieldErrors
	switch {
	case r.Name == "":
		f.add("name", "Räumlichkeit braucht Namen und Straße.")
	case r.Street == "":
		f.add("street", "Räumlichkeit braucht Namen und Straße.")
	}
	return f.err()
}
