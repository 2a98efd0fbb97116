package budget_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/budget"
	"github.com/xuri/excelize/v2"
)

// What hourly billing would have cost, worked by hand. Rates of the
// office: 62,40 € an hour in 2025, for structural work in West 55,00 €
// (the more specific rate wins), 70,00 € in 2026 (not this year).
// Hours of asd-west in weeks starting in 2025:
//
//	case:       anna 30 + ben 40,5 + cem 19,5 (week of 29.12.2025) = 90 h
//	            × 62,40 = 5.616,00 €
//	milieu:     ben 8,33 + anna 1 + cem 2 = 11,33 h × 62,40 = 706,992
//	            → 706,99 € (cem's 20 h in the week of 30.12.2024 belong
//	            to 2024)
//	structural: anna 10 + ben 4 + cem 6 = 20 h × 55,00 = 1.100,00 €
//
// Every kind has three people: a kind one person did alone would show
// that person's hours (and the comparison is withheld, below).
// Booked: case 50.000 (lump sum), fls 1.248,00 → case row 51.248,00 €,
// difference 5.616,00 − 51.248,00 = −45.632,00 €. Total: 121,33 h,
// 7.422,99 €, difference −45.632,00 + 706,99 + 1.100,00 = −43.825,01 €.
func TestHourlyComparison(t *testing.T) {
	c := open(t, day(2026, 1, 15))
	c.weimarWest(t)
	rules := rulesOf(t)(c.b.Rules(op))
	rules.HourlyRates = []quartier.HourlyRate{{Year: 2025, Rate: euro(t, "62,40")}, {Space: "west", LineType: "structural", Rate: euro(t, "55")},
		{Year: 2026, Rate: euro(t, "70")}}
	if err := c.b.SaveRules(op, rules); err != nil {
		t.Fatal(err)
	}
	c.book(t, "case", day(2025, 1, 31), "50.000", 0)
	c.book(t, "fls", day(2025, 2, 28), "1.248", 0)

	// Two people: the hours would be one person's, so they are withheld.
	anna, ben := c.staff(t, "anna", quartier.RoleASD), c.staff(t, "ben", quartier.RoleASD)
	rec := func(ctx context.Context, week string, kind, hours string) {
		t.Helper()
		w, err := quartier.ParseDate(week)
		if err != nil {
			t.Fatal(err)
		}
		// Recorded in time: a month closes on the 10th of the next.
		*c.now = w.AddDate(0, 0, 7)
		if err := c.b.RecordHours(ctx, budget.HoursRequest{Team: "asd-west", Week: w, Kind: kind, Hours: int64(euro(t, hours))}); err != nil {
			t.Fatal(err)
		}
		*c.now = day(2026, 1, 15)
	}
	rec(anna, "2025-06-02", "case", "30")
	rec(anna, "2025-06-02", "structural", "10")
	rec(ben, "2025-06-09", "case", "40,5")
	rec(ben, "2025-06-09", "milieu", "8,33")
	if h := c.status(t, op, "west", 2025)[0].Hourly; h == nil || !h.Withheld || h.Rows != nil {
		t.Fatalf("two people's hours shown: %+v", h)
	}
	cem := c.staff(t, "cem", quartier.RoleASD)
	rec(cem, "2025-12-29", "case", "19,5")
	rec(cem, "2024-12-30", "milieu", "20")
	// Three people, but milieu work is Ben's alone and structural work
	// Anna's: withheld (found by the security review).
	if h := c.status(t, op, "west", 2025)[0].Hourly; h == nil || !h.Withheld || h.Rows != nil {
		t.Fatalf("one person's milieu hours shown: %+v", h)
	}
	rec(anna, "2025-06-02", "milieu", "1")
	rec(ben, "2025-06-09", "structural", "4")
	rec(cem, "2025-12-29", "milieu", "2")
	rec(cem, "2025-12-29", "structural", "6")

	h := c.status(t, op, "west", 2025)[0].Hourly
	if h == nil || h.Withheld {
		t.Fatalf("comparison %+v", h)
	}
	type row struct{ typ, lines, hours, rate, cost, planned, booked, diff string }
	got := func(r budget.HourlyRow) row {
		return row{r.Type, strings.Join(r.Lines, ","), r.HoursText(), r.Rate.Number(), r.Cost.Number(), r.Planned.Number(), r.Booked.Number(), r.Difference.Number()}
	}
	want := []row{
		{"case", "case,fls", "90", "62,40", "5.616,00", "700.000,00", "51.248,00", "-45.632,00"},
		{"milieu", "milieu", "11,33", "62,40", "706,99", "200.000,00", "0,00", "706,99"},
		{"structural", "structural", "20", "55,00", "1.100,00", "100.000,00", "0,00", "1.100,00"},
	}
	if len(h.Rows) != len(want) {
		t.Fatalf("rows %+v", h.Rows)
	}
	for i, w := range want {
		if g := got(h.Rows[i]); g != w {
			t.Errorf("row %d:\n got %+v\nwant %+v", i, g, w)
		}
	}
	if g, w := got(h.Total), (row{"", "", "121,33", "0,00", "7.422,99", "1.000.000,00", "51.248,00", "-43.825,01"}); g != w || !h.Total.Priced {
		t.Errorf("total:\n got %+v\nwant %+v", g, w)
	}

	// The same comparison on the dashboard, in the year report and in the
	// controller's workbook.
	d, err := c.b.Dashboard(op, quartier.BudgetKey{Space: "west", Year: 2025})
	if err != nil || d.Status.Hourly == nil || d.Status.Hourly.Total.Cost != h.Total.Cost {
		t.Errorf("dashboard: %v %+v", err, d)
	}
	rep, err := c.b.YearReport(op, 2025)
	if err != nil || len(rep.Budgets) != 1 || rep.Budgets[0].Hourly == nil || rep.Budgets[0].Hourly.Total.Cost != h.Total.Cost {
		t.Fatalf("report: %v %+v", err, rep)
	}
	var buf bytes.Buffer
	if err := rep.WriteXLSX(&buf); err != nil {
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
	found := false
	for _, r := range rows {
		if len(r) > 18 && strings.Contains(r[5], "Vergleich Stundenabrechnung: Milieuarbeit") {
			found = r[15] == "11.33" && r[16] == "62.4" && r[17] == "706.99"
			if !found {
				t.Errorf("workbook row %q", r)
			}
		}
	}
	if !found {
		t.Error("the workbook has no comparison of milieu work")
	}

	// A team with its own budget takes its hours along: the space's budget
	// counts them no more.
	made(t)(c.b.CreateBudget(op, budget.CreateRequest{BudgetKey: quartier.BudgetKey{Space: "west", Team: "asd-west", Year: 2025}, Total: euro(t, "10.000"),
		Lines: []budget.LineRequest{{Type: "case", Funding: quartier.FundingActualCost, Amount: euro(t, "10.000")}}}))
	sts := c.status(t, op, "west", 2025)
	if sh, th := sts[0].Hourly, sts[1].Hourly; sh == nil || sh.Total.Hours != 0 || th == nil || th.Total.Hours != 90_00 || th.Rows[0].Cost != euro(t, "5.616") {
		t.Errorf("space %+v, team %+v", sh, th)
	}
}

func TestHourlyRatesRules(t *testing.T) {
	for _, tc := range []struct {
		rates []quartier.HourlyRate
		want  string
	}{
		{[]quartier.HourlyRate{{Rate: 0}}, "Stundensatz 1"},
		{[]quartier.HourlyRate{{Rate: 6240, LineType: "beratung"}}, "Zeilenart \"beratung\""},
		{[]quartier.HourlyRate{{Rate: 6240, Year: 2025}, {Rate: 7000, Year: 2025}}, "Stundensatz 2 gilt für dasselbe"},
		{[]quartier.HourlyRate{{Rate: 6240, Year: 1999}}, "1999"},
	} {
		r := quartier.DefaultBudgetRules()
		r.HourlyRates = tc.rates
		if err := r.Validate(); err == nil || !strings.Contains(quartier.ErrorMessage(err), tc.want) {
			t.Errorf("%+v: %v, want %q", tc.rates, err, tc.want)
		}
	}
	r := quartier.DefaultBudgetRules()
	r.HourlyRates = []quartier.HourlyRate{{Rate: 100}, {Year: 2025, Rate: 200}, {LineType: "case", Rate: 300}, {Space: "west", Rate: 400}}
	for _, tc := range []struct {
		year  int
		space quartier.SpaceCode
		typ   string
		want  quartier.Cents
	}{{2024, "ost", "milieu", 100}, {2025, "ost", "milieu", 200}, {2025, "ost", "case", 300}, {2025, "west", "case", 400}} {
		if got, ok := r.HourlyRate(tc.year, tc.space, tc.typ); !ok || got != tc.want {
			t.Errorf("%+v: %d", tc, got)
		}
	}
}
