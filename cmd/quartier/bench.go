package main

import (
	"context"
	"os"
	"time"

	"github.com/quartier/quartier/internal/bench"
)

func cmdBench(ctx context.Context, e *env, args []string) error {
	streets := len(args) > 0 && args[0] == "streets"
	budgets := len(args) > 0 && args[0] == "budget"
	monitor := len(args) > 0 && args[0] == "monitoring"
	atlasOnly := len(args) > 0 && args[0] == "atlas"
	if streets || budgets || monitor || atlasOnly {
		args = args[1:]
	}
	fs := newFlagSet(e, "bench", "[streets|budget|monitoring|atlas] [--lookups N] [--join N] [--atlas N] [--load DAUER] [--peer QUARTIER] [--postgres DSN]")
	lookups := fs.Int("lookups", 1_000_000, "Punkte je Messung der Zuordnung")
	join := fs.Int("join", 400_000, "Punkte des Massen-Joins (Vergleich mit PostGIS)")
	atlas := fs.Int("atlas", 100_000, "Angebote des erzeugten Atlas für die Suchmessung (0: keine)")
	loadTime := fs.Duration("load", 10*time.Second, "Dauer der Lastmessung der öffentlichen Suchseite und je HSDS-Szenario")
	peer := fs.String("peer", "", "anderer quartier-Build (z. B. von main) zum Vergleich der HSDS-Last bzw. des Straßenverzeichnisses")
	dsn := fs.String("postgres", envOr("QUARTIER_BENCH_POSTGRES", os.Getenv("QUARTIER_TEST_POSTGRES")), "PostgreSQL für den Vergleich (leer: ohne Vergleich); PostGIS braucht nur die Messung der Zuordnung, budget und monitoring nicht")
	ledger := fs.Int("ledger", 1_000_000, "Einträge des Haushaltsbuchs (bench budget)")
	imports := fs.Int("imports", 100_000, "Buchungen des gemessenen Imports (bench budget)")
	areas := fs.Int("areas", 10_000, "Gebiete des gemessenen Index (bench monitoring)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	exe, _ := os.Executable()
	if budgets {
		// Only the space budgets: the dashboard over a ledger of a
		// million entries and the finance import, on SQLite and, with
		// --postgres, on PostgreSQL.
		return bench.Budget(ctx, e.stdout, bench.BudgetOptions{Options: bench.Options{PostgresDSN: *dsn}, Ledger: *ledger, Imports: *imports})
	}
	if monitor {
		// Only the composite index: monitoring.Compute against the same
		// index as one SQL query on PostgreSQL (--postgres), same values.
		return bench.Monitoring(ctx, e.stdout, bench.MonitoringOptions{Options: bench.Options{PostgresDSN: *dsn}, Areas: *areas})
	}
	if streets {
		// Only the street directory at Berlin's scale (import, one lookup,
		// bulk, demo start), with the peer's figures where one is given.
		return bench.Streets(ctx, e.stdout, bench.Options{PostgresDSN: *dsn, Executable: exe, PeerExecutable: *peer})
	}
	if atlasOnly {
		// Only the atlas at --atlas offers: snapshot, memory, edits,
		// search, without the engine comparisons.
		return bench.Atlas(ctx, e.stdout, bench.Options{AtlasOffers: *atlas})
	}
	if *atlas == 0 {
		*atlas = -1 // bench.Options: 0 is the default size
	}
	return bench.Run(ctx, e.stdout, bench.Options{PostgresDSN: *dsn, Executable: exe, PeerExecutable: *peer, Lookups: *lookups, JoinPoints: *join, AtlasOffers: *atlas, LoadTime: *loadTime})
}
