package bench

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/demo"
	"github.com/quartier/quartier/internal/postgres"
	"github.com/quartier/quartier/internal/services"
	"github.com/quartier/quartier/internal/spatial"
	"github.com/quartier/quartier/internal/sqlite"
	"github.com/quartier/quartier/internal/streetdir"
)

// lookupAddress is the address the single-lookup figures ask for.
const lookupAddress = "Schönhauser Allee 100, 10439"

// Streets measures the street directory at Berlin's scale (401,032
// addresses): `quartier bench streets`. Process figures need
// opt.Executable; with opt.PeerExecutable (an older build) the same
// commands run on the peer in the same run, for ratios; with
// opt.PostgresDSN the import is also measured on PostgreSQL.
func Streets(ctx context.Context, w io.Writer, opt Options) error {
	rep := &report{w: w}
	fmt.Fprintf(w, "Quartier bench streets – %s, %d CPU, GOMAXPROCS %d\n\n", runtime.Version(), runtime.NumCPU(), runtime.GOMAXPROCS(0))
	dir, err := os.MkdirTemp("", "quartier-bench-streets-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	return streetFigures(ctx, rep, dir, opt)
}

func streetFigures(ctx context.Context, rep *report, dir string, opt Options) error {
	gz, err := demo.StreetFile()
	if err != nil {
		return err
	}
	files, err := streetInputs(dir, gz)
	if err != nil {
		return err
	}

	// In process, SQLite: the directory of the demo city, imported again.
	st, err := sqlite.Open(ctx, filepath.Join(dir, "streets.db"))
	if err != nil {
		return err
	}
	defer st.Close()
	a, err := services.Open(ctx, st, services.Options{SRID: quartier.UTM33N, SpatialOnly: true})
	if err != nil {
		return err
	}
	defer a.Close()
	if err := importFigure(ctx, rep, a, gz, "SQLite"); err != nil {
		return err
	}
	if err := bulkFigure(ctx, rep, a, files.bulk); err != nil {
		return err
	}
	if opt.PostgresDSN != "" {
		if err := postgresImportFigure(ctx, rep, opt.PostgresDSN, gz); err != nil {
			fmt.Fprintf(rep.w, "PostgreSQL import: failed: %v\n", err)
		}
	} else {
		fmt.Fprintln(rep.w, "PostgreSQL import: skipped – set QUARTIER_BENCH_POSTGRES (or QUARTIER_TEST_POSTGRES).")
	}
	if opt.Executable == "" {
		fmt.Fprintln(rep.w, "process figures: skipped (no executable given)")
		return nil
	}

	// As processes: this build on the official file, and this build and
	// the peer on the same range-format file (a peer may not read the
	// official one), each in a database of its own with Berlin's blocks.
	builds := []struct{ name, exe string }{{"ours", opt.Executable}}
	if opt.PeerExecutable != "" {
		builds = append(builds, struct{ name, exe string }{"peer", opt.PeerExecutable})
	}
	type figures struct{ imp, one, bulk run }
	got := map[string]figures{}
	for _, b := range builds {
		db := filepath.Join(dir, b.name+".db")
		if _, err := runProcess(ctx, b.exe, "import", "areas", files.blocks, "--db", db, "--srid", "25833", "--layer", "plr", "--kind", "block", "--code-prop", "PLR_ID", "--name-prop", "PLR_NAME"); err != nil {
			return fmt.Errorf("%s: blocks: %w", b.name, err)
		}
		var f figures
		if f.imp, err = runProcess(ctx, b.exe, "import", "streets", files.ranges, "--db", db); err != nil {
			return fmt.Errorf("%s: import streets: %w", b.name, err)
		}
		var ones []run
		for range 7 {
			r, err := runProcess(ctx, b.exe, "lookup", "--db", db, "--address", lookupAddress)
			if err != nil {
				return fmt.Errorf("%s: lookup: %w", b.name, err)
			}
			ones = append(ones, r)
		}
		slices.SortFunc(ones, func(x, y run) int { return int(x.wall - y.wall) })
		f.one = ones[len(ones)/2]
		if f.bulk, err = runProcess(ctx, b.exe, "lookup", "--db", db, "--csv", files.bulk, "--out", os.DevNull); err != nil {
			return fmt.Errorf("%s: bulk: %w", b.name, err)
		}
		got[b.name] = f
	}
	ours, peer, hasPeer := got["ours"], got["peer"], opt.PeerExecutable != ""
	rate := func(n int, r run) string { return fmt.Sprintf("%.0f /s", float64(n)/r.wall.Seconds()) }
	withPeer := func(name string, o, p run, value func(run) string, target string) {
		rep.line(name, value(o), target)
		rep.line("  process CPU / peak RSS", fmt.Sprintf("%.2f s / %.0f MB", o.cpu.Seconds(), float64(o.maxRSS)/1e6), "")
		if hasPeer {
			rep.line("  peer", value(p)+fmt.Sprintf(" (%.2f s CPU, %.0f MB)", p.cpu.Seconds(), float64(p.maxRSS)/1e6), fmt.Sprintf("ours ×%.1f", p.wall.Seconds()/o.wall.Seconds()))
		}
	}
	withPeer(fmt.Sprintf("import streets, %d ranges (process, SQLite)", files.rangeRows), ours.imp, peer.imp,
		func(r run) string { return rate(files.rangeRows, r) }, "target ≥ 100,000 /s")
	withPeer("lookup --address, one address (process, median of 7)", ours.one, peer.one,
		func(r run) string { return r.wall.Round(time.Millisecond).String() }, "target < 0.2 s")
	withPeer(fmt.Sprintf("lookup --csv, %d addresses end to end (process)", files.bulkRows), ours.bulk, peer.bulk,
		func(r run) string { return rate(files.bulkRows, r) }, "target ≥ 200,000 /s")
	db := filepath.Join(dir, "ours.db")
	r, err := runProcess(ctx, opt.Executable, "import", "streets", files.official, "--db", db)
	if err != nil {
		return err
	}
	rep.line("import streets, official gzip file (process, SQLite)", rate(401032, r), fmt.Sprintf("%.2f s CPU, %.0f MB peak RSS", r.cpu.Seconds(), float64(r.maxRSS)/1e6))

	cold, rss, err := serveProcess(ctx, opt.Executable, "--demo")
	if err != nil {
		return err
	}
	rep.line("serve --demo: start to first lookup answer", cold.Round(10*time.Millisecond).String(), fmt.Sprintf("RSS then %.0f MB", float64(rss)/1e6))
	if hasPeer {
		pcold, prss, err := serveProcess(ctx, opt.PeerExecutable, "--demo")
		if err != nil {
			return err
		}
		rep.line("  peer", pcold.Round(10*time.Millisecond).String(), fmt.Sprintf("RSS then %.0f MB", float64(prss)/1e6))
	}
	return nil
}

// streetFiles are the inputs of the figures, written to disk for the
// processes.
type streetFiles struct {
	official, ranges, bulk, blocks string
	rangeRows, bulkRows            int
}

func streetInputs(dir string, gz []byte) (*streetFiles, error) {
	f := &streetFiles{official: filepath.Join(dir, "adressen.csv.gz"), ranges: filepath.Join(dir, "strassen.csv"),
		bulk: filepath.Join(dir, "bulk.csv"), blocks: filepath.Join(dir, "plr.geojson")}
	if err := os.WriteFile(f.official, gz, 0o600); err != nil {
		return nil, err
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	file, err := streetdir.ReadCSV(zr, streetdir.ReadOptions{MaxBytes: spatial.MaxStreetBytes})
	if err != nil {
		return nil, err
	}
	// The range format every build reads: one range per house, without
	// the addresses without number (older builds cannot say "ohne").
	var ranges []quartier.StreetEntry
	var bulk bytes.Buffer
	w := csv.NewWriter(&bulk)
	w.Write([]string{"strasse", "hausnummer", "plz"})
	for _, e := range file.Entries {
		w.Write([]string{e.Street, e.From, e.Postcode})
		if e.Parity != quartier.ParityNone {
			ranges = append(ranges, e)
		}
	}
	w.Flush()
	f.rangeRows, f.bulkRows = len(ranges), len(file.Entries)
	var rb bytes.Buffer
	if err := streetdir.WriteCSV(&rb, ranges, quartier.UTM33N); err != nil {
		return nil, err
	}
	blocks, err := demo.BlockFile()
	if err != nil {
		return nil, err
	}
	for name, b := range map[string][]byte{f.ranges: rb.Bytes(), f.bulk: bulk.Bytes(), f.blocks: blocks} {
		if err := os.WriteFile(name, b, 0o600); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// importFigure loads the demo's layers and directory into a and times
// a second import of the directory over the first.
func importFigure(ctx context.Context, rep *report, a *services.Set, gz []byte, engine string) error {
	if err := demo.LoadStreetCity(ctx, a); err != nil {
		return err
	}
	op := quartier.WithActor(ctx, quartier.Operator())
	runtime.GC()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	start := time.Now()
	r, err := a.Spatial.ImportStreets(op, spatial.StreetImport{Input: bytes.NewReader(gz), Source: demo.StreetSource})
	d := time.Since(start)
	if err != nil {
		return err
	}
	runtime.ReadMemStats(&m1)
	rep.line(fmt.Sprintf("import streets, %d addresses (in process, %s)", r.Entries, engine), fmt.Sprintf("%.0f /s", float64(r.Entries)/d.Seconds()),
		fmt.Sprintf("%s, %.0f MB allocated", d.Round(time.Millisecond), float64(m1.TotalAlloc-m0.TotalAlloc)/1e6))
	return nil
}

// bulkFigure times a bulk lookup of every address in process.
func bulkFigure(ctx context.Context, rep *report, a *services.Set, path string) error {
	in, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	op := quartier.WithActor(ctx, quartier.Operator())
	runtime.GC()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	start := time.Now()
	r, err := a.Spatial.BulkLookup(op, bytes.NewReader(in), io.Discard, 0, nil)
	d := time.Since(start)
	if err != nil {
		return err
	}
	runtime.ReadMemStats(&m1)
	rep.line(fmt.Sprintf("bulk lookup, %d addresses (in process, SQLite)", r.Rows), fmt.Sprintf("%.0f /s", float64(r.Rows)/d.Seconds()),
		fmt.Sprintf("%s, %d found, %.0f MB allocated", d.Round(time.Millisecond), r.Found, float64(m1.TotalAlloc-m0.TotalAlloc)/1e6))
	return nil
}

func postgresImportFigure(ctx context.Context, rep *report, dsn string, gz []byte) error {
	benchDSN, drop, err := freshDatabase(ctx, dsn)
	if err != nil {
		return err
	}
	defer drop()
	st, err := postgres.Open(ctx, benchDSN)
	if err != nil {
		return err
	}
	defer st.Close()
	a, err := services.Open(ctx, st, services.Options{SRID: quartier.UTM33N, SpatialOnly: true})
	if err != nil {
		return err
	}
	defer a.Close()
	return importFigure(ctx, rep, a, gz, "PostgreSQL")
}

// run is what a process took.
type run struct {
	wall, cpu time.Duration
	maxRSS    int64
}

// runProcess runs exe with args to the end, with no database from the
// environment.
func runProcess(ctx context.Context, exe string, args ...string) (run, error) {
	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.Env = append(os.Environ(), "QUARTIER_DATABASE_URL=", "QUARTIER_DB=", "QUARTIER_SRID=")
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return run{}, err
	}
	// The peak RSS is read while the process runs: the rusage of a child
	// counts the memory of the parent it was forked from.
	peak := make(chan int64)
	stop := make(chan struct{})
	want := []byte(strings.Join(cmd.Args, "\x00") + "\x00")
	go func() {
		var hwm int64
		for {
			// Until exec, the child still is a copy of this process.
			if b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", cmd.Process.Pid)); bytes.Equal(b, want) {
				hwm = max(hwm, procStatus(cmd.Process.Pid, "VmHWM:"))
			}
			select {
			case <-stop:
				peak <- hwm
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	err := cmd.Wait()
	r := run{wall: time.Since(start)}
	close(stop)
	r.maxRSS = <-peak
	if err != nil {
		return r, fmt.Errorf("%v: %w\n%s", args, err, errOut.String())
	}
	r.cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	return r, nil
}
