package geo

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"

	"github.com/quartier/quartier"
)

// Validation compares edges with edges: a ring with itself (self
// intersection, repair), areas with each other (union, overlaps). Its work
// follows how the edges lie, not how many there are, and the read limits
// bound only their number: 50 KB of crafted rings (a star polygon whose
// every edge crosses every other, a comb of long parallel teeth, squares
// shifted by a centimetre, nested squares or frames, a shell with
// thousands of holes) kept a core busy for minutes to hours and allocated
// gigabytes, through the public check by one anonymous request (security
// probe). These bounds hold the work to a multiple of the edges; real
// layers stay far below them (see TestValidateBerlinUntangled).
const (
	// Edges are put into the cells of a grid along their length
	// (gridCellsPerEdge a edge on average) and compared with the edges of
	// the same cell (gridPairsPerEdge pairs a edge): the work of every
	// later comparison of edges across areas, counted exactly.
	gridCellsPerEdge = 16
	gridPairsPerEdge = 64
	gridFixed        = 1 << 20
	// Pairs of edges that touch or cross (not counting neighbours in a
	// ring): what a union must node and a repair must split.
	touchesPerEdge = 8
	touchesFixed   = 4096
	// Of them, pairs that cross properly (inside both edges): a valid
	// layer has none, a faulty one a few; the overlay that a union and
	// the overlaps compute grows with them (4 grids of 15,000 squares
	// shifted against each other, 708,588 crossings: 86 s).
	crossesPerEdge = 1.0 / 16
	crossesFixed   = 4096
	// Steps of the sweep in one ring (self intersection, repair): pairs of
	// its edges with overlapping x-ranges.
	ringStepsPerEdge = 256
	ringStepsFixed   = 1 << 20
	// Rings of one area whose boxes overlap are compared whole (is the
	// hole inside its shell, do two parts touch), each such pair at the
	// cost of both rings' edges: a shell of 50,000 edges with 8,000 small
	// holes took 77 s.
	ringWorkPerEdge = 64
	ringWorkFixed   = 1 << 22
	// maxRepairCuts bounds the crossings of one ring a repair splits it at.
	maxRepairCuts = 1024
	// Pairs of areas whose boxes overlap are intersected (and with repair
	// one cut from the other) to find overlaps, each at the cost of both
	// areas' edges (some 4 µs an edge): nested frames, whose boxes all
	// contain each other, or one large area over thousands of small ones.
	// Berlin's pairs weigh 7.4 a edge.
	overlapWorkPerEdge = 12
	overlapWorkFixed   = 1 << 19
)

// untangled reports whether the file's edges lie so that validation's
// work stays bounded; otherwise it adds one error naming the bound and
// validation stops. The edges go into the cells of a grid whose side is
// twice the median edge, and the edges of each cell are compared: the
// cells an edge passes, the pairs in a cell and the pairs that touch or
// cross are counted against their bounds, and so is the work of comparing
// the rings of an area with each other. (An R-tree of the edges counts the
// pairs it finds but not the nodes it visits: 20,000 nested squares, whose
// boxes all contain each other, took minutes in its searches.)
func (v *validator) untangled() bool {
	type edge struct {
		ring, i int32
	}
	var rings []orb.Ring
	n := 0
	bound := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	for _, f := range v.feats {
		for _, poly := range f.Geometry {
			for _, r := range poly {
				if len(r) > 1 {
					rings = append(rings, r)
					n += len(r) - 1
					bound = bound.Union(r.Bound())
				}
			}
		}
	}
	if n == 0 {
		return true
	}
	es := make([]edge, 0, n)
	ext := make([]float64, 0, n)
	for ri, r := range rings {
		for i := 0; i+1 < len(r); i++ {
			es = append(es, edge{int32(ri), int32(i)})
			ext = append(ext, math.Max(math.Abs(r[i+1][0]-r[i][0]), math.Abs(r[i+1][1]-r[i][1])))
		}
	}
	// The cell: twice the median edge, and no finer than 2^30 cells
	// across the file, so that a cell's coordinates fit 32 bits.
	mid := len(ext) / 2
	slices.Sort(ext)
	cell := math.Max(2*ext[mid], math.Max(bound.Max[0]-bound.Min[0], bound.Max[1]-bound.Min[1])/(1<<30))
	if !(cell > 0) {
		cell = 1
	}
	ext = nil
	type entry struct {
		key uint64
		e   int32
	}
	maxCells := gridFixed + gridCellsPerEdge*n
	entries := make([]entry, 0, 2*n)
	key := func(p orb.Point) uint64 {
		cx, cy := uint64((p[0]-bound.Min[0])/cell), uint64((p[1]-bound.Min[1])/cell)
		return cx<<32 | cy
	}
	for k, e := range es {
		r := rings[e.ring]
		p, q := r[e.i], r[e.i+1]
		// The edge in pieces no longer than a cell: each piece's box
		// touches at most 2×2 cells, and the pieces' cells hold the edge.
		steps := int(math.Max(math.Abs(q[0]-p[0]), math.Abs(q[1]-p[1]))/cell) + 1
		if len(entries)+4*steps > maxCells {
			v.tangled(fmt.Sprintf("die Kanten sind zu ungleich lang: mehr als %d Rasterzellen wären zu belegen", maxCells))
			return false
		}
		first := len(entries)
		for s := 0; s < steps; s++ {
			a := orb.Point{p[0] + (q[0]-p[0])*float64(s)/float64(steps), p[1] + (q[1]-p[1])*float64(s)/float64(steps)}
			b := orb.Point{p[0] + (q[0]-p[0])*float64(s+1)/float64(steps), p[1] + (q[1]-p[1])*float64(s+1)/float64(steps)}
			for _, c := range [4]orb.Point{a, b, {a[0], b[1]}, {b[0], a[1]}} {
				kc := key(c)
				if !slices.ContainsFunc(entries[max(first, len(entries)-8):], func(x entry) bool { return x.key == kc }) {
					entries = append(entries, entry{kc, int32(k)})
				}
			}
		}
	}
	slices.SortFunc(entries, func(a, b entry) int { return cmp.Compare(a.key, b.key) })
	maxPairs, maxTouches, maxCrosses := gridFixed+gridPairsPerEdge*n, touchesFixed+touchesPerEdge*n, crossesFixed+int(crossesPerEdge*float64(n))
	pairs, touches, crosses := 0, 0, 0
	for lo := 0; lo < len(entries); {
		hi := lo + 1
		for hi < len(entries) && entries[hi].key == entries[lo].key {
			hi++
		}
		for a := lo; a < hi; a++ {
			e := es[entries[a].e]
			r := rings[e.ring]
			i := int(e.i)
			for b := a + 1; b < hi; b++ {
				if pairs++; pairs > maxPairs {
					v.tangled(fmt.Sprintf("mehr als %d Paare von Kanten liegen nahe beieinander", maxPairs))
					return false
				}
				o := es[entries[b].e]
				if o == e {
					continue
				}
				if o.ring == e.ring {
					j, last := int(o.i), len(r)-2
					if j == i+1 || i == j+1 || i == 0 && j == last || j == 0 && i == last {
						continue
					}
				}
				s := rings[o.ring]
				// Counted once, in the cell of the point they share.
				if at, ok := segmentsTouch(r[i], r[i+1], s[o.i], s[o.i+1]); ok && key(at) == entries[lo].key {
					if touches++; touches > maxTouches {
						v.tangled(fmt.Sprintf("mehr als %d Paare von Kanten berühren oder kreuzen sich", maxTouches))
						return false
					}
					if segmentsCross(r[i], r[i+1], s[o.i], s[o.i+1]) {
						if crosses++; crosses > maxCrosses {
							v.tangled(fmt.Sprintf("mehr als %d Paare von Kanten kreuzen sich", maxCrosses))
							return false
						}
					}
				}
			}
		}
		lo = hi
	}
	// Pairs of rings of an area with overlapping boxes, by a sweep by
	// their west ends, weighed by their edges.
	maxWork, work := ringWorkFixed+ringWorkPerEdge*n, 0
	maxSteps, steps := ringStepsFixed+ringStepsPerEdge*n, 0
	for _, f := range v.feats {
		type ringBox struct {
			b orb.Bound
			n int
		}
		var rs []ringBox
		for _, poly := range f.Geometry {
			for _, r := range poly {
				rs = append(rs, ringBox{r.Bound(), len(r)})
			}
		}
		slices.SortFunc(rs, func(a, b ringBox) int { return cmp.Compare(a.b.Min[0], b.b.Min[0]) })
		for a := range rs {
			for b := a + 1; b < len(rs) && rs[b].b.Min[0] <= rs[a].b.Max[0]; b++ {
				if steps++; steps > maxSteps {
					v.tangled(fmt.Sprintf("mehr als %d Paare von Ringen eines Gebiets liegen nebeneinander", maxSteps))
					return false
				}
				if rs[b].b.Max[1] < rs[a].b.Min[1] || rs[b].b.Min[1] > rs[a].b.Max[1] {
					continue
				}
				if work += rs[a].n + rs[b].n; work > maxWork {
					v.tangled(fmt.Sprintf("die Ringe des Gebiets %s liegen ineinander, mehr als %d Kanten wären miteinander zu vergleichen", areaLabel(&f), maxWork))
					return false
				}
			}
		}
	}
	v.tally = tally{edges: n, cells: len(entries), pairs: pairs, touches: touches, crosses: crosses, ringSteps: steps, ringWork: work}
	return true
}

// tally is what untangled counted, for tests.
type tally struct{ edges, cells, pairs, touches, crosses, ringSteps, ringWork int }

// segmentsCross reports whether ab and cd cross at a point inside both.
func segmentsCross(a, b, c, d orb.Point) bool {
	o1, o2, o3, o4 := orient(a, b, c), orient(a, b, d), orient(c, d, a), orient(c, d, b)
	return o1 != 0 && o2 != 0 && o3 != 0 && o4 != 0 && (o1 > 0) != (o2 > 0) && (o3 > 0) != (o4 > 0)
}

// tangled adds the error of a file beyond validation's bounds.
func (v *validator) tangled(why string) {
	v.problems = append(v.problems, quartier.Problem{Severity: quartier.SeverityError, Kind: quartier.ProblemInvalid, Feature: -1,
		Message: fmt.Sprintf("Die Gebiete sind zu verwickelt, um sie zu prüfen (%s; echte Gebietsgliederungen bleiben weit darunter). Bitte die Datei in einem GIS prüfen und vereinfachen.", why)})
}
