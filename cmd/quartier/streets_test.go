package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quartier/quartier"
)

// The Köln file in a fresh database: the CRS in any spelling, the faults
// in the file's own coordinates with a map link, and nothing fixed.
func TestKoelnFaultsInTheFilesCRS(t *testing.T) {
	const file = "../../../shared/data/koeln-stadtgliederung-2013/koeln_stadtteile_2013.epsg25832.geojson"
	if _, err := os.Stat(file); err != nil {
		t.Skipf("shared test data missing (%v)", err)
	}
	c := newCLI(t)
	for _, crs := range []string{"urn:ogc:def:crs:EPSG::25832", "EPSG:25832", "25832"} {
		_, err := c.run("", "import", "areas", file, "--crs", crs, "--layer", "stt", "--code-prop", "STT_NR", "--name-prop", "STT_NAME", "--dry-run")
		if exitCode(err) != 2 {
			t.Fatalf("--crs %s: %v", crs, err)
		}
		var out bytes.Buffer
		printError(&out, err)
		if !strings.Contains(out.String(), "(Code 202, Marienburg) bei 357379.296, 5641201.145 (EPSG:25832; 50.904827° N, 6.971546° O)") ||
			!strings.Contains(out.String(), "Karte: https://www.openstreetmap.org/?mlat=50.904827&mlon=6.971546") {
			t.Fatalf("--crs %s:\n%s", crs, out.String())
		}
	}
	if _, err := c.run("", "import", "areas", file, "--crs", "EPSG:3857", "--layer", "stt"); err == nil || !strings.Contains(err.Error(), "nicht unterstützt") {
		t.Fatalf("unsupported CRS: %v", err)
	}
}

// import streets reads an official address list as published, gzip or
// not, and lookup --address says what it found and where from.
func TestImportStreetsAndLookup(t *testing.T) {
	c := newCLI(t)
	c.must("import", "areas", weimar+"bloecke.geojson", "--srid", "25832", "--layer", "bezirk", "--kind", "block", "--date", "2024-01-01")
	dir := t.TempDir()
	list := filepath.Join(dir, "adressen.csv")
	os.WriteFile(list, []byte("strname;hsnr;hsnrzu;plz;ort;baustein\nMarkt;1;;99423;Altstadt;M1\nMarkt;2;;99423;Altstadt;M1\nGoetheplatz;;;99423;Altstadt;M1\nGoetheplatz;;;99425;Nord;N1\n"), 0o600)
	out := c.must("import", "streets", list, "--source", "Stadt Weimar (Beispiel)", "--gemeinde", "Weimar", "--bezirk", "Stadtmitte=M", "--bezirk", "Nordbezirk=N")
	if !strings.Contains(out, "4 Einträge geschrieben") {
		t.Fatal(out)
	}
	out = c.must("lookup", "--address", "Markt 2")
	if !strings.Contains(out, "Markt 2, 99423 Altstadt (Punkt im Baustein") || !strings.Contains(out, "Stadt Weimar (Beispiel)") {
		t.Fatal(out)
	}
	// The municipality before the street, a district where it is not.
	if out := c.must("lookup", "--address", "Weimar Markt 2"); !strings.Contains(out, "Markt 2, 99423 Altstadt") {
		t.Fatal(out)
	}
	if _, err := c.run("", "lookup", "--address", "Markt 2 (Nord)"); exitCode(err) != 3 || !strings.Contains(quartier.ErrorMessage(err), "Markt 2 steht im Straßenverzeichnis nicht in Nord, nur in 99423 Altstadt") {
		t.Fatalf("district where the street is not: %v", err)
	}
	// A larger area (--bezirk) that holds the address's district, and
	// one that does not.
	if out := c.must("lookup", "--address", "Markt 2 (Stadtmitte)"); !strings.Contains(out, "Markt 2, 99423 Altstadt") {
		t.Fatal(out)
	}
	if _, err := c.run("", "lookup", "--address", "Markt 2 (Nordbezirk)"); exitCode(err) != 3 || !strings.Contains(quartier.ErrorMessage(err), "nicht in Nordbezirk") {
		t.Fatalf("region where the street is not: %v", err)
	}
	// A Bezirk narrows the candidates (the upload form's Bezirke alike).
	if out := c.must("lookup", "--address", "Goetheplatz (Nordbezirk)"); !strings.Contains(out, "Goetheplatz, 99425 Nord") {
		t.Fatal(out)
	}
	// A bulk file with the address in one column reads it as --address
	// does.
	bulk := filepath.Join(dir, "eine-spalte.csv")
	os.WriteFile(bulk, []byte("adresse\nWeimar Markt 2\nMarkt 2, 99423 Nord\nGoetheplatz (Nordbezirk)\n"), 0o600)
	if out := c.must("lookup", "--csv", bulk); !strings.Contains(out, "Weimar Markt 2,M1,ok") || !strings.Contains(out, "Markt 2, 99423 liegt im Straßenverzeichnis in 99423 Altstadt (Bezirk Stadtmitte), nicht in Nord.") ||
		!strings.Contains(out, "Goetheplatz (Nordbezirk),N1,ok") {
		t.Fatalf("one column: %s", out)
	}
	if _, err := c.run("", "import", "streets", list, "--bezirk", "Stadtmitte"); exitCode(err) != 2 || !strings.Contains(err.Error(), "NAME=PRÄFIX") {
		t.Fatalf("--bezirk without a prefix: %v", err)
	}
	// An import without --bezirk and --gemeinde keeps those of the
	// directory in use, as the upload form offers them again; an empty
	// --bezirk clears the Bezirke.
	if out := c.must("import", "streets", list, "--source", "Stadt Weimar (Beispiel)"); !strings.Contains(out, "Gemeinde Weimar und Bezirke Stadtmitte=M, Nordbezirk=N der bisherigen Einspielung beibehalten") {
		t.Fatal(out)
	}
	if out := c.must("lookup", "--address", "Goetheplatz (Nordbezirk)"); !strings.Contains(out, "Goetheplatz, 99425 Nord") {
		t.Fatalf("Bezirke after an import without --bezirk: %s", out)
	}
	if out := c.must("lookup", "--address", "Weimar Markt 2"); !strings.Contains(out, "Markt 2, 99423 Altstadt") {
		t.Fatalf("Gemeinde after an import without --gemeinde: %s", out)
	}
	if out := c.must("import", "streets", list, "--source", "Stadt Weimar (Beispiel)", "--bezirk", ""); !strings.Contains(out, "Gemeinde Weimar der bisherigen Einspielung beibehalten") {
		t.Fatal(out)
	}
	if _, err := c.run("", "lookup", "--address", "Goetheplatz (Nordbezirk)"); !strings.Contains(quartier.ErrorMessage(err), "mehrdeutig") {
		t.Fatalf("Bezirke after --bezirk \"\": %v", err)
	}
	if _, err := c.run("", "import", "streets", list, "--bezirk", "", "--bezirk", "Nordbezirk=N"); exitCode(err) != 2 || !strings.Contains(err.Error(), "--bezirk \"\"") {
		t.Fatalf("--bezirk \"\" beside a Bezirk: %v", err)
	}
	_, err := c.run("", "lookup", "--address", "Goetheplatz")
	if exitCode(err) != 2 || !strings.Contains(quartier.ErrorMessage(err), "mehrdeutig — bitte Postleitzahl angeben: 99423 Altstadt, 99425 Nord") {
		t.Fatalf("ambiguous: %v", err)
	}
	if _, err := c.run("", "lookup", "--address", "Markt 9"); exitCode(err) != 3 || !strings.Contains(quartier.ErrorMessage(err), "die Hausnummer nicht") {
		t.Fatalf("unknown number: %v", err)
	}
	if out := c.must("lookup", "--crs", "urn:ogc:def:crs:EPSG::4326", "11.329", "50.979"); !strings.Contains(out, "M") {
		t.Fatalf("lookup with a URN: %s", out)
	}
}
