package monitoring

import (
	"strings"
	"testing"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/testcity"
)

func cellsOf(tab *quartier.OutputTable, area string) []quartier.OutputCell {
	for _, r := range tab.Rows {
		if r.Area == area {
			return r.Cells
		}
	}
	return nil
}

// Planning publishes the children per block (1 and 2 in the middle
// column): the committee reads "." where the planner's table shows the
// value marked, the total stays, the published table cannot be undone by
// subtraction, and it is a snapshot that a later import does not change.
func TestPublishWithholdsSmallNumbers(t *testing.T) {
	c := newCity(t)
	planner, committee := testcity.Role(quartier.RolePlanner), testcity.Role(quartier.RoleCommittee)
	req := PublishRequest{Kind: quartier.PublishedIndicator, Subject: "kinder", Layer: "blk", Date: d2020}
	if _, err := c.mon.Publish(committee, req); quartier.ErrorCode(err) != quartier.EFORBIDDEN {
		t.Fatalf("the committee published: %v", err)
	}
	if _, err := c.mon.ValueTable(committee, "kinder", "blk", d2020); quartier.ErrorCode(err) != quartier.EFORBIDDEN {
		t.Fatalf("the committee read internal values: %v", err)
	}
	internal, err := c.mon.ValueTable(planner, "kinder", "blk", d2020)
	if err != nil {
		t.Fatal(err)
	}
	if cell := cellsOf(internal, "r0c1")[0]; !internal.Internal || cell.Text != "1" || cell.Suppressed != quartier.SuppressedPrimary || *cell.Value != 1 {
		t.Errorf("planner's view of r0c1: %+v", cell)
	}
	p, err := c.mon.Publish(planner, req)
	if err != nil {
		t.Fatal(err)
	}
	// The committee's attempt is a denial under the same action.
	if n := c.entries(t, "indicators.publish"); n != 2 {
		t.Errorf("%d publish entries, want the denial and the publication", n)
	}
	got, err := c.mon.Publication(committee, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	tab := &got.Table
	// kinder per block in code order r0c0 … r2c2: 10 1 0 20 2 0 30 3 5.
	want := map[string]string{"r0c0": "10", "r0c1": ".", "r0c2": "0", "r1c0": "20", "r1c1": ".", "r1c2": "0", "r2c0": "30", "r2c1": "3", "r2c2": "5"}
	for area, text := range want {
		if cell := cellsOf(tab, area)[0]; cell.Text != text || text == "." && cell.Value != nil {
			t.Errorf("%s: published %+v, want %q", area, cell, text)
		}
	}
	if tab.Internal || tab.Total == nil || tab.Total.Cells[0].Text != "71" || tab.Threshold != 3 {
		t.Errorf("published total %+v, threshold %d", tab.Total, tab.Threshold)
	}
	// The attacker of suppress_test.go against what was published.
	var counts CountTable
	counts.ColTotals = true
	var hidden []bool
	for _, r := range tab.Rows {
		v := internal.Rows[len(hidden)].Cells[0].Value
		counts.Cells = append(counts.Cells, []float64{*v})
		hidden = append(hidden, r.Cells[0].Text == ".")
	}
	if leak := recoverable(&counts, func(i, j int) bool { return i < len(hidden) && hidden[i] }); len(leak) != 0 {
		t.Errorf("published table leaks %v", leak)
	}
	// A correction of the values leaves the publication as it was.
	if _, err := c.mon.ImportIndicators(testcity.Operator(), strings.NewReader("baustein;alo;ew;quote;kinder\nr0c0;1;10;1;99\n"), blockMapping("2020-12-31")); err != nil {
		t.Fatal(err)
	}
	again, err := c.mon.Publication(committee, p.ID)
	if err != nil || cellsOf(&again.Table, "r0c0")[0].Text != "10" {
		t.Errorf("publication changed after a correction: %v %+v", err, again)
	}
	list, err := c.mon.Publications(committee)
	if err != nil || len(list) != 1 || list[0].Title != "kinder, 31.12.2020" || list[0].PublishedBy != "t-planner" {
		t.Errorf("list %+v %v", list, err)
	}
}

// A share from counts publishes numerator, denominator and share: a
// small numerator withholds its share too; the total share of all areas
// stays.
func TestPublishShareFromCounts(t *testing.T) {
	c := newCity(t)
	p, err := c.mon.Publish(testcity.Role(quartier.RolePlanner), PublishRequest{Kind: quartier.PublishedIndicator, Subject: "alo", Layer: "blk", Date: d2020})
	if err != nil {
		t.Fatal(err)
	}
	tab := &p.Table
	if got := cellsOf(tab, "r0c1"); got[0].Text != "." || got[1].Text != "10" || got[2].Text != "." || got[2].Suppressed != quartier.SuppressedPrimary {
		t.Errorf("r0c1 (1 of 10): %+v", got)
	}
	if got := cellsOf(tab, "r1c1"); got[0].Text != "9" || got[1].Text != "90" || got[2].Text != "10,0" {
		t.Errorf("r1c1 (9 of 90): %+v", got)
	}
	if got := cellsOf(tab, "r2c0"); got[0].Text != "" || got[2].Text != "" {
		t.Errorf("no value is not withheld: %+v", got)
	}
	// 70 of 700 over the eight blocks with a value.
	if got := tab.Total.Cells; got[0].Text != "70" || got[1].Text != "700" || got[2].Text != "10,0" {
		t.Errorf("total %+v", got)
	}
}

// An index published on blocks withholds the rows whose share rests on a
// numerator below 3 (r0c1: 1 of 10, r2c2: 2 of 100); the planner's result
// marks them.
func TestPublishIndexWithholdsRows(t *testing.T) {
	c := newCity(t)
	if err := c.mon.SaveIndex(testcity.Operator(), columnIndex(nil)); err != nil {
		t.Fatal(err)
	}
	res, err := c.mon.ComputeIndex(testcity.Role(quartier.RolePlanner), "sozial", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res.Rows {
		if small := r.Area == "r0c1" || r.Area == "r2c2"; r.SmallCounts != small {
			t.Errorf("%s: small counts %v", r.Area, r.SmallCounts)
		}
	}
	p, err := c.mon.Publish(testcity.Role(quartier.RolePlanner), PublishRequest{Kind: quartier.PublishedIndex, Subject: "sozial"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Layer != "blk" || !p.ReferenceDate.Equal(d2020) || strings.Join(p.Table.Columns, "|") != "Status: Index|Status: Klasse|Hinweis" {
		t.Errorf("publication %+v", p)
	}
	if got := cellsOf(&p.Table, "r2c2"); got[0].Text != "." || got[1].Text != "." || got[0].Value != nil {
		t.Errorf("r2c2 published: %+v", got)
	}
	if got := cellsOf(&p.Table, "r1c1"); got[0].Text == "." || got[0].Value == nil || got[1].Text == "" {
		t.Errorf("r1c1 published: %+v", got)
	}
}
