// Package spatial is Quartier's spatial core: layers and their versions
// (Gebietsstände), block composition, the in-memory lookup index of every
// point (Locator), the street directory (read from the store a street at a
// time) and addresses through it, bulk lookup,
// population per block, and the organisation of the social spaces
// (providers, alliances, assignments, teams, rooms, leadership duo). Each
// use case checks the actor's permission, validates, runs in one store
// transaction with its audit entry and, on success, rebuilds the lookup
// index. The other contexts (atlas, monitoring, budgets) stand on it and
// learn of a new index through OnRebuild; it never calls them.
package spatial

import (
	"context"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/workgate"
)

// Tx is the part of the store the spatial core uses.
type Tx interface {
	quartier.SettingsTx
	quartier.LayerTx
	quartier.SpaceTx
	quartier.StreetTx
	quartier.PopulationTx
	quartier.AuditTx
}

// Service is the spatial core over one store.
type Service struct {
	store quartier.StoreOf[Tx]
	audit *audit.Log
	log   *slog.Logger
	now   func() time.Time
	// srid is the installation's CRS. A fresh database opened without one
	// is provisional (EPSG:25833, not stored, fixed false) until its first
	// import of areas takes the file's CRS; it changes only then.
	srid  atomic.Int32
	fixed atomic.Bool

	// locator is swapped whole after each import so that lookups never see a
	// half-built index and never wait for a lock.
	locator   atomic.Pointer[Locator]
	rebuildMu sync.Mutex
	// onRebuild are the other contexts' reactions to a new index (the atlas
	// moves its places with the areas).
	onRebuild []func(context.Context, *Locator) error
	// onProviders are the reactions to a changed provider (the atlas shows
	// provider names); guarded by rebuildMu too.
	onProviders []func()

	// publicChecks bounds the area checks of the public limits at once.
	publicChecks *workgate.Gate

	// checked keeps the consistency report of each stored version (see
	// CheckLayer): a version never changes once written.
	checked checkCache
}

// Options configure the spatial core.
type Options struct {
	// SRID is the projected CRS the installation stores geometry in. It is
	// fixed at the first start and recorded in the database; a later start
	// with a different value is refused rather than mixing coordinates.
	SRID   quartier.SRID
	Logger *slog.Logger
	Now    func() time.Time
}

const settingSRID = "srid"

// New opens the spatial core over store and builds the lookup index.
func New(ctx context.Context, store quartier.Store, log *audit.Log, opt Options) (*Service, error) {
	a := &Service{store: quartier.Narrow[Tx](store), audit: log, log: opt.Logger, now: opt.Now, publicChecks: newPublicChecks()}
	if a.log == nil {
		a.log = slog.Default()
	}
	if a.now == nil {
		a.now = time.Now
	}
	if err := a.fixSRID(ctx, opt.SRID); err != nil {
		return nil, err
	}
	if err := a.Rebuild(ctx); err != nil {
		return nil, err
	}
	return a, nil
}

// OnRebuild registers fn to run after every rebuild of the lookup index
// (a new Gebietsstand, an import of streets), with the new index. Contexts
// that keep data located in the areas use it; an error fails the rebuild.
func (a *Service) OnRebuild(fn func(ctx context.Context, loc *Locator) error) {
	a.rebuildMu.Lock()
	defer a.rebuildMu.Unlock()
	a.onRebuild = append(a.onRebuild, fn)
}

func (a *Service) fixSRID(ctx context.Context, want quartier.SRID) error {
	// Read first: only the very first start writes, so read-only commands
	// (lookup, export, check) never wait for or take the write lock.
	var stored string
	if err := a.store.View(ctx, func(tx Tx) (err error) {
		stored, err = tx.Setting(ctx, settingSRID)
		return err
	}); err != nil {
		return err
	}
	if stored != "" {
		return a.checkSRID(stored, want)
	}
	if want == quartier.NoSRID {
		// Nothing asked for: the first import of areas decides (see
		// adoptSRID), so a Köln installation is not silently in zone 33.
		a.srid.Store(int32(quartier.UTM33N))
		return nil
	}
	if !want.Projected() {
		return quartier.Errorf(quartier.EINVALID, "Das Koordinatensystem der Installation muss EPSG:25832 oder EPSG:25833 sein, nicht %s.", want)
	}
	return a.store.Update(ctx, func(tx Tx) error {
		stored, err := tx.Setting(ctx, settingSRID)
		if err != nil {
			return err
		}
		if stored != "" { // another process was first
			return a.checkSRID(stored, want)
		}
		if err := tx.SetSetting(ctx, settingSRID, strconv.Itoa(int(want))); err != nil {
			return err
		}
		a.srid.Store(int32(want))
		a.fixed.Store(true)
		return nil
	})
}

// checkSRID takes the stored CRS, refusing a different one asked for.
func (a *Service) checkSRID(stored string, want quartier.SRID) error {
	n, err := strconv.Atoi(stored)
	if err != nil {
		return quartier.WrapError(quartier.EINTERNAL, err, "Gespeichertes Koordinatensystem ist unlesbar.")
	}
	if want != quartier.NoSRID && quartier.SRID(n) != want {
		return quartier.Errorf(quartier.EINVALID, "Die Datenbank speichert in %s, verlangt wurde %s; eine Umstellung ist nicht vorgesehen.", quartier.SRID(n), want)
	}
	a.srid.Store(int32(n))
	a.fixed.Store(true)
	return nil
}

// SRID is the installation's projected CRS.
func (a *Service) SRID() quartier.SRID { return quartier.SRID(a.srid.Load()) }

// adoptSRID fixes a provisional installation's CRS within tx, the
// transaction of its first import of areas, to target (the file's CRS);
// the caller stores it in a.srid after the commit. An installation that
// was fixed meanwhile, by another process, is refused: its areas would be
// in another CRS than this import's.
func (a *Service) adoptSRID(ctx context.Context, tx Tx, target quartier.SRID) error {
	stored, err := tx.Setting(ctx, settingSRID)
	if err != nil {
		return err
	}
	if stored != "" {
		if stored != strconv.Itoa(int(target)) {
			return quartier.Errorf(quartier.ECONFLICT, "Die Installation wurde inzwischen auf EPSG:%s festgelegt; bitte den Import wiederholen.", stored)
		}
		return nil
	}
	return tx.SetSetting(ctx, settingSRID, strconv.Itoa(int(target)))
}

// today is the current date at midnight UTC, the unit of all validity periods.
func (a *Service) today() time.Time { return quartier.Day(a.now()) }

// Today is the current date (its clock may be fixed by Options.Now),
// for callers that build dated data such as the demo's events.
func (a *Service) Today() time.Time { return a.today() }
