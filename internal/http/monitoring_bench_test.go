package http

import "testing"

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
