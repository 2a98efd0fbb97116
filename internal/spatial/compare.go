package spatial

import (
	"context"
	"math"
	"sort"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/geo"
)

// BlockChange is one block whose area differs between two versions of a
// layer. For the block layer itself From/To are the block code ("" when the
// block did not exist before or is gone) and Reshaped marks a changed border.
type BlockChange struct {
	Block    string `json:"block"`
	From     string `json:"from"`
	To       string `json:"to"`
	Reshaped bool   `json:"reshaped,omitempty"`
}

// reshapeTolerance is the area difference (m²) below which a re-digitised
// block counts as unchanged; coordinate rounding alone moves a few m².
const reshapeTolerance = 1.0

// CompareVersions lists the blocks that changed area between two versions of
// a layer (Gebietsstände), so planners see which statistics are no longer
// comparable.
func (a *Service) CompareVersions(ctx context.Context, layerCode string, fromID, toID int64) ([]BlockChange, error) {
	if err := quartier.Require(ctx, quartier.PermReadPublic); err != nil {
		return nil, err
	}
	var out []BlockChange
	err := a.store.View(ctx, func(tx Tx) error {
		l, err := tx.LayerByCode(ctx, layerCode)
		if err != nil {
			return err
		}
		for _, id := range []int64{fromID, toID} {
			v, err := tx.Version(ctx, id)
			if err != nil {
				return err
			}
			if v.LayerID != l.ID {
				return quartier.Errorf(quartier.ENOTFOUND, "Gebietsstand %d gehört nicht zur Ebene %s.", id, l.Code)
			}
		}
		out, err = compareVersions(ctx, tx, l, fromID, toID)
		return err
	})
	return out, err
}

func compareVersions(ctx context.Context, tx Tx, l *quartier.Layer, fromID, toID int64) ([]BlockChange, error) {
	before, err := tx.Areas(ctx, fromID)
	if err != nil {
		return nil, err
	}
	after, err := tx.Areas(ctx, toID)
	if err != nil {
		return nil, err
	}
	var from, to map[string]string
	switch l.Kind {
	case quartier.LayerBlock:
		return compareBlocks(before, after), nil
	case quartier.LayerComposed:
		from, to = blockOwners(before), blockOwners(after)
	default:
		// Imported areas have no block lists: place each current block by a
		// point inside it, as lookups do.
		blocks, err := currentBlocks(ctx, tx)
		if err != nil {
			return nil, err
		}
		from, to = placeBlocks(blocks, before), placeBlocks(blocks, after)
	}
	var out []BlockChange
	for b, f := range from {
		if t := to[b]; t != f {
			out = append(out, BlockChange{Block: b, From: f, To: t})
		}
	}
	for b, t := range to {
		if _, ok := from[b]; !ok {
			out = append(out, BlockChange{Block: b, To: t})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Block < out[j].Block })
	return out, nil
}

func compareBlocks(before, after []quartier.Area) []BlockChange {
	old := make(map[string]*quartier.Area, len(before))
	for i := range before {
		old[before[i].Code] = &before[i]
	}
	var out []BlockChange
	for i := range after {
		n := &after[i]
		o, ok := old[n.Code]
		switch {
		case !ok:
			out = append(out, BlockChange{Block: n.Code, To: n.Code})
		case math.Abs(o.AreaM2-n.AreaM2) > reshapeTolerance:
			out = append(out, BlockChange{Block: n.Code, From: n.Code, To: n.Code, Reshaped: true})
		}
		delete(old, n.Code)
	}
	for code := range old {
		out = append(out, BlockChange{Block: code, From: code})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Block < out[j].Block })
	return out
}

func blockOwners(areas []quartier.Area) map[string]string {
	m := map[string]string{}
	for _, a := range areas {
		for _, b := range a.Blocks {
			m[b] = a.Code
		}
	}
	return m
}

func placeBlocks(blocks, areas []quartier.Area) map[string]string {
	ix := indexAreas(areas).get()
	m := make(map[string]string, len(blocks))
	for _, b := range blocks {
		if i, ok := ix.Locate(geo.PointOnSurface(b.Geometry)); ok {
			m[b.Code] = areas[i].Code
		} else {
			m[b.Code] = ""
		}
	}
	return m
}
