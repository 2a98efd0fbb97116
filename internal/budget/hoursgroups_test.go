package budget

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/quartier/quartier"
)

// An attacker who reads every figure the hours report and the hourly
// comparison release — for every window of whole months, every team, the
// space and every set of teams a budget may cover — and subtracts them in
// any way must learn nothing about one or two people alone. Each released
// figure is, per kind, the sum of the hours of certain (person, team,
// month) entries; the attacker knows every linear combination of those
// sums. One or two people's hours are disclosed exactly when some nonzero
// combination involves only their entries, i.e. when deleting their
// columns lowers the rank of the released rows. The test computes that
// on random staffs, independent of how the code chooses its cells.
func TestHoursNoCombinationDisclosesFewPeople(t *testing.T) {
	const persons, nTeams, months = 9, 3, 24
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	month := func(i int) time.Time { return start.AddDate(0, i, 0) }
	kinds := []string{quartier.LineCase, quartier.LineMilieu, quartier.LineStructural}
	teams := []string{"t0", "t1", "t2"}
	released, withheld := 0, 0
	for seed := range uint64(12) {
		rng := rand.New(rand.NewPCG(seed, 7))
		var cells []quartier.HoursCell
		for p := range persons {
			for ti, team := range teams {
				if rng.IntN(3) == 0 && ti != p%nTeams {
					continue // not in this team
				}
				for m := range months {
					if rng.Float64() < 0.15 {
						continue
					}
					for _, k := range kinds {
						if k == quartier.LineCase || rng.IntN(4) != 0 {
							// a week in the month: its Monday decides
							week := quartier.WeekOf(month(m).AddDate(0, 0, 3+7*rng.IntN(3)))
							cells = append(cells, quartier.HoursCell{Team: team, Week: week, Kind: k, UserID: int64(p + 1), Hundredths: int64(100 + rng.IntN(4000))})
						}
					}
				}
			}
		}
		h := newHoursCells(cells)
		// The unknowns: one column per person, team, month and kind.
		type entry struct {
			p    int64
			team string
			m    string
			kind string
		}
		col := map[entry]int{}
		var entries []entry
		for _, c := range cells {
			e := entry{c.UserID, c.Team, monthOf(c.Week), c.Kind}
			if _, ok := col[e]; !ok {
				col[e] = len(entries)
				entries = append(entries, e)
			}
		}
		var rows [][]int64
		var open time.Time // the first month still open when the figure is read
		release := func(set []string, from, to time.Time, minPeople int) {
			g, ok := h.figure(set, teams, from, to, open)
			if !ok || len(g.people) < minPeople {
				withheld++
				return
			}
			released++
			for _, k := range kinds {
				row := make([]int64, len(entries))
				for i, e := range entries {
					if e.kind == k && slices.Contains(set, e.team) && e.m >= monthOf(from) && e.m < min(monthOf(to), monthOf(open)) {
						row[i] = 1
					}
				}
				rows = append(rows, row)
			}
		}
		// Read at several moments: as months close, figures grow; what
		// all readings give together must still give nobody away.
		for _, closed := range []int{7, 12, 13, 18, months} {
			open = month(closed)
			for a := range months {
				for b := a + 1; b <= months; b++ {
					for _, team := range teams {
						release([]string{team}, month(a), month(b), MinPeople) // report: team
					}
					release(teams, month(a), month(b), MinPeople) // report: space
				}
			}
			for y := range 2 {
				for mask := 1; mask < 1<<nTeams; mask++ { // comparison: teams of a budget
					var set []string
					for i, team := range teams {
						if mask&(1<<i) != 0 {
							set = append(set, team)
						}
					}
					release(set, month(12*y), month(12*y+12), 0)
				}
			}
		}
		basis := rowBasis(rows)
		full := rankWithout(basis, nil)
		for p := int64(1); p <= persons; p++ {
			for q := p; q <= persons; q++ {
				var drop []int
				for i, e := range entries {
					if e.p == p || e.p == q {
						drop = append(drop, i)
					}
				}
				if r := rankWithout(basis, drop); r != full {
					t.Errorf("seed %d: the released figures give a sum of the hours of persons %d and %d alone (rank %d → %d)", seed, p, q, full, r)
				}
			}
		}
	}
	// The test must not pass by releasing nothing.
	if released < 1000 || withheld == 0 {
		t.Fatalf("released %d figures, withheld %d", released, withheld)
	}
	t.Logf("released %d figures, withheld %d", released, withheld)
}

const prime = 1_000_000_007

func inverse(a int64) int64 {
	r, e := int64(1), int64(prime-2)
	for a %= prime; e > 0; e >>= 1 {
		if e&1 == 1 {
			r = r * a % prime
		}
		a = a * a % prime
	}
	return r
}

// rowBasis reduces rows (mod a prime, exact) to a basis of their span.
func rowBasis(rows [][]int64) [][]int64 {
	var basis [][]int64
	var pivots []int
	for _, r := range rows {
		v := slices.Clone(r)
		for i, b := range basis {
			if f := v[pivots[i]]; f != 0 {
				for j := range v {
					v[j] = ((v[j]-f*b[j])%prime + prime) % prime
				}
			}
		}
		p := slices.IndexFunc(v, func(x int64) bool { return x != 0 })
		if p < 0 {
			continue
		}
		inv := inverse(v[p])
		for j := range v {
			v[j] = v[j] * inv % prime
		}
		for i, b := range basis { // keep the basis reduced
			if f := b[p]; f != 0 {
				for j := range b {
					b[j] = ((b[j]-f*v[j])%prime + prime) % prime
				}
				basis[i] = b
			}
		}
		basis = append(basis, v)
		pivots = append(pivots, p)
	}
	return basis
}

// rankWithout is the rank of the basis' rows with the columns drop left out.
func rankWithout(basis [][]int64, drop []int) int {
	rows := make([][]int64, len(basis))
	for i, b := range basis {
		r := slices.Clone(b)
		for _, j := range drop {
			r[j] = 0
		}
		rows[i] = r
	}
	return len(rowBasis(rows))
}
