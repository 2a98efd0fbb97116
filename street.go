package quartier

import "context"

// Parity says which house numbers of a range a street-directory entry covers.
type Parity string

const (
	ParityAll  Parity = "all"
	ParityOdd  Parity = "odd"
	ParityEven Parity = "even"
)

// StreetEntry is one line of the street directory (Straßenverzeichnis):
// the house numbers From..To (inclusive, with suffixes like "12a") of a street
// in a postcode belong to a block. Offices assign cases by this index rather
// than by coordinates, so it is a first-class way of looking up an area.
type StreetEntry struct {
	ID       int64  `json:"-"`
	Street   string `json:"street"`   // as delivered, for display
	Key      string `json:"-"`        // normalised street name (see internal/streetdir)
	Postcode string `json:"postcode"` // may be empty when the source has none
	From     string `json:"from"`     // first house number, "" = whole street
	To       string `json:"to"`       // last house number, "" = open end
	Parity   Parity `json:"parity"`
	Block    string `json:"block"` // block code
}

// StreetTx stores the street directory. ReplaceStreets deletes all entries
// and inserts these, because a directory is always delivered whole.
type StreetTx interface {
	ReplaceStreets(ctx context.Context, entries []StreetEntry) error
	Streets(ctx context.Context) ([]StreetEntry, error)
}
