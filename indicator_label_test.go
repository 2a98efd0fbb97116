package quartier

import "testing"

func TestIndicatorLabelsTellValuesApart(t *testing.T) {
	for name, labels := range map[string][]string{
		"kinds":            {IndicatorCount.Label(), IndicatorShare.Label(), IndicatorMeasure.Label()},
		"directions":       {HigherIsWorse.Label(), HigherIsBetter.Label()},
		"standardisations": {StandardiseZ.Label(), StandardiseMinMax.Label(), StandardiseRank.Label()},
	} {
		seen := map[string]bool{}
		for _, l := range labels {
			if l == "" || seen[l] {
				t.Errorf("%s: label %q empty or repeated in %v", name, l, labels)
			}
			seen[l] = true
		}
	}
	if IndicatorShare.Label() != "Anteil" || Direction("x").Label() != "x" {
		t.Error("labels are not the German names, or an unknown value is not shown as it is")
	}
}
