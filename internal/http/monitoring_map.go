package http

import (
	"bytes"
	"encoding/json"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/monitoring"
	"github.com/quartier/quartier/internal/report"
)

// A monitoring map shows one indicator at one date, or one component of
// an index, on any layer. The SVG (printable, without JavaScript), the
// Leaflet layer and the table are built from one monMap, so they show the
// same classes.

// monQuery is what a map shows, from the URL.
type monQuery struct {
	Show      string // "i:CODE" (indicator) or "x:CODE:COMPONENT" (index)
	Layer     string
	Date      string // of an indicator; "" for the newest
	Palette   string
	Classes   int // quantile classes of an indicator
	Labels    bool
	indicator string
	index     string
	component string
}

func readMonQuery(q url.Values) monQuery {
	m := monQuery{Show: q.Get("zeige"), Layer: q.Get("ebene"), Date: q.Get("stichtag"), Palette: q.Get("palette"), Labels: q.Get("namen") != ""}
	m.Classes, _ = strconv.Atoi(q.Get("klassen"))
	if m.Classes < 2 || m.Classes > report.MaxClasses {
		m.Classes = 5
	}
	if !slices.Contains(report.PaletteNames(), m.Palette) {
		m.Palette = report.PaletteNames()[0]
	}
	kind, rest, _ := strings.Cut(m.Show, ":")
	switch kind {
	case "i":
		m.indicator = rest
	case "x":
		m.index, m.component, _ = strings.Cut(rest, ":")
	}
	return m
}

// values renders the query as URL parameters (for the SVG, JSON and
// links), without the ones at their defaults.
func (m monQuery) values() url.Values {
	v := url.Values{"zeige": {m.Show}}
	set := func(k, x string) {
		if x != "" {
			v.Set(k, x)
		}
	}
	set("ebene", m.Layer)
	set("stichtag", m.Date)
	if m.Palette != report.PaletteNames()[0] {
		v.Set("palette", m.Palette)
	}
	if m.Classes != 5 {
		v.Set("klassen", strconv.Itoa(m.Classes))
	}
	if m.Labels {
		v.Set("namen", "1")
	}
	return v
}

// monMap is one map's content.
type monMap struct {
	Title, Unit string
	Layer       string
	Date        time.Time
	Note        string // what the colours mean beyond the legend
	Classes     []report.Class
	Counts      []int
	Dates       []time.Time // an indicator's reference dates, to choose from
	Rows        []monMapRow // in area code order
}

type monMapRow struct {
	Code, Name string
	Class      int // in Classes, or report.NoValue
	ClassLabel string
	Value      string
	Detail     string
}

// buildMonMap computes what the query shows; the contexts check who may
// read it.
func (s *Server) buildMonMap(r *http.Request, q *monQuery) (*monMap, error) {
	ctx := r.Context()
	if q.Show == "" {
		// Without a choice: the first indicator, as the page offers it.
		inds, err := s.monitoring.Indicators(ctx)
		if err != nil {
			return nil, err
		}
		if len(inds) > 0 {
			q.Show, q.indicator = "i:"+inds[0].Code, inds[0].Code
		}
	}
	switch {
	case q.indicator != "":
		inds, err := s.monitoring.Indicators(ctx)
		if err != nil {
			return nil, err
		}
		i := slices.IndexFunc(inds, func(x quartier.Indicator) bool { return x.Code == q.indicator })
		if i < 0 {
			return nil, quartier.Errorf(quartier.ENOTFOUND, "Den Indikator %s gibt es nicht.", q.indicator)
		}
		ind := inds[i]
		if q.Layer == "" {
			q.Layer = ind.Layer
		}
		dates, err := s.monitoring.ReferenceDates(ctx)
		if err != nil {
			return nil, err
		}
		ds := dates[ind.Code]
		if len(ds) == 0 {
			return nil, quartier.Errorf(quartier.ENOTFOUND, "Der Indikator %s hat noch keine Werte.", ind.Name)
		}
		date := ds[len(ds)-1]
		if q.Date != "" {
			if date, err = quartier.ParseDate(q.Date); err != nil {
				return nil, err
			}
		}
		rep, err := s.monitoring.Values(ctx, ind.Code, q.Layer, date)
		if err != nil {
			return nil, err
		}
		// Planners see every value; those a publication would withhold
		// are marked, so nobody copies them into a paper by mistake.
		tbl, err := s.monitoring.ValueTable(ctx, ind.Code, q.Layer, date)
		if err != nil {
			return nil, err
		}
		m := indicatorMap(rep, withheld(tbl), q)
		m.Dates = ds
		return m, nil
	case q.index != "":
		res, err := s.monitoring.ComputeIndex(ctx, q.index, q.Layer)
		if err != nil {
			return nil, err
		}
		q.Layer = res.Layer
		return indexMap(res, q)
	}
	return nil, quartier.Errorf(quartier.EINVALID, "Bitte einen Indikator oder einen Index wählen.")
}

// indicatorMap classes the values in quantiles. The palette runs towards
// need: for an indicator where higher is better it is turned round, so
// the darkest areas are always those of most need.
func indicatorMap(rep *monitoring.ValueReport, marks map[string]quartier.Suppression, q *monQuery) *monMap {
	ind := rep.Indicator
	m := &monMap{Title: ind.Name + " am " + rep.Date.Format(quartier.GermanDateLayout), Unit: ind.Name, Layer: rep.Layer, Date: rep.Date}
	if ind.Unit != "" {
		m.Unit += " (" + ind.Unit + ")"
	}
	values := make([]float64, len(rep.Areas))
	for i, a := range rep.Areas {
		values[i] = a.Value
	}
	bounds := report.Quantiles(values, q.Classes)
	colours := report.Palette(q.Palette, len(bounds))
	m.Note = "Klassen mit etwa gleich vielen Gebieten; je dunkler, desto höher der Wert."
	if ind.Direction == quartier.HigherIsBetter {
		slices.Reverse(colours)
		m.Note = "Klassen mit etwa gleich vielen Gebieten; höher ist hier günstiger, daher je dunkler, desto niedriger der Wert."
	}
	for i, ub := range bounds {
		label := "bis " + decimal(ub)
		if i > 0 {
			label = "über " + decimal(bounds[i-1]) + " bis " + decimal(ub)
		}
		m.Classes = append(m.Classes, report.Class{Label: label, Colour: colours[i]})
	}
	m.Counts = make([]int, len(m.Classes))
	for _, a := range rep.Areas {
		row := monMapRow{Code: a.Area, Name: a.Name, Class: report.ClassOf(a.Value, bounds), Value: "–"}
		if row.Class >= 0 {
			m.Counts[row.Class]++
			row.ClassLabel = m.Classes[row.Class].Label
			row.Value = decimal(a.Value)
		}
		switch {
		case a.Reported == 0:
			row.Detail = "kein Wert geliefert"
		case a.FromCounts:
			row.Detail = decimal(a.Numerator) + " von " + decimal(a.Denominator)
		}
		if a.Reported > 0 && !a.Complete {
			row.Detail = strings.TrimPrefix(row.Detail+"; ", "; ") + "unvollständig: " + strconv.Itoa(a.Reported) + " von " + strconv.Itoa(a.Blocks) + " Bausteinen"
		}
		switch marks[a.Area] {
		case quartier.SuppressedPrimary:
			row.Detail = strings.TrimPrefix(row.Detail+"; ", "; ") + "kleine Zahl: in Veröffentlichungen gesperrt"
		case quartier.SuppressedSecondary:
			row.Detail = strings.TrimPrefix(row.Detail+"; ", "; ") + "in Veröffentlichungen gesperrt, damit keine kleine Zahl errechenbar ist"
		}
		m.Rows = append(m.Rows, row)
	}
	return m
}

// withheld says per area why a publication of the table would withhold
// it (primary before secondary); areas it keeps are absent.
func withheld(t *quartier.OutputTable) map[string]quartier.Suppression {
	marks := map[string]quartier.Suppression{}
	for _, r := range t.Rows {
		for _, c := range r.Cells {
			if c.Suppressed != "" && marks[r.Area] != quartier.SuppressedPrimary {
				marks[r.Area] = c.Suppressed
			}
		}
	}
	return marks
}

// indexMap shows a component's classes as the index defines them.
func indexMap(res *monitoring.IndexResult, q *monQuery) (*monMap, error) {
	c := 0
	if q.component != "" {
		c = slices.IndexFunc(res.Index.Components, func(x quartier.IndexComponent) bool { return x.Code == q.component })
		if c < 0 {
			return nil, quartier.Errorf(quartier.ENOTFOUND, "Der Index %s hat keinen Teilindex %s.", res.Index.Code, q.component)
		}
	}
	comp := res.Index.Components[c]
	m := &monMap{Title: res.Index.Name + ": " + comp.Name, Unit: comp.Name + " (Klasse)", Layer: res.Layer, Date: res.Index.ReferenceDate,
		Note: "Klassen des Index, wie er sie festlegt; je dunkler, desto höher der Index."}
	colours := report.Palette(q.Palette, len(comp.Classes.Labels))
	for i, l := range comp.Classes.Labels {
		m.Classes = append(m.Classes, report.Class{Label: l + " (" + classRange(comp.Classes, i) + ")", Colour: colours[i]})
	}
	m.Counts = make([]int, len(m.Classes))
	for _, row := range res.Rows {
		cr := row.Components[c]
		mr := monMapRow{Code: row.Area, Name: row.Name, Class: report.NoValue, Value: "–"}
		if row.Excluded != "" {
			mr.Detail = "ausgeschlossen: " + row.Excluded
		} else if k := slices.Index(comp.Classes.Labels, cr.Class); k >= 0 && !math.IsNaN(cr.Index) {
			mr.Class, mr.ClassLabel, mr.Value = k, cr.Class, decimal(cr.Index)
			m.Counts[k]++
		}
		m.Rows = append(m.Rows, mr)
	}
	return m, nil
}

// classRange writes the bounds of class i ("ab −1 bis unter 1 SD"),
// saying on which side a value on a bound falls.
func classRange(c quartier.IndexClasses, i int) string {
	unit := ""
	if c.Scale == quartier.ClassesSD {
		unit = " SD"
	}
	lo, hi := "ab ", "unter "
	if c.UpperInclusive {
		lo, hi = "über ", ""
	}
	switch {
	case len(c.Bounds) == 0:
		return "alle"
	case i == 0:
		if c.UpperInclusive {
			return "bis " + signed(c.Bounds[0]) + unit
		}
		return "unter " + signed(c.Bounds[0]) + unit
	case i == len(c.Bounds):
		return lo + signed(c.Bounds[i-1]) + unit
	}
	return lo + signed(c.Bounds[i-1]) + " bis " + hi + signed(c.Bounds[i]) + unit
}

func signed(x float64) string {
	s := quartier.FormatNumber(x)
	if x > 0 {
		return "+" + s
	}
	return strings.Replace(s, "-", "−", 1)
}

// choro renders m on the layer's geometry: only the areas the reader may
// see (the rows), never the outlines of others.
func (s *Server) choro(r *http.Request, m *monMap, q *monQuery, id string) ([]byte, error) {
	_, _, areas, err := s.spatial.LayerAreas(r.Context(), m.Layer)
	if err != nil {
		return nil, err
	}
	rows := make(map[string]*monMapRow, len(m.Rows))
	for i := range m.Rows {
		rows[m.Rows[i].Code] = &m.Rows[i]
	}
	ca := make([]report.ChoroArea, 0, len(m.Rows))
	for _, a := range areas {
		row, ok := rows[a.Code]
		if !ok {
			continue
		}
		text := row.Value
		if row.ClassLabel != "" {
			text += " (" + row.ClassLabel + ")"
		}
		if row.Detail != "" {
			text += "; " + row.Detail
		}
		ca = append(ca, report.ChoroArea{Code: a.Code, Name: a.Name, Geometry: a.Geometry, Class: row.Class, Text: text})
	}
	var b bytes.Buffer
	err = report.Render(&b, report.Map{Title: m.Title, Unit: m.Unit, Width: 720, Classes: m.Classes, NoValue: "kein Wert oder ausgeschlossen", Labels: q.Labels, ID: id}, ca)
	return b.Bytes(), err
}

// monitoringMapView is the map page.
type monitoringMapView struct {
	page
	Query      monQuery
	Params     template.URL // the query for the SVG, JSON and download links
	Map        *monMap
	SVG        template.HTML // rendered by report.Render, every text escaped there
	Indicators []quartier.Indicator
	Indices    []quartier.Index
	Layers     []layerChoice
	Dates      []time.Time
	Palettes   []string
	Error      string
	SpaceLayer bool // the rows link to the space profiles
}

type layerChoice struct{ Code, Name string }

// monitoringMap is the page: choose what to show, the printable SVG, the
// interactive Leaflet layer of the same classes, and the table.
func (s *Server) monitoringMap(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := readMonQuery(r.URL.Query())
	v := &monitoringMapView{page: titled("Karte des Sozialmonitorings"), Palettes: report.PaletteNames()}
	var err error
	if v.Indicators, err = s.monitoring.Indicators(ctx); err != nil {
		s.errorPage(w, r, err)
		return
	}
	if v.Indices, err = s.monitoring.Indices(ctx); err != nil {
		s.errorPage(w, r, err)
		return
	}
	layers, _ := s.spatial.Layers(ctx)
	for _, l := range layers {
		if l.Current != nil {
			v.Layers = append(v.Layers, layerChoice{l.Layer.Code, l.Layer.Name})
		}
	}
	if len(v.Indicators) > 0 || len(v.Indices) > 0 {
		if v.Map, err = s.buildMonMap(r, &q); err != nil {
			if quartier.ErrorCode(err) == quartier.EFORBIDDEN {
				s.errorPage(w, r, err)
				return
			}
			w.WriteHeader(statusOf(err))
			v.Error = s.userMessage(r, err)
		} else {
			svg, err := s.choro(r, v.Map, &q, "mk")
			if err != nil {
				s.errorPage(w, r, err)
				return
			}
			v.SVG = template.HTML(svg)
			v.Title = v.Map.Title
		}
	}
	if v.Map != nil {
		v.Dates = v.Map.Dates
		v.SpaceLayer = v.Map.Layer == s.spatial.Locator().SpaceLayer()
	}
	v.Query, v.Params = q, query(q.values())
	s.render(w, r, "monitoring_map", v)
}

// monitoringMapSVG is the map alone, for download and print.
func (s *Server) monitoringMapSVG(w http.ResponseWriter, r *http.Request) {
	q := readMonQuery(r.URL.Query())
	m, err := s.buildMonMap(r, &q)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	svg, err := s.choro(r, m, &q, "k")
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Write(svg)
}

// monMapJSON is what the Leaflet layer draws over the layer's cached
// GeoJSON (/karte/{layer}): the same classes and texts as the SVG.
type monMapJSON struct {
	Layer   string                 `json:"layer"`
	Classes []monClassJSON         `json:"classes"`
	Areas   map[string]monAreaJSON `json:"areas"`
}

type monClassJSON struct {
	Label  string `json:"label"`
	Colour string `json:"colour"`
	Areas  int    `json:"areas"`
}

type monAreaJSON struct {
	Class int    `json:"class"`
	Text  string `json:"text"`
}

func (s *Server) monitoringMapJSON(w http.ResponseWriter, r *http.Request) {
	q := readMonQuery(r.URL.Query())
	m, err := s.buildMonMap(r, &q)
	if err != nil {
		s.errorJSON(w, r, err)
		return
	}
	out := monMapJSON{Layer: m.Layer, Areas: make(map[string]monAreaJSON, len(m.Rows))}
	for i, c := range m.Classes {
		out.Classes = append(out.Classes, monClassJSON{Label: c.Label, Colour: c.Colour, Areas: m.Counts[i]})
	}
	for _, row := range m.Rows {
		text := row.Value
		if row.ClassLabel != "" {
			text += " (" + row.ClassLabel + ")"
		}
		if row.Detail != "" {
			text += "; " + row.Detail
		}
		out.Areas[row.Code] = monAreaJSON{Class: row.Class, Text: text}
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(out)
}
