package quartier

import (
	"context"
	"strings"
)

// FinanceMapping says where the bookings of the municipal finance system
// (Finanzverfahren) go: a cost centre (Kostenstelle) and cost unit
// (Kostenträger) name a line of a space's budget, or of one team's in it.
// The year comes from each booking's date.
type FinanceMapping struct {
	CostCentre string    `json:"cost_centre"`
	CostUnit   string    `json:"cost_unit"`
	Space      SpaceCode `json:"space"`
	Team       string    `json:"team,omitempty"`
	Line       string    `json:"line"`
}

// Validate checks a mapping's own fields.
func (m *FinanceMapping) Validate() error {
	m.CostCentre, m.CostUnit, m.Team, m.Line = strings.TrimSpace(m.CostCentre), strings.TrimSpace(m.CostUnit), strings.TrimSpace(m.Team), strings.TrimSpace(m.Line)
	if m.CostCentre == "" || m.CostUnit == "" {
		return Errorf(EINVALID, "Eine Zuordnung braucht Kostenstelle und Kostenträger.")
	}
	if len(m.CostCentre) > 64 || len(m.CostUnit) > 64 {
		return Errorf(EINVALID, "Kostenstelle und Kostenträger haben höchstens 64 Zeichen.")
	}
	if m.Space == "" || !validCode(m.Line) || (m.Team != "" && !validCode(m.Team)) {
		return Errorf(EINVALID, "Kostenstelle %s / Kostenträger %s: die Zuordnung braucht einen Sozialraum und einen gültigen Zeilen-Code.", m.CostCentre, m.CostUnit)
	}
	return nil
}

// FinanceRefPrefix marks the reference of an entry that came from the
// finance system: "fin:" and its booking ID. Re-importing a booking finds
// it by this reference and writes nothing.
const FinanceRefPrefix = "fin:"

// FinanceTx stores the mapping and appends imported bookings in bulk.
type FinanceTx interface {
	// SaveFinanceMapping inserts or replaces the mapping of its cost
	// centre and cost unit.
	SaveFinanceMapping(ctx context.Context, m *FinanceMapping) error
	// DeleteFinanceMapping removes one; ENOTFOUND when there is none.
	DeleteFinanceMapping(ctx context.Context, costCentre, costUnit string) error
	// FinanceMappings by cost centre and cost unit.
	FinanceMappings(ctx context.Context) ([]FinanceMapping, error)
	// EntriesByRefs are the entries of any budget carrying one of refs, in
	// ID order, BudgetID filled.
	EntriesByRefs(ctx context.Context, refs []string) ([]Entry, error)
	// AppendEntries appends many entries in few statements; their IDs are
	// not read back. Each entry must be valid on its own (Entry.Validate).
	AppendEntries(ctx context.Context, es []Entry) error
}
