package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/quartier/quartier"
)

func (t *Tx) CreateLayer(ctx context.Context, l *quartier.Layer) error {
	id, err := t.insert(ctx, "Die Ebene "+l.Code, t.d.Q.CreateLayer, l.Code, l.Name, string(l.Kind), l.Space, l.Position)
	l.ID = id
	return err
}

func scanLayer(r interface{ Scan(...any) error }, l *quartier.Layer) error {
	var kind string
	err := r.Scan(&l.ID, &l.Code, &l.Name, &kind, &l.Space, &l.Position)
	l.Kind = quartier.LayerKind(kind)
	return err
}

func (t *Tx) Layers(ctx context.Context) ([]quartier.Layer, error) {
	var out []quartier.Layer
	err := t.query(ctx, "Ebenen", t.d.Q.Layers, func(rows *sql.Rows) error {
		var l quartier.Layer
		if err := scanLayer(rows, &l); err != nil {
			return err
		}
		out = append(out, l)
		return nil
	})
	return out, err
}

func (t *Tx) LayerByCode(ctx context.Context, code string) (*quartier.Layer, error) {
	var l quartier.Layer
	if err := scanLayer(t.queryRow(ctx, t.d.Q.LayerByCode, code), &l); err != nil {
		return nil, t.mapErr(err, "Die Ebene "+code)
	}
	return &l, nil
}

func (t *Tx) CreateVersion(ctx context.Context, v *quartier.Version) error {
	v.CreatedAt = time.Now().UTC().Truncate(time.Microsecond)
	id, err := t.insert(ctx, "Der Gebietsstand", t.d.Q.CreateVersion, v.LayerID, dateArg(v.ReferenceDate), dateArg(v.ValidFrom),
		optDate(v.ValidTo), nullID(v.BlockVersionID), v.Source, t.d.Time(v.CreatedAt))
	v.ID = id
	return err
}

func (t *Tx) CloseVersion(ctx context.Context, versionID int64, validTo time.Time) error {
	return t.updateOne(ctx, "Der Gebietsstand", t.d.Q.CloseVersion, dateArg(validTo), versionID)
}

func scanVersion(r interface{ Scan(...any) error }, v *quartier.Version) error {
	var block sql.NullInt64
	err := r.Scan(&v.ID, &v.LayerID, date{&v.ReferenceDate}, date{&v.ValidFrom}, nullDate{&v.ValidTo}, &block, &v.Source, timestamp{&v.CreatedAt})
	v.BlockVersionID = block.Int64
	return err
}

func (t *Tx) Versions(ctx context.Context, layerID int64) ([]quartier.Version, error) {
	var out []quartier.Version
	err := t.query(ctx, "Gebietsstände", t.d.Q.Versions, func(rows *sql.Rows) error {
		var v quartier.Version
		if err := scanVersion(rows, &v); err != nil {
			return err
		}
		out = append(out, v)
		return nil
	}, layerID)
	return out, err
}

func (t *Tx) Version(ctx context.Context, id int64) (*quartier.Version, error) {
	var v quartier.Version
	if err := scanVersion(t.queryRow(ctx, t.d.Q.Version, id), &v); err != nil {
		return nil, t.mapErr(err, "Der Gebietsstand")
	}
	return &v, nil
}
