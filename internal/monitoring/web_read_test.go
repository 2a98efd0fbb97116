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
