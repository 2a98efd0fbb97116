package atlas

import (
	"context"
	"strconv"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
)

// settingAtlasGeneration counts writes to the atlas. Every process serving
// the atlas keeps an in-memory snapshot (search index, facets, open-now)
// and reloads it when the stored generation differs from its own, so a CLI
// import or a second server behind the same PostgreSQL is seen by all.
const settingAtlasGeneration = "atlas.generation"

// atlasChanged records in tx that places, offers, providers, topics or
// synonyms changed. Every use case that writes atlas data calls it in
// the same transaction, so the counter moves exactly when the data does.
func (a *Service) atlasChanged(ctx context.Context, tx Tx) error {
	g, err := atlasGeneration(ctx, tx)
	if err != nil {
		return err
	}
	if err := tx.SetSetting(ctx, settingAtlasGeneration, strconv.FormatInt(g+1, 10)); err != nil {
		return err
	}
	// The change feed of older generations serves no snapshot any more
	// (see patchGenerations).
	return tx.PruneAtlasChanges(ctx, g+1-patchGenerations)
}

// updateAtlas is the write path of the atlas: audit.Log.Change (the
// permission, one transaction, the entry fn returns) with the atlas
// generation moved in the same transaction; after the commit this process
// sees its own write at once.
func (a *Service) updateAtlas(ctx context.Context, p quartier.Permission, objectType, objectID string, fn func(tx Tx) (audit.Event, error)) error {
	err := audit.Change(ctx, a.audit, a.store, p, objectType, objectID, func(tx Tx) (audit.Event, error) {
		ev, err := fn(tx)
		if err != nil {
			return ev, err
		}
		return ev, a.atlasChanged(ctx, tx)
	})
	if err == nil {
		a.atlasWrites.Add(1)
	}
	return err
}

func atlasGeneration(ctx context.Context, tx Tx) (int64, error) {
	s, err := tx.Setting(ctx, settingAtlasGeneration)
	if err != nil || s == "" {
		return 0, err
	}
	g, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, quartier.WrapError(quartier.EINTERNAL, err, "Zähler des Atlas ist unlesbar.")
	}
	return g, nil
}
