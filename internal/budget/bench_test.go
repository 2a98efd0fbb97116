package budget_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/budget"
	"github.com/quartier/quartier/internal/spatialtest"
	"github.com/quartier/quartier/internal/testcity"
)

// BenchmarkLedger fills a ledger of QUARTIER_BENCH_LEDGER bookings
// (default 1,000,000) over 20 spaces and 10 years, four lines each, with
// commitments that half of the bookings pay, and measures on one budget
// (a space and year, 1/200 of the ledger):
//
//   - status: budget.Service.Status, the figures the dashboard will show,
//     audited read included;
//   - raw-sum: the plain aggregation of the same budget's entries by line
//     and kind in SQL, the peer;
//   - book: one booking on that budget through the use case.
//
// Run on PostgreSQL with QUARTIER_TEST_ENGINE=postgres.
func BenchmarkLedger(b *testing.B) {
	total := 1_000_000
	if v, err := strconv.Atoi(os.Getenv("QUARTIER_BENCH_LEDGER")); err == nil && v > 0 {
		total = v
	}
	now := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	core := spatialtest.Open(b, func() time.Time { return now })
	svc := budget.New(core.Store, core.Audit, core.Spatial, budget.Options{Now: func() time.Time { return now }})
	raw := core.Store.(interface{ SQL() *sql.DB }).SQL()
	ctx := context.Background()
	const spaces, years, lines = 20, 10, 4
	perLine := total / (spaces * years * lines)
	start := time.Now()
	var target int64
	for s := range spaces {
		for y := range years {
			key := quartier.BudgetKey{Space: quartier.SpaceCode(fmt.Sprintf("s%02d", s)), Year: 2016 + y}
			bud := quartier.Budget{BudgetKey: key, CreatedAt: now, Lines: []quartier.Line{
				{Code: "case", Type: "case", Label: "Fallarbeit", Funding: quartier.FundingLumpSum, CoverGroup: "fall-milieu"},
				{Code: "fls", Type: "case", Label: "Fallarbeit (FLS)", Funding: quartier.FundingServiceHours, CoverGroup: "fall-milieu"},
				{Code: "milieu", Type: "milieu", Label: "Milieuarbeit", Funding: quartier.FundingLumpSum, CoverGroup: "fall-milieu"},
				{Code: "structural", Type: "structural", Label: "Strukturarbeit", Funding: quartier.FundingActualCost},
			}}
			var rows [][]any
			if err := core.Store.Update(ctx, func(tx quartier.Tx) error {
				rows = nil
				if err := tx.CreateBudget(ctx, &bud); err != nil {
					return err
				}
				for _, l := range bud.Lines {
					at := now.Format(time.RFC3339Nano)
					e := quartier.Entry{LineID: l.ID, Kind: quartier.EntryPlanned, Amount: quartier.Cents(perLine) * 100_000, On: bud.Start(), Why: "Plan", Login: "bench", At: now}
					if err := tx.AppendEntry(ctx, &e); err != nil {
						return err
					}
					var commitments []int64
					for i := range 5 {
						c := quartier.Entry{LineID: l.ID, Kind: quartier.EntryCommitted, Amount: quartier.Cents(perLine) * 10_000, On: bud.Start(),
							Term: &quartier.Term{From: bud.Start(), To: bud.End()}, Ref: fmt.Sprintf("referral:%d", i), Why: "Hilfe", Login: "bench", At: now}
						if err := tx.AppendEntry(ctx, &c); err != nil {
							return err
						}
						commitments = append(commitments, c.ID)
					}
					for i := range perLine {
						var paid any
						if i%2 == 0 {
							paid = commitments[i%5]
						}
						on := bud.Start().AddDate(0, 0, i%365).Format(quartier.DateLayout)
						rows = append(rows, []any{l.ID, "booked", 1000 + i%9000, on, paid, "Rechnung", "bench", at})
					}
				}
				return nil
			}); err != nil {
				b.Fatal(err)
			}
			if err := bulkBook(ctx, raw, rows); err != nil {
				b.Fatal(err)
			}
			if s == 7 && y == 5 {
				target = bud.ID
			}
		}
	}
	var n int
	if err := raw.QueryRowContext(ctx, "SELECT count(*) FROM budget_entries").Scan(&n); err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: %d entries loaded in %s", core.Store.Engine(), n, time.Since(start).Round(time.Millisecond))
	ctl := testcity.Role(quartier.RoleController)

	b.Run("status", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			st, err := svc.Status(ctl, "s07", 2021)
			if err != nil || len(st) != 1 || st[0].Budget.ID != target {
				b.Fatalf("%v %d", err, len(st))
			}
		}
	})
	// The dashboard reads every entry of the budget to put it into months.
	b.Run("dashboard", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			d, err := svc.Dashboard(ctl, quartier.BudgetKey{Space: "s07", Year: 2021})
			if err != nil || len(d.Lines) != 4 {
				b.Fatalf("%v", err)
			}
		}
	})
	b.Run("raw-sum", func(b *testing.B) {
		b.ReportAllocs()
		q := `SELECT e.line_id, e.kind, SUM(e.amount) FROM budget_entries e JOIN budget_lines l ON l.id = e.line_id WHERE l.budget_id = $1 GROUP BY e.line_id, e.kind`
		for b.Loop() {
			rows, err := raw.QueryContext(ctx, q, target)
			if err != nil {
				b.Fatal(err)
			}
			var k int
			for rows.Next() {
				var line, sum int64
				var kind string
				if err := rows.Scan(&line, &kind, &sum); err != nil {
					b.Fatal(err)
				}
				k++
			}
			rows.Close()
			if k != 12 {
				b.Fatalf("%d groups", k)
			}
		}
	})
	b.Run("book", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			i++
			if _, err := svc.Book(ctl, budget.BookRequest{Space: "s07", Line: "milieu", On: time.Date(2021, 6, 1, 0, 0, 0, 0, time.UTC), Amount: 100,
				Ref: fmt.Sprintf("BENCH-%d", i), Why: "Messung"}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// bulkBook inserts generated bookings in multi-row statements of one
// transaction: loading through the use case would measure the setup.
func bulkBook(ctx context.Context, db *sql.DB, rows [][]any) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// Small batches: the SQLite driver looks up each numbered parameter
	// by a linear scan (see the README on audit throughput).
	const batch = 50
	for len(rows) > 0 {
		part := rows[:min(batch, len(rows))]
		rows = rows[len(part):]
		var b strings.Builder
		b.WriteString("INSERT INTO budget_entries (line_id, kind, amount, value_date, commitment_id, why, login, at) VALUES ")
		var args []any
		for i, r := range part {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteByte('(')
			for j := range r {
				if j > 0 {
					b.WriteByte(',')
				}
				args = append(args, r[j])
				fmt.Fprintf(&b, "$%d", len(args))
			}
			b.WriteByte(')')
		}
		if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// BenchmarkImport imports an export of QUARTIER_BENCH_IMPORT bookings
// (default 100,000) into a fresh budget, and the same export again (all
// known). `quartier bench budget` measures it over a full ledger.
func BenchmarkImport(b *testing.B) {
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("QUARTIER_BENCH_IMPORT")); err == nil && v > 0 {
		n = v
	}
	var csv strings.Builder
	csv.WriteString("Buchungs-ID;Buchungsdatum;Betrag;Kostenstelle;Kostenträger;Buchungstext\n")
	for i := range n {
		fmt.Fprintf(&csv, "B-%d;%02d.%02d.2025;%s;4711;36310;Rechnung %d\n", i, 1+i%28, 1+i%12, quartier.Cents(100+i%100_000).Number(), i)
	}
	for _, again := range []bool{false, true} {
		name := "new"
		if again {
			name = "known"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				c := open(b, day(2026, 2, 1))
				made(b)(c.b.CreateBudget(op, budget.CreateRequest{BudgetKey: quartier.BudgetKey{Space: "west", Year: 2025}, Total: 100,
					Lines: []budget.LineRequest{{Type: "case", Funding: quartier.FundingLumpSum, Amount: 100}}}))
				if err := c.b.SaveMapping(op, quartier.FinanceMapping{CostCentre: "4711", CostUnit: "36310", Space: "west", Line: "case"}); err != nil {
					b.Fatal(err)
				}
				if again {
					if _, err := c.b.ImportBookings(op, budget.ImportRequest{Input: strings.NewReader(csv.String()), Name: "fibu.csv"}); err != nil {
						b.Fatal(err)
					}
				}
				b.StartTimer()
				res, err := c.b.ImportBookings(op, budget.ImportRequest{Input: strings.NewReader(csv.String()), Name: "fibu.csv"})
				if err != nil || res.New+res.Known != n {
					b.Fatalf("%+v %v", res, err)
				}
			}
		})
	}
}
