package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/quartier/quartier"
)

func mkUser(t *testing.T, tx quartier.Tx, login string) *quartier.User {
	u := &quartier.User{Login: login, Name: "Name " + login, Email: login + "@example.org", PasswordHash: "$argon2id$x"}
	if err := tx.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	return u
}

func testAccountsAndGrants(t *testing.T, s quartier.Store) {
	var anna, ben *quartier.User
	update(t, s, func(tx quartier.Tx) error {
		ben, anna = mkUser(t, tx, "ben"), mkUser(t, tx, "anna")
		for _, g := range []quartier.Grant{
			{UserID: anna.ID, Role: quartier.RoleASD, Scope: quartier.Scope{Kind: quartier.ScopeSpaces, Spaces: []quartier.SpaceCode{"west", "mitte-sued"}}, ValidFrom: day(2024, 1, 1)},
			{UserID: anna.ID, Role: quartier.RolePlanner, Scope: quartier.Scope{Kind: quartier.ScopeAll}, ValidFrom: day(2023, 1, 1)},
			{UserID: ben.ID, Role: quartier.RoleProviderStaff, Scope: quartier.Scope{Kind: quartier.ScopeProvider, Ref: "awo"}, ValidFrom: day(2024, 2, 1)},
		} {
			if err := tx.CreateGrant(ctx, &g); err != nil {
				return err
			}
		}
		return nil
	})
	wantCode(t, s.Update(ctx, func(tx quartier.Tx) error {
		return tx.CreateUser(ctx, &quartier.User{Login: "anna", Name: "x"})
	}), quartier.ECONFLICT)
	update(t, s, func(tx quartier.Tx) error {
		anna.Name, anna.TOTPSecret, anna.TOTPLastStep, anna.Disabled, anna.RecoveryCodes = "Anna A.", "SECRET", 42, true, []string{"h1", "h2"}
		if err := tx.UpdateUser(ctx, anna); err != nil {
			return err
		}
		gs, err := tx.Grants(ctx, anna.ID)
		if err != nil {
			return err
		}
		return tx.EndGrant(ctx, gs[1].ID, day(2025, 1, 1)) // the ASD grant (2024)
	})
	view(t, s, func(tx quartier.Tx) error {
		u, err := tx.UserByLogin(ctx, "anna")
		if err != nil || u.Name != "Anna A." || len(u.RecoveryCodes) != 2 || u.TOTPSecret != "SECRET" || u.TOTPLastStep != 42 || !u.Disabled || u.PasswordHash != "$argon2id$x" || u.CreatedAt.IsZero() {
			t.Fatalf("user: %+v %v", u, err)
		}
		if u2, err := tx.UserByID(ctx, ben.ID); err != nil || u2.Login != "ben" {
			t.Fatalf("by id: %+v %v", u2, err)
		}
		_, err = tx.UserByLogin(ctx, "nobody")
		wantCode(t, err, quartier.ENOTFOUND)
		us, _ := tx.Users(ctx)
		if len(us) != 2 || us[0].Login != "anna" {
			t.Fatalf("users: %+v", us)
		}
		gs, err := tx.Grants(ctx, anna.ID)
		if err != nil {
			return err
		}
		// Ordered by ValidFrom: the planner grant (2023) first.
		if len(gs) != 2 || gs[0].Role != quartier.RolePlanner || gs[1].ValidTo == nil || !reflect.DeepEqual(gs[1].Scope.Spaces, []quartier.SpaceCode{"west", "mitte-sued"}) {
			t.Fatalf("grants: %+v", gs)
		}
		all, _ := tx.Grants(ctx, 0)
		if len(all) != 3 || all[2].Scope.Ref != "awo" || all[2].Scope.Kind != quartier.ScopeProvider {
			t.Fatalf("all grants: %+v", all)
		}
		return nil
	})
}

// testAccountAdministration: the fields an administrator sets (an initial
// password the person must replace, when it was set, the lock, a second
// factor to set up again) round-trip,
// and a grant can be ended early, shortened, never lengthened.
func testAccountAdministration(t *testing.T, s quartier.Store) {
	set := time.Date(2025, 3, 3, 9, 30, 0, 123456000, time.UTC)
	var anna *quartier.User
	var g quartier.Grant
	update(t, s, func(tx quartier.Tx) error {
		anna = &quartier.User{Login: "anna", Name: "Anna", PasswordHash: "$argon2id$x", MustChangePassword: true, PasswordSetAt: set}
		if err := tx.CreateUser(ctx, anna); err != nil {
			return err
		}
		mkUser(t, tx, "ben") // no PasswordSetAt: NULL
		to := day(2025, 12, 31)
		g = quartier.Grant{UserID: anna.ID, Role: quartier.RolePlanner, Scope: quartier.Scope{Kind: quartier.ScopeAll}, ValidFrom: day(2025, 1, 1), ValidTo: &to}
		return tx.CreateGrant(ctx, &g)
	})
	view(t, s, func(tx quartier.Tx) error {
		u, err := tx.UserByLogin(ctx, "anna")
		if err != nil || !u.MustChangePassword || !u.PasswordSetAt.Equal(set) {
			t.Fatalf("created: %+v %v", u, err)
		}
		b, err := tx.UserByLogin(ctx, "ben")
		if err != nil || b.MustChangePassword || !b.PasswordSetAt.IsZero() {
			t.Fatalf("without a recorded password time: %+v %v", b, err)
		}
		return nil
	})
	later := set.Add(48 * time.Hour)
	update(t, s, func(tx quartier.Tx) error {
		anna.MustChangePassword, anna.PasswordSetAt, anna.Disabled, anna.MustEnrollTOTP = false, later, true, true
		return tx.UpdateUser(ctx, anna)
	})
	view(t, s, func(tx quartier.Tx) error {
		us, err := tx.Users(ctx)
		if err != nil || len(us) != 2 || us[0].MustChangePassword || !us[0].PasswordSetAt.Equal(later) || !us[0].Disabled || !us[0].MustEnrollTOTP || us[1].MustEnrollTOTP {
			t.Fatalf("updated: %+v %v", us, err)
		}
		return nil
	})
	// Shortening works; lengthening, or ending on the same day again, does not.
	update(t, s, func(tx quartier.Tx) error { return tx.EndGrant(ctx, g.ID, day(2025, 6, 1)) })
	wantCode(t, s.Update(ctx, func(tx quartier.Tx) error { return tx.EndGrant(ctx, g.ID, day(2025, 9, 1)) }), quartier.ENOTFOUND)
	wantCode(t, s.Update(ctx, func(tx quartier.Tx) error { return tx.EndGrant(ctx, g.ID, day(2025, 6, 1)) }), quartier.ENOTFOUND)
	// A grant that has not begun can be ended on its first day: never in force.
	update(t, s, func(tx quartier.Tx) error { return tx.EndGrant(ctx, g.ID, day(2025, 1, 1)) })
	view(t, s, func(tx quartier.Tx) error {
		gs, err := tx.Grants(ctx, anna.ID)
		if err != nil || len(gs) != 1 || gs[0].ValidTo == nil || !gs[0].ValidTo.Equal(day(2025, 1, 1)) {
			t.Fatalf("ended grant: %+v %v", gs, err)
		}
		return nil
	})
}

func testSessions(t *testing.T, s quartier.Store) {
	now := time.Now().UTC().Truncate(time.Microsecond)
	var u *quartier.User
	var a, b quartier.Session
	update(t, s, func(tx quartier.Tx) error {
		u = mkUser(t, tx, "anna")
		a = quartier.Session{TokenHash: "h1", UserID: u.ID, CreatedAt: now, LastSeen: now, Remote: "127.0.0.1", UserAgent: "Firefox"}
		b = quartier.Session{TokenHash: "h2", UserID: u.ID, CreatedAt: now.Add(time.Minute), LastSeen: now.Add(time.Minute)}
		if err := tx.CreateSession(ctx, &a); err != nil {
			return err
		}
		return tx.CreateSession(ctx, &b)
	})
	update(t, s, func(tx quartier.Tx) error {
		a.LastSeen, a.SecondFactor = now.Add(time.Hour), true
		return tx.UpdateSession(ctx, &a)
	})
	view(t, s, func(tx quartier.Tx) error {
		got, err := tx.SessionByTokenHash(ctx, "h1")
		if err != nil || got.ID != a.ID || !got.LastSeen.Equal(now.Add(time.Hour)) || !got.SecondFactor || got.UserAgent != "Firefox" || !got.CreatedAt.Equal(now) {
			t.Fatalf("session: %+v %v", got, err)
		}
		list, _ := tx.UserSessions(ctx, u.ID)
		if len(list) != 2 || list[0].ID != b.ID {
			t.Fatalf("newest first: %+v", list)
		}
		return nil
	})
	update(t, s, func(tx quartier.Tx) error { return tx.DeleteSession(ctx, a.ID) })
	view(t, s, func(tx quartier.Tx) error {
		_, err := tx.SessionByTokenHash(ctx, "h1")
		wantCode(t, err, quartier.ENOTFOUND)
		return nil
	})
	update(t, s, func(tx quartier.Tx) error { return tx.DeleteUserSessions(ctx, u.ID) })
	view(t, s, func(tx quartier.Tx) error {
		list, err := tx.UserSessions(ctx, u.ID)
		if len(list) != 0 {
			t.Fatalf("sessions left: %+v", list)
		}
		return err
	})
}

func testAuditLog(t *testing.T, s quartier.Store) {
	base := time.Date(2025, 3, 1, 10, 0, 0, 123456000, time.UTC)
	update(t, s, func(tx quartier.Tx) error {
		last, err := tx.LastAudit(ctx)
		if err != nil || last != nil {
			t.Fatalf("empty log: %+v %v", last, err)
		}
		prev := ""
		for i := int64(1); i <= 5; i++ {
			e := quartier.AuditEntry{ID: i, At: base.Add(time.Duration(i) * time.Hour), UserID: i % 2, Login: []string{"", "anna", "ben"}[i%3], Roles: "asd",
				Action: "read", ObjectType: "user", ObjectID: "7", Outcome: quartier.OutcomeOK, Remote: "10.0.0.1", Detail: "ä ß", PrevHash: prev}
			e.Hash = e.ComputeHash()
			prev = e.Hash
			if err := tx.AppendAudit(ctx, &e); err != nil {
				return err
			}
		}
		return nil
	})
	view(t, s, func(tx quartier.Tx) error {
		last, err := tx.LastAudit(ctx)
		if err != nil || last.ID != 5 || last.Hash != last.ComputeHash() {
			t.Fatalf("last entry does not hash the same after a round trip: %+v %v", last, err)
		}
		all, _ := tx.AuditEntries(ctx, quartier.AuditFilter{})
		if len(all) != 5 || all[0].ID != 1 || all[1].PrevHash != all[0].Hash {
			t.Fatalf("entries: %+v", all)
		}
		for _, c := range []struct {
			f    quartier.AuditFilter
			want int
		}{
			{quartier.AuditFilter{Login: "anna"}, 2},
			{quartier.AuditFilter{AfterID: 3}, 2},
			{quartier.AuditFilter{Limit: 2}, 2},
			{quartier.AuditFilter{From: base.Add(2 * time.Hour), To: base.Add(4 * time.Hour)}, 2},
			// One bound open, the other given (in any zone).
			{quartier.AuditFilter{From: base.Add(4 * time.Hour)}, 2},
			{quartier.AuditFilter{To: base.Add(2 * time.Hour).In(quartier.Berlin)}, 1},
			{quartier.AuditFilter{ObjectType: "user", ObjectID: "8"}, 0},
			{quartier.AuditFilter{Action: "read", ObjectType: "user", ObjectID: "7"}, 5},
		} {
			got, err := tx.AuditEntries(ctx, c.f)
			if err != nil || len(got) != c.want {
				t.Errorf("%+v: %d entries, want %d (%v)", c.f, len(got), c.want, err)
			}
		}
		return nil
	})
	// Several entries in one statement, as the group commit writes them.
	update(t, s, func(tx quartier.Tx) error {
		last, _ := tx.LastAudit(ctx)
		var es []quartier.AuditEntry
		for i := int64(6); i <= 8; i++ {
			e := quartier.AuditEntry{ID: i, At: base.Add(time.Duration(i) * time.Hour), Login: "batch", Action: "read", Outcome: quartier.OutcomeOK, PrevHash: last.Hash}
			e.Hash = e.ComputeHash()
			es = append(es, e)
			last = &es[len(es)-1]
		}
		return tx.AppendAudits(ctx, es)
	})
	view(t, s, func(tx quartier.Tx) error {
		got, err := tx.AuditEntries(ctx, quartier.AuditFilter{Login: "batch"})
		if err != nil || len(got) != 3 || got[2].ID != 8 || got[2].Hash != got[2].ComputeHash() || got[1].PrevHash != got[0].Hash {
			t.Fatalf("batch: %+v %v", got, err)
		}
		return nil
	})
	// Append-only: the schema refuses changes even from the store's own
	// connection; a duplicate id is a conflict.
	wantCode(t, s.Update(ctx, func(tx quartier.Tx) error {
		e := quartier.AuditEntry{ID: 5, At: base, Login: "x", Action: "x", Outcome: "ok"}
		return tx.AppendAudit(ctx, &e)
	}), quartier.ECONFLICT)
}
