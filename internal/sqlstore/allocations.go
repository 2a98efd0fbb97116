package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/quartier/quartier"
)

func (t *Tx) SaveAllocation(ctx context.Context, p *quartier.AllocationProposal) error {
	body, err := json.Marshal(p)
	if err != nil {
		return quartier.WrapError(quartier.EINTERNAL, err, "Der Verteilungsvorschlag %s lässt sich nicht speichern.", p.Name)
	}
	var id int64
	var version int
	err = t.tx.QueryRowContext(ctx, t.d.Q.SaveAllocation, p.Name, p.Year, t.d.Time(p.CreatedAt), string(body)).Scan(&id, &version)
	if err != nil {
		return t.mapErr(err, "Der Verteilungsvorschlag "+p.Name)
	}
	p.ID, p.Version = id, version
	return nil
}

func (t *Tx) Allocations(ctx context.Context) ([]quartier.AllocationProposal, error) {
	var out []quartier.AllocationProposal
	err := t.query(ctx, "Verteilungsvorschläge", t.d.Q.Allocations, func(rows *sql.Rows) error {
		var p quartier.AllocationProposal
		var id int64
		var version int
		var body string
		if err := rows.Scan(&id, &version, &body); err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(body), &p); err != nil {
			return err
		}
		p.ID, p.Version = id, version
		out = append(out, p)
		return nil
	})
	return out, err
}
