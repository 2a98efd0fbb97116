package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/quartier/quartier"
)

func scanAPIToken(r interface{ Scan(...any) error }, k *quartier.APIToken) error {
	return r.Scan(&k.ID, &k.TokenHash, &k.UserID, &k.Name, timestamp{&k.CreatedAt}, timestamp{&k.ExpiresAt}, nullTimestamp{&k.LastUsed})
}

func (t *Tx) CreateAPIToken(ctx context.Context, k *quartier.APIToken) error {
	id, err := t.insert(ctx, "Der API-Schlüssel", t.d.Q.CreateAPIToken, k.TokenHash, k.UserID, k.Name, t.d.Time(k.CreatedAt), t.d.Time(k.ExpiresAt))
	k.ID = id
	return err
}

func (t *Tx) APITokenByHash(ctx context.Context, hash string) (*quartier.APIToken, error) {
	var k quartier.APIToken
	if err := scanAPIToken(t.queryRow(ctx, t.d.Q.APITokenByHash, hash), &k); err != nil {
		return nil, t.mapErr(err, "Der API-Schlüssel")
	}
	return &k, nil
}

func (t *Tx) TouchAPIToken(ctx context.Context, id int64, at time.Time) error {
	return t.updateOne(ctx, "Der API-Schlüssel", t.d.Q.TouchAPIToken, id, t.d.Time(at))
}

func (t *Tx) DeleteAPIToken(ctx context.Context, userID, id int64) error {
	return t.updateOne(ctx, "Der API-Schlüssel", t.d.Q.DeleteAPIToken, userID, id)
}

func (t *Tx) UserAPITokens(ctx context.Context, userID int64) ([]quartier.APIToken, error) {
	var out []quartier.APIToken
	err := t.query(ctx, "API-Schlüssel", t.d.Q.UserAPITokens, func(rows *sql.Rows) error {
		var k quartier.APIToken
		if err := scanAPIToken(rows, &k); err != nil {
			return err
		}
		out = append(out, k)
		return nil
	}, userID)
	return out, err
}
