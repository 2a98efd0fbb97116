package atlas

import (
	"testing"

	"github.com/quartier/quartier"
)

// The golden set of issue 16, "search that forgives German": one block per
// class of failure, over the golden city and a few offers written the way
// the lists write them (addresses "…str.", names ending in a number, a
// compound in some texts and its parts in another).
func forgivingAtlas() Import {
	at := func(col int, dx float64) (float64, float64) {
		x, y := cellCenter(1, col)
		return x + dx, y - dx/3
	}
	place := func(key, name, street, no string, dx float64) quartier.Place {
		x, y := at(0, dx)
		return quartier.Place{Key: key, Name: name, Street: street, HouseNumber: no, Postcode: "13349", City: "Berlin", X: x, Y: y}
	}
	o := func(key, name, desc, topic, place string) OfferEntry {
		return OfferEntry{Offer: quartier.Offer{Key: key, Name: name, Description: desc, Topics: []string{topic}, Status: quartier.OfferActive, Provider: "awo"},
			PlaceKeys: []string{place}}
	}
	return Import{
		Source: "Golden",
		Places: []quartier.Place{
			place("p-sonnenblume-3", "Kita Sonnenblume 3", "Hauptstr.", "7", 100),
			place("p-sonnenblume-1", "Kita Sonnenblume 1", "Hauptstraße", "90", -100),
			place("p-nachbarn", "Nachbarschaftstreff Hauptstraße", "Hauptstraße", "12", 150),
		},
		Offers: []OfferEntry{
			o("kita-sonnenblume-3", "Kita Sonnenblume 3", "Kindertagesstätte mit 60 Plätzen. Freitags Eltern-Kind-Café im Garten, am Monatsende Familienfrühstück.", "kita", "p-sonnenblume-3"),
			o("kita-sonnenblume-1", "Kita Sonnenblume 1", "Kindertagesstätte mit 30 Plätzen. Samstags Frühstück für die ganze Familie.", "kita", "p-sonnenblume-1"),
			o("nachbarschaftscafe", "Nachbarschaftscafé", "Jeden ersten Sonntag Familienfrühstück, sonst Kaffee und Kuchen.", "elterncafe", "p-nachbarn"),
		},
	}
}

var forgivingQueries = []goldenQuery{
	// Straße, Strasse, Str. and str. meet, alone and in compounds.
	{q: "Hauptstraße", want: []string{"kita-sonnenblume-1", "kita-sonnenblume-3", "nachbarschaftscafe"}, exact: true},
	{q: "Hauptstrasse", want: []string{"kita-sonnenblume-1", "kita-sonnenblume-3", "nachbarschaftscafe"}, exact: true},
	{q: "Hauptstr.", want: []string{"kita-sonnenblume-1", "kita-sonnenblume-3", "nachbarschaftscafe"}, exact: true},
	{q: "hauptstr", want: []string{"kita-sonnenblume-1", "kita-sonnenblume-3", "nachbarschaftscafe"}, exact: true},
	{q: "Turmstr.", want: []string{"efb", "trennung", "sucht"}, exact: true},
	{q: "Turmstrasse", want: []string{"efb", "trennung", "sucht"}, exact: true},
	{q: "Schwedter Str.", want: []string{"treff-mauerpark", "maedchentag", "jugendberatung"}, exact: true},
	{q: "Leopoldpl.", want: []string{"hausaufgaben", "sprachcafe", "gitarre", "leseclub"}, exact: true},
	// Inflected forms of synonym entries expand like the entry.
	{q: "Jugendzentren", want: []string{"jfe-rixdorf", "treff-mauerpark", "queer"}},
	{q: "JFEs", want: []string{"jfe-rixdorf", "treff-mauerpark", "queer"}},
	{q: "Sprachkurse", want: []string{"sprachcafe"}, exact: true},
	{q: "Schulsozialarbeiterinnen", want: []string{"schulsozialarbeit"}, exact: true},
	{q: "Tagesmütter", want: []string{"tagespflege"}, exact: true},
	// A hyphenated word is one word: whole or by its parts.
	{q: "E-Jugend", want: []string{"fussball-verein"}, exact: true},
	{q: "Eltern-Kind-Café", want: []string{"kita-sonnenblume-3", "elterncafe", "familienfruehstueck", "nachbarschaftscafe"}, exact: true},
	{q: "Eltern-Kind-Cafe", want: []string{"kita-sonnenblume-3", "elterncafe", "familienfruehstueck", "nachbarschaftscafe"}, exact: true},
	{q: "Elternkindcafé", want: []string{"kita-sonnenblume-3", "elterncafe", "familienfruehstueck", "nachbarschaftscafe"}, exact: true},
	// A compound found in some texts is also looked for by its parts.
	{q: "Familienfrühstück", top: []string{"familienfruehstueck"}, want: []string{"familienfruehstueck", "kita-sonnenblume-3", "nachbarschaftscafe", "kita-sonnenblume-1"}, exact: true},
	// Single digits rank.
	{q: "Sonnenblume 3", want: []string{"kita-sonnenblume-3", "kita-sonnenblume-1"}, exact: true, ordered: true},
	{q: "Kita 3", top: []string{"kita-sonnenblume-3"}, want: []string{"kita-regenbogen", "kita-sonnenschein", "kita-sonnenblume-1"}},
	// Abbreviations and phrases of the shipped synonym list.
	{q: "HzE", top: []string{"ambulant"}, not: []string{"efb"}}, // also sucht: "Hilfe" at an "Erziehungs-" place
	{q: "Hilfen zur Erziehung", top: []string{"ambulant"}},
	{q: "EB", want: []string{"efb", "trennung", "sucht"}, exact: true},
	{q: "DW", want: []string{"sucht", "schwanger", "hebamme", "frauenhaus"}, exact: true},
	{q: "Diakonisches Werk", want: []string{"sucht", "schwanger", "hebamme", "frauenhaus"}, exact: true},
	{q: "Arbeiterwohlfahrt Fußball", want: []string{"fussball-maedchen", "fussball-verein"}, exact: true},
	// One typing error, only where the words find (almost) nothing.
	{q: "Schwimkurs", want: []string{"schwimmkurs"}, exact: true},
	{q: "Seepferchen", want: []string{"schwimmkurs"}, exact: true},
	{q: "Hausaufgabenhife", top: []string{"hausaufgaben"}},
	{q: "Erziehungsberatnug", want: []string{"efb", "trennung", "sucht"}, exact: true},
	{q: "Geheimgase", exact: true}, // a shelter's street stays unfound
	{q: "12058", exact: true},      // postcodes are never corrected (12055 exists)
	// A compound written apart finds what the compound finds (its
	// synonyms too), not only what holds each word on its own.
	{q: "Jugend Zentrum", want: []string{"jfe-rixdorf", "treff-mauerpark", "queer"}},
	{q: "Kinder Tages Stätte", want: []string{"kita-regenbogen", "kita-sonnenschein", "kita-sonnenblume-1", "kita-sonnenblume-3"}},
	{q: "Kinder Garten", want: []string{"kita-regenbogen", "kita-sonnenschein", "kita-sonnenblume-1", "kita-sonnenblume-3"}},
	{q: "Eltern Kind Café", want: []string{"kita-sonnenblume-3", "elterncafe", "familienfruehstueck", "nachbarschaftscafe"}, exact: true},
	{q: "Schwimm Kurs", want: []string{"schwimmkurs"}, exact: true},
	// A name's number written onto it ranks like one written apart.
	{q: "Sonnenblume3", want: []string{"kita-sonnenblume-3", "kita-sonnenblume-1"}, exact: true, ordered: true},
	{q: "Kita Sonnenblume3", top: []string{"kita-sonnenblume-3"}},
}

func TestGoldenForgivingQueries(t *testing.T) {
	a := goldenCity(t)
	if _, err := a.ImportAtlas(opCtx(), forgivingAtlas()); err != nil {
		t.Fatalf("%v %v", err, quartier.ErrorProblems(err))
	}
	checkGolden(t, a, forgivingQueries)
}
