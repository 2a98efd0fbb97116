package bench

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/access"
	qhttp "github.com/quartier/quartier/internal/http"
	"github.com/quartier/quartier/internal/password"
	"github.com/quartier/quartier/internal/services"
	"github.com/quartier/quartier/internal/sqlite"
)

// signInFigures floods the sign-in handler with wrong passwords from 8 and
// from 80 clients for d each and reads the process's peak RSS: every
// request has a login and an address of its own, so no throttle applies
// and each needs an argon2id computation (the unknown-login dummy hash);
// what bounds the memory is the hash gate alone. Requests go straight to
// the handler (a TCP client could not vary its address).
func signInFigures(ctx context.Context, rep *report, dir string, d time.Duration) error {
	st, err := sqlite.Open(ctx, filepath.Join(dir, "signin.db"))
	if err != nil {
		return err
	}
	defer st.Close()
	a, err := services.Open(ctx, st, services.Options{SRID: quartier.UTM33N, TOTPRoles: []quartier.Role{}})
	if err != nil {
		return err
	}
	defer a.Close()
	srv, err := qhttp.New(a, qhttp.Options{})
	if err != nil {
		return err
	}
	h := srv.Handler()
	var seq atomic.Int64
	post := func() int { // the status
		n := seq.Add(1)
		form := url.Values{"login": {"gast-" + strconv.FormatInt(n, 10)}, "password": {"falsch-falsch-falsch"}}
		req := httptest.NewRequest("POST", "/anmelden", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.RemoteAddr = fmt.Sprintf("10.%d.%d.%d:40000", n>>16&255, n>>8&255, n&255)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		return w.Code
	}
	if code := post(); code != http.StatusUnauthorized {
		return fmt.Errorf("a wrong sign-in answered %d", code)
	}
	ceiling := fmt.Sprintf("argon2id ≤ %d × %d MiB, GC may double", access.HashSlots, password.DefaultParams().Memory>>10)
	for _, clients := range []int{8, 80} {
		base, peak := measurePeakRSS(func() {
			var wg sync.WaitGroup
			deadline := time.Now().Add(d)
			counts := make([]map[int]int, clients)
			checked := make([][]time.Duration, clients) // how long a checked answer took
			start := time.Now()
			for c := range clients {
				counts[c] = map[int]int{}
				wg.Add(1)
				go func() {
					defer wg.Done()
					for time.Now().Before(deadline) && ctx.Err() == nil {
						t0 := time.Now()
						code := post()
						counts[c][code]++
						if code == http.StatusUnauthorized {
							checked[c] = append(checked[c], time.Since(t0))
						}
					}
				}()
			}
			wg.Wait()
			secs := time.Since(start).Seconds()
			total := map[int]int{}
			for _, m := range counts {
				for code, n := range m {
					total[code] += n
				}
			}
			lat := slices.Concat(checked...)
			slices.Sort(lat)
			p50 := time.Duration(0)
			if len(lat) > 0 {
				p50 = lat[len(lat)/2]
			}
			label := fmt.Sprintf("wrong sign-ins, %d clients: ", clients)
			rep.line(label+"passwords checked", fmt.Sprintf("%.1f/s, p50 %.1f s", float64(total[http.StatusUnauthorized])/secs, p50.Seconds()), "")
			rep.line(label+"answered 429 (try again)", fmt.Sprintf("%.0f/s", float64(total[http.StatusTooManyRequests])/secs), "")
			if other := sumExcept(total, http.StatusUnauthorized, http.StatusTooManyRequests); other > 0 {
				rep.line(label+"other answers", strconv.Itoa(other), "expected none")
			}
		})
		rep.line(fmt.Sprintf("wrong sign-ins, %d clients: peak RSS", clients), fmt.Sprintf("%.0f MB (+%.0f)", float64(peak)/1e6, float64(peak-base)/1e6), ceiling)
	}
	return nil
}

func sumExcept(m map[int]int, skip ...int) int {
	n := 0
	for k, v := range m {
		if !slices.Contains(skip, k) {
			n += v
		}
	}
	return n
}

// measurePeakRSS runs fn and returns this process's RSS before it (after
// a collection that hands freed memory back) and the peak during it: the
// kernel's high-water mark, reset first, or where that is not allowed the
// highest of samples every 5 ms.
func measurePeakRSS(fn func()) (base, peak int64) {
	runtime.GC()
	debug.FreeOSMemory()
	self := os.Getpid()
	base = rss(self)
	hwmReset := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
	var sampled atomic.Int64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			if r := rss(self); r > sampled.Load() {
				sampled.Store(r)
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	fn()
	close(stop)
	<-done
	peak = sampled.Load()
	if hwmReset {
		peak = max(peak, procStatus(self, "VmHWM:"))
	}
	return base, peak
}
