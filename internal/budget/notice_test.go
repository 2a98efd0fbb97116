package budget_test

import (
	"context"
	"strings"
	"testing"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/budget"
	"github.com/quartier/quartier/internal/testcity"
)

// account makes an account with the given e-mail and grants; it returns
// the context of the person signed in.
func (c *city) account(t *testing.T, login, email string, disabled bool, grants ...quartier.Grant) context.Context {
	t.Helper()
	ctx := context.Background()
	u := &quartier.User{Login: login, Name: login, Email: email}
	err := c.Store.Update(ctx, func(tx quartier.Tx) error {
		if err := tx.CreateUser(ctx, u); err != nil {
			return err
		}
		if disabled {
			u.Disabled = true
			if err := tx.UpdateUser(ctx, u); err != nil {
				return err
			}
		}
		for i := range grants {
			grants[i].UserID, grants[i].ValidFrom = u.ID, day(2020, 1, 1)
			if err := tx.CreateGrant(ctx, &grants[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return quartier.WithActor(ctx, &quartier.Actor{UserID: u.ID, Login: login, Grants: grants})
}

func notices(t *testing.T, ctx context.Context, b *budget.Service) ([]quartier.Notice, int) {
	t.Helper()
	ns, unread, err := b.Notices(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return ns, unread
}

// A booking that makes a line cross a threshold is written, and the
// controllers of the space and its leadership duo get one notice each;
// the same threshold crossed again, after a reversal, is not announced
// twice.
func TestWarningsDelivered(t *testing.T) {
	c := open(t, day(2025, 7, 1))
	c.weimarWest(t)
	ctrl := func(kind quartier.ScopeKind, spaces ...quartier.SpaceCode) quartier.Grant {
		return quartier.Grant{Role: quartier.RoleController, Scope: quartier.Scope{Kind: kind, Spaces: spaces}}
	}
	west := c.account(t, "ctrl-west", "", false, ctrl(quartier.ScopeSpaces, "west", "ost"))
	all := c.account(t, "ctrl-all", "", false, ctrl(quartier.ScopeAll))
	ost := c.account(t, "ctrl-ost", "", false, ctrl(quartier.ScopeSpaces, "ost"))
	locked := c.account(t, "ctrl-locked", "", true, ctrl(quartier.ScopeAll))
	planner := c.account(t, "planer", "", false, quartier.Grant{Role: quartier.RolePlanner, Scope: quartier.Scope{Kind: quartier.ScopeAll}})
	head := c.account(t, "rl-west", "Regionalleitung.West@example.org", false, quartier.Grant{Role: quartier.RoleASDLead, Scope: quartier.Scope{Kind: quartier.ScopeSpaces, Spaces: []quartier.SpaceCode{"west"}}})
	ctx := context.Background()
	if err := c.Store.Update(ctx, func(tx quartier.Tx) error {
		for _, p := range []struct {
			role  quartier.DuoRole
			email string
			from  int
		}{{quartier.RoleRegionalHead, "regionalleitung.west@example.org", 2024}, {quartier.RoleCoordinator, "ohne-konto@example.org", 2024}} {
			person := quartier.Person{Name: string(p.role), Email: p.email}
			if err := tx.CreatePerson(ctx, &person); err != nil {
				return err
			}
			if err := tx.CreateLeadership(ctx, &quartier.Leadership{Space: "west", Role: p.role, PersonID: person.ID, ValidFrom: day(p.from, 1, 1)}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}

	// 85 % of the structural line: written, with the warning, and told.
	p := c.book(t, "structural", day(2025, 6, 1), "85.000", 0)
	if len(p.Warnings) != 1 || p.Warnings[0].Threshold != 80 || p.Notified != 3 {
		t.Fatalf("first crossing: %+v", p)
	}
	for _, who := range []struct {
		name string
		ctx  context.Context
		want int
	}{{"controller of west", west, 1}, {"controller of all", all, 1}, {"duo by e-mail", head, 1}, {"controller of ost", ost, 0}, {"locked", locked, 0}, {"planner", planner, 0}} {
		ns, unread := notices(t, who.ctx, c.b)
		if len(ns) != who.want || unread != who.want {
			t.Errorf("%s: %d notices, %d unread, want %d", who.name, len(ns), unread, who.want)
		}
	}
	ns, _ := notices(t, west, c.b)
	if n := ns[0]; n.Subject != "Haushalt west 2025" || n.Link != "/haushalt/west/2025" || !strings.Contains(n.Message, "Strukturarbeit: 85 % des Plans") || strings.Contains(n.Message+n.Subject, quartier.ActorFrom(op).Label()) {
		t.Errorf("notice %+v", n)
	}
	// Still above 80 %: nothing new. Beyond 100 %: told again.
	if p := c.book(t, "structural", day(2025, 6, 2), "5.000", 0); p.Notified != 0 || len(p.Warnings) != 1 {
		t.Errorf("second booking above 80 %%: %+v", p)
	}
	p = c.book(t, "structural", day(2025, 6, 3), "20.000", 0)
	if p.Notified != 3 || p.Warnings[0].Threshold != 100 || p.Line.Booked != euro(t, "110.000") {
		t.Errorf("beyond the plan: %+v", p)
	}
	// Back below and over it again: 100 % was announced already.
	posted(t)(c.b.Reverse(op, p.Entry.ID, "falscher Betrag"))
	if p := c.book(t, "structural", day(2025, 6, 4), "15.000", 0); p.Notified != 0 || p.Warnings[0].Threshold != 100 {
		t.Errorf("crossing 100 %% twice: %+v", p)
	}
	if _, unread := notices(t, head, c.b); unread != 2 {
		t.Errorf("duo: %d unread, want 2", unread)
	}
	// The booking's audit entry says that the notices went out.
	var details []string
	if err := c.Store.View(ctx, func(tx quartier.Tx) error {
		es, err := tx.AuditEntries(ctx, quartier.AuditFilter{Limit: 1000})
		for _, e := range es {
			if e.Action == "budget.book" {
				details = append(details, e.Detail)
			}
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	told := 0
	for _, d := range details {
		if strings.Contains(d, "Hinweis an 3 Konten (Controlling, Führungs-Duo) zugestellt") {
			told++
		}
	}
	if told != 2 {
		t.Errorf("%d booking entries tell of notices, want 2: %q", told, details)
	}

	// Read: one, then all; another's notice is not found.
	ns, _ = notices(t, head, c.b)
	if err := c.b.MarkNoticeRead(west, ns[0].ID); quartier.ErrorCode(err) != quartier.ENOTFOUND {
		t.Errorf("marked another's notice: %v", err)
	}
	if err := c.b.MarkNoticeRead(head, ns[0].ID); err != nil {
		t.Fatal(err)
	}
	if ns2, unread := notices(t, head, c.b); unread != 1 || ns2[0].ReadAt == nil || ns2[1].ReadAt != nil {
		t.Errorf("after reading one: %d unread %+v", unread, ns2)
	}
	if err := c.b.MarkNoticeRead(head, ns[0].ID); quartier.ErrorCode(err) != quartier.ENOTFOUND {
		t.Errorf("read twice: %v", err)
	}
	if err := c.b.MarkNoticeRead(head, 0); err != nil {
		t.Fatal(err)
	}
	if n, err := c.b.UnreadNotices(head); err != nil || n != 0 {
		t.Errorf("after reading all: %d %v", n, err)
	}
	if _, _, err := c.b.Notices(testcity.Operator()); err == nil {
		t.Error("the command line has notices")
	}
}

// An import beyond a line notifies like a booking.
func TestImportNotifies(t *testing.T) {
	c := open(t, day(2025, 7, 1))
	c.weimarWest(t)
	ctrl := c.account(t, "ctrl", "", false, quartier.Grant{Role: quartier.RoleController, Scope: quartier.Scope{Kind: quartier.ScopeAll}})
	if err := c.b.SaveMapping(op, quartier.FinanceMapping{CostCentre: "4711", CostUnit: "36310", Space: "west", Line: "structural"}); err != nil {
		t.Fatal(err)
	}
	res, err := c.b.ImportBookings(op, budget.ImportRequest{Name: "fibu.csv", Input: strings.NewReader(
		"Buchungs-ID;Buchungsdatum;Betrag;Kostenstelle;Kostenträger;Buchungstext\nB-1;02.06.2025;95.000,00;4711;36310;Miete\n")})
	if err != nil {
		t.Fatalf("%v %v", err, quartier.ErrorProblems(err))
	}
	if res.Notified != 1 || len(res.Warnings) != 1 {
		t.Errorf("import: %+v", res)
	}
	if n, err := c.b.UnreadNotices(ctrl); n != 1 || err != nil {
		t.Errorf("controller: %d %v", n, err)
	}
}
