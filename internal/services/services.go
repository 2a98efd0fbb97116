// Package services builds Quartier's contexts over one store, in the one
// order their dependencies allow: the audit log first (every context
// writes to it), then access control and the spatial core, then the atlas,
// the monitoring and the budgets on the spatial core. `cmd/quartier` opens an installation through it, and
// so do the tests, the demo and the bench, so that all of them run the
// same wiring.
package services

import (
	"context"
	"log/slog"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/access"
	"github.com/quartier/quartier/internal/allocation"
	"github.com/quartier/quartier/internal/atlas"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/budget"
	"github.com/quartier/quartier/internal/monitoring"
	"github.com/quartier/quartier/internal/spatial"
)

// Set is one installation's services.
type Set struct {
	Store   quartier.Store
	Audit   *audit.Log
	Access  *access.Service
	Spatial *spatial.Service
	Atlas   *atlas.Service
	// Monitoring: indicators, their values and indices.
	Monitoring *monitoring.Service
	// Budget: space budgets, their lines and the ledger.
	Budget *budget.Service
	// Allocation: proposals dividing an amount across the spaces.
	Allocation *allocation.Service
}

// Options configure an installation.
type Options struct {
	// SRID is the projected CRS, fixed at the first start (see
	// spatial.Options).
	SRID   quartier.SRID
	Logger *slog.Logger
	// Now is the clock of every service (tests fix it).
	Now func() time.Time
	// TOTPRoles: see access.Options.
	TOTPRoles []quartier.Role
	// Reads: when a protected read may answer relative to its audit entry.
	Reads audit.ReadMode
	// State is the Land (ISO 3166-2:DE, default "BE").
	State string
	// SpatialOnly leaves out the atlas (Set.Atlas is nil), for commands
	// that only look up: opening the atlas reads and places every place.
	SpatialOnly bool
}

// Open builds the services over store and the lookup index and atlas from
// it. Close stops them; the store stays the caller's.
func Open(ctx context.Context, store quartier.Store, opt Options) (*Set, error) {
	log := audit.New(store, audit.Options{Logger: opt.Logger, Now: opt.Now, Reads: opt.Reads})
	sp, err := spatial.New(ctx, store, log, spatial.Options{SRID: opt.SRID, Logger: opt.Logger, Now: opt.Now})
	if err != nil {
		log.Close()
		return nil, err
	}
	var at *atlas.Service
	if !opt.SpatialOnly {
		if at, err = atlas.New(ctx, store, log, sp, atlas.Options{Logger: opt.Logger, Now: opt.Now, State: opt.State}); err != nil {
			log.Close()
			return nil, err
		}
	}
	ac := access.New(store, log, access.Options{Logger: opt.Logger, Now: opt.Now, TOTPRoles: opt.TOTPRoles, Spaces: sp.Spaces})
	mon := monitoring.New(store, log, sp)
	return &Set{Store: store, Audit: log, Access: ac, Spatial: sp, Atlas: at, Monitoring: mon,
		Budget:     budget.New(store, log, sp, budget.Options{Logger: opt.Logger, Now: opt.Now}),
		Allocation: allocation.New(store, log, sp, mon, opt.Now)}, nil
}

// Close writes what the audit log still holds and stops it.
func (s *Set) Close() error { return s.Audit.Close() }
