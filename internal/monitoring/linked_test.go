package monitoring

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/spatial"
	"github.com/quartier/quartier/internal/testcity"
)

// feasible lists, per withheld block, the values it can take when every
// number of the given tables holds (areas as sums of blocks, totals over
// their areas): the attacker's view, by enumeration, independent of the
// code under test. blocks maps a table's area to its blocks.
func feasible(t *testing.T, truth map[string]float64, hidden []string, tables []*quartier.OutputTable, blocks []map[string][]string, max int) map[string]map[int]bool {
	t.Helper()
	out := map[string]map[int]bool{}
	for _, h := range hidden {
		out[h] = map[int]bool{}
	}
	vals := map[string]float64{}
	for k, v := range truth {
		vals[k] = v
	}
	var try func(i int)
	try = func(i int) {
		if i < len(hidden) {
			for x := 0; x <= max; x++ {
				vals[hidden[i]] = float64(x)
				try(i + 1)
			}
			return
		}
		for ti, tab := range tables {
			total := 0.0
			for _, r := range tab.Rows {
				sum := 0.0
				for _, b := range blocks[ti][r.Area] {
					sum += vals[b]
				}
				total += sum
				if c := r.Cells[0]; c.Value != nil && *c.Value != sum {
					return
				}
			}
			if tab.Total != nil && tab.Total.Cells[0].Value != nil && *tab.Total.Cells[0].Value != total {
				return
			}
		}
		for _, h := range hidden {
			out[h][int(vals[h])] = true
		}
	}
	try(0)
	return out
}

// A count published per block and then per row of blocks: the row's
// count less the row's shown blocks gives the withheld block, though
// each table alone is safe. The second publication withholds rows until
// the attacker, holding both, can no longer pin down any withheld count.
func TestPublishedLayersDoNotGiveEachOtherAway(t *testing.T) {
	c := newCity(t)
	var ms []spatial.Membership
	for r := 0; r < 3; r++ {
		for col := 0; col < 3; col++ {
			ms = append(ms, spatial.Membership{Line: len(ms) + 2, Block: fmt.Sprintf("r%dc%d", r, col), Area: fmt.Sprintf("z%d", r), AreaName: fmt.Sprintf("Zeile %d", r)})
		}
	}
	if _, err := c.core.Spatial.ComposeLayer(testcity.Operator(), spatial.ComposeRequest{Layer: spatial.LayerSpec{Code: "zeile", Name: "Zeilen"}, Members: ms, ReferenceDate: testcity.Day0}); err != nil {
		t.Fatal(err)
	}
	planner := testcity.Role(quartier.RolePlanner)
	perBlock, err := c.mon.Publish(planner, PublishRequest{Kind: quartier.PublishedIndicator, Subject: "kinder", Layer: "blk", Date: d2020})
	if err != nil {
		t.Fatal(err)
	}
	// kinder per block r0c0 … r2c2: 10 1 0 20 2 0 30 3 5.
	truth := map[string]float64{"r0c0": 10, "r0c1": 1, "r0c2": 0, "r1c0": 20, "r1c1": 2, "r1c2": 0, "r2c0": 30, "r2c1": 3, "r2c2": 5}
	var hidden []string
	blockOf := map[string][]string{}
	for _, r := range perBlock.Table.Rows {
		blockOf[r.Area] = []string{r.Area}
		if r.Cells[0].Suppressed != "" {
			hidden = append(hidden, r.Area)
		}
	}
	rowOf := map[string][]string{}
	for _, m := range ms {
		rowOf[m.Area] = append(rowOf[m.Area], m.Block)
	}
	if len(hidden) < 2 {
		t.Fatalf("the block table withholds %v", hidden)
	}
	// The attack works on the rows as each table alone would publish them.
	rep, err := c.mon.allValues(planner, "kinder", "zeile", d2020)
	if err != nil {
		t.Fatal(err)
	}
	naive := valueTable(rep, false)
	for _, h := range hidden {
		if got := feasible(t, truth, hidden, []*quartier.OutputTable{&perBlock.Table, naive}, []map[string][]string{blockOf, rowOf}, 20)[h]; len(got) != 1 {
			t.Fatalf("test assumption: the naive row table should give %s away, it leaves %v", h, got)
		}
	}
	perRow, err := c.mon.Publish(planner, PublishRequest{Kind: quartier.PublishedIndicator, Subject: "kinder", Layer: "zeile", Date: d2020})
	if err != nil {
		t.Fatal(err)
	}
	got := feasible(t, truth, hidden, []*quartier.OutputTable{&perBlock.Table, &perRow.Table}, []map[string][]string{blockOf, rowOf}, 20)
	for _, h := range hidden {
		if len(got[h]) < 2 {
			t.Errorf("with both publications %s can only be %v", h, got[h])
		}
	}
	// Not more than needed: the total and one row stay.
	shown := 0
	for _, r := range perRow.Table.Rows {
		if r.Cells[0].Value != nil {
			shown++
		}
	}
	if shown == 0 || perRow.Table.Total.Cells[0].Value == nil {
		t.Errorf("row table withholds everything: %+v", perRow.Table)
	}
	// A committee report on the rows is released like a publication: it
	// withholds what keeps the blocks' withheld counts safe, too.
	fig, err := c.mon.CommitteeFigures(planner, CommitteeRequest{Layer: "zeile", Indicators: []string{"kinder"}, Date: d2020})
	if err != nil {
		t.Fatal(err)
	}
	got = feasible(t, truth, hidden, []*quartier.OutputTable{&perBlock.Table, &fig.Indicators[0].Table}, []map[string][]string{blockOf, rowOf}, 20)
	for _, h := range hidden {
		if len(got[h]) < 2 {
			t.Errorf("with the block publication and the committee report %s can only be %v", h, got[h])
		}
	}
	// Publishing the blocks again after the rows (the other order) is as
	// safe: the new block table is linked to both earlier ones.
	again, err := c.mon.Publish(planner, PublishRequest{Kind: quartier.PublishedIndicator, Subject: "kinder", Layer: "blk", Date: d2020})
	if err != nil {
		t.Fatal(err)
	}
	got = feasible(t, truth, hidden, []*quartier.OutputTable{&perBlock.Table, &perRow.Table, &again.Table}, []map[string][]string{blockOf, rowOf, blockOf}, 20)
	for _, h := range hidden {
		if len(got[h]) < 2 {
			t.Errorf("with all three publications %s can only be %v", h, got[h])
		}
	}
}

func TestEchelonSpans(t *testing.T) {
	var e echelon
	e.add([]float64{1, 1, 0})
	e.add([]float64{0, 1, 1})
	e.add([]float64{1, 2, 1}) // dependent: adds nothing
	if len(e.rows) != 2 {
		t.Fatalf("rank %d", len(e.rows))
	}
	if !e.spans([]float64{1, 0, -1}) || e.spans([]float64{1, 0, 0}) || !e.spans([]float64{2, 3, 1}) {
		t.Error("membership")
	}
}

// A layer with its own geometry is linked to itself. Its counts are
// published (1 and 2 withheld, 3 and the total shown), then corrected —
// the 2 was a 4 — and published again: alone, the second table would
// withhold the 1 and, as the smallest other cell, the 3; the 3 the first
// table showed then gives the 1 back from the second's total. The second
// release must withhold more.
func TestOwnGeometryReleasesAreLinked(t *testing.T) {
	c := newCity(t)
	if _, err := c.core.Spatial.ImportAreas(testcity.Operator(), spatial.ImportAreasRequest{Layer: spatial.LayerSpec{Code: "eigen", Name: "Eigene Gebiete", Kind: quartier.LayerImported},
		Input: bytes.NewReader(testcity.Blocks(0)), CodeProperty: "code", NameProperty: "name", ReferenceDate: testcity.Day0}); err != nil {
		t.Fatalf("%v %v", err, quartier.ErrorProblems(err))
	}
	planner := testcity.Role(quartier.RolePlanner)
	release := func(table string) *quartier.OutputTable {
		t.Helper()
		if _, err := c.mon.ImportIndicators(testcity.Operator(), strings.NewReader(table), Mapping{Layer: "eigen", AreaColumn: "baustein", Date: "2020-12-31",
			Source: "Testamt", Licence: "dl-de/by-2.0", Indicators: []MappedIndicator{column("eigen_kinder", quartier.IndicatorCount, "kinder")}}); err != nil {
			t.Fatalf("%v %v", err, quartier.ErrorProblems(err))
		}
		p, err := c.mon.Publish(planner, PublishRequest{Kind: quartier.PublishedIndicator, Subject: "eigen_kinder", Layer: "eigen", Date: d2020})
		if err != nil {
			t.Fatal(err)
		}
		return &p.Table
	}
	first := release(blockTable)
	second := release(strings.Replace(blockTable, "r1c1;9;90;20;2", "r1c1;9;90;20;4", 1))
	// The units: each area, the corrected one before and after.
	truth := map[string]float64{"r0c0": 10, "r0c1": 1, "r0c2": 0, "r1c0": 20, "r1c1": 2, "r1c1'": 4, "r1c2": 0, "r2c0": 30, "r2c1": 3, "r2c2": 5}
	before, after := map[string][]string{}, map[string][]string{}
	var hidden []string
	for _, r := range first.Rows {
		before[r.Area], after[r.Area] = []string{r.Area}, []string{r.Area}
		if r.Cells[0].Suppressed != "" {
			hidden = append(hidden, r.Area)
		}
	}
	after["r1c1"] = []string{"r1c1'"}
	if !slices.Equal(hidden, []string{"r0c1", "r1c1"}) || first.Total.Cells[0].Value == nil {
		t.Fatalf("test assumption: the first table withholds the 1 and the 2 and shows the total: %v", hidden)
	}
	for _, r := range second.Rows {
		if r.Cells[0].Suppressed != "" && !slices.Contains(hidden, after[r.Area][0]) {
			hidden = append(hidden, after[r.Area][0])
		}
	}
	got := feasible(t, truth, hidden, []*quartier.OutputTable{first, second}, []map[string][]string{before, after}, 12)
	for _, h := range []string{"r0c1", "r1c1"} {
		if len(got[h]) < 2 {
			t.Errorf("with both tables %s can only be %v (withheld: %v)", h, got[h], hidden)
		}
	}
}
