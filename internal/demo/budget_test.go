package demo

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/budget"
	"github.com/quartier/quartier/internal/services"
)

// testDemoBudgets: the demo's budgets of this year are there, say that
// their figures are invented, show Weimar's lump sums per provider with
// Moabit's split by days, Verden's coverable lines and the team budget.
func testDemoBudgets(t *testing.T, a *services.Set) {
	ctx := quartier.WithActor(context.Background(), quartier.Operator())
	today := quartier.Day(time.Now())
	year := today.Year()
	list, _, err := a.Budget.List(ctx, year)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, l := range list {
		keys = append(keys, l.BudgetKey.String())
		if l.Totals == nil || l.Totals.Planned <= 0 || l.Totals.Booked <= 0 && today.Month() > 1 {
			t.Errorf("%s: totals %+v", l.BudgetKey, l.Totals)
		}
	}
	if got := strings.Join(keys, ", "); got != strings.NewReplacer("Y", time.Now().Format("2006")).Replace("0110 Y, 0110/asd-0110 Y, 0120 Y, 0130 Y") {
		t.Fatalf("demo budgets: %s", got)
	}
	for _, k := range []quartier.BudgetKey{{Space: "0110", Year: year}, {Space: "0110", Team: "asd-0110", Year: year}} {
		sh, err := a.Budget.Sheet(ctx, k)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(sh.Budget.Note, BudgetNote) {
			t.Errorf("%s: note %q does not say the figures are invented", k, sh.Budget.Note)
		}
	}
	ins, err := a.Budget.Instalments(ctx, quartier.BudgetKey{Space: "0120", Year: year}, budget.Monthly)
	if err != nil {
		t.Fatal(err)
	}
	if len(ins) != 2 || len(ins[0].Shares) != 2 || ins[0].Shares[0].Assignee != "familienbruecke" || ins[0].Shares[1].Assignee != "wegbegleiter" {
		t.Errorf("Moabit's lump sum is not split at the change of provider: %+v", ins)
	}
	st, err := a.Budget.Status(ctx, "0130", year)
	if err != nil {
		t.Fatal(err)
	}
	if fls := st[0].Line("fls"); fls.Line.CoverGroup != "fall-milieu" {
		t.Errorf("service hours not in the cover group: %+v", fls.Line)
	}
	// By March the service hours of Gesundbrunnen run over their line.
	if today.Month() >= 3 && len(st[0].Warnings) == 0 {
		t.Errorf("Gesundbrunnen shows no warning: %+v", st[0].Lines)
	}
}
