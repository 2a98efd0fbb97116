package main

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/monitoring"
)

const monitoringUsage = `quartier monitoring VERB … (mit -h für Optionen)
  series        Zeitreihe eines Indikators für ein Gebiet
  change        Veränderung eines Indikators zwischen zwei Stichtagen je Gebiet
  publish       Indikator oder Index mit gesperrten kleinen Zahlen veröffentlichen
  publications  Veröffentlichungen auflisten, eine mit --id ausgeben
  report        Bericht für den Ausschuss (HTML, PDF, XLSX) mit gesperrten kleinen Zahlen`

// cmdMonitoring reads the social monitoring: time series, changes, and
// publications, each one use case of internal/monitoring run as the
// command line's operator.
func cmdMonitoring(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "monitoring", "series|change|publish|publications [Optionen]")
	var db dbFlags
	db.register(fs)
	indicator := fs.String("indicator", "", "Indikator-Code")
	layer := fs.String("layer", "", "Ebene der Gebiete")
	area := fs.String("area", "", "Gebietscode (series)")
	from := fs.String("from", "", "erster Stichtag JJJJ-MM-TT (change)")
	to := fs.String("to", "", "zweiter Stichtag JJJJ-MM-TT (change)")
	date := fs.String("date", "", "Stichtag JJJJ-MM-TT (publish --indicator; report: je Indikator der letzte bis dahin)")
	index := fs.String("index", "", "Index-Code (publish, report)")
	title := fs.String("title", "", "Titel der Veröffentlichung oder des Berichts")
	id := fs.Int64("id", 0, "Nummer einer Veröffentlichung (publications)")
	areas := fs.String("areas", "", "Gebietscodes, durch Kommas getrennt (report; leer: alle)")
	indicators := fs.String("indicators", "", "Indikator-Codes, durch Kommas getrennt (report)")
	commentFile := fs.String("comment-file", "", "Kommentar als Textdatei, Absätze durch Leerzeilen (report)")
	format := fs.String("format", "", "html, pdf oder xlsx (report; Standard: nach der Endung von --out)")
	out := fs.String("out", "", "Zieldatei (report)")
	save := fs.Bool("save", false, "den Bericht auch für den Ausschuss speichern (report; Zahlen eingefroren, öffentlich lesbar)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return quartier.Errorf(quartier.EINVALID, "%s", monitoringUsage)
	}
	verb := pos[0]
	switch verb {
	case "series", "change", "publish", "publications", "report":
	default:
		return quartier.Errorf(quartier.EINVALID, "%s", monitoringUsage)
	}
	need := func(name, v string) error {
		if v == "" {
			return quartier.Errorf(quartier.EINVALID, "--%s fehlt.", name)
		}
		return nil
	}
	day := func(name, v string) (time.Time, error) {
		if err := need(name, v); err != nil {
			return time.Time{}, err
		}
		d, err := quartier.ParseDate(v)
		if err != nil {
			return d, quartier.Errorf(quartier.EINVALID, "--%s: %s", name, quartier.ErrorMessage(err))
		}
		return d, nil
	}
	var rep reportFlags
	if verb == "report" {
		// Checked before the database is opened: a typo costs nothing.
		rep = reportFlags{layer: *layer, areas: *areas, indicators: *indicators, index: *index, date: *date, title: *title, commentFile: *commentFile, format: *format, out: *out, save: *save}
		if err := rep.check(); err != nil {
			return err
		}
	}
	a, closeApp, err := openApp(ctx, e, &db)
	if err != nil {
		return err
	}
	defer closeApp()
	ctx = operator(ctx)
	if verb == "report" {
		return rep.write(ctx, e, a)
	}
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	defer w.Flush()
	switch verb {
	case "series":
		for _, f := range [][2]string{{"indicator", *indicator}, {"layer", *layer}, {"area", *area}} {
			if err := need(f[0], f[1]); err != nil {
				return err
			}
		}
		s, err := a.Monitoring.AreaSeries(ctx, *indicator, *layer, *area)
		if err != nil {
			return err
		}
		name := ""
		if len(s.Points) > 0 {
			name = s.Points[0].Area.Name
		}
		fmt.Fprintf(w, "Zeitreihe %s (%s) für %s %s auf %s\n", s.Indicator.Code, s.Indicator.Name, *area, name, s.Layer)
		fmt.Fprintln(w, "Stichtag\tWert\tStadt\tGebietsstand\tHinweis")
		for _, p := range s.Points {
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", p.Date.Format(quartier.GermanDateLayout), shown(p.Area.Value), shown(p.City), p.Area.LayerDate.Format(quartier.GermanDateLayout), comparability(p.Area.NotComparable))
		}
		return nil
	case "change":
		if err := need("indicator", *indicator); err != nil {
			return err
		}
		if err := need("layer", *layer); err != nil {
			return err
		}
		f, err := day("from", *from)
		if err != nil {
			return err
		}
		t, err := day("to", *to)
		if err != nil {
			return err
		}
		rep, err := a.Monitoring.Change(ctx, *indicator, *layer, f, t)
		if err != nil {
			return err
		}
		unit := rep.Indicator.Unit
		if rep.Indicator.Kind == quartier.IndicatorShare {
			unit = "Prozentpunkte"
		}
		fmt.Fprintf(w, "Veränderung %s (%s) auf %s vom %s zum %s\n", rep.Indicator.Code, rep.Indicator.Name, rep.Layer, f.Format(quartier.GermanDateLayout), t.Format(quartier.GermanDateLayout))
		fmt.Fprintf(w, "Gebiet\tName\t%s\t%s\tVeränderung %s\tHinweis\n", f.Format(quartier.GermanDateLayout), t.Format(quartier.GermanDateLayout), unit)
		for _, c := range rep.Areas {
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", c.Area, c.Name, shown(c.From.Value), shown(c.To.Value), signed(c.Difference), comparability(c.NotComparable))
		}
		return nil
	case "publish":
		req := monitoring.PublishRequest{Layer: *layer, Title: *title}
		switch {
		case *indicator != "" && *index == "":
			req.Kind, req.Subject = quartier.PublishedIndicator, *indicator
			if req.Date, err = day("date", *date); err != nil {
				return err
			}
		case *index != "" && *indicator == "":
			req.Kind, req.Subject = quartier.PublishedIndex, *index
		default:
			return quartier.Errorf(quartier.EINVALID, "Entweder --indicator (mit --layer und --date) oder --index angeben.")
		}
		p, err := a.Monitoring.Publish(ctx, req)
		if err != nil {
			return err
		}
		withheld := 0
		for _, r := range p.Table.Rows {
			for _, c := range r.Cells {
				if c.Suppressed != "" {
					withheld++
				}
			}
		}
		fmt.Fprintf(w, "Veröffentlichung %d: %s (%d Gebiete auf %s, %d Felder gesperrt).\n", p.ID, p.Title, len(p.Table.Rows), p.Layer, withheld)
		return nil
	case "publications":
		if *id == 0 {
			list, err := a.Monitoring.Publications(ctx)
			if err != nil {
				return err
			}
			fmt.Fprintln(w, "Nr.\tTitel\tEbene\tStichtag\tveröffentlicht\tvon")
			for _, p := range list {
				fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\n", p.ID, p.Title, p.Layer, p.ReferenceDate.Format(quartier.GermanDateLayout), p.PublishedAt.Format("02.01.2006 15:04"), p.PublishedBy)
			}
			return nil
		}
		p, err := a.Monitoring.Publication(ctx, *id)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%s\n", p.Title)
		fmt.Fprintf(w, "Gebiet\tName\t%s\n", strings.Join(p.Table.Columns, "\t"))
		rows := p.Table.Rows
		if p.Table.Total != nil {
			rows = append(rows, *p.Table.Total)
		}
		for _, r := range rows {
			cells := make([]string, len(r.Cells))
			for i, c := range r.Cells {
				cells[i] = c.Text
			}
			fmt.Fprintf(w, "%s\t%s\t%s\n", r.Area, r.Name, strings.Join(cells, "\t"))
		}
		for _, n := range p.Table.Notes {
			fmt.Fprintln(w, n)
		}
		return nil
	}
	return nil
}

// shown writes a value with a decimal comma and at most two decimals.
func shown(x float64) string {
	if math.IsNaN(x) {
		return "kein Wert"
	}
	return strings.Replace(strconv.FormatFloat(math.Round(x*100)/100, 'f', -1, 64), ".", ",", 1)
}

func signed(x float64) string {
	if !math.IsNaN(x) && x > 0 {
		return "+" + shown(x)
	}
	return shown(x)
}

func comparability(reason string) string {
	if reason == "" {
		return ""
	}
	return "nicht vergleichbar: " + reason
}
