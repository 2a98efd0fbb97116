package geo

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/quartier/quartier"
)

func readShared(t testing.TB, rel string, opt ReadOptions) ([]Feature, []quartier.Problem) {
	t.Helper()
	f, err := os.Open(sharedData + rel)
	if err != nil {
		t.Skipf("shared data missing (%v): real-data test skipped", err)
	}
	defer f.Close()
	feats, ps, err := Read(f, opt)
	if err != nil {
		t.Fatal(err)
	}
	return feats, ps
}

func errorKinds(ps []quartier.Problem) map[string]int {
	m := map[string]int{}
	for _, p := range ps {
		if p.Severity == quartier.SeverityError {
			m[p.Kind]++
		}
	}
	return m
}

func TestValidateBerlinClean(t *testing.T) {
	feats, ps := readShared(t, "berlin-lor-2021/lor_planungsraeume_2021.epsg25833.geojson", ReadOptions{CodeProperty: "PLR_ID", NameProperty: "PLR_NAME", TargetSRID: quartier.UTM33N})
	if len(feats) != 542 || len(ps) != 0 {
		t.Fatalf("read: %d features, problems %v", len(feats), ps)
	}
	start := time.Now()
	_, ps = Validate(feats, ValidateOptions{GapsAreErrors: true})
	t.Logf("validate Berlin: %s, %d findings", time.Since(start), len(ps))
	if quartier.HasErrors(ps) {
		t.Fatalf("Berlin blocks rejected: %v", ps)
	}
}

// Köln 2013 (SOURCE.md: an invalid ring and overlaps) must be rejected with
// located errors, and --repair must say what it changed.
func TestValidateKoeln(t *testing.T) {
	for _, c := range []struct{ file, code string }{
		{"koeln-stadtgliederung-2013/koeln_stadtteile_2013.epsg25832.geojson", "STT_NR"},
		{"koeln-stadtgliederung-2013/koeln_stadtviertel_2013.epsg25832.geojson", "STV_NR"},
	} {
		t.Run(c.code, func(t *testing.T) {
			opt := ReadOptions{CodeProperty: c.code, TargetSRID: quartier.UTM32N}
			feats, ps := readShared(t, c.file, opt)
			if quartier.HasErrors(ps) {
				t.Fatalf("read: %v", ps)
			}
			_, ps = Validate(feats, ValidateOptions{})
			if !quartier.HasErrors(ps) {
				t.Fatal("Köln accepted")
			}
			for _, p := range ps {
				t.Logf("%s", p)
				if p.Severity == quartier.SeverityError && (p.At == nil || (p.Feature < 0 && p.Kind != quartier.ProblemGap)) {
					t.Errorf("error not located: %+v", p)
				}
			}
			feats, _ = readShared(t, c.file, opt)
			_, rps := Validate(feats, ValidateOptions{Repair: true})
			repaired := 0
			for _, p := range rps {
				if p.Severity == quartier.SeverityRepaired {
					repaired++
					if !strings.Contains(p.Message, "m²") {
						t.Errorf("repair does not say what changed: %s", p)
					}
				}
				if p.Severity == quartier.SeverityError {
					t.Logf("after repair: %s", p)
				}
			}
			if repaired == 0 {
				t.Errorf("repair changed nothing: %v", rps)
			}
		})
	}
}

func feat(i int, code string, mp orb.MultiPolygon) Feature {
	return Feature{Index: i, Code: code, Geometry: mp}
}

func TestValidateFixtures(t *testing.T) {
	bowtie := orb.MultiPolygon{{{{0, 0}, {10, 10}, {10, 0}, {0, 10}, {0, 0}}}}
	holeOut := orb.MultiPolygon{{{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}, {{20, 20}, {22, 20}, {22, 22}, {20, 22}, {20, 20}}}}
	for _, c := range []struct {
		name  string
		feats []Feature
		opt   ValidateOptions
		want  string
		at    orb.Point
	}{
		{"self-intersection located at the crossing", []Feature{feat(0, "a", bowtie)}, ValidateOptions{}, quartier.ProblemSelfIntersect, orb.Point{5, 5}},
		{"hole outside", []Feature{feat(0, "a", holeOut)}, ValidateOptions{}, quartier.ProblemHoleOutside, orb.Point{20, 20}},
		{"duplicate code", []Feature{feat(0, "a", square(0, 0, 1, 1)), feat(1, "a", square(1, 0, 2, 1))}, ValidateOptions{}, quartier.ProblemDuplicateCode, orb.Point{}},
		{"overlap", []Feature{feat(0, "a", square(0, 0, 10, 10)), feat(1, "b", square(8, 0, 20, 10))}, ValidateOptions{}, quartier.ProblemOverlap, orb.Point{}},
		{"gap as error", []Feature{feat(0, "a", orb.MultiPolygon{{{{0, 0}, {30, 0}, {30, 30}, {0, 30}, {0, 0}}, {{10, 10}, {10, 20}, {20, 20}, {20, 10}, {10, 10}}}})}, ValidateOptions{GapsAreErrors: true}, quartier.ProblemGap, orb.Point{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, ps := Validate(c.feats, c.opt)
			k := errorKinds(ps)
			if k[c.want] == 0 {
				t.Fatalf("want %s, got %v", c.want, ps)
			}
			for _, p := range ps {
				if p.Kind == c.want && c.at != (orb.Point{}) && (p.At == nil || orb.Point(*p.At) != c.at) {
					t.Errorf("located at %v, want %v", p.At, c.at)
				}
				if p.Kind == quartier.ProblemOverlap && (p.AreaM2 != 20 || p.Code != "b" || p.Other != "a") {
					t.Errorf("overlap: %+v", p)
				}
			}
		})
	}
	// Repairs: the bowtie becomes two triangles; the overlap leaves b.
	feats, ps := Validate([]Feature{feat(0, "a", bowtie)}, ValidateOptions{Repair: true})
	if quartier.HasErrors(ps) || len(feats[0].Geometry) != 2 || Area(feats[0].Geometry) != 50 {
		t.Fatalf("bowtie repair: %v %v", ps, feats[0].Geometry)
	}
	feats, ps = Validate([]Feature{feat(0, "a", square(0, 0, 10, 10)), feat(1, "b", square(8, 0, 20, 10))}, ValidateOptions{Repair: true})
	if quartier.HasErrors(ps) || Area(feats[1].Geometry) != 100 || Area(feats[0].Geometry) != 100 {
		t.Fatalf("overlap repair: %v a=%v b=%v", ps, Area(feats[0].Geometry), Area(feats[1].Geometry))
	}
}
