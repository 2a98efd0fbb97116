package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/quartier/quartier"
)

// book is a workbook written part by part, so that a test can hold
// what programs write and excelize never does: rows that skip numbers,
// cells without r, rich text, CDATA, a second sheet first.
type book struct {
	sheets  []string // XML of each sheet's <sheetData> and after
	names   []string
	strings string // <si> items
	styles  string // <numFmts> and <cellXfs> content
	pr      string // <workbookPr …/>
	store   bool   // parts uncompressed, so that a fuzzer's changes reach the XML
}

func (b book) bytes(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	put := func(name, body string) {
		h := &zip.FileHeader{Name: name, Method: zip.Deflate}
		if b.store {
			h.Method = zip.Store
		}
		w, err := z.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	const head = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	put("_rels/.rels", head+`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	var sheets, rels strings.Builder
	for i, s := range b.sheets {
		name := fmt.Sprintf("Blatt%d", i+1)
		if i < len(b.names) {
			name = b.names[i]
		}
		fmt.Fprintf(&sheets, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, name, i+1, i+10)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/s%d.xml"/>`, i+10, i+1)
		put(fmt.Sprintf("xl/worksheets/s%d.xml", i+1), head+`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`+s+`</worksheet>`)
	}
	rels.WriteString(`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="/xl/strings.xml"/>`)
	rels.WriteString(`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`)
	put("xl/workbook.xml", head+`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`+b.pr+`<sheets>`+sheets.String()+`</sheets></workbook>`)
	put("xl/_rels/workbook.xml.rels", head+`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+rels.String()+`</Relationships>`)
	put("xl/strings.xml", head+`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`+b.strings+`</sst>`)
	put("xl/styles.xml", head+`<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`+b.styles+`</styleSheet>`)
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

type cellWant struct {
	ref, typ, value string
}

func readAll(t *testing.T, b []byte, sheet string) (map[string]RawCell, []int) {
	t.Helper()
	w, err := Open(b, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := w.Rows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]RawCell{}
	var lines []int
	for rows.Next() {
		lines = append(lines, rows.Row())
		for _, c := range rows.Cells() {
			got[fmt.Sprintf("%s%d", Letter(c.Col), rows.Row())] = c
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return got, lines
}

// Every kind of cell as Excel, LibreOffice and other programs store it,
// read raw: gaps by reference (C5 after A5) and by position (no r), rows
// that skip numbers, shared strings with rich text runs and phonetic
// guides, inline strings keeping their spaces, entities, CDATA, escapes
// of characters XML cannot hold, numbers in scientific notation.
func TestRowsReadEveryCellKind(t *testing.T) {
	b := book{
		strings: `<si><t>Kita</t></si>` +
			`<si><r><rPr><b/></rPr><t>Jugend</t></r><r><t xml:space="preserve"> &amp; Familie</t></r><rPh sb="0" eb="1"><t>ふりがな</t></rPh></si>` +
			`<si><t>Zeile_x000D_Ende _x005F_x0041_</t></si>` +
			`<si/>`,
		sheets: []string{`<sheetData>` +
			`<row r="2"><c r="A2" t="s"><v>0</v></c><c r="C2" t="s"><v>1</v></c><c t="s"><v> 2 </v></c><c t="s"><v>3</v></c></row>` +
			`<row r="5" spans="1:6"><c r="A5" t="inlineStr"><is><t xml:space="preserve">  zwei Leerzeichen </t></is></c>` +
			`<c r="B5" t="inlineStr"><is><r><t>fett</t></r><r><t>&lt;dünn&gt;</t></r></is></c>` +
			`<c r="C5"><v>1.5E-3</v></c><c r="D5" t="n"><v>-12345678901234567890</v></c><c r="E5" t="b"><v>1</v></c>` +
			`<c r="F5" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="G5" t="str"><f>A5&amp;"x"</f><v>a&#228;&#x20AC;</v></c>` +
			`<c r="H5" t="d"><v>2025-03-02T00:00:00</v></c><c r="I5" t="inlineStr"><is><t><![CDATA[<kein Tag> & so]]></t></is></c>` +
			`<c r="J5" t="inlineStr"><is><t>a` + "\r\n" + `b&#13;</t></is></c><c r="K5" s="0"/></row>` +
			`<row r="6"/>` +
			`<row><c><v>7</v></c></row>` +
			`</sheetData>`},
	}
	got, lines := readAll(t, b.bytes(t), "Blatt1")
	if fmt.Sprint(lines) != "[2 5 6 7]" {
		t.Errorf("rows %v", lines)
	}
	for _, w := range []cellWant{
		{"A2", "s", "Kita"}, {"C2", "s", "Jugend & Familie"}, {"D2", "s", "Zeile\rEnde _x0041_"}, {"E2", "s", ""},
		{"A5", "inlineStr", "  zwei Leerzeichen "}, {"B5", "inlineStr", "fett<dünn>"},
		{"C5", "", "1.5E-3"}, {"D5", "n", "-12345678901234567890"}, {"E5", "b", "1"},
		{"F5", "e", "#DIV/0!"}, {"G5", "str", "aä€"}, {"H5", "d", "2025-03-02T00:00:00"},
		{"I5", "inlineStr", "<kein Tag> & so"}, {"J5", "inlineStr", "a\nb\r"}, {"K5", "", ""}, {"A7", "", "7"},
	} {
		c, ok := got[w.ref]
		if !ok || c.Type != w.typ || c.Value != w.value {
			t.Errorf("%s: %+v, want %q %q", w.ref, c, w.typ, w.value)
		}
	}
	if _, ok := got["B2"]; ok {
		t.Error("a gap became a cell")
	}
	if f := got["G5"]; !f.HasFormula || f.Formula != `A5&"x"` {
		t.Errorf("formula %+v", f)
	}
}

// The sheet as an import reads it: rows that the file leaves out, or
// that hold no value, stay as empty rows below the header; numbers with
// a decimal comma, every digit kept; date formats (built-in, custom,
// from the row's or the column's format) as ISO dates in the 1900 date
// system; Excel's day 60, a 29 February 1900 that did not exist, reads
// as the 28th, as the excelize-based reader read it.
func TestReadSheetValues(t *testing.T) {
	b := book{
		styles: `<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="&quot;Stand&quot; 0"/></numFmts>` +
			`<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="4"/></cellXfs>`,
		strings: `<si><t>Gebiet</t></si><si><t>Wert</t></si>`,
		sheets: []string{`<cols><col min="4" max="4" style="2"/></cols><sheetData>` +
			`<row r="1"><c r="A1" t="inlineStr"><is><t>Titel</t></is></c></row>` +
			`<row r="3"><c r="A3" t="s"><v>0</v></c><c r="B3" t="s"><v>1</v></c></row>` +
			`<row r="4"><c r="A4" t="inlineStr"><is><t>a</t></is></c><c r="B4"><v>1.25E+2</v></c><c r="C4" s="1"><v>45000</v></c><c r="D4"><v>45658</v></c><c r="E4" s="3"><v>7</v></c><c r="F4" s="4"><v>0.1</v></c></row>` +
			`<row r="5"><c r="A5" t="inlineStr"><is><t></t></is></c></row>` +
			`<row r="7" s="2" customFormat="1"><c r="A7" t="inlineStr"><is><t>b</t></is></c><c r="B7"><v>60</v></c><c r="C7" s="1"><v>61</v></c><c r="E7" t="b"><v>0</v></c></row>` +
			`</sheetData>`},
	}
	s, err := ReadSheet(bytes.NewReader(b.bytes(t)), 1<<20, "", "gebiet")
	if err != nil {
		t.Fatalf("%v %v", err, quartier.ErrorProblems(err))
	}
	if s.HeaderRow != 3 || fmt.Sprint(s.Header) != "[Gebiet Wert]" {
		t.Fatalf("header %d %q", s.HeaderRow, s.Header)
	}
	var got []string
	for _, r := range s.Rows {
		got = append(got, fmt.Sprintf("%d:%q", r.Line, r.Cells))
	}
	want := []string{
		`4:["a" "125" "2023-03-15" "2025-01-01" "7" "0,1"]`,
		`5:[]`, `6:[]`,
		`7:["b" "1900-02-28" "1900-03-01" "" "FALSCH"]`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A workbook counting days from 1904 (old Mac Excel) gives the dates it
// shows, not dates four years and a day early.
func TestReadSheet1904(t *testing.T) {
	b := book{
		pr:     `<workbookPr date1904="1"/>`,
		styles: `<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs>`,
		sheets: []string{`<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Datum</t></is></c></row>` +
			`<row r="2"><c r="A2" s="1"><v>43538</v></c></row></sheetData>`},
	}
	s, err := ReadSheet(bytes.NewReader(b.bytes(t)), 1<<20, "", "datum")
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Rows[0].Cells[0]; got != "2023-03-15" {
		t.Errorf("1904 date read as %s", got)
	}
}

// The sheet is chosen by name, whatever its place; faults name it.
func TestReadSheetByNameAndFaults(t *testing.T) {
	data := `<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Gebiet</t></is></c><c r="B1" t="inlineStr"><is><t>Wert</t></is></c></row>` +
		`<row r="2"><c r="A2" t="inlineStr"><is><t>a</t></is></c><c r="B2"><f t="shared" ref="B2:B3" si="0">C2*2</f></c></row>` +
		`<row r="3"><c r="A3" t="inlineStr"><is><t>b</t></is></c><c r="B3"><f t="shared" si="0"/></c></row></sheetData>`
	b := book{names: []string{"Notizen", "Werte"}, sheets: []string{`<sheetData/>`, data + `<mergeCells count="1"><mergeCell ref="A5:A6"/></mergeCells>`}}
	_, err := ReadSheet(bytes.NewReader(b.bytes(t)), 1<<20, "werte", "gebiet")
	if msg := quartier.ErrorMessage(err); !strings.Contains(msg, `Blatt "Werte", Zeile 5, Spalte A: verbundene Zellen A5:A6`) {
		t.Errorf("merged: %v", err)
	}
	b.sheets[1] = data
	s, err := ReadSheet(bytes.NewReader(b.bytes(t)), 1<<20, "Werte", "gebiet")
	if err != nil {
		t.Fatal(err)
	}
	if f := s.Rows[0].Faults[1]; !strings.HasPrefix(f, "die Formel =C2*2 hat kein gespeichertes Ergebnis") {
		t.Errorf("first cell of a shared formula: %q", f)
	}
	if f := s.Rows[1].Faults[1]; !strings.HasPrefix(f, "die Formel =C3*2 hat kein gespeichertes Ergebnis") {
		t.Errorf("shared formula: %q", f)
	}
	if _, err := ReadSheet(bytes.NewReader(b.bytes(t)), 1<<20, "", "gebiet"); !strings.Contains(quartier.ErrorMessage(err), `Blatt "Notizen" ist leer.`) {
		t.Errorf("first sheet: %v", err)
	}
}

// Damaged or hostile workbooks are refused with a message, never read
// in part.
func TestReadSheetRefusesDamage(t *testing.T) {
	row := func(body string) []byte {
		return book{sheets: []string{`<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Gebiet</t></is></c></row>` + body}}.bytes(t)
	}
	for _, tc := range []struct {
		name string
		in   []byte
		want string
	}{
		{"rows out of order", row(`<row r="3"><c r="A3"><v>1</v></c></row><row r="2"><c r="A2"><v>1</v></c></row></sheetData>`), "Zeile 2 steht nach Zeile 3"},
		{"columns out of order", row(`<row r="2"><c r="B2"><v>1</v></c><c r="A2"><v>1</v></c></row></sheetData>`), "Zelle A2 steht nach Spalte B"},
		{"bad reference", row(`<row r="2"><c r="2A"><v>1</v></c></row></sheetData>`), `ungültiger Zellbezug "2A"`},
		{"beyond the last column", row(`<row r="2"><c r="XFE2"><v>1</v></c></row></sheetData>`), "hinter der letzten Spalte XFD"},
		{"beyond the last row", row(`<row r="1048577"><c><v>1</v></c></row></sheetData>`), "hinter der letzten Zeile"},
		{"missing shared string", row(`<row r="2"><c r="A2" t="s"><v>7</v></c></row></sheetData>`), "gemeinsame Zeichenkette \"7\""},
		{"cut off", row(`<row r="2"><c r="A2"><v>1</v></c>`), "endet nicht"},
		{"unknown entity", row(`<row r="2"><c r="A2" t="str"><v>&euro;</v></c></row></sheetData>`), "unbekannte Entität"},
		{"doctype", row(`<!DOCTYPE x [<!ENTITY a "b">]><row/></sheetData>`), "nicht erlaubt"},
		{"control character", row(`<row r="2"><c r="A2" t="str"><v>a` + "\x01" + `</v></c></row></sheetData>`), "Steuerzeichen"},
		{"invalid UTF-8", row(`<row r="2"><c r="A2" t="str"><v>a` + "\xff" + `</v></c></row></sheetData>`), "UTF-8"},
		{"not a zip", []byte("PK\x03\x04 kaputt"), "keine lesbare XLSX-Arbeitsmappe"},
		{"encrypted", append([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), make([]byte, 512)...), "keine lesbare XLSX-Arbeitsmappe"},
	} {
		_, err := ReadSheet(bytes.NewReader(tc.in), 1<<20, "", "gebiet")
		msg := quartier.ErrorMessage(err)
		if err != nil {
			msg += " / " + err.Error()
		}
		if err == nil || !strings.Contains(msg, tc.want) {
			t.Errorf("%s: %v", tc.name, msg)
		}
	}
	// The cause of an encrypted file is told.
	_, err := Open(append([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), make([]byte, 512)...), 1<<20)
	if err == nil || !strings.Contains(err.Error(), "verschlüsselt") {
		t.Errorf("encrypted: %v", err)
	}
}

// A workbook whose parts declare more than the limit is refused before
// any part is read, with the size problem and not as damaged.
func TestOpenRefusesTooLarge(t *testing.T) {
	b := book{sheets: []string{`<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>` + strings.Repeat("x", 4000) + `</t></is></c></row></sheetData>`}}.bytes(t)
	if _, err := Open(b, 3000); quartier.ErrorCode(err) != quartier.ETOOLARGE {
		t.Errorf("declared too large: %v", err)
	}
	if _, err := Open(b, 1<<20); err != nil {
		t.Error(err)
	}
}

// Each row wide to the last column costs 16,384 cells when read whole; a
// sheet of many such rows is refused rather than held.
func TestReadSheetBoundsCells(t *testing.T) {
	defer func(n int) { maxSheetCells = n }(maxSheetCells)
	maxSheetCells = 100_000
	var rows strings.Builder
	rows.WriteString(`<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Gebiet</t></is></c></row>`)
	for i := 2; i < 2+maxSheetCells/MaxColumns+2; i++ {
		fmt.Fprintf(&rows, `<row r="%d"><c r="XFD%d"><v>1</v></c></row>`, i, i)
	}
	rows.WriteString(`</sheetData>`)
	_, err := ReadSheet(bytes.NewReader(book{sheets: []string{rows.String()}}.bytes(t)), 8<<20, "", "gebiet")
	if quartier.ErrorCode(err) != quartier.ETOOLARGE {
		t.Errorf("wide rows: %v", err)
	}
}
