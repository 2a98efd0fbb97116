package budget_test

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"strings"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/budget"
	"github.com/xuri/excelize/v2"
)

// rawSheet is a workbook with one sheet whose <sheetData> is rows, as
// programs other than Excel write them.
func rawSheet(t *testing.T, rows string) []byte {
	t.Helper()
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for name, body := range map[string]string{
		"_rels/.rels":                `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml":            `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Buchungen" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml":   `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + rows + `</sheetData></worksheet>`,
	} {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const rawHeader = `<row r="1"><c r="A1" t="inlineStr"><is><t>Buchungs-ID</t></is></c><c r="B1" t="inlineStr"><is><t>Datum</t></is></c><c r="C1" t="inlineStr"><is><t>Betrag</t></is></c>` +
	`<c r="D1" t="inlineStr"><is><t>Kostenstelle</t></is></c><c r="E1" t="inlineStr"><is><t>Kostenträger</t></is></c></row>`

// A sheet read by the streaming reader: rows skipping numbers keep their
// numbers in messages, cells without r follow their left neighbour, a
// value right of the header's columns makes its row count (and fail)
// rather than vanish, and the header is the first row even when the
// sheet leaves that row out.
func TestReadFinanceSheetRows(t *testing.T) {
	_, err := budget.ReadFinance(bytes.NewReader(rawSheet(t, rawHeader+
		`<row r="4"><c r="A4" t="inlineStr"><is><t>X-4</t></is></c><c><v>45691</v></c><c><v>12.5</v></c><c t="inlineStr"><is><t>4711</t></is></c><c><v>36310</v></c></row>`+
		`<row r="9"><c r="C9"><v>1</v></c><c r="E9"><v>36310</v></c></row>`+
		`<row r="12"><c r="H12" t="inlineStr"><is><t>Notiz</t></is></c></row>`)))
	msg := quartier.ErrorMessage(err)
	for _, p := range quartier.ErrorProblems(err) {
		msg += "\n" + p.Message
	}
	for _, want := range []string{"Zeile 9, Spalte Buchungs-ID: die Buchungs-ID fehlt.", "Zeile 9, Spalte Datum: das Datum fehlt.", "Zeile 12, Spalte Buchungs-ID: die Buchungs-ID fehlt."} {
		if !strings.Contains(msg, want) {
			t.Errorf("lacks %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "Zeile 4") {
		t.Errorf("row 4 refused:\n%s", msg)
	}
	rows, err := budget.ReadFinance(bytes.NewReader(rawSheet(t, rawHeader+
		`<row r="4"><c r="A4" t="inlineStr"><is><t>X-4</t></is></c><c><v>45691</v></c><c><v>12.5</v></c><c t="inlineStr"><is><t>4711</t></is></c><c><v>36310</v></c></row>`)))
	if err != nil || len(rows) != 1 || rows[0].Row != 4 || !rows[0].On.Equal(time.Date(2025, 2, 3, 0, 0, 0, 0, time.UTC)) || rows[0].Amount != 1250 || rows[0].CostUnit != "36310" {
		t.Errorf("%+v %v", rows, err)
	}
	_, err = budget.ReadFinance(bytes.NewReader(rawSheet(t, strings.ReplaceAll(rawHeader, `r="1"`, `r="2"`))))
	if !strings.Contains(quartier.ErrorMessage(err), "Der Buchungsexport hat keine Spalte Buchungs-ID, Datum, Betrag, Kostenstelle, Kostenträger (Kopfzeile: ;") {
		t.Errorf("header in row 2: %v", err)
	}
}

// A damaged sheet is refused with its place, not read in part.
func TestReadFinanceSheetDamaged(t *testing.T) {
	_, err := budget.ReadFinance(bytes.NewReader(rawSheet(t, rawHeader+`<row r="3"><c r="A3"><v>1</v></c></row><row r="2"><c r="A2"><v>1</v></c></row>`)))
	if msg := quartier.ErrorMessage(err); !strings.Contains(msg, `Tabellenblatt "Buchungen", Zeile 3 ist nicht lesbar (die Zeile 2 steht nach Zeile 3).`) {
		t.Errorf("rows out of order: %v", err)
	}
	_, err = budget.ReadFinance(bytes.NewReader(rawSheet(t, rawHeader+`<row r="2"><c r="A2" t="s"><v>0</v></c></row>`)))
	if msg := quartier.ErrorMessage(err); !strings.Contains(msg, `Zeile 2 ist nicht lesbar (die Zelle A2 verweist auf die gemeinsame Zeichenkette "0", die es nicht gibt)`) {
		t.Errorf("missing shared string: %v", err)
	}
	// A workbook whose entries declare more than four times the largest
	// export is refused as too large before anything is unpacked.
	b := rawSheet(t, rawHeader)
	for off := 0; off+28 < len(b); off++ {
		if bytes.Equal(b[off:off+4], []byte("PK\x01\x02")) {
			binary.LittleEndian.PutUint32(b[off+24:], 0xFFFFFFF0)
		}
	}
	if _, err := budget.ReadFinance(bytes.NewReader(b)); quartier.ErrorCode(err) != quartier.ETOOLARGE {
		t.Errorf("inflated sizes: %v", err)
	}
}

// A workbook counting days from 1904 gives the dates it shows.
func TestReadFinanceSheet1904(t *testing.T) {
	f := excelize.NewFile()
	yes := true
	if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
		t.Fatal(err)
	}
	for i, r := range [][]any{{"Buchungs-ID", "Datum", "Betrag", "Kostenstelle", "Kostenträger"}, {"X-1", 44229, 10, 4711, 36310}} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	rows, err := budget.ReadFinance(&buf)
	if err != nil || len(rows) != 1 || !rows[0].On.Equal(time.Date(2025, 2, 3, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("%+v %v", rows, err)
	}
}
