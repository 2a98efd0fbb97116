package budget_test

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/spatial"
	"github.com/quartier/quartier/internal/testcity"
)

// The controller publishes the year report; the committee reads it as
// published (a booking afterwards does not change it) and nothing else;
// the report shows both providers of a space whose provider changed; a
// controller of one space may not publish a report of all.
func TestYearReport(t *testing.T) {
	c := open(t, day(2025, 8, 1))
	for _, a := range []spatial.AssignRequest{{Space: "west", Assignee: "awo", ValidFrom: day(2024, 1, 1)}, {Space: "west", Assignee: "htg", ValidFrom: day(2025, 7, 1)}} {
		if err := c.Spatial.Assign(op, a); err != nil {
			t.Fatal(err)
		}
	}
	c.weimarWest(t)
	c.book(t, "structural", day(2025, 3, 1), "12.000", 0)
	committee := testcity.Role(quartier.RoleCommittee)
	if _, _, err := c.b.PublishedReport(committee, 2025); quartier.ErrorCode(err) != quartier.ENOTFOUND {
		t.Fatalf("before publishing: %v", err)
	}
	if _, err := c.b.YearReport(committee, 2025); quartier.ErrorCode(err) != quartier.EFORBIDDEN {
		t.Errorf("the committee read the draft: %v", err)
	}
	if _, err := c.b.PublishReport(testcity.Role(quartier.RoleController, "west"), 2025); quartier.ErrorCode(err) != quartier.EFORBIDDEN {
		t.Errorf("controller of one space published: %v", err)
	}
	if _, err := c.b.PublishReport(testcity.Role(quartier.RolePlanner), 2025); quartier.ErrorCode(err) != quartier.EFORBIDDEN {
		t.Errorf("planning published: %v", err)
	}
	if _, err := c.b.PublishReport(testcity.Role(quartier.RoleController), 2030); quartier.ErrorCode(err) != quartier.ENOTFOUND {
		t.Errorf("a year without budgets: %v", err)
	}
	pub, err := c.b.PublishReport(testcity.Role(quartier.RoleController), 2025)
	if err != nil {
		t.Fatal(err)
	}
	// Lump sums of case (600.000 €) and milieu (200.000 €), each split by
	// days: the AWO 181 days, 297.534,25 + 99.178,08 = 396.712,33 €, HTG
	// 184 days, 302.465,75 + 100.821,92 = 403.287,67 €.
	ls := pub.Budgets[0].LumpSums
	if len(ls) != 2 || ls[0].Assignee != "awo" || ls[0].Amount != euro(t, "396.712,33") || ls[1].Assignee != "htg" || ls[1].Amount != euro(t, "403.287,67") || ls[1].Name != "HTG" {
		t.Errorf("lump sums by provider: %+v", ls)
	}
	c.book(t, "structural", day(2025, 4, 1), "1.000", 0)
	got, years, err := c.b.PublishedReport(committee, 2025)
	if err != nil {
		t.Fatal(err)
	}
	if got.Totals.Booked != euro(t, "12.000") || got.Published == nil || got.Published.Login == "" || len(years) != 1 || years[0] != 2025 {
		t.Errorf("published report: %+v %v", got.Totals, years)
	}
	if _, err := c.b.Status(committee, "west", 2025); quartier.ErrorCode(err) == "" {
		t.Error("the committee read live figures")
	}
	draft, err := c.b.YearReport(op, 2025)
	if err != nil || draft.Totals.Booked != euro(t, "13.000") || draft.Published != nil {
		t.Errorf("draft: %+v %v", draft, err)
	}
	var buf bytes.Buffer
	if err := got.WriteXLSX(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	// Header, four lines, two providers' lump sums.
	if len(rows) != 7 || rows[1][0] != "west" || rows[1][4] != "case" || rows[1][9] != "600000" || rows[6][7] != "htg" {
		t.Errorf("workbook rows: %q", rows)
	}
}
