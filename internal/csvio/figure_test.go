package csvio

import (
	"strconv"
	"strings"
	"testing"
)

func TestParseFigure(t *testing.T) {
	ok := map[string]float64{
		" 1 675    ": 1675, "26 493": 26493, "-  23": -23, "1 234 567,5": 1234567.5, "1\u00a0675": 1675, "1\u202f675": 1675,
		"9,7": 9.7, "13,405": 13.405, "0": 0, "+ 5": 5, "5.820.345,12": 5820345.12,
	}
	for in, want := range ok {
		if got, good := ParseFigure(in, true); !good || got != want {
			t.Errorf("ParseFigure(%q) = %v %v, want %v", in, got, good, want)
		}
	}
	if got, good := ParseFigure("1 675.5", false); !good || got != 1675.5 {
		t.Errorf("decimal point: %v %v", got, good)
	}
	for _, in := range []string{"12 5", "1  675", "1 67", "1 6755", "- ", "1 675,5 0", "a 675", ".", "", "1 675,5,5", "- 1 2"} {
		if got, good := ParseFigure(in, true); good {
			t.Errorf("ParseFigure(%q) = %v, want refused", in, got)
		}
	}
}

// FuzzParseFigure: whatever it reads is finite, and every integer written
// with space groups reads back as itself.
func FuzzParseFigure(f *testing.F) {
	for _, s := range []string{"1 675", "-  23", "9,7", "1 234 567,5", "12 5", "1\u00a0675"} {
		f.Add(s, int64(1675))
	}
	f.Fuzz(func(t *testing.T, s string, n int64) {
		if v, ok := ParseFigure(s, true); ok && (v != v || v > 1e308 || v < -1e308) {
			t.Fatalf("%q read as %v", s, v)
		}
		if n < 0 {
			n = -n
		}
		n %= 1e15
		digits := strconv.FormatInt(n, 10)
		var b strings.Builder
		for i, c := range digits {
			if i > 0 && (len(digits)-i)%3 == 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(c)
		}
		if v, ok := ParseFigure(b.String(), true); !ok || v != float64(n) {
			t.Fatalf("%q read as %v %v, want %d", b.String(), v, ok, n)
		}
	})
}
