package budget_test

import (
	"strings"
	"testing"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/budget"
	"github.com/quartier/quartier/internal/spatial"
	"github.com/quartier/quartier/internal/testcity"
)

// A lump sum follows the assignment: when West's provider changes on
// 01.07.2025, the AWO gets 181 of 365 days and HTG 184, and the monthly
// instalments split the same way. Worked by hand:
//
//	case 600.000 €: AWO 600.000 × 181 / 365 = 297.534,246… → 297.534,25 €,
//	                HTG 600.000 − 297.534,25 = 302.465,75 €;
//	January 600.000 × 31 / 365 = 50.958,90 €; February to 59 days:
//	600.000 × 59 / 365 = 96.986,30… → 96.986,30 − 50.958,90 = 46.027,40 €.
func TestLumpSumFollowsAssignment(t *testing.T) {
	c := open(t, day(2025, 8, 1))
	for _, a := range []spatial.AssignRequest{{Space: "west", Assignee: "awo", ValidFrom: day(2024, 1, 1)}, {Space: "west", Assignee: "htg", ValidFrom: day(2025, 7, 1)}} {
		if err := c.Spatial.Assign(op, a); err != nil {
			t.Fatal(err)
		}
	}
	c.weimarWest(t)
	ins, err := c.b.Instalments(op, quartier.BudgetKey{Space: "west", Year: 2025}, budget.Monthly)
	if err != nil {
		t.Fatal(err)
	}
	// case (lump sum, line names the AWO, which is assigned) and milieu
	// (lump sum, no provider named): both follow the assignment.
	if len(ins) != 2 || ins[0].Line.Code != "case" || ins[1].Line.Code != "milieu" {
		t.Fatalf("lump-sum lines: %+v", ins)
	}
	cs := ins[0]
	if len(cs.Shares) != 2 || cs.Shares[0].Assignee != "awo" || cs.Shares[0].Days != 181 || cs.Shares[0].Amount != euro(t, "297.534,25") ||
		cs.Shares[1].Assignee != "htg" || cs.Shares[1].Days != 184 || cs.Shares[1].Amount != euro(t, "302.465,75") {
		t.Errorf("split by days: %+v", cs.Shares)
	}
	if cs.Rows[0].Amount != euro(t, "50.958,90") || cs.Rows[1].Amount != euro(t, "46.027,40") || cs.Rows[0].Label != "Januar" {
		t.Errorf("instalments: %+v %+v", cs.Rows[0], cs.Rows[1])
	}
	var sum, awo quartier.Cents
	for _, r := range cs.Rows {
		sum += r.Amount
		var parts quartier.Cents
		for _, s := range r.Shares {
			parts += s.Amount
			if s.Assignee == "awo" {
				awo += s.Amount
			}
		}
		if parts != r.Amount {
			t.Errorf("%s: shares %s, instalment %s", r.Label, parts, r.Amount)
		}
	}
	if sum != cs.Planned || awo != cs.Shares[0].Amount {
		t.Errorf("instalments add to %s (plan %s), AWO's to %s (share %s)", sum, cs.Planned, awo, cs.Shares[0].Amount)
	}
	q, err := c.b.Instalments(op, quartier.BudgetKey{Space: "west", Year: 2025}, budget.Quarterly)
	if err != nil {
		t.Fatal(err)
	}
	// The third quarter is HTG's alone; the second the AWO's.
	if r := q[0].Rows[2]; len(q[0].Rows) != 4 || len(r.Shares) != 1 || r.Shares[0].Assignee != "htg" || q[0].Rows[1].Shares[0].Assignee != "awo" {
		t.Errorf("quarters: %+v", q[0].Rows)
	}
	if _, err := budget.ParseCadence("woche"); quartier.ErrorCode(err) != quartier.EINVALID {
		t.Errorf("unknown cadence: %v", err)
	}
	if _, err := c.b.Instalments(testcity.Role(quartier.RoleOffice), quartier.BudgetKey{Space: "west", Year: 2025}, budget.Monthly); quartier.ErrorCode(err) != quartier.EFORBIDDEN {
		t.Errorf("office reads instalments: %v", err)
	}
}

// Days without an assignment are shown as such, not given to anyone.
func TestLumpSumWithoutAssignee(t *testing.T) {
	c := open(t, day(2025, 8, 1))
	made(t)(c.b.CreateBudget(op, budget.CreateRequest{BudgetKey: quartier.BudgetKey{Space: "ost", Year: 2025}, Total: euro(t, "36.500"),
		Lines: []budget.LineRequest{{Type: "milieu", Funding: quartier.FundingLumpSum, Amount: euro(t, "36.500")}}}))
	if err := c.Spatial.Assign(op, spatial.AssignRequest{Space: "ost", Assignee: "nord-verbund", ValidFrom: day(2025, 4, 1)}); err != nil {
		t.Fatal(err)
	}
	ins, err := c.b.Instalments(op, quartier.BudgetKey{Space: "ost", Year: 2025}, budget.Monthly)
	if err != nil {
		t.Fatal(err)
	}
	// 90 days (January to March) at 100 € a day without a provider.
	if sh := ins[0].Shares; len(sh) != 2 || sh[0].Assignee != "" || sh[0].Amount != euro(t, "9.000") || sh[1].Assignee != "nord-verbund" || sh[1].Amount != euro(t, "27.500") {
		t.Errorf("shares: %+v", sh)
	}
}

// The dashboard's months: bookings add up by their dates, the plan is
// spread by days, open commitments shrink as they are paid, and the
// forecast runs from today's booked amount to the year-end forecast.
func TestDashboardMonths(t *testing.T) {
	c := open(t, day(2025, 3, 31))
	c.weimarWest(t)
	k := quartier.BudgetKey{Space: "west", Year: 2025}
	cm := posted(t)(c.b.Commit(op, quartier.Commitment{Space: "west", Line: "case", Term: quartier.Term{From: day(2025, 1, 1), To: day(2026, 1, 1)}, Amount: euro(t, "600.000"), Why: "Pauschale"}))
	c.book(t, "case", day(2025, 1, 31), "50.000", cm.Entry.ID)
	c.book(t, "case", day(2025, 2, 28), "50.000", cm.Entry.ID)
	c.book(t, "structural", day(2025, 2, 10), "9.000", 0)
	d, err := c.b.Dashboard(op, k)
	if err != nil {
		t.Fatal(err)
	}
	var cs, st budget.LineMonths
	for _, l := range d.Lines {
		switch l.Line.Code {
		case "case":
			cs = l
		case "structural":
			st = l
		}
	}
	jan, feb, mar, apr := cs.Months[0], cs.Months[1], cs.Months[2], cs.Months[3]
	// The commitment was granted today (31.03.), so January and February
	// knew none; the plan of 600.000 € spread: 31/365 → 50.958,90 €.
	if jan.Booked != euro(t, "50.000") || feb.Booked != euro(t, "100.000") || mar.Booked != euro(t, "100.000") || jan.Committed != 0 ||
		mar.Committed != euro(t, "500.000") || jan.Planned != euro(t, "50.958,90") || cs.Months[11].Planned != euro(t, "600.000") {
		t.Errorf("case: jan %+v feb %+v mar %+v", jan, feb, mar)
	}
	if apr.Known || apr.Booked != 0 || !mar.Known || jan.Forecast != jan.Booked {
		t.Errorf("known months: mar %+v apr %+v", mar, apr)
	}
	if dec := cs.Months[11]; dec.Forecast != d.Status.Line("case").Forecast {
		t.Errorf("December's forecast %s, the line's %s", dec.Forecast, d.Status.Line("case").Forecast)
	}
	// Structural: 9.000 € in 90 days, 275 left: 9.000 × 275 / 90 = 27.500
	// → 36.500 €; at the end of April (30 of 275 days) 9.000 + 27.500 ×
	// 30 / 275 = 12.000 €.
	if st.Months[11].Forecast != euro(t, "36.500") || st.Months[3].Forecast != euro(t, "12.000") {
		t.Errorf("structural forecast: apr %s dec %s", st.Months[3].Forecast, st.Months[11].Forecast)
	}
	if d.Total.Months[1].Booked != euro(t, "109.000") {
		t.Errorf("total february: %+v", d.Total.Months[1])
	}
	if _, err := c.b.Dashboard(testcity.Role(quartier.RoleController, "ost"), k); quartier.ErrorCode(err) != quartier.ENOTFOUND {
		t.Errorf("outside the scope: %v", err)
	}
}

// The list shows the office its budgets without figures and the
// controller with them; the comparison counts per 1,000 residents of the
// young group when there is one.
func TestListAndCompare(t *testing.T) {
	c := open(t, day(2025, 7, 1))
	c.weimarWest(t)
	made(t)(c.b.CreateBudget(op, budget.CreateRequest{BudgetKey: quartier.BudgetKey{Space: "ost", Year: 2025}, Total: euro(t, "500.000"),
		Lines: []budget.LineRequest{{Type: "case", Funding: quartier.FundingLumpSum, Amount: euro(t, "500.000")}}}))
	var csv strings.Builder
	csv.WriteString("baustein;gesamt;0-26\n")
	for r := range 3 {
		for col := range 3 {
			csv.WriteString("r" + string(rune('0'+r)) + "c" + string(rune('0'+col)) + ";1000;250\n")
		}
	}
	if _, err := c.Spatial.ImportPopulation(op, strings.NewReader(csv.String()), spatial.PopulationColumns{}, day(2024, 12, 31)); err != nil {
		t.Fatalf("%v %v", err, quartier.ErrorProblems(err))
	}
	list, years, err := c.b.List(testcity.Role(quartier.RoleOffice, "west"), 2025)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Space != "west" || list[0].Read || !list[0].Manage || list[0].Totals != nil || len(years) != 1 {
		t.Errorf("office's list: %+v %v", list, years)
	}
	list, _, err = c.b.List(op, 2025)
	if err != nil || len(list) != 2 || list[1].Totals == nil || list[1].Totals.Planned != euro(t, "1.000.000") {
		t.Errorf("controller's list: %+v %v", list, err)
	}
	if _, _, err := c.b.List(testcity.Role(quartier.RoleASD), 2025); quartier.ErrorCode(err) != quartier.EFORBIDDEN {
		t.Errorf("ASD lists budgets: %v", err)
	}
	cmp, err := c.b.Compare(op, 2025)
	if err != nil {
		t.Fatal(err)
	}
	// West (second, by code) has three blocks of 250 young residents:
	// 1.000.000 € / 750 × 1.000 = 1.333.333,33 €.
	if cmp.Group != "0-26" || !cmp.Young || len(cmp.Spaces) != 2 || cmp.Spaces[1].Residents != 750 {
		t.Fatalf("comparison: %+v", cmp)
	}
	if v, ok := cmp.Spaces[1].Per1000(cmp.Spaces[1].Totals.Planned); !ok || v != euro(t, "1.333.333,33") {
		t.Errorf("per 1.000: %s", v)
	}
	cmp, err = c.b.Compare(testcity.Role(quartier.RolePlanner, "ost"), 2025)
	if err != nil || len(cmp.Spaces) != 1 || cmp.Spaces[0].Space != "ost" {
		t.Errorf("planner of ost: %+v %v", cmp, err)
	}
	sh, err := c.b.Sheet(testcity.Role(quartier.RoleOffice, "west"), quartier.BudgetKey{Space: "west", Year: 2025})
	if err != nil || sh.Status != nil || !sh.Manage || len(sh.Entries) != 4 {
		t.Errorf("office's sheet: %+v %v", sh, err)
	}
}
