package search

import (
	"unicode/utf8"

	"github.com/quartier/quartier/internal/textde"
)

// A query may put words in quotes ("offene Tür", „offene Tür“, »offene
// Tür«): then an offer must hold them next to each other, in that order,
// where the index keeps which words stand together (the phrase fields,
// see Builder.SetPhrase: names, topic and target-group labels, provider
// and place names). Unquoted, the same words are found anywhere and only
// rank higher together (rankPhrases). Descriptions keep no pairs, so a
// phrase only a description holds is not found in quotes.

// isQuoteMark reports whether r opens or closes a quoted phrase:
// typewriter quotes, German „…“ and English “…”, guillemets »…« and «…».
// Not the apostrophe, which stands inside words ("Ku'damm").
func isQuoteMark(r rune) bool {
	switch r {
	case '"', '„', '“', '”', '»', '«':
		return true
	}
	return false
}

// quotedPhrases returns the texts a query puts in quotes, in order; a
// quote left open runs to the end of the query. Every mark toggles, so
// „…“, “…” and "…" all pair up.
func quotedPhrases(query string) []string {
	var out []string
	in, start := false, 0
	for i, r := range query {
		if !isQuoteMark(r) {
			continue
		}
		if in {
			out = append(out, query[start:i])
		}
		in, start = !in, i+utf8.RuneLen(r)
	}
	if in {
		out = append(out, query[start:])
	}
	return out
}

// requireQuoted narrows m to the documents that hold the words of each
// quoted phrase of query next to each other, in order: each two
// consecutive words as a pair of the index (the words or their one-word
// synonyms, as rankPhrases sees them). Within one unit of several words
// (a synonym phrase, a hyphenated word, a compound written apart) a
// document holding one of the unit's own terms needs no pairs: "Eltern
// Kind Gruppe" in quotes is also "Elternkindgruppe", "Hilfen zur
// Erziehung" also "HzE". Quotes only narrow what the words found, so they
// open no way to a document the words alone would not find.
func (ix *Index) requireQuoted(query string, syn *textde.Synonyms, m *Match) {
	if m.All || m.Bits == nil {
		return
	}
	for _, q := range quotedPhrases(query) {
		var prev []alt // the last slot of the unit before
		for _, u := range ix.units(q, syn, false) {
			e := ix.expand(u, syn)
			if len(e.slots) == 0 {
				continue
			}
			if len(e.slots) > 1 {
				in := ix.adjacent(e.slots)
				for _, a := range e.alts {
					for _, p := range ix.post[a.term] {
						in.Set(p.doc())
					}
				}
				m.narrow(in)
				putBits(in)
			}
			if prev != nil {
				in := ix.adjacent([][]alt{prev, e.slots[0]})
				m.narrow(in)
				putBits(in)
			}
			prev = e.slots[len(e.slots)-1]
		}
	}
}

// adjacent returns (from the pool) the documents that hold each two
// consecutive slots next to each other, one of the terms of either.
func (ix *Index) adjacent(slots [][]alt) Bitset {
	out := ix.getBits()
	for i := 0; i+1 < len(slots); i++ {
		pair := out
		if i > 0 {
			pair = ix.getBits()
		}
		for _, a := range slots[i] {
			for _, b := range slots[i+1] {
				if id, ok := ix.pairID(a.term, b.term); ok {
					ix.pairDocs(id, pair.Set)
				}
			}
		}
		if i > 0 {
			out.And(pair)
			putBits(pair)
		}
	}
	return out
}

// narrow keeps only the documents of set in m. The match set is copied
// first where it is the set the scores were written at (one word), which
// Release needs whole to clear them.
func (m *Match) narrow(set Bitset) {
	if sameBits(m.Bits, m.written) {
		m.Bits = m.ix.cloneBits(m.Bits)
	}
	m.Bits.And(set)
}
