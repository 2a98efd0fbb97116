package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/budget"
	"github.com/quartier/quartier/internal/services"
	"github.com/quartier/quartier/internal/spatial"
)

// BudgetNote marks every demo budget: the figures are invented.
const BudgetNote = "Demo: Zahlen erfunden, nicht die einer Stadt."

// The demo's budgets, all for the current year and with invented
// figures: Weimar's configuration in three spaces of Mitte (a lump sum
// per space and provider, service hours beside it in the introduction
// phase), Verden's lines in all of them (case and milieu work mutually
// coverable, structural work not), and a Nordfriesland-style budget of a
// regional ASD team set on the actual costs of earlier years. Moabit
// changes its provider on 1 July, so its lump sum is split by days.
type demoBudget struct {
	space                            quartier.SpaceCode
	caseSum, hours, milieu, structur string
	hoursBooked                      int    // invoices of service hours so far, each 4.992 € (80 h × 62,40 €)
	projects                         string // milieu project commitment
}

var demoBudgets = []demoBudget{
	{space: "0110", caseSum: "780.000", hours: "120.000", milieu: "180.000", structur: "120.000", hoursBooked: 12, projects: "95.000"},
	{space: "0120", caseSum: "640.000", hours: "90.000", milieu: "150.000", structur: "80.000", hoursBooked: 9, projects: "60.000"},
	// Gesundbrunnen's service hours run over their line: the cover group
	// of case and milieu work takes it, and the page warns.
	{space: "0130", caseSum: "720.000", hours: "60.000", milieu: "160.000", structur: "60.000", hoursBooked: 20, projects: "140.000"},
}

// ProviderChange is the day Moabit's lump sum passes to another provider.
func ProviderChange(year int) time.Time { return time.Date(year, 7, 1, 0, 0, 0, 0, time.UTC) }

// loadBudgets writes the demo budgets for the year of today, with the
// instalments, invoices and commitments up to today.
func loadBudgets(ctx context.Context, a *services.Set, today time.Time) error {
	year := today.Year()
	if err := a.Spatial.Assign(ctx, spatial.AssignRequest{Space: "0120", Assignee: "wegbegleiter", ValidFrom: ProviderChange(year), Note: "Neuvergabe zur Jahresmitte (Beispiel)"}); err != nil {
		return fmt.Errorf("demo budgets: change of provider: %w", err)
	}
	for _, d := range demoBudgets {
		if err := weimarBudget(ctx, a, d, year, today); err != nil {
			return fmt.Errorf("demo budget %s: %w", d.space, err)
		}
	}
	if err := teamBudget(ctx, a, year, today); err != nil {
		return fmt.Errorf("demo team budget: %w", err)
	}
	return nil
}

func euros(s string) quartier.Cents {
	c, err := quartier.ParseEuro(s)
	if err != nil {
		panic(err) // the demo's own constants
	}
	return c
}

// monthsTo are the first days of the months of year that have begun by
// today.
func monthsTo(year int, today time.Time) []time.Time {
	var out []time.Time
	for m := 1; m <= 12; m++ {
		d := time.Date(year, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
		if d.After(today) {
			break
		}
		out = append(out, d)
	}
	return out
}

func weimarBudget(ctx context.Context, a *services.Set, d demoBudget, year int, today time.Time) error {
	key := quartier.BudgetKey{Space: d.space, Year: year}
	caseSum, hours, milieu, structur := euros(d.caseSum), euros(d.hours), euros(d.milieu), euros(d.structur)
	org, err := a.Spatial.Organisation(ctx, d.space)
	if err != nil {
		return err
	}
	provider := ""
	if cur := org.Space(d.space).Current(); cur != nil {
		provider = cur.Assignee
	}
	if _, err := a.Budget.CreateBudget(ctx, budget.CreateRequest{BudgetKey: key, Total: caseSum + hours + milieu + structur,
		Basis: quartier.BasisNegotiated, Note: BudgetNote + " Pauschale je Sozialraum und Träger nach dem Weimarer Modell, Einführungsphase mit Fachleistungsstunden.",
		Lines: []budget.LineRequest{
			{Type: quartier.LineCase, Label: "Fallarbeit (Pauschale)", Funding: quartier.FundingLumpSum, Provider: provider, Amount: caseSum},
			{Code: "fls", Type: quartier.LineCase, Label: "Fallarbeit (Fachleistungsstunden, Einführungsphase)", Funding: quartier.FundingServiceHours, Amount: hours},
			{Type: quartier.LineMilieu, Funding: quartier.FundingLumpSum, Amount: milieu},
			{Type: quartier.LineStructural, Funding: quartier.FundingActualCost, Amount: structur},
		}}); err != nil {
		return err
	}
	yearTerm := quartier.Term{From: time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(year+1, 1, 1, 0, 0, 0, 0, time.UTC)}
	lump, err := a.Budget.Commit(ctx, quartier.Commitment{Space: d.space, Line: quartier.LineCase, Term: yearTerm, Amount: caseSum,
		Ref: fmt.Sprintf("vertrag:%s-%d", d.space, year), Why: "Pauschale laut Leistungsvereinbarung"})
	if err != nil {
		return err
	}
	// Two helps in service hours (no names: a reference only).
	for i, h := range []struct{ perWeek, months int64 }{{550, 6}, {300, 9}} {
		term := quartier.Term{From: yearTerm.From, To: yearTerm.From.AddDate(0, int(h.months), 0)}
		if _, err := a.Budget.Commit(ctx, quartier.Commitment{Space: d.space, Line: "fls", Term: term,
			Volume: &quartier.Volume{Unit: quartier.UnitHour, PerWeek: h.perWeek, Rate: euros("62,40")},
			Ref:    fmt.Sprintf("hilfe:%s-%d", d.space, i+1), Why: "Hilfe zur Erziehung nach § 31 SGB VIII bewilligt"}); err != nil {
			return err
		}
	}
	project, err := a.Budget.Commit(ctx, quartier.Commitment{Space: d.space, Line: quartier.LineMilieu, Term: yearTerm, Amount: euros(d.projects),
		Ref: fmt.Sprintf("projekt:%s-treff", d.space), Why: "Offener Treff und Elterncafé im Kiez"})
	if err != nil {
		return err
	}
	months := monthsTo(year, today)
	book := func(line string, on time.Time, amount quartier.Cents, commitment int64, ref, why string) error {
		if on.After(today) {
			return nil // due later this month
		}
		_, err := a.Budget.Book(ctx, budget.BookRequest{Space: d.space, Line: line, On: on, Amount: amount, Commitment: commitment, Ref: ref, Why: why})
		return err
	}
	for i, m := range months {
		if err := book(quartier.LineCase, m, caseSum.Prorate(1, 12), lump.Entry.ID, fmt.Sprintf("fin:%s-%d-p%02d", d.space, year, i+1), "Pauschale "+budget.MonthName(i+1)); err != nil {
			return err
		}
		if err := book(quartier.LineMilieu, m.AddDate(0, 0, 14), euros(d.projects).Prorate(1, 12), project.Entry.ID, "", "Abschlag Projekt "+budget.MonthName(i+1)); err != nil {
			return err
		}
		if i%2 == 1 {
			if err := book(quartier.LineStructural, m.AddDate(0, 0, 20), structur.Prorate(15, 100), 0, "", "Kooperation Schule und Sportverein: Honorare"); err != nil {
				return err
			}
		}
	}
	for i := range d.hoursBooked {
		on := months[min(i*len(months)/max(d.hoursBooked, 1), len(months)-1)].AddDate(0, 0, 9)
		if err := book("fls", on, euros("4.992"), 0, fmt.Sprintf("fin:%s-%d-fls%02d", d.space, year, i+1), "Rechnung Fachleistungsstunden (80 Std.)"); err != nil {
			return err
		}
	}
	if len(months) > 1 {
		// A booking on the wrong line, and its reversal.
		wrong, err := a.Budget.Book(ctx, budget.BookRequest{Space: d.space, Line: quartier.LineStructural, On: months[1], Amount: euros("2.500"), Why: "Fortbildung"})
		if err != nil {
			return err
		}
		if _, err := a.Budget.Reverse(ctx, wrong.Entry.ID, "falsche Zeile: gehört in den Haushalt des Jugendamts"); err != nil {
			return err
		}
	}
	return nil
}

// teamBudget is Nordfriesland's way: the regional team's budget for help
// to raise children and integration help for minors, set on the actual
// costs of earlier years and booked at actual cost.
func teamBudget(ctx context.Context, a *services.Set, year int, today time.Time) error {
	key := quartier.BudgetKey{Space: "0110", Team: "asd-0110", Year: year}
	hze, eingl := euros("2.400.000"), euros("600.000")
	if _, err := a.Budget.CreateBudget(ctx, budget.CreateRequest{BudgetKey: key, Total: hze + eingl, Basis: quartier.BasisPreviousActual,
		Note: BudgetNote + " Regionalbudget des Teams nach dem Nordfriesländer Modell, gesetzt auf die Ist-Kosten der Vorjahre.",
		Lines: []budget.LineRequest{
			{Code: "hze", Type: quartier.LineCase, Label: "Hilfen zur Erziehung (§§ 27 ff. SGB VIII)", Funding: quartier.FundingActualCost, Amount: hze},
			{Code: "eingl", Type: quartier.LineCase, Label: "Eingliederungshilfe (§ 35a SGB VIII)", Funding: quartier.FundingActualCost, Amount: eingl},
		}}); err != nil {
		return err
	}
	for i, m := range monthsTo(year, today) {
		for _, b := range []struct {
			line   string
			amount quartier.Cents
		}{{"hze", hze.Prorate(int64(95+i%3*5), 1200)}, {"eingl", eingl.Prorate(int64(100+i%2*10), 1200)}} {
			on := m.AddDate(0, 0, 27)
			if on.After(today) {
				continue
			}
			if _, err := a.Budget.Book(ctx, budget.BookRequest{Space: key.Space, Team: key.Team, Line: b.line, On: on, Amount: b.amount,
				Why: "Ist-Kosten " + budget.MonthName(i+1)}); err != nil {
				return err
			}
		}
	}
	return nil
}
