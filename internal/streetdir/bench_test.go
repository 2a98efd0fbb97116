package streetdir

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"testing"
)

// berlin is every official Berlin address (401,032), unpacked; the demo
// ships the file.
func berlin(tb testing.TB) []byte {
	tb.Helper()
	f, err := os.Open("../demo/data/berlin_adressen_2023-06.csv.gz")
	if err != nil {
		tb.Skipf("Berlin addresses missing: %v", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// BenchmarkReadCSVBerlin reads and checks Berlin's every address as the
// import does (rows, then overlaps).
func BenchmarkReadCSVBerlin(b *testing.B) {
	data := berlin(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		f, err := ReadCSV(bytes.NewReader(data), ReadOptions{MaxBytes: 64 << 20})
		if err != nil || len(f.Problems) != 0 || len(f.Entries) != 401032 {
			b.Fatal(err, f.Problems)
		}
		if ps := Overlaps(f.Entries, f.Place); len(ps) != 0 {
			b.Fatal(ps)
		}
	}
}

// BenchmarkLookup looks up Berlin's addresses in the directory of all of
// them, with and without postcode, as a bulk run does after reading the
// streets.
func BenchmarkLookup(b *testing.B) {
	f, err := ReadCSV(bytes.NewReader(berlin(b)), ReadOptions{MaxBytes: 64 << 20})
	if err != nil {
		b.Fatal(err)
	}
	d := Compile(f.Entries)
	es := f.Entries
	for _, postcode := range []bool{true, false} {
		name := "postcode"
		if !postcode {
			name = "street-and-number"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				e := &es[(i*7919)%len(es)]
				plz := ""
				if postcode {
					plz = e.Postcode
				}
				m, err := d.Lookup(e.Street, e.From, plz)
				if postcode && (err != nil || m.Block != e.Block) {
					b.Fatal(e, err)
				}
				i++
			}
		})
	}
}
