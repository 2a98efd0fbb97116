package monitoring

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/quartier/quartier"
)

// BenchmarkCompute10000x20 is the figure: an index over 10,000
// areas and 20 indicators (two components of ten), all intermediate
// values kept.
func BenchmarkCompute10000x20(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	def := quartier.Index{Code: "bench", Name: "Bench", Layer: "blk", ReferenceDate: ref, Exclude: quartier.IndexExclusion{MinResidents: 300}}
	dirs := map[string]quartier.Direction{}
	for c := range 2 {
		comp := quartier.IndexComponent{Code: fmt.Sprintf("k%d", c), Name: "K", Restandardise: true, Classes: mssClasses()}
		for t := range 10 {
			code := fmt.Sprintf("i%d_%d", c, t)
			comp.Terms = append(comp.Terms, quartier.IndexTerm{Indicator: code})
			dirs[code] = quartier.HigherIsWorse
		}
		def.Components = append(def.Components, comp)
	}
	def.Defaults()
	areas := make([]areaInput, 10000)
	for i := range areas {
		a := areaInput{code: fmt.Sprintf("%05d", i), residents: rng.IntN(20000), hasResidents: true, raw: make([][]float64, 2)}
		for c := range 2 {
			a.raw[c] = make([]float64, 10)
			for t := range a.raw[c] {
				a.raw[c][t] = rng.Float64() * 40
			}
		}
		areas[i] = a
	}
	for b.Loop() {
		if _, err := compute(&def, dirs, areas); err != nil {
			b.Fatal(err)
		}
	}
}
