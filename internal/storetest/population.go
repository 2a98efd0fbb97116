package storetest

import (
	"reflect"
	"testing"

	"github.com/quartier/quartier"
)

func testPopulation(t *testing.T, s quartier.Store) {
	d1, d2 := day(2020, 12, 31), day(2021, 12, 31)
	first := []quartier.Population{{Block: "b1", Residents: 3419}, {Block: "b2", Residents: 0}}
	update(t, s, func(tx quartier.Tx) error {
		if err := tx.SavePopulation(ctx, "gesamt", d1, first); err != nil {
			return err
		}
		if err := tx.SavePopulation(ctx, "0-26", d1, []quartier.Population{{Block: "b1", Residents: 800}}); err != nil {
			return err
		}
		return tx.SavePopulation(ctx, "gesamt", d2, []quartier.Population{{Block: "b1", Residents: 3500}})
	})
	// A corrected delivery of the same group and date replaces it whole.
	update(t, s, func(tx quartier.Tx) error {
		return tx.SavePopulation(ctx, "gesamt", d1, []quartier.Population{{Block: "b1", Residents: 3420}, {Block: "b3", Residents: 12}})
	})
	view(t, s, func(tx quartier.Tx) error {
		got, err := tx.Population(ctx)
		if err != nil {
			return err
		}
		want := []quartier.Population{
			{Block: "b1", Group: "0-26", ReferenceDate: d1, Residents: 800},
			{Block: "b1", Group: "gesamt", ReferenceDate: d1, Residents: 3420},
			{Block: "b3", Group: "gesamt", ReferenceDate: d1, Residents: 12},
			{Block: "b1", Group: "gesamt", ReferenceDate: d2, Residents: 3500},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("population:\n%v\nwant\n%v", got, want)
		}
		return nil
	})
	// Negative counts are refused by the schema, whatever the caller.
	if err := s.Update(ctx, func(tx quartier.Tx) error {
		return tx.SavePopulation(ctx, "x", d1, []quartier.Population{{Block: "b1", Residents: -1}})
	}); err == nil {
		t.Error("negative residents stored")
	}
}
