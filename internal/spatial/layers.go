package spatial

import (
	"context"
	"slices"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/geo"
)

// LayerInfo is a layer with its Gebietsstände for overview pages.
type LayerInfo struct {
	Layer    quartier.Layer
	Versions []quartier.Version // oldest first
	Current  *quartier.Version  // nil when the layer has no valid version
	Areas    int                // number of areas in the current version
}

// Layers lists all layers with their versions, in display order.
func (a *Service) Layers(ctx context.Context) ([]LayerInfo, error) {
	if err := quartier.Require(ctx, quartier.PermReadPublic); err != nil {
		return nil, err
	}
	counts := map[string]int{}
	loc := a.Locator()
	for _, ll := range loc.layers {
		counts[ll.layer.Code] = len(ll.areas)
	}
	var out []LayerInfo
	err := a.store.View(ctx, func(tx Tx) error {
		layers, err := tx.Layers(ctx)
		if err != nil {
			return err
		}
		for _, l := range layers {
			vs, err := tx.Versions(ctx, l.ID)
			if err != nil {
				return err
			}
			li := LayerInfo{Layer: l, Versions: vs, Areas: counts[l.Code]}
			for i := len(vs) - 1; i >= 0; i-- {
				if vs[i].ValidTo == nil {
					li.Current = &vs[i]
					break
				}
			}
			out = append(out, li)
		}
		return nil
	})
	return out, err
}

// AreaList returns the codes and names of a layer's current areas, from the
// in-memory index (no database round trip).
func (a *Service) AreaList(ctx context.Context, layerCode string) ([]AreaRef, error) {
	if err := quartier.Require(ctx, quartier.PermReadPublic); err != nil {
		return nil, err
	}
	for _, ll := range a.Locator().layers {
		if ll.layer.Code == layerCode {
			return append([]AreaRef(nil), ll.areas...), nil
		}
	}
	return nil, quartier.Errorf(quartier.ENOTFOUND, "Die Ebene %s gibt es nicht oder sie hat keinen gültigen Gebietsstand.", layerCode)
}

// LayerAreas returns the current areas of a layer with geometry (for maps
// and exports).
func (a *Service) LayerAreas(ctx context.Context, layerCode string) (*quartier.Layer, *quartier.Version, []quartier.Area, error) {
	if err := quartier.Require(ctx, quartier.PermReadPublic); err != nil {
		return nil, nil, nil, err
	}
	return a.currentAreas(ctx, layerCode)
}

// BlockCodes lists the codes of the current blocks, sorted.
func (l *Locator) BlockCodes() []string {
	if l.block < 0 {
		return nil
	}
	out := make([]string, len(l.layers[l.block].areas))
	for i, ar := range l.layers[l.block].areas {
		out[i] = ar.Code
	}
	return out
}

// Version is the current version (Gebietsstand) of a layer; ok is false
// for a layer without one.
func (l *Locator) Version(layer string) (v quartier.Version, ok bool) {
	for _, ll := range l.layers {
		if ll.layer.Code == layer {
			return ll.version, true
		}
	}
	return quartier.Version{}, false
}

// BlockAreas maps every current block to the code of its area in layer
// ("" for a block no area holds), for figures summed from blocks. Only
// the block layer and layers composed of blocks sum exactly; ok is false
// for any other layer and for one without a current version.
func (l *Locator) BlockAreas(layer string) (blocks []string, areas []string, ok bool) {
	if l.block < 0 {
		return nil, nil, false
	}
	blocks = make([]string, len(l.layers[l.block].areas))
	for i, ar := range l.layers[l.block].areas {
		blocks[i] = ar.Code
	}
	for i := range l.layers {
		ll := &l.layers[i]
		if ll.layer.Code != layer {
			continue
		}
		switch {
		case i == l.block:
			return blocks, slices.Clone(blocks), true
		case ll.layer.Kind == quartier.LayerComposed:
			areas = make([]string, len(blocks))
			for bi, ai := range ll.byBlock {
				if ai >= 0 {
					areas[bi] = ll.areas[ai].Code
				}
			}
			return blocks, areas, true
		}
		return nil, nil, false
	}
	return nil, nil, false
}

// BlockIndex is the point index of the block layer (nil without blocks),
// for benchmarks that time the bare point-in-polygon step.
func (l *Locator) BlockIndex() *geo.Index {
	if l.block < 0 {
		return nil
	}
	return l.layers[l.block].index.get()
}

// layerVersion returns a layer and its current version; ENOTFOUND when the
// layer does not exist or has no valid version.
func layerVersion(ctx context.Context, tx Tx, code string) (*quartier.Layer, *quartier.Version, error) {
	l, err := tx.LayerByCode(ctx, code)
	if err != nil {
		return nil, nil, err
	}
	v, err := currentVersion(ctx, tx, l.ID)
	if err != nil {
		return nil, nil, err
	}
	if v == nil {
		return nil, nil, quartier.Errorf(quartier.ENOTFOUND, "Die Ebene %s hat keinen gültigen Gebietsstand.", l.Code)
	}
	return l, v, nil
}

// currentBlocks returns the areas of the block layer's current version.
func currentBlocks(ctx context.Context, tx Tx) ([]quartier.Area, error) {
	bv, err := blockVersion(ctx, tx)
	if err != nil {
		return nil, err
	}
	return tx.Areas(ctx, bv.ID)
}
