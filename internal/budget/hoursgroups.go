package budget

import (
	"slices"
	"time"

	"github.com/quartier/quartier"
)

// Staff hours are shown only as sums of whole cells, and only of cells
// of at least MinPeople people, in all and in every kind of work. The
// cells partition the hours: a team's month is a cell when it is safe;
// the team-months of a space that are not form the space's remainder of
// that month, a cell when it is safe; the remainders that are not form
// the space's remainder of the year. Whatever a reader subtracts — a
// space against its teams, one period against another, the hourly
// comparison against the report — then yields sums of whole cells, never
// less than MinPeople people (TestHoursNoCombinationDisclosesFewPeople
// checks every combination). Periods are whole months for this reason:
// with free weeks, two reports a week apart give that week's hours.

// HoursClosingDay is the day of the next month up to which a month's
// hours are recorded. Then the month is closed: no entry changes it any
// more, and only closed months are shown — a figure read before and after
// a late entry would otherwise differ by that one person's hours.
const HoursClosingDay = 10

// HoursOpen is the first month still open on day now (recorded, not
// shown).
func HoursOpen(now time.Time) time.Time {
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	if now.Day() <= HoursClosingDay {
		return first.AddDate(0, -1, 0)
	}
	return first
}

// HoursPeriod gives the whole months the hours report covers for the
// period [from, to): from the first of from's month to the end of the
// month of the day before to.
func HoursPeriod(from, to time.Time) (time.Time, time.Time) {
	first := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC)
	last := to.AddDate(0, 0, -1)
	end := time.Date(last.Year(), last.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 1, 0)
	if !end.After(first) {
		end = first.AddDate(0, 1, 0)
	}
	return first, end
}

// monthOf is the month a week counts in: that of its Monday, the day the
// week is stored under, so that every week belongs to exactly one month.
func monthOf(week time.Time) string { return week.Format("2006-01") }

// hoursGroup is the hours of some cells with the people behind them.
type hoursGroup struct {
	people map[int64]bool
	kinds  map[string]map[int64]bool
	byKind map[string]int64
	total  int64
}

func newHoursGroup() *hoursGroup {
	return &hoursGroup{people: map[int64]bool{}, kinds: map[string]map[int64]bool{}, byKind: map[string]int64{}}
}

func (g *hoursGroup) add(c quartier.HoursCell) {
	g.people[c.UserID] = true
	if g.kinds[c.Kind] == nil {
		g.kinds[c.Kind] = map[int64]bool{}
	}
	g.kinds[c.Kind][c.UserID] = true
	g.byKind[c.Kind] += c.Hundredths
	g.total += c.Hundredths
}

func (g *hoursGroup) merge(o *hoursGroup) {
	for p := range o.people {
		g.people[p] = true
	}
	for k, ps := range o.kinds {
		if g.kinds[k] == nil {
			g.kinds[k] = map[int64]bool{}
		}
		for p := range ps {
			g.kinds[k][p] = true
		}
	}
	for k, v := range o.byKind {
		g.byKind[k] += v
	}
	g.total += o.total
}

// safe reports whether the group may be shown: nobody, or at least
// MinPeople people in all and in every kind of work they recorded — a
// kind one or two people did alone is their hours, however large the
// team.
func (g *hoursGroup) safe() bool {
	if len(g.people) == 0 {
		return true
	}
	if len(g.people) < MinPeople {
		return false
	}
	for _, ps := range g.kinds {
		if len(ps) < MinPeople {
			return false
		}
	}
	return true
}

// hoursCells sorts the cells of a period into team-months.
type hoursCells struct {
	byTeam map[string]map[string]*hoursGroup // team → month → hours
}

func newHoursCells(cells []quartier.HoursCell) *hoursCells {
	h := &hoursCells{byTeam: map[string]map[string]*hoursGroup{}}
	for _, c := range cells {
		m := monthOf(c.Week)
		tm := h.byTeam[c.Team]
		if tm == nil {
			tm = map[string]*hoursGroup{}
			h.byTeam[c.Team] = tm
		}
		if tm[m] == nil {
			tm[m] = newHoursGroup()
		}
		tm[m].add(c)
	}
	return h
}

// figure sums the hours of teams (one team, or teams of one space) in
// the months of [from, to) and reports whether the sum is made of whole
// safe cells. spaceTeams are all teams of their space. The cells: a
// team-month of MinPeople people (in all and per kind) is a cell; the
// space's other team-months of a month form its remainder, a cell if it
// is safe; remainders that are not form, per year, the space's year
// remainder, the last cell. The cells are read for whole years (see
// HoursYears), so that the year remainder is known.
func (h *hoursCells) figure(teams, spaceTeams []string, from, to, open time.Time) (*hoursGroup, bool) {
	first, end, closed := monthOf(from), monthOf(to), monthOf(open)
	end = min(end, closed)
	within := func(m string) bool { return m >= first && m < end }
	g, ok := newHoursGroup(), true
	in := map[string]bool{}
	for _, t := range teams {
		in[t] = true
		for m, mg := range h.byTeam[t] {
			if within(m) {
				g.merge(mg)
			}
		}
	}
	// The space's remainder per month: its team-months that are no cell.
	rest := map[string][]string{}
	for _, t := range spaceTeams {
		for m, mg := range h.byTeam[t] {
			if m < closed && !mg.safe() {
				rest[m] = append(rest[m], t)
			}
		}
	}
	whole := func(m string) bool { // the remainder of m is wholly in the figure
		if !within(m) {
			return false
		}
		for _, t := range rest[m] {
			if !in[t] {
				return false
			}
		}
		return true
	}
	years := map[string]bool{} // year → its year remainder is whole and safe
	for m, ts := range rest {
		if !within(m) || !slices.ContainsFunc(ts, func(t string) bool { return in[t] }) {
			continue
		}
		if !whole(m) {
			return g, false
		}
		if h.group(m, ts).safe() {
			continue
		}
		y := m[:4]
		if done, seen := years[y]; seen {
			ok = ok && done
			continue
		}
		year, safe := newHoursGroup(), true
		for m2, ts2 := range rest {
			if m2[:4] != y {
				continue
			}
			if r := h.group(m2, ts2); !r.safe() {
				safe = safe && whole(m2)
				year.merge(r)
			}
		}
		// A year's remainder grows as its months close: only a whole
		// year's is a cell, or two readings a month apart would give the
		// new month's remainder.
		years[y] = safe && year.safe() && y+"-12" < closed
		ok = ok && years[y]
	}
	return g, ok
}

// group sums the team-months of teams in month m.
func (h *hoursCells) group(m string, teams []string) *hoursGroup {
	g := newHoursGroup()
	for _, t := range teams {
		if mg := h.byTeam[t][m]; mg != nil {
			g.merge(mg)
		}
	}
	return g
}

// HoursYears widens [from, to) to whole calendar years: the cells of a
// period are decided on the years it touches.
func HoursYears(from, to time.Time) (time.Time, time.Time) {
	last := to.AddDate(0, 0, -1)
	return time.Date(from.Year(), 1, 1, 0, 0, 0, 0, time.UTC), time.Date(last.Year()+1, 1, 1, 0, 0, 0, 0, time.UTC)
}
