package sqlstore

import (
	"context"
	"database/sql"
	"errors"
)

func (t *Tx) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := t.queryRow(ctx, t.d.Q.GetSetting, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, t.mapErr(err, "Die Einstellung "+key)
}

func (t *Tx) SetSetting(ctx context.Context, key, value string) error {
	return t.exec(ctx, "Die Einstellung "+key, t.d.Q.SetSetting, key, value)
}
