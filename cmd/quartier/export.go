package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/gpkg"
	"github.com/quartier/quartier/internal/hsds"
	"github.com/quartier/quartier/internal/services"
)

func cmdExport(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "export", "geojson|table --layer CODE [--crs 4326] [--out DATEI] | gpkg --layer CODE --out DATEI.gpkg [--crs 4326] [--stand ID] | hsds [--format json|csv] [--out DATEI] | index --index CODE [--layer CODE] [--out DATEI]")
	var db dbFlags
	db.register(fs)
	layer := fs.String("layer", "", "Code der Ebene (geojson, table; index: Standard die Ebene des Index)")
	index := fs.String("index", "", "index: Code des Index, z. B. mss-2021")
	crs := fs.Int("crs", 0, "Koordinatensystem der GeoJSON-Ausgabe (4326, 25832, 25833); Standard: das der Installation")
	out := fs.String("out", "-", "Ausgabedatei")
	format := fs.String("format", "json", "hsds: json (alle Dienste als eine Seite der HSDS-API) oder csv (Tabellenpaket als ZIP)")
	stand := fs.Int64("stand", 0, "gpkg: Nummer eines früheren Gebietsstands (Standard: der gültige)")
	internal := fs.Bool("internal", false, "hsds: auch Kontakte für Fachkräfte und Adressen vertraulicher Orte ausgeben (Übergabe zwischen Installationen, nicht zur Veröffentlichung)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	var write func(a *services.Set, w io.Writer) error
	switch {
	case len(pos) == 1 && pos[0] == "hsds":
		if *format != "json" && *format != "csv" {
			return quartier.Errorf(quartier.EINVALID, "--format muss json oder csv sein.")
		}
		write = func(a *services.Set, w io.Writer) error {
			return exportHSDS(ctx, a, w, *format, hsds.EncodeOptions{SRID: a.Spatial.SRID(), State: a.Atlas.State(),
				RevealConfidential: *internal, PublicContactsOnly: !*internal})
		}
	case len(pos) == 1 && (pos[0] == "geojson" || pos[0] == "table") && *layer != "":
		write = func(a *services.Set, w io.Writer) error {
			return export(ctx, a.Spatial.ExportGeoJSON, a.Spatial.ExportBlockTable, pos[0], *layer, quartier.SRID(*crs), w)
		}
	case len(pos) == 1 && pos[0] == "gpkg" && *layer != "":
		if *out == "-" || !strings.HasSuffix(*out, ".gpkg") {
			return quartier.Errorf(quartier.EINVALID, "export gpkg schreibt eine Datei: --out NAME.gpkg")
		}
		a, closeApp, err := openApp(ctx, e, &db)
		if err != nil {
			return err
		}
		defer closeApp()
		return exportGeoPackage(ctx, e, a, *layer, *stand, quartier.SRID(*crs), *out)
	case len(pos) == 1 && pos[0] == "index" && *index != "":
		write = func(a *services.Set, w io.Writer) error { return exportIndex(ctx, e, a, *index, *layer, w) }
	default:
		fs.Usage()
		return quartier.Errorf(quartier.EINVALID, "export geojson|table|gpkg --layer CODE, export hsds oder export index --index CODE")
	}
	a, closeApp, err := openApp(ctx, e, &db)
	if err != nil {
		return err
	}
	defer closeApp()
	if *out == "-" {
		return write(a, e.stdout)
	}
	// Written beside the target and renamed at the end, so an interrupted
	// export never leaves a truncated file under the final name.
	f, err := os.CreateTemp(dirOf(*out), ".quartier-export-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	defer f.Close()
	bw := bufio.NewWriter(f)
	if err := write(a, bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), *out); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "%s geschrieben.\n", *out)
	return nil
}

func export(ctx context.Context,
	geojson func(context.Context, string, quartier.SRID, io.Writer) error,
	table func(context.Context, string, io.Writer) error,
	what, layer string, srid quartier.SRID, w io.Writer) error {
	ctx = operator(ctx)
	if what == "geojson" {
		return geojson(ctx, layer, srid, w)
	}
	return table(ctx, layer, w)
}

// exportHSDS writes the atlas as the command line sees it (everything);
// the options decide what of it leaves the installation.
func exportHSDS(ctx context.Context, a *services.Set, w io.Writer, format string, opt hsds.EncodeOptions) error {
	v, err := a.Atlas.View(operator(ctx))
	if err != nil {
		return err
	}
	doc, err := hsds.Encode(hsds.FromView(v), opt)
	if err != nil {
		return err
	}
	if format == "csv" {
		return doc.WriteCSV(w)
	}
	return doc.WriteJSON(w)
}

func dirOf(path string) string {
	for i := len(path) - 1; i >= 0; i-- {
		if os.IsPathSeparator(path[i]) {
			return path[:i+1]
		}
	}
	return "."
}

// exportIndex writes an index result as CSV and its class counts to
// stderr.
func exportIndex(ctx context.Context, e *env, a *services.Set, index, layer string, w io.Writer) error {
	res, err := a.Monitoring.ComputeIndex(operator(ctx), index, layer)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "Index %s auf %s: %d Gebiete, %d berücksichtigt.\n", index, res.Layer, len(res.Rows), res.Considered)
	for _, c := range res.Components {
		fmt.Fprintf(e.stderr, "  %s:", c.Name)
		for _, cc := range c.Classes {
			fmt.Fprintf(e.stderr, " %s %d", cc.Label, cc.Areas)
		}
		fmt.Fprintln(e.stderr)
	}
	return res.WriteCSV(w)
}

// exportGeoPackage writes a Gebietsstand as a GeoPackage beside the target
// and renames it at the end, like the other exports.
func exportGeoPackage(ctx context.Context, e *env, a *services.Set, layer string, version int64, srid quartier.SRID, out string) error {
	if srid == quartier.NoSRID {
		srid = a.Spatial.SRID()
	}
	l, v, areas, err := a.Spatial.ExportAreas(ctx, layer, version, "GeoPackage")
	if err != nil {
		return err
	}
	gl, err := gpkg.AreaLayer(l, v, areas, a.Spatial.SRID(), srid)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp(dirOf(out), ".quartier-export-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	tmp := filepath.Join(dir, "export.gpkg")
	if err := gpkg.Write(ctx, tmp, []gpkg.Layer{gl}); err != nil {
		return err
	}
	if err := os.Rename(tmp, out); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "%s geschrieben: %d Gebiete der Ebene %s, Gebietsstand %s, EPSG:%d.\n", out, len(areas), l.Code, v.ReferenceDate.Format("02.01.2006"), int(srid))
	return nil
}
