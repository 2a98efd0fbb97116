package http

import "testing"

// The monitoring pages on the Berlin demo (542 Planungsräume, the MSS 2021
// indicators and index), beside the planning view's map they extend:
//
//	go test ./internal/http -run '^$' -bench 'Monitoring|PlanningMap' -benchtime 5x
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
