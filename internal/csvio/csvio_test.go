package csvio

import (
	"bytes"
	"errors"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/memtest"
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

func TestCoordinateModes(t *testing.T) {
	for _, c := range []struct {
		src  string
		mode Mode
		sep  rune
		x, y float64
	}{
		{"id,x,y\n1,390000.5,5820000\n", ModeXY, ',', 390000.5, 5820000},
		{"Rechtswert;Hochwert\n390000,5;5820000\n", ModeXY, ';', 390000.5, 5820000},
		{"ID;RW;HW\n1;390.000,5;5.820.000,25\n", ModeXY, ';', 390000.5, 5820000.25},
		{"Easting\tNorthing\n390000,5\t5820000\n", ModeXY, '\t', 390000.5, 5820000},
		{"\ufeffLänge;Breite\n13,405;52,52\n", ModeLonLat, ';', 13.405, 52.52},
		{"L\xe4nge;Breite\n13,405;52,52\n", ModeLonLat, ';', 13.405, 52.52},
		{"lon\tlat\n13.405\t52.52\n", ModeLonLat, '\t', 13.405, 52.52},
		{"name,lng,lat\nKita,13.405,52.52\n", ModeLonLat, ',', 13.405, 52.52},
		{"Longitude,Latitude\n-13.405,+52.52\n", ModeLonLat, ',', -13.405, 52.52},
		{"laenge;breite\n 13.405 ; 52.52 \n", ModeLonLat, ';', 13.405, 52.52},
		{"x;y;lon;lat\n1;2;13,4;52,5\n", ModeLonLat, ';', 13.4, 52.5}, // lon/lat wins
		{"\"id, intern\";x;y\n\"1,2\";1e3;2E3\n", ModeXY, ';', 1000, 2000},
		{"x;y\n392.150;5820000\n", ModeXY, ';', 392.15, 5820000}, // a lone dot is a decimal point
	} {
		rd, rs := rows(t, c.src)
		if rd.Mode() != c.mode || rd.Sep() != c.sep || len(rs) != 1 || rs[0].Err != nil || rs[0].X != c.x || rs[0].Y != c.y || rs[0].Line != 2 {
			t.Errorf("%q: mode %s sep %q rows %+v", c.src, rd.Mode(), rd.Sep(), rs)
		}
	}
}

func TestAddressMode(t *testing.T) {
	for _, src := range []string{
		"Straße;Hausnummer;PLZ\nKarl-Marx-Straße;17a;12043\n;1;\n",
		"street,house_number,postcode\nKarl-Marx-Straße,17a,12043\n,1,\n",
		"Str.;Hnr;Postleitzahl\nKarl-Marx-Straße;17a;12043\n;1;\n",
		"Stra\xdfe;Nr;PLZ\nKarl-Marx-Stra\xdfe;17a;12043\n;1;\n",
	} {
		rd, rs := rows(t, src)
		if rd.Mode() != ModeAddress || len(rs) != 2 || rs[0].Err != nil || rs[0].Street != "Karl-Marx-Straße" || rs[0].HouseNo != "17a" || rs[0].Postcode != "12043" {
			t.Errorf("%q: %s %+v", src, rd.Mode(), rs)
			continue
		}
		if rs[1].Err == nil || rs[1].Err.Feature != 3 || !strings.Contains(rs[1].Err.Message, "Spalte "+rd.Header()[0]) {
			t.Errorf("%q: missing street %+v", src, rs[1].Err)
		}
	}
	_, rs := rows(t, "strasse;hausnummer\nAm Ettersberg;\n")
	if rs[0].Err != nil || rs[0].Postcode != "" || rs[0].Place != "" {
		t.Errorf("optional postcode and house number: %+v", rs[0])
	}
	// The whole address in one column ("adresse", or a street column
	// without a number column): the lookup reads it as typed.
	for _, src := range []string{
		"adresse;plz\n\"Schwedter Str. 234, 10435 Berlin\";\n",
		"Anschrift\n\"Schwedter Str. 234, 10435 Berlin\"\n",
		"strasse;ortsteil\n\"Schwedter Str. 234, 10435 Berlin\";\n",
		"name;address\nJugendclub;\"Schwedter Str. 234, 10435 Berlin\"\n",
		"adresse\nSchwedter Str. 234, 10435 Berlin\n", // one column: no separator of its own
		"adresse\r\nSchwedter Str. 234,10435 Berlin\r\n",
	} {
		if rd, rs := rows(t, src); rd.Mode() != ModeAddress || len(rs) != 1 || rs[0].Err != nil || strings.ReplaceAll(rs[0].Street, ", ", ",") != "Schwedter Str. 234,10435 Berlin" || rs[0].HouseNo != "" {
			t.Errorf("%q: %+v", src, rs[0])
		}
	}
	// The place (Ortsteil or Bezirk), optional: the first column named so.
	for _, src := range []string{
		"strasse;hausnummer;ortsteil\nKastanienallee;10;Prenzlauer Berg\n",
		"strasse;hausnummer;plz;ort\nKastanienallee;10;;Prenzlauer Berg\n",
		"strasse,hnr,bezirk,ort_name\nKastanienallee,10,Pankow,Prenzlauer Berg\n",
		"street,house_number,district\nKastanienallee,10,Prenzlauer Berg\n",
	} {
		if _, rs := rows(t, src); len(rs) != 1 || rs[0].Err != nil || rs[0].Place != "Prenzlauer Berg" {
			t.Errorf("%q: %+v", src, rs)
		}
	}
}

func TestHeaderErrors(t *testing.T) {
	_, err := NewReader(strings.NewReader("name,wert\n1,2\n"), 1<<20)
	if quartier.ErrorCode(err) != quartier.EINVALID || !strings.Contains(quartier.ErrorMessage(err), "name, wert") || len(quartier.ErrorProblems(err)) != 1 {
		t.Errorf("unknown header: %v", err)
	}
	_, err = NewReader(strings.NewReader("x;breite\n1;2\n"), 1<<20)
	if quartier.ErrorCode(err) != quartier.EINVALID || !strings.Contains(quartier.ErrorMessage(err), "x, breite") {
		t.Errorf("half a pair: %v", err)
	}
	for _, empty := range []string{"", "\ufeff", "\n\n", "  \r\n"} {
		if _, err := NewReader(strings.NewReader(empty), 1<<20); quartier.ErrorCode(err) != quartier.EINVALID {
			t.Errorf("%q: %v", empty, err)
		}
	}
	boom := errors.New("boom")
	if _, err := NewReader(errReader{boom}, 1<<20); !errors.Is(err, boom) {
		t.Errorf("I/O error: %v", err)
	}
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

func TestBadValuesAreLocated(t *testing.T) {
	_, rs := rows(t, "x,y\n1,2\nabc,5\n3,\n\"4,5\",6\nNaN,1\n1,Inf\n0x1p3,1\n1_000,2\n1e999,2\n7,8\n")
	type want struct {
		line int
		col  string
	}
	wants := []want{{2, ""}, {3, "x"}, {4, "y"}, {5, "x"}, {6, "x"}, {7, "y"}, {8, "x"}, {9, "x"}, {10, "x"}, {11, ""}}
	if len(rs) != len(wants) {
		t.Fatalf("%d rows", len(rs))
	}
	for i, w := range wants {
		r := rs[i]
		if r.Line != w.line {
			t.Errorf("row %d on line %d, want %d", i, r.Line, w.line)
		}
		if (r.Err == nil) != (w.col == "") {
			t.Errorf("line %d: %+v", w.line, r.Err)
			continue
		}
		if r.Err != nil && (r.Err.Feature != w.line || r.Err.Kind != quartier.ProblemValue || !strings.Contains(r.Err.Message, "Spalte "+w.col) || !strings.Contains(r.Err.Message, "Zeile ")) {
			t.Errorf("line %d: %+v", w.line, r.Err)
		}
	}
	_, rs = rows(t, "lon;lat\n200;52\n13;-91\n13;52\n1.234;5\n1.2.3;5\n1,2,3;5\n12.34,5;5\n")
	for i, ok := range []bool{false, false, true, true, false, false, false} {
		if (rs[i].Err == nil) != ok {
			t.Errorf("lon/lat row %d: %+v %+v", i, rs[i], rs[i].Err)
		}
	}
}

func TestParseNumber(t *testing.T) {
	for _, c := range []struct {
		s     string
		comma bool
		v     float64
		ok    bool
	}{
		{"13.405", false, 13.405, true},
		{"13,405", false, 0, false},
		{"13,405", true, 13.405, true},
		{"-13,5", true, -13.5, true},
		{"5.820.345,12", true, 5820345.12, true},
		{"5.820.345", true, 5820345, true},
		{"5.820.345", false, 0, false},
		{"5820.345,1", true, 0, false},
		{"1.5e3", false, 1500, true},
		{",5", true, 0.5, true},
		{"", true, 0, false},
		{"-", true, 0, false},
		{"e", true, 0, false},
		{"inf", false, 0, false},
		{"1e400", false, 0, false},
	} {
		v, ok := ParseNumber(c.s, c.comma)
		if ok != c.ok || (ok && math.Abs(v-c.v) > 1e-9) {
			t.Errorf("ParseNumber(%q, %v) = %v %v", c.s, c.comma, v, ok)
		}
	}
}

func TestLineNumbers(t *testing.T) {
	_, rs := rows(t, "strasse;hnr;bemerkung\nA;1;\"zwei\nZeilen\"\n\nB;2;x\r\nC;3;\"\"\"zitiert\"\"\"\n")
	if len(rs) != 3 || rs[0].Line != 2 || rs[1].Line != 5 || rs[2].Line != 6 || rs[0].Fields[2] != "zwei\nZeilen" || rs[2].Fields[2] != "\"zitiert\"" {
		for _, r := range rs {
			t.Errorf("%d %q", r.Line, r.Fields)
		}
	}
}

func TestUnclosedQuote(t *testing.T) {
	rd, err := NewReader(strings.NewReader("strasse;hnr\nA;1\n\"B;2\nC;3\nD;4\n"), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	for {
		_, err = rd.Next()
		if err != nil {
			break
		}
		n++
	}
	ps := quartier.ErrorProblems(err)
	if n != 1 || len(ps) != 1 || ps[0].Kind != quartier.ProblemSyntax || ps[0].Feature != 3 {
		t.Errorf("%d rows, %v", n, err)
	}
	// Line breaks in closed cells are fine, also with separators and at the
	// end of the file.
	_, rs := rows(t, "strasse;hnr;bemerkung\nA;1;\"Tür 2;\nKlingel\"\nB;2;\"x\ny\"\n")
	if len(rs) != 2 || rs[0].Fields[2] != "Tür 2;\nKlingel" || rs[1].Line != 4 {
		t.Errorf("%+v", rs)
	}
}

func TestWriterKeepsDialect(t *testing.T) {
	for _, c := range []struct{ in, out string }{
		{"\ufeffid;Länge;Breite\n1;13,405;52,52\n", "\ufeffid;Länge;Breite;plr;status\n1;13,405;52,52;01100101;ok\n"},
		{"id,lon,lat\n1,13.405,52.52\n", "id,lon,lat,plr,status\n1,13.405,52.52,01100101,ok\n"},
		{"id\tlon\tlat\n1\t13.405\t52.52\n", "id\tlon\tlat\tplr\tstatus\n1\t13.405\t52.52\t01100101\tok\n"},
		// Windows-1252 in, UTF-8 with BOM out, so Excel shows the umlauts.
		{"Stra\xdfe;Nr\nM\xfcllerstr.;1\n", "\ufeffStraße;Nr;plr;status\nMüllerstr.;1;01100101;ok\n"},
		// Short rows are padded, so the extra values stay under their headings.
		{"id;x;y;bemerkung\n1;2;3\n", "id;x;y;bemerkung;plr;status\n1;2;3;;01100101;ok\n"},
		// A trailing separator does not shift them either.
		{"x;y\n2;3;\n", "x;y;plr;status\n2;3;01100101;ok\n"},
		// Fields with the separator or quotes are quoted again.
		{"strasse;hnr\n\"Hof; hinten\";\"1\"\"a\"\n", "strasse;hnr;plr;status\n\"Hof; hinten\";\"1\"\"a\";01100101;ok\n"},
	} {
		rd, err := NewReader(strings.NewReader(c.in), 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		w := NewWriterFor(rd, &out, []string{"plr", "status"})
		r, err := rd.Next()
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Write(r, []string{"01100101", "ok"}); err != nil {
			t.Fatal(err)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if out.String() != c.out {
			t.Errorf("%q:\n got %q\nwant %q", c.in, out.String(), c.out)
		}
	}
	var out bytes.Buffer
	w := NewWriter(&out, ';', []string{"a"}, []string{"b"})
	w.Write(&Row{Fields: []string{"1"}}, []string{"2"})
	if err := w.Flush(); err != nil || out.String() != "a;b\n1;2\n" {
		t.Errorf("NewWriter: %q %v", out.String(), err)
	}
	boom := errors.New("boom")
	w = NewWriterFor(&Reader{t: &Table{Sep: ';', BOM: true}}, failWriter{boom}, nil)
	if err := w.Write(&Row{}, nil); !errors.Is(err, boom) {
		t.Errorf("write error: %v", err)
	}
	if err := w.Flush(); !errors.Is(err, boom) {
		t.Errorf("flush error: %v", err)
	}
}

type failWriter struct{ err error }

func (f failWriter) Write([]byte) (int, error) { return 0, f.err }

func TestWindows1252(t *testing.T) {
	_, rs := rows(t, "strasse;hausnummer\nM\xfcllerstra\xdfe;1\n\x84Zitat\x93 \x80;2\n")
	if rs[0].Street != "Müllerstraße" || rs[1].Street != "„Zitat“ €" {
		t.Errorf("%q %q", rs[0].Street, rs[1].Street)
	}
	rd, _ := rows(t, "strasse;hausnummer\nMüllerstraße;1\n")
	if rd.t.Windows1252 || rd.t.BOM {
		t.Error("UTF-8 taken for Windows-1252")
	}
	// A multi-byte rune cut at the end of the sniffed window is still UTF-8
	// (rows of 100 bytes, as rows are bounded, then the rune at the cut).
	rest := sniffBytes - 20
	long := "strasse;hausnummer\n" + strings.Repeat(strings.Repeat("a", 97)+";1\n", rest/100) + strings.Repeat("a", rest%100) + "ü;1\n"
	rd, _ = rows(t, long)
	if rd.t.Windows1252 {
		t.Error("rune cut by the sniff window taken for Windows-1252")
	}
}

func TestSizeLimit(t *testing.T) {
	src := "x;y\n1;2\n33;44\n" // 14 bytes
	for limit, wantRows := range map[int64]int{14: 2, 13: 1, 12: 1, 11: 1, 8: 1, 7: 0} {
		rd, err := NewReader(strings.NewReader(src), limit)
		if err != nil {
			if quartier.ErrorCode(err) != quartier.ETOOLARGE {
				t.Errorf("limit %d: %v", limit, err)
			}
			continue
		}
		n := 0
		for {
			r, err := rd.Next()
			if err != nil {
				if want := limit >= 14; errors.Is(err, io.EOF) != want {
					t.Errorf("limit %d: end %v", limit, err)
				}
				if !errors.Is(err, io.EOF) && (quartier.ErrorCode(err) != quartier.ETOOLARGE || quartier.ErrorProblems(err)[0].Kind != quartier.ProblemTooLarge) {
					t.Errorf("limit %d: %v", limit, err)
				}
				break
			}
			// A row cut at the limit ("33;4") must never come out.
			if r.X == 33 && r.Y != 44 {
				t.Errorf("limit %d: cut row %+v", limit, r)
			}
			n++
		}
		if n != wantRows {
			t.Errorf("limit %d: %d rows, want %d", limit, n, wantRows)
		}
	}
}

func TestDetectSep(t *testing.T) {
	for head, want := range map[string]rune{
		"a;b;c\n": ';', "a,b,c\n": ',', "a\tb\n": '\t', "a|b\n": '|', "a\n": ',',
		"\"x,y,z\";b\n": ';', "a;b,c\n": ';', "\"a;b\",c,d\n": ',',
	} {
		if got := detectSep(head); got != want {
			t.Errorf("%q: %q, want %q", head, got, want)
		}
	}
}

func FuzzReader(f *testing.F) {
	f.Add([]byte("x,y\n1,2\n"))
	f.Add([]byte("Länge;Breite\n13,4;52,5\n"))
	f.Add([]byte("rw;hw\n5.820.345,12;1.234\n"))
	f.Add([]byte("strasse;hnr\n\"a;b\";1\n"))
	f.Add([]byte("\ufeff\"\n"))
	f.Add([]byte("lon\tlat\nNaN\tInf\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rd, err := NewReader(bytes.NewReader(data), 1<<16)
		if err != nil {
			if quartier.ErrorCode(err) == quartier.EINTERNAL {
				t.Fatalf("non-user error from bytes: %v", err)
			}
			return
		}
		var out bytes.Buffer
		w := NewWriterFor(rd, &out, []string{"extra"})
		last := 1
		for {
			r, err := rd.Next()
			if err != nil {
				if !errors.Is(err, io.EOF) && quartier.ErrorCode(err) == quartier.EINTERNAL {
					t.Fatalf("non-user error from bytes: %v", err)
				}
				break
			}
			if r.Line <= last {
				t.Fatalf("line %d after %d", r.Line, last)
			}
			last = r.Line
			if r.Err != nil {
				if r.Err.Feature != r.Line || r.Err.Message == "" {
					t.Fatalf("bad problem %+v on line %d", r.Err, r.Line)
				}
			} else {
				switch rd.Mode() {
				case ModeAddress:
					if r.Street == "" {
						t.Fatalf("row without street accepted: %+v", r)
					}
				case ModeLonLat:
					if !(r.X >= -180 && r.X <= 180 && r.Y >= -90 && r.Y <= 90) {
						t.Fatalf("lon/lat out of range accepted: %+v", r)
					}
				default:
					if math.IsNaN(r.X) || math.IsInf(r.X, 0) || math.IsNaN(r.Y) || math.IsInf(r.Y, 0) {
						t.Fatalf("non-finite x/y accepted: %+v", r)
					}
				}
			}
			if err := w.Write(r, []string{"v"}); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
	})
}

// BenchmarkRead400k reads a bulk file of 400,000 rows, the size a
// Jugendamt's yearly case export reaches.
func BenchmarkRead400k(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("id;x;y\n")
	for range 400000 {
		sb.WriteString("123456;390000,5;5820000,25\n")
	}
	data := sb.String()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		rd, err := NewReader(strings.NewReader(data), 1<<30)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for {
			r, err := rd.Next()
			if err != nil {
				break
			}
			if r.Err != nil {
				b.Fatal(r.Err)
			}
			n++
		}
		if n != 400000 {
			b.Fatal(n)
		}
	}
}

// BenchmarkReadWrite400k adds the output side of a bulk run.
func BenchmarkReadWrite400k(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("strasse;hausnummer;plz\n")
	for range 400000 {
		sb.WriteString("Karl-Marx-Straße;17a;12043\n")
	}
	data := sb.String()
	b.SetBytes(int64(len(data)))
	extra := []string{"08100101", "0810", "ok"}
	for b.Loop() {
		rd, err := NewReader(strings.NewReader(data), 1<<30)
		if err != nil {
			b.Fatal(err)
		}
		w := NewWriterFor(rd, io.Discard, []string{"blk", "plr", "status"})
		for {
			r, err := rd.Next()
			if err != nil {
				break
			}
			w.Write(r, extra)
		}
		if err := w.Flush(); err != nil {
			b.Fatal(err)
		}
	}
}

// TestRecordsAreBounded: encoding/csv holds a row whole, so a file of one
// endless line, of separators only or with a quote never closed was held
// whole at many times its size (a 200 MB line of commas took 23 GB). A row
// beyond maxRecordBytes is refused where it starts, at a cost independent
// of the file's size.
func TestRecordsAreBounded(t *testing.T) {
	const n = 2 << 20
	for _, c := range []struct{ name, src, want string }{
		{"endless header", strings.Repeat("x", n), "Die Kopfzeile ist länger als 64 KB"},
		{"endless line", "lon,lat\n11.3,50.9\n11.3," + strings.Repeat("1", n) + "\n", "nach Zeile 2"},
		{"line of separators", "lon,lat\n11.3,50.9" + strings.Repeat(",", n) + "\n", "nach Zeile 1"},
		{"quote never closed", "lon,lat\n11.3,\"50.9\n" + strings.Repeat("1,2,3,\n", n/7), "nach Zeile 1"},
	} {
		var err error
		alloc := memtest.Allocated(func() {
			var rd *Reader
			if rd, err = NewReader(strings.NewReader(c.src), 1<<30); err != nil {
				return
			}
			for err == nil {
				_, err = rd.Next()
			}
		})
		if ps := quartier.ErrorProblems(err); quartier.ErrorCode(err) != quartier.ETOOLARGE || len(ps) != 1 || ps[0].Kind != quartier.ProblemTooLarge || !strings.Contains(ps[0].Message, c.want) {
			t.Errorf("%s: want a refusal %q, got %v", c.name, c.want, err)
		}
		if alloc > 4<<20 {
			t.Errorf("%s: allocated %d KB", c.name, alloc>>10)
		}
	}
	// A long row below the bound is a row.
	_, rs := rows(t, "strasse;hnr;bemerkung\nA;1;\""+strings.Repeat("lang\n", 3_000)+"\"\n")
	if len(rs) != 1 || len(rs[0].Fields[2]) != 15_000 {
		t.Fatalf("row of 15 KB: %d rows", len(rs))
	}
}
