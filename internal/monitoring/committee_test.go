package monitoring

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/testcity"
)

// A committee report shows what a publication of the same indicator
// would: the children of r0c1 (1) and r1c1 (2), which the planner's own
// table shows marked, read "." in the report, in its table and in its
// series, cell for cell as published; the committee itself may not make
// one, and making one is audited.
func TestCommitteeReportWithholdsAsPublished(t *testing.T) {
	c := newCity(t)
	planner, committee := testcity.Role(quartier.RolePlanner), testcity.Role(quartier.RoleCommittee)
	req := CommitteeRequest{Layer: "blk", Areas: []string{"r1c1", "r0c1", "r2c1"}, Indicators: []string{"kinder", "alo"}, Date: d2020}
	if _, err := c.mon.CommitteeFigures(committee, req); quartier.ErrorCode(err) != quartier.EFORBIDDEN {
		t.Fatalf("the committee made a report from internal values: %v", err)
	}
	fig, err := c.mon.CommitteeFigures(planner, req)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(fig.Areas, []string{"r0c1", "r1c1", "r2c1"}) {
		t.Errorf("areas %v", fig.Areas)
	}
	kinder := fig.Indicators[0]
	if kinder.Table.Internal {
		t.Fatal("a committee table must not be internal")
	}
	want := map[string]string{"r0c1": ".", "r1c1": ".", "r2c1": "3"}
	for area, text := range want {
		if cell := cellsOf(&kinder.Table, area)[0]; cell.Text != text || text == "." && cell.Value != nil {
			t.Errorf("%s: %+v, want %q", area, cell, text)
		}
		if s := kinder.Series[area]; len(s) != 1 || s[0].Text != text {
			t.Errorf("series of %s: %+v", area, s)
		}
	}
	if s := kinder.Series[""]; len(s) != 1 || s[0].Text != "71" {
		t.Errorf("series of the whole layer: %+v", s)
	}
	p, err := c.mon.Publish(planner, PublishRequest{Kind: quartier.PublishedIndicator, Subject: "alo", Layer: "blk", Date: d2020})
	if err != nil {
		t.Fatal(err)
	}
	alo := fig.Indicators[1]
	for _, row := range p.Table.Rows {
		got := cellsOf(&alo.Table, row.Area)
		for j, cell := range row.Cells {
			if got[j].Text != cell.Text {
				t.Errorf("alo %s column %d: report %q, publication %q", row.Area, j, got[j].Text, cell.Text)
			}
		}
	}
	if !slices.ContainsFunc(p.Table.Rows, func(r quartier.OutputRow) bool { return r.Cells[0].Text == "." }) {
		t.Error("the test needs a withheld cell in alo")
	}
	if n := c.entries(t, "indicators.committee_report"); n != 1 {
		t.Errorf("%d audit entries of committee reports, want 1", n)
	}
}

func TestCommitteeReportRefusals(t *testing.T) {
	c := newCity(t)
	planner := testcity.Role(quartier.RolePlanner)
	for _, tc := range []struct {
		req  CommitteeRequest
		code string
		want string
	}{
		{CommitteeRequest{Layer: "blk"}, quartier.EINVALID, "mindestens einen Indikator"},
		{CommitteeRequest{Indicators: []string{"kinder"}}, quartier.EINVALID, "Ebene"},
		{CommitteeRequest{Layer: "blk", Areas: []string{"zz"}, Indicators: []string{"kinder"}}, quartier.EINVALID, `"zz"`},
		{CommitteeRequest{Layer: "blk", Indicators: []string{"nope"}}, quartier.ENOTFOUND, "nope"},
		{CommitteeRequest{Layer: "blk", Indicators: []string{"kinder"}, Date: d2018}, quartier.ENOTFOUND, "31.12.2018"},
	} {
		_, err := c.mon.CommitteeFigures(planner, tc.req)
		if quartier.ErrorCode(err) != tc.code || !strings.Contains(quartier.ErrorMessage(err), tc.want) {
			t.Errorf("%+v: %v, want %s naming %s", tc.req, err, tc.code, tc.want)
		}
	}
}

// A saved committee report is frozen and public: the committee may not
// save one, the planner's is one audit entry, anyone reads it back with
// the withheld cells, and a later correction of the values leaves it.
func TestPublishCommitteeReport(t *testing.T) {
	c := newCity(t)
	planner, committee := testcity.Role(quartier.RolePlanner), testcity.Role(quartier.RoleCommittee)
	req := CommitteeRequest{Layer: "blk", Areas: []string{"r0c1", "r2c1"}, Indicators: []string{"kinder"}, Date: d2020}
	if _, err := c.mon.PublishCommitteeReport(committee, req, "Bericht", nil); quartier.ErrorCode(err) != quartier.EFORBIDDEN {
		t.Fatalf("the committee saved a report: %v", err)
	}
	before := c.entries(t, "indicators.publish")
	saved, err := c.mon.PublishCommitteeReport(planner, req, "Bericht Mitte", []string{"Kommentar."})
	if err != nil {
		t.Fatal(err)
	}
	if n := c.entries(t, "indicators.publish") - before; n != 1 {
		t.Errorf("%d audit entries for saving, want 1", n)
	}
	if _, err := c.mon.ImportIndicators(testcity.Operator(), strings.NewReader("baustein;alo;ew;quote;kinder\nr0c1;1;10;1;99\n"), blockMapping("2020-12-31")); err != nil {
		t.Fatal(err)
	}
	got, err := c.mon.CommitteeReport(committee, saved.ID)
	if err != nil {
		t.Fatal(err)
	}
	tab := &got.Figures.Indicators[0].Table
	if got.Title != "Bericht Mitte" || got.Comment[0] != "Kommentar." || cellsOf(tab, "r0c1")[0].Text != "." || cellsOf(tab, "r2c1")[0].Text != "3" {
		t.Errorf("saved report read back: %+v", got)
	}
	list, err := c.mon.CommitteeReports(context.Background()) // anonymous
	if err != nil || len(list) != 1 || list[0].ID != saved.ID {
		t.Errorf("public list: %v %+v", err, list)
	}
}

// A provider lead for the west makes reports of the west only: its
// blocks by default, a block of another space refused; the marks stay
// those of the whole layer (r0c1 is the middle column, not shown).
func TestCommitteeReportOfScopedReader(t *testing.T) {
	c := newCity(t)
	west := testcity.Role(quartier.RoleProviderLead, "west")
	fig, err := c.mon.CommitteeFigures(west, CommitteeRequest{Layer: "blk", Indicators: []string{"kinder"}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(fig.Areas, []string{"r0c0", "r1c0", "r2c0"}) || len(fig.Indicators[0].Table.Rows) != 3 || fig.Indicators[0].Table.Total.Cells[0].Text != "71" {
		t.Errorf("west's report: %v, %+v", fig.Areas, fig.Indicators[0].Table)
	}
	if _, err := c.mon.CommitteeFigures(west, CommitteeRequest{Layer: "blk", Areas: []string{"r0c0", "r0c1"}, Indicators: []string{"kinder"}}); quartier.ErrorCode(err) != quartier.EFORBIDDEN || !strings.Contains(quartier.ErrorMessage(err), "r0c1") {
		t.Errorf("a block of another space: %v", err)
	}
	if n := c.entries(t, string(quartier.PermReadIndicators)); n != 1 {
		t.Errorf("%d denials audited, want 1", n)
	}
}
