package atlas

import (
	"context"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/spatial"
	"github.com/quartier/quartier/internal/spatialtest"
	"github.com/quartier/quartier/internal/testcity"
)

// env is the atlas over the test city, with the spatial core below it and
// the audit log to look into.
type env struct {
	*Service
	sp   *spatial.Service
	log  *audit.Log
	core *spatialtest.Core
}

// The test city comes from testcity; these names keep the tests short.
var (
	cellCenter  = testcity.CellCenter
	roleCtx     = testcity.Role
	providerCtx = testcity.Provider
	opCtx       = testcity.Operator
	day0        = testcity.Day0
)

const (
	gridX0 = testcity.X0
	gridY0 = testcity.Y0
)

// newApp is an empty installation whose clock stands a year after day0.
func newApp(t *testing.T) *env {
	t.Helper()
	return newAppAt(t, nil)
}

func newAppAt(t *testing.T, now func() time.Time) *env {
	t.Helper()
	core := spatialtest.Open(t, now)
	a, err := New(context.Background(), core.Store, core.Audit, core.Spatial, Options{Now: core.Now})
	if err != nil {
		t.Fatal(err)
	}
	return &env{Service: a, sp: core.Spatial, log: core.Audit, core: core}
}

func importGrid(t *testing.T, a *env, shift float64, date time.Time) *spatial.ImportReport {
	t.Helper()
	return a.core.Grid(t, shift, date)
}

func composeColumns(t *testing.T, a *env, space bool) {
	t.Helper()
	a.core.Columns(t, space)
}

// another is a second process on the same store.
func another(t *testing.T, a *env) *env {
	t.Helper()
	log := audit.New(a.core.Store, audit.Options{Now: a.now})
	t.Cleanup(func() { log.Close() })
	sp, err := spatial.New(context.Background(), a.core.Store, log, spatial.Options{SRID: quartier.UTM33N, Now: a.now})
	if err != nil {
		t.Fatal(err)
	}
	b, err := New(context.Background(), a.core.Store, log, sp, Options{Now: a.now})
	if err != nil {
		t.Fatal(err)
	}
	return &env{Service: b, sp: sp, log: log}
}

// submitter submits suggestions to a as the caller in ctx; a refused one
// fails the test.
func submitter(t *testing.T, a *Service, ctx context.Context) func(quartier.Suggestion) *quartier.Suggestion {
	return func(s quartier.Suggestion) *quartier.Suggestion {
		t.Helper()
		got, err := a.SubmitSuggestion(ctx, s)
		if err != nil {
			t.Fatalf("submit %+v: %v", s, err)
		}
		return got
	}
}
