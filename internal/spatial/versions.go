package spatial

import (
	"context"
	"fmt"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
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

// ExportAreas returns the areas of a Gebietsstand (0: the current one) for
// a file download in another format than GeoJSON, and records the download
// as ExportGeoJSON does.
func (a *Service) ExportAreas(ctx context.Context, layerCode string, versionID int64, format string) (*quartier.Layer, *quartier.Version, []quartier.Area, error) {
	l, v, areas, err := a.VersionAreas(ctx, layerCode, versionID)
	if err != nil {
		return nil, nil, nil, err
	}
	detail := fmt.Sprintf("%s, Gebietsstand %s", format, v.ReferenceDate.Format(quartier.DateLayout))
	if err := a.audit.Download(ctx, audit.Event{Action: audit.ActionLayerExport, ObjectType: "layer", ObjectID: l.Code, Detail: detail}); err != nil {
		return nil, nil, nil, err
	}
	return l, v, areas, nil
}
