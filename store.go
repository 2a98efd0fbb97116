package quartier

import (
	"context"
	"fmt"
	"reflect"
)

// Store is the persistence of Quartier, implemented once per engine
// (internal/sqlite, internal/postgres) and proven equal by internal/storetest.
// A store persists only: permission checks, validation and audit decisions are
// made by the caller (the contexts), so the engines cannot drift in behaviour.
type Store interface {
	// Update runs fn in one read-write transaction. It commits when fn returns
	// nil and rolls back otherwise, so a failed or interrupted import leaves
	// nothing behind.
	Update(ctx context.Context, fn func(tx Tx) error) error
	// View runs fn in a read-only transaction (one consistent snapshot).
	View(ctx context.Context, fn func(tx Tx) error) error
	// Engine names the engine ("sqlite" or "postgres") for logs and bench.
	Engine() string
	Close() error
}

// Tx is the set of store operations available inside a transaction: one
// interface per context, each declared next to the types it stores, so that
// a use case can ask for the narrowest part it needs (see StoreOf) while
// the engines implement the whole. Methods return *Error with ENOTFOUND
// when a looked-up record does not exist and ECONFLICT when a unique code
// is taken.
type Tx interface {
	SettingsTx   // store.go: installation-wide settings
	LayerTx      // layer.go: layers, versions, areas
	SpaceTx      // space.go: providers, alliances, assignments, teams, rooms, leadership
	StreetTx     // street.go: the street directory
	PopulationTx // population.go: residents per block
	AtlasTx      // offer.go: topics, places, offers
	SuggestionTx // suggestion.go: the review queue
	ChangeTx     // change.go: the history of atlas entries
	AccountTx    // account.go: users, grants, sessions
	APITokenTx   // apitoken.go: API tokens for programs
	AuditTx      // audit.go: the audit log
	MonitoringTx // indicator.go: indicators, their values, index definitions
	BudgetTx     // budget.go: space budgets, their lines and the ledger
	ProjectTx    // project.go: projects, staff hours, team targets
	FinanceTx    // finance.go: the mapping and bulk import of finance bookings
	AllocationTx // allocation.go: saved allocation proposals
	NoticeTx     // notice.go: notices to accounts, thresholds crossed
}

// SettingsTx stores installation-wide key/value pairs (e.g. "srid", the
// atlas generation).
type SettingsTx interface {
	Setting(ctx context.Context, key string) (string, error) // "" when unset
	SetSetting(ctx context.Context, key, value string) error
}

// StoreOf is a Store seen through T, one part of Tx: a context's interface
// (AuditTx) or an interface embedding several. A service that holds a
// StoreOf[AuditTx] states in its type what it touches, and its test double
// implements only that part.
type StoreOf[T any] interface {
	Update(ctx context.Context, fn func(tx T) error) error
	View(ctx context.Context, fn func(tx T) error) error
}

// Narrow returns s seen through T. Go cannot constrain T to "an interface
// Tx implements", so Narrow checks it and panics otherwise: a wrong T then
// fails where the services are wired, at start, not in a transaction.
func Narrow[T any](s Store) StoreOf[T] {
	if t := reflect.TypeFor[T](); t.Kind() != reflect.Interface || !reflect.TypeFor[Tx]().Implements(t) {
		panic(fmt.Sprintf("quartier.Narrow: %v is not a part of quartier.Tx", t))
	}
	return narrowed[T]{s}
}

type narrowed[T any] struct{ s Store }

func (n narrowed[T]) Update(ctx context.Context, fn func(T) error) error {
	return n.s.Update(ctx, func(tx Tx) error { return fn(tx.(T)) })
}

func (n narrowed[T]) View(ctx context.Context, fn func(T) error) error {
	return n.s.View(ctx, func(tx Tx) error { return fn(tx.(T)) })
}
