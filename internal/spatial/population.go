package spatial

import (
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/csvio"
)

// MaxPopulationBytes bounds a population table; one row per block, so
// even 100,000 blocks stay far below it.
const MaxPopulationBytes = 32 << 20

// PopulationColumns says how to read a population table: the column of the
// block code and which columns hold which group. Without Groups every
// other column is a group named by its header ("gesamt", "0-26").
type PopulationColumns struct {
	Block  string            // default "baustein"
	Groups map[string]string // CSV column → group code
}

// PopulationTable is a parsed table: counts per group, in file order.
type PopulationTable struct {
	Groups map[string][]quartier.Population
	// Lines maps a block to the line it came from, for located reports.
	Lines map[string]int
}

// ReadPopulation parses a population CSV (',' or ';', UTF-8 or
// Windows-1252). Every fault is located by line and column; an empty
// cell means "withheld" (statistical offices suppress small counts) and
// is left out, not read as zero.
func ReadPopulation(r io.Reader, cols PopulationColumns) (*PopulationTable, []quartier.Problem, error) {
	t, err := csvio.Open(r, MaxPopulationBytes)
	if err != nil {
		return nil, quartier.ErrorProblems(err), err
	}
	if cols.Block == "" {
		cols.Block = "baustein"
	}
	bc := csvio.Column(t.Header, cols.Block)
	if bc < 0 {
		return nil, nil, quartier.Errorf(quartier.EINVALID, "Die Tabelle hat keine Spalte %q für den Baustein (Kopfzeile: %s).", cols.Block, strings.Join(t.Header, ", "))
	}
	type groupCol struct {
		col   int
		name  string
		group string
	}
	var gcs []groupCol
	if len(cols.Groups) == 0 {
		for i, h := range t.Header {
			if i != bc && strings.TrimSpace(h) != "" {
				gcs = append(gcs, groupCol{i, h, strings.ToLower(strings.TrimSpace(h))})
			}
		}
	} else {
		for _, name := range slices.Sorted(maps.Keys(cols.Groups)) {
			c := csvio.Column(t.Header, name)
			if c < 0 {
				return nil, nil, quartier.Errorf(quartier.EINVALID, "Die Tabelle hat keine Spalte %q (Kopfzeile: %s).", name, strings.Join(t.Header, ", "))
			}
			gcs = append(gcs, groupCol{c, name, cols.Groups[name]})
		}
	}
	if len(gcs) == 0 {
		return nil, nil, quartier.Errorf(quartier.EINVALID, "Die Tabelle hat außer dem Baustein keine Spalte mit Einwohnerzahlen.")
	}
	for _, g := range gcs {
		if !validGroup(g.group) {
			return nil, nil, quartier.Errorf(quartier.EINVALID, "Spalte %q: %q ist kein gültiger Gruppenname (a–z, 0–9, - _ +).", g.name, g.group)
		}
	}
	tab := &PopulationTable{Groups: map[string][]quartier.Population{}, Lines: map[string]int{}}
	var problems []quartier.Problem
	for {
		rec, line, err := t.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, append(problems, quartier.ErrorProblems(err)...), err
		}
		block := csvio.Cell(rec, bc)
		if block == "" {
			problems = append(problems, *csvio.ValueProblem(line, t.Header[bc], "der Baustein fehlt."))
			continue
		}
		if first, ok := tab.Lines[block]; ok {
			problems = append(problems, *csvio.ValueProblem(line, t.Header[bc], "Baustein %s steht schon in Zeile %d.", block, first))
			continue
		}
		tab.Lines[block] = line
		for _, g := range gcs {
			v := csvio.Cell(rec, g.col)
			if v == "" {
				continue
			}
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				problems = append(problems, *csvio.ValueProblem(line, g.name, "%q ist keine Anzahl (ganze Zahl ≥ 0, ohne Tausenderpunkt).", v))
				continue
			}
			tab.Groups[g.group] = append(tab.Groups[g.group], quartier.Population{Block: block, Group: g.group, Residents: n})
		}
	}
	if quartier.HasErrors(problems) {
		return nil, problems, &quartier.Error{Code: quartier.EINVALID, Message: fmt.Sprintf("Die Einwohnertabelle hat %d Fehler; nichts wurde gespeichert.", len(problems)), Problems: problems}
	}
	return tab, problems, nil
}

func validGroup(g string) bool {
	if g == "" || len(g) > 32 {
		return false
	}
	for _, r := range g {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '+') {
			return false
		}
	}
	return true
}

// PopulationReport says what an import stored.
type PopulationReport struct {
	Groups   map[string]int // group → blocks with a count
	Missing  []string       // blocks of the current layer without any count
	Problems []quartier.Problem
}

// ImportPopulation stores a population table for a reference date: every
// block must exist in the current block layer; blocks the table lacks are
// reported (their spaces' sums are then marked incomplete). All groups in
// one transaction.
func (a *Service) ImportPopulation(ctx context.Context, r io.Reader, cols PopulationColumns, date time.Time) (*PopulationReport, error) {
	if err := a.audit.Require(ctx, quartier.PermImportAreas, "population", ""); err != nil {
		return nil, err
	}
	tab, problems, err := ReadPopulation(r, cols)
	if err != nil {
		return nil, err
	}
	loc := a.Locator()
	rep := &PopulationReport{Groups: map[string]int{}, Problems: problems}
	for _, ps := range tab.Groups {
		for _, p := range ps {
			if _, ok := loc.blockByCode[p.Block]; !ok {
				rep.Problems = append(rep.Problems, quartier.Problem{Severity: quartier.SeverityError, Kind: quartier.ProblemUnknownBlock, Feature: tab.Lines[p.Block], Code: p.Block,
					Message: fmt.Sprintf("Zeile %d: Baustein %s gibt es in der aktuellen Bausteinebene nicht.", tab.Lines[p.Block], p.Block)})
			}
		}
	}
	if quartier.HasErrors(rep.Problems) {
		return nil, &quartier.Error{Code: quartier.EINVALID, Message: "Die Einwohnertabelle nennt unbekannte Bausteine; nichts wurde gespeichert.", Problems: dedupe(rep.Problems)}
	}
	for _, code := range loc.BlockCodes() {
		if _, ok := tab.Lines[code]; !ok {
			rep.Missing = append(rep.Missing, code)
		}
	}
	err = audit.Change(ctx, a.audit, a.store, quartier.PermImportAreas, "population", date.Format(quartier.DateLayout), func(tx Tx) (audit.Event, error) {
		for _, g := range slices.Sorted(maps.Keys(tab.Groups)) {
			if err := tx.SavePopulation(ctx, g, date, tab.Groups[g]); err != nil {
				return audit.Event{}, err
			}
			rep.Groups[g] = len(tab.Groups[g])
		}
		return audit.Event{Action: "population.import", ObjectType: "population", ObjectID: date.Format(quartier.DateLayout),
			Detail: fmt.Sprintf("%d Gruppen, %d Bausteine", len(tab.Groups), len(tab.Lines))}, nil
	})
	if err != nil {
		return nil, err
	}
	return rep, nil
}

// dedupe drops repeated problems (a block named in several group columns).
func dedupe(ps []quartier.Problem) []quartier.Problem {
	seen := map[string]bool{}
	var out []quartier.Problem
	for _, p := range ps {
		if !seen[p.Message] {
			seen[p.Message] = true
			out = append(out, p)
		}
	}
	return out
}
