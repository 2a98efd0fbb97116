package spatial

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/testcity"
)

// formulaCells returns the cells of a ';' CSV that a spreadsheet would run.
func formulaCells(t *testing.T, b []byte) []string {
	t.Helper()
	bad, err := testcity.FormulaCells(b)
	if err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	return bad
}

// TestEveryCSVIsInert: the block table of a layer, the answer of a bulk
// lookup neutralise (the planning table: atlas) formulas like the audit export
// (area names come from whoever imported the layer, bulk rows from the
// caller's file), and leave plain numbers alone.
func TestEveryCSVIsInert(t *testing.T) {
	a := newApp(t)
	importGrid(t, a, 0, day0)
	ms := columnMembers()
	for i := range ms {
		if ms[i].Area == "ost" {
			ms[i].AreaName = `=HYPERLINK("https://evil.example";"Ost")`
		}
	}
	if _, err := a.ComposeLayer(opCtx(), ComposeRequest{Layer: LayerSpec{Code: "spalte", Name: "Spalten", Space: true}, Members: ms, ReferenceDate: day0}); err != nil {
		t.Fatal(err)
	}
	outputs := map[string]func(io.Writer) error{
		"block table": func(w io.Writer) error { return a.ExportBlockTable(context.Background(), "spalte", w) },
		"bulk lookup": func(w io.Writer) error {
			x, y := cellCenter(2, 0)
			_, err := a.BulkLookup(context.Background(), strings.NewReader("id;x;y\n@SUM(1+1);"+ftoa(x)+";"+ftoa(y)+"\n-3;-1;-2\n"), w, quartier.UTM33N, nil)
			return err
		},
	}
	for name, write := range outputs {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if bad := formulaCells(t, b.Bytes()); len(bad) > 0 {
			t.Errorf("%s: cells start like a formula: %q", name, bad)
		}
		if name == "bulk lookup" && !strings.Contains(b.String(), "\n-3;-1;-2;") {
			t.Errorf("bulk lookup: plain numbers changed:\n%s", b.String())
		}
	}
}
