package budget

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/textde"
)

// Posted is the answer to every entry written to a ledger: the entry, the
// line as it stands after it, and the warnings of the line. Warnings never
// stop an entry: it has been written when they come back, and Note then
// says that the decision on the help stands on its own.
type Posted struct {
	Entry    quartier.Entry     `json:"entry"`
	Budget   quartier.BudgetKey `json:"budget"`
	Line     LineStatus         `json:"line"`
	Warnings []Warning          `json:"warnings,omitempty"`
	Note     string             `json:"note,omitempty"`
	// Notified is how many accounts (controller, leadership duo) got a
	// notice because the entry made its line cross a threshold first.
	Notified int `json:"notified,omitempty"`
}

// PlanRequest changes the plan of a line by Amount (positive or negative):
// a decision of the committee, a shift between lines (two requests).
type PlanRequest struct {
	Budget quartier.BudgetKey
	Line   string
	Amount quartier.Cents
	Why    string
}

// Plan appends a planned entry to a line.
func (s *Service) Plan(ctx context.Context, req PlanRequest) (*Posted, error) {
	var out *Posted
	err := s.onBudget(ctx, req.Budget, "budget.plan", func(tx Tx, l *ledger) (string, error) {
		line, err := l.line(req.Line)
		if err != nil {
			return "", err
		}
		out, err = s.post(ctx, tx, l, s.entry(ctx, line.ID, quartier.EntryPlanned, req.Amount, req.Why))
		return describe(line, out), err
	})
	return out, err
}

// Commit binds money for a granted help (see quartier.Commitment). Beyond
// what is available it is written all the same and comes back with a
// warning.
func (s *Service) Commit(ctx context.Context, c quartier.Commitment) (*Posted, error) {
	c.Term = quartier.Term{From: quartier.Day(c.Term.From), To: quartier.Day(c.Term.To)}
	var out *Posted
	err := s.onBudget(ctx, c.Key(), "budget.commit", func(tx Tx, l *ledger) (string, error) {
		line, err := l.line(c.Line)
		if err != nil {
			return "", err
		}
		if err := l.inYear(c.Term); err != nil {
			return "", err
		}
		sum, err := c.Sum()
		if err != nil {
			return "", err
		}
		if err := l.refFree(ctx, tx, quartier.EntryCommitted, c.Ref); err != nil {
			return "", err
		}
		e := s.entry(ctx, line.ID, quartier.EntryCommitted, sum, c.Why)
		e.Term, e.Volume, e.Ref = &c.Term, c.Volume, c.Ref
		out, err = s.post(ctx, tx, l, e)
		return describe(line, out), err
	})
	return out, err
}

// SetCommitmentEnd moves the end of a commitment's term (the help ends
// early or is extended within the year) and binds the difference: the
// volume over the new term, or an amount given as such shortened or
// lengthened by days. The commitment itself stays as it was written.
func (s *Service) SetCommitmentEnd(ctx context.Context, id int64, to time.Time, why string) (*Posted, error) {
	var out *Posted
	err := s.onEntry(ctx, id, "budget.commitment.end", func(tx Tx, l *ledger, root *quartier.Entry) (string, error) {
		if root.Kind != quartier.EntryCommitted || root.Commitment != 0 || root.Reverses != 0 {
			return "", quartier.Errorf(quartier.EINVALID, "Eintrag %d ist keine Mittelbindung (sondern %s).", id, describeKind(root))
		}
		chain, err := tx.CommitmentEntries(ctx, id)
		if err != nil {
			return "", err
		}
		reversedBy := reversals(chain)
		if by, ok := reversedBy[id]; ok {
			return "", quartier.Errorf(quartier.EINVALID, "Die Mittelbindung %d ist storniert (Eintrag %d).", id, by)
		}
		current, total := commitmentState(root, chain, reversedBy)
		term := quartier.Term{From: root.Term.From, To: quartier.Day(to)}
		if !term.To.After(term.From) {
			return "", quartier.Errorf(quartier.EINVALID, "Das neue Ende (%s) liegt nicht nach dem Beginn der Mittelbindung (%s).",
				term.To.Format(quartier.GermanDateLayout), term.From.Format(quartier.GermanDateLayout))
		}
		if term.To.Equal(current.To) {
			return "", quartier.Errorf(quartier.EINVALID, "Die Mittelbindung %d endet schon am %s.", id, current.To.AddDate(0, 0, -1).Format(quartier.GermanDateLayout))
		}
		if err := l.inYear(term); err != nil {
			return "", err
		}
		var sum quartier.Cents
		if root.Volume != nil {
			sum = root.Volume.Amount(term)
		} else {
			sum = root.Amount.Prorate(term.Days(), root.Term.Days())
		}
		if sum == total {
			return "", quartier.Errorf(quartier.EINVALID, "Das neue Ende ändert den Betrag der Mittelbindung %d (%s) nicht.", id, total)
		}
		e := s.entry(ctx, root.LineID, quartier.EntryCommitted, sum-total, why)
		e.Term, e.Volume, e.Commitment = &term, root.Volume, id
		out, err = s.post(ctx, tx, l, e)
		return fmt.Sprintf("Mittelbindung %d: Laufzeit %s statt %s; ", id, term, current) + describe(l.b.LineByID(root.LineID), out), err
	})
	return out, err
}

// BookRequest books money spent. With Commitment it pays that commitment
// (its line and budget follow from it); otherwise Space, Team and Line
// name the line, and the year is the one of On.
type BookRequest struct {
	Space      quartier.SpaceCode
	Team       string
	Line       string
	On         time.Time
	Amount     quartier.Cents
	Commitment int64
	Ref        string // e.g. the booking ID of the finance system
	Why        string
	// Project is the code of a project of case-independent work the
	// booking pays for (its line must be of the project's kind).
	Project string
}

// Book appends a booking. A booking beyond what is available succeeds and
// comes back with a warning: the decision on the help stands on its own.
func (s *Service) Book(ctx context.Context, req BookRequest) (*Posted, error) {
	var out *Posted
	run := func(tx Tx, l *ledger, line *quartier.Line) (string, error) {
		on := quartier.Day(req.On)
		if on.Year() != l.b.Year {
			return "", quartier.Errorf(quartier.EINVALID, "Das Buchungsdatum %s liegt nicht im Haushaltsjahr %d.", on.Format(quartier.GermanDateLayout), l.b.Year)
		}
		if on.After(s.today()) {
			return "", quartier.Errorf(quartier.EINVALID, "Das Buchungsdatum %s liegt in der Zukunft.", on.Format(quartier.GermanDateLayout))
		}
		if req.Amount <= 0 {
			return "", quartier.Errorf(quartier.EINVALID, "Eine Buchung braucht einen Betrag über 0 €; eine falsche Buchung wird storniert.")
		}
		if err := l.refFree(ctx, tx, quartier.EntryBooked, req.Ref); err != nil {
			return "", err
		}
		project, err := projectFor(ctx, tx, l.b, line, on, req.Project)
		if err != nil {
			return "", err
		}
		e := s.entry(ctx, line.ID, quartier.EntryBooked, req.Amount, req.Why)
		e.On, e.Commitment, e.Ref = on, req.Commitment, req.Ref
		if out, err = s.post(ctx, tx, l, e); err != nil {
			return "", err
		}
		return describe(line, out) + projectNote(project), linkProject(ctx, tx, out.Entry.ID, project)
	}
	if req.Commitment == 0 {
		err := s.onBudget(ctx, quartier.BudgetKey{Space: req.Space, Team: req.Team, Year: quartier.Day(req.On).Year()}, "budget.book", func(tx Tx, l *ledger) (string, error) {
			line, err := l.line(req.Line)
			if err != nil {
				return "", err
			}
			return run(tx, l, line)
		})
		return out, err
	}
	err := s.onEntry(ctx, req.Commitment, "budget.book", func(tx Tx, l *ledger, c *quartier.Entry) (string, error) {
		if c.Kind != quartier.EntryCommitted || c.Commitment != 0 || c.Reverses != 0 {
			return "", quartier.Errorf(quartier.EINVALID, "Eintrag %d ist keine Mittelbindung (sondern %s).", c.ID, describeKind(c))
		}
		if by, err := tx.ReversalOf(ctx, c.ID); err == nil {
			return "", quartier.Errorf(quartier.EINVALID, "Die Mittelbindung %d ist storniert (Eintrag %d); die Buchung gehört auf die Zeile ohne Mittelbindung oder auf eine neue.", c.ID, by.ID)
		} else if quartier.ErrorCode(err) != quartier.ENOTFOUND {
			return "", err
		}
		line := l.b.LineByID(c.LineID)
		if (req.Line != "" && req.Line != line.Code) || (req.Space != "" && req.Space != l.b.Space) || (req.Team != "" && req.Team != l.b.Team) {
			return "", quartier.Errorf(quartier.EINVALID, "Die Mittelbindung %d gehört zu %s, Zeile %s, nicht zur angegebenen Zeile.", c.ID, l.b.BudgetKey, line.Code)
		}
		return run(tx, l, line)
	})
	return out, err
}

// Reverse appends the reversal of an entry: the same line, kind and
// commitment with the negated amount, so the two net to zero. An entry is
// reversed once; a reversal is not reversed (book anew instead), and a
// commitment whose term was changed is reversed after its changes.
func (s *Service) Reverse(ctx context.Context, id int64, why string) (*Posted, error) {
	var out *Posted
	err := s.onEntry(ctx, id, "budget.reverse", func(tx Tx, l *ledger, orig *quartier.Entry) (string, error) {
		if orig.Reverses != 0 {
			return "", quartier.Errorf(quartier.EINVALID, "Eintrag %d ist selbst ein Storno (von Eintrag %d); richtig ist eine neue Buchung.", id, orig.Reverses)
		}
		if by, err := tx.ReversalOf(ctx, id); err == nil {
			return "", quartier.Errorf(quartier.ECONFLICT, "Eintrag %d ist schon storniert (Eintrag %d).", id, by.ID)
		} else if quartier.ErrorCode(err) != quartier.ENOTFOUND {
			return "", err
		}
		e := s.entry(ctx, orig.LineID, orig.Kind, -orig.Amount, why)
		e.Term, e.Volume, e.Commitment, e.Reverses, e.Ref = orig.Term, orig.Volume, orig.Commitment, id, orig.Ref
		if orig.Kind == quartier.EntryCommitted && orig.Commitment == 0 {
			chain, err := tx.CommitmentEntries(ctx, id)
			if err != nil {
				return "", err
			}
			if open := openChanges(id, chain, reversals(chain)); len(open) > 0 {
				return "", quartier.Errorf(quartier.EINVALID, "Die Laufzeit der Mittelbindung %d wurde geändert (Einträge %s); zuerst diese Änderungen stornieren.", id, joinIDs(open))
			}
			e.Commitment = id
		}
		var err error
		if out, err = s.post(ctx, tx, l, e); err != nil {
			return "", err
		}
		// The reversal of a project's booking belongs to the project too,
		// so that the project's sum nets to zero like the line's.
		project, err := tx.EntryProject(ctx, id)
		if err != nil {
			return "", err
		}
		if project != 0 {
			err = tx.LinkEntryProject(ctx, out.Entry.ID, project)
		}
		return fmt.Sprintf("Storno von Eintrag %d (%s); ", id, describeKind(orig)) + describe(l.b.LineByID(orig.LineID), out), err
	})
	return out, err
}

// ledger is a budget with the sums of its entries and the office's
// rules, read inside a use case's transaction.
type ledger struct {
	b     *quartier.Budget
	sums  []quartier.EntrySum
	rules quartier.BudgetRules
}

func loadLedger(ctx context.Context, tx Tx, b *quartier.Budget) (*ledger, error) {
	rules, err := loadRules(ctx, tx)
	if err != nil {
		return nil, err
	}
	sums, err := tx.EntrySums(ctx, b.ID)
	if err != nil {
		return nil, err
	}
	return &ledger{b: b, sums: sums, rules: rules}, nil
}

// reversals maps the entries among es that are reversed to their
// reversal. A lookup that finds an entry finds its reversal too: a
// reversal carries the entry's reference and commitment.
func reversals(es []quartier.Entry) map[int64]int64 {
	by := map[int64]int64{}
	for _, e := range es {
		if e.Reverses != 0 {
			by[e.Reverses] = e.ID
		}
	}
	return by
}

func (l *ledger) line(code string) (*quartier.Line, error) {
	if line := l.b.Line(code); line != nil {
		return line, nil
	}
	var codes []string
	for _, x := range l.b.Lines {
		codes = append(codes, x.Code)
	}
	return nil, quartier.Errorf(quartier.ENOTFOUND, "Der Haushalt %s hat keine Zeile %q (Zeilen: %s).", l.b.BudgetKey, code, strings.Join(codes, ", "))
}

// inYear refuses a term that does not lie in the budget year: the part
// after the year end belongs to next year's budget.
func (l *ledger) inYear(t quartier.Term) error {
	if t.From.Before(l.b.Start()) || t.To.After(l.b.End()) || !t.To.After(t.From) {
		return quartier.Errorf(quartier.EINVALID, "Die Laufzeit %s liegt nicht im Haushaltsjahr %d; der Teil ab dem 01.01.%d gehört in den Haushalt %d.",
			t, l.b.Year, l.b.Year+1, l.b.Year+1)
	}
	return nil
}

// refFree refuses an outside reference that an entry of the kind in force
// already carries: a referral binds money once, a finance booking is
// booked once.
func (l *ledger) refFree(ctx context.Context, tx Tx, kind quartier.EntryKind, ref string) error {
	if ref == "" {
		return nil
	}
	es, err := tx.EntriesByRef(ctx, l.b.ID, ref)
	if err != nil {
		return err
	}
	reversedBy := reversals(es)
	for _, e := range es {
		// Of commitments only the commitments themselves count, not the
		// changes of their term, which carry no reference of their own.
		change := e.Kind == quartier.EntryCommitted && e.Commitment != 0
		if _, reversed := reversedBy[e.ID]; e.Kind == kind && e.Reverses == 0 && !change && !reversed {
			return quartier.Errorf(quartier.ECONFLICT, "%s mit dem Bezug %q gibt es schon (Eintrag %d).", kind.Label(), ref, e.ID)
		}
	}
	return nil
}

// commitmentState is a commitment's term in force (of its latest change
// not reversed) and its amount with all changes; chain is what
// CommitmentEntries reads for it.
func commitmentState(root *quartier.Entry, chain []quartier.Entry, reversedBy map[int64]int64) (quartier.Term, quartier.Cents) {
	term, total := *root.Term, quartier.Cents(0)
	for _, e := range chain {
		if e.Kind != quartier.EntryCommitted {
			continue
		}
		total += e.Amount
		if _, reversed := reversedBy[e.ID]; e.Reverses == 0 && !reversed {
			term = *e.Term
		}
	}
	return term, total
}

// openChanges are the term changes of a commitment not reversed.
func openChanges(root int64, chain []quartier.Entry, reversedBy map[int64]int64) []int64 {
	var out []int64
	for _, e := range chain {
		if _, reversed := reversedBy[e.ID]; e.Kind == quartier.EntryCommitted && e.Commitment == root && e.Reverses == 0 && !reversed {
			out = append(out, e.ID)
		}
	}
	return out
}

// entry starts an entry of the acting person, dated today.
func (s *Service) entry(ctx context.Context, line int64, kind quartier.EntryKind, amount quartier.Cents, why string) quartier.Entry {
	a := quartier.ActorFrom(ctx)
	e := quartier.Entry{LineID: line, Kind: kind, Amount: amount, On: s.today(), Why: strings.TrimSpace(why), Login: a.Label(), At: s.now().UTC().Truncate(time.Microsecond)}
	if a != nil {
		e.UserID = a.UserID
	}
	return e
}

// post appends e to the ledger and returns its line as it stands after.
func (s *Service) post(ctx context.Context, tx Tx, l *ledger, e quartier.Entry) (*Posted, error) {
	if err := e.Validate(); err != nil {
		return nil, err
	}
	if err := tx.AppendEntry(ctx, &e); err != nil {
		return nil, err
	}
	e.BudgetID = l.b.ID
	l.sums = append(l.sums, e.Sum())
	st := compute(l.b, l.sums, s.today(), l.rules.Thresholds)
	line := l.b.LineByID(e.LineID)
	p := &Posted{Entry: e, Budget: l.b.BudgetKey, Line: *st.Line(line.Code)}
	for _, w := range st.Warnings {
		if w.Line == line.Code {
			p.Warnings = append(p.Warnings, w)
		}
	}
	if len(p.Warnings) > 0 {
		p.Note = quartier.BudgetNote
		var err error
		if p.Notified, err = s.notify(ctx, tx, l.b, p.Warnings, l.rules.Thresholds); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// onBudget runs a ledger write on the budget of k: the scope of the
// space first (outside it the budget is "not found"), then one
// transaction with the ledger read and the audit entry.
func (s *Service) onBudget(ctx context.Context, k quartier.BudgetKey, action string, fn func(Tx, *ledger) (string, error)) error {
	if err := s.audit.RequireSpace(ctx, quartier.PermManageBudgets, "budget", k.Space); err != nil {
		return err
	}
	return audit.Change(ctx, s.audit, s.store, quartier.PermManageBudgets, "budget", k.String(), func(tx Tx) (audit.Event, error) {
		ev := audit.Event{Action: action, ObjectType: "budget", ObjectID: k.String()}
		b, err := tx.Budget(ctx, k)
		if err != nil {
			return ev, err
		}
		l, err := loadLedger(ctx, tx, b)
		if err != nil {
			return ev, err
		}
		ev.Detail, err = fn(tx, l)
		ev.Detail = textde.Shorten(ev.Detail, 2000)
		return ev, err
	})
}

// onEntry runs a ledger write that starts from an existing entry. Its
// space is known only once the entry is read: an entry outside the
// actor's scope is "not found", and that refusal is audited.
func (s *Service) onEntry(ctx context.Context, id int64, action string, fn func(Tx, *ledger, *quartier.Entry) (string, error)) error {
	return audit.Change(ctx, s.audit, s.store, quartier.PermManageBudgets, "budget_entry", fmt.Sprint(id), func(tx Tx) (audit.Event, error) {
		ev := audit.Event{Action: action, ObjectType: "budget_entry", ObjectID: fmt.Sprint(id)}
		e, err := tx.Entry(ctx, id)
		if err != nil {
			return ev, err
		}
		b, err := tx.BudgetByID(ctx, e.BudgetID)
		if err != nil {
			return ev, err
		}
		if !quartier.ActorFrom(ctx).CanInSpace(quartier.PermManageBudgets, b.Space) {
			return ev, audit.Denial(quartier.Errorf(quartier.ENOTFOUND, "Eintrag %d wurde nicht gefunden.", id))
		}
		ev.ObjectType, ev.ObjectID = "budget", b.BudgetKey.String()
		l, err := loadLedger(ctx, tx, b)
		if err != nil {
			return ev, err
		}
		ev.Detail, err = fn(tx, l, e)
		ev.Detail = textde.Shorten(ev.Detail, 2000)
		return ev, err
	})
}

// describe is the audit detail of a posted entry: what, where, why, and
// the warnings it came back with.
func describe(line *quartier.Line, p *Posted) string {
	if p == nil {
		return ""
	}
	e := p.Entry
	s := fmt.Sprintf("Eintrag %d: %s %s, Zeile %s, am %s", e.ID, e.Kind.Label(), e.Amount, line.Code, e.On.Format(quartier.GermanDateLayout))
	if e.Term != nil {
		s += ", Laufzeit " + e.Term.String()
	}
	if e.Volume != nil {
		s += ", " + e.Volume.String()
	}
	if e.Commitment != 0 {
		s += fmt.Sprintf(", Mittelbindung %d", e.Commitment)
	}
	if e.Ref != "" {
		s += ", Bezug " + e.Ref
	}
	s += "; Grund: " + e.Why
	for _, w := range p.Warnings {
		s += "; Hinweis: " + w.Message
	}
	if p.Notified > 0 {
		s += fmt.Sprintf("; Hinweis an %d Konten (Controlling, Führungs-Duo) zugestellt", p.Notified)
	}
	return s
}

func describeKind(e *quartier.Entry) string {
	switch {
	case e.Reverses != 0:
		return fmt.Sprintf("Storno von Eintrag %d", e.Reverses)
	case e.Kind == quartier.EntryCommitted && e.Commitment != 0:
		return fmt.Sprintf("Änderung der Mittelbindung %d", e.Commitment)
	}
	return e.Kind.Label()
}

func joinIDs(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = fmt.Sprint(id)
	}
	return strings.Join(s, ", ")
}
