package atlas

import (
	"fmt"
	"testing"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/spatial"
)

// The golden set of the second probe of "search that forgives German":
// rows of the Berlin Kita and youth centre lists as the demo atlas
// imports them (name, street, house number and suffix, postcode; the
// description the demo writes), in a city whose spaces are named like
// Berlin's: a quarter, a street and an "Alt-" quarter. Each block below
// is a class of failure the probe found, the expectations are what the
// rows say.
func probeCity(t *testing.T) *env {
	t.Helper()
	a := newApp(t)
	importGrid(t, a, 0, day0)
	var ms []spatial.Membership
	names := []struct{ code, name string }{{"hsh-nord", "Hohenschönhausen Nord"}, {"moabit", "Moabit"}, {"alt-treptow", "Alt-Treptow"}}
	for r := 0; r < 3; r++ {
		for c := 0; c < 3; c++ {
			ms = append(ms, spatial.Membership{Line: len(ms) + 2, Block: fmt.Sprintf("r%dc%d", r, c), Area: names[c].code, AreaName: names[c].name})
		}
	}
	if _, err := a.sp.ComposeLayer(opCtx(), spatial.ComposeRequest{Layer: spatial.LayerSpec{Code: "sr", Name: "Sozialräume", Space: true}, Members: ms, ReferenceDate: day0}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.ImportAtlas(opCtx(), probeAtlas()); err != nil {
		t.Fatalf("%v %v", err, quartier.ErrorProblems(err))
	}
	return a
}

func probeAtlas() Import {
	place := func(key, name, street, no, pc string, col int, dx float64) quartier.Place {
		x, y := cellCenter(1, col)
		return quartier.Place{Key: key, Name: name, Street: street, HouseNumber: no, Postcode: pc, City: "Berlin", X: x + dx, Y: y + dx/2}
	}
	kita := func(key, name, district, places, provider, place string) OfferEntry {
		desc := fmt.Sprintf("Kindertagesstätte in %s mit %s Plätzen. Träger: %s. Für einen Platz braucht es einen Kita-Gutschein des Jugendamts.", district, places, provider)
		return OfferEntry{Offer: quartier.Offer{Key: key, Name: name, Description: desc, Topics: []string{"kita"}, Status: quartier.OfferActive, Provider: "traeger"},
			PlaceKeys: []string{place}}
	}
	jfe := func(key, name, district, provider, place string) OfferEntry {
		desc := fmt.Sprintf("Kinder- und Jugendfreizeiteinrichtung in %s (offene Kinder- und Jugendarbeit). Träger: %s.", district, provider)
		return OfferEntry{Offer: quartier.Offer{Key: key, Name: name, Description: desc, Topics: []string{"jugendfreizeit"}, Status: quartier.OfferActive, Provider: "traeger"},
			PlaceKeys: []string{place}}
	}
	return Import{
		Source:    "Golden",
		Providers: []quartier.Provider{{Code: "traeger", Name: "Freie Träger (Beispiel)", Kind: quartier.ProviderIndependent}},
		Places: []quartier.Place{
			// Hohenschönhausen Nord
			place("p-cabuwazi", "Kinderzirkus CABUWAZI  Hohenschönhausen", "Wartenberger Str.", "175", "13053", 0, 0),
			place("p-abenteuerland", "Kita Abenteuerland", "Anna-Ebermann-Str.", "25", "13053", 0, 200),
			// Moabit
			place("p-alt-moabit", "Kita Alt-Moabit 117/Kigä City", "Alt-Moabit", "117", "10559", 1, 0),
			place("p-windspiel", "Kita Windspiel", "Frankfurter Allee", "16A", "10247", 1, 200),
			place("p-fairplay", "Kita F.A.I.R.play", "Albrechtstr.", "20", "10117", 1, -200),
			place("p-marien", "Kita der Kath. Kirchengem. St. Marien", "Klemkestr.", "3", "13409", 1, 300),
			// Alt-Treptow
			place("p-dreieins", "dreieins bilinguale Kindertagesstätte Berlin-Kaulsdorf (d/e)", "Peter-Huchel-Str.", "35", "12619", 2, 0),
			place("p-focus", "Kita Focus FAMILIE", "Hermannstr.", "135A", "12051", 2, 200),
			place("p-kids", "R.E.H - K.I.D.S", "Kaiserin-Augusta-Str.", "60", "12103", 2, -200),
			place("p-daycare", "Kiddies Daycare", "Wilskistr.", "36", "14169", 2, 300),
			place("p-dachsbau", "Kinder- und Jugendfreizeitstätte Dachsbau", "Heiligenseestr.", "112", "13503", 2, -300),
			place("p-mauerpark", "Freizeithaus am Mauerpark", "Schwedter Str.", "234", "10435", 2, 350),
			place("p-waldkita", "Waldkita Fila", "Eichhörnchensteig", "3", "14193", 1, 400),
			place("p-waldkiga", "Waldkindergarten Robin Hood", "Dietzgenstr.", "66", "13156", 1, -400),
			place("p-musikkita", "Musik-Kita Klimperkiste", "Bänschstr.", "12", "10247", 1, 450),
			place("p-musikkiga", "Musikkindergarten Sternenklang", "Rheinsberger Str.", "56", "10115", 1, -450),
			place("p-nw80", "Jugendclub NW80", "Neudecker Weg", "80", "12355", 2, 400),
			place("p-base", "JFE Base 24", "Ortolfstrasse", "184", "12524", 2, -400),
		},
		Offers: []OfferEntry{
			jfe("cabuwazi", "Kinderzirkus CABUWAZI  Hohenschönhausen", "Lichtenberg", "Grenzkultur gGmbH", "p-cabuwazi"),
			kita("abenteuerland", "Kita Abenteuerland", "Lichtenberg", "287", "Verein für aktive Vielfalt e.V.", "p-abenteuerland"),
			kita("alt-moabit", "Kita Alt-Moabit 117/Kigä City", "Mitte", "105", "Kindergärten City", "p-alt-moabit"),
			kita("windspiel", "Kita Windspiel", "Friedrichshain-Kreuzberg", "180", "Kinder im Kiez gGmbH", "p-windspiel"),
			kita("fairplay", "Kita F.A.I.R.play", "Mitte", "69", "GFJ - gemeinnützige Gesellschaft für Familien- und Jugendhilfe mbH", "p-fairplay"),
			kita("marien", "Kita der Kath. Kirchengem. St. Marien", "Reinickendorf", "60", "Katholische Kirchengemeinde St. Marien", "p-marien"),
			kita("dreieins", "dreieins bilinguale Kindertagesstätte Berlin-Kaulsdorf (d/e)", "Marzahn-Hellersdorf", "160", "dreieins Innovative Pädagogik gGmbH", "p-dreieins"),
			kita("focus", "Kita Focus FAMILIE", "Neukölln", "115", "Jugend- und Sozialwerk gGmbH", "p-focus"),
			kita("kids", "R.E.H - K.I.D.S", "Tempelhof-Schöneberg", "40", "K.I.D.S. - Verein zur sozialpädagogischen und psychologischen Unterstützung e.V.", "p-kids"),
			kita("waldkita", "Waldkita Fila", "Charlottenburg-Wilmersdorf", "30", "Fahrten-Ferne-Abenteuer gemeinnützige GmbH", "p-waldkita"),
			kita("waldkiga", "Waldkindergarten Robin Hood", "Pankow", "35", "Robin Hood e.V.", "p-waldkiga"),
			kita("musikkita", "Musik-Kita Klimperkiste", "Friedrichshain-Kreuzberg", "28", "Musik-Kita KLIMPERKISTE UG (haftungsbeschränkt)", "p-musikkita"),
			kita("musikkiga", "Musikkindergarten Sternenklang", "Mitte", "25", "Musikkindergarten Sternenklang gemeinnützige UG (haftungsbeschränkt)", "p-musikkiga"),
			kita("daycare", "Kiddies Daycare", "Steglitz-Zehlendorf", "30", "Berlin Modern Family BMF gGmbH", "p-daycare"),
			jfe("dachsbau", "Kinder- und Jugendfreizeitstätte Dachsbau", "Reinickendorf", "Jugendamt Reinickendorf", "p-dachsbau"),
			jfe("mauerpark", "Freizeithaus am Mauerpark", "Mitte", "BA Mitte von Berlin", "p-mauerpark"),
			jfe("nw80", "Jugendclub NW80", "Neukölln", "Gesellschaft für Sport und Jugendsozialarbeit", "p-nw80"),
			jfe("base24", "JFE Base 24", "Treptow-Köpenick", "BA Treptow-Köpenick", "p-base"),
		},
	}
}

var probeQueries = []goldenQuery{
	// An address with its house number, as people copy it from a
	// letter or a map: number and suffix together, apart, in either
	// case, or the number alone for a suffixed house.
	{q: "Frankfurter Allee 16A", want: []string{"windspiel"}, exact: true},
	{q: "Frankfurter Allee 16 A", want: []string{"windspiel"}, exact: true},
	{q: "frankfurter allee 16a", want: []string{"windspiel"}, exact: true},
	{q: "Frankfurter Allee 16", want: []string{"windspiel"}, exact: true},
	{q: "Peter-Huchel-Str. 35", want: []string{"dreieins"}, exact: true},
	{q: "Peter Huchel Straße 35", want: []string{"dreieins"}, exact: true},
	{q: "Hermannstraße 135a", want: []string{"focus"}, exact: true},
	{q: "Hermannstr. 135 A", want: []string{"focus"}, exact: true},
	{q: "Wartenberger Straße 175", want: []string{"cabuwazi"}, exact: true},
	// (Guards: a street written together that the list writes apart is
	// found by its parts in the address.)
	{q: "Wartenbergerstraße 175", want: []string{"cabuwazi"}, exact: true},
	{q: "Peterhuchelstr. 35", want: []string{"dreieins"}, exact: true},
	// Initials written with full stops ("F.A.I.R.play", "K.I.D.S") are
	// the word they spell, whichever way it is typed.
	{q: "FAIR play", want: []string{"fairplay"}, exact: true},
	{q: "Kita Fair Play", want: []string{"fairplay"}, exact: true},
	{q: "Fairplay", want: []string{"fairplay"}, exact: true},
	{q: "Kids", top: []string{"kids"}, not: []string{"fairplay"}}, // also "Kiddies"
	{q: "K.I.D.S", top: []string{"kids"}, not: []string{"fairplay"}},
	{q: "REH Kids", want: []string{"kids"}, exact: true},
	// What the lists abbreviate in names ("St. Marien") and what they
	// name in other words than the search ("Kinder- und
	// Jugendfreizeitstätte", "Daycare") meet through the synonym list.
	{q: "Sankt Marien", want: []string{"marien"}, exact: true},
	{q: "St. Marien", want: []string{"marien"}, exact: true},
	{q: "Kita St Marien", want: []string{"marien"}, exact: true},
	{q: "Daycare", top: []string{"daycare"}, want: []string{"abenteuerland", "alt-moabit", "windspiel", "fairplay", "marien", "dreieins", "focus", "kids", "daycare", "waldkita", "waldkiga", "musikkita", "musikkiga"}, exact: true},
	{q: "Day Care", want: []string{"abenteuerland", "alt-moabit", "windspiel", "fairplay", "marien", "dreieins", "focus", "kids", "daycare", "waldkita", "waldkiga", "musikkita", "musikkiga"}, exact: true},
	{q: "Jugendfreizeitstätte", top: []string{"dachsbau"}, want: []string{"cabuwazi", "dachsbau", "mauerpark", "nw80", "base24"}, exact: true},
	{q: "Freizeitstätten", want: []string{"cabuwazi", "dachsbau", "mauerpark", "nw80", "base24"}, exact: true},
	{q: "Youth Club", want: []string{"cabuwazi", "dachsbau", "mauerpark", "nw80", "base24"}, exact: true},
	// A quarter named with Alt-/Neu- where the atlas names only the
	// place ("Hohenschönhausen Nord"): hyphenated, as one word or apart.
	// A street of that name ("Alt-Moabit") is found as itself.
	{q: "Neu-Hohenschönhausen", want: []string{"cabuwazi", "abenteuerland"}, exact: true},
	{q: "Alt-Hohenschönhausen", want: []string{"cabuwazi", "abenteuerland"}, exact: true},
	{q: "Neuhohenschönhausen", want: []string{"cabuwazi", "abenteuerland"}, exact: true},
	{q: "Neu Hohenschoenhausen", want: []string{"cabuwazi", "abenteuerland"}, exact: true},
	{q: "Kita Neu-Hohenschönhausen", want: []string{"abenteuerland"}, exact: true},
	{q: "Alt-Moabit", want: []string{"alt-moabit"}, exact: true},
	{q: "Alt Moabit", want: []string{"alt-moabit"}, exact: true},
	{q: "Alt-Treptow", want: []string{"dreieins", "focus", "kids", "daycare", "dachsbau", "mauerpark", "nw80", "base24"}, exact: true},
	{q: "Alt Treptow", want: []string{"dreieins", "focus", "kids", "daycare", "dachsbau", "mauerpark", "nw80", "base24"}, exact: true},
	{q: "Treptow", want: []string{"dreieins", "focus", "kids", "daycare", "dachsbau", "mauerpark", "nw80", "base24"}, exact: true},
	{q: "Oberschule", exact: true}, // no place: no fallback to "Schule"
	// The kind of area typed with its name ("Sozialraum Moabit", "Bezirk
	// Hohenschönhausen") finds what the name finds: offers name places,
	// not their kinds.
	{q: "Sozialraum Moabit", want: []string{"alt-moabit", "windspiel", "fairplay", "marien", "waldkita", "waldkiga", "musikkita", "musikkiga"}, exact: true},
	{q: "Kitas im Ortsteil Moabit", want: []string{"alt-moabit", "windspiel", "fairplay", "marien", "waldkita", "waldkiga", "musikkita", "musikkiga"}, exact: true},
	{q: "Bezirk Hohenschönhausen", want: []string{"cabuwazi", "abenteuerland"}, exact: true},
	{q: "Planungsraum Alt-Treptow", want: []string{"dreieins", "focus", "kids", "daycare", "dachsbau", "mauerpark", "nw80", "base24"}, exact: true},
	{q: "Sozialräume", exact: true}, // alone it is a word like any other
	// A compound whose head has synonyms is the compound with each of
	// them: a Waldkita is a Waldkindergarten.
	{q: "Waldkita", want: []string{"waldkita", "waldkiga"}, exact: true},
	{q: "Waldkindergarten", want: []string{"waldkita", "waldkiga"}, exact: true},
	{q: "Waldkitas", want: []string{"waldkita", "waldkiga"}, exact: true},
	{q: "Musikkita", want: []string{"musikkita", "musikkiga"}, exact: true},
	{q: "Musikkindergarten", want: []string{"musikkita", "musikkiga"}, exact: true},
	{q: "Musik-Kindergarten", want: []string{"musikkita", "musikkiga"}, exact: true},
	// Letters and a number written onto each other in a name ("NW80")
	// and apart in the query, and the converse ("Base 24").
	{q: "NW 80", want: []string{"nw80"}, exact: true},
	{q: "Jugendclub NW 80", want: []string{"nw80"}, exact: true},
	{q: "NW80", want: []string{"nw80"}, exact: true},
	{q: "Base24", want: []string{"base24"}, exact: true},
	{q: "Base 24", want: []string{"base24"}, exact: true},
	{q: "JFE Base 24", want: []string{"base24"}, exact: true},
}

func TestGoldenProbeQueries(t *testing.T) {
	checkGolden(t, probeCity(t), probeQueries)
}

// Words of the golden city's offers in spellings the probe found unknown:
// the English plural "Babies" (the list had "Babys"), "Teenies".
var probeGoldenQueries = []goldenQuery{
	{q: "Babies", want: []string{"elterncafe", "babymassage"}, exact: true},
	{q: "Theater Teenies", want: []string{"theater"}, exact: true},
}

func TestGoldenProbeOnGoldenCity(t *testing.T) {
	checkGolden(t, goldenCity(t), probeGoldenQueries)
}
