package budget

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
)

// notify delivers the warnings of an entry just written on budget b: for
// each line that crossed a threshold it had not crossed before, a notice
// to every account holding the controller role for the space and to the
// accounts of the space's leadership duo. It returns how many accounts
// were notified. Thresholds below the one reached count as crossed with
// it, so a jump from 50 to 105 % announces 100 % once and never 80 %
// later. The entry stands whatever happens here: a warning is never a
// cap.
func (s *Service) notify(ctx context.Context, tx Tx, b *quartier.Budget, ws []Warning, thresholds []int) (int, error) {
	now := s.now().UTC().Truncate(time.Microsecond)
	var fresh []Warning
	for _, w := range ws {
		crossed := false
		for _, t := range thresholds {
			if t > w.Threshold {
				break
			}
			ok, err := tx.CrossThreshold(ctx, b.ID, w.Line, t, now)
			if err != nil {
				return 0, err
			}
			crossed = crossed || ok
		}
		if crossed {
			fresh = append(fresh, w)
		}
	}
	if len(fresh) == 0 {
		return 0, nil
	}
	to, err := recipients(ctx, tx, b.Space, quartier.Day(now))
	if err != nil {
		return 0, err
	}
	for _, id := range to {
		for _, w := range fresh {
			n := quartier.Notice{UserID: id, Subject: "Haushalt " + b.BudgetKey.String(), Link: budgetLink(b.BudgetKey), Message: w.Message, CreatedAt: now}
			if err := tx.CreateNotice(ctx, &n); err != nil {
				return 0, err
			}
		}
	}
	return len(to), nil
}

// budgetLink is the path of a budget's page.
func budgetLink(k quartier.BudgetKey) string {
	u := "/haushalt/" + url.PathEscape(string(k.Space)) + "/" + strconv.Itoa(k.Year)
	if k.Team != "" {
		u += "?team=" + url.QueryEscape(k.Team)
	}
	return u
}

// recipients are the accounts that hear of a space's budget warnings on
// day: whoever holds the controller role for the space (all spaces, the
// space among others, or a team in it), and the persons of the space's
// leadership duo in office on day. A person of the duo is a record of
// its own, not an account; it is reached through the account with the
// same e-mail address, and not at all without one. Locked accounts hear
// nothing.
func recipients(ctx context.Context, tx Tx, space quartier.SpaceCode, day time.Time) ([]int64, error) {
	users, err := tx.Users(ctx)
	if err != nil {
		return nil, err
	}
	grants, err := tx.Grants(ctx, 0)
	if err != nil {
		return nil, err
	}
	teams, err := tx.Teams(ctx, space)
	if err != nil {
		return nil, err
	}
	duo, err := tx.Leaderships(ctx, space)
	if err != nil {
		return nil, err
	}
	want := map[int64]bool{}
	for _, g := range grants {
		if g.Role != quartier.RoleController || !g.ValidAt(day) {
			continue
		}
		switch g.Scope.Kind {
		case quartier.ScopeAll:
			want[g.UserID] = true
		case quartier.ScopeSpaces:
			want[g.UserID] = want[g.UserID] || slices.Contains(g.Scope.Spaces, space)
		case quartier.ScopeTeam:
			want[g.UserID] = want[g.UserID] || slices.ContainsFunc(teams, func(t quartier.Team) bool { return t.Code == g.Scope.Ref })
		}
	}
	for _, l := range duo {
		if !l.ValidAt(day) || l.Person.Email == "" {
			continue
		}
		for _, u := range users {
			if strings.EqualFold(u.Email, l.Person.Email) {
				want[u.ID] = true
			}
		}
	}
	var out []int64
	for _, u := range users {
		if want[u.ID] && !u.Disabled {
			out = append(out, u.ID)
		}
	}
	return out, nil
}

// NoticeLimit bounds the notices a page shows.
const NoticeLimit = 200

// Notices are the acting account's notices, newest first, and how many
// are unread. Everyone signed in reads their own; they hold no personal
// data.
func (s *Service) Notices(ctx context.Context) ([]quartier.Notice, int, error) {
	a := quartier.ActorFrom(ctx)
	if a == nil || a.UserID == 0 {
		return nil, 0, quartier.Errorf(quartier.EFORBIDDEN, "Hinweise hat nur ein angemeldetes Konto.")
	}
	var out []quartier.Notice
	var unread int
	err := s.store.View(ctx, func(tx Tx) (err error) {
		if out, err = tx.Notices(ctx, a.UserID, NoticeLimit); err != nil {
			return err
		}
		unread, err = tx.UnreadNotices(ctx, a.UserID)
		return err
	})
	return out, unread, err
}

// UnreadNotices counts the acting account's unread notices, for the
// header; 0 without an account.
func (s *Service) UnreadNotices(ctx context.Context) (int, error) {
	a := quartier.ActorFrom(ctx)
	if a == nil || a.UserID == 0 {
		return 0, nil
	}
	var n int
	err := s.store.View(ctx, func(tx Tx) (err error) {
		n, err = tx.UnreadNotices(ctx, a.UserID)
		return err
	})
	return n, err
}

// MarkNoticeRead marks one of the acting account's notices read (id 0:
// all of them). It is the session's own change, so it needs no permission
// and writes its audit entry itself.
func (s *Service) MarkNoticeRead(ctx context.Context, id int64) error {
	a := quartier.ActorFrom(ctx)
	if a == nil || a.UserID == 0 {
		return quartier.Errorf(quartier.EFORBIDDEN, "Hinweise hat nur ein angemeldetes Konto.")
	}
	what := fmt.Sprint(id)
	if id == 0 {
		what = "alle"
	}
	return s.store.Update(ctx, func(tx Tx) error {
		if err := tx.MarkNoticeRead(ctx, a.UserID, id, s.now().UTC().Truncate(time.Microsecond)); err != nil {
			return err
		}
		return s.audit.Write(ctx, tx, audit.Event{Action: "notice.read", ObjectType: "notice", ObjectID: what})
	})
}
