package budget_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/budget"
)

// ledgerOracle recomputes a budget's figures from every entry read one by
// one, without the store's sums: planned and booked per line, each
// commitment's open part.
func ledgerOracle(t *testing.T, c *city, budgetID int64) (planned, booked, committed map[int64]quartier.Cents, es []quartier.Entry) {
	t.Helper()
	if err := c.Store.View(context.Background(), func(tx quartier.Tx) (err error) {
		es, err = tx.Entries(context.Background(), budgetID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	planned, booked, committed = map[int64]quartier.Cents{}, map[int64]quartier.Cents{}, map[int64]quartier.Cents{}
	bound, paid, lineOf := map[int64]quartier.Cents{}, map[int64]quartier.Cents{}, map[int64]int64{}
	for _, e := range es {
		switch e.Kind {
		case quartier.EntryPlanned:
			planned[e.LineID] += e.Amount
		case quartier.EntryBooked:
			booked[e.LineID] += e.Amount
			if e.Commitment != 0 {
				paid[e.Commitment] += e.Amount
			}
		case quartier.EntryCommitted:
			root := e.Commitment
			if root == 0 {
				root = e.ID
			}
			bound[root] += e.Amount
			lineOf[root] = e.LineID
		}
	}
	for root, amount := range bound {
		if open := amount - paid[root]; open > 0 {
			committed[lineOf[root]] += open
		}
	}
	return planned, booked, committed, es
}

// checkInvariants: the figures agree with the oracle, the lines add up to
// the totals, available honours the cover groups, every reversal nets its
// entry to zero on the same line, kind and commitment.
func checkInvariants(t *testing.T, c *city, when string) {
	t.Helper()
	st := c.status(t, op, "west", 2025)[0]
	planned, booked, committed, es := ledgerOracle(t, c, st.Budget.ID)
	var tot budget.Totals
	group := map[string]quartier.Cents{}
	for _, l := range st.Lines {
		if l.Planned != planned[l.Line.ID] || l.Booked != booked[l.Line.ID] || l.Committed != committed[l.Line.ID] {
			t.Fatalf("%s: %s planned/booked/committed %s/%s/%s, oracle %s/%s/%s", when, l.Line.Code, l.Planned, l.Booked, l.Committed,
				planned[l.Line.ID], booked[l.Line.ID], committed[l.Line.ID])
		}
		tot.Planned += l.Planned
		tot.Committed += l.Committed
		tot.Booked += l.Booked
		tot.Forecast += l.Forecast
		if g := l.Line.CoverGroup; g != "" {
			group[g] += l.Remaining
		}
	}
	tot.Remaining = tot.Planned - tot.Committed - tot.Booked
	if tot != st.Totals {
		t.Fatalf("%s: lines add up to %+v, totals %+v", when, tot, st.Totals)
	}
	for _, l := range st.Lines {
		want := l.Planned - l.Committed - l.Booked
		if g := l.Line.CoverGroup; g != "" {
			want = group[g]
		}
		if l.Available != want {
			t.Fatalf("%s: %s available %s, want %s", when, l.Line.Code, l.Available, want)
		}
	}
	byID := map[int64]quartier.Entry{}
	for _, e := range es {
		byID[e.ID] = e
	}
	for _, e := range es {
		if e.Reverses == 0 {
			continue
		}
		o := byID[e.Reverses]
		if o.Amount+e.Amount != 0 || o.LineID != e.LineID || o.Kind != e.Kind || (o.Commitment != e.Commitment && o.Commitment != 0) {
			t.Fatalf("%s: reversal %d does not net entry %d to zero: %+v / %+v", when, e.ID, o.ID, e, o)
		}
	}
}

// TestLedgerProperties runs random sequences of every kind of entry and
// checks the invariants after each step.
func TestLedgerProperties(t *testing.T) {
	for seed := range uint64(3) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			c := open(t, day(2025, 12, 31))
			c.weimarWest(t)
			c.mapFinance(t)
			r := rand.New(rand.NewPCG(seed, 15))
			lines := []string{"case", "fls", "milieu", "structural"}
			var entries, commitments []int64
			for step := range 60 {
				line := lines[r.IntN(len(lines))]
				amount := quartier.Cents(1 + r.Int64N(5_000_000))
				var p *budget.Posted
				var err error
				switch op2 := r.IntN(7); op2 {
				case 0:
					p, err = c.b.Plan(op, budget.PlanRequest{Budget: quartier.BudgetKey{Space: "west", Year: 2025}, Line: line, Amount: amount - 2_500_000, Why: "Umschichtung"})
				case 1:
					m := 1 + r.IntN(6)
					p, err = c.b.Commit(op, quartier.Commitment{Space: "west", Line: line, Term: quartier.Term{From: day(2025, m, 1), To: day(2025, m+6, 1)}, Amount: amount, Why: "Hilfe"})
					if err == nil {
						commitments = append(commitments, p.Entry.ID)
					}
				case 2:
					if len(commitments) > 0 {
						p, err = c.b.Book(op, budget.BookRequest{Commitment: commitments[r.IntN(len(commitments))], On: day(2025, 1+r.IntN(12), 1), Amount: amount, Why: "Rechnung"})
					}
				case 3:
					if len(commitments) > 0 {
						p, err = c.b.SetCommitmentEnd(op, commitments[r.IntN(len(commitments))], day(2025, 7+r.IntN(6), 1), "Ende geändert")
					}
				case 4:
					if len(entries) > 0 {
						p, err = c.b.Reverse(op, entries[r.IntN(len(entries))], "Korrektur")
					}
				case 5:
					csv := fmt.Sprintf("Buchungs-ID;Datum;Betrag;Kostenstelle;Kostenträger\nS%d-%d;01.0%d.2025;%s;4711;363%d0\n", seed, step, 1+r.IntN(9), (amount - 1_000_000).Number(), 1+r.IntN(2))
					if amount == 1_000_000 {
						continue
					}
					_, err = c.b.ImportBookings(op, budget.ImportRequest{Input: strings.NewReader(csv), Name: "zufall.csv"})
				default:
					p, err = c.b.Book(op, budget.BookRequest{Space: "west", Line: line, On: day(2025, 1+r.IntN(12), 1+r.IntN(28)), Amount: amount, Why: "Rechnung"})
				}
				// Refusals are part of the sequence (a reversed entry, a
				// changed commitment's reversal): they must write nothing.
				if err != nil && quartier.ErrorCode(err) == quartier.EINTERNAL {
					t.Fatalf("step %d: %v", step, err)
				}
				if p != nil {
					entries = append(entries, p.Entry.ID)
				}
				checkInvariants(t, c, fmt.Sprintf("seed %d step %d", seed, step))
			}
		})
	}
}

// Many goroutines writing to one line at once - bookings, the same
// finance booking ID from several of them, imports of the same export,
// reversals - lose nothing and book nothing twice, on either engine.
func TestConcurrentLedger(t *testing.T) {
	c := open(t, day(2025, 7, 1))
	c.weimarWest(t)
	c.mapFinance(t)
	const workers, each = 12, 10
	var export strings.Builder
	export.WriteString("Buchungs-ID;Datum;Betrag;Kostenstelle;Kostenträger\n")
	for i := range 50 {
		fmt.Fprintf(&export, "E-%d;02.05.2025;1,00;4712;36310\n", i)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var reversals, dupWins int
	errs := make(chan error, workers*each*3)
	for w := range workers {
		wg.Go(func() {
			ctx := contextOf(quartier.RoleController, "west")
			for i := range each {
				p, err := c.b.Book(ctx, budget.BookRequest{Space: "west", Line: "milieu", On: day(2025, 6, 1), Amount: quartier.Cents(100*w + i + 1),
					Ref: fmt.Sprintf("FIN-%d-%d", w, i), Why: "parallel"})
				if err != nil {
					errs <- err
					continue
				}
				if i%3 == 0 {
					if _, err := c.b.Reverse(ctx, p.Entry.ID, "parallel storniert"); err != nil {
						errs <- err
					} else {
						mu.Lock()
						reversals += 100*w + i + 1
						mu.Unlock()
					}
				}
				// Every worker books the same reference: one wins.
				_, err = c.b.Book(ctx, budget.BookRequest{Space: "west", Line: "milieu", On: day(2025, 6, 2), Amount: 1_000, Ref: fmt.Sprintf("DUP-%d", i), Why: "doppelt?"})
				switch {
				case err == nil:
					mu.Lock()
					dupWins++
					mu.Unlock()
				case quartier.ErrorCode(err) != quartier.ECONFLICT:
					errs <- err
				}
			}
			if _, err := c.b.ImportBookings(ctx, budget.ImportRequest{Input: strings.NewReader(export.String()), Name: "gleichzeitig.csv"}); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if dupWins != each {
		t.Errorf("%d bookings of %d shared references won, want one each", dupWins, each)
	}
	// Σ 100w + i + 1 over 12 × 10 = 100 × 10 × 66 + 12 × 55 = 66.660 cents;
	// less the reversed; plus one 10,00 € per shared reference and the
	// export of 50 × 1,00 € once.
	want := quartier.Cents(66_660-reversals) + quartier.Cents(each*1_000) + 5_000
	if l := c.status(t, op, "west", 2025)[0].Line("milieu"); l.Booked != want {
		t.Errorf("booked %s, want %s", l.Booked, want)
	}
	checkInvariants(t, c, "after the parallel writers")
	if rep, err := c.Audit.Verify(op); err != nil || rep.Broken != nil {
		t.Errorf("audit chain: %+v %v", rep, err)
	}
}
