package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/spatial"
)

func cmdLookup(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "lookup", "X Y [--crs 4326] | --address \"Straße Nr, PLZ\" | --csv DATEI [--out DATEI]")
	db := dbFlags{spatialOnly: true}
	db.register(fs)
	var crs sridFlag
	fs.Var(&crs, "crs", "Koordinatensystem von X Y bzw. der x/y-Spalten (4326, 25832, 25833, auch EPSG:25832); Standard: das der Installation")
	address := fs.String("address", "", "Adresse über das Straßenverzeichnis zuordnen, z. B. \"Schwedter Str. 234, 10435\"")
	csvIn := fs.String("csv", "", "CSV-Datei (x,y | lon,lat | strasse,hausnummer[,plz][,ortsteil|bezirk] | adresse) zuordnen; - = Standardeingabe")
	csvOut := fs.String("out", "-", "Ausgabe der CSV-Zuordnung")
	asJSON := fs.Bool("json", false, "Ergebnis als JSON")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	a, closeApp, err := openApp(ctx, e, &db)
	if err != nil {
		return err
	}
	defer closeApp()
	ctx = operator(ctx)

	if *csvIn != "" {
		in, err := openInput(e, *csvIn)
		if err != nil {
			return err
		}
		defer in.Close()
		out := e.stdout
		if *csvOut != "-" {
			f, err := os.Create(*csvOut)
			if err != nil {
				return err
			}
			defer f.Close()
			out = f
		}
		rep, err := a.Spatial.BulkLookup(ctx, in, out, crs.srid, newProgress(e))
		if rep != nil {
			e.log.Info("Zuordnung", "zeilen", rep.Rows, "gefunden", rep.Found, "ausserhalb", rep.Outside, "fehlerhaft", rep.Failed)
		}
		return err
	}

	var res spatial.LookupResult
	switch {
	case *address != "":
		res, err = a.Spatial.LookupAddress(ctx, spatial.ParseAddress(*address))
	case len(pos) == 2:
		x, errX := strconv.ParseFloat(strings.Replace(pos[0], ",", ".", 1), 64)
		y, errY := strconv.ParseFloat(strings.Replace(pos[1], ",", ".", 1), 64)
		if errX != nil || errY != nil {
			return quartier.Errorf(quartier.EINVALID, "X und Y müssen Zahlen sein (%q, %q).", pos[0], pos[1])
		}
		res, err = a.Spatial.LookupPoint(ctx, x, y, crs.srid)
	default:
		fs.Usage()
		return quartier.Errorf(quartier.EINVALID, "Koordinate X Y, --address oder --csv angeben.")
	}
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	if !res.Inside {
		fmt.Fprintf(e.stdout, "außerhalb: (%.2f, %.2f) liegt in keinem Baustein.\n", res.X, res.Y)
	}
	if res.Address != "" {
		point := "Punkt im Baustein"
		if res.Exact {
			point = "Hauskoordinate"
		}
		fmt.Fprintf(e.stdout, "%-28s %s (%s %.2f, %.2f)\n", "Adresse", res.Address, point, res.X, res.Y)
	}
	for _, h := range res.Hits {
		if h.Code == "" {
			fmt.Fprintf(e.stdout, "%-28s außerhalb\n", h.LayerName)
			continue
		}
		fmt.Fprintf(e.stdout, "%-28s %s %s\n", h.LayerName, h.Code, h.Name)
	}
	if res.Source != "" {
		fmt.Fprintf(e.stdout, "%-28s %s\n", "Quelle Straßenverzeichnis", res.Source)
	}
	return nil
}
