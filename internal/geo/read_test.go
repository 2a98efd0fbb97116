package geo

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/quartier/quartier"
)

func read(t *testing.T, src string, opt ReadOptions) ([]Feature, []quartier.Problem) {
	t.Helper()
	if opt.CodeProperty == "" {
		opt.CodeProperty = "code"
	}
	feats, ps, err := Read(strings.NewReader(src), opt)
	if err != nil {
		t.Fatal(err)
	}
	return feats, ps
}

const sq = `[[13.40,52.50],[13.41,52.50],[13.41,52.51],[13.40,52.51],[13.40,52.50]]`

func fc(features ...string) string {
	return `{"type":"FeatureCollection","features":[` + strings.Join(features, ",") + `]}`
}

func ft(props, geom string) string {
	return `{"type":"Feature","properties":` + props + `,"geometry":` + geom + `}`
}

func TestReadProblems(t *testing.T) {
	for _, c := range []struct {
		name, src, kind string
		feature         int
		opt             ReadOptions
	}{
		{"syntax", `{"type":"FeatureCollection","features":[{"type":"Feature",,}]}`, quartier.ProblemSyntax, 0, ReadOptions{}},
		{"truncated", `{"type":"FeatureCollection","features":[`, quartier.ProblemSyntax, 0, ReadOptions{}},
		{"not a collection", `{"type":"Feature"}`, quartier.ProblemSyntax, 0, ReadOptions{}},
		{"point", fc(ft(`{"code":"a"}`, `{"type":"Point","coordinates":[13.4,52.5]}`)), quartier.ProblemGeometryType, 0, ReadOptions{}},
		{"null geometry", fc(ft(`{"code":"a"}`, `null`)), quartier.ProblemGeometryType, 0, ReadOptions{}},
		{"missing code", fc(ft(`{"code":"a"}`, `{"type":"Polygon","coordinates":[`+sq+`]}`), ft(`{"name":"b"}`, `{"type":"Polygon","coordinates":[`+sq+`]}`)), quartier.ProblemMissingCode, 1, ReadOptions{}},
		{"unclosed", fc(ft(`{"code":"a"}`, `{"type":"Polygon","coordinates":[[[13.40,52.50],[13.41,52.50],[13.41,52.51],[13.40,52.51]]]}`)), quartier.ProblemUnclosedRing, 0, ReadOptions{}},
		{"short", fc(ft(`{"code":"a"}`, `{"type":"Polygon","coordinates":[[[13.40,52.50],[13.41,52.50],[13.40,52.50]]]}`)), quartier.ProblemShortRing, 0, ReadOptions{}},
		{"strings as coordinates", fc(ft(`{"code":"a"}`, `{"type":"Polygon","coordinates":[[["x","y"]]]}`)), quartier.ProblemSyntax, 0, ReadOptions{}},
		{"unknown crs", `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:31468"}},"features":[` + ft(`{"code":"a"}`, `{"type":"Polygon","coordinates":[`+sq+`]}`) + `]}`, quartier.ProblemCRS, -1, ReadOptions{}},
		{"wrong crs given", fc(ft(`{"code":"a"}`, `{"type":"Polygon","coordinates":[`+sq+`]}`)), quartier.ProblemOutOfRange, 0, ReadOptions{SourceSRID: quartier.UTM33N}},
		{"too large", fc(ft(`{"code":"a"}`, `{"type":"Polygon","coordinates":[`+sq+`]}`)), quartier.ProblemTooLarge, -1, ReadOptions{Limits: Limits{Bytes: 50}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, ps := read(t, c.src, c.opt)
			for _, p := range ps {
				if p.Kind == c.kind && p.Severity == quartier.SeverityError {
					if p.Feature != c.feature {
						t.Errorf("feature %d, want %d: %s", p.Feature, c.feature, p)
					}
					if p.Message == "" {
						t.Error("no message")
					}
					return
				}
			}
			t.Fatalf("want %s, got %v", c.kind, ps)
		})
	}
}

func TestReadSyntaxLocated(t *testing.T) {
	_, ps := read(t, "{\"type\":\"FeatureCollection\",\n\"features\":[\n{\"type\":\"Feature\" \"x\"}]}", ReadOptions{})
	if len(ps) != 1 || !strings.Contains(ps[0].Message, "Zeile 3") {
		t.Fatalf("syntax error not located by line: %v", ps)
	}
}

func TestReadCRSAndRepair(t *testing.T) {
	for _, name := range []string{"urn:ogc:def:crs:EPSG::25833", "EPSG:25833", "urn:ogc:def:crs:EPSG:6.9:25833"} {
		src := `{"type":"FeatureCollection","features":[` + ft(`{"code":"a","name":"A","extra":7}`, `{"type":"MultiPolygon","coordinates":[[[[390000,5820000],[391000,5820000],[391000,5821000],[390000,5820000]]]]}`) +
			`],"crs":{"type":"name","properties":{"name":"` + name + `"}}}`
		feats, ps := read(t, src, ReadOptions{NameProperty: "name", TargetSRID: quartier.UTM33N})
		if len(ps) != 0 || len(feats) != 1 || feats[0].Geometry[0][0][0][0] != 390000 || feats[0].Name != "A" || feats[0].Properties["extra"] != "7" {
			t.Fatalf("%s (crs after features): %v %+v", name, ps, feats)
		}
	}
	// WGS84 by default, moved into the target CRS.
	feats, _ := read(t, fc(ft(`{"code":"a"}`, `{"type":"Polygon","coordinates":[`+sq+`]}`)), ReadOptions{TargetSRID: quartier.UTM33N})
	if x := feats[0].Geometry[0][0][0][0]; x < 390000 || x > 400000 {
		t.Fatalf("not transformed: %v", feats[0].Geometry)
	}
	// Repair closes an unclosed ring and says so.
	feats, ps := read(t, fc(ft(`{"code":"a"}`, `{"type":"Polygon","coordinates":[[[13.40,52.50],[13.41,52.50],[13.41,52.51],[13.40,52.51]]]}`)), ReadOptions{Repair: true})
	if len(feats) != 1 || len(ps) != 1 || ps[0].Severity != quartier.SeverityRepaired || len(feats[0].Geometry[0][0]) != 5 {
		t.Fatalf("repair: %v %v", ps, feats)
	}
}

func TestReadBerlinStreams(t *testing.T) {
	f, err := os.Open(sharedData + "berlin-lor-2021/lor_planungsraeume_2021.epsg25833.geojson")
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	calls := 0
	feats, ps, err := Read(f, ReadOptions{CodeProperty: "PLR_ID", NameProperty: "PLR_NAME", TargetSRID: quartier.UTM33N, Progress: func(int, int64) { calls++ }})
	if err != nil || len(ps) != 0 || len(feats) != 542 || calls != 542 {
		t.Fatalf("%d features, %d progress calls, %v %v", len(feats), calls, ps, err)
	}
	if feats[0].Code != "11501341" || feats[0].Name != "Karlshorst Süd" {
		t.Fatalf("first: %s %s", feats[0].Code, feats[0].Name)
	}
}

// FuzzRead: no input makes Read panic, and whatever it accepts is a
// non-empty geometry of closed rings.
func FuzzRead(f *testing.F) {
	f.Add([]byte(fc(ft(`{"code":"a"}`, `{"type":"Polygon","coordinates":[`+sq+`]}`))))
	f.Add([]byte(`{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:25833"}},"features":[]}`))
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":1},"geometry":{"type":"MultiPolygon","coordinates":[[[[1,2],[3,4]]]]}}]}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`{"features":[null,{}]}`))
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"a\ud83d\ude00\u00e4","x":[1,{"y":null}]},"geometry":{"coordinates":[[[1,2],[3,4],[5,6],[1,2]]],"type":"Polygon"}}]}`))
	f.Add([]byte("{\"type\":\"FeatureCollection\",\n\"features\":[{\"type\":\"Feature\",\"properties\":{\"code\":-0.5e+3},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[1,2,3],[3,4],[5,1e400],[1,2]]]}}]}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		feats, ps, err := Read(bytes.NewReader(data), ReadOptions{CodeProperty: "code", TargetSRID: quartier.UTM33N, Limits: Limits{Bytes: 1 << 20}})
		if err != nil {
			t.Fatalf("I/O error from a byte slice: %v", err)
		}
		// The scanner agrees with encoding/json on what is JSON (the
		// first value; trailing bytes are not read): valid text gets no
		// syntax error, and invalid text is never accepted silently.
		var v any
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		valid := dec.Decode(&v) == nil
		for _, p := range ps {
			if valid && strings.HasPrefix(p.Message, "Kein gültiges JSON") {
				t.Fatalf("valid JSON refused: %s", p.Message)
			}
		}
		if !valid && len(data) <= 1<<20 && !quartier.HasErrors(ps) {
			t.Fatalf("invalid JSON accepted: %d features, %v", len(feats), ps)
		}
		for _, ft := range feats {
			if len(ft.Geometry) == 0 || ft.Code == "" {
				t.Fatalf("accepted empty feature %+v", ft)
			}
			for _, poly := range ft.Geometry {
				for _, r := range poly {
					if len(r) < 4 || r[0] != r[len(r)-1] {
						t.Fatalf("accepted bad ring %v", r)
					}
				}
			}
		}
	})
}

func BenchmarkReadBerlin(b *testing.B) {
	data, err := os.ReadFile(sharedData + "berlin-lor-2021/lor_planungsraeume_2021.epsg25833.geojson")
	if err != nil {
		b.Skip(err)
	}
	for b.Loop() {
		Read(bytes.NewReader(data), ReadOptions{CodeProperty: "PLR_ID", TargetSRID: quartier.UTM33N})
	}
}
