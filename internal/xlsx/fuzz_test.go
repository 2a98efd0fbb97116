package xlsx

import (
	"bytes"
	"testing"
	"unicode/utf8"

	"github.com/quartier/quartier"
)

// FuzzRows: whatever the bytes, the reader gives rows in order with
// cells in order and whole UTF-8 text, or an error with a message; it
// never panics, and stops reading at its limit.
func FuzzRows(f *testing.F) {
	for seed := range uint64(8) {
		f.Add(randomBook(f, seed))
	}
	f.Add(book{
		store:   true,
		strings: `<si><r><t>a</t></r><r><t xml:space="preserve"> b</t></r><rPh><t>x</t></rPh></si><si><t>_x000D_&amp;</t></si>`,
		styles:  `<numFmts><numFmt numFmtId="164" formatCode="dd.mm.yyyy"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs>`,
		pr:      `<workbookPr date1904="1"/>`,
		sheets: []string{`<cols><col min="2" max="2" style="1"/></cols><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row>` +
			`<row r="3"><c t="inlineStr"><is><t><![CDATA[x<y]]></t></is></c><c><v>1.5E3</v></c><c t="b"><v>1</v></c><c t="e"><v>#NV</v></c>` +
			`<c><f t="shared" ref="E3:E4" si="0">A3+1</f></c></row><row><c r="E4"><f t="shared" si="0"/></c></row></sheetData>` +
			`<mergeCells><mergeCell ref="A5:B6"/></mergeCells>`},
	}.bytes(f))
	f.Add(book{store: true, sheets: []string{`<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="B1" t="str"><f>SUM(A1:B$2)</f><v>1</v></c></row></sheetData>`}}.bytes(f))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, in []byte) {
		w, err := Open(in, 4<<20)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an error without a message")
			}
			return
		}
		for _, name := range w.Sheets() {
			rows, err := w.Rows(name)
			if err != nil {
				continue
			}
			last := 0
			for rows.Next() {
				if rows.Row() <= last || rows.Row() > MaxRows {
					t.Fatalf("row %d after %d", rows.Row(), last)
				}
				last = rows.Row()
				col := -1
				for _, c := range rows.Cells() {
					if c.Col <= col || c.Col >= MaxColumns {
						t.Fatalf("row %d: column %d after %d", last, c.Col, col)
					}
					col = c.Col
					if !utf8.ValidString(c.Value) || !utf8.ValidString(c.Formula) {
						t.Fatalf("row %d: text not whole %q", last, c.Value)
					}
					if _, err := w.IsDate(rows.Style(c)); err != nil {
						break
					}
				}
			}
			rows.Close()
		}
		// Past the limit by at most the one read that crossed it.
		if w.left < -(64 << 10) {
			t.Fatalf("read %d bytes beyond the limit", -w.left)
		}
		s, err := ReadSheet(bytes.NewReader(in), 4<<20, "", "a")
		if err != nil {
			if quartier.ErrorMessage(err) == "" {
				t.Fatalf("refused without a message: %v", err)
			}
			return
		}
		line := s.HeaderRow
		for _, r := range s.Rows {
			if r.Line != line+1 {
				t.Fatalf("row %d after %d", r.Line, line)
			}
			line = r.Line
			for _, c := range r.Cells {
				if !utf8.ValidString(c) {
					t.Fatalf("row %d: text not whole %q", r.Line, c)
				}
			}
		}
	})
}
