package sqlstore

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/quartier/quartier"
)

func scanUser(r interface{ Scan(...any) error }, u *quartier.User) error {
	var codes string
	err := r.Scan(&u.ID, &u.Login, &u.Name, &u.Email, &u.PasswordHash, &u.TOTPSecret, &u.TOTPLastStep, &u.Disabled, timestamp{&u.CreatedAt}, &codes, &u.ExternalID,
		&u.MustChangePassword, nullTimestamp{&u.PasswordSetAt}, &u.MustEnrollTOTP)
	u.RecoveryCodes = nil
	if codes != "" {
		u.RecoveryCodes = strings.Split(codes, ",")
	}
	return err
}

func (t *Tx) CreateUser(ctx context.Context, u *quartier.User) error {
	u.CreatedAt = time.Now().UTC().Truncate(time.Microsecond)
	id, err := t.insert(ctx, "Das Konto "+u.Login, t.d.Q.CreateUser, u.Login, u.Name, u.Email, u.PasswordHash, u.TOTPSecret, u.TOTPLastStep, u.Disabled, t.d.Time(u.CreatedAt), strings.Join(u.RecoveryCodes, ","), u.ExternalID,
		u.MustChangePassword, t.optTime(u.PasswordSetAt), u.MustEnrollTOTP)
	u.ID = id
	return err
}

func (t *Tx) UpdateUser(ctx context.Context, u *quartier.User) error {
	return t.updateOne(ctx, "Das Konto "+u.Login, t.d.Q.UpdateUser, u.ID, u.Name, u.Email, u.PasswordHash, u.TOTPSecret, u.TOTPLastStep, u.Disabled, strings.Join(u.RecoveryCodes, ","),
		u.MustChangePassword, t.optTime(u.PasswordSetAt), u.MustEnrollTOTP)
}

func (t *Tx) UserByLogin(ctx context.Context, login string) (*quartier.User, error) {
	var u quartier.User
	if err := scanUser(t.queryRow(ctx, t.d.Q.UserByLogin, login), &u); err != nil {
		return nil, t.mapErr(err, "Das Konto "+login)
	}
	return &u, nil
}

func (t *Tx) UserByID(ctx context.Context, id int64) (*quartier.User, error) {
	var u quartier.User
	if err := scanUser(t.queryRow(ctx, t.d.Q.UserByID, id), &u); err != nil {
		return nil, t.mapErr(err, "Das Konto")
	}
	return &u, nil
}

func (t *Tx) Users(ctx context.Context) ([]quartier.User, error) {
	var out []quartier.User
	err := t.query(ctx, "Konten", t.d.Q.Users, func(rows *sql.Rows) error {
		var u quartier.User
		if err := scanUser(rows, &u); err != nil {
			return err
		}
		out = append(out, u)
		return nil
	})
	return out, err
}

func (t *Tx) CreateGrant(ctx context.Context, g *quartier.Grant) error {
	id, err := t.insert(ctx, "Die Berechtigung", t.d.Q.CreateGrant, g.UserID, string(g.Role), string(g.Scope.Kind), g.Scope.Ref,
		joinSpaces(g.Scope.Spaces), dateArg(g.ValidFrom), optDate(g.ValidTo), g.Source)
	g.ID = id
	return err
}

func (t *Tx) EndGrant(ctx context.Context, id int64, validTo time.Time) error {
	return t.updateOne(ctx, "Die Berechtigung, die nicht schon früher endet,", t.d.Q.EndGrant, dateArg(validTo), id)
}

func (t *Tx) Grants(ctx context.Context, userID int64) ([]quartier.Grant, error) {
	var out []quartier.Grant
	err := t.query(ctx, "Berechtigungen", t.d.Q.Grants, func(rows *sql.Rows) error {
		var g quartier.Grant
		var role, kind, spaces string
		if err := rows.Scan(&g.ID, &g.UserID, &role, &kind, &g.Scope.Ref, &spaces, date{&g.ValidFrom}, nullDate{&g.ValidTo}, &g.Source); err != nil {
			return err
		}
		g.Role, g.Scope.Kind = quartier.Role(role), quartier.ScopeKind(kind)
		if spaces != "" {
			g.Scope.Spaces = quartier.SpaceCodes(strings.Split(spaces, ","))
		}
		out = append(out, g)
		return nil
	}, userID)
	return out, err
}

func scanSession(r interface{ Scan(...any) error }, s *quartier.Session) error {
	return r.Scan(&s.ID, &s.TokenHash, &s.UserID, timestamp{&s.CreatedAt}, timestamp{&s.LastSeen}, &s.Remote, &s.UserAgent, &s.SecondFactor)
}

func (t *Tx) CreateSession(ctx context.Context, s *quartier.Session) error {
	id, err := t.insert(ctx, "Die Sitzung", t.d.Q.CreateSession, s.TokenHash, s.UserID, t.d.Time(s.CreatedAt), t.d.Time(s.LastSeen), s.Remote, s.UserAgent, s.SecondFactor)
	s.ID = id
	return err
}

func (t *Tx) SessionByTokenHash(ctx context.Context, hash string) (*quartier.Session, error) {
	var s quartier.Session
	if err := scanSession(t.queryRow(ctx, t.d.Q.SessionByTokenHash, hash), &s); err != nil {
		return nil, t.mapErr(err, "Die Sitzung")
	}
	return &s, nil
}

func (t *Tx) UpdateSession(ctx context.Context, s *quartier.Session) error {
	return t.updateOne(ctx, "Die Sitzung", t.d.Q.UpdateSession, s.ID, t.d.Time(s.LastSeen), s.SecondFactor)
}

func (t *Tx) DeleteSession(ctx context.Context, id int64) error {
	return t.exec(ctx, "Die Sitzung", t.d.Q.DeleteSession, id)
}

func (t *Tx) DeleteUserSessions(ctx context.Context, userID int64) error {
	return t.exec(ctx, "Die Sitzungen", t.d.Q.DeleteUserSessions, userID)
}

func (t *Tx) UserSessions(ctx context.Context, userID int64) ([]quartier.Session, error) {
	var out []quartier.Session
	err := t.query(ctx, "Sitzungen", t.d.Q.UserSessions, func(rows *sql.Rows) error {
		var s quartier.Session
		if err := scanSession(rows, &s); err != nil {
			return err
		}
		out = append(out, s)
		return nil
	}, userID)
	return out, err
}

func scanAudit(r interface{ Scan(...any) error }, e *quartier.AuditEntry) error {
	return r.Scan(&e.ID, timestamp{&e.At}, &e.UserID, &e.Login, &e.Roles, &e.Scope, &e.Action, &e.ObjectType, &e.ObjectID, &e.Outcome, &e.Remote, &e.Detail, &e.PrevHash, &e.Hash)
}

func (t *Tx) AppendAudit(ctx context.Context, e *quartier.AuditEntry) error {
	return t.exec(ctx, "Der Protokolleintrag", t.d.Q.AppendAudit, e.ID, t.d.Time(e.At), e.UserID, e.Login, e.Roles, e.Scope, e.Action,
		e.ObjectType, e.ObjectID, e.Outcome, e.Remote, e.Detail, e.PrevHash, e.Hash)
}

func (t *Tx) LastAudit(ctx context.Context) (*quartier.AuditEntry, error) {
	var e quartier.AuditEntry
	err := scanAudit(t.queryRow(ctx, t.d.Q.LastAudit), &e)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, t.mapErr(err, "Das Protokoll")
	}
	return &e, nil
}

func (t *Tx) AuditEntries(ctx context.Context, f quartier.AuditFilter) ([]quartier.AuditEntry, error) {
	if f.Limit <= 0 {
		f.Limit = 1000
	}
	// Open bounds are the ends of the calendar, so the statement needs no
	// NULL test (see the package comment); the zero From is year 1 already.
	// Four-digit years keep SQLite's text order.
	from, to := t.d.Time(f.From), t.d.Time(endOfCalendar())
	if !f.To.IsZero() {
		to = t.d.Time(f.To)
	}
	var out []quartier.AuditEntry
	err := t.query(ctx, "Protokoll", t.d.Q.AuditEntries, func(rows *sql.Rows) error {
		var e quartier.AuditEntry
		if err := scanAudit(rows, &e); err != nil {
			return err
		}
		out = append(out, e)
		return nil
	}, f.AfterID, f.Login, f.ObjectType, f.ObjectID, f.Action, from, to, f.Limit)
	return out, err
}

// endOfCalendar is after every stored time: the open end of a filter.
func endOfCalendar() time.Time { return time.Date(9999, 12, 31, 23, 59, 59, 999999000, time.UTC) }

// auditColumns is the column list of audit_log inserts; AppendAudits builds
// one VALUES tuple per entry, because parsing one statement per entry was
// the main cost of audited page views.
const auditColumns = "id, at, user_id, login, roles, scope, action, object_type, object_id, outcome, remote, detail, prev_hash, hash"

func (t *Tx) AppendAudits(ctx context.Context, es []quartier.AuditEntry) error {
	if len(es) == 0 {
		return nil
	}
	var b strings.Builder
	b.WriteString("INSERT INTO audit_log (" + auditColumns + ") VALUES ")
	args := make([]any, 0, 14*len(es))
	for i, e := range es {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('(')
		for j := 0; j < 14; j++ {
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteString(t.d.Placeholder(len(args) + j + 1))
		}
		b.WriteByte(')')
		args = append(args, e.ID, t.d.Time(e.At), e.UserID, e.Login, e.Roles, e.Scope, e.Action, e.ObjectType, e.ObjectID, e.Outcome, e.Remote, e.Detail, e.PrevHash, e.Hash)
	}
	return t.exec(ctx, "Die Protokolleinträge", b.String(), args...)
}

// joinSpaces stores a grant's spaces in one column: a grant names few of
// them and is always read whole.
func joinSpaces(codes []quartier.SpaceCode) string {
	var b strings.Builder
	for i, c := range codes {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(string(c))
	}
	return b.String()
}
