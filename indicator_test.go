package quartier

import (
	"strings"
	"testing"
	"time"
)

func TestIndicatorFault(t *testing.T) {
	share := Indicator{Code: "s1", Name: "Anteil", Kind: IndicatorShare, Layer: "plr"}
	share.Defaults()
	count := Indicator{Code: "n", Name: "Anzahl", Kind: IndicatorCount, Layer: "plr"}
	count.Defaults()
	measure := Indicator{Code: "d1", Name: "Veränderung", Kind: IndicatorMeasure, Layer: "plr"}
	measure.Defaults()
	for _, ind := range []Indicator{share, count, measure} {
		if err := ind.Validate(); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		ind  Indicator
		v    IndicatorValue
		part string
		want float64
	}{
		{share, IndicatorValue{Value: 0}, "", 0},
		{share, IndicatorValue{Value: 100}, "", 100},
		{share, IndicatorValue{Value: 100.0001}, PartValue, 0},
		{share, IndicatorValue{Value: -0.1}, PartValue, 0},
		{share, IndicatorValue{FromCounts: true, Numerator: 1, Denominator: 8}, "", 12.5},
		{share, IndicatorValue{FromCounts: true, Numerator: 0, Denominator: 0}, PartDenominator, 0},
		{share, IndicatorValue{FromCounts: true, Numerator: 9, Denominator: 8}, PartNumerator, 0},
		{share, IndicatorValue{FromCounts: true, Numerator: -1, Denominator: 8}, PartNumerator, 0},
		{share, IndicatorValue{FromCounts: true, Numerator: 1, Denominator: -8}, PartDenominator, 0},
		{count, IndicatorValue{Value: -1}, PartValue, 0},
		{count, IndicatorValue{Value: 1675}, "", 1675},
		{count, IndicatorValue{FromCounts: true, Numerator: 1, Denominator: 2}, PartNumerator, 0},
		{measure, IndicatorValue{Value: -4.86842}, "", -4.86842},
	}
	for i, c := range cases {
		part, msg := c.ind.Fault(&c.v)
		if part != c.part || (part == "") != (msg == "") {
			t.Errorf("case %d: part %q (%s), want %q", i, part, msg, c.part)
		}
		if part == "" && c.v.Value != c.want {
			t.Errorf("case %d: value %v, want %v", i, c.v.Value, c.want)
		}
	}
}

func TestIndexClasses(t *testing.T) {
	c := IndexClasses{Bounds: []float64{-1, 1, 1.5}, Labels: []string{"hoch", "mittel", "niedrig", "sehr niedrig"}}
	for x, want := range map[float64]string{-3: "hoch", -1.0000001: "hoch", -1: "mittel", 0: "mittel", 1: "niedrig", 1.49: "niedrig", 1.5: "sehr niedrig", 9: "sehr niedrig"} {
		if got := c.Class(x); got != want {
			t.Errorf("Class(%v) = %s, want %s", x, got, want)
		}
	}
	c.UpperInclusive = true
	for x, want := range map[float64]string{-1: "hoch", 1: "mittel", 1.5: "niedrig", 1.5000001: "sehr niedrig"} {
		if got := c.Class(x); got != want {
			t.Errorf("upper inclusive: Class(%v) = %s, want %s", x, got, want)
		}
	}
}

func TestIndexValidate(t *testing.T) {
	ref := time.Date(2020, 12, 31, 0, 0, 0, 0, time.UTC)
	later := ref.AddDate(1, 0, 0)
	valid := func() Index {
		x := Index{Code: "mss", Name: "MSS", Layer: "plr", ReferenceDate: ref, Components: []IndexComponent{{Code: "status", Name: "Status",
			Terms:   []IndexTerm{{Indicator: "s1"}},
			Classes: IndexClasses{Bounds: []float64{-1, 1}, Labels: []string{"a", "b", "c"}}}}}
		x.Defaults()
		return x
	}
	x := valid()
	if err := x.Validate(); err != nil {
		t.Fatal(err)
	}
	if x.Components[0].Terms[0].Weight != 1 || x.Components[0].Standardisation != StandardiseZ || x.Exclude.Missing != MissingExclude {
		t.Errorf("defaults: %+v", x)
	}
	for want, breakIt := range map[string]func(*Index){
		"Bezeichnungen": func(x *Index) { x.Components[0].Classes.Labels = []string{"a", "b"} },
		"aufsteigen":    func(x *Index) { x.Components[0].Classes.Bounds = []float64{1, -1} },
		"doppelt": func(x *Index) {
			x.Components[0].Terms = append(x.Components[0].Terms, IndexTerm{Indicator: "s1", Weight: 2})
		},
		"Standardisier":    func(x *Index) { x.Components[0].Standardisation = "median" },
		"vor dem Stichtag": func(x *Index) { x.Components[0].Terms[0].ChangeFrom = &later },
		"Stichtag fehlt":   func(x *Index) { x.ReferenceDate = time.Time{} },
		"keinen Teilindex": func(x *Index) { x.Components = nil },
		"fehlende Werte":   func(x *Index) { x.Exclude.Missing = "zero" },
	} {
		x := valid()
		breakIt(&x)
		if err := x.Validate(); err == nil || !strings.Contains(ErrorMessage(err), want) {
			t.Errorf("%s: %v", want, err)
		}
	}
}
