package demo

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/monitoring"
	"github.com/quartier/quartier/internal/services"
)

// The MSS 2021 index on the 542 Planungsräume, checked against a second
// computation written out here from the method's description, straight
// from the shipped file: same exclusions, z-values with the sample SD,
// equal weights, the sum standardised again, classes by SD.
func TestDemoMSSIndex(t *testing.T) {
	ctx := quartier.WithActor(context.Background(), quartier.Operator())
	a := emptyApp(t)
	t.Cleanup(func() { a.Close() })
	if err := loadLayers(ctx, a, nil); err != nil {
		t.Fatal(err)
	}
	if err := loadPopulation(ctx, a); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := loadMonitoring(ctx, a); err != nil {
		t.Fatalf("%v %v", err, quartier.ErrorProblems(err))
	}
	t.Logf("MSS indicators and index loaded in %s", time.Since(start))
	res, err := a.Monitoring.ComputeIndex(ctx, IndexMSS, LayerBlocks)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 542 || res.Considered != 536 {
		t.Fatalf("%d rows, %d considered; want 542 and 536", len(res.Rows), res.Considered)
	}
	reasons := map[string]string{}
	for _, r := range res.Rows {
		if r.Excluded != "" {
			reasons[r.Area] = r.Excluded
		}
	}
	want := map[string]string{"03300515": "weniger als 300 Einwohner", "03400831": "keine Einwohnerzahl", "04400725": "weniger als 300 Einwohner",
		"05300838": "weniger als 300 Einwohner", "06200418": "weniger als 300 Einwohner", "10100205": "Ausreißer (im MSS aus der Indexberechnung genommen)"}
	if len(reasons) != len(want) {
		t.Errorf("excluded %v", reasons)
	}
	for k, v := range want {
		if reasons[k] != v {
			t.Errorf("%s excluded as %q, want %q", k, reasons[k], v)
		}
	}

	// On the social spaces every space is considered: 0340 holds the
	// Planungsraum without a resident figure (Pankower Tor), but its
	// other Planungsräume have far more than 300 residents.
	spaces, err := a.Monitoring.ComputeIndex(ctx, IndexMSS, LayerSpaces)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range spaces.Rows {
		if r.Excluded != "" {
			t.Errorf("space %s %s (%d residents known) left out: %s", r.Area, r.Name, r.Residents, r.Excluded)
		}
	}

	// The second computation.
	raw, err := files.ReadFile("data/berlin_mss2021_indikatoren_2020-12.csv.gz")
	if err != nil {
		t.Fatal(err)
	}
	zr, _ := gzip.NewReader(bytes.NewReader(raw))
	rows, err := csv.NewReader(zr).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	type plr struct {
		code string
		x    [6]float64
	}
	var kept []plr
	for _, r := range rows[1:] {
		ew, err := strconv.Atoi(r[3])
		if err != nil || ew < 300 || r[1] == "10100205" {
			continue
		}
		p := plr{code: r[1]}
		for i := range 6 {
			if p.x[i], err = strconv.ParseFloat(r[5+i], 64); err != nil {
				t.Fatalf("%s: %v", r[1], err)
			}
		}
		kept = append(kept, p)
	}
	if len(kept) != 536 {
		t.Fatalf("the file keeps %d Planungsräume", len(kept))
	}
	n := float64(len(kept))
	standardise := func(get func(plr) float64) map[string]float64 {
		var sum, ss float64
		for _, p := range kept {
			sum += get(p)
		}
		mean := sum / n
		for _, p := range kept {
			ss += (get(p) - mean) * (get(p) - mean)
		}
		sd := math.Sqrt(ss / (n - 1))
		out := map[string]float64{}
		for _, p := range kept {
			out[p.code] = (get(p) - mean) / sd
		}
		return out
	}
	index := func(first int) map[string]float64 {
		z := [3]map[string]float64{}
		for i := range 3 {
			z[i] = standardise(func(p plr) float64 { return p.x[first+i] })
		}
		return standardise(func(p plr) float64 { return z[0][p.code] + z[1][p.code] + z[2][p.code] })
	}
	status, dynamics := index(0), index(3)
	statusClass := func(x float64) string {
		switch {
		case x < -1:
			return "hoch"
		case x < 1:
			return "mittel"
		case x < 1.5:
			return "niedrig"
		}
		return "sehr niedrig"
	}
	dynamicsClass := func(x float64) string {
		switch {
		case x < -1:
			return "positiv"
		case x < 1:
			return "stabil"
		}
		return "negativ"
	}
	agree, counts := 0, map[string]int{}
	for _, r := range res.Rows {
		s, ok := status[r.Area]
		if !ok {
			continue
		}
		d := dynamics[r.Area]
		got := r.Components
		if math.Abs(got[0].Index-s) > 1e-9 || math.Abs(got[1].Index-d) > 1e-9 {
			t.Errorf("%s: status %v dynamics %v, want %v %v", r.Area, got[0].Index, got[1].Index, s, d)
		}
		if want := statusClass(s) + " / " + dynamicsClass(d); r.Combined == want {
			agree++
		} else {
			t.Errorf("%s: %s, want %s", r.Area, r.Combined, want)
		}
		counts[got[0].Class]++
		counts[got[1].Class]++
	}
	if agree != 536 {
		t.Errorf("%d of 536 classes agree", agree)
	}
	t.Logf("status: hoch %d, mittel %d, niedrig %d, sehr niedrig %d; dynamics: positiv %d, stabil %d, negativ %d",
		counts["hoch"], counts["mittel"], counts["niedrig"], counts["sehr niedrig"], counts["positiv"], counts["stabil"], counts["negativ"])

	// The official classes, as the Senatsverwaltung published them
	// (testdata/SOURCE.md): every Planungsraum the same, and the six left
	// out are the six the publisher left out.
	f, err := os.Open("testdata/mss2021_klassen_amtlich.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	official, err := csv.NewReader(f).ReadAll()
	if err != nil || len(official) != 543 {
		t.Fatalf("official classes: %d rows, %v", len(official), err)
	}
	byArea := map[string]*monitoring.IndexRow{}
	for i := range res.Rows {
		byArea[res.Rows[i].Area] = &res.Rows[i]
	}
	same := 0
	for _, o := range official[1:] {
		r := byArea[o[0]]
		switch {
		case r == nil:
			t.Errorf("%s: not in the result", o[0])
		case o[3] != "gültig":
			if r.Excluded == "" {
				t.Errorf("%s: the publisher left it out (%s), the index classes it", o[0], o[3])
			}
		case r.Excluded != "":
			t.Errorf("%s: left out (%s), the publisher classes it %s / %s", o[0], r.Excluded, o[1], o[2])
		case r.Components[0].Class != o[1] || r.Components[1].Class != o[2]:
			t.Errorf("%s: %s / %s, published %s / %s", o[0], r.Components[0].Class, r.Components[1].Class, o[1], o[2])
		default:
			same++
		}
	}
	if same != 536 {
		t.Errorf("%d of 536 Planungsräume have the published classes", same)
	}

	var csvOut strings.Builder
	if err := res.WriteCSV(&csvOut); err != nil {
		t.Fatal(err)
	}
	if lines := strings.Count(csvOut.String(), "\n"); lines != 543 {
		t.Errorf("CSV has %d lines, want 543", lines)
	}
}

// In the full demo the MSS index also runs on the composed layers: the
// shares of the Planungsräume weighted by their residents.
func testDemoMonitoring(t *testing.T, a *services.Set) {
	ctx := quartier.WithActor(context.Background(), quartier.Operator())
	for layer, n := range map[string]int{LayerSpaces: 58, LayerDistrictRegs: 143} {
		res, err := a.Monitoring.ComputeIndex(ctx, IndexMSS, layer)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Rows) != n || res.Considered < n-2 {
			t.Errorf("%s: %d rows, %d considered", layer, len(res.Rows), res.Considered)
		}
	}
	// Mitte's Bezirksregion 011001 (Tiergarten Süd) from its Planungsräume.
	rep, err := a.Monitoring.Values(ctx, "mss-s1", LayerDistrictRegs, MSSDate)
	if err != nil {
		t.Fatal(err)
	}
	if v := rep.Areas[0]; v.Area != "011001" || !(v.Value > 0) || v.Blocks == 0 || !rep.PopulationDate.Equal(PopulationDate) {
		t.Errorf("first Bezirksregion %+v, residents of %s", v, rep.PopulationDate)
	}
}
