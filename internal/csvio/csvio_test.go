package csvio

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/quartier/quartier"
)

func rows(t *testing.T, src string) (*Reader, []*Row) {
	t.Helper()
	rd, err := NewReader(strings.NewReader(src), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	var out []*Row
	for {
		r, err := rd.Next()
		if errors.Is(err, io.EOF) {
			return rd, out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
}

func TestModes(t *testing.T) {
	for _, c := range []struct {
		src  string
		mode Mode
		x, y float64
	}{
		{"id,x,y\n1,390000.5,5820000\n", ModeXY, 390000.5, 5820000},
		{"Rechtswert;Hochwert\n390000,5;5820000\n", ModeXY, 390000.5, 5820000},
		{"\ufeffLänge;Breite\n13,405;52,52\n", ModeLonLat, 13.405, 52.52},
		{"lon\tlat\n13.405\t52.52\n", ModeLonLat, 13.405, 52.52},
	} {
		rd, rs := rows(t, c.src)
		if rd.Mode() != c.mode || len(rs) != 1 || rs[0].Err != nil || rs[0].X != c.x || rs[0].Y != c.y {
			t.Errorf("%q: mode %s rows %+v", c.src, rd.Mode(), rs[0])
		}
	}
	rd, rs := rows(t, "Straße;Hausnummer;PLZ\nKarl-Marx-Straße;17a;12043\n;1;\n")
	if rd.Mode() != ModeAddress || rs[0].Street != "Karl-Marx-Straße" || rs[0].HouseNo != "17a" || rs[0].Postcode != "12043" || rs[1].Err == nil {
		t.Errorf("address: %+v %+v", rs[0], rs[1])
	}
	if _, err := NewReader(strings.NewReader("name,wert\n1,2\n"), 1<<20); quartier.ErrorCode(err) != quartier.EINVALID || !strings.Contains(quartier.ErrorMessage(err), "name, wert") {
		t.Errorf("unknown header: %v", err)
	}
	if _, err := NewReader(strings.NewReader(""), 1<<20); err == nil {
		t.Error("empty input accepted")
	}
}

func TestBadValuesAreLocated(t *testing.T) {
	_, rs := rows(t, "x,y\n1,2\nabc,5\n3,\n")
	if rs[0].Err != nil || rs[1].Err == nil || rs[1].Err.Feature != 3 || !strings.Contains(rs[1].Err.Message, "Spalte x") || rs[2].Err == nil || !strings.Contains(rs[2].Err.Message, "Spalte y") {
		t.Fatalf("%+v %+v %+v", rs[0].Err, rs[1].Err, rs[2].Err)
	}
}

func TestWriterKeepsDialect(t *testing.T) {
	src := "\ufeffid;Länge;Breite\n1;13,405;52,52\n"
	rd, err := NewReader(strings.NewReader(src), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	w := NewWriterFor(rd, &out, []string{"plr", "status"})
	r, _ := rd.Next()
	w.Write(r, []string{"01100101", "ok"})
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if out.String() != "\ufeffid;Länge;Breite;plr;status\n1;13,405;52,52;01100101;ok\n" {
		t.Fatalf("%q", out.String())
	}
}

func TestWindows1252AndLimit(t *testing.T) {
	_, rs := rows(t, "strasse;hausnummer\nM\xfcllerstra\xdfe;1\n")
	if rs[0].Street != "Müllerstraße" {
		t.Errorf("%q", rs[0].Street)
	}
	rd, err := NewReader(strings.NewReader("x,y\n"+strings.Repeat("1,2\n", 1000)), 100)
	if err != nil {
		t.Fatal(err)
	}
	for {
		_, err = rd.Next()
		if err != nil {
			break
		}
	}
	if quartier.ErrorCode(err) != quartier.ETOOLARGE {
		t.Fatalf("limit: %v", err)
	}
}

func FuzzReader(f *testing.F) {
	f.Add([]byte("x,y\n1,2\n"))
	f.Add([]byte("Länge;Breite\n13,4;52,5\n"))
	f.Add([]byte("strasse;hnr\n\"a;b\";1\n"))
	f.Add([]byte("\ufeff\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rd, err := NewReader(bytes.NewReader(data), 1<<16)
		if err != nil {
			return
		}
		for i := 0; i < 10000; i++ {
			r, err := rd.Next()
			if err != nil {
				return
			}
			if rd.Mode() != ModeAddress && r.Err == nil && (r.X != r.X || r.Y != r.Y) {
				t.Fatalf("NaN accepted silently: %+v", r)
			}
		}
	})
}

func BenchmarkRead400k(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("id;x;y\n")
	for i := 0; i < 400000; i++ {
		sb.WriteString("1;390000,5;5820000,25\n")
	}
	data := sb.String()
	for b.Loop() {
		rd, _ := NewReader(strings.NewReader(data), 1<<30)
		for {
			if _, err := rd.Next(); err != nil {
				break
			}
		}
	}
}
