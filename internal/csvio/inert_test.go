package csvio

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

func TestInert(t *testing.T) {
	for in, want := range map[string]string{
		"":                       "",
		"Jugendclub":             "Jugendclub",
		"=1+1":                   "'=1+1",
		`=HYPERLINK("x";"y")`:    `'=HYPERLINK("x";"y")`,
		"+49 30 1234567":         "'+49 30 1234567",
		"-2+3+cmd|' /C calc'!A0": "'-2+3+cmd|' /C calc'!A0",
		"@SUM(A1)":               "'@SUM(A1)",
		"\t=1":                   "'\t=1",
		"\r=1":                   "'\r=1",
		"-12":                    "-12",
		"-13,405":                "-13,405",
		"+1.5":                   "+1.5",
		"-":                      "'-",
		"-1e5":                   "'-1e5",
		"'":                      "'",
		"'Ausnahme":              "'Ausnahme",
		"'=1":                    "''=1",
		"''":                     "'''",
		"a=1":                    "a=1",
	} {
		if got := Inert(in); got != want {
			t.Errorf("Inert(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzInert: Readable undoes Inert exactly, and nothing Inert returns
// starts like a formula unless it is a plain number.
func FuzzInert(f *testing.F) {
	for _, s := range []string{"", "=", "'", "''", "'=", "-1", "-1,5", "+", "@a", "\t", "x", "'x", "'''="} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Inert(s)
		if Readable(out) != s {
			t.Fatalf("Readable(Inert(%q)) = %q", s, Readable(out))
		}
		if out != "" && strings.IndexByte(formulaStart, out[0]) >= 0 && !plainNumber(out) {
			t.Fatalf("Inert(%q) = %q starts like a formula", s, out)
		}
	})
}

func TestInertWriter(t *testing.T) {
	var b bytes.Buffer
	w := NewInertWriter(&b, ';')
	w.Write([]string{"name", "wert"})
	w.Write([]string{"=A1", "-3,5"})
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != "name;wert\n'=A1;-3,5\n" {
		t.Errorf("got %q", got)
	}
	r := csv.NewReader(&b)
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil || Readable(recs[1][0]) != "=A1" {
		t.Errorf("read back %v %v", recs, err)
	}
}
