package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"

	"github.com/quartier/quartier"
)

func cmdExport(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "export", "geojson|table --layer CODE [--crs 4326] [--out DATEI]")
	var db dbFlags
	db.register(fs)
	layer := fs.String("layer", "", "Code der Ebene")
	crs := fs.Int("crs", 0, "Koordinatensystem der GeoJSON-Ausgabe (4326, 25832, 25833); Standard: das der Installation")
	out := fs.String("out", "-", "Ausgabedatei")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || (pos[0] != "geojson" && pos[0] != "table") || *layer == "" {
		fs.Usage()
		return quartier.Errorf(quartier.EINVALID, "export geojson|table --layer CODE")
	}
	a, closeApp, err := openApp(ctx, e, &db)
	if err != nil {
		return err
	}
	defer closeApp()
	var w io.Writer = e.stdout
	if *out != "-" {
		// Written beside the target and renamed at the end, so an interrupted
		// export never leaves a truncated file under the final name.
		f, err := os.CreateTemp(dirOf(*out), ".quartier-export-*")
		if err != nil {
			return err
		}
		defer os.Remove(f.Name())
		defer f.Close()
		bw := bufio.NewWriter(f)
		if err := export(ctx, a.ExportGeoJSON, a.ExportBlockTable, pos[0], *layer, quartier.SRID(*crs), bw); err != nil {
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
	return export(ctx, a.ExportGeoJSON, a.ExportBlockTable, pos[0], *layer, quartier.SRID(*crs), w)
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

func dirOf(path string) string {
	for i := len(path) - 1; i >= 0; i-- {
		if os.IsPathSeparator(path[i]) {
			return path[:i+1]
		}
	}
	return "."
}
