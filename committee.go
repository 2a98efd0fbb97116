package quartier

import (
	"context"
	"time"
)

// CommitteeFigures are the figures of a committee report (Ausschussbericht):
// chosen areas of one layer, indicators and optionally an index, every
// figure withheld exactly as a publication of the same indicator on the
// same layer and date withholds it.
type CommitteeFigures struct {
	Layer string `json:"layer"`
	// Date: each indicator at its newest reference date on or before it
	// (zero: its newest).
	Date       time.Time            `json:"date"`
	Areas      []string             `json:"areas"` // chosen, in code order
	Indicators []CommitteeIndicator `json:"indicators"`
	Index      *CommitteeIndex      `json:"index,omitempty"`
}

// CommitteeIndicator is one indicator of a committee report.
type CommitteeIndicator struct {
	Indicator Indicator `json:"indicator"`
	Date      time.Time `json:"date"`
	// Table holds every area its reader may see (the map needs them),
	// withheld as published; its total is the layer's.
	Table OutputTable `json:"table"`
	// Dates of the time series: every reference date up to Date.
	Dates []time.Time `json:"dates"`
	// Series holds, per chosen area and "" for the whole layer, the
	// published value cell at each of Dates.
	Series map[string][]OutputCell `json:"series"`
}

// CommitteeIndex is an index result as published.
type CommitteeIndex struct {
	Index Index       `json:"index"`
	Table OutputTable `json:"table"`
}

// CommitteeReport is a committee report saved for the committee: its
// figures and commentary frozen as they were released, like a
// publication (and public like one).
type CommitteeReport struct {
	ID          int64            `json:"id"`
	Title       string           `json:"title"`
	Comment     []string         `json:"comment,omitempty"` // paragraphs, plain text
	Figures     CommitteeFigures `json:"figures"`
	PublishedAt time.Time        `json:"published_at"`
	PublishedBy string           `json:"published_by"`
}

// CommitteeReportTx stores saved committee reports; they never change.
type CommitteeReportTx interface {
	// CreateCommitteeReport stores r whole; sets r.ID.
	CreateCommitteeReport(ctx context.Context, r *CommitteeReport) error
	// CommitteeReports, newest first, without commentary and figures
	// (Figures.Layer only).
	CommitteeReports(ctx context.Context) ([]CommitteeReport, error)
	// CommitteeReport by id; ENOTFOUND when there is none.
	CommitteeReport(ctx context.Context, id int64) (*CommitteeReport, error)
}
