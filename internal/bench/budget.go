package bench

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/budget"
	"github.com/quartier/quartier/internal/postgres"
	"github.com/quartier/quartier/internal/sqlite"
)

// BudgetOptions size `quartier bench budget`.
type BudgetOptions struct {
	Options
	Ledger  int // entries of the ledger (default 1,000,000)
	Imports int // bookings of the import (default 100,000)
}

// The ledger: 20 spaces × 10 years × 4 lines, the last year the one the
// import books into; the clock stands after it.
const (
	benchSpaces, benchYears, benchFirstYear = 20, 10, 2016
	benchRuns                               = 40
)

var benchNow = time.Date(benchFirstYear+benchYears, 2, 1, 0, 0, 0, 0, time.UTC)

// Budget measures the space budgets at a city's scale on SQLite and, with
// opt.PostgresDSN, on PostgreSQL: the dashboard figures of a space
// against a plain aggregation over the raw bookings (the peer), and the
// import of a finance export against a plain multi-row INSERT of the same
// bookings, with heap and RSS beside every figure.
func Budget(ctx context.Context, w io.Writer, opt BudgetOptions) error {
	if opt.Ledger <= 0 {
		opt.Ledger = 1_000_000
	}
	if opt.Imports <= 0 {
		opt.Imports = 100_000
	}
	rep := &report{w: w}
	fmt.Fprintf(w, "Quartier bench budget – %s, %d CPU, GOMAXPROCS %d; ledger %d entries (%d spaces × %d years × 4 lines), import %d bookings\n\n",
		runtime.Version(), runtime.NumCPU(), runtime.GOMAXPROCS(0), opt.Ledger, benchSpaces, benchYears, opt.Imports)
	dir, err := os.MkdirTemp("", "quartier-bench-budget-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	st, err := sqlite.Open(ctx, filepath.Join(dir, "budget.db"))
	if err != nil {
		return err
	}
	err = budgetFigures(ctx, rep, st, "SQLite", opt)
	st.Close()
	if err != nil {
		return err
	}
	if opt.PostgresDSN == "" {
		fmt.Fprintln(w, "\nPostgreSQL: skipped – set QUARTIER_BENCH_POSTGRES (or QUARTIER_TEST_POSTGRES).")
		return nil
	}
	benchDSN, drop, err := freshDatabase(ctx, opt.PostgresDSN)
	if err != nil {
		return err
	}
	defer drop()
	pg, err := postgres.Open(ctx, benchDSN)
	if err != nil {
		return err
	}
	defer pg.Close()
	fmt.Fprintln(w)
	return budgetFigures(ctx, rep, pg, "PostgreSQL", opt)
}

func budgetFigures(ctx context.Context, rep *report, st quartier.Store, engine string, opt BudgetOptions) error {
	raw := st.(interface{ SQL() *sql.DB }).SQL()
	log := audit.New(st, audit.Options{})
	defer log.Close()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc := budget.New(st, log, nil, budget.Options{Now: func() time.Time { return benchNow }, Logger: quiet})
	op := quartier.WithActor(ctx, quartier.Operator())

	start := time.Now()
	target, err := fillLedger(ctx, st, opt.Ledger)
	if err != nil {
		return err
	}
	load := time.Since(start)
	// A server's autovacuum analyses a table after a bulk load within a
	// minute; the bench measures that state, not the minute before it.
	if _, err := raw.ExecContext(ctx, "ANALYZE"); err != nil {
		return err
	}
	var n int
	if err := raw.QueryRowContext(ctx, "SELECT count(*) FROM budget_entries").Scan(&n); err != nil {
		return err
	}
	rep.line(fmt.Sprintf("%s: ledger loaded (AppendEntries)", engine), fmt.Sprintf("%d entries", n),
		fmt.Sprintf("%s, %.0f /s; RSS %s", load.Round(time.Millisecond), float64(n)/load.Seconds(), mb(rss(os.Getpid()))))

	// The dashboard of a space: one year, and all ten years of the space.
	ctl := quartier.WithActor(ctx, &quartier.Actor{Login: "controlling", Grants: []quartier.Grant{{Role: quartier.RoleController, Scope: quartier.Scope{Kind: quartier.ScopeAll}}}})
	peerQ := `SELECT e.line_id, e.kind, SUM(e.amount) FROM budget_entries e JOIN budget_lines l ON l.id = e.line_id JOIN budgets b ON b.id = l.budget_id
		WHERE b.space = $1 AND (CAST($2 AS BIGINT) = 0 OR b.year = $2) GROUP BY e.line_id, e.kind`
	for _, year := range []int{target.year, 0} {
		what := fmt.Sprintf("one year (%d entries)", target.perBudget)
		if year == 0 {
			what = fmt.Sprintf("%d years (%d entries)", benchYears, target.perBudget*benchYears)
		}
		ours, heap, err := timed(benchRuns, func() error {
			sts, err := svc.Status(ctl, target.space, year)
			if err == nil && len(sts) == 0 {
				err = fmt.Errorf("no budget of %s", target.space)
			}
			return err
		})
		if err != nil {
			return err
		}
		peer, _, err := timed(benchRuns, func() error {
			rows, err := raw.QueryContext(ctx, peerQ, string(target.space), year)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var line, sum int64
				var kind string
				if err := rows.Scan(&line, &kind, &sum); err != nil {
					return err
				}
			}
			return rows.Err()
		})
		if err != nil {
			return err
		}
		rep.line(fmt.Sprintf("%s: space dashboard, %s", engine, what), "median "+ms(ours[len(ours)/2]),
			fmt.Sprintf("p95 %s; peer SUM … GROUP BY %s → ratio %.1f; %s heap/call; target < 50 ms", ms(ours[len(ours)*95/100]), ms(peer[len(peer)/2]),
				float64(ours[len(ours)/2])/float64(peer[len(peer)/2]), kb(heap)))
	}

	// The import: a finance export into the last year, every space.
	for s := range benchSpaces {
		m := quartier.FinanceMapping{CostCentre: fmt.Sprintf("KS%02d", s), CostUnit: "36310", Space: spaceCode(s), Line: "milieu"}
		if err := svc.SaveMapping(op, m); err != nil {
			return err
		}
	}
	csv := financeExport(opt.Imports, "A")
	var res *budget.ImportResult
	var alloc uint64
	d, base, peak, err := measured(func() error {
		var err error
		alloc, err = allocated(func() error {
			res, err = svc.ImportBookings(op, budget.ImportRequest{Input: strings.NewReader(csv), Name: "fibu.csv"})
			return err
		})
		return err
	})
	if err != nil {
		return err
	}
	rep.line(fmt.Sprintf("%s: import %d bookings (CSV, %.1f MB)", engine, res.New, float64(len(csv))/1e6), d.Round(time.Millisecond).String(),
		fmt.Sprintf("%.0f /s; %.0f MB allocated, RSS %s → peak %s; target < 5 s", float64(res.New)/d.Seconds(), float64(alloc)/1e6, mb(base), mb(peak)))
	again, _, _, err := measured(func() error {
		r, err := svc.ImportBookings(op, budget.ImportRequest{Input: strings.NewReader(csv), Name: "fibu.csv"})
		if err == nil && (r.New != 0 || r.Known != opt.Imports) {
			err = fmt.Errorf("re-import wrote %d", r.New)
		}
		return err
	})
	if err != nil {
		return err
	}
	rep.line(fmt.Sprintf("%s: the same export again (all known)", engine), again.Round(time.Millisecond).String(), "writes nothing")

	// The peer: the same bookings by a plain multi-row INSERT, no checks.
	rows, err := plainRows(ctx, raw, opt.Imports)
	if err != nil {
		return err
	}
	peer, _, _, err := measured(func() error { return plainInsert(ctx, raw, engine == "SQLite", rows) })
	if err != nil {
		return err
	}
	rep.line(fmt.Sprintf("%s: peer, plain INSERT of %d rows", engine, len(rows)), peer.Round(time.Millisecond).String(),
		fmt.Sprintf("import / peer = %.1f", float64(d)/float64(peer)))

	xlsx, err := financeXLSX(opt.Imports, "X")
	if err != nil {
		return err
	}
	var allocx uint64
	dx, basex, peakx, err := measured(func() error {
		var err error
		allocx, err = allocated(func() error {
			r, err := svc.ImportBookings(op, budget.ImportRequest{Input: bytes.NewReader(xlsx), Name: "fibu.xlsx"})
			if err == nil && r.New != opt.Imports {
				err = fmt.Errorf("xlsx import wrote %d", r.New)
			}
			return err
		})
		return err
	})
	if err != nil {
		return err
	}
	rep.line(fmt.Sprintf("%s: import %d bookings (XLSX, %.1f MB)", engine, opt.Imports, float64(len(xlsx))/1e6), dx.Round(time.Millisecond).String(),
		fmt.Sprintf("%.0f /s; %.0f MB allocated, RSS %s → peak %s", float64(opt.Imports)/dx.Seconds(), float64(allocx)/1e6, mb(basex), mb(peakx)))
	// The ledger holds the CSV's and the peer's rows by now, so the first
	// XLSX import writes into a larger table than the CSV import did; the
	// second imports of both write nothing and compare the formats fairly.
	againx, _, _, err := measured(func() error {
		r, err := svc.ImportBookings(op, budget.ImportRequest{Input: bytes.NewReader(xlsx), Name: "fibu.xlsx"})
		if err == nil && (r.New != 0 || r.Known != opt.Imports) {
			err = fmt.Errorf("xlsx re-import wrote %d", r.New)
		}
		return err
	})
	if err != nil {
		return err
	}
	rep.line(fmt.Sprintf("%s: the same XLSX again (all known)", engine), againx.Round(time.Millisecond).String(),
		fmt.Sprintf("writes nothing; XLSX / CSV = %.2f", float64(againx)/float64(again)))
	return nil
}

type ledgerTarget struct {
	space     quartier.SpaceCode
	year      int
	perBudget int
}

func spaceCode(s int) quartier.SpaceCode { return quartier.SpaceCode(fmt.Sprintf("s%02d", s)) }

// fillLedger writes total entries: per budget a plan, five commitments per
// line and bookings, half of them paying a commitment.
func fillLedger(ctx context.Context, st quartier.Store, total int) (ledgerTarget, error) {
	perLine := max(1, total/(benchSpaces*benchYears*4))
	at := benchNow
	for s := range benchSpaces {
		for y := range benchYears {
			b := quartier.Budget{BudgetKey: quartier.BudgetKey{Space: spaceCode(s), Year: benchFirstYear + y}, CreatedAt: at, Lines: []quartier.Line{
				{Code: "case", Type: "case", Label: "Fallarbeit", Funding: quartier.FundingLumpSum, CoverGroup: "fall-milieu"},
				{Code: "fls", Type: "case", Label: "Fallarbeit (FLS)", Funding: quartier.FundingServiceHours, CoverGroup: "fall-milieu"},
				{Code: "milieu", Type: "milieu", Label: "Milieuarbeit", Funding: quartier.FundingLumpSum, CoverGroup: "fall-milieu"},
				{Code: "structural", Type: "structural", Label: "Strukturarbeit", Funding: quartier.FundingActualCost},
			}}
			err := st.Update(ctx, func(tx quartier.Tx) error {
				if err := tx.CreateBudget(ctx, &b); err != nil {
					return err
				}
				year := quartier.Term{From: b.Start(), To: b.End()}
				for _, l := range b.Lines {
					plan := quartier.Entry{LineID: l.ID, Kind: quartier.EntryPlanned, Amount: quartier.Cents(perLine) * 10_000, On: b.Start(), Why: "Plan", Login: "bench", At: at}
					if err := tx.AppendEntry(ctx, &plan); err != nil {
						return err
					}
					var commitments []int64
					for i := range 5 {
						c := quartier.Entry{LineID: l.ID, Kind: quartier.EntryCommitted, Amount: quartier.Cents(perLine) * 1_000, On: b.Start(), Term: &year,
							Ref: fmt.Sprintf("referral:%d", i), Why: "Hilfe", Login: "bench", At: at}
						if err := tx.AppendEntry(ctx, &c); err != nil {
							return err
						}
						commitments = append(commitments, c.ID)
					}
					es := make([]quartier.Entry, perLine)
					for i := range es {
						es[i] = quartier.Entry{LineID: l.ID, Kind: quartier.EntryBooked, Amount: quartier.Cents(1000 + i%9000), On: b.Start().AddDate(0, 0, i%365),
							Why: "Rechnung", Login: "bench", At: at}
						if i%2 == 0 {
							es[i].Commitment = commitments[i%5]
						}
					}
					if err := tx.AppendEntries(ctx, es); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				return ledgerTarget{}, err
			}
		}
	}
	return ledgerTarget{space: spaceCode(7), year: benchFirstYear + benchYears - 1, perBudget: 4 * (perLine + 6)}, nil
}

// financeExport is n bookings of the budget year before benchNow, spread
// over the spaces' cost centres, a tenth of them refunds.
func financeExport(n int, prefix string) string {
	var b strings.Builder
	b.Grow(n * 64)
	b.WriteString("Buchungs-ID;Buchungsdatum;Betrag;Kostenstelle;Kostenträger;Buchungstext\n")
	year := benchFirstYear + benchYears - 1
	for i := range n {
		amount := quartier.Cents(100 + (i*7919)%5_000_000)
		if i%10 == 9 {
			amount = -amount / 10
		}
		on := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%365)
		fmt.Fprintf(&b, "%s-%d;%s;%s;KS%02d;36310;Rechnung %d\n", prefix, i, on.Format(quartier.GermanDateLayout), amount.Number(), i%benchSpaces, i)
	}
	return b.String()
}

// financeXLSX is the export as a sheet with date and number cells.
func financeXLSX(n int, prefix string) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return nil, err
	}
	if err := sw.SetRow("A1", []any{"Buchungs-ID", "Buchungsdatum", "Betrag", "Kostenstelle", "Kostenträger", "Buchungstext"}); err != nil {
		return nil, err
	}
	style, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		return nil, err
	}
	year := benchFirstYear + benchYears - 1
	for i := range n {
		amount := float64(100+(i*7919)%5_000_000) / 100
		if i%10 == 9 {
			amount = -amount / 10
		}
		on := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%365)
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, []any{fmt.Sprintf("%s-%d", prefix, i), excelize.Cell{StyleID: style, Value: on}, float64(int64(amount*100)) / 100,
			fmt.Sprintf("KS%02d", i%benchSpaces), "36310", fmt.Sprintf("Rechnung %d", i)}); err != nil {
			return nil, err
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	err = f.Write(&buf)
	return buf.Bytes(), err
}

// plainRows are n bookings on the milieu lines of the last year, as the
// peer inserts them.
func plainRows(ctx context.Context, db *sql.DB, n int) ([][]any, error) {
	var lines []int64
	rs, err := db.QueryContext(ctx, `SELECT l.id FROM budget_lines l JOIN budgets b ON b.id = l.budget_id WHERE b.year = $1 AND l.code = 'milieu' ORDER BY l.id`,
		benchFirstYear+benchYears-1)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	for rs.Next() {
		var id int64
		if err := rs.Scan(&id); err != nil {
			return nil, err
		}
		lines = append(lines, id)
	}
	if len(lines) == 0 {
		return nil, fmt.Errorf("no milieu lines")
	}
	at := benchNow.Format(time.RFC3339Nano)
	out := make([][]any, n)
	for i := range out {
		on := time.Date(benchFirstYear+benchYears-1, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%365).Format(quartier.DateLayout)
		out[i] = []any{lines[i%len(lines)], "booked", 100 + (i*7919)%5_000_000, on, fmt.Sprintf("fin:P-%d", i), fmt.Sprintf("Rechnung %d", i), "bench", at}
	}
	return out, rs.Err()
}

// plainInsert is the peer of the import: the rows in multi-row INSERTs of
// one transaction, prepared once per size like the store's, with the
// store's batch sizes (64 rows on SQLite, 1,000 on PostgreSQL) and no
// checks at all. SQLite gets "?" parameters: its driver
// looks numbered ones up by a linear scan.
func plainInsert(ctx context.Context, db *sql.DB, sqlite bool, rows [][]any) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	batch := 1000
	if sqlite {
		batch = 64
	}
	stmts := map[int]*sql.Stmt{}
	args := make([]any, 0, batch*8)
	for len(rows) > 0 {
		part := rows[:min(batch, len(rows))]
		rows = rows[len(part):]
		st := stmts[len(part)]
		if st == nil {
			var b strings.Builder
			b.WriteString("INSERT INTO budget_entries (line_id, kind, amount, value_date, ref, why, login, at) VALUES ")
			for i := range part {
				if i > 0 {
					b.WriteByte(',')
				}
				b.WriteByte('(')
				for j := range 8 {
					if j > 0 {
						b.WriteByte(',')
					}
					if sqlite {
						b.WriteByte('?')
					} else {
						fmt.Fprintf(&b, "$%d", i*8+j+1)
					}
				}
				b.WriteByte(')')
			}
			if st, err = tx.PrepareContext(ctx, b.String()); err != nil {
				return err
			}
			defer st.Close()
			stmts[len(part)] = st
		}
		args = args[:0]
		for _, r := range part {
			args = append(args, r...)
		}
		if _, err := st.ExecContext(ctx, args...); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// timed runs fn n times and returns the sorted durations and the heap
// allocated per run.
func timed(n int, fn func() error) ([]time.Duration, uint64, error) {
	if err := fn(); err != nil { // warm: statements prepared, pages cached
		return nil, 0, err
	}
	ds := make([]time.Duration, n)
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	for i := range ds {
		start := time.Now()
		if err := fn(); err != nil {
			return nil, 0, err
		}
		ds[i] = time.Since(start)
	}
	runtime.ReadMemStats(&m1)
	slices.Sort(ds)
	return ds, (m1.TotalAlloc - m0.TotalAlloc) / uint64(n), nil
}

// measured times fn with the process's RSS before and at its peak.
func measured(fn func() error) (d time.Duration, base, peak int64, err error) {
	base, peak = measurePeakRSS(func() {
		start := time.Now()
		err = fn()
		d = time.Since(start)
	})
	return d, base, peak, err
}

func allocated(fn func() error) (uint64, error) {
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	err := fn()
	runtime.ReadMemStats(&m1)
	return m1.TotalAlloc - m0.TotalAlloc, err
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/1e6) }
func kb(b uint64) string        { return fmt.Sprintf("%.0f KB", float64(b)/1e3) }
func mb(b int64) string         { return fmt.Sprintf("%.0f MB", float64(b)/(1<<20)) }
