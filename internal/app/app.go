// Package app holds Quartier's use cases. Each one checks the actor's
// permission, validates, runs in one store transaction and, on success,
// refreshes the in-memory lookup index. Handlers and commands call these and
// never the store directly, so rules live in one place for CLI, web and API.
package app

import (
	"context"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/textde"
)

// App is the set of use cases over one store.
type App struct {
	store quartier.Store
	log   *slog.Logger
	now   func() time.Time
	srid  quartier.SRID

	// locator is swapped whole after each import so that lookups never see a
	// half-built index and never wait for a lock.
	locator   atomic.Pointer[Locator]
	rebuildMu sync.Mutex

	// atlas is the in-memory atlas (records, public view, search index),
	// swapped whole like the locator; atlasWrites counts this process's
	// committed atlas writes so that it sees its own at once.
	atlas       atomic.Pointer[atlasSnapshot]
	atlasMu     sync.Mutex
	atlasWrites atomic.Int64
	analyzer    *textde.Analyzer
	holidays    func(time.Time) bool
	state       string

	throttle throttle
	hashes   *hashGate
	// suggestLimit bounds visitors' suggestions per address.
	suggestLimit rateLimit
	// publicChecks bounds the area checks of the public limits at once.
	publicChecks gate
	totpRoles    []quartier.Role
	readAudit    ReadAudit
	audits       auditQueue
	tally        tally
}

// Options configure an App.
type Options struct {
	// SRID is the projected CRS the installation stores geometry in. It is
	// fixed at the first start and recorded in the database; a later start
	// with a different value is refused rather than mixing coordinates.
	SRID   quartier.SRID
	Logger *slog.Logger
	Now    func() time.Time
	// TOTPRoles must sign in with a second factor; nil takes
	// DefaultTOTPRoles, an empty slice requires it of nobody (demo).
	TOTPRoles []quartier.Role
	// ReadAudit: see the constants; the zero value queues entries.
	ReadAudit ReadAudit
	// State is the German state (ISO 3166-2:DE code, "BE", "TH") whose
	// public holidays close offers; default Berlin.
	State string
}

const settingSRID = "srid"

// New opens the use cases over store and builds the lookup index.
func New(ctx context.Context, store quartier.Store, opt Options) (*App, error) {
	a := &App{store: store, log: opt.Logger, now: opt.Now, srid: opt.SRID, totpRoles: opt.TOTPRoles, readAudit: opt.ReadAudit, analyzer: textde.NewAnalyzer(), hashes: processHashGate}
	if opt.State == "" {
		opt.State = "BE"
	}
	a.state = opt.State
	a.holidays = quartier.Holidays(opt.State)
	if a.totpRoles == nil {
		a.totpRoles = DefaultTOTPRoles
	}
	if a.log == nil {
		a.log = slog.Default()
	}
	if a.now == nil {
		a.now = time.Now
	}
	a.audits.ch = make(chan auditRequest, 4*auditBatchMax)
	a.audits.stopped = make(chan struct{})
	go a.auditWriter()
	if err := a.fixSRID(ctx); err != nil {
		a.Close()
		return nil, err
	}
	if err := a.Rebuild(ctx); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

func (a *App) fixSRID(ctx context.Context) error {
	return a.store.Update(ctx, func(tx quartier.Tx) error {
		stored, err := tx.Setting(ctx, settingSRID)
		if err != nil {
			return err
		}
		if stored == "" {
			if a.srid == quartier.NoSRID {
				a.srid = quartier.UTM33N
			}
			if !a.srid.Projected() {
				return quartier.Errorf(quartier.EINVALID, "Das Koordinatensystem der Installation muss EPSG:25832 oder EPSG:25833 sein, nicht %s.", a.srid)
			}
			return tx.SetSetting(ctx, settingSRID, strconv.Itoa(int(a.srid)))
		}
		n, err := strconv.Atoi(stored)
		if err != nil {
			return quartier.WrapError(quartier.EINTERNAL, err, "Gespeichertes Koordinatensystem ist unlesbar.")
		}
		if a.srid != quartier.NoSRID && quartier.SRID(n) != a.srid {
			return quartier.Errorf(quartier.EINVALID, "Die Datenbank speichert in %s, verlangt wurde %s; eine Umstellung ist nicht vorgesehen.", quartier.SRID(n), a.srid)
		}
		a.srid = quartier.SRID(n)
		return nil
	})
}

// State is the installation's Land ("BE", "TH").
func (a *App) State() string { return a.state }

// SRID is the installation's projected CRS.
func (a *App) SRID() quartier.SRID { return a.srid }

// Store gives tests and the bench command direct access to the store.
func (a *App) Store() quartier.Store { return a.store }

// today is the current date at midnight UTC, the unit of all validity periods.
func (a *App) today() time.Time { return quartier.Day(a.now()) }

// Today is the app's current date (its clock may be fixed by Options.Now),
// for callers that build dated data such as the demo's events.
func (a *App) Today() time.Time { return a.today() }

// ParseDate parses an ISO date ("2021-01-01") or a German one ("01.01.2021").
func ParseDate(s string) (time.Time, error) {
	for _, layout := range []string{quartier.DateLayout, "02.01.2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, quartier.Errorf(quartier.EINVALID, "Datum %q ist weder JJJJ-MM-TT noch TT.MM.JJJJ.", s)
}

// Progress receives the advance of long work (imports, exports). The command
// line draws a bar on a terminal and logs lines otherwise.
type Progress interface {
	Start(what string, total int)
	Add(n int)
	Done()
}

type noProgress struct{}

func (noProgress) Start(string, int) {}
func (noProgress) Add(int)           {}
func (noProgress) Done()             {}

func progressOr(p Progress) Progress {
	if p == nil {
		return noProgress{}
	}
	return p
}
