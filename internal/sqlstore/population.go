package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/quartier/quartier"
)

func (t *Tx) SavePopulation(ctx context.Context, group string, date time.Time, ps []quartier.Population) error {
	if err := t.exec(ctx, "Die Einwohnerzahlen "+group, t.d.Q.DeletePopulation, group, dateArg(date)); err != nil {
		return err
	}
	for _, p := range ps {
		if err := t.exec(ctx, "Die Einwohnerzahl von "+p.Block, t.d.Q.CreatePopulation, p.Block, group, dateArg(date), p.Residents); err != nil {
			return err
		}
	}
	return nil
}

func (t *Tx) Population(ctx context.Context) ([]quartier.Population, error) {
	var out []quartier.Population
	err := t.query(ctx, "Einwohnerzahlen", t.d.Q.Population, func(rows *sql.Rows) error {
		var p quartier.Population
		if err := rows.Scan(&p.Block, &p.Group, date{&p.ReferenceDate}, &p.Residents); err != nil {
			return err
		}
		out = append(out, p)
		return nil
	})
	return out, err
}
