package geo

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/memtest"
)

// repeat is an input of n copies of s produced on the fly, so that a test
// of a large input holds none of it in memory.
type repeat struct {
	s   string
	n   int
	off int
}

func (r *repeat) Read(p []byte) (int, error) {
	w := 0
	for w < len(p) && r.n > 0 {
		c := copy(p[w:], r.s[r.off:])
		w += c
		r.off += c
		if r.off == len(r.s) {
			r.off = 0
			r.n--
		}
	}
	if w == 0 {
		return 0, io.EOF
	}
	return w, nil
}

func input(parts ...any) io.Reader {
	var rs []io.Reader
	for _, p := range parts {
		switch x := p.(type) {
		case string:
			rs = append(rs, strings.NewReader(x))
		case *repeat:
			rs = append(rs, x)
		}
	}
	return io.MultiReader(rs...)
}

// ringText is a closed ring of n+1 positions around a circle, in WGS84.
func ringText(n int, cx, cy float64) string {
	var b strings.Builder
	b.WriteByte('[')
	for i := 0; i <= n; i++ {
		a := 2 * math.Pi * float64(i%n) / float64(n)
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "[%.7f,%.7f]", cx+0.01*math.Cos(a), cy+0.01*math.Sin(a))
	}
	b.WriteByte(']')
	return b.String()
}

var testLimits = Limits{Bytes: 16 << 20, Features: 100, Vertices: 100_000, RingVertices: 20_000, Properties: 1000}

// TestReadRefusesHostileInput feeds what a visitor can upload to the
// public check: each is either read at a cost independent of its size or
// refused with a message naming the limit, and none costs more than a
// small, fixed amount of memory.
func TestReadRefusesHostileInput(t *testing.T) {
	head := `{"type":"FeatureCollection","features":[`
	one := ft(`{"code":"a"}`, `{"type":"Polygon","coordinates":[`+sq+`]}`)
	two := ft(`{"code":"b"}`, `{"type":"Polygon","coordinates":[`+sq+`]}`)
	for _, c := range []struct {
		name string
		in   func() io.Reader
		lim  Limits
		// want is a fragment of the refusal; "" means the file is fine.
		want     string
		features int
		maxAlloc uint64
	}{
		{"8 MB of newlines inside valid JSON", func() io.Reader { return input(head, one, ",", &repeat{s: "\n", n: 8 << 20}, two, "]}") },
			testLimits, "", 2, 512 << 10},
		{"8 MB of newlines, then a syntax error", func() io.Reader { return input(head, &repeat{s: "\n", n: 8 << 20}, "x]}") },
			testLimits, fmt.Sprintf("Zeile %d, Spalte 1", 8<<20+1), 0, 512 << 10},
		{"blank lines beyond the byte limit", func() io.Reader { return input(head, &repeat{s: "\n", n: 2 << 20}, "]}") },
			Limits{Bytes: 1 << 20}, "zu groß (höchstens 1 MB)", 0, 512 << 10},
		{"a polygon beyond the vertices of a file", func() io.Reader {
			return input(head, `{"type":"Feature","properties":{"code":"a"},"geometry":{"type":"Polygon","coordinates":[[`,
				&repeat{s: "[13.40,52.50],", n: 150_000}, `[13.40,52.50]]]}}]}`)
		}, Limits{Vertices: 100_000, RingVertices: 1_000_000}, "mehr als 100.000 Punkte", 0, 100_000*48 + 1<<20},
		{"a ring beyond the vertices of a ring", func() io.Reader {
			return input(head, `{"type":"Feature","properties":{"code":"a"},"geometry":{"type":"MultiPolygon","coordinates":[[[`,
				&repeat{s: "[13.40,52.50],[13.41,52.50],", n: 20_000}, `[13.40,52.50]]]]}}]}`)
		}, testLimits, "mehr als 20.000 Punkte", 0, 20_000*48 + 1<<20},
		{"deeply nested property", func() io.Reader {
			return input(head, `{"type":"Feature","geometry":null,"properties":{"code":"a","x":`, &repeat{s: "[", n: 1000}, &repeat{s: "]", n: 1000}, "}}]}")
		}, testLimits, "verschachtelt", 0, 256 << 10},
		{"deeply nested coordinates", func() io.Reader {
			return input(head, `{"type":"Feature","properties":{"code":"a"},"geometry":{"type":"Polygon","coordinates":`, &repeat{s: "[", n: 100_000}, &repeat{s: "]", n: 100_000}, "}}]}")
		}, testLimits, "verschachtelt", 0, 256 << 10},
		{"too many features", func() io.Reader { return input(head, one, &repeat{s: "," + two, n: 100}, "]}") },
			testLimits, "mehr als 100 Gebiete", 0, 1 << 20},
		{"too many properties", func() io.Reader {
			return input(head, `{"type":"Feature","geometry":null,"properties":{"code":"a"`, &repeat{s: `,"k":"v"`, n: 2000}, "}}]}")
		}, testLimits, "mehr als 1.000 Eigenschaften", 0, 1 << 20},
	} {
		t.Run(c.name, func(t *testing.T) {
			var feats []Feature
			var ps []quartier.Problem
			var err error
			alloc := memtest.Allocated(func() {
				feats, ps, err = Read(c.in(), ReadOptions{CodeProperty: "code", Limits: c.lim})
			})
			if err != nil {
				t.Fatal(err)
			}
			if c.want == "" {
				if len(ps) != 0 || len(feats) != c.features {
					t.Fatalf("%d features, problems %v", len(feats), ps)
				}
			} else if len(feats) != 0 || len(ps) == 0 || !strings.Contains(ps[len(ps)-1].Message, c.want) {
				t.Fatalf("want a refusal with %q, got %d features and %v", c.want, len(feats), ps)
			}
			if alloc > c.maxAlloc {
				t.Errorf("allocated %d KB, bound %d KB", alloc>>10, c.maxAlloc>>10)
			}
		})
	}
}

// TestReadMemoryBound reads a large file within the public limits, pretty
// printed as GIS tools write it, and holds Read to its stated bound:
// readBytesPerVertex per vertex plus a fixed amount, whatever the size of
// the text.
func TestReadMemoryBound(t *testing.T) {
	const features, perRing = 250, 999 // 250,000 vertices
	var b bytes.Buffer
	b.WriteString("{\n  \"type\": \"FeatureCollection\",\n  \"features\": [\n")
	for i := range features {
		if i > 0 {
			b.WriteString(",\n")
		}
		ring := strings.ReplaceAll(ringText(perRing, 13+float64(i%20)*0.03, 52+float64(i/20)*0.03), "],[", "],\n            [")
		fmt.Fprintf(&b, "    {\n      \"type\": \"Feature\",\n      \"properties\": {\"code\": \"f%d\", \"name\": \"Gebiet %d\", \"flaeche\": 1234.5},\n      \"geometry\": {\n        \"type\": \"Polygon\",\n        \"coordinates\": [\n          %s\n        ]\n      }\n    }", i, i, ring)
	}
	b.WriteString("\n  ]\n}\n")
	data := b.Bytes()
	var feats []Feature
	var ps []quartier.Problem
	alloc := memtest.Allocated(func() {
		feats, ps, _ = Read(bytes.NewReader(data), ReadOptions{CodeProperty: "code", NameProperty: "name", Limits: Limits{Bytes: 16 << 20, Vertices: 250_000}})
	})
	if len(feats) != features || len(ps) != 0 {
		t.Fatalf("%d features, %v", len(feats), ps)
	}
	bound := uint64(readBytesPerVertex*features*(perRing+1) + readFixedBytes)
	t.Logf("%.1f MB of text, %d vertices: allocated %.1f MB, bound %.1f MB", float64(len(data))/1e6, features*(perRing+1), float64(alloc)/1e6, float64(bound)/1e6)
	if alloc > bound {
		t.Fatalf("allocated %d KB, bound %d KB", alloc>>10, bound>>10)
	}
}
