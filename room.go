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

func (r *Room) Validate() error {
	if r.Name == "" || r.Street == "" {
		return Errorf(EINVALID, "Räumlichkeit braucht Namen und Straße.")
	}
	return nil
}
