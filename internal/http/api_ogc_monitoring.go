package http

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/ogcapi"
	"github.com/quartier/quartier/internal/spatial"
)

// The social monitoring in a planner's GIS: every publication is a public
// collection (suppressed cells "." and no value, as on paper); the
// internal values of each indicator on each layer, and each index result,
// are collections for readers with indicators.read — in a browser session
// or, for QGIS and GDAL, with an API token (Authorization: Bearer). The
// use cases check the permission and keep each reader to her spaces; the
// list only leaves out what she could not open anyway.

// ogcMonitoring says which monitoring output a collection shows.
type ogcMonitoring struct {
	indicator *quartier.Indicator
	dates     []time.Time // the indicator's reference dates, oldest first
	index     *quartier.Index
	pub       *quartier.Publication // without its table
}

const (
	ogcPublicationPrefix = "veroeffentlichung-"
	ogcIndicatorPrefix   = "kennzahl-"
	ogcIndexPrefix       = "index-"
)

func nextDay(t time.Time) *time.Time { d := t.AddDate(0, 0, 1); return &d }

// ogcMonitoringSources lists the monitoring collections the reader may
// open, on the current Gebietsstand of their layer.
func (s *Server) ogcMonitoringSources(ctx context.Context, layers []spatial.LayerInfo) ([]ogcSource, error) {
	current := currentLayers(layers)
	var out []ogcSource
	pubs, err := s.monitoring.Publications(ctx)
	if err != nil {
		return nil, err
	}
	for i := range pubs {
		if li, ok := current[pubs[i].Layer]; ok {
			out = append(out, publicationSource(&pubs[i], li))
		}
	}
	if !quartier.ActorFrom(ctx).Can(quartier.PermReadIndicators) {
		return out, nil
	}
	dates, err := s.monitoring.ReferenceDates(ctx)
	if err != nil {
		return nil, err
	}
	inds, err := s.monitoring.Indicators(ctx)
	if err != nil {
		return nil, err
	}
	for i := range inds {
		if len(dates[inds[i].Code]) == 0 {
			continue
		}
		for _, li := range layers {
			if li.Current != nil {
				out = append(out, indicatorSource(&inds[i], dates[inds[i].Code], li))
			}
		}
	}
	indices, err := s.monitoring.Indices(ctx)
	if err != nil {
		return nil, err
	}
	for i := range indices {
		if li, ok := current[indices[i].Layer]; ok {
			out = append(out, indexSource(&indices[i], li))
		}
	}
	return out, nil
}

// ogcMonitoringSource finds one monitoring collection by its id without
// listing all: a GIS asks for the same collection page after page. ok is
// false for an id that names no monitoring collection.
func (s *Server) ogcMonitoringSource(ctx context.Context, id string, layers []spatial.LayerInfo) (src ogcSource, ok bool, err error) {
	current := currentLayers(layers)
	switch {
	case strings.HasPrefix(id, ogcPublicationPrefix):
		n, perr := strconv.ParseInt(strings.TrimPrefix(id, ogcPublicationPrefix), 10, 64)
		if perr != nil {
			return src, false, nil
		}
		p, err := s.monitoring.Publication(ctx, n)
		if quartier.ErrorCode(err) == quartier.ENOTFOUND {
			return src, false, nil
		}
		if err != nil {
			return src, false, err
		}
		li, ok := current[p.Layer]
		if !ok {
			return src, false, nil
		}
		p.Table = quartier.OutputTable{} // the rows read it again, as for a listed one
		return publicationSource(p, li), true, nil
	case strings.HasPrefix(id, ogcIndicatorPrefix):
		code, layer, found := strings.Cut(strings.TrimPrefix(id, ogcIndicatorPrefix), "@")
		li, ok := current[layer]
		if !found || !ok || !quartier.ActorFrom(ctx).Can(quartier.PermReadIndicators) {
			return src, false, nil
		}
		inds, err := s.monitoring.Indicators(ctx)
		if err != nil {
			return src, false, err
		}
		i := slices.IndexFunc(inds, func(ind quartier.Indicator) bool { return ind.Code == code })
		if i < 0 {
			return src, false, nil
		}
		ds, err := s.monitoring.IndicatorDates(ctx, code)
		if err != nil || len(ds) == 0 {
			return src, false, err
		}
		return indicatorSource(&inds[i], ds, li), true, nil
	case strings.HasPrefix(id, ogcIndexPrefix):
		if !quartier.ActorFrom(ctx).Can(quartier.PermReadIndicators) {
			return src, false, nil
		}
		indices, err := s.monitoring.Indices(ctx)
		if err != nil {
			return src, false, err
		}
		i := slices.IndexFunc(indices, func(x quartier.Index) bool { return ogcIndexPrefix+x.Code == id })
		if i < 0 {
			return src, false, nil
		}
		li, ok := current[indices[i].Layer]
		if !ok {
			return src, false, nil
		}
		return indexSource(&indices[i], li), true, nil
	}
	return src, false, nil
}

func currentLayers(layers []spatial.LayerInfo) map[string]spatial.LayerInfo {
	current := map[string]spatial.LayerInfo{}
	for _, li := range layers {
		if li.Current != nil {
			current[li.Layer.Code] = li
		}
	}
	return current
}

func publicationSource(p *quartier.Publication, li spatial.LayerInfo) ogcSource {
	return ogcSource{id: ogcPublicationPrefix + strconv.FormatInt(p.ID, 10), layer: li.Layer, version: *li.Current, mon: &ogcMonitoring{pub: p},
		title: p.Title, from: p.ReferenceDate, to: nextDay(p.ReferenceDate),
		desc: fmt.Sprintf("Veröffentlicht am %s, Stichtag %s, Ebene %s. Kleine Zahlen sind gesperrt: die Zelle hat keinen Wert, ihr Text ist „%s“.",
			p.PublishedAt.Format(quartier.GermanDateLayout), p.ReferenceDate.Format(quartier.GermanDateLayout), p.Layer, quartier.SuppressedText)}
}

func indicatorSource(ind *quartier.Indicator, ds []time.Time, li spatial.LayerInfo) ogcSource {
	return ogcSource{id: ogcIndicatorPrefix + ind.Code + "@" + li.Layer.Code, layer: li.Layer, version: *li.Current,
		mon: &ogcMonitoring{indicator: ind, dates: ds}, title: fmt.Sprintf("%s – %s (intern)", ind.Name, li.Layer.Name),
		from: ds[0], to: nextDay(ds[len(ds)-1]),
		desc: fmt.Sprintf("Interne Werte der Kennzahl %s je Gebiet der Ebene %s, ein Objekt je Gebiet und Stichtag (Parameter datetime wählt Stichtage). Nicht zur Veröffentlichung: kleine Zahlen sind nicht gesperrt.", ind.Code, li.Layer.Code)}
}

func indexSource(x *quartier.Index, li spatial.LayerInfo) ogcSource {
	return ogcSource{id: ogcIndexPrefix + x.Code, layer: li.Layer, version: *li.Current, mon: &ogcMonitoring{index: x},
		title: x.Name + " (intern)", from: x.ReferenceDate, to: nextDay(x.ReferenceDate),
		desc: fmt.Sprintf("Ergebnis des Index %s auf der Ebene %s mit jedem Zwischenwert (wie der CSV-Export). Nicht zur Veröffentlichung.", x.Code, x.Layer)}
}

// ogcMonitoringRows computes a monitoring collection's features. areas
// are the outlines of its layer; an area the output names but the
// Gebietsstand lacks (a publication on an older one) has no geometry.
func (s *Server) ogcMonitoringRows(ctx context.Context, src ogcSource, areas []quartier.Area, when *ogcapi.Interval) ([]ogcRow, error) {
	geom := make(map[string]orb.MultiPolygon, len(areas))
	for _, a := range areas {
		geom[a.Code] = a.Geometry
	}
	m := src.mon
	var rows []ogcRow
	switch {
	case m.pub != nil:
		p, err := s.monitoring.Publication(ctx, m.pub.ID)
		if err != nil {
			return nil, err
		}
		for _, r := range p.Table.Rows {
			props := map[string]any{"code": r.Area, "name": r.Name, "reference_date": p.ReferenceDate.Format(quartier.DateLayout)}
			for i, c := range r.Cells {
				if i >= len(p.Table.Columns) {
					break
				}
				col := p.Table.Columns[i]
				props[col] = nil
				if c.Value != nil {
					props[col] = *c.Value
				}
				props[col+" (Text)"] = c.Text
			}
			rows = append(rows, ogcRow{id: r.Area, geom: geom[r.Area], from: p.ReferenceDate, to: nextDay(p.ReferenceDate), props: props})
		}
	case m.indicator != nil:
		for _, d := range m.dates {
			if !when.Meets(d, nextDay(d)) {
				continue
			}
			rep, err := s.monitoring.Values(ctx, m.indicator.Code, src.layer.Code, d)
			if err != nil {
				return nil, err
			}
			for _, av := range rep.Areas {
				props := map[string]any{"code": av.Area, "name": av.Name, "reference_date": d.Format(quartier.DateLayout),
					"value": number(av.Value), "unit": m.indicator.Unit, "complete": av.Complete}
				if av.FromCounts {
					props["numerator"], props["denominator"] = av.Numerator, av.Denominator
				}
				if av.NotComparable != "" {
					props["not_comparable"] = av.NotComparable
				}
				rows = append(rows, ogcRow{id: av.Area + "@" + d.Format(quartier.DateLayout), geom: geom[av.Area], from: d, to: nextDay(d), props: props})
			}
		}
	case m.index != nil:
		res, err := s.monitoring.ComputeIndex(ctx, m.index.Code, "")
		if err != nil {
			return nil, err
		}
		cols := res.Columns()
		for _, row := range res.Rows {
			props := map[string]any{"reference_date": m.index.ReferenceDate.Format(quartier.DateLayout)}
			for i, v := range res.Record(row) {
				if f, ok := v.(float64); ok {
					v = number(f)
				}
				props[cols[i]] = v
			}
			rows = append(rows, ogcRow{id: row.Area, geom: geom[row.Area], from: m.index.ReferenceDate, to: nextDay(m.index.ReferenceDate), props: props})
		}
	}
	return rows, nil
}

// number is a figure for JSON: null where there is none.
func number(x float64) any {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return x
}

// internalCollection tells an internal monitoring collection by its name.
func internalCollection(id string) bool {
	return strings.HasPrefix(id, ogcIndicatorPrefix) || strings.HasPrefix(id, ogcIndexPrefix)
}
