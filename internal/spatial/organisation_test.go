package spatial

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/testcity"
)

func orgCity(t *testing.T) *Service {
	t.Helper()
	a := newApp(t)
	importGrid(t, a, 0, day0)
	composeColumns(t, a, true)
	if err := a.ImportSetup(opCtx(), &Setup{Providers: []quartier.Provider{
		{Code: "awo", Name: "AWO", Kind: quartier.ProviderIndependent},
		{Code: "htg", Name: "HTG", Kind: quartier.ProviderIndependent},
		{Code: "caritas", Name: "Caritas", Kind: quartier.ProviderIndependent},
	}}); err != nil {
		t.Fatal(err)
	}
	return a
}

// fieldOf is the field the first finding of err names.
func fieldOf(err error) string {
	if ps := quartier.ErrorProblems(err); len(ps) > 0 {
		return ps[0].Code
	}
	return ""
}

// TestOrganisationOneRecordAtATime maintains the organisation of a space
// the way the forms do: each change validated as in a setup file, faults
// named at their field, history kept by ending, never by overwriting.
func TestOrganisationOneRecordAtATime(t *testing.T) {
	a := orgCity(t)
	ctx := opCtx()
	for _, c := range []struct {
		p     quartier.Provider
		field string
	}{
		{quartier.Provider{Code: "awo", Name: "AWO 2", Kind: quartier.ProviderIndependent}, "code"}, // taken
		{quartier.Provider{Code: "Ä b", Name: "X", Kind: quartier.ProviderIndependent}, "code"},
		{quartier.Provider{Code: "dia", Kind: quartier.ProviderIndependent}, "name"},
		{quartier.Provider{Code: "dia", Name: "Diakonie", Kind: "kirchlich"}, "kind"},
	} {
		if err := a.CreateProvider(ctx, c.p); err == nil || fieldOf(err) != c.field {
			t.Errorf("%+v: %v at %q, want a finding at %q", c.p, err, fieldOf(err), c.field)
		}
	}
	if err := a.CreateProvider(ctx, quartier.Provider{Code: "diakonie", Name: "Diakonie", Kind: quartier.ProviderIndependent}); err != nil {
		t.Fatal(err)
	}
	if err := a.UpdateProvider(ctx, quartier.Provider{Code: "awo", Name: "AWO Weimar", ShortName: "AWO", Kind: quartier.ProviderIndependent, Website: "https://awo.example"}); err != nil {
		t.Fatal(err)
	}
	if err := a.UpdateProvider(ctx, quartier.Provider{Code: "nix", Name: "X", Kind: quartier.ProviderIndependent}); quartier.ErrorCode(err) != quartier.ENOTFOUND {
		t.Fatalf("update of an unknown provider: %v", err)
	}

	err := a.CreateAlliance(ctx, SetupAlliance{Code: "nord", Name: "Verbund Nord", Lead: "htg", Members: []string{"htg", "karitas"}})
	if fieldOf(err) != "members.1" {
		t.Fatalf("unknown member: %v at %q", err, fieldOf(err))
	}
	both := SetupAlliance{Code: "nord", Name: "Verbund Nord", Lead: "htg", Members: []string{"htg", "caritas"}, Memberships: []SetupMembership{{Provider: "htg", Lead: true}}}
	if err := a.CreateAlliance(ctx, both); fieldOf(err) != "members" || !strings.Contains(quartier.ErrorMessage(err), "nicht beides") {
		t.Fatalf("members given twice: %v at %q", err, fieldOf(err))
	}
	if err := a.CreateAlliance(ctx, SetupAlliance{Code: "nord", Name: "Verbund Nord", Memberships: []SetupMembership{{Provider: "htg", Lead: true}, {Provider: "caritas", ValidFrom: "31.02.2025"}}}); fieldOf(err) != "members.1" ||
		!strings.Contains(quartier.ErrorMessage(err), "caritas des Verbunds nord: Beginn") {
		t.Fatalf("bad start: %v at %q", err, fieldOf(err))
	}
	if err := a.CreateAlliance(ctx, SetupAlliance{Code: "nord", Name: "Verbund Nord", Members: []string{"htg", "caritas"}}); fieldOf(err) != "lead" {
		t.Fatalf("no lead: %v at %q", err, fieldOf(err))
	}
	if err := a.CreateAlliance(ctx, SetupAlliance{Code: "nord", Name: "Verbund Nord", Lead: "htg", Members: []string{"htg", "caritas"}}); err != nil {
		t.Fatal(err)
	}
	// The members since the beginning are history: their lead does not
	// change backwards, and they are not removed, only ended.
	if err := a.UpdateAlliance(ctx, SetupAlliance{Code: "nord", Name: "Trägerverbund Nord", Lead: "caritas", Members: []string{"htg", "caritas", "diakonie"}}); fieldOf(err) != "members.0" || quartier.ErrorCode(err) != quartier.ECONFLICT {
		t.Fatalf("lead changed backwards: %v at %q", err, fieldOf(err))
	}
	if err := a.UpdateAlliance(ctx, SetupAlliance{Code: "nord", Name: "Verbund Nord", Memberships: []SetupMembership{{Provider: "htg", Lead: true}, {Provider: "diakonie"}}}); fieldOf(err) != "members" ||
		!strings.Contains(quartier.ErrorMessage(err), "caritas (von Anfang an) hat begonnen") {
		t.Fatalf("member removed: %v at %q", err, fieldOf(err))
	}
	// From spring the Caritas leads and the Diakonie is a member.
	spring, summer := day0.AddDate(0, 3, 0), day0.AddDate(0, 6, 0)
	springDay := spring.Format(quartier.DateLayout)
	if err := a.UpdateAlliance(ctx, SetupAlliance{Code: "nord", Name: "Trägerverbund Nord", Memberships: []SetupMembership{
		{Provider: "htg", Lead: true, ValidTo: springDay}, {Provider: "htg", ValidFrom: springDay},
		{Provider: "caritas", ValidTo: springDay}, {Provider: "caritas", Lead: true, ValidFrom: springDay},
		{Provider: "diakonie", ValidFrom: springDay}}}); err != nil {
		t.Fatal(err)
	}

	// Assignments: a successor ends the predecessor; ending keeps the
	// row; ending before the start or without an open one is refused.
	for _, r := range []AssignRequest{{Space: "west", Assignee: "awo", ValidFrom: day0}, {Space: "west", Assignee: "nord", ValidFrom: spring}} {
		if err := a.Assign(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.Assign(ctx, AssignRequest{Space: "west", Assignee: "awo", ValidFrom: day0}); fieldOf(err) != "valid_from" || quartier.ErrorCode(err) != quartier.ECONFLICT {
		t.Fatalf("rewriting history: %v at %q", err, fieldOf(err))
	}
	if err := a.Assign(ctx, AssignRequest{Space: "ost", Assignee: "niemand", ValidFrom: day0}); fieldOf(err) != "assignee" {
		t.Fatalf("unknown assignee: %v at %q", err, fieldOf(err))
	}
	if err := a.EndAssignment(ctx, "west", day0); fieldOf(err) != "valid_to" {
		t.Fatalf("end before the start: %v at %q", err, fieldOf(err))
	}
	if err := a.EndAssignment(ctx, "west", summer); err != nil {
		t.Fatal(err)
	}
	if err := a.EndAssignment(ctx, "west", summer.AddDate(0, 1, 0)); quartier.ErrorCode(err) != quartier.ECONFLICT {
		t.Fatalf("ending twice: %v", err)
	}

	// Teams and rooms.
	if err := a.CreateTeam(ctx, SetupTeam{Code: "srt-west", Space: "west", Kind: "provider", Name: "Team West"}); fieldOf(err) != "provider" {
		t.Fatalf("provider team without provider: %v at %q", err, fieldOf(err))
	}
	if err := a.CreateTeam(ctx, SetupTeam{Code: "srt-west", Space: "west", Kind: "provider", Name: "Team West", Provider: "awo"}); err != nil {
		t.Fatal(err)
	}
	if err := a.CreateTeam(ctx, SetupTeam{Code: "srt-west", Space: "ost", Kind: "office", Name: "ASD Ost"}); fieldOf(err) != "code" || quartier.ErrorCode(err) != quartier.ECONFLICT {
		t.Fatalf("team code taken: %v at %q", err, fieldOf(err))
	}
	if err := a.RenameTeam(ctx, "west", "srt-west", "Sozialraumteam West"); err != nil {
		t.Fatal(err)
	}
	if err := a.RenameTeam(ctx, "ost", "srt-west", "X"); quartier.ErrorCode(err) != quartier.ENOTFOUND {
		t.Fatalf("a team of another space: %v", err)
	}
	lon, lat := 13.4, 52.5
	if err := a.AddRoom(ctx, "west", "srt-west", SetupRoom{Room: quartier.Room{Name: "Büro"}}); fieldOf(err) != "street" {
		t.Fatalf("room without street: %v at %q", err, fieldOf(err))
	}
	for _, name := range []string{"Büro", "Zweitbüro"} {
		if err := a.AddRoom(ctx, "west", "srt-west", SetupRoom{Room: quartier.Room{Name: name, Street: "Marktstraße", HouseNo: "1"}, Lon: &lon, Lat: &lat}); err != nil {
			t.Fatal(err)
		}
	}
	o, err := a.Organisation(ctx, "west")
	if err != nil {
		t.Fatal(err)
	}
	rooms := o.Space("west").Teams[0].Rooms
	if len(rooms) != 2 || rooms[0].Location == nil || rooms[0].Location[0] < 300_000 {
		t.Fatalf("rooms (WGS84 moved into the installation's CRS): %+v", rooms)
	}
	if err := a.UpdateRoom(ctx, "west", rooms[0].ID, SetupRoom{Room: quartier.Room{Name: "Sozialraumbüro", Street: "Markt", HouseNo: "2", OpeningHours: "Mo 09:00-12:00"}}); err != nil {
		t.Fatal(err)
	}
	if err := a.RemoveRoom(ctx, "west", rooms[1].ID); err != nil {
		t.Fatal(err)
	}
	if err := a.RemoveRoom(ctx, "ost", rooms[0].ID); quartier.ErrorCode(err) != quartier.ENOTFOUND {
		t.Fatalf("a room of another space: %v", err)
	}

	// The duo: a successor ends the predecessor's term.
	if err := a.AppointLeader(ctx, SetupLeadership{Space: "west", Role: "coordinator", ValidFrom: "2024-01-01"}); fieldOf(err) != "person" {
		t.Fatalf("no person: %v at %q", err, fieldOf(err))
	}
	for _, sl := range []SetupLeadership{
		{Space: "west", Role: "coordinator", Person: quartier.Person{Name: "Jan Kühn", Organisation: "awo"}, ValidFrom: day0.Format(quartier.DateLayout)},
		{Space: "west", Role: "coordinator", Person: quartier.Person{Name: "Eva Roth"}, ValidFrom: spring.Format(quartier.DateLayout)},
		{Space: "west", Role: "regional_head", Person: quartier.Person{Name: "Doreen Bauer"}, ValidFrom: day0.Format(quartier.DateLayout)},
	} {
		if err := a.AppointLeader(ctx, sl); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.AppointLeader(ctx, SetupLeadership{Space: "west", Role: "coordinator", Person: quartier.Person{Name: "X"}, ValidFrom: "kein Datum"}); fieldOf(err) != "valid_from" {
		t.Fatalf("bad date: %v at %q", err, fieldOf(err))
	}
	if err := a.EndLeadership(ctx, "west", quartier.RoleRegionalHead, summer); err != nil {
		t.Fatal(err)
	}
	if err := a.EndLeadership(ctx, "west", quartier.RoleRegionalHead, summer); fieldOf(err) != "role" {
		t.Fatalf("ending a role nobody holds: %v at %q", err, fieldOf(err))
	}

	o, err = a.Organisation(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	west := o.Space("west")
	if len(west.Assignments) != 2 || !west.Assignments[0].ValidTo.Equal(spring) || !west.Assignments[1].ValidTo.Equal(summer) || west.Open() != nil {
		t.Fatalf("assignment history: %+v", west.Assignments)
	}
	if o.Name("nord") != "Trägerverbund Nord" || o.Name("awo") != "AWO Weimar" || o.Name("??") != "??" || o.Provider("awo").Website != "https://awo.example" {
		t.Fatalf("names: %q %q %+v", o.Name("nord"), o.Name("awo"), o.Provider("awo"))
	}
	if al := o.Alliance("nord"); len(al.Members) != 5 || len(al.MembersAt(spring)) != 3 || al.MembersAt(spring)[0].Provider != "caritas" ||
		!al.MembersAt(spring)[0].Lead || al.MembersAt(day0)[0].Provider != "htg" || len(al.MembersAt(day0)) != 2 {
		t.Fatalf("alliance: %+v", al)
	}
	if rs := o.Responsibilities("diakonie"); len(rs) != 1 || rs[0].Via != "nord" || rs[0].Space.Code != "west" {
		t.Fatalf("the Diakonie through the alliance: %+v", rs)
	}
	if len(west.Teams) != 1 || west.Teams[0].Name != "Sozialraumteam West" || len(west.Teams[0].Rooms) != 1 || west.Teams[0].Rooms[0].Name != "Sozialraumbüro" ||
		west.Teams[0].Rooms[0].Location != nil || west.Teams[0].Rooms[0].OpeningHours != "Mo 09:00-12:00" {
		t.Fatalf("teams: %+v", west.Teams)
	}
	if len(west.Duo) != 3 || !west.Duo[0].ValidTo.Equal(spring) || len(west.OpenRoles()) != 1 || west.OpenRoles()[0].Person.Name != "Eva Roth" {
		t.Fatalf("duo: %+v", west.Duo)
	}
	if !west.Editable || o.Space("nirgends") != nil {
		t.Fatal("the operator maintains every space")
	}
}

// TestOrganisationScope: a planner of one space maintains that space and
// the providers and alliances responsible only there; everything else is
// refused, and each refusal is audited.
func TestOrganisationScope(t *testing.T) {
	a := orgCity(t)
	if err := a.ImportSetup(opCtx(), &Setup{
		Alliances:   []SetupAlliance{{Code: "nord", Name: "Verbund Nord", Lead: "htg", Members: []string{"htg", "caritas"}}},
		Assignments: []SetupAssignment{{Space: "west", Assignee: "awo", ValidFrom: "2024-01-01"}, {Space: "ost", Assignee: "nord", ValidFrom: "2024-01-01"}},
	}); err != nil {
		t.Fatal(err)
	}
	west := roleCtx(quartier.RolePlanner, "west")
	if err := a.Assign(west, AssignRequest{Space: "west", Assignee: "htg", ValidFrom: day0.AddDate(0, 1, 0)}); err != nil {
		t.Fatal(err)
	}
	if err := a.UpdateProvider(west, quartier.Provider{Code: "awo", Name: "AWO Weimar", Kind: quartier.ProviderIndependent}); err != nil {
		t.Fatalf("the AWO works only in West: %v", err)
	}
	for name, err := range map[string]error{
		"assign in Ost":      a.Assign(west, AssignRequest{Space: "ost", Assignee: "awo", ValidFrom: day0.AddDate(0, 1, 0)}),
		"end in Ost":         a.EndAssignment(west, "ost", day0.AddDate(0, 1, 0)),
		"team in Ost":        a.CreateTeam(west, SetupTeam{Code: "asd-ost", Space: "ost", Kind: "office", Name: "ASD Ost"}),
		"duo in Ost":         a.AppointLeader(west, SetupLeadership{Space: "ost", Role: "coordinator", Person: quartier.Person{Name: "X"}, ValidFrom: "2024-01-01"}),
		"the HTG (via Nord)": a.UpdateProvider(west, quartier.Provider{Code: "htg", Name: "HTG gGmbH", Kind: quartier.ProviderIndependent}),
		"the alliance Nord":  a.UpdateAlliance(west, SetupAlliance{Code: "nord", Name: "Nord", Lead: "htg", Members: []string{"htg", "caritas"}}),
		"read Ost":           func() error { _, err := a.Organisation(west, "ost"); return err }(),
	} {
		if code := quartier.ErrorCode(err); code != quartier.ENOTFOUND && code != quartier.EFORBIDDEN {
			t.Errorf("%s: %v", name, err)
		}
	}
	es, err := a.audit.Entries(opCtx(), quartier.AuditFilter{Login: "t-planner", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	denied := testcity.Outcomes(es, quartier.OutcomeDenied)
	if denied != 7 {
		t.Errorf("%d refusals audited, want 7: %+v", denied, es)
	}
	o, err := a.Organisation(west, "")
	if err != nil {
		t.Fatal(err)
	}
	if !o.Space("west").Editable || o.Space("ost").Editable {
		t.Fatal("editable spaces do not follow the scope")
	}
	// The pages offer a form only where the change would be accepted.
	if out := o.OutsideScope("htg"); len(out) != 1 || out[0] != "ost" || len(o.OutsideScope("awo")) != 0 || len(o.OutsideScope("nord")) != 1 {
		t.Fatalf("outside the scope: htg %v, awo %v, nord %v", o.OutsideScope("htg"), o.OutsideScope("awo"), o.OutsideScope("nord"))
	}
	for _, ctx := range []context.Context{context.Background(), roleCtx(quartier.RoleController)} {
		if _, err := a.Organisation(ctx, ""); quartier.ErrorCode(err) != quartier.EFORBIDDEN {
			t.Errorf("organisation without the permission: %v", err)
		}
		if err := a.CreateProvider(ctx, quartier.Provider{Code: "x", Name: "X", Kind: quartier.ProviderIndependent}); quartier.ErrorCode(err) != quartier.EFORBIDDEN {
			t.Errorf("provider without the permission: %v", err)
		}
	}
}

// TestDryRunChecksTheTarget: a check reports what the write would refuse
// about the layer too (a Gebietsstand not after the current one, another
// kind), except the public check of a file alone.
func TestDryRunChecksTheTarget(t *testing.T) {
	a := newApp(t)
	importGrid(t, a, 0, day0)
	composeColumns(t, a, false)
	check := func(spec LayerSpec, fileOnly bool) error {
		_, err := a.ImportAreas(opCtx(), ImportAreasRequest{Layer: spec, Input: bytes.NewReader(gridBlocks(0)), CodeProperty: "code", NameProperty: "name",
			ReferenceDate: day0, DryRun: true, FileOnly: fileOnly})
		return err
	}
	for name, spec := range map[string]LayerSpec{
		"same date":      {Code: "blk", Kind: quartier.LayerBlock},
		"another kind":   {Code: "blk", Kind: quartier.LayerImported},
		"a second block": {Code: "blk2", Kind: quartier.LayerBlock},
	} {
		err := check(spec, false)
		if ps := quartier.ErrorProblems(err); len(ps) != 1 || ps[0].Severity != quartier.SeverityError {
			t.Errorf("%s: %v %+v", name, err, ps)
		}
		if err := check(spec, true); err != nil {
			t.Errorf("%s, file only: %v", name, err)
		}
	}
	_, err := a.ComposeLayer(opCtx(), ComposeRequest{Layer: LayerSpec{Code: "spalte"}, Members: columnMembers(), ReferenceDate: day0, DryRun: true})
	if ps := quartier.ErrorProblems(err); len(ps) != 1 || !strings.Contains(ps[0].Message, "nach dem bisherigen") {
		t.Errorf("compose on the same date: %v %+v", err, ps)
	}
}

// TestReadMemberships reads a table as spreadsheets write it, each row with
// its line.
func TestReadMemberships(t *testing.T) {
	ms, err := ReadMemberships(strings.NewReader("\ufeffbaustein;gebiet;name\nr0c0;west;West\n\nr0c1;mitte\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 2 || ms[0] != (Membership{Line: 2, Block: "r0c0", Area: "west", AreaName: "West"}) || ms[1] != (Membership{Line: 4, Block: "r0c1", Area: "mitte"}) {
		t.Fatalf("%+v", ms)
	}
	if _, err := ReadMemberships(strings.NewReader("")); quartier.ErrorCode(err) != quartier.EINVALID {
		t.Fatalf("empty table: %v", err)
	}
}
