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
