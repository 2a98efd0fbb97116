package spatial

import (
	"bufio"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/paulmach/orb"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/geo"
	"github.com/quartier/quartier/internal/streetdir"
)

// MaxStreetBytes bounds a street directory upload (unpacked); Berlin's
// every address (401,032 rows) is 25 MB.
const MaxStreetBytes = 64 << 20

// maxStreetProblems bounds the problems an import lists; a file in the
// wrong shape would otherwise report every one of its rows.
const maxStreetProblems = 1000

// Settings of the street directory: its source for attribution, and the
// places a typed address is checked against (see streetdir.Places): the
// municipality it covers and the districts its entries name (one a line),
// and the larger areas that hold them (regions, one a line: the name, then
// its districts, separated by tabs), kept at the import so that a lookup
// reads three settings, not every entry. A directory imported before they
// were kept has none; its lookups then check a typed place against the
// street's own districts only. One imported without regions checks a
// place against districts alone (see streetdir.Street.LookupWith).
//
// The regions as given (NAME=PRÄFIX, one a line; streetdir.FormatRegions)
// are kept as well, so that the upload form offers the installation's
// regions again for the next import (StreetImportDefaults).
const (
	settingStreetSource      = "streets.source"
	settingStreetCity        = "streets.city"
	settingStreetDistricts   = "streets.districts"
	settingStreetRegions     = "streets.regions"
	settingStreetRegionsSpec = "streets.regions.spec"
)

// StreetImport describes an import of a street directory.
type StreetImport struct {
	// Input is the CSV (see streetdir.ReadCSV), plain or gzip-compressed.
	Input io.Reader
	// SRID is the CRS of x/y columns whose names do not say it; 0 takes
	// the installation's.
	SRID quartier.SRID
	// Source names where the directory comes from; it is shown with every
	// answer found in it ("Geoportal Berlin / Adressen Berlin").
	Source string
	// City is the municipality the directory covers ("Berlin"), which
	// its entries do not name: a typed address may put it before the
	// street ("Berlin Schönhauser Allee 100").
	City string
	// Regions are larger areas than the districts the entries name
	// (Berlin's Bezirke), which a typed address may name instead: each is
	// checked as the districts it holds. See streetdir.Region.
	Regions []streetdir.Region
	// KeepCity and KeepRegions take the municipality and the regions the
	// directory in use was imported with instead of City and Regions (the
	// command line without --gemeinde and --bezirk): a new edition of the
	// same list must not lose them, as the upload form offers them again
	// (StreetImportDefaults reads them alike).
	KeepCity, KeepRegions bool
	DryRun                bool
	Progress              quartier.Progress
}

// StreetReport is what a street directory import found and did.
type StreetReport struct {
	Entries int `json:"entries"`
	// Points counts entries with their own point; Located those whose
	// block was found at that point because the file named none.
	Points   int                `json:"points"`
	Located  int                `json:"located"`
	Problems []quartier.Problem `json:"problems"`
	Written  bool               `json:"written"`
	// City and Regions are those written: as given, or kept.
	City    string             `json:"city,omitempty"`
	Regions []streetdir.Region `json:"regions,omitempty"`
}

// ImportStreets replaces the street directory (Straßenverzeichnis) after
// checking every line: malformed rows, coordinates outside their CRS or
// outside every block, overlapping ranges and blocks that the current block
// layer does not know are all reported, and nothing is written while any
// remains. The directory is written in one transaction, so an interrupt or
// a failure leaves the previous one whole. The lookup index does not hold
// the directory, so nothing needs rebuilding afterwards.
func (a *Service) ImportStreets(ctx context.Context, req StreetImport) (*StreetReport, error) {
	if err := a.audit.Require(ctx, quartier.PermImportAreas, "streets", ""); err != nil {
		return nil, err
	}
	prog := quartier.ProgressOr(req.Progress)
	in, err := maybeGzip(req.Input)
	if err != nil {
		return nil, quartier.WrapError(quartier.EINVALID, err, "Straßenverzeichnis nicht lesbar (gzip).")
	}
	srid := req.SRID
	if srid == quartier.NoSRID {
		srid = a.SRID()
	}
	prog.Start("Straßenverzeichnis lesen", 0)
	f, err := streetdir.ReadCSV(in, streetdir.ReadOptions{MaxBytes: MaxStreetBytes, SRID: srid})
	prog.Done()
	if err != nil {
		return nil, quartier.WrapError(quartier.EINVALID, err, "Straßenverzeichnis nicht lesbar.")
	}
	rep := &StreetReport{Problems: f.Problems}
	loc := a.Locator()
	if f.Points {
		rep.Problems = append(rep.Problems, a.placeEntries(loc, f, rep)...)
	}
	if loc.block < 0 && len(f.Entries) > 0 {
		rep.Problems = append(rep.Problems, quartier.Problem{Severity: quartier.SeverityError, Kind: quartier.ProblemUnknownBlock, Feature: -1,
			Message: "Es gibt noch keine Bausteinebene; sie muss vor dem Straßenverzeichnis importiert werden."})
	} else {
		for i, e := range f.Entries {
			if _, ok := loc.blockByCode[e.Block]; !ok && e.Block != "" {
				rep.Problems = append(rep.Problems, quartier.Problem{Severity: quartier.SeverityError, Kind: quartier.ProblemUnknownBlock, Feature: f.Lines[i], Code: e.Block,
					Message: fmt.Sprintf("Zeile %d (%s %s): Baustein %s gibt es in der aktuellen Bausteinebene nicht.", f.Lines[i], e.Street, e.From, e.Block)})
			}
		}
	}
	if !quartier.HasErrors(rep.Problems) {
		rep.Problems = append(rep.Problems, streetdir.Overlaps(f.Entries, f.Place)...)
	}
	rep.Entries = len(f.Entries)
	if quartier.HasErrors(rep.Problems) {
		n := countErrors(rep.Problems)
		rep.Problems = capProblems(rep.Problems, maxStreetProblems)
		return rep, &quartier.Error{Code: quartier.EINVALID, Message: fmt.Sprintf("Import von Straßenverzeichnis abgelehnt: %d Fehler, nichts wurde geschrieben.", n), Problems: rep.Problems}
	}
	if req.DryRun {
		return rep, nil
	}
	prog.Start("Straßenverzeichnis schreiben", len(f.Entries))
	defer prog.Done()
	err = audit.Change(ctx, a.audit, a.store, quartier.PermImportAreas, "streets", "", func(tx Tx) (audit.Event, error) {
		rep.City, rep.Regions = strings.TrimSpace(req.City), req.Regions
		if req.KeepCity || req.KeepRegions {
			city, regions, err := importDefaults(ctx, tx)
			if err != nil {
				return audit.Event{}, err
			}
			if req.KeepCity {
				rep.City = city
			}
			if req.KeepRegions {
				rep.Regions = regions
			}
		}
		if err := tx.ReplaceStreets(ctx, f.Entries); err != nil {
			return audit.Event{}, err
		}
		for k, v := range map[string]string{settingStreetSource: req.Source, settingStreetCity: rep.City, settingStreetDistricts: districtList(f.Entries),
			settingStreetRegions: regionList(streetdir.RegionDistricts(f.Entries, rep.Regions)), settingStreetRegionsSpec: streetdir.FormatRegions(rep.Regions)} {
			if err := tx.SetSetting(ctx, k, v); err != nil {
				return audit.Event{}, err
			}
		}
		detail := fmt.Sprintf("%d Einträge, %d mit eigener Koordinate", len(f.Entries), rep.Points)
		if req.Source != "" {
			detail += ", Quelle: " + req.Source
		}
		return audit.Event{Action: "streets.import", ObjectType: "streets", Detail: detail}, nil
	})
	if err != nil {
		return rep, err
	}
	prog.Add(len(f.Entries))
	rep.Written = true
	return rep, nil
}

// StreetImportDefaults are the municipality and the regions (by block
// prefix) the installation's street directory was last imported with:
// the upload form offers them for the next import, and the command line
// keeps them where it is not given others (StreetImport.KeepRegions).
func (a *Service) StreetImportDefaults(ctx context.Context) (city string, regions []streetdir.Region, err error) {
	if err := a.audit.Require(ctx, quartier.PermImportAreas, "streets", ""); err != nil {
		return "", nil, err
	}
	err = a.store.View(ctx, func(tx Tx) (err error) {
		city, regions, err = importDefaults(ctx, tx)
		return err
	})
	return city, regions, err
}

// importDefaults reads the municipality and the regions as given at the
// last import.
func importDefaults(ctx context.Context, tx Tx) (string, []streetdir.Region, error) {
	city, err := tx.Setting(ctx, settingStreetCity)
	if err != nil {
		return "", nil, err
	}
	spec, err := tx.Setting(ctx, settingStreetRegionsSpec)
	if err != nil {
		return "", nil, err
	}
	regions, err := streetdir.ParseRegions(spec)
	return city, regions, err
}

// districtList is the districts of entries, each once, one a line.
func districtList(entries []quartier.StreetEntry) string {
	seen := map[string]bool{}
	var out []string
	for i := range entries {
		if d := entries[i].District; d != "" && !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	slices.Sort(out)
	return strings.Join(out, "\n")
}

// regionList is regions as settingStreetRegions keeps them: one a line,
// sorted by name, the name and its districts separated by tabs.
func regionList(regions map[string][]string) string {
	var lines []string
	for _, name := range slices.Sorted(maps.Keys(regions)) {
		lines = append(lines, strings.Join(append([]string{name}, regions[name]...), "\t"))
	}
	return strings.Join(lines, "\n")
}

// parseRegions reads what regionList wrote; nil for "".
func parseRegions(s string) map[string][]string {
	var out map[string][]string
	for line := range strings.SplitSeq(s, "\n") {
		f := strings.Split(line, "\t")
		if name := strings.TrimSpace(f[0]); name != "" && len(f) > 1 {
			if out == nil {
				out = map[string][]string{}
			}
			out[name] = append(out[name], f[1:]...)
		}
	}
	return out
}

// placeEntries moves the entries' points into the installation's CRS and
// gives entries without a block the block at their point. A point that lies
// in another block than the file names is reported once, as a warning with
// the count: official lists give the block of the address, which may be
// where the point is not (a building on a border).
func (a *Service) placeEntries(loc *Locator, f *streetdir.File, rep *StreetReport) []quartier.Problem {
	var problems []quartier.Problem
	if f.SRID == quartier.NoSRID || !f.SRID.Supported() {
		return []quartier.Problem{{Severity: quartier.SeverityError, Kind: quartier.ProblemCRS, Feature: 1,
			Message: fmt.Sprintf("Zeile 1: Koordinatensystem %s der Spalten x/y wird nicht unterstützt (4326, 25832, 25833).", f.SRID)}}
	}
	tr, err := geo.Transformer(f.SRID, a.SRID())
	if err != nil {
		return []quartier.Problem{{Severity: quartier.SeverityError, Kind: quartier.ProblemCRS, Feature: 1, Message: quartier.ErrorMessage(err)}}
	}
	elsewhere, firstElsewhere := 0, 0
	for i := range f.Entries {
		e := &f.Entries[i]
		if !e.HasPoint() {
			continue
		}
		line := f.Lines[i]
		p := orb.Point{e.X, e.Y}
		if err := geo.CheckRange(f.SRID, p); err != nil {
			problems = append(problems, quartier.Problem{Severity: quartier.SeverityError, Kind: quartier.ProblemOutOfRange, Feature: line, At: &[2]float64{e.X, e.Y},
				Message: fmt.Sprintf("Zeile %d: Koordinate (%g, %g) liegt außerhalb von %s; ist das Koordinatensystem richtig angegeben?", line, e.X, e.Y, f.SRID)})
			continue
		}
		q := tr(p)
		e.X, e.Y = q[0], q[1]
		rep.Points++
		if loc.block < 0 {
			continue // reported by the caller
		}
		block := loc.Locate(q).Block().Code
		switch {
		case e.Block == "" && block == "":
			problems = append(problems, quartier.Problem{Severity: quartier.SeverityError, Kind: quartier.ProblemOutOfRange, Feature: line, At: &[2]float64{p[0], p[1]},
				Message: fmt.Sprintf("Zeile %d: %s %s liegt in keinem Baustein, und die Zeile nennt keinen.", line, e.Street, e.From)})
		case e.Block == "":
			e.Block = block
			rep.Located++
		case block != e.Block:
			if elsewhere == 0 {
				firstElsewhere = line
			}
			elsewhere++
		}
	}
	if elsewhere > 0 {
		problems = append(problems, quartier.Problem{Severity: quartier.SeverityWarning, Kind: quartier.ProblemValue, Feature: firstElsewhere,
			Message: fmt.Sprintf("%d Adressen liegen nach ihrer Koordinate in einem anderen Baustein als dem genannten (zuerst Zeile %d); es gilt der genannte.", elsewhere, firstElsewhere)})
	}
	return problems
}

// maybeGzip reads r through gzip when it starts like a gzip stream, so that
// an official list can be imported as it was downloaded.
func maybeGzip(r io.Reader) (io.Reader, error) {
	br := bufio.NewReader(r)
	head, _ := br.Peek(2)
	if len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		return gzip.NewReader(br)
	}
	return br, nil
}

// capProblems keeps the first n problems and says how many more there were.
func capProblems(ps []quartier.Problem, n int) []quartier.Problem {
	if len(ps) <= n {
		return ps
	}
	more := len(ps) - n
	return append(ps[:n:n], quartier.Problem{Severity: quartier.SeverityWarning, Kind: quartier.ProblemValue, Feature: -1,
		Message: fmt.Sprintf("… und %d weitere Meldungen.", more)})
}
