package monitoring

import (
	"container/heap"
	"math"

	"github.com/quartier/quartier"
)

// CountTable is an additive table of counts as it is published: cells per
// row and column, and, where shown, each row's total, each column's total
// and the grand total. Every total is the sum of its cells, so a reader
// who sees the totals can subtract: that is what secondary suppression
// guards against.
type CountTable struct {
	Cells     [][]float64 // [row][column], counts ≥ 0
	RowTotals bool        // the table shows each row's total
	ColTotals bool        // the table shows each column's total
}

// Suppressed marks which cells and totals of a CountTable are withheld.
type Suppressed struct {
	Cells    [][]quartier.Suppression // [row][column]; "" shown
	RowTotal []quartier.Suppression   // per row, when RowTotals
	ColTotal []quartier.Suppression   // per column, when ColTotals
	Grand    quartier.Suppression     // when both
}

// Protect suppresses the counts of t that are above 0 and below
// threshold (primary), then further cells (secondary) until no withheld
// cell can be recomputed from the shown cells and totals.
//
// Why this suffices: write every total as a cell of an extended table
// whose rows and columns each sum to zero (the total with its sign
// flipped). A reader knows every shown cell, so the withheld ones solve a
// linear system with one equation per row and per column that shows its
// total. Read the withheld cells as edges of a graph between their row and
// their column, a row or column without a shown total being no equation
// (all of them merged into one free node). The solutions differ exactly
// by flows around cycles of that graph, so a withheld cell is determined
// by the totals exactly when it lies on no cycle: when it is a bridge.
// Protect adds, for each bridge, the cheapest path of further cells that
// closes a cycle through it (already withheld cells cost nothing, small
// counts little, zeros and totals much, since a withheld 0 or total is
// often guessed), until no bridge is left. Adding cells never turns a
// cell on a cycle into a bridge, so this ends.
//
// It protects against recomputing a cell exactly, which is what the rule
// asks; bounds from counts being ≥ 0 remain (a withheld pair summing to
// 4 is 0–4 each).
func Protect(t *CountTable, threshold float64) *Suppressed {
	g := newSuppressionGraph(t)
	for _, e := range g.edges {
		if e.value > 0 && e.value < threshold {
			e.mark = quartier.SuppressedPrimary
		}
	}
	for {
		b := g.bridge()
		if b == nil {
			break
		}
		if !g.closeCycle(b) {
			// No cell can cover it (a table of one cell): withhold every
			// cell rather than publish a recomputable one.
			for _, e := range g.edges {
				if e.mark == "" {
					e.mark = quartier.SuppressedSecondary
				}
			}
			break
		}
	}
	return g.result(t)
}

// suppressionCell is one cell or total of the extended table: an edge
// between its row node and its column node.
type suppressionCell struct {
	row, col int // positions in the extended table
	u, v     int // graph nodes
	value    float64
	total    bool
	mark     quartier.Suppression
}

type suppressionGraph struct {
	rows, cols int // of the extended table
	nodes      int
	edges      []*suppressionCell
	at         map[[2]int]*suppressionCell
}

// newSuppressionGraph extends t by its shown totals: row index rows is the
// column totals, column index cols the row totals. Nodes: one per row and
// column with a shown total (an equation), and node 0 for all the others.
func newSuppressionGraph(t *CountTable) *suppressionGraph {
	m := len(t.Cells)
	n := 0
	if m > 0 {
		n = len(t.Cells[0])
	}
	g := &suppressionGraph{rows: m, cols: n, at: map[[2]int]*suppressionCell{}}
	node := func(constrained bool) int {
		if !constrained {
			return 0
		}
		g.nodes++
		return g.nodes
	}
	g.nodes = 0
	rowNode := make([]int, m+1)
	colNode := make([]int, n+1)
	for i := range m {
		rowNode[i] = node(t.RowTotals)
	}
	rowNode[m] = node(t.RowTotals && t.ColTotals) // the column totals add up to the grand total
	for j := range n {
		colNode[j] = node(t.ColTotals)
	}
	colNode[n] = node(t.RowTotals && t.ColTotals)
	g.nodes++ // node 0
	add := func(i, j int, x float64, total bool) {
		c := &suppressionCell{row: i, col: j, u: rowNode[i], v: colNode[j], value: x, total: total}
		g.edges = append(g.edges, c)
		g.at[[2]int{i, j}] = c
	}
	colSum := make([]float64, n)
	grand := 0.0
	for i, row := range t.Cells {
		sum := 0.0
		for j, x := range row {
			add(i, j, x, false)
			sum += x
			colSum[j] += x
		}
		grand += sum
		if t.RowTotals {
			add(i, n, sum, true)
		}
	}
	if t.ColTotals {
		for j := range n {
			add(m, j, colSum[j], true)
		}
		if t.RowTotals {
			add(m, n, grand, true)
		}
	}
	return g
}

// bridge returns a withheld cell on no cycle of withheld cells, nil when
// there is none (Tarjan's bridges, iteratively over the edge list).
func (g *suppressionGraph) bridge() *suppressionCell {
	adj := make([][]int, g.nodes)
	for k, e := range g.edges {
		if e.mark != "" && e.u != e.v { // a loop at the free node is undetermined
			adj[e.u] = append(adj[e.u], k)
			adj[e.v] = append(adj[e.v], k)
		}
	}
	disc := make([]int, g.nodes)
	low := make([]int, g.nodes)
	timer := 0
	type frame struct{ node, via, next int }
	for root := range g.nodes {
		if disc[root] != 0 || len(adj[root]) == 0 {
			continue
		}
		timer++
		disc[root], low[root] = timer, timer
		stack := []frame{{root, -1, 0}}
		for len(stack) > 0 {
			f := &stack[len(stack)-1]
			if f.next < len(adj[f.node]) {
				k := adj[f.node][f.next]
				f.next++
				if k == f.via {
					continue
				}
				e := g.edges[k]
				w := e.u
				if w == f.node {
					w = e.v
				}
				if disc[w] == 0 {
					timer++
					disc[w], low[w] = timer, timer
					stack = append(stack, frame{w, k, 0})
				} else {
					low[f.node] = min(low[f.node], disc[w])
				}
				continue
			}
			stack = stack[:len(stack)-1]
			if len(stack) > 0 {
				p := &stack[len(stack)-1]
				low[p.node] = min(low[p.node], low[f.node])
				if low[f.node] > disc[p.node] {
					return g.edges[f.via]
				}
			}
		}
	}
	return nil
}

// cost of withholding a shown cell: its count, so that little information
// is lost, plus one per cell, so that fewer cells are preferred; zeros
// and totals only where nothing else closes the cycle.
func (e *suppressionCell) cost() float64 {
	switch {
	case e.mark != "":
		return 0
	case e.total:
		return 1e12 + e.value
	case e.value == 0:
		return 1e9
	}
	return 1 + e.value
}

// closeCycle withholds the cheapest path of cells between the ends of b
// that does not use b (Dijkstra), so that b lies on a cycle; false when
// there is no such path.
func (g *suppressionGraph) closeCycle(b *suppressionCell) bool {
	adj := make([][]*suppressionCell, g.nodes)
	for _, e := range g.edges {
		if e != b && e.u != e.v {
			adj[e.u] = append(adj[e.u], e)
			adj[e.v] = append(adj[e.v], e)
		}
	}
	dist := make([]float64, g.nodes)
	via := make([]*suppressionCell, g.nodes)
	for i := range dist {
		dist[i] = math.Inf(1)
	}
	dist[b.u] = 0
	q := &nodeQueue{{b.u, 0}}
	for q.Len() > 0 {
		it := heap.Pop(q).(queued)
		u := it.node
		if it.dist > dist[u] {
			continue // a stale entry
		}
		if u == b.v {
			break
		}
		for _, e := range adj[u] {
			w := e.u
			if w == u {
				w = e.v
			}
			if d := dist[u] + e.cost(); d < dist[w] {
				dist[w], via[w] = d, e
				heap.Push(q, queued{w, d})
			}
		}
	}
	if math.IsInf(dist[b.v], 1) {
		return false
	}
	for w := b.v; w != b.u; {
		e := via[w]
		if e.mark == "" {
			e.mark = quartier.SuppressedSecondary
		}
		if w == e.u {
			w = e.v
		} else {
			w = e.u
		}
	}
	return true
}

func (g *suppressionGraph) result(t *CountTable) *Suppressed {
	s := &Suppressed{Cells: make([][]quartier.Suppression, g.rows)}
	for i := range s.Cells {
		s.Cells[i] = make([]quartier.Suppression, g.cols)
		for j := range s.Cells[i] {
			s.Cells[i][j] = g.at[[2]int{i, j}].mark
		}
	}
	if t.RowTotals {
		s.RowTotal = make([]quartier.Suppression, g.rows)
		for i := range s.RowTotal {
			s.RowTotal[i] = g.at[[2]int{i, g.cols}].mark
		}
	}
	if t.ColTotals {
		s.ColTotal = make([]quartier.Suppression, g.cols)
		for j := range s.ColTotal {
			s.ColTotal[j] = g.at[[2]int{g.rows, j}].mark
		}
		if t.RowTotals {
			s.Grand = g.at[[2]int{g.rows, g.cols}].mark
		}
	}
	return s
}

type queued struct {
	node int
	dist float64
}

// nodeQueue is the priority queue of Dijkstra's search, nearest first.
type nodeQueue []queued

func (q nodeQueue) Len() int           { return len(q) }
func (q nodeQueue) Less(i, j int) bool { return q[i].dist < q[j].dist }
func (q nodeQueue) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *nodeQueue) Push(x any)        { *q = append(*q, x.(queued)) }
func (q *nodeQueue) Pop() any {
	old := *q
	x := old[len(old)-1]
	*q = old[:len(old)-1]
	return x
}
