package services

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/testdb"
)

// countingStore counts write transactions.
type countingStore struct {
	quartier.Store
	updates atomic.Int64
}

func (s *countingStore) Update(ctx context.Context, fn func(quartier.Tx) error) error {
	s.updates.Add(1)
	return s.Store.Update(ctx, fn)
}

// TestOpeningWritesNothing: only the first start of an installation writes
// (it fixes the CRS); every later start – the read-only commands lookup,
// export and check among them – opens no write transaction, so it neither
// waits for nor blocks a running import.
func TestOpeningWritesNothing(t *testing.T) {
	st, _ := testdb.Open(t)
	cs := &countingStore{Store: st}
	ctx := context.Background()
	first, err := Open(ctx, cs, Options{SRID: quartier.UTM33N})
	if err != nil {
		t.Fatal(err)
	}
	first.Close()
	if cs.updates.Load() == 0 {
		t.Fatal("the first start wrote nothing: the CRS is not fixed")
	}
	cs.updates.Store(0)
	again, err := Open(ctx, cs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if n := cs.updates.Load(); n != 0 {
		t.Fatalf("a later start opened %d write transactions", n)
	}
	if again.Spatial.SRID() != quartier.UTM33N {
		t.Fatalf("the stored CRS was not taken: %s", again.Spatial.SRID())
	}
}
