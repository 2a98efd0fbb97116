// Package monitoring is the social monitoring (Sozialmonitoring): indicators
// delivered per area and reference date, their import with validation,
// their sums from blocks into any composed layer, and composite indices
// (Sozialindex) whose every intermediate value is returned so that a
// planner can check it by hand. It stands on the spatial core (layers,
// blocks, population) and never the other way round.
//
// Internal values are unsuppressed and read under indicators.read, scoped
// to the spaces the areas lie in; published, suppressed outputs for the
// committee and the public are a later step.
package monitoring

import (
	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/spatial"
)

// Tx is the part of the store the monitoring uses.
type Tx interface {
	quartier.MonitoringTx
	quartier.PopulationTx
	quartier.LayerTx // older Gebietsstände of the indicators' layers
	quartier.AuditTx
}

// Service is the social monitoring over one store.
type Service struct {
	store   quartier.StoreOf[Tx]
	audit   *audit.Log
	spatial *spatial.Service
}

// New opens the monitoring over store.
func New(store quartier.Store, log *audit.Log, sp *spatial.Service) *Service {
	return &Service{store: quartier.Narrow[Tx](store), audit: log, spatial: sp}
}
