package allocation

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/monitoring"
)

// Releasing a proposal to the committee makes its amounts public, and an
// amount gives the measures back: with one term and no bound deciding it,
// amount = base + pool × m / Σm, so a space's count follows from its
// amount and the total. The rule is therefore conservative: per term the
// release shows the measure exactly as a publication of the indicator on
// the space layer shows it (withheld below the threshold, secondary cells,
// linked with earlier releases of the indicator and date), and it is
// refused when a withheld measure belongs to a space whose amount no
// bound decides — or when a measure's total would be withheld, since the
// amounts give the total back. A space whose amount a floor or cap fixes
// says nothing exact about its measures (only an inequality), so its cells
// may be withheld — unless the bound is so close that it tells which small
// number it is: a floor that holds for 1 but would not for 2 gives the 1
// back, so a primary-withheld measure under a bound must leave the bound
// deciding at every other small number. Parts, scores, raw amounts and
// the sensitivity shifts are never released: they are the measures in
// another form.

// Publish releases the saved proposal id to the committee and the public
// (indicators.publish, as any release of monitoring results), with one
// audit entry. The measures are read again: a proposal whose values were
// corrected since it was computed is refused, since its amounts would
// rest on values the release does not show.
func (s *Service) Publish(ctx context.Context, id int64) (*quartier.AllocationRelease, error) {
	what := strconv.FormatInt(id, 10)
	if err := s.audit.Require(ctx, quartier.PermPublishIndicators, "allocation", what); err != nil {
		return nil, err
	}
	if !quartier.ActorFrom(ctx).CanInSpace(quartier.PermReadIndicators, quartier.AllSpaces) {
		err := quartier.Errorf(quartier.EFORBIDDEN, "Ein Verteilungsvorschlag enthält die Werte aller Sozialräume; Ihre Berechtigung reicht nur für einen Teil.")
		return nil, s.audit.IfDenied(ctx, quartier.PermReadIndicators, "allocation", what, err)
	}
	var all []quartier.AllocationProposal
	var released map[int64]bool
	if err := s.store.View(ctx, func(tx Tx) error {
		var err error
		if all, err = tx.Allocations(ctx); err != nil {
			return err
		}
		rs, err := tx.AllocationReleases(ctx)
		released = make(map[int64]bool, len(rs))
		for _, r := range rs {
			released[r.Allocation] = true
		}
		return err
	}); err != nil {
		return nil, err
	}
	var p *quartier.AllocationProposal
	for i := range all {
		if all[i].ID == id {
			p = &all[i]
		}
	}
	switch {
	case p == nil:
		return nil, quartier.Errorf(quartier.ENOTFOUND, "Den Verteilungsvorschlag %d gibt es nicht.", id)
	case released[id]:
		return nil, quartier.Errorf(quartier.ECONFLICT, "%s %d, Fassung %d ist schon veröffentlicht.", p.Name, p.Year, p.Version)
	}
	rel, err := s.release(ctx, p, all, released)
	if err != nil {
		return nil, err
	}
	err = audit.Change(ctx, s.audit, s.store, quartier.PermPublishIndicators, "allocation", what, func(tx Tx) (audit.Event, error) {
		if err := tx.ReleaseAllocation(ctx, rel); err != nil {
			return audit.Event{}, err
		}
		withheld := 0
		for _, r := range rel.Rows {
			for _, c := range r.Measures {
				if c.Suppressed != "" {
					withheld++
				}
			}
		}
		return audit.Event{Action: "allocation.publish", ObjectType: "allocation", ObjectID: what,
			Detail: fmt.Sprintf("%s %d, Fassung %d für den Ausschuss veröffentlicht: %d Sozialräume, %d Messwerte gesperrt", p.Name, p.Year, p.Version, len(rel.Rows), withheld)}, nil
	})
	if err != nil {
		return nil, err
	}
	return rel, nil
}

// release builds what the committee sees of p and refuses it when the
// amounts would give a withheld measure back.
func (s *Service) release(ctx context.Context, p *quartier.AllocationProposal, all []quartier.AllocationProposal, released map[int64]bool) (*quartier.AllocationRelease, error) {
	actor := quartier.ActorFrom(ctx)
	rel := &quartier.AllocationRelease{Allocation: p.ID, Name: p.Name, Year: p.Year, Version: p.Version, Note: p.Note, Rule: p.Rule,
		Layer: p.Layer, LayerDate: p.LayerDate, Notes: p.Notes, ReleasedAt: s.now().UTC().Truncate(time.Second), ReleasedBy: actor.Label()}
	spaces := make([]quartier.Space, len(p.Shares))
	for i, sh := range p.Shares {
		spaces[i] = quartier.Space{Code: sh.Space, Name: sh.Name}
		rel.Rows = append(rel.Rows, quartier.AllocationReleaseRow{Space: sh.Space, Name: sh.Name, Amount: sh.Amount, Bound: sh.Bound})
	}
	// The change gives the compared amounts away: shown only when those
	// are released themselves.
	if p.ComparedWith != "" {
		for _, q := range all {
			if released[q.ID] && fmt.Sprintf("%s %d, Fassung %d", q.Name, q.Year, q.Version) == p.ComparedWith {
				rel.ComparedWith = p.ComparedWith
			}
		}
		if rel.ComparedWith == "" {
			rel.Notes = append(rel.Notes, fmt.Sprintf("Verglichen wurde mit %s; diese Fassung ist nicht veröffentlicht, die Veränderung wird deshalb nicht gezeigt.", p.ComparedWith))
		}
	}
	for i, sh := range p.Shares {
		if rel.ComparedWith != "" && sh.HasPrevious {
			rel.Rows[i].Change, rel.Rows[i].HasChange = sh.Change(), true
		}
	}
	var faults []string
	for k, t := range p.Rule.Terms {
		now, _, err := s.measures(ctx, t.Indicator, p.Layer, p.Rule.Date, spaces)
		if err != nil {
			return nil, err
		}
		for i, sh := range p.Shares {
			if was := sh.Measures[k]; math.Abs(now[i]-was) > 1e-9*max(1, math.Abs(was)) {
				return nil, quartier.Errorf(quartier.EINVALID, "Die Werte von %s zum %s wurden seit der Berechnung geändert (%s: jetzt %s, berechnet mit %s). Bitte den Vorschlag neu berechnen und als neue Fassung speichern.",
					t.Indicator, p.Rule.Date.Format(quartier.GermanDateLayout), spaces[i].Label(), number(now[i]), number(was))
			}
		}
		tab, ind, err := s.monitoring.ReleaseTable(ctx, t.Indicator, p.Layer, p.Rule.Date)
		if err != nil {
			return nil, err
		}
		term := quartier.AllocationReleaseTerm{Indicator: *ind, Weight: t.Weight, Date: p.Rule.Date, Table: *tab}
		cells, total := measureCells(tab, p.Shares)
		if tab.Threshold == 0 {
			// A share without counts: the measure is an estimate of people
			// (share × residents), and an estimate of 1 or 2 people is as
			// telling as a count: withheld the same way.
			term.Estimate = true
			cells, total = estimateCells(p.Shares, k, ind.Threshold())
		}
		term.Total = total
		rel.Terms = append(rel.Terms, term)
		for i := range rel.Rows {
			rel.Rows[i].Measures = append(rel.Rows[i].Measures, cells[i])
		}
		if total.Suppressed != "" {
			faults = append(faults, fmt.Sprintf("%s: die Summe über alle Sozialräume wäre gesperrt, ergibt sich aber aus den Beträgen.", ind.Name))
		}
		for i, r := range rel.Rows {
			switch {
			case r.Bound == "" && cells[i].Suppressed != "":
				faults = append(faults, fmt.Sprintf("%s, %s: %s; der Betrag ist durch keine Unter- oder Obergrenze festgelegt, aus ihm ließe sich der Wert zurückrechnen.",
					spaces[i].Label(), ind.Name, why(cells[i].Suppressed, ind.Threshold())))
			case r.Bound != "" && cells[i].Suppressed == quartier.SuppressedPrimary:
				if other, ok := boundTells(p, i, k, ind.Threshold()); ok {
					faults = append(faults, fmt.Sprintf("%s, %s: %s; der Betrag ist durch die %s festgelegt, die bei %d statt des gesperrten Werts nicht mehr griffe, und verriete so den Wert.",
						spaces[i].Label(), ind.Name, why(cells[i].Suppressed, ind.Threshold()), BoundLabel(r.Bound), other))
				}
			}
		}
	}
	if len(faults) > 0 {
		return nil, quartier.Errorf(quartier.EINVALID, "%s %d, Fassung %d kann nicht veröffentlicht werden: Die Beträge verraten gesperrte Werte. %s Eine Unter- oder Obergrenze, die diese Beträge festlegt, oder andere Indikatoren machen die Veröffentlichung möglich.",
			p.Name, p.Year, p.Version, strings.Join(faults, " "))
	}
	return rel, nil
}

// boundTells reports whether the bound deciding share i's amount would
// no longer decide it were its small measure of term k another small
// number (threshold−1 under a floor, 1 under a cap), and that number: the
// bound then tells which small number it is (the bound holds for 1 but
// not for 2, so it is 1). The formula's factor is read from a space the
// formula decides, as anyone can from the release; with none, every
// amount is a bound and the factor, and with it the measures, unknown.
func boundTells(p *quartier.AllocationProposal, i, k, threshold int) (int, bool) {
	lambda := math.NaN()
	for _, sh := range p.Shares {
		if sh.Bound == "" && sh.Raw > 0 {
			lambda = float64(sh.Amount) / 100 / sh.Raw
			break
		}
	}
	if math.IsNaN(lambda) {
		return 0, false
	}
	weights := normalise(p.Rule.Terms)
	var total float64
	for _, sh := range p.Shares {
		total += sh.Measures[k]
	}
	pool := (1 - p.Rule.BaseShare) * float64(p.Rule.Amount) / 100
	sh := p.Shares[i]
	other := threshold - 1
	if sh.Bound == "cap" {
		other = 1
	}
	amount := lambda * (sh.Raw + pool*weights[k]*(float64(other)-sh.Measures[k])/total)
	switch bound := float64(sh.Amount) / 100; {
	case sh.Bound == "floor" && amount > bound+0.01, sh.Bound == "cap" && amount < bound-0.01:
		return other, true
	}
	return 0, false
}

func why(m quartier.Suppression, threshold int) string {
	if m == quartier.SuppressedPrimary {
		return fmt.Sprintf("der Wert liegt unter %d und wäre in einer Veröffentlichung gesperrt", threshold)
	}
	return "der Wert wäre in einer Veröffentlichung gesperrt, damit sich keine kleine Zahl errechnen lässt"
}

// measureCells are the released cells of the measure (a count, or a
// share's numerator: the people the formula divides by), per share, and
// the total.
func measureCells(tab *quartier.OutputTable, shares []quartier.AllocationShare) ([]quartier.OutputCell, quartier.OutputCell) {
	byArea := make(map[string]quartier.OutputCell, len(tab.Rows))
	for _, r := range tab.Rows {
		byArea[r.Area] = r.Cells[0]
	}
	out := make([]quartier.OutputCell, len(shares))
	for i, sh := range shares {
		out[i] = byArea[string(sh.Space)]
	}
	var total quartier.OutputCell
	if tab.Total != nil {
		total = tab.Total.Cells[0]
	}
	return out, total
}

// estimateCells withholds estimated people as counts are withheld
// (monitoring.Protect over the spaces with the total).
func estimateCells(shares []quartier.AllocationShare, k, threshold int) ([]quartier.OutputCell, quartier.OutputCell) {
	tab := &monitoring.CountTable{ColTotals: true}
	var sum float64
	for _, sh := range shares {
		tab.Cells = append(tab.Cells, []float64{sh.Measures[k]})
		sum += sh.Measures[k]
	}
	marks := monitoring.Protect(tab, float64(threshold))
	out := make([]quartier.OutputCell, len(shares))
	for i, sh := range shares {
		out[i] = estimateCell(sh.Measures[k], marks.Cells[i][0])
	}
	return out, estimateCell(sum, marks.ColTotal[0])
}

func estimateCell(x float64, m quartier.Suppression) quartier.OutputCell {
	if m != "" {
		return quartier.OutputCell{Text: quartier.SuppressedText, Suppressed: m}
	}
	// An estimate of people is shown in whole people: its decimals are
	// the estimate's, not the population's.
	x = math.Round(x)
	return quartier.OutputCell{Text: "≈ " + number(x), Value: &x}
}

// number writes x with a decimal comma and at most one decimal.
func number(x float64) string {
	if x == math.Trunc(x) {
		return strconv.FormatFloat(x, 'f', 0, 64)
	}
	return strings.Replace(strconv.FormatFloat(math.Round(x*10)/10, 'f', 1, 64), ".", ",", 1)
}

// Releases lists the released proposals, newest first. They are public,
// like publications and saved committee reports: the committee meets in
// public, and nothing in them is withheld from anyone.
func (s *Service) Releases(ctx context.Context) ([]quartier.AllocationRelease, error) {
	if err := quartier.Require(ctx, quartier.PermReadPublic); err != nil {
		return nil, err
	}
	var out []quartier.AllocationRelease
	err := s.store.View(ctx, func(tx Tx) (err error) {
		out, err = tx.AllocationReleases(ctx)
		return err
	})
	return out, err
}

// Release is the released proposal id (public); ENOTFOUND when that
// version is not released — an unreleased one is not shown to anyone
// beyond the planners (Proposal).
func (s *Service) Release(ctx context.Context, id int64) (*quartier.AllocationRelease, error) {
	if err := quartier.Require(ctx, quartier.PermReadPublic); err != nil {
		return nil, err
	}
	var out *quartier.AllocationRelease
	err := s.store.View(ctx, func(tx Tx) (err error) {
		out, err = tx.AllocationRelease(ctx, id)
		return err
	})
	return out, err
}
