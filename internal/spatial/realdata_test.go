package spatial

import (
	"context"
	"os"
	"testing"

	"github.com/quartier/quartier"
)

const sharedData = "../../../shared/data/"

func openShared(t *testing.T, rel string) *os.File {
	t.Helper()
	f, err := os.Open(sharedData + rel)
	if err != nil {
		t.Skipf("shared test data missing (%v): real-data test skipped", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// Köln's 2013 districts contain an invalid ring and overlaps: the import
// must refuse them with located errors and write nothing.
func TestImportRejectsKoeln(t *testing.T) {
	a := newApp(t)
	for _, c := range []struct{ file, code, name string }{
		{"koeln_stadtteile_2013.epsg25832.geojson", "STT_NR", "STT_NAME"},
		{"koeln_stadtviertel_2013.epsg25832.geojson", "STV_NR", "STV_NAME"},
	} {
		t.Run(c.file, func(t *testing.T) {
			rep, err := a.ImportAreas(opCtx(), ImportAreasRequest{
				Layer: LayerSpec{Code: "koeln", Kind: quartier.LayerImported}, Input: openShared(t, "koeln-stadtgliederung-2013/"+c.file),
				CodeProperty: c.code, NameProperty: c.name, SourceSRID: quartier.UTM32N,
			})
			if quartier.ErrorCode(err) != quartier.EINVALID || rep == nil {
				t.Fatalf("want rejection, got %v", err)
			}
			located := 0
			for _, p := range rep.Problems {
				if p.Severity == quartier.SeverityError && p.Feature >= 0 && p.Code != "" && p.At != nil {
					located++
				}
			}
			if located == 0 {
				t.Fatalf("no located error: %s", mustJSON(rep.Problems))
			}
			t.Logf("%d problems, %d located errors; first: %s", len(rep.Problems), located, rep.Problems[0])
			if len(a.Locator().Layers()) != 0 {
				t.Fatal("rejected import wrote a layer")
			}
		})
	}
}

// BenchmarkCheckLayerBerlin is the report of the layer page /ebenen/plr on
// Berlin's 542 Planungsräume: validated once per stored version, then
// served from the cache.
func BenchmarkCheckLayerBerlin(b *testing.B) {
	a := newApp(b)
	f, err := os.Open(sharedData + "berlin-lor-2021/lor_planungsraeume_2021.epsg25833.geojson")
	if err != nil {
		b.Skipf("shared test data missing: %v", err)
	}
	defer f.Close()
	if _, err := a.ImportAreas(opCtx(), ImportAreasRequest{Layer: LayerSpec{Code: "plr", Kind: quartier.LayerBlock}, Input: f,
		CodeProperty: "PLR_ID", NameProperty: "PLR_NAME", ReferenceDate: day0}); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.Run("validate", func(b *testing.B) {
		for b.Loop() {
			a.checked = checkCache{}
			if _, err := a.CheckLayer(ctx, "plr"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("cached", func(b *testing.B) {
		for b.Loop() {
			if _, err := a.CheckLayer(ctx, "plr"); err != nil {
				b.Fatal(err)
			}
		}
	})
}
