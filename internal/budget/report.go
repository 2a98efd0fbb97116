package budget

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/xlsx"
)

// Report is the year report of the space budgets for the committee: per
// space and budget the lines with plan, commitments, bookings and
// forecast, the lump sums by provider (both, when a space's provider
// changed in the year), the warnings with the note, and the comparison of
// the spaces per 1,000 residents. It holds no personal data.
type Report struct {
	Year       int            `json:"year"`
	AsOf       time.Time      `json:"as_of"`
	Budgets    []ReportBudget `json:"budgets"`
	Totals     Totals         `json:"totals"`
	Comparison *Comparison    `json:"comparison"`
	Note       string         `json:"note"`
	// Published is set on a published report: when and by whom.
	Published *Publication `json:"published,omitempty"`
}

// ReportBudget is one budget in the report.
type ReportBudget struct {
	quartier.BudgetKey
	SpaceName string               `json:"space_name"`
	Basis     quartier.BudgetBasis `json:"basis,omitempty"`
	Lines     []LineStatus         `json:"lines"`
	Totals    Totals               `json:"totals"`
	Warnings  []Warning            `json:"warnings,omitempty"`
	// LumpSums are the year's lump sums by provider, over all lump-sum
	// lines, split by days where the provider changed.
	LumpSums []Share `json:"lump_sums,omitempty"`
	// Hourly compares with what billing by service hours would have cost.
	Hourly *Hourly `json:"hourly,omitempty"`
}

// Publication says who released a report to the committee, and when.
type Publication struct {
	At    time.Time `json:"at"`
	Login string    `json:"login"`
}

const settingReportYears = "budget.report.years"

func settingReport(year int) string { return fmt.Sprintf("budget.report.%d", year) }

// YearReport is the report of a year as it stands today, over the spaces
// the actor reads: the controller's draft before publishing it.
func (s *Service) YearReport(ctx context.Context, year int) (*Report, error) {
	if err := s.audit.Require(ctx, quartier.PermReadBudgets, "budget_report", fmt.Sprint(year)); err != nil {
		return nil, err
	}
	cmp, err := s.Compare(ctx, year)
	if err != nil {
		return nil, err
	}
	var rep *Report
	err = s.store.View(ctx, func(tx Tx) (err error) {
		rep, err = s.buildReport(ctx, tx, year, cmp)
		return err
	})
	if err != nil {
		return nil, err
	}
	return rep, s.audit.Read(ctx, audit.Event{Action: "budget.report", ObjectType: "budget_report", ObjectID: fmt.Sprint(year),
		Detail: fmt.Sprintf("%d Haushalte", len(rep.Budgets))})
}

// buildReport computes the report of year over the spaces the actor
// reads.
func (s *Service) buildReport(ctx context.Context, tx Tx, year int, cmp *Comparison) (*Report, error) {
	a := quartier.ActorFrom(ctx)
	today := s.today()
	rep := &Report{Year: year, AsOf: today, Comparison: cmp, Note: quartier.BudgetNote}
	all, err := tx.Budgets(ctx, "", year)
	if err != nil {
		return nil, err
	}
	names, err := assigneeNames(ctx, tx)
	if err != nil {
		return nil, err
	}
	for i := range all {
		b := &all[i]
		if !a.CanInSpace(quartier.PermReadBudgets, b.Space) {
			continue
		}
		l, err := loadLedger(ctx, tx, b)
		if err != nil {
			return nil, err
		}
		st, err := withHourly(ctx, tx, compute(b, l.sums, today, l.rules.Thresholds), &l.rules)
		if err != nil {
			return nil, err
		}
		as, err := tx.Assignments(ctx, b.Space)
		if err != nil {
			return nil, err
		}
		rb := ReportBudget{BudgetKey: b.BudgetKey, SpaceName: string(b.Space), Basis: b.Basis, Lines: st.Lines, Totals: st.Totals, Warnings: st.Warnings, Hourly: st.Hourly}
		if i := slices.IndexFunc(cmp.Spaces, func(f SpaceFigures) bool { return f.Space == b.Space }); i >= 0 {
			rb.SpaceName = cmp.Spaces[i].Name
		}
		for _, in := range lumpSums(b, l.sums, as, Monthly) {
			for _, sh := range in.Shares {
				j := slices.IndexFunc(rb.LumpSums, func(x Share) bool { return x.Assignee == sh.Assignee })
				if j < 0 {
					rb.LumpSums = append(rb.LumpSums, Share{Assignee: sh.Assignee, Days: sh.Days})
					j = len(rb.LumpSums) - 1
				}
				rb.LumpSums[j].Amount += sh.Amount
			}
		}
		name(rb.LumpSums, names)
		rep.Budgets = append(rep.Budgets, rb)
		rep.Totals.Planned += st.Totals.Planned
		rep.Totals.Committed += st.Totals.Committed
		rep.Totals.Booked += st.Totals.Booked
		rep.Totals.Remaining += st.Totals.Remaining
		rep.Totals.Forecast += st.Totals.Forecast
	}
	return rep, nil
}

// PublishReport releases the year's report to the committee as it stands
// now: the figures are frozen with the publication, so the committee
// reads what was released, and a later publication replaces it (each one
// is audited). The report covers every space, so only one who reads the
// budgets of all spaces publishes it.
func (s *Service) PublishReport(ctx context.Context, year int) (*Report, error) {
	var rep *Report
	err := audit.Change(ctx, s.audit, s.store, quartier.PermPublishBudgetReport, "budget_report", fmt.Sprint(year), func(tx Tx) (audit.Event, error) {
		ev := audit.Event{Action: "budget.report.publish", ObjectType: "budget_report", ObjectID: fmt.Sprint(year)}
		// Checked after the permission: whoever may not publish is refused
		// (and the refusal audited) whatever the year she sends.
		if year < 2000 || year > 2100 {
			return ev, quartier.Errorf(quartier.EINVALID, "Haushaltsjahr %d liegt nicht zwischen 2000 und 2100.", year)
		}
		a := quartier.ActorFrom(ctx)
		if !a.CanInSpace(quartier.PermReadBudgets, quartier.AllSpaces) {
			return ev, quartier.Errorf(quartier.EFORBIDDEN, "Der Jahresbericht umfasst alle Sozialräume; ihn veröffentlicht, wer die Haushalte aller Sozialräume liest.")
		}
		cmp, err := s.compareIn(ctx, tx, year)
		if err != nil {
			return ev, err
		}
		if rep, err = s.buildReport(ctx, tx, year, cmp); err != nil {
			return ev, err
		}
		if len(rep.Budgets) == 0 {
			return ev, quartier.Errorf(quartier.ENOTFOUND, "Für %d gibt es keinen Haushalt; es gibt nichts zu veröffentlichen.", year)
		}
		rep.Published = &Publication{At: s.now().UTC().Truncate(time.Second), Login: a.Label()}
		raw, err := json.Marshal(rep)
		if err != nil {
			return ev, err
		}
		if err := tx.SetSetting(ctx, settingReport(year), string(raw)); err != nil {
			return ev, err
		}
		years, err := publishedYears(ctx, tx)
		if err != nil {
			return ev, err
		}
		if !slices.Contains(years, year) {
			years = append(years, year)
			slices.Sort(years)
			b, _ := json.Marshal(years)
			if err := tx.SetSetting(ctx, settingReportYears, string(b)); err != nil {
				return ev, err
			}
		}
		ev.Detail = fmt.Sprintf("%d Haushalte, Plan %s, gebucht %s, Prognose %s", len(rep.Budgets), rep.Totals.Planned, rep.Totals.Booked, rep.Totals.Forecast)
		return ev, nil
	})
	if err != nil {
		return nil, err
	}
	return rep, nil
}

// PublishedReport is the report of a year as it was published, for the
// committee and everyone who reads published reports; ENOTFOUND before
// it is published. The years published come along for the choice.
func (s *Service) PublishedReport(ctx context.Context, year int) (*Report, []int, error) {
	if err := s.audit.Require(ctx, quartier.PermReadBudgetReports, "budget_report", fmt.Sprint(year)); err != nil {
		return nil, nil, err
	}
	var raw string
	var years []int
	err := s.store.View(ctx, func(tx Tx) (err error) {
		if years, err = publishedYears(ctx, tx); err != nil {
			return err
		}
		raw, err = tx.Setting(ctx, settingReport(year))
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	if raw == "" {
		return nil, years, quartier.Errorf(quartier.ENOTFOUND, "Für %d ist noch kein Jahresbericht veröffentlicht.", year)
	}
	var rep Report
	if err := json.Unmarshal([]byte(raw), &rep); err != nil {
		return nil, nil, quartier.WrapError(quartier.EINTERNAL, err, "Der veröffentlichte Jahresbericht %d ist unlesbar.", year)
	}
	return &rep, years, s.audit.Read(ctx, audit.Event{Action: "budget.report.read", ObjectType: "budget_report", ObjectID: fmt.Sprint(year)})
}

func publishedYears(ctx context.Context, tx Tx) ([]int, error) {
	raw, err := tx.Setting(ctx, settingReportYears)
	if err != nil || raw == "" {
		return nil, err
	}
	var years []int
	if err := json.Unmarshal([]byte(raw), &years); err != nil {
		return nil, quartier.WrapError(quartier.EINTERNAL, err, "Die Liste der veröffentlichten Jahresberichte ist unlesbar.")
	}
	return years, nil
}

// WriteXLSX writes the report as the controller's workbook: one row per
// line of every budget, then one per provider's lump sum; codes as text,
// amounts as numbers in euro.
func (r *Report) WriteXLSX(w io.Writer) error {
	eur := func(c quartier.Cents) xlsx.Cell { return xlsx.Number(float64(c) / 100) }
	head := []string{"Sozialraum (Code)", "Sozialraum", "Team", "Jahr", "Zeile (Code)", "Zeile", "Finanzierung", "Träger/Verbund",
		"Deckungskreis", "Plan (EUR)", "gebunden (EUR)", "gebucht (EUR)", "verfügbar (EUR)", "Prognose 31.12. (EUR)", "Hinweis ab (%)",
		"Stunden erfasst", "Stundensatz (EUR)", "Kosten bei Stundenabrechnung (EUR)", "Unterschied zu gebucht (EUR)"}
	blank := xlsx.Text("")
	var rows [][]xlsx.Cell
	for _, b := range r.Budgets {
		for _, l := range b.Lines {
			rows = append(rows, []xlsx.Cell{xlsx.Text(string(b.Space)), xlsx.Text(b.SpaceName), xlsx.Text(b.Team), xlsx.Number(float64(b.Year)),
				xlsx.Text(l.Line.Code), xlsx.Text(l.Line.Label), xlsx.Text(l.Line.Funding.Label()), xlsx.Text(l.Line.Provider), xlsx.Text(l.Line.CoverGroup),
				eur(l.Planned), eur(l.Committed), eur(l.Booked), eur(l.Available), eur(l.Forecast), xlsx.Number(float64(l.Threshold)),
				blank, blank, blank, blank})
		}
		for _, sh := range b.LumpSums {
			rows = append(rows, []xlsx.Cell{xlsx.Text(string(b.Space)), xlsx.Text(b.SpaceName), xlsx.Text(b.Team), xlsx.Number(float64(b.Year)),
				xlsx.Text(""), xlsx.Text(fmt.Sprintf("Pauschale an %s (%d Tage)", sh.Name, sh.Days)), xlsx.Text(quartier.FundingLumpSum.Label()), xlsx.Text(sh.Assignee),
				blank, eur(sh.Amount), blank, blank, blank, blank, blank, blank, blank, blank, blank})
		}
		if b.Hourly != nil && !b.Hourly.Withheld {
			for _, h := range b.Hourly.Rows {
				rate, cost, diff := blank, blank, blank
				if h.Priced {
					rate, cost, diff = eur(h.Rate), eur(h.Cost), eur(h.Difference)
				}
				rows = append(rows, []xlsx.Cell{xlsx.Text(string(b.Space)), xlsx.Text(b.SpaceName), xlsx.Text(b.Team), xlsx.Number(float64(b.Year)),
					xlsx.Text(h.Type), xlsx.Text("Vergleich Stundenabrechnung: " + h.Label), xlsx.Text(quartier.FundingServiceHours.Label() + " (Vergleich)"), blank,
					blank, eur(h.Planned), blank, eur(h.Booked), blank, blank, blank,
					xlsx.Number(float64(h.Hours) / 100), rate, cost, diff})
			}
		}
	}
	return xlsx.Write(w, fmt.Sprintf("Jahresbericht %d", r.Year), head, rows)
}
