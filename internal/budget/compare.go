package budget

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
)

// SpaceFigures are the budgets of one space in a year (its own and its
// teams') summed, beside its residents.
type SpaceFigures struct {
	Space     quartier.SpaceCode `json:"space"`
	Name      string             `json:"name"`
	Budgets   int                `json:"budgets"`
	Totals    Totals             `json:"totals"`
	Residents int                `json:"residents"` // 0: no figures
}

// Per1000 is an amount per 1,000 residents of the space, in cents; false
// without residents.
func (f *SpaceFigures) Per1000(c quartier.Cents) (quartier.Cents, bool) {
	if f.Residents <= 0 {
		return 0, false
	}
	return c.Prorate(1000, int64(f.Residents)), true
}

// Comparison sets the spaces side by side, per 1,000 residents of the
// group of young people the office imported ("0-26", else "0-17"); when
// it imported only all residents ("gesamt"), per 1,000 residents, and the
// label says so.
type Comparison struct {
	Year          int            `json:"year"`
	Group         string         `json:"group,omitempty"` // "" without population figures
	GroupLabel    string         `json:"group_label,omitempty"`
	Young         bool           `json:"young"` // the group is one of young people
	ReferenceDate time.Time      `json:"reference_date"`
	Spaces        []SpaceFigures `json:"spaces"`
}

// Compare sums the budgets of a year per space the actor may read. Spaces
// outside its scope are left out, as if they had no budget.
func (s *Service) Compare(ctx context.Context, year int) (*Comparison, error) {
	if err := s.audit.Require(ctx, quartier.PermReadBudgets, "budget", fmt.Sprint(year)); err != nil {
		return nil, err
	}
	var c *Comparison
	err := s.store.View(ctx, func(tx Tx) (err error) {
		c, err = s.compareIn(ctx, tx, year)
		return err
	})
	if err != nil {
		return nil, err
	}
	if err := s.audit.Read(ctx, audit.Event{Action: "budget.compare", ObjectType: "budget", ObjectID: fmt.Sprint(year),
		Detail: fmt.Sprintf("%d Sozialräume", len(c.Spaces))}); err != nil {
		return nil, err
	}
	return c, nil
}

// residents fills the residents of each compared space from the newest
// figures of the group chosen, summed from blocks through the current
// block layer (blocks of an older Gebietsstand are left out).
func (s *Service) residents(c *Comparison, pop []quartier.Population, index map[quartier.SpaceCode]int) {
	newest := map[string]time.Time{}
	for _, p := range pop {
		if p.ReferenceDate.After(newest[p.Group]) {
			newest[p.Group] = p.ReferenceDate
		}
	}
	for _, g := range []string{"0-26", "0-17", "gesamt"} {
		if _, ok := newest[g]; ok {
			c.Group, c.Young = g, g != "gesamt"
			break
		}
	}
	if c.Group == "" {
		return
	}
	c.GroupLabel, c.ReferenceDate = quartier.PopulationGroupLabel(c.Group), newest[c.Group]
	loc := s.spatial.Locator()
	layer := loc.SpaceLayer()
	for _, p := range pop {
		if p.Group != c.Group || !p.ReferenceDate.Equal(c.ReferenceDate) {
			continue
		}
		r, ok := loc.LocateBlock(p.Block)
		if !ok {
			continue
		}
		if h, ok := r.HitFor(layer); ok {
			if j, ok := index[quartier.SpaceCode(h.Code)]; ok {
				c.Spaces[j].Residents += p.Residents
			}
		}
	}
}

// compareIn sums the budgets of year per space inside a transaction.
func (s *Service) compareIn(ctx context.Context, tx Tx, year int) (*Comparison, error) {
	a := quartier.ActorFrom(ctx)
	spaces, err := s.spatial.Spaces(ctx)
	if err != nil {
		return nil, err
	}
	c := &Comparison{Year: year}
	index := map[quartier.SpaceCode]int{}
	today := s.today()
	all, err := tx.Budgets(ctx, "", year)
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
		st := compute(b, l.sums, today, l.rules.Thresholds)
		j, ok := index[b.Space]
		if !ok {
			j = len(c.Spaces)
			index[b.Space] = j
			name := string(b.Space)
			if k := slices.IndexFunc(spaces, func(sp quartier.Space) bool { return sp.Code == b.Space }); k >= 0 {
				name = spaces[k].Name
			}
			c.Spaces = append(c.Spaces, SpaceFigures{Space: b.Space, Name: name})
		}
		f := &c.Spaces[j]
		f.Budgets++
		f.Totals.Planned += st.Totals.Planned
		f.Totals.Committed += st.Totals.Committed
		f.Totals.Booked += st.Totals.Booked
		f.Totals.Remaining += st.Totals.Remaining
		f.Totals.Forecast += st.Totals.Forecast
	}
	if len(c.Spaces) == 0 {
		return c, nil
	}
	pop, err := tx.Population(ctx)
	if err != nil {
		return nil, err
	}
	s.residents(c, pop, index)
	return c, nil
}
