package access

import (
	"context"
	"fmt"
	"testing"

	"github.com/quartier/quartier"
)

// BenchmarkCreateUser prices a new account with a generated initial
// password: one argon2id hash and one transaction. Peer: the account's
// first sign-in, one argon2id verification (BenchmarkSignInPeer).
func BenchmarkCreateUser(b *testing.B) {
	a, _ := authApp(b)
	i := 0
	for b.Loop() {
		i++
		if _, err := a.CreateUser(opCtx(), CreateUserRequest{Login: fmt.Sprintf("konto-%d", i), Name: "Bench", Role: quartier.RolePlanner}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSignInPeer(b *testing.B) {
	a, _ := authApp(b)
	mkAccount(b, a, "anna", quartier.RolePlanner, quartier.Scope{Kind: quartier.ScopeAll})
	for b.Loop() {
		if _, err := a.SignIn(context.Background(), "anna", goodPassword, "bench"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkChangePassword prices the own change: the current password
// verified and the new one hashed (two argon2id), other sessions ended.
func BenchmarkChangePassword(b *testing.B) {
	a, _ := authApp(b)
	mkAccount(b, a, "anna", quartier.RolePlanner, quartier.Scope{Kind: quartier.ScopeAll})
	res, err := a.SignIn(context.Background(), "anna", goodPassword, "bench")
	if err != nil {
		b.Fatal(err)
	}
	actor, err := a.Authenticate(context.Background(), res.Token)
	if err != nil {
		b.Fatal(err)
	}
	ctx := quartier.WithActor(context.Background(), actor)
	pws := [2]string{goodPassword, "Lindenweg-Elterncafe-2025"}
	i := 0
	for b.Loop() {
		if err := a.ChangePassword(ctx, pws[i%2], pws[(i+1)%2]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
