package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"

	"github.com/quartier/quartier/internal/services"
)

// hsdsClients is the concurrency of the HSDS load: the security review
// took the server to 5 GiB with 32 concurrent export.json.
const hsdsClients = 32

// hsdsTimeout bounds one HSDS request of the load; a build that encodes
// the atlas per request needs tens of seconds per answer under this load,
// and its latency is a figure, not an error.
const hsdsTimeout = 5 * time.Minute

// hsdsResult is one HSDS scenario under load: the figures and the server's
// peak and final resident set size.
type hsdsResult struct {
	name      string
	load      loadResult
	peak, rss int64
}

// hsdsScenario is one HSDS load: paths cycled by the clients, with the
// request headers of the scenario.
type hsdsScenario struct {
	name   string
	header http.Header
	// paths of the scenario on a server; ids are the first services'.
	paths func(ids []string) []string
}

var hsdsScenarios = []hsdsScenario{
	{name: "GET /api/hsds/export.json", paths: func([]string) []string { return []string{"/api/hsds/export.json"} }},
	{name: "GET /api/hsds/export.json, Accept-Encoding: gzip", header: http.Header{"Accept-Encoding": {"gzip"}},
		paths: func([]string) []string { return []string{"/api/hsds/export.json"} }},
	{name: "GET /api/hsds/services/{id}", paths: func(ids []string) []string {
		var out []string
		for _, id := range ids {
			out = append(out, "/api/hsds/services/"+id)
		}
		return out
	}},
}

// hsdsFigures puts the HSDS API of the demo atlas under concurrent load:
// hsdsClients keep-alive clients on /api/hsds/export.json (plain and
// gzip-accepting), then on /api/hsds/services/{id} over the first 500
// services, each for d. With exe every scenario gets a fresh `serve`
// process on the bench database, so that its peak RSS is the server's
// alone, for this scenario alone; with peer (another build, e.g. of main)
// the same runs on the peer and the ratios follow. Without exe the server
// runs in this process on a (its peak then includes the bench's own heap).
func hsdsFigures(ctx context.Context, rep *report, a *services.Set, exe, peer, dbPath string, d time.Duration) error {
	if exe == "" {
		base, stop, err := serveInProcess(a)
		if err != nil {
			return err
		}
		defer stop()
		for _, sc := range hsdsScenarios {
			var r hsdsResult
			var err error
			_, peak := measurePeakRSS(func() { r, err = hsdsLoad(ctx, base, sc, d) })
			if err != nil {
				return err
			}
			r.peak, r.rss = peak, rss(os.Getpid())
			printHSDS(rep, "in process", r)
		}
		return nil
	}
	builds := []string{exe}
	if peer != "" {
		builds = append(builds, peer)
	}
	for _, sc := range hsdsScenarios {
		var rs []hsdsResult
		for i, b := range builds {
			r, err := hsdsServe(ctx, b, dbPath, sc, d)
			if err != nil {
				return fmt.Errorf("%s: %w", b, err)
			}
			printHSDS(rep, []string{"serve", "peer " + filepath.Base(peer)}[i], r)
			rs = append(rs, r)
		}
		if len(rs) == 2 {
			o, p := rs[0], rs[1]
			rep.line("  this build / peer", fmt.Sprintf("×%.1f req/s", o.load.Rate/max(p.load.Rate, 1e-9)),
				fmt.Sprintf("p99 %.1f× lower, peak RSS %.1f× lower", float64(p.load.P99)/float64(max(o.load.P99, 1)), float64(p.peak)/float64(max(o.peak, 1))))
		}
	}
	return nil
}

func printHSDS(rep *report, where string, r hsdsResult) {
	rep.line(fmt.Sprintf("HSDS %s (%s, %d clients)", r.name, where, hsdsClients), r.load.String(), "")
	rep.line("  peak RSS during the load / after it", fmt.Sprintf("%.0f MB / %.0f MB", float64(r.peak)/1e6, float64(r.rss)/1e6),
		fmt.Sprintf("%.0f kB per answer", float64(r.load.Bytes)/float64(max(1, r.load.Requests))/1e3))
}

// hsdsServe starts exe as `serve` on the database and loads it.
func hsdsServe(ctx context.Context, exe, dbPath string, sc hsdsScenario, d time.Duration) (hsdsResult, error) {
	port, err := freePort()
	if err != nil {
		return hsdsResult{}, err
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	cmd := exec.CommandContext(ctx, exe, "serve", "--addr", addr, "--db", dbPath)
	cmd.Env = append(os.Environ(), "QUARTIER_DATABASE_URL=", "QUARTIER_DB=")
	if err := cmd.Start(); err != nil {
		return hsdsResult{}, err
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	base := "http://" + addr
	for deadline := time.Now().Add(2 * time.Minute); !answered(base + "/api/hsds/"); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			return hsdsResult{}, fmt.Errorf("serve did not answer within 2 minutes")
		}
	}
	// The peak includes what the first requests build (the ids come
	// from the API too).
	pid := cmd.Process.Pid
	os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0)
	r, err := hsdsLoad(ctx, base, sc, d)
	r.peak, r.rss = procStatus(pid, "VmHWM:"), rss(pid)
	return r, err
}

// hsdsLoad runs a scenario against base.
func hsdsLoad(ctx context.Context, base string, sc hsdsScenario, d time.Duration) (hsdsResult, error) {
	ids, err := serviceIDs(base)
	if err != nil {
		return hsdsResult{}, err
	}
	r := loadWith(ctx, base, sc.paths(ids), hsdsClients, d, loadOptions{Timeout: hsdsTimeout, Header: sc.header})
	return hsdsResult{name: sc.name, load: r}, nil
}

// serviceIDs reads the ids of the first 500 services.
func serviceIDs(base string) ([]string, error) {
	c := &http.Client{Timeout: hsdsTimeout}
	resp, err := c.Get(base + "/api/hsds/services?per_page=500")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var p struct {
		Contents []struct {
			ID string `json:"id"`
		} `json:"contents"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&p); err != nil || len(p.Contents) == 0 {
		return nil, fmt.Errorf("no services in /api/hsds/services (%d): %v", resp.StatusCode, err)
	}
	ids := make([]string, len(p.Contents))
	for i, c := range p.Contents {
		ids[i] = c.ID
	}
	return ids, nil
}
