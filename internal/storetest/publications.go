package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/quartier/quartier"
)

// testPublications: a published table comes back exactly as stored (a
// snapshot, nothing recomputed), the list leaves the tables out; the
// threshold of an indicator and the Gebietsstand of a delivery survive.
func testPublications(t *testing.T, s quartier.Store) {
	kids := quartier.Indicator{Code: "kinder", Name: "Kinder", Kind: quartier.IndicatorCount, Direction: quartier.HigherIsWorse,
		Layer: "plr", LayerDate: day(2021, 1, 1), BaseGroup: "gesamt", MinCount: 5}
	old := []quartier.IndicatorValue{{Indicator: "kinder", Area: "a", ReferenceDate: day(2018, 12, 31), Value: 4, LayerDate: day(2019, 1, 1)}}
	update(t, s, func(tx quartier.Tx) error {
		if err := tx.SaveIndicator(ctx, &kids); err != nil {
			return err
		}
		return tx.ReplaceIndicatorValues(ctx, kids.ID, day(2018, 12, 31), old)
	})
	view(t, s, func(tx quartier.Tx) error {
		inds, err := tx.Indicators(ctx)
		if len(inds) != 1 || inds[0].MinCount != 5 {
			t.Errorf("threshold: %+v", inds)
		}
		vs, err2 := tx.IndicatorValues(ctx, kids.ID)
		if !reflect.DeepEqual(vs, old) {
			t.Errorf("values on an older Gebietsstand: %+v", vs)
		}
		if err == nil {
			err = err2
		}
		return err
	})

	x := 12.5
	table := quartier.OutputTable{Columns: []string{"Anzahl"}, Threshold: 3, Notes: []string{"Quelle: Testamt"},
		Rows:  []quartier.OutputRow{{Area: "a", Name: "Nord", Cells: []quartier.OutputCell{{Text: "12,5", Value: &x}}}, {Area: "b", Name: "Süd", Cells: []quartier.OutputCell{{Text: ".", Suppressed: quartier.SuppressedPrimary}}}},
		Total: &quartier.OutputRow{Name: "Insgesamt", Cells: []quartier.OutputCell{{Text: "."}}}}
	at := time.Date(2026, 3, 4, 10, 11, 12, 0, time.UTC)
	first := quartier.Publication{Kind: quartier.PublishedIndicator, Subject: "kinder", Layer: "plr", ReferenceDate: day(2020, 12, 31),
		Title: "Kinder 2020", PublishedAt: at, PublishedBy: "planer", Table: table}
	second := first
	second.Kind, second.Subject, second.PublishedAt = quartier.PublishedIndex, "mss", at.Add(time.Hour)
	update(t, s, func(tx quartier.Tx) error {
		if err := tx.CreatePublication(ctx, &first); err != nil {
			return err
		}
		return tx.CreatePublication(ctx, &second)
	})
	if first.ID == 0 || first.ID == second.ID {
		t.Fatalf("ids %d %d", first.ID, second.ID)
	}
	view(t, s, func(tx quartier.Tx) error {
		got, err := tx.Publication(ctx, first.ID)
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(*got, first) {
			t.Errorf("publication:\n%+v\nwant\n%+v", *got, first)
		}
		list, err := tx.Publications(ctx)
		if len(list) != 2 || list[0].ID != second.ID || list[1].Title != "Kinder 2020" || len(list[0].Table.Rows) != 0 {
			t.Errorf("list: %+v", list)
		}
		if _, err := tx.Publication(ctx, 999999); quartier.ErrorCode(err) != quartier.ENOTFOUND {
			t.Errorf("unknown publication: %v", err)
		}
		return err
	})
}

// testCommitteeReports: a saved committee report comes back exactly as
// stored (commentary, figures, series with the layer's total under ""),
// the list leaves the body out, an unknown id is ENOTFOUND.
func testCommitteeReports(t *testing.T, s quartier.Store) {
	x := 3.0
	cell := quartier.OutputCell{Text: "3", Value: &x}
	withheld := quartier.OutputCell{Text: ".", Suppressed: quartier.SuppressedSecondary}
	at := time.Date(2026, 3, 4, 10, 11, 12, 0, time.UTC)
	first := quartier.CommitteeReport{Title: "Bericht Nord", Comment: []string{"Erster Absatz.", "Zweiter <b>Absatz</b>."}, PublishedAt: at, PublishedBy: "planer",
		Figures: quartier.CommitteeFigures{Layer: "plr", Date: day(2020, 12, 31), Areas: []string{"a", "b"},
			Indicators: []quartier.CommitteeIndicator{{Indicator: quartier.Indicator{Code: "kinder", Name: "Kinder", Kind: quartier.IndicatorCount, Direction: quartier.HigherIsWorse},
				Date: day(2020, 12, 31), Dates: []time.Time{day(2019, 12, 31), day(2020, 12, 31)},
				Table:  quartier.OutputTable{Columns: []string{"Anzahl"}, Threshold: 3, Rows: []quartier.OutputRow{{Area: "a", Name: "Nord", Cells: []quartier.OutputCell{cell}}}},
				Series: map[string][]quartier.OutputCell{"a": {withheld, cell}, "": {cell, cell}}}}}}
	second := quartier.CommitteeReport{Title: "Bericht Süd", PublishedAt: at.Add(time.Hour), PublishedBy: "planer", Figures: quartier.CommitteeFigures{Layer: "bezirk"}}
	update(t, s, func(tx quartier.Tx) error {
		if err := tx.CreateCommitteeReport(ctx, &first); err != nil {
			return err
		}
		return tx.CreateCommitteeReport(ctx, &second)
	})
	if first.ID == 0 || first.ID == second.ID {
		t.Fatalf("ids %d %d", first.ID, second.ID)
	}
	view(t, s, func(tx quartier.Tx) error {
		got, err := tx.CommitteeReport(ctx, first.ID)
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(*got, first) {
			t.Errorf("report:\n%+v\nwant\n%+v", *got, first)
		}
		list, err := tx.CommitteeReports(ctx)
		if len(list) != 2 || list[0].ID != second.ID || list[1].Title != "Bericht Nord" || list[1].Figures.Layer != "plr" || list[1].Comment != nil || list[1].Figures.Indicators != nil {
			t.Errorf("list: %+v", list)
		}
		if _, err := tx.CommitteeReport(ctx, 999999); quartier.ErrorCode(err) != quartier.ENOTFOUND {
			t.Errorf("unknown report: %v", err)
		}
		return err
	})
}
