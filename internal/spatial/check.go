package spatial

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/geo"
)

// CheckLayer runs the consistency checks on the current version of a layer:
// for a composed layer every block of the current block layer in exactly one
// area; for layers with own geometry the overlaps and gaps above tolerance.
// Imports run the same checks before writing; this re-checks stored data,
// e.g. a composed layer after the blocks got a new Gebietsstand.
func (a *Service) CheckLayer(ctx context.Context, code string) ([]quartier.Problem, error) {
	if err := quartier.Require(ctx, quartier.PermReadPublic); err != nil {
		return nil, err
	}
	var problems []quartier.Problem
	err := a.store.View(ctx, func(tx Tx) error {
		l, v, err := layerVersion(ctx, tx, code)
		if err != nil {
			return err
		}
		key := checkKey{version: v.ID}
		var bv *quartier.Version
		if l.Kind == quartier.LayerComposed {
			if bv, err = blockVersion(ctx, tx); err != nil {
				return err
			}
			key.blocks = bv.ID
		}
		if p, ok := a.checked.get(key); ok {
			problems = p
			return nil
		}
		areas, err := tx.Areas(ctx, v.ID)
		if err != nil {
			return err
		}
		if l.Kind != quartier.LayerComposed {
			feats := make([]geo.Feature, len(areas))
			for i, ar := range areas {
				feats[i] = geo.Feature{Index: i, Code: ar.Code, Name: ar.Name, Geometry: ar.Geometry}
			}
			_, problems = geo.Validate(feats, geo.ValidateOptions{})
			locateProblems(problems, a.SRID(), feats)
			a.checked.put(key, problems)
			return nil
		}
		blocks, err := currentBlocks(ctx, tx)
		if err != nil {
			return err
		}
		var members []Membership
		for _, ar := range areas {
			for _, b := range ar.Blocks {
				members = append(members, Membership{Block: b, Area: ar.Code, AreaName: ar.Name})
			}
		}
		_, problems = groupMembers(ComposeRequest{Members: members}, blocks)
		if v.BlockVersionID != bv.ID {
			problems = append(problems, quartier.Problem{Severity: quartier.SeverityWarning, Kind: quartier.ProblemInvalid, Feature: -1,
				Message: fmt.Sprintf("Die Ebene %s ist aus einem älteren Gebietsstand der Bausteine zusammengesetzt; bitte neu zusammensetzen.", l.Code)})
		}
		a.checked.put(key, problems)
		return nil
	})
	return slices.Clone(problems), err
}

// checkKey names what a report depends on: the version, and for a
// composed layer the block version it is checked against.
type checkKey struct{ version, blocks int64 }

// checkCache holds the reports of the layer pages, which every visitor of
// /ebenen/{layer} asks for: validating Berlin's 542 Planungsräume takes
// seconds, and a stored version never changes. Reports of replaced
// versions stay until the process ends; there are a handful per year.
type checkCache struct {
	mu sync.Mutex
	m  map[checkKey][]quartier.Problem
}

func (c *checkCache) get(k checkKey) ([]quartier.Problem, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.m[k]
	return p, ok
}

func (c *checkCache) put(k checkKey, p []quartier.Problem) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[checkKey][]quartier.Problem{}
	}
	c.m[k] = p
}
