// Package testcity is the small city the use-case tests of every context
// share: a 3×3 grid of 1 km blocks in EPSG:25833 near Berlin, a fixed day,
// and the acting people of the tests. It holds data only and imports no
// context, so the tests of any context (the spatial core's own included)
// can use it without an import cycle.
package testcity

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/quartier/quartier"
)

// The grid: block "r{row}c{col}", row 0 at the bottom.
const (
	X0   = 390000.0
	Y0   = 5818000.0
	Cell = 1000.0
)

// Day0 is the reference date of the test city's first Gebietsstand.
var Day0 = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// Blocks is the grid as GeoJSON (properties code and name); shift moves
// the border between columns 0 and 1 in row 0, to make a new Gebietsstand
// with a changed block.
func Blocks(shift float64) []byte {
	var feats []string
	for r := 0; r < 3; r++ {
		for c := 0; c < 3; c++ {
			x0, y0 := X0+float64(c)*Cell, Y0+float64(r)*Cell
			x1, y1 := x0+Cell, y0+Cell
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

// CellCenter is the centre of block r{r}c{c}.
func CellCenter(r, c int) (float64, float64) {
	return X0 + (float64(c)+0.5)*Cell, Y0 + (float64(r)+0.5)*Cell
}

// Columns names the three columns the tests compose into a layer.
var Columns = [3]string{"west", "mitte", "ost"}

// Operator is the command line acting.
func Operator() context.Context {
	return quartier.WithActor(context.Background(), quartier.Operator())
}

// Role is a person with one grant of role, in spaces (none: all).
func Role(role quartier.Role, spaces ...quartier.SpaceCode) context.Context {
	g := quartier.Grant{Role: role, Scope: quartier.Scope{Kind: quartier.ScopeAll}}
	if len(spaces) > 0 {
		g.Scope, g.Spaces = quartier.Scope{Kind: quartier.ScopeSpaces, Spaces: spaces}, spaces
	}
	return quartier.WithActor(context.Background(), &quartier.Actor{UserID: 7, Login: "t-" + string(role), Grants: []quartier.Grant{g}})
}

// Provider is a provider's staff member acting for provider in spaces.
func Provider(provider string, spaces ...quartier.SpaceCode) context.Context {
	g := quartier.Grant{Role: quartier.RoleProviderStaff, Scope: quartier.Scope{Kind: quartier.ScopeProvider, Ref: provider}, Spaces: spaces, Provider: provider}
	return quartier.WithActor(context.Background(), &quartier.Actor{UserID: 8, Login: "t-" + provider, Grants: []quartier.Grant{g}})
}

var plainNumber = regexp.MustCompile(`^[+-][0-9.,]+$`)

// FormulaCells returns the cells of a ';' CSV (with or without BOM) that a
// spreadsheet would run as a formula; plain signed numbers are not.
func FormulaCells(b []byte) ([]string, error) {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff"))))
	r.Comma, r.FieldsPerRecord = ';', -1
	recs, err := r.ReadAll()
	if err != nil {
		return nil, err
	}
	var bad []string
	for _, rec := range recs {
		for _, c := range rec {
			if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) && !plainNumber.MatchString(c) {
				bad = append(bad, c)
			}
		}
	}
	return bad, nil
}

// Outcomes counts the audit entries with outcome, for the tests that check
// a refusal or a failed sign-in left its entry.
func Outcomes(es []quartier.AuditEntry, outcome string) int {
	n := 0
	for _, e := range es {
		if e.Outcome == outcome {
			n++
		}
	}
	return n
}
