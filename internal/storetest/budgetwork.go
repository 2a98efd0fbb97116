package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/quartier/quartier"
)

// testBudgetWork: projects with partners and counts, bookings linked to
// them, staff hours replaced per key and summed, team targets, the
// finance mapping, entries found by many references and appended in bulk.
func testBudgetWork(t *testing.T, s quartier.Store) {
	at := time.Date(2025, 1, 2, 8, 0, 0, 0, time.UTC)
	day := func(m, d int) time.Time { return time.Date(2025, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	b := quartier.Budget{BudgetKey: quartier.BudgetKey{Space: "west", Year: 2025}, CreatedAt: at,
		Lines: []quartier.Line{{Code: "structural", Type: "structural", Label: "Strukturarbeit", Funding: quartier.FundingActualCost}}}
	end := day(12, 1)
	p := quartier.Project{Code: "basketball", Name: "Basketball", Space: "west", Kind: "structural", Goals: "früh erreichen", From: day(1, 1), To: &end, Created: at,
		Partners: []quartier.ProjectPartner{{Kind: quartier.PartnerProvider, Key: "awo", Role: "Jugendclub"}}}
	var booking quartier.Entry
	update(t, s, func(tx quartier.Tx) error {
		if err := tx.CreateBudget(ctx, &b); err != nil {
			return err
		}
		if err := tx.CreateProvider(ctx, &quartier.Provider{Code: "awo", Name: "AWO", Kind: quartier.ProviderIndependent}); err != nil {
			return err
		}
		if err := tx.CreateProject(ctx, &p); err != nil {
			return err
		}
		booking = quartier.Entry{LineID: b.Lines[0].ID, Kind: quartier.EntryBooked, Amount: 12_000, On: day(3, 1), Why: "Halle", Login: "t", At: at}
		if err := tx.AppendEntry(ctx, &booking); err != nil {
			return err
		}
		if err := tx.LinkEntryProject(ctx, booking.ID, p.ID); err != nil {
			return err
		}
		for _, n := range []int{10, 23} { // the second replaces the first
			if err := tx.SaveProjectCount(ctx, &quartier.ProjectCount{Project: p.ID, From: day(1, 1), To: day(4, 1), Participants: n, Meetings: 12}); err != nil {
				return err
			}
		}
		return nil
	})
	wantCode(t, s.Update(ctx, func(tx quartier.Tx) error { q := p; return tx.CreateProject(ctx, &q) }), quartier.ECONFLICT)
	// The link is append-only like the ledger.
	if err := s.Update(ctx, func(tx quartier.Tx) error {
		return tx.LinkEntryProject(ctx, booking.ID, p.ID)
	}); err == nil {
		t.Error("a booking linked twice")
	}
	view(t, s, func(tx quartier.Tx) error {
		got, err := tx.Project(ctx, "basketball")
		if err != nil {
			return err
		}
		got.Created = p.Created
		if !reflect.DeepEqual(*got, p) {
			t.Errorf("project round trip:\n got %+v\nwant %+v", *got, p)
		}
		if ps, err := tx.Projects(ctx, "ost"); err != nil || len(ps) != 0 {
			t.Errorf("projects of ost: %v %v", ps, err)
		}
		for _, c := range []struct {
			p    quartier.ProjectPartner
			want bool
		}{{quartier.ProjectPartner{Kind: quartier.PartnerProvider, Key: "awo"}, true}, {quartier.ProjectPartner{Kind: quartier.PartnerOffer, Key: "awo"}, false},
			{quartier.ProjectPartner{Kind: quartier.PartnerPlace, Key: "x"}, false}} {
			if ok, err := tx.PartnerExists(ctx, c.p); err != nil || ok != c.want {
				t.Errorf("partner %v exists: %v %v", c.p, ok, err)
			}
		}
		cs, err := tx.ProjectCounts(ctx, p.ID)
		if err != nil || len(cs) != 1 || cs[0].Participants != 23 || !cs[0].To.Equal(day(4, 1)) {
			t.Errorf("counts %+v %v", cs, err)
		}
		sum, n, err := tx.ProjectBookings(ctx, p.ID)
		if err != nil || sum != 12_000 || n != 1 {
			t.Errorf("project bookings %s %d %v", sum, n, err)
		}
		if id, err := tx.EntryProject(ctx, booking.ID); err != nil || id != p.ID {
			t.Errorf("entry project %d %v", id, err)
		}
		return nil
	})

	// Hours: replaced per person, team, week, kind and project.
	update(t, s, func(tx quartier.Tx) error {
		for _, tm := range []quartier.Team{{Code: "asd-west", Space: "west", Kind: quartier.TeamOffice, Name: "ASD West"},
			{Code: "asd-ost", Space: "ost", Kind: quartier.TeamOffice, Name: "ASD Ost"}} {
			if err := tx.CreateTeam(ctx, &tm); err != nil {
				return err
			}
		}
		for _, h := range []quartier.StaffHours{
			{UserID: 1, Team: "asd-west", Week: day(6, 2), Kind: "case", Hundredths: 3000},
			{UserID: 1, Team: "asd-west", Week: day(6, 2), Kind: "case", Hundredths: 3200},
			{UserID: 1, Team: "asd-west", Week: day(6, 2), Kind: "structural", Project: p.ID, Hundredths: 500},
			{UserID: 1, Team: "asd-west", Week: day(6, 2), Kind: "structural", Hundredths: 200},
			{UserID: 2, Team: "asd-west", Week: day(6, 9), Kind: "milieu", Hundredths: 1000},
			{UserID: 2, Team: "asd-ost", Week: day(6, 9), Kind: "case", Hundredths: 100},
			{UserID: 2, Team: "asd-west", Week: day(7, 7), Kind: "milieu", Hundredths: 999},
		} {
			h.RecordedBy, h.At = "t", at
			if err := tx.SaveStaffHours(ctx, &h); err != nil {
				return err
			}
		}
		return tx.SaveTeamTarget(ctx, &quartier.TeamTarget{Team: "asd-west", Percent: 30, Basis: "Stellen", SetAt: at})
	})
	view(t, s, func(tx quartier.Tx) error {
		rows, err := tx.StaffHoursOf(ctx, "asd-west", 1, day(6, 1), day(7, 1))
		if err != nil || len(rows) != 3 || rows[0].Hundredths != 3200 || !rows[0].Week.Equal(day(6, 2)) {
			t.Errorf("hours of one person: %+v %v", rows, err)
		}
		sums, err := tx.HoursCells(ctx, "", day(6, 1), day(7, 1))
		// Per team, week, kind and person, projects summed; the week of
		// July is outside.
		want := []quartier.HoursCell{{Team: "asd-ost", Week: day(6, 9), Kind: "case", UserID: 2, Hundredths: 100},
			{Team: "asd-west", Week: day(6, 2), Kind: "case", UserID: 1, Hundredths: 3200},
			{Team: "asd-west", Week: day(6, 2), Kind: "structural", UserID: 1, Hundredths: 700},
			{Team: "asd-west", Week: day(6, 9), Kind: "milieu", UserID: 2, Hundredths: 1000}}
		if err != nil || !reflect.DeepEqual(sums, want) {
			t.Errorf("hour sums:\n got %+v\nwant %+v (%v)", sums, want, err)
		}
		if ost, err := tx.HoursCells(ctx, "ost", day(6, 1), day(7, 1)); err != nil || !reflect.DeepEqual(ost, want[:1]) {
			t.Errorf("hours of the teams of Ost: %+v %v", ost, err)
		}
		return nil
	})
	// Deleting the weeks before a day: the rows of June go, July stays.
	update(t, s, func(tx quartier.Tx) error {
		n, err := tx.DeleteStaffHoursBefore(ctx, day(7, 1))
		if err != nil || n != 5 {
			t.Errorf("deleted %d rows, want 5 (%v)", n, err)
		}
		left, err := tx.HoursCells(ctx, "", day(1, 1), day(12, 1))
		if err != nil || len(left) != 1 || !left[0].Week.Equal(day(7, 7)) {
			t.Errorf("left %+v %v", left, err)
		}
		gs, err := tx.TeamTargets(ctx)
		if err != nil || len(gs) != 1 || gs[0].Percent != 30 {
			t.Errorf("targets %+v %v", gs, err)
		}
		return nil
	})

	// The mapping, and entries in bulk found by their references.
	update(t, s, func(tx quartier.Tx) error {
		for _, m := range []quartier.FinanceMapping{{CostCentre: "4711", CostUnit: "1", Space: "west", Line: "case"}, {CostCentre: "4711", CostUnit: "1", Space: "west", Line: "structural"},
			{CostCentre: "4711", CostUnit: "2", Space: "ost", Line: "case"}} {
			if err := tx.SaveFinanceMapping(ctx, &m); err != nil {
				return err
			}
		}
		if err := tx.DeleteFinanceMapping(ctx, "4711", "2"); err != nil {
			return err
		}
		es := make([]quartier.Entry, 1500)
		for i := range es {
			es[i] = quartier.Entry{LineID: b.Lines[0].ID, Kind: quartier.EntryBooked, Amount: quartier.Cents(i + 1), On: day(5, 1), Ref: quartier.FinanceRefPrefix + string(rune('A'+i%26)) + time.Duration(i).String(),
				Why: "Import", Login: "t", At: at}
		}
		return tx.AppendEntries(ctx, es)
	})
	wantCode(t, s.Update(ctx, func(tx quartier.Tx) error { return tx.DeleteFinanceMapping(ctx, "4711", "2") }), quartier.ENOTFOUND)
	view(t, s, func(tx quartier.Tx) error {
		ms, err := tx.FinanceMappings(ctx)
		if err != nil || len(ms) != 1 || ms[0].Line != "structural" {
			t.Errorf("mappings %+v %v", ms, err)
		}
		var refs []string
		for i := 0; i < 1500; i += 2 {
			refs = append(refs, quartier.FinanceRefPrefix+string(rune('A'+i%26))+time.Duration(i).String())
		}
		es, err := tx.EntriesByRefs(ctx, append(refs, "fin:none"))
		if err != nil || len(es) != 750 || es[0].Amount != 1 || es[749].Amount != 1499 || es[0].BudgetID != b.ID || !es[0].On.Equal(day(5, 1)) {
			t.Errorf("entries by refs: %d %v", len(es), err)
		}
		return nil
	})
}
