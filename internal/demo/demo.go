// Package demo loads the demo city: Berlin's real LOR 2021 geometry
// (542 Planungsräume as blocks, Bezirksregionen and Prognoseräume composed of
// them), an invented organisation of social spaces on top, and an atlas of
// Berlin's real Kitas and youth leisure centres plus invented example
// offers, so that every page of Quartier has realistic content without any
// download. GenerateAtlas writes large invented atlases for benchmarks.
//
// Sources (see README): Amt für Statistik Berlin-Brandenburg / Geoportal
// Berlin, LOR 2021, CC BY 3.0 DE; Kindertagesstätten and
// Jugendfreizeiteinrichtungen, Geoportal Berlin / daten.berlin.de, Dec 2022;
// the index indicators of the Monitoring Soziale Stadtentwicklung 2021,
// Senatsverwaltung für Stadtentwicklung, Bauen und Wohnen.
// Providers, alliances, people, assignments and example offers are
// invented and labelled "(Beispiel)".
package demo

import (
	"bytes"
	"compress/gzip"
	"context"
	"embed"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/paulmach/orb"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/services"
	"github.com/quartier/quartier/internal/spatial"
	"github.com/quartier/quartier/internal/streetdir"
)

//go:embed data
var files embed.FS

// ReferenceDate is the Gebietsstand of the LOR 2021 geometry.
var ReferenceDate = time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)

// Layer codes of the demo city.
// Attribution credits the demo's geodata on every page and map.
const Attribution = "Amt für Statistik Berlin-Brandenburg / Geoportal Berlin (LOR 2021, CC BY 3.0 DE; Kitas, Jugendfreizeiteinrichtungen; Adressen Berlin)"

const (
	LayerBlocks       = "plr"
	LayerDistrictRegs = "bzr"
	LayerForecast     = "pgr"
	LayerSpaces       = "sozialraum"
)

// Load fills an empty installation (EPSG:25833) with the demo city.
func Load(ctx context.Context, a *services.Set, prog quartier.Progress) error {
	ctx = quartier.WithActor(ctx, quartier.Operator())
	if err := loadLayers(ctx, a, prog); err != nil {
		return err
	}
	setup, err := Setup(ctx, a)
	if err != nil {
		return err
	}
	if err := a.Spatial.ImportSetup(ctx, setup); err != nil {
		return err
	}
	if err := loadPopulation(ctx, a); err != nil {
		return fmt.Errorf("demo population: %w", err)
	}
	if err := loadMonitoring(ctx, a); err != nil {
		return err
	}
	if err := loadBudgets(ctx, a, quartier.Day(time.Now())); err != nil {
		return err
	}
	if err := loadStreets(ctx, a, prog); err != nil {
		return fmt.Errorf("demo streets: %w", err)
	}
	return loadAtlas(ctx, a, prog)
}

// loadLayers imports the blocks and composes the other layers of them.
func loadLayers(ctx context.Context, a *services.Set, prog quartier.Progress) error {
	if err := importBlocks(ctx, a, prog); err != nil {
		return err
	}
	codes := a.Spatial.Locator().BlockCodes()
	for _, c := range []struct {
		spec   spatial.LayerSpec
		names  string
		prefix int
	}{
		{spatial.LayerSpec{Code: LayerDistrictRegs, Name: "Bezirksregionen", Position: 2}, "data/berlin_bezirksregionen_2021.csv", 6},
		{spatial.LayerSpec{Code: LayerForecast, Name: "Prognoseräume", Position: 3}, "data/berlin_prognoseraeume_2021.csv", 4},
		// The demo's social spaces follow the Prognoseräume, as several
		// Berlin youth offices cut their regions along them.
		{spatial.LayerSpec{Code: LayerSpaces, Name: "Sozialräume (Beispiel)", Space: true, Position: 1}, "data/berlin_prognoseraeume_2021.csv", 4},
	} {
		names, err := readNames(c.names)
		if err != nil {
			return err
		}
		if _, err := a.Spatial.ComposeLayer(ctx, spatial.ComposeRequest{
			Layer:         c.spec,
			Members:       spatial.PrefixMembers(codes, c.prefix, names),
			ReferenceDate: ReferenceDate,
			Source:        "aus Planungsräumen zusammengesetzt (Präfix " + fmt.Sprint(c.prefix) + " Stellen)",
			Progress:      prog,
		}); err != nil {
			return fmt.Errorf("demo layer %s: %w", c.spec.Code, err)
		}
	}
	return nil
}

const blockFile = "data/berlin_lor_planungsraeume_2021.epsg25833.geojson.gz"

// importBlocks imports the 542 Planungsräume as the block layer.
func importBlocks(ctx context.Context, a *services.Set, prog quartier.Progress) error {
	blocks, err := open(blockFile)
	if err != nil {
		return err
	}
	if _, err := a.Spatial.ImportAreas(ctx, spatial.ImportAreasRequest{
		Layer:         spatial.LayerSpec{Code: LayerBlocks, Name: "Planungsräume (LOR 2021)", Kind: quartier.LayerBlock},
		Input:         blocks,
		Source:        "LOR 2021, Amt für Statistik Berlin-Brandenburg",
		CodeProperty:  "PLR_ID",
		NameProperty:  "PLR_NAME",
		ReferenceDate: ReferenceDate,
		Progress:      prog,
	}); err != nil {
		return fmt.Errorf("demo blocks: %w", err)
	}
	return nil
}

// StreetSource is the attribution of the demo's street directory.
const StreetSource = "Geoportal Berlin / Adressen Berlin (Stand 06/2023, dl-de-zero-2.0)"

// StreetCity is the municipality the demo's street directory covers.
const StreetCity = "Berlin"

// StreetRegions are Berlin's twelve Bezirke, which people type with an
// address as often as its Ortsteil ("Kastanienallee 10, Berlin-Pankow"
// for Prenzlauer Berg): each holds the Ortsteile of the addresses whose
// Planungsraum's id begins with its number (the official LOR numbering),
// so the import learns them from the rows themselves.
var StreetRegions = []streetdir.Region{
	{Name: "Mitte", BlockPrefix: "01"}, {Name: "Friedrichshain-Kreuzberg", BlockPrefix: "02"},
	{Name: "Pankow", BlockPrefix: "03"}, {Name: "Charlottenburg-Wilmersdorf", BlockPrefix: "04"},
	{Name: "Spandau", BlockPrefix: "05"}, {Name: "Steglitz-Zehlendorf", BlockPrefix: "06"},
	{Name: "Tempelhof-Schöneberg", BlockPrefix: "07"}, {Name: "Neukölln", BlockPrefix: "08"},
	{Name: "Treptow-Köpenick", BlockPrefix: "09"}, {Name: "Marzahn-Hellersdorf", BlockPrefix: "10"},
	{Name: "Lichtenberg", BlockPrefix: "11"}, {Name: "Reinickendorf", BlockPrefix: "12"},
}

// streetFile is every official Berlin address (401,032) with its
// Planungsraum, as the city publishes it (see README, Data and
// attribution): 1.2 MB gzip, imported as it is.
const streetFile = "data/berlin_adressen_2023-06.csv.gz"

// LoadStreetCity fills an empty installation with the demo's layers and
// street directory only, for benchmarks of the directory.
func LoadStreetCity(ctx context.Context, a *services.Set) error {
	ctx = quartier.WithActor(ctx, quartier.Operator())
	if err := loadLayers(ctx, a, nil); err != nil {
		return err
	}
	return loadStreets(ctx, a, nil)
}

// BlockFile is the demo's block layer, Berlin's 542 Planungsräume as
// GeoJSON in EPSG:25833 (code PLR_ID, name PLR_NAME).
func BlockFile() ([]byte, error) {
	r, err := open(blockFile)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

// StreetFile is the demo's street directory as published (gzip CSV).
func StreetFile() ([]byte, error) { return files.ReadFile(streetFile) }

// loadStreets imports the whole city's addresses as the street directory,
// so that any Berlin address resolves in the demo ("Schönhauser Allee 100,
// 10439"), and ambiguous ones say so.
func loadStreets(ctx context.Context, a *services.Set, prog quartier.Progress) error {
	b, err := files.ReadFile(streetFile)
	if err != nil {
		return err
	}
	_, err = a.Spatial.ImportStreets(ctx, spatial.StreetImport{Input: bytes.NewReader(b), Source: StreetSource, City: StreetCity, Regions: StreetRegions, Progress: prog})
	return err
}

func open(name string) (io.Reader, error) {
	b, err := files.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return gzip.NewReader(bytes.NewReader(b))
}

func readNames(name string) (map[string]string, error) {
	b, err := files.ReadFile(name)
	if err != nil {
		return nil, err
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	m := make(map[string]string, len(rows))
	for _, r := range rows[1:] {
		m[r[0]] = r[1]
	}
	return m, nil
}

// Example providers. The names are invented; the kinds of organisation are
// the ones Berlin's social spaces actually work with.
var providers = []quartier.Provider{
	{Code: "kiezwerk", Name: "Kiezwerk Jugendhilfe gGmbH (Beispiel)", ShortName: "Kiezwerk", Kind: quartier.ProviderIndependent},
	{Code: "familienbruecke", Name: "Familienbrücke e.V. (Beispiel)", ShortName: "Familienbrücke", Kind: quartier.ProviderIndependent},
	{Code: "stadtteilpartner", Name: "Stadtteilpartner Berlin e.V. (Beispiel)", ShortName: "Stadtteilpartner", Kind: quartier.ProviderIndependent},
	{Code: "spreeufer", Name: "Jugendhilfe am Spreeufer gGmbH (Beispiel)", ShortName: "Spreeufer", Kind: quartier.ProviderIndependent},
	{Code: "nachbarschaftshaus", Name: "Nachbarschaftshaus Ost e.V. (Beispiel)", ShortName: "NBH Ost", Kind: quartier.ProviderIndependent},
	{Code: "wegbegleiter", Name: "Wegbegleiter Erziehungshilfen gGmbH (Beispiel)", ShortName: "Wegbegleiter", Kind: quartier.ProviderIndependent},
}

var districts = map[string]string{
	"01": "Mitte", "02": "Friedrichshain-Kreuzberg", "03": "Pankow", "04": "Charlottenburg-Wilmersdorf",
	"05": "Spandau", "06": "Steglitz-Zehlendorf", "07": "Tempelhof-Schöneberg", "08": "Neukölln",
	"09": "Treptow-Köpenick", "10": "Marzahn-Hellersdorf", "11": "Lichtenberg", "12": "Reinickendorf",
}

var givenNames = []string{"Anna", "Mehmet", "Jana", "Lukas", "Ayşe", "Thomas", "Katrin", "Jonas", "Fatma", "Sabine", "Paul", "Leyla"}
var familyNames = []string{"Becker", "Yılmaz", "Schulz", "Nowak", "Hoffmann", "Demir", "Krüger", "Wagner", "Schmidt", "Kaya", "Neumann", "Richter"}

// Setup builds the invented organisation of the demo's social spaces: each
// space gets a provider or one of two alliances (some with a change of
// provider in 2023, to show history), an ASD team and a provider team whose
// room is a real youth centre of the space, and a leadership duo.
func Setup(ctx context.Context, a *services.Set) (*spatial.Setup, error) {
	s := &spatial.Setup{Providers: append([]quartier.Provider(nil), providers...)}
	for _, code := range sortedKeys(districts) {
		s.Providers = append(s.Providers, quartier.Provider{Code: "ja-" + code, Name: "Jugendamt " + districts[code], Kind: quartier.ProviderPublic, Website: "https://www.berlin.de/"})
	}
	s.Alliances = alliances
	list, err := a.Spatial.Spaces(ctx)
	if err != nil {
		return nil, err
	}
	rooms, err := youthCentres(a)
	if err != nil {
		return nil, err
	}
	for i, sp := range list {
		code := string(sp.Code)
		district := code[:2]
		assignee := spaceAssignee(i, code)
		if i%7 == 3 {
			// A change of provider: the earlier one stays in the history.
			s.Assignments = append(s.Assignments, spatial.SetupAssignment{Space: sp.Code, Assignee: providers[(i+1)%len(providers)].Code, ValidFrom: "2019-01-01", ValidTo: "2023-01-01", Note: "Vergabe 2018"})
			s.Assignments = append(s.Assignments, spatial.SetupAssignment{Space: sp.Code, Assignee: assignee, ValidFrom: "2023-01-01", Note: "Neuvergabe 2022"})
		} else {
			s.Assignments = append(s.Assignments, spatial.SetupAssignment{Space: sp.Code, Assignee: assignee, ValidFrom: "2021-01-01"})
		}
		office := spatial.SetupTeam{Code: "asd-" + code, Space: sp.Code, Kind: string(quartier.TeamOffice), Name: "RSD-Team " + sp.Name}
		lead := assignee
		for _, al := range s.Alliances {
			if al.Code == assignee {
				lead = al.Lead
			}
		}
		team := spatial.SetupTeam{Code: "team-" + code, Space: sp.Code, Kind: string(quartier.TeamProvider), Name: "Sozialraumteam " + sp.Name, Provider: lead}
		if r, ok := rooms[code]; ok {
			team.Rooms = []spatial.SetupRoom{r}
		}
		s.Teams = append(s.Teams, office, team)
		head := quartier.Person{Name: person(i), Organisation: "ja-" + district}
		coord := quartier.Person{Name: person(i + 5), Organisation: lead}
		s.Duo = append(s.Duo,
			spatial.SetupLeadership{Space: sp.Code, Role: string(quartier.RoleRegionalHead), Person: head, ValidFrom: "2021-01-01"},
			spatial.SetupLeadership{Space: sp.Code, Role: string(quartier.RoleCoordinator), Person: coord, ValidFrom: "2021-01-01"})
	}
	return s, nil
}

var alliances = []spatial.SetupAlliance{
	{Code: "verbund-nord", Name: "Trägerverbund Nord (Beispiel)", Lead: "kiezwerk", Members: []string{"kiezwerk", "familienbruecke", "wegbegleiter"}},
	{Code: "verbund-ost", Name: "Trägerverbund Ost (Beispiel)", Lead: "nachbarschaftshaus", Members: []string{"nachbarschaftshaus", "spreeufer"}},
}

// spaceAssignee is who runs the i-th space of the demo: the providers in
// turn, the alliances in the north and the east.
func spaceAssignee(i int, code string) string {
	switch code[:2] {
	case "03", "12":
		return "verbund-nord"
	case "10", "11":
		return "verbund-ost"
	}
	return providers[i%len(providers)].Code
}

// assigneeProviders are the providers behind an assignee, the lead first.
func assigneeProviders(code string) []string {
	for _, al := range alliances {
		if al.Code == code {
			out := []string{al.Lead}
			for _, m := range al.Members {
				if m != al.Lead {
					out = append(out, m)
				}
			}
			return out
		}
	}
	return []string{code}
}

func person(i int) string {
	return fmt.Sprintf("%s %s (Beispiel)", givenNames[i%len(givenNames)], familyNames[(i*7+3)%len(familyNames)])
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// youthCentres picks, per social space, the first real youth leisure centre
// (by number) lying in it, as the room of the provider team.
func youthCentres(a *services.Set) (map[string]spatial.SetupRoom, error) {
	loc := a.Spatial.Locator()
	out := map[string]spatial.SetupRoom{}
	err := eachPoint(youthFile, func(props map[string]any, p orb.Point) {
		h, ok := loc.Locate(p).HitFor(LayerSpaces)
		if !ok || h.Code == "" {
			return
		}
		if _, taken := out[h.Code]; taken {
			return
		}
		// The team is invented, so its room must not send anyone to a real
		// facility: an invented name, the street without the house number,
		// no phone. The point only places the room in its space.
		x, y := p[0], p[1]
		out[h.Code] = spatial.SetupRoom{
			Room: quartier.Room{Name: "Sozialraumbüro " + h.Name + " (Beispiel)", Street: prop(props, "e_strasse"), Postcode: prop(props, "e_plz"), City: "Berlin",
				OpeningHours: "Mo-Fr 14:00-20:00"},
			X: &x, Y: &y,
		}
	})
	return out, err
}

// FacilityPoints returns the locations of Berlin's Kitas and youth leisure
// centres (EPSG:25833), the real points the lookup benchmark uses.
func FacilityPoints() ([]orb.Point, error) {
	var out []orb.Point
	err := eachFacility(func(_ map[string]any, p orb.Point) { out = append(out, p) })
	return out, err
}

const (
	kitaFile  = "data/berlin_kitas_2022-12.epsg25833.geojson.gz"
	youthFile = "data/berlin_jugendfreizeiteinrichtungen_2022-12.epsg25833.geojson.gz"
)

// eachFacility calls fn for every Kita and youth centre (youth centres
// last, in file order).
func eachFacility(fn func(props map[string]any, p orb.Point)) error {
	for _, name := range []string{kitaFile, youthFile} {
		if err := eachPoint(name, fn); err != nil {
			return err
		}
	}
	return nil
}

func eachPoint(name string, fn func(props map[string]any, p orb.Point)) error {
	r, err := open(name)
	if err != nil {
		return err
	}
	var fc struct {
		Features []struct {
			Properties map[string]any `json:"properties"`
			Geometry   struct {
				Coordinates [2]float64 `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if err := json.NewDecoder(r).Decode(&fc); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	for _, f := range fc.Features {
		fn(f.Properties, orb.Point(f.Geometry.Coordinates))
	}
	return nil
}
