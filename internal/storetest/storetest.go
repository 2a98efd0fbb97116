// Package storetest is the contract every quartier.Store must meet. The
// engine packages run it from their tests, so SQLite and PostgreSQL are held
// to exactly the same behaviour.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/quartier/quartier"
)

// Run runs the contract suite; open must return a new, empty store.
func Run(t *testing.T, open func(t *testing.T) quartier.Store) {
	tests := []struct {
		name string
		fn   func(*testing.T, quartier.Store)
	}{
		{"Settings", testSettings},
		{"LayersAndVersions", testLayersAndVersions},
		{"Areas", testAreas},
		{"ProvidersAndAlliances", testProvidersAndAlliances},
		{"Assignments", testAssignments},
		{"TeamsRoomsDuo", testTeamsRoomsDuo},
		{"OrganisationEdits", testOrganisationEdits},
		{"Streets", testStreets},
		{"Rollback", testRollback},
		{"Cancel", testCancel},
		{"ConcurrentUpdates", testConcurrentUpdates},
		{"Snapshot", testSnapshot},
		{"ViewIsReadOnly", testViewIsReadOnly},
		{"Dates", testDates},
		{"ManyAreas", testManyAreas},
		{"AccountsAndGrants", testAccountsAndGrants},
		{"AccountAdministration", testAccountAdministration},
		{"Sessions", testSessions},
		{"APITokens", testAPITokens},
		{"AuditLog", testAuditLog},
		{"Atlas", testAtlas},
		{"AtlasChanges", testAtlasChanges},
		{"Population", testPopulation},
		{"Suggestions", testSuggestions},
		{"History", testHistory},
		{"Monitoring", testMonitoring},
		{"Publications", testPublications},
		{"CommitteeReports", testCommitteeReports},
		{"Budgets", testBudgets},
		{"BudgetWork", testBudgetWork},
		{"Allocations", testAllocations},
		{"AllocationReleases", testAllocationReleases},
		{"BudgetMonths", testBudgetMonths},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open(t)) })
	}
}

var ctx = context.Background()

func update(t *testing.T, s quartier.Store, fn func(tx quartier.Tx) error) {
	t.Helper()
	if err := s.Update(ctx, fn); err != nil {
		t.Fatal(err)
	}
}

func view(t *testing.T, s quartier.Store, fn func(tx quartier.Tx) error) {
	t.Helper()
	if err := s.View(ctx, fn); err != nil {
		t.Fatal(err)
	}
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if quartier.ErrorCode(err) != code {
		t.Fatalf("want %s, got %v", code, err)
	}
}

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

func testSettings(t *testing.T, s quartier.Store) {
	update(t, s, func(tx quartier.Tx) error {
		if v, err := tx.Setting(ctx, "srid"); err != nil || v != "" {
			t.Fatalf("unset: %q %v", v, err)
		}
		if err := tx.SetSetting(ctx, "srid", "25833"); err != nil {
			return err
		}
		return tx.SetSetting(ctx, "srid", "25832")
	})
	view(t, s, func(tx quartier.Tx) error {
		v, err := tx.Setting(ctx, "srid")
		if v != "25832" {
			t.Fatalf("setting: %q", v)
		}
		return err
	})
}

func mkLayer(t *testing.T, tx quartier.Tx, code string, kind quartier.LayerKind, pos int) *quartier.Layer {
	l := &quartier.Layer{Code: code, Name: "Ebene " + code, Kind: kind, Position: pos, Space: kind == quartier.LayerComposed}
	if err := tx.CreateLayer(ctx, l); err != nil {
		t.Fatal(err)
	}
	return l
}

func testLayersAndVersions(t *testing.T, s quartier.Store) {
	var blk, sp *quartier.Layer
	update(t, s, func(tx quartier.Tx) error {
		sp = mkLayer(t, tx, "sozialraum", quartier.LayerComposed, 1)
		blk = mkLayer(t, tx, "plr", quartier.LayerBlock, 0)
		return nil
	})
	// Violations are checked in a transaction of their own: PostgreSQL
	// aborts a transaction at its first failed statement.
	wantCode(t, s.Update(ctx, func(tx quartier.Tx) error {
		return tx.CreateLayer(ctx, &quartier.Layer{Code: "plr", Name: "x", Kind: quartier.LayerImported})
	}), quartier.ECONFLICT)
	view(t, s, func(tx quartier.Tx) error {
		ls, err := tx.Layers(ctx)
		if err != nil {
			return err
		}
		if len(ls) != 2 || ls[0].Code != "plr" || ls[1].Code != "sozialraum" || !ls[1].Space || ls[0].Kind != quartier.LayerBlock {
			t.Fatalf("layers: %+v", ls)
		}
		l, err := tx.LayerByCode(ctx, "sozialraum")
		if err != nil || l.ID != sp.ID {
			t.Fatalf("by code: %+v %v", l, err)
		}
		_, err = tx.LayerByCode(ctx, "nix")
		wantCode(t, err, quartier.ENOTFOUND)
		return nil
	})
	var v1, v2 quartier.Version
	update(t, s, func(tx quartier.Tx) error {
		v1 = quartier.Version{LayerID: blk.ID, ReferenceDate: day(2021, 1, 1), ValidFrom: day(2021, 1, 1), Source: "LOR 2021"}
		if err := tx.CreateVersion(ctx, &v1); err != nil {
			return err
		}
		if err := tx.CloseVersion(ctx, v1.ID, day(2023, 1, 1)); err != nil {
			return err
		}
		wantCode(t, tx.CloseVersion(ctx, v1.ID, day(2024, 1, 1)), quartier.ENOTFOUND) // already closed
		wantCode(t, tx.CloseVersion(ctx, 99999, day(2024, 1, 1)), quartier.ENOTFOUND)
		v2 = quartier.Version{LayerID: blk.ID, ReferenceDate: day(2022, 12, 31), ValidFrom: day(2023, 1, 1)}
		if err := tx.CreateVersion(ctx, &v2); err != nil {
			return err
		}
		v3 := quartier.Version{LayerID: sp.ID, ReferenceDate: day(2023, 1, 1), ValidFrom: day(2023, 1, 1), BlockVersionID: v2.ID}
		return tx.CreateVersion(ctx, &v3)
	})
	view(t, s, func(tx quartier.Tx) error {
		vs, err := tx.Versions(ctx, blk.ID)
		if err != nil {
			return err
		}
		if len(vs) != 2 || vs[0].ID != v1.ID || vs[0].ValidTo == nil || !vs[0].ValidTo.Equal(day(2023, 1, 1)) || vs[1].ValidTo != nil ||
			!vs[0].ReferenceDate.Equal(day(2021, 1, 1)) || vs[0].Source != "LOR 2021" || vs[0].CreatedAt.IsZero() {
			t.Fatalf("versions: %+v", vs)
		}
		v, err := tx.Version(ctx, v2.ID)
		if err != nil || !v.ValidFrom.Equal(day(2023, 1, 1)) || v.BlockVersionID != 0 {
			t.Fatalf("version: %+v %v", v, err)
		}
		sv, _ := tx.Versions(ctx, sp.ID)
		if len(sv) != 1 || sv[0].BlockVersionID != v2.ID {
			t.Fatalf("composed version: %+v", sv)
		}
		_, err = tx.Version(ctx, 99999)
		wantCode(t, err, quartier.ENOTFOUND)
		return nil
	})
}

func square(x, y, size float64) orb.MultiPolygon {
	return orb.MultiPolygon{{{{x, y}, {x + size, y}, {x + size, y + size}, {x, y + size}, {x, y}}}}
}

func testAreas(t *testing.T, s quartier.Store) {
	var vid int64
	holed := orb.MultiPolygon{
		{{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}, {{2, 2}, {2, 4}, {4, 4}, {4, 2}, {2, 2}}},
		{{{20, 20}, {21.5, 20}, {21.5, 21.25}, {20, 20}}},
	}
	update(t, s, func(tx quartier.Tx) error {
		l := mkLayer(t, tx, "bzr", quartier.LayerComposed, 2)
		v := quartier.Version{LayerID: l.ID, ReferenceDate: day(2021, 1, 1), ValidFrom: day(2021, 1, 1)}
		if err := tx.CreateVersion(ctx, &v); err != nil {
			return err
		}
		vid = v.ID
		for _, a := range []quartier.Area{
			{VersionID: vid, Code: "b", Name: "Bäume & Straßen", Geometry: holed, Blocks: []string{"02", "01"}, AreaM2: 96.9375, Properties: map[string]string{"STAND": "01.01.2021"}},
			{VersionID: vid, Code: "a", Name: "Alt", Geometry: square(390000.123456, 5818000.654321, 1000), AreaM2: 1e6},
		} {
			if err := tx.CreateArea(ctx, &a); err != nil {
				return err
			}
			if a.ID == 0 {
				t.Fatal("no id")
			}
		}
		return nil
	})
	err := s.Update(ctx, func(tx quartier.Tx) error {
		return tx.CreateArea(ctx, &quartier.Area{VersionID: vid, Code: "a", Name: "doppelt", Geometry: square(0, 0, 1)})
	})
	wantCode(t, err, quartier.ECONFLICT)
	view(t, s, func(tx quartier.Tx) error {
		as, err := tx.Areas(ctx, vid)
		if err != nil {
			return err
		}
		if len(as) != 2 || as[0].Code != "a" || as[1].Code != "b" {
			t.Fatalf("areas: %+v", as)
		}
		if !reflect.DeepEqual(as[1].Geometry, holed) || !reflect.DeepEqual(as[0].Geometry, square(390000.123456, 5818000.654321, 1000)) {
			t.Fatalf("geometry not round-tripped exactly: %v", as[1].Geometry)
		}
		if !reflect.DeepEqual(as[1].Blocks, []string{"01", "02"}) || as[0].Blocks != nil {
			t.Fatalf("blocks: %v %v", as[1].Blocks, as[0].Blocks)
		}
		if as[1].Name != "Bäume & Straßen" || as[1].AreaM2 != 96.9375 || as[1].Properties["STAND"] != "01.01.2021" {
			t.Fatalf("fields: %+v", as[1])
		}
		b, err := tx.AreaByCode(ctx, vid, "b")
		if err != nil || !reflect.DeepEqual(b.Blocks, []string{"01", "02"}) || !reflect.DeepEqual(b.Geometry, holed) {
			t.Fatalf("by code: %+v %v", b, err)
		}
		_, err = tx.AreaByCode(ctx, vid, "zz")
		wantCode(t, err, quartier.ENOTFOUND)
		return nil
	})
}

func mkProviders(t *testing.T, tx quartier.Tx) map[string]*quartier.Provider {
	m := map[string]*quartier.Provider{}
	for _, p := range []quartier.Provider{
		{Code: "htg", Name: "Hufeland-Trägergesellschaft", ShortName: "HTG", Kind: quartier.ProviderIndependent},
		{Code: "awo", Name: "AWO", Kind: quartier.ProviderIndependent, Website: "https://awo.example"},
		{Code: "caritas", Name: "Caritas", Kind: quartier.ProviderIndependent},
		{Code: "amt", Name: "Familienamt", Kind: quartier.ProviderPublic},
	} {
		p := p
		if err := tx.CreateProvider(ctx, &p); err != nil {
			t.Fatal(err)
		}
		m[p.Code] = &p
	}
	return m
}

func testProvidersAndAlliances(t *testing.T, s quartier.Store) {
	var ps map[string]*quartier.Provider
	update(t, s, func(tx quartier.Tx) error {
		ps = mkProviders(t, tx)
		return tx.CreateAlliance(ctx, &quartier.Alliance{Code: "nord", Name: "Verbund Nord", Members: []quartier.AllianceMember{
			{ProviderID: ps["caritas"].ID, Provider: "caritas"}, {ProviderID: ps["htg"].ID, Provider: "htg", Lead: true},
		}})
	})
	wantCode(t, s.Update(ctx, func(tx quartier.Tx) error {
		return tx.CreateProvider(ctx, &quartier.Provider{Code: "awo", Name: "x", Kind: quartier.ProviderIndependent})
	}), quartier.ECONFLICT)
	wantCode(t, s.Update(ctx, func(tx quartier.Tx) error {
		return tx.CreateAlliance(ctx, &quartier.Alliance{Code: "sued", Name: "S", Members: []quartier.AllianceMember{{ProviderID: 99999, Provider: "ghost", Lead: true}}})
	}), quartier.ECONFLICT)
	// The schema keeps "exactly one lead" even if a caller skipped Validate.
	if err := s.Update(ctx, func(tx quartier.Tx) error {
		return tx.CreateAlliance(ctx, &quartier.Alliance{Code: "ost", Name: "O", Members: []quartier.AllianceMember{
			{ProviderID: ps["awo"].ID, Provider: "awo", Lead: true}, {ProviderID: ps["amt"].ID, Provider: "amt", Lead: true},
		}})
	}); err == nil {
		t.Fatal("alliance with two leads stored")
	}
	view(t, s, func(tx quartier.Tx) error {
		all, err := tx.Providers(ctx)
		if err != nil {
			return err
		}
		if len(all) != 4 || all[0].Code != "amt" || all[1].Website != "https://awo.example" || all[3].ShortName != "HTG" || all[0].Kind != quartier.ProviderPublic {
			t.Fatalf("providers: %+v", all)
		}
		p, err := tx.ProviderByCode(ctx, "htg")
		if err != nil || p.ID != ps["htg"].ID {
			t.Fatalf("%+v %v", p, err)
		}
		_, err = tx.ProviderByCode(ctx, "nix")
		wantCode(t, err, quartier.ENOTFOUND)
		as, err := tx.Alliances(ctx)
		if err != nil {
			return err
		}
		if len(as) != 1 || len(as[0].Members) != 2 || as[0].Members[0].Provider != "htg" || !as[0].Members[0].Lead || as[0].Members[1].Lead ||
			as[0].Members[0].ProviderID != ps["htg"].ID || as[0].Members[1].ProviderID != ps["caritas"].ID || as[0].ID == 0 {
			t.Fatalf("alliances (lead first): %+v", as)
		}
		a, err := tx.AllianceByCode(ctx, "nord")
		if err != nil || a.Name != "Verbund Nord" || len(a.Members) != 2 {
			t.Fatalf("%+v %v", a, err)
		}
		_, err = tx.AllianceByCode(ctx, "sued")
		wantCode(t, err, quartier.ENOTFOUND)
		return nil
	})
}

func testAssignments(t *testing.T, s quartier.Store) {
	update(t, s, func(tx quartier.Tx) error {
		ps := mkProviders(t, tx)
		al := &quartier.Alliance{Code: "nord", Name: "N", Members: []quartier.AllianceMember{{ProviderID: ps["htg"].ID, Lead: true}, {ProviderID: ps["caritas"].ID}}}
		if err := tx.CreateAlliance(ctx, al); err != nil {
			return err
		}
		a1 := quartier.Assignment{Space: "west", ProviderID: ps["awo"].ID, ValidFrom: day(2020, 1, 1), Note: "Vergabe 2019"}
		if err := tx.CreateAssignment(ctx, &a1); err != nil {
			return err
		}
		if err := tx.EndAssignment(ctx, a1.ID, day(2024, 1, 1)); err != nil {
			return err
		}
		wantCode(t, tx.EndAssignment(ctx, a1.ID, day(2025, 1, 1)), quartier.ENOTFOUND)
		wantCode(t, tx.EndAssignment(ctx, 99999, day(2025, 1, 1)), quartier.ENOTFOUND)
		for _, a := range []quartier.Assignment{
			{Space: "west", AllianceID: al.ID, ValidFrom: day(2024, 1, 1)},
			{Space: "nord", AllianceID: al.ID, ValidFrom: day(2021, 1, 1)},
		} {
			if err := tx.CreateAssignment(ctx, &a); err != nil {
				return err
			}
		}
		return nil
	})
	view(t, s, func(tx quartier.Tx) error {
		west, err := tx.Assignments(ctx, "west")
		if err != nil {
			return err
		}
		if len(west) != 2 || west[0].Assignee != "awo" || west[0].ValidTo == nil || !west[0].ValidTo.Equal(day(2024, 1, 1)) ||
			west[0].Note != "Vergabe 2019" || west[1].Assignee != "nord" || west[1].AllianceID == 0 || west[1].ProviderID != 0 || west[1].ValidTo != nil {
			t.Fatalf("west: %+v", west)
		}
		all, _ := tx.Assignments(ctx, "")
		if len(all) != 3 || all[0].Space != "west" || all[1].Space != "nord" || all[2].Space != "west" || all[2].Assignee != "nord" {
			t.Fatalf("all spaces, by valid_from: %+v", all)
		}
		if none, err := tx.Assignments(ctx, "sued"); err != nil || len(none) != 0 {
			t.Fatalf("unknown space: %+v %v", none, err)
		}
		return nil
	})
	// Exactly one of provider and alliance, even if a caller skipped Validate.
	for _, a := range []quartier.Assignment{
		{Space: "ost", ValidFrom: day(2024, 1, 1)},
		{Space: "ost", ProviderID: 1, AllianceID: 1, ValidFrom: day(2024, 1, 1)},
	} {
		if err := s.Update(ctx, func(tx quartier.Tx) error { return tx.CreateAssignment(ctx, &a) }); err == nil {
			t.Fatalf("stored %+v", a)
		}
	}
}

func testTeamsRoomsDuo(t *testing.T, s quartier.Store) {
	update(t, s, func(tx quartier.Tx) error {
		ps := mkProviders(t, tx)
		for _, tm := range []quartier.Team{
			{Code: "srt-west", Space: "west", Kind: quartier.TeamProvider, Name: "Sozialraumteam West", ProviderID: ps["awo"].ID},
			{Code: "asd-west", Space: "west", Kind: quartier.TeamOffice, Name: "ASD West"},
			{Code: "asd-nord", Space: "nord", Kind: quartier.TeamOffice, Name: "ASD Nord"},
		} {
			tm := tm
			if err := tx.CreateTeam(ctx, &tm); err != nil {
				return err
			}
			r := quartier.Room{TeamID: tm.ID, Name: "Büro " + tm.Code, Street: "Marktstraße", HouseNo: "1a", Postcode: "99423", City: "Weimar", OpeningHours: "Mo-Fr 09:00-12:00", Phone: "03643 1"}
			if tm.Code == "srt-west" {
				r.Location = &orb.Point{663000.5, 5650000.25}
			}
			if err := tx.CreateRoom(ctx, &r); err != nil {
				return err
			}
		}
		return nil
	})
	wantCode(t, s.Update(ctx, func(tx quartier.Tx) error {
		return tx.CreateRoom(ctx, &quartier.Room{TeamID: 99999, Name: "x", Street: "y"})
	}), quartier.ECONFLICT)
	var headID int64
	update(t, s, func(tx quartier.Tx) error {
		p := quartier.Person{Name: "Doreen Bauer", Email: "d@example.org", Phone: "03643 2", Organisation: "amt"}
		if err := tx.CreatePerson(ctx, &p); err != nil {
			return err
		}
		q := quartier.Person{Name: "Jan Kühn", Organisation: "awo"}
		if err := tx.CreatePerson(ctx, &q); err != nil {
			return err
		}
		l := quartier.Leadership{Space: "west", Role: quartier.RoleRegionalHead, PersonID: p.ID, ValidFrom: day(2023, 1, 1)}
		if err := tx.CreateLeadership(ctx, &l); err != nil {
			return err
		}
		headID = l.ID
		if err := tx.EndLeadership(ctx, l.ID, day(2024, 6, 1)); err != nil {
			return err
		}
		wantCode(t, tx.EndLeadership(ctx, l.ID, day(2024, 7, 1)), quartier.ENOTFOUND) // already ended
		wantCode(t, tx.EndLeadership(ctx, 99999, day(2024, 7, 1)), quartier.ENOTFOUND)
		for _, l := range []quartier.Leadership{
			{Space: "west", Role: quartier.RoleRegionalHead, PersonID: q.ID, ValidFrom: day(2024, 6, 1)},
			{Space: "nord", Role: quartier.RoleCoordinator, PersonID: q.ID, ValidFrom: day(2022, 1, 1)},
		} {
			if err := tx.CreateLeadership(ctx, &l); err != nil {
				return err
			}
		}
		return nil
	})
	view(t, s, func(tx quartier.Tx) error {
		teams, err := tx.Teams(ctx, "west")
		if err != nil {
			return err
		}
		if len(teams) != 2 || teams[0].Code != "asd-west" || teams[1].Provider != "awo" || teams[1].Kind != quartier.TeamProvider || teams[0].ProviderID != 0 {
			t.Fatalf("teams: %+v", teams)
		}
		r := teams[1].Rooms
		if len(r) != 1 || r[0].Location == nil || *r[0].Location != (orb.Point{663000.5, 5650000.25}) || r[0].HouseNo != "1a" || r[0].OpeningHours != "Mo-Fr 09:00-12:00" || teams[0].Rooms[0].Location != nil {
			t.Fatalf("rooms: %+v", teams)
		}
		if all, _ := tx.Teams(ctx, ""); len(all) != 3 || all[0].Code != "asd-nord" || all[2].Code != "srt-west" || len(all[0].Rooms) != 1 {
			t.Fatalf("all teams: %+v", all)
		}
		duo, err := tx.Leaderships(ctx, "west")
		if err != nil {
			return err
		}
		if len(duo) != 2 || duo[0].ID != headID || duo[0].Person.Name != "Doreen Bauer" || duo[0].Person.Phone != "03643 2" ||
			duo[0].Person.Organisation != "amt" || duo[0].Person.ID != duo[0].PersonID || duo[0].Role != quartier.RoleRegionalHead ||
			duo[0].ValidTo == nil || !duo[0].ValidTo.Equal(day(2024, 6, 1)) || duo[1].Person.Name != "Jan Kühn" || duo[1].ValidTo != nil {
			t.Fatalf("duo: %+v", duo)
		}
		all, _ := tx.Leaderships(ctx, "")
		if len(all) != 3 || all[0].Space != "nord" || all[1].ID != headID {
			t.Fatalf("all spaces, by valid_from: %+v", all)
		}
		return nil
	})
}

func testStreets(t *testing.T, s quartier.Store) {
	entries := []quartier.StreetEntry{
		{Street: "Karl-Marx-Straße", Key: "karl marx str", Postcode: "12043", From: "1", To: "99", Parity: quartier.ParityOdd, Block: "08100101"},
		{Street: "Am Ettersberg", Key: "am ettersberg", Parity: quartier.ParityAll, Block: "N2"},
		{Street: "Pappelplatz", Key: "pappelplatz", Postcode: "10115", District: "Mitte", Parity: quartier.ParityNone, Block: "01100415", X: 390123.25, Y: 5821234.5},
	}
	update(t, s, func(tx quartier.Tx) error { return tx.ReplaceStreets(ctx, entries) })
	for i, e := range entries {
		if e.ID != int64(i+1) {
			t.Fatalf("ids are the positions: %+v", entries)
		}
	}
	view(t, s, func(tx quartier.Tx) error {
		got, err := tx.Streets(ctx)
		if err != nil {
			return err
		}
		want := []quartier.StreetEntry{entries[1], entries[0], entries[2]} // by key
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("streets:\n got %+v\nwant %+v", got, want)
		}
		got, err = tx.StreetsByKey(ctx, []string{"pappelplatz", "nirgendweg", "karl marx str"})
		if err != nil {
			return err
		}
		if want := []quartier.StreetEntry{entries[0], entries[2]}; !reflect.DeepEqual(got, want) {
			t.Fatalf("by key:\n got %+v\nwant %+v", got, want)
		}
		if got, err := tx.StreetsByKey(ctx, nil); err != nil || len(got) != 0 {
			t.Fatalf("no keys: %+v %v", got, err)
		}
		if keys, err := tx.StreetKeys(ctx); err != nil || !slices.Equal(keys, []string{"am ettersberg", "karl marx str", "pappelplatz"}) {
			t.Fatalf("keys: %q %v", keys, err)
		}
		return nil
	})
	update(t, s, func(tx quartier.Tx) error { return tx.ReplaceStreets(ctx, entries[1:2]) })
	view(t, s, func(tx quartier.Tx) error {
		got, err := tx.Streets(ctx)
		if err != nil {
			return err
		}
		if len(got) != 1 || got[0].Street != "Am Ettersberg" || got[0].Parity != quartier.ParityAll || got[0].From != "" || got[0].Block != "N2" || got[0].ID != 1 {
			t.Fatalf("streets: %+v", got)
		}
		return nil
	})

	// A city: more streets than one statement carries, in one
	// transaction.
	city := make([]quartier.StreetEntry, 10*(2*250+7))
	for i := range city {
		city[i] = quartier.StreetEntry{Street: fmt.Sprintf("Straße %d", i/10), Key: fmt.Sprintf("str %d", i/10), Postcode: "10115",
			From: fmt.Sprint(i%10 + 1), To: fmt.Sprint(i%10 + 1), Parity: quartier.ParityAll, Block: fmt.Sprintf("B%d", i%7), X: float64(i), Y: 1}
	}
	update(t, s, func(tx quartier.Tx) error { return tx.ReplaceStreets(ctx, city) })
	view(t, s, func(tx quartier.Tx) error {
		got, err := tx.StreetsByKey(ctx, []string{"str 123"})
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(got, city[1230:1240]) {
			t.Fatalf("by key after bulk:\n got %+v\nwant %+v", got, city[1230:1240])
		}
		all, err := tx.Streets(ctx)
		if len(all) != len(city) {
			t.Fatalf("%d of %d entries", len(all), len(city))
		}
		return err
	})
	// Cancelled in the middle of a replace: the previous directory stays.
	c, cancel := context.WithCancel(ctx)
	err := s.Update(c, func(tx quartier.Tx) error {
		if err := tx.ReplaceStreets(c, city[:10]); err != nil {
			return err
		}
		cancel()
		return tx.ReplaceStreets(c, city)
	})
	if err == nil {
		t.Fatal("cancelled replace succeeded")
	}
	// Texts with tabs or line breaks cannot be stored: refused, and the
	// previous directory stays.
	bad := append(slices.Clone(entries), quartier.StreetEntry{Street: "X\tY", Key: "x y", Parity: quartier.ParityAll, Block: "B"})
	if err := s.Update(ctx, func(tx quartier.Tx) error { return tx.ReplaceStreets(ctx, bad) }); quartier.ErrorCode(err) != quartier.EINVALID {
		t.Fatalf("tab stored: %v", err)
	}
	view(t, s, func(tx quartier.Tx) error {
		all, err := tx.Streets(ctx)
		if len(all) != len(city) {
			t.Fatalf("failed replaces left %d entries, want the previous %d", len(all), len(city))
		}
		return err
	})
}

func testRollback(t *testing.T, s quartier.Store) {
	boom := errors.New("boom")
	err := s.Update(ctx, func(tx quartier.Tx) error {
		mkLayer(t, tx, "plr", quartier.LayerBlock, 0)
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("error not passed through: %v", err)
	}
	view(t, s, func(tx quartier.Tx) error {
		ls, err := tx.Layers(ctx)
		if len(ls) != 0 {
			t.Fatalf("rolled back layer persisted: %+v", ls)
		}
		return err
	})
}

func testCancel(t *testing.T, s quartier.Store) {
	c, cancel := context.WithCancel(ctx)
	err := s.Update(c, func(tx quartier.Tx) error {
		if err := tx.CreateLayer(c, &quartier.Layer{Code: "x", Name: "x", Kind: quartier.LayerImported}); err != nil {
			return err
		}
		cancel()
		return tx.CreateLayer(c, &quartier.Layer{Code: "y", Name: "y", Kind: quartier.LayerImported})
	})
	if err == nil {
		t.Fatal("cancelled update succeeded")
	}
	// Cancelled after the last statement: the commit must not go through.
	c, cancel = context.WithCancel(ctx)
	err = s.Update(c, func(tx quartier.Tx) error {
		if err := tx.CreateLayer(c, &quartier.Layer{Code: "z", Name: "z", Kind: quartier.LayerImported}); err != nil {
			return err
		}
		cancel()
		return nil
	})
	if err == nil {
		t.Fatal("update cancelled before commit succeeded")
	}
	view(t, s, func(tx quartier.Tx) error {
		ls, err := tx.Layers(ctx)
		if len(ls) != 0 {
			t.Fatalf("cancelled update persisted: %+v", ls)
		}
		return err
	})
}

func testConcurrentUpdates(t *testing.T, s quartier.Store) {
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			errs <- s.Update(ctx, func(tx quartier.Tx) error {
				ls, err := tx.Layers(ctx)
				if err != nil {
					return err
				}
				// Read-then-write: serialised writers see each other's rows.
				code := string(rune('a'+len(ls))) + "x"
				return tx.CreateLayer(ctx, &quartier.Layer{Code: code, Name: code, Kind: quartier.LayerImported, Position: i})
			})
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("concurrent update: %v", err)
		}
	}
	view(t, s, func(tx quartier.Tx) error {
		ls, err := tx.Layers(ctx)
		if len(ls) != 8 {
			t.Fatalf("%d layers after 8 serialised writers", len(ls))
		}
		return err
	})
}

func testSnapshot(t *testing.T, s quartier.Store) {
	update(t, s, func(tx quartier.Tx) error { mkLayer(t, tx, "plr", quartier.LayerBlock, 0); return nil })
	started, release := make(chan struct{}), make(chan struct{})
	done := make(chan error)
	go func() {
		done <- s.View(ctx, func(tx quartier.Tx) error {
			before, err := tx.Layers(ctx)
			if err != nil {
				return err
			}
			close(started)
			<-release
			after, err := tx.Layers(ctx)
			if err != nil {
				return err
			}
			if len(before) != len(after) {
				t.Errorf("view saw a concurrent write: %d then %d layers", len(before), len(after))
			}
			return nil
		})
	}()
	<-started
	update(t, s, func(tx quartier.Tx) error { mkLayer(t, tx, "bzr", quartier.LayerImported, 1); return nil })
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func testViewIsReadOnly(t *testing.T, s quartier.Store) {
	if err := s.View(ctx, func(tx quartier.Tx) error { return tx.SetSetting(ctx, "srid", "25833") }); err == nil {
		t.Fatal("write in View succeeded")
	}
	view(t, s, func(tx quartier.Tx) error {
		if v, err := tx.Setting(ctx, "srid"); err != nil || v != "" {
			t.Fatalf("View wrote: %q %v", v, err)
		}
		return nil
	})
}

// Dates are calendar days: a date built in local time (here Berlin, where
// midnight is the previous day in UTC) must come back as the same day.
func testDates(t *testing.T, s quartier.Store) {
	berlin := time.FixedZone("CET", 3600)
	from := time.Date(2024, 1, 1, 0, 0, 0, 0, berlin)
	to := time.Date(2025, 7, 1, 0, 0, 0, 0, berlin)
	var vid int64
	update(t, s, func(tx quartier.Tx) error {
		l := mkLayer(t, tx, "plr", quartier.LayerBlock, 0)
		v := quartier.Version{LayerID: l.ID, ReferenceDate: from, ValidFrom: from, ValidTo: &to}
		err := tx.CreateVersion(ctx, &v)
		vid = v.ID
		return err
	})
	view(t, s, func(tx quartier.Tx) error {
		v, err := tx.Version(ctx, vid)
		if err != nil {
			return err
		}
		if !v.ValidFrom.Equal(day(2024, 1, 1)) || !v.ReferenceDate.Equal(day(2024, 1, 1)) || v.ValidTo == nil || !v.ValidTo.Equal(day(2025, 7, 1)) {
			t.Fatalf("dates shifted: %+v", v)
		}
		if v.CreatedAt.Location() != time.UTC || time.Since(v.CreatedAt) > time.Hour || time.Since(v.CreatedAt) < 0 {
			t.Fatalf("created_at: %v", v.CreatedAt)
		}
		return nil
	})
}

// SeedAreas stores n composed areas of a new layer version, each a ring of
// vertices points and three blocks, and returns the version: the size of a
// city's block layer (Berlin: 542 planning areas), for tests and benchmarks.
func SeedAreas(tb testing.TB, s quartier.Store, n, vertices int) (int64, []quartier.Area) {
	tb.Helper()
	areas := make([]quartier.Area, n)
	var vid int64
	err := s.Update(ctx, func(tx quartier.Tx) error {
		l := &quartier.Layer{Code: "seed", Name: "Seed", Kind: quartier.LayerComposed}
		if err := tx.CreateLayer(ctx, l); err != nil {
			return err
		}
		v := quartier.Version{LayerID: l.ID, ReferenceDate: day(2021, 1, 1), ValidFrom: day(2021, 1, 1)}
		if err := tx.CreateVersion(ctx, &v); err != nil {
			return err
		}
		vid = v.ID
		for i := range areas {
			cx, cy := 370000+float64(i%25)*1000, 5800000+float64(i/25)*1000
			ring := make(orb.Ring, vertices+1)
			for k := 0; k < vertices; k++ {
				a := 2 * math.Pi * float64(k) / float64(vertices)
				ring[k] = orb.Point{cx + 400*math.Cos(a), cy + 400*math.Sin(a)}
			}
			ring[vertices] = ring[0]
			areas[i] = quartier.Area{
				VersionID: vid, Code: fmt.Sprintf("%08d", i), Name: fmt.Sprintf("Gebiet %d", i),
				Geometry: orb.MultiPolygon{{ring}}, AreaM2: math.Pi * 400 * 400,
				Blocks:     []string{fmt.Sprintf("b%05da", i), fmt.Sprintf("b%05db", i), fmt.Sprintf("b%05dc", i)},
				Properties: map[string]string{"BEZ": "Mitte"},
			}
			if err := tx.CreateArea(ctx, &areas[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return vid, areas
}

// BenchAreas measures loading a city-sized version (542 areas of 400
// vertices with blocks) in a View, the query behind every lookup index build.
func BenchAreas(b *testing.B, s quartier.Store) {
	vid, _ := SeedAreas(b, s, 542, 400)
	b.ResetTimer()
	for b.Loop() {
		if err := s.View(ctx, func(tx quartier.Tx) error {
			_, err := tx.Areas(ctx, vid)
			return err
		}); err != nil {
			b.Fatal(err)
		}
	}
}

func testManyAreas(t *testing.T, s quartier.Store) {
	vid, want := SeedAreas(t, s, 542, 400)
	view(t, s, func(tx quartier.Tx) error {
		t0 := time.Now()
		got, err := tx.Areas(ctx, vid)
		if err != nil {
			return err
		}
		t.Logf("Areas: %d areas of %d vertices in %v", len(got), 400, time.Since(t0))
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("areas differ from what was stored")
		}
		return nil
	})
}

// OldStreets fills street_entries as migrations 1 to 14 left it, for the
// engines' tests of the move to one row per street (migration 15).
const OldStreets = `INSERT INTO street_entries (street, key, postcode, hnr_from, hnr_to, parity, block) VALUES
	('Karl-Marx-Straße', 'karl marxstr', '12043', '1', '99', 'odd', 'A'),
	('Karl-Marx-Straße', 'karl marxstr', '12043', '2', '98', 'even', 'B'),
	('Am Ettersberg', 'am ettersberg', '', '', '', 'all', 'N2')`

// MigratedStreets checks that s holds OldStreets, moved by migration 15.
func MigratedStreets(t *testing.T, s quartier.Store) {
	t.Helper()
	view(t, s, func(tx quartier.Tx) error {
		got, err := tx.Streets(ctx)
		if err != nil {
			return err
		}
		want := []quartier.StreetEntry{
			{ID: 3, Street: "Am Ettersberg", Key: "am ettersberg", Parity: quartier.ParityAll, Block: "N2"},
			{ID: 1, Street: "Karl-Marx-Straße", Key: "karl marxstr", Postcode: "12043", From: "1", To: "99", Parity: quartier.ParityOdd, Block: "A"},
			{ID: 2, Street: "Karl-Marx-Straße", Key: "karl marxstr", Postcode: "12043", From: "2", To: "98", Parity: quartier.ParityEven, Block: "B"},
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("migrated streets:\n got %+v\nwant %+v", got, want)
		}
		return nil
	})
}
