package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/quartier/quartier"
)

func (t *Tx) CreateProvider(ctx context.Context, p *quartier.Provider) error {
	id, err := t.insert(ctx, "Der Träger "+p.Code, t.d.Q.CreateProvider, p.Code, p.Name, p.ShortName, string(p.Kind), p.Website)
	p.ID = id
	return err
}

func scanProvider(r interface{ Scan(...any) error }, p *quartier.Provider) error {
	var kind string
	err := r.Scan(&p.ID, &p.Code, &p.Name, &p.ShortName, &kind, &p.Website)
	p.Kind = quartier.ProviderKind(kind)
	return err
}

func (t *Tx) Providers(ctx context.Context) ([]quartier.Provider, error) {
	var out []quartier.Provider
	err := t.query(ctx, "Träger", t.d.Q.Providers, func(rows *sql.Rows) error {
		var p quartier.Provider
		if err := scanProvider(rows, &p); err != nil {
			return err
		}
		out = append(out, p)
		return nil
	})
	return out, err
}

func (t *Tx) ProviderByCode(ctx context.Context, code string) (*quartier.Provider, error) {
	var p quartier.Provider
	if err := scanProvider(t.queryRow(ctx, t.d.Q.ProviderByCode, code), &p); err != nil {
		return nil, t.mapErr(err, "Der Träger "+code)
	}
	return &p, nil
}

func (t *Tx) UpdateProvider(ctx context.Context, p *quartier.Provider) error {
	return t.updateOne(ctx, "Der Träger "+p.Code, t.d.Q.UpdateProvider, p.Name, p.ShortName, string(p.Kind), p.Website, p.ID)
}

func (t *Tx) CreateAlliance(ctx context.Context, a *quartier.Alliance) error {
	id, err := t.insert(ctx, "Der Trägerverbund "+a.Code, t.d.Q.CreateAlliance, a.Code, a.Name)
	if err != nil {
		return err
	}
	a.ID = id
	return t.createMembers(ctx, a)
}

func (t *Tx) createMembers(ctx context.Context, a *quartier.Alliance) error {
	for _, m := range a.Members {
		var from any
		if !m.ValidFrom.IsZero() {
			from = dateArg(m.ValidFrom)
		}
		if err := t.exec(ctx, "Das Mitglied "+m.Provider+" im Trägerverbund "+a.Code, t.d.Q.CreateAllianceMember, a.ID, m.ProviderID, m.Lead, from, optDate(m.ValidTo)); err != nil {
			return err
		}
	}
	return nil
}

// UpdateAlliance replaces the membership periods whole; the use case
// (spatial.UpdateAlliance) keeps the past ones as they were.
func (t *Tx) UpdateAlliance(ctx context.Context, a *quartier.Alliance) error {
	what := "Der Trägerverbund " + a.Code
	if err := t.updateOne(ctx, what, t.d.Q.UpdateAlliance, a.Name, a.ID); err != nil {
		return err
	}
	if err := t.exec(ctx, what, t.d.Q.DeleteAllianceMembers, a.ID); err != nil {
		return err
	}
	return t.createMembers(ctx, a)
}

// alliances runs q (Alliances or AllianceByCode) and attaches the members.
func (t *Tx) alliances(ctx context.Context, q string, args ...any) ([]quartier.Alliance, error) {
	var out []quartier.Alliance
	byID := map[int64]int{}
	err := t.query(ctx, "Trägerverbünde", q, func(rows *sql.Rows) error {
		var a quartier.Alliance
		if err := rows.Scan(&a.ID, &a.Code, &a.Name); err != nil {
			return err
		}
		byID[a.ID] = len(out)
		out = append(out, a)
		return nil
	}, args...)
	if err != nil || len(out) == 0 {
		return out, err
	}
	err = t.query(ctx, "Verbundmitglieder", t.d.Q.AllianceMembers, func(rows *sql.Rows) error {
		var id int64
		var m quartier.AllianceMember
		var from *time.Time
		if err := rows.Scan(&id, &m.ID, &m.ProviderID, &m.Provider, &m.Lead, nullDate{&from}, nullDate{&m.ValidTo}); err != nil {
			return err
		}
		if from != nil {
			m.ValidFrom = *from
		}
		if i, ok := byID[id]; ok {
			out[i].Members = append(out[i].Members, m)
		}
		return nil
	})
	return out, err
}

func (t *Tx) Alliances(ctx context.Context) ([]quartier.Alliance, error) {
	return t.alliances(ctx, t.d.Q.Alliances)
}

func (t *Tx) AllianceByCode(ctx context.Context, code string) (*quartier.Alliance, error) {
	as, err := t.alliances(ctx, t.d.Q.AllianceByCode, code)
	if err != nil {
		return nil, err
	}
	if len(as) == 0 {
		return nil, quartier.Errorf(quartier.ENOTFOUND, "Der Trägerverbund %s wurde nicht gefunden.", code)
	}
	return &as[0], nil
}
