package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/paulmach/orb"

	"github.com/quartier/quartier"
)

func (t *Tx) CreateAssignment(ctx context.Context, a *quartier.Assignment) error {
	id, err := t.insert(ctx, "Die Zuständigkeit in "+string(a.Space), t.d.Q.CreateAssignment, string(a.Space), nullID(a.ProviderID), nullID(a.AllianceID),
		dateArg(a.ValidFrom), optDate(a.ValidTo), a.Note)
	a.ID = id
	return err
}

func (t *Tx) EndAssignment(ctx context.Context, id int64, validTo time.Time) error {
	return t.updateOne(ctx, "Die Zuständigkeit", t.d.Q.EndAssignment, dateArg(validTo), id)
}

func (t *Tx) Assignments(ctx context.Context, space quartier.SpaceCode) ([]quartier.Assignment, error) {
	var out []quartier.Assignment
	err := t.query(ctx, "Zuständigkeiten", t.d.Q.Assignments, func(rows *sql.Rows) error {
		var a quartier.Assignment
		var prov, all sql.NullInt64
		if err := rows.Scan(&a.ID, &a.Space, &prov, &all, &a.Assignee, date{&a.ValidFrom}, nullDate{&a.ValidTo}, &a.Note); err != nil {
			return err
		}
		a.ProviderID, a.AllianceID = prov.Int64, all.Int64
		out = append(out, a)
		return nil
	}, string(space))
	return out, err
}

func (t *Tx) CreateTeam(ctx context.Context, tm *quartier.Team) error {
	id, err := t.insert(ctx, "Das Team "+tm.Code, t.d.Q.CreateTeam, tm.Code, string(tm.Space), string(tm.Kind), tm.Name, nullID(tm.ProviderID))
	tm.ID = id
	return err
}

// Teams loads the teams of a space and their rooms (two queries).
func (t *Tx) Teams(ctx context.Context, space quartier.SpaceCode) ([]quartier.Team, error) {
	var out []quartier.Team
	byID := map[int64]int{}
	err := t.query(ctx, "Teams", t.d.Q.Teams, func(rows *sql.Rows) error {
		var tm quartier.Team
		var kind string
		var prov sql.NullInt64
		if err := rows.Scan(&tm.ID, &tm.Code, &tm.Space, &kind, &tm.Name, &prov, &tm.Provider); err != nil {
			return err
		}
		tm.Kind, tm.ProviderID = quartier.TeamKind(kind), prov.Int64
		byID[tm.ID] = len(out)
		out = append(out, tm)
		return nil
	}, string(space))
	if err != nil || len(out) == 0 {
		return out, err
	}
	err = t.query(ctx, "Räume", t.d.Q.Rooms, func(rows *sql.Rows) error {
		var r quartier.Room
		var x, y sql.NullFloat64
		if err := rows.Scan(&r.ID, &r.TeamID, &r.Name, &r.Street, &r.HouseNo, &r.Postcode, &r.City, &x, &y, &r.OpeningHours, &r.Phone); err != nil {
			return err
		}
		if x.Valid && y.Valid {
			r.Location = &orb.Point{x.Float64, y.Float64}
		}
		if i, ok := byID[r.TeamID]; ok {
			out[i].Rooms = append(out[i].Rooms, r)
		}
		return nil
	}, string(space))
	return out, err
}

func (t *Tx) UpdateTeam(ctx context.Context, tm *quartier.Team) error {
	return t.updateOne(ctx, "Das Team "+tm.Code, t.d.Q.UpdateTeam, tm.Name, tm.ID)
}

func roomPoint(r *quartier.Room) (x, y any) {
	if r.Location != nil {
		return r.Location[0], r.Location[1]
	}
	return nil, nil
}

func (t *Tx) CreateRoom(ctx context.Context, r *quartier.Room) error {
	x, y := roomPoint(r)
	id, err := t.insert(ctx, "Die Räumlichkeit "+r.Name, t.d.Q.CreateRoom, r.TeamID, r.Name, r.Street, r.HouseNo, r.Postcode, r.City, x, y, r.OpeningHours, r.Phone)
	r.ID = id
	return err
}

func (t *Tx) UpdateRoom(ctx context.Context, r *quartier.Room) error {
	x, y := roomPoint(r)
	return t.updateOne(ctx, "Die Räumlichkeit "+r.Name, t.d.Q.UpdateRoom, r.Name, r.Street, r.HouseNo, r.Postcode, r.City, x, y, r.OpeningHours, r.Phone, r.ID)
}

func (t *Tx) DeleteRoom(ctx context.Context, id int64) error {
	return t.updateOne(ctx, "Die Räumlichkeit", t.d.Q.DeleteRoom, id)
}

func (t *Tx) CreatePerson(ctx context.Context, p *quartier.Person) error {
	id, err := t.insert(ctx, "Die Person "+p.Name, t.d.Q.CreatePerson, p.Name, p.Email, p.Phone, p.Organisation)
	p.ID = id
	return err
}

func (t *Tx) CreateLeadership(ctx context.Context, l *quartier.Leadership) error {
	id, err := t.insert(ctx, "Die Leitungsrolle in "+string(l.Space), t.d.Q.CreateLeadership, string(l.Space), string(l.Role), l.PersonID, dateArg(l.ValidFrom), optDate(l.ValidTo))
	l.ID = id
	return err
}

func (t *Tx) EndLeadership(ctx context.Context, id int64, validTo time.Time) error {
	return t.updateOne(ctx, "Die Leitungsrolle", t.d.Q.EndLeadership, dateArg(validTo), id)
}

func (t *Tx) Leaderships(ctx context.Context, space quartier.SpaceCode) ([]quartier.Leadership, error) {
	var out []quartier.Leadership
	err := t.query(ctx, "Leitungsrollen", t.d.Q.Leaderships, func(rows *sql.Rows) error {
		var l quartier.Leadership
		var role string
		if err := rows.Scan(&l.ID, &l.Space, &role, &l.PersonID, date{&l.ValidFrom}, nullDate{&l.ValidTo},
			&l.Person.Name, &l.Person.Email, &l.Person.Phone, &l.Person.Organisation); err != nil {
			return err
		}
		l.Role, l.Person.ID = quartier.DuoRole(role), l.PersonID
		out = append(out, l)
		return nil
	}, string(space))
	return out, err
}
