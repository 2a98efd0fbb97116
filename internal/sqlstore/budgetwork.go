package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/quartier/quartier"
)

// The SQL of projects, staff hours and the finance import. It is one text
// for both engines like Queries; it lives here rather than in Queries
// because no engine replaces any of it — but PostgreSQL looks references
// up with an array (qEntriesByRefArray), which SQLite has no type for.
const (
	projectCols      = `id, code, name, space, kind, goals, partners, valid_from, valid_to, created_at`
	qCreateProject   = `INSERT INTO budget_projects (code, name, space, kind, goals, partners, valid_from, valid_to, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`
	qUpdateProject   = `UPDATE budget_projects SET name = $2, goals = $3, partners = $4, valid_from = $5, valid_to = $6 WHERE id = $1`
	qProject         = `SELECT ` + projectCols + ` FROM budget_projects WHERE code = $1`
	qProjectByID     = `SELECT ` + projectCols + ` FROM budget_projects WHERE id = $1`
	qProjects        = `SELECT ` + projectCols + ` FROM budget_projects WHERE CAST($1 AS TEXT) = '' OR space = $1 ORDER BY space, code`
	qOfferExists     = `SELECT count(*) FROM offers WHERE key = $1`
	qPlaceExists     = `SELECT count(*) FROM places WHERE key = $1`
	qProviderExists  = `SELECT (SELECT count(*) FROM providers WHERE code = $1) + (SELECT count(*) FROM alliances WHERE code = $1)`
	qDeleteCount     = `DELETE FROM budget_project_counts WHERE project_id = $1 AND period_from = $2`
	qInsertCount     = `INSERT INTO budget_project_counts (project_id, period_from, period_to, participants, meetings, note) VALUES ($1, $2, $3, $4, $5, $6)`
	qProjectCounts   = `SELECT project_id, period_from, period_to, participants, meetings, note FROM budget_project_counts WHERE project_id = $1 ORDER BY period_from`
	qLinkEntry       = `INSERT INTO budget_entry_projects (entry_id, project_id) VALUES ($1, $2)`
	qEntryProject    = `SELECT COALESCE(MAX(project_id), 0) FROM budget_entry_projects WHERE entry_id = $1`
	qProjectBookings = `SELECT COALESCE(SUM(e.amount), 0), count(*) FROM budget_entry_projects p JOIN budget_entries e ON e.id = p.entry_id
		WHERE p.project_id = $1 AND e.kind = 'booked'`

	qDeleteHours = `DELETE FROM staff_hours WHERE user_id = $1 AND team = $2 AND week = $3 AND kind = $4 AND project_id = $5`
	qPurgeHours  = `DELETE FROM staff_hours WHERE week < $1`
	qInsertHours = `INSERT INTO staff_hours (user_id, team, week, kind, project_id, hundredths, recorded_by, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`
	qHours       = `SELECT h.user_id, COALESCE(u.login, ''), h.team, h.week, h.kind, h.project_id, h.hundredths, h.recorded_by, h.at
		FROM staff_hours h LEFT JOIN users u ON u.id = h.user_id
		WHERE (CAST($1 AS TEXT) = '' OR h.team = $1) AND (CAST($2 AS BIGINT) = 0 OR h.user_id = $2) AND h.week >= $3 AND h.week < $4
		ORDER BY h.week, h.team, u.login, h.kind, h.project_id`
	qHoursCells = `SELECT team, week, kind, user_id, SUM(hundredths) FROM staff_hours
		WHERE (CAST($1 AS TEXT) = '' OR team IN (SELECT code FROM teams WHERE space = $1)) AND week >= $2 AND week < $3
		GROUP BY team, week, kind, user_id ORDER BY team, week, kind, user_id`
	qDeleteTarget = `DELETE FROM team_hour_targets WHERE team = $1`
	qInsertTarget = `INSERT INTO team_hour_targets (team, percent, basis, set_at) VALUES ($1, $2, $3, $4)`
	qTargets      = `SELECT team, percent, basis, set_at FROM team_hour_targets ORDER BY team`

	qDeleteMapping = `DELETE FROM finance_mappings WHERE cost_centre = $1 AND cost_unit = $2`
	qInsertMapping = `INSERT INTO finance_mappings (cost_centre, cost_unit, space, team, line) VALUES ($1, $2, $3, $4, $5)`
	qMappings      = `SELECT cost_centre, cost_unit, space, team, line FROM finance_mappings ORDER BY cost_centre, cost_unit`
	qEntriesByRefs = `SELECT e.id, l.budget_id, e.line_id, e.kind, e.amount, e.value_date, e.term_from, e.term_to, e.unit, e.per_week, e.rate, e.commitment_id, e.reverses_id, e.ref, e.why, e.user_id, e.login, e.at
		FROM budget_entries e JOIN budget_lines l ON l.id = e.line_id WHERE e.ref <> '' AND e.ref IN `
	// qEntriesByRefArray is PostgreSQL's: the references as one text[].
	qEntriesByRefArray = `SELECT e.id, l.budget_id, e.line_id, e.kind, e.amount, e.value_date, e.term_from, e.term_to, e.unit, e.per_week, e.rate, e.commitment_id, e.reverses_id, e.ref, e.why, e.user_id, e.login, e.at
		FROM budget_entries e JOIN budget_lines l ON l.id = e.line_id WHERE e.ref <> '' AND e.ref = ANY($1) ORDER BY e.id`
)

// refBatch bounds the references of one IN list, entryBatch the entries
// of one INSERT (16 parameters each). SQLite's driver looks parameters up
// by a linear scan, so its statements stay small; PostgreSQL pays a round
// trip per statement, so its are large (16,000 of the 65,535 parameters
// a statement may have).
const (
	refBatch           = 500
	refBatchPostgres   = 20_000
	entryBatch         = 64
	entryBatchPostgres = 1000
)

func (t *Tx) CreateProject(ctx context.Context, p *quartier.Project) error {
	partners, err := json.Marshal(p.Partners)
	if err != nil {
		return err
	}
	p.ID, err = t.insert(ctx, "Das Projekt "+p.Code, qCreateProject, p.Code, p.Name, string(p.Space), p.Kind, p.Goals, string(partners), dateArg(p.From), optDate(p.To), t.d.Time(p.Created))
	return err
}

func (t *Tx) UpdateProject(ctx context.Context, p *quartier.Project) error {
	partners, err := json.Marshal(p.Partners)
	if err != nil {
		return err
	}
	return t.updateOne(ctx, "Das Projekt "+p.Code, qUpdateProject, p.ID, p.Name, p.Goals, string(partners), dateArg(p.From), optDate(p.To))
}

func (t *Tx) Project(ctx context.Context, code string) (*quartier.Project, error) {
	return t.oneProject(ctx, "Das Projekt "+code, qProject, code)
}

func (t *Tx) ProjectByID(ctx context.Context, id int64) (*quartier.Project, error) {
	return t.oneProject(ctx, "Das Projekt", qProjectByID, id)
}

func (t *Tx) oneProject(ctx context.Context, what, q string, arg any) (*quartier.Project, error) {
	var p quartier.Project
	if err := t.mapErr(scanProject(t.queryRow(ctx, q, arg), &p), what); err != nil {
		return nil, err
	}
	return &p, nil
}

func (t *Tx) Projects(ctx context.Context, space quartier.SpaceCode) ([]quartier.Project, error) {
	var out []quartier.Project
	err := t.query(ctx, "Projekte", qProjects, func(rows *sql.Rows) error {
		var p quartier.Project
		if err := scanProject(rows, &p); err != nil {
			return err
		}
		out = append(out, p)
		return nil
	}, string(space))
	return out, err
}

func scanProject(row interface{ Scan(...any) error }, p *quartier.Project) error {
	var space, partners string
	if err := row.Scan(&p.ID, &p.Code, &p.Name, &space, &p.Kind, &p.Goals, &partners, date{&p.From}, nullDate{&p.To}, timestamp{&p.Created}); err != nil {
		return err
	}
	p.Space = quartier.SpaceCode(space)
	return json.Unmarshal([]byte(partners), &p.Partners)
}

func (t *Tx) PartnerExists(ctx context.Context, p quartier.ProjectPartner) (bool, error) {
	q := map[quartier.PartnerKind]string{quartier.PartnerOffer: qOfferExists, quartier.PartnerPlace: qPlaceExists, quartier.PartnerProvider: qProviderExists}[p.Kind]
	if q == "" {
		return false, nil
	}
	var n int64
	err := t.queryRow(ctx, q, p.Key).Scan(&n)
	return n > 0, t.mapErr(err, "Partner "+p.Key)
}

func (t *Tx) SaveProjectCount(ctx context.Context, c *quartier.ProjectCount) error {
	if err := t.exec(ctx, "Teilnahmezahlen", qDeleteCount, c.Project, dateArg(c.From)); err != nil {
		return err
	}
	return t.exec(ctx, "Teilnahmezahlen", qInsertCount, c.Project, dateArg(c.From), dateArg(c.To), c.Participants, c.Meetings, c.Note)
}

func (t *Tx) ProjectCounts(ctx context.Context, project int64) ([]quartier.ProjectCount, error) {
	var out []quartier.ProjectCount
	err := t.query(ctx, "Teilnahmezahlen", qProjectCounts, func(rows *sql.Rows) error {
		var c quartier.ProjectCount
		if err := rows.Scan(&c.Project, date{&c.From}, date{&c.To}, &c.Participants, &c.Meetings, &c.Note); err != nil {
			return err
		}
		out = append(out, c)
		return nil
	}, project)
	return out, err
}

func (t *Tx) LinkEntryProject(ctx context.Context, entry, project int64) error {
	return t.exec(ctx, "Die Zuordnung der Buchung zum Projekt", qLinkEntry, entry, project)
}

func (t *Tx) EntryProject(ctx context.Context, entry int64) (int64, error) {
	var id int64
	err := t.queryRow(ctx, qEntryProject, entry).Scan(&id)
	return id, t.mapErr(err, "Projekt des Eintrags")
}

func (t *Tx) ProjectBookings(ctx context.Context, project int64) (quartier.Cents, int, error) {
	var sum int64
	var n int
	err := t.queryRow(ctx, qProjectBookings, project).Scan(&sum, &n)
	return quartier.Cents(sum), n, t.mapErr(err, "Buchungen des Projekts")
}

func (t *Tx) SaveStaffHours(ctx context.Context, h *quartier.StaffHours) error {
	if err := t.exec(ctx, "Stunden", qDeleteHours, h.UserID, h.Team, dateArg(h.Week), h.Kind, h.Project); err != nil {
		return err
	}
	return t.exec(ctx, "Stunden", qInsertHours, h.UserID, h.Team, dateArg(h.Week), h.Kind, h.Project, h.Hundredths, h.RecordedBy, t.d.Time(h.At))
}

func (t *Tx) StaffHoursOf(ctx context.Context, team string, user int64, from, to time.Time) ([]quartier.StaffHours, error) {
	var out []quartier.StaffHours
	err := t.query(ctx, "Stunden", qHours, func(rows *sql.Rows) error {
		var h quartier.StaffHours
		if err := rows.Scan(&h.UserID, &h.Login, &h.Team, date{&h.Week}, &h.Kind, &h.Project, &h.Hundredths, &h.RecordedBy, timestamp{&h.At}); err != nil {
			return err
		}
		out = append(out, h)
		return nil
	}, team, user, dateArg(from), dateArg(to))
	return out, err
}

func (t *Tx) DeleteStaffHoursBefore(ctx context.Context, before time.Time) (int64, error) {
	res, err := t.execSQL(ctx, qPurgeHours, dateArg(before))
	if err != nil {
		return 0, t.mapErr(err, "Die Stunden")
	}
	n, err := res.RowsAffected()
	return n, t.mapErr(err, "Die Stunden")
}

func (t *Tx) HoursCells(ctx context.Context, space quartier.SpaceCode, from, to time.Time) ([]quartier.HoursCell, error) {
	var out []quartier.HoursCell
	err := t.query(ctx, "Stundensummen", qHoursCells, func(rows *sql.Rows) error {
		var s quartier.HoursCell
		if err := rows.Scan(&s.Team, date{&s.Week}, &s.Kind, &s.UserID, &s.Hundredths); err != nil {
			return err
		}
		out = append(out, s)
		return nil
	}, string(space), dateArg(from), dateArg(to))
	return out, err
}

func (t *Tx) SaveTeamTarget(ctx context.Context, g *quartier.TeamTarget) error {
	if err := t.exec(ctx, "Sollanteil", qDeleteTarget, g.Team); err != nil {
		return err
	}
	return t.exec(ctx, "Sollanteil", qInsertTarget, g.Team, g.Percent, g.Basis, t.d.Time(g.SetAt))
}

func (t *Tx) TeamTargets(ctx context.Context) ([]quartier.TeamTarget, error) {
	var out []quartier.TeamTarget
	err := t.query(ctx, "Sollanteile", qTargets, func(rows *sql.Rows) error {
		var g quartier.TeamTarget
		if err := rows.Scan(&g.Team, &g.Percent, &g.Basis, timestamp{&g.SetAt}); err != nil {
			return err
		}
		out = append(out, g)
		return nil
	})
	return out, err
}

func (t *Tx) SaveFinanceMapping(ctx context.Context, m *quartier.FinanceMapping) error {
	if err := t.exec(ctx, "Zuordnung", qDeleteMapping, m.CostCentre, m.CostUnit); err != nil {
		return err
	}
	return t.exec(ctx, "Zuordnung", qInsertMapping, m.CostCentre, m.CostUnit, string(m.Space), m.Team, m.Line)
}

func (t *Tx) DeleteFinanceMapping(ctx context.Context, costCentre, costUnit string) error {
	return t.updateOne(ctx, "Die Zuordnung "+costCentre+" / "+costUnit, qDeleteMapping, costCentre, costUnit)
}

func (t *Tx) FinanceMappings(ctx context.Context) ([]quartier.FinanceMapping, error) {
	var out []quartier.FinanceMapping
	err := t.query(ctx, "Zuordnungen", qMappings, func(rows *sql.Rows) error {
		var m quartier.FinanceMapping
		var space string
		if err := rows.Scan(&m.CostCentre, &m.CostUnit, &space, &m.Team, &m.Line); err != nil {
			return err
		}
		m.Space = quartier.SpaceCode(space)
		out = append(out, m)
		return nil
	})
	return out, err
}

func (t *Tx) EntriesByRefs(ctx context.Context, refs []string) ([]quartier.Entry, error) {
	var out []quartier.Entry
	if t.d.Name == "postgres" {
		// One array parameter per 20,000 references: a round trip per
		// 500 cost PostgreSQL seconds on a large import.
		for lo := 0; lo < len(refs); lo += refBatchPostgres {
			es, err := t.entries(ctx, qEntriesByRefArray, refs[lo:min(lo+refBatchPostgres, len(refs))])
			if err != nil {
				return nil, err
			}
			out = append(out, es...)
		}
		slices.SortFunc(out, func(a, b quartier.Entry) int { return cmp.Compare(a.ID, b.ID) })
		return out, nil
	}
	for lo := 0; lo < len(refs); lo += refBatch {
		part := refs[lo:min(lo+refBatch, len(refs))]
		var b strings.Builder
		b.WriteString(qEntriesByRefs + "(")
		args := make([]any, len(part))
		for i, r := range part {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(t.d.Placeholder(i + 1))
			args[i] = r
		}
		b.WriteString(") ORDER BY e.id")
		es, err := t.entries(ctx, b.String(), args...)
		if err != nil {
			return nil, err
		}
		out = append(out, es...)
	}
	return out, nil
}

var entryColumns = []string{"line_id", "kind", "amount", "value_date", "term_from", "term_to", "unit", "per_week", "rate",
	"commitment_id", "reverses_id", "ref", "why", "user_id", "login", "at"}

func (t *Tx) AppendEntries(ctx context.Context, es []quartier.Entry) error {
	batch := entryBatch
	if t.d.Name == "postgres" {
		batch = entryBatchPostgres
	}
	if t.conn != nil && t.d.CopyRows != nil && len(es) >= copyMin {
		rows := make([][]any, len(es))
		for i := range es {
			rows[i] = make([]any, len(entryColumns))
			entryRow(t.d, &es[i], rows[i], typedDate)
		}
		if _, err := t.d.CopyRows(ctx, t.conn, "budget_entries", entryColumns, rows); err != nil {
			return t.mapErr(err, "Die Einträge im Haushaltsbuch")
		}
		if len(es) >= analyzeMin {
			// The planner would read the dashboard by a plan made for the
			// ledger before the import until autovacuum analyses it
			// (84 ms instead of 4 ms measured on a million entries).
			// ANALYZE in the transaction counts its own new rows.
			return t.exec(ctx, "Statistik des Haushaltsbuchs", "ANALYZE budget_entries")
		}
		return nil
	}
	return t.insertRows(ctx, "Die Einträge im Haushaltsbuch", "budget_entries", entryColumns, len(es), batch, func(i int, dst []any) { entryRow(t.d, &es[i], dst, textDate) })
}

// copyMin is the fewest entries worth a COPY; fewer go by INSERT.
// analyzeMin is the fewest that change the ledger's statistics enough to
// renew them at once.
const (
	copyMin    = 100
	analyzeMin = 10_000
)

// entryRow fills dst with the values of entryColumns for e, its dates
// as date makes them (ISO text for statements; a COPY sends them typed).
func entryRow(d *Dialect, e *quartier.Entry, dst []any, date func(time.Time) any) {
	var from, to any
	if e.Term != nil {
		from, to = date(e.Term.From), date(e.Term.To)
	}
	var unit string
	var perWeek, rate int64
	if v := e.Volume; v != nil {
		unit, perWeek, rate = string(v.Unit), v.PerWeek, int64(v.Rate)
	}
	dst[0], dst[1], dst[2], dst[3], dst[4], dst[5], dst[6], dst[7] = e.LineID, string(e.Kind), int64(e.Amount), date(e.On), from, to, unit, perWeek
	dst[8], dst[9], dst[10], dst[11], dst[12], dst[13], dst[14], dst[15] = rate, nullID(e.Commitment), nullID(e.Reverses), e.Ref, e.Why, e.UserID, e.Login, d.Time(e.At)
}

func textDate(t time.Time) any  { return dateArg(t) }
func typedDate(t time.Time) any { return quartier.Day(t) }
