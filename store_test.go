package quartier

import (
	"context"
	"errors"
	"testing"
)

type fakeTx struct {
	Tx
	name string
}

// fakeStore hands its transaction to fn and records which kind was run.
type fakeStore struct {
	Store
	tx  *fakeTx
	ran []string
}

func (s *fakeStore) Update(ctx context.Context, fn func(Tx) error) error {
	s.ran = append(s.ran, "update")
	return fn(s.tx)
}

func (s *fakeStore) View(ctx context.Context, fn func(Tx) error) error {
	s.ran = append(s.ran, "view")
	return fn(s.tx)
}

func TestNarrow(t *testing.T) {
	s := &fakeStore{tx: &fakeTx{name: "tx"}}
	audit := Narrow[AuditTx](s)
	stop := errors.New("stop")
	var seen []AuditTx
	keep := func(tx AuditTx) error { seen = append(seen, tx); return stop }
	if err := audit.Update(context.Background(), keep); err != stop {
		t.Errorf("Update: %v, want fn's error", err)
	}
	if err := audit.View(context.Background(), keep); err != stop {
		t.Errorf("View: %v, want fn's error", err)
	}
	if len(seen) != 2 || seen[0].(*fakeTx) != s.tx || seen[1].(*fakeTx) != s.tx || len(s.ran) != 2 || s.ran[0] != "update" || s.ran[1] != "view" {
		t.Errorf("got %v after %v, want the store's own transaction from update then view", seen, s.ran)
	}
	// A combination of parts is a part too.
	Narrow[interface {
		AtlasTx
		ProviderTx
	}](s)

	for name, narrow := range map[string]func(){
		"not an interface":  func() { Narrow[int](s) },
		"not a part of Tx":  func() { Narrow[interface{ Delete() }](s) },
		"pointer to a part": func() { Narrow[*AuditTx](s) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: Narrow did not panic", name)
				}
			}()
			narrow()
		}()
	}
}
