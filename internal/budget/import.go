package budget

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/textde"
)

// SaveMapping stores where the bookings of a cost centre and cost unit go.
func (s *Service) SaveMapping(ctx context.Context, m quartier.FinanceMapping) error {
	if err := s.audit.RequireSpace(ctx, quartier.PermManageBudgets, "finance_mapping", m.Space); err != nil {
		return err
	}
	return audit.Change(ctx, s.audit, s.store, quartier.PermManageBudgets, "finance_mapping", m.CostCentre+"/"+m.CostUnit, func(tx Tx) (audit.Event, error) {
		ev := audit.Event{Action: "budget.mapping", ObjectType: "finance_mapping", ObjectID: m.CostCentre + "/" + m.CostUnit}
		if err := m.Validate(); err != nil {
			return ev, err
		}
		if err := checkTeam(ctx, tx, quartier.BudgetKey{Space: m.Space, Team: m.Team}); err != nil {
			return ev, err
		}
		ev.ObjectID = m.CostCentre + "/" + m.CostUnit
		ev.Detail = fmt.Sprintf("Kostenstelle %s, Kostenträger %s → %s, Zeile %s", m.CostCentre, m.CostUnit, quartier.BudgetKey{Space: m.Space, Team: m.Team}.String(), m.Line)
		return ev, tx.SaveFinanceMapping(ctx, &m)
	})
}

// DeleteMapping removes a mapping; bookings imported through it stay.
func (s *Service) DeleteMapping(ctx context.Context, costCentre, costUnit string) error {
	id := costCentre + "/" + costUnit
	return audit.Change(ctx, s.audit, s.store, quartier.PermManageBudgets, "finance_mapping", id, func(tx Tx) (audit.Event, error) {
		ev := audit.Event{Action: "budget.mapping.delete", ObjectType: "finance_mapping", ObjectID: id}
		ms, err := tx.FinanceMappings(ctx)
		if err != nil {
			return ev, err
		}
		i := slices.IndexFunc(ms, func(m quartier.FinanceMapping) bool { return m.CostCentre == costCentre && m.CostUnit == costUnit })
		if i < 0 || !quartier.ActorFrom(ctx).CanInSpace(quartier.PermManageBudgets, ms[i].Space) {
			return ev, audit.Denial(quartier.Errorf(quartier.ENOTFOUND, "Die Zuordnung %s / %s wurde nicht gefunden.", costCentre, costUnit))
		}
		ev.Detail = fmt.Sprintf("war → %s %s, Zeile %s", ms[i].Space, ms[i].Team, ms[i].Line)
		return ev, tx.DeleteFinanceMapping(ctx, costCentre, costUnit)
	})
}

// Mappings are the mappings of the spaces whose budgets the actor keeps
// or reads.
func (s *Service) Mappings(ctx context.Context) ([]quartier.FinanceMapping, error) {
	a := quartier.ActorFrom(ctx)
	if !a.Can(quartier.PermManageBudgets) {
		if err := s.audit.Require(ctx, quartier.PermReadBudgets, "finance_mapping", ""); err != nil {
			return nil, err
		}
	}
	var out []quartier.FinanceMapping
	err := s.store.View(ctx, func(tx Tx) error {
		ms, err := tx.FinanceMappings(ctx)
		out = slices.DeleteFunc(ms, func(m quartier.FinanceMapping) bool {
			return !a.CanInSpace(quartier.PermManageBudgets, m.Space) && !a.CanInSpace(quartier.PermReadBudgets, m.Space)
		})
		return err
	})
	return out, err
}

// ImportRequest imports an export of the finance system (see ReadFinance).
type ImportRequest struct {
	Input io.Reader
	Name  string // the file's name, for the audit log
	// Year, when not 0, is the budget year every booking must lie in.
	Year int
	// DryRun checks everything and writes nothing.
	DryRun   bool
	Progress quartier.Progress
}

// ImportBudget is what an import adds to one budget.
type ImportBudget struct {
	Budget  quartier.BudgetKey `json:"budget"`
	New     int                `json:"new"`
	Refunds int                `json:"refunds"`
	Sum     quartier.Cents     `json:"sum"`
}

// ImportResult says what an import wrote (or, dry, would write).
type ImportResult struct {
	Rows int `json:"rows"`
	New  int `json:"new"`
	// Known bookings were imported before (same booking ID, line, date and
	// amount) and are left as they are: a re-import writes nothing twice.
	Known    int            `json:"known"`
	Refunds  int            `json:"refunds"` // negative amounts among the new
	Sum      quartier.Cents `json:"sum"`
	Budgets  []ImportBudget `json:"budgets"`
	Warnings []Warning      `json:"warnings,omitempty"`
	Note     string         `json:"note,omitempty"`
	DryRun   bool           `json:"dry_run,omitempty"`
	// Notified counts the notices' recipients over the budgets, as Posted.
	Notified int `json:"notified,omitempty"`
}

// importChunk is how many entries go to the store between two reports of
// progress and checks for cancellation.
const importChunk = 5000

// ImportBookings books an export of the finance system through the
// stored mapping of cost centre and cost unit to a space budget's line.
// It is all or nothing: every row is checked first (format, mapping,
// budget and year, scope, booking IDs imported before with other figures)
// and any fault refuses the whole file with each fault named by row and
// column; then all new bookings are appended in one transaction, so an
// interrupted import (cancelled, or the process killed) leaves nothing.
// A booking ID already imported with the same figures is skipped, so a
// re-import is idempotent. A negative amount is a refund or a reversal
// in the finance system: it is booked as a negative booking on the same
// line, because the export does not say which booking it cancels. Like
// every booking, an import beyond a line is written and comes back with
// warnings.
func (s *Service) ImportBookings(ctx context.Context, req ImportRequest) (*ImportResult, error) {
	if err := s.audit.Require(ctx, quartier.PermManageBudgets, "budget_import", req.Name); err != nil {
		return nil, err
	}
	progress := quartier.ProgressOr(req.Progress)
	started := time.Now()
	rows, err := ReadFinance(req.Input)
	if err != nil {
		return nil, err
	}
	s.log.Info("Buchungsexport gelesen", "datei", req.Name, "zeilen", len(rows), "dauer", time.Since(started).Round(time.Millisecond))
	var res *ImportResult
	if req.DryRun {
		err := s.store.View(ctx, func(tx Tx) error {
			p, err := s.planImport(ctx, tx, rows, req.Year)
			if err == nil {
				res = p.result
				res.DryRun = true
			}
			return err
		})
		return res, err
	}
	err = audit.Change(ctx, s.audit, s.store, quartier.PermManageBudgets, "budget_import", req.Name, func(tx Tx) (audit.Event, error) {
		ev := audit.Event{Action: "budget.import", ObjectType: "budget_import", ObjectID: req.Name}
		p, err := s.planImport(ctx, tx, rows, req.Year)
		if err != nil {
			return ev, err
		}
		res = p.result
		progress.Start("Buchungen", len(p.entries))
		for lo := 0; lo < len(p.entries); lo += importChunk {
			if err := ctx.Err(); err != nil {
				return ev, quartier.WrapError(quartier.EINVALID, err, "Einspielen abgebrochen, nichts wurde geschrieben.")
			}
			part := p.entries[lo:min(lo+importChunk, len(p.entries))]
			if err := tx.AppendEntries(ctx, part); err != nil {
				return ev, err
			}
			progress.Add(len(part))
			s.log.Info("Buchungen eingespielt", "datei", req.Name, "geschrieben", lo+len(part), "von", len(p.entries))
		}
		progress.Done()
		for _, b := range p.touched {
			l, err := loadLedger(ctx, tx, b)
			if err != nil {
				return ev, err
			}
			ws := compute(b, l.sums, s.today(), l.rules.Thresholds).Warnings
			n, err := s.notify(ctx, tx, b, ws, l.rules.Thresholds)
			if err != nil {
				return ev, err
			}
			res.Notified += n
			for _, w := range ws {
				w.Message = b.BudgetKey.String() + ": " + w.Message
				res.Warnings = append(res.Warnings, w)
			}
		}
		if len(res.Warnings) > 0 {
			res.Note = quartier.BudgetNote
		}
		ev.Detail = textde.Shorten(describeImport(res), 2000)
		return ev, nil
	})
	if err != nil {
		return nil, err
	}
	s.log.Info("Buchungsexport eingespielt", "datei", req.Name, "neu", res.New, "bekannt", res.Known, "dauer", time.Since(started).Round(time.Millisecond))
	return res, nil
}

type importPlan struct {
	result  *ImportResult
	entries []quartier.Entry
	touched []*quartier.Budget
}

// planImport checks every row against the mapping, the budgets and what
// was imported before, and builds the entries to append.
func (s *Service) planImport(ctx context.Context, tx Tx, rows []FinanceRow, year int) (*importPlan, error) {
	a := quartier.ActorFrom(ctx)
	mappings, err := tx.FinanceMappings(ctx)
	if err != nil {
		return nil, err
	}
	type centreUnit struct{ centre, unit string }
	mapped := map[centreUnit]quartier.FinanceMapping{}
	for _, m := range mappings {
		mapped[centreUnit{m.CostCentre, m.CostUnit}] = m
	}
	refs := make([]string, len(rows))
	for i, r := range rows {
		refs[i] = quartier.FinanceRefPrefix + r.ID
	}
	before, err := tx.EntriesByRefs(ctx, refs)
	if err != nil {
		return nil, err
	}
	known := map[string]*quartier.Entry{}
	for i := range before {
		if e := &before[i]; e.Reverses == 0 && e.Kind == quartier.EntryBooked {
			known[e.Ref] = e
		}
	}
	budgets := map[quartier.BudgetKey]*quartier.Budget{}
	missing := map[quartier.BudgetKey]bool{}
	var order []quartier.BudgetKey
	per := map[quartier.BudgetKey]*ImportBudget{}
	rd := &financeReader{}
	today := s.today()
	p := &importPlan{result: &ImportResult{Rows: len(rows)}}
	at := s.now().UTC().Truncate(time.Microsecond)
	for i, r := range rows {
		if i%importChunk == 0 {
			if err := ctx.Err(); err != nil {
				return nil, quartier.WrapError(quartier.EINVALID, err, "Einspielen abgebrochen, nichts wurde geschrieben.")
			}
		}
		m, ok := mapped[centreUnit{r.CostCentre, r.CostUnit}]
		if !ok {
			rd.fault(r.Row, colCentre, "Kostenstelle %s mit Kostenträger %s ist keinem Sozialraum zugeordnet (quartier budget map).", r.CostCentre, r.CostUnit)
			continue
		}
		if !a.CanInSpace(quartier.PermManageBudgets, m.Space) {
			rd.fault(r.Row, colCentre, "Kostenstelle %s / %s gehört zum Sozialraum %s, dessen Haushalt Sie nicht pflegen.", r.CostCentre, r.CostUnit, m.Space)
			continue
		}
		if year != 0 && r.On.Year() != year {
			rd.fault(r.Row, colDate, "%s liegt nicht im Haushaltsjahr %d.", r.On.Format(quartier.GermanDateLayout), year)
			continue
		}
		if r.On.After(today) {
			rd.fault(r.Row, colDate, "%s liegt in der Zukunft.", r.On.Format(quartier.GermanDateLayout))
			continue
		}
		k := quartier.BudgetKey{Space: m.Space, Team: m.Team, Year: r.On.Year()}
		b := budgets[k]
		if b == nil && !missing[k] {
			b, err = tx.Budget(ctx, k)
			switch {
			case quartier.ErrorCode(err) == quartier.ENOTFOUND:
				missing[k] = true
			case err != nil:
				return nil, err
			default:
				budgets[k] = b
			}
		}
		if b == nil {
			rd.fault(r.Row, colDate, "für %s gibt es keinen Haushalt; die Buchung vom %s gehört in das Haushaltsjahr %d.", k, r.On.Format(quartier.GermanDateLayout), k.Year)
			continue
		}
		line := b.Line(m.Line)
		if line == nil {
			rd.fault(r.Row, colCentre, "die Zuordnung nennt die Zeile %s, die der Haushalt %s nicht hat.", m.Line, k)
			continue
		}
		ref := quartier.FinanceRefPrefix + r.ID
		if e := known[ref]; e != nil {
			if e.LineID != line.ID || e.Amount != r.Amount || !e.On.Equal(r.On) {
				rd.fault(r.Row, colID, "Buchungs-ID %s ist schon eingespielt (Eintrag %d: %s am %s) und lautet jetzt %s am %s; eine Änderung im Finanzverfahren kommt als eigene Buchung mit eigener ID.",
					r.ID, e.ID, e.Amount, e.On.Format(quartier.GermanDateLayout), r.Amount, r.On.Format(quartier.GermanDateLayout))
			} else {
				p.result.Known++
			}
			continue
		}
		why := strings.TrimSpace(r.Text)
		if why == "" {
			why = "Buchung aus dem Finanzverfahren"
		}
		ib := per[k]
		if ib == nil {
			ib = &ImportBudget{Budget: k}
			per[k] = ib
			order = append(order, k)
			p.touched = append(p.touched, b)
		}
		if r.Amount < 0 {
			why = "Erstattung/Storno im Finanzverfahren: " + why
			ib.Refunds++
			p.result.Refunds++
		}
		ib.New++
		ib.Sum += r.Amount
		p.result.New++
		p.result.Sum += r.Amount
		e := quartier.Entry{LineID: line.ID, Kind: quartier.EntryBooked, Amount: r.Amount, On: r.On, Ref: ref, Why: why, UserID: a.UserID, Login: a.Label(), At: at}
		if err := e.Validate(); err != nil {
			rd.fault(r.Row, colAmount, "%s", quartier.ErrorMessage(err))
			continue
		}
		p.entries = append(p.entries, e)
	}
	if len(rd.problems) > 0 {
		return nil, problemsError(rd.problems, rd.more, "Der Buchungsexport")
	}
	for _, k := range order {
		p.result.Budgets = append(p.result.Budgets, *per[k])
	}
	return p, nil
}

func describeImport(r *ImportResult) string {
	s := fmt.Sprintf("%d Zeilen: %d neu (%s, davon %d Erstattungen/Stornos), %d schon eingespielt", r.Rows, r.New, r.Sum, r.Refunds, r.Known)
	for _, b := range r.Budgets {
		s += fmt.Sprintf("; %s: %d neu, %s", b.Budget, b.New, b.Sum)
	}
	for _, w := range r.Warnings {
		s += "; Hinweis: " + w.Message
	}
	if r.Notified > 0 {
		s += fmt.Sprintf("; Hinweise an Controlling und Führungs-Duo: %d Zustellungen", r.Notified)
	}
	return s
}
