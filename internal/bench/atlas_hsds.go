package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"strconv"
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
	fetch := func(path string, hdr ...string) (time.Duration, []byte, http.Header, error) {
		req, err := http.NewRequest("GET", base+path, nil)
		if err != nil {
			return 0, nil, nil, err
		}
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		t0 := time.Now()
		resp, err := c.Do(req)
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
		rep.line("  process heap in use / RSS "+what, fmt.Sprintf("%.0f MB / %.0f MB", float64(m.HeapInuse)/1e6, float64(rss(os.Getpid()))/1e6), "")
	}
	heap(fmt.Sprintf("after these %d answers (%d services)", len(paths)+2, p.Total))
	if !export || os.Getenv("QUARTIER_BENCH_HSDS_EXPORT") == "" {
		return nil
	}
	d, gz, _, err := fetch("/api/hsds/export.json", "Accept-Encoding", "gzip")
	if err != nil {
		return err
	}
	d2, _, _, err := fetch("/api/hsds/export.json", "Accept-Encoding", "gzip")
	if err != nil {
		return err
	}
	rep.line("HSDS /api/hsds/export.json (gzip) "+when, d.Round(time.Millisecond).String(), fmt.Sprintf("%.1f MB; again %s", float64(len(gz))/1e6, d2.Round(time.Millisecond)))
	heap("after export.json")
	// The plain file's length, unpacked on the way or kept as it is.
	req, _ := http.NewRequest("GET", base+"/api/hsds/export.json", nil)
	req.Header.Set("Accept-Encoding", "identity")
	t0 := time.Now()
	resp, err := c.Do(req)
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
	return nil
}
