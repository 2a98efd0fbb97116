package http

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/allocation"
	"github.com/quartier/quartier/internal/committee"
	"github.com/quartier/quartier/internal/demo"
	"github.com/quartier/quartier/internal/monitoring"
	"github.com/quartier/quartier/internal/report"
)

// The monitoring pages on the Berlin demo (542 Planungsräume, the MSS 2021
// indicators and index), beside the planning view's map they extend:
//
//	go test ./internal/http -run '^$' -bench 'Monitoring|PlanningMap|SpaceProfile|AreaPage' -benchtime 5x
func BenchmarkMonitoringMapPage(b *testing.B) {
	benchGet(b, "/monitoring/karte?zeige=i:mss-s1&ebene=plr", true)
}
func BenchmarkMonitoringMapSVG(b *testing.B) {
	benchGet(b, "/monitoring/karte.svg?zeige=i:mss-s1&ebene=plr", true)
}
func BenchmarkMonitoringIndexPage(b *testing.B) {
	benchGet(b, "/monitoring/indizes/mss-2021", true)
}
func BenchmarkPlanningMapSVG(b *testing.B) { benchGet(b, "/atlas/planung/karte.svg", true) }

// A space profile (six MSS indicators with the city's values, the index,
// the atlas's offers per topic) beside the space's area page.
func BenchmarkSpaceProfilePage(b *testing.B) { benchGet(b, "/sozialraeume/0110/profil", true) }

// The committee report of one space (0110 Zentrum: the six MSS
// indicators with map, table and series, and the index) as a PDF through
// headless Chromium, its start included; the HTML document alone beside
// it. The goal: PDF of one space < 5 s.
//
//	go test ./internal/http -run '^$' -bench 'CommitteeReport' -benchtime 5x -benchmem
func BenchmarkCommitteeReportPDFOneSpace(b *testing.B)  { benchCommittee(b, true) }
func BenchmarkCommitteeReportHTMLOneSpace(b *testing.B) { benchCommittee(b, false) }

func benchCommittee(b *testing.B, pdf bool) {
	var p *report.PDF
	if pdf {
		exe := report.FindChromium()
		if exe == "" {
			b.Skip("no Chromium found")
		}
		p = &report.PDF{Exec: exe}
	}
	_, _, a := benchDemo(b)
	ctx := quartier.WithActor(context.Background(), quartier.Operator())
	req := committee.Request{CommitteeRequest: monitoring.CommitteeRequest{Layer: a.Spatial.Locator().SpaceLayer(), Areas: []string{"0110"},
		Indicators: []string{"mss-s1", "mss-s3", "mss-s4", "mss-d1", "mss-d3", "mss-d4"}, Index: demo.IndexMSS}, Comment: "Zentrum: Kinderarmut beobachten."}
	size := 0
	b.ReportAllocs()
	for b.Loop() {
		rep, err := committee.Build(ctx, a.Monitoring, a.Spatial, req)
		if err != nil {
			b.Fatal(err)
		}
		if pdf {
			out, err := rep.PDF(ctx, p)
			if err != nil {
				b.Fatal(err)
			}
			size = len(out)
			continue
		}
		var buf bytes.Buffer
		if err := rep.WriteHTML(&buf); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size), "doc-bytes")
}

// The report of a released allocation proposal on the Berlin demo (58
// spaces, MSS S3 × 2 and S1 × 1 on 31.12.2020, base 20 %, floor 10,000 €,
// cap 40,000 €: rule, map of the amounts, the table with bounds and
// measures, each indicator's published table), as a PDF through headless
// Chromium, its start included, and as the HTML document alone;
// measured beside the committee report above:
//
//	go test ./internal/http -run '^$' -bench 'AllocationReport|CommitteeReportPDF' -benchtime 5x -benchmem
func BenchmarkAllocationReportPDF(b *testing.B)  { benchAllocationReport(b, true) }
func BenchmarkAllocationReportHTML(b *testing.B) { benchAllocationReport(b, false) }

func benchAllocationReport(b *testing.B, pdf bool) {
	var p *report.PDF
	if pdf {
		exe := report.FindChromium()
		if exe == "" {
			b.Skip("no Chromium found")
		}
		p = &report.PDF{Exec: exe}
	}
	_, _, a := benchDemo(b)
	ctx := quartier.WithActor(context.Background(), quartier.Operator())
	prop, err := a.Allocation.Save(ctx, allocation.Request{Name: "Dezentrale Mittel", Year: 2025, Rule: quartier.AllocationRule{Amount: 100_000_000, BaseShare: 0.2,
		Date: time.Date(2020, 12, 31, 0, 0, 0, 0, time.UTC), Floor: 1_000_000, Cap: 4_000_000,
		Terms: []quartier.AllocationTerm{{Indicator: "mss-s3", Weight: 2}, {Indicator: "mss-s1", Weight: 1}}}})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := a.Allocation.Publish(ctx, prop.ID); err != nil {
		b.Fatal(err)
	}
	size := 0
	b.ReportAllocs()
	for b.Loop() {
		rep, err := committee.Allocation(ctx, a.Allocation, a.Spatial, prop.ID)
		if err != nil {
			b.Fatal(err)
		}
		if pdf {
			out, err := rep.PDF(ctx, p)
			if err != nil {
				b.Fatal(err)
			}
			size = len(out)
			continue
		}
		var buf bytes.Buffer
		if err := rep.WriteHTML(&buf); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size), "doc-bytes")
}
