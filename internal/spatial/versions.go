package spatial

import (
	"context"

	"github.com/quartier/quartier"
)

// VersionAreas returns the areas of one Gebietsstand of a layer, current or
// past, with geometry: a planner compares an old plan with today's areas in
// the GIS. versionID 0 means the current version.
func (a *Service) VersionAreas(ctx context.Context, layerCode string, versionID int64) (*quartier.Layer, *quartier.Version, []quartier.Area, error) {
	if err := quartier.Require(ctx, quartier.PermReadPublic); err != nil {
		return nil, nil, nil, err
	}
	if versionID == 0 {
		return a.currentAreas(ctx, layerCode)
	}
	var (
		l     *quartier.Layer
		v     *quartier.Version
		areas []quartier.Area
	)
	err := a.store.View(ctx, func(tx Tx) error {
		var err error
		if l, err = tx.LayerByCode(ctx, layerCode); err != nil {
			return err
		}
		vs, err := tx.Versions(ctx, l.ID)
		if err != nil {
			return err
		}
		for i := range vs {
			if vs[i].ID == versionID {
				v = &vs[i]
			}
		}
		if v == nil {
			return quartier.Errorf(quartier.ENOTFOUND, "Die Ebene %s hat keinen Gebietsstand %d.", l.Code, versionID)
		}
		areas, err = tx.Areas(ctx, v.ID)
		return err
	})
	return l, v, areas, err
}
