package spatial

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/testcity"
	"github.com/quartier/quartier/internal/testdb"
)

// The test city comes from testcity; these names keep the tests short.
var (
	gridBlocks = testcity.Blocks
	cellCenter = testcity.CellCenter
	roleCtx    = testcity.Role
	opCtx      = testcity.Operator
)

const (
	gridX0 = testcity.X0
	gridY0 = testcity.Y0
	cell   = testcity.Cell
)

var day0 = testcity.Day0

func newApp(t testing.TB) *Service {
	t.Helper()
	st, _ := testdb.Open(t)
	now := func() time.Time { return day0.AddDate(1, 0, 0) }
	log := audit.New(st, audit.Options{Now: now})
	t.Cleanup(func() { log.Close() })
	a, err := New(context.Background(), st, log, Options{SRID: quartier.UTM33N, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func importGrid(t *testing.T, a *Service, shift float64, date time.Time) *ImportReport {
	t.Helper()
	rep, err := a.ImportAreas(opCtx(), ImportAreasRequest{
		Layer: LayerSpec{Code: "blk", Name: "Blöcke", Kind: quartier.LayerBlock}, Input: bytes.NewReader(gridBlocks(shift)),
		CodeProperty: "code", NameProperty: "name", ReferenceDate: date,
	})
	if err != nil {
		t.Fatalf("import grid: %v %v", err, quartier.ErrorProblems(err))
	}
	return rep
}

// columns composes the grid into three columns west/mid/east.
func columnMembers() []Membership {
	names := []string{"west", "mitte", "ost"}
	var ms []Membership
	for r := 0; r < 3; r++ {
		for c := 0; c < 3; c++ {
			ms = append(ms, Membership{Line: len(ms) + 2, Block: fmt.Sprintf("r%dc%d", r, c), Area: names[c], AreaName: "Spalte " + names[c]})
		}
	}
	return ms
}

func composeColumns(t *testing.T, a *Service, space bool) {
	t.Helper()
	if _, err := a.ComposeLayer(opCtx(), ComposeRequest{Layer: LayerSpec{Code: "spalte", Name: "Spalten", Space: space}, Members: columnMembers(), ReferenceDate: day0}); err != nil {
		t.Fatalf("compose: %v %v", err, quartier.ErrorProblems(err))
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func kinds(ps []quartier.Problem) map[string]int {
	m := map[string]int{}
	for _, p := range ps {
		if p.Severity == quartier.SeverityError {
			m[p.Kind]++
		}
	}
	return m
}
