package spatial

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/geo"
	"github.com/quartier/quartier/internal/streetdir"
)

// An address list with house coordinates and no blocks: each address gets
// the block at its point, lookups answer with the point itself, and a
// point outside every block refuses the whole list.
func TestStreetImportWithPoints(t *testing.T) {
	a := newApp(t)
	importGrid(t, a, 0, day0)
	composeColumns(t, a, true)
	x0, y0 := cellCenter(0, 0)
	x2, y2 := cellCenter(2, 2)
	src := "strasse;hnr;hnr_zusatz;plz;ort;x;y\n" +
		fmt.Sprintf("Lindenweg;1;;12043;Ost;%s;%s\n", ftoa(x0+10), ftoa(y0+20)) +
		fmt.Sprintf("Lindenweg;1;a;12043;Ost;%s;%s\n", ftoa(x0+30), ftoa(y0+20)) +
		fmt.Sprintf("Lindenweg;2;;12043;Ost;%s;%s\n", ftoa(x2), ftoa(y2)) +
		fmt.Sprintf("Lindenplatz;;;12043;Ost;%s;%s\n", ftoa(x2+5), ftoa(y2+5))
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(src))
	zw.Close()
	rep, err := a.ImportStreets(opCtx(), StreetImport{Input: &gz, Source: "Testamt, Adressen 2024"})
	if err != nil || !rep.Written || rep.Entries != 4 || rep.Points != 4 || rep.Located != 4 {
		t.Fatalf("%+v %v %v", rep, err, quartier.ErrorProblems(err))
	}
	ctx := context.Background()
	res, err := a.LookupAddress(ctx, Address{Street: "Lindenweg", HouseNo: "1"})
	if err != nil || !res.Exact || res.X != x0+10 || res.Y != y0+20 || res.Block().Code != "r0c0" || res.Source != "Testamt, Adressen 2024" || res.Address != "Lindenweg 1, 12043 Ost" {
		t.Fatalf("exact point: %+v %v", res, err)
	}
	if h, _ := res.HitFor("spalte"); h.Code != "west" {
		t.Fatalf("space: %+v", res)
	}
	res, err = a.LookupAddress(ctx, Address{Street: "Lindenplatz"})
	if err != nil || !res.Exact || res.Block().Code != "r2c2" {
		t.Fatalf("square: %+v %v", res, err)
	}
	// "2a" is not listed, and 2 has no other variants: the number is
	// refused with the reason, not answered from the block of 2.
	if _, err := a.LookupAddress(ctx, Address{Street: "Lindenweg", HouseNo: "2a"}); quartier.ErrorCode(err) != quartier.ENOTFOUND || !strings.Contains(quartier.ErrorMessage(err), "Hausnummer nicht") {
		t.Fatalf("unknown suffix: %v", err)
	}

	// A point outside every block, and one out of the CRS's range.
	bad := "strasse;hnr;x;y\nLindenweg;7;100;100\nLindenweg;8;" + ftoa(x0-5000) + ";" + ftoa(y0) + "\n"
	rep, err = a.ImportStreets(opCtx(), StreetImport{Input: strings.NewReader(bad)})
	if quartier.ErrorCode(err) != quartier.EINVALID || rep.Written || len(rep.Problems) != 2 || rep.Problems[0].Feature != 2 || rep.Problems[1].Feature != 3 ||
		!strings.Contains(rep.Problems[1].Message, "in keinem Baustein") {
		t.Fatalf("bad points: %+v %v", rep, err)
	}
	if res, err := a.LookupAddress(ctx, Address{Street: "Lindenweg", HouseNo: "1"}); err != nil || !res.Exact {
		t.Fatalf("refused list replaced the directory: %+v %v", res, err)
	}

	// A named block wins over the point, with a warning; lon/lat columns
	// are WGS84.
	x, y := cellCenter(1, 1)
	tr, _ := geo.Transformer(quartier.UTM33N, quartier.WGS84)
	ll := tr(orb.Point{x, y})
	src = fmt.Sprintf("strasse;hnr;baustein;lon;lat\nBirkenweg;3;r0c0;%s;%s\nBirkenweg;5;;%s;%s\n", ftoa(ll[0]), ftoa(ll[1]), ftoa(ll[0]), ftoa(ll[1]))
	rep, err = a.ImportStreets(opCtx(), StreetImport{Input: strings.NewReader(src)})
	if err != nil || len(rep.Problems) != 1 || rep.Problems[0].Severity != quartier.SeverityWarning || rep.Located != 1 {
		t.Fatalf("named block: %+v %v", rep, err)
	}
	for no, want := range map[string]string{"3": "r0c0", "5": "r1c1"} {
		res, err = a.LookupAddress(ctx, Address{Street: "Birkenweg", HouseNo: no})
		if err != nil || res.Block().Code != want || !res.Exact || math.Abs(res.X-x) > 1e-3 || math.Abs(res.Y-y) > 1e-3 {
			t.Fatalf("Birkenweg %s: %+v %v", no, res, err)
		}
	}
}

// A bulk run of addresses answers every row in order, with the real reason
// of each refusal, across more rows than one chunk.
func TestBulkLookupAddresses(t *testing.T) {
	a := newApp(t)
	importGrid(t, a, 0, day0)
	composeColumns(t, a, true)
	dir := "strasse;hnr;plz;ort;baustein\n" +
		"Ackerstraße;1;10115;Mitte;r0c0\nAckerstraße;2;10115;Mitte;r0c1\nAckerstraße;1;13585;Spandau;r2c2\nKarlplatz;;12205;Lichterfelde;r1c1\n"
	if _, err := a.ImportStreets(opCtx(), StreetImport{Input: strings.NewReader(dir)}); err != nil {
		t.Fatalf("%v %v", err, quartier.ErrorProblems(err))
	}
	cases := []struct{ street, no, plz, want string }{
		{"Ackerstr.", "1", "10115", "r0c0"},
		{"Ackerstraße", "1", "", "mehrdeutig — bitte Postleitzahl angeben: 10115 Mitte, 13585 Spandau"},
		{"Ackerstraße", "2", "", "r0c1"},
		{"Ackerstraße", "3", "10115", "die Hausnummer nicht"},
		{"Karlplatz", "", "", "r1c1"},
		{"Nirgendweg", "1", "", "„Nirgendweg“ steht nicht im Straßenverzeichnis"},
	}
	var in strings.Builder
	in.WriteString("strasse;hausnummer;plz\n")
	n := 0
	for n < bulkChunk+len(cases) {
		for _, c := range cases {
			fmt.Fprintf(&in, "%s;%s;%s\n", c.street, c.no, c.plz)
			n++
		}
	}
	var out bytes.Buffer
	rep, err := a.BulkLookup(context.Background(), strings.NewReader(in.String()), &out, 0, nil)
	if err != nil || rep.Rows != n || rep.Found != n/len(cases)*3 {
		t.Fatalf("%+v %v", rep, err)
	}
	r := csv.NewReader(&out)
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil || len(rows) != n+1 {
		t.Fatalf("%d rows, %v", len(rows), err)
	}
	for i, row := range rows[1:] {
		c := cases[i%len(cases)]
		block, status := row[3], row[5]
		if strings.HasPrefix(c.want, "r") {
			if block != c.want || status != "ok" {
				t.Fatalf("row %d %v: want %s", i+2, row, c.want)
			}
		} else if block != "" || !strings.Contains(status, c.want) {
			t.Fatalf("row %d %v: want status with %q", i+2, row, c.want)
		}
	}
}

// A typed address whose street the store holds under another spelling,
// with the city or a district before it, or a district where the street
// is not: the same answers as a compiled directory gives (the demo's
// golden tables test that at Berlin's scale), from the keys and the two
// settings the import keeps, and a bulk run finds the spellings too. A
// directory imported before those settings checks places as before.
func TestTypedAddressesInStore(t *testing.T) {
	a := streetApp(t, nil,
		"Karl-Marx-Allee;1;10178;Mitte;r0c0\nSchönhauser Allee;100;10439;Prenzlauer Berg;r0c1\nAlexanderplatz;1;10178;Mitte;r0c2\n"+
			"Prenzlauer Berg;1;10405;Prenzlauer Berg;r2c2\nStromstraße;1;10551;Tiergarten;r1c0\n"+
			"Guntherstraße;4;10365;Lichtenberg;r1c1\nGüntherstraße;4;10318;Karlshorst;r1c2\n")
	ctx := context.Background()
	cases := map[string]string{
		"Karlmarxallee 1":                        "r0c0",
		"Karl Marx Alle 1":                       "r0c0",
		"Schonhauser Allee 100":                  "r0c1",
		"Teststadt Schönhauser Allee 100":        "r0c1",
		"Teststadt, Schonhauser Allee 100":       "r0c1",
		"Prenzlauer Berg Schönhauser Allee 100":  "r0c1",
		"Prenzlauer Berg, Schönhauser Allee 100": "r0c1", // not the street Prenzlauer Berg
		"Alexanderplatz 1 (Tiergarten)":          "!Alexanderplatz 1 steht im Straßenverzeichnis nicht in Tiergarten, nur in 10178 Mitte.",
		"Alexanderplatz 1, Hinterhaus":           "r0c2",
		"Gunthersstraße 4":                       "?bitte den Namen genau angeben: Guntherstraße (10365 Lichtenberg); Güntherstraße (10318 Karlshorst)",
		"Nirgendweg 1":                           "!„Nirgendweg“ steht nicht im Straßenverzeichnis",
	}
	checkLookups(t, a, cases)

	var out bytes.Buffer
	in := "strasse;hausnummer;plz\nKarlmarxallee;1;\nSchonhauser Allee;100;10439\nGunthersstraße;4;\nNirgendweg;1;\n"
	rep, err := a.BulkLookup(ctx, strings.NewReader(in), &out, 0, nil)
	if err != nil || rep.Found != 2 || rep.Failed != 2 || !strings.Contains(out.String(), "Karlmarxallee;1;;r0c0;ok") ||
		!strings.Contains(out.String(), "Schonhauser Allee;100;10439;r0c1;ok") || !strings.Contains(out.String(), "mehrdeutig") {
		t.Fatalf("bulk: %+v %v\n%s", rep, err, out.String())
	}

	// Imported before the places were kept: a district where the street
	// has no entry checks nothing, no place is told from the street.
	if err := a.store.Update(ctx, func(tx Tx) error {
		for _, k := range []string{settingStreetCity, settingStreetDistricts} {
			if err := tx.SetSetting(ctx, k, ""); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if res, err := a.LookupAddress(ctx, ParseAddress("Alexanderplatz 1 (Tiergarten)")); err != nil || res.Block().Code != "r0c2" {
		t.Errorf("old directory, Alexanderplatz 1 (Tiergarten): %+v %v", res.Hits, err)
	}
	if _, err := a.LookupAddress(ctx, ParseAddress("Teststadt Schönhauser Allee 100")); quartier.ErrorCode(err) != quartier.ENOTFOUND {
		t.Errorf("old directory, Teststadt Schönhauser Allee 100: %v", err)
	}
	if res, err := a.LookupAddress(ctx, ParseAddress("Schonhauser Allee 100")); err != nil || res.Block().Code != "r0c1" {
		t.Errorf("old directory, Schonhauser Allee 100: %+v %v", res.Hits, err)
	}
}

// Two postcodes in one address are refused naming both, in a typed
// address and in a bulk row whose address column has one and postcode
// column another (the row kept the first, unsaid); a typing error in the
// name is read in the store and in a bulk run as in a compiled directory;
// a form's street field without number names a street, and a number at
// its end is not split into the name's and the house's.
func TestPostcodesTyposAndStreetField(t *testing.T) {
	a := streetApp(t, nil,
		"Schwedter Straße;234;10435;Mitte;r0c0\nSchwedter Straße;1;10119;Mitte;r0c1\n"+
			"Straße 1;7;13059;Wartenberg;r1c0\nStraße 10;1;13059;Wartenberg;r1c1\n")
	ctx := context.Background()
	checkLookups(t, a, map[string]string{
		"Schwedter Str. 234, 10435 Berlin 10119": "?Die Adresse nennt zwei Postleitzahlen, 10435 und 10119 — bitte nur die richtige angeben.",
		"10119 Berlin, Schwedter Str. 234 10435": "?Die Adresse nennt zwei Postleitzahlen, 10119 und 10435",
		"Schwedter Str. 234, 10435, 10435":       "r0c0",
		"Schwedtr Str. 234":                      "r0c0",
		"Schwedter Sraße 1, 10119":               "r0c1",
		"Straße 17":                              "r1c0", // --address: Straße 1 No. 7, the split README describes
	})
	var out bytes.Buffer
	in := "adresse;plz\n\"Schwedter Str. 234, 10435 Berlin\";10119\n\"Schwedter Str. 234, 10435 Berlin\";10435\n\"Schwedter Str. 234\";10435\n"
	rep, err := a.BulkLookup(ctx, strings.NewReader(in), &out, 0, nil)
	if err != nil || rep.Found != 2 || rep.Failed != 1 || !strings.Contains(out.String(), "Die Adresse nennt zwei Postleitzahlen, 10435 und 10119 — bitte nur die richtige angeben.") {
		t.Fatalf("bulk: %+v %v\n%s", rep, err, out.String())
	}
	for _, c := range []struct{ street, no, postcode, want string }{
		{"Straße 17", "", "", "!Die Straße „Straße 17“ steht nicht im Straßenverzeichnis."},
		{"Straße 17", "", "13059", "!Die Straße „Straße 17“ steht nicht im Straßenverzeichnis."},
		{"Straße 107", "", "", "!Die Straße „Straße 107“ steht nicht im Straßenverzeichnis."},
		{"Straße 10", "", "", "r1c1"},
		{"Straße 1", "7", "", "r1c0"},
		{"Straße 17", "1", "", "!„Straße 17“ steht nicht im Straßenverzeichnis"},
		{"Schwedter Str. 234", "", "", "r0c0"}, // the whole address in the street's field
		{"Schwedter Str. 234, 10435 Berlin", "", "10119", "?zwei Postleitzahlen, 10435 und 10119"},
	} {
		res, err := a.LookupAddress(ctx, FormAddress(c.street, c.no, c.postcode, ""))
		checkAnswer(t, fmt.Sprintf("form %+v", c), c.want, res, err)
	}
}

// Regions given at the import (larger areas: Berlin's Bezirke) are kept
// as a setting and checked as the districts they hold: by block prefix
// or listed, also where a region is named like a district.
func TestStreetRegionsInStore(t *testing.T) {
	regions := []streetdir.Region{{Name: "Pankow", BlockPrefix: "r0c1"}, {Name: "Mitte", Districts: []string{"Tiergarten"}}, {Name: "Leer", BlockPrefix: "zz"}}
	a := streetApp(t, regions, "Schönhauser Allee;100;10439;Prenzlauer Berg;r0c1\nAlexanderplatz;1;10178;Mitte;r0c2\nStromstraße;1;10551;Tiergarten;r1c0\n"+
		"Stromstraße;1;13187;Pankow;r0c1\n")
	ctx := context.Background()
	// The regions as given, for the upload form of the next import.
	city, given, err := a.StreetImportDefaults(opCtx())
	if want := []streetdir.Region{{Name: "Pankow", BlockPrefix: "r0c1"}, {Name: "Leer", BlockPrefix: "zz"}}; err != nil || city != "Teststadt" || !reflect.DeepEqual(given, want) {
		t.Errorf("defaults: %q %+v %v", city, given, err)
	}
	if _, _, err := a.StreetImportDefaults(ctx); quartier.ErrorCode(err) != quartier.EFORBIDDEN {
		t.Errorf("defaults without the permission: %v", err)
	}
	if err := a.store.View(ctx, func(tx Tx) error {
		v, err := tx.Setting(ctx, settingStreetRegions)
		if v != "Mitte\tTiergarten\nPankow\tPankow\tPrenzlauer Berg" {
			t.Errorf("setting %q %v", v, err)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{
		"Schönhauser Allee 100, Pankow":      "r0c1",
		"Pankow Schönhauser Allee 100":       "r0c1",
		"Stromstraße 1, Mitte":               "r1c0", // narrowed: Bezirk Mitte holds Tiergarten
		"Stromstraße 1":                      "?Stromstraße 1 ist mehrdeutig — bitte Postleitzahl angeben: 10551 Tiergarten, 13187 Pankow.",
		"Stromstraße 1, Pankow":              "r0c1",
		"Alexanderplatz 1, Mitte":            "r0c2",
		"Alexanderplatz 1 (Tiergarten)":      "!Alexanderplatz 1 steht im Straßenverzeichnis nicht in Tiergarten, nur in 10178 Mitte.",
		"Alexanderplatz 1, Pankow":           "!Alexanderplatz 1 steht im Straßenverzeichnis nicht in Pankow, nur in 10178 Mitte.",
		"Schönhauser Allee 100 (Tiergarten)": "!Schönhauser Allee 100 steht im Straßenverzeichnis nicht in Tiergarten, nur in 10439 Prenzlauer Berg (Bezirk Pankow).",
		"Schönhauser Allee 100, Leer":        "r0c1", // a region without districts is not kept
		// With a postcode the place is checked as well; the municipality,
		// before or after the postcode, checks nothing.
		"Stromstraße 1, 10551 Mitte":                "r1c0",
		"Stromstraße 1, 10551 Teststadt-Tiergarten": "r1c0",
		"Stromstraße 1, 10551 Teststadt":            "r1c0",
		"Stromstraße 1, Teststadt 10551":            "r1c0",
		"10551 Tiergarten, Stromstraße 1":           "r1c0",
		"Stromstraße 1, 10551 Pankow":               "!Stromstraße 1, 10551 liegt im Straßenverzeichnis in 10551 Tiergarten (Bezirk Mitte), nicht in Pankow. In Pankow hat sie die Postleitzahl 13187 — bitte die Postleitzahl prüfen.",
		"Alexanderplatz 1, 10178 Tiergarten":        "!Alexanderplatz 1, 10178 liegt im Straßenverzeichnis in 10178 Mitte, nicht in Tiergarten. In Tiergarten steht Alexanderplatz 1 nicht im Straßenverzeichnis — bitte den Ort prüfen.",
	}
	checkLookups(t, a, cases)

	// A bulk run reads the place of a row where the file has a column for
	// it, and checks and narrows by it as a typed address does, also
	// with a postcode.
	var out bytes.Buffer
	in := "strasse;hausnummer;plz;ortsteil\nStromstraße;1;;Mitte\nStromstraße;1;;Pankow\nStromstraße;1;10551;Pankow\nStromstraße;1;;Berlin\n" +
		"Alexanderplatz;1;;Pankow\nStromstraße;1;10551;Mitte\n"
	rep, err := a.BulkLookup(ctx, strings.NewReader(in), &out, 0, nil)
	got := strings.ReplaceAll(out.String(), "\r\n", "\n")
	if err != nil || rep.Found != 3 || rep.Failed != 3 || !strings.Contains(got, "Stromstraße;1;;Mitte;r1c0;ok\n") ||
		!strings.Contains(got, "Stromstraße;1;;Pankow;r0c1;ok\n") || !strings.Contains(got, "Stromstraße;1;10551;Mitte;r1c0;ok\n") ||
		!strings.Contains(got, "Stromstraße;1;10551;Pankow;;Stromstraße 1, 10551 liegt im Straßenverzeichnis in 10551 Tiergarten (Bezirk Mitte), nicht in Pankow. In Pankow") ||
		!strings.Contains(got, "Stromstraße;1;;Berlin;;Stromstraße 1 ist mehrdeutig") ||
		!strings.Contains(got, "Alexanderplatz;1;;Pankow;;Alexanderplatz 1 steht im Straßenverzeichnis nicht in Pankow, nur in 10178 Mitte.\n") {
		t.Fatalf("bulk with places: %+v %v\n%s", rep, err, out.String())
	}
}

// Streets named by a number: a house number after the name's number is
// the house, never part of the name, and one written onto the name's
// number (or letter) is split where only one way finds a listed address;
// where the name without its number is a street too, every reading that
// may be meant competes, and several in different blocks are ambiguous.
func TestNumberedStreets(t *testing.T) {
	a := streetApp(t, nil,
		"Privatstraße;5;14089;Kladow;r0c0\nPrivatstraße 1;2;13053;Hohenschönhausen;r0c1\n"+
			"Privatstraße 12;1;13053;Hohenschönhausen;r0c2\nPrivatstraße 12;3;13053;Hohenschönhausen;r0c2\n"+
			"Straße 18;28;13156;Niederschönhausen;r1c0\nStraße 182;8;12355;Rudow;r1c1\nStraße 614;34;12347;Britz;r1c2\n"+
			"Straße 6;14;13059;Wartenberg;r2c0\nWeg A;16;12559;Müggelheim;r2c1\nStraße 10;7;13059;Wartenberg;r2c2\nStraße 10;11;13125;Karow;r2c0\n")
	checkLookups(t, a, map[string]string{
		"Straße 10":              "?Straße 10 ist mehrdeutig — bitte Postleitzahl angeben: 13059 Wartenberg, 13125 Karow.",
		"Straße 10 7":            "r2c2",
		"Straße 10, 7":           "r2c2",
		"Straße 10 Nr. 11":       "r2c0",
		"Straße 10, 13125":       "r2c0",
		"Straße 61434":           "r1c2",
		"Straße 61434, 12347":    "r1c2",
		"Straße 614 34 2. OG":    "r1c2",
		"Straße 1828":            "?„Straße 1828“ ist mehrdeutig — bitte Straße und Hausnummer getrennt angeben: Straße 18 Nr. 28, 13156 Niederschönhausen; Straße 182 Nr. 8, 12355 Rudow.",
		"Straße 1828, 12355":     "r1c1",
		"Straße 1828 (Rudow)":    "r1c1",
		"Straße 6 14":            "r2c0",
		"Straße 6 14, 12347":     "!Straße 6 gibt es im Straßenverzeichnis nicht mit der Postleitzahl 12347, nur mit 13059 Wartenberg.",
		"Straße 18 28, 12355":    "!Straße 18 gibt es im Straßenverzeichnis nicht mit der Postleitzahl 12355, nur mit 13156 Niederschönhausen.",
		"Weg A16":                "r2c1",
		"Privatstr. 5":           "r0c0",
		"Privatstraße 1 2 2. OG": "r0c1",
		"Privatstr. 12, 13053":   "?„Privatstr. 12“ ist mehrdeutig — bitte Straße und Hausnummer getrennt angeben: Privatstraße 12, 13053 Hohenschönhausen; Privatstraße 1 Nr. 2, 13053 Hohenschönhausen.",
		"Privatstr. 7":           "!Privatstraße 7 steht nicht im Straßenverzeichnis; die Straße ist verzeichnet, die Hausnummer nicht.",
		"Straße 99999":           "!Die Straße „Straße“ steht nicht im Straßenverzeichnis.",
	})
	// Columns that split the address otherwise than the single lookup
	// reads it: the number in the street's column, a floor in the
	// number's, the postcode or the place in the street's.
	in := "strasse;hausnummer;plz;ort\nStraße 61434;;;\nStraße 614;34 2. OG;;\nPrivatstraße 1 2 2. OG;;;\nWeg A16;;12559;\nStraße 10;7;;\n" +
		"Straße 1828;;;Rudow\n\"Straße 10, 13125 Karow\";11;;\nPrivatstr.;7;;\n"
	checkBulk(t, a, in, []string{"Straße 61434", "Straße 614;34 2. OG", "Privatstraße 1 2 2. OG", "Weg A16;;12559", "Straße 10;7", "Straße 1828;;;Rudow", "Straße 10, 13125 Karow;11", "Privatstr.;7"},
		[]string{"r1c2;ok", "r1c2;ok", "r0c1;ok", "r2c1;ok", "r2c2;ok", "r1c1;ok", "r2c0;ok",
			";Privatstraße 7 steht nicht im Straßenverzeichnis; die Straße ist verzeichnet, die Hausnummer nicht. Verzeichnet sind: Hausnummern 5–5 (14089 Kladow)."})
}

// streetApp is an installation with the test grid's blocks and a street
// directory of rows (strasse;hnr;plz;ort;baustein) for the municipality
// Teststadt, with regions.
func streetApp(t *testing.T, regions []streetdir.Region, rows string) *Service {
	t.Helper()
	a := newApp(t)
	importGrid(t, a, 0, day0)
	dir := "strasse;hnr;plz;ort;baustein\n" + rows
	if _, err := a.ImportStreets(opCtx(), StreetImport{Input: strings.NewReader(dir), City: "Teststadt", Regions: regions}); err != nil {
		t.Fatalf("%v %v", err, quartier.ErrorProblems(err))
	}
	return a
}

// checkAnswer checks a lookup's answer: a block, or "!" and a part of an
// ENOTFOUND message, "?" and one of an EINVALID message.
func checkAnswer(t *testing.T, what, want string, res LookupResult, err error) {
	t.Helper()
	switch {
	case want[0] == '!' || want[0] == '?':
		code := map[byte]string{'!': quartier.ENOTFOUND, '?': quartier.EINVALID}[want[0]]
		if quartier.ErrorCode(err) != code || !strings.Contains(quartier.ErrorMessage(err), want[1:]) {
			t.Errorf("%s: %+v %v, want %s %q", what, res.Hits, err, code, want[1:])
		}
	case err != nil || res.Block().Code != want:
		t.Errorf("%s: %+v %v, want %s", what, res.Hits, err, want)
	}
}

// checkLookups looks each typed address up and checks its answer: a
// block, or "!" and a part of an ENOTFOUND message, "?" and one of an
// EINVALID message. A bulk run of the same addresses, each in one
// column, must answer every row as the single lookup does.
func checkLookups(t *testing.T, a *Service, cases map[string]string) {
	t.Helper()
	var in strings.Builder
	in.WriteString("adresse\n")
	var texts, single []string
	for text, want := range cases {
		res, err := a.LookupAddress(context.Background(), ParseAddress(text))
		checkAnswer(t, text, want, res, err)
		answer := res.Block().Code + ";ok"
		if err != nil {
			answer = ";" + quartier.ErrorMessage(err)
		}
		texts, single = append(texts, text), append(single, answer)
		fmt.Fprintf(&in, "%q\n", text)
	}
	checkBulk(t, a, in.String(), texts, single)
}

// checkBulk runs a bulk lookup of in and checks that row i answers
// want[i] (the block and the status, as "block;status").
func checkBulk(t *testing.T, a *Service, in string, rows, want []string) {
	t.Helper()
	var out bytes.Buffer
	if _, err := a.BulkLookup(context.Background(), strings.NewReader(in), &out, 0, nil); err != nil {
		t.Fatalf("bulk: %v", err)
	}
	r := csv.NewReader(bytes.NewReader(out.Bytes()))
	if head, _, _ := strings.Cut(in, "\n"); strings.Contains(head, ";") {
		r.Comma = ';' // the answer keeps the question's separator
	}
	got, err := r.ReadAll()
	if err != nil || len(got) != len(want)+1 {
		t.Fatalf("bulk: %d rows %v\n%s", len(got), err, out.String())
	}
	for i, row := range got[1:] {
		if answer := strings.Join(row[len(row)-2:], ";"); answer != want[i] {
			t.Errorf("bulk %s: %s, want %s", rows[i], answer, want[i])
		}
	}
}
