// Package committee makes the committee report of the social monitoring
// (Ausschussbericht): chosen areas of a layer, indicators and an index as
// published (small numbers withheld), with maps, tables, time series and
// the planner's commentary, as a printable HTML document, a tagged PDF
// and a workbook. The web and the CLI make the same document here.
package committee

import (
	"bytes"
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/monitoring"
	"github.com/quartier/quartier/internal/report"
	"github.com/quartier/quartier/internal/spatial"
	"github.com/quartier/quartier/internal/xlsx"
)

// MaxComment bounds the commentary: a committee report's text, not a
// document store.
const MaxComment = 64 << 10

// Request is what a planner chooses, and the commentary.
type Request struct {
	monitoring.CommitteeRequest
	Title   string // "" for "Sozialmonitoring: Bericht für den Jugendhilfeausschuss"
	Comment string // plain text; paragraphs separated by blank lines
}

// Report is a committee report ready to be written.
type Report struct {
	// ID of a saved report (0: made now, not saved).
	ID        int64
	Title     string
	Comment   []string // paragraphs, plain text
	LayerName string
	Figures   *quartier.CommitteeFigures
	MadeAt    time.Time
	MadeBy    string
	Names     map[string]string // area code → name, for the chosen areas
	areas     []quartier.Area
	chosen    map[string]bool
}

const defaultTitle = "Sozialmonitoring: Bericht für den Jugendhilfeausschuss"

func (req *Request) check() error {
	if len(req.Comment) > MaxComment {
		return quartier.Errorf(quartier.EINVALID, "Der Kommentar ist länger als %d KB.", MaxComment>>10)
	}
	if !isText(req.Comment) || !isText(req.Title) {
		return quartier.Errorf(quartier.EINVALID, "Titel und Kommentar müssen Text sein (UTF-8, ohne Steuerzeichen).")
	}
	req.Title = strings.TrimSpace(req.Title)
	if req.Title == "" {
		req.Title = defaultTitle
	}
	return nil
}

// Build gathers the figures (monitoring checks who may read them and
// audits the report) and the layer's geometry for the maps.
func Build(ctx context.Context, mon *monitoring.Service, sp *spatial.Service, req Request) (*Report, error) {
	if err := req.check(); err != nil {
		return nil, err
	}
	fig, err := mon.CommitteeFigures(ctx, req.CommitteeRequest)
	if err != nil {
		return nil, err
	}
	return withLayer(ctx, sp, &quartier.CommitteeReport{Title: req.Title, Comment: paragraphs(req.Comment), Figures: *fig,
		PublishedAt: time.Now(), PublishedBy: quartier.ActorFrom(ctx).Label()})
}

// Publish saves the report for the committee (indicators.publish; one
// audit entry) and returns it as saved.
func Publish(ctx context.Context, mon *monitoring.Service, sp *spatial.Service, req Request) (*Report, error) {
	if err := req.check(); err != nil {
		return nil, err
	}
	saved, err := mon.PublishCommitteeReport(ctx, req.CommitteeRequest, req.Title, paragraphs(req.Comment))
	if err != nil {
		return nil, err
	}
	return withLayer(ctx, sp, saved)
}

// Saved is a saved report (public), drawn on its layer's current areas.
func Saved(ctx context.Context, mon *monitoring.Service, sp *spatial.Service, id int64) (*Report, error) {
	saved, err := mon.CommitteeReport(ctx, id)
	if err != nil {
		return nil, err
	}
	return withLayer(ctx, sp, saved)
}

func withLayer(ctx context.Context, sp *spatial.Service, c *quartier.CommitteeReport) (*Report, error) {
	layer, _, areas, err := sp.LayerAreas(ctx, c.Figures.Layer)
	if err != nil {
		return nil, err
	}
	r := &Report{ID: c.ID, Title: c.Title, Comment: c.Comment, LayerName: layer.Name, Figures: &c.Figures, MadeAt: c.PublishedAt, MadeBy: c.PublishedBy,
		Names: map[string]string{}, areas: areas, chosen: map[string]bool{}}
	for _, a := range c.Figures.Areas {
		r.chosen[a] = true
	}
	for _, a := range areas {
		if r.chosen[a.Code] {
			r.Names[a.Code] = a.Name
		}
	}
	// A saved report names an area that a later Gebietsstand dropped by
	// the name it had in its table.
	for _, ci := range c.Figures.Indicators {
		for _, row := range ci.Table.Rows {
			if r.chosen[row.Area] && r.Names[row.Area] == "" {
				r.Names[row.Area] = row.Name
			}
		}
	}
	return r, nil
}

func isText(s string) bool {
	for _, c := range s {
		if c == '\uFFFD' || c < ' ' && c != '\n' && c != '\r' && c != '\t' {
			return false
		}
	}
	return true
}

// paragraphs splits plain text at blank lines; the template escapes it,
// so commentary is never markup.
func paragraphs(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var out []string
	for _, p := range strings.Split(s, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

//go:embed report.html
var pageText string

//go:embed report.css
var pageCSS string

// StyleSource is the CSP source that allows the document's one inline
// style element: the report is one self-contained file (it is printed by
// a browser without network, saved, mailed), and a site whose policy
// forbids inline styles serves it with this hash added.
func StyleSource() string {
	sum := sha256.Sum256([]byte(pageCSS))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

var page = template.Must(template.New("report").Funcs(template.FuncMap{
	"date": func(t time.Time) string { return t.Format(quartier.GermanDateLayout) },
}).Parse(pageText))

// section is one indicator as the template shows it.
type section struct {
	quartier.CommitteeIndicator
	Rows   []quartier.OutputRow // the chosen areas
	Map    template.HTML
	Chart  template.HTML
	Series []seriesRow
	Column string // the value column's heading
}

type seriesRow struct {
	Name  string
	Cells []quartier.OutputCell
}

type pageData struct {
	*Report
	CSS      template.CSS
	Sections []section
	Index    *indexSection
}

type indexSection struct {
	Index quartier.Index
	Table quartier.OutputTable
	Rows  []quartier.OutputRow
	Map   template.HTML
}

// WriteHTML writes the report as one HTML document with its styles
// inline and no external resource, as Chromium prints it.
func (r *Report) WriteHTML(w io.Writer) error {
	d := pageData{Report: r, CSS: template.CSS(pageCSS)}
	for i, ci := range r.Figures.Indicators {
		s := section{CommitteeIndicator: ci, Rows: r.chosenRows(&ci.Table), Column: ci.Table.Columns[monitoring.ValueColumn(&ci.Table)]}
		unit := ci.Indicator.Name
		if ci.Indicator.Unit != "" {
			unit += " (" + ci.Indicator.Unit + ")"
		}
		var b bytes.Buffer
		spec := MapSpec{ID: fmt.Sprintf("m%d", i), Title: ci.Indicator.Name + " am " + ci.Date.Format(quartier.GermanDateLayout), Unit: unit,
			Column: monitoring.ValueColumn(&ci.Table), HigherIsBetter: ci.Indicator.Direction == quartier.HigherIsBetter}
		if err := TableMap(&b, spec, &ci.Table, r.areas, r.chosen); err != nil {
			return err
		}
		s.Map = template.HTML(b.String()) // report.Render escapes every text
		b.Reset()
		if err := r.chart(&b, i, &ci); err != nil {
			return err
		}
		s.Chart = template.HTML(b.String())
		for _, a := range r.Figures.Areas {
			s.Series = append(s.Series, seriesRow{Name: r.Names[a], Cells: ci.Series[a]})
		}
		s.Series = append(s.Series, seriesRow{Name: "Insgesamt (" + r.LayerName + ")", Cells: ci.Series[""]})
		d.Sections = append(d.Sections, s)
	}
	if x := r.Figures.Index; x != nil {
		is := &indexSection{Index: x.Index, Table: x.Table, Rows: r.chosenRows(&x.Table)}
		var b bytes.Buffer
		if spec, ok := IndexMapSpec("mx", x.Index); ok {
			if err := TableMap(&b, spec, &x.Table, r.areas, r.chosen); err != nil {
				return err
			}
		}
		is.Map = template.HTML(b.String())
		d.Index = is
	}
	return page.Execute(w, d)
}

// IndexMapSpec maps an index table's first component by the classes the
// index defines (its class column follows its index column).
func IndexMapSpec(id string, x quartier.Index) (MapSpec, bool) {
	if len(x.Components) == 0 {
		return MapSpec{}, false
	}
	c := x.Components[0]
	return MapSpec{ID: id, Title: x.Name + ": " + c.Name, Unit: c.Name + " (Klasse)", Column: 1, Labels: c.Classes.Labels}, true
}

func (r *Report) chosenRows(t *quartier.OutputTable) []quartier.OutputRow {
	var out []quartier.OutputRow
	for _, row := range t.Rows {
		if r.chosen[row.Area] {
			out = append(out, row)
		}
	}
	return out
}

// chartLines is how many areas get a line of their own; with more the
// chart shows the whole layer only and the table holds every area.
const chartLines = 3

func (r *Report) chart(w io.Writer, i int, ci *quartier.CommitteeIndicator) error {
	if len(ci.Dates) < 2 {
		return nil
	}
	line := func(name string, cells []quartier.OutputCell) report.Series {
		s := report.Series{Name: name}
		for k, d := range ci.Dates {
			p := report.Point{Date: d, Value: math.NaN()}
			if k < len(cells) {
				p.Label = cells[k].Text
				if cells[k].Value != nil {
					p.Value = *cells[k].Value
				}
			}
			s.Points = append(s.Points, p)
		}
		return s
	}
	var series []report.Series
	if len(r.Figures.Areas) <= chartLines {
		for _, a := range r.Figures.Areas {
			series = append(series, line(r.Names[a], ci.Series[a]))
		}
	}
	series = append(series, line("Insgesamt", ci.Series[""]))
	unit := ci.Indicator.Unit
	if unit == "" {
		unit = "Wert"
	}
	return report.LineChart(w, report.Chart{Title: ci.Indicator.Name + " im Zeitverlauf", Unit: unit, ID: fmt.Sprintf("c%d", i),
		Desc: "Gesperrte Werte (.) und fehlende Werte unterbrechen die Linie; die Werte stehen in der Tabelle darunter."}, series)
}

// MapSpec says what TableMap draws of a table.
type MapSpec struct {
	ID, Title, Unit string
	Column          int
	// HigherIsBetter turns the palette round, so the darkest areas are
	// always those of most need.
	HigherIsBetter bool
	// Labels, when set, are the classes as an index defines them, lowest
	// first: the column holds an area's class label. Otherwise the column
	// holds figures, drawn in five quantile classes.
	Labels []string
}

// TableMap draws a published table's column on the layer's areas:
// withheld cells hatched as "gesperrt (kleine Zahlen)", areas without a
// value hatched as "kein Wert", outlined areas with a heavy border and
// their name. Areas without a row are not the reader's and are left out.
func TableMap(w io.Writer, spec MapSpec, t *quartier.OutputTable, areas []quartier.Area, outline map[string]bool) error {
	cells := make(map[string]quartier.OutputCell, len(t.Rows))
	var values []float64
	for _, row := range t.Rows {
		if spec.Column < len(row.Cells) {
			c := row.Cells[spec.Column]
			cells[row.Area] = c
			if c.Value != nil && c.Suppressed == "" {
				values = append(values, *c.Value)
			}
		}
	}
	m := report.Map{Title: spec.Title, Unit: spec.Unit, Width: 640, ID: spec.ID}
	var bounds []float64
	if spec.Labels != nil {
		for i, c := range report.Palette("blau", len(spec.Labels)) {
			m.Classes = append(m.Classes, report.Class{Label: spec.Labels[i], Colour: c})
		}
	} else {
		bounds = report.Quantiles(values, 5)
		colours := report.Palette("blau", len(bounds))
		if spec.HigherIsBetter {
			slices.Reverse(colours)
		}
		for i, ub := range bounds {
			label := "bis " + short(ub)
			if i > 0 {
				label = "über " + short(bounds[i-1]) + " bis " + short(ub)
			}
			m.Classes = append(m.Classes, report.Class{Label: label, Colour: colours[i]})
		}
	}
	var ca []report.ChoroArea
	for _, a := range areas {
		c, ok := cells[a.Code]
		if !ok {
			continue
		}
		x := report.ChoroArea{Code: a.Code, Name: a.Name, Geometry: a.Geometry, Class: report.NoValue, Text: "kein Wert", Outline: outline[a.Code]}
		switch {
		case c.Suppressed != "":
			x.Class, x.Text = report.Suppressed, "gesperrt (kleine Zahlen)"
		case spec.Labels != nil:
			if k := slices.Index(spec.Labels, c.Text); k >= 0 {
				x.Class, x.Text = k, c.Text
			}
		case c.Value != nil:
			x.Class, x.Text = report.ClassOf(*c.Value, bounds), c.Text
		}
		ca = append(ca, x)
	}
	if slices.ContainsFunc(ca, func(a report.ChoroArea) bool { return a.Class == report.Suppressed }) {
		m.Suppressed = "gesperrt (kleine Zahlen)"
	}
	return report.Render(w, m, ca)
}

// short writes a class bound with at most two decimals: a legend is read,
// the table holds the figures.
func short(x float64) string {
	return strings.Replace(strconv.FormatFloat(math.Round(x*100)/100, 'f', -1, 64), ".", ",", 1)
}

// PDF prints the report with headless Chromium: A4, tagged, the title
// and page numbers in the footer.
func (r *Report) PDF(ctx context.Context, p *report.PDF) ([]byte, error) {
	var doc bytes.Buffer
	if err := r.WriteHTML(&doc); err != nil {
		return nil, err
	}
	return p.Render(ctx, doc.String(), footer(r.Title))
}

// footer is a printed page's footer: the title and the page numbers.
func footer(title string) string {
	return fmt.Sprintf(`<div style="font-size:8pt;width:100%%;text-align:center;font-family:sans-serif">%s – Seite <span class="pageNumber"></span> von <span class="totalPages"></span></div>`,
		template.HTMLEscapeString(title))
}

// WriteXLSX writes every figure of the report in one sheet, one row per
// indicator, date, area and column: numbers as numbers, withheld cells as
// "." (text), so a spreadsheet sums only what was published.
func (r *Report) WriteXLSX(w io.Writer) error {
	head := []string{"Bereich", "Stichtag", "Gebiet", "Name", "Merkmal", "Wert"}
	var rows [][]xlsx.Cell
	add := func(what string, date time.Time, row quartier.OutputRow, cols []string) {
		for j, c := range row.Cells {
			if j >= len(cols) {
				break
			}
			v := xlsx.Text(c.Text)
			if c.Value != nil && c.Suppressed == "" {
				v = xlsx.Number(*c.Value)
			}
			rows = append(rows, []xlsx.Cell{xlsx.Text(what), xlsx.Text(date.Format(quartier.GermanDateLayout)), xlsx.Text(row.Area), xlsx.Text(row.Name), xlsx.Text(cols[j]), v})
		}
	}
	for _, ci := range r.Figures.Indicators {
		for _, row := range r.chosenRows(&ci.Table) {
			add(ci.Indicator.Name, ci.Date, row, ci.Table.Columns)
		}
		if ci.Table.Total != nil {
			add(ci.Indicator.Name, ci.Date, *ci.Table.Total, ci.Table.Columns)
		}
		col := ci.Table.Columns[monitoring.ValueColumn(&ci.Table)]
		for k, d := range ci.Dates {
			if d.Equal(ci.Date) {
				continue // in the table above
			}
			for _, a := range append(slices.Clone(r.Figures.Areas), "") {
				name := r.Names[a]
				if a == "" {
					name = "Insgesamt"
				}
				if k < len(ci.Series[a]) {
					add(ci.Indicator.Name, d, quartier.OutputRow{Area: a, Name: name, Cells: []quartier.OutputCell{ci.Series[a][k]}}, []string{col})
				}
			}
		}
	}
	if x := r.Figures.Index; x != nil {
		for _, row := range r.chosenRows(&x.Table) {
			add(x.Index.Name, x.Index.ReferenceDate, row, x.Table.Columns)
		}
	}
	return xlsx.Write(w, "Ausschussbericht", head, rows)
}

// Document is a report for the committee in its three forms: a committee
// report, a released allocation proposal.
type Document interface {
	WriteHTML(io.Writer) error
	WriteXLSX(io.Writer) error
	PDF(context.Context, *report.PDF) ([]byte, error)
}

// Render gives doc as "html", "xlsx" or "pdf" (printed by p).
func Render(ctx context.Context, doc Document, format string, p *report.PDF) ([]byte, error) {
	var b bytes.Buffer
	switch format {
	case "html":
		err := doc.WriteHTML(&b)
		return b.Bytes(), err
	case "xlsx":
		err := doc.WriteXLSX(&b)
		return b.Bytes(), err
	case "pdf":
		return doc.PDF(ctx, p)
	}
	return nil, quartier.Errorf(quartier.EINVALID, "%q ist kein Format des Berichts (html, pdf, xlsx).", format)
}
