package allocation

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/monitoring"
	"github.com/quartier/quartier/internal/testcity"
)

// Small counts per block: "klein" sums to 20 in west, 30 in mitte and 2
// in ost; "selten" to 12 in west (4 in each block), 40 in mitte and 1 in
// ost.
const smallTable = `baustein;klein;selten
r0c0;5;4
r1c0;5;4
r2c0;10;4
r0c1;10;1
r1c1;10;19
r2c1;10;20
r0c2;1;1
r1c2;1;0
r2c2;0;0
`

func withSmallCounts(t *testing.T) *Service {
	t.Helper()
	s := newService(t)
	m := monitoring.Mapping{Layer: "blk", AreaColumn: "baustein", Date: "2024-12-31", Indicators: []monitoring.MappedIndicator{
		{Indicator: quartier.Indicator{Code: "klein", Name: "Kleine Gruppe", Kind: quartier.IndicatorCount}, Column: "klein"},
		{Indicator: quartier.Indicator{Code: "selten", Name: "Seltene Hilfe", Kind: quartier.IndicatorCount}, Column: "selten"},
	}}
	if _, err := s.monitoring.ImportIndicators(testcity.Operator(), strings.NewReader(smallTable), m); err != nil {
		t.Fatalf("%v %v", err, quartier.ErrorProblems(err))
	}
	return s
}

func releaseRow(r *quartier.AllocationRelease, sp quartier.SpaceCode) quartier.AllocationReleaseRow {
	for _, row := range r.Rows {
		if row.Space == sp {
			return row
		}
	}
	return quartier.AllocationReleaseRow{}
}

// TestReleaseRefusedWhenAmountsGiveACountBack: ost counts 2 of "klein";
// a publication withholds it (and west, so the total does not give it
// back), but ost's amount is decided by no bound: amount = base + pool ×
// m / Σm. The test inverts that formula itself from what a release
// shows (amounts, the rule, the published total); were the release made,
// it would get the 2 back. It must be refused, naming space and
// indicator, and write nothing.
func TestReleaseRefusedWhenAmountsGiveACountBack(t *testing.T) {
	s := withSmallCounts(t)
	planner := testcity.Role(quartier.RolePlanner)
	r := rule(quartier.AllocationTerm{Indicator: "klein", Weight: 1})
	r.BaseShare = 0.2
	p, err := s.Save(planner, Request{Name: "Dezentrale Mittel", Year: 2025, Rule: r})
	if err != nil {
		t.Fatal(err)
	}
	rel, err := s.Publish(planner, p.ID)
	if err == nil {
		// What anyone reads of the release: the rule, the amounts, the
		// published total of the measure.
		total := rel.Terms[0].Table.Total.Cells[0]
		if total.Value == nil {
			t.Fatalf("released with the total withheld: %+v", rel.Terms[0].Table.Total)
		}
		n := float64(len(rel.Rows))
		amount := float64(rel.Rule.Amount)
		base := rel.Rule.BaseShare * amount / n
		pool := (1 - rel.Rule.BaseShare) * amount
		got := math.Round((float64(releaseRow(rel, "ost").Amount) - base) / pool * *total.Value)
		t.Fatalf("released; ost's withheld count recomputed from its amount: %g (cell %q)", got, releaseRow(rel, "ost").Measures[0].Text)
	}
	msg := quartier.ErrorMessage(err)
	if quartier.ErrorCode(err) != quartier.EINVALID || !strings.Contains(msg, "Spalte ost (ost), Kleine Gruppe: der Wert liegt unter 3") ||
		!strings.Contains(msg, "Spalte west (west), Kleine Gruppe") || !strings.Contains(msg, "zurückrechnen") {
		t.Errorf("refusal: %v", err)
	}
	if rs, err := s.Releases(planner); err != nil || len(rs) != 0 {
		t.Errorf("written after a refusal: %v %+v", err, rs)
	}
}

// TestReleaseWhereBoundsDecide: ost (1) of "selten" is withheld, and west
// (12) so that the total does not give it back; the floor decides both
// their amounts (12/53 and 1/53 of the amount lie below it), so the
// amounts say nothing exact about them: the release goes ahead with "."
// for their measures, shows mitte's 40 and the total, and the bounds; the
// committee reads it, the public too, and a later publication of the
// indicator on the blocks is linked with it (west's blocks, 4 each, are
// no small numbers, and the block table alone withholds only the 1 of ost
// and the 1 of mitte; but showing all three would give west's 12 and so
// ost's 1 back).
func TestReleaseWhereBoundsDecide(t *testing.T) {
	s := withSmallCounts(t)
	planner := testcity.Role(quartier.RolePlanner)
	r := rule(quartier.AllocationTerm{Indicator: "selten", Weight: 1})
	r.Floor = 2_500_000
	p, err := s.Save(planner, Request{Name: "Dezentrale Mittel", Year: 2025, Rule: r})
	if err != nil {
		t.Fatal(err)
	}
	unreleased, err := s.Save(planner, Request{Name: "Dezentrale Mittel", Year: 2025, Rule: rule(quartier.AllocationTerm{Indicator: "kinder", Weight: 1})})
	if err != nil {
		t.Fatal(err)
	}
	rel, err := s.Publish(planner, p.ID)
	if err != nil {
		t.Fatalf("%v", err)
	}
	west, mitte, ost := releaseRow(rel, "west"), releaseRow(rel, "mitte"), releaseRow(rel, "ost")
	if west.Bound != "floor" || ost.Bound != "floor" || mitte.Bound != "" || west.Amount != 2_500_000 || mitte.Amount != 5_000_000 {
		t.Errorf("amounts: %+v %+v %+v", west, mitte, ost)
	}
	if west.Measures[0].Text != "." || ost.Measures[0].Text != "." || west.Measures[0].Value != nil || mitte.Measures[0].Text != "40" {
		t.Errorf("measures: %+v %+v %+v", west.Measures, mitte.Measures, ost.Measures)
	}
	if tot := rel.Terms[0].Table.Total.Cells[0]; tot.Text != "53" {
		t.Errorf("total %+v", tot)
	}
	if _, err := s.Publish(planner, p.ID); quartier.ErrorCode(err) != quartier.ECONFLICT {
		t.Errorf("released twice: %v", err)
	}

	committee := testcity.Role(quartier.RoleCommittee)
	got, err := s.Release(committee, p.ID)
	if err != nil || got.Rows[0].Amount != rel.Rows[0].Amount {
		t.Errorf("committee reads the release: %v", err)
	}
	if _, err := s.Release(context.Background(), p.ID); err != nil {
		t.Errorf("the public reads it: %v", err)
	}
	if _, err := s.Release(committee, unreleased.ID); quartier.ErrorCode(err) != quartier.ENOTFOUND {
		t.Errorf("committee reads an unreleased version: %v", err)
	}
	if _, err := s.Proposal(committee, unreleased.ID); quartier.ErrorCode(err) != quartier.EFORBIDDEN {
		t.Errorf("committee reads the unreleased proposal: %v", err)
	}
	if list, err := s.Releases(committee); err != nil || len(list) != 1 || list[0].Allocation != p.ID {
		t.Errorf("list: %v %+v", err, list)
	}
	for _, role := range []quartier.Role{quartier.RoleCommittee, quartier.RoleController} {
		if _, err := s.Publish(testcity.Role(role), unreleased.ID); quartier.ErrorCode(err) != quartier.EFORBIDDEN {
			t.Errorf("%s publishes: %v", role, err)
		}
	}
	// Audited: the release, the committee's denied read and the refused
	// publications.
	if err := s.audit.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	var published, denied int
	if err := s.store.View(context.Background(), func(tx Tx) error {
		es, err := tx.AuditEntries(context.Background(), quartier.AuditFilter{Limit: 1 << 20})
		for _, e := range es {
			switch {
			case e.Action == "allocation.publish" && e.Outcome != quartier.OutcomeDenied:
				published++
				if !strings.Contains(e.Detail, "2 Messwerte gesperrt") {
					t.Errorf("audit detail %q", e.Detail)
				}
			case e.Outcome == quartier.OutcomeDenied && e.ObjectType == "allocation":
				denied++
			}
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if published != 1 || denied != 3 {
		t.Errorf("audit: %d releases, %d denials", published, denied)
	}

	// A publication of "selten" on the blocks must not give west's or
	// ost's withheld count back through their shown blocks.
	pub, err := s.monitoring.Publish(planner, monitoring.PublishRequest{Kind: quartier.PublishedIndicator, Subject: "selten", Layer: "blk", Date: d2024})
	if err != nil {
		t.Fatal(err)
	}
	shown := map[string]bool{}
	for _, row := range pub.Table.Rows {
		shown[row.Area] = row.Cells[0].Suppressed == ""
	}
	if shown["r0c0"] && shown["r1c0"] && shown["r2c0"] {
		t.Errorf("west's blocks all shown: its withheld 12 is their sum, and ost's 1 the rest of the total: %+v", pub.Table.Rows)
	}
}

// TestReleaseLeavesOutWhatGivesMeasuresBack: a release with two terms
// holds amounts, bounds and published measures only; the change against
// an unreleased compared version is not shown (it would give that
// version's amounts away), against a released one it is.
func TestReleaseLeavesOutWhatGivesMeasuresBack(t *testing.T) {
	s := newService(t)
	planner := testcity.Role(quartier.RolePlanner)
	first, err := s.Save(planner, Request{Name: "Dezentrale Mittel", Year: 2024, Rule: rule(quartier.AllocationTerm{Indicator: "kinder", Weight: 1})})
	if err != nil {
		t.Fatal(err)
	}
	req := Request{Name: "Dezentrale Mittel", Year: 2025, Rule: rule(quartier.AllocationTerm{Indicator: "kinder", Weight: 1}, quartier.AllocationTerm{Indicator: "alo", Weight: 1})}
	second, err := s.Save(planner, req)
	if err != nil {
		t.Fatal(err)
	}
	rel, err := s.Publish(planner, second.ID)
	if err != nil {
		t.Fatal(err)
	}
	if releaseRow(rel, "west").HasChange || len(rel.Notes) == 0 || !strings.Contains(rel.Notes[len(rel.Notes)-1], "nicht veröffentlicht") {
		t.Errorf("change against an unreleased version: %+v %q", releaseRow(rel, "west"), rel.Notes)
	}
	if len(rel.Terms) != 2 || releaseRow(rel, "mitte").Measures[1].Text != "50" {
		t.Errorf("terms: %+v", releaseRow(rel, "mitte"))
	}
	if _, err := s.Publish(planner, first.ID); err != nil {
		t.Fatal(err)
	}
	third, err := s.Save(planner, req)
	if err != nil {
		t.Fatal(err)
	}
	rel, err = s.Publish(planner, third.ID)
	if err != nil {
		t.Fatal(err)
	}
	if w := releaseRow(rel, "west"); !w.HasChange || w.Change != byCode(third)["west"].Change() || rel.ComparedWith != "Dezentrale Mittel 2024, Fassung 1" {
		t.Errorf("change against the released version: %+v %q", w, rel.ComparedWith)
	}
}

// TestReleaseRefusedWhenABoundTellsTheSmallNumber: ost's own floor of
// 2,000 € decides its amount, but only just: mitte's published 40 people
// and its amount give what one person weighs (1,700 €), so the floor
// holds for 1 person and would not for 2 — the release would tell that
// ost counts 1 (and, with the total, that west counts 12). The test
// recomputes that itself from what the release would show; the release
// must be refused, naming the bound.
func TestReleaseRefusedWhenABoundTellsTheSmallNumber(t *testing.T) {
	s := withSmallCounts(t)
	planner := testcity.Role(quartier.RolePlanner)
	r := rule(quartier.AllocationTerm{Indicator: "selten", Weight: 1})
	r.Floors = map[quartier.SpaceCode]quartier.Cents{"west": 3_000_000, "ost": 200_000}
	p, err := s.Save(planner, Request{Name: "Dezentrale Mittel", Year: 2025, Rule: r})
	if err != nil {
		t.Fatal(err)
	}
	if b := byCode(p); b["ost"].Bound != "floor" || b["west"].Bound != "floor" || b["mitte"].Bound != "" {
		t.Fatalf("bounds: %+v", b)
	}
	rel, err := s.Publish(planner, p.ID)
	if err == nil {
		mitte, ost := releaseRow(rel, "mitte"), releaseRow(rel, "ost")
		perPerson := float64(mitte.Amount) / *mitte.Measures[0].Value // base share 0
		if most := float64(rel.Rule.Floors["ost"]) / perPerson; ost.Measures[0].Suppressed == quartier.SuppressedPrimary && most < 2 {
			t.Fatalf("released; ost's floor holds for at most %.2f people, so its withheld count is 1", most)
		}
		t.Fatalf("released: %+v", rel.Rows)
	}
	if msg := quartier.ErrorMessage(err); quartier.ErrorCode(err) != quartier.EINVALID || !strings.Contains(msg, "Spalte ost (ost), Seltene Hilfe") || !strings.Contains(msg, "Untergrenze festgelegt, die bei 2 statt") {
		t.Errorf("refusal: %v", err)
	}
}

// TestReleaseRefusedAfterACorrection: values corrected since the version
// was computed would leave its amounts resting on figures the release
// does not show (and the checks above judging the wrong ones).
func TestReleaseRefusedAfterACorrection(t *testing.T) {
	s := withSmallCounts(t)
	planner := testcity.Role(quartier.RolePlanner)
	p, err := s.Save(planner, Request{Name: "Dezentrale Mittel", Year: 2025, Rule: rule(quartier.AllocationTerm{Indicator: "kinder", Weight: 1})})
	if err != nil {
		t.Fatal(err)
	}
	m := monitoring.Mapping{Layer: "blk", AreaColumn: "baustein", Date: "2024-12-31", Indicators: []monitoring.MappedIndicator{
		{Indicator: quartier.Indicator{Code: "kinder", Name: "Kinder", Kind: quartier.IndicatorCount}, Column: "kinder"}}}
	corrected := strings.Replace(blockTable, "r0c0;10;", "r0c0;11;", 1)
	if _, err := s.monitoring.ImportIndicators(testcity.Operator(), strings.NewReader(corrected), m); err != nil {
		t.Fatalf("%v %v", err, quartier.ErrorProblems(err))
	}
	if _, err := s.Publish(planner, p.ID); quartier.ErrorCode(err) != quartier.EINVALID || !strings.Contains(quartier.ErrorMessage(err), "Spalte west (west): jetzt 61, berechnet mit 60") {
		t.Errorf("release after a correction: %v", err)
	}
}
