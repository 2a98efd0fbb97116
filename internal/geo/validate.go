package geo

import (
	"fmt"
	"math"
	"sort"

	"github.com/paulmach/orb"
	"github.com/peterstace/simplefeatures/geom"
	"github.com/tidwall/rtree"

	"github.com/quartier/quartier"
)

// Default tolerances (m²): digitising noise between neighbouring areas is
// typically far below one square metre; anything larger is a real fault.
const (
	DefaultOverlapTolerance = 1.0
	DefaultGapTolerance     = 1.0
)

// ValidateOptions control Validate.
type ValidateOptions struct {
	// Repair fixes what is safely fixable and reports each change with
	// SeverityRepaired: self-intersecting polygons are rebuilt by a unary
	// union, and overlaps are removed from the area with the greater code.
	Repair           bool
	OverlapTolerance float64
	GapTolerance     float64
	// GapsAreErrors makes gaps errors (a block layer must tile the city);
	// otherwise they are warnings (an imported layer may leave out parks).
	GapsAreErrors bool
}

type validator struct {
	opt      ValidateOptions
	feats    []Feature
	problems []quartier.Problem
	tally    tally
}

func (v *validator) add(sev quartier.Severity, kind string, f *Feature, at *orb.Point, format string, args ...any) {
	if len(v.problems) >= maxProblems {
		return
	}
	p := quartier.Problem{Severity: sev, Kind: kind, Feature: f.Index, Code: f.Code, Message: fmt.Sprintf(format, args...)}
	if at != nil {
		p.At = &[2]float64{at[0], at[1]}
	}
	v.problems = append(v.problems, p)
}

// Validate checks features in a projected CRS (metres) and returns them,
// repaired where allowed, with every finding located by feature, code and a
// coordinate in that CRS.
func Validate(feats []Feature, opt ValidateOptions) ([]Feature, []quartier.Problem) {
	if opt.OverlapTolerance <= 0 {
		opt.OverlapTolerance = DefaultOverlapTolerance
	}
	if opt.GapTolerance <= 0 {
		opt.GapTolerance = DefaultGapTolerance
	}
	v := &validator{opt: opt, feats: feats}
	v.duplicates()
	if !v.untangled() {
		return v.feats, v.problems
	}
	for i := range v.feats {
		v.geometry(&v.feats[i])
	}
	v.coverage()
	return v.feats, v.problems
}

func (v *validator) duplicates() {
	seen := map[string]int{}
	for i := range v.feats {
		f := &v.feats[i]
		if j, ok := seen[f.Code]; ok {
			v.add(quartier.SeverityError, quartier.ProblemDuplicateCode, f, nil, "Der Code %s kommt doppelt vor (auch Objekt %d).", f.Code, j)
			continue
		}
		seen[f.Code] = f.Index
	}
}

// geometry checks one feature's rings; a self-intersection is located at
// the crossing itself, which is what a GIS user needs to find it.
func (v *validator) geometry(f *Feature) {
	bad := false
	for pi, poly := range f.Geometry {
		for ri, r := range poly {
			p, ok, tangled := selfIntersection(r)
			if tangled {
				v.add(quartier.SeverityError, quartier.ProblemInvalid, f, &r[0], "%s ist zu verwickelt, um ihn zu prüfen (mehr als %d Paare seiner Kanten liegen nebeneinander). Bitte in einem GIS prüfen und vereinfachen.",
					ringName(pi, ri), ringStepsFixed+ringStepsPerEdge*(len(r)-1))
				bad = true
				continue
			}
			if ok {
				if v.opt.Repair {
					bad = true // repaired below, as a whole polygon
					continue
				}
				v.add(quartier.SeverityError, quartier.ProblemSelfIntersect, f, &p, "%s überschneidet sich selbst.", ringName(pi, ri))
				bad = true
			}
		}
		for ri := 1; ri < len(poly); ri++ {
			if p, outside := holeOutside(poly[0], poly[ri]); outside {
				v.add(quartier.SeverityError, quartier.ProblemHoleOutside, f, &p, "%s liegt außerhalb des Außenrings.", ringName(pi, ri))
				bad = true
			}
		}
	}
	if bad && v.opt.Repair && !quartier.HasErrors(v.problemsOf(f)) {
		v.repairSelf(f)
		return
	}
	if bad {
		return
	}
	if err := toSF(f.Geometry).Validate(); err != nil {
		at := f.Geometry[0][0][0]
		v.add(quartier.SeverityError, quartier.ProblemInvalid, f, &at, "Ungültige Geometrie: %v.", err)
	}
}

func (v *validator) problemsOf(f *Feature) []quartier.Problem {
	var out []quartier.Problem
	for _, p := range v.problems {
		if p.Feature == f.Index {
			out = append(out, p)
		}
	}
	return out
}

// repairSelf splits every self-intersecting ring at its crossings into
// simple loops and unites the loops (what GIS tools call MakeValid): a
// bow-tie becomes its two triangles, a knot loses nothing. The report gives
// the area before and after so a user can judge the change.
func (v *validator) repairSelf(f *Feature) {
	before := Area(f.Geometry)
	at := f.Geometry[0][0][0]
	var shells, holes []geom.Geometry
	for _, poly := range f.Geometry {
		for ri, r := range poly {
			loops, ok := splitLoops(r)
			if !ok {
				v.add(quartier.SeverityError, quartier.ProblemSelfIntersect, f, &at, "Selbstüberschneidung lässt sich nicht sicher beheben: der Ring kreuzt sich mehr als %d-mal oder ist zu verwickelt.", maxRepairCuts)
				return
			}
			for _, loop := range loops {
				g := toSF(orb.MultiPolygon{{loop}})
				if ri == 0 {
					shells = append(shells, g)
				} else {
					holes = append(holes, g)
				}
			}
		}
	}
	u, err := geom.UnionMany(shells)
	if err == nil && len(holes) > 0 {
		var h geom.Geometry
		if h, err = geom.UnionMany(holes); err == nil {
			u, err = geom.Difference(u, h)
		}
	}
	var mp orb.MultiPolygon
	if err == nil {
		mp, err = fromSF(u)
	}
	if err == nil && len(mp) > 0 {
		err = toSF(mp).Validate()
	}
	if err != nil || len(mp) == 0 {
		v.add(quartier.SeverityError, quartier.ProblemSelfIntersect, f, &at, "Selbstüberschneidung lässt sich nicht sicher beheben: %v.", err)
		return
	}
	if p, ok, _ := selfIntersection(f.Geometry[0][0]); ok {
		at = p
	}
	f.Geometry = mp
	v.add(quartier.SeverityRepaired, quartier.ProblemSelfIntersect, f, &at,
		"Selbstüberschneidung behoben (Ring an den Kreuzungen in einfache Ringe zerlegt): %d Teilfläche(n), Fläche %.1f m² statt %.1f m².", len(mp), Area(mp), before)
}

// splitLoops inserts every crossing of non-adjacent edges into a ring and
// walks it, cutting off a loop each time the walk returns to a point it
// has visited. ok is false for a ring of more than maxRepairCuts
// crossings (its loops would be as many, and their union costs far more
// than a digitising error is worth repairing) or too tangled to sweep.
func splitLoops(r orb.Ring) (loops []orb.Ring, ok bool) {
	n := len(r) - 1
	cuts := make([][]orb.Point, n)
	found := 0
	// The edge pairs come from a sweep by west end, as in selfIntersection,
	// not from all n² pairs.
	complete := sweepRing(r, func(i, j int) bool {
		if i > j {
			i, j = j, i
		}
		if j == i+1 || i == 0 && j == n-1 {
			return true
		}
		if p, ok := segmentsTouch(r[i], r[i+1], r[j], r[j+1]); ok {
			cuts[i] = append(cuts[i], p)
			cuts[j] = append(cuts[j], p)
			found++
		}
		return found <= maxRepairCuts
	})
	if found > maxRepairCuts || !complete {
		return nil, false
	}
	var noded []orb.Point
	for i := 0; i < n; i++ {
		a := r[i]
		noded = append(noded, a)
		c := cuts[i]
		sort.Slice(c, func(x, y int) bool { return dist2(a, c[x]) < dist2(a, c[y]) })
		for _, p := range c {
			if p != noded[len(noded)-1] && p != r[i+1] {
				noded = append(noded, p)
			}
		}
	}
	noded = append(noded, r[0])
	var path []orb.Point
	pos := map[orb.Point]int{}
	for _, p := range noded {
		if k, ok := pos[p]; ok {
			loop := append(orb.Ring(nil), path[k:]...)
			loop = append(loop, p)
			if len(loop) >= 4 && ringArea(loop) != 0 {
				loops = append(loops, loop)
			}
			for _, q := range path[k+1:] {
				delete(pos, q)
			}
			path = path[:k+1]
			continue
		}
		pos[p] = len(path)
		path = append(path, p)
	}
	return loops, true
}

func dist2(a, b orb.Point) float64 {
	dx, dy := a[0]-b[0], a[1]-b[1]
	return dx*dx + dy*dy
}

// selfIntersection finds two non-adjacent edges of a closed ring that touch
// or cross, by a sweep over edges sorted by their west end.
// tangled is set when the ring is too tangled to tell (see sweepRing).
func selfIntersection(r orb.Ring) (at orb.Point, found, tangled bool) {
	n := len(r) - 1 // edges
	if n < 3 {
		return orb.Point{}, false, false
	}
	tangled = !sweepRing(r, func(i, j int) bool {
		if j == i+1 || i == j+1 || (i == 0 && j == n-1) || (j == 0 && i == n-1) {
			at, found = overlapAdjacent(r[i], r[i+1], r[j], r[j+1])
		} else {
			at, found = segmentsTouch(r[i], r[i+1], r[j], r[j+1])
		}
		return !found
	})
	return at, found, tangled && !found
}

// sweepRing calls pair for the edges i, j of r whose x-ranges overlap, in
// a sweep by their west ends, until pair returns false. It visits at most
// ringStepsPerEdge pairs an edge (a comb of long teeth side by side has
// n²/2) and reports false when it stopped there.
func sweepRing(r orb.Ring, pair func(i, j int) bool) (complete bool) {
	n := len(r) - 1
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	minX := func(i int) float64 { return math.Min(r[i][0], r[i+1][0]) }
	sort.Slice(idx, func(a, b int) bool { return minX(idx[a]) < minX(idx[b]) })
	steps := ringStepsFixed + ringStepsPerEdge*n
	for a := 0; a < n; a++ {
		i := idx[a]
		maxXi := math.Max(r[i][0], r[i+1][0])
		for b := a + 1; b < n && minX(idx[b]) <= maxXi; b++ {
			if steps--; steps < 0 {
				return false
			}
			if !pair(i, idx[b]) {
				return true
			}
		}
	}
	return true
}

func orient(a, b, c orb.Point) float64 {
	return (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
}

func onSegment(a, b, p orb.Point) bool {
	return math.Min(a[0], b[0]) <= p[0] && p[0] <= math.Max(a[0], b[0]) && math.Min(a[1], b[1]) <= p[1] && p[1] <= math.Max(a[1], b[1])
}

// segmentsTouch reports whether segments ab and cd share any point.
func segmentsTouch(a, b, c, d orb.Point) (orb.Point, bool) {
	o1, o2, o3, o4 := orient(a, b, c), orient(a, b, d), orient(c, d, a), orient(c, d, b)
	if (o1 > 0) != (o2 > 0) && (o3 > 0) != (o4 > 0) && o1 != 0 && o2 != 0 && o3 != 0 && o4 != 0 {
		t := o3 / (o3 - o4)
		return orb.Point{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])}, true
	}
	switch {
	case o1 == 0 && onSegment(a, b, c):
		return c, true
	case o2 == 0 && onSegment(a, b, d):
		return d, true
	case o3 == 0 && onSegment(c, d, a):
		return a, true
	case o4 == 0 && onSegment(c, d, b):
		return b, true
	}
	return orb.Point{}, false
}

// overlapAdjacent catches adjacent edges that fold back onto each other
// (a spike), the only way neighbours in a ring can intersect wrongly.
func overlapAdjacent(a, b, c, d orb.Point) (orb.Point, bool) {
	// Shared vertex is b==c or d==a; a fold means the other ends are
	// collinear with it and on the same side.
	var s, p, q orb.Point
	switch {
	case b == c:
		s, p, q = b, a, d
	case d == a:
		s, p, q = a, b, c
	default:
		return orb.Point{}, false
	}
	if orient(s, p, q) != 0 {
		return orb.Point{}, false
	}
	if (p[0]-s[0])*(q[0]-s[0])+(p[1]-s[1])*(q[1]-s[1]) > 0 {
		return s, true
	}
	return orb.Point{}, false
}

// holeOutside reports a hole vertex lying outside its shell.
func holeOutside(shell, hole orb.Ring) (orb.Point, bool) {
	for _, p := range hole {
		if onRing(shell, p) {
			continue
		}
		return p, !pnpolyRing(shell, p)
	}
	return orb.Point{}, false
}

func onRing(r orb.Ring, p orb.Point) bool {
	for i := 0; i+1 < len(r); i++ {
		if orient(r[i], r[i+1], p) == 0 && onSegment(r[i], r[i+1], p) {
			return true
		}
	}
	return false
}

func pnpolyRing(r orb.Ring, p orb.Point) bool {
	in := false
	for i := 0; i+1 < len(r); i++ {
		a, b := r[i], r[i+1]
		if (a[1] > p[1]) != (b[1] > p[1]) && p[0] < (b[0]-a[0])*(p[1]-a[1])/(b[1]-a[1])+a[0] {
			in = !in
		}
	}
	return in
}

// coverage finds overlaps and gaps from the union of all areas: the sum of
// the areas minus the union's area is the total overlap, so the expensive
// pairwise intersections run only when that total says there is one.
//
// Features with geometry errors are left out, so that a file with one bad
// ring still gets its overlaps reported in the same run.
func (v *validator) coverage() {
	bad := map[int]bool{}
	for _, p := range v.problems {
		if p.Severity == quartier.SeverityError && p.Feature >= 0 && p.Kind != quartier.ProblemDuplicateCode {
			bad[p.Feature] = true
		}
	}
	all := v.feats
	var ok []Feature
	for _, f := range all {
		if !bad[f.Index] {
			ok = append(ok, f)
		}
	}
	v.feats = ok
	defer func() {
		// Repairs changed geometries of the checked subset; copy them back.
		byIndex := map[int]orb.MultiPolygon{}
		for _, f := range v.feats {
			byIndex[f.Index] = f.Geometry
		}
		for i := range all {
			if g, ok := byIndex[all[i].Index]; ok {
				all[i].Geometry = g
			}
		}
		v.feats = all
	}()
	gs := make([]geom.Geometry, len(v.feats))
	sum := 0.0
	for i, f := range v.feats {
		gs[i] = toSF(f.Geometry)
		sum += Area(f.Geometry)
	}
	u, err := geom.UnionMany(gs)
	if err != nil {
		v.problems = append(v.problems, quartier.Problem{Severity: quartier.SeverityError, Kind: quartier.ProblemInvalid, Feature: -1,
			Message: fmt.Sprintf("Die Gebiete lassen sich nicht vereinigen: %v.", err)})
		return
	}
	if sum-u.Area() > v.opt.OverlapTolerance {
		v.overlaps(gs)
		if v.opt.Repair && !quartier.HasErrors(v.problems) {
			for i, f := range v.feats {
				gs[i] = toSF(f.Geometry)
			}
			if u, err = geom.UnionMany(gs); err != nil {
				return
			}
		}
	}
	v.gaps(u)
}

func (v *validator) overlaps(gs []geom.Geometry) {
	var tr rtree.RTreeG[int]
	bounds := make([]orb.Bound, len(v.feats))
	for i, f := range v.feats {
		bounds[i] = f.Geometry.Bound()
		tr.Insert(bounds[i].Min, bounds[i].Max, i)
	}
	// Nested frames touch nowhere, so untangled lets them pass, but every
	// pair of them would be intersected here; the work is bounded by the
	// edges of the pairs (see overlapWorkPerEdge).
	edges := make([]int, len(v.feats))
	total := 0
	for i, f := range v.feats {
		for _, poly := range f.Geometry {
			for _, r := range poly {
				edges[i] += len(r)
			}
		}
		total += edges[i]
	}
	found, work, maxWork := 0, 0, overlapWorkFixed+overlapWorkPerEdge*total
	for i := range v.feats {
		tr.Search(bounds[i].Min, bounds[i].Max, func(_, _ [2]float64, j int) bool {
			if j <= i {
				return true
			}
			cost := edges[i] + edges[j]
			if v.opt.Repair {
				cost *= 2 // the difference after the intersection
			}
			if work += cost; work > maxWork {
				return false
			}
			x, err := geom.Intersection(gs[i], gs[j])
			if err != nil || x.Area() <= v.opt.OverlapTolerance {
				return true
			}
			found++
			v.overlap(i, j, x)
			return len(v.problems) < maxProblems
		})
		if work > maxWork {
			v.tangled(fmt.Sprintf("die Umrissrechtecke der Gebiete überlappen sich so oft, dass mehr als %d Kanten miteinander zu vergleichen wären", maxWork))
			return
		}
		if len(v.problems) >= maxProblems {
			return
		}
	}
	if found == 0 {
		v.problems = append(v.problems, quartier.Problem{Severity: quartier.SeverityWarning, Kind: quartier.ProblemOverlap, Feature: -1,
			Message: "Viele kleine Überlappungen unterhalb der Toleranz ergeben zusammen mehr als die Toleranz."})
	}
}

// overlap reports (or with Repair removes) the overlap x of areas i and j;
// the area with the greater code gives up the overlapping part, so a
// repair is deterministic.
func (v *validator) overlap(i, j int, x geom.Geometry) {
	a, b := &v.feats[i], &v.feats[j]
	if a.Code > b.Code {
		a, b = b, a
	}
	xy, _ := x.PointOnSurface().XY()
	at := orb.Point{xy.X, xy.Y}
	if !v.opt.Repair {
		p := quartier.Problem{Severity: quartier.SeverityError, Kind: quartier.ProblemOverlap, Feature: b.Index, Code: b.Code, Other: a.Code,
			AreaM2: x.Area(), At: &[2]float64{at[0], at[1]},
			Message: fmt.Sprintf("Gebiet %s überlappt Gebiet %s auf %.1f m².", areaLabel(b), areaLabel(a), x.Area())}
		v.problems = append(v.problems, p)
		return
	}
	d, err := geom.Difference(toSF(b.Geometry), toSF(a.Geometry))
	var mp orb.MultiPolygon
	if err == nil {
		mp, err = fromSF(d)
	}
	if err != nil || len(mp) == 0 {
		v.add(quartier.SeverityError, quartier.ProblemOverlap, b, &at, "Überlappung mit %s (%.1f m²) lässt sich nicht sicher beheben: %v.", areaLabel(a), x.Area(), err)
		return
	}
	b.Geometry = mp
	v.problems = append(v.problems, quartier.Problem{Severity: quartier.SeverityRepaired, Kind: quartier.ProblemOverlap, Feature: b.Index, Code: b.Code, Other: a.Code,
		AreaM2: x.Area(), At: &[2]float64{at[0], at[1]},
		Message: fmt.Sprintf("Überlappung mit %s (%.1f m²) aus %s entfernt.", areaLabel(a), x.Area(), areaLabel(b))})
}

// areaLabel names an area in messages by code and name: "504 (Dellbrück)".
func areaLabel(f *Feature) string {
	if f.Name == "" {
		return f.Code
	}
	return f.Code + " (" + f.Name + ")"
}

// gaps reports holes of the union: land enclosed by areas but in none.
func (v *validator) gaps(u geom.Geometry) {
	mp, err := fromSF(u)
	if err != nil {
		return
	}
	sev := quartier.SeverityWarning
	if v.opt.GapsAreErrors {
		sev = quartier.SeverityError
	}
	for _, poly := range mp {
		for _, hole := range poly[1:] {
			a := math.Abs(ringArea(hole))
			if a <= v.opt.GapTolerance {
				continue
			}
			at := PointOnSurface(orb.MultiPolygon{{reverse(hole)}})
			v.problems = append(v.problems, quartier.Problem{Severity: sev, Kind: quartier.ProblemGap, Feature: -1, AreaM2: a, At: &[2]float64{at[0], at[1]},
				Message: fmt.Sprintf("Lücke von %.1f m² zwischen den Gebieten (von Gebieten umschlossen, aber in keinem).", a)})
		}
	}
}

func reverse(r orb.Ring) orb.Ring {
	out := make(orb.Ring, len(r))
	for i, p := range r {
		out[len(r)-1-i] = p
	}
	return out
}
