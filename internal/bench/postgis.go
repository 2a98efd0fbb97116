package bench

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"

	"github.com/quartier/quartier/internal/demo"
	"github.com/quartier/quartier/internal/geo"
	"github.com/quartier/quartier/internal/services"
)

// freshDatabase creates a throwaway database on the server of dsn and
// returns its DSN and the function that drops it.
func freshDatabase(ctx context.Context, dsn string) (string, func(), error) {
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		return "", nil, err
	}
	b := make([]byte, 5)
	rand.Read(b)
	name := "quartier_bench_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close()
		return "", nil, fmt.Errorf("create database: %w", err)
	}
	drop := func() {
		admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		admin.Close()
	}
	u, err := url.Parse(dsn)
	if err != nil {
		drop()
		return "", nil, err
	}
	u.Path = "/" + name
	return u.String(), drop, nil
}

// postgisFigures loads the same blocks into PostGIS with a GiST index and
// times the peer: a prepared single-point ST_Contains and a bulk spatial
// join over the same points, checking that both sides agree on the counts.
func postgisFigures(ctx context.Context, rep *report, dsn string, a *services.Set, ix *geo.Index, pts []orb.Point, oursInside int, oursJoin time.Duration) error {
	benchDSN, drop, err := freshDatabase(ctx, dsn)
	if err != nil {
		return fmt.Errorf("PostGIS comparison: %w", err)
	}
	defer drop()
	db, err := sql.Open("pgx", benchDSN)
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, "CREATE EXTENSION postgis"); err != nil {
		fmt.Fprintf(rep.w, "\nPostGIS comparison: skipped – the server has no PostGIS (%v)\n", err)
		return nil
	}
	_, _, areas, err := a.Spatial.LayerAreas(ctx, demo.LayerBlocks)
	if err != nil {
		return err
	}
	stmts := []string{
		"CREATE TABLE blocks (code text PRIMARY KEY, geom geometry(MultiPolygon, 25833) NOT NULL)",
		"CREATE TABLE pts (id int PRIMARY KEY, geom geometry(Point, 25833) NOT NULL)",
	}
	for _, s := range stmts {
		if _, err := db.ExecContext(ctx, s); err != nil {
			return err
		}
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	for _, ar := range areas {
		wb, err := wkb.Marshal(ar.Geometry)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO blocks VALUES ($1, ST_SetSRID(ST_GeomFromWKB($2), 25833))", ar.Code, wb); err != nil {
			return err
		}
	}
	// Points go in as one array per batch: a row-by-row insert would time
	// the network, not PostGIS.
	for off := 0; off < len(pts); off += 50000 {
		end := min(off+50000, len(pts))
		xs, ys := make([]float64, 0, end-off), make([]float64, 0, end-off)
		for _, p := range pts[off:end] {
			xs, ys = append(xs, p[0]), append(ys, p[1])
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO pts SELECT $1::int + i, ST_SetSRID(ST_MakePoint(x, y), 25833)
			FROM unnest($2::float8[], $3::float8[]) WITH ORDINALITY AS t(x, y, i)`, off, xs, ys); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	for _, s := range []string{"CREATE INDEX ON blocks USING gist (geom)", "CREATE INDEX ON pts USING gist (geom)", "ANALYZE blocks", "ANALYZE pts"} {
		if _, err := db.ExecContext(ctx, s); err != nil {
			return err
		}
	}
	fmt.Fprintln(rep.w)

	// Single point, prepared, one connection: the best case for a server.
	stmt, err := db.PrepareContext(ctx, "SELECT code FROM blocks WHERE ST_Contains(geom, ST_SetSRID(ST_MakePoint($1, $2), 25833)) LIMIT 1")
	if err != nil {
		return err
	}
	defer stmt.Close()
	n := min(20000, len(pts))
	start := time.Now()
	for _, p := range pts[:n] {
		var code string
		if err := stmt.QueryRowContext(ctx, p[0], p[1]).Scan(&code); err != nil && err != sql.ErrNoRows {
			return err
		}
	}
	pgRate := float64(n) / time.Since(start).Seconds()
	oursRate := lookupRate(func(p orb.Point) { ix.Locate(p) }, pts)
	rep.line("PostGIS prepared ST_Contains, single point", fmt.Sprintf("%.0f /s", pgRate), "")
	rep.line("ratio ours / PostGIS (single point)", fmt.Sprintf("%.0f×", oursRate/pgRate), "target ≥ 50×")

	start = time.Now()
	var pgInside int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM pts p JOIN blocks b ON ST_Contains(b.geom, p.geom)").Scan(&pgInside); err != nil {
		return err
	}
	pgJoin := time.Since(start)
	rep.line(fmt.Sprintf("PostGIS bulk join %d points (GiST)", len(pts)), pgJoin.Round(time.Millisecond).String(), "")
	rep.line("ratio PostGIS time / ours (bulk join)", fmt.Sprintf("%.1f×", pgJoin.Seconds()/oursJoin.Seconds()), "target ≥ 5×")
	agree := "agree"
	if pgInside != oursInside {
		agree = "DISAGREE"
	}
	rep.line("points inside a block: ours / PostGIS", fmt.Sprintf("%d / %d", oursInside, pgInside), agree+" (border points may differ by rule)")
	return nil
}
