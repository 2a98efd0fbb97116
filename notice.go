package quartier

import (
	"context"
	"time"
)

// Notice is a message to one account, shown on its "Hinweise" page until
// read: today the warning that a budget line crossed a threshold, for the
// controller and the space's leadership duo. A notice holds no personal
// data — it names a budget, a line and figures, never who booked.
type Notice struct {
	ID        int64      `json:"id"`
	UserID    int64      `json:"-"`
	Subject   string     `json:"subject"` // what it is about, e.g. "Haushalt west 2025"
	Link      string     `json:"link"`    // the page to look at, a path of this installation
	Message   string     `json:"message"`
	CreatedAt time.Time  `json:"created_at"`
	ReadAt    *time.Time `json:"read_at,omitempty"`
}

// NoticeTx stores notices and the thresholds budget lines have crossed.
type NoticeTx interface {
	// CrossThreshold records that a line of a budget reached a threshold
	// (percent); false when it was recorded before, so a threshold is
	// announced once however often a line goes back below and up again.
	CrossThreshold(ctx context.Context, budgetID int64, line string, threshold int, at time.Time) (bool, error)
	CreateNotice(ctx context.Context, n *Notice) error // sets ID
	// Notices of an account, newest first, at most limit.
	Notices(ctx context.Context, userID int64, limit int) ([]Notice, error)
	UnreadNotices(ctx context.Context, userID int64) (int, error)
	// MarkNoticeRead marks one of userID's notices (0: all of them) read;
	// ENOTFOUND when id is not an unread notice of userID.
	MarkNoticeRead(ctx context.Context, userID, id int64, at time.Time) error
}
