// Package bench measures Quartier against its targets and against a peer in
// the same run (PostGIS when a PostgreSQL server with the extension is
// reachable), printing absolute figures and ratios. It is the engine of
// `quartier bench`; Go benchmarks in the packages cover the inner loops.
package bench

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/demo"
	"github.com/quartier/quartier/internal/services"
	"github.com/quartier/quartier/internal/sqlite"
)

// Options of a bench run.
type Options struct {
	// PostgresDSN names a server where the bench may create a database with
	// PostGIS; empty skips the comparison (and says so).
	PostgresDSN string
	// Executable is the quartier binary used to time a cold start and the
	// RSS of `serve` in a process of its own; empty skips those figures.
	Executable string
	Lookups    int // points per lookup run (default 1,000,000)
	JoinPoints int // points of the bulk join (default 400,000)
	Requests   int // protected-page requests per run (default 2,000)
	// AtlasOffers is the size of the generated atlas for the search
	// figures (default 100,000; 0 keeps the default, < 0 skips them).
	AtlasOffers int
	// LoadTime is how long the public search page and each HSDS scenario
	// are under load (default 10 s).
	LoadTime time.Duration
	// PeerExecutable is another quartier build (e.g. of main) whose HSDS
	// figures under load are measured after this build's, with ratios;
	// empty skips them. Needs Executable.
	PeerExecutable string
}

type report struct {
	w io.Writer
}

func (r *report) line(name string, value string, target string) {
	fmt.Fprintf(r.w, "%-52s %18s   %s\n", name, value, target)
}

// Run builds the demo city in a temporary SQLite database and measures.
func Run(ctx context.Context, w io.Writer, opt Options) error {
	if opt.Lookups <= 0 {
		opt.Lookups = 1_000_000
	}
	if opt.JoinPoints <= 0 {
		opt.JoinPoints = 400_000
	}
	if opt.Requests <= 0 {
		opt.Requests = 2000
	}
	if opt.AtlasOffers == 0 {
		opt.AtlasOffers = 100_000
	}
	if opt.LoadTime <= 0 {
		opt.LoadTime = 10 * time.Second
	}
	rep := &report{w: w}
	fmt.Fprintf(w, "Quartier bench – %s, %d CPU, GOMAXPROCS %d\n\n", runtime.Version(), runtime.NumCPU(), runtime.GOMAXPROCS(0))

	dir, err := os.MkdirTemp("", "quartier-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	dbPath := filepath.Join(dir, "bench.db")
	t0 := time.Now()
	a, done, err := demoApp(ctx, dbPath)
	if err != nil {
		return err
	}
	defer done()
	rep.line("demo city load (542 blocks + 3 composed layers)", time.Since(t0).Round(time.Millisecond).String(), "")

	loc := a.Spatial.Locator()
	ix := loc.BlockIndex()
	rep.line("block index memory (Berlin, 542 blocks)", fmt.Sprintf("%.1f MB", float64(ix.MemoryBytes())/1e6), "target < 20 MB")

	b := ix.Bound()
	rng := rand.New(rand.NewPCG(1, 2))
	uniform := make([]orb.Point, opt.Lookups)
	for i := range uniform {
		uniform[i] = orb.Point{b.Min[0] + rng.Float64()*(b.Max[0]-b.Min[0]), b.Min[1] + rng.Float64()*(b.Max[1]-b.Min[1])}
	}
	facilities, err := demo.FacilityPoints()
	if err != nil {
		return err
	}
	real := make([]orb.Point, opt.Lookups)
	for i := range real {
		real[i] = facilities[i%len(facilities)]
	}
	for _, c := range []struct {
		name string
		pts  []orb.Point
	}{{"uniform in bounding box", uniform}, {fmt.Sprintf("real facility points (%d)", len(facilities)), real}} {
		rate := lookupRate(func(p orb.Point) { ix.Locate(p) }, c.pts)
		rep.line("block lookups/s, 1 core, "+c.name, fmt.Sprintf("%.2f M/s", rate/1e6), "target ≥ 2 M/s")
	}
	rate := lookupRate(func(p orb.Point) { loc.Locate(p) }, real[:opt.Lookups/4])
	rep.line(fmt.Sprintf("full lookups/s (block + %d layers, with result)", len(loc.Layers())-1), fmt.Sprintf("%.2f M/s", rate/1e6), "")

	ours := time.Now()
	inside := 0
	joinPts := uniform[:min(opt.JoinPoints, len(uniform))]
	for _, p := range joinPts {
		if _, ok := ix.Locate(p); ok {
			inside++
		}
	}
	oursJoin := time.Since(ours)
	rep.line(fmt.Sprintf("bulk join %d points, ours", len(joinPts)), oursJoin.Round(time.Microsecond).String(), "target < 1 s")

	if err := atlasLoad(ctx, rep, a, 16, opt.LoadTime); err != nil {
		fmt.Fprintf(w, "atlas load failed: %v\n", err)
	}
	if err := hsdsFigures(ctx, rep, a, opt.Executable, opt.PeerExecutable, dbPath, opt.LoadTime); err != nil {
		fmt.Fprintf(w, "HSDS load failed: %v\n", err)
	}
	if opt.AtlasOffers > 0 {
		if err := atlasFigures(ctx, rep, dir, opt.PostgresDSN, opt.AtlasOffers); err != nil {
			fmt.Fprintf(w, "atlas search figures failed: %v\n", err)
		}
	}

	if err := accessFigures(ctx, rep, dir, opt.PostgresDSN, opt.Requests); err != nil {
		fmt.Fprintf(w, "access figures failed: %v\n", err)
	}
	if err := signInFigures(ctx, rep, dir, min(opt.LoadTime, 3*time.Second)); err != nil {
		fmt.Fprintf(w, "sign-in figures failed: %v\n", err)
	}

	if opt.Executable != "" {
		if err := processFigures(ctx, rep, opt.Executable, dbPath); err != nil {
			fmt.Fprintf(w, "process figures failed: %v\n", err)
		}
	} else {
		fmt.Fprintln(w, "cold start / RSS: skipped (no executable given)")
	}

	if opt.PostgresDSN == "" {
		fmt.Fprintln(w, "\nPostGIS comparison: skipped – set QUARTIER_BENCH_POSTGRES (or QUARTIER_TEST_POSTGRES) to a server with PostGIS.")
		return nil
	}
	return postgisFigures(ctx, rep, opt.PostgresDSN, a, ix, joinPts, inside, oursJoin)
}

// demoApp builds the demo city in a new SQLite database at path.
func demoApp(ctx context.Context, path string) (*services.Set, func(), error) {
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		return nil, nil, err
	}
	a, err := services.Open(ctx, st, services.Options{SRID: quartier.UTM33N})
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	done := func() { a.Close(); st.Close() }
	if err := demo.Load(ctx, a, nil); err != nil {
		done()
		return nil, nil, err
	}
	return a, done, nil
}

// lookupRate times fn over pts on the calling goroutine (one core).
func lookupRate(fn func(orb.Point), pts []orb.Point) float64 {
	for _, p := range pts[:min(len(pts), 10000)] { // warm caches
		fn(p)
	}
	start := time.Now()
	for _, p := range pts {
		fn(p)
	}
	return float64(len(pts)) / time.Since(start).Seconds()
}

// processFigures starts `quartier serve` as a separate process on an existing
// database and on --demo, timing the first answer and reading the RSS.
func processFigures(ctx context.Context, rep *report, exe, dbPath string) error {
	cold, rss, err := serveProcess(ctx, exe, "--db", dbPath)
	if err != nil {
		return err
	}
	rep.line("cold start to first lookup answer (serve, Berlin)", cold.Round(time.Millisecond).String(), "target < 1 s")
	rep.line("RSS of serve on the Berlin database", fmt.Sprintf("%.0f MB", float64(rss)/1e6), "")
	_, rss, err = serveProcess(ctx, exe, "--demo")
	if err != nil {
		return err
	}
	rep.line("RSS of serve --demo (after loading the demo)", fmt.Sprintf("%.0f MB", float64(rss)/1e6), "target < 150 MB")
	return nil
}

func serveProcess(ctx context.Context, exe string, args ...string) (time.Duration, int64, error) {
	port, err := freePort()
	if err != nil {
		return 0, 0, err
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	cmd := exec.CommandContext(ctx, exe, append([]string{"serve", "--addr", addr}, args...)...)
	cmd.Env = append(os.Environ(), "QUARTIER_DATABASE_URL=", "QUARTIER_DB=")
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, 0, err
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	url := "http://" + addr + "/api/v1/lookup?x=391842&y=5822078&crs=25833"
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		if ok := answered(url); ok {
			cold := time.Since(start)
			for range 200 {
				answered(url)
			}
			return cold, rss(cmd.Process.Pid), nil
		}
		time.Sleep(5 * time.Millisecond)
	}
	return 0, 0, fmt.Errorf("serve %v did not answer within 2 minutes", args)
}

// rss reads the resident set size of a process from /proc (Linux).
func rss(pid int) int64 { return procStatus(pid, "VmRSS:") }

// procStatus reads a size field of /proc/PID/status in bytes, 0 where
// there is no such file (not Linux).
func procStatus(pid int, field string) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, field) {
			f := strings.Fields(line)
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb * 1024
		}
	}
	return 0
}
