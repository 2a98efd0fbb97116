package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/quartier/quartier"
)

func (t *Tx) SaveAllocation(ctx context.Context, p *quartier.AllocationProposal) error {
	body, err := json.Marshal(p)
	if err != nil {
		return quartier.WrapError(quartier.EINTERNAL, err, "Der Verteilungsvorschlag %s lässt sich nicht speichern.", p.Name)
	}
	var id int64
	var version int
	err = t.queryRow(ctx, t.d.Q.SaveAllocation, p.Name, p.Year, t.d.Time(p.CreatedAt), string(body)).Scan(&id, &version)
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

// A released proposal is stored whole as JSON, like a committee report:
// it is what the committee read, never changed or queried by cell.
func (t *Tx) ReleaseAllocation(ctx context.Context, r *quartier.AllocationRelease) error {
	body, err := json.Marshal(r)
	if err != nil {
		return quartier.WrapError(quartier.EINTERNAL, err, "Der Verteilungsvorschlag %d lässt sich nicht veröffentlichen.", r.Allocation)
	}
	return t.exec(ctx, fmt.Sprintf("Die Veröffentlichung des Verteilungsvorschlags %d", r.Allocation), t.d.Q.ReleaseAllocation,
		r.Allocation, t.d.Time(r.ReleasedAt), r.ReleasedBy, string(body))
}

func (t *Tx) AllocationReleases(ctx context.Context) ([]quartier.AllocationRelease, error) {
	var out []quartier.AllocationRelease
	err := t.query(ctx, "Veröffentlichte Verteilungsvorschläge", t.d.Q.AllocationReleases, func(rows *sql.Rows) error {
		r, err := scanAllocationRelease(rows)
		if err == nil {
			out = append(out, *r)
		}
		return err
	})
	return out, err
}

func (t *Tx) AllocationRelease(ctx context.Context, allocation int64) (*quartier.AllocationRelease, error) {
	r, err := scanAllocationRelease(t.queryRow(ctx, t.d.Q.AllocationRelease, allocation))
	return r, t.mapErr(err, fmt.Sprintf("Der veröffentlichte Verteilungsvorschlag %d", allocation))
}

// scanAllocationRelease reads the body, then the columns over it: the
// columns are the record's key and time as the engine keeps them.
func scanAllocationRelease(row interface{ Scan(...any) error }) (*quartier.AllocationRelease, error) {
	var r quartier.AllocationRelease
	var id int64
	var at time.Time
	var by, body string
	if err := row.Scan(&id, timestamp{&at}, &by, &body); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		return nil, err
	}
	r.Allocation, r.ReleasedAt, r.ReleasedBy = id, at, by
	return &r, nil
}
