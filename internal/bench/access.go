package bench

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/access"
	"github.com/quartier/quartier/internal/audit"
	qhttp "github.com/quartier/quartier/internal/http"
	"github.com/quartier/quartier/internal/password"
	"github.com/quartier/quartier/internal/postgres"
	"github.com/quartier/quartier/internal/services"
	"github.com/quartier/quartier/internal/sqlite"
)

// accessFigures prices sign-in and audit: one argon2id verification, and a
// protected page (the account list, whose every read is audited) served
// with and without its audit write, in the same run on the same database.
func accessFigures(ctx context.Context, rep *report, dir, pgDSN string, requests int) error {
	h, err := password.Hash("Sozialraum-Weimar-2024!", password.DefaultParams())
	if err != nil {
		return err
	}
	const n = 10
	start := time.Now()
	for range n {
		password.Verify("Sozialraum-Weimar-2024!", h)
	}
	p := password.DefaultParams()
	rep.line(fmt.Sprintf("argon2id verify (m=%d MiB, t=%d, p=%d)", p.Memory>>10, p.Time, p.Threads), (time.Since(start) / n).Round(time.Millisecond).String(), "target 50–250 ms")

	st, err := sqlite.Open(ctx, filepath.Join(dir, "access.db"))
	if err != nil {
		return err
	}
	defer st.Close()
	if err := auditRatio(ctx, rep, "SQLite", st, requests); err != nil {
		return err
	}
	if pgDSN == "" {
		return nil
	}
	dsn, drop, err := freshDatabase(ctx, pgDSN)
	if err != nil {
		return err
	}
	defer drop()
	pg, err := postgres.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer pg.Close()
	return auditRatio(ctx, rep, "PostgreSQL", pg, requests)
}

// auditRatio serves the audited account list on one store without its
// audit write, with the entry queued (the default) and with the reader
// waiting for the commit, at two levels of concurrency: entries of
// concurrent reads share a commit, so the price depends on the load.
func auditRatio(ctx context.Context, rep *report, engine string, st quartier.Store, requests int) error {
	modes := []audit.ReadMode{audit.ReadsOff, audit.ReadsQueued, audit.ReadsCommitted}
	handlers := map[audit.ReadMode]http.Handler{}
	cookies := map[audit.ReadMode]*http.Cookie{}
	for i, mode := range modes {
		a, err := services.Open(ctx, st, services.Options{SRID: quartier.UTM33N, TOTPRoles: []quartier.Role{}, Reads: mode})
		if err != nil {
			return err
		}
		defer a.Close()
		if i == 0 {
			op := quartier.WithActor(ctx, quartier.Operator())
			if _, err := a.Access.CreateUser(op, access.CreateUserRequest{Login: "admin", Name: "Bench Admin", Password: "Sozialraum-Weimar-2024!", Role: quartier.RoleAdmin}); err != nil {
				return err
			}
		}
		srv, err := qhttp.New(a, qhttp.Options{})
		if err != nil {
			return err
		}
		handlers[mode] = srv.Handler()
		if cookies[mode], err = signInCookie(handlers[mode]); err != nil {
			return err
		}
	}
	for _, workers := range []int{8, 32} {
		rates := map[audit.ReadMode]float64{}
		for _, mode := range modes {
			h, cookie := handlers[mode], cookies[mode]
			get := func() int {
				req := httptest.NewRequest("GET", "/admin/konten", nil)
				req.AddCookie(cookie)
				w := httptest.NewRecorder()
				h.ServeHTTP(w, req)
				return w.Code
			}
			if code := get(); code != http.StatusOK {
				return fmt.Errorf("protected page answered %d", code)
			}
			start := time.Now()
			var wg sync.WaitGroup
			for range workers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for range requests / workers {
						get()
					}
				}()
			}
			wg.Wait()
			rates[mode] = float64(requests/workers*workers) / time.Since(start).Seconds()
		}
		label := fmt.Sprintf("%s, %d clients: ", engine, workers)
		off := rates[audit.ReadsOff]
		rep.line(label+"audited page without audit", fmt.Sprintf("%.0f req/s", off), "")
		rep.line(label+"entry queued (default)", fmt.Sprintf("%.0f req/s = %.2f", rates[audit.ReadsQueued], rates[audit.ReadsQueued]/off), "target ≥ 0.8")
		rep.line(label+"reader waits for commit", fmt.Sprintf("%.0f req/s = %.2f", rates[audit.ReadsCommitted], rates[audit.ReadsCommitted]/off), "")
	}
	return nil
}

func signInCookie(h http.Handler) (*http.Cookie, error) {
	form := url.Values{"login": {"admin"}, "password": {"Sozialraum-Weimar-2024!"}}
	req := httptest.NewRequest("POST", "/anmelden", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	for _, c := range w.Result().Cookies() {
		if c.Value != "" {
			return c, nil
		}
	}
	return nil, fmt.Errorf("sign-in for the bench failed: %d", w.Code)
}
