package monitoring

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/spatial"
)

// sumAt is the indicator on layer at date. Values delivered on the
// current Gebietsstand of the indicator's layer are summed as they are
// (sumUp); values delivered on an older one are first read as the current
// blocks their areas cover, where the areas still exist exactly (sumOld).
func (s *Service) sumAt(ctx context.Context, ind *quartier.Indicator, vals []quartier.IndicatorValue, date time.Time, layer string, base map[string]int) ([]AreaValue, error) {
	at := atDate(vals, date)
	loc := s.spatial.Locator()
	delivered := ind.LayerDate
	if len(at) > 0 && !at[0].LayerDate.IsZero() {
		delivered = at[0].LayerDate // one import: one Gebietsstand per date
	}
	var out []AreaValue
	var err error
	if cur, ok := loc.Version(ind.Layer); len(at) == 0 || !ok || delivered.Equal(cur.ReferenceDate) {
		out, err = sumUp(ind, at, layer, loc, base)
	} else {
		var units []oldArea
		if units, err = s.olderAreas(ctx, ind.Layer, delivered, loc); err == nil {
			out, err = sumOld(ind, at, units, layer, loc, base)
		}
	}
	for i := range out {
		out[i].LayerDate = delivered
	}
	return out, err
}

// oldArea is an area of an older Gebietsstand as the current blocks it
// covers; changed says why it has none (its blocks were redrawn since).
type oldArea struct {
	code    string
	blocks  []string
	changed string
}

// olderAreas reads the areas of layer's Gebietsstand at date as sets of
// current blocks: a composed area by its blocks, a block as itself, as
// long as those blocks are unchanged in the current block version (same
// code, same area). Areas with their own geometry cannot be read so:
// nil.
func (s *Service) olderAreas(ctx context.Context, layerCode string, date time.Time, loc *spatial.Locator) ([]oldArea, error) {
	var layer *quartier.Layer
	var version *quartier.Version
	var areas []quartier.Area
	err := s.store.View(ctx, func(tx Tx) error {
		l, err := tx.LayerByCode(ctx, layerCode)
		if err != nil {
			return err
		}
		vs, err := tx.Versions(ctx, l.ID)
		if err != nil {
			return err
		}
		for i := range vs {
			if vs[i].ReferenceDate.Equal(date) {
				layer, version = l, &vs[i]
			}
		}
		if version == nil {
			return quartier.Errorf(quartier.ENOTFOUND, "Die Ebene %s hat keinen Gebietsstand vom %s.", layerCode, date.Format(quartier.GermanDateLayout))
		}
		areas, err = tx.Areas(ctx, version.ID)
		return err
	})
	if err != nil || layer.Kind == quartier.LayerImported {
		return nil, err
	}
	blockVersion := version.BlockVersionID
	if layer.Kind == quartier.LayerBlock {
		blockVersion = version.ID
	}
	var blockLayer string
	for _, l := range loc.Layers() {
		if l.Kind == quartier.LayerBlock {
			blockLayer = l.Code
		}
	}
	changed := map[string]bool{}
	if cur, ok := loc.Version(blockLayer); ok && cur.ID != blockVersion {
		diff, err := s.spatial.CompareVersions(ctx, blockLayer, blockVersion, cur.ID)
		if err != nil {
			return nil, err
		}
		for _, c := range diff {
			if c.From != "" { // gone or redrawn; a new block belongs to no old area
				changed[c.From] = true
			}
		}
	}
	out := make([]oldArea, len(areas))
	for i, a := range areas {
		out[i] = oldArea{code: a.Code, blocks: a.Blocks}
		if layer.Kind == quartier.LayerBlock {
			out[i].blocks = []string{a.Code}
		}
		for _, b := range out[i].blocks {
			if changed[b] {
				out[i].changed = fmt.Sprintf("Baustein %s ist seit dem Gebietsstand %s neu abgegrenzt", b, date.Format(quartier.GermanDateLayout))
				break
			}
		}
	}
	return out, nil
}

// sumOld gives values of an older Gebietsstand on the current areas of
// layer. A current area is comparable when it is exactly the union of
// old areas whose blocks are unchanged: the area itself unchanged, or
// old areas merged into it. Then it is summed from them as from blocks
// (counts add, shares add numerators and denominators, the rest weighted
// by the residents of the old areas). Any other area is not comparable,
// with the reason, and has no value: an old value is never split or
// stretched over a changed border.
func sumOld(ind *quartier.Indicator, vals []quartier.IndicatorValue, units []oldArea, layer string, loc *spatial.Locator, base map[string]int) ([]AreaValue, error) {
	areas := loc.Areas(layer)
	if areas == nil {
		return nil, quartier.Errorf(quartier.ENOTFOUND, "Die Ebene %s gibt es nicht oder sie hat keinen gültigen Gebietsstand.", layer)
	}
	out := make([]AreaValue, len(areas))
	index := make(map[string]int, len(areas))
	for i, a := range areas {
		out[i] = AreaValue{Area: a.Code, Name: a.Name, Value: math.NaN()}
		index[a.Code] = i
	}
	if units == nil {
		for i := range out {
			out[i].NotComparable = fmt.Sprintf("Die Werte liegen auf einem älteren Gebietsstand der Ebene %s vor, die eine eigene Geometrie hat; sie lassen sich nicht auf heutige Gebiete umrechnen.", ind.Layer)
		}
		return out, nil
	}
	blocks, owners, ok := loc.BlockAreas(layer)
	if !ok {
		return nil, quartier.Errorf(quartier.EINVALID, "Die Ebene %s ist nicht aus Bausteinen zusammengesetzt; Werte eines älteren Gebietsstands lassen sich nicht auf sie umrechnen.", layer)
	}
	owner := make(map[string]int, len(blocks))
	for bi, b := range blocks {
		if k, ok := index[owners[bi]]; ok {
			owner[b] = k
		} else {
			owner[b] = -1
		}
	}
	// The current area each unchanged old area lies in; -1 in none,
	// -2 split between several.
	target := make([]int, len(units))
	unitOf := map[string]int{}
	for u, un := range units {
		target[u] = -3
		if un.changed != "" {
			continue
		}
		for _, b := range un.blocks {
			unitOf[b] = u
			k, ok := owner[b]
			switch {
			case !ok:
				k = -1
			case target[u] != -3 && target[u] != k:
				k = -2
			}
			if target[u] != -2 {
				target[u] = k
			}
		}
	}
	date := ""
	if len(vals) > 0 && !vals[0].LayerDate.IsZero() {
		date = vals[0].LayerDate.Format(quartier.GermanDateLayout)
	}
	for bi, b := range blocks {
		k, ok := index[owners[bi]]
		if !ok || out[k].NotComparable != "" {
			continue
		}
		u, ok := unitOf[b]
		switch {
		case !ok:
			reason := fmt.Sprintf("Baustein %s gehört zu keinem unveränderten Gebiet des Gebietsstands %s", b, date)
			for _, un := range units {
				if un.changed != "" && slices.Contains(un.blocks, b) {
					reason = fmt.Sprintf("Gebiet %s: %s", un.code, un.changed)
				}
			}
			out[k].NotComparable = reason + "."
		case target[u] != k:
			out[k].NotComparable = fmt.Sprintf("Gebiet %s des Gebietsstands %s liegt nur zum Teil in %s.", units[u].code, date, out[k].Area)
		}
	}
	byArea := make(map[string]*quartier.IndicatorValue, len(vals))
	for i := range vals {
		byArea[vals[i].Area] = &vals[i]
	}
	accs := make([]areaSum, len(out))
	for u, un := range units {
		k := target[u]
		if k < 0 || out[k].NotComparable != "" {
			continue
		}
		out[k].Blocks++
		v, ok := byArea[un.code]
		if !ok {
			continue
		}
		out[k].Reported++
		residents, weighted := 0.0, base != nil
		for _, b := range un.blocks {
			p, ok := base[b]
			residents += float64(p)
			weighted = weighted && ok
		}
		accs[k].add(ind, v, residents, weighted)
	}
	if err := finishSums(ind, layer, base != nil, out, accs); err != nil {
		return nil, err
	}
	return out, nil
}

// deliveryCodes is the version a delivery's area codes belong to, the
// layer's current one unless the mapping names an older Gebietsstand,
// with its codes.
func (s *Service) deliveryCodes(ctx context.Context, m Mapping) (quartier.Version, map[string]bool, error) {
	loc := s.spatial.Locator()
	version, ok := loc.Version(m.Layer)
	if !ok {
		return version, nil, quartier.Errorf(quartier.ENOTFOUND, "Die Ebene %s gibt es nicht oder sie hat keinen gültigen Gebietsstand.", m.Layer)
	}
	known := map[string]bool{}
	if m.LayerDate == "" {
		for _, a := range loc.Areas(m.Layer) {
			known[a.Code] = true
		}
		return version, known, nil
	}
	date, err := quartier.ParseDate(m.LayerDate)
	if err != nil {
		return version, nil, quartier.Errorf(quartier.EINVALID, "Gebietsstand der Werte (layer_date): %s", quartier.ErrorMessage(err))
	}
	err = s.store.View(ctx, func(tx Tx) error {
		l, err := tx.LayerByCode(ctx, m.Layer)
		if err != nil {
			return err
		}
		vs, err := tx.Versions(ctx, l.ID)
		if err != nil {
			return err
		}
		var dates []string
		for _, v := range vs {
			if v.ReferenceDate.Equal(date) {
				version = v
				areas, err := tx.Areas(ctx, v.ID)
				for _, a := range areas {
					known[a.Code] = true
				}
				return err
			}
			dates = append(dates, v.ReferenceDate.Format(quartier.GermanDateLayout))
		}
		return quartier.Errorf(quartier.ENOTFOUND, "Die Ebene %s hat keinen Gebietsstand vom %s (vorhanden: %s).", m.Layer, date.Format(quartier.GermanDateLayout), strings.Join(dates, ", "))
	})
	return version, known, err
}
