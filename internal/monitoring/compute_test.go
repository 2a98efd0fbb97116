package monitoring

import (
	"math"
	"strings"
	"testing"

	"github.com/quartier/quartier"
)

// Compute is the worked example's computation over values handed in; a
// row that does not fit the definition is refused naming the area.
func TestComputeHandedIn(t *testing.T) {
	def := quartier.Index{Code: "test", Name: "Test", Layer: "plr", ReferenceDate: ref,
		Components: []quartier.IndexComponent{{Code: "status", Name: "Status", Restandardise: true, Classes: mssClasses(),
			Terms: []quartier.IndexTerm{{Indicator: "a"}, {Indicator: "b"}}}}}
	def.Defaults()
	dirs := map[string]quartier.Direction{"a": quartier.HigherIsWorse, "b": quartier.HigherIsBetter}
	as := []float64{2, 4, 4, 4, 5, 5, 7, 9}
	bs := []float64{1, 1, 1, 1, 3, 3, 3, 3}
	var in []AreaValues
	for i := range as {
		in = append(in, AreaValues{Code: string(rune('a' + i)), Residents: 1000, HasResidents: true, Raw: [][]float64{{as[i], bs[i]}}})
	}
	res, err := Compute(&def, dirs, in)
	if err != nil {
		t.Fatal(err)
	}
	r2 := math.Sqrt(2)
	index := []float64{-r2 / 2, r2 / 2, r2 / 2, r2 / 2, -r2, -r2, 0, r2}
	for i, r := range res.Rows {
		if !near(r.Components[0].Index, index[i]) {
			t.Errorf("area %s: index %v, want %v", r.Area, r.Components[0].Index, index[i])
		}
	}
	in[3].Raw = [][]float64{{4}}
	if _, err := Compute(&def, dirs, in); err == nil || !strings.Contains(err.Error(), "Gebiet d, Teilindex status: 1 Werte für 2 Indikatoren") {
		t.Errorf("short row: %v", err)
	}
	in[3].Raw = nil
	if _, err := Compute(&def, dirs, in); err == nil || !strings.Contains(err.Error(), "Gebiet d: Werte für 0 Teilindizes") {
		t.Errorf("no row: %v", err)
	}
}
