package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/allocation"
	"github.com/quartier/quartier/internal/committee"
	"github.com/quartier/quartier/internal/services"
)

const allocationUsage = `quartier allocation VERB … (mit -h für Optionen)
  preview  Verteilungsvorschlag berechnen und ausgeben (nichts wird gespeichert)
  save     berechnen und als nächste Fassung speichern
  list     gespeicherte Vorschläge auflisten
  show     einen gespeicherten Vorschlag ausgeben (--id; --csv für die Tabellenkalkulation)
  publish  eine gespeicherte Fassung für den Ausschuss veröffentlichen (--id)
  report   den Bericht einer veröffentlichten Fassung schreiben (--id, --format html|pdf|xlsx, --out)`

// cmdAllocation divides an amount across the social spaces by indicators.
func cmdAllocation(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return quartier.Errorf(quartier.EINVALID, "%s", allocationUsage)
	}
	verb, args := args[0], args[1:]
	fs := newFlagSet(e, "allocation "+verb, "")
	var db dbFlags
	db.register(fs)
	switch verb {
	case "preview", "save":
		name := fs.String("name", "", "Name des Vorschlags, z. B. \"Dezentrale Mittel\"")
		year := fs.Int("year", 0, "Jahr, für das verteilt wird")
		amount := fs.String("amount", "", "zu verteilender Betrag, z. B. 250.000")
		base := fs.String("base", "0", "Sockelanteil in Prozent, gleich auf alle Sozialräume verteilt (z. B. 20)")
		date := fs.String("date", "", "Stichtag der Indikatorwerte (31.12.2024)")
		floor := fs.String("floor", "", "Untergrenze je Sozialraum (Betrag)")
		ceiling := fs.String("cap", "", "Obergrenze je Sozialraum (Betrag)")
		compare := fs.Int64("compare", 0, "Nummer des Vorschlags zum Vergleich (Standard: letzte Fassung des Vorjahres gleichen Namens)")
		note := fs.String("note", "", "Anmerkung für den Ausschuss")
		var terms, floors, caps listFlag
		fs.Var(&terms, "term", "Indikator=Gewicht, mehrfach (z. B. --term kinder=3 --term sgb2=1)")
		fs.Var(&floors, "floor-space", "Sozialraum=Betrag: eigene Untergrenze, mehrfach")
		fs.Var(&caps, "cap-space", "Sozialraum=Betrag: eigene Obergrenze, mehrfach")
		if _, err := parseFlags(fs, args); err != nil {
			return err
		}
		req, err := allocation.Form{Name: *name, Year: strconv.Itoa(*year), Amount: *amount, Base: *base, Date: *date, Floor: *floor, Cap: *ceiling,
			Note: *note, Compare: strconv.FormatInt(*compare, 10), Terms: terms, Floors: floors, Caps: caps}.Request()
		if err != nil {
			return err
		}
		return withBudgets(ctx, e, &db, func(a *services.Set) error {
			run := a.Allocation.Preview
			if verb == "save" {
				run = a.Allocation.Save
			}
			p, err := run(operator(ctx), req)
			if err != nil {
				return err
			}
			printAllocation(e.stdout, p)
			return nil
		})
	case "list":
		if _, err := parseFlags(fs, args); err != nil {
			return err
		}
		return withBudgets(ctx, e, &db, func(a *services.Set) error {
			ps, err := a.Allocation.Proposals(operator(ctx))
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "Nr.\tName\tJahr\tFassung\tBetrag\tRäume\tangelegt\tvon")
			for _, p := range ps {
				fmt.Fprintf(tw, "%d\t%s\t%d\t%d\t%s\t%d\t%s\t%s\n", p.ID, p.Name, p.Year, p.Version, p.Rule.Amount, len(p.Shares), p.CreatedAt.Format("02.01.2006 15:04"), p.CreatedBy)
			}
			return tw.Flush()
		})
	case "show":
		id := fs.Int64("id", 0, "Nummer des Vorschlags (siehe list)")
		csv := fs.Bool("csv", false, "als CSV für die Tabellenkalkulation")
		if _, err := parseFlags(fs, args); err != nil {
			return err
		}
		return withBudgets(ctx, e, &db, func(a *services.Set) error {
			p, err := a.Allocation.Proposal(operator(ctx), *id)
			if err != nil {
				return err
			}
			if *csv {
				return allocation.WriteCSV(e.stdout, p)
			}
			printAllocation(e.stdout, p)
			return nil
		})
	case "publish":
		id := fs.Int64("id", 0, "Nummer des Vorschlags (siehe list)")
		if _, err := parseFlags(fs, args); err != nil {
			return err
		}
		return withBudgets(ctx, e, &db, func(a *services.Set) error {
			rel, err := a.Allocation.Publish(operator(ctx), *id)
			if err != nil {
				return err
			}
			withheld := 0
			for _, r := range rel.Rows {
				for _, c := range r.Measures {
					if c.Suppressed != "" {
						withheld++
					}
				}
			}
			fmt.Fprintf(e.stdout, "%s %d, Fassung %d (Nr. %d) für den Ausschuss veröffentlicht: %d Sozialräume, %d Messwerte gesperrt.\n",
				rel.Name, rel.Year, rel.Version, rel.Allocation, len(rel.Rows), withheld)
			return nil
		})
	case "report":
		id := fs.Int64("id", 0, "Nummer des veröffentlichten Vorschlags")
		format := fs.String("format", "", "html, pdf oder xlsx (Standard: Endung von --out)")
		out := fs.String("out", "", "Zieldatei")
		if _, err := parseFlags(fs, args); err != nil {
			return err
		}
		if *out == "" {
			return quartier.Errorf(quartier.EINVALID, "--out fehlt (Zieldatei des Berichts).")
		}
		if *format == "" {
			*format = strings.TrimPrefix(strings.ToLower(filepath.Ext(*out)), ".")
		}
		if *format != "html" && *format != "pdf" && *format != "xlsx" {
			return quartier.Errorf(quartier.EINVALID, "--format: %q ist kein Format des Berichts (html, pdf, xlsx).", *format)
		}
		return withBudgets(ctx, e, &db, func(a *services.Set) error {
			rep, err := committee.Allocation(operator(ctx), a.Allocation, a.Spatial, *id)
			if err != nil {
				return err
			}
			if err := writeDocument(ctx, rep, *format, *out); err != nil {
				return err
			}
			fmt.Fprintf(e.stderr, "%s geschrieben (%s, %d Sozialräume).\n", *out, rep.Title, len(rep.Release.Rows))
			return nil
		})
	}
	return quartier.Errorf(quartier.EINVALID, "%s", allocationUsage)
}

func printAllocation(w io.Writer, p *quartier.AllocationProposal) {
	title := fmt.Sprintf("Verteilungsvorschlag „%s“ %d", p.Name, p.Year)
	if p.Version > 0 {
		title += fmt.Sprintf(", Fassung %d (Nr. %d)", p.Version, p.ID)
	}
	fmt.Fprintf(w, "%s: %s, Sockel %s %%, Indikatoren zum %s auf %s (Gebietsstand %s)\n", title, p.Rule.Amount,
		quartier.FormatNumber(p.Rule.BaseShare*100), p.Rule.Date.Format("02.01.2006"), p.Layer, p.LayerDate.Format("02.01.2006"))
	var terms []string
	for _, t := range p.Rule.Terms {
		terms = append(terms, fmt.Sprintf("%s × %s", t.Indicator, quartier.FormatNumber(t.Weight)))
	}
	fmt.Fprintf(w, "Gewichte: %s\n", strings.Join(terms, ", "))
	if p.ComparedWith != "" {
		fmt.Fprintf(w, "Vergleich mit: %s\n", p.ComparedWith)
	}
	for _, n := range p.Notes {
		fmt.Fprintf(w, "Hinweis: %s\n", n)
	}
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "Sozialraum\tBedarfsanteil\tBetrag\tVergleich\tÄnderung\tGrenze\t")
	for _, s := range p.Shares {
		cmp, change := "–", "–"
		if s.HasPrevious {
			cmp, change = s.Previous.String(), s.Change().String()
		}
		sp := quartier.Space{Code: s.Space, Name: s.Name}
		fmt.Fprintf(tw, "%s\t%s %%\t%s\t%s\t%s\t%s\t\n", sp.Label(), quartier.FormatNumber(roundTo(s.Score*100, 2)), s.Amount, cmp, change, allocation.BoundLabel(s.Bound))
	}
	tw.Flush()
}

func roundTo(x float64, d int) float64 {
	f, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'f', d, 64), 64)
	return f
}
