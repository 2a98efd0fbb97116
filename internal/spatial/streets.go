package spatial

import (
	"context"
	"fmt"
	"io"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/streetdir"
)

// MaxStreetBytes bounds a street directory upload; Berlin's full directory
// is about 10 MB.
const MaxStreetBytes = 64 << 20

// StreetReport is what a street directory import found and did.
type StreetReport struct {
	Entries  int                `json:"entries"`
	Problems []quartier.Problem `json:"problems"`
	Written  bool               `json:"written"`
}

// ImportStreets replaces the street directory (Straßenverzeichnis) after
// checking every line: malformed rows, overlapping ranges and blocks that the
// current block layer does not know are all reported, and nothing is written
// while any remains.
func (a *Service) ImportStreets(ctx context.Context, r io.Reader, dryRun bool) (*StreetReport, error) {
	if err := a.audit.Require(ctx, quartier.PermImportAreas, "streets", ""); err != nil {
		return nil, err
	}
	entries, problems, err := streetdir.ReadCSV(r, MaxStreetBytes)
	if err != nil {
		return nil, quartier.WrapError(quartier.EINVALID, err, "Straßenverzeichnis nicht lesbar.")
	}
	rep := &StreetReport{Entries: len(entries), Problems: problems}
	if !quartier.HasErrors(problems) {
		if _, err := streetdir.Build(entries); err != nil {
			rep.Problems = append(rep.Problems, problemsOf(err)...)
		}
	}
	if loc := a.Locator(); loc != nil {
		for i, e := range entries {
			if _, ok := loc.blockByCode[e.Block]; !ok {
				rep.Problems = append(rep.Problems, quartier.Problem{Severity: quartier.SeverityError, Kind: quartier.ProblemUnknownBlock, Feature: -1, Code: e.Block,
					Message: fmt.Sprintf("Eintrag %d (%s %s–%s): Baustein %s gibt es in der aktuellen Bausteinebene nicht.", i+1, e.Street, e.From, e.To, e.Block)})
			}
		}
	}
	if quartier.HasErrors(rep.Problems) {
		return rep, rejected("Straßenverzeichnis", rep.Problems)
	}
	if dryRun {
		return rep, nil
	}
	if err := audit.Change(ctx, a.audit, a.store, quartier.PermImportAreas, "streets", "", func(tx Tx) (audit.Event, error) {
		return audit.Event{Action: "streets.import", ObjectType: "streets", Detail: fmt.Sprintf("%d Einträge", len(entries))}, tx.ReplaceStreets(ctx, entries)
	}); err != nil {
		return rep, err
	}
	rep.Written = true
	return rep, a.Rebuild(ctx)
}

// problemsOf returns the located problems an error carries, or one problem
// with its message.
func problemsOf(err error) []quartier.Problem {
	if ps := quartier.ErrorProblems(err); len(ps) > 0 {
		return ps
	}
	return []quartier.Problem{{Severity: quartier.SeverityError, Kind: quartier.ProblemValue, Feature: -1, Message: quartier.ErrorMessage(err)}}
}
