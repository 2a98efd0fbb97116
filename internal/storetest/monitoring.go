package storetest

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/quartier/quartier"
)

func testMonitoring(t *testing.T, s quartier.Store) {
	d1, d2 := day(2018, 12, 31), day(2020, 12, 31)
	s1 := quartier.Indicator{Code: "s1", Name: "Arbeitslosigkeit", Description: "SGB II, 15–65", Unit: "%", Kind: quartier.IndicatorShare, Scale: 100,
		Direction: quartier.HigherIsWorse, Source: "MSS 2021", Licence: "dl-de/by-2.0", Layer: "plr", LayerDate: day(2021, 1, 1), BaseGroup: "gesamt"}
	kids := quartier.Indicator{Code: "kinder", Name: "Kinder", Kind: quartier.IndicatorCount, Direction: quartier.HigherIsBetter, Layer: "plr", LayerDate: day(2021, 1, 1), BaseGroup: "0-17"}
	update(t, s, func(tx quartier.Tx) error {
		if err := tx.SaveIndicator(ctx, &s1); err != nil {
			return err
		}
		return tx.SaveIndicator(ctx, &kids)
	})
	if s1.ID == 0 || kids.ID == 0 || s1.ID == kids.ID {
		t.Fatalf("ids %d %d", s1.ID, kids.ID)
	}
	// Saving by the same code updates the indicator and keeps its id.
	renamed := s1
	renamed.ID, renamed.Name = 0, "Arbeitslosigkeit (SGB II)"
	update(t, s, func(tx quartier.Tx) error { return tx.SaveIndicator(ctx, &renamed) })
	if renamed.ID != s1.ID {
		t.Errorf("upsert gave id %d, want %d", renamed.ID, s1.ID)
	}
	view(t, s, func(tx quartier.Tx) error {
		got, err := tx.Indicators(ctx)
		if want := []quartier.Indicator{kids, renamed}; !reflect.DeepEqual(got, want) {
			t.Errorf("indicators:\n%+v\nwant\n%+v", got, want)
		}
		return err
	})

	// Exact doubles survive both engines; counts are kept with their share.
	v := func(area string, x float64) quartier.IndicatorValue {
		return quartier.IndicatorValue{Indicator: "s1", Area: area, ReferenceDate: d2, Value: x}
	}
	first := []quartier.IndicatorValue{v("a", 1.0/3), {Indicator: "s1", Area: "b", ReferenceDate: d2, Value: 25, FromCounts: true, Numerator: 1, Denominator: 4}}
	old := []quartier.IndicatorValue{{Indicator: "s1", Area: "a", ReferenceDate: d1, Value: 1e-300}}
	update(t, s, func(tx quartier.Tx) error {
		if err := tx.ReplaceIndicatorValues(ctx, s1.ID, d2, first); err != nil {
			return err
		}
		return tx.ReplaceIndicatorValues(ctx, s1.ID, d1, old)
	})
	// A re-import of a date replaces that date whole and nothing else.
	second := []quartier.IndicatorValue{v("c", 0), v("a", 4.22594)}
	// Values beyond one insert statement's batch arrive too.
	for i := range 600 {
		second = append(second, quartier.IndicatorValue{Indicator: "s1", Area: fmt.Sprintf("z%04d", i), ReferenceDate: d2, Value: float64(i) / 7})
	}
	update(t, s, func(tx quartier.Tx) error { return tx.ReplaceIndicatorValues(ctx, s1.ID, d2, second) })
	view(t, s, func(tx quartier.Tx) error {
		got, err := tx.IndicatorValues(ctx, s1.ID)
		if err != nil {
			return err
		}
		want := append(append([]quartier.IndicatorValue{}, old...), second[1], second[0])
		want = append(want, second[2:]...)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("values: got %d, want %d; first %+v", len(got), len(want), got[:min(3, len(got))])
		}
		none, err := tx.IndicatorValues(ctx, kids.ID)
		if len(none) != 0 {
			t.Errorf("values of another indicator: %v", none)
		}
		return err
	})
	// The schema refuses what no delivery can mean: a numerator without a
	// denominator, a negative count, a value of no indicator.
	for name, bad := range map[string]quartier.IndicatorValue{
		"negative numerator": {Area: "x", Value: 1, FromCounts: true, Numerator: -1, Denominator: 4},
		"zero denominator":   {Area: "x", Value: 1, FromCounts: true, Numerator: 0, Denominator: 0},
	} {
		if err := s.Update(ctx, func(tx quartier.Tx) error {
			return tx.ReplaceIndicatorValues(ctx, s1.ID, d1, []quartier.IndicatorValue{bad})
		}); err == nil {
			t.Errorf("%s stored", name)
		}
	}
	if err := s.Update(ctx, func(tx quartier.Tx) error {
		return tx.ReplaceIndicatorValues(ctx, 999999, d1, []quartier.IndicatorValue{{Area: "x", Value: 1}})
	}); quartier.ErrorCode(err) != quartier.ECONFLICT {
		t.Errorf("value of an unknown indicator: %v", err)
	}

	from := day(2018, 12, 31)
	x := quartier.Index{Code: "mss", Name: "MSS", Layer: "plr", ReferenceDate: d2, PopulationGroup: "gesamt",
		Exclude: quartier.IndexExclusion{MinResidents: 300, Areas: []string{"10100205"}, Reason: "Ausreißer", Missing: quartier.MissingExclude},
		Components: []quartier.IndexComponent{{Code: "status", Name: "Status", Standardisation: quartier.StandardiseZ, Restandardise: true,
			Terms:   []quartier.IndexTerm{{Indicator: "s1", Weight: 1}, {Indicator: "s1", Weight: 0.5, ChangeFrom: &from}},
			Classes: quartier.IndexClasses{Scale: quartier.ClassesSD, Bounds: []float64{-1, 1, 1.5}, Labels: []string{"hoch", "mittel", "niedrig", "sehr niedrig"}}}},
		CombinedSeparator: " / "}
	update(t, s, func(tx quartier.Tx) error { return tx.SaveIndex(ctx, &x) })
	changed := x
	changed.ID, changed.Name = 0, "MSS 2021"
	update(t, s, func(tx quartier.Tx) error { return tx.SaveIndex(ctx, &changed) })
	if changed.ID != x.ID || x.ID == 0 {
		t.Errorf("index ids %d %d", x.ID, changed.ID)
	}
	view(t, s, func(tx quartier.Tx) error {
		got, err := tx.Indices(ctx)
		if want := []quartier.Index{changed}; !reflect.DeepEqual(got, want) {
			t.Errorf("indices:\n%+v\nwant\n%+v", got, want)
		}
		return err
	})
}
