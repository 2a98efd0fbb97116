package spatial

import (
	"context"
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/paulmach/orb"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/csvio"
	"github.com/quartier/quartier/internal/geo"
)

// Membership says that a block belongs to an area of a composed layer; it is
// one row of a block→area table (Zuordnungstabelle).
type Membership struct {
	Line     int // 1-based source line for located problems, 0 if none
	Block    string
	Area     string
	AreaName string
}

// ComposeRequest builds a new version of a composed layer (Baukasten
// Planungsraum): each area is a set of blocks and its geometry is the union
// of those blocks, never drawn by hand, so all plannings share borders.
type ComposeRequest struct {
	Layer   LayerSpec
	Members []Membership
	// Names gives area names where the table has none.
	Names         map[string]string
	ReferenceDate time.Time
	ValidFrom     time.Time
	Source        string
	DryRun        bool
	// AllowPartial accepts blocks that belong to no area (a planning for part
	// of the city); they are then reported as warnings, not errors.
	AllowPartial bool
	Progress     quartier.Progress
}

// MaxMembershipBytes bounds a block→area table; Berlin's 542 planning
// areas take 20 KB, a federal state's blocks a few MB.
const MaxMembershipBytes = 64 << 20

// ReadMemberships reads a block→area table (Zuordnungstabelle): a header
// line, then block, area and optionally the area's name per row, with ','
// or ';' as spreadsheets write them. Each row keeps its line, so the
// check names where a fault is.
func ReadMemberships(r io.Reader) ([]Membership, error) {
	t, err := csvio.Open(r, MaxMembershipBytes)
	if err != nil {
		return nil, err
	}
	var out []Membership
	for {
		rec, line, err := t.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		out = append(out, Membership{Line: line, Block: csvio.Cell(rec, 0), Area: csvio.Cell(rec, 1), AreaName: csvio.Cell(rec, 2)})
	}
}

// PrefixMembers assigns every block to the area whose code is the block
// code's first n characters — Berlin's LOR codes nest this way (Planungsraum
// 8 digits, Bezirksregion 6, Prognoseraum 4).
func PrefixMembers(blocks []string, n int, names map[string]string) []Membership {
	out := make([]Membership, 0, len(blocks))
	for _, b := range blocks {
		if len(b) < n {
			out = append(out, Membership{Block: b})
			continue
		}
		out = append(out, Membership{Block: b, Area: b[:n], AreaName: names[b[:n]]})
	}
	return out
}

// ComposeLayer checks the table against the current block layer and writes
// the composed areas in one transaction.
func (a *Service) ComposeLayer(ctx context.Context, req ComposeRequest) (*ImportReport, error) {
	if err := a.audit.Require(ctx, quartier.PermImportAreas, "layer", req.Layer.Code); err != nil {
		return nil, err
	}
	req.Layer.Kind = quartier.LayerComposed
	prog := quartier.ProgressOr(req.Progress)
	rep := &ImportReport{Layer: req.Layer.Code}

	var blocks []quartier.Area
	if err := a.store.View(ctx, func(tx Tx) error {
		var err error
		blocks, err = currentBlocks(ctx, tx)
		return err
	}); err != nil {
		return nil, err
	}
	groups, problems := groupMembers(req, blocks)
	rep.Problems = problems
	rep.Features = len(groups)
	if len(groups) == 0 && !quartier.HasErrors(problems) {
		rep.Problems = append(rep.Problems, quartier.Problem{Severity: quartier.SeverityError, Kind: quartier.ProblemMissingCode, Feature: -1, Message: "Die Zuordnungstabelle enthält kein Gebiet."})
	}
	d := versionDates(req.ReferenceDate, req.ValidFrom, a.today())
	if req.DryRun && !quartier.HasErrors(rep.Problems) {
		rep.Problems = append(rep.Problems, a.checkTarget(ctx, req.Layer, d)...)
	}
	if quartier.HasErrors(rep.Problems) {
		return rep, rejected(req.Layer.Code, rep.Problems)
	}
	if req.DryRun {
		return rep, nil
	}

	areas, err := unionGroups(ctx, groups, blocks, prog)
	if err != nil {
		return rep, err
	}
	if err := a.writeVersion(ctx, "layer.compose", req.Layer, d, req.Source, areas, quartier.NoSRID, prog, rep); err != nil {
		return rep, err
	}
	return rep, a.Rebuild(ctx)
}

// unionGroups computes each composed area's geometry as the union of its
// blocks.
func unionGroups(ctx context.Context, groups, blocks []quartier.Area, prog quartier.Progress) ([]quartier.Area, error) {
	geomByCode := make(map[string]orb.MultiPolygon, len(blocks))
	for _, b := range blocks {
		geomByCode[b.Code] = b.Geometry
	}
	prog.Start("Vereinigen", len(groups))
	defer prog.Done()
	areas := make([]quartier.Area, 0, len(groups))
	for _, g := range groups {
		if err := ctx.Err(); err != nil {
			return nil, quartier.WrapError(quartier.EINVALID, err, "Import abgebrochen, nichts wurde geschrieben.")
		}
		parts := make([]orb.MultiPolygon, len(g.Blocks))
		for i, b := range g.Blocks {
			parts[i] = geomByCode[b]
		}
		u, err := geo.Union(parts)
		if err != nil {
			return nil, quartier.WrapError(quartier.EINVALID, err, "Die Bausteine von %s lassen sich nicht vereinigen.", g.Code)
		}
		g.Geometry, g.AreaM2 = u, geo.Area(u)
		areas = append(areas, g)
		prog.Add(1)
	}
	return areas, nil
}

// recompose rebuilds every composed layer on a new Gebietsstand of the
// blocks, in the block import's transaction: same block lists, new union
// geometry, a new version valid from the same day. A layer whose table no
// longer fits the blocks (a block split or renamed) keeps its old version
// and is reported, since only a planner can say where the new blocks go.
func recompose(ctx context.Context, tx Tx, d dates, blocks []quartier.Area, prog quartier.Progress, rep *ImportReport) error {
	layers, err := tx.Layers(ctx)
	if err != nil {
		return err
	}
	for _, l := range layers {
		if l.Kind != quartier.LayerComposed {
			continue
		}
		cv, err := currentVersion(ctx, tx, l.ID)
		if err != nil {
			return err
		}
		if cv == nil {
			continue
		}
		stale := func(format string, args ...any) {
			rep.Problems = append(rep.Problems, quartier.Problem{Severity: quartier.SeverityWarning, Kind: quartier.ProblemInvalid, Feature: -1, Code: l.Code,
				Message: fmt.Sprintf("Ebene %s bleibt auf dem bisherigen Gebietsstand: ", l.Code) + fmt.Sprintf(format, args...)})
		}
		if !d.validFrom.After(cv.ValidFrom) {
			stale("ihr Stand gilt erst ab %s.", cv.ValidFrom.Format(quartier.GermanDateLayout))
			continue
		}
		old, err := tx.Areas(ctx, cv.ID)
		if err != nil {
			return err
		}
		var members []Membership
		for _, ar := range old {
			for _, b := range ar.Blocks {
				members = append(members, Membership{Block: b, Area: ar.Code, AreaName: ar.Name})
			}
		}
		groups, problems := groupMembers(ComposeRequest{Members: members}, blocks)
		if n := countErrors(problems); n > 0 {
			first := ""
			for _, p := range problems {
				if p.Severity == quartier.SeverityError {
					first = p.Message
					break
				}
			}
			stale("die Zuordnung passt nicht mehr zu den Bausteinen (%d Fehler, z. B. %s) – bitte neu zuordnen.", n, first)
			continue
		}
		areas, err := unionGroups(ctx, groups, blocks, prog)
		if err != nil {
			return err
		}
		sub := ImportReport{Layer: l.Code, Features: len(areas)}
		spec := LayerSpec{Code: l.Code, Kind: quartier.LayerComposed}
		if err := writeVersionTx(ctx, tx, spec, d, "neu zusammengesetzt aus dem neuen Gebietsstand der Bausteine", areas, prog, &sub); err != nil {
			return err
		}
		rep.Recomposed = append(rep.Recomposed, sub)
	}
	return nil
}

// groupMembers turns table rows into areas with sorted block lists and finds
// every consistency fault: unknown blocks, blocks in two areas, blocks in
// none, rows without an area.
func groupMembers(req ComposeRequest, blocks []quartier.Area) ([]quartier.Area, []quartier.Problem) {
	known := make(map[string]bool, len(blocks))
	for _, b := range blocks {
		known[b.Code] = true
	}
	var problems []quartier.Problem
	// A row of a table is named by its file and line, as in every CSV
	// report; rows made from prefixes or a stored layer have no line.
	fault := func(sev quartier.Severity, kind string, m Membership, format string, args ...any) {
		p := quartier.Problem{Severity: sev, Kind: kind, Feature: -1, Code: m.Block, Other: m.Area, Message: fmt.Sprintf(format, args...)}
		if m.Line > 0 {
			p.Feature, p.File = m.Line, req.Source
			if p.File == "" {
				p.File = "Tabelle"
			}
		}
		problems = append(problems, p)
	}
	owner := map[string]Membership{}
	byArea := map[string]*quartier.Area{}
	for _, m := range req.Members {
		switch {
		case m.Area == "" || !quartier.ValidAreaCode(m.Area):
			fault(quartier.SeverityError, quartier.ProblemMissingCode, m, "Baustein %s ist keinem gültigen Gebietscode zugeordnet (%q).", m.Block, m.Area)
			continue
		case !known[m.Block]:
			fault(quartier.SeverityError, quartier.ProblemUnknownBlock, m, "Baustein %s gibt es in der aktuellen Bausteinebene nicht.", m.Block)
			continue
		}
		if prev, ok := owner[m.Block]; ok {
			if prev.Area != m.Area {
				fault(quartier.SeverityError, quartier.ProblemBlockTwice, m, "Baustein %s ist zwei Gebieten zugeordnet: %s (Zeile %d) und %s.", m.Block, prev.Area, prev.Line, m.Area)
			} else {
				fault(quartier.SeverityWarning, quartier.ProblemBlockTwice, m, "Baustein %s ist %s doppelt zugeordnet (auch Zeile %d).", m.Block, m.Area, prev.Line)
			}
			continue
		}
		owner[m.Block] = m
		ar := byArea[m.Area]
		if ar == nil {
			ar = &quartier.Area{Code: m.Area, Name: req.Names[m.Area]}
			byArea[m.Area] = ar
		}
		if ar.Name == "" {
			ar.Name = m.AreaName
		}
		ar.Blocks = append(ar.Blocks, m.Block)
	}
	sev := quartier.SeverityError
	if req.AllowPartial {
		sev = quartier.SeverityWarning
	}
	for _, b := range blocks {
		if _, ok := owner[b.Code]; !ok {
			problems = append(problems, quartier.Problem{Severity: sev, Kind: quartier.ProblemBlockMissing, Feature: -1, Code: b.Code,
				Message: fmt.Sprintf("Baustein %s (%s) gehört zu keinem Gebiet.", b.Code, b.Name)})
		}
	}
	out := make([]quartier.Area, 0, len(byArea))
	for _, ar := range byArea {
		sort.Strings(ar.Blocks)
		if ar.Name == "" {
			ar.Name = ar.Code
		}
		out = append(out, *ar)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out, problems
}

func rejected(layer string, ps []quartier.Problem) error {
	return &quartier.Error{Code: quartier.EINVALID, Message: fmt.Sprintf("Import von %s abgelehnt: %d Fehler, nichts wurde geschrieben.", layer, countErrors(ps)), Problems: ps}
}
