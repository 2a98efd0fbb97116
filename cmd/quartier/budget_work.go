package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/budget"
	"github.com/quartier/quartier/internal/services"
)

const budgetWorkUsage = `
  project  Projekt fallunabhängiger Arbeit anlegen oder ändern (Partner aus dem Atlas)
  projects Projekte eines Sozialraums mit Kosten und Teilnahmezahlen
  count    Teilnahmezahlen eines Projekts für einen Zeitraum (nur Anzahlen)
  hours    Arbeitsstunden einer Woche nach Arbeitsart erfassen
  target   Sollanteil fallunabhängiger Arbeit eines Teams setzen
  time     Stunden je Team und Sozialraum gegen den Sollanteil
  purge-hours  Arbeitsstunden nach Ablauf der Aufbewahrungsfrist löschen (--keep-years, Standard 2)
  map      Kostenstelle/Kostenträger einer Haushaltszeile zuordnen (--delete: lösen; ohne Angaben: auflisten)
  import   Buchungen des Finanzverfahrens einspielen (CSV oder XLSX)`

// budgetWork runs the verbs of case-independent work and the finance
// import; ok is false for a verb it does not know.
func budgetWork(ctx context.Context, e *env, verb string, fs *flag.FlagSet, db *dbFlags, args []string) (ok bool, err error) {
	run, ok := map[string]func(context.Context, *env, *flag.FlagSet, *dbFlags, []string) error{
		"project": budgetProject, "projects": budgetProjects, "count": budgetCount, "hours": budgetHours,
		"target": budgetTarget, "time": budgetTime, "map": budgetMap, "import": budgetImport, "purge-hours": budgetPurgeHours,
	}[verb]
	if !ok {
		return false, nil
	}
	return true, run(ctx, e, fs, db, args)
}

func dateFlag(name, s string, required bool) (time.Time, error) {
	if s == "" {
		if required {
			return time.Time{}, quartier.Errorf(quartier.EINVALID, "--%s fehlt.", name)
		}
		return time.Time{}, nil
	}
	d, err := quartier.ParseDate(s)
	if err != nil {
		return d, quartier.Errorf(quartier.EINVALID, "--%s: %s", name, quartier.ErrorMessage(err))
	}
	return d, nil
}

func budgetProject(ctx context.Context, e *env, fs *flag.FlagSet, db *dbFlags, args []string) error {
	code := fs.String("code", "", "Projekt-Code (Pflicht)")
	name := fs.String("name", "", "Name (Pflicht)")
	space := fs.String("space", "", "Sozialraum (Pflicht)")
	kind := fs.String("kind", "", "milieu oder structural (Zeile, auf die seine Kosten gebucht werden)")
	goals := fs.String("goals", "", "Ziele")
	from := fs.String("from", "", "Beginn (Pflicht)")
	to := fs.String("to", "", "erster Tag nach dem Ende (leer: läuft)")
	var partners listFlag
	fs.Var(&partners, "partner", "Partner aus dem Atlas: offer:SCHLÜSSEL, place:SCHLÜSSEL oder provider:CODE, optional =Rolle (mehrfach)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	p := quartier.Project{Code: *code, Name: *name, Space: quartier.SpaceCode(*space), Kind: *kind, Goals: *goals}
	var err error
	if p.From, err = dateFlag("from", *from, true); err != nil {
		return err
	}
	if *to != "" {
		d, err := dateFlag("to", *to, true)
		if err != nil {
			return err
		}
		p.To = &d
	}
	for _, s := range partners {
		pa, err := quartier.ParseProjectPartner(s)
		if err != nil {
			return err
		}
		p.Partners = append(p.Partners, pa)
	}
	return withBudgets(ctx, e, db, func(a *services.Set) error {
		saved, err := a.Budget.SaveProject(operator(ctx), p)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Projekt %s (%s, %s) gespeichert, %d Partner.\n", saved.Code, saved.Space, quartier.WorkKindLabel(saved.Kind), len(saved.Partners))
		return nil
	})
}

func budgetProjects(ctx context.Context, e *env, fs *flag.FlagSet, db *dbFlags, args []string) error {
	space := fs.String("space", "", "Sozialraum (Pflicht)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	return withBudgets(ctx, e, db, func(a *services.Set) error {
		ps, err := a.Budget.Projects(operator(ctx), quartier.SpaceCode(*space))
		if err != nil {
			return err
		}
		rows := [][]string{{"Projekt", "Art", "Zeitraum", "Partner", "gebucht", "Buchungen", "Teilnahmen"}}
		for _, p := range ps {
			period := "ab " + p.From.Format(quartier.GermanDateLayout)
			if p.To != nil {
				period = quartier.Term{From: p.From, To: *p.To}.String()
			}
			rows = append(rows, []string{p.Name + " [" + p.Code + "]", quartier.WorkKindLabel(p.Kind), period, strconv.Itoa(len(p.Partners)),
				p.Booked.Number(), strconv.Itoa(p.Bookings), strconv.Itoa(p.Participants)})
		}
		printTable(e.stdout, rows, 3)
		return nil
	})
}

func budgetCount(ctx context.Context, e *env, fs *flag.FlagSet, db *dbFlags, args []string) error {
	project := fs.String("project", "", "Projekt-Code (Pflicht)")
	from := fs.String("from", "", "Beginn des Zeitraums (Pflicht)")
	to := fs.String("to", "", "erster Tag nach dem Zeitraum, auf den Monatsanfang danach gerundet (Pflicht)")
	participants := fs.Int("participants", 0, "Anzahl Teilnehmende (keine Namen)")
	meetings := fs.Int("meetings", 0, "Anzahl Termine")
	note := fs.String("note", "", "Bemerkung ohne Personendaten")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	c := quartier.ProjectCount{Participants: *participants, Meetings: *meetings, Note: *note}
	var err error
	if c.From, err = dateFlag("from", *from, true); err != nil {
		return err
	}
	if c.To, err = dateFlag("to", *to, true); err != nil {
		return err
	}
	return withBudgets(ctx, e, db, func(a *services.Set) error {
		if err := a.Budget.RecordParticipation(operator(ctx), *project, c); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Projekt %s, %s: %d Teilnehmende, %d Termine gespeichert.\n", *project, quartier.Term{From: c.From, To: c.To}, c.Participants, c.Meetings)
		return nil
	})
}

func budgetHours(ctx context.Context, e *env, fs *flag.FlagSet, db *dbFlags, args []string) error {
	login := fs.String("login", "", "Konto der Person (Pflicht an der Kommandozeile)")
	team := fs.String("team", "", "Team (Pflicht)")
	week := fs.String("week", "", "ein Tag der Woche (Pflicht)")
	kind := fs.String("kind", "", "case, milieu oder structural")
	project := fs.String("project", "", "Projekt-Code (milieu oder structural)")
	hours := fs.String("hours", "", "Stunden, z. B. 7,5")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	req := budget.HoursRequest{Login: *login, Team: *team, Kind: *kind, Project: *project}
	var err error
	if req.Week, err = dateFlag("week", *week, true); err != nil {
		return err
	}
	if req.Hours, err = quartier.ParseHundredths(*hours); err != nil {
		return quartier.Errorf(quartier.EINVALID, "--hours: %s", quartier.ErrorMessage(err))
	}
	return withBudgets(ctx, e, db, func(a *services.Set) error {
		if err := a.Budget.RecordHours(operator(ctx), req); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s Std. %s für %s im Team %s, Woche ab %s, gespeichert.\n", quartier.Hundredths(req.Hours), quartier.WorkKindLabel(req.Kind),
			req.Login, req.Team, quartier.WeekOf(req.Week).Format(quartier.GermanDateLayout))
		return nil
	})
}

func budgetTarget(ctx context.Context, e *env, fs *flag.FlagSet, db *dbFlags, args []string) error {
	team := fs.String("team", "", "Team (Pflicht)")
	percent := fs.Int("percent", -1, "Sollanteil fallunabhängiger Arbeit in Prozent (Pflicht)")
	basis := fs.String("basis", "", "Grundlage, z. B. Stellenbeschreibungen 2025")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	return withBudgets(ctx, e, db, func(a *services.Set) error {
		if err := a.Budget.SetTeamTarget(operator(ctx), *team, *percent, *basis); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Team %s: Sollanteil fallunabhängiger Arbeit %d %% gespeichert.\n", *team, *percent)
		return nil
	})
}

func budgetTime(ctx context.Context, e *env, fs *flag.FlagSet, db *dbFlags, args []string) error {
	space := fs.String("space", "", "Sozialraum (leer: alle)")
	from := fs.String("from", "", "Tag im ersten Monat (Pflicht)")
	to := fs.String("to", "", "erster Tag nach dem Zeitraum, auf den Monatsanfang danach gerundet (Pflicht)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	f, err := dateFlag("from", *from, true)
	if err != nil {
		return err
	}
	t, err := dateFlag("to", *to, true)
	if err != nil {
		return err
	}
	return withBudgets(ctx, e, db, func(a *services.Set) error {
		teams, spaces, err := a.Budget.HoursReport(operator(ctx), quartier.SpaceCode(*space), f, t)
		if err != nil {
			return err
		}
		rows := [][]string{{"Team", "Sozialraum", "Personen", "Fallarbeit", "Milieuarbeit", "Strukturarbeit", "Ist fallunabh.", "Soll"}}
		row := func(name string, h budget.HoursFigures) []string {
			target := "–"
			if h.TargetPercent >= 0 {
				target = fmt.Sprintf("%d %%", h.TargetPercent)
			}
			if h.Withheld {
				return []string{name, h.Space, ".", "gesperrt", "", "", "", target}
			}
			return []string{name, h.Space, strconv.Itoa(h.People), quartier.Hundredths(h.ByKind[quartier.LineCase]), quartier.Hundredths(h.ByKind[quartier.LineMilieu]),
				quartier.Hundredths(h.ByKind[quartier.LineStructural]), quartier.Hundredths(h.ActualPermille*10) + " %", target}
		}
		for _, h := range teams {
			rows = append(rows, row(h.Team, h))
		}
		for _, h := range spaces {
			rows = append(rows, row("Summe", h))
		}
		printTable(e.stdout, rows, 2)
		first, end := budget.HoursPeriod(f, t)
		fmt.Fprintf(e.stdout, "Stunden der ganzen Monate %s bis %s (Wochen nach ihrem Montag; nur abgeschlossene Monate, bis zum %d. des Folgemonats wird erfasst). Gesperrt: Zahlen, in denen ein Monat weniger als %d Personen hat, insgesamt oder bei einer Arbeitsart (Personendaten).\n",
			first.Format("01/2006"), end.AddDate(0, 0, -1).Format("01/2006"), budget.HoursClosingDay, budget.MinPeople)
		return nil
	})
}

func budgetMap(ctx context.Context, e *env, fs *flag.FlagSet, db *dbFlags, args []string) error {
	centre := fs.String("cost-centre", "", "Kostenstelle")
	unit := fs.String("cost-unit", "", "Kostenträger")
	space := fs.String("space", "", "Sozialraum")
	team := fs.String("team", "", "Team, wenn der Haushalt einem Team gehört")
	line := fs.String("line", "", "Zeile (Code)")
	del := fs.Bool("delete", false, "Zuordnung lösen")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	return withBudgets(ctx, e, db, func(a *services.Set) error {
		switch {
		case *del:
			if err := a.Budget.DeleteMapping(operator(ctx), *centre, *unit); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "Zuordnung %s / %s gelöst.\n", *centre, *unit)
		case *centre != "" || *unit != "":
			m := quartier.FinanceMapping{CostCentre: *centre, CostUnit: *unit, Space: quartier.SpaceCode(*space), Team: *team, Line: *line}
			if err := a.Budget.SaveMapping(operator(ctx), m); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "Kostenstelle %s / Kostenträger %s → %s, Zeile %s.\n", *centre, *unit, quartier.BudgetKey{Space: m.Space, Team: m.Team}.String(), *line)
		default:
			ms, err := a.Budget.Mappings(operator(ctx))
			if err != nil {
				return err
			}
			rows := [][]string{{"Kostenstelle", "Kostenträger", "Sozialraum", "Team", "Zeile"}}
			for _, m := range ms {
				rows = append(rows, []string{m.CostCentre, m.CostUnit, string(m.Space), m.Team, m.Line})
			}
			printTable(e.stdout, rows, 5)
		}
		return nil
	})
}

func budgetImport(ctx context.Context, e *env, fs *flag.FlagSet, db *dbFlags, args []string) error {
	year := fs.Int("year", 0, "Haushaltsjahr, in dem alle Buchungen liegen müssen (0: das Jahr jeder Buchung)")
	dry := fs.Bool("dry-run", false, "nur prüfen, nichts schreiben")
	path, err := parseOne(fs, args, "Buchungsexport (CSV oder XLSX)")
	if err != nil {
		return err
	}
	in, err := os.Open(path)
	if err != nil {
		return quartier.WrapError(quartier.EINVALID, err, "Datei %s ist nicht lesbar.", path)
	}
	defer in.Close()
	return withBudgets(ctx, e, db, func(a *services.Set) error {
		res, err := a.Budget.ImportBookings(operator(ctx), budget.ImportRequest{Input: in, Name: filepath.Base(path), Year: *year, DryRun: *dry, Progress: newProgress(e)})
		if err != nil {
			return err
		}
		verb := "eingespielt"
		if res.DryRun {
			verb = "geprüft (nichts geschrieben)"
		}
		fmt.Fprintf(e.stdout, "%d Zeilen %s: %d neu (%s, davon %d Erstattungen/Stornos), %d schon eingespielt.\n", res.Rows, verb, res.New, res.Sum, res.Refunds, res.Known)
		for _, b := range res.Budgets {
			fmt.Fprintf(e.stdout, "  %s: %d neu, %s\n", b.Budget, b.New, b.Sum)
		}
		printWarnings(e.stdout, res.Warnings, res.Note)
		return nil
	})
}

func budgetPurgeHours(ctx context.Context, e *env, fs *flag.FlagSet, db *dbFlags, args []string) error {
	def, err := hoursRetention()
	if err != nil {
		return err
	}
	keep := fs.Int("keep-years", def, "ganze Kalenderjahre nach dem Jahr der Woche, die Stunden bleiben (QUARTIER_HOURS_RETENTION_YEARS)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	return withBudgets(ctx, e, db, func(a *services.Set) error {
		n, err := a.Budget.PurgeHours(operator(ctx), *keep)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%d Zeilen mit Arbeitsstunden gelöscht (Wochen vor dem 1. Januar %d).\n", n, time.Now().Year()-*keep)
		return nil
	})
}
