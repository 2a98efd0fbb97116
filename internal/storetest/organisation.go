package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/quartier/quartier"
)

// testOrganisationEdits: providers, alliances, teams and rooms change in
// place (their codes stay); an alliance's members are replaced whole, with
// the schema still holding "one lead"; a room can be removed.
func testOrganisationEdits(t *testing.T, s quartier.Store) {
	var ps map[string]*quartier.Provider
	var alliance quartier.Alliance
	var team quartier.Team
	var room quartier.Room
	update(t, s, func(tx quartier.Tx) error {
		ps = mkProviders(t, tx)
		alliance = quartier.Alliance{Code: "nord", Name: "Verbund Nord", Members: []quartier.AllianceMember{
			{ProviderID: ps["caritas"].ID, Provider: "caritas"}, {ProviderID: ps["htg"].ID, Provider: "htg", Lead: true}}}
		if err := tx.CreateAlliance(ctx, &alliance); err != nil {
			return err
		}
		team = quartier.Team{Code: "srt-west", Space: "west", Kind: quartier.TeamProvider, Name: "Team West", ProviderID: ps["awo"].ID}
		if err := tx.CreateTeam(ctx, &team); err != nil {
			return err
		}
		room = quartier.Room{TeamID: team.ID, Name: "Büro", Street: "Marktstraße", Location: &orb.Point{1, 2}}
		if err := tx.CreateRoom(ctx, &room); err != nil {
			return err
		}
		other := quartier.Room{TeamID: team.ID, Name: "Zweitbüro", Street: "Am Markt"}
		return tx.CreateRoom(ctx, &other)
	})
	update(t, s, func(tx quartier.Tx) error {
		p := *ps["awo"]
		p.Name, p.ShortName, p.Kind, p.Website = "AWO Weimar", "AWO", quartier.ProviderPublic, ""
		if err := tx.UpdateProvider(ctx, &p); err != nil {
			return err
		}
		alliance.Name = "Trägerverbund Nord"
		alliance.Members = []quartier.AllianceMember{{ProviderID: ps["caritas"].ID, Provider: "caritas", Lead: true},
			{ProviderID: ps["awo"].ID, Provider: "awo"}, {ProviderID: ps["htg"].ID, Provider: "htg"}}
		if err := tx.UpdateAlliance(ctx, &alliance); err != nil {
			return err
		}
		team.Name = "Sozialraumteam West"
		if err := tx.UpdateTeam(ctx, &team); err != nil {
			return err
		}
		room.Name, room.HouseNo, room.Postcode, room.City, room.OpeningHours, room.Phone, room.Location = "Sozialraumbüro", "3", "99423", "Weimar", "Mo 09:00-12:00", "03643 9", nil
		if err := tx.UpdateRoom(ctx, &room); err != nil {
			return err
		}
		wantCode(t, tx.UpdateProvider(ctx, &quartier.Provider{ID: 99999, Code: "nix", Name: "x", Kind: quartier.ProviderIndependent}), quartier.ENOTFOUND)
		wantCode(t, tx.UpdateTeam(ctx, &quartier.Team{ID: 99999, Name: "x"}), quartier.ENOTFOUND)
		wantCode(t, tx.UpdateRoom(ctx, &quartier.Room{ID: 99999, Name: "x", Street: "y"}), quartier.ENOTFOUND)
		wantCode(t, tx.DeleteRoom(ctx, 99999), quartier.ENOTFOUND)
		return nil
	})
	// Two leads are refused by the schema, and the refusal rolls the
	// replaced members back.
	if err := s.Update(ctx, func(tx quartier.Tx) error {
		a := alliance
		a.Members = []quartier.AllianceMember{{ProviderID: ps["caritas"].ID, Provider: "caritas", Lead: true}, {ProviderID: ps["htg"].ID, Provider: "htg", Lead: true}}
		return tx.UpdateAlliance(ctx, &a)
	}); err == nil {
		t.Fatal("alliance with two leads stored")
	}
	view(t, s, func(tx quartier.Tx) error {
		p, err := tx.ProviderByCode(ctx, "awo")
		if err != nil || p.Name != "AWO Weimar" || p.ShortName != "AWO" || p.Kind != quartier.ProviderPublic || p.Website != "" || p.ID != ps["awo"].ID {
			t.Fatalf("provider: %+v %v", p, err)
		}
		a, err := tx.AllianceByCode(ctx, "nord")
		if err != nil || a.Name != "Trägerverbund Nord" || len(a.Members) != 3 || a.Members[0].Provider != "caritas" || !a.Members[0].Lead ||
			a.Members[1].Provider != "awo" || a.Members[1].Lead || a.Members[2].Provider != "htg" || a.Members[2].Lead {
			t.Fatalf("alliance (lead first, then by code): %+v %v", a, err)
		}
		teams, err := tx.Teams(ctx, "west")
		if err != nil || len(teams) != 1 || teams[0].Name != "Sozialraumteam West" || teams[0].Code != "srt-west" || len(teams[0].Rooms) != 2 {
			t.Fatalf("teams: %+v %v", teams, err)
		}
		r := teams[0].Rooms[0]
		if r.ID != room.ID || r.Name != "Sozialraumbüro" || r.Street != "Marktstraße" || r.HouseNo != "3" || r.City != "Weimar" || r.Phone != "03643 9" ||
			r.OpeningHours != "Mo 09:00-12:00" || r.Location != nil {
			t.Fatalf("room: %+v", r)
		}
		return nil
	})
	testMembershipPeriods(t, s, ps, alliance)
	update(t, s, func(tx quartier.Tx) error { return tx.DeleteRoom(ctx, room.ID) })
	view(t, s, func(tx quartier.Tx) error {
		teams, err := tx.Teams(ctx, "west")
		if err != nil || len(teams[0].Rooms) != 1 || teams[0].Rooms[0].Name != "Zweitbüro" {
			t.Fatalf("after removing a room: %+v %v", teams, err)
		}
		return nil
	})
}

// testMembershipPeriods: memberships keep their periods (a start of NULL
// is "since the alliance began"), come back oldest first and the lead
// first within a start, and the schema allows one open lead period per
// alliance beside any number of ended ones.
func testMembershipPeriods(t *testing.T, s quartier.Store, ps map[string]*quartier.Provider, alliance quartier.Alliance) {
	passed := day(2025, 1, 1)
	joined := day(2024, 6, 1)
	member := func(code string, lead bool, from time.Time, to *time.Time) quartier.AllianceMember {
		return quartier.AllianceMember{ProviderID: ps[code].ID, Provider: code, Lead: lead, ValidFrom: from, ValidTo: to}
	}
	update(t, s, func(tx quartier.Tx) error {
		alliance.Members = []quartier.AllianceMember{
			member("caritas", true, time.Time{}, &passed), member("caritas", false, passed, nil),
			member("htg", false, time.Time{}, &passed), member("htg", true, passed, nil),
			member("awo", false, joined, nil)}
		return tx.UpdateAlliance(ctx, &alliance)
	})
	view(t, s, func(tx quartier.Tx) error {
		a, err := tx.AllianceByCode(ctx, "nord")
		if err != nil {
			return err
		}
		var got []string
		for _, m := range a.Members {
			to := "offen"
			if m.ValidTo != nil {
				to = m.ValidTo.Format(quartier.DateLayout)
			}
			from := "-"
			if !m.ValidFrom.IsZero() {
				from = m.ValidFrom.Format(quartier.DateLayout)
			}
			got = append(got, fmt.Sprintf("%s %v %s %s", m.Provider, m.Lead, from, to))
			if m.ID == 0 {
				t.Errorf("membership without id: %+v", m)
			}
		}
		want := []string{"caritas true - 2025-01-01", "htg false - 2025-01-01", "awo false 2024-06-01 offen",
			"htg true 2025-01-01 offen", "caritas false 2025-01-01 offen"}
		if !slices.Equal(got, want) {
			t.Errorf("membership periods:\n got %q\nwant %q", got, want)
		}
		all, err := tx.Alliances(ctx)
		if err != nil || len(all) != 1 || len(all[0].Members) != 5 {
			t.Errorf("alliances: %+v %v", all, err)
		}
		return nil
	})
	if err := s.Update(ctx, func(tx quartier.Tx) error {
		a := alliance
		a.Members = append(slices.Clone(a.Members), member("awo", true, passed.AddDate(1, 0, 0), nil))
		return tx.UpdateAlliance(ctx, &a)
	}); err == nil {
		t.Error("two open lead periods stored")
	}
	// A period ending before it begins is refused even without Validate.
	if err := s.Update(ctx, func(tx quartier.Tx) error {
		a := alliance
		a.Members = []quartier.AllianceMember{member("caritas", true, passed, &joined), member("htg", false, time.Time{}, nil)}
		return tx.UpdateAlliance(ctx, &a)
	}); err == nil {
		t.Error("a membership ending before it begins was stored")
	}
}
