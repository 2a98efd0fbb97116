package http

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/access"
)

// The account list (/admin/konten) on the Berlin demo with 60 more
// accounts (spaces, team and provider grants), beside its reads measured
// in the same run: the accounts with their grants (the list without
// names), the names it shows them with (GrantNames), and what it read for
// them before (GrantChoices: every provider).
//
//	go test ./internal/http -run '^$' -bench 'AccountList' -benchtime 200x

func benchAccounts(b *testing.B) (http.Handler, *http.Cookie, context.Context, *access.Service) {
	b.Helper()
	h, _, a := benchDemo(b)
	ctx := quartier.WithActor(context.Background(), quartier.Operator())
	spaces, err := a.Spatial.Spaces(ctx)
	if err != nil {
		b.Fatal(err)
	}
	choices, err := a.Access.GrantChoices(ctx)
	if err != nil || len(choices.Teams) == 0 || len(choices.Providers) == 0 {
		b.Fatalf("choices: %v", err)
	}
	for i := range 60 {
		scope := quartier.Scope{Kind: quartier.ScopeSpaces, Spaces: []quartier.SpaceCode{spaces[i%len(spaces)].Code, spaces[(i+7)%len(spaces)].Code}}
		role := quartier.RoleASD
		switch i % 3 {
		case 1:
			scope, role = quartier.Scope{Kind: quartier.ScopeTeam, Ref: choices.Teams[i%len(choices.Teams)].Code}, quartier.RoleASDLead
		case 2:
			scope, role = quartier.Scope{Kind: quartier.ScopeProvider, Ref: choices.Providers[i%len(choices.Providers)].Code}, quartier.RoleProviderStaff
		}
		if _, err := a.Access.CreateUser(ctx, access.CreateUserRequest{Login: fmt.Sprintf("konto-%02d", i), Name: fmt.Sprintf("Person %d", i),
			Password: testPassword, Role: role, Scope: scope}); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := a.Access.CreateUser(ctx, access.CreateUserRequest{Login: "verwaltung", Name: "Verwaltung", Password: testPassword, Role: quartier.RoleAdmin}); err != nil {
		b.Fatal(err)
	}
	form := url.Values{"login": {"verwaltung"}, "password": {testPassword}}
	req := httptest.NewRequest("POST", "/anmelden", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	for _, c := range w.Result().Cookies() {
		if c.Value != "" {
			return h, c, ctx, a.Access
		}
	}
	b.Fatalf("sign-in: %d", w.Code)
	return nil, nil, nil, nil
}

func BenchmarkAccountList(b *testing.B) {
	h, cookie, _, _ := benchAccounts(b)
	size := 0
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest("GET", "/admin/konten", nil)
		req.AddCookie(cookie)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != 200 || !strings.Contains(w.Body.String(), "konto-59") {
			b.Fatalf("/admin/konten: %d", w.Code)
		}
		size = w.Body.Len()
	}
	b.ReportMetric(float64(size), "page-bytes")
}

func BenchmarkAccountListUsers(b *testing.B) {
	_, _, ctx, acc := benchAccounts(b)
	b.ReportAllocs()
	for b.Loop() {
		if us, err := acc.Users(ctx); err != nil || len(us) < 60 {
			b.Fatal(err)
		}
	}
}

func BenchmarkAccountListNames(b *testing.B) {
	_, _, ctx, acc := benchAccounts(b)
	users, err := acc.Users(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := acc.GrantNames(ctx, users); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAccountListChoices is what the list read for its names before
// GrantNames: every provider and the assigned ones (the grant form's choices).
func BenchmarkAccountListChoices(b *testing.B) {
	_, _, ctx, acc := benchAccounts(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := acc.GrantChoices(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
