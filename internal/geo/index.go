package geo

import (
	"math"
	"math/bits"

	"github.com/paulmach/orb"
	"github.com/tidwall/rtree"
)

// IndexArea is one area handed to NewIndex.
type IndexArea struct {
	Code     string
	Geometry orb.MultiPolygon
}

// Index answers "which area contains this point" for a set of areas that
// should form a partition (gaps, holes and small overlaps are tolerated).
//
// Boundary rule: the answer is exactly that of the half-open crossing-number
// test (PNPOLY): an edge counts when (y1 > py) != (y2 > py) and px lies left
// of the crossing. In a partition this gives every point on a shared border
// to exactly one area — the one to the east of a vertical border and the one
// to the north of a horizontal border; a shared vertex goes to the area to
// its north-east. Where areas overlap, the area earliest in the input wins.
// Points on the outer border of the coverage follow the same rule (inside on
// its west and south sides, outside on its east and north sides).
//
// Speed comes from a uniform grid: a cell crossed by no edge answers from
// one stored value; a cell crossed by edges stores a reference point inside
// it with the areas that contain it, and a query counts the crossings of the
// segment from the point to the reference point with the few edges of the
// cell. Anything near-degenerate (the point within a micrometre of an edge,
// the segment grazing a vertex) falls back to the full PNPOLY test, so the
// rule above holds exactly.
type Index struct {
	n      int
	bound  orb.Bound
	verts  []orb.Point // all rings, closed, back to back
	rings  [][2]int32  // per ring: first and last vertex index
	areaRg [][2]int32  // per area: range in rings
	edgeAr []int32     // per vertex index i: area of edge (i, i+1); -1 at ring ends

	ox, oy, size float64
	nx, ny       int
	cells        []int32 // -1 outside, ≤ -2 area -v-2, ≥ 0 mixed cell
	mixStart     []int32 // per mixed cell: range in mixEdges (len = mixed+1)
	mixEdges     []uint32
	mixRef       []orb.Point
	mixCandStart []int32 // per mixed cell: range in mixCands
	mixCands     []int32 // candidate areas, ascending
	mixMask      []uint64
	mixFallback  []bool
}

const (
	slotBits   = 6
	maxSlots   = 1 << slotBits
	edgeMask   = 1<<(32-slotBits) - 1
	nearMetres = 1e-6
)

// NewIndex builds the index; areas keep their positions as answers.
func NewIndex(areas []IndexArea) *Index {
	ix := &Index{n: len(areas), bound: orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}}
	ix.areaRg = make([][2]int32, len(areas))
	var tree rtree.RTreeG[int32]
	for ai, a := range areas {
		first := int32(len(ix.rings))
		for _, poly := range a.Geometry {
			for _, ring := range poly {
				if len(ring) < 4 {
					continue
				}
				start := int32(len(ix.verts))
				ix.verts = append(ix.verts, ring...)
				if ring[0] != ring[len(ring)-1] {
					ix.verts = append(ix.verts, ring[0])
				}
				end := int32(len(ix.verts)) - 1
				ix.rings = append(ix.rings, [2]int32{start, end})
				for i := start; i < end; i++ {
					ix.edgeAr = append(ix.edgeAr, int32(ai))
				}
				ix.edgeAr = append(ix.edgeAr, -1)
			}
		}
		ix.areaRg[ai] = [2]int32{first, int32(len(ix.rings))}
		if b, ok := ix.areaBound(ai); ok {
			ix.bound = ix.bound.Union(b)
			tree.Insert(b.Min, b.Max, int32(ai))
		}
	}
	if len(ix.verts) == 0 {
		ix.bound = orb.Bound{}
		return ix
	}
	ix.buildGrid(&tree)
	return ix
}

func (ix *Index) areaBound(ai int) (orb.Bound, bool) {
	rg := ix.areaRg[ai]
	if rg[0] == rg[1] {
		return orb.Bound{}, false
	}
	b := orb.Bound{Min: ix.verts[ix.rings[rg[0]][0]], Max: ix.verts[ix.rings[rg[0]][0]]}
	for r := rg[0]; r < rg[1]; r++ {
		for _, p := range ix.verts[ix.rings[r][0] : ix.rings[r][1]+1] {
			b = b.Extend(p)
		}
	}
	return b, true
}

// Len is the number of areas indexed.
func (ix *Index) Len() int { return ix.n }

// Bound is the bounding box of all areas.
func (ix *Index) Bound() orb.Bound { return ix.bound }

// MemoryBytes estimates the index's heap size.
func (ix *Index) MemoryBytes() int {
	return len(ix.verts)*16 + len(ix.rings)*8 + len(ix.areaRg)*8 + len(ix.edgeAr)*4 + len(ix.cells)*4 +
		len(ix.mixStart)*4 + len(ix.mixEdges)*4 + len(ix.mixRef)*16 + len(ix.mixCandStart)*4 + len(ix.mixCands)*4 +
		len(ix.mixMask)*8 + len(ix.mixFallback)
}

// pnpoly is the reference half-open crossing-number test over one area.
func (ix *Index) pnpoly(ai int, p orb.Point) bool {
	in := false
	rg := ix.areaRg[ai]
	for r := rg[0]; r < rg[1]; r++ {
		vs := ix.verts[ix.rings[r][0] : ix.rings[r][1]+1]
		for i := 0; i+1 < len(vs); i++ {
			a, b := vs[i], vs[i+1]
			if (a[1] > p[1]) != (b[1] > p[1]) && p[0] < (b[0]-a[0])*(p[1]-a[1])/(b[1]-a[1])+a[0] {
				in = !in
			}
		}
	}
	return in
}

// Locate returns the position of the area containing p.
func (ix *Index) Locate(p orb.Point) (int, bool) {
	if len(ix.cells) == 0 || !(p[0] >= ix.ox && p[1] >= ix.oy) {
		return -1, false
	}
	cx, cy := int((p[0]-ix.ox)/ix.size), int((p[1]-ix.oy)/ix.size)
	if cx >= ix.nx || cy >= ix.ny {
		return -1, false
	}
	v := ix.cells[cy*ix.nx+cx]
	switch {
	case v == -1:
		return -1, false
	case v < -1:
		return int(-v - 2), true
	}
	return ix.locateMixed(int(v), p)
}

func (ix *Index) locateMixed(m int, p orb.Point) (int, bool) {
	cands := ix.mixCands[ix.mixCandStart[m]:ix.mixCandStart[m+1]]
	if ix.mixFallback[m] {
		return ix.fallback(cands, p)
	}
	q := ix.mixRef[m]
	mask := ix.mixMask[m]
	dqx, dqy := q[0]-p[0], q[1]-p[1]
	pqLen := math.Abs(dqx) + math.Abs(dqy)
	for _, e := range ix.mixEdges[ix.mixStart[m]:ix.mixStart[m+1]] {
		i := e & edgeMask
		a, b := ix.verts[i], ix.verts[i+1]
		dx, dy := b[0]-a[0], b[1]-a[1]
		o1 := dx*(p[1]-a[1]) - dy*(p[0]-a[0])
		o2 := dx*(q[1]-a[1]) - dy*(q[0]-a[0])
		if math.Abs(o1) <= nearMetres*(math.Abs(dx)+math.Abs(dy)) {
			return ix.fallback(cands, p)
		}
		if (o1 > 0) == (o2 > 0) {
			continue
		}
		o3 := dqx*(a[1]-p[1]) - dqy*(a[0]-p[0])
		o4 := dqx*(b[1]-p[1]) - dqy*(b[0]-p[0])
		eps := nearMetres * pqLen
		if math.Abs(o3) <= eps || math.Abs(o4) <= eps {
			return ix.fallback(cands, p)
		}
		if (o3 > 0) != (o4 > 0) {
			mask ^= 1 << (e >> (32 - slotBits))
		}
	}
	if mask == 0 {
		return -1, false
	}
	return int(cands[bits.TrailingZeros64(mask)]), true
}

func (ix *Index) fallback(cands []int32, p orb.Point) (int, bool) {
	for _, a := range cands {
		if ix.pnpoly(int(a), p) {
			return int(a), true
		}
	}
	return -1, false
}

// buildGrid sizes the grid to about two cells per edge, assigns every edge
// to the cells its bounding box touches, and settles each cell.
func (ix *Index) buildGrid(tree *rtree.RTreeG[int32]) {
	w, h := ix.bound.Max[0]-ix.bound.Min[0], ix.bound.Max[1]-ix.bound.Min[1]
	w, h = max(w, 1e-3), max(h, 1e-3)
	target := float64(min(max(2*len(ix.verts), 1024), 4<<20))
	ix.size = math.Sqrt(w * h / target)
	ix.ox, ix.oy = ix.bound.Min[0], ix.bound.Min[1]
	ix.nx, ix.ny = int(w/ix.size)+1, int(h/ix.size)+1
	ix.cells = make([]int32, ix.nx*ix.ny)

	// Two passes (count, fill) give compact per-cell edge lists.
	count := make([]int32, len(ix.cells)+1)
	ix.eachEdgeCell(func(c int, _ int) { count[c+1]++ })
	for i := 1; i < len(count); i++ {
		count[i] += count[i-1]
	}
	edges := make([]int32, count[len(count)-1])
	fill := append([]int32(nil), count[:len(count)-1]...)
	ix.eachEdgeCell(func(c int, e int) { edges[fill[c]] = int32(e); fill[c]++ })

	var found []int32
	containing := func(p orb.Point) []int32 {
		found = found[:0]
		tree.Search(p, p, func(_, _ [2]float64, a int32) bool {
			if ix.pnpoly(int(a), p) {
				found = append(found, a)
			}
			return true
		})
		return found
	}
	ix.mixStart = append(ix.mixStart, 0)
	ix.mixCandStart = append(ix.mixCandStart, 0)
	for cy := 0; cy < ix.ny; cy++ {
		prev := int32(0) // 0: previous cell in the row is not uniform
		for cx := 0; cx < ix.nx; cx++ {
			c := cy*ix.nx + cx
			ce := edges[count[c]:count[c+1]]
			if len(ce) == 0 {
				// Neighbouring uniform cells share a border no edge touches,
				// so they agree; only after a mixed cell is a test needed.
				if prev == 0 {
					prev = -1
					if in := containing(ix.cellCentre(cx, cy)); len(in) > 0 {
						prev = -minOf(in) - 2
					}
				}
				ix.cells[c] = prev
				continue
			}
			prev = 0
			ix.cells[c] = int32(len(ix.mixMask))
			ix.addMixed(cx, cy, ce, containing)
		}
	}
}

func minOf(a []int32) int32 {
	m := a[0]
	for _, v := range a[1:] {
		m = min(m, v)
	}
	return m
}

func (ix *Index) cellCentre(cx, cy int) orb.Point {
	return orb.Point{ix.ox + (float64(cx)+0.5)*ix.size, ix.oy + (float64(cy)+0.5)*ix.size}
}

// eachEdgeCell calls fn for every (cell, edge) whose bounding boxes touch.
func (ix *Index) eachEdgeCell(fn func(cell, edge int)) {
	pad := ix.size * 1e-9
	for i, a := range ix.edgeAr {
		if a < 0 {
			continue
		}
		p, q := ix.verts[i], ix.verts[i+1]
		x0 := ix.clampX(int((min(p[0], q[0]) - pad - ix.ox) / ix.size))
		x1 := ix.clampX(int((max(p[0], q[0]) + pad - ix.ox) / ix.size))
		y0 := ix.clampY(int((min(p[1], q[1]) - pad - ix.oy) / ix.size))
		y1 := ix.clampY(int((max(p[1], q[1]) + pad - ix.oy) / ix.size))
		for cy := y0; cy <= y1; cy++ {
			for cx := x0; cx <= x1; cx++ {
				fn(cy*ix.nx+cx, i)
			}
		}
	}
}

func (ix *Index) clampX(v int) int { return min(max(v, 0), ix.nx-1) }
func (ix *Index) clampY(v int) int { return min(max(v, 0), ix.ny-1) }

// addMixed stores a cell crossed by edges: its edges tagged with candidate
// slots, a reference point clear of every edge, and which candidates
// contain that point.
func (ix *Index) addMixed(cx, cy int, ce []int32, containing func(orb.Point) []int32) {
	var cands []int32
	slot := map[int32]int{}
	addCand := func(a int32) {
		if _, ok := slot[a]; !ok {
			slot[a] = -1
			cands = append(cands, a)
		}
	}
	for _, e := range ce {
		addCand(ix.edgeAr[e])
	}
	ref, ok := ix.clearPoint(cx, cy, ce)
	inRef := containing(ref)
	for _, a := range inRef {
		addCand(a)
	}
	sortInt32(cands)
	for i, a := range cands {
		slot[a] = i
	}
	fallback := !ok || len(cands) > maxSlots
	var mask uint64
	if !fallback {
		for _, a := range inRef {
			mask |= 1 << slot[a]
		}
	}
	for _, e := range ce {
		s := 0
		if !fallback {
			s = slot[ix.edgeAr[e]]
		}
		ix.mixEdges = append(ix.mixEdges, uint32(e)|uint32(s)<<(32-slotBits))
	}
	ix.mixStart = append(ix.mixStart, int32(len(ix.mixEdges)))
	ix.mixCands = append(ix.mixCands, cands...)
	ix.mixCandStart = append(ix.mixCandStart, int32(len(ix.mixCands)))
	ix.mixRef = append(ix.mixRef, ref)
	ix.mixMask = append(ix.mixMask, mask)
	ix.mixFallback = append(ix.mixFallback, fallback)
}

// clearPoint finds a point in the cell well away from every edge line of
// the cell, so that queries never meet a degenerate reference.
func (ix *Index) clearPoint(cx, cy int, ce []int32) (orb.Point, bool) {
	for _, f := range [][2]float64{{0.5, 0.5}, {0.31, 0.37}, {0.73, 0.61}, {0.23, 0.79}, {0.67, 0.19}, {0.41, 0.93}, {0.89, 0.43}, {0.11, 0.13}} {
		q := orb.Point{ix.ox + (float64(cx)+f[0])*ix.size, ix.oy + (float64(cy)+f[1])*ix.size}
		clear := true
		for _, e := range ce {
			a, b := ix.verts[e], ix.verts[e+1]
			dx, dy := b[0]-a[0], b[1]-a[1]
			if math.Abs(dx*(q[1]-a[1])-dy*(q[0]-a[0])) <= 1e3*nearMetres*(math.Abs(dx)+math.Abs(dy)) {
				clear = false
				break
			}
		}
		if clear {
			return q, true
		}
	}
	return orb.Point{}, false
}

func sortInt32(a []int32) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}
