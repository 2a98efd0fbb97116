package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/quartier/quartier"
)

func testAllocations(t *testing.T, s quartier.Store) {
	at := time.Date(2025, 3, 4, 10, 30, 0, 0, time.UTC)
	mk := func(name string, year int, amount quartier.Cents) quartier.AllocationProposal {
		return quartier.AllocationProposal{Name: name, Year: year, Note: "Entwurf", Layer: "sozialraum", LayerDate: day(2021, 1, 1), CreatedAt: at, CreatedBy: "planung",
			Rule: quartier.AllocationRule{Amount: amount, BaseShare: 0.2, Date: day(2024, 12, 31), Terms: []quartier.AllocationTerm{{Indicator: "kinder", Weight: 0.6}},
				Caps: map[quartier.SpaceCode]quartier.Cents{"west": 1}},
			Shares: []quartier.AllocationShare{{Space: "west", Name: "West", Measures: []float64{0.1 + 0.2}, Parts: []float64{1}, Score: 1, Raw: 1234.565, Amount: amount,
				Previous: 5, HasPrevious: true, Shifts: []quartier.Cents{-3}}}}
	}
	ps := []quartier.AllocationProposal{mk("Dezentrale Mittel", 2025, 100), mk("Dezentrale Mittel", 2025, 200), mk("Dezentrale Mittel", 2026, 300), mk("Ferienfahrten", 2025, 400)}
	for i := range ps {
		update(t, s, func(tx quartier.Tx) error { return tx.SaveAllocation(ctx, &ps[i]) })
	}
	// Versions count per name and year.
	for i, want := range []int{1, 2, 1, 1} {
		if ps[i].Version != want || ps[i].ID == 0 {
			t.Errorf("proposal %d: version %d id %d, want version %d", i, ps[i].Version, ps[i].ID, want)
		}
	}
	view(t, s, func(tx quartier.Tx) error {
		got, err := tx.Allocations(ctx)
		if err != nil {
			return err
		}
		if len(got) != 4 {
			t.Fatalf("%d proposals", len(got))
		}
		for i := range got {
			// Times come back in UTC from both engines' JSON.
			if !reflect.DeepEqual(got[i], ps[i]) {
				t.Errorf("proposal %d:\n%+v\nwant\n%+v", i, got[i], ps[i])
			}
		}
		return nil
	})
}

// testAllocationReleases: a released proposal comes back exactly as
// stored (withheld cells, bounds, changes), newest first; a version is
// released once (ECONFLICT), an unreleased or unknown one is ENOTFOUND,
// and only a saved proposal can be released.
func testAllocationReleases(t *testing.T, s quartier.Store) {
	at := time.Date(2025, 3, 4, 10, 30, 0, 0, time.UTC)
	ps := []quartier.AllocationProposal{{Name: "Dezentrale Mittel", Year: 2025, Layer: "sozialraum", CreatedAt: at, CreatedBy: "planung"},
		{Name: "Dezentrale Mittel", Year: 2025, Layer: "sozialraum", CreatedAt: at, CreatedBy: "planung"},
		{Name: "Dezentrale Mittel", Year: 2025, Layer: "sozialraum", CreatedAt: at, CreatedBy: "planung"}}
	for i := range ps {
		update(t, s, func(tx quartier.Tx) error { return tx.SaveAllocation(ctx, &ps[i]) })
	}
	x := 7.0
	kids := quartier.Indicator{Code: "kinder", Name: "Kinder", Kind: quartier.IndicatorCount, Direction: quartier.HigherIsWorse, MinCount: 3}
	mk := func(p quartier.AllocationProposal, when time.Time) quartier.AllocationRelease {
		return quartier.AllocationRelease{Allocation: p.ID, Name: p.Name, Year: p.Year, Version: p.Version, Note: "für den Ausschuss",
			Rule:  quartier.AllocationRule{Amount: 100000, BaseShare: 0.2, Date: day(2024, 12, 31), Terms: []quartier.AllocationTerm{{Indicator: "kinder", Weight: 1}}, Floor: 10},
			Layer: "sozialraum", LayerDate: day(2021, 1, 1),
			Terms: []quartier.AllocationReleaseTerm{{Indicator: kids, Weight: 1, Date: day(2024, 12, 31), Table: quartier.OutputTable{Columns: []string{"Anzahl"}, Threshold: 3,
				Rows:  []quartier.OutputRow{{Area: "w", Name: "West", Cells: []quartier.OutputCell{{Text: ".", Suppressed: quartier.SuppressedPrimary}}}},
				Total: &quartier.OutputRow{Name: "Insgesamt", Cells: []quartier.OutputCell{{Text: "7", Value: &x}}}}}},
			Rows: []quartier.AllocationReleaseRow{{Space: "w", Name: "West", Amount: 10, Bound: "floor", Change: -5, HasChange: true,
				Measures: []quartier.OutputCell{{Text: ".", Suppressed: quartier.SuppressedPrimary}}}},
			ComparedWith: "Dezentrale Mittel 2024, Fassung 1", Notes: []string{"geschätzt"}, ReleasedAt: when, ReleasedBy: "planung"}
	}
	first, second := mk(ps[0], at), mk(ps[2], at.Add(time.Hour))
	update(t, s, func(tx quartier.Tx) error {
		if err := tx.ReleaseAllocation(ctx, &first); err != nil {
			return err
		}
		return tx.ReleaseAllocation(ctx, &second)
	})
	again := mk(ps[0], at.Add(2*time.Hour))
	if err := s.Update(ctx, func(tx quartier.Tx) error { return tx.ReleaseAllocation(ctx, &again) }); quartier.ErrorCode(err) != quartier.ECONFLICT {
		t.Errorf("released twice: %v", err)
	}
	unsaved := mk(quartier.AllocationProposal{ID: 999999}, at)
	if err := s.Update(ctx, func(tx quartier.Tx) error { return tx.ReleaseAllocation(ctx, &unsaved) }); quartier.ErrorCode(err) != quartier.ECONFLICT {
		t.Errorf("release of no saved proposal: %v", err)
	}
	view(t, s, func(tx quartier.Tx) error {
		got, err := tx.AllocationRelease(ctx, ps[0].ID)
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(*got, first) {
			t.Errorf("release:\n%+v\nwant\n%+v", *got, first)
		}
		list, err := tx.AllocationReleases(ctx)
		if err != nil {
			return err
		}
		if len(list) != 2 || list[0].Allocation != ps[2].ID || !reflect.DeepEqual(list[1], first) {
			t.Errorf("list: %+v", list)
		}
		if _, err := tx.AllocationRelease(ctx, ps[1].ID); quartier.ErrorCode(err) != quartier.ENOTFOUND {
			t.Errorf("unreleased version: %v", err)
		}
		return nil
	})
}
