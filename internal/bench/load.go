package bench

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// loadResult is what a bounded load run measured.
type loadResult struct {
	Requests int
	Errors   int
	Rate     float64 // requests/s
	P50, P99 time.Duration
	Bytes    int64
}

// load sends GET requests for paths (cycled) to base from clients
// concurrent keep-alive connections for d, over real TCP: the server and
// this load generator share the machine, which makes the figure a lower
// bound. A response other than 200 or a transport error counts as error.
func load(ctx context.Context, base string, paths []string, clients int, d time.Duration) loadResult {
	return loadWith(ctx, base, paths, clients, d, loadOptions{})
}

// loadOptions change what load sends and waits for.
type loadOptions struct {
	Timeout time.Duration // of one request; default 10 s
	Header  http.Header   // sent with every request
}

// loadWith is load with options.
func loadWith(ctx context.Context, base string, paths []string, clients int, d time.Duration, opt loadOptions) loadResult {
	tr := &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients, DisableCompression: true,
		DialContext: (&net.Dialer{Timeout: 5 * time.Second}).DialContext}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: cmp.Or(opt.Timeout, 10*time.Second)}
	deadline := time.Now().Add(d)
	var errs atomic.Int64
	var bytes atomic.Int64
	lat := make([][]time.Duration, clients)
	var next atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) && ctx.Err() == nil {
				p := paths[int(next.Add(1))%len(paths)]
				t0 := time.Now()
				req, err := http.NewRequestWithContext(ctx, "GET", base+p, nil)
				if err != nil {
					errs.Add(1)
					continue
				}
				maps.Copy(req.Header, opt.Header)
				resp, err := client.Do(req)
				if err != nil {
					errs.Add(1)
					continue
				}
				n, _ := io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				bytes.Add(n)
				if resp.StatusCode != http.StatusOK {
					errs.Add(1)
				}
				lat[c] = append(lat[c], time.Since(t0))
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	var all []time.Duration
	for _, l := range lat {
		all = append(all, l...)
	}
	slices.Sort(all)
	r := loadResult{Requests: len(all), Errors: int(errs.Load()), Bytes: bytes.Load()}
	if len(all) > 0 {
		r.Rate = float64(len(all)) / elapsed.Seconds()
		r.P50, r.P99 = all[len(all)/2], all[len(all)*99/100]
	}
	return r
}

func (r loadResult) String() string {
	return fmt.Sprintf("%.0f req/s, p50 %s, p99 %s, %d errors", r.Rate, r.P50.Round(10*time.Microsecond), r.P99.Round(10*time.Microsecond), r.Errors)
}

// percentiles returns p50 and p99 of ds (sorted in place).
func percentiles(ds []time.Duration) (time.Duration, time.Duration) {
	if len(ds) == 0 {
		return 0, 0
	}
	slices.Sort(ds)
	return ds[len(ds)/2], ds[len(ds)*99/100]
}
