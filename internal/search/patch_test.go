package search

import (
	"fmt"
	"maps"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"github.com/quartier/quartier/internal/textde"
)

// patchVocab mixes what makes the index more than a posting list: compounds
// and their parts, hyphenated words, inflections, umlauts, words that are
// one typing error from others, digits, and area words in the locating
// field.
var patchVocab = strings.Fields(`Beratung Erziehungsberatung Elternberatung Suchtberatung Familie Familien
	Familienzentrum Zentrum Jugendklub Jugendclub Jugend Klub Fußball Fussballverein Mädchen Mädchenfußball
	Eltern-Kind-Café Elterncafé Kind Kinder Kindergarten Kita Kitas Tanne Tante Schwimmkurs Schwimmkurse
	Seepferdchen Hausaufgabenhilfe Nachhilfe Hilfe Hilfen Erziehung Musik Tanzkurs Tanz Kurs 2 3 10435
	Sport Wassersportverein Verein Treff Jugendtreff Frauenhaus Haus Haushalt`)

var patchAreas = strings.Fields(`Moabit Wedding Zentrum Mitte Turmstr. Hauptstraße 10559 10435 Familienweg`)

type patchDoc struct {
	key    string
	fields []string
}

func randomDoc(r *rand.Rand, key string) patchDoc {
	words := func(from []string, n int) string {
		var ws []string
		for range n {
			ws = append(ws, from[r.Intn(len(from))])
		}
		return strings.Join(ws, " ")
	}
	// The key is a word of its own, so that a query can name one document.
	return patchDoc{key, []string{key + " " + words(patchVocab, 1+r.Intn(3)), words(patchVocab, r.Intn(12)), words(patchAreas, r.Intn(4))}}
}

func patchQueries(docs []patchDoc) []string {
	qs := []string{"Beratung", "Familien", "Familienzentrum", "Zentrum", "Mädchenfußball", "Eltern-Kind-Café", "Elternkindcafé",
		"Kinder", "Kita 2", "Tamne", "Tante", "Schwimkurs", "Beratnug", "Hilfen zur Erziehung", "Fussball Mädchen", "Moabit Beratung",
		"Jugendclub", "Haus", "Hauptstr.", "10435", "Frauenhaus", "Sportverein", "Musiktreff", "Seepferchen", "Erziehungsberatung Mitte",
		"Jugend Klub", "Familien Zentrum", "Kind Kinder", "Tanz Kurs", "Musik Tanz Kurs", "Hilfe Kita", "Haus Treff"}
	for i := 0; i < len(docs); i += 7 {
		qs = append(qs, docs[i].key)
	}
	return qs
}

// scores maps the key of every hit of q to its score; for All, to 0.
func scores(ix *Index, keyOf func(uint32) string, q string, syn *textde.Synonyms) map[string]float32 {
	m := ix.Match(q, syn)
	defer m.Release()
	out := map[string]float32{}
	if m.All {
		ix.Live().ForEach(func(d uint32) bool { out[keyOf(d)] = 0; return true })
		return out
	}
	if m.Count() != m.Bits.Count() {
		panic("count")
	}
	m.Bits.ForEach(func(d uint32) bool { out[keyOf(d)] = m.Scores[d]; return true })
	return out
}

// An index patched through a random sequence of removals and additions
// answers every query as an index built fresh from the same documents:
// the same hits with the same scores, the same plan.
func TestPatchEqualsFreshBuild(t *testing.T) {
	an := textde.NewAnalyzer()
	syn, err := textde.ParseSynonyms(an, "Jugendklub, Jugendclub, Jugendtreff\nHzE, Hilfen zur Erziehung\nKita, Kindergarten")
	if err != nil {
		t.Fatal(err)
	}
	newBuilder := func() *Builder {
		b := NewBuilder(an, 3, 1, 1)
		b.SetLocating(2)
		// Word pairs too: a patch numbers its new pairs on and adds
		// documents to old ones.
		b.SetPhrase(0, 1)
		return b
	}
	for seed := range int64(6) {
		r := rand.New(rand.NewSource(seed))
		next := 0
		newDoc := func() patchDoc { next++; return randomDoc(r, fmt.Sprintf("dok%d", next)) }
		// byNum is the document behind each number of the patched index.
		var byNum []patchDoc
		b := newBuilder()
		for range 40 {
			d := newDoc()
			b.Add(d.fields...)
			byNum = append(byNum, d)
		}
		ix := b.Build()
		live := map[uint32]bool{}
		for i := range byNum {
			live[uint32(i)] = true
		}
		for step := range 12 {
			// Remove some, replace some (an edit), add some.
			var remove []uint32
			var add [][]string
			for _, d := range slices.Sorted(maps.Keys(live)) {
				switch x := r.Intn(10); {
				case x == 0:
					remove = append(remove, d)
					delete(live, d)
				case x == 1:
					remove = append(remove, d)
					delete(live, d)
					nd := randomDoc(r, byNum[d].key)
					add = append(add, nd.fields)
					byNum = append(byNum, nd)
					live[uint32(len(byNum)-1)] = true
				}
			}
			for range r.Intn(6) {
				nd := newDoc()
				add = append(add, nd.fields)
				byNum = append(byNum, nd)
				live[uint32(len(byNum)-1)] = true
			}
			ix = ix.Patch(remove, add)
			if ix.Len() != len(byNum) || ix.Alive() != len(live) {
				t.Fatalf("seed %d step %d: %d documents, %d alive, want %d, %d", seed, step, ix.Len(), ix.Alive(), len(byNum), len(live))
			}
			// The fresh index of the live documents, in another order.
			var fresh []patchDoc
			for _, d := range slices.Sorted(maps.Keys(live)) {
				fresh = append(fresh, byNum[d])
			}
			r.Shuffle(len(fresh), func(i, j int) { fresh[i], fresh[j] = fresh[j], fresh[i] })
			fb := newBuilder()
			for _, d := range fresh {
				fb.Add(d.fields...)
			}
			fx := fb.Build()
			for _, q := range patchQueries(fresh) {
				got := scores(ix, func(d uint32) string { return byNum[d].key }, q, syn)
				want := scores(fx, func(d uint32) string { return fresh[d].key }, q, syn)
				if !maps.Equal(got, want) {
					t.Fatalf("seed %d step %d, %q:\npatched %v\nfresh   %v", seed, step, q, got, want)
				}
				if gp, wp := fmt.Sprint(ix.Plan(q, syn)), fmt.Sprint(fx.Plan(q, syn)); gp != wp {
					t.Fatalf("seed %d step %d, plan of %q:\npatched %s\nfresh   %s", seed, step, q, gp, wp)
				}
			}
		}
	}
}

// Patching leaves the index it starts from as it was: queries on the old
// snapshot answer as before.
func TestPatchLeavesOriginal(t *testing.T) {
	ix := build(t, corpus)
	before := hits(ix, corpus, "Beratung", nil)
	nx := ix.Patch([]uint32{0}, [][]string{{"Beratung am Abend", "Beratung"}})
	if got := hits(ix, corpus, "Beratung", nil); !slices.Equal(got, before) {
		t.Errorf("original after patch: %q, want %q", got, before)
	}
	docs := append(slices.Clone(corpus), [2]string{"Beratung am Abend", "Beratung"})
	if got := hits(nx, docs, "Beratung", nil); slices.Contains(got, corpus[0][0]) || !slices.Contains(got, "Beratung am Abend") {
		t.Errorf("patched: %q", got)
	}
}

// TestFewerAgreesWithCount: the short cut of fewer must decide as counting
// does, also on an index with removed documents (whose postings it must
// not count), for each query word's own expansion and the word alone.
func TestFewerAgreesWithCount(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	b := NewBuilder(textde.NewAnalyzer(), 3, 1)
	var docs []patchDoc
	for i := range 60 {
		d := randomDoc(r, fmt.Sprintf("doc%d", i))
		docs = append(docs, d)
		b.Add(d.fields...)
	}
	ix := b.Build()
	var remove []uint32
	for d := uint32(0); d < 60; d += 3 {
		remove = append(remove, d)
	}
	ix = ix.Patch(remove, nil)
	syn, err := textde.ParseSynonyms(textde.NewAnalyzer(), textde.DefaultSynonyms)
	if err != nil {
		t.Fatal(err)
	}
	checked, short := 0, 0
	for _, q := range append(patchQueries(docs), patchVocab...) {
		for _, u := range ix.units(q, syn, false) {
			e := ix.expand(u, syn)
			word := &expansion{alts: ix.exact(u.word.Term, syn)}
			for _, x := range []*expansion{e, word} {
				for _, limit := range []int{1, 2, 3, 10} {
					n := ix.count(x)
					if got := ix.fewer(x, limit); got != (n < limit) {
						t.Errorf("%q (unit %q): fewer(%d) = %v, count %d", q, u.word.Term, limit, got, n)
					}
					checked++
					if n >= limit {
						short++
					}
				}
			}
		}
	}
	if short == 0 || short == checked {
		t.Fatalf("the cases do not test both answers: %d of %d at or above the limit", short, checked)
	}
}
