package monitoring

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/testcity"
	"github.com/xuri/excelize/v2"
)

func TestReferenceDates(t *testing.T) {
	c := newCity(t)
	if _, err := c.mon.ImportIndicators(testcity.Operator(), strings.NewReader(blockTable), blockMapping("2018-12-31")); err != nil {
		t.Fatal(err)
	}
	got, err := c.mon.ReferenceDates(testcity.Role(quartier.RolePlanner))
	if err != nil {
		t.Fatal(err)
	}
	if want := []time.Time{d2018, d2020}; !slices.EqualFunc(got["alo"], want, time.Time.Equal) || len(got) != 3 {
		t.Errorf("dates %v", got)
	}
	if _, err := c.mon.ReferenceDates(testcity.Role(quartier.RoleCommittee)); quartier.ErrorCode(err) != quartier.EFORBIDDEN {
		t.Errorf("the committee reads which dates were delivered: %v", err)
	}
}

// The workbook has the CSV's columns; codes stay text, figures numbers.
func TestIndexResultXLSX(t *testing.T) {
	c := newCity(t)
	if err := c.mon.SaveIndex(testcity.Operator(), columnIndex(nil)); err != nil {
		t.Fatal(err)
	}
	res, err := c.mon.ComputeIndex(testcity.Operator(), "sozial", "spalte")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := res.WriteXLSX(&b); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("sozial")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || strings.Join(rows[0], ";") != "gebiet;name;einwohner;ausgeschlossen;status_wert_alo;status_z_alo;status_summe;status_index;status_position;status_klasse;klasse" {
		t.Fatalf("rows %v", rows)
	}
	if rows[1][0] != "mitte" || rows[1][2] != "400" || rows[1][4] != "25" || rows[1][10] != "über dem Mittel" {
		t.Errorf("first row %v", rows[1])
	}
	if typ, _ := f.GetCellType("sozial", "E2"); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Error("a figure was written as text")
	}
}

// An area's series with the city's value beside it, each computed here by
// hand from the test city's table.
func TestAreaSeries(t *testing.T) {
	c := newCity(t)
	older := strings.Replace(blockTable, "r0c0;5;100", "r0c0;35;100", 1)
	if _, err := c.mon.ImportIndicators(testcity.Operator(), strings.NewReader(older), blockMapping("2018-12-31")); err != nil {
		t.Fatal(err)
	}
	west := testcity.Role(quartier.RoleProviderLead, "west")
	s, err := c.mon.AreaSeries(west, "alo", "spalte", "west")
	if err != nil {
		t.Fatal(err)
	}
	// West: (35+10)/300 in 2018, (5+10)/300 in 2020; the city 100/700
	// and 70/700.
	if len(s.Points) != 2 || !s.Points[0].Date.Equal(d2018) || !near(s.Points[0].Area.Value, 15) || !near(s.Points[1].Area.Value, 5) ||
		!near(s.Points[0].City, 100.0/7) || !near(s.Points[1].City, 10) {
		t.Errorf("alo series %+v", s.Points)
	}
	// A share without counts: the city weights each block by its residents.
	s, err = c.mon.AreaSeries(west, "quote", "spalte", "west")
	if err != nil || !near(s.Points[1].City, 8650.0/950) {
		t.Errorf("quote city %+v %v", s, err)
	}
	if s, err = c.mon.AreaSeries(west, "kinder", "spalte", "west"); err != nil || s.Points[1].City != 71 || s.Points[1].Area.Value != 60 {
		t.Errorf("kinder %+v %v", s, err)
	}
	if _, err := c.mon.AreaSeries(west, "alo", "spalte", "mitte"); quartier.ErrorCode(err) != quartier.EFORBIDDEN {
		t.Errorf("west's lead reads mitte: %v", err)
	}
	if _, err := c.mon.AreaSeries(testcity.Role(quartier.RoleCommittee), "alo", "spalte", "west"); quartier.ErrorCode(err) != quartier.EFORBIDDEN {
		t.Errorf("the committee reads internal values: %v", err)
	}
}
