package storetest

import (
	"database/sql"
	"reflect"
	"testing"
	"time"

	"github.com/quartier/quartier"
)

func testBudgets(t *testing.T, s quartier.Store) {
	created := time.Date(2025, 1, 2, 8, 0, 0, 0, time.UTC)
	west := quartier.Budget{BudgetKey: quartier.BudgetKey{Space: "west", Year: 2025}, Basis: quartier.BasisNegotiated, Note: "Beschluss JHA", CreatedAt: created,
		Lines: []quartier.Line{
			{Code: "case", Type: "case", Label: "Fallarbeit", Funding: quartier.FundingLumpSum, Provider: "awo", CoverGroup: "fall-milieu"},
			{Code: "fls", Type: "case", Label: "Fallarbeit (FLS)", Funding: quartier.FundingServiceHours, CoverGroup: "fall-milieu"},
			{Code: "structural", Type: "structural", Label: "Strukturarbeit", Funding: quartier.FundingActualCost},
		}}
	team := quartier.Budget{BudgetKey: quartier.BudgetKey{Space: "west", Team: "asd-west", Year: 2025}, CreatedAt: created,
		Lines: []quartier.Line{{Code: "case", Type: "case", Label: "Fallarbeit", Funding: quartier.FundingActualCost}}}
	next := quartier.Budget{BudgetKey: quartier.BudgetKey{Space: "west", Year: 2026}, CreatedAt: created,
		Lines: []quartier.Line{{Code: "case", Type: "case", Label: "Fallarbeit", Funding: quartier.FundingLumpSum}}}
	update(t, s, func(tx quartier.Tx) error {
		for _, b := range []*quartier.Budget{&west, &team, &next} {
			if err := tx.CreateBudget(ctx, b); err != nil {
				return err
			}
		}
		return nil
	})
	if west.ID == 0 || west.Lines[2].ID == 0 || west.Lines[2].BudgetID != west.ID {
		t.Fatalf("ids not set: %+v", west)
	}
	// One budget per space, team and year.
	wantCode(t, s.Update(ctx, func(tx quartier.Tx) error {
		b := quartier.Budget{BudgetKey: west.BudgetKey, CreatedAt: created, Lines: []quartier.Line{{Code: "x", Type: "case", Label: "x", Funding: quartier.FundingLumpSum}}}
		return tx.CreateBudget(ctx, &b)
	}), quartier.ECONFLICT)
	// And one line per code in a budget; nothing of the refused budget stays.
	wantCode(t, s.Update(ctx, func(tx quartier.Tx) error {
		b := quartier.Budget{BudgetKey: quartier.BudgetKey{Space: "ost", Year: 2025}, CreatedAt: created, Lines: []quartier.Line{
			{Code: "x", Type: "case", Label: "x", Funding: quartier.FundingLumpSum}, {Code: "x", Type: "case", Label: "y", Funding: quartier.FundingLumpSum}}}
		return tx.CreateBudget(ctx, &b)
	}), quartier.ECONFLICT)
	view(t, s, func(tx quartier.Tx) error {
		got, err := tx.Budget(ctx, west.BudgetKey)
		if err != nil {
			return err
		}
		if !got.CreatedAt.Equal(created) {
			t.Errorf("created %v", got.CreatedAt)
		}
		got.CreatedAt = west.CreatedAt
		if !reflect.DeepEqual(*got, west) {
			t.Errorf("budget round trip:\n got %+v\nwant %+v", *got, west)
		}
		byID, err := tx.BudgetByID(ctx, team.ID)
		if err != nil || byID.Team != "asd-west" || len(byID.Lines) != 1 || byID.Lines[0].ID != team.Lines[0].ID {
			t.Errorf("by id: %+v %v", byID, err)
		}
		_, err = tx.Budget(ctx, quartier.BudgetKey{Space: "ost", Year: 2025})
		wantCode(t, err, quartier.ENOTFOUND)
		for _, c := range []struct {
			space quartier.SpaceCode
			year  int
			want  []int64
		}{{"west", 2025, []int64{west.ID, team.ID}}, {"west", 0, []int64{west.ID, team.ID, next.ID}}, {"", 2026, []int64{next.ID}}, {"ost", 0, nil}} {
			bs, err := tx.Budgets(ctx, c.space, c.year)
			if err != nil {
				return err
			}
			var ids []int64
			for _, b := range bs {
				ids = append(ids, b.ID)
				if len(b.Lines) == 0 {
					t.Errorf("budget %s listed without lines", b.BudgetKey)
				}
			}
			if !reflect.DeepEqual(ids, c.want) {
				t.Errorf("budgets %q %d: %v, want %v", c.space, c.year, ids, c.want)
			}
		}
		return nil
	})

	at := time.Date(2025, 3, 4, 10, 11, 12, 345678000, time.UTC)
	caseLine, fls := west.Lines[0].ID, west.Lines[1].ID
	plan := quartier.Entry{LineID: caseLine, Kind: quartier.EntryPlanned, Amount: 60_000_000, On: day(2025, 1, 2), Why: "Beschluss JHA", Login: "cli", At: at}
	commit := quartier.Entry{LineID: fls, Kind: quartier.EntryCommitted, Amount: 806_743, On: day(2025, 1, 1),
		Term: &quartier.Term{From: day(2025, 1, 1), To: day(2025, 7, 1)}, Volume: &quartier.Volume{Unit: quartier.UnitHour, PerWeek: 500, Rate: 6240},
		Ref: "referral:17", Why: "Hilfe bewilligt", UserID: 7, Login: "anna", At: at}
	var book, reversal, change, free quartier.Entry
	update(t, s, func(tx quartier.Tx) error {
		for _, e := range []*quartier.Entry{&plan, &commit} {
			if err := tx.AppendEntry(ctx, e); err != nil {
				return err
			}
		}
		book = quartier.Entry{LineID: fls, Kind: quartier.EntryBooked, Amount: 124_800, On: day(2025, 2, 3), Commitment: commit.ID, Ref: "FIN-4711", Why: "Rechnung Januar", Login: "anna", At: at}
		if err := tx.AppendEntry(ctx, &book); err != nil {
			return err
		}
		reversal = quartier.Entry{LineID: fls, Kind: quartier.EntryBooked, Amount: -124_800, On: day(2025, 2, 4), Commitment: commit.ID, Reverses: book.ID, Ref: "FIN-4711", Why: "doppelt gebucht", Login: "anna", At: at}
		if err := tx.AppendEntry(ctx, &reversal); err != nil {
			return err
		}
		change = quartier.Entry{LineID: fls, Kind: quartier.EntryCommitted, Amount: -405_600, On: day(2025, 4, 1), Term: &quartier.Term{From: day(2025, 1, 1), To: day(2025, 4, 1)},
			Volume: commit.Volume, Commitment: commit.ID, Why: "endet früher", Login: "anna", At: at}
		if err := tx.AppendEntry(ctx, &change); err != nil {
			return err
		}
		free = quartier.Entry{LineID: caseLine, Kind: quartier.EntryBooked, Amount: 1000, On: day(2025, 4, 2), Why: "ohne Mittelbindung", Login: "anna", At: at}
		return tx.AppendEntry(ctx, &free)
	})
	if !(plan.ID < commit.ID && commit.ID < book.ID && book.ID < reversal.ID && reversal.ID < change.ID && change.ID < free.ID) {
		t.Fatalf("ids %d %d %d %d %d %d", plan.ID, commit.ID, book.ID, reversal.ID, change.ID, free.ID)
	}
	for _, e := range []*quartier.Entry{&plan, &commit, &book, &reversal, &change, &free} {
		e.BudgetID = west.ID
	}
	// An entry is reversed at most once.
	wantCode(t, s.Update(ctx, func(tx quartier.Tx) error {
		again := reversal
		again.ID, again.Why = 0, "noch einmal"
		return tx.AppendEntry(ctx, &again)
	}), quartier.ECONFLICT)
	// A booking cannot pay a commitment that does not exist.
	wantCode(t, s.Update(ctx, func(tx quartier.Tx) error {
		e := book
		e.ID, e.Commitment = 0, 999999
		return tx.AppendEntry(ctx, &e)
	}), quartier.ECONFLICT)
	// The schema refuses what no use case may write, whoever calls.
	for name, e := range map[string]quartier.Entry{
		"zero amount":            {LineID: caseLine, Kind: quartier.EntryBooked, Amount: 0, On: day(2025, 2, 1), Why: "x", Login: "x", At: at},
		"no reason":              {LineID: caseLine, Kind: quartier.EntryBooked, Amount: 1, On: day(2025, 2, 1), Login: "x", At: at},
		"commitment, no term":    {LineID: caseLine, Kind: quartier.EntryCommitted, Amount: 1, On: day(2025, 2, 1), Why: "x", Login: "x", At: at},
		"booking with a term":    {LineID: caseLine, Kind: quartier.EntryBooked, Amount: 1, On: day(2025, 2, 1), Term: commit.Term, Why: "x", Login: "x", At: at},
		"term ending before":     {LineID: caseLine, Kind: quartier.EntryCommitted, Amount: 1, On: day(2025, 2, 1), Term: &quartier.Term{From: day(2025, 3, 1), To: day(2025, 3, 1)}, Why: "x", Login: "x", At: at},
		"unknown kind":           {LineID: caseLine, Kind: "paid", Amount: 1, On: day(2025, 2, 1), Why: "x", Login: "x", At: at},
		"line that do not exist": {LineID: 999999, Kind: quartier.EntryBooked, Amount: 1, On: day(2025, 2, 1), Why: "x", Login: "x", At: at},
	} {
		if err := s.Update(ctx, func(tx quartier.Tx) error { return tx.AppendEntry(ctx, &e) }); err == nil {
			t.Errorf("%s: stored", name)
		}
	}
	want := []quartier.Entry{plan, commit, book, reversal, change, free}
	check := func(when string) {
		t.Helper()
		view(t, s, func(tx quartier.Tx) error {
			got, err := tx.Entries(ctx, west.ID)
			if err != nil {
				return err
			}
			if len(got) != len(want) {
				t.Fatalf("%s: %d entries, want %d", when, len(got), len(want))
			}
			for i := range got {
				if !got[i].At.Equal(want[i].At) {
					t.Errorf("%s: entry %d at %v, want %v", when, i, got[i].At, want[i].At)
				}
				got[i].At = want[i].At
				if !reflect.DeepEqual(got[i], want[i]) {
					t.Errorf("%s: entry %d round trip:\n got %+v\nwant %+v", when, i, got[i], want[i])
				}
			}
			one, err := tx.Entry(ctx, commit.ID)
			if err != nil || one.BudgetID != west.ID || !reflect.DeepEqual(one.Volume, commit.Volume) || one.Ref != "referral:17" {
				t.Errorf("%s: entry by id: %+v %v", when, one, err)
			}
			_, err = tx.Entry(ctx, 999999)
			wantCode(t, err, quartier.ENOTFOUND)
			none, err := tx.Entries(ctx, next.ID)
			if err != nil || len(none) != 0 {
				t.Errorf("%s: entries of another budget: %v %v", when, none, err)
			}
			// The sums by line, kind and commitment, as the store makes them
			// and as the entries' own Sum says; a reversed booking stays as a
			// sum of zero.
			sums, err := tx.EntrySums(ctx, west.ID)
			if err != nil {
				return err
			}
			wantSums := []quartier.EntrySum{
				{LineID: caseLine, Kind: quartier.EntryBooked, Amount: 1000},
				{LineID: caseLine, Kind: quartier.EntryPlanned, Amount: 60_000_000},
				{LineID: fls, Kind: quartier.EntryBooked, Commitment: commit.ID, Amount: 0},
				{LineID: fls, Kind: quartier.EntryCommitted, Commitment: commit.ID, Amount: 401_143},
			}
			if !reflect.DeepEqual(sums, wantSums) {
				t.Errorf("%s: sums\n got %+v\nwant %+v", when, sums, wantSums)
			}
			bySum := map[quartier.EntrySum]quartier.Cents{}
			for _, e := range want {
				k := e.Sum()
				k.Amount = 0
				bySum[k] += e.Amount
			}
			for _, s := range sums {
				k := s
				k.Amount = 0
				if bySum[k] != s.Amount {
					t.Errorf("%s: Entry.Sum gives %s for %+v, the store %s", when, bySum[k], k, s.Amount)
				}
			}
			if got, err := tx.EntriesByRef(ctx, west.ID, "FIN-4711"); err != nil || len(got) != 2 || got[0].ID != book.ID || got[1].ID != reversal.ID {
				t.Errorf("%s: by ref: %+v %v", when, got, err)
			}
			if got, err := tx.EntriesByRef(ctx, next.ID, "referral:17"); err != nil || len(got) != 0 {
				t.Errorf("%s: by ref in another budget: %+v %v", when, got, err)
			}
			chain, err := tx.CommitmentEntries(ctx, commit.ID)
			var ids []int64
			for _, e := range chain {
				ids = append(ids, e.ID)
			}
			if err != nil || !reflect.DeepEqual(ids, []int64{commit.ID, book.ID, reversal.ID, change.ID}) || chain[0].BudgetID != west.ID {
				t.Errorf("%s: commitment entries %v %v", when, ids, err)
			}
			if r, err := tx.ReversalOf(ctx, book.ID); err != nil || r.ID != reversal.ID {
				t.Errorf("%s: reversal of the booking: %+v %v", when, r, err)
			}
			_, err = tx.ReversalOf(ctx, commit.ID)
			wantCode(t, err, quartier.ENOTFOUND)
			return nil
		})
	}
	check("appended")
	// Append-only even for the store's own connection: no statement
	// changes or removes an entry, so a correction can only be a reversal.
	raw, ok := s.(interface{ SQL() *sql.DB })
	if !ok {
		t.Fatal("store does not expose its database for the append-only check")
	}
	for _, stmt := range []string{"UPDATE budget_entries SET amount = 1", "UPDATE budget_entries SET why = 'harmlos' WHERE id = 1", "DELETE FROM budget_entries"} {
		if _, err := raw.SQL().ExecContext(ctx, stmt); err == nil {
			t.Errorf("%s went through", stmt)
		}
	}
	check("after the refused UPDATE and DELETE")
}
