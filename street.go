package quartier

import "context"

// Parity says which house numbers of a range a street-directory entry covers.
type Parity string

const (
	ParityAll  Parity = "all"
	ParityOdd  Parity = "odd"
	ParityEven Parity = "even"
	// ParityNone marks the address without a house number that official
	// directories list for squares, gates and parks ("Pappelplatz"): it
	// covers no number and answers only a lookup without one.
	ParityNone Parity = "none"
)

// StreetEntry is one line of the street directory (Straßenverzeichnis):
// the house numbers From..To (inclusive, with suffixes like "12a") of a street
// in a postcode belong to a block. Offices assign cases by this index rather
// than by coordinates, so it is a first-class way of looking up an area. An
// official address list is a directory whose every line is one address
// (From = To) and may carry the address's own point.
type StreetEntry struct {
	ID       int64  `json:"-"`
	Street   string `json:"street"`   // as delivered, for display
	Key      string `json:"-"`        // normalised street name (see internal/streetdir)
	Postcode string `json:"postcode"` // may be empty when the source has none
	// District (Ortsteil, Bezirk) tells streets of one name apart when a
	// lookup has to ask which one is meant; may be empty.
	District string `json:"district,omitempty"`
	From     string `json:"from"` // first house number, "" = whole street
	To       string `json:"to"`   // last house number, "" = open end
	Parity   Parity `json:"parity"`
	Block    string `json:"block"` // block code
	// X, Y are the address's official point (house coordinate) in the
	// installation's CRS; zero when the directory has none.
	X float64 `json:"x,omitempty"`
	Y float64 `json:"y,omitempty"`
}

// HasPoint reports whether the entry carries its own coordinate.
func (e *StreetEntry) HasPoint() bool { return e.X != 0 || e.Y != 0 }

// StreetTx stores the street directory. ReplaceStreets deletes all entries
// and inserts these, because a directory is always delivered whole; it
// numbers them by their position (ID = index + 1). Streets lists all
// entries, StreetsByKey those of some normalised street names (what a
// lookup reads: the store keeps the entries of one key together), both
// ordered by key, postcode and ID. StreetKeys lists the normalised names
// alone, ordered (what a lookup reads to find a name written otherwise
// than the directory writes it, without reading every entry).
type StreetTx interface {
	ReplaceStreets(ctx context.Context, entries []StreetEntry) error
	Streets(ctx context.Context) ([]StreetEntry, error)
	StreetsByKey(ctx context.Context, keys []string) ([]StreetEntry, error)
	StreetKeys(ctx context.Context) ([]string, error)
}
