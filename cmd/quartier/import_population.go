package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/services"
	"github.com/quartier/quartier/internal/spatial"
)

// columnFlag collects repeated --column CSV=GRUPPE options.
type columnFlag map[string]string

func (c columnFlag) String() string { return fmt.Sprint(map[string]string(c)) }

func (c columnFlag) Set(v string) error {
	col, group, ok := strings.Cut(v, "=")
	if !ok || col == "" || group == "" {
		return quartier.Errorf(quartier.EINVALID, "--column %q: Form SPALTE=GRUPPE, z. B. EW=gesamt.", v)
	}
	c[col] = group
	return nil
}

func importPopulation(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "import population", "EINWOHNER.csv --date JJJJ-MM-TT [--block-column SPALTE] [--column SPALTE=GRUPPE …]")
	var db dbFlags
	db.register(fs)
	date := fs.String("date", "", "Stichtag der Zahlen (Pflicht)")
	block := fs.String("block-column", "baustein", "Spalte mit dem Code des Bausteins")
	cols := columnFlag{}
	fs.Var(cols, "column", "Spalte=Gruppe (wiederholbar), z. B. EW=gesamt; ohne: jede andere Spalte ist eine Gruppe")
	file, err := parseOne(fs, args, "CSV-Datei")
	if err != nil {
		return err
	}
	if *date == "" {
		return quartier.Errorf(quartier.EINVALID, "--date fehlt (Stichtag der Einwohnerzahlen).")
	}
	day, err := quartier.ParseDate(*date)
	if err != nil {
		return err
	}
	return withApp(ctx, e, &db, file, func(a *services.Set, in io.Reader) error {
		rep, err := a.Spatial.ImportPopulation(operator(ctx), in, spatial.PopulationColumns{Block: *block, Groups: cols}, day)
		if err != nil {
			return err
		}
		for _, g := range slices.Sorted(maps.Keys(rep.Groups)) {
			fmt.Fprintf(e.stdout, "Einwohner %s (%s): %d Bausteine zum %s.\n", g, quartier.PopulationGroupLabel(g), rep.Groups[g], day.Format(quartier.GermanDateLayout))
		}
		if len(rep.Missing) > 0 {
			fmt.Fprintf(e.stdout, "Ohne Zahl: %d Bausteine (z. B. %s).\n", len(rep.Missing), strings.Join(rep.Missing[:min(5, len(rep.Missing))], ", "))
		}
		return nil
	})
}
