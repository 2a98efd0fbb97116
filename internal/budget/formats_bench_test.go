package budget_test

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/budget"
	"github.com/xuri/excelize/v2"
)

// formatExports are the same n bookings as a CSV export and as a
// workbook with date and number cells, the way the finance system's
// spreadsheet export holds them.
func formatExports(b *testing.B, n int) (csv string, sheet []byte) {
	b.Helper()
	var c strings.Builder
	c.WriteString("Buchungs-ID;Buchungsdatum;Betrag;Kostenstelle;Kostenträger;Buchungstext\n")
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	if err := sw.SetRow("A1", []any{"Buchungs-ID", "Buchungsdatum", "Betrag", "Kostenstelle", "Kostenträger", "Buchungstext"}); err != nil {
		b.Fatal(err)
	}
	style, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		b.Fatal(err)
	}
	for i := range n {
		on := time.Date(2025, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC)
		amount := quartier.Cents(100 + i%100_000)
		fmt.Fprintf(&c, "B-%d;%s;%s;4711;36310;Rechnung %d\n", i, on.Format(quartier.GermanDateLayout), amount.Number(), i)
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, []any{fmt.Sprintf("B-%d", i), excelize.Cell{StyleID: style, Value: on}, float64(amount) / 100, 4711, 36310, fmt.Sprintf("Rechnung %d", i)}); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		b.Fatal(err)
	}
	return c.String(), buf.Bytes()
}

func benchImports() int {
	if v, err := strconv.Atoi(os.Getenv("QUARTIER_BENCH_IMPORT")); err == nil && v > 0 {
		return v
	}
	return 100_000
}

// peakRSS is the process's peak resident set in MB (Linux), reported so
// that one format per process shows its own peak.
func peakRSS() float64 {
	b, _ := os.ReadFile("/proc/self/status")
	for _, l := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			return float64(kb) / 1024
		}
	}
	return 0
}

// cpuTime is the CPU time the process has used (user and system, every
// thread): on a machine shared with other jobs it varies far less than
// the wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkReadFinanceFormats reads the same QUARTIER_BENCH_IMPORT
// bookings (default 100,000) as CSV and as XLSX: the readers alone.
func BenchmarkReadFinanceFormats(b *testing.B) {
	n := benchImports()
	csv, sheet := formatExports(b, n)
	for _, tc := range []struct {
		name string
		in   []byte
	}{{"csv", []byte(csv)}, {"xlsx", sheet}} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(tc.in)))
			cpu := cpuTime()
			for b.Loop() {
				rows, err := budget.ReadFinance(bytes.NewReader(tc.in))
				if err != nil || len(rows) != n {
					b.Fatalf("%d rows, %v", len(rows), err)
				}
			}
			b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
			b.ReportMetric(peakRSS(), "peakRSS-MB")
		})
	}
}

// BenchmarkImportFormats imports the same QUARTIER_BENCH_IMPORT bookings
// (default 100,000) as CSV and as XLSX into a fresh budget, end to end.
func BenchmarkImportFormats(b *testing.B) {
	n := benchImports()
	csv, sheet := formatExports(b, n)
	for _, tc := range []struct {
		name, file string
		in         []byte
	}{{"csv", "fibu.csv", []byte(csv)}, {"xlsx", "fibu.xlsx", sheet}} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			var cpu time.Duration
			for b.Loop() {
				b.StopTimer()
				c := open(b, day(2026, 2, 1))
				made(b)(c.b.CreateBudget(op, budget.CreateRequest{BudgetKey: quartier.BudgetKey{Space: "west", Year: 2025}, Total: 100,
					Lines: []budget.LineRequest{{Type: "case", Funding: quartier.FundingLumpSum, Amount: 100}}}))
				if err := c.b.SaveMapping(op, quartier.FinanceMapping{CostCentre: "4711", CostUnit: "36310", Space: "west", Line: "case"}); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				start := cpuTime()
				res, err := c.b.ImportBookings(op, budget.ImportRequest{Input: bytes.NewReader(tc.in), Name: tc.file})
				cpu += cpuTime() - start
				if err != nil || res.New != n {
					b.Fatalf("%+v %v", res, err)
				}
			}
			b.ReportMetric(float64(cpu)/float64(b.N)/1e6, "cpu-ms/op")
			b.ReportMetric(peakRSS(), "peakRSS-MB")
		})
	}
}
