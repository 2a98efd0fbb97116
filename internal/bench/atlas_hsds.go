package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"time"
)

// hsdsPaths are the answers atlasHSDS times after the first page: one of
// each kind of list and item, and a search.
var hsdsPaths = []string{"/api/hsds/services?page=2", "/api/hsds/services?full=true&per_page=50", "/api/hsds/services?search=Beratung",
	"/api/hsds/locations?page=1", "/api/hsds/service_at_locations?page=1", "/api/hsds/organizations?page=1"}

// atlasHSDS times the HSDS API of the server at base on the snapshot as it
// stands (just built, or patched after edits): the first page of services,
// the same page again, the first service by id and a few more lists; then
// the process's heap in use and RSS. With export and
// QUARTIER_BENCH_HSDS_EXPORT set, export.json too (gzip accepted: the
// bytes a build keeps), which takes minutes at 100,000 offers.
func atlasHSDS(rep *report, base, when string, export bool) error {
	c := &http.Client{Timeout: 10 * time.Minute}
	get := func(path string, hdr ...string) (*http.Response, error) {
		req, err := http.NewRequest("GET", base+path, nil)
		if err != nil {
			return nil, err
		}
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		return c.Do(req)
	}
	fetch := func(path string, hdr ...string) (time.Duration, []byte, http.Header, error) {
		t0 := time.Now()
		resp, err := get(path, hdr...)
		if err != nil {
			return 0, nil, nil, err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		d := time.Since(t0)
		if err == nil && resp.StatusCode != 200 {
			err = fmt.Errorf("%s: %d %.200s", path, resp.StatusCode, b)
		}
		return d, b, resp.Header, err
	}
	first, body, _, err := fetch("/api/hsds/services?page=1")
	if err != nil {
		return err
	}
	again, _, _, err := fetch("/api/hsds/services?page=1")
	if err != nil {
		return err
	}
	rep.line("HSDS first /api/hsds/services?page=1 "+when, first.Round(time.Microsecond).String(), fmt.Sprintf("again %s", again.Round(time.Microsecond)))
	var p struct {
		Total    int `json:"total_items"`
		Contents []struct {
			ID string `json:"id"`
		} `json:"contents"`
	}
	if err := json.Unmarshal(body, &p); err != nil || len(p.Contents) == 0 {
		return fmt.Errorf("services page: %v", err)
	}
	paths := append([]string{"/api/hsds/services/" + p.Contents[0].ID}, hsdsPaths...)
	for _, path := range paths {
		d, _, _, err := fetch(path)
		if err != nil {
			return err
		}
		rep.line("  "+path, d.Round(time.Microsecond).String(), "")
	}
	heap := func(what string) {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		rep.line("  process heap in use (objects) / RSS "+what, heapRSS(&m), "")
	}
	// What the answers left in the heap, beside the snapshot's profile.
	if err := heapProfile("hsds-" + strings.Fields(when)[2]); err != nil {
		return err
	}
	heap(fmt.Sprintf("after these %d answers (%d services)", len(paths)+2, p.Total))
	if !export || os.Getenv("QUARTIER_BENCH_HSDS_EXPORT") == "" {
		return nil
	}
	// The files are counted, not kept: the client's copy would be in
	// this process's heap too.
	fetchSize := func(path string, hdr ...string) (time.Duration, int64, error) {
		t0 := time.Now()
		resp, err := get(path, hdr...)
		if err != nil {
			return 0, 0, err
		}
		defer resp.Body.Close()
		if resp.StatusCode != 200 {
			return 0, 0, fmt.Errorf("%s: %d", path, resp.StatusCode)
		}
		n, err := io.Copy(io.Discard, resp.Body)
		return time.Since(t0), n, err
	}
	peak := heapPeak()
	d, gz, err := fetchSize("/api/hsds/export.json", "Accept-Encoding", "gzip")
	if err != nil {
		return err
	}
	start, top := peak()
	rep.line("  live heap before → peak while export.json was written", fmt.Sprintf("%.0f → %.0f MB", float64(start)/1e6, float64(top)/1e6), "")
	d2, _, err := fetchSize("/api/hsds/export.json", "Accept-Encoding", "gzip")
	if err != nil {
		return err
	}
	rep.line("HSDS /api/hsds/export.json (gzip) "+when, d.Round(time.Millisecond).String(), fmt.Sprintf("%.1f MB; again %s", float64(gz)/1e6, d2.Round(time.Millisecond)))
	heap("after export.json")
	// The plain file's length, unpacked on the way or kept as it is.
	t0 := time.Now()
	resp, err := get("/api/hsds/export.json", "Accept-Encoding", "identity")
	if err != nil {
		return err
	}
	n, err := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err != nil {
		return err
	}
	rep.line("  export.json plain", time.Since(t0).Round(time.Millisecond).String(), fmt.Sprintf("%.1f MB (Content-Length %s)", float64(n)/1e6, strconv.Quote(resp.Header.Get("Content-Length"))))
	heap("after the plain export.json")
	for _, file := range []string{"export.zip", "taxonomy_terms"} {
		peak := heapPeak()
		d, n, err := fetchSize("/api/hsds/" + file)
		if err != nil {
			return err
		}
		start, top := peak()
		d2, _, err := fetchSize("/api/hsds/" + file)
		if err != nil {
			return err
		}
		rep.line("HSDS /api/hsds/"+file+" "+when, d.Round(time.Millisecond).String(),
			fmt.Sprintf("%.1f MB; again %s; live heap %.0f → peak %.0f MB", float64(n)/1e6, d2.Round(time.Millisecond), float64(start)/1e6, float64(top)/1e6))
	}
	heap("after export.zip and the terms")
	return nil
}

// heapPeak collects garbage and then samples the live heap (as of the
// last collection, so without the garbage a collection would free) every
// 20 ms until the function it returns is called, which gives the live
// heap at the start and the largest sample.
func heapPeak() func() (start, top uint64) {
	runtime.GC()
	stop, done := make(chan struct{}), make(chan [2]uint64)
	go func() {
		var first, top uint64
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			v := sample[0].Value.Uint64()
			if first == 0 {
				first = v
			}
			top = max(top, v)
			select {
			case <-stop:
				done <- [2]uint64{first, top}
				return
			case <-t.C:
			}
		}
	}()
	return func() (uint64, uint64) { close(stop); r := <-done; return r[0], r[1] }
}
