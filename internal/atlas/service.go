// Package atlas is the atlas of local offers: places and offers with their
// providers, contacts and opening hours, the German search over them, the
// map, the Wegweiser per space, editing with history and the duplicate
// warning, public suggestions and their review, the planning view (supply
// per space and 1,000 residents) and the HSDS publication. It stands on the
// spatial core (places are located in blocks and spaces) and never the
// other way round: a new lookup index reaches it through
// spatial.Service.OnRebuild.
//
// Confidential places (shelters) are the rule that shapes it: their
// address, point and space are used only for actors who may read them.
package atlas

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/spatial"
	"github.com/quartier/quartier/internal/textde"
)

// Tx is the part of the store the atlas uses.
type Tx interface {
	quartier.AtlasTx
	quartier.SuggestionTx
	quartier.ChangeTx
	quartier.SettingsTx
	quartier.ProviderTx
	quartier.PopulationTx
	quartier.AuditTx
}

// Service is the atlas over one store.
type Service struct {
	store   quartier.StoreOf[Tx]
	audit   *audit.Log
	spatial *spatial.Service
	log     *slog.Logger
	now     func() time.Time

	// atlas is the in-memory atlas (records, public view, search index),
	// swapped whole after a change; atlasWrites counts this process's
	// committed atlas writes so that it sees its own at once.
	atlas       atomic.Pointer[atlasSnapshot]
	atlasMu     sync.Mutex
	atlasWrites atomic.Int64
	analyzer    *textde.Analyzer
	holidays    func(time.Time) bool
	state       string

	// suggestLimit bounds visitors' suggestions per address.
	suggestLimit rateLimit
}

// Options configure the atlas.
type Options struct {
	Logger *slog.Logger
	Now    func() time.Time
	// State is the German state (ISO 3166-2:DE code, "BE", "TH") whose
	// public holidays close offers and which HSDS names in addresses;
	// default Berlin.
	State string
}

// New opens the atlas over store. Places follow the areas: the atlas moves
// them after every new lookup index of sp, and once now, which repairs
// what an interrupted run left behind.
func New(ctx context.Context, store quartier.Store, log *audit.Log, sp *spatial.Service, opt Options) (*Service, error) {
	a := &Service{store: quartier.Narrow[Tx](store), audit: log, spatial: sp, log: opt.Logger, now: opt.Now, state: opt.State, analyzer: textde.NewAnalyzer()}
	if a.state == "" {
		a.state = "BE"
	}
	a.holidays = quartier.Holidays(a.state)
	if a.log == nil {
		a.log = slog.Default()
	}
	if a.now == nil {
		a.now = time.Now
	}
	if _, err := a.ReassignPlaces(ctx); err != nil {
		return nil, err
	}
	sp.OnRebuild(func(ctx context.Context, _ *spatial.Locator) error {
		_, err := a.ReassignPlaces(ctx)
		return err
	})
	// Offers show their provider's name: a provider changed in the spatial
	// core makes this process's next snapshot a new one. Other processes
	// see it at their next atlas change or day.
	sp.OnProvidersChanged(func() { a.atlasWrites.Add(1) })
	return a, nil
}

// State is the installation's Land ("BE", "TH").
func (a *Service) State() string { return a.state }

func (a *Service) today() time.Time { return quartier.Day(a.now()) }

// locator is the spatial core's current lookup index.
func (a *Service) locator() *spatial.Locator { return a.spatial.Locator() }
