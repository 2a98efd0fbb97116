package storetest

import (
	"testing"
	"time"

	"github.com/quartier/quartier"
)

func testAPITokens(t *testing.T, s quartier.Store) {
	now := time.Now().UTC().Truncate(time.Microsecond)
	var anna, bert *quartier.User
	var a, b quartier.APIToken
	update(t, s, func(tx quartier.Tx) error {
		anna, bert = mkUser(t, tx, "anna"), mkUser(t, tx, "bert")
		a = quartier.APIToken{TokenHash: "t1", UserID: anna.ID, Name: "QGIS Planung", CreatedAt: now, ExpiresAt: now.AddDate(0, 0, 90)}
		b = quartier.APIToken{TokenHash: "t2", UserID: anna.ID, Name: "GDAL", CreatedAt: now.Add(time.Minute), ExpiresAt: now.AddDate(0, 0, 1)}
		if err := tx.CreateAPIToken(ctx, &a); err != nil {
			return err
		}
		return tx.CreateAPIToken(ctx, &b)
	})
	// Unique hash: a second token with the same hash is a conflict.
	wantCode(t, s.Update(ctx, func(tx quartier.Tx) error { dup := a; return tx.CreateAPIToken(ctx, &dup) }), quartier.ECONFLICT)
	view(t, s, func(tx quartier.Tx) error {
		got, err := tx.APITokenByHash(ctx, "t1")
		if err != nil || got.ID != a.ID || got.Name != "QGIS Planung" || !got.CreatedAt.Equal(now) || !got.ExpiresAt.Equal(a.ExpiresAt) || !got.LastUsed.IsZero() {
			t.Fatalf("token: %+v %v", got, err)
		}
		_, err = tx.APITokenByHash(ctx, "t3")
		wantCode(t, err, quartier.ENOTFOUND)
		return nil
	})
	update(t, s, func(tx quartier.Tx) error { return tx.TouchAPIToken(ctx, a.ID, now.Add(time.Hour)) })
	view(t, s, func(tx quartier.Tx) error {
		list, err := tx.UserAPITokens(ctx, anna.ID)
		if err != nil || len(list) != 2 || list[0].ID != b.ID || !list[1].LastUsed.Equal(now.Add(time.Hour)) {
			t.Fatalf("newest first, last used: %+v %v", list, err)
		}
		return nil
	})
	// Only the owner's own token is deleted.
	wantCode(t, s.Update(ctx, func(tx quartier.Tx) error { return tx.DeleteAPIToken(ctx, bert.ID, a.ID) }), quartier.ENOTFOUND)
	update(t, s, func(tx quartier.Tx) error { return tx.DeleteAPIToken(ctx, anna.ID, a.ID) })
	view(t, s, func(tx quartier.Tx) error {
		_, err := tx.APITokenByHash(ctx, "t1")
		wantCode(t, err, quartier.ENOTFOUND)
		list, err := tx.UserAPITokens(ctx, anna.ID)
		if err != nil || len(list) != 1 || list[0].ID != b.ID {
			t.Fatalf("after delete: %+v %v", list, err)
		}
		return nil
	})
}
