package budget_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/budget"
	"github.com/quartier/quartier/internal/spatial"
	"github.com/quartier/quartier/internal/spatialtest"
	"github.com/quartier/quartier/internal/testcity"
)

// city is the test city with providers and teams, and the budgets over it
// with a clock the test moves.
type city struct {
	*spatialtest.Core
	b   *budget.Service
	now *time.Time
}

func open(t testing.TB, now time.Time) *city {
	t.Helper()
	c := &city{now: &now}
	clock := func() time.Time { return *c.now }
	c.Core = spatialtest.Open(t, clock)
	c.Grid(t, 0, testcity.Day0)
	c.Columns(t, true)
	if err := c.Spatial.ImportSetup(testcity.Operator(), &spatial.Setup{
		Providers: []quartier.Provider{{Code: "awo", Name: "AWO", Kind: quartier.ProviderIndependent}, {Code: "htg", Name: "HTG", Kind: quartier.ProviderIndependent},
			{Code: "caritas", Name: "Caritas", Kind: quartier.ProviderIndependent}},
		Alliances: []spatial.SetupAlliance{{Code: "nord-verbund", Name: "Verbund Nord", Lead: "htg", Members: []string{"htg", "caritas"}}},
		Teams:     []spatial.SetupTeam{{Code: "asd-west", Space: "west", Kind: "office", Name: "ASD West"}, {Code: "asd-ost", Space: "ost", Kind: "office", Name: "ASD Ost"}},
	}); err != nil {
		t.Fatalf("setup: %v %v", err, quartier.ErrorProblems(err))
	}
	c.b = budget.New(c.Store, c.Audit, c.Spatial, budget.Options{Now: clock})
	return c
}

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

func euro(t *testing.T, s string) quartier.Cents {
	t.Helper()
	c, err := quartier.ParseEuro(s)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// must fails the test on an error; instantiated per result type below,
// since a call with t cannot also take a function's two results.
func must[T any](t testing.TB) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatalf("%v %v", err, quartier.ErrorProblems(err))
		}
		return v
	}
}

var (
	posted   = must[*budget.Posted]
	made     = must[*quartier.Budget]
	statuses = must[[]budget.Status]
	carried  = must[*budget.CarryResult]
	rulesOf  = must[quartier.BudgetRules]
)

var op = testcity.Operator()

// weimarWest is West 2025 in the Weimar introduction phase, with Verden's
// lines: a lump sum for the provider and service hours side by side for
// case work (both case lines and milieu work mutually coverable),
// structural work at actual cost and not coverable.
func (c *city) weimarWest(t *testing.T) {
	t.Helper()
	made(t)(c.b.CreateBudget(op, budget.CreateRequest{BudgetKey: quartier.BudgetKey{Space: "west", Year: 2025}, Total: euro(t, "1.000.000"),
		Basis: quartier.BasisNegotiated, Note: "Beispiel, Zahlen erfunden", Lines: []budget.LineRequest{
			{Type: "case", Funding: quartier.FundingLumpSum, Provider: "awo", Amount: euro(t, "600.000")},
			{Code: "fls", Type: "case", Label: "Fallarbeit (Fachleistungsstunden)", Funding: quartier.FundingServiceHours, Amount: euro(t, "100.000")},
			{Type: "milieu", Funding: quartier.FundingLumpSum, Amount: euro(t, "200.000")},
			{Type: "structural", Funding: quartier.FundingActualCost, Amount: euro(t, "100.000")},
		}}))
}

func (c *city) book(t *testing.T, line string, on time.Time, amount string, commitment int64) *budget.Posted {
	t.Helper()
	return posted(t)(c.b.Book(op, budget.BookRequest{Space: "west", Line: line, On: on, Amount: euro(t, amount), Commitment: commitment, Why: "Rechnung"}))
}

func (c *city) status(t *testing.T, ctx context.Context, space quartier.SpaceCode, year int) []budget.Status {
	t.Helper()
	return statuses(t)(c.b.Status(ctx, space, year))
}

type figures struct{ planned, committed, booked, remaining, available, forecast string }

func (f figures) check(t *testing.T, ls *budget.LineStatus) {
	t.Helper()
	got := figures{ls.Planned.Number(), ls.Committed.Number(), ls.Booked.Number(), ls.Remaining.Number(), ls.Available.Number(), ls.Forecast.Number()}
	if got != f {
		t.Errorf("line %s:\n got %+v\nwant %+v", ls.Line.Code, got, f)
	}
}

// The worked example of the README, computed independently (exact
// fractions, rounded half up once; see the comments):
//
//	fls: 5 h/week × 62,40 € from 01.01. to 30.06.2025 = 5 × 62,40 × 181 / 7
//	     = 8.067,43 €; paid 1.248,00 + 1.310,40 + 1.372,80 = 3.931,20 €;
//	     the help ends on 31.03.: 5 × 62,40 × 90 / 7 = 4.011,43 €, so the
//	     change binds -4.056,00 € and 80,23 € stay open.
//	case: the lump sum 600.000 € committed for the year, six instalments of
//	     50.000 € paid: 300.000 € booked, 300.000 € open.
//	milieu: a project committed with 150.000 €, 60.000 € paid against it,
//	     10.000 € booked without a commitment.
//	structural: 12.000 + 8.000 + 10.000 € at actual cost, 5.000 € booked
//	     by mistake and reversed.
//
// On 01.07.2025, 182 days of the year have passed and 183 are left. The
// forecast adds to booked and open commitments the bookings without a
// commitment × 183 / 182: milieu 10.000 × 183 / 182 = 10.054,95 €,
// structural 30.000 × 183 / 182 = 30.164,84 €.
func TestWorkedExample(t *testing.T) {
	c := open(t, day(2025, 7, 1))
	c.weimarWest(t)

	fls := posted(t)(c.b.Commit(op, quartier.Commitment{Space: "west", Line: "fls", Term: quartier.Term{From: day(2025, 1, 1), To: day(2025, 7, 1)},
		Volume: &quartier.Volume{Unit: quartier.UnitHour, PerWeek: 500, Rate: euro(t, "62,40")}, Ref: "referral:17", Why: "Hilfe nach § 31 bewilligt"}))
	if fls.Entry.Amount != euro(t, "8.067,43") {
		t.Fatalf("commitment %s, want 8.067,43 €", fls.Entry.Amount)
	}
	for _, a := range []string{"1.248,00", "1.310,40", "1.372,80"} {
		c.book(t, "", day(2025, 4, 10), a, fls.Entry.ID)
	}
	end := posted(t)(c.b.SetCommitmentEnd(op, fls.Entry.ID, day(2025, 4, 1), "Hilfe endet zum 31.03."))
	if end.Entry.Amount != euro(t, "-4.056,00") || end.Entry.Commitment != fls.Entry.ID || end.Line.Committed != euro(t, "80,23") {
		t.Fatalf("term change: %s on commitment %d, open %s", end.Entry.Amount, end.Entry.Commitment, end.Line.Committed)
	}

	lump := posted(t)(c.b.Commit(op, quartier.Commitment{Space: "west", Line: "case", Term: quartier.Term{From: day(2025, 1, 1), To: day(2026, 1, 1)},
		Amount: euro(t, "600.000"), Why: "Pauschale AWO 2025"}))
	for m := 1; m <= 6; m++ {
		c.book(t, "case", day(2025, m, 1), "50.000", lump.Entry.ID)
	}
	project := posted(t)(c.b.Commit(op, quartier.Commitment{Space: "west", Line: "milieu", Term: quartier.Term{From: day(2025, 3, 1), To: day(2025, 12, 1)},
		Amount: euro(t, "150.000"), Why: "Stadtteilprojekt"}))
	c.book(t, "milieu", day(2025, 5, 2), "60.000", project.Entry.ID)
	c.book(t, "milieu", day(2025, 5, 10), "10.000", 0)
	c.book(t, "structural", day(2025, 2, 15), "12.000", 0)
	c.book(t, "structural", day(2025, 4, 20), "8.000", 0)
	wrong := c.book(t, "structural", day(2025, 6, 1), "5.000", 0)
	posted(t)(c.b.Reverse(op, wrong.Entry.ID, "falsche Kostenstelle"))
	c.book(t, "structural", day(2025, 6, 30), "10.000", 0)

	st := c.status(t, op, "west", 2025)
	if len(st) != 1 {
		t.Fatalf("%d budgets", len(st))
	}
	s := st[0]
	figures{"600.000,00", "300.000,00", "300.000,00", "0,00", "135.988,57", "600.000,00"}.check(t, s.Line("case"))
	figures{"100.000,00", "80,23", "3.931,20", "95.988,57", "135.988,57", "4.011,43"}.check(t, s.Line("fls"))
	figures{"200.000,00", "90.000,00", "70.000,00", "40.000,00", "135.988,57", "170.054,95"}.check(t, s.Line("milieu"))
	figures{"100.000,00", "0,00", "30.000,00", "70.000,00", "70.000,00", "60.164,84"}.check(t, s.Line("structural"))
	tot := s.Totals
	if tot.Planned != euro(t, "1.000.000") || tot.Committed != euro(t, "390.080,23") || tot.Booked != euro(t, "403.931,20") ||
		tot.Remaining != euro(t, "205.988,57") || tot.Forecast != euro(t, "834.231,22") {
		t.Errorf("totals %+v", tot)
	}
	if len(s.Groups) != 1 || s.Groups[0].Group != "fall-milieu" || strings.Join(s.Groups[0].Lines, ",") != "case,fls,milieu" || s.Groups[0].Available != euro(t, "135.988,57") {
		t.Errorf("groups %+v", s.Groups)
	}
	// The cover group is 764.011,43 / 900.000 = 84,9 % used: a warning
	// at 80 % for each of its lines; case has used 100 % of its own plan.
	want := map[string]int{"case": 100, "fls": 80, "milieu": 80}
	if len(s.Warnings) != len(want) || s.Note != quartier.BudgetNote {
		t.Fatalf("warnings %+v note %q", s.Warnings, s.Note)
	}
	for _, w := range s.Warnings {
		if want[w.Line] != w.Threshold || w.GroupPercent != 84 {
			t.Errorf("warning %+v", w)
		}
	}
	if m := s.Warnings[0].Message; m != "Fallarbeit: 100 % des Plans gebunden oder gebucht; Deckungskreis fall-milieu zu 84 % gebunden oder gebucht, dort noch 135.988,57 € verfügbar (Hinweis ab 100 %)." {
		t.Errorf("message %q", m)
	}

	// A warning is never a cap: 20.000 € beyond the case line are booked,
	// and the answer says so.
	over := c.book(t, "case", day(2025, 7, 1), "20.000", 0)
	if over.Entry.ID == 0 || over.Line.Booked != euro(t, "320.000") || over.Line.Available != euro(t, "115.988,57") {
		t.Fatalf("over the line: %+v", over.Line)
	}
	if len(over.Warnings) != 1 || over.Note != quartier.BudgetNote || !strings.Contains(over.Warnings[0].Message, "Plan um 20.000,00 € überschritten (103 %)") ||
		!strings.Contains(over.Warnings[0].Message, "dort noch 115.988,57 € verfügbar") {
		t.Fatalf("warning %+v note %q", over.Warnings, over.Note)
	}
	// Structural work may not draw on the surplus of case and milieu work:
	// beyond its plan it has nothing available, whatever the others have.
	str := c.book(t, "structural", day(2025, 7, 1), "75.000", 0)
	if str.Line.Available != euro(t, "-5.000") || len(str.Warnings) != 1 || !strings.Contains(str.Warnings[0].Message, "Plan um 5.000,00 € überschritten (105 %); nicht deckungsfähig") {
		t.Fatalf("structural beyond its plan: %+v %+v", str.Line, str.Warnings)
	}
	if got := c.status(t, op, "west", 2025)[0].Line("fls").Available; got != euro(t, "115.988,57") {
		t.Errorf("fls available %s after the case overspend", got)
	}
}

// Invariants of the ledger on a budget with many entries of every kind:
// lines sum to the totals and to the planned entries as stored; each
// line's availability is its cover group's remainder; and reversing
// everything leaves every line where its plan alone puts it.
func TestLedgerInvariants(t *testing.T) {
	c := open(t, day(2025, 12, 31))
	c.weimarWest(t)
	var ids []int64
	lines := []string{"case", "fls", "milieu", "structural"}
	for i := range 40 {
		line := lines[i%4]
		amount := quartier.Cents(1000 + 7919*int64(i))
		switch i % 5 {
		case 0:
			p := posted(t)(c.b.Commit(op, quartier.Commitment{Space: "west", Line: line, Term: quartier.Term{From: day(2025, 1+i%6, 1), To: day(2025, 7+i%6, 1)},
				Volume: &quartier.Volume{Unit: quartier.UnitDay, PerWeek: 700, Rate: amount}, Why: "Hilfe"}))
			ids = append(ids, p.Entry.ID)
			paid := c.book(t, line, day(2025, 1+i%12, 15), amount.Number(), p.Entry.ID)
			ids = append(ids, paid.Entry.ID)
		case 1:
			ids = append(ids, posted(t)(c.b.Plan(op, budget.PlanRequest{Budget: quartier.BudgetKey{Space: "west", Year: 2025}, Line: line, Amount: -amount, Why: "Umschichtung"})).Entry.ID)
		default:
			ids = append(ids, c.book(t, line, day(2025, 1+i%12, 3), amount.Number(), 0).Entry.ID)
		}
	}
	check := func(when string) budget.Status {
		t.Helper()
		s := c.status(t, op, "west", 2025)[0]
		var tot budget.Totals
		group := map[string]quartier.Cents{}
		for _, l := range s.Lines {
			tot.Planned += l.Planned
			tot.Committed += l.Committed
			tot.Booked += l.Booked
			tot.Forecast += l.Forecast
			if l.Remaining != l.Planned-l.Committed-l.Booked {
				t.Errorf("%s: %s remaining %s", when, l.Line.Code, l.Remaining)
			}
			if g := l.Line.CoverGroup; g != "" {
				group[g] += l.Remaining
			}
		}
		tot.Remaining = tot.Planned - tot.Committed - tot.Booked
		if tot != s.Totals {
			t.Errorf("%s: lines sum to %+v, totals say %+v", when, tot, s.Totals)
		}
		for _, l := range s.Lines {
			want := l.Remaining
			if g := l.Line.CoverGroup; g != "" {
				want = group[g]
			}
			if l.Available != want {
				t.Errorf("%s: %s available %s, want %s", when, l.Line.Code, l.Available, want)
			}
		}
		var planned quartier.Cents
		if err := c.Store.View(context.Background(), func(tx quartier.Tx) error {
			es, err := tx.Entries(context.Background(), s.Budget.ID)
			for _, e := range es {
				if e.Kind == quartier.EntryPlanned {
					planned += e.Amount
				}
			}
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if planned != s.Totals.Planned {
			t.Errorf("%s: planned entries sum to %s, totals say %s", when, planned, s.Totals.Planned)
		}
		return s
	}
	check("after the entries")
	// Reverse in the order written, bookings before their commitments.
	for i := len(ids) - 1; i >= 0; i-- {
		posted(t)(c.b.Reverse(op, ids[i], "Korrektur"))
	}
	s := check("after reversing everything")
	for _, l := range s.Lines {
		if l.Committed != 0 || l.Booked != 0 || l.Forecast != 0 || l.Planned != euro(t, map[string]string{"case": "600.000", "fls": "100.000", "milieu": "200.000", "structural": "100.000"}[l.Line.Code]) {
			t.Errorf("%s after reversing everything: %+v", l.Line.Code, l)
		}
	}
	if len(s.Warnings) != 0 {
		t.Errorf("warnings with nothing used: %+v", s.Warnings)
	}
}

func TestReversalRules(t *testing.T) {
	c := open(t, day(2025, 7, 1))
	c.weimarWest(t)
	com := posted(t)(c.b.Commit(op, quartier.Commitment{Space: "west", Line: "fls", Term: quartier.Term{From: day(2025, 1, 1), To: day(2025, 7, 1)},
		Volume: &quartier.Volume{Unit: quartier.UnitHour, PerWeek: 500, Rate: 6240}, Why: "Hilfe"}))
	before := c.status(t, op, "west", 2025)[0].Line("fls")
	bk := c.book(t, "", day(2025, 2, 1), "100", com.Entry.ID)
	rev := posted(t)(c.b.Reverse(op, bk.Entry.ID, "doppelt"))
	if rev.Entry.Amount != -bk.Entry.Amount || rev.Entry.Reverses != bk.Entry.ID || rev.Entry.Commitment != com.Entry.ID || rev.Entry.Kind != quartier.EntryBooked {
		t.Fatalf("reversal %+v", rev.Entry)
	}
	if after := c.status(t, op, "west", 2025)[0].Line("fls"); after.Booked != before.Booked || after.Committed != before.Committed {
		t.Errorf("a booking and its reversal do not net to zero: %+v / %+v", before, after)
	}
	_, err := c.b.Reverse(op, bk.Entry.ID, "noch einmal")
	if quartier.ErrorCode(err) != quartier.ECONFLICT || !strings.Contains(quartier.ErrorMessage(err), "schon storniert") {
		t.Errorf("second reversal: %v", err)
	}
	if _, err := c.b.Reverse(op, rev.Entry.ID, "zurück"); quartier.ErrorCode(err) != quartier.EINVALID {
		t.Errorf("reversal of a reversal: %v", err)
	}
	chg := posted(t)(c.b.SetCommitmentEnd(op, com.Entry.ID, day(2025, 4, 1), "früher zu Ende"))
	if _, err := c.b.Reverse(op, com.Entry.ID, "nie bewilligt"); quartier.ErrorCode(err) != quartier.EINVALID || !strings.Contains(quartier.ErrorMessage(err), "zuerst diese Änderungen") {
		t.Errorf("reversing a changed commitment: %v", err)
	}
	posted(t)(c.b.Reverse(op, chg.Entry.ID, "Änderung war falsch"))
	// The change reversed, the term is the original again.
	if _, err := c.b.SetCommitmentEnd(op, com.Entry.ID, day(2025, 7, 1), "x"); quartier.ErrorCode(err) != quartier.EINVALID || !strings.Contains(quartier.ErrorMessage(err), "endet schon am 30.06.2025") {
		t.Errorf("end after the change was reversed: %v", err)
	}
	posted(t)(c.b.Reverse(op, com.Entry.ID, "nie bewilligt"))
	if l := c.status(t, op, "west", 2025)[0].Line("fls"); l.Committed != 0 || l.Booked != 0 {
		t.Errorf("after reversing the commitment: %+v", l)
	}
	if _, err := c.b.Book(op, budget.BookRequest{Commitment: com.Entry.ID, On: day(2025, 3, 1), Amount: 100, Why: "x"}); quartier.ErrorCode(err) != quartier.EINVALID {
		t.Errorf("booking on a reversed commitment: %v", err)
	}
	if _, err := c.b.SetCommitmentEnd(op, com.Entry.ID, day(2025, 5, 1), "x"); quartier.ErrorCode(err) != quartier.EINVALID {
		t.Errorf("changing a reversed commitment: %v", err)
	}
}

// Bad input gets an error naming the fault, and nothing is written.
func TestBadInputWritesNothing(t *testing.T) {
	c := open(t, day(2025, 7, 1))
	c.weimarWest(t)
	com := posted(t)(c.b.Commit(op, quartier.Commitment{Space: "west", Line: "case", Term: quartier.Term{From: day(2025, 1, 1), To: day(2026, 1, 1)},
		Amount: 100_000, Ref: "referral:1", Why: "Pauschale"}))
	c.book(t, "case", day(2025, 2, 1), "10", 0)
	posted(t)(c.b.Book(op, budget.BookRequest{Space: "west", Line: "case", On: day(2025, 2, 1), Amount: 100, Ref: "FIN-1", Why: "x"}))
	entries := func() int {
		var n int
		if err := c.Store.View(context.Background(), func(tx quartier.Tx) error {
			bs, err := tx.Budgets(context.Background(), "", 0)
			for _, b := range bs {
				es, err := tx.Entries(context.Background(), b.ID)
				if err != nil {
					return err
				}
				n += len(es)
			}
			n += 1000 * len(bs)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := entries()
	west := quartier.BudgetKey{Space: "west", Year: 2025}
	line := func(typ, amount string) budget.LineRequest {
		return budget.LineRequest{Type: typ, Funding: quartier.FundingLumpSum, Amount: euro(t, amount)}
	}
	for name, c2 := range map[string]struct {
		run  func() error
		code string
		says string
	}{
		"sum of lines": {func() error {
			_, err := c.b.CreateBudget(op, budget.CreateRequest{BudgetKey: quartier.BudgetKey{Space: "ost", Year: 2025}, Total: euro(t, "1.000.000"), Lines: []budget.LineRequest{line("case", "600.000"), line("milieu", "350.000")}})
			return err
		}, quartier.EINVALID, "Unterschied 50.000,00 €"},
		"line type": {func() error {
			_, err := c.b.CreateBudget(op, budget.CreateRequest{BudgetKey: quartier.BudgetKey{Space: "ost", Year: 2025}, Total: 100, Lines: []budget.LineRequest{{Type: "projekte", Funding: quartier.FundingLumpSum, Amount: 100}}})
			return err
		}, quartier.EINVALID, `Zeile 1: Zeilenart "projekte"`},
		"no funding": {func() error {
			_, err := c.b.CreateBudget(op, budget.CreateRequest{BudgetKey: quartier.BudgetKey{Space: "ost", Year: 2025}, Total: 100, Lines: []budget.LineRequest{{Type: "case", Amount: 100}}})
			return err
		}, quartier.EINVALID, "Finanzierungsart"},
		"space": {func() error {
			_, err := c.b.CreateBudget(op, budget.CreateRequest{BudgetKey: quartier.BudgetKey{Space: "nord", Year: 2025}, Total: 100, Lines: []budget.LineRequest{line("case", "1,00")}})
			return err
		}, quartier.ENOTFOUND, "nord"},
		"team of another space": {func() error {
			_, err := c.b.CreateBudget(op, budget.CreateRequest{BudgetKey: quartier.BudgetKey{Space: "west", Team: "asd-ost", Year: 2025}, Total: 100, Lines: []budget.LineRequest{line("case", "1,00")}})
			return err
		}, quartier.ENOTFOUND, "asd-ost"},
		"provider": {func() error {
			_, err := c.b.CreateBudget(op, budget.CreateRequest{BudgetKey: quartier.BudgetKey{Space: "ost", Year: 2025}, Total: 100, Lines: []budget.LineRequest{{Type: "case", Funding: quartier.FundingLumpSum, Provider: "diakonie", Amount: 100}}})
			return err
		}, quartier.ENOTFOUND, "diakonie"},
		"budget twice": {func() error {
			_, err := c.b.CreateBudget(op, budget.CreateRequest{BudgetKey: west, Total: 100, Lines: []budget.LineRequest{line("case", "1,00")}})
			return err
		}, quartier.ECONFLICT, "west 2025"},
		"unknown line": {func() error {
			_, err := c.b.Plan(op, budget.PlanRequest{Budget: west, Line: "fall", Amount: 100, Why: "x"})
			return err
		}, quartier.ENOTFOUND, `keine Zeile "fall" (Zeilen: case, fls, milieu, structural)`},
		"no budget": {func() error {
			_, err := c.b.Plan(op, budget.PlanRequest{Budget: quartier.BudgetKey{Space: "west", Year: 2024}, Line: "case", Amount: 100, Why: "x"})
			return err
		}, quartier.ENOTFOUND, "west 2024"},
		"plan zero": {func() error {
			_, err := c.b.Plan(op, budget.PlanRequest{Budget: west, Line: "case", Why: "x"})
			return err
		}, quartier.EINVALID, "0 €"},
		"no reason": {func() error {
			_, err := c.b.Plan(op, budget.PlanRequest{Budget: west, Line: "case", Amount: 100, Why: " "})
			return err
		}, quartier.EINVALID, "Grund"},
		"term across the year end": {func() error {
			_, err := c.b.Commit(op, quartier.Commitment{Space: "west", Line: "fls", Term: quartier.Term{From: day(2025, 10, 1), To: day(2026, 4, 1)}, Amount: 100, Why: "x"})
			return err
		}, quartier.EINVALID, "01.10.2025–31.03.2026 liegt nicht im Haushaltsjahr 2025; der Teil ab dem 01.01.2026 gehört in den Haushalt 2026"},
		"volume and amount": {func() error {
			_, err := c.b.Commit(op, quartier.Commitment{Space: "west", Line: "fls", Term: quartier.Term{From: day(2025, 1, 1), To: day(2025, 2, 1)}, Amount: 100,
				Volume: &quartier.Volume{Unit: quartier.UnitHour, PerWeek: 100, Rate: 100}, Why: "x"})
			return err
		}, quartier.EINVALID, "nicht beides"},
		"bad unit": {func() error {
			_, err := c.b.Commit(op, quartier.Commitment{Space: "west", Line: "fls", Term: quartier.Term{From: day(2025, 1, 1), To: day(2025, 2, 1)},
				Volume: &quartier.Volume{Unit: "week", PerWeek: 100, Rate: 100}, Why: "x"})
			return err
		}, quartier.EINVALID, "week"},
		"referral twice": {func() error {
			_, err := c.b.Commit(op, quartier.Commitment{Space: "west", Line: "case", Term: quartier.Term{From: day(2025, 1, 1), To: day(2025, 2, 1)}, Amount: 100, Ref: "referral:1", Why: "x"})
			return err
		}, quartier.ECONFLICT, "referral:1"},
		"booking twice": {func() error {
			_, err := c.b.Book(op, budget.BookRequest{Space: "west", Line: "case", On: day(2025, 3, 1), Amount: 100, Ref: "FIN-1", Why: "x"})
			return err
		}, quartier.ECONFLICT, "FIN-1"},
		"booking in the future": {func() error {
			_, err := c.b.Book(op, budget.BookRequest{Space: "west", Line: "case", On: day(2025, 7, 2), Amount: 100, Why: "x"})
			return err
		}, quartier.EINVALID, "02.07.2025 liegt in der Zukunft"},
		"booking outside the commitment's year": {func() error {
			_, err := c.b.Book(op, budget.BookRequest{Commitment: com.Entry.ID, On: day(2024, 12, 31), Amount: 100, Why: "x"})
			return err
		}, quartier.EINVALID, "31.12.2024 liegt nicht im Haushaltsjahr 2025"},
		"negative booking": {func() error {
			_, err := c.b.Book(op, budget.BookRequest{Space: "west", Line: "case", On: day(2025, 3, 1), Amount: -100, Why: "x"})
			return err
		}, quartier.EINVALID, "storniert"},
		"booking on another line than its commitment": {func() error {
			_, err := c.b.Book(op, budget.BookRequest{Commitment: com.Entry.ID, Line: "milieu", On: day(2025, 3, 1), Amount: 100, Why: "x"})
			return err
		}, quartier.EINVALID, "Zeile case"},
		"paying a booking": {func() error {
			_, err := c.b.Book(op, budget.BookRequest{Commitment: com.Entry.ID + 1, On: day(2025, 3, 1), Amount: 100, Why: "x"})
			return err
		}, quartier.EINVALID, "keine Mittelbindung (sondern Buchung)"},
		"unknown entry": {func() error {
			_, err := c.b.Reverse(op, 999999, "x")
			return err
		}, quartier.ENOTFOUND, "999999"},
		"end before start": {func() error {
			_, err := c.b.SetCommitmentEnd(op, com.Entry.ID, day(2024, 12, 1), "x")
			return err
		}, quartier.EINVALID, "01.12.2024"},
	} {
		err := c2.run()
		if quartier.ErrorCode(err) != c2.code || !strings.Contains(quartier.ErrorMessage(err), c2.says) {
			t.Errorf("%s: %v (want %s naming %q)", name, err, c2.code, c2.says)
		}
	}
	if after := entries(); after != before {
		t.Errorf("refused input wrote: %d entries and budgets before, %d after", before, after)
	}
}

// Who may do what with budgets, by the permission table: outside a
// grant's spaces a budget is "not found", and every refusal is audited.
func TestWhoMay(t *testing.T) {
	c := open(t, day(2025, 7, 1))
	c.weimarWest(t)
	made(t)(c.b.CreateBudget(op, budget.CreateRequest{BudgetKey: quartier.BudgetKey{Space: "ost", Year: 2025}, Total: 100,
		Lines: []budget.LineRequest{{Type: "case", Funding: quartier.FundingLumpSum, Amount: 100}}}))
	book := func(ctx context.Context, space quartier.SpaceCode) error {
		_, err := c.b.Book(ctx, budget.BookRequest{Space: space, Line: "case", On: day(2025, 3, 1), Amount: 100, Why: "x"})
		return err
	}
	read := func(ctx context.Context, space quartier.SpaceCode) error {
		_, err := c.b.Status(ctx, space, 2025)
		return err
	}
	// A provider lead's grant reaches the spaces its provider or alliance
	// is assigned to (resolved when the actor is built).
	lead := quartier.WithActor(context.Background(), &quartier.Actor{UserID: 9, Login: "t-lead", Grants: []quartier.Grant{{Role: quartier.RoleProviderLead,
		Scope: quartier.Scope{Kind: quartier.ScopeProvider, Ref: "htg"}, Spaces: []quartier.SpaceCode{"ost"}, Provider: "htg"}}})
	for _, tc := range []struct {
		who        string
		ctx        context.Context
		space      quartier.SpaceCode
		book, read string // "" = allowed, else the error code
		saveRules  string
		readsRules bool
	}{
		{"controller", testcity.Role(quartier.RoleController), "west", "", "", "", true},
		{"controller of west, in west", testcity.Role(quartier.RoleController, "west"), "west", "", "", quartier.EFORBIDDEN, true},
		{"controller of west, in ost", testcity.Role(quartier.RoleController, "west"), "ost", quartier.ENOTFOUND, quartier.ENOTFOUND, quartier.EFORBIDDEN, true},
		{"office", testcity.Role(quartier.RoleOffice), "west", "", quartier.EFORBIDDEN, "", true},
		{"planning", testcity.Role(quartier.RolePlanner), "west", quartier.EFORBIDDEN, "", quartier.EFORBIDDEN, true},
		{"ASD lead of west", testcity.Role(quartier.RoleASDLead, "west"), "west", quartier.EFORBIDDEN, "", quartier.EFORBIDDEN, true},
		{"ASD lead of west, in ost", testcity.Role(quartier.RoleASDLead, "west"), "ost", quartier.EFORBIDDEN, quartier.ENOTFOUND, quartier.EFORBIDDEN, true},
		{"provider lead, assigned space", lead, "ost", quartier.EFORBIDDEN, "", quartier.EFORBIDDEN, true},
		{"provider lead, other space", lead, "west", quartier.EFORBIDDEN, quartier.ENOTFOUND, quartier.EFORBIDDEN, true},
		{"ASD staff", testcity.Role(quartier.RoleASD), "west", quartier.EFORBIDDEN, quartier.EFORBIDDEN, quartier.EFORBIDDEN, false},
		{"committee", testcity.Role(quartier.RoleCommittee), "west", quartier.EFORBIDDEN, quartier.EFORBIDDEN, quartier.EFORBIDDEN, false},
		{"admin", testcity.Role(quartier.RoleAdmin), "west", quartier.EFORBIDDEN, quartier.EFORBIDDEN, quartier.EFORBIDDEN, false},
		{"anonymous", context.Background(), "west", quartier.EFORBIDDEN, quartier.EFORBIDDEN, quartier.EFORBIDDEN, false},
	} {
		if got := quartier.ErrorCode(book(tc.ctx, tc.space)); got != tc.book {
			t.Errorf("%s books: %q, want %q", tc.who, got, tc.book)
		}
		if got := quartier.ErrorCode(read(tc.ctx, tc.space)); got != tc.read {
			t.Errorf("%s reads: %q, want %q", tc.who, got, tc.read)
		}
		if got := quartier.ErrorCode(c.b.SaveRules(tc.ctx, quartier.DefaultBudgetRules())); got != tc.saveRules {
			t.Errorf("%s saves the rules: %q, want %q", tc.who, got, tc.saveRules)
		}
		if _, err := c.b.Rules(tc.ctx); (err == nil) != tc.readsRules {
			t.Errorf("%s reads the rules: %v", tc.who, err)
		}
	}
	// An entry of another space is "not found" through its id too.
	wrong := c.book(t, "case", day(2025, 3, 2), "1", 0)
	if _, err := c.b.Reverse(testcity.Role(quartier.RoleController, "ost"), wrong.Entry.ID, "x"); quartier.ErrorCode(err) != quartier.ENOTFOUND {
		t.Errorf("reversing an entry of another space: %v", err)
	}
	// Every refusal is in the audit log.
	if err := c.Audit.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	var denied int
	if err := c.Store.View(context.Background(), func(tx quartier.Tx) error {
		es, err := tx.AuditEntries(context.Background(), quartier.AuditFilter{Limit: 1 << 20})
		for _, e := range es {
			if e.Outcome == quartier.OutcomeDenied && strings.HasPrefix(e.Action, "budgets.") {
				denied++
			}
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if denied < 30 {
		t.Errorf("%d refusals audited", denied)
	}
}

// Year-end carry-over by the office's rule, worked example: West 2024
// planned 100.000,00 €, booked 61.234,56 €, 8.000,00 € still committed:
// surplus 30.765,44 €; the rule keeps 50 % for structural work:
// 15.382,72 € are added to the plan of West 2025's structural line.
func TestCarryOver(t *testing.T) {
	c := open(t, day(2024, 12, 20))
	k24 := quartier.BudgetKey{Space: "west", Year: 2024}
	made(t)(c.b.CreateBudget(op, budget.CreateRequest{BudgetKey: k24, Total: euro(t, "100.000"), Lines: []budget.LineRequest{
		{Type: "case", Funding: quartier.FundingActualCost, Amount: euro(t, "80.000")}, {Type: "structural", Funding: quartier.FundingActualCost, Amount: euro(t, "20.000")}}}))
	posted(t)(c.b.Book(op, budget.BookRequest{Space: "west", Line: "case", On: day(2024, 6, 1), Amount: euro(t, "61.234,56"), Why: "Hilfen"}))
	posted(t)(c.b.Commit(op, quartier.Commitment{Space: "west", Line: "case", Term: quartier.Term{From: day(2024, 12, 1), To: day(2025, 1, 1)}, Amount: euro(t, "8.000"), Why: "Dezember"}))

	if _, err := c.b.CarryOver(op, k24); quartier.ErrorCode(err) != quartier.EINVALID || !strings.Contains(quartier.ErrorMessage(err), "keinen Übertrag") {
		t.Fatalf("carry-over by the default rules: %v", err)
	}
	rules := quartier.DefaultBudgetRules()
	rules.CarryOver = quartier.CarryOverRule{SharePercent: 50, ToLineType: quartier.LineStructural}
	if err := c.b.SaveRules(op, rules); err != nil {
		t.Fatal(err)
	}
	if got := rulesOf(t)(c.b.Rules(testcity.Role(quartier.RolePlanner))); got.CarryOver != rules.CarryOver {
		t.Fatalf("rules read back: %+v", got)
	}
	if _, err := c.b.CarryOver(op, k24); quartier.ErrorCode(err) != quartier.EINVALID || !strings.Contains(quartier.ErrorMessage(err), "ab dem 01.01.2025") {
		t.Fatalf("carry-over before the year end: %v", err)
	}
	*c.now = day(2025, 1, 15)
	if _, err := c.b.CarryOver(op, k24); quartier.ErrorCode(err) != quartier.ENOTFOUND || !strings.Contains(quartier.ErrorMessage(err), "west 2025") {
		t.Fatalf("carry-over without next year's budget: %v", err)
	}
	made(t)(c.b.CreateBudget(op, budget.CreateRequest{BudgetKey: quartier.BudgetKey{Space: "west", Year: 2025}, Total: euro(t, "110.000"), Lines: []budget.LineRequest{
		{Type: "case", Funding: quartier.FundingActualCost, Amount: euro(t, "85.000")}, {Type: "structural", Funding: quartier.FundingActualCost, Amount: euro(t, "25.000")}}}))
	res := carried(t)(c.b.CarryOver(op, k24))
	if res.Surplus != euro(t, "30.765,44") || res.Entry.Amount != euro(t, "15.382,72") || res.Line != "structural" ||
		res.Entry.Why != "Übertrag aus 2024: 50 % des Überschusses von 30.765,44 €" {
		t.Fatalf("carry-over %+v", res)
	}
	st := c.status(t, op, "west", 2025)[0]
	if st.Line("structural").Planned != euro(t, "40.382,72") || st.Totals.Planned != euro(t, "125.382,72") {
		t.Errorf("2025 after the carry-over: %+v", st.Totals)
	}
	if old := c.status(t, op, "west", 2024)[0]; old.Totals.Remaining != res.Surplus {
		t.Errorf("the closed year changed: %+v", old.Totals)
	}
	if _, err := c.b.CarryOver(op, k24); quartier.ErrorCode(err) != quartier.ECONFLICT {
		t.Errorf("second carry-over: %v", err)
	}
	// Reversed, it may run again (a corrected rule, a late booking).
	posted(t)(c.b.Reverse(op, res.Entry.ID, "Regel falsch angewandt"))
	if again := carried(t)(c.b.CarryOver(op, k24)); again.Entry.Amount != res.Entry.Amount {
		t.Errorf("carried again: %+v", again)
	}
}

// Nordfriesland: each regional team has a budget of its own on the basis
// of actual costs, next to the space's.
func TestTeamBudget(t *testing.T) {
	c := open(t, day(2025, 3, 1))
	c.weimarWest(t)
	team := quartier.BudgetKey{Space: "west", Team: "asd-west", Year: 2025}
	made(t)(c.b.CreateBudget(op, budget.CreateRequest{BudgetKey: team, Total: euro(t, "2.000.000"), Basis: quartier.BasisPreviousActual,
		Lines: []budget.LineRequest{{Type: "case", Funding: quartier.FundingActualCost, Amount: euro(t, "2.000.000")}}}))
	posted(t)(c.b.Book(op, budget.BookRequest{Space: "west", Team: "asd-west", Line: "case", On: day(2025, 2, 1), Amount: euro(t, "150.000"), Why: "Ist-Kosten Januar"}))
	st := c.status(t, op, "west", 2025)
	if len(st) != 2 || st[0].Budget.Team != "" || st[1].Budget.BudgetKey != team || st[1].Line("case").Booked != euro(t, "150.000") || st[0].Line("case").Booked != 0 {
		t.Fatalf("space and team budgets: %+v", st)
	}
	// 150.000 booked in the 60 days to 01.03.2025 (inclusive), 305 left:
	// 150.000 + 150.000 × 305 / 60 = 912.500,00 €.
	if f := st[1].Line("case").Forecast; f != euro(t, "912.500") {
		t.Errorf("forecast %s", f)
	}
}

// Parallel requests booking on one line lose nothing: every booking is an
// entry of its own, the line's sum is exact, and each left its audit
// entry in an unbroken chain (both engines serialise writers).
func TestConcurrentBookings(t *testing.T) {
	c := open(t, day(2025, 7, 1))
	c.weimarWest(t)
	const workers, each = 8, 25
	errs := make(chan error, workers*each)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			ctx := testcity.Role(quartier.RoleController, "west")
			for i := range each {
				_, err := c.b.Book(ctx, budget.BookRequest{Space: "west", Line: "milieu", On: day(2025, 6, 1), Amount: quartier.Cents(100*w + i + 1),
					Ref: fmt.Sprintf("FIN-%d-%d", w, i), Why: "parallel"})
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	// Σ over w, i of 100w + i + 1 = 25 × 100 × (0+…+7) + 8 × (1+…+25)
	// = 70.000 + 2.600 = 72.600 cents.
	if l := c.status(t, op, "west", 2025)[0].Line("milieu"); l.Booked != 72_600 {
		t.Errorf("booked %s, want 726,00 €", l.Booked)
	}
	var n int
	if err := c.Store.View(context.Background(), func(tx quartier.Tx) error {
		es, err := tx.AuditEntries(context.Background(), quartier.AuditFilter{Action: "budget.book", Limit: 1 << 20})
		n = len(es)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if n != workers*each {
		t.Errorf("%d booking entries in the audit log, want %d", n, workers*each)
	}
	if rep, err := c.Audit.Verify(op); err != nil || rep.Broken != nil {
		t.Errorf("audit chain: %+v %v", rep, err)
	}
}
