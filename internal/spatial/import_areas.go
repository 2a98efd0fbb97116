package spatial

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"sort"
	"time"

	"github.com/paulmach/orb"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/geo"
	"github.com/quartier/quartier/internal/workgate"
)

// Limits of an area file, by who reads it. Anyone may check a file
// (POST /pruefen), so the public limits keep a check cheap while Berlin's
// 542 planning areas (5 MB, 198,087 vertices, the largest ring 2,438)
// still pass with room. Whoever may import areas gets geo's defaults, a
// federal state's blocks.
var (
	PublicAreaLimits = geo.Limits{Bytes: 16 << 20, Features: 20_000, Vertices: 250_000, RingVertices: 50_000, Properties: 200_000}
	ImportAreaLimits = geo.DefaultLimits()
)

// Public checks run at most one per two cores at a time, so that their
// memory is bounded in total, not only each, and visitors cannot take
// every core (a check at the public limits may compute for half a minute
// when all its areas overlap); a check waits at most publicCheckWait for
// its turn.
var maxPublicChecks = max(1, runtime.GOMAXPROCS(0)/2)

// publicCheckQueue bounds the checks that wait: each holds its file (up
// to 16 MB on disk) while it waits, so beyond these one is refused at once.
const (
	publicCheckWait  = 10 * time.Second
	publicCheckQueue = 8
)

// AreaLimits are the limits of an area file read for the actor in ctx;
// hint says where they are higher, if anywhere.
func (a *Service) AreaLimits(ctx context.Context) (lim geo.Limits, hint string) {
	if quartier.ActorFrom(ctx).Can(quartier.PermImportAreas) {
		return ImportAreaLimits, ""
	}
	return PublicAreaLimits, higherLimits
}

// errChecksBusy answers a public check that found no place in time.
var errChecksBusy = workgate.Busy(time.Minute, "Gerade werden zu viele Dateien geprüft. Bitte in einer Minute noch einmal versuchen.")

func newPublicChecks() *workgate.Gate {
	return workgate.New(int64(maxPublicChecks), publicCheckQueue, publicCheckWait, errChecksBusy)
}

// LayerSpec names the layer an import writes to; it is created on first use.
type LayerSpec struct {
	Code     string
	Name     string
	Kind     quartier.LayerKind
	Space    bool
	Position int
}

// ImportAreasRequest describes an import of a layer with its own geometry
// (the block layer or an imported layer) from GeoJSON.
type ImportAreasRequest struct {
	Layer        LayerSpec
	Input        io.Reader
	Source       string        // file name, kept with the version
	CodeProperty string        // property holding the area code
	NameProperty string        // property holding the name
	SourceSRID   quartier.SRID // 0: from the file's crs member, else WGS84
	// ReferenceDate is the Gebietsstand; ValidFrom defaults to it.
	ReferenceDate time.Time
	ValidFrom     time.Time
	DryRun        bool
	// FileOnly checks the file alone, for no layer (the public check): a
	// dry run otherwise also checks what writing to Layer would refuse.
	FileOnly bool
	Repair   bool
	MaxBytes int64
	Progress quartier.Progress
	// OverlapTolerance and GapTolerance in m²; 0 takes geo's defaults.
	OverlapTolerance float64
	GapTolerance     float64
}

// ImportReport is what an import found and did.
type ImportReport struct {
	Layer    string             `json:"layer"`
	Features int                `json:"features"`
	Problems []quartier.Problem `json:"problems"`
	Written  bool               `json:"written"`
	Version  int64              `json:"version,omitempty"`
	Closed   int64              `json:"closed_version,omitempty"` // previous version, now closed
	// ReferenceDate and ValidFrom are those of the written version, and
	// ClosedReference the previous version's Gebietsstand: people name a
	// Gebietsstand by its date, never by the database's version id.
	ReferenceDate   time.Time     `json:"reference_date,omitzero"`
	ValidFrom       time.Time     `json:"valid_from,omitzero"`
	ClosedReference time.Time     `json:"closed_reference_date,omitzero"`
	Changes         []BlockChange `json:"changes,omitempty"`
	// Recomposed lists the composed layers rebuilt on a new Gebietsstand of
	// the blocks, each with its own changes.
	Recomposed []ImportReport `json:"recomposed,omitempty"`
}

// ImportAreas validates the input completely and then writes it as a new
// version in one transaction: either every area is stored or none.
func (a *Service) ImportAreas(ctx context.Context, req ImportAreasRequest) (*ImportReport, error) {
	// A dry run writes nothing and shows only the caller's own file, so
	// anyone may check a file; writing needs the import permission.
	perm := quartier.PermImportAreas
	if req.DryRun {
		perm = quartier.PermReadPublic
	}
	if err := a.audit.Require(ctx, perm, "layer", req.Layer.Code); err != nil {
		return nil, err
	}
	if req.Layer.Kind == quartier.LayerComposed {
		return nil, quartier.Errorf(quartier.EINVALID, "Die Ebene %s wird aus Bausteinen zusammengesetzt; dafür gibt es den Import einer Zuordnungstabelle.", req.Layer.Code)
	}
	lim, hint := a.AreaLimits(ctx)
	if req.MaxBytes > 0 && req.MaxBytes < lim.Bytes {
		lim.Bytes = req.MaxBytes
	}
	if !quartier.ActorFrom(ctx).Can(quartier.PermImportAreas) {
		if err := a.publicChecks.Enter(ctx, 1); err != nil {
			return nil, err
		}
		defer a.publicChecks.Leave(1)
	}
	prog := quartier.ProgressOr(req.Progress)
	rep := &ImportReport{Layer: req.Layer.Code}

	prog.Start("Lesen", 0)
	// src is the file's CRS, target the one its areas are checked and
	// stored in: the installation's, or for the first areas of a
	// provisional installation the file's own.
	var src, target, adopt quartier.SRID
	feats, problems, err := geo.Read(req.Input, geo.ReadOptions{
		CodeProperty: req.CodeProperty,
		NameProperty: req.NameProperty,
		SourceSRID:   req.SourceSRID,
		Limits:       lim,
		LimitHint:    hint,
		Repair:       req.Repair,
		Progress:     func(n int, _ int64) { prog.Add(1) },
		Target: func(s quartier.SRID, b orb.Bound) quartier.SRID {
			src, target = s, a.SRID()
			if !a.fixed.Load() && a.Locator().block < 0 && len(a.Locator().layers) == 0 {
				adopt = projectedFor(s, b)
				target = adopt
			}
			return target
		},
	})
	prog.Done()
	if err != nil {
		return nil, err
	}
	rep.Features = len(feats)
	rep.Problems = append(rep.Problems, problems...)
	if !quartier.HasErrors(problems) {
		feats, problems = geo.Validate(feats, geo.ValidateOptions{
			Repair:           req.Repair,
			OverlapTolerance: req.OverlapTolerance,
			GapTolerance:     req.GapTolerance,
			GapsAreErrors:    req.Layer.Kind == quartier.LayerBlock,
		})
		// Validation finds faults in the target CRS; the file's author
		// looks for them in the file's own.
		fromTarget(problems, target, src)
		rep.Problems = append(rep.Problems, problems...)
	}
	locateProblems(rep.Problems, src, feats)
	if adopt != quartier.NoSRID {
		rep.Problems = append(rep.Problems, quartier.Problem{Severity: quartier.SeverityWarning, Kind: quartier.ProblemCRS, Feature: -1,
			Message: fmt.Sprintf("Die Installation hatte noch kein Koordinatensystem und übernimmt %s aus der Datei.", adopt)})
	}
	if len(feats) == 0 && !quartier.HasErrors(rep.Problems) {
		rep.Problems = append(rep.Problems, quartier.Problem{Severity: quartier.SeverityError, Kind: quartier.ProblemGeometryType, Feature: -1, Message: "Die Datei enthält keine Flächen."})
	}
	d := versionDates(req.ReferenceDate, req.ValidFrom, a.today())
	if req.DryRun && !req.FileOnly && !quartier.HasErrors(rep.Problems) {
		rep.Problems = append(rep.Problems, a.checkTarget(ctx, req.Layer, d)...)
	}
	if quartier.HasErrors(rep.Problems) {
		return rep, rejected(req.Layer.Code, rep.Problems)
	}
	if req.DryRun {
		return rep, nil
	}

	areas := make([]quartier.Area, len(feats))
	for i, f := range feats {
		areas[i] = quartier.Area{Code: f.Code, Name: f.Name, Geometry: f.Geometry, AreaM2: geo.Area(f.Geometry), Properties: f.Properties}
	}
	if err := a.writeVersion(ctx, "layer.import", req.Layer, d, req.Source, areas, adopt, prog, rep); err != nil {
		return rep, err
	}
	if adopt != quartier.NoSRID {
		a.srid.Store(int32(adopt))
		a.fixed.Store(true)
	}
	return rep, a.Rebuild(ctx)
}

// projectedFor is the CRS a new installation takes from its first file:
// the file's own when it is projected, else the UTM zone (32 or 33) of the
// middle of its lon/lat coordinates.
func projectedFor(src quartier.SRID, b orb.Bound) quartier.SRID {
	if src.Projected() {
		return src
	}
	if b.Center()[0] < 12 {
		return quartier.UTM32N
	}
	return quartier.UTM33N
}

// fromTarget moves the problems' coordinates from target back into src.
func fromTarget(ps []quartier.Problem, target, src quartier.SRID) {
	if target == src || src == quartier.NoSRID {
		return
	}
	tr, err := geo.Transformer(target, src)
	if err != nil {
		return
	}
	for i := range ps {
		if at := ps[i].At; at != nil {
			p := tr(orb.Point{at[0], at[1]})
			ps[i].At = &[2]float64{p[0], p[1]}
		}
	}
}

// locateProblems completes the problems of a file in src: the CRS of
// their coordinates, the same point in WGS84 (for a map), and the name of
// the area a code names.
func locateProblems(ps []quartier.Problem, src quartier.SRID, feats []geo.Feature) {
	names := make(map[string]string, len(feats))
	for _, f := range feats {
		names[f.Code] = f.Name
	}
	toWGS84, err := geo.Transformer(src, quartier.WGS84)
	for i := range ps {
		p := &ps[i]
		if p.Name == "" {
			p.Name = names[p.Code]
		}
		if p.At == nil || src == quartier.NoSRID || err != nil {
			continue
		}
		p.SRID = src
		at := orb.Point{p.At[0], p.At[1]}
		if geo.CheckRange(src, at) != nil {
			continue // outside the CRS: no sensible point on a map
		}
		ll := toWGS84(at)
		p.LonLat = &[2]float64{ll[0], ll[1]}
	}
}

// higherLimits tells a checker without the import permission where the
// limits are higher.
var higherLimits = "Angemeldet mit dem Recht „" + permissionLabel(quartier.PermImportAreas) + "“ gelten höhere Grenzen (" +
	geo.Size(ImportAreaLimits.Bytes) + ", " + geo.Count(ImportAreaLimits.Vertices) + " Punkte)."

func permissionLabel(p quartier.Permission) string {
	for _, pi := range quartier.PermissionTable {
		if pi.Permission == p {
			return pi.Label
		}
	}
	return string(p)
}

func countErrors(ps []quartier.Problem) int {
	n := 0
	for _, p := range ps {
		if p.Severity == quartier.SeverityError {
			n++
		}
	}
	return n
}

type dates struct{ reference, validFrom time.Time }

func versionDates(reference, validFrom, today time.Time) dates {
	if reference.IsZero() {
		reference = today
	}
	if validFrom.IsZero() {
		validFrom = reference
	}
	return dates{quartier.Day(reference), quartier.Day(validFrom)}
}

// writeVersion stores areas as the new current version of the layer, closing
// the previous one, in one transaction. It checks ctx between areas so that
// an interrupt (Ctrl-C) rolls everything back instead of leaving half a layer.
// action names the audit entry ("layer.import", "layer.compose").
//
// adopt, when set, is the CRS a provisional installation takes with this
// version, stored in the same transaction.
func (a *Service) writeVersion(ctx context.Context, action string, spec LayerSpec, d dates, source string, areas []quartier.Area, adopt quartier.SRID, prog quartier.Progress, rep *ImportReport) error {
	return audit.Change(ctx, a.audit, a.store, quartier.PermImportAreas, "layer", spec.Code, func(tx Tx) (audit.Event, error) {
		if adopt != quartier.NoSRID {
			if err := a.adoptSRID(ctx, tx, adopt); err != nil {
				return audit.Event{}, err
			}
		}
		if err := writeVersionTx(ctx, tx, spec, d, source, areas, prog, rep); err != nil {
			return audit.Event{}, err
		}
		if spec.Kind == quartier.LayerBlock && rep.Closed != 0 {
			if err := recompose(ctx, tx, d, areas, prog, rep); err != nil {
				return audit.Event{}, err
			}
		}
		detail := fmt.Sprintf("Gebietsstand ab %s, %d Gebiete, %d geänderte Bausteine", d.validFrom.Format(quartier.GermanDateLayout), len(areas), len(rep.Changes))
		if len(rep.Recomposed) > 0 {
			detail += fmt.Sprintf(", %d Ebenen neu zusammengesetzt", len(rep.Recomposed))
		}
		return audit.Event{Action: action, ObjectType: "layer", ObjectID: spec.Code, Detail: detail}, nil
	})
}

func writeVersionTx(ctx context.Context, tx Tx, spec LayerSpec, d dates, source string, areas []quartier.Area, prog quartier.Progress, rep *ImportReport) error {
	sort.Slice(areas, func(i, j int) bool { return areas[i].Code < areas[j].Code })
	{
		layer, err := ensureLayer(ctx, tx, spec)
		if err != nil {
			return err
		}
		prev, err := previousVersion(ctx, tx, layer, d)
		if err != nil {
			return err
		}
		v := &quartier.Version{LayerID: layer.ID, ReferenceDate: d.reference, ValidFrom: d.validFrom, Source: source}
		if prev != nil {
			if err := tx.CloseVersion(ctx, prev.ID, d.validFrom); err != nil {
				return err
			}
			rep.Closed, rep.ClosedReference = prev.ID, prev.ReferenceDate
		}
		if layer.Kind == quartier.LayerComposed {
			bv, err := blockVersion(ctx, tx)
			if err != nil {
				return err
			}
			v.BlockVersionID = bv.ID
		}
		if err := tx.CreateVersion(ctx, v); err != nil {
			return err
		}
		prog.Start("Schreiben", len(areas))
		defer prog.Done()
		for i := range areas {
			if err := ctx.Err(); err != nil {
				return quartier.WrapError(quartier.EINVALID, err, "Import abgebrochen, nichts wurde geschrieben.")
			}
			areas[i].VersionID = v.ID
			if err := tx.CreateArea(ctx, &areas[i]); err != nil {
				return err
			}
			prog.Add(1)
		}
		rep.Version, rep.Written = v.ID, true
		rep.ReferenceDate, rep.ValidFrom = v.ReferenceDate, v.ValidFrom
		if prev != nil {
			rep.Changes, err = compareVersions(ctx, tx, layer, prev.ID, v.ID)
			return err
		}
		return nil
	}
}

// previousVersion is the current version of layer, which a new
// Gebietsstand from d on closes (nil for a layer without one); a new one
// must begin after it.
func previousVersion(ctx context.Context, tx Tx, layer *quartier.Layer, d dates) (*quartier.Version, error) {
	if layer.ID == 0 {
		return nil, nil
	}
	prev, err := currentVersion(ctx, tx, layer.ID)
	if err != nil || prev == nil {
		return nil, err
	}
	if !d.validFrom.After(prev.ValidFrom) {
		return nil, quartier.Errorf(quartier.ECONFLICT, "Der neue Gebietsstand von %s muss nach dem bisherigen (gültig ab %s) beginnen.", layer.Code, prev.ValidFrom.Format(quartier.GermanDateLayout))
	}
	return prev, nil
}

// checkTarget is what writing a new Gebietsstand to spec would refuse,
// found before anything is written (a dry run reports it with the
// file's findings): a layer of another kind, a second block or space
// layer, a Gebietsstand that does not begin after the current one.
func (a *Service) checkTarget(ctx context.Context, spec LayerSpec, d dates) []quartier.Problem {
	err := a.store.View(ctx, func(tx Tx) error {
		l, err := targetLayer(ctx, tx, spec)
		if err != nil {
			return err
		}
		_, err = previousVersion(ctx, tx, l, d)
		return err
	})
	if err == nil {
		return nil
	}
	return []quartier.Problem{{Severity: quartier.SeverityError, Kind: quartier.ProblemInvalid, Feature: -1, Code: spec.Code, Message: quartier.ErrorMessage(err)}}
}

// ensureLayer returns the layer with spec.Code, creating it when missing.
func ensureLayer(ctx context.Context, tx Tx, spec LayerSpec) (*quartier.Layer, error) {
	l, err := targetLayer(ctx, tx, spec)
	if err != nil || l.ID != 0 {
		return l, err
	}
	return l, tx.CreateLayer(ctx, l)
}

// targetLayer returns the layer with spec.Code, or the layer spec would
// create (ID 0) if that may be created. An existing layer keeps its kind:
// a block layer cannot silently become an imported one.
func targetLayer(ctx context.Context, tx Tx, spec LayerSpec) (*quartier.Layer, error) {
	l, err := tx.LayerByCode(ctx, spec.Code)
	if err == nil {
		if l.Kind != spec.Kind {
			return nil, quartier.Errorf(quartier.ECONFLICT, "Die Ebene %s ist vom Typ „%s“, nicht „%s“.", l.Code, l.Kind.Label(), spec.Kind.Label())
		}
		return l, nil
	}
	if quartier.ErrorCode(err) != quartier.ENOTFOUND {
		return nil, err
	}
	l = &quartier.Layer{Code: spec.Code, Name: spec.Name, Kind: spec.Kind, Space: spec.Space, Position: spec.Position}
	if l.Name == "" {
		l.Name = spec.Code
	}
	if err := l.Validate(); err != nil {
		return nil, err
	}
	layers, err := tx.Layers(ctx)
	if err != nil {
		return nil, err
	}
	for _, o := range layers {
		if o.Kind == quartier.LayerBlock && l.Kind == quartier.LayerBlock {
			return nil, quartier.Errorf(quartier.ECONFLICT, "Es gibt schon eine Bausteinebene (%s).", o.Code)
		}
		if o.Space && l.Space {
			return nil, quartier.Errorf(quartier.ECONFLICT, "Es gibt schon eine Sozialraumebene (%s).", o.Code)
		}
	}
	if l.Position == 0 {
		l.Position = len(layers) + 1
		if l.Kind == quartier.LayerBlock {
			l.Position = 0
		}
	}
	return l, nil
}

// blockVersion is the current version of the block layer.
func blockVersion(ctx context.Context, tx Tx) (*quartier.Version, error) {
	layers, err := tx.Layers(ctx)
	if err != nil {
		return nil, err
	}
	for _, l := range layers {
		if l.Kind == quartier.LayerBlock {
			v, err := currentVersion(ctx, tx, l.ID)
			if err != nil {
				return nil, err
			}
			if v != nil {
				return v, nil
			}
		}
	}
	return nil, quartier.Errorf(quartier.EINVALID, "Es gibt noch keine Bausteinebene; sie muss vor zusammengesetzten Ebenen importiert werden.")
}
