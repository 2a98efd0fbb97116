package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/quartier/quartier"
)

// testBudgetMonths: the month sums of a ledger split EntrySums by the
// month of the value date; a date before the year counts in January, one
// after it is left out, and the first of a month opens it.
func testBudgetMonths(t *testing.T, s quartier.Store) {
	b := quartier.Budget{BudgetKey: quartier.BudgetKey{Space: "west", Year: 2025}, CreatedAt: time.Date(2024, 12, 1, 0, 0, 0, 0, time.UTC),
		Lines: []quartier.Line{{Code: "case", Type: "case", Label: "Fallarbeit", Funding: quartier.FundingLumpSum}}}
	day := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	var commit quartier.Entry
	update(t, s, func(tx quartier.Tx) error {
		if err := tx.CreateBudget(ctx, &b); err != nil {
			return err
		}
		line := b.Lines[0].ID
		add := func(e quartier.Entry) (quartier.Entry, error) {
			e.LineID, e.Why, e.Login, e.At = line, "x", "t", b.CreatedAt
			return e, tx.AppendEntry(ctx, &e)
		}
		if _, err := add(quartier.Entry{Kind: quartier.EntryPlanned, Amount: 1_000_000, On: day(2024, 12, 1)}); err != nil {
			return err
		}
		var err error
		if commit, err = add(quartier.Entry{Kind: quartier.EntryCommitted, Amount: 500_000, On: day(2025, 1, 31),
			Term: &quartier.Term{From: day(2025, 1, 1), To: day(2026, 1, 1)}}); err != nil {
			return err
		}
		for _, e := range []quartier.Entry{
			{Kind: quartier.EntryBooked, Amount: 100, On: day(2025, 2, 1), Commitment: commit.ID},
			{Kind: quartier.EntryBooked, Amount: 200, On: day(2025, 2, 28), Commitment: commit.ID},
			{Kind: quartier.EntryBooked, Amount: 30, On: day(2025, 12, 31)},
			{Kind: quartier.EntryBooked, Amount: 7, On: day(2026, 1, 1)},
		} {
			if _, err := add(e); err != nil {
				return err
			}
		}
		return nil
	})
	view(t, s, func(tx quartier.Tx) error {
		got, err := tx.EntryMonthSums(ctx, b.ID, 2025)
		if err != nil {
			return err
		}
		line := b.Lines[0].ID
		want := []quartier.EntryMonthSum{
			{EntrySum: quartier.EntrySum{LineID: line, Kind: quartier.EntryBooked, Amount: 30}, Month: 12},
			{EntrySum: quartier.EntrySum{LineID: line, Kind: quartier.EntryBooked, Commitment: commit.ID, Amount: 300}, Month: 2},
			{EntrySum: quartier.EntrySum{LineID: line, Kind: quartier.EntryCommitted, Commitment: commit.ID, Amount: 500_000}, Month: 1},
			{EntrySum: quartier.EntrySum{LineID: line, Kind: quartier.EntryPlanned, Amount: 1_000_000}, Month: 1},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("month sums\n got %+v\nwant %+v", got, want)
		}
		return nil
	})
}
