package monitoring

import (
	"bufio"
	"bytes"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/quartier/quartier"
)

const sharedData = "../../../shared/data/"

func share(code, numerator, denominator string) MappedIndicator {
	return MappedIndicator{Indicator: quartier.Indicator{Code: code, Name: code, Kind: quartier.IndicatorShare}, NumeratorColumn: numerator, DenominatorColumn: denominator}
}

func column(code string, kind quartier.IndicatorKind, col string) MappedIndicator {
	return MappedIndicator{Indicator: quartier.Indicator{Code: code, Name: code, Kind: kind}, Column: col}
}

func knownAreas(codes ...string) func(string) bool {
	return func(a string) bool {
		for _, c := range codes {
			if c == a {
				return true
			}
		}
		return false
	}
}

// Every kind of fault is found, located by line and column, and all of
// them at once; nothing is returned to write.
func TestReadValuesLocatesEveryFault(t *testing.T) {
	in := "gebiet;kinder;alo;ew;quote\n" +
		"a;10;5;100;12,5\n" + // line 2: sound
		"zz;1;1;10;1\n" + // 3: unknown area
		"a;1;1;10;1\n" + // 4: duplicate of line 2
		"b;zehn;1;10;1\n" + // 5: not a number
		"c;-3;1;10;1\n" + // 6: negative count
		"d;1;1;10;100,5\n" + // 7: share above 100
		"e;1;4;;1\n" + // 8: numerator without denominator
		"f;1;;7;1\n" + // 9: denominator without numerator
		"g;1;8;4;1\n" + // 10: numerator above denominator
		";1;1;1;1\n" + // 11: no area code
		"h;1;0;0;1\n" // 12: zero denominator
	m := Mapping{Layer: "plr", AreaColumn: "gebiet", Date: "31.12.2020", Indicators: []MappedIndicator{
		column("kinder", quartier.IndicatorCount, "kinder"), share("alo", "alo", "ew"), column("quote", quartier.IndicatorShare, "quote")}}
	tab, err := ReadValues(strings.NewReader(in), &m, knownAreas("a", "b", "c", "d", "e", "f", "g", "h"))
	if tab != nil || quartier.ErrorCode(err) != quartier.EINVALID {
		t.Fatalf("want refusal, got %v %v", tab, err)
	}
	want := []struct {
		line int
		col  string
		msg  string
	}{
		{3, "gebiet", "gibt es in der Ebene plr nicht"},
		{4, "gebiet", "steht schon in Zeile 2"},
		{5, "kinder", "keine Zahl"},
		{6, "kinder", "nicht negativ"},
		{7, "quote", "zwischen 0 und 100"},
		{8, "ew", "Nenner fehlt"},
		{9, "alo", "Zähler fehlt"},
		{10, "alo", "größer als der Nenner"},
		{11, "gebiet", "Gebietscode fehlt"},
		{12, "ew", "Nenner ist 0"},
	}
	ps := quartier.ErrorProblems(err)
	if len(ps) != len(want) {
		t.Fatalf("%d problems, want %d: %v", len(ps), len(want), ps)
	}
	for i, w := range want {
		p := ps[i]
		if p.Feature != w.line || p.Column != w.col || !strings.Contains(p.Message, w.msg) || !strings.Contains(p.Message, fmt.Sprintf("Zeile %d, Spalte %s", w.line, w.col)) {
			t.Errorf("problem %d: %+v, want line %d column %s %q", i, p, w.line, w.col, w.msg)
		}
	}
}

func TestReadValuesFormats(t *testing.T) {
	m := func() *Mapping {
		return &Mapping{Layer: "plr", AreaColumn: "Gebiet", DateColumn: "Zeit", Indicators: []MappedIndicator{
			column("n", quartier.IndicatorCount, "Anzahl"), share("q", "Zähler", "Nenner"), column("d", quartier.IndicatorMeasure, "Veränderung")}}
	}
	// Windows-1252 (Excel on German Windows), ';', decimal comma, spaces
	// and dots grouping digits, a month as date, secret and empty cells,
	// "-" for a true zero.
	win := []byte("Gebiet;Zeit;Anzahl;Zähler;Nenner;Veränderung\r\n" +
		"Süd;202012;1 675;.;.;-2,5\r\n" +
		"Nord;2020-12-31;1.234.567;3;4;-  23\r\n" +
		"Ost;31.12.2018;-;;;x\r\n")
	for i := 0; i < len(win); i++ { // to Windows-1252: ä ü as single bytes
		if win[i] == 0xc3 {
			win[i+1] += 0x40
			win = append(win[:i], win[i+1:]...)
		}
	}
	if utf8.Valid(win) || !bytes.Contains(win, []byte("S\xfcd")) {
		t.Fatal("the test input is not Windows-1252")
	}
	boms := map[string][]byte{"windows-1252": win, "utf-8 with BOM": append([]byte("\ufeff"), []byte(strings.ReplaceAll(string(win), "\xe4", "ä"))...)}
	boms["utf-8 with BOM"] = bytes.ReplaceAll(boms["utf-8 with BOM"], []byte{0xfc}, []byte("ü"))
	boms["utf-8 without BOM"] = bytes.TrimPrefix(boms["utf-8 with BOM"], []byte("\ufeff"))
	for name, in := range boms {
		t.Run(name, func(t *testing.T) {
			tab, err := ReadValues(bytes.NewReader(in), m(), knownAreas("Süd", "Nord", "Ost"))
			if err != nil {
				t.Fatalf("%v %v", err, quartier.ErrorProblems(err))
			}
			dec, old := time.Date(2020, 12, 31, 0, 0, 0, 0, time.UTC), time.Date(2018, 12, 31, 0, 0, 0, 0, time.UTC)
			n, q, d := tab.Values["n"], tab.Values["q"], tab.Values["d"]
			if len(n[dec]) != 2 || n[dec][0].Value != 1675 || n[dec][1].Value != 1234567 || n[old][0].Value != 0 {
				t.Errorf("counts %+v", n)
			}
			if len(q[dec]) != 1 || q[dec][0].Area != "Nord" || q[dec][0].Value != 75 || !q[dec][0].FromCounts {
				t.Errorf("share %+v", q)
			}
			if len(d[dec]) != 2 || d[dec][0].Value != -2.5 || d[dec][1].Value != -23 {
				t.Errorf("measure %+v", d)
			}
			if tab.Withheld["q"] != 2 || tab.Withheld["d"] != 1 || tab.Rows != 3 || len(tab.Dates()) != 2 {
				t.Errorf("withheld %v rows %d dates %v", tab.Withheld, tab.Rows, tab.Dates())
			}
		})
	}
}

func TestMappingIsCheckedFirst(t *testing.T) {
	ok := []MappedIndicator{column("n", quartier.IndicatorCount, "n")}
	for want, m := range map[string]Mapping{
		"Ebene":              {AreaColumn: "a", Date: "2020-12-31", Indicators: ok},
		"Gebietscode":        {Layer: "plr", Date: "2020-12-31", Indicators: ok},
		"Entweder":           {Layer: "plr", AreaColumn: "a", Indicators: ok},
		"keinen Indikator":   {Layer: "plr", AreaColumn: "a", Date: "2020-12-31"},
		"doppelt":            {Layer: "plr", AreaColumn: "a", Date: "2020-12-31", Indicators: append(ok, ok...)},
		"nur bei Anteilen":   {Layer: "plr", AreaColumn: "a", Date: "2020-12-31", Indicators: []MappedIndicator{{Indicator: quartier.Indicator{Code: "n", Name: "n", Kind: quartier.IndicatorCount}, NumeratorColumn: "x", DenominatorColumn: "y"}}},
		"gehören zusammen":   {Layer: "plr", AreaColumn: "a", Date: "2020-12-31", Indicators: []MappedIndicator{share("q", "x", "")}},
		"keine Spalte \"n\"": {Layer: "plr", AreaColumn: "a", Date: "2020-12-31", Indicators: ok},
		"Stichtag":           {Layer: "plr", AreaColumn: "a", Date: "Dezember", Indicators: ok},
	} {
		_, err := ReadValues(strings.NewReader("a;b\nx;1\n"), &m, nil)
		if err == nil || !strings.Contains(quartier.ErrorMessage(err), want) {
			t.Errorf("%s: %v", want, err)
		}
	}
}

// Hamburg's Stadtteil-Profile 2014 as published: spaces group digits,
// "." marks secret prices, and four Bezirke share their names with
// Stadtteile, so a table naming areas by name has duplicate keys.
func TestHamburgStadtteilProfile(t *testing.T) {
	raw, err := os.ReadFile(sharedData + "hamburg-stadtteilprofile-2014/Daten_fuer_die_Stadtteilprofile_2014.csv")
	if err != nil {
		t.Skipf("shared test data missing (%v): real-data test skipped", err)
	}
	mapping := func() *Mapping {
		return &Mapping{Layer: "stadtteil", AreaColumn: "Stadtgebiet", Date: "2013-12-31", Indicators: []MappedIndicator{
			share("u18", "Unter 18-Jährige", "Bevölkerung"),
			column("u18_publ", quartier.IndicatorShare, "Anteil der unter 18-Jährigen in %"),
			share("sgb2", "Leistungs-empfänger/-innen nach SGB II (Dez 2013)", "Bevölkerung"),
			column("sgb2_publ", quartier.IndicatorShare, "Anteil der Leistungs-empfänger/-innen nach SGB II in % (Dez 2013)"),
			share("ausl", "Ausländerinnen und Ausländer", "Bevölkerung"),
			column("ausl_publ", quartier.IndicatorShare, "Ausländeranteil in %"),
			column("preis_haus", quartier.IndicatorMeasure, "Preise für Ein- bzw Zwei-familienhäuser in EUR/m² (Jan 2014)"),
			column("einwohner", quartier.IndicatorCount, "Bevölkerung"),
		}}
	}
	_, err = ReadValues(bytes.NewReader(raw), mapping(), nil)
	var dups []string
	for _, p := range quartier.ErrorProblems(err) {
		if strings.Contains(p.Message, "steht schon in Zeile") {
			dups = append(dups, p.Code)
		}
	}
	if len(quartier.ErrorProblems(err)) != 4 || strings.Join(dups, ",") != "Eimsbüttel,Wandsbek,Bergedorf,Harburg" {
		t.Fatalf("the whole table: want the four Bezirke named like Stadtteile, got %v", quartier.ErrorProblems(err))
	}
	// The 99 Stadtteile alone (header and the first 99 rows).
	lines := bytes.SplitAfter(raw, []byte("\n"))
	stadtteile := bytes.Join(lines[:100], nil)
	tab, err := ReadValues(bytes.NewReader(stadtteile), mapping(), nil)
	if err != nil {
		t.Fatalf("%v %v", err, quartier.ErrorProblems(err))
	}
	d := time.Date(2013, 12, 31, 0, 0, 0, 0, time.UTC)
	// The published shares are the counts' shares rounded half up to one
	// decimal, so the shares we form from the counts must round to them.
	for _, pair := range [][2]string{{"u18", "u18_publ"}, {"sgb2", "sgb2_publ"}, {"ausl", "ausl_publ"}} {
		ours, published := tab.Values[pair[0]][d], tab.Values[pair[1]][d]
		if len(ours) != 99 || len(published) != 99 {
			t.Fatalf("%s: %d and %d values", pair[0], len(ours), len(published))
		}
		for i := range ours {
			if got := math.Floor(ours[i].Value*10+0.5) / 10; got != published[i].Value {
				t.Errorf("%s %s: %v rounds to %v, published %v", pair[0], ours[i].Area, ours[i].Value, got, published[i].Value)
			}
		}
	}
	if v := tab.Values["einwohner"][d][0]; v.Area != "Hamburg-Altstadt" || v.Value != 1675 {
		t.Errorf("first Stadtteil %+v", v)
	}
	// Counted here without the reader: the secret prices of the column.
	secret := 0
	sc := bufio.NewScanner(bytes.NewReader(stadtteile))
	sc.Scan()
	for sc.Scan() {
		if strings.TrimSpace(strings.Split(sc.Text(), ";")[56]) == "." {
			secret++
		}
	}
	if secret == 0 || tab.Withheld["preis_haus"] != secret || len(tab.Values["preis_haus"][d]) != 99-secret {
		t.Errorf("secret prices: %d withheld, %d values, %d cells with \".\"", tab.Withheld["preis_haus"], len(tab.Values["preis_haus"][d]), secret)
	}
}

// FuzzReadValues: whatever the input, the reader does not panic; what it
// accepts obeys the rules of each kind and has one value per area, date
// and indicator; what it refuses is located.
func FuzzReadValues(f *testing.F) {
	for _, s := range []string{
		"gebiet;n;z;nen;w\na;1;1;2;3\nb;2;;;-1,5\n",
		"gebiet,n,z,nen,w\na,1 675,1,2,.\n",
		"\ufeffgebiet;n;z;nen;w\r\na;\"1\";x;-;\"\"\r\n",
		"gebiet;n;z;nen;w\na;-1;3;2;1e400\na;;;;\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		m := &Mapping{Layer: "plr", AreaColumn: "gebiet", Date: "2020-12-31", Indicators: []MappedIndicator{
			column("n", quartier.IndicatorCount, "n"), share("q", "z", "nen"), column("w", quartier.IndicatorMeasure, "w")}}
		tab, err := ReadValues(bytes.NewReader(in), m, nil)
		if err != nil {
			for _, p := range quartier.ErrorProblems(err) {
				if p.Kind == quartier.ProblemValue && (p.Feature < 2 || p.Column == "") {
					t.Fatalf("value problem not located: %+v", p)
				}
			}
			return
		}
		for code, byDate := range tab.Values {
			ind := m.Indicators[0].Indicator
			for _, mi := range m.Indicators {
				if mi.Code == code {
					ind = mi.Indicator
				}
			}
			for _, vs := range byDate {
				seen := map[string]bool{}
				for _, v := range vs {
					check := v
					if part, msg := ind.Fault(&check); part != "" || seen[v.Area] || v.Area == "" || check.Value != v.Value {
						t.Fatalf("%s accepted %+v (%s %s), duplicate %v", code, v, part, msg, seen[v.Area])
					}
					seen[v.Area] = true
				}
			}
		}
	})
}
