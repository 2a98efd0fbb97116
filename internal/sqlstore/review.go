package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/quartier/quartier"
)

func (t *Tx) CreateSuggestion(ctx context.Context, s *quartier.Suggestion) error {
	s.CreatedAt = time.Now().UTC().Truncate(time.Microsecond)
	proposed, err := json.Marshal(s.Proposed)
	if err != nil {
		return t.mapErr(err, "Der Vorschlag")
	}
	s.ID, err = t.insert(ctx, "Der Vorschlag", t.d.Q.CreateSuggestion, string(s.Kind), string(s.EntityKind), s.EntityKey, string(proposed),
		s.Street, s.HouseNumber, s.Postcode, s.City, s.X, s.Y, s.Message, s.SubmitterName, s.SubmitterEmail, string(s.Space), string(s.Status), t.d.Time(s.CreatedAt))
	return err
}

func (t *Tx) DecideSuggestion(ctx context.Context, id int64, status quartier.SuggestionStatus, by string, at time.Time, reason string) error {
	res, err := t.execSQL(ctx, t.d.Q.DecideSuggestion, id, string(status), by, t.d.Time(at), reason)
	if err != nil {
		return t.mapErr(err, "Der Vorschlag")
	}
	if n, err := res.RowsAffected(); err != nil || n == 1 {
		return t.mapErr(err, "Der Vorschlag")
	}
	// Nothing open under that id: tell a missing one from a decided one.
	if _, err := t.Suggestion(ctx, id); err != nil {
		return err
	}
	return quartier.Errorf(quartier.ECONFLICT, "Vorschlag #%d ist schon entschieden.", id)
}

func scanSuggestion(r interface{ Scan(...any) error }, s *quartier.Suggestion) error {
	var kind, entity, proposed, status string
	if err := r.Scan(&s.ID, &kind, &entity, &s.EntityKey, &proposed, &s.Street, &s.HouseNumber, &s.Postcode, &s.City, &s.X, &s.Y, &s.Message,
		&s.SubmitterName, &s.SubmitterEmail, &s.Space, &status, &s.DecidedBy, nullTimestamp{&s.DecidedAt}, &s.Reason, timestamp{&s.CreatedAt}); err != nil {
		return err
	}
	s.Kind, s.EntityKind, s.Status = quartier.SuggestionKind(kind), quartier.EntityKind(entity), quartier.SuggestionStatus(status)
	return json.Unmarshal([]byte(proposed), &s.Proposed)
}

// nullTimestamp scans a nullable timestamp, leaving the zero time for NULL.
type nullTimestamp struct{ t *time.Time }

func (n nullTimestamp) Scan(src any) error {
	if src == nil {
		*n.t = time.Time{}
		return nil
	}
	return timestamp(n).Scan(src)
}

func (t *Tx) Suggestion(ctx context.Context, id int64) (*quartier.Suggestion, error) {
	var s quartier.Suggestion
	if err := scanSuggestion(t.queryRow(ctx, t.d.Q.Suggestion, id), &s); err != nil {
		return nil, t.mapErr(err, "Der Vorschlag")
	}
	return &s, nil
}

func (t *Tx) Suggestions(ctx context.Context, f quartier.SuggestionFilter) ([]quartier.Suggestion, error) {
	var out []quartier.Suggestion
	err := t.query(ctx, "Vorschläge", t.d.Q.Suggestions, func(rows *sql.Rows) error {
		var s quartier.Suggestion
		if err := scanSuggestion(rows, &s); err != nil {
			return err
		}
		out = append(out, s)
		return nil
	}, string(f.Status), string(f.EntityKind), f.EntityKey)
	return out, err
}

func (t *Tx) AppendChange(ctx context.Context, c *quartier.Change) error {
	var before any
	if c.Before != nil {
		before = string(c.Before)
	}
	var err error
	c.ID, err = t.insert(ctx, "Der Eintrag im Verlauf", t.d.Q.AppendChange, string(c.Kind), c.Key, before, string(c.After), c.UserID, c.Login,
		t.d.Time(c.At), c.Why, nullID(c.Suggestion))
	return err
}

func (t *Tx) Changes(ctx context.Context, kind quartier.EntityKind, key string) ([]quartier.Change, error) {
	var out []quartier.Change
	err := t.query(ctx, "Verlauf", t.d.Q.Changes, func(rows *sql.Rows) error {
		var c quartier.Change
		var k, after string
		var before sql.NullString
		var suggestion sql.NullInt64
		if err := rows.Scan(&c.ID, &k, &c.Key, &before, &after, &c.UserID, &c.Login, timestamp{&c.At}, &c.Why, &suggestion); err != nil {
			return err
		}
		c.Kind, c.After, c.Suggestion = quartier.EntityKind(k), json.RawMessage(after), suggestion.Int64
		if before.Valid {
			c.Before = json.RawMessage(before.String)
		}
		out = append(out, c)
		return nil
	}, string(kind), key)
	return out, err
}

func (t *Tx) EraseSubmitters(ctx context.Context, decidedBefore time.Time) (int64, error) {
	res, err := t.execSQL(ctx, t.d.Q.EraseSubmitters, t.d.Time(decidedBefore))
	if err != nil {
		return 0, t.mapErr(err, "Die Vorschläge")
	}
	n, err := res.RowsAffected()
	return n, t.mapErr(err, "Die Vorschläge")
}
