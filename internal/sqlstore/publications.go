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
	p, err := scanPublication(t.queryRow(ctx, t.d.Q.Publication, id))
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

func (t *Tx) CreateCommitteeReport(ctx context.Context, r *quartier.CommitteeReport) error {
	body, err := json.Marshal(r)
	if err != nil {
		return quartier.WrapError(quartier.EINTERNAL, err, "Der Bericht lässt sich nicht speichern.")
	}
	id, err := t.insert(ctx, "Der Bericht", t.d.Q.CreateCommitteeReport, r.Figures.Layer, r.Title, t.d.Time(r.PublishedAt), r.PublishedBy, string(body))
	if err == nil {
		r.ID = id
	}
	return err
}

func (t *Tx) CommitteeReports(ctx context.Context) ([]quartier.CommitteeReport, error) {
	var out []quartier.CommitteeReport
	err := t.query(ctx, "Berichte", t.d.Q.CommitteeReports, func(rows *sql.Rows) error {
		r, err := scanCommitteeReport(rows)
		if err == nil {
			out = append(out, *r)
		}
		return err
	})
	return out, err
}

func (t *Tx) CommitteeReport(ctx context.Context, id int64) (*quartier.CommitteeReport, error) {
	r, err := scanCommitteeReport(t.queryRow(ctx, t.d.Q.CommitteeReport, id))
	return r, t.mapErr(err, "Der Bericht")
}

// scanCommitteeReport reads the columns, then the body over them: the
// columns are what the list has without a body.
func scanCommitteeReport(row interface{ Scan(...any) error }) (*quartier.CommitteeReport, error) {
	var r quartier.CommitteeReport
	var body string
	if err := row.Scan(&r.ID, &r.Figures.Layer, &r.Title, timestamp{&r.PublishedAt}, &r.PublishedBy, &body); err != nil {
		return nil, err
	}
	if body != "" {
		id, at := r.ID, r.PublishedAt
		if err := json.Unmarshal([]byte(body), &r); err != nil {
			return nil, err
		}
		r.ID, r.PublishedAt = id, at
	}
	return &r, nil
}
