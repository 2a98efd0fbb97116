package monitoring

import (
	"context"
	"math"
	"slices"

	"github.com/quartier/quartier"
)

// Publications of the same counts on several layers are linked: a social
// space is the sum of its blocks, so a space's published count less the
// published counts of its other blocks gives a block's withheld count,
// although each table on its own is protected. Every published count is
// an equation over the block values (the area's blocks sum to it, a
// table's total over all its areas' blocks likewise), and a withheld cell
// is safe only while its own sum is not a combination of those
// equations. linkPublished withholds further cells of the table being
// published until no withheld cell of it or of an earlier publication of
// the same indicator and date can be computed, on any layer composed of
// blocks.

// countColumns are the columns of an indicator table that hold counts:
// a count, or numerator and denominator; the share is derived from them.
func countColumns(t *quartier.OutputTable) []int {
	switch len(t.Columns) {
	case 1:
		if t.Threshold > 0 {
			return []int{0}
		}
	case 3:
		return []int{0, 1}
	}
	return nil
}

// blockSets gives per area of layer the blocks it consists of (a block
// layer's area is its own block). An area of a layer with its own
// geometry is its own unit, named with the layer: no block sum links it
// to other layers (values delivered on it are not summed to others), but
// the releases of that layer are linked to each other — a second
// release withholding other cells than the first, after a changed
// threshold or a correction, would otherwise give the first's withheld
// cells back.
func (s *Service) blockSets(ctx context.Context, layer string) (map[string][]string, error) {
	l, _, areas, err := s.spatial.LayerAreas(ctx, layer)
	if err != nil {
		return nil, err
	}
	out := make(map[string][]string, len(areas))
	for _, a := range areas {
		switch {
		case l.Kind == quartier.LayerBlock:
			out[a.Code] = []string{a.Code}
		case len(a.Blocks) > 0:
			out[a.Code] = a.Blocks
		default:
			out[a.Code] = []string{l.Code + "/" + a.Code}
		}
	}
	return out, nil
}

// linkedTable is a published table with the blocks of its areas.
type linkedTable struct {
	t      *quartier.OutputTable
	blocks map[string][]string
}

// linkPublished adds withheld cells to t (on layer) so that, together
// with the earlier tables, no withheld count can be computed. It reports
// false when even withholding every cell and the total of t cannot keep
// an earlier table's withheld cells safe (the caller refuses then).
func linkPublished(t *quartier.OutputTable, blocks map[string][]string, earlier []linkedTable) bool {
	cols := countColumns(t)
	if len(cols) == 0 || blocks == nil || len(earlier) == 0 {
		return true
	}
	all := append(slices.Clone(earlier), linkedTable{t, blocks})
	for _, c := range cols {
		for {
			exposed := newlyExposed(all, c, len(earlier))
			if len(exposed) == 0 {
				break
			}
			if !withholdOneMore(t, blocks, c, all, exposed[0]) {
				return false
			}
		}
	}
	// A share rests on both counts: withheld with either.
	if len(t.Columns) == 3 {
		for i := range t.Rows {
			cells := t.Rows[i].Cells
			if cells[2].Suppressed == "" && (cells[0].Suppressed != "" || cells[1].Suppressed != "") {
				withhold(&cells[2])
			}
		}
		if t.Total != nil && t.Total.Cells[2].Suppressed == "" && (t.Total.Cells[0].Suppressed != "" || t.Total.Cells[1].Suppressed != "") {
			withhold(&t.Total.Cells[2])
		}
	}
	return true
}

func withhold(c *quartier.OutputCell) {
	c.Suppressed, c.Value, c.Text = quartier.SuppressedSecondary, nil, quartier.SuppressedText
}

// withholdOneMore withholds the cell of the new table (the last of all)
// that breaks the computation of the exposed cell best: a shown area
// sharing blocks with it, the smallest first; else the smallest shown
// area; else the total.
func withholdOneMore(t *quartier.OutputTable, blocks map[string][]string, c int, all []linkedTable, exposed int) bool {
	target := cellBlocks(all, c, exposed)
	best, bestShared := -1, false
	for i, r := range t.Rows {
		cell := &r.Cells[c]
		if cell.Suppressed != "" || cell.Value == nil {
			continue
		}
		shared := slices.ContainsFunc(blocks[r.Area], func(b string) bool { return target[b] })
		if best < 0 || shared && !bestShared || shared == bestShared && *cell.Value < *t.Rows[best].Cells[c].Value {
			best, bestShared = i, shared
		}
	}
	if best >= 0 {
		withhold(&t.Rows[best].Cells[c])
		return true
	}
	if t.Total != nil && t.Total.Cells[c].Suppressed == "" {
		withhold(&t.Total.Cells[c])
		return true
	}
	return false
}

// cellBlocks is the set of blocks of the n-th withheld cell of column c
// over all tables (n as exposedCell counts them).
func cellBlocks(all []linkedTable, c, n int) map[string]bool {
	k := 0
	for _, lt := range all {
		for _, r := range lt.t.Rows {
			if r.Cells[c].Suppressed == "" {
				continue
			}
			if k == n {
				out := map[string]bool{}
				for _, b := range lt.blocks[r.Area] {
					out[b] = true
				}
				return out
			}
			k++
		}
	}
	return nil
}

// newlyExposed returns the numbers of the withheld cells of column c
// (counted over all tables, rows in order) whose value follows from the
// shown cells and totals of all tables but not from those of the first
// earlier ones alone: what the earlier tables give away by themselves —
// their own cells, or a cell of the last table they showed — the last
// table cannot take back; it must only add nothing.
func newlyExposed(all []linkedTable, c, earlier int) []int {
	index := map[string]int{}
	var shown, added [][]float64 // by the earlier tables, by the last
	vector := func(lt linkedTable, areas []string) []float64 {
		v := make([]float64, len(index))
		for _, a := range areas {
			for _, b := range lt.blocks[a] {
				if j, ok := index[b]; ok {
					v[j] = 1
				}
			}
		}
		return v
	}
	for _, lt := range all {
		for _, bs := range lt.blocks {
			for _, b := range bs {
				if _, ok := index[b]; !ok {
					index[b] = len(index)
				}
			}
		}
	}
	var withheld [][]float64
	for ti, lt := range all {
		var reported []string
		for _, r := range lt.t.Rows {
			cell := r.Cells[c]
			switch {
			case cell.Suppressed != "":
				withheld = append(withheld, vector(lt, []string{r.Area}))
				reported = append(reported, r.Area)
			case cell.Value != nil:
				if ti < earlier {
					shown = append(shown, vector(lt, []string{r.Area}))
				} else {
					added = append(added, vector(lt, []string{r.Area}))
				}
				reported = append(reported, r.Area)
			}
		}
		if lt.t.Total != nil && lt.t.Total.Cells[c].Suppressed == "" && lt.t.Total.Cells[c].Value != nil {
			if ti < earlier {
				shown = append(shown, vector(lt, reported))
			} else {
				added = append(added, vector(lt, reported))
			}
		}
	}
	// One basis: the earlier tables' equations first, then the last's.
	var basis echelon
	for _, v := range shown {
		basis.add(v)
	}
	before := make([]bool, len(withheld))
	for i, v := range withheld {
		before[i] = basis.spans(v)
	}
	for _, v := range added {
		basis.add(v)
	}
	var out []int
	for i, v := range withheld {
		if !before[i] && basis.spans(v) {
			out = append(out, i)
		}
	}
	return out
}

// echelon is a basis of row vectors, each zero in the pivot columns of
// those before it, so a vector is reduced in one pass in order.
type echelon struct {
	rows   [][]float64
	pivots []int
}

const linkEps = 1e-9

func (e *echelon) reduce(v []float64) []float64 {
	v = slices.Clone(v)
	for i, r := range e.rows {
		if f := v[e.pivots[i]]; math.Abs(f) > linkEps {
			for j := range v {
				v[j] -= f * r[j]
			}
		}
	}
	return v
}

func (e *echelon) add(v []float64) {
	v = e.reduce(v)
	p := slices.IndexFunc(v, func(x float64) bool { return math.Abs(x) > linkEps })
	if p < 0 {
		return
	}
	f := v[p]
	for j := range v {
		v[j] /= f
	}
	e.rows, e.pivots = append(e.rows, v), append(e.pivots, p)
}

// spans reports whether v is a combination of the basis.
func (e *echelon) spans(v []float64) bool {
	return !slices.ContainsFunc(e.reduce(v), func(x float64) bool { return math.Abs(x) > linkEps })
}
