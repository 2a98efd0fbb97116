package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/monitoring"
	"github.com/quartier/quartier/internal/services"
)

// importIndicators reads a table of indicator values with a mapping file
// (JSON, see monitoring.Mapping); flags override the mapping's layer,
// area column and date.
func importIndicators(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "import indicators", "WERTE.csv|WERTE.xlsx --mapping ZUORDNUNG.json [--layer CODE] [--layer-date JJJJ-MM-TT] [--sheet BLATT] [--area-column SPALTE] [--date JJJJ-MM-TT | --date-column SPALTE]")
	var db dbFlags
	db.register(fs)
	mappingFile := fs.String("mapping", "", "Zuordnung als JSON: Ebene, Gebietsspalte, Stichtag, Indikatoren mit ihren Spalten (Pflicht)")
	layer := fs.String("layer", "", "Ebene der Gebietscodes (überschreibt die Zuordnung)")
	areaColumn := fs.String("area-column", "", "Spalte mit dem Gebietscode (überschreibt die Zuordnung)")
	date := fs.String("date", "", "Stichtag aller Zeilen (überschreibt die Zuordnung)")
	dateColumn := fs.String("date-column", "", "Spalte mit dem Stichtag je Zeile, z. B. ZEIT mit 202012 (überschreibt die Zuordnung)")
	layerDate := fs.String("layer-date", "", "Gebietsstand der Gebietscodes, wenn nicht der aktuelle (überschreibt die Zuordnung)")
	sheet := fs.String("sheet", "", "Blatt einer XLSX-Arbeitsmappe (Standard: das erste; überschreibt die Zuordnung)")
	file, err := parseOne(fs, args, "CSV- oder XLSX-Datei")
	if err != nil {
		return err
	}
	if *mappingFile == "" {
		return quartier.Errorf(quartier.EINVALID, "--mapping fehlt (welche Spalte welcher Indikator ist).")
	}
	var m monitoring.Mapping
	if err := readJSONFile(*mappingFile, &m); err != nil {
		return err
	}
	if *layer != "" {
		m.Layer = *layer
	}
	if *areaColumn != "" {
		m.AreaColumn = *areaColumn
	}
	if *date != "" {
		m.Date, m.DateColumn = *date, ""
	}
	if *dateColumn != "" {
		m.DateColumn, m.Date = *dateColumn, ""
	}
	if *layerDate != "" {
		m.LayerDate = *layerDate
	}
	if *sheet != "" {
		m.Sheet = *sheet
	}
	return withApp(ctx, e, &db, file, func(a *services.Set, in io.Reader) error {
		rep, err := a.Monitoring.ImportIndicators(operator(ctx), in, m)
		if err != nil {
			return err
		}
		dates := make([]string, len(rep.Dates))
		for i, d := range rep.Dates {
			dates[i] = d.Format(quartier.GermanDateLayout)
		}
		fmt.Fprintf(e.stdout, "%d Zeilen auf %s (Gebietsstand %s), Stichtag %s:\n", rep.Rows, rep.Layer, rep.LayerDate.Format(quartier.GermanDateLayout), strings.Join(dates, ", "))
		for _, ir := range rep.Indicators {
			fmt.Fprintf(e.stdout, "  %s: %d Werte, %d ohne Wert", ir.Code, ir.Values, ir.Withheld)
			if ir.Replaced > 0 {
				fmt.Fprintf(e.stdout, ", %d frühere Werte ersetzt", ir.Replaced)
			}
			fmt.Fprintln(e.stdout)
		}
		return nil
	})
}

// importIndex stores an index definition (JSON, see quartier.Index;
// dates as JJJJ-MM-TT).
func importIndex(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "import index", "DEFINITION.json")
	var db dbFlags
	db.register(fs)
	file, err := parseOne(fs, args, "JSON-Datei")
	if err != nil {
		return err
	}
	var x quartier.Index
	if err := readJSONFile(file, &x, "reference_date", "change_from"); err != nil {
		return err
	}
	a, closeApp, err := openApp(ctx, e, &db)
	if err != nil {
		return err
	}
	defer closeApp()
	if err := a.Monitoring.SaveIndex(operator(ctx), x); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Index %s (%s) gespeichert: %d Teilindizes auf %s.\n", x.Code, x.Name, len(x.Components), x.Layer)
	return nil
}

// readJSONFile decodes a JSON file into v, refusing unknown fields (a
// misspelt setting must not pass silently). The fields named by dateKeys
// may hold a plain date (2020-12-31), as people write them.
func readJSONFile(name string, v any, dateKeys ...string) error {
	b, err := os.ReadFile(name)
	if err != nil {
		return quartier.WrapError(quartier.EINVALID, err, "Datei %s lässt sich nicht lesen.", name)
	}
	if len(dateKeys) > 0 {
		var doc any
		if err := json.Unmarshal(b, &doc); err != nil {
			return quartier.Errorf(quartier.EINVALID, "%s ist kein gültiges JSON: %v", name, err)
		}
		if b, err = json.Marshal(fullDates(doc, dateKeys)); err != nil {
			return err
		}
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return quartier.Errorf(quartier.EINVALID, "%s: %v", name, err)
	}
	return nil
}

// fullDates turns plain dates under the given keys into the timestamps
// encoding/json reads as time.Time.
func fullDates(doc any, keys []string) any {
	switch d := doc.(type) {
	case map[string]any:
		for k, v := range d {
			if s, ok := v.(string); ok && len(s) == len(quartier.DateLayout) && slices.Contains(keys, k) {
				if t, err := quartier.ParseDate(s); err == nil {
					d[k] = t
					continue
				}
			}
			d[k] = fullDates(v, keys)
		}
	case []any:
		for i := range d {
			d[i] = fullDates(d[i], keys)
		}
	}
	return doc
}
