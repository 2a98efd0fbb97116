package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/testdb"
)

// The test city is a 3×3 grid of 1 km squares in EPSG:25833 near Berlin:
// block "r{row}c{col}", row 0 at the bottom. Composed layers group them.
const (
	gridX0 = 390000.0
	gridY0 = 5818000.0
	cell   = 1000.0
)

func gridBlocks(shift float64) []byte {
	var feats []string
	for r := 0; r < 3; r++ {
		for c := 0; c < 3; c++ {
			x0, y0 := gridX0+float64(c)*cell, gridY0+float64(r)*cell
			x1, y1 := x0+cell, y0+cell
			// shift moves the border between columns 0 and 1 in row 0, to
			// make a new Gebietsstand with a changed block.
			if r == 0 && c == 0 {
				x1 += shift
			}
			if r == 0 && c == 1 {
				x0 += shift
			}
			feats = append(feats, fmt.Sprintf(`{"type":"Feature","properties":{"code":"r%dc%d","name":"Block %d/%d"},"geometry":{"type":"Polygon","coordinates":[[[%g,%g],[%g,%g],[%g,%g],[%g,%g],[%g,%g]]]}}`,
				r, c, r, c, x0, y0, x1, y0, x1, y1, x0, y1, x0, y0))
		}
	}
	return []byte(`{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::25833"}},"features":[` + strings.Join(feats, ",") + `]}`)
}

func cellCenter(r, c int) (float64, float64) {
	return gridX0 + (float64(c)+0.5)*cell, gridY0 + (float64(r)+0.5)*cell
}

var day0 = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

func newApp(t *testing.T) *App {
	t.Helper()
	st, _ := testdb.Open(t)
	a, err := New(context.Background(), st, Options{SRID: quartier.UTM33N, Now: func() time.Time { return day0.AddDate(1, 0, 0) }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

func opCtx() context.Context { return quartier.WithActor(context.Background(), quartier.Operator()) }

func importGrid(t *testing.T, a *App, shift float64, date time.Time) *ImportReport {
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

func composeColumns(t *testing.T, a *App, space bool) {
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
