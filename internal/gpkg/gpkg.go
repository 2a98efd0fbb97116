// Package gpkg writes OGC GeoPackage 1.3 files: the one-file format QGIS,
// ArcGIS and the Länder's GIS offices exchange layers in, so a planner takes
// a Gebietsstand home without a server. It writes feature tables only
// (areas with attributes), through the embedded SQLite driver.
package gpkg

import (
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
	_ "modernc.org/sqlite" // the "sqlite" driver

	"github.com/quartier/quartier"
)

// FieldType is the SQL type of an attribute column.
type FieldType string

const (
	Text    FieldType = "TEXT"
	Real    FieldType = "DOUBLE"
	Integer FieldType = "INTEGER"
)

// Field is an attribute column.
type Field struct {
	Name string
	Type FieldType
}

// Feature is one row: a geometry (nil for none) and one value per field
// (nil for none).
type Feature struct {
	Geometry orb.MultiPolygon
	Values   []any
}

// Layer is one feature table.
type Layer struct {
	Name        string // table name: letters, digits, _ (checked)
	Title       string
	Description string
	SRID        quartier.SRID
	Fields      []Field
	Features    []Feature
}

// definitions are the WKT of the supported CRS, as GDAL writes them.
var definitions = map[quartier.SRID]struct{ name, wkt string }{
	quartier.WGS84:  {"WGS 84", `GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]`},
	quartier.UTM32N: {"ETRS89 / UTM zone 32N", utm(32, 9)},
	quartier.UTM33N: {"ETRS89 / UTM zone 33N", utm(33, 15)},
}

func utm(zone, meridian int) string {
	return fmt.Sprintf(`PROJCS["ETRS89 / UTM zone %dN",GEOGCS["ETRS89",DATUM["European_Terrestrial_Reference_System_1989",SPHEROID["GRS 1980",6378137,298.257222101,AUTHORITY["EPSG","7019"]],TOWGS84[0,0,0,0,0,0,0],AUTHORITY["EPSG","6258"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4258"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",%d],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["EPSG","258%d"]]`, zone, meridian, zone)
}

// Write creates the GeoPackage at path (which must not exist) in one
// transaction; on any error the file is removed, so a reader never meets a
// half-written package.
func Write(ctx context.Context, path string, layers []Layer) (err error) {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("gpkg: %s exists", path)
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := db.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(path)
		}
	}()
	db.SetMaxOpenConns(1)
	// The header fields that make the file a GeoPackage 1.3.
	if _, err := db.ExecContext(ctx, `PRAGMA application_id = 1196444487; PRAGMA user_version = 10300; PRAGMA journal_mode = OFF`); err != nil {
		return err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, stmt := range schema {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("gpkg schema: %w", err)
		}
	}
	for srid, d := range definitions {
		if _, err := tx.ExecContext(ctx, `INSERT INTO gpkg_spatial_ref_sys (srs_name, srs_id, organization, organization_coordsys_id, definition) VALUES (?, ?, 'EPSG', ?, ?)`,
			d.name, int(srid), int(srid), d.wkt); err != nil {
			return err
		}
	}
	for _, l := range layers {
		if err := writeLayer(ctx, tx, l); err != nil {
			return fmt.Errorf("gpkg layer %s: %w", l.Name, err)
		}
	}
	return tx.Commit()
}

var schema = []string{
	`CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT)`,
	`INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system')`,
	`INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system')`,
	`CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER, CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))`,
	`CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL, CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name), CONSTRAINT uk_gc_table_name UNIQUE (table_name), CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name), CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))`,
}

func writeLayer(ctx context.Context, tx *sql.Tx, l Layer) error {
	if _, ok := definitions[l.SRID]; !ok {
		return fmt.Errorf("CRS %s not supported", l.SRID)
	}
	if err := checkName(l.Name); err != nil {
		return err
	}
	cols := []string{"fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL", "geom MULTIPOLYGON"}
	names := []string{"geom"}
	for _, f := range l.Fields {
		if err := checkName(f.Name); err != nil {
			return err
		}
		cols = append(cols, fmt.Sprintf(`"%s" %s`, f.Name, f.Type))
		names = append(names, `"`+f.Name+`"`)
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(`CREATE TABLE "%s" (%s)`, l.Name, strings.Join(cols, ", "))); err != nil {
		return err
	}
	var bound orb.Bound
	first := true
	for _, f := range l.Features {
		switch {
		case f.Geometry == nil:
		case first:
			bound, first = f.Geometry.Bound(), false
		default:
			bound = bound.Union(f.Geometry.Bound())
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, min_x, min_y, max_x, max_y, srs_id) VALUES (?, 'features', ?, ?, ?, ?, ?, ?, ?, ?)`,
		l.Name, l.Title, l.Description, time.Now().UTC().Format("2006-01-02T15:04:05.000Z"), bound.Min[0], bound.Min[1], bound.Max[0], bound.Max[1], int(l.SRID)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', 'MULTIPOLYGON', ?, 0, 0)`, l.Name, int(l.SRID)); err != nil {
		return err
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(names)), ", ")
	stmt, err := tx.PrepareContext(ctx, fmt.Sprintf(`INSERT INTO "%s" (%s) VALUES (%s)`, l.Name, strings.Join(names, ", "), marks))
	if err != nil {
		return err
	}
	defer stmt.Close()
	for i, f := range l.Features {
		if len(f.Values) != len(l.Fields) {
			return fmt.Errorf("feature %d: %d values for %d fields", i+1, len(f.Values), len(l.Fields))
		}
		var g any // NULL: a figure for an area the Gebietsstand lacks
		if f.Geometry != nil {
			blob, err := Geometry(f.Geometry, l.SRID)
			if err != nil {
				return fmt.Errorf("feature %d: %w", i+1, err)
			}
			g = blob
		}
		if _, err := stmt.ExecContext(ctx, append([]any{g}, f.Values...)...); err != nil {
			return err
		}
		if i%1000 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkName keeps table and column names to what needs no quoting rules:
// they come from layer codes, which users choose.
func checkName(n string) error {
	if n == "" || len(n) > 63 {
		return fmt.Errorf("name %q: 1 to 63 characters", n)
	}
	for _, r := range n {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return fmt.Errorf("name %q: only letters, digits and _", n)
		}
	}
	return nil
}

// Geometry encodes a GeoPackage geometry blob: the "GP" header with the
// CRS and the envelope (so readers can skip features outside a view
// without parsing them), then little-endian WKB.
func Geometry(mp orb.MultiPolygon, srid quartier.SRID) ([]byte, error) {
	body, err := wkb.Marshal(mp, binary.LittleEndian)
	if err != nil {
		return nil, err
	}
	b := mp.Bound()
	out := make([]byte, 0, 8+32+len(body))
	// Version 0; flags: little endian (bit 0), envelope [minx,maxx,miny,maxy] (code 1 in bits 1–3).
	out = append(out, 'G', 'P', 0, 0x03)
	out = binary.LittleEndian.AppendUint32(out, uint32(int32(srid)))
	for _, v := range []float64{b.Min[0], b.Max[0], b.Min[1], b.Max[1]} {
		out = binary.LittleEndian.AppendUint64(out, math.Float64bits(v))
	}
	return append(out, body...), nil
}
