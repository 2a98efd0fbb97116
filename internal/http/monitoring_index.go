package http

import (
	"bytes"
	"cmp"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/monitoring"
)

// monitoringIndexView is an index's definition and its result with every
// intermediate value, so a planner can check any row by hand.
type monitoringIndexView struct {
	page
	Result     *monitoring.IndexResult
	LayerName  string
	Layers     []layerChoice
	Layer      string // as asked ("" for the index's own)
	Components []indexComponentView
	Head       []sortHead // the result table's columns
	Rows       []indexRowView
	Export     string // query of the export links
}

type indexComponentView struct {
	monitoring.ComponentStats
	Def     quartier.IndexComponent
	Terms   []indexTermView
	Classes []string // "hoch (unter −1 SD): 75 Gebiete"
	// The means and SDs of the sums and of the index, written out.
	SumMean, SumSD, IndexMean, IndexSD string
}

type indexTermView struct {
	monitoring.TermStats
	Name                 string
	Weight               string
	Mean, SD, Min, Max   string
	Direction, ChangeMsg string
}

// sortHead is a column heading that sorts by a plain link.
type sortHead struct {
	Label, Href string
	Sort        string // "ascending", "descending" or "" for aria-sort
}

type indexRowView struct {
	Area, Name, Residents, Excluded, Combined string
	Cells                                     []string // per component: raw and standardised per term, sum, index, position, class
}

// monitoringIndex shows the index (indicators.read; the context checks
// again and gives scoped readers only their areas).
func (s *Server) monitoringIndex(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	res, err := s.monitoring.ComputeIndex(r.Context(), r.PathValue("code"), q.Get("ebene"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	v := &monitoringIndexView{page: titled(res.Index.Name), Result: res, Layer: q.Get("ebene")}
	v.LayerName = s.layerNames(r)[res.Layer]
	layers, _ := s.spatial.Layers(r.Context())
	for _, l := range layers {
		if l.Current != nil {
			v.Layers = append(v.Layers, layerChoice{l.Layer.Code, l.Layer.Name})
		}
	}
	names := map[string]string{}
	inds, _ := s.monitoring.Indicators(r.Context())
	for _, ind := range inds {
		names[ind.Code] = ind.Name
	}
	for c, cs := range res.Components {
		def := res.Index.Components[c]
		cv := indexComponentView{ComponentStats: cs, Def: def,
			SumMean: fixed(cs.SumMean), SumSD: fixed(cs.SumSD), IndexMean: fixed(cs.IndexMean), IndexSD: fixed(cs.IndexSD)}
		for t, ts := range cs.Terms {
			tv := indexTermView{TermStats: ts, Name: names[ts.Indicator], Weight: quartier.FormatNumber(ts.Weight), Direction: ts.Direction.Label(),
				Mean: fixed(ts.Mean), SD: fixed(ts.SD), Min: fixed(ts.Min), Max: fixed(ts.Max)}
			if from := def.Terms[t].ChangeFrom; from != nil {
				tv.ChangeMsg = "Veränderung seit " + from.Format(quartier.GermanDateLayout)
			}
			cv.Terms = append(cv.Terms, tv)
		}
		for i, l := range def.Classes.Labels {
			n := 0
			for _, cc := range cs.Classes {
				if cc.Label == l {
					n = cc.Areas
				}
			}
			cv.Classes = append(cv.Classes, l+" ("+classRange(def.Classes, i)+"): "+areaCountDE(n))
		}
		v.Components = append(v.Components, cv)
	}
	s.indexTable(v, q)
	exp := url.Values{}
	if v.Layer != "" {
		exp.Set("ebene", v.Layer)
	}
	v.Export = string(query(exp))
	s.render(w, r, "monitoring_index", v)
}

func areaCountDE(n int) string {
	if n == 1 {
		return "1 Gebiet"
	}
	return strconv.Itoa(n) + " Gebiete"
}

// fixed writes an intermediate value with four decimals: enough to check
// by hand; the CSV and XLSX carry every digit.
func fixed(x float64) string { return fixedDigits(x, 4) }

// fixedDigits writes x with decimals digits (-1: as many as it takes); a
// value that rounds to zero has no sign.
func fixedDigits(x float64, decimals int) string {
	if math.IsNaN(x) {
		return "–"
	}
	return strings.Replace(strings.Replace(quartier.FormatFixed(x, decimals), ".", ",", 1), "-", "−", 1)
}

// position writes an area's position on the class scale with the digits
// that keep the figure in its class (−0.99996 is "mittel", not "−1,0000").
func position(classes *quartier.IndexClasses, x float64) string {
	if math.IsNaN(x) {
		return fixed(x)
	}
	return fixedDigits(x, classes.Decimals(x, 4))
}

// indexTable builds the result table, sorted by the column the "sort"
// parameter names (a leading "-" for descending); missing values last.
func (s *Server) indexTable(v *monitoringIndexView, q url.Values) {
	res := v.Result
	type column struct {
		key, label string
		num        func(monitoring.IndexRow) float64
		text       func(monitoring.IndexRow) string
	}
	cols := []column{
		{key: "name", label: "Gebiet", text: func(r monitoring.IndexRow) string { return r.Name }},
		{key: "code", label: "Code", text: func(r monitoring.IndexRow) string { return r.Area }},
		{key: "einwohner", label: "Einwohner", num: func(r monitoring.IndexRow) float64 {
			if !r.HasResidents {
				return math.NaN()
			}
			return float64(r.Residents)
		}},
		{key: "ausgeschlossen", label: "Ausgeschlossen", text: func(r monitoring.IndexRow) string { return r.Excluded }},
	}
	for c, comp := range res.Index.Components {
		for t := range comp.Terms {
			lab := res.Components[c].Terms[t].Label
			cols = append(cols,
				column{key: comp.Code + ".w" + strconv.Itoa(t), label: comp.Name + ": Wert " + lab, num: func(r monitoring.IndexRow) float64 { return r.Components[c].Raw[t] }},
				column{key: comp.Code + ".s" + strconv.Itoa(t), label: comp.Name + ": " + standardisedLabel(comp.Standardisation) + " " + lab, num: func(r monitoring.IndexRow) float64 { return r.Components[c].Standardised[t] }})
		}
		cols = append(cols,
			column{key: comp.Code + ".summe", label: comp.Name + ": Summe", num: func(r monitoring.IndexRow) float64 { return r.Components[c].Sum }},
			column{key: comp.Code + ".index", label: comp.Name + ": Index", num: func(r monitoring.IndexRow) float64 { return r.Components[c].Index }},
			column{key: comp.Code + ".position", label: comp.Name + ": Position", num: func(r monitoring.IndexRow) float64 { return r.Components[c].Position }},
			column{key: comp.Code + ".klasse", label: comp.Name + ": Klasse", num: func(r monitoring.IndexRow) float64 { return r.Components[c].Position }})
	}
	cols = append(cols, column{key: "klasse", label: "Klasse gesamt", text: func(r monitoring.IndexRow) string { return r.Combined }})

	key := q.Get("sort")
	desc := strings.HasPrefix(key, "-")
	key = strings.TrimPrefix(key, "-")
	rows := slices.Clone(res.Rows)
	if i := slices.IndexFunc(cols, func(c column) bool { return c.key == key }); i >= 0 {
		col := cols[i]
		slices.SortStableFunc(rows, func(a, b monitoring.IndexRow) int {
			if col.text != nil {
				if desc {
					return strings.Compare(col.text(b), col.text(a))
				}
				return strings.Compare(col.text(a), col.text(b))
			}
			x, y := col.num(a), col.num(b)
			switch {
			case math.IsNaN(x) && math.IsNaN(y):
				return 0
			case math.IsNaN(x):
				return 1
			case math.IsNaN(y):
				return -1
			case desc:
				return cmp.Compare(y, x)
			}
			return cmp.Compare(x, y)
		})
	} else {
		key = ""
	}
	for _, c := range cols {
		h := sortHead{Label: c.label}
		p := url.Values{}
		if v.Layer != "" {
			p.Set("ebene", v.Layer)
		}
		switch {
		case c.key == key && !desc:
			h.Sort = "ascending"
			p.Set("sort", "-"+c.key)
		case c.key == key:
			h.Sort = "descending"
			p.Set("sort", c.key)
		default:
			p.Set("sort", c.key)
		}
		h.Href = "/monitoring/indizes/" + res.Index.Code + string(query(p)) + "#ergebnis"
		v.Head = append(v.Head, h)
	}
	for _, r := range rows {
		rv := indexRowView{Area: r.Area, Name: r.Name, Residents: "–", Excluded: r.Excluded, Combined: r.Combined}
		switch {
		case r.HasResidents:
			rv.Residents = strconv.Itoa(r.Residents)
		case r.Residents > 0: // some blocks have no figure
			rv.Residents = "mindestens " + strconv.Itoa(r.Residents)
		}
		for c, cr := range r.Components {
			for t := range cr.Raw {
				rv.Cells = append(rv.Cells, fixed(cr.Raw[t]), fixed(cr.Standardised[t]))
			}
			rv.Cells = append(rv.Cells, fixed(cr.Sum), fixed(cr.Index), position(&res.Index.Components[c].Classes, cr.Position), cr.Class)
		}
		v.Rows = append(v.Rows, rv)
	}
}

func standardisedLabel(s quartier.Standardisation) string {
	switch s {
	case quartier.StandardiseMinMax:
		return "Min–Max"
	case quartier.StandardiseRank:
		return "Rang"
	}
	return "z"
}

// monitoringIndexExport downloads the result as CSV or XLSX, every digit.
func (s *Server) monitoringIndexExport(format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		res, err := s.monitoring.ComputeIndex(r.Context(), r.PathValue("code"), r.URL.Query().Get("ebene"))
		if err != nil {
			s.errorPage(w, r, err)
			return
		}
		var b bytes.Buffer
		ct := "text/csv; charset=utf-8"
		if format == "xlsx" {
			ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
			err = res.WriteXLSX(&b)
		} else {
			err = res.WriteCSV(&b)
		}
		if err != nil {
			s.errorPage(w, r, err)
			return
		}
		w.Header().Set("Content-Type", ct)
		w.Header().Set("Content-Disposition", `attachment; filename="`+res.Index.Code+"-"+res.Layer+"."+format+`"`)
		w.Write(b.Bytes())
	}
}
