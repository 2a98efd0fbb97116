package monitoring

import (
	"strings"
	"testing"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/testcity"
)

// A dynamics term whose earlier date lies on an older Gebietsstand: the
// areas the old borders make up exactly get their change, an area cut by a
// changed border is left out, and says that it is not comparable and why
// (it read "kein Wert: alo_b", as if the data were missing).
func TestIndexChangeAcrossChangedBorders(t *testing.T) {
	c := newCity(t)
	day0, later := testcity.Day0, testcity.Day0.AddDate(0, 6, 0)
	compose(t, c, day0, map[string][]string{"a": {"r0c0"}, "b": {"r1c0"}, "c": {"r2c0", "r2c1"}, "d": {"r0c1", "r1c1", "r0c2", "r1c2", "r2c2"}})
	compose(t, c, later, map[string][]string{"a": {"r0c0"}, "bc": {"r1c0", "r2c0", "r2c1"}, "d1": {"r0c1", "r1c1"}, "d2": {"r0c2", "r1c2", "r2c2"}})
	for _, imp := range []struct{ table, date, layerDate string }{
		{"bezirk;kinder;alo;ew\na;10;4;100\nb;20;10;200\nc;33;30;150\nd;9;6;250\n", "2019-12-31", "2024-01-01"},
		{"bezirk;kinder;alo;ew\na;12;6;100\nbc;50;45;360\nd1;4;2;100\nd2;8;5;150\n", "2020-12-31", ""},
	} {
		if _, err := c.mon.ImportIndicators(testcity.Operator(), strings.NewReader(imp.table), bezirkMapping(imp.date, imp.layerDate)); err != nil {
			t.Fatalf("%v %v", err, quartier.ErrorProblems(err))
		}
	}
	from := d2019
	def := quartier.Index{Code: "dyn", Name: "Dynamik", Layer: "bezirk", ReferenceDate: d2020,
		Components: []quartier.IndexComponent{{Code: "dynamik", Name: "Dynamik", Terms: []quartier.IndexTerm{{Indicator: "alo_b", ChangeFrom: &from}},
			Classes: quartier.IndexClasses{Bounds: []float64{0}, Labels: []string{"besser", "schlechter"}}}}}
	if err := c.mon.SaveIndex(testcity.Operator(), def); err != nil {
		t.Fatal(err)
	}
	res, err := c.mon.ComputeIndex(testcity.Role(quartier.RolePlanner), "dyn", "")
	if err != nil {
		t.Fatal(err)
	}
	// a: 6 − 4 = +2 points; bc: 45/360 − 40/350, in points.
	want := map[string]float64{"a": 2, "bc": (45.0/360 - 40.0/350) * 100}
	for _, r := range res.Rows {
		if w, ok := want[r.Area]; ok {
			if r.Excluded != "" || !near(r.Components[0].Raw[0], w) {
				t.Errorf("%s: change %v, excluded %q; want %v", r.Area, r.Components[0].Raw[0], r.Excluded, w)
			}
			continue
		}
		if !strings.HasPrefix(r.Excluded, "nicht vergleichbar: alo_b (") || !strings.Contains(r.Excluded, "Gebiet d ") {
			t.Errorf("%s: excluded %q, want not comparable with the reason", r.Area, r.Excluded)
		}
	}
}
