package allocation

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/monitoring"
	"github.com/quartier/quartier/internal/spatial"
	"github.com/quartier/quartier/internal/spatialtest"
	"github.com/quartier/quartier/internal/testcity"
)

var d2024 = time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)

// Children per block sum to 60 in the west column, 20 in mitte and 20 in
// ost; benefit recipients ("alo", a share with counts) to 30, 50 and 5.
// "quote" is a share without counts: 10 %, 20 % and 5 % in the columns.
const blockTable = `baustein;kinder;alo;ew;gruen;quote
r0c0;10;5;100;1;10
r1c0;20;10;200;1;10
r2c0;30;15;100;1;10
r0c1;5;1;10;1;20
r1c1;5;9;90;1;20
r2c1;10;40;100;1;20
r0c2;0;0;50;1;5
r1c2;10;3;50;1;5
r2c2;10;2;100;1;5
`

func newService(t *testing.T) *Service {
	t.Helper()
	core := spatialtest.Open(t, nil)
	core.Grid(t, 0, testcity.Day0)
	core.Columns(t, true)
	mon := monitoring.New(core.Store, core.Audit, core.Spatial)
	m := monitoring.Mapping{Layer: "blk", AreaColumn: "baustein", Date: "2024-12-31", Indicators: []monitoring.MappedIndicator{
		{Indicator: quartier.Indicator{Code: "kinder", Name: "Kinder", Kind: quartier.IndicatorCount}, Column: "kinder"},
		{Indicator: quartier.Indicator{Code: "alo", Name: "Leistungsbezug", Kind: quartier.IndicatorShare}, NumeratorColumn: "alo", DenominatorColumn: "ew"},
		{Indicator: quartier.Indicator{Code: "gruen", Name: "Grünfläche", Kind: quartier.IndicatorCount, Direction: quartier.HigherIsBetter}, Column: "gruen"},
		{Indicator: quartier.Indicator{Code: "quote", Name: "Quote", Kind: quartier.IndicatorShare}, Column: "quote"},
	}}
	// 100 residents in every block.
	pop := "baustein;gesamt\n"
	for r := range 3 {
		for c := range 3 {
			pop += fmt.Sprintf("r%dc%d;100\n", r, c)
		}
	}
	if _, err := core.Spatial.ImportPopulation(testcity.Operator(), strings.NewReader(pop), spatial.PopulationColumns{}, d2024); err != nil {
		t.Fatal(err)
	}
	if _, err := mon.ImportIndicators(testcity.Operator(), strings.NewReader(blockTable), m); err != nil {
		t.Fatalf("%v %v", err, quartier.ErrorProblems(err))
	}
	return New(core.Store, core.Audit, core.Spatial, mon, func() time.Time { return time.Date(2025, 2, 1, 9, 0, 0, 0, time.UTC) })
}

func rule(terms ...quartier.AllocationTerm) quartier.AllocationRule {
	return quartier.AllocationRule{Amount: 10_000_000, Date: d2024, Terms: terms}
}

func byCode(p *quartier.AllocationProposal) map[quartier.SpaceCode]quartier.AllocationShare {
	out := map[quartier.SpaceCode]quartier.AllocationShare{}
	for _, s := range p.Shares {
		out[s.Space] = s
	}
	return out
}

// TestProposalFromIndicatorValues: the measures are the indicators summed
// from blocks into the spaces, and the amounts follow them (hand-computed:
// 100,000 € by children 60:20:20; by recipients 30:50:5 of 85, i.e.
// 3,529,411.76 / 5,882,352.94 / 588,235.29 cents, the two missing cents to
// the larger remainders, mitte and west).
func TestProposalFromIndicatorValues(t *testing.T) {
	s := newService(t)
	planner := testcity.Role(quartier.RolePlanner)
	p, err := s.Preview(planner, Request{Name: "Dezentrale Mittel", Year: 2025, Rule: rule(quartier.AllocationTerm{Indicator: "kinder", Weight: 1})})
	if err != nil {
		t.Fatal(err)
	}
	got := byCode(p)
	if got["west"].Amount != 6_000_000 || got["mitte"].Amount != 2_000_000 || got["ost"].Amount != 2_000_000 || got["west"].Measures[0] != 60 {
		t.Errorf("by children: %+v", got)
	}
	if p.Layer != "spalte" || p.Shares[0].Name != "Spalte mitte" {
		t.Errorf("layer %s, first %+v", p.Layer, p.Shares[0])
	}
	p, err = s.Preview(planner, Request{Name: "Dezentrale Mittel", Year: 2025, Rule: rule(quartier.AllocationTerm{Indicator: "alo", Weight: 1})})
	if err != nil {
		t.Fatal(err)
	}
	got = byCode(p)
	if got["west"].Amount != 3_529_412 || got["mitte"].Amount != 5_882_353 || got["ost"].Amount != 588_235 || got["mitte"].Measures[0] != 50 {
		t.Errorf("by recipients: %+v", got)
	}
}

// TestShareWithoutCounts: a share becomes people by the residents (300 per
// column: 30, 60 and 15 of 105), and the proposal says it is an estimate:
// 10,000,000 × 30/105 = 2,857,142.86, × 60/105 = 5,714,285.71,
// × 15/105 = 1,428,571.43; the two missing cents go to west and mitte.
func TestShareWithoutCounts(t *testing.T) {
	s := newService(t)
	p, err := s.Preview(testcity.Role(quartier.RolePlanner), Request{Name: "X", Year: 2025, Rule: rule(quartier.AllocationTerm{Indicator: "quote", Weight: 1})})
	if err != nil {
		t.Fatal(err)
	}
	got := byCode(p)
	if got["west"].Amount != 2_857_143 || got["mitte"].Amount != 5_714_286 || got["ost"].Amount != 1_428_571 || got["mitte"].Measures[0] != 60 {
		t.Errorf("by the share: %+v", got)
	}
	if len(p.Notes) != 1 || !strings.Contains(p.Notes[0], "Quote liegt nur als Anteil vor") {
		t.Errorf("notes: %q", p.Notes)
	}
}

func TestVersionsAndThePreviousYear(t *testing.T) {
	s := newService(t)
	planner := testcity.Role(quartier.RolePlanner)
	req := Request{Name: "Dezentrale Mittel", Year: 2025, Rule: rule(quartier.AllocationTerm{Indicator: "kinder", Weight: 1})}
	v1, err := s.Save(planner, req)
	if err != nil {
		t.Fatal(err)
	}
	req.Rule.Amount = 12_000_000
	v2, err := s.Save(planner, req)
	if err != nil {
		t.Fatal(err)
	}
	if v1.Version != 1 || v2.Version != 2 {
		t.Errorf("versions %d %d", v1.Version, v2.Version)
	}
	// Next year compares with the last version of this year.
	next, err := s.Preview(planner, Request{Name: "Dezentrale Mittel", Year: 2026, Rule: rule(quartier.AllocationTerm{Indicator: "alo", Weight: 1})})
	if err != nil {
		t.Fatal(err)
	}
	w := byCode(next)["west"]
	if next.ComparedWith != "Dezentrale Mittel 2025, Fassung 2" || !w.HasPrevious || w.Previous != 7_200_000 || w.Change() != 3_529_412-7_200_000 {
		t.Errorf("compared with %q: %+v", next.ComparedWith, w)
	}
	// Or with a chosen one.
	chosen, err := s.Preview(planner, Request{Name: "Anders", Year: 2026, CompareWith: v1.ID, Rule: req.Rule})
	if err != nil || byCode(chosen)["west"].Previous != 6_000_000 {
		t.Errorf("chosen comparison: %v %+v", err, chosen)
	}
	// Saved proposals read back unchanged.
	read, err := s.Proposal(testcity.Role(quartier.RoleController), v2.ID)
	if err != nil || read.Rule.Amount != 12_000_000 || byCode(read)["west"].Amount != 7_200_000 || read.CreatedBy == "" {
		t.Errorf("read back: %v %+v", err, read)
	}
}

func TestWhoMayPropose(t *testing.T) {
	s := newService(t)
	req := Request{Name: "Dezentrale Mittel", Year: 2025, Rule: rule(quartier.AllocationTerm{Indicator: "kinder", Weight: 1})}
	for _, ctx := range []struct {
		name string
		role quartier.Role
		sp   []quartier.SpaceCode
	}{{"committee", quartier.RoleCommittee, nil}, {"controller", quartier.RoleController, nil}, {"asd", quartier.RoleASD, nil}} {
		if _, err := s.Save(testcity.Role(ctx.role, ctx.sp...), req); quartier.ErrorCode(err) != quartier.EFORBIDDEN {
			t.Errorf("%s saves: %v", ctx.name, err)
		}
	}
	// A planner for one space cannot see the others' values: a share of
	// the city cannot be computed from a part of it.
	if _, err := s.Preview(testcity.Role(quartier.RolePlanner, "west"), req); quartier.ErrorCode(err) != quartier.EFORBIDDEN {
		t.Errorf("scoped planner: %v", err)
	}
	if _, err := s.Proposals(testcity.Role(quartier.RoleCommittee)); quartier.ErrorCode(err) != quartier.EFORBIDDEN {
		t.Errorf("committee reads unpublished proposals: %v", err)
	}
	// A saved proposal holds every space's values: a reader of some spaces
	// does not read it either (found by the security review).
	if _, err := s.Save(testcity.Role(quartier.RolePlanner), req); err != nil {
		t.Fatal(err)
	}
	for _, role := range []quartier.Role{quartier.RoleProviderLead, quartier.RolePlanner, quartier.RoleController} {
		if _, err := s.Proposals(testcity.Role(role, "west")); quartier.ErrorCode(err) != quartier.EFORBIDDEN {
			t.Errorf("%s for West reads the city's proposals: %v", role, err)
		}
	}
	if ps, err := s.Proposals(testcity.Role(quartier.RoleController)); err != nil || len(ps) != 1 {
		t.Errorf("controller for the city: %d proposals, %v", len(ps), err)
	}
}

func TestIndicatorsThatCannotDivide(t *testing.T) {
	s := newService(t)
	planner := testcity.Role(quartier.RolePlanner)
	for ind, want := range map[string]string{"gruen": "höher ist besser", "nirgends": "nirgends"} {
		_, err := s.Preview(planner, Request{Name: "X", Year: 2025, Rule: rule(quartier.AllocationTerm{Indicator: ind, Weight: 1})})
		if err == nil || !strings.Contains(quartier.ErrorMessage(err), want) {
			t.Errorf("%s: %v", ind, err)
		}
	}
	// A date without values names the space that lacks one.
	r := rule(quartier.AllocationTerm{Indicator: "kinder", Weight: 1})
	r.Date = d2024.AddDate(-1, 0, 0)
	if _, err := s.Preview(planner, Request{Name: "X", Year: 2025, Rule: r}); err == nil || !strings.Contains(quartier.ErrorMessage(err), "keinen Wert") {
		t.Errorf("no values at the date: %v", err)
	}
}
