package search

import (
	"fmt"
	"math/rand"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/quartier/quartier/internal/textde"
)

// corpus: name, description.
var corpus = [][2]string{
	{"Erziehungsberatungsstelle Mitte", "Beratung für Eltern und Familien in Erziehungsfragen"},
	{"Fußball für Mädchen", "Training jeden Dienstag auf dem Bolzplatz"},
	{"Jugendklub Mauerpark", "Offener Treff für Jugendliche, Billard und Musik"},
	{"Elterncafé Sonnenschein", "Frühstück für Mütter und Väter mit Babys"},
	{"Schwimmkurs für Kinder", "Seepferdchen im Stadtbad"},
	{"Suchtberatung", "Hilfe bei Drogen und Alkohol"},
	{"Wassersportverein Spree", "Kanu und Rudern"},
	{"Hausaufgabenhilfe", "Lernen nach der Schule, Unterstützung bei Hausaufgaben"},
	{"Fussballverein Nord", "Kicken im Verein"},
	{"Kita Regenbogen", "Kindertagesstätte mit 80 Plätzen, 10435 Berlin"},
}

func build(t testing.TB, docs [][2]string) *Index {
	t.Helper()
	b := NewBuilder(textde.NewAnalyzer(), 3, 1)
	for _, d := range docs {
		b.Add(d[0], d[1])
	}
	return b.Build()
}

// hits returns the names of matching documents, best first (ties in
// document order).
func hits(ix *Index, docs [][2]string, q string, syn *textde.Synonyms) []string {
	m := ix.Match(q, syn)
	defer m.Release()
	type h struct {
		d uint32
		s float32
	}
	var hs []h
	if m.All {
		for i := range docs {
			hs = append(hs, h{uint32(i), 0})
		}
	} else {
		m.Bits.ForEach(func(d uint32) bool { hs = append(hs, h{d, m.Scores[d]}); return true })
	}
	slices.SortStableFunc(hs, func(a, b h) int {
		switch {
		case a.s > b.s:
			return -1
		case a.s < b.s:
			return 1
		}
		return 0
	})
	var out []string
	for _, x := range hs {
		out = append(out, docs[x.d][0])
	}
	return out
}

func TestMatch(t *testing.T) {
	ix := build(t, corpus)
	syn, err := textde.ParseSynonyms(textde.NewAnalyzer(), textde.DefaultSynonyms)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		q    string
		want []string // in this order
	}{
		// umlaut/ß folding; the exact word in a name before the compound
		{"Fussball", []string{"Fußball für Mädchen", "Fussballverein Nord"}},
		// plural ↔ singular
		{"Mütter", []string{"Elterncafé Sonnenschein"}},
		{"Kindern", []string{"Schwimmkurs für Kinder", "Kita Regenbogen"}}, // "Kindertagesstätte" starts with it
		// a compound part: at the end of a name ranks above inside one
		{"beratung", []string{"Suchtberatung", "Erziehungsberatungsstelle Mitte"}},
		// infix
		{"sport", []string{"Wassersportverein Spree"}},
		// synonyms from the list
		{"Jugendclub", []string{"Jugendklub Mauerpark"}},
		{"Kindertagesstätte", []string{"Kita Regenbogen"}},
		// a compound the texts do not contain, by its parts
		{"Mädchenfußball", []string{"Fußball für Mädchen"}},
		// AND of words
		{"Beratung Drogen", []string{"Suchtberatung"}},
		{"Beratung Kanu", nil},
		// postcode
		{"10435", []string{"Kita Regenbogen"}},
		// two letters: whole words only, and there are none
		{"ab", nil},
	} {
		if got := hits(ix, corpus, c.q, syn); !slices.Equal(got, c.want) {
			t.Errorf("%q: %q, want %q", c.q, got, c.want)
		}
	}
	if m := ix.Match("und die", syn); !m.All || m.Count() != len(corpus) {
		t.Error("a query of stop words must match everything")
	}
	// Without the synonym list the other word is not found.
	if got := hits(ix, corpus, "Teenager", nil); len(got) != 0 {
		t.Errorf("Teenager without synonyms: %q", got)
	}
}

func TestRankingPrefersNameAndExact(t *testing.T) {
	docs := [][2]string{
		{"Treff", "Wassersport am Wochenende"},
		{"Fest", "mit Sport für alle"},
		{"Sportfest", "Ein Fest"},
	}
	ix := build(t, docs)
	got := hits(ix, docs, "Sport", nil)
	// name affix 3×0.7 > description exact 1 > description infix 0.45
	want := []string{"Sportfest", "Fest", "Treff"}
	if !slices.Equal(got, want) {
		t.Fatalf("%q, want %q", got, want)
	}
}

// Released buffers must come back clean: a later query must not see
// scores of an earlier one.
func TestBuffersReusedClean(t *testing.T) {
	ix := build(t, corpus)
	first := hits(ix, corpus, "Beratung Eltern", nil)
	for i := 0; i < 3; i++ {
		_ = hits(ix, corpus, "Fußball", nil)
		_ = hits(ix, corpus, "Beratung Kanu", nil)
		if got := hits(ix, corpus, "Beratung Eltern", nil); !slices.Equal(got, first) {
			t.Fatalf("run %d: %q, want %q", i, got, first)
		}
	}
	for i := 0; i < 3; i++ {
		m := ix.Match("Kanu", nil)
		for d, s := range m.Scores {
			if s != 0 && !m.Bits.Has(uint32(d)) {
				t.Fatalf("stale score %g at document %d", s, d)
			}
		}
		m.Release()
		ix.Match("Beratung Eltern Kinder", nil).Release()
	}
}

func TestConcurrentQueries(t *testing.T) {
	docs := generated(2000, 1)
	ix := build(t, docs)
	want := map[string][]string{}
	qs := []string{"Beratung", "Kinder Sport", "Elterncafé", "Jugend", "Musik"}
	for _, q := range qs {
		want[q] = hits(ix, docs, q, nil)
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				q := qs[(g+i)%len(qs)]
				if got := hits(ix, docs, q, nil); !slices.Equal(got, want[q]) {
					t.Errorf("concurrent %q differs", q)
					return
				}
			}
		}(g)
	}
	wg.Wait()
}

// generated builds n small documents from a few words, for concurrency
// tests and benchmarks of this package.
func generated(n int, seed int64) [][2]string {
	r := rand.New(rand.NewSource(seed))
	words := strings.Fields("Beratung Kinder Jugend Sport Musik Familie Eltern Elterncafé Fußball Schule Hausaufgaben Treff Kita Garten Kunst Tanz Theater Lernen Spielen Natur")
	docs := make([][2]string, n)
	for i := range docs {
		var name, desc []string
		for j := 0; j < 3; j++ {
			name = append(name, words[r.Intn(len(words))])
		}
		for j := 0; j < 20; j++ {
			desc = append(desc, words[r.Intn(len(words))])
		}
		docs[i] = [2]string{strings.Join(name, " ") + fmt.Sprint(" ", i), strings.Join(desc, " ")}
	}
	return docs
}

func BenchmarkMatch(b *testing.B) {
	docs := generated(100_000, 1)
	ix := build(b, docs)
	for b.Loop() {
		ix.Match("Beratung Kinder", nil).Release()
	}
}

// The plan is what other engines run (PostgreSQL tsquery, SQLite FTS5
// MATCH in `quartier bench`); evaluated plainly over each document's
// terms it must select exactly what Match selects. The third field is a
// locating one (an area), which compounds and synonym phrases ignore.
func TestPlanAgreesWithMatch(t *testing.T) {
	an := textde.NewAnalyzer()
	docs := append(append([][2]string(nil), corpus...), generated(500, 7)...)
	areas := []string{"Zentrum", "Mitte", "Garten", "Kreuzberg", "Werk"}
	b := NewBuilder(an, 3, 1, 1)
	b.SetLocating(2)
	type sets struct{ own, all map[string]bool }
	var docSets []sets
	for i, d := range docs {
		area := areas[i%len(areas)]
		b.Add(d[0], d[1], area)
		ds := sets{map[string]bool{}, map[string]bool{}}
		for _, t := range an.Terms(d[0] + " " + d[1]) {
			ds.own[t], ds.all[t] = true, true
		}
		for _, t := range an.Terms(area) {
			ds.all[t] = true
		}
		docSets = append(docSets, ds)
	}
	ix := b.Build()
	syn, _ := textde.ParseSynonyms(an, textde.DefaultSynonyms+"Fitness, Sport Garten\n")
	anyOf := func(set map[string]bool, terms []string) bool {
		for _, t := range terms {
			if set[t] {
				return true
			}
		}
		return false
	}
	for _, q := range []string{"Fussball", "Mädchenfußball", "Beratung Eltern", "Jugendclub", "Kindertagesstätte", "Kinder Sport", "Eltern-Kind",
		"Hausaufgaben Schule", "Musik Tanz Theater", "10435", "Kita", "Elternkindgruppe", "Spielgarten", "xyzzy", "Kinderzentrum", "Musikgarten",
		"Fitness", "Kita 3", "Fusball", "Hausaufgabenhife Kinder", "DW"} {
		plan := ix.Plan(q, syn)
		m := ix.Match(q, syn)
		for d, ds := range docSets {
			want := true
			for _, w := range plan {
				ok := anyOf(ds.all, w.Terms)
				for _, c := range w.AllOf {
					set := ds.all
					if c.Own {
						set = ds.own
					}
					every := true
					for _, p := range c.Parts {
						every = every && anyOf(set, p)
					}
					ok = ok || every
				}
				want = want && ok
			}
			if got := m.All || m.Bits.Has(uint32(d)); got != want {
				t.Errorf("%q, document %d (%s): Match %v, plan %v", q, d, docs[d][0], got, want)
			}
		}
		m.Release()
	}
}

// TestMatchBoundedByWords: every query word holds a score buffer of the
// index's size until the query is done, so a query of many words would
// allocate by what it asks; words beyond maxWords are not looked for.
func TestMatchBoundedByWords(t *testing.T) {
	docs := make([][2]string, 20_000)
	for i := range docs {
		docs[i] = corpus[i%len(corpus)]
	}
	ix := build(t, docs)
	query := strings.Repeat("Beratung ", 500)
	ix.Match("Beratung", nil).Release() // expands the word once
	// Two collections empty the buffer pool (it survives one), which
	// would otherwise hide buffers the query holds at once.
	var before, after runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&before)
	m := ix.Match(query, nil)
	runtime.ReadMemStats(&after)
	m.Release()
	perWord := uint64(len(docs))*4 + uint64(len(docs))/8
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > (maxWords+4)*perWord {
		t.Fatalf("a query of 500 words allocated %d KB, %d words' buffers are %d KB", alloc>>10, maxWords, maxWords*perWord>>10)
	}
	if got := len(ix.Plan(query, nil)); got != maxWords {
		t.Fatalf("plan of 500 words has %d", got)
	}
}

// A word one typing error away is found only when the word itself finds
// nothing, ranks below every exact match, and never for words with digits
// or short words.
func TestTypoTolerance(t *testing.T) {
	docs := [][2]string{
		{"Schwimmkurs", "Seepferdchen im Stadtbad"},
		{"Tanne", "Weihnachtsbaum"}, {"Tanne am Hof", ""}, {"Tanne im Park", ""},
		{"Tante Emma", "Laden"},
		{"Kita Regenbogen", "10435 Berlin"},
		{"Elternberatung", "Beratung für Eltern"},
	}
	ix := build(t, docs)
	for _, c := range []struct {
		q    string
		want []string
	}{
		{"Schwimkurs", []string{"Schwimmkurs"}},
		{"Seepferchen", []string{"Schwimmkurs"}},
		{"Elternberatnug", []string{"Elternberatung"}},                // the written word, not the stem, is one edit away
		{"Tanne", []string{"Tanne", "Tanne am Hof", "Tanne im Park"}}, // finds something: no "Tante"
		{"Tante", []string{"Tante Emma"}},
		{"Tamne", []string{"Tanne", "Tanne am Hof", "Tanne im Park"}},
		{"10436", nil}, // digits are never corrected
		{"Kiat", nil},  // nor words under five letters
		{"Tante-Emma", []string{"Tante Emma"}},
		{"Tanta-Emma", nil}, // a hyphenated word is no typing error of its parts
	} {
		if got := hits(ix, docs, c.q, nil); !slices.Equal(got, c.want) {
			t.Errorf("%q: %q, want %q", c.q, got, c.want)
		}
	}
	// An exact match in the description ranks above a corrected one in the
	// name.
	docs = [][2]string{{"Tanzkurs", ""}, {"Kurs", "Tanzkurse für alle"}, {"Kurs", "Tanzkurs"}}
	ix = build(t, docs)
	if got := hits(ix, docs, "Tanzkurs", nil); !slices.Equal(got, []string{"Tanzkurs", "Kurs", "Kurs"}) {
		t.Errorf("Tanzkurs: %q", got)
	}
}

// A word the index holds only inside longer words or as guessed parts is
// also looked for one edit away when that finds ten times as much:
// "Neuköln" split into "neu" and "Köln…" hid "Neukölln".
func TestTypoBesideChanceMatches(t *testing.T) {
	docs := [][2]string{{"Neue Kita", "in Köln"}, {"Kindergärtnerei", ""}}
	for range 10 {
		docs = append(docs, [2]string{"Kita in Neukölln", "Kindergarten"})
	}
	ix := build(t, docs)
	for q, want := range map[string]int{"Neuköln": 11, "Kindergartn": 11} {
		if got := len(hits(ix, docs, q, nil)); got != want {
			t.Errorf("%q: %d hits, want %d", q, got, want)
		}
	}
	// Eight (nine with "Kindergärtnerei") are not enough.
	ix = build(t, docs[:len(docs)-2])
	for q, want := range map[string]int{"Neuköln": 1, "Kindergartn": 1} {
		if got := len(hits(ix, docs, q, nil)); got != want {
			t.Errorf("%q with eight: %d hits, want %d", q, got, want)
		}
	}
}

// Compounds: a rare or unknown one is looked for by its parts as words of
// their own; a common one by its parts only as whole words and outside the
// locating fields (the third field here, an area name).
func TestCompoundParts(t *testing.T) {
	type doc struct{ name, text, area string }
	docs := []doc{
		{"Familienzentrum Nord", "", ""},
		{"Familienzentrum Süd", "", ""},
		{"Familienzentrum Ost", "", ""},
		{"Treff", "Ein Zentrum für Familien", ""},
		{"Kita", "Für Familien", "Zentrum"},
		{"Haus", "Familienberatung im Gesundheitszentrum", ""},
		{"Fußball", "für Mädchen", ""},
		{"Fußballverein", "Mädchen willkommen", ""},
		{"Mädchenfußball", "", ""},
		{"Erreichbar", "in Berlin", ""},
		{"Bar", "Linsen", ""},
	}
	b := NewBuilder(textde.NewAnalyzer(), 3, 1, 1)
	b.SetLocating(2)
	for _, d := range docs {
		b.Add(d.name, d.text, d.area)
	}
	ix := b.Build()
	names := func(q string) []string {
		m := ix.Match(q, nil)
		defer m.Release()
		var out []string
		m.Bits.ForEach(func(d uint32) bool { out = append(out, docs[d].name); return true })
		return out
	}
	for _, c := range []struct {
		q    string
		want []string
	}{
		// common: the whole compound, or both parts as whole words in the
		// offer's own text; not the area, not parts of other compounds
		{"Familienzentrum", []string{"Familienzentrum Nord", "Familienzentrum Süd", "Familienzentrum Ost", "Treff"}},
		{"Familienzentren", []string{"Familienzentrum Nord", "Familienzentrum Süd", "Familienzentrum Ost"}},
		// rare: parts as loosely as words of their own
		{"Mädchenfußball", []string{"Fußball", "Fußballverein", "Mädchenfußball"}},
		// but a part of three letters only whole: not "erreichbar" and
		// "Berlin" for "Bar" and "Linsen"
		{"Bärliner", []string{"Bar"}},
		// hyphenated: one word, whole or by its parts
		{"Familien-Zentrum", []string{"Familienzentrum Nord", "Familienzentrum Süd", "Familienzentrum Ost", "Treff", "Kita", "Haus"}},
	} {
		if got := names(c.q); !slices.Equal(got, c.want) {
			t.Errorf("%q: %q, want %q", c.q, got, c.want)
		}
	}
}

// Single digits rank the documents that hold them first but filter
// nothing; alone they are searched for.
func TestSingleDigitsRank(t *testing.T) {
	docs := [][2]string{{"Kita Sonne 1", ""}, {"Kita Sonne 2", ""}, {"Kita Sonne 3", ""}, {"Kita Mond", "3 Gruppen"}}
	ix := build(t, docs)
	if got := hits(ix, docs, "Kita Sonne 3", nil); !slices.Equal(got, []string{"Kita Sonne 3", "Kita Sonne 1", "Kita Sonne 2"}) {
		t.Errorf("Kita Sonne 3: %q", got)
	}
	if got := hits(ix, docs, "3", nil); !slices.Equal(got, []string{"Kita Sonne 3", "Kita Mond"}) {
		t.Errorf("3: %q", got)
	}
	if got := len(ix.Plan("Kita 3", nil)); got != 1 {
		t.Errorf("plan of Kita 3 has %d words: a ranking word filters nothing", got)
	}
}

// Phrases of the synonym list: an abbreviation finds the documents that
// hold all words of its phrase outside the locating fields, and the phrase
// typed as words finds the abbreviation.
func TestSynonymPhrases(t *testing.T) {
	an := textde.NewAnalyzer()
	syn, err := textde.ParseSynonyms(an, "HzE, Hilfen zur Erziehung\nDRK, Deutsches Rotes Kreuz")
	if err != nil {
		t.Fatal(err)
	}
	type doc struct{ name, text, area string }
	docs := []doc{
		{"Ambulante Hilfen zur Erziehung", "", ""},
		{"HzE-Team", "Beratung", ""},
		{"Kita", "Träger: Deutsches Rotes Kreuz", ""},
		{"DRK-Treff", "", ""},
		{"Rotes Haus", "Deutsch lernen", "Kreuzberg"},
		{"Deutsches Haus", "Rotes Sofa", "Kreuz"},
	}
	b := NewBuilder(an, 3, 1, 1)
	b.SetLocating(2)
	for _, d := range docs {
		b.Add(d.name, d.text, d.area)
	}
	ix := b.Build()
	names := func(q string) []string {
		m := ix.Match(q, syn)
		defer m.Release()
		var out []string
		m.Bits.ForEach(func(d uint32) bool { out = append(out, docs[d].name); return true })
		return out
	}
	for q, want := range map[string][]string{
		"HzE":                 {"Ambulante Hilfen zur Erziehung", "HzE-Team"},
		"Hilfe zur Erziehung": {"Ambulante Hilfen zur Erziehung", "HzE-Team"},
		"DRK":                 {"Kita", "DRK-Treff"},
		// typed, the words are as loose as any words of a query
		"Deutsches Rotes Kreuz": {"Kita", "DRK-Treff", "Rotes Haus", "Deutsches Haus"},
	} {
		if got := names(q); !slices.Equal(got, want) {
			t.Errorf("%q: %q, want %q", q, got, want)
		}
	}
}

// The parts of a common compound are intersected rarest first; a rare
// part among many documents of a common one is looked up, not scanned.
// Both ways must find the same documents.
func TestCompoundPartsRareAmongCommon(t *testing.T) {
	var docs [][2]string
	for i := range 300 {
		docs = append(docs, [2]string{fmt.Sprintf("Treff %d", i), "Für Kinder"})
	}
	docs = append(docs, [2]string{"Kinderturnen", ""}, [2]string{"Kinderturnen am Abend", ""}, [2]string{"Kinderturnen am Morgen", ""},
		[2]string{"Turnen", "für Kinder"}, [2]string{"Turnen", "für Erwachsene"}, [2]string{"Turnhalle", "Kinder"})
	ix := build(t, docs)
	got := hits(ix, docs, "Kinderturnen", nil)
	want := []string{"Kinderturnen", "Kinderturnen am Abend", "Kinderturnen am Morgen", "Turnen"}
	if !slices.Equal(got, want) {
		t.Errorf("Kinderturnen: %q, want %q", got, want)
	}
}

// A hyphenated word finds what the word written together finds: itself
// whole, or its parts as words, a part of three letters only whole.
func TestHyphenatedLikeJoined(t *testing.T) {
	docs := [][2]string{
		{"Eltern-Kind-Café", ""},
		{"Elternkindcafé", ""},
		{"Café", "für Eltern mit Kindern"},
		{"Lerncafé", "für Eltern und Kinder"},
	}
	ix := build(t, docs)
	want := []string{"Eltern-Kind-Café", "Elternkindcafé", "Café"}
	for _, q := range []string{"Eltern-Kind-Café", "Eltern-Kind-Cafe", "Elternkindcafé"} {
		got := hits(ix, docs, q, nil)
		slices.Sort(got)
		if !slices.Equal(got, slices.Sorted(slices.Values(want))) {
			t.Errorf("%q: %q, want %q", q, got, want)
		}
	}
}

// A set shorter than the one it meets holds none of the documents beyond
// its end.
func TestBitsetShorterOperand(t *testing.T) {
	long, short := Full(200), NewBitset(70)
	short.Set(3)
	short.Set(69)
	if n := long.CountAnd(short); n != 2 {
		t.Errorf("CountAnd: %d", n)
	}
	if n := long.CountAndAt(short, long.Words()); n != 2 {
		t.Errorf("CountAndAt: %d", n)
	}
	b := long.Clone()
	b.And(short)
	if b.Count() != 2 || !b.Has(69) {
		t.Errorf("And: %d", b.Count())
	}
	b = NewBitset(200)
	b.Or(short)
	if b.Count() != 2 {
		t.Errorf("Or: %d", b.Count())
	}
	if g := short.Grown(200); len(g) != len(long) || g.Count() != 2 {
		t.Errorf("Grown: %d words, %d", len(g), g.Count())
	}
}

// A phrase naming an age matches the documents that AgeDocs gives for its
// range and, whatever their ages, those holding its words; without
// AgeDocs it is words as any.
func TestMatchAges(t *testing.T) {
	docs := [][2]string{
		{"Krabbelgruppe", "für 1- bis 3-Jährige"}, // ages 1–3, and the words
		{"Kita Sonne", "Kindertagesstätte"},       // 0–6
		{"Jugendclub", "Billard und Musik"},       // 12–21
		{"Spielgruppe", "für 2-Jährige"},          // says 2-Jährige, states 4–6
	}
	ix := build(t, docs)
	ranges := [][2]int{{1, 3}, {0, 6}, {12, 21}, {4, 6}}
	calls := 0
	ages := func(lo, hi int, bits Bitset, scores []float32) {
		calls++
		for d, r := range ranges {
			if r[0] <= hi && lo <= r[1] {
				bits.Set(uint32(d))
				scores[d] = max(scores[d], 0.5/float32(r[1]-r[0]+1))
			}
		}
	}
	names := func(q string, ages AgeDocs) []string {
		m := ix.MatchAges(q, nil, ages, nil)
		defer m.Release()
		var out []string
		m.Bits.ForEach(func(d uint32) bool { out = append(out, docs[d][0]); return true })
		return out
	}
	for q, want := range map[string][]string{
		"2-Jährige":        {"Krabbelgruppe", "Kita Sonne", "Spielgruppe"}, // Spielgruppe by its words
		"Kita 2-Jährige":   {"Kita Sonne"},
		"ab 14 Jahren":     {"Jugendclub"},
		"Kita 14-Jährige":  nil,
		"Sonne unter 3":    {"Kita Sonne"}, // a digit only ranks: it filters nothing
		"Jugendclub unter": {"Jugendclub"},
	} {
		if got := names(q, ages); !slices.Equal(got, want) {
			t.Errorf("%q: %q, want %q", q, got, want)
		}
	}
	if got := names("2-Jährige", nil); !slices.Equal(got, []string{"Spielgruppe"}) {
		t.Errorf("2-Jährige without ages: %q", got)
	}
	calls = 0
	if got := names("Krabbelgruppe Kita", ages); got != nil || calls != 0 {
		t.Errorf("a query without ages: %q, %d calls for ages", got, calls)
	}
	// The better the range fits, the higher.
	m := ix.MatchAges("2-Jährige", nil, ages, nil)
	defer m.Release()
	if m.Scores[1] <= 0 || m.Scores[1] >= m.Scores[0] {
		t.Errorf("scores %v: the Krabbelgruppe (1–3, and the words) first", m.Scores)
	}
}

// A word the synonym list says the meaning of ("X => Y") is not looked
// for by its parts: "Reuterkiez" found a "betreuter Spielplatz im
// Güntzelkiez" by "reut" and "kiez".
func TestOneWayNotByParts(t *testing.T) {
	docs := [][2]string{
		{"Kita am Reuterplatz", ""},
		{"Pädagogisch betreuter Spielplatz im Güntzelkiez", ""},
	}
	ix := build(t, docs)
	syn, err := textde.ParseSynonyms(textde.NewAnalyzer(), "Reuterkiez, Reuter-Kiez, Reuter Kiez => Reuterplatz\n")
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"Reuterkiez", "Reuter-Kiez", "Reuter Kiez"} {
		if got := hits(ix, docs, q, syn); !slices.Equal(got, []string{"Kita am Reuterplatz"}) {
			t.Errorf("%s: %q", q, got)
		}
	}
}
