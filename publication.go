package quartier

import (
	"context"
	"time"
)

// DefaultMinCount is the threshold of small numbers: counts below it
// (1 and 2) are suppressed in published outputs unless an indicator sets
// its own (Indicator.MinCount).
const DefaultMinCount = 3

// Threshold is the count below which the indicator's values are
// suppressed in published outputs.
func (ind *Indicator) Threshold() int {
	if ind.MinCount > 0 {
		return ind.MinCount
	}
	return DefaultMinCount
}

// Suppression says why a cell is withheld from a published output.
type Suppression string

const (
	// SuppressedPrimary: the cell rests on a count below the threshold.
	SuppressedPrimary Suppression = "primary"
	// SuppressedSecondary: the cell is withheld so that a primary cell
	// cannot be recomputed from the totals of its row or column.
	SuppressedSecondary Suppression = "secondary"
)

// SuppressedText is what a withheld cell shows, as in official statistics
// ("Zahlenwert unbekannt oder geheim zu halten").
const SuppressedText = "."

// OutputTable is a table of monitoring figures as a committee, the public
// or a planner sees it: one row per area, a total row, every cell already
// formatted. Internal tables (planners) keep suppressed values and mark
// them; published ones hold "." and no value.
type OutputTable struct {
	// Internal: the table shows suppressed values, marked; it must not
	// leave the office.
	Internal bool        `json:"internal"`
	Columns  []string    `json:"columns"`
	Rows     []OutputRow `json:"rows"`
	Total    *OutputRow  `json:"total,omitempty"`
	// Threshold of the counts (fewer are suppressed), 0 when the figures
	// rest on no counts.
	Threshold int `json:"threshold,omitempty"`
	// Notes: source, licence, how small numbers were handled.
	Notes []string `json:"notes,omitempty"`
}

// OutputRow is one area (or the total) of an output table.
type OutputRow struct {
	Area  string       `json:"area,omitempty"`
	Name  string       `json:"name"`
	Cells []OutputCell `json:"cells"`
}

// OutputCell is one figure. Value is nil for no value, and for a
// suppressed cell of a published table.
type OutputCell struct {
	Text       string      `json:"text"`
	Value      *float64    `json:"value,omitempty"`
	Suppressed Suppression `json:"suppressed,omitempty"`
}

// PublicationKind says what a publication is a snapshot of.
type PublicationKind string

const (
	PublishedIndicator PublicationKind = "indicator"
	PublishedIndex     PublicationKind = "index"
)

// Publication is a published output of the social monitoring: a snapshot
// of an indicator's values or an index result on a layer at a reference
// date, with small numbers suppressed. It is what the committee and the
// public see; it does not change when values are corrected later.
type Publication struct {
	ID            int64           `json:"id"`
	Kind          PublicationKind `json:"kind"`
	Subject       string          `json:"subject"` // indicator or index code
	Layer         string          `json:"layer"`
	ReferenceDate time.Time       `json:"reference_date"`
	Title         string          `json:"title"`
	PublishedAt   time.Time       `json:"published_at"`
	PublishedBy   string          `json:"published_by"`
	Table         OutputTable     `json:"table"`
}

// PublicationTx stores published outputs.
type PublicationTx interface {
	// CreatePublication stores p whole; sets p.ID.
	CreatePublication(ctx context.Context, p *Publication) error
	// Publications, newest first, without their tables.
	Publications(ctx context.Context) ([]Publication, error)
	// Publication with its table; ENOTFOUND when there is none.
	Publication(ctx context.Context, id int64) (*Publication, error)
}
