package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/quartier/quartier"
)

const (
	qCrossThreshold = `INSERT INTO budget_thresholds (budget_id, line, threshold, at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`
	qCreateNotice   = `INSERT INTO notices (user_id, subject, link, message, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`
	qNotices        = `SELECT id, user_id, subject, link, message, created_at, read_at FROM notices WHERE user_id = $1 ORDER BY id DESC LIMIT $2`
	qUnreadNotices  = `SELECT count(*) FROM notices WHERE user_id = $1 AND read_at IS NULL`
	qReadNotice     = `UPDATE notices SET read_at = $3 WHERE user_id = $1 AND id = $2 AND read_at IS NULL`
	qReadNotices    = `UPDATE notices SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL`
)

func (t *Tx) CrossThreshold(ctx context.Context, budgetID int64, line string, threshold int, at time.Time) (bool, error) {
	res, err := t.execSQL(ctx, qCrossThreshold, budgetID, line, threshold, t.d.Time(at))
	if err != nil {
		return false, t.mapErr(err, "Die Hinweisschwelle")
	}
	n, err := res.RowsAffected()
	return n == 1, t.mapErr(err, "Die Hinweisschwelle")
}

func (t *Tx) CreateNotice(ctx context.Context, n *quartier.Notice) (err error) {
	n.ID, err = t.insert(ctx, "Der Hinweis", qCreateNotice, n.UserID, n.Subject, n.Link, n.Message, t.d.Time(n.CreatedAt))
	return err
}

func (t *Tx) Notices(ctx context.Context, userID int64, limit int) ([]quartier.Notice, error) {
	var out []quartier.Notice
	err := t.query(ctx, "Hinweise", qNotices, func(rows *sql.Rows) error {
		var n quartier.Notice
		var read time.Time
		if err := rows.Scan(&n.ID, &n.UserID, &n.Subject, &n.Link, &n.Message, timestamp{&n.CreatedAt}, nullTimestamp{&read}); err != nil {
			return err
		}
		if !read.IsZero() {
			n.ReadAt = &read
		}
		out = append(out, n)
		return nil
	}, userID, limit)
	return out, err
}

func (t *Tx) UnreadNotices(ctx context.Context, userID int64) (int, error) {
	var n int
	err := t.queryRow(ctx, qUnreadNotices, userID).Scan(&n)
	return n, t.mapErr(err, "Hinweise")
}

func (t *Tx) MarkNoticeRead(ctx context.Context, userID, id int64, at time.Time) error {
	if id == 0 {
		return t.exec(ctx, "Hinweise", qReadNotices, userID, t.d.Time(at))
	}
	return t.updateOne(ctx, "Der Hinweis", qReadNotice, userID, id, t.d.Time(at))
}
