package bench

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/monitoring"
)

// MonitoringOptions size `quartier bench monitoring`.
type MonitoringOptions struct {
	Options
	Areas int // default 10,000
	Terms int // indicators per component, two components (default 10: 20 indicators)
	Runs  int // timed computations per side (default 20)
}

// indexCase is one index definition with its values, handed to both
// monitoring.Compute and the SQL peer.
type indexCase struct {
	def   quartier.Index
	dirs  map[string]quartier.Direction
	areas []monitoring.AreaValues
}

// benchIndex is the data of BenchmarkCompute10000x20 in internal/monitoring
// (same seed, same order of draws): two components of terms indicators,
// z-scores with the population SD, equal weights, sums re-standardised,
// the MSS status classes, areas below 300 residents left out.
func benchIndex(areas, terms int) indexCase {
	rng := rand.New(rand.NewPCG(1, 2))
	x := indexCase{def: quartier.Index{Code: "bench", Name: "Bench", Layer: "blk", ReferenceDate: time.Date(2020, 12, 31, 0, 0, 0, 0, time.UTC),
		Exclude: quartier.IndexExclusion{MinResidents: 300}}, dirs: map[string]quartier.Direction{}}
	for c := range 2 {
		comp := quartier.IndexComponent{Code: fmt.Sprintf("k%d", c), Name: "K", Restandardise: true,
			Classes: quartier.IndexClasses{Scale: quartier.ClassesSD, Bounds: []float64{-1, 1, 1.5}, Labels: []string{"hoch", "mittel", "niedrig", "sehr niedrig"}}}
		for t := range terms {
			code := fmt.Sprintf("i%d_%d", c, t)
			comp.Terms = append(comp.Terms, quartier.IndexTerm{Indicator: code})
			x.dirs[code] = quartier.HigherIsWorse
		}
		x.def.Components = append(x.def.Components, comp)
	}
	x.def.Defaults()
	x.areas = make([]monitoring.AreaValues, areas)
	for i := range x.areas {
		a := monitoring.AreaValues{Code: fmt.Sprintf("%05d", i), Residents: rng.IntN(20000), HasResidents: true, Raw: make([][]float64, 2)}
		for c := range 2 {
			a.Raw[c] = make([]float64, terms)
			for t := range a.Raw[c] {
				a.Raw[c][t] = rng.Float64() * 40
			}
		}
		x.areas[i] = a
	}
	return x
}

// The peer's tables: the definition as data, values one row per area and
// term, NULL where missing (the loader writes every row).
const indexPeerSchema = `
CREATE TABLE idx_areas (area text COLLATE "C" PRIMARY KEY, residents integer, outlier boolean NOT NULL);
CREATE TABLE idx_components (component integer PRIMARY KEY, sample boolean NOT NULL, restandardise boolean NOT NULL,
	sd_classes boolean NOT NULL, bounds float8[] NOT NULL, labels text[] NOT NULL, upper_inclusive boolean NOT NULL);
CREATE TABLE idx_terms (component integer, term integer, weight float8 NOT NULL, sign float8 NOT NULL, PRIMARY KEY (component, term));
CREATE TABLE idx_values (area text COLLATE "C", component integer, term integer, value float8, PRIMARY KEY (area, component, term));
CREATE INDEX idx_values_missing ON idx_values (area) WHERE value IS NULL;`

// The index as one SQL statement, step for step what monitoring.Compute
// does for z-scores and exclusion of areas with a missing value: leave out
// areas (named, fewer residents than $1, a value missing), z per term over
// the areas left (population or sample SD, oriented by direction),
// weighted sum, re-standardised sum or the sum, position on the class
// scale, class. Each returns every intermediate value per area and
// component, as Compute keeps them. Two ways of writing it, both timed:
// the statistics as window functions over each term's partition (what one
// writes first), and the same statistics grouped and joined back (which
// spares PostgreSQL the sort of 200,000 rows for the term windows; which
// is faster depends on the server and its load, so both are timed).
const (
	indexPeerWindow = `
WITH considered AS (
	SELECT a.area FROM idx_areas a
	WHERE NOT a.outlier AND ($1 = 0 OR a.residents >= $1)
		AND NOT EXISTS (SELECT FROM idx_values m WHERE m.area = a.area AND m.value IS NULL)
), z AS (
	SELECT v.area, v.component, v.term, t.weight,
		(v.value - avg(v.value) OVER w)
			/ CASE WHEN k.sample THEN stddev_samp(v.value) OVER w ELSE stddev_pop(v.value) OVER w END
			* t.sign AS z
	FROM idx_values v JOIN considered USING (area) JOIN idx_terms t USING (component, term) JOIN idx_components k USING (component)
	WINDOW w AS (PARTITION BY v.component, v.term)
), sums AS (
	SELECT area, component, sum(weight * z) AS s, array_agg(z ORDER BY term) AS zs FROM z GROUP BY area, component
), idx AS (
	SELECT s.area, s.component, s.s, s.zs, k.sample, k.restandardise, k.sd_classes, k.bounds, k.labels, k.upper_inclusive,
		CASE WHEN k.restandardise
			THEN (s.s - avg(s.s) OVER c) / CASE WHEN k.sample THEN stddev_samp(s.s) OVER c ELSE stddev_pop(s.s) OVER c END
			ELSE s.s END AS ix
	FROM sums s JOIN idx_components k USING (component)
	WINDOW c AS (PARTITION BY s.component)
), pos AS (
	SELECT *,
		CASE WHEN restandardise OR NOT sd_classes THEN ix
			ELSE (ix - avg(ix) OVER c) / CASE WHEN sample THEN stddev_samp(ix) OVER c ELSE stddev_pop(ix) OVER c END END AS position
	FROM idx WINDOW c AS (PARTITION BY component)
)
SELECT area, component, zs, s, ix, position, ` + peerClass + ` AS class
FROM pos ORDER BY area, component`

	indexPeerGrouped = `
WITH considered AS (
	SELECT a.area FROM idx_areas a
	WHERE NOT a.outlier AND ($1 = 0 OR a.residents >= $1)
		AND NOT EXISTS (SELECT FROM idx_values m WHERE m.area = a.area AND m.value IS NULL)
), v AS (
	SELECT v.* FROM idx_values v JOIN considered USING (area)
), st AS (
	SELECT v.component, v.term, avg(v.value) AS mean,
		CASE WHEN bool_and(k.sample) THEN stddev_samp(v.value) ELSE stddev_pop(v.value) END AS sd
	FROM v JOIN idx_components k USING (component) GROUP BY v.component, v.term
), z AS (
	SELECT v.area, v.component, v.term, t.weight, (v.value - st.mean) / st.sd * t.sign AS z
	FROM v JOIN st USING (component, term) JOIN idx_terms t USING (component, term)
), sums AS (
	SELECT area, component, sum(weight * z) AS s, array_agg(z ORDER BY term) AS zs FROM z GROUP BY area, component
), sst AS (
	SELECT component, avg(s) AS mean, CASE WHEN bool_and(k.sample) THEN stddev_samp(s) ELSE stddev_pop(s) END AS sd
	FROM sums JOIN idx_components k USING (component) GROUP BY component
), idx AS (
	SELECT s.area, s.component, s.s, s.zs, k.sample, k.restandardise, k.sd_classes, k.bounds, k.labels, k.upper_inclusive,
		CASE WHEN k.restandardise THEN (s.s - sst.mean) / sst.sd ELSE s.s END AS ix
	FROM sums s JOIN sst USING (component) JOIN idx_components k USING (component)
), ist AS (
	SELECT component, avg(ix) AS mean, CASE WHEN bool_and(sample) THEN stddev_samp(ix) ELSE stddev_pop(ix) END AS sd
	FROM idx GROUP BY component
), pos AS (
	SELECT idx.*, CASE WHEN restandardise OR NOT sd_classes THEN ix ELSE (ix - ist.mean) / ist.sd END AS position
	FROM idx JOIN ist USING (component)
)
SELECT area, component, zs, s, ix, position, ` + peerClass + ` AS class
FROM pos ORDER BY area, component`
)

// peerQueries name the two ways of writing the peer.
var peerQueries = []struct{ name, sql string }{
	{"window functions", indexPeerWindow},
	{"grouped, joined back", indexPeerGrouped},
}

// peerClass is the class of position: the label after the bounds below it
// (and on it, unless upper_inclusive puts a value on a bound in the class
// below), as quartier.IndexClasses.Class.
const peerClass = `labels[1 + CASE WHEN upper_inclusive THEN (SELECT count(*) FROM unnest(bounds) b WHERE b < position)::int
		ELSE width_bucket(position, bounds) END]`

// peerRow is one area in one component as the SQL peer returns it.
type peerRow struct {
	area                 string
	component            int
	z                    []float64
	sum, index, position float64
	class                string
}

// loadIndexPeer writes x into the peer's tables (which must not exist).
// Only what the query can do is accepted: z-scores, areas with a missing
// value left out.
func loadIndexPeer(ctx context.Context, db *sql.DB, x *indexCase) error {
	if x.def.Exclude.Missing != quartier.MissingExclude {
		return fmt.Errorf("SQL peer: missing values %q are not written in SQL (only %q)", x.def.Exclude.Missing, quartier.MissingExclude)
	}
	outliers := map[string]bool{}
	for _, a := range x.def.Exclude.Areas {
		outliers[a] = true
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, indexPeerSchema); err != nil {
		return err
	}
	var tc, tt []int32
	var tw, ts []float64
	for c, comp := range x.def.Components {
		if comp.Standardisation != quartier.StandardiseZ {
			return fmt.Errorf("SQL peer: component %s standardises by %q; only z is written in SQL", comp.Code, comp.Standardisation)
		}
		cl := comp.Classes
		if _, err := tx.ExecContext(ctx, "INSERT INTO idx_components VALUES ($1, $2, $3, $4, $5, $6, $7)",
			c, comp.SampleSD, comp.Restandardise, cl.Scale == quartier.ClassesSD, cl.Bounds, cl.Labels, cl.UpperInclusive); err != nil {
			return err
		}
		for t, term := range comp.Terms {
			if term.ChangeFrom != nil {
				return fmt.Errorf("SQL peer: term %s is a change; only values are written in SQL", term.Indicator)
			}
			sign := 1.0
			if x.dirs[term.Indicator] == quartier.HigherIsBetter {
				sign = -1
			}
			tc, tt, tw, ts = append(tc, int32(c)), append(tt, int32(t)), append(tw, term.Weight), append(ts, sign)
		}
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO idx_terms SELECT * FROM unnest($1::int[], $2::int[], $3::float8[], $4::float8[])", tc, tt, tw, ts); err != nil {
		return err
	}
	// One statement per table from arrays: 200,000 values in one round trip.
	codes := make([]string, len(x.areas))
	residents := make([]int32, len(x.areas))
	out := make([]bool, len(x.areas))
	var va []string
	var vc, vt []int32
	var vv []*float64
	for i, a := range x.areas {
		codes[i], out[i] = a.Code, outliers[a.Code]
		// The known residents also where some blocks have no figure
		// (HasResidents false): an area is left out only when they stay
		// below the minimum, as monitoring.Compute decides.
		residents[i] = int32(a.Residents)
		for c := range a.Raw {
			for t, v := range a.Raw[c] {
				va, vc, vt = append(va, a.Code), append(vc, int32(c)), append(vt, int32(t))
				if math.IsNaN(v) {
					vv = append(vv, nil)
				} else {
					vv = append(vv, &v)
				}
			}
		}
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO idx_areas SELECT * FROM unnest($1::text[], $2::int[], $3::bool[])", codes, residents, out); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO idx_values SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::float8[])", va, vc, vt, vv); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	_, err = db.ExecContext(ctx, "ANALYZE idx_areas, idx_components, idx_terms, idx_values")
	return err
}

// indexPeer runs a peer query and reads every row.
func indexPeer(ctx context.Context, db *sql.DB, query string, minResidents int) ([]peerRow, error) {
	rows, err := db.QueryContext(ctx, query, minResidents)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []peerRow
	var zs string
	for rows.Next() {
		var r peerRow
		if err := rows.Scan(&r.area, &r.component, &zs, &r.sum, &r.index, &r.position, &r.class); err != nil {
			return nil, err
		}
		if r.z, err = floatArray(zs); err != nil {
			return nil, fmt.Errorf("area %s: %w", r.area, err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// floatArray reads PostgreSQL's text form of a float8[] ("{1.5,-0.25}",
// every digit since PostgreSQL 12). pgx's generic array scanner allocated
// seven times as much for the same rows, which the peer should not be
// charged with.
func floatArray(s string) ([]float64, error) {
	if len(s) < 2 || s[0] != '{' || s[len(s)-1] != '}' {
		return nil, fmt.Errorf("not a float8[]: %q", s)
	}
	s = s[1 : len(s)-1]
	if s == "" {
		return nil, nil
	}
	out := make([]float64, 0, strings.Count(s, ",")+1)
	for f := range strings.SplitSeq(s, ",") {
		x, err := strconv.ParseFloat(f, 64)
		if err != nil {
			return nil, fmt.Errorf("float8[] element %q: %w", f, err)
		}
		out = append(out, x)
	}
	return out, nil
}

// comparePeer checks the peer against Compute's result: the same areas
// considered, and per area and component every z, the sum, the index and
// the position within tol, the same class. It returns the largest
// difference seen.
func comparePeer(res *monitoring.IndexResult, peer []peerRow, tol float64) (float64, error) {
	type key struct {
		area      string
		component int
	}
	byKey := make(map[key]*peerRow, len(peer))
	for i := range peer {
		byKey[key{peer[i].area, peer[i].component}] = &peer[i]
	}
	var worst float64
	n := 0
	for _, row := range res.Rows {
		for c, cr := range row.Components {
			p, ok := byKey[key{row.Area, c}]
			switch {
			case ok && row.Excluded != "":
				return worst, fmt.Errorf("area %s: in the SQL result, left out in Go (%s)", row.Area, row.Excluded)
			case row.Excluded != "":
				continue
			case !ok:
				return worst, fmt.Errorf("area %s component %d: missing in the SQL result", row.Area, c)
			case len(p.z) != len(cr.Standardised):
				return worst, fmt.Errorf("area %s component %d: %d z-values in SQL, %d in Go", row.Area, c, len(p.z), len(cr.Standardised))
			}
			n++
			pairs := [][2]float64{{p.sum, cr.Sum}, {p.index, cr.Index}, {p.position, cr.Position}}
			for t := range p.z {
				pairs = append(pairs, [2]float64{p.z[t], cr.Standardised[t]})
			}
			for _, pr := range pairs {
				d := math.Abs(pr[0] - pr[1])
				if !(d <= tol) { // NaN fails too
					return worst, fmt.Errorf("area %s component %d: SQL %v, Go %v (difference %.3g)", row.Area, c, pr[0], pr[1], d)
				}
				worst = max(worst, d)
			}
			if p.class != cr.Class {
				return worst, fmt.Errorf("area %s component %d: class %q in SQL, %q in Go (position %v)", row.Area, c, p.class, cr.Class, cr.Position)
			}
		}
	}
	if n != len(peer) {
		return worst, fmt.Errorf("SQL returns %d rows, Go considers %d area-components", len(peer), n)
	}
	return worst, nil
}

// Monitoring measures the composite index at the size: Compute
// (what ComputeIndex runs after reading the values) against the same index
// as one SQL statement on PostgreSQL, over the same values in the same run,
// after checking that both give the same result.
func Monitoring(ctx context.Context, w io.Writer, opt MonitoringOptions) error {
	if opt.Areas <= 0 {
		opt.Areas = 10_000
	}
	if opt.Terms <= 0 {
		opt.Terms = 10
	}
	if opt.Runs <= 0 {
		opt.Runs = 20
	}
	rep := &report{w: w}
	fmt.Fprintf(w, "Quartier bench monitoring – %s, %d CPU, GOMAXPROCS %d; index over %d areas × %d indicators (2 components), %d runs each\n\n",
		runtime.Version(), runtime.NumCPU(), runtime.GOMAXPROCS(0), opt.Areas, 2*opt.Terms, opt.Runs)
	x := benchIndex(opt.Areas, opt.Terms)
	var res *monitoring.IndexResult
	var ours []time.Duration
	var heap uint64
	_, base, peak, err := measured(func() error {
		var err error
		ours, heap, err = timed(opt.Runs, func() error {
			res, err = monitoring.Compute(&x.def, x.dirs, x.areas)
			return err
		})
		return err
	})
	if err != nil {
		return err
	}
	name := fmt.Sprintf("index %d × %d, ours (monitoring.Compute)", opt.Areas, 2*opt.Terms)
	rep.line(name, ms(ours[len(ours)/2]), fmt.Sprintf("min %s, max %s; %s allocated per run; RSS %s → peak %s; target < 50 ms",
		ms(ours[0]), ms(ours[len(ours)-1]), mbu(heap), mb(base), mb(peak)))
	if opt.PostgresDSN == "" {
		fmt.Fprintln(w, "\nSQL peer on PostgreSQL: skipped – set QUARTIER_BENCH_POSTGRES (or QUARTIER_TEST_POSTGRES).")
		return nil
	}
	dsn, drop, err := freshDatabase(ctx, opt.PostgresDSN)
	if err != nil {
		return fmt.Errorf("SQL peer: %w", err)
	}
	defer drop()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // one backend, whose memory is read below
	start := time.Now()
	if err := loadIndexPeer(ctx, db, &x); err != nil {
		return err
	}
	load := time.Since(start)
	var version string
	var pid int
	if err := db.QueryRowContext(ctx, "SELECT current_setting('server_version'), pg_backend_pid()").Scan(&version, &pid); err != nil {
		return err
	}
	if f := strings.Fields(version); len(f) > 0 {
		version = f[0]
	}
	rep.line(fmt.Sprintf("PostgreSQL %s: values loaded (%d rows)", version, opt.Areas*2*opt.Terms), ms(load), "one INSERT … unnest per table, ANALYZE")
	backend := func() string {
		if hwm := procStatus(pid, "VmHWM:"); hwm > 0 {
			return fmt.Sprintf("backend RSS %s, peak %s", mb(procStatus(pid, "VmRSS:")), mb(hwm))
		}
		return "backend memory not readable (server on another machine?)"
	}
	// Each query once, checked against Compute's result, with the client's
	// allocations; then the timed runs interleaved (ours, then each query),
	// so that the load of a shared machine falls on all of them alike.
	for _, q := range peerQueries {
		var peer []peerRow
		heap, err := allocated(func() error {
			var err error
			peer, err = indexPeer(ctx, db, q.sql, x.def.Exclude.MinResidents)
			return err
		})
		if err != nil {
			return fmt.Errorf("SQL peer (%s): %w", q.name, err)
		}
		worst, err := comparePeer(res, peer, 1e-9)
		if err != nil {
			return fmt.Errorf("SQL peer (%s) differs: %w", q.name, err)
		}
		rep.line("agrees: "+q.name, fmt.Sprintf("%d = %d areas", len(peer)/len(x.def.Components), res.Considered),
			fmt.Sprintf("all classes equal, largest difference %.1g; client %s allocated; %s", worst, mbu(heap), backend()))
	}
	oursRuns := make([]time.Duration, 0, opt.Runs)
	peerRuns := make([][]time.Duration, len(peerQueries))
	for range opt.Runs {
		start := time.Now()
		if _, err := monitoring.Compute(&x.def, x.dirs, x.areas); err != nil {
			return err
		}
		oursRuns = append(oursRuns, time.Since(start))
		for i, q := range peerQueries {
			start := time.Now()
			if _, err := indexPeer(ctx, db, q.sql, x.def.Exclude.MinResidents); err != nil {
				return err
			}
			peerRuns[i] = append(peerRuns[i], time.Since(start))
		}
	}
	slices.Sort(oursRuns)
	oursMed, oursMin := oursRuns[len(oursRuns)/2], oursRuns[0]
	rep.line("interleaved: ours", ms(oursMed), fmt.Sprintf("min %s, max %s", ms(oursMin), ms(oursRuns[len(oursRuns)-1])))
	var fastest, fastestMin time.Duration
	for i, q := range peerQueries {
		ts := peerRuns[i]
		slices.Sort(ts)
		med := ts[len(ts)/2]
		if fastest == 0 || med < fastest {
			fastest = med
		}
		if fastestMin == 0 || ts[0] < fastestMin {
			fastestMin = ts[0]
		}
		rep.line("interleaved: one SQL query, "+q.name, ms(med), fmt.Sprintf("min %s, max %s; SQL / ours %.1f× (medians), %.1f× (minima)",
			ms(ts[0]), ms(ts[len(ts)-1]), float64(med)/float64(oursMed), float64(ts[0])/float64(oursMin)))
	}
	rep.line("ratio faster SQL query / ours", fmt.Sprintf("%.1f×", float64(fastest)/float64(oursMed)),
		fmt.Sprintf("medians; minima %.1f×; backend after the runs: %s", float64(fastestMin)/float64(oursMin), backend()))
	rep.line("RSS of this process", mb(rss(os.Getpid())), "")
	return nil
}

func mbu(b uint64) string { return fmt.Sprintf("%.1f MB", float64(b)/1e6) }
