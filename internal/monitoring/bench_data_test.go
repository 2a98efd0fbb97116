package monitoring

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/xlsx"
)

// countTable is rows × cols counts, about one in twelve below 3, as
// counts per Planungsraum and age group look.
func countTable(rows, cols int, rowTotals bool) *CountTable {
	rng := rand.New(rand.NewPCG(542, 14))
	t := &CountTable{ColTotals: true, RowTotals: rowTotals}
	for range rows {
		row := make([]float64, cols)
		for j := range row {
			if rng.IntN(12) == 0 {
				row[j] = float64(rng.IntN(3))
			} else {
				row[j] = float64(3 + rng.IntN(400))
			}
		}
		t.Cells = append(t.Cells, row)
	}
	return t
}

// naivePrimary is the peer: marking the small counts only, what
// primary-only suppression does (and which leaks through the totals).
func naivePrimary(t *CountTable, threshold float64) int {
	n := 0
	for _, row := range t.Cells {
		for _, x := range row {
			if x > 0 && x < threshold {
				n++
			}
		}
	}
	return n
}

// The 542 Planungsräume with one count and the city total (a published
// indicator), and with six counts and totals both ways (an age table).
func BenchmarkProtect542x1(b *testing.B) {
	t := countTable(542, 1, false)
	for b.Loop() {
		Protect(t, 3)
	}
}

func BenchmarkProtect542x6(b *testing.B) {
	t := countTable(542, 6, true)
	for b.Loop() {
		Protect(t, 3)
	}
}

func BenchmarkPrimaryOnly542x6(b *testing.B) {
	t := countTable(542, 6, true)
	for b.Loop() {
		naivePrimary(t, 3)
	}
}

// valueSheet is a table of 542 areas with a count and two shares from
// counts, as CSV and as the same workbook.
func valueSheet(b *testing.B) (csv, book []byte, m Mapping) {
	rng := rand.New(rand.NewPCG(1, 542))
	header := []string{"PLR", "Kinder", "SGB II", "EW", "Alleinerziehende", "Haushalte"}
	var sb strings.Builder
	sb.WriteString(strings.Join(header, ";") + "\n")
	var rows [][]xlsx.Cell
	for i := range 542 {
		code := fmt.Sprintf("%08d", 1100101+i)
		ew, hh := 300+rng.IntN(20000), 200+rng.IntN(9000)
		nums := []int{rng.IntN(4000), rng.IntN(ew), ew, rng.IntN(hh), hh}
		sb.WriteString(code)
		row := []xlsx.Cell{xlsx.Text(code)}
		for _, n := range nums {
			fmt.Fprintf(&sb, ";%d", n)
			row = append(row, xlsx.Number(float64(n)))
		}
		sb.WriteString("\n")
		rows = append(rows, row)
	}
	var wb bytes.Buffer
	if err := xlsx.Write(&wb, "Werte", header, rows); err != nil {
		b.Fatal(err)
	}
	m = Mapping{Layer: "plr", AreaColumn: "PLR", Date: "2020-12-31", Indicators: []MappedIndicator{
		column("kinder", quartier.IndicatorCount, "Kinder"), share("sgb2", "SGB II", "EW"), share("allein", "Alleinerziehende", "Haushalte")}}
	return []byte(sb.String()), wb.Bytes(), m
}

func BenchmarkReadValues542CSV(b *testing.B) {
	csv, _, m := valueSheet(b)
	for b.Loop() {
		mm := m
		if _, err := ReadValues(bytes.NewReader(csv), &mm, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadValues542XLSX(b *testing.B) {
	_, book, m := valueSheet(b)
	for b.Loop() {
		mm := m
		if _, err := ReadValuesXLSX(bytes.NewReader(book), "", &mm, nil); err != nil {
			b.Fatal(err)
		}
	}
}
