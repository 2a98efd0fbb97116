package postgres_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/postgres"
	"github.com/quartier/quartier/internal/storetest"
)

func open(t testing.TB) *postgres.DB {
	s, err := postgres.Open(context.Background(), storetest.PostgresDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestContract(t *testing.T) {
	storetest.SkipWithoutPostgres(t)
	storetest.Run(t, func(t *testing.T) quartier.Store { return open(t) })
}

// Opening a migrated database again must not fail on the applied migration.
func TestReopen(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	for i := 0; i < 2; i++ {
		s, err := postgres.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
	}
}

// HasPostGIS only probes: the database has no extension afterwards.
func TestHasPostGIS(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	t.Logf("PostGIS available: %v", postgres.HasPostGIS(ctx, s.SQL()))
	var n int
	if err := s.SQL().QueryRowContext(ctx, "SELECT count(*) FROM pg_extension WHERE extname = 'postgis'").Scan(&n); err != nil || n != 0 {
		t.Fatalf("probe left the extension installed: %d %v", n, err)
	}
}

func TestBadDSN(t *testing.T) {
	if _, err := postgres.Open(context.Background(), "postgres://nobody@127.0.0.1:1/x?sslmode=disable&connect_timeout=2"); err == nil {
		t.Fatal("unreachable server accepted")
	}
}

func BenchmarkAreas(b *testing.B) {
	storetest.BenchAreas(b, open(b))
}

// A large append (a finance import) renews the ledger's statistics in its
// transaction: without them the planner reads the dashboard by a plan made
// for the ledger before (84 ms instead of 4 ms on a million entries) until
// autovacuum comes by.
func TestLargeAppendAnalyses(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	b := quartier.Budget{BudgetKey: quartier.BudgetKey{Space: "west", Year: 2025}, CreatedAt: time.Now(),
		Lines: []quartier.Line{{Code: "case", Type: "case", Label: "Fallarbeit", Funding: quartier.FundingActualCost}}}
	tuples := func() float64 {
		var n float64
		if err := s.SQL().QueryRowContext(ctx, "SELECT reltuples FROM pg_class WHERE relname = 'budget_entries'").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if err := s.Update(ctx, func(tx quartier.Tx) error {
		if err := tx.CreateBudget(ctx, &b); err != nil {
			return err
		}
		es := make([]quartier.Entry, 12_000)
		for i := range es {
			es[i] = quartier.Entry{LineID: b.Lines[0].ID, Kind: quartier.EntryBooked, Amount: 100, On: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC),
				Ref: fmt.Sprintf("fin:%d", i), Why: "Import", Login: "t", At: time.Now()}
		}
		return tx.AppendEntries(ctx, es)
	}); err != nil {
		t.Fatal(err)
	}
	if n := tuples(); n < 12_000 {
		t.Errorf("the ledger's statistics count %.0f rows after appending 12,000", n)
	}
}
