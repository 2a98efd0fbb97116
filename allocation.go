package quartier

import (
	"context"
	"time"
)

// An allocation proposal (Verteilungsvorschlag) divides an amount across
// the social spaces by a formula on indicators, as Essen's youth welfare
// committee allocates decentral funds on social-space data. The formula is
// data, not code: a base share split equally, the rest by weighted
// indicator shares of the city total, clamped to a floor and a cap per
// space. Saved proposals are versions for the committee and never change.

// AllocationTerm is one indicator of the formula and its weight. Weights
// are relative: they are divided by their sum.
type AllocationTerm struct {
	Indicator string  `json:"indicator"`
	Weight    float64 `json:"weight"`
}

// AllocationRule is the formula and its inputs.
type AllocationRule struct {
	Amount Cents `json:"amount"`
	// BaseShare of the amount is split equally across the spaces
	// (Sockelbetrag), 0 ≤ BaseShare < 1; the rest follows the terms.
	BaseShare float64          `json:"base_share"`
	Terms     []AllocationTerm `json:"terms"`
	// Date is the reference date of the indicator values.
	Date time.Time `json:"date"`
	// Floor and Cap bound every space's amount (0: none); Floors and Caps
	// set them per space.
	Floor  Cents               `json:"floor,omitempty"`
	Cap    Cents               `json:"cap,omitempty"`
	Floors map[SpaceCode]Cents `json:"floors,omitempty"`
	Caps   map[SpaceCode]Cents `json:"caps,omitempty"`
}

// AllocationShare is one space's part of a proposal with every step of
// its computation, so that a committee member can follow it by hand.
type AllocationShare struct {
	Space SpaceCode `json:"space"`
	Name  string    `json:"name"`
	// Measures are the space's indicator values, one per term; Parts its
	// share of the city total of each (0–1).
	Measures []float64 `json:"measures"`
	Parts    []float64 `json:"parts"`
	// Score is the weighted sum of the parts (the scores of all spaces add
	// up to 1); Raw is base + need pool × score in euro, before bounds.
	Score float64 `json:"score"`
	Raw   float64 `json:"raw"`
	// Amount is the proposal in cents; Bound says "floor" or "cap" where a
	// bound decided it.
	Amount Cents  `json:"amount"`
	Bound  string `json:"bound,omitempty"`
	// Previous is the amount of the compared proposal (HasPrevious false
	// when there is none or the space was not in it).
	Previous    Cents `json:"previous"`
	HasPrevious bool  `json:"has_previous"`
	// Shifts are the changes in cents if one term's weight rose by ten
	// percentage points (the others shrinking in proportion), one per term.
	Shifts []Cents `json:"shifts,omitempty"`
}

// Change is the difference to the compared proposal.
func (s AllocationShare) Change() Cents { return s.Amount - s.Previous }

// AllocationProposal is a computed, possibly saved, proposal.
type AllocationProposal struct {
	ID      int64          `json:"id"`
	Name    string         `json:"name"` // e.g. "Dezentrale Mittel"
	Year    int            `json:"year"`
	Version int            `json:"version"` // 1, 2, … per name and year
	Note    string         `json:"note,omitempty"`
	Rule    AllocationRule `json:"rule"`
	// Layer and LayerDate are the space layer and Gebietsstand the
	// proposal was computed on.
	Layer     string            `json:"layer"`
	LayerDate time.Time         `json:"layer_date"`
	Shares    []AllocationShare `json:"shares"`
	// Notes say where a measure is an estimate (a share turned into
	// people by residents), so the committee reads the figures rightly.
	Notes []string `json:"notes,omitempty"`
	// ComparedWith names the proposal the Previous amounts come from.
	ComparedWith string    `json:"compared_with,omitempty"`
	CreatedAt    time.Time `json:"created_at"`
	CreatedBy    string    `json:"created_by"`
}

// AllocationTx stores saved proposals; they are never changed.
type AllocationTx interface {
	// SaveAllocation stores p as the next version of its name and year and
	// sets p.ID and p.Version.
	SaveAllocation(ctx context.Context, p *AllocationProposal) error
	// Allocations lists the saved proposals by name, year and version.
	Allocations(ctx context.Context) ([]AllocationProposal, error)
}

// AllocationRelease is a saved proposal released to the committee and the
// public (Für den Ausschuss veröffentlicht): the report as it was
// released, frozen like a publication. It shows per space the amount, the
// bound that decided it and the change, and per term the measure only as
// a publication of that indicator on the space layer shows it — never the
// parts, scores, raw amounts or shifts, which give the measures back.
type AllocationRelease struct {
	// Allocation is the id of the released proposal; a version is
	// released at most once.
	Allocation int64          `json:"allocation"`
	Name       string         `json:"name"`
	Year       int            `json:"year"`
	Version    int            `json:"version"`
	Note       string         `json:"note,omitempty"`
	Rule       AllocationRule `json:"rule"`
	Layer      string         `json:"layer"`
	LayerDate  time.Time      `json:"layer_date"`
	// Terms hold each indicator's table on the space layer as released
	// (withheld cells "."), so that later releases of the same indicator
	// and date are linked with it.
	Terms []AllocationReleaseTerm `json:"terms"`
	Rows  []AllocationReleaseRow  `json:"rows"`
	// ComparedWith names the compared proposal when its amounts are
	// released too; otherwise the change is not shown (it would give an
	// unreleased version's amounts away).
	ComparedWith string    `json:"compared_with,omitempty"`
	Notes        []string  `json:"notes,omitempty"`
	ReleasedAt   time.Time `json:"released_at"`
	ReleasedBy   string    `json:"released_by"`
}

// AllocationReleaseTerm is one indicator of a released proposal.
type AllocationReleaseTerm struct {
	Indicator Indicator   `json:"indicator"`
	Weight    float64     `json:"weight"` // as in the rule
	Date      time.Time   `json:"date"`
	Estimate  bool        `json:"estimate,omitempty"` // share × residents
	Table     OutputTable `json:"table"`
	// Total is the measure over all spaces as released (the amounts give
	// it back, so it is never withheld).
	Total OutputCell `json:"total"`
}

// AllocationReleaseRow is one space of a released proposal.
type AllocationReleaseRow struct {
	Space  SpaceCode `json:"space"`
	Name   string    `json:"name"`
	Amount Cents     `json:"amount"`
	Bound  string    `json:"bound,omitempty"` // "floor", "cap" or ""
	// Change against the compared proposal; HasChange false when it is
	// not shown.
	Change    Cents `json:"change"`
	HasChange bool  `json:"has_change"`
	// Measures: one cell per term, as released ("." withheld).
	Measures []OutputCell `json:"measures"`
}

// AllocationReleaseTx stores released proposals; they never change.
type AllocationReleaseTx interface {
	// ReleaseAllocation stores r whole; ECONFLICT when its proposal is
	// released already.
	ReleaseAllocation(ctx context.Context, r *AllocationRelease) error
	// AllocationReleases, newest first, whole.
	AllocationReleases(ctx context.Context) ([]AllocationRelease, error)
	// AllocationRelease by the proposal's id; ENOTFOUND when it is not
	// released.
	AllocationRelease(ctx context.Context, allocation int64) (*AllocationRelease, error)
}
