package atlas

import (
	"bytes"
	"context"
	"math"
	"strings"
	"testing"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/spatial"
	"github.com/quartier/quartier/internal/testcity"
)

func TestReadPopulationLocatesFaults(t *testing.T) {
	for _, c := range []struct {
		in, want string
	}{
		{"baustein;gesamt\nr0c0;12\nr0c0;13\n", "Zeile 3, Spalte baustein: Baustein r0c0 steht schon in Zeile 2"},
		{"baustein;gesamt\nr0c0;1.200\n", "Zeile 2, Spalte gesamt: \"1.200\" ist keine Anzahl"},
		{"baustein;gesamt\nr0c0;-3\n", "Zeile 2, Spalte gesamt"},
		{"baustein;gesamt\n;4\n", "Zeile 2, Spalte baustein: der Baustein fehlt"},
		{"plr;gesamt\nr0c0;1\n", "keine Spalte \"baustein\""},
		{"baustein;Einwohner gesamt\nr0c0;1\n", "kein gültiger Gruppenname"},
		{"baustein\nr0c0\n", "keine Spalte mit Einwohnerzahlen"},
	} {
		_, ps, err := spatial.ReadPopulation(strings.NewReader(c.in), spatial.PopulationColumns{})
		msg := quartier.ErrorMessage(err)
		for _, p := range ps {
			msg += " | " + p.Message
		}
		if err == nil || !strings.Contains(msg, c.want) {
			t.Errorf("%q: %v, want %q", c.in, msg, c.want)
		}
	}
	tab, _, err := spatial.ReadPopulation(strings.NewReader("PLR_ID,PLR_NAME,EW\nr0c0,Nord,3419\nr0c1,Süd,\n"), spatial.PopulationColumns{Block: "PLR_ID", Groups: map[string]string{"EW": "gesamt"}})
	if err != nil {
		t.Fatal(err)
	}
	if g := tab.Groups["gesamt"]; len(g) != 1 || g[0].Residents != 3419 {
		t.Errorf("explicit columns, withheld value left out: %+v", tab.Groups)
	}
}

func FuzzReadPopulation(f *testing.F) {
	f.Add("baustein;gesamt;0-26\nr0c0;100;20\nr0c1;;3\n")
	f.Add("baustein,gesamt\n\"r0c0\",\"1\"\n")
	f.Add("\xef\xbb\xbfbaustein;gesamt\nr0c0;1\n")
	f.Add("baustein;gesamt\nr0c0;99999999999999999999\n")
	f.Fuzz(func(t *testing.T, in string) {
		tab, ps, err := spatial.ReadPopulation(strings.NewReader(in), spatial.PopulationColumns{})
		if err == nil {
			if quartier.HasErrors(ps) {
				t.Fatal("errors without an error")
			}
			for g, rows := range tab.Groups {
				for _, r := range rows {
					if r.Residents < 0 || r.Group != g || tab.Lines[r.Block] == 0 {
						t.Fatalf("bad row %+v", r)
					}
				}
			}
		} else if tab != nil {
			t.Fatal("a table despite the error")
		}
	})
}

func TestGapAnalysis(t *testing.T) {
	a := goldenCity(t)
	op := opCtx()
	// 100 young residents per block in Wedding, 200 in Moabit; Neukölln has
	// no figure for one block.
	csv := "baustein;0-26;gesamt\n"
	for r := 0; r < 3; r++ {
		csv += "r" + string(rune('0'+r)) + "c0;100;500\n"
		csv += "r" + string(rune('0'+r)) + "c1;200;900\n"
		if r < 2 {
			csv += "r" + string(rune('0'+r)) + "c2;300;1000\n"
		}
	}
	rep, err := a.sp.ImportPopulation(op, strings.NewReader(csv), spatial.PopulationColumns{}, day0)
	if err != nil {
		t.Fatalf("%v %v", err, quartier.ErrorProblems(err))
	}
	if rep.Groups["0-26"] != 8 || len(rep.Missing) != 1 || rep.Missing[0] != "r2c2" {
		t.Fatalf("report %+v", rep)
	}
	if _, err := a.sp.ImportPopulation(op, strings.NewReader("baustein;gesamt\nzz;1\n"), spatial.PopulationColumns{}, day0); quartier.ErrorCode(err) != quartier.EINVALID ||
		!strings.Contains(quartier.ErrorProblems(err)[0].Message, "Zeile 2: Baustein zz") {
		t.Fatalf("unknown block: %v", err)
	}
	if _, err := a.sp.ImportPopulation(roleCtx(quartier.RoleProviderStaff), strings.NewReader(csv), spatial.PopulationColumns{}, day0); quartier.ErrorCode(err) != quartier.EFORBIDDEN {
		t.Fatalf("provider staff imports population: %v", err)
	}

	g, err := a.GapAnalysis(context.Background(), GapRequest{Topics: []string{"sport", "schutz", "kita"}})
	if err != nil {
		t.Fatal(err)
	}
	if g.Group != "0-26" || len(g.Groups) != 2 || len(g.Rows) != 3 {
		t.Fatalf("report %+v", g)
	}
	row := map[string]GapRow{}
	for _, r := range g.Rows {
		row[r.Space.Code] = r
	}
	// Wedding: 300 young residents, 5 sport offers (the paused one too).
	if w := row["wedding"]; w.Residents != 300 || !w.Complete || w.Offers[0] != 5 || math.Abs(w.Per1000[0]-5000.0/300) > 1e-9 {
		t.Errorf("Wedding: %+v", w)
	}
	if n := row["neukoelln"]; n.Complete || n.Residents != 600 {
		t.Errorf("Neukölln has a block without figures: %+v", n)
	}
	// Protection: the public sees the hotline in Neukölln, not the shelter.
	if n := row["neukoelln"]; n.Offers[1] != 1 {
		t.Errorf("public protection count in Neukölln: %d", n.Offers[1])
	}
	if len(g.Without[1]) != 2 || len(g.Without[2]) != 1 || g.Without[2][0].Code != "neukoelln" {
		t.Errorf("spaces without protection / Kita: %v / %v", g.Without[1], g.Without[2])
	}
	if g.City.Residents != 1500 || g.City.Complete || g.City.Offers[0] != 7 {
		t.Errorf("city: %+v", g.City)
	}
	asd, _ := a.GapAnalysis(roleCtx(quartier.RoleASD, "neukoelln"), GapRequest{Topics: []string{"schutz"}})
	for _, r := range asd.Rows {
		if r.Space.Code == "neukoelln" && r.Offers[0] != 2 {
			t.Errorf("ASD of the space counts the shelter: %d", r.Offers[0])
		}
	}
	g, _ = a.GapAnalysis(context.Background(), GapRequest{Group: "gesamt"})
	if g.GroupLabel != "Einwohnerinnen und Einwohner" || len(g.Topics) < 10 {
		t.Errorf("default topics, group gesamt: %d topics, %s", len(g.Topics), g.GroupLabel)
	}
}

// TestPlanningCSVIsInert: the planning table neutralises formulas in area
// names like every CSV Quartier writes, and leaves plain numbers alone.
func TestPlanningCSVIsInert(t *testing.T) {
	g := &GapReport{Group: "gesamt", Topics: []quartier.Topic{{Code: "sport"}},
		Rows: []GapRow{{Space: spatial.AreaRef{Code: "-x", Name: "+Ost"}, Offers: []int{1}, Per1000: []float64{math.NaN()}, Places: []int{0}, PlacesKnown: []int{0}, PlacesPer1000: []float64{math.NaN()}}},
		City: GapRow{Space: spatial.AreaRef{Name: "Stadt insgesamt"}, Offers: []int{1}, Per1000: []float64{math.NaN()}, Places: []int{0}, PlacesKnown: []int{0}, PlacesPer1000: []float64{math.NaN()}}}
	var b bytes.Buffer
	if err := g.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	if bad, err := testcity.FormulaCells(b.Bytes()); err != nil || len(bad) > 0 {
		t.Errorf("cells start like a formula: %q %v", bad, err)
	}
}

// The planning view counts places where offers state them (a Kita's
// approved places), and says for how many offers the sum is known.
func TestGapCountsPlaces(t *testing.T) {
	a := newApp(t)
	importGrid(t, a, 0, day0)
	composeColumns(t, a, true)
	forty, sixty := 40, 60
	x, y := cellCenter(0, 0) // west
	imp := Import{Source: "Test",
		Places: []quartier.Place{{Key: "k", Name: "Kitahaus", X: x, Y: y}},
		Offers: []OfferEntry{
			{Offer: quartier.Offer{Key: "kita-a", Name: "Kita A", Topics: []string{"kita"}, Status: quartier.OfferActive, Capacity: &forty}, PlaceKeys: []string{"k"}},
			{Offer: quartier.Offer{Key: "kita-b", Name: "Kita B", Topics: []string{"kita"}, Status: quartier.OfferActive, Capacity: &sixty}, PlaceKeys: []string{"k"}},
			{Offer: quartier.Offer{Key: "kita-c", Name: "Kita C", Topics: []string{"kita"}, Status: quartier.OfferActive}, PlaceKeys: []string{"k"}},
		}}
	if _, err := a.ImportAtlas(opCtx(), imp); err != nil {
		t.Fatalf("%v %v", err, quartier.ErrorProblems(err))
	}
	csv := "baustein;0-26\nr0c0;100\nr1c0;100\nr2c0;200\n"
	if _, err := a.sp.ImportPopulation(opCtx(), strings.NewReader(csv), spatial.PopulationColumns{}, day0); err != nil {
		t.Fatal(err)
	}
	g, err := a.GapAnalysis(context.Background(), GapRequest{Topics: []string{"kindertagesbetreuung"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range g.Rows {
		if r.Space.Code != "west" {
			if r.Places[0] != 0 || r.PlacesKnown[0] != 0 || !math.IsNaN(r.PlacesPer1000[0]) {
				t.Errorf("%s: %+v", r.Space.Code, r)
			}
			continue
		}
		// 100 places stated by 2 of 3 Kitas, for 400 young residents.
		if r.Offers[0] != 3 || r.Places[0] != 100 || r.PlacesKnown[0] != 2 || r.PlacesPer1000[0] != 250 {
			t.Errorf("west: %+v", r)
		}
	}
	if g.City.Places[0] != 100 || g.City.PlacesKnown[0] != 2 {
		t.Errorf("city: %+v", g.City)
	}
	var b strings.Builder
	if err := g.WriteCSV(&b); err != nil || !strings.Contains(b.String(), "Kindertagesbetreuung: Plätze (soweit angegeben)") || !strings.Contains(b.String(), "west;Spalte west;400;ja;3;7,50;100;2;250,00") {
		t.Errorf("csv: %v\n%s", err, b.String())
	}
}
