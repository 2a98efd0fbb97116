// Package spatialtest builds the test city (internal/testcity) in a
// spatial core, for the tests of the contexts that stand on it (access,
// atlas, and the web). The spatial core's own tests build it themselves:
// they cannot import a package that imports spatial.
package spatialtest

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/spatial"
	"github.com/quartier/quartier/internal/testcity"
	"github.com/quartier/quartier/internal/testdb"
)

// Core is a fresh store with its audit log and spatial core.
type Core struct {
	Store   quartier.Store
	Audit   *audit.Log
	Spatial *spatial.Service
	Now     func() time.Time
}

// Open makes an empty installation in EPSG:25833 whose clock is now (nil:
// a year after testcity.Day0). The audit log is closed before the store.
func Open(t testing.TB, now func() time.Time) *Core {
	t.Helper()
	st, _ := testdb.Open(t)
	if now == nil {
		now = func() time.Time { return testcity.Day0.AddDate(1, 0, 0) }
	}
	log := audit.New(st, audit.Options{Now: now})
	t.Cleanup(func() { log.Close() })
	sp, err := spatial.New(context.Background(), st, log, spatial.Options{SRID: quartier.UTM33N, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	return &Core{Store: st, Audit: log, Spatial: sp, Now: now}
}

// Grid imports the 3×3 blocks as layer "blk" on date.
func (c *Core) Grid(t testing.TB, shift float64, date time.Time) *spatial.ImportReport {
	t.Helper()
	rep, err := c.Spatial.ImportAreas(testcity.Operator(), spatial.ImportAreasRequest{
		Layer: spatial.LayerSpec{Code: "blk", Name: "Blöcke", Kind: quartier.LayerBlock}, Input: bytes.NewReader(testcity.Blocks(shift)),
		CodeProperty: "code", NameProperty: "name", ReferenceDate: date,
	})
	if err != nil {
		t.Fatalf("import grid: %v %v", err, quartier.ErrorProblems(err))
	}
	return rep
}

// Columns composes the grid into layer "spalte" of three columns west,
// mitte, ost; space makes it the social-space layer.
func (c *Core) Columns(t testing.TB, space bool) {
	t.Helper()
	var ms []spatial.Membership
	for r := 0; r < 3; r++ {
		for col, name := range testcity.Columns {
			ms = append(ms, spatial.Membership{Line: len(ms) + 2, Block: fmt.Sprintf("r%dc%d", r, col), Area: name, AreaName: "Spalte " + name})
		}
	}
	if _, err := c.Spatial.ComposeLayer(testcity.Operator(), spatial.ComposeRequest{Layer: spatial.LayerSpec{Code: "spalte", Name: "Spalten", Space: space}, Members: ms, ReferenceDate: testcity.Day0}); err != nil {
		t.Fatalf("compose: %v %v", err, quartier.ErrorProblems(err))
	}
}
