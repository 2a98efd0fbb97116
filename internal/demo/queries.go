package demo

// QueryClass is how many generated offers a query is expected to match,
// counting an offer when every word of the query occurs as a whole word
// (case-insensitive) in its name or description: broad at least 5 % of the
// offers, medium 0.5–5 %, narrow under 0.5 % but some. A search benchmark
// reports its figures per class, because a broad query ranks thousands of
// hits and a narrow one finds a handful in a large index.
type QueryClass string

const (
	QueryBroad  QueryClass = "broad"
	QueryMedium QueryClass = "medium"
	QueryNarrow QueryClass = "narrow"
)

// SearchQuery is a query as people type it into the atlas search.
type SearchQuery struct {
	Text  string
	Class QueryClass
}

// SearchQueries are realistic queries for an atlas from GenerateAtlas:
// single words, compounds and two-word queries, spelled correctly. Their
// classes are what atlases of 10,000 offers and more give; a query near a
// class boundary was left out, so the classes hold for other seeds too.
func SearchQueries() []SearchQuery {
	q := func(c QueryClass, texts ...string) []SearchQuery {
		out := make([]SearchQuery, len(texts))
		for i, t := range texts {
			out[i] = SearchQuery{t, c}
		}
		return out
	}
	var out []SearchQuery
	out = append(out, q(QueryBroad, "Kinder", "Jugendliche", "Eltern", "Familien", "kostenfrei", "Mädchen", "Jugendclub", "Fußball",
		"Ferienprogramm", "Kinder Jugendliche")...)
	out = append(out, q(QueryMedium, "Tischtennis", "Türkisch", "Jugendfreizeiteinrichtung", "Elterncafé", "Kita", "Erziehungsberatung",
		"Erziehungsberatungsstelle", "Sprachcafé", "Jugendklub", "Jugendtreff", "Hausaufgabenbetreuung", "Pubertät", "Mobbing", "Umgangsrecht",
		"Alleinerziehende", "Geflüchtete", "barrierefrei", "Trennung Scheidung", "Beratung Eltern", "Fußball Mädchen", "Hausaufgabenhilfe Kinder",
		"Frühe Hilfen", "Familien Beratung")...)
	out = append(out, q(QueryNarrow, "Elternberatung", "Judo", "Stadtteilmütter", "Schreibabys", "Seepferdchen",
		"Tagesmutter", "Kinderturnen", "Zirkus", "Babylotsen", "Mitternachtsbasketball", "Inobhutnahme", "Stottern", "Beikost", "Breakdance",
		"Hebamme", "Judo Kinder", "Boxen Mädchen", "Jugendclub Tischtennis")...)
	return out
}
