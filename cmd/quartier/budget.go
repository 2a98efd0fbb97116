package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/budget"
	"github.com/quartier/quartier/internal/services"
)

const budgetUsage = `quartier budget VERB … (mit -h für Optionen)
  create   Haushalt eines Sozialraums (oder Teams) für ein Jahr anlegen
  plan     Planansatz einer Zeile ändern (+/-)
  commit   Mittel binden (Wochenumfang × Satz über die Laufzeit, oder Betrag)
  end      Ende der Laufzeit einer Mittelbindung ändern
  book     Buchung eintragen
  reverse  Eintrag stornieren
  status   Stand der Haushalte eines Sozialraums ausgeben
  carry    Überschuss eines abgeschlossenen Jahres nach der Regel übertragen
  rules    Haushaltsregeln ausgeben oder aus JSON-Datei setzen (--file)` + budgetWorkUsage

// cmdBudget keeps space budgets: every verb is one use case of
// internal/budget, run as the command line's operator.
func cmdBudget(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return quartier.Errorf(quartier.EINVALID, "%s", budgetUsage)
	}
	verb, args := args[0], args[1:]
	fs := newFlagSet(e, "budget "+verb, "")
	var db dbFlags
	db.register(fs)
	var bf budgetFlags
	switch verb {
	case "create":
		return budgetCreate(ctx, e, fs, &db, &bf, args)
	case "plan", "commit", "book":
		return budgetEntry(ctx, e, verb, fs, &db, &bf, args)
	case "end", "reverse":
		return budgetOnEntry(ctx, e, verb, fs, &db, args)
	case "status", "carry":
		bf.register(fs, true)
		if _, err := parseFlags(fs, args); err != nil {
			return err
		}
		k, err := bf.key()
		if err != nil {
			return err
		}
		return withBudgets(ctx, e, &db, func(a *services.Set) error {
			if verb == "carry" {
				res, err := a.Budget.CarryOver(operator(ctx), k)
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "Übertrag von %s nach %s, Zeile %s: %s (%d %% des Überschusses von %s), Eintrag %d.\n",
					res.From, res.To, res.Line, res.Entry.Amount, res.SharePercent, res.Surplus, res.Entry.ID)
				return nil
			}
			return printStatus(ctx, e.stdout, a, k)
		})
	case "rules":
		file := fs.String("file", "", "JSON-Datei mit den neuen Regeln (ohne: die geltenden ausgeben)")
		if _, err := parseFlags(fs, args); err != nil {
			return err
		}
		return withBudgets(ctx, e, &db, func(a *services.Set) error {
			if *file != "" {
				r, err := readRules(*file)
				if err != nil {
					return err
				}
				if err := a.Budget.SaveRules(operator(ctx), r); err != nil {
					return err
				}
				fmt.Fprintln(e.stdout, "Haushaltsregeln gespeichert.")
			}
			r, err := a.Budget.Rules(operator(ctx))
			if err != nil {
				return err
			}
			enc := json.NewEncoder(e.stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(r)
		})
	}
	if ok, err := budgetWork(ctx, e, verb, fs, &db, args); ok {
		return err
	}
	return quartier.Errorf(quartier.EINVALID, "Unbekanntes Verb %q.\n%s", verb, budgetUsage)
}

// budgetFlags name a budget: space, team, year.
type budgetFlags struct {
	space, team string
	year        int
}

func (b *budgetFlags) register(fs *flag.FlagSet, withYear bool) {
	fs.StringVar(&b.space, "space", "", "Sozialraum (Code, Pflicht)")
	fs.StringVar(&b.team, "team", "", "Team (Code), wenn der Haushalt einem Team gehört")
	if withYear {
		fs.IntVar(&b.year, "year", 0, "Haushaltsjahr (Pflicht)")
	}
}

func (b *budgetFlags) key() (quartier.BudgetKey, error) {
	if b.space == "" {
		return quartier.BudgetKey{}, quartier.Errorf(quartier.EINVALID, "--space fehlt (Sozialraum).")
	}
	if b.year == 0 {
		return quartier.BudgetKey{}, quartier.Errorf(quartier.EINVALID, "--year fehlt (Haushaltsjahr).")
	}
	return quartier.BudgetKey{Space: quartier.SpaceCode(b.space), Team: b.team, Year: b.year}, nil
}

// listFlag collects a repeated option.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, " ") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func budgetCreate(ctx context.Context, e *env, fs *flag.FlagSet, db *dbFlags, bf *budgetFlags, args []string) error {
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "Aufruf: quartier budget create --space CODE --year JJJJ --total BETRAG --funding ART --line CODE[:ART]=BETRAG[@FINANZIERUNG] …")
		fs.PrintDefaults()
	}
	bf.register(fs, true)
	total := fs.String("total", "", "Gesamtbetrag des Haushalts, z. B. 1.000.000 (die Zeilen müssen ihn ergeben)")
	funding := fs.String("funding", "", "Finanzierungsart der Zeilen ohne eigene: lump_sum, service_hours, daily_rate, actual_cost")
	basis := fs.String("basis", "", "Grundlage: previous_actual, per_resident, negotiated")
	note := fs.String("note", "", "Notiz")
	var lines, providers listFlag
	fs.Var(&lines, "line", "Zeile CODE[:ART]=BETRAG[@FINANZIERUNG] (wiederholbar), z. B. case=600.000 oder fls:case=100.000@service_hours")
	fs.Var(&providers, "provider", "Träger einer Zeile ZEILE=TRÄGER (wiederholbar), z. B. case=awo")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	k, err := bf.key()
	if err != nil {
		return err
	}
	req := budget.CreateRequest{BudgetKey: k, Basis: quartier.BudgetBasis(*basis), Note: *note}
	if req.Total, err = quartier.ParseEuro(*total); err != nil {
		return quartier.Errorf(quartier.EINVALID, "--total: %s", quartier.ErrorMessage(err))
	}
	if len(lines) == 0 {
		return quartier.Errorf(quartier.EINVALID, "--line fehlt: mindestens eine Zeile, z. B. --line case=600.000.")
	}
	for _, l := range lines {
		lr, err := parseLine(l, *funding)
		if err != nil {
			return err
		}
		req.Lines = append(req.Lines, lr)
	}
	for _, p := range providers {
		code, provider, ok := strings.Cut(p, "=")
		i := -1
		for j, lr := range req.Lines {
			if lr.Code == code {
				i = j
			}
		}
		if !ok || i < 0 || provider == "" {
			return quartier.Errorf(quartier.EINVALID, "--provider %q: Form ZEILE=TRÄGER für eine der Zeilen.", p)
		}
		req.Lines[i].Provider = provider
	}
	return withBudgets(ctx, e, db, func(a *services.Set) error {
		b, err := a.Budget.CreateBudget(operator(ctx), req)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Haushalt %s angelegt: %s in %d Zeilen.\n", b.BudgetKey, req.Total, len(b.Lines))
		return nil
	})
}

// parseLine reads CODE[:TYPE]=AMOUNT[@FUNDING].
func parseLine(s, funding string) (budget.LineRequest, error) {
	bad := quartier.Errorf(quartier.EINVALID, "--line %q: Form CODE[:ART]=BETRAG[@FINANZIERUNG], z. B. fls:case=100.000@service_hours.", s)
	name, rest, ok := strings.Cut(s, "=")
	if !ok || name == "" {
		return budget.LineRequest{}, bad
	}
	amount, mode, hasMode := strings.Cut(rest, "@")
	if !hasMode {
		mode = funding
	}
	if mode == "" {
		return budget.LineRequest{}, quartier.Errorf(quartier.EINVALID, "--line %q: Finanzierungsart fehlt (@lump_sum … oder --funding).", s)
	}
	code, typ, hasType := strings.Cut(name, ":")
	if !hasType {
		typ = code
	}
	c, err := quartier.ParseEuro(amount)
	if err != nil {
		return budget.LineRequest{}, quartier.Errorf(quartier.EINVALID, "--line %q: %s", s, quartier.ErrorMessage(err))
	}
	return budget.LineRequest{Code: code, Type: typ, Funding: quartier.FundingMode(mode), Amount: c}, nil
}

// budgetEntry runs plan, commit and book.
func budgetEntry(ctx context.Context, e *env, verb string, fs *flag.FlagSet, db *dbFlags, bf *budgetFlags, args []string) error {
	bf.register(fs, verb == "plan")
	line := fs.String("line", "", "Zeile (Code)")
	amount := fs.String("amount", "", "Betrag, z. B. 1.234,56")
	why := fs.String("why", "", "Grund (Pflicht; ohne Namen von Personen)")
	ref := fs.String("ref", "", "Bezug ohne Personendaten, z. B. Buchungsnummer der Finanzbuchhaltung oder referral:ID")
	on := fs.String("date", "", "Buchungsdatum (book; Standard heute)")
	commitment := fs.Int64("commitment", 0, "Nummer der Mittelbindung, die die Buchung bezahlt (book)")
	project := fs.String("project", "", "Projekt fallunabhängiger Arbeit, für das gebucht wird (book)")
	from := fs.String("from", "", "Beginn der Laufzeit (commit)")
	to := fs.String("to", "", "erster Tag nach der Laufzeit (commit; halboffen wie alle Zeiträume: 2025-07-01 = bis einschließlich 30.06.)")
	hours := fs.String("hours", "", "Stunden je Woche (commit, Fachleistungsstunden), z. B. 5,5")
	days := fs.String("days", "", "Tage je Woche (commit, Tagessatz), z. B. 7")
	rate := fs.String("rate", "", "Satz je Stunde oder Tag (commit), z. B. 62,40")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	var sum quartier.Cents
	if *amount != "" {
		var err error
		if sum, err = quartier.ParseEuro(*amount); err != nil {
			return quartier.Errorf(quartier.EINVALID, "--amount: %s", quartier.ErrorMessage(err))
		}
	}
	date := func(flag, s string) (time.Time, error) {
		if s == "" {
			return time.Time{}, quartier.Errorf(quartier.EINVALID, "--%s fehlt.", flag)
		}
		d, err := quartier.ParseDate(s)
		if err != nil {
			return d, quartier.Errorf(quartier.EINVALID, "--%s: %s", flag, quartier.ErrorMessage(err))
		}
		return d, nil
	}
	var run func(a *services.Set) (*budget.Posted, error)
	switch verb {
	case "plan":
		k, err := bf.key()
		if err != nil {
			return err
		}
		run = func(a *services.Set) (*budget.Posted, error) {
			return a.Budget.Plan(operator(ctx), budget.PlanRequest{Budget: k, Line: *line, Amount: sum, Why: *why})
		}
	case "commit":
		c := quartier.Commitment{Space: quartier.SpaceCode(bf.space), Team: bf.team, Line: *line, Amount: sum, Ref: *ref, Why: *why}
		var err error
		if c.Term.From, err = date("from", *from); err != nil {
			return err
		}
		if c.Term.To, err = date("to", *to); err != nil {
			return err
		}
		if c.Volume, err = volume(*hours, *days, *rate); err != nil {
			return err
		}
		run = func(a *services.Set) (*budget.Posted, error) { return a.Budget.Commit(operator(ctx), c) }
	case "book":
		req := budget.BookRequest{Space: quartier.SpaceCode(bf.space), Team: bf.team, Line: *line, Amount: sum, Commitment: *commitment, Ref: *ref, Why: *why, Project: *project}
		if *on != "" {
			var err error
			if req.On, err = date("date", *on); err != nil {
				return err
			}
		}
		run = func(a *services.Set) (*budget.Posted, error) {
			if req.On.IsZero() {
				req.On = a.Spatial.Today()
			}
			return a.Budget.Book(operator(ctx), req)
		}
	}
	return withBudgets(ctx, e, db, func(a *services.Set) error {
		p, err := run(a)
		if err != nil {
			return err
		}
		printPosted(e.stdout, p)
		return nil
	})
}

// volume reads --hours or --days with --rate; none of them: no volume.
func volume(hours, days, rate string) (*quartier.Volume, error) {
	if hours == "" && days == "" {
		if rate != "" {
			return nil, quartier.Errorf(quartier.EINVALID, "--rate braucht --hours oder --days.")
		}
		return nil, nil
	}
	if hours != "" && days != "" {
		return nil, quartier.Errorf(quartier.EINVALID, "--hours oder --days, nicht beides.")
	}
	v := &quartier.Volume{Unit: quartier.UnitHour}
	per := hours
	if days != "" {
		v.Unit, per = quartier.UnitDay, days
	}
	var err error
	if v.PerWeek, err = quartier.ParseHundredths(per); err != nil {
		return nil, err
	}
	if v.Rate, err = quartier.ParseEuro(rate); err != nil {
		return nil, quartier.Errorf(quartier.EINVALID, "--rate: %s", quartier.ErrorMessage(err))
	}
	return v, nil
}

// budgetOnEntry runs end and reverse, which start from an entry number.
func budgetOnEntry(ctx context.Context, e *env, verb string, fs *flag.FlagSet, db *dbFlags, args []string) error {
	why := fs.String("why", "", "Grund (Pflicht)")
	to := fs.String("to", "", "neues Ende: erster Tag nach der Laufzeit (end)")
	id, err := parseOne(fs, args, "Eintragsnummer")
	if err != nil {
		return err
	}
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n <= 0 {
		return quartier.Errorf(quartier.EINVALID, "%q ist keine Eintragsnummer.", id)
	}
	var end time.Time
	if verb == "end" {
		if end, err = quartier.ParseDate(*to); err != nil {
			return quartier.Errorf(quartier.EINVALID, "--to: %s", quartier.ErrorMessage(err))
		}
	}
	return withBudgets(ctx, e, db, func(a *services.Set) error {
		var p *budget.Posted
		if verb == "end" {
			p, err = a.Budget.SetCommitmentEnd(operator(ctx), n, end, *why)
		} else {
			p, err = a.Budget.Reverse(operator(ctx), n, *why)
		}
		if err != nil {
			return err
		}
		printPosted(e.stdout, p)
		return nil
	})
}

func withBudgets(ctx context.Context, e *env, db *dbFlags, fn func(a *services.Set) error) error {
	a, closeApp, err := openApp(ctx, e, db)
	if err != nil {
		return err
	}
	defer closeApp()
	return fn(a)
}

func readRules(path string) (quartier.BudgetRules, error) {
	var r quartier.BudgetRules
	b, err := os.ReadFile(path)
	if err != nil {
		return r, quartier.WrapError(quartier.EINVALID, err, "Regeldatei %s lässt sich nicht lesen.", path)
	}
	if err := json.Unmarshal(b, &r); err != nil {
		return r, quartier.WrapError(quartier.EINVALID, err, "Regeldatei %s ist kein gültiges JSON (%v).", path, err)
	}
	return r, nil
}

// printPosted says what was written and where the line stands; a warning
// comes with the note that it does not decide.
func printPosted(w io.Writer, p *budget.Posted) {
	en := p.Entry
	what := en.Kind.Label()
	if en.Reverses != 0 {
		what = fmt.Sprintf("Storno von Eintrag %d", en.Reverses)
	}
	fmt.Fprintf(w, "%s %s auf Zeile %s (%s) eingetragen: Eintrag %d.\n", what, en.Amount, p.Line.Line.Code, p.Budget, en.ID)
	if en.Term != nil {
		fmt.Fprintf(w, "Laufzeit %s", en.Term)
		if en.Volume != nil {
			fmt.Fprintf(w, ", %s", en.Volume)
		}
		fmt.Fprintln(w, ".")
	}
	l := p.Line
	fmt.Fprintf(w, "%s: Plan %s, gebunden %s, gebucht %s, verfügbar %s%s.\n", l.Line.Label, l.Planned, l.Committed, l.Booked, l.Available, coverNote(l.Line))
	printWarnings(w, p.Warnings, p.Note)
}

func coverNote(l quartier.Line) string {
	if l.CoverGroup == "" {
		return ""
	}
	return " (Deckungskreis " + l.CoverGroup + ")"
}

func printWarnings(w io.Writer, ws []budget.Warning, note string) {
	for _, x := range ws {
		fmt.Fprintln(w, "Hinweis: "+x.Message)
	}
	if note != "" {
		fmt.Fprintln(w, note)
	}
}

// printTable prints rows in columns: the first left text aligned to the
// left, the figures after them to the right.
func printTable(w io.Writer, rows [][]string, left int) {
	width := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		for i, c := range r {
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(c))
			if i < left {
				b.WriteString(c + pad + "  ")
			} else {
				b.WriteString(pad + c + "  ")
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

// printHourly prints the comparison with billing by service hours.
func printHourly(w io.Writer, h *budget.Hourly) {
	switch {
	case h == nil:
		return
	case h.Withheld:
		fmt.Fprintln(w, "Vergleich mit Stundenabrechnung: gesperrt (Stunden eines Monats oder einer Art der Arbeit von weniger als drei Personen).")
		return
	}
	fmt.Fprintln(w, "Vergleich mit Stundenabrechnung (erfasste Stunden × Fachleistungsstunde):")
	rows := [][]string{{"Art", "Stunden", "Satz", "nach Stunden", "Plan", "gebucht", "Unterschied"}}
	for i, r := range append(h.Rows, h.Total) {
		rate, cost, diff := "kein Satz", "–", "–"
		if r.Priced {
			rate, cost, diff = r.Rate.Number(), r.Cost.Number(), r.Difference.Number()
		}
		if i == len(h.Rows) {
			rate = ""
		}
		rows = append(rows, []string{r.Label, r.HoursText(), rate, cost, r.Planned.Number(), r.Booked.Number(), diff})
	}
	printTable(w, rows, 1)
}

// printStatus prints the budgets of a space for a year as tables.
func printStatus(ctx context.Context, w io.Writer, a *services.Set, k quartier.BudgetKey) error {
	sts, err := a.Budget.Status(operator(ctx), k.Space, k.Year)
	if err != nil {
		return err
	}
	name := string(k.Space)
	if spaces, err := a.Spatial.Spaces(ctx); err == nil {
		for _, s := range spaces {
			if s.Code == k.Space {
				name = s.Label()
			}
		}
	}
	shown := 0
	for _, st := range sts {
		if k.Team != "" && st.Budget.Team != k.Team {
			continue
		}
		shown++
		b := st.Budget
		title := "Sozialraumbudget " + name
		if b.Team != "" {
			title += ", Team " + b.Team
		}
		fmt.Fprintf(w, "%s %d – Stand %s (Grundlage: %s)\n", title, b.Year, st.AsOf.Format(quartier.GermanDateLayout), b.Basis.Label())
		rows := [][]string{{"Zeile", "Finanzierung", "Plan", "gebunden", "gebucht", "Rest", "verfügbar", "Prognose 31.12."}}
		for _, l := range st.Lines {
			funding := l.Line.Funding.Label()
			if l.Line.Provider != "" {
				funding += " (" + l.Line.Provider + ")"
			}
			rows = append(rows, []string{l.Line.Label + " [" + l.Line.Code + "]", funding, l.Planned.Number(), l.Committed.Number(),
				l.Booked.Number(), l.Remaining.Number(), l.Available.Number(), l.Forecast.Number()})
		}
		t := st.Totals
		rows = append(rows, []string{"Summe", "", t.Planned.Number(), t.Committed.Number(), t.Booked.Number(), t.Remaining.Number(), t.Remaining.Number(), t.Forecast.Number()})
		printTable(w, rows, 2)
		for _, g := range st.Groups {
			fmt.Fprintf(w, "Deckungskreis %s (gegenseitig deckungsfähig: %s): Plan %s, gebunden oder gebucht %s, verfügbar %s.\n",
				g.Group, strings.Join(g.Lines, ", "), g.Planned, g.Used, g.Available)
		}
		fmt.Fprintln(w, "Beträge in Euro. Verfügbar: Rest der Zeile, bei deckungsfähigen Zeilen Rest des Deckungskreises.")
		printWarnings(w, st.Warnings, st.Note)
		printHourly(w, st.Hourly)
		fmt.Fprintln(w)
	}
	if shown == 0 {
		return quartier.Errorf(quartier.ENOTFOUND, "Für %s gibt es keinen Haushalt.", k)
	}
	return nil
}
