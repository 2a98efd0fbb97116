package demo

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/quartier/quartier/internal/services"
)

// Berliners search by Kiez ("Reuterkiez", "Schillerkiez", "Soldiner
// Kiez"), and a Kiez is mostly named after its square or street, which
// the planning area (LOR Planungsraum) is named after too: Reuterplatz,
// Schillerpromenade Nord and Süd, Soldiner Straße. Other planning areas
// are named as Kiez or Viertel ("Graefekiez Nord", "Helmholtz-Kiez",
// "Stralauer Kiez", "Samariterviertel"). kiezNames derives from the
// planning areas' names the lines of the synonym list that make every
// such Kiez name, as one word, hyphenated or apart ("Graefekiez",
// "Graefe-Kiez", "Graefe Kiez"), find the offers of its planning areas
// by their names, which the index holds for every place but a
// confidential one. Derived, not listed: 208 of the 542 areas of 2021.

// kiezSquares are the words after which a planning area's name names a
// Kiez: its square, street or promenade, or "Kiez" and "Viertel"
// themselves. Parks, Alleen and Ufer name green and water, seldom a Kiez.
var kiezSquares = []string{"platz", "straße", "promenade", "kiez", "viertel"}

// kiezQuarters end a planning area's name that is a part of a Kiez
// ("Graefekiez Nord", "Schillerpromenade Süd").
var kiezQuarters = []string{"Nord", "Süd", "Ost", "West", "Nordost", "Nordwest", "Südost", "Südwest"}

// kiezNames returns the synonym lines for the planning areas' names, one
// a Kiez, in the order of the Kiez names.
func kiezNames(areas []string) string {
	byKiez := map[string][]string{}
	for _, name := range areas {
		if k := kiezOf(name); k != "" && !slices.Contains(byKiez[k], name) {
			byKiez[k] = append(byKiez[k], name)
		}
	}
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(byKiez)) {
		fmt.Fprintf(&b, "%skiez, %s-Kiez, %s Kiez => %s\n", k, k, k, strings.Join(byKiez[k], ", "))
	}
	return b.String()
}

// kiezOf is the name a planning area's Kiez is called by, without
// "Kiez" ("Reuter" of "Reuterplatz", "Soldiner" of "Soldiner Straße",
// "Graefe" of "Graefekiez Süd"), or "" when the name names none: no
// square, street, Kiez or Viertel at its end, or more than one word
// before it ("Rathaus Yorckstraße", "Ernst-Reuter-Platz").
func kiezOf(name string) string {
	base := name
	if i := strings.LastIndexByte(base, ' '); i > 0 && slices.Contains(kiezQuarters, base[i+1:]) {
		base = base[:i]
	}
	for _, sq := range kiezSquares {
		if len(base) < len(sq) || !strings.EqualFold(base[len(base)-len(sq):], sq) {
			continue
		}
		k := strings.TrimRight(base[:len(base)-len(sq)], " -")
		if k == "" || strings.ContainsAny(k, " -") {
			return ""
		}
		return k
	}
	return ""
}

// kiezSynonyms are the Kiez lines for the demo's planning areas.
func kiezSynonyms(ctx context.Context, a *services.Set) (string, error) {
	areas, err := a.Spatial.AreaList(ctx, LayerBlocks)
	if err != nil {
		return "", err
	}
	var names []string
	for _, ar := range areas {
		names = append(names, ar.Name)
	}
	return kiezNames(names), nil
}
