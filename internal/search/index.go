// Package search is the in-memory full-text index of the atlas. Documents
// are analysed by internal/textde; a query word matches a document when a
// term of the document equals its stem or one of its synonyms, contains
// it (compounds: "beratung" in "Erziehungsberatung"), or when the word is
// a compound whose parts all occur ("Mädchenfußball" ↔ "Fußball für
// Mädchen"). Every query word must match (AND). Scores weigh how a word
// matched, in which field, and how rare it is.
//
// Why in memory and not SQLite FTS5 or PostgreSQL tsvector: both engines
// pay per matching row (FTS5's bm25 about 4 µs per row under modernc, so a
// word in 20,000 of 100,000 offers costs 80 ms), while facet counts need
// the whole hit set anyway. The index is rebuilt from the store, so both
// engines give the same results by construction; `quartier bench` compares
// it with PostgreSQL full-text search on the same analysed terms.
package search

import (
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/quartier/quartier/internal/textde"
)

// Match qualities: how well a document term stands for a query word.
const (
	qualityExact    = 1.0  // same stem
	qualitySynonym  = 0.9  // stem of a synonym
	qualityAffix    = 0.7  // compound part at the start or end: "beratung" in "erziehungsberatung"
	qualityInfix    = 0.45 // inside: "sport" in "wassersportverein"
	qualityCompound = 0.6  // all parts of a split query compound
)

// Posting says that a document holds a term; Weight is the greatest
// weight of the fields it occurs in.
type Posting struct {
	Doc    uint32
	Weight float32
}

// Index is immutable once built and safe for concurrent queries.
type Index struct {
	an    *textde.Analyzer
	n     int
	terms []string
	ids   map[string]uint32
	post  [][]Posting
	// tri maps each byte trigram of a term to the terms containing it, to
	// find substrings without scanning the vocabulary.
	tri map[[3]byte][]uint32

	expMu sync.Mutex
	exp   map[expKey][]alt // expansions, bounded
}

// Builder collects documents; field weights are given once.
type Builder struct {
	an      *textde.Analyzer
	weights []float32
	ids     map[string]uint32
	terms   []string
	post    [][]Posting
	n       int
	seen    map[uint32]int // term → index of this document's posting
}

// NewBuilder starts an index whose documents have len(weights) fields.
func NewBuilder(an *textde.Analyzer, weights ...float32) *Builder {
	return &Builder{an: an, weights: weights, ids: map[string]uint32{}, seen: map[uint32]int{}}
}

// Add indexes one document (one text per field) and returns its number;
// numbers are consecutive from 0 in the order of Add.
func (b *Builder) Add(fields ...string) uint32 {
	doc := uint32(b.n)
	b.n++
	clear(b.seen)
	for f, text := range fields {
		w := b.weights[f]
		for _, t := range b.an.Terms(text) {
			id, ok := b.ids[t]
			if !ok {
				id = uint32(len(b.terms))
				b.ids[t] = id
				b.terms = append(b.terms, t)
				b.post = append(b.post, nil)
			}
			if i, ok := b.seen[id]; ok {
				if p := &b.post[id][i]; w > p.Weight {
					p.Weight = w
				}
				continue
			}
			b.seen[id] = len(b.post[id])
			b.post[id] = append(b.post[id], Posting{Doc: doc, Weight: w})
		}
	}
	return doc
}

// Build freezes the collected documents into an index.
func (b *Builder) Build() *Index {
	ix := &Index{an: b.an, n: b.n, terms: b.terms, ids: b.ids, post: b.post, tri: map[[3]byte][]uint32{}, exp: map[expKey][]alt{}}
	for id, t := range b.terms {
		for _, g := range trigrams(t) {
			l := ix.tri[g]
			if len(l) == 0 || l[len(l)-1] != uint32(id) {
				ix.tri[g] = append(l, uint32(id))
			}
		}
	}
	return ix
}

func trigrams(s string) [][3]byte {
	if len(s) < 3 {
		return nil
	}
	out := make([][3]byte, 0, len(s)-2)
	for i := 0; i+3 <= len(s); i++ {
		out = append(out, [3]byte{s[i], s[i+1], s[i+2]})
	}
	return out
}

// Len is the number of documents.
func (ix *Index) Len() int { return ix.n }

// Terms is the size of the vocabulary.
func (ix *Index) Terms() int { return len(ix.terms) }

// Known reports whether a stem occurs in some document.
func (ix *Index) Known(stem string) bool { _, ok := ix.ids[stem]; return ok }

// expKey caches expansions per stem and synonym list: a list is
// immutable once parsed, so its pointer names it.
type expKey struct {
	stem string
	syn  *textde.Synonyms
}

// alt is one document term standing for a query word.
type alt struct {
	term    uint32
	quality float32
}

// maxCachedExpansions bounds the expansion cache of a long-running server.
const maxCachedExpansions = 20_000

// alternatives lists the terms that stand for stem: itself, its synonyms,
// and terms containing either. Short stems match only whole terms or, at
// three letters, term starts and ends, which keeps "rad" in "Fahrrad"
// but not in every "Grad".
func (ix *Index) alternatives(stem string, syn *textde.Synonyms) []alt {
	key := expKey{stem, syn}
	ix.expMu.Lock()
	as, ok := ix.exp[key]
	ix.expMu.Unlock()
	if ok {
		return as
	}
	best := map[uint32]float32{}
	add := func(id uint32, q float32) {
		if q > best[id] {
			best[id] = q
		}
	}
	for i, s := range syn.Expand(stem) {
		q := float32(qualityExact)
		if i > 0 {
			q = qualitySynonym
		}
		if id, ok := ix.ids[s]; ok {
			add(id, q)
		}
		for _, id := range ix.containing(s) {
			t := ix.terms[id]
			if strings.HasPrefix(t, s) || strings.HasSuffix(t, s) {
				add(id, q*qualityAffix)
			} else {
				add(id, q*qualityInfix)
			}
		}
	}
	as = make([]alt, 0, len(best))
	for id, q := range best {
		as = append(as, alt{id, q})
	}
	slices.SortFunc(as, func(a, b alt) int { return int(a.term) - int(b.term) })
	ix.expMu.Lock()
	if len(ix.exp) >= maxCachedExpansions {
		clear(ix.exp)
	}
	ix.exp[key] = as
	ix.expMu.Unlock()
	return as
}

// containing returns the terms other than s itself that contain s, under
// the length rules of alternatives.
func (ix *Index) containing(s string) []uint32 {
	if len(s) < 3 {
		return nil
	}
	digits := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }) < 0
	// The rarest trigram of s bounds the candidates.
	var cand []uint32
	for i, g := range trigrams(s) {
		l := ix.tri[g]
		if i == 0 || len(l) < len(cand) {
			cand = l
		}
		if len(cand) == 0 {
			return nil
		}
	}
	var out []uint32
	for _, id := range cand {
		t := ix.terms[id]
		if t == s || !strings.Contains(t, s) {
			continue
		}
		if (len(s) == 3 || digits) && !strings.HasPrefix(t, s) && !(len(s) == 3 && strings.HasSuffix(t, s)) {
			continue
		}
		out = append(out, id)
	}
	return out
}

// Match is the result of a query: the matching documents and a score for
// each. All is set when the query had no searchable word; then every
// document matches and Scores are zero.
type Match struct {
	All    bool
	Bits   Bitset
	Scores []float32 // dense, indexed by document; meaningful where Bits is set
	ix     *Index
	// written is where Scores may be non-zero: the first word's matches,
	// a superset of Bits.
	written Bitset
}

// Release returns the match's buffers for reuse; m must not be used after.
func (m *Match) Release() {
	if m.Scores != nil {
		m.ix.putScores(m.Scores, m.written)
		m.Scores = nil
	}
}

// Count is the number of matching documents.
func (m *Match) Count() int {
	if m.All {
		return m.ix.n
	}
	return m.Bits.Count()
}

// Match runs a query. Every word of the query must match; within a word
// the best alternative counts, weighted by its field and by the word's
// rarity (idf), so "Beratung Neukölln" ranks the counselling offers of
// Neukölln above a Neukölln sports club that mentions counselling once.
func (ix *Index) Match(query string, syn *textde.Synonyms) *Match {
	m := &Match{ix: ix}
	groups := ix.words(query)
	if len(groups) == 0 {
		m.All = true
		return m
	}
	type word struct {
		bits   Bitset
		scores []float32
		idf    float32
	}
	ws := make([]word, len(groups))
	for i, g := range groups {
		bits, scores := ix.word(g, syn)
		ws[i] = word{bits, scores, float32(math.Log(1 + float64(ix.n)/float64(1+bits.Count())))}
		if i == 0 {
			m.Bits = bits.Clone()
		} else {
			m.Bits.And(bits)
		}
	}
	// One word: its own scores rank the hits (the idf is the same for
	// all), so its buffer becomes the result's. Several: the idf-weighted
	// sum, computed only for the documents that match them all.
	m.Scores, m.written = ws[0].scores, ws[0].bits
	if len(ws) > 1 {
		m.Bits.ForEach(func(d uint32) bool {
			v := ws[0].scores[d] * ws[0].idf
			for _, w := range ws[1:] {
				v += w.scores[d] * w.idf
			}
			m.Scores[d] = v
			return true
		})
		for _, w := range ws[1:] {
			ix.putScores(w.scores, w.bits)
		}
	}
	return m
}

// maxWords bounds the words of a query. Each holds a score buffer of the
// index's size until the query is done, and every word must match, so
// words beyond this narrow nothing a person types but cost memory by the
// request.
const maxWords = 16

// words analyses a query; a hyphenated word asks for each of its parts.
func (ix *Index) words(query string) []textde.Word {
	var out []textde.Word
	for _, w := range ix.an.Words(query) {
		if len(w.Parts) > 1 {
			for _, p := range w.Parts {
				out = append(out, textde.Word{Folded: p, Term: p})
			}
			continue
		}
		out = append(out, w)
	}
	return out[:min(len(out), maxWords)]
}

// splits reports whether a query word is also looked for by its parts: a
// compound the texts do not contain as such, or contain rarely.
func (ix *Index) splits(w textde.Word) bool {
	return !ix.Known(w.Term) || len(ix.post[ix.ids[w.Term]]) < 3
}

// word evaluates one query word into a fresh bitset and score buffer.
func (ix *Index) word(w textde.Word, syn *textde.Synonyms) (Bitset, []float32) {
	bits, scores := NewBitset(ix.n), ix.getScores()
	ix.fill(ix.alternatives(w.Term, syn), 1, bits, scores)
	if ix.splits(w) {
		if parts := ix.an.Split(w.Folded, ix.Known); len(parts) > 1 {
			ix.compound(parts, syn, bits, scores)
		}
	}
	return bits, scores
}

// fill marks the documents holding any alternative, keeping each
// document's best quality×weight, scaled by f.
func (ix *Index) fill(as []alt, f float32, bits Bitset, scores []float32) {
	for _, a := range as {
		q := a.quality * f
		for _, p := range ix.post[a.term] {
			bits.Set(p.Doc)
			if s := q * p.Weight; s > scores[p.Doc] {
				scores[p.Doc] = s
			}
		}
	}
}

// compound adds the documents holding every part, scored by the weakest.
func (ix *Index) compound(parts []string, syn *textde.Synonyms, bits Bitset, scores []float32) {
	var all Bitset
	var per [][]float32
	for _, p := range parts {
		b, s := NewBitset(ix.n), ix.getScores()
		ix.fill(ix.alternatives(p, syn), 1, b, s)
		if all == nil {
			all = b.Clone()
		} else {
			all.And(b)
		}
		per = append(per, s)
		defer ix.putScores(s, b)
	}
	all.ForEach(func(d uint32) bool {
		low := per[0][d]
		for _, s := range per[1:] {
			low = min(low, s[d])
		}
		bits.Set(d)
		if v := low * qualityCompound; v > scores[d] {
			scores[d] = v
		}
		return true
	})
}

// Score buffers are N floats; pooling them keeps a query from allocating
// 400 kB at 100,000 documents. A buffer is zeroed where bits says it was
// written before it goes back.
var scorePool sync.Pool

func (ix *Index) getScores() []float32 {
	if v, ok := scorePool.Get().(*[]float32); ok && len(*v) == ix.n {
		return *v
	}
	return make([]float32, ix.n)
}

func (ix *Index) putScores(s []float32, written Bitset) {
	if written == nil {
		clear(s)
	} else {
		written.ForEach(func(d uint32) bool { s[d] = 0; return true })
	}
	scorePool.Put(&s)
}

// Plan is a query as sets of index terms, so another engine can run the
// same query: a document matches when, for every word, it holds one of
// the word's Terms, or one of every part's terms.
type Plan []WordPlan

// WordPlan is one query word: its alternatives and, for a split compound,
// the alternatives of each part.
type WordPlan struct {
	Terms []string
	Parts [][]string
}

// Plan expands query the way Match does.
func (ix *Index) Plan(query string, syn *textde.Synonyms) Plan {
	var out Plan
	for _, w := range ix.words(query) {
		wp := WordPlan{Terms: ix.termsOf(ix.alternatives(w.Term, syn))}
		if ix.splits(w) {
			if parts := ix.an.Split(w.Folded, ix.Known); len(parts) > 1 {
				for _, p := range parts {
					wp.Parts = append(wp.Parts, ix.termsOf(ix.alternatives(p, syn)))
				}
			}
		}
		out = append(out, wp)
	}
	return out
}

func (ix *Index) termsOf(as []alt) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = ix.terms[a.term]
	}
	return out
}
