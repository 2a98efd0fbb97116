package postgres_test

import (
	"context"
	"testing"

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
