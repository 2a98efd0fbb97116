package http

import (
	"bytes"
	"strings"
	"testing"

	"github.com/quartier/quartier/internal/xlsx"
)

// The import page checks a workbook like a CSV file: the same preview.
func TestMonitoringImportPageXLSX(t *testing.T) {
	ts, _ := monitoringServer(t)
	c := signedInClient(t, ts, "u-planner")
	fields := map[string]string{"layer": "bezirk", "area_column": "baustein", "date": "31.12.2025", "source": "Amt", "licence": "dl-de/zero-2.0",
		"code0": "sgb2", "name0": "SGB-II-Quote", "unit0": "%", "kind0": "share", "direction0": "higher_worse", "num0": "sgb", "den0": "ew"}
	var rows [][]xlsx.Cell
	for _, r := range [][3]any{{"W1", 5.0, 100.0}, {"N1", 2.0, 10.0}, {"N2", 20.0, 40.0}} {
		rows = append(rows, []xlsx.Cell{xlsx.Text(r[0].(string)), xlsx.Number(r[1].(float64)), xlsx.Number(r[2].(float64))})
	}
	var b bytes.Buffer
	if err := xlsx.Write(&b, "Werte", []string{"baustein", "sgb", "ew"}, rows); err != nil {
		t.Fatal(err)
	}
	status, page := sendLayerFile(t, c, ts, "/monitoring/einspielen", "werte.xlsx", b.Bytes(), fields)
	if status != 200 || !strings.Contains(page, "SGB-II-Quote (sgb2): 3 Werte zum 31.12.2025") || checked(page) == "" {
		t.Errorf("workbook check: %d\n%s", status, page)
	}
}
