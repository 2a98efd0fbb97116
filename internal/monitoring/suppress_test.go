package monitoring

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/quartier/quartier"
)

// recoverable is the attacker, written independently of Protect: it
// knows every shown cell and total and solves the equations "cells of a
// row add up to the row's total" and "cells of a column add up to the
// column's total" by Gaussian elimination. It returns the withheld cells
// (row, column; a column index of len(row) is the row total, a row index
// of len(cells) the column totals) whose value follows exactly, and that
// value.
func recoverable(t *CountTable, hidden func(i, j int) bool) map[[2]int]float64 {
	m, n := len(t.Cells), len(t.Cells[0])
	val := func(i, j int) float64 {
		switch {
		case i < m && j < n:
			return t.Cells[i][j]
		case i < m:
			s := 0.0
			for _, x := range t.Cells[i] {
				s += x
			}
			return s
		case j < n:
			s := 0.0
			for r := range m {
				s += t.Cells[r][j]
			}
			return s
		}
		s := 0.0
		for r := range m {
			for _, x := range t.Cells[r] {
				s += x
			}
		}
		return s
	}
	exists := func(i, j int) bool {
		return (i < m || t.ColTotals) && (j < n || t.RowTotals)
	}
	var unknown [][2]int
	index := map[[2]int]int{}
	for i := 0; i <= m; i++ {
		for j := 0; j <= n; j++ {
			if exists(i, j) && hidden(i, j) {
				index[[2]int{i, j}] = len(unknown)
				unknown = append(unknown, [2]int{i, j})
			}
		}
	}
	// One equation per line with its total: Σ cells − total = 0.
	var rows [][]float64
	equation := func(cells [][2]int, total [2]int) {
		eq := make([]float64, len(unknown)+1)
		for _, c := range append(cells, total) {
			sign := 1.0
			if c == total {
				sign = -1
			}
			if k, ok := index[c]; ok {
				eq[k] += sign
			} else {
				eq[len(unknown)] -= sign * val(c[0], c[1])
			}
		}
		rows = append(rows, eq)
	}
	if t.RowTotals {
		for i := 0; i <= m; i++ {
			if i == m && !t.ColTotals {
				continue
			}
			var cells [][2]int
			for j := range n {
				cells = append(cells, [2]int{i, j})
			}
			equation(cells, [2]int{i, n})
		}
	}
	if t.ColTotals {
		for j := 0; j <= n; j++ {
			if j == n && !t.RowTotals {
				continue
			}
			var cells [][2]int
			for i := range m {
				cells = append(cells, [2]int{i, j})
			}
			equation(cells, [2]int{m, j})
		}
	}
	// Reduced row echelon form; an unknown is determined when its pivot
	// row has no other unknown.
	pivotRow := 0
	pivots := map[int]int{}
	for col := 0; col < len(unknown) && pivotRow < len(rows); col++ {
		best := -1
		for r := pivotRow; r < len(rows); r++ {
			if math.Abs(rows[r][col]) > 1e-9 && (best < 0 || math.Abs(rows[r][col]) > math.Abs(rows[best][col])) {
				best = r
			}
		}
		if best < 0 {
			continue
		}
		rows[pivotRow], rows[best] = rows[best], rows[pivotRow]
		p := rows[pivotRow][col]
		for k := range rows[pivotRow] {
			rows[pivotRow][k] /= p
		}
		for r := range rows {
			if r != pivotRow && math.Abs(rows[r][col]) > 1e-12 {
				f := rows[r][col]
				for k := range rows[r] {
					rows[r][k] -= f * rows[pivotRow][k]
				}
			}
		}
		pivots[col] = pivotRow
		pivotRow++
	}
	out := map[[2]int]float64{}
	for col, r := range pivots {
		alone := true
		for k := range unknown {
			if k != col && math.Abs(rows[r][k]) > 1e-9 {
				alone = false
			}
		}
		if alone {
			out[unknown[col]] = rows[r][len(unknown)]
		}
	}
	return out
}

func hiddenBy(t *CountTable, s *Suppressed) func(i, j int) bool {
	m, n := len(t.Cells), len(t.Cells[0])
	return func(i, j int) bool {
		switch {
		case i < m && j < n:
			return s.Cells[i][j] != ""
		case i < m:
			return s.RowTotal[i] != ""
		case j < n:
			return s.ColTotal[j] != ""
		}
		return s.Grand != ""
	}
}

// A table where suppressing only the small counts leaks: the 2 and the 1
// are each the only withheld cell of their row, so row total minus the
// other cells gives them back. Protect withholds more, and then nothing
// can be recomputed, while every total and every count ≥ 3 it can keep
// stays shown.
func TestProtectStopsRecomputingFromTotals(t *testing.T) {
	tab := &CountTable{Cells: [][]float64{
		{10, 2, 8},
		{7, 9, 12},
		{5, 6, 1},
		{20, 30, 40},
	}, RowTotals: true, ColTotals: true}
	naive := func(i, j int) bool { return i < 4 && j < 3 && tab.Cells[i][j] < 3 }
	leak := recoverable(tab, naive)
	if leak[[2]int{0, 1}] != 2 || leak[[2]int{2, 2}] != 1 {
		t.Fatalf("the test table must leak under naive suppression; the attacker found %v", leak)
	}
	s := Protect(tab, 3)
	if s.Cells[0][1] != quartier.SuppressedPrimary || s.Cells[2][2] != quartier.SuppressedPrimary {
		t.Errorf("primary cells not withheld: %v", s.Cells)
	}
	if got := recoverable(tab, hiddenBy(tab, s)); len(got) != 0 {
		t.Errorf("withheld cells recomputed from the totals: %v (marks %v, totals %v %v)", got, s.Cells, s.RowTotal, s.ColTotal)
	}
	secondary := 0
	for _, row := range s.Cells {
		for _, m := range row {
			if m == quartier.SuppressedSecondary {
				secondary++
			}
		}
	}
	// The cheapest cover here is two more cells (a rectangle through
	// both small counts: 2 and 1 share no row or column, so two cells
	// close one cycle of four).
	if secondary != 2 {
		t.Errorf("%d secondary cells, want 2: %v", secondary, s.Cells)
	}
	for i, m := range s.RowTotal {
		if m != "" {
			t.Errorf("row total %d withheld", i)
		}
	}
	for j, m := range s.ColTotal {
		if m != "" {
			t.Errorf("column total %d withheld", j)
		}
	}
}

// One column of areas with the city total (a count per area): one small
// area is given away by the total unless a second one is withheld too.
func TestProtectOneColumnWithTotal(t *testing.T) {
	tab := &CountTable{Cells: [][]float64{{40}, {2}, {17}, {0}, {9}}, ColTotals: true}
	naive := func(i, j int) bool { return i < 5 && tab.Cells[i][j] > 0 && tab.Cells[i][j] < 3 }
	if leak := recoverable(tab, naive); leak[[2]int{1, 0}] != 2 {
		t.Fatalf("naive suppression should leak the 2: %v", leak)
	}
	s := Protect(tab, 3)
	if got := recoverable(tab, hiddenBy(tab, s)); len(got) != 0 {
		t.Errorf("recomputed: %v", got)
	}
	// The smallest count above zero is the complement: 9, not 0 or 40.
	want := []quartier.Suppression{"", quartier.SuppressedPrimary, "", "", quartier.SuppressedSecondary}
	for i := range want {
		if s.Cells[i][0] != want[i] {
			t.Errorf("row %d: %q, want %q", i, s.Cells[i][0], want[i])
		}
	}
	if s.ColTotal[0] != "" {
		t.Errorf("the total was withheld")
	}
}

// Random tables of every shape, with and without totals: every count
// below the threshold is withheld, and the attacker recovers nothing.
func TestProtectRandomTables(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 2026))
	for k := range 300 {
		m, n := 1+rng.IntN(7), 1+rng.IntN(5)
		tab := &CountTable{RowTotals: rng.IntN(3) > 0, ColTotals: rng.IntN(3) > 0}
		for range m {
			row := make([]float64, n)
			for j := range row {
				switch rng.IntN(4) {
				case 0:
					row[j] = float64(rng.IntN(3)) // 0, 1, 2
				default:
					row[j] = float64(rng.IntN(60))
				}
			}
			tab.Cells = append(tab.Cells, row)
		}
		s := Protect(tab, 3)
		name := fmt.Sprintf("table %d (%d×%d, row totals %v, column totals %v): %v", k, m, n, tab.RowTotals, tab.ColTotals, tab.Cells)
		for i, row := range tab.Cells {
			for j, x := range row {
				if x > 0 && x < 3 && s.Cells[i][j] != quartier.SuppressedPrimary {
					t.Fatalf("%s: small count at %d,%d shown", name, i, j)
				}
			}
		}
		if got := recoverable(tab, hiddenBy(tab, s)); len(got) != 0 {
			t.Fatalf("%s: recomputed %v from marks %v %v %v", name, got, s.Cells, s.RowTotal, s.ColTotal)
		}
	}
}
