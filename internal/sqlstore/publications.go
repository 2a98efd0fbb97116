package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/quartier/quartier"
)

// A publication's table is stored as JSON: it is a snapshot, read whole
// and never changed or queried by cell.
func (t *Tx) CreatePublication(ctx context.Context, p *quartier.Publication) error {
	content, err := json.Marshal(p.Table)
	if err != nil {
		return quartier.WrapError(quartier.EINTERNAL, err, "Die Veröffentlichung lässt sich nicht speichern.")
	}
	id, err := t.insert(ctx, "Die Veröffentlichung", t.d.Q.CreatePublication, string(p.Kind), p.Subject, p.Layer, dateArg(p.ReferenceDate),
		p.Title, t.d.Time(p.PublishedAt), p.PublishedBy, string(content))
	if err == nil {
		p.ID = id
	}
	return err
}

func (t *Tx) Publications(ctx context.Context) ([]quartier.Publication, error) {
	var out []quartier.Publication
	err := t.query(ctx, "Veröffentlichungen", t.d.Q.Publications, func(rows *sql.Rows) error {
		p, err := scanPublication(rows)
		if err == nil {
			out = append(out, *p)
		}
		return err
	})
	return out, err
}

func (t *Tx) Publication(ctx context.Context, id int64) (*quartier.Publication, error) {
	p, err := scanPublication(t.tx.QueryRowContext(ctx, t.d.Q.Publication, id))
	return p, t.mapErr(err, "Die Veröffentlichung")
}

func scanPublication(row interface{ Scan(...any) error }) (*quartier.Publication, error) {
	var p quartier.Publication
	var kind, content string
	if err := row.Scan(&p.ID, &kind, &p.Subject, &p.Layer, date{&p.ReferenceDate}, &p.Title, timestamp{&p.PublishedAt}, &p.PublishedBy, &content); err != nil {
		return nil, err
	}
	p.Kind = quartier.PublicationKind(kind)
	if content != "" {
		if err := json.Unmarshal([]byte(content), &p.Table); err != nil {
			return nil, err
		}
	}
	return &p, nil
}
