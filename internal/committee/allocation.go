package committee

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/allocation"
	"github.com/quartier/quartier/internal/report"
	"github.com/quartier/quartier/internal/spatial"
	"github.com/quartier/quartier/internal/xlsx"
)

// AllocationReport is a released allocation proposal as the committee
// reads it: the rule, per space the amount, the bound that decided it,
// the change, and the measures as released; a map of the amounts. It
// holds only what the release holds (no parts, scores or shifts), so
// nothing here can show more than was checked at release.
type AllocationReport struct {
	Release   *quartier.AllocationRelease
	Title     string
	LayerName string
	areas     []quartier.Area
}

// Allocation is the released proposal id as a report (public, like a
// saved committee report), drawn on the space layer's current areas.
func Allocation(ctx context.Context, alloc *allocation.Service, sp *spatial.Service, id int64) (*AllocationReport, error) {
	rel, err := alloc.Release(ctx, id)
	if err != nil {
		return nil, err
	}
	return AllocationOf(ctx, sp, rel)
}

// AllocationOf makes the report of a release already read.
func AllocationOf(ctx context.Context, sp *spatial.Service, rel *quartier.AllocationRelease) (*AllocationReport, error) {
	layer, _, areas, err := sp.LayerAreas(ctx, rel.Layer)
	if err != nil {
		return nil, err
	}
	return &AllocationReport{Release: rel, LayerName: layer.Name, areas: areas,
		Title: fmt.Sprintf("Verteilungsvorschlag %s %d, Fassung %d", rel.Name, rel.Year, rel.Version)}, nil
}

//go:embed allocation.html
var allocationText string

var allocationPage = template.Must(template.New("allocation").Funcs(template.FuncMap{
	"date":  func(t time.Time) string { return t.Format(quartier.GermanDateLayout) },
	"bound": allocation.BoundLabel,
	"percent": func(x float64) string {
		return strings.Replace(strconv.FormatFloat(math.Round(x*1000)/10, 'f', -1, 64), ".", ",", 1) + " %"
	},
	"signed": signedCents,
}).Parse(allocationText))

func signedCents(c quartier.Cents) string {
	if c > 0 {
		return "+" + c.String()
	}
	return c.String()
}

type allocationTerm struct {
	quartier.AllocationReleaseTerm
	Share float64 // the weight's part of all weights
}

type allocationData struct {
	*AllocationReport
	CSS      template.CSS
	Map      template.HTML
	Terms    []allocationTerm
	Sum      quartier.Cents
	Change   quartier.Cents
	Floors   []spaceBound
	Caps     []spaceBound
	Withheld bool
}

type spaceBound struct {
	Name   string
	Amount quartier.Cents
}

// WriteHTML writes the report as one self-contained HTML document (the
// committee report's style, so the same CSP hash serves it).
func (r *AllocationReport) WriteHTML(w io.Writer) error {
	rel := r.Release
	d := allocationData{AllocationReport: r, CSS: template.CSS(pageCSS)}
	var weights float64
	for _, t := range rel.Terms {
		weights += t.Weight
	}
	for _, t := range rel.Terms {
		d.Terms = append(d.Terms, allocationTerm{AllocationReleaseTerm: t, Share: t.Weight / weights})
	}
	names := map[quartier.SpaceCode]string{}
	amounts := &quartier.OutputTable{Columns: []string{"Betrag"}}
	for _, row := range rel.Rows {
		names[row.Space] = row.Name
		d.Sum += row.Amount
		d.Change += row.Change
		euro := float64(row.Amount) / 100
		amounts.Rows = append(amounts.Rows, quartier.OutputRow{Area: string(row.Space), Name: row.Name, Cells: []quartier.OutputCell{{Text: row.Amount.String(), Value: &euro}}})
		for _, c := range row.Measures {
			d.Withheld = d.Withheld || c.Suppressed != ""
		}
	}
	for _, b := range []struct {
		m   map[quartier.SpaceCode]quartier.Cents
		out *[]spaceBound
	}{{rel.Rule.Floors, &d.Floors}, {rel.Rule.Caps, &d.Caps}} {
		for _, row := range rel.Rows {
			if c, ok := b.m[row.Space]; ok {
				*b.out = append(*b.out, spaceBound{Name: names[row.Space], Amount: c})
			}
		}
	}
	var b bytes.Buffer
	if err := TableMap(&b, MapSpec{ID: "betrag", Title: r.Title + ": Betrag je Sozialraum", Unit: "Betrag (€)"}, amounts, r.areas, nil); err != nil {
		return err
	}
	d.Map = template.HTML(b.String()) // report.Render escapes every text
	return allocationPage.Execute(w, d)
}

// PDF prints the report with headless Chromium (A4, tagged, title and
// page numbers in the footer), as the committee report.
func (r *AllocationReport) PDF(ctx context.Context, p *report.PDF) ([]byte, error) {
	var doc bytes.Buffer
	if err := r.WriteHTML(&doc); err != nil {
		return nil, err
	}
	return p.Render(ctx, doc.String(), footer(r.Title))
}

// WriteXLSX writes one row per space: amount and change as numbers in
// euro, the bound, every measure as released (withheld cells as the text
// "."), and the sum row.
func (r *AllocationReport) WriteXLSX(w io.Writer) error {
	rel := r.Release
	head := []string{"Sozialraum", "Name", "Betrag (€)", "Veränderung (€)", "Festgelegt durch"}
	for _, t := range rel.Terms {
		head = append(head, t.Indicator.Name+" am "+t.Date.Format(quartier.GermanDateLayout))
	}
	euro := func(c quartier.Cents) xlsx.Cell { return xlsx.Number(float64(c) / 100) }
	cell := func(c quartier.OutputCell) xlsx.Cell {
		if c.Value != nil && c.Suppressed == "" {
			return xlsx.Number(*c.Value)
		}
		return xlsx.Text(c.Text)
	}
	var rows [][]xlsx.Cell
	var sum, change quartier.Cents
	for _, row := range rel.Rows {
		ch := xlsx.Text("")
		if row.HasChange {
			ch = euro(row.Change)
		}
		out := []xlsx.Cell{xlsx.Text(string(row.Space)), xlsx.Text(row.Name), euro(row.Amount), ch, xlsx.Text(allocation.BoundLabel(row.Bound))}
		for _, c := range row.Measures {
			out = append(out, cell(c))
		}
		rows = append(rows, out)
		sum += row.Amount
		change += row.Change
	}
	total := []xlsx.Cell{xlsx.Text(""), xlsx.Text("Insgesamt"), euro(sum), xlsx.Text(""), xlsx.Text("")}
	if rel.ComparedWith != "" {
		total[3] = euro(change)
	}
	for _, t := range rel.Terms {
		total = append(total, cell(t.Total))
	}
	rows = append(rows, total)
	return xlsx.Write(w, "Verteilungsvorschlag", head, rows)
}
