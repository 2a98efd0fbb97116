package services

import (
	"context"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/access"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/testcity"
	"github.com/quartier/quartier/internal/testdb"
)

// argsFor makes arguments of a method's parameter types: ctx where a
// context is asked, the actor where an actor is, and otherwise values a
// caller could send (the space "west", the number 1, empty input).
func argsFor(m reflect.Type, ctx context.Context, now time.Time) []reflect.Value {
	var args []reflect.Value
	ctxType := reflect.TypeFor[context.Context]()
	for i := 1; i < m.NumIn(); i++ { // 0 is the receiver
		args = append(args, valueOf(m.In(i), ctx, ctxType, now))
	}
	return args
}

func valueOf(t reflect.Type, ctx context.Context, ctxType reflect.Type, now time.Time) reflect.Value {
	switch {
	case t == ctxType:
		return reflect.ValueOf(ctx)
	case t == reflect.TypeFor[*quartier.Actor]():
		return reflect.ValueOf(quartier.ActorFrom(ctx))
	case t == reflect.TypeFor[time.Time]():
		return reflect.ValueOf(now)
	case t == reflect.TypeFor[io.Reader]():
		return reflect.ValueOf(io.Reader(strings.NewReader("")))
	case t == reflect.TypeFor[io.Writer]():
		return reflect.ValueOf(io.Writer(io.Discard))
	}
	v := reflect.New(t).Elem()
	switch t.Kind() {
	case reflect.String:
		v.SetString("west")
	case reflect.Int, reflect.Int64, reflect.Int32:
		v.SetInt(1)
	case reflect.Pointer:
		v.Set(reflect.New(t.Elem()))
		if t.Elem().Kind() == reflect.Struct {
			fillReaders(v.Elem())
		}
	case reflect.Struct:
		fillReaders(v)
	case reflect.Func:
		v.Set(reflect.MakeFunc(t, func([]reflect.Value) []reflect.Value {
			out := make([]reflect.Value, t.NumOut())
			for i := range out {
				out[i] = reflect.Zero(t.Out(i))
			}
			return out
		}))
	}
	return v
}

// fillReaders gives a request's input fields an empty input: a nil
// reader is a caller's bug, not what a hostile caller can send.
func fillReaders(v reflect.Value) {
	for i := range v.NumField() {
		if f := v.Field(i); f.CanSet() && f.Type() == reflect.TypeFor[io.Reader]() {
			f.Set(reflect.ValueOf(io.Reader(strings.NewReader(""))))
		}
	}
}

// call runs method m of svc as ctx and names the outcome: "ok", the
// error's code, or "panic".
func call(svc any, m reflect.Method, ctx context.Context, now time.Time) (outcome string) {
	defer func() {
		if r := recover(); r != nil {
			outcome = fmt.Sprintf("panic: %v", r)
		}
	}()
	out := reflect.ValueOf(svc).Method(m.Index).Call(argsFor(m.Type, ctx, now))
	if len(out) == 0 {
		return "ok"
	}
	if err, ok := out[len(out)-1].Interface().(error); ok && err != nil {
		return quartier.ErrorCode(err)
	}
	return "ok"
}

// openToAll are the methods anyone may call, anonymous or with no grant
// in force: public data, a suggestion, and a person's own session.
var openToAll = map[string]bool{
	"access.Authenticate": true, "access.AuthenticateToken": true, "access.SignIn": true, "access.SignInExternal": true,
	"access.SignOut": true, "access.SignOutEverywhere": true, "access.OwnSessions": true, "access.OwnAPITokens": true,
	"access.OwnAccount": true, "access.ChangePassword": true, "access.StartTOTP": true, "access.ConfirmTOTP": true,
	"access.CreateAPIToken": true, "access.RevokeAPIToken": true, "access.VerifySecondFactor": true,
	"allocation.Release": true, "allocation.Releases": true,
	"atlas.GapAnalysis": true, "atlas.Guide": true, "atlas.Offer": true, "atlas.OriginFromAddress": true, "atlas.OriginFromPoint": true,
	"atlas.Place": true, "atlas.Published": true, "atlas.PublishedExport": true, "atlas.Search": true, "atlas.SearchMap": true,
	"atlas.Shown": true, "atlas.SubmitSuggestion": true, "atlas.Topics": true, "atlas.View": true,
	"budget.Notices": true, "budget.UnreadNotices": true, "budget.MarkNoticeRead": true,
	"monitoring.CommitteeReport": true, "monitoring.CommitteeReports": true, "monitoring.Indicators": true, "monitoring.Indices": true,
	"monitoring.Publication": true, "monitoring.Publications": true,
	"spatial.Area": true, "spatial.AreaLimits": true, "spatial.AreaList": true, "spatial.BulkLookup": true, "spatial.CheckLayer": true,
	"spatial.CompareVersions": true, "spatial.ExportAreas": true, "spatial.ExportBlockTable": true, "spatial.ExportGeoJSON": true,
	"spatial.LayerAreas": true, "spatial.Layers": true, "spatial.LookupAddress": true, "spatial.LookupPoint": true,
	"spatial.Spaces": true, "spatial.ToInstallation": true, "spatial.VersionAreas": true,
}

// refused are the answers that deny: "not found" hides what is outside
// a scope, as the README says.
var refused = map[string]bool{quartier.EFORBIDDEN: true, quartier.EUNAUTH: true, quartier.ENOTFOUND: true}

// TestEveryMethodDeniesByDefault walks every method of every service (as
// TestEveryMethodIsClassified knows them; "system" plumbing aside),
// called directly, not through HTTP, as the anonymous visitor, a person
// whose only grant has ended, one whose grant begins later, and one with
// no grant at all: whatever it is asked, a method not open to all
// (openToAll) refuses them, and a refusal of a signed-in person leaves its
// denial entry in the audit log. A locked account signs in to nothing and
// its session ends. A new method is walked as soon as it is classified,
// so one without a check fails here; one that is meant to be public must
// be added to openToAll, where a reviewer sees it. The people of another
// space (a provider, a planner, the ASD) must not panic on what they send,
// and may change nothing beyond their rights (their writes refused or
// failing on what they sent, except the few listed).
func TestEveryMethodDeniesByDefault(t *testing.T) {
	st, _ := testdb.Open(t)
	day := time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)
	clock := day.AddDate(0, -1, 0)
	set, err := Open(context.Background(), st, Options{SRID: quartier.UTM33N, Now: func() time.Time { return clock }, TOTPRoles: []quartier.Role{}})
	if err != nil {
		t.Fatal(err)
	}
	defer set.Close()
	op := testcity.Operator()
	const pw = "Sozialraum-Weimar-2024!"
	ended, later := day.AddDate(0, 0, -10), day.AddDate(0, 0, 10)
	for _, u := range []access.CreateUserRequest{
		{Login: "abgelaufen", Name: "Abgelaufen", Password: pw, Role: quartier.RoleAdmin, Scope: quartier.Scope{Kind: quartier.ScopeAll}, ValidTo: &ended},
		{Login: "kuenftig", Name: "Künftig", Password: pw, Role: quartier.RoleAdmin, Scope: quartier.Scope{Kind: quartier.ScopeAll}, ValidFrom: later},
		{Login: "gesperrt", Name: "Gesperrt", Password: pw, Role: quartier.RoleAdmin, Scope: quartier.Scope{Kind: quartier.ScopeAll}},
	} {
		if _, err := set.Access.CreateUser(op, u); err != nil {
			t.Fatal(err)
		}
	}
	clock = day
	signIn := func(login string, n int) (context.Context, string) {
		ctx := audit.WithRemote(context.Background(), fmt.Sprintf("192.0.2.%d", n))
		res, err := set.Access.SignIn(ctx, login, pw, "test")
		if err != nil {
			t.Fatalf("%s: %v", login, err)
		}
		a, err := set.Access.Authenticate(ctx, res.Token)
		if err != nil {
			t.Fatalf("%s: %v", login, err)
		}
		if len(a.Grants) != 0 && login != "gesperrt" {
			t.Errorf("%s holds grants not in force: %+v", login, a.Grants)
		}
		return quartier.WithActor(ctx, a), res.Token
	}
	expired, _ := signIn("abgelaufen", 1)
	future, _ := signIn("kuenftig", 2)
	_, lockedToken := signIn("gesperrt", 3)
	if err := set.Access.LockUser(op, "gesperrt"); err != nil {
		t.Fatal(err)
	}
	if a, err := set.Access.Authenticate(context.Background(), lockedToken); err == nil {
		t.Errorf("a locked account's session still acts: %+v", a)
	}
	if _, err := set.Access.SignIn(audit.WithRemote(context.Background(), "192.0.2.4"), "gesperrt", pw, "test"); err == nil {
		t.Error("a locked account signs in")
	}

	svcs := map[string]any{"audit": set.Audit, "access": set.Access, "spatial": set.Spatial, "atlas": set.Atlas,
		"monitoring": set.Monitoring, "budget": set.Budget, "allocation": set.Allocation}
	entries := func() int {
		t.Helper()
		if err := set.Audit.Flush(context.Background()); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := set.Store.View(context.Background(), func(tx quartier.Tx) error {
			es, err := tx.AuditEntries(context.Background(), quartier.AuditFilter{Limit: 1 << 20})
			n = len(es)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return n
	}
	denied := []struct {
		name     string
		ctx      context.Context
		signedIn bool
	}{
		{"anonym", context.Background(), false},
		{"Recht abgelaufen", expired, true},
		{"Recht beginnt später", future, true},
		{"ohne Recht", quartier.WithActor(context.Background(), &quartier.Actor{UserID: 9, Login: "ohne"}), true},
	}
	others := []struct {
		name string
		ctx  context.Context
		may  map[string]bool // writes that may succeed on what the walk sends
	}{
		{"Träger eines anderen Raums", testcity.Provider("htg", "ost"), map[string]bool{"atlas.ImportAtlas": true}},
		{"Planung eines anderen Raums", testcity.Role(quartier.RolePlanner, "ost"), map[string]bool{"atlas.ImportAtlas": true, "atlas.EraseSubmitters": true}},
		{"ASD eines anderen Raums", testcity.Role(quartier.RoleASD, "ost"), nil},
	}
	walked := 0
	for name, svc := range svcs {
		typ := reflect.TypeOf(svc)
		for i := range typ.NumMethod() {
			m := typ.Method(i)
			kind, ok := classes[name][m.Name]
			if !ok || kind == system {
				continue // TestEveryMethodIsClassified names it
			}
			walked++
			method := name + "." + m.Name
			for _, a := range denied {
				before := entries()
				got := call(svc, m, a.ctx, clock)
				switch {
				case strings.HasPrefix(got, "panic"):
					t.Errorf("%s as %s: %s", method, a.name, got)
				case openToAll[method]:
				case !refused[got]:
					t.Errorf("%s as %s: %s, want a refusal", method, a.name, got)
				case a.signedIn && got == quartier.EFORBIDDEN && entries() == before:
					t.Errorf("%s as %s: refused without a denial entry", method, a.name)
				}
			}
			for _, a := range others {
				got := call(svc, m, a.ctx, clock)
				if strings.HasPrefix(got, "panic") || (kind == writes && got == "ok" && !a.may[method]) {
					t.Errorf("%s as %s: %s", method, a.name, got)
				}
			}
		}
	}
	if walked < 150 {
		t.Fatalf("only %d methods walked", walked)
	}
}
