package budget_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/budget"
	"github.com/quartier/quartier/internal/spatial"
	"github.com/quartier/quartier/internal/testcity"
)

// contextOf is a person with one grant of role in spaces (none: all).
func contextOf(role quartier.Role, spaces ...quartier.SpaceCode) context.Context {
	return testcity.Role(role, spaces...)
}

// staff is a person with one grant of role for the team asd-west.
func (c *city) staff(t *testing.T, login string, role quartier.Role) context.Context {
	t.Helper()
	u := &quartier.User{Login: login, Name: login}
	if err := c.Store.Update(context.Background(), func(tx quartier.Tx) error { return tx.CreateUser(context.Background(), u) }); err != nil {
		t.Fatal(err)
	}
	g := quartier.Grant{Role: role, Scope: quartier.Scope{Kind: quartier.ScopeTeam, Ref: "asd-west"}, Spaces: []quartier.SpaceCode{"west"}}
	return quartier.WithActor(context.Background(), &quartier.Actor{UserID: u.ID, Login: login, Grants: []quartier.Grant{g}})
}

// Staff record their own hours, the team lead those of the team; the
// rows are seen by the person and the lead only; the report compares the
// share of case-independent work with the team's target and shows no
// team of fewer than three people.
func TestHours(t *testing.T) {
	c := open(t, day(2025, 7, 1))
	anna, ben, cem := c.staff(t, "anna", quartier.RoleASD), c.staff(t, "ben", quartier.RoleASD), c.staff(t, "cem", quartier.RoleASDLead)
	if _, err := c.b.SaveProject(op, basketball()); err != nil {
		t.Fatal(err)
	}
	rec := func(ctx context.Context, login, kind, hours, project string) error {
		h, err := quartier.ParseHundredths(hours)
		if err != nil {
			t.Fatal(err)
		}
		return c.b.RecordHours(ctx, budget.HoursRequest{Login: login, Team: "asd-west", Week: day(2025, 6, 4), Kind: kind, Hours: h, Project: project})
	}
	for _, r := range []struct {
		ctx                         context.Context
		login, kind, hours, project string
	}{
		{anna, "", "case", "30", ""}, {anna, "", "structural", "9", "basketball"}, {anna, "", "structural", "1", ""},
		{ben, "", "case", "40", ""},
		{cem, "ben", "case", "35", ""}, // the lead corrects Ben's week: replaces 40
		{cem, "", "milieu", "20", ""}, {cem, "", "case", "19,5", ""},
	} {
		if err := rec(r.ctx, r.login, r.kind, r.hours, r.project); err != nil {
			t.Fatalf("%+v: %v", r, err)
		}
	}
	// The audit names each record but holds no hours.
	if err := c.Store.View(context.Background(), func(tx quartier.Tx) error {
		es, err := tx.AuditEntries(context.Background(), quartier.AuditFilter{Limit: 1000})
		n := 0
		for _, e := range es {
			if e.Action != "budget.hours" || e.Outcome != quartier.OutcomeOK {
				continue
			}
			n++
			if strings.Contains(e.Detail, "Std.") || strings.Contains(e.Detail, "19,5") || !strings.Contains(e.Detail, "Team asd-west, Woche ab 02.06.2025") {
				t.Errorf("audit detail %q", e.Detail)
			}
		}
		if n != 7 {
			t.Errorf("%d recordings audited, want 7", n)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"staff for another", rec(anna, "ben", "case", "1", ""), "nur die Leitung"},
		{"a provider's staff in the office's team", rec(testcity.Provider("awo", "west"), "", "case", "1", ""), "nicht gefunden"},
		{"an office lead of another team", rec(quartier.WithActor(context.Background(), &quartier.Actor{UserID: 99, Login: "lea", Grants: []quartier.Grant{{Role: quartier.RoleASDLead,
			Scope: quartier.Scope{Kind: quartier.ScopeTeam, Ref: "asd-ost"}, Spaces: []quartier.SpaceCode{"ost"}}}}), "ben", "case", "1", ""), "nicht gefunden"},
		{"planner records none", rec(contextOf(quartier.RolePlanner), "", "case", "1", ""), "Keine Berechtigung"},
		{"case work in a project", rec(anna, "", "case", "1", "basketball"), "Strukturarbeit"},
		{"a week has 168 hours", rec(anna, "", "milieu", "170", ""), "168"},
		{"unknown team", c.b.RecordHours(anna, budget.HoursRequest{Team: "asd-nord", Week: day(2025, 6, 4), Kind: "case", Hours: 100}), "nicht gefunden"},
	} {
		if tc.err == nil || !strings.Contains(quartier.ErrorMessage(tc.err), tc.want) {
			t.Errorf("%s: got %v, want an error with %q", tc.name, tc.err, tc.want)
		}
	}
	rows, err := c.b.Hours(anna, "asd-west", "", day(2025, 6, 1), day(2025, 7, 1))
	if err != nil || len(rows) != 3 {
		t.Errorf("Anna's own rows: %v %+v", err, rows)
	}
	for _, h := range rows {
		if h.Login != "anna" {
			t.Errorf("Anna sees %s's hours", h.Login)
		}
	}
	if _, err := c.b.Hours(anna, "asd-west", "ben", day(2025, 6, 1), day(2025, 7, 1)); err == nil {
		t.Error("Anna read Ben's hours")
	}
	if rows, err := c.b.Hours(cem, "asd-west", "", day(2025, 6, 1), day(2025, 7, 1)); err != nil || len(rows) != 6 {
		t.Errorf("lead reads the team: %v, %d rows", err, len(rows))
	}

	if err := c.b.SetTeamTarget(op, "asd-west", 30, "Stellenbeschreibungen 2025"); err != nil {
		t.Fatal(err)
	}
	*c.now = day(2025, 7, 11) // June is closed and shown
	teams, spaces, err := c.b.HoursReport(contextOf(quartier.RoleController, "west"), "west", day(2025, 6, 1), day(2025, 7, 1))
	if err != nil || len(teams) != 1 || len(spaces) != 1 {
		t.Fatalf("%v %+v %+v", err, teams, spaces)
	}
	// Three people, but the milieu work is Cem's alone and the structural
	// work Anna's: shown per kind, those would be their hours. The team
	// and its space are withheld (found by the security review).
	if f := teams[0]; !f.Withheld || f.Total != 0 || f.ByKind != nil {
		t.Errorf("team with a kind of one person shown: %+v", f)
	}
	if f := spaces[0]; !f.Withheld || f.Total != 0 {
		t.Errorf("space with a kind of one person shown: %+v", f)
	}
	for _, r := range []struct {
		ctx                context.Context
		login, kind, hours string
	}{{anna, "", "milieu", "5"}, {ben, "", "milieu", "5"}, {ben, "", "structural", "2"}, {cem, "", "structural", "3"}} {
		*c.now = day(2025, 7, 10) // the last day June is recorded
		if err := rec(r.ctx, r.login, r.kind, r.hours, ""); err != nil {
			t.Fatalf("%+v: %v", r, err)
		}
	}
	*c.now = day(2025, 7, 11)
	teams, spaces, err = c.b.HoursReport(contextOf(quartier.RoleController, "west"), "west", day(2025, 6, 1), day(2025, 7, 1))
	if err != nil || len(teams) != 1 || len(spaces) != 1 {
		t.Fatalf("%v %+v %+v", err, teams, spaces)
	}
	// case 30 + 35 + 19,5 = 84,5; milieu 20 + 5 + 5 = 30; structural
	// 10 + 2 + 3 = 15: 45 of 129,5 h = 347,49 ‰, rounded 347, against a
	// target of 30 %.
	if f := teams[0]; f.Withheld || f.People != 3 || f.Total != 129_50 || f.ActualPermille != 347 || f.TargetPercent != 30 || f.ByKind["case"] != 84_50 || f.ByKind["milieu"] != 30_00 {
		t.Errorf("team figures %+v", f)
	}
	if f := spaces[0]; f.Total != 129_50 || f.TargetPercent != 30 || f.ActualPermille != 347 {
		t.Errorf("space figures %+v", f)
	}
	teams, _, err = c.b.HoursReport(contextOf(quartier.RoleController), "", day(2025, 7, 1), day(2025, 8, 1))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range teams {
		if !f.Withheld || f.Total != 0 || f.ByKind != nil {
			t.Errorf("team without three people shown: %+v", f)
		}
	}
	if _, _, err := c.b.HoursReport(anna, "west", day(2025, 6, 1), day(2025, 7, 1)); err == nil {
		t.Error("staff read the report of the space")
	}
}

// A space's sums less those of its shown teams are the sums of its
// withheld teams: a one-person team beside a team of three must not be
// read off by subtracting, nor by the space's target weighted by hours.
func TestHoursReportNoDifferencing(t *testing.T) {
	c := open(t, day(2025, 7, 1))
	if err := c.Spatial.CreateTeam(op, spatial.SetupTeam{Code: "asd-west-2", Space: "west", Kind: "office", Name: "ASD West 2"}); err != nil {
		t.Fatal(err)
	}
	anna, ben, cem := c.staff(t, "anna", quartier.RoleASD), c.staff(t, "ben", quartier.RoleASD), c.staff(t, "cem", quartier.RoleASD)
	dora := c.staff(t, "dora", quartier.RoleASD)
	dora = quartier.WithActor(context.Background(), &quartier.Actor{UserID: quartier.ActorFrom(dora).UserID, Login: "dora", Grants: []quartier.Grant{{Role: quartier.RoleASD,
		Scope: quartier.Scope{Kind: quartier.ScopeTeam, Ref: "asd-west-2"}, Spaces: []quartier.SpaceCode{"west"}}}})
	for _, r := range []struct {
		ctx   context.Context
		team  string
		hours int64
	}{{anna, "asd-west", 30_00}, {ben, "asd-west", 30_00}, {cem, "asd-west", 30_00}, {dora, "asd-west-2", 7_00}} {
		if err := c.b.RecordHours(r.ctx, budget.HoursRequest{Team: r.team, Week: day(2025, 6, 4), Kind: "case", Hours: r.hours}); err != nil {
			t.Fatal(err)
		}
	}
	for _, team := range []string{"asd-west", "asd-west-2"} {
		if err := c.b.SetTeamTarget(op, team, map[string]int{"asd-west": 20, "asd-west-2": 60}[team], "Stellenbeschreibungen"); err != nil {
			t.Fatal(err)
		}
	}
	*c.now = day(2025, 7, 11)
	teams, spaces, err := c.b.HoursReport(contextOf(quartier.RoleController, "west"), "west", day(2025, 6, 1), day(2025, 7, 1))
	if err != nil || len(teams) != 2 || len(spaces) != 1 {
		t.Fatalf("%v %+v %+v", err, teams, spaces)
	}
	var shown int64
	for _, f := range teams {
		if f.Team == "asd-west-2" && !f.Withheld {
			t.Fatalf("a team of one shown: %+v", f)
		}
		shown += f.Total
	}
	if sp := spaces[0]; !sp.Withheld && sp.Total-shown != 0 {
		t.Errorf("the space's sum less its shown teams' gives Dora's hours: %d − %d", sp.Total, shown)
	}
	if sp := spaces[0]; sp.TargetPercent != -1 && sp.Withheld {
		t.Errorf("a withheld space shows its target weighted by the hours: %d %%", sp.TargetPercent)
	}
}

// Periods are whole months: two reports a week apart would otherwise
// differ by one person's week (found by the security review).
func TestHoursReportWholeMonths(t *testing.T) {
	c := open(t, day(2025, 7, 1))
	for _, r := range []struct {
		login string
		week  time.Time
	}{{"anna", day(2025, 6, 2)}, {"ben", day(2025, 6, 2)}, {"cem", day(2025, 6, 2)}, {"dora", day(2025, 6, 23)}} {
		if err := c.b.RecordHours(c.staff(t, r.login, quartier.RoleASD), budget.HoursRequest{Team: "asd-west", Week: r.week, Kind: "case", Hours: 10_00}); err != nil {
			t.Fatal(err)
		}
	}
	*c.now = day(2025, 7, 11)
	ctl := contextOf(quartier.RoleController, "west")
	early, _, err := c.b.HoursReport(ctl, "west", day(2025, 6, 1), day(2025, 6, 16))
	if err != nil {
		t.Fatal(err)
	}
	whole, _, err := c.b.HoursReport(ctl, "west", day(2025, 6, 1), day(2025, 7, 1))
	if err != nil {
		t.Fatal(err)
	}
	if early[0].Total != whole[0].Total || whole[0].Total != 40_00 || whole[0].People != 4 {
		t.Errorf("the first half of June %+v, all of June %+v: want both 40 h of four people", early[0], whole[0])
	}
	if f, e := budget.HoursPeriod(day(2025, 6, 10), day(2025, 6, 16)); !f.Equal(day(2025, 6, 1)) || !e.Equal(day(2025, 7, 1)) {
		t.Errorf("period %v–%v", f, e)
	}
}

// Hours are kept two full years after their year, then deleted by the
// installation's job: one audit entry per run that deleted something.
func TestPurgeHours(t *testing.T) {
	c := open(t, day(2022, 6, 1))
	anna := c.staff(t, "anna", quartier.RoleASD)
	for _, w := range []time.Time{day(2022, 6, 1), day(2022, 12, 26), day(2023, 1, 2), day(2025, 6, 4)} {
		*c.now = w
		if err := c.b.RecordHours(anna, budget.HoursRequest{Team: "asd-west", Week: w, Kind: "case", Hours: 10_00}); err != nil {
			t.Fatal(err)
		}
	}
	*c.now = day(2025, 7, 1)
	if _, err := c.b.PurgeHours(op, 0); err == nil {
		t.Error("a retention of 0 years accepted")
	}
	if _, err := c.b.PurgeHours(contextOf(quartier.RoleController, "west"), budget.HoursRetention); err == nil {
		t.Error("a controller of one space deleted the hours of all")
	}
	n, err := c.b.PurgeHours(op, budget.HoursRetention)
	if err != nil || n != 2 {
		t.Fatalf("purged %d rows (%v), want the two weeks of 2022", n, err)
	}
	if n, err := c.b.PurgeHours(op, budget.HoursRetention); err != nil || n != 0 {
		t.Errorf("second run purged %d (%v)", n, err)
	}
	rows, err := c.b.Hours(anna, "asd-west", "", day(2020, 1, 1), day(2026, 1, 1))
	if err != nil || len(rows) != 2 || !rows[0].Week.Equal(day(2023, 1, 2)) {
		t.Errorf("left %+v %v", rows, err)
	}
	if err := c.Store.View(context.Background(), func(tx quartier.Tx) error {
		es, err := tx.AuditEntries(context.Background(), quartier.AuditFilter{Action: "budget.hours.purge", Limit: 100})
		if len(es) != 1 || !strings.Contains(es[0].Detail, "2 Zeilen") || !strings.Contains(es[0].Detail, "01.01.2023") {
			t.Errorf("audit %+v", es)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
}
