package bench

import (
	"bytes"
	"context"
	"database/sql"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/monitoring"
	"github.com/quartier/quartier/internal/storetest"
)

// The SQL peer is only a fair comparison if it computes the same index:
// every z, sum, index and position within 1e-9 and every class equal to
// monitoring.Compute's, on the bench's data and on definitions using the
// other settings the query carries (sample SD, directions, weights, no
// re-standardising with SD classes, value classes with the bound in the
// lower class, named outliers, unknown residents, missing values).
func TestIndexPeerAgrees(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	ctx := context.Background()
	bench := benchIndex(2000, 10)

	mixed := benchIndex(1500, 3)
	mixed.def.Exclude.Areas = []string{"00007", "00100"}
	mixed.def.Components[0].SampleSD = true
	mixed.def.Components[0].Terms[1].Weight = 2.5
	mixed.dirs["i0_2"] = quartier.HigherIsBetter
	mixed.def.Components[1].Restandardise = false
	mixed.def.Components[1].Terms[0].Weight = 0.5
	mixed.dirs["i1_1"] = quartier.HigherIsBetter
	mixed.areas[3].HasResidents = false
	mixed.areas[5].Raw[1][2] = math.NaN()
	mixed.areas[6].Raw[0][0] = math.NaN()

	// Values from a small set (2, 4, 4, 4, 5, 5, 7, 9: z −1.5 to 2), so
	// many areas share a position; bounds lie between them, since on a
	// bound the last bit of the SD decides, and the two engines compute
	// it differently (PostgreSQL in one pass, Go in two). The side of a
	// bound is tested on the class expression alone (TestPeerClass).
	values := benchIndex(800, 1)
	values.def.Exclude.MinResidents = 0
	values.def.Components[0].Restandardise = false
	values.def.Components[0].Classes = quartier.IndexClasses{Scale: quartier.ClassesValue, Bounds: []float64{-0.7, 0.2, 1.2}, Labels: []string{"a", "b", "c", "d"}, UpperInclusive: true}
	values.def.Components[1].Restandardise = false
	values.def.Components[1].SampleSD = true
	pattern := []float64{2, 4, 4, 4, 5, 5, 7, 9}
	for i := range values.areas {
		for c := range values.areas[i].Raw {
			values.areas[i].Raw[c][0] = pattern[(i+c)%len(pattern)]
		}
	}

	for name, x := range map[string]*indexCase{"bench": &bench, "mixed": &mixed, "value classes": &values} {
		t.Run(name, func(t *testing.T) {
			res, err := monitoring.Compute(&x.def, x.dirs, x.areas)
			if err != nil {
				t.Fatal(err)
			}
			db := peerDB(t, ctx, dsn, name)
			if err := loadIndexPeer(ctx, db, x); err != nil {
				t.Fatal(err)
			}
			for _, q := range peerQueries {
				peer, err := indexPeer(ctx, db, q.sql, x.def.Exclude.MinResidents)
				if err != nil {
					t.Fatalf("%s: %v", q.name, err)
				}
				worst, err := comparePeer(res, peer, 1e-9)
				if err != nil {
					t.Fatalf("%s: %v", q.name, err)
				}
				t.Logf("%s: %d areas considered, largest difference %.2g", q.name, res.Considered, worst)
				// The comparison itself must catch a wrong value and a
				// wrong class, or agreeing would prove nothing.
				peer[7].index += 2e-9
				if _, err := comparePeer(res, peer, 1e-9); err == nil {
					t.Error("an index off by 2e-9 passed")
				}
				peer[7].index -= 2e-9
				peer[9].class = "anders"
				if _, err := comparePeer(res, peer, 1e-9); err == nil {
					t.Error("a wrong class passed")
				}
			}
		})
	}
}

// The peer's class expression puts a position on a bound on the same side
// as quartier.IndexClasses.Class, with and without upper_inclusive.
func TestPeerClass(t *testing.T) {
	db := peerDB(t, context.Background(), storetest.PostgresDSN(t), "class")
	for _, upper := range []bool{false, true} {
		cl := quartier.IndexClasses{Bounds: []float64{-1, 1, 1.5}, Labels: []string{"hoch", "mittel", "niedrig", "sehr niedrig"}, UpperInclusive: upper}
		for _, x := range []float64{-2, -1, -0.999, 0, 1, 1.25, 1.5, 1.500001, 3} {
			var got string
			q := "SELECT " + peerClass + " FROM (SELECT $1::float8 AS position, $2::float8[] AS bounds, $3::text[] AS labels, $4::bool AS upper_inclusive) k"
			if err := db.QueryRow(q, x, cl.Bounds, cl.Labels, upper).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if want := cl.Class(x); got != want {
				t.Errorf("position %v, upper inclusive %v: SQL %s, Go %s", x, upper, got, want)
			}
		}
	}
}

// What the SQL cannot do is refused rather than computed differently.
func TestIndexPeerRefuses(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	ctx := context.Background()
	x := benchIndex(10, 2)
	x.def.Components[1].Standardisation = quartier.StandardiseRank
	if err := loadIndexPeer(ctx, peerDB(t, ctx, dsn, "rank"), &x); err == nil || !strings.Contains(err.Error(), "only z") {
		t.Errorf("ranks: %v", err)
	}
	x = benchIndex(10, 2)
	x.def.Exclude.Missing = quartier.MissingMean
	if err := loadIndexPeer(ctx, peerDB(t, ctx, dsn, "mean"), &x); err == nil || !strings.Contains(err.Error(), "missing values") {
		t.Errorf("missing as mean: %v", err)
	}
}

// peerDB is a schema of its own in the test database, so cases do not
// share tables.
func peerDB(t *testing.T, ctx context.Context, dsn, name string) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(1)
	schema := "peer_" + strings.ReplaceAll(name, " ", "_")
	if _, err := db.ExecContext(ctx, "CREATE SCHEMA "+schema+"; SET search_path TO "+schema); err != nil {
		t.Fatal(err)
	}
	return db
}

// TestMonitoringSmall runs `quartier bench monitoring` end to end at a
// small size so it cannot rot; with QUARTIER_TEST_POSTGRES it includes the
// peer. Figures are printed, never asserted.
func TestMonitoringSmall(t *testing.T) {
	var out bytes.Buffer
	dsn := os.Getenv("QUARTIER_TEST_POSTGRES")
	if err := Monitoring(context.Background(), &out, MonitoringOptions{Options: Options{PostgresDSN: dsn}, Areas: 500, Runs: 3}); err != nil {
		t.Fatal(err)
	}
	want := []string{"index 500 × 20, ours (monitoring.Compute)", "SQL peer on PostgreSQL: skipped"}
	if dsn != "" {
		want = []string{"index 500 × 20, ours (monitoring.Compute)", "agrees: window functions", "agrees: grouped, joined back",
			"interleaved: one SQL query, window functions", "interleaved: one SQL query, grouped, joined back", "ratio faster SQL query / ours", "all classes equal"}
	}
	for _, s := range want {
		if !strings.Contains(out.String(), s) {
			t.Errorf("missing %q in:\n%s", s, out.String())
		}
	}
	t.Log("\n" + out.String())
}

// The peer reads z-values from PostgreSQL's text form of float8[]: every
// digit back, a malformed array refused naming what is wrong.
func TestFloatArray(t *testing.T) {
	got, err := floatArray("{-1.5,0.1,1e-05,2.220446049250313e-16}")
	if err != nil || len(got) != 4 || got[0] != -1.5 || got[1] != 0.1 || got[2] != 1e-05 || got[3] != 2.220446049250313e-16 {
		t.Errorf("%v %v", got, err)
	}
	if got, err := floatArray("{}"); err != nil || len(got) != 0 {
		t.Errorf("empty: %v %v", got, err)
	}
	for _, bad := range []string{"", "1,2", "{1,NULL}", "{1,,2}"} {
		if _, err := floatArray(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
