package main

import (
	"cmp"
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/hsds"
	"github.com/quartier/quartier/internal/services"
	"github.com/quartier/quartier/internal/spatial"
	"github.com/quartier/quartier/internal/streetdir"
)

func cmdImport(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return quartier.Errorf(quartier.EINVALID, "quartier import areas|composed|streets|setup|population|indicators|index|hsds … (mit -h für Optionen)")
	}
	switch args[0] {
	case "areas":
		return importAreas(ctx, e, args[1:])
	case "composed":
		return importComposed(ctx, e, args[1:])
	case "streets":
		return importStreets(ctx, e, args[1:])
	case "setup":
		return importSetup(ctx, e, args[1:])
	case "population":
		return importPopulation(ctx, e, args[1:])
	case "indicators":
		return importIndicators(ctx, e, args[1:])
	case "index":
		return importIndex(ctx, e, args[1:])
	case "hsds":
		return importHSDS(ctx, e, args[1:])
	}
	return quartier.Errorf(quartier.EINVALID, "Unbekannter Import %q (areas, composed, streets, setup, population, indicators, index, hsds).", args[0])
}

// layerFlags are the options naming the target layer and its Gebietsstand.
type layerFlags struct {
	code, name, date, validFrom string
	space                       bool
	position                    int
	dryRun                      bool
}

func (l *layerFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&l.code, "layer", "", "Code der Ebene, z. B. plr, bzr, sozialraum (Pflicht)")
	fs.StringVar(&l.name, "name", "", "Anzeigename der Ebene (beim ersten Import)")
	fs.StringVar(&l.date, "date", "", "Gebietsstand (JJJJ-MM-TT oder TT.MM.JJJJ), Standard heute")
	fs.StringVar(&l.validFrom, "valid-from", "", "gültig ab, Standard = Gebietsstand")
	fs.BoolVar(&l.space, "space", false, "diese Ebene ist die Sozialraumebene")
	fs.IntVar(&l.position, "position", 0, "Reihenfolge in Oberfläche und Ergebnissen")
	fs.BoolVar(&l.dryRun, "dry-run", false, "nur prüfen und Bericht ausgeben, nichts schreiben")
}

func (l *layerFlags) dates() (ref, from time.Time, err error) {
	if l.date != "" {
		if ref, err = quartier.ParseDate(l.date); err != nil {
			return
		}
	}
	if l.validFrom != "" {
		from, err = quartier.ParseDate(l.validFrom)
	}
	return
}

func (l *layerFlags) spec(kind quartier.LayerKind) (spatial.LayerSpec, error) {
	if l.code == "" {
		return spatial.LayerSpec{}, quartier.Errorf(quartier.EINVALID, "--layer fehlt.")
	}
	return spatial.LayerSpec{Code: l.code, Name: l.name, Kind: kind, Space: l.space, Position: l.position}, nil
}

func newFlagSet(e *env, name, args string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Aufruf: quartier %s %s\n", name, args)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses flags that may come before or after positional
// arguments ("import areas FILE --layer x" reads naturally).
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// parseOne parses flags and requires exactly one file argument.
func parseOne(fs *flag.FlagSet, args []string, what string) (string, error) {
	pos, err := parseFlags(fs, args)
	if err != nil {
		return "", err
	}
	if len(pos) != 1 {
		fs.Usage()
		return "", quartier.Errorf(quartier.EINVALID, "Genau eine %s angeben.", what)
	}
	return pos[0], nil
}

// withApp opens the input file and the installation, runs fn, and closes
// both.
func withApp(ctx context.Context, e *env, db *dbFlags, file string, fn func(a *services.Set, in io.Reader) error) error {
	in, err := openInput(e, file)
	if err != nil {
		return err
	}
	defer in.Close()
	a, closeApp, err := openApp(ctx, e, db)
	if err != nil {
		return err
	}
	defer closeApp()
	return fn(a, in)
}

func openInput(e *env, name string) (io.ReadCloser, error) {
	if name == "-" {
		return io.NopCloser(e.stdin), nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, quartier.WrapError(quartier.EINVALID, err, "Datei %s lässt sich nicht öffnen.", name)
	}
	return f, nil
}

func importAreas(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "import areas", "DATEI.geojson --layer CODE [Optionen]")
	var db dbFlags
	var lf layerFlags
	db.register(fs)
	lf.register(fs)
	kind := fs.String("kind", "imported", "block (Bausteinebene) oder imported (eigene Geometrie)")
	codeProp := fs.String("code-prop", "code", "Eigenschaft mit dem Gebietscode")
	nameProp := fs.String("name-prop", "name", "Eigenschaft mit dem Gebietsnamen")
	var crs sridFlag
	fs.Var(&crs, "crs", "Koordinatensystem der Datei (4326, 25832, 25833, auch EPSG:25832 oder urn:ogc:def:crs:EPSG::25832); Standard: crs-Angabe der Datei, sonst 4326")
	repair := fs.Bool("repair", false, "sicher behebbare Fehler beheben (nicht geschlossene Ringe, doppelte Punkte, Selbstüberschneidungen, kleine Überlappungen) und jede Änderung berichten")
	overlap := fs.Float64("overlap-tolerance", 0, "Überlappungen bis zu dieser Fläche in m² zulassen")
	gap := fs.Float64("gap-tolerance", 0, "Lücken bis zu dieser Fläche in m² zulassen")
	file, err := parseOne(fs, args, "GeoJSON-Datei")
	if err != nil {
		return err
	}
	k := quartier.LayerKind(*kind)
	if k != quartier.LayerBlock && k != quartier.LayerImported {
		return quartier.Errorf(quartier.EINVALID, "--kind muss block oder imported sein.")
	}
	spec, err := lf.spec(k)
	if err != nil {
		return err
	}
	ref, from, err := lf.dates()
	if err != nil {
		return err
	}
	return withApp(ctx, e, &db, file, func(a *services.Set, in io.Reader) error {
		rep, err := a.Spatial.ImportAreas(operator(ctx), spatial.ImportAreasRequest{
			Layer: spec, Input: in, Source: file, CodeProperty: *codeProp, NameProperty: *nameProp,
			SourceSRID: crs.srid, ReferenceDate: ref, ValidFrom: from, DryRun: lf.dryRun, Repair: *repair,
			Progress: newProgress(e), OverlapTolerance: *overlap, GapTolerance: *gap,
		})
		printReport(e, rep)
		return err
	})
}

func printReport(e *env, rep *spatial.ImportReport) {
	if rep == nil {
		return
	}
	for _, p := range rep.Problems {
		if p.Severity != quartier.SeverityError {
			fmt.Fprintln(e.stdout, p.String())
		}
	}
	switch {
	case rep.Written:
		fmt.Fprintf(e.stdout, "Ebene %s: %d Gebiete als Gebietsstand vom %s geschrieben, gültig ab %s.\n", rep.Layer, rep.Features,
			rep.ReferenceDate.Format(quartier.GermanDateLayout), rep.ValidFrom.Format(quartier.GermanDateLayout))
		if rep.Closed != 0 {
			fmt.Fprintf(e.stdout, "Bisheriger Gebietsstand vom %s beendet; %d Bausteine haben das Gebiet gewechselt.\n", rep.ClosedReference.Format(quartier.GermanDateLayout), len(rep.Changes))
			for _, c := range rep.Changes {
				fmt.Fprintf(e.stdout, "  %s: %s → %s\n", c.Block, orDash(c.From), orDash(c.To))
			}
		}
		for _, r := range rep.Recomposed {
			fmt.Fprintf(e.stdout, "Ebene %s aus den neuen Bausteinen neu zusammengesetzt (Gebietsstand vom %s, %d Bausteine wechseln das Gebiet).\n", r.Layer, r.ReferenceDate.Format(quartier.GermanDateLayout), len(r.Changes))
		}
	case !quartier.HasErrors(rep.Problems):
		fmt.Fprintf(e.stdout, "Ebene %s: %d Gebiete geprüft, keine Fehler (Probelauf, nichts geschrieben).\n", rep.Layer, rep.Features)
	}
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

func importComposed(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "import composed", "--layer CODE (--table ZUORDNUNG.csv | --prefix N [--names NAMEN.csv]) [Optionen]")
	var db dbFlags
	var lf layerFlags
	db.register(fs)
	lf.register(fs)
	table := fs.String("table", "", "CSV baustein;gebiet[;name]: welcher Baustein zu welchem Gebiet gehört")
	prefix := fs.Int("prefix", 0, "Gebietscode = die ersten N Zeichen des Bausteincodes (z. B. Berliner LOR)")
	namesFile := fs.String("names", "", "CSV code;name mit Gebietsnamen")
	partial := fs.Bool("partial", false, "Bausteine ohne Gebiet nur als Warnung melden (Ebene deckt nicht die ganze Stadt)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	spec, err := lf.spec(quartier.LayerComposed)
	if err != nil {
		return err
	}
	ref, from, err := lf.dates()
	if err != nil {
		return err
	}
	names := map[string]string{}
	if *namesFile != "" {
		rows, err := readCSVFile(e, *namesFile)
		if err != nil {
			return err
		}
		for _, r := range rows[1:] {
			if len(r) >= 2 {
				names[r[0]] = r[1]
			}
		}
	}
	a, closeApp, err := openApp(ctx, e, &db)
	if err != nil {
		return err
	}
	defer closeApp()
	var members []spatial.Membership
	switch {
	case *table != "" && *prefix == 0:
		in, err := openInput(e, *table)
		if err != nil {
			return err
		}
		members, err = spatial.ReadMemberships(in)
		in.Close()
		if err != nil {
			return quartier.WrapError(quartier.ErrorCode(err), err, "%s: %s", *table, quartier.ErrorMessage(err))
		}
	case *prefix > 0 && *table == "":
		members = spatial.PrefixMembers(a.Spatial.Locator().BlockCodes(), *prefix, names)
	default:
		return quartier.Errorf(quartier.EINVALID, "Entweder --table oder --prefix angeben.")
	}
	source := *table
	if source == "" {
		source = fmt.Sprintf("Präfix %d", *prefix)
	}
	rep, err := a.Spatial.ComposeLayer(operator(ctx), spatial.ComposeRequest{
		Layer: spec, Members: members, Names: names, ReferenceDate: ref, ValidFrom: from,
		Source: source, DryRun: lf.dryRun, AllowPartial: *partial, Progress: newProgress(e),
	})
	printReport(e, rep)
	return err
}

// readCSVFile reads a small table with ',' or ';' (taken from the header
// line) and an optional UTF-8 BOM, as spreadsheet programs write them.
func readCSVFile(e *env, name string) ([][]string, error) {
	in, err := openInput(e, name)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	b, err := io.ReadAll(io.LimitReader(in, 64<<20))
	if err != nil {
		return nil, err
	}
	s := strings.TrimPrefix(string(b), "\ufeff")
	r := csv.NewReader(strings.NewReader(s))
	header, _, _ := strings.Cut(s, "\n")
	if strings.Count(header, ";") > strings.Count(header, ",") {
		r.Comma = ';'
	}
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		return nil, quartier.WrapError(quartier.EINVALID, err, "%s: %v", name, err)
	}
	if len(rows) == 0 {
		return nil, quartier.Errorf(quartier.EINVALID, "%s ist leer (Kopfzeile fehlt).", name)
	}
	return rows, nil
}

func importStreets(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "import streets", "STRASSENVERZEICHNIS.csv[.gz] [--crs EPSG:25832] [--source TEXT] [--gemeinde NAME] [--bezirk NAME=PRÄFIX … | --bezirk \"\"] [--dry-run]")
	var db dbFlags
	db.register(fs)
	dry := fs.Bool("dry-run", false, "nur prüfen")
	var crs sridFlag
	fs.Var(&crs, "crs", "Koordinatensystem der Spalten x/y, wenn ihr Name es nicht nennt (wie x_epsg25832); Standard: das der Installation")
	source := fs.String("source", "", "Quelle des Verzeichnisses, wird bei jeder Zuordnung genannt (z. B. \"Geoportal Berlin / Adressen Berlin\")")
	city := fs.String("gemeinde", "", "Gemeinde, die das Verzeichnis abdeckt (z. B. \"Berlin\"); eine Adresse darf sie vor der Straße nennen; ohne: die der bisherigen Einspielung, \"\" leert sie")
	var regions regionsFlag
	fs.Var(&regions, "bezirk", "ein größeres Gebiet als die Ortsteile, NAME=PRÄFIX: die Einträge, deren Baustein mit PRÄFIX beginnt (z. B. \"Pankow=03\"); mehrfach möglich; ohne: die der bisherigen Einspielung, \"\" leert sie")
	file, err := parseOne(fs, args, "CSV-Datei")
	if err = cmp.Or(err, regions.err); err != nil {
		return err
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	req := spatial.StreetImport{SRID: crs.srid, Source: *source, City: *city, Regions: regions.list, DryRun: *dry, Progress: newProgress(e),
		KeepCity: !given["gemeinde"], KeepRegions: !given["bezirk"]}
	return withApp(ctx, e, &db, file, func(a *services.Set, in io.Reader) error {
		req.Input = in
		rep, err := a.Spatial.ImportStreets(operator(ctx), req)
		if rep != nil && rep.Written && (req.KeepCity && rep.City != "" || req.KeepRegions && len(rep.Regions) > 0) {
			fmt.Fprintf(e.stdout, "%s der bisherigen Einspielung beibehalten (ändern mit --gemeinde und --bezirk, leeren mit --bezirk \"\").\n", keptPlaces(req, rep))
		}
		if rep != nil {
			for _, p := range rep.Problems {
				if p.Severity != quartier.SeverityError {
					fmt.Fprintln(e.stdout, p.String())
				}
			}
		}
		if rep != nil && err == nil {
			verb := "geprüft"
			if rep.Written {
				verb = "geschrieben"
			}
			fmt.Fprintf(e.stdout, "Straßenverzeichnis: %d Einträge %s (%d mit eigener Koordinate, %d Bausteine aus der Koordinate).\n", rep.Entries, verb, rep.Points, rep.Located)
		}
		return err
	})
}

// regionsFlag collects --bezirk NAME=PREFIX, the larger areas a typed
// address may name instead of its Ortsteil (streetdir.Region). A value
// without both is kept as err, so that it exits as invalid input (the
// flag package would keep only its text).
type regionsFlag struct {
	list    []streetdir.Region
	cleared bool
	err     error
}

// keptPlaces names the municipality and the regions an import kept from
// the last one: "Gemeinde Berlin und Bezirke Pankow=03, Mitte=01".
func keptPlaces(req spatial.StreetImport, rep *spatial.StreetReport) string {
	var parts []string
	if req.KeepCity && rep.City != "" {
		parts = append(parts, "Gemeinde "+rep.City)
	}
	if req.KeepRegions && len(rep.Regions) > 0 {
		parts = append(parts, "Bezirke "+strings.ReplaceAll(streetdir.FormatRegions(rep.Regions), "\n", ", "))
	}
	return strings.Join(parts, " und ")
}

func (f *regionsFlag) String() string {
	if f == nil {
		return ""
	}
	var parts []string
	for _, r := range f.list {
		parts = append(parts, r.Name+"="+r.BlockPrefix)
	}
	return strings.Join(parts, ", ")
}

func (f *regionsFlag) Set(s string) error {
	// --bezirk "" stands alone: none, rather than those of the last import.
	alone := quartier.Errorf(quartier.EINVALID, "--bezirk \"\" leert die Bezirke und steht allein.")
	if strings.TrimSpace(s) == "" {
		f.cleared = true
		if len(f.list) > 0 {
			f.fail(alone)
		}
		return nil
	}
	if f.cleared {
		f.fail(alone)
	}
	r, err := streetdir.ParseRegion(s) // as the upload form reads its lines
	if err != nil {
		f.fail(quartier.Errorf(quartier.EINVALID, "--bezirk %s", quartier.ErrorMessage(err)))
		return nil
	}
	f.list = append(f.list, r)
	return nil
}

// fail keeps the first fault of the flags, reported after parsing.
func (f *regionsFlag) fail(err error) {
	if f.err == nil {
		f.err = err
	}
}

func importSetup(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "import setup", "SETUP.json")
	var db dbFlags
	db.register(fs)
	file, err := parseOne(fs, args, "JSON-Datei")
	if err != nil {
		return err
	}
	return withApp(ctx, e, &db, file, func(a *services.Set, in io.Reader) error {
		s, err := spatial.ReadSetup(in)
		if err != nil {
			return err
		}
		if err := a.Spatial.ImportSetup(operator(ctx), s); err != nil {
			return err
		}
		_, err = fmt.Fprintf(e.stdout, "Organisation eingespielt: %d Träger, %d Trägerverbünde, %d Zuständigkeiten, %d Teams, %d Leitungsrollen.\n",
			len(s.Providers), len(s.Alliances), len(s.Assignments), len(s.Teams), len(s.Duo))
		return err
	})
}

// importHSDS reads places, offers and providers from HSDS 3.1 (JSON or the
// CSV package as zip) into the atlas, all or nothing.
func importHSDS(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "import hsds", "DATEI.json|DATEI.zip [--dry-run] [--source TEXT]")
	var db dbFlags
	db.register(fs)
	dry := fs.Bool("dry-run", false, "nur prüfen und berichten, nichts schreiben")
	source := fs.String("source", "", "Quellenangabe der Daten (Standard: der Dateiname)")
	file, err := parseOne(fs, args, "HSDS-Datei (.json oder .zip)")
	if err != nil {
		return err
	}
	if *source == "" {
		*source = file
	}
	return withApp(ctx, e, &db, file, func(a *services.Set, in io.Reader) error {
		v, err := a.Atlas.View(operator(ctx))
		if err != nil {
			return err
		}
		d, warnings, err := hsds.Decode(in, hsds.DecodeOptions{SRID: a.Spatial.SRID(), Topics: v.Topics})
		if err != nil {
			return err
		}
		for _, p := range warnings {
			fmt.Fprintln(e.stdout, p.String())
		}
		if *dry {
			fmt.Fprintf(e.stdout, "HSDS geprüft: %d Träger, %d Orte, %d Angebote, keine Fehler (Probelauf, nichts geschrieben).\n",
				len(d.Providers), len(d.Places), len(d.Offers))
			return nil
		}
		imp := d.Import(*source)
		imp.Progress = newProgress(e)
		rep, err := a.Atlas.ImportAtlas(operator(ctx), imp)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "HSDS übernommen: %d neue Träger, %d Orte, %d Angebote.\n", rep.Providers, rep.Places, rep.Offers)
		for _, k := range rep.Outside {
			fmt.Fprintf(e.stdout, "  Ort %s liegt in keinem Baustein (ohne Sozialraum übernommen).\n", k)
		}
		return nil
	})
}
