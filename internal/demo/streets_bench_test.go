package demo

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/services"
	"github.com/quartier/quartier/internal/spatial"
)

// streetCity is the demo's layers and street directory in a fresh store
// (SQLite, or PostgreSQL with QUARTIER_TEST_ENGINE=postgres), without the
// organisation and the atlas.
func streetCity(b *testing.B) *services.Set {
	b.Helper()
	a := emptyApp(b)
	if err := LoadStreetCity(context.Background(), a); err != nil {
		b.Fatal(err)
	}
	return a
}

// BenchmarkImportStreets imports Berlin's 401,032 addresses (the gzip file
// as published) over the previous directory: read, check, write in one
// transaction.
func BenchmarkImportStreets(b *testing.B) {
	a := streetCity(b)
	ctx := quartier.WithActor(context.Background(), quartier.Operator())
	data, err := files.ReadFile(streetFile)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	cpu := cpuTime()
	for b.Loop() {
		rep, err := a.Spatial.ImportStreets(ctx, spatial.StreetImport{Input: bytes.NewReader(data), Source: StreetSource})
		if err != nil || rep.Entries != 401032 {
			b.Fatal(err)
		}
	}
	b.ReportMetric(401032*float64(b.N)/b.Elapsed().Seconds(), "entries/s")
	b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
}

// BenchmarkLookupAddress looks up one address as `lookup --address` and
// the web form do: one street read through the key index.
func BenchmarkLookupAddress(b *testing.B) {
	a := streetCity(b)
	ctx := context.Background()
	var ads []spatial.Address
	for _, g := range goldenAddresses {
		if g.want[0] != '!' && g.want[0] != '?' {
			ads = append(ads, spatial.ParseAddress(g.address))
		}
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := a.Spatial.LookupAddress(ctx, ads[i%len(ads)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkBulkLookupAddresses assigns all 401,032 addresses, as a CSV of
// street, number, postcode, to every layer: the bulk path without process
// start (see `quartier bench streets` for end to end).
func BenchmarkBulkLookupAddresses(b *testing.B) {
	a := streetCity(b)
	ctx := quartier.WithActor(context.Background(), quartier.Operator())
	in := bulkInput(b)
	runtime.GC()
	b.ReportAllocs()
	cpu := cpuTime()
	for b.Loop() {
		rep, err := a.Spatial.BulkLookup(ctx, bytes.NewReader(in), io.Discard, 0, nil)
		if err != nil || rep.Found != 401032 {
			b.Fatal(rep, err)
		}
	}
	b.ReportMetric(401032*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
}

// bulkInput is every Berlin address as strasse,hausnummer,plz.
func bulkInput(tb testing.TB) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"strasse", "hausnummer", "plz"})
	for _, r := range berlinRows(tb) {
		w.Write([]string{r.street, r.no + r.suffix, r.postcode})
	}
	w.Flush()
	return buf.Bytes()
}

// cpuTime is the CPU time this process has used (user and system), a
// figure that a machine shared with other work does not inflate as it
// does the elapsed time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
