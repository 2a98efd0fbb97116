package http

import (
	"bytes"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/atlas"
	"github.com/quartier/quartier/internal/report"
	"github.com/quartier/quartier/internal/spatial"
)

// atlasPlanning is the planners' view of the atlas: offers per topic and
// space, per 1,000 residents of a group, a choropleth of one topic and
// the spaces without any offer of it. The table carries every figure the
// map shows.
func (s *Server) atlasPlanning(w http.ResponseWriter, r *http.Request) {
	g, topic, err := s.gap(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, "planning", planningData(r, g, topic))
}

func planningData(r *http.Request, g *atlas.GapReport, topic string) *planningView {
	return &planningView{page: titled("Versorgung je Sozialraum"), Gap: g, Topic: topic, Params: r.URL.Query(), Query: query(r.URL.Query())}
}

// atlasPlanningCSV downloads the table.
func (s *Server) atlasPlanningCSV(w http.ResponseWriter, r *http.Request) {
	g, _, err := s.gap(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	var b bytes.Buffer
	if err := g.WriteCSV(&b); err != nil {
		s.errorPage(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="versorgung.csv"`)
	w.Write(b.Bytes())
}

// atlasPlanningXLSX is the same table as an Excel workbook (codes as text).
func (s *Server) atlasPlanningXLSX(w http.ResponseWriter, r *http.Request) {
	g, _, err := s.gap(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	var b bytes.Buffer
	if err := g.WriteXLSX(&b); err != nil {
		s.errorPage(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="versorgung.xlsx"`)
	w.Write(b.Bytes())
}

// atlasPlanningSVG is the choropleth of one topic per 1,000 residents.
func (s *Server) atlasPlanningSVG(w http.ResponseWriter, r *http.Request) {
	g, topic, err := s.gap(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	col := -1
	for i, t := range g.Topics {
		if t.Code == topic {
			col = i
		}
	}
	_, _, areas, err := s.spatial.LayerAreas(r.Context(), s.spatial.Locator().SpaceLayer())
	if err != nil || col < 0 {
		http.Error(w, "Keine Karte", http.StatusNotFound)
		return
	}
	rows := map[string]atlas.GapRow{}
	for _, row := range g.Rows {
		rows[row.Space.Code] = row
	}
	var ca []report.ChoroArea
	for _, a := range areas {
		row := rows[a.Code]
		v := math.NaN()
		text := "keine Einwohnerzahl"
		if len(row.Per1000) > col {
			v = row.Per1000[col]
			text = strconv.Itoa(row.Offers[col]) + " Angebote"
			if !math.IsNaN(v) {
				text += ", " + decimal(v) + " je 1.000"
			}
		}
		ca = append(ca, report.ChoroArea{Code: a.Code, Name: a.Name, Geometry: a.Geometry, Value: v, Text: text})
	}
	var b bytes.Buffer
	title := g.Topics[col].Label + " je 1.000 " + g.GroupLabel
	if err := report.Choropleth(&b, title, "Angebote je 1.000 Einwohner ("+g.GroupLabel+")", ca, significant, 640); err != nil {
		s.errorPage(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Write(b.Bytes())
}

func (s *Server) gap(r *http.Request) (*atlas.GapReport, string, error) {
	q := r.URL.Query()
	g, err := s.atlas.GapAnalysis(r.Context(), atlas.GapRequest{Group: q.Get("gruppe")})
	if err != nil {
		return nil, "", err
	}
	topic := q.Get("thema")
	if topic == "" && len(g.Topics) > 0 {
		topic = g.Topics[0].Code
	}
	return g, topic, nil
}

// significant renders a class bound with three significant digits, so
// small rates per 1,000 stay apart in the legend ("0,031", "0,035").
func significant(v float64) string {
	return strings.Replace(strconv.FormatFloat(v, 'g', 3, 64), ".", ",", 1)
}

// decimal renders a figure the German way with up to two decimals.
func decimal(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	s := strconv.FormatFloat(v, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return strings.Replace(s, ".", ",", 1)
}

// atlasPopulationImport takes a population table for the planning view
// (planning and administration): all of it or nothing, faults by line.
func (s *Server) atlasPopulationImport(w http.ResponseWriter, r *http.Request) {
	g, topic, err := s.gap(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	data := planningData(r, g, topic)
	fail := func(status int, msg string, problems []quartier.Problem) {
		data.PopError, data.Problems = msg, problems
		w.WriteHeader(status)
		s.render(w, r, "planning", data)
	}
	f, err := readFile(w, r, s.fileLimit(spatial.MaxPopulationBytes), "eine CSV-Datei")
	if err != nil {
		fail(statusOf(err), s.userMessage(r, err), nil)
		return
	}
	defer f.Close()
	date, err := quartier.ParseDate(strings.TrimSpace(r.FormValue("date")))
	if err != nil {
		fail(statusOf(err), s.userMessage(r, err), nil)
		return
	}
	cols := spatial.PopulationColumns{Block: strings.TrimSpace(r.FormValue("block_column"))}
	if m := strings.TrimSpace(r.FormValue("columns")); m != "" {
		cols.Groups = map[string]string{}
		for _, pair := range strings.Split(m, ",") {
			col, group, ok := strings.Cut(strings.TrimSpace(pair), "=")
			if !ok {
				fail(http.StatusBadRequest, "Spalten: Form SPALTE=GRUPPE, durch Kommas getrennt (z. B. EW=gesamt, U27=0-26).", nil)
				return
			}
			cols.Groups[strings.TrimSpace(col)] = strings.TrimSpace(group)
		}
	}
	rep, err := s.spatial.ImportPopulation(r.Context(), f, cols, date)
	if err != nil {
		fail(statusOf(err), s.userMessage(r, err), quartier.ErrorProblems(err))
		return
	}
	http.Redirect(w, r, "/atlas/planung?eingespielt="+strconv.Itoa(len(rep.Groups)), http.StatusSeeOther)
}
