package spatial

import (
	"context"
	"fmt"
	"sync"

	"github.com/paulmach/orb"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/geo"
	"github.com/quartier/quartier/internal/streetdir"
)

// Locator answers "which block, which area of every layer" from memory. It is
// immutable once built; App replaces it whole after every import. The
// street directory is not in it: it may hold a city's every address, so
// address lookups read the entries of one street from the store.
type Locator struct {
	srid   quartier.SRID
	layers []locLayer // layers with a current version, by Position
	block  int        // index into layers of the block layer, -1 if none
	// blockPoint is a point inside each block, used to place a block (found
	// through the street directory) in layers that have their own geometry.
	blockPoint  []orb.Point
	blockByCode map[string]int
}

type locLayer struct {
	layer   quartier.Layer
	version quartier.Version
	areas   []AreaRef
	index   *lazyIndex // block and imported layers
	byBlock []int32    // composed layers: area index per block index, -1 = none
}

// lazyIndex builds a layer's point index on its first use. Building
// Berlin's block index takes 0.15 s, most of the time a command like
// `quartier lookup --address` would spend before answering, and an address
// needs no point index (only a layer with its own geometry does).
type lazyIndex struct {
	once  sync.Once
	areas []geo.IndexArea // until built
	ix    *geo.Index
}

func (l *lazyIndex) get() *geo.Index {
	l.once.Do(func() {
		l.ix = geo.NewIndex(l.areas)
		l.areas = nil
	})
	return l.ix
}

// AreaRef names an area without its geometry.
type AreaRef struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// Hit is the answer for one layer; an empty Code means the point lies outside
// every area of that layer.
type Hit struct {
	Layer     string `json:"layer"`
	LayerName string `json:"layer_name"`
	Code      string `json:"code"`
	Name      string `json:"name"`
}

// LookupResult is the answer for one point or address.
type LookupResult struct {
	// X, Y in the installation's CRS.
	X      float64 `json:"x"`
	Y      float64 `json:"y"`
	SRID   int     `json:"srid"`
	Inside bool    `json:"inside"` // inside some block
	// Via says how the block was found: "coordinate" or "street".
	Via string `json:"via"`
	// Exact: found through the street directory, X, Y are the address's
	// own point (an official house coordinate), not a point in its block.
	Exact bool `json:"exact,omitempty"`
	// Address is the directory's spelling of the address found, Source
	// where the directory comes from (for attribution).
	Address string `json:"address,omitempty"`
	Source  string `json:"source,omitempty"`
	Hits    []Hit  `json:"areas"`
}

// Block returns the block hit, or the empty hit.
func (r LookupResult) Block() Hit {
	if len(r.Hits) > 0 {
		return r.Hits[0]
	}
	return Hit{}
}

// HitFor returns the hit of the given layer code.
func (r LookupResult) HitFor(layer string) (Hit, bool) {
	for _, h := range r.Hits {
		if h.Layer == layer {
			return h, true
		}
	}
	return Hit{}, false
}

// buildLocator loads every layer's current version and indexes it.
func buildLocator(ctx context.Context, tx Tx, srid quartier.SRID) (*Locator, error) {
	loc := &Locator{srid: srid, block: -1, blockByCode: map[string]int{}}
	layers, err := tx.Layers(ctx)
	if err != nil {
		return nil, err
	}
	type composed struct {
		pos   int
		areas []quartier.Area
	}
	var pending []composed
	for _, l := range layers {
		v, err := currentVersion(ctx, tx, l.ID)
		if err != nil {
			return nil, err
		}
		if v == nil {
			continue
		}
		areas, err := tx.Areas(ctx, v.ID)
		if err != nil {
			return nil, err
		}
		ll := locLayer{layer: l, version: *v, areas: make([]AreaRef, len(areas))}
		for i, a := range areas {
			ll.areas[i] = AreaRef{Code: a.Code, Name: a.Name}
		}
		switch l.Kind {
		case quartier.LayerBlock:
			ll.index = indexAreas(areas)
			loc.block = len(loc.layers)
			loc.blockPoint = make([]orb.Point, len(areas))
			for i, a := range areas {
				loc.blockByCode[a.Code] = i
				loc.blockPoint[i] = geo.PointOnSurface(a.Geometry)
			}
		case quartier.LayerImported:
			ll.index = indexAreas(areas)
		case quartier.LayerComposed:
			pending = append(pending, composed{pos: len(loc.layers), areas: areas})
		}
		loc.layers = append(loc.layers, ll)
	}
	// Composed layers resolve through the block index, so they can only be
	// wired once the block layer is known, wherever it sits in the order.
	for _, c := range pending {
		by := make([]int32, len(loc.blockPoint))
		for i := range by {
			by[i] = -1
		}
		for ai, a := range c.areas {
			for _, b := range a.Blocks {
				if bi, ok := loc.blockByCode[b]; ok {
					by[bi] = int32(ai)
				}
			}
		}
		loc.layers[c.pos].byBlock = by
	}
	return loc, nil
}

func indexAreas(areas []quartier.Area) *lazyIndex {
	in := make([]geo.IndexArea, len(areas))
	for i, a := range areas {
		in[i] = geo.IndexArea{Code: a.Code, Geometry: a.Geometry}
	}
	return &lazyIndex{areas: in}
}

// currentVersion returns the open version of a layer, or nil if it has none.
func currentVersion(ctx context.Context, tx Tx, layerID int64) (*quartier.Version, error) {
	vs, err := tx.Versions(ctx, layerID)
	if err != nil {
		return nil, err
	}
	for i := len(vs) - 1; i >= 0; i-- {
		if vs[i].ValidTo == nil {
			return &vs[i], nil
		}
	}
	return nil, nil
}

// Rebuild reloads the lookup index from the store.
func (a *Service) Rebuild(ctx context.Context) error {
	a.rebuildMu.Lock()
	defer a.rebuildMu.Unlock()
	var loc *Locator
	err := a.store.View(ctx, func(tx Tx) error {
		if !a.fixed.Load() {
			// Another process may have made the first import meanwhile.
			stored, err := tx.Setting(ctx, settingSRID)
			if err != nil {
				return err
			}
			if stored != "" {
				if err := a.checkSRID(stored, quartier.NoSRID); err != nil {
					return err
				}
			}
		}
		var err error
		loc, err = buildLocator(ctx, tx, a.SRID())
		return err
	})
	if err != nil {
		return fmt.Errorf("build lookup index: %w", err)
	}
	a.locator.Store(loc)
	for _, fn := range a.onRebuild {
		if err := fn(ctx, loc); err != nil {
			return err
		}
	}
	return nil
}

// InstallationBound is the blocks' bounding box grown by margin metres;
// ok is false before any block layer exists.
func (l *Locator) InstallationBound(margin float64) (orb.Bound, bool) {
	if l.block < 0 {
		return orb.Bound{}, false
	}
	b := l.layers[l.block].index.get().Bound()
	return orb.Bound{Min: orb.Point{b.Min[0] - margin, b.Min[1] - margin}, Max: orb.Point{b.Max[0] + margin, b.Max[1] + margin}}, true
}

// Locator returns the current lookup index.
func (a *Service) Locator() *Locator { return a.locator.Load() }

// Layers lists the layers that have a current version, blocks first.
func (l *Locator) Layers() []quartier.Layer {
	out := make([]quartier.Layer, len(l.layers))
	for i, ll := range l.layers {
		out[i] = ll.layer
	}
	return out
}

// Areas lists the current areas of the layer with code (in code order),
// nil for a layer without a current version.
func (l *Locator) Areas(layer string) []AreaRef {
	for _, ll := range l.layers {
		if ll.layer.Code == layer {
			return ll.areas
		}
	}
	return nil
}

// SpaceLayer is the code of the social-space layer, "" while there is none.
func (l *Locator) SpaceLayer() string {
	for _, ll := range l.layers {
		if ll.layer.Space {
			return ll.layer.Code
		}
	}
	return ""
}

// Locate answers for a point in the installation's CRS. It allocates only the
// result, because bulk lookups call it hundreds of thousands of times.
func (l *Locator) Locate(p orb.Point) LookupResult {
	r := LookupResult{X: p[0], Y: p[1], SRID: int(l.srid), Via: "coordinate", Hits: make([]Hit, len(l.layers))}
	bi := -1
	if l.block >= 0 {
		if i, ok := l.layers[l.block].index.get().Locate(p); ok {
			bi = i
		}
	}
	r.Inside = bi >= 0
	l.fill(&r, p, bi)
	return r
}

// LocateBlock answers for a block found without a coordinate (street
// directory): composed layers follow the block; imported layers are asked
// at a point inside the block.
func (l *Locator) LocateBlock(code string) (LookupResult, bool) {
	bi, ok := l.blockByCode[code]
	if !ok {
		return LookupResult{}, false
	}
	return l.locateBlockAt(bi, l.blockPoint[bi]), true
}

// locateBlockAt answers for block bi, asking imported layers at p.
func (l *Locator) locateBlockAt(bi int, p orb.Point) LookupResult {
	r := LookupResult{X: p[0], Y: p[1], SRID: int(l.srid), Via: "street", Inside: true, Hits: make([]Hit, len(l.layers))}
	l.fill(&r, p, bi)
	return r
}

func (l *Locator) fill(r *LookupResult, p orb.Point, bi int) {
	for i := range l.layers {
		ll := &l.layers[i]
		h := &r.Hits[i]
		h.Layer, h.LayerName = ll.layer.Code, ll.layer.Name
		if ai := l.areaAt(i, p, bi); ai >= 0 {
			h.Code, h.Name = ll.areas[ai].Code, ll.areas[ai].Name
		}
	}
}

// areaAt is the area of layer i at p in block bi (-1 for none): composed
// layers follow the block, layers with their own geometry the point.
func (l *Locator) areaAt(i int, p orb.Point, bi int) int {
	ll := &l.layers[i]
	switch {
	case ll.layer.Kind == quartier.LayerComposed:
		if bi >= 0 && bi < len(ll.byBlock) {
			return int(ll.byBlock[bi])
		}
	case i == l.block:
		return bi
	case ll.index != nil:
		if j, ok := ll.index.get().Locate(p); ok {
			return j
		}
	}
	return -1
}

// matchCodes writes the area code of every layer for a street-directory
// match into codes (one per layer, "" for none), for a bulk run that needs
// no LookupResult per row.
func (l *Locator) matchCodes(m streetdir.Match, codes []string) error {
	bi, ok := l.blockByCode[m.Block]
	if !ok {
		return unknownBlock(m.Block)
	}
	p := l.blockPoint[bi]
	if m.Point {
		p = orb.Point{m.Entry.X, m.Entry.Y}
	}
	for i := range l.layers {
		codes[i] = ""
		if ai := l.areaAt(i, p, bi); ai >= 0 {
			codes[i] = l.layers[i].areas[ai].Code
		}
	}
	return nil
}
