// Package allocation computes allocation proposals (Verteilungsvorschläge):
// an amount divided across the social spaces by a formula on indicators,
// the way Essen's youth welfare committee allocates decentral funds on
// social-space data. The formula (base share, weighted indicators, floor
// and cap) is data; every intermediate value is kept; saved proposals are
// numbered versions for the committee and never change. It stands on the
// monitoring (indicator values summed into the space layer) and the
// spatial core, never the other way round.
package allocation

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/monitoring"
	"github.com/quartier/quartier/internal/spatial"
)

// Tx is the part of the store allocations use.
type Tx interface {
	quartier.AllocationTx
	quartier.AllocationReleaseTx
	quartier.AuditTx
}

// Service computes, saves and lists proposals.
type Service struct {
	store      quartier.StoreOf[Tx]
	audit      *audit.Log
	spatial    *spatial.Service
	monitoring *monitoring.Service
	now        func() time.Time
}

// New opens the allocations over store; now is the clock (nil: time.Now).
func New(store quartier.Store, log *audit.Log, sp *spatial.Service, mon *monitoring.Service, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: quartier.Narrow[Tx](store), audit: log, spatial: sp, monitoring: mon, now: now}
}

// Request asks for a proposal.
type Request struct {
	Name string
	Year int
	Note string
	Rule quartier.AllocationRule
	// CompareWith is the id of a saved proposal to compare with; 0 takes
	// the last version of the same name for the year before.
	CompareWith int64
}

// Preview computes a proposal without saving it.
func (s *Service) Preview(ctx context.Context, req Request) (*quartier.AllocationProposal, error) {
	if err := s.audit.Require(ctx, quartier.PermManageIndicators, "allocation", req.Name); err != nil {
		return nil, err
	}
	return s.compute(ctx, req)
}

// Save computes the proposal and stores it as the next version of its
// name and year, with one audit entry.
func (s *Service) Save(ctx context.Context, req Request) (*quartier.AllocationProposal, error) {
	if err := s.audit.Require(ctx, quartier.PermManageIndicators, "allocation", req.Name); err != nil {
		return nil, err
	}
	p, err := s.compute(ctx, req)
	if err != nil {
		return nil, err
	}
	err = audit.Change(ctx, s.audit, s.store, quartier.PermManageIndicators, "allocation", req.Name, func(tx Tx) (audit.Event, error) {
		if err := tx.SaveAllocation(ctx, p); err != nil {
			return audit.Event{}, err
		}
		return audit.Event{Action: "allocation.save", ObjectType: "allocation", ObjectID: fmt.Sprint(p.ID),
			Detail: fmt.Sprintf("%s %d, Fassung %d: %s auf %d Sozialräume", p.Name, p.Year, p.Version, p.Rule.Amount, len(p.Shares))}, nil
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// Proposals lists the saved proposals (by name, year, version). A
// proposal holds every space's indicator values, and its shares tell
// them apart relative to each other: only who reads the values of every
// space reads proposals, as only she computes them. The reading is
// audited.
func (s *Service) Proposals(ctx context.Context) ([]quartier.AllocationProposal, error) {
	if err := s.audit.Require(ctx, quartier.PermReadIndicators, "allocation", ""); err != nil {
		return nil, err
	}
	if !quartier.ActorFrom(ctx).CanInSpace(quartier.PermReadIndicators, quartier.AllSpaces) {
		err := quartier.Errorf(quartier.EFORBIDDEN, "Verteilungsvorschläge enthalten die Werte aller Sozialräume; Ihre Berechtigung reicht nur für einen Teil.")
		return nil, s.audit.IfDenied(ctx, quartier.PermReadIndicators, "allocation", "", err)
	}
	var out []quartier.AllocationProposal
	err := s.store.View(ctx, func(tx Tx) (err error) {
		out, err = tx.Allocations(ctx)
		return err
	})
	if err != nil {
		return nil, err
	}
	if err := s.audit.Read(ctx, audit.Event{Action: "allocation.read", ObjectType: "allocation", Detail: fmt.Sprintf("%d Vorschläge", len(out))}); err != nil {
		return nil, err
	}
	return out, nil
}

// Proposal is one saved proposal.
func (s *Service) Proposal(ctx context.Context, id int64) (*quartier.AllocationProposal, error) {
	ps, err := s.Proposals(ctx)
	if err != nil {
		return nil, err
	}
	for i := range ps {
		if ps[i].ID == id {
			return &ps[i], nil
		}
	}
	return nil, quartier.Errorf(quartier.ENOTFOUND, "Den Verteilungsvorschlag %d gibt es nicht.", id)
}

func (s *Service) compute(ctx context.Context, req Request) (*quartier.AllocationProposal, error) {
	actor := quartier.ActorFrom(ctx)
	// A share is relative to the whole city: whoever computes it must see
	// the values of every space.
	if !actor.CanInSpace(quartier.PermReadIndicators, quartier.AllSpaces) {
		// Audited like every denial inside a use case.
		err := quartier.Errorf(quartier.EFORBIDDEN, "Ein Verteilungsvorschlag braucht die Werte aller Sozialräume; Ihre Berechtigung reicht nur für einen Teil.")
		return nil, s.audit.IfDenied(ctx, quartier.PermReadIndicators, "allocation", req.Name, err)
	}
	req.Name = strings.TrimSpace(req.Name)
	if req.Name == "" || req.Year < 2000 || req.Year > 2100 {
		return nil, quartier.Errorf(quartier.EINVALID, "Ein Verteilungsvorschlag braucht einen Namen und ein Jahr (2000–2100).")
	}
	spaces, err := s.spatial.Spaces(ctx)
	if err != nil {
		return nil, err
	}
	layer := spaces[0].Layer
	in := Input{Spaces: spaces}
	var notes []string
	for _, t := range req.Rule.Terms {
		ms, note, err := s.measures(ctx, t.Indicator, layer, req.Rule.Date, spaces)
		if err != nil {
			return nil, err
		}
		in.Measures = append(in.Measures, ms)
		if note != "" {
			notes = append(notes, note)
		}
	}
	shares, err := Compute(req.Rule, in)
	if err != nil {
		return nil, err
	}
	p := &quartier.AllocationProposal{Name: req.Name, Year: req.Year, Note: strings.TrimSpace(req.Note), Rule: req.Rule, Layer: layer,
		LayerDate: spaces[0].ReferenceDate, Shares: shares, Notes: notes, CreatedAt: s.now().UTC().Truncate(time.Second), CreatedBy: actor.Label()}
	prev, err := s.previous(ctx, req)
	if err != nil {
		return nil, err
	}
	if prev != nil {
		p.ComparedWith = fmt.Sprintf("%s %d, Fassung %d", prev.Name, prev.Year, prev.Version)
		before := map[quartier.SpaceCode]quartier.Cents{}
		for _, sh := range prev.Shares {
			before[sh.Space] = sh.Amount
		}
		for i := range p.Shares {
			p.Shares[i].Previous, p.Shares[i].HasPrevious = before[p.Shares[i].Space]
		}
	}
	return p, nil
}

// measures reads a term's indicator on the space layer as numbers of
// people: the formula divides by need.
func (s *Service) measures(ctx context.Context, indicator, layer string, date time.Time, spaces []quartier.Space) ([]float64, string, error) {
	counts, rep, err := s.monitoring.Counts(ctx, indicator, layer, date)
	if err != nil {
		return nil, "", err
	}
	if rep.Indicator.Direction == quartier.HigherIsBetter {
		return nil, "", quartier.Errorf(quartier.EINVALID, "%s: „höher ist besser“ – eine Verteilung nach Bedarf braucht Indikatoren, bei denen mehr mehr Bedarf heißt.", rep.Indicator.Name)
	}
	byArea := map[string]float64{}
	note := ""
	for _, c := range counts {
		byArea[c.Area] = c.Count
		if c.Derived {
			note = fmt.Sprintf("%s liegt nur als Anteil vor: Personen geschätzt als Anteil × Einwohner (%s), Stand %s.",
				rep.Indicator.Name, rep.Indicator.BaseGroup, rep.PopulationDate.Format("02.01.2006"))
		}
	}
	out := make([]float64, len(spaces))
	for i, sp := range spaces {
		v, ok := byArea[string(sp.Code)]
		if !ok || math.IsNaN(v) {
			return nil, "", quartier.Errorf(quartier.EINVALID, "%s hat zum %s für %s keinen Wert.", rep.Indicator.Name, date.Format(quartier.GermanDateLayout), sp.Label())
		}
		out[i] = v
	}
	return out, note, nil
}

func (s *Service) previous(ctx context.Context, req Request) (*quartier.AllocationProposal, error) {
	var all []quartier.AllocationProposal
	if err := s.store.View(ctx, func(tx Tx) (err error) {
		all, err = tx.Allocations(ctx)
		return err
	}); err != nil {
		return nil, err
	}
	var found *quartier.AllocationProposal
	for i := range all {
		p := &all[i]
		if req.CompareWith != 0 && p.ID == req.CompareWith {
			return p, nil
		}
		if req.CompareWith == 0 && p.Name == req.Name && p.Year == req.Year-1 {
			found = p // ordered by version: the last one wins
		}
	}
	if req.CompareWith != 0 {
		return nil, quartier.Errorf(quartier.ENOTFOUND, "Den Vergleichsvorschlag %d gibt es nicht.", req.CompareWith)
	}
	return found, nil
}
