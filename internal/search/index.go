// Package search is the in-memory full-text index of the atlas. Documents
// are analysed by internal/textde; a query word matches a document when a
// term of the document equals its stem or one of its synonyms, contains
// it (compounds: "beratung" in "Erziehungsberatung"), or when the
// document holds all parts of the word as a compound ("Mädchenfußball" ↔
// "Fußball für Mädchen"), of a hyphenated word, or of a synonym phrase
// ("HzE" ↔ "Hilfen zur Erziehung"), or holds the compound with its head
// replaced by a synonym ("Waldkita" ↔ "Waldkindergarten"). A word that
// finds almost nothing is also looked for one typing error away; a place
// with a prefix that finds nothing ("Neu-Hohenschönhausen"), as the place
// without it. Every query word must match
// (AND), except single digits and words naming a kind of area
// ("Bezirk", "Sozialraum"), which only rank. Scores weigh how a word
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
	"cmp"
	"encoding/binary"
	"maps"
	"math"
	mathbits "math/bits"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/quartier/quartier/internal/textde"
)

// Match qualities: how well a document term stands for a query word.
const (
	qualityExact    = 1.0  // same stem
	qualitySynonym  = 0.9  // stem of a synonym, or all words of a synonym phrase
	qualityAffix    = 0.7  // compound part at the start or end: "beratung" in "erziehungsberatung"
	qualityInfix    = 0.45 // inside: "sport" in "wassersportverein"
	qualityCompound = 0.6  // all parts of a compound query word, the weakest counts
	// qualityDiminutive × what the base of a diminutive finds: below the
	// diminutive itself, also inside a word ("Schneckenhäuschen" before
	// "Haus der kleinen Freunde" for "Häuschen").
	qualityDiminutive = 0.6
	// qualityTypo ranks a word one typing error away below every
	// exact match in any field (name weight 3 × 0.3 < description 1).
	qualityTypo = 0.3
)

// Typo tolerance: a query word of at least typoMinRunes letters that finds
// fewer than typoBelow documents is also looked for as the indexed words
// one edit away (a letter deleted, inserted, replaced or two swapped).
// Words with digits never are: postcode 12059 is not 12055. "Fewer than
// one": a rare word that is in the atlas must not bring its neighbours.
// Measured on the 2,076 rarest name words of the demo atlas (each in one
// or two offers): with "fewer than three", 34 more of them gave over 20
// hits, "Helin" (a Kita) 2,892 through "hein" in Heinersdorf, Heinz, ….
const (
	typoBelow    = 1
	typoMinRunes = 5
)

// typoOutweighs: a word the index does not hold as a word, found only
// inside longer words or by guessed parts, is also looked for one edit
// away when that finds this many times more: chance matches are few, the
// word meant is common ("Kindergartn": 1 Kita by "Kindergärtnerei",
// "Kindergarten" 2,880 in the demo).
const typoOutweighs = 10

// rareBelow: a compound found in fewer documents is looked for by its
// parts as loosely as separate words would be ("Mädchenfußball" by
// "Fußballverein für Mädchen"); a common one by its parts only as whole
// words, so that "Frauenhaus" does not become "Frau" and "Haushalt".
const rareBelow = 3

// posting says that a document holds a term: the document's number and,
// in the low bits, the field of the greatest weight the term occurs in
// (an index into Index.wt; noField: none, weight 0). Four bytes instead
// of a number and a float: at 100,000 offers the postings were 40 MB.
type posting uint32

// fieldBits bound an index to 7 fields and 2^29 documents.
const (
	fieldBits = 3
	noField   = 1<<fieldBits - 1
)

func mkPosting(doc uint32, field uint8) posting { return posting(doc<<fieldBits | uint32(field)) }

func (p posting) doc() uint32  { return uint32(p) >> fieldBits }
func (p posting) field() uint8 { return uint8(p & noField) }

// foldedWord is a written word whose stem differs from it: the stem's
// term, and how many live documents hold the word.
type foldedWord struct {
	term uint32
	n    uint32
}

// Index is immutable once built and safe for concurrent queries. Patch
// derives a new index from it without changing it.
type Index struct {
	an      *textde.Analyzer
	weights []float32
	wt      [noField + 1]float32 // weights by posting field, noField 0
	loc     []bool
	order   []int // locating fields first (see SetLocating)
	// n counts the documents ever added, removed ones too; alive the
	// others, which live holds. A removed document stays in the
	// postings until the next full build and is skipped there.
	n     int
	alive int
	live  Bitset
	terms []string
	ids   map[string]uint32
	// post holds each term's postings, one per document, in document
	// order. The live documents holding a term are counted from them
	// (liveDocs), so that removing a document needs nothing but its
	// number: a term whose documents were all removed is unknown, as in
	// a fresh build.
	post [][]posting
	// own holds, for the terms that occur in a locating field (see
	// SetLocating), their postings in the other fields only; every other
	// term's are its postings. Few terms are in an address or an area
	// name, and the hot loop of a query stays a plain posting list.
	own map[uint32][]posting
	// tri maps each byte trigram of a term to the terms containing it, to
	// find substrings without scanning the vocabulary.
	tri map[[3]byte][]uint32
	// folded maps the written (folded) words whose stem differs from
	// them to their entry in fw, for typo tolerance: "beratnug" is one
	// edit from the word "beratung", not from its stem "berat".
	folded map[string]uint32
	fw     []foldedWord
	// fdoc[d] is where document d's folded words (ids into fw, sorted,
	// as deltas in uvarints) start in farena; they end where the next
	// document's start. Removing d counts them down. About 60 bytes a
	// document, where keeping the document's text took ten times that.
	fdoc   []uint32
	farena []byte
	// phr marks the fields whose adjacent words are kept (SetPhrase).
	// pkeys holds each pair of terms that stand next to each other in one
	// of them (pairKey), sorted: pair id i is pkeys[i], and its documents,
	// in order, are parena[pstart[i]:pstart[i+1]] and then pmore[i]. A
	// sorted array, not a map: at 100,000 offers the map was 3-4 MB more
	// heap, and a patch copied all of it. One array and offsets, not a
	// slice a pair: a hundred thousand slices were as many pointers for
	// every garbage collection to mark (a tenth more CPU a search). The
	// pairs a patch brings are numbered on from len(pkeys) in padd, and
	// pmore holds what patches added to any pair. While building, every
	// pair is in padd and pmore; Build sorts them into the arrays.
	phr    []bool
	pkeys  []uint64
	parena []uint32
	pstart []uint32
	padd   map[uint64]uint32
	pmore  map[uint32][]uint32

	expMu sync.Mutex
	exp   map[expKey][]alt       // expansions of stems, bounded
	words map[unitKey]*expansion // and of query words
}

// Builder collects documents; field weights are given once.
type Builder struct {
	ix *Index
	// patch: adding to a copy of a built index, which keeps its own
	// postings and trigrams current document by document.
	patch bool
	seen  map[uint32]int // term → index of this document's posting
	// Of this document, the terms in a locating field and their greatest
	// weight in another (0: none); and of all documents, where that
	// differs from the posting's weight.
	located map[uint32]uint8
	ownDiff map[uint32][]posting
	// this document's folded words, each once
	fseen map[uint32]bool
	flist []uint32
	pos   []uint32 // a word's positions (Index.positions)
}

// NewBuilder starts an index whose documents have len(weights) fields.
func NewBuilder(an *textde.Analyzer, weights ...float32) *Builder {
	if len(weights) > noField {
		panic("search: too many fields")
	}
	ix := &Index{an: an, weights: weights, loc: make([]bool, len(weights)), ids: map[string]uint32{}, folded: map[string]uint32{},
		phr: make([]bool, len(weights)), padd: map[uint64]uint32{}, pmore: map[uint32][]uint32{}}
	copy(ix.wt[:], weights)
	b := &Builder{ix: ix}
	b.init()
	b.setOrder()
	return b
}

func (b *Builder) init() {
	b.seen, b.located, b.ownDiff, b.fseen = map[uint32]int{}, map[uint32]uint8{}, map[uint32][]posting{}, map[uint32]bool{}
}

// SetLocating marks fields that say where a document is (address, area
// names), not what it is. A query word matches them like any field, but
// the parts of a compound query word and the words of a synonym phrase
// must be found in the other fields: "Familienzentrum" is not "Familien"
// in the text and the area "Zentrum".
func (b *Builder) SetLocating(fields ...int) {
	for _, f := range fields {
		b.ix.loc[f] = true
	}
	b.setOrder()
}

// SetPhrase marks fields whose words standing next to each other are kept
// (stop words aside, the parts of a hyphenated word in order): a query's
// words found there together, in its order, rank above the same words
// scattered ("Eltern Kind": "Eltern-Kind-Gruppe" before "Beratung für
// Kinder und Eltern"). Short fields, the names: a pair is four bytes a
// document. A line break in such a field ends a phrase.
func (b *Builder) SetPhrase(fields ...int) {
	for _, f := range fields {
		b.ix.phr[f] = true
	}
}

// pairKey names two terms standing next to each other, in this order.
func pairKey(a, b uint32) uint64 { return uint64(a)<<32 | uint64(b) }

// pairID gives the id of the pair of terms a, b standing next to each
// other in this order, if a document holds it.
func (ix *Index) pairID(a, b uint32) (uint32, bool) {
	k := pairKey(a, b)
	if i, ok := slices.BinarySearch(ix.pkeys, k); ok {
		return uint32(i), true
	}
	id, ok := ix.padd[k]
	return id, ok
}

// addPair records that doc holds terms a and b next to each other.
func (b *Builder) addPair(a, c uint32, doc uint32) {
	ix := b.ix
	id, ok := ix.pairID(a, c)
	if !ok {
		id = uint32(len(ix.pkeys) + len(ix.padd))
		ix.padd[pairKey(a, c)] = id
	}
	ds := ix.pmore[id]
	if len(ds) > 0 && ds[len(ds)-1] == doc {
		return
	}
	if len(ds) == 0 && int(id) < len(ix.pkeys) && ix.pstart[id+1] > ix.pstart[id] && ix.parena[ix.pstart[id+1]-1] == doc {
		return
	}
	ix.pmore[id] = append(ds, doc)
}

// positions are the term ids a word occupies in a phrase field, in
// order: a hyphenated word's parts, or its term.
func (ix *Index) positions(w textde.Word, out []uint32) []uint32 {
	out = out[:0]
	if parts := significant(w.Parts); len(parts) > 1 {
		for _, p := range parts {
			if id, ok := ix.ids[p]; ok {
				out = append(out, id)
			}
		}
		return out
	}
	if id, ok := ix.ids[w.Term]; ok {
		out = append(out, id)
	}
	return out
}

// setOrder puts the locating fields first, so that Add knows a term is
// in one before it meets the term in another field.
func (b *Builder) setOrder() {
	ix := b.ix
	ix.order = ix.order[:0]
	for _, loc := range []bool{true, false} {
		for f := range ix.weights {
			if ix.loc[f] == loc {
				ix.order = append(ix.order, f)
			}
		}
	}
}

// Add indexes one document (one text per field) and returns its number;
// numbers are consecutive from 0 in the order of Add.
func (b *Builder) Add(fields ...string) uint32 {
	ix := b.ix
	doc := uint32(ix.n)
	ix.n++
	ix.alive++
	clear(b.seen)
	clear(b.located)
	clear(b.fseen)
	b.flist = b.flist[:0]
	for _, f := range ix.order {
		w := ix.weights[f]
		segments := []string{fields[f]}
		if ix.phr[f] {
			// Lines of a phrase field are apart: the labels of an
			// offer's topics and target groups, the names of its
			// provider and places.
			segments = strings.Split(fields[f], "\n")
		}
		for _, segment := range segments {
			prev, have := uint32(0), false
			for _, word := range ix.an.Words(segment) {
				for t := range word.Terms() {
					id := b.add(t, doc, uint8(f))
					if ow, in := b.located[id]; ix.loc[f] && !in {
						b.located[id] = noField
					} else if in && !ix.loc[f] && w > ix.wt[ow] {
						b.located[id] = uint8(f)
					}
				}
				if ix.phr[f] {
					b.pos = ix.positions(word, b.pos)
					for _, id := range b.pos {
						if have {
							b.addPair(prev, id, doc)
						}
						prev, have = id, true
					}
				}
				if foldable(word) {
					id, ok := ix.folded[word.Folded]
					if !ok {
						id = uint32(len(ix.fw))
						ix.folded[word.Folded] = id
						ix.fw = append(ix.fw, foldedWord{term: ix.ids[word.Term]})
					}
					if !b.fseen[id] {
						b.fseen[id] = true
						ix.fw[id].n++
						b.flist = append(b.flist, id)
					}
				}
			}
		}
	}
	ix.fdoc = append(ix.fdoc, uint32(len(ix.farena)))
	slices.Sort(b.flist)
	prev := uint32(0)
	for _, id := range b.flist {
		ix.farena = binary.AppendUvarint(ix.farena, uint64(id-prev))
		prev = id
	}
	if b.patch {
		b.patchOwn(doc)
		return doc
	}
	for id, ow := range b.located {
		if ix.wt[ow] != ix.wt[ix.post[id][b.seen[id]].field()] {
			b.ownDiff[id] = append(b.ownDiff[id], mkPosting(doc, ow))
		}
	}
	return doc
}

// foldable: the written words kept for typo tolerance.
func foldable(w textde.Word) bool {
	return w.Folded != w.Term && len(w.Folded) >= typoMinRunes-1 && !hasDigit(w.Folded)
}

// patchOwn keeps the own postings (see Index.own) of the terms of doc
// current while patching: a term met in a locating field for the first
// time gets its list, a term with one gets doc's weight outside the
// locating fields.
func (b *Builder) patchOwn(doc uint32) {
	ix := b.ix
	for id, i := range b.seen {
		ps := ix.post[id]
		ow, located := b.located[id]
		own, ok := ix.own[id]
		if !ok {
			if !located {
				continue
			}
			// Until doc, no document held it where it is.
			own = slices.Clip(ps[:i])
		}
		if !located {
			ow = ps[i].field()
		}
		if ix.wt[ow] > 0 {
			own = append(own, mkPosting(doc, ow))
		}
		ix.own[id] = own
	}
}

func (b *Builder) add(t string, doc uint32, f uint8) uint32 {
	ix := b.ix
	id, ok := ix.ids[t]
	if !ok {
		id = uint32(len(ix.terms))
		ix.ids[t] = id
		ix.terms = append(ix.terms, t)
		ix.post = append(ix.post, nil)
		if b.patch {
			ix.addTrigrams(id)
		}
	}
	if i, ok := b.seen[id]; ok {
		if p := &ix.post[id][i]; ix.wt[f] > ix.wt[p.field()] {
			*p = mkPosting(doc, f)
		}
		return id
	}
	b.seen[id] = len(ix.post[id])
	ps := ix.post[id]
	if b.patch && len(ps) == cap(ps) && len(ps) >= ownArray {
		// Go's growth would add a quarter to a long list for the few
		// documents of a patch; a sixty-fourth is room for many.
		grown := make([]posting, len(ps), len(ps)+len(ps)/64)
		copy(grown, ps)
		ps = grown
	}
	ix.post[id] = append(ps, mkPosting(doc, f))
	return id
}

// ownArray is the length from which a posting list has an array of its
// own rather than a part of the build's one array (see Build).
const ownArray = 1024

// Build freezes the collected documents into an index.
func (b *Builder) Build() *Index {
	ix := b.ix
	b.ix = nil
	ix.live = Full(ix.n)
	// The postings grew by append, up to twice their length: one array
	// of the exact size holds them all. Each list is capped at its
	// length, so a patch appending to one copies it instead of writing
	// into the next.
	total := 0
	for _, ps := range ix.post {
		if len(ps) < ownArray {
			total += len(ps)
		}
	}
	all := make([]posting, 0, total)
	for id, ps := range ix.post {
		if len(ps) >= ownArray {
			// Arrays of their own for the long lists: a patch copies
			// a list it appends to, and a copied list in the one array
			// stayed beside its copy until the next full build (10 edits
			// at 100,000 offers: 7 MB); on its own, the old array goes
			// with the old index.
			ix.post[id] = slices.Clone(ps)
			continue
		}
		start := len(all)
		all = append(all, ps...)
		ix.post[id] = all[start:len(all):len(all)]
	}
	// The same for the other tables that grew by append.
	ix.terms, ix.post, ix.fw = slices.Clone(ix.terms), slices.Clone(ix.post), slices.Clone(ix.fw)
	ix.fdoc, ix.farena = slices.Clone(ix.fdoc), slices.Clone(ix.farena)
	ix.sortPairs()
	ix.own = map[uint32][]posting{}
	ix.exp, ix.words = map[expKey][]alt{}, map[unitKey]*expansion{}
	// A located term's own postings: its postings with the weight of the
	// other fields, without the documents that hold it only where they are
	// (both lists are in document order). In one array, as the postings:
	// a list each were thousands of small arrays between the build's
	// garbage.
	total = 0
	for id := range b.ownDiff {
		total += len(ix.post[id])
	}
	owns := make([]posting, 0, total)
	for id, diff := range b.ownDiff {
		start := len(owns)
		for _, p := range ix.post[id] {
			if len(diff) > 0 && diff[0].doc() == p.doc() {
				p = diff[0]
				diff = diff[1:]
			}
			if ix.wt[p.field()] > 0 {
				owns = append(owns, p)
			}
		}
		ix.own[id] = owns[start:len(owns):len(owns)]
	}
	ix.tri = map[[3]byte][]uint32{}
	for id := range ix.terms {
		ix.addTrigrams(uint32(id))
	}
	// The lists grew by append too, and each left its smaller arrays
	// behind between the ones kept: spans a garbage collection cannot
	// give back. In one array they leave none.
	total = 0
	for _, l := range ix.tri {
		total += len(l)
	}
	tri := make([]uint32, 0, total)
	for g, l := range ix.tri {
		start := len(tri)
		tri = append(tri, l...)
		ix.tri[g] = tri[start:len(tri):len(tri)]
	}
	return ix
}

// sortPairs moves the pairs a build collected into the sorted key array
// and their documents into one array, by offsets (see pkeys).
func (ix *Index) sortPairs() {
	type pair struct {
		key uint64
		id  uint32
	}
	ps := make([]pair, 0, len(ix.padd))
	total := 0
	for k, id := range ix.padd {
		ps = append(ps, pair{k, id})
		total += len(ix.pmore[id])
	}
	slices.SortFunc(ps, func(a, b pair) int { return cmp.Compare(a.key, b.key) })
	ix.pkeys, ix.parena, ix.pstart = make([]uint64, len(ps)), make([]uint32, 0, total), make([]uint32, len(ps)+1)
	for i, p := range ps {
		ix.pkeys[i] = p.key
		ix.pstart[i] = uint32(len(ix.parena))
		ix.parena = append(ix.parena, ix.pmore[p.id]...)
	}
	ix.pstart[len(ps)] = uint32(len(ix.parena))
	ix.padd, ix.pmore = map[uint64]uint32{}, map[uint32][]uint32{}
}

// addTrigrams files term id under its trigrams; ids come in increasing
// order, so each list stays sorted.
func (ix *Index) addTrigrams(id uint32) {
	for _, g := range trigrams(ix.terms[id]) {
		l := ix.tri[g]
		if len(l) == 0 || l[len(l)-1] != id {
			ix.tri[g] = append(l, id)
		}
	}
}

// Patch returns an index with the documents remove taken out and those
// of add appended (numbered from Len() on, in order), leaving ix as it
// is: queries on ix may run meanwhile. It costs a copy of the
// vocabulary's tables and the work of the documents it touches, not a
// build. Only one index may be patched from ix: the new postings are
// appended in place, beyond what ix sees of them.
func (ix *Index) Patch(remove []uint32, add [][]string) *Index {
	nx := &Index{an: ix.an, weights: ix.weights, wt: ix.wt, loc: ix.loc, order: ix.order, n: ix.n, alive: ix.alive,
		terms: ix.terms, ids: maps.Clone(ix.ids), post: slices.Clone(ix.post),
		own: maps.Clone(ix.own), tri: maps.Clone(ix.tri), folded: maps.Clone(ix.folded), fw: slices.Clone(ix.fw),
		fdoc: ix.fdoc, farena: ix.farena,
		phr: ix.phr, pkeys: ix.pkeys, parena: ix.parena, pstart: ix.pstart, padd: maps.Clone(ix.padd), pmore: maps.Clone(ix.pmore),
		exp: map[expKey][]alt{}, words: map[unitKey]*expansion{}}
	nx.live = NewBitset(ix.n + len(add))
	copy(nx.live, ix.live)
	for _, d := range remove {
		if d >= uint32(ix.n) || !nx.live.Has(d) {
			continue
		}
		nx.live.Clear(d)
		nx.alive--
		ix.foldedOf(d, func(id uint32) { nx.fw[id].n-- })
	}
	b := &Builder{ix: nx, patch: true}
	b.init()
	for _, fields := range add {
		d := b.Add(fields...)
		nx.live.Set(d)
	}
	return nx
}

// foldedOf calls fn with the folded words of document d (see fdoc).
func (ix *Index) foldedOf(d uint32, fn func(id uint32)) {
	end := len(ix.farena)
	if int(d)+1 < len(ix.fdoc) {
		end = int(ix.fdoc[d+1])
	}
	buf := ix.farena[ix.fdoc[d]:end]
	id := uint32(0)
	for len(buf) > 0 {
		v, k := binary.Uvarint(buf)
		buf = buf[k:]
		id += uint32(v)
		fn(id)
	}
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

func hasDigit(s string) bool { return strings.IndexFunc(s, unicode.IsDigit) >= 0 }

// Len is the number of documents ever added, removed ones too: document
// numbers are below it.
func (ix *Index) Len() int { return ix.n }

// Alive is the number of documents not removed.
func (ix *Index) Alive() int { return ix.alive }

// Live is the set of documents not removed; callers must not change it.
func (ix *Index) Live() Bitset { return ix.live }

// Terms is the size of the vocabulary, terms of removed documents too.
func (ix *Index) Terms() int { return len(ix.terms) }

// term is the id of a stem some live document holds.
func (ix *Index) term(stem string) (uint32, bool) {
	id, ok := ix.ids[stem]
	return id, ok && ix.liveDocs(id, 1) > 0
}

// liveDocs counts the live documents holding term id, up to limit. Without
// removed documents it is the number of postings; with some, the count
// mostly stops at the first postings, since few documents are removed.
func (ix *Index) liveDocs(id uint32, limit int) int {
	ps := ix.post[id]
	if ix.alive == ix.n {
		return min(len(ps), limit)
	}
	n := 0
	for _, p := range ps {
		if ix.live.Has(p.doc()) {
			if n++; n >= limit {
				break
			}
		}
	}
	return n
}

// Known reports whether a stem occurs in some document.
func (ix *Index) Known(stem string) bool { _, ok := ix.term(stem); return ok }

// rare reports whether a stem occurs in fewer than rareBelow documents.
func (ix *Index) rare(stem string) bool {
	id, ok := ix.term(stem)
	return !ok || ix.liveDocs(id, rareBelow) < rareBelow
}

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

// maxCachedExpansions bounds the expansion caches of a long-running
// server.
const maxCachedExpansions = 20_000

// alternatives lists the terms that stand for stem: itself, its one-word
// synonyms, and terms containing either. Short stems match only whole
// terms or, at three letters, term starts and ends, which keeps "rad" in
// "Fahrrad" but not in every "Grad".
func (ix *Index) alternatives(stem string, syn *textde.Synonyms) []alt {
	key := expKey{stem, syn}
	ix.expMu.Lock()
	as, ok := ix.exp[key]
	ix.expMu.Unlock()
	if ok {
		return as
	}
	best := alts{}
	ix.containing(stem, qualityExact, best)
	for _, e := range syn.Expand(stem) {
		if e.Term != "" {
			ix.containing(e.Term, qualitySynonym, best)
		}
	}
	as = best.sorted()
	ix.expMu.Lock()
	if len(ix.exp) >= maxCachedExpansions {
		clear(ix.exp)
	}
	ix.exp[key] = as
	ix.expMu.Unlock()
	return as
}

// exact lists stem and its one-word synonyms as whole terms, for the
// parts of a common compound and of a synonym phrase.
func (ix *Index) exact(stem string, syn *textde.Synonyms) []alt {
	best := alts{}
	if id, ok := ix.term(stem); ok {
		best.add(id, qualityExact)
	}
	for _, e := range syn.Expand(stem) {
		if id, ok := ix.term(e.Term); ok && e.Term != "" {
			best.add(id, qualitySynonym)
		}
	}
	return best.sorted()
}

// alts collects alternatives, keeping the best quality of each term.
type alts map[uint32]float32

func (b alts) add(id uint32, q float32) {
	if q > b[id] {
		b[id] = q
	}
}

func (b alts) merge(as []alt, f float32) {
	for _, a := range as {
		b.add(a.term, a.quality*f)
	}
}

// sorted lists the alternatives in term order, so a query expands the
// same way every time.
func (b alts) sorted() []alt {
	as := make([]alt, 0, len(b))
	for id, q := range b {
		as = append(as, alt{id, q})
	}
	slices.SortFunc(as, func(a, b alt) int { return int(a.term) - int(b.term) })
	return as
}

// containing adds s itself (quality q) and the terms containing it, under
// the length rules of alternatives.
func (ix *Index) containing(s string, q float32, best alts) { ix.affixes(s, q, anywhere, best) }

// Where affixes looks for s in longer terms.
const (
	anywhere = iota
	atStart  // only the longer terms that start with s
	atEnd    // s itself and the terms that end with it
	wholeOrStart
)

// affixes is containing, with where restricting the longer terms to
// those that start (atStart, wholeOrStart) or end (atEnd) with s. A term
// holds s only where what stands before s can be a word of a compound
// (textde.RealHead: "spiel" is not in "Beispiel", "sprach" not in
// "Gespräch"), and a stem of three letters only where what stands
// before or after it is a word of the index ("tur" is not in "Kultur",
// "Frohnatur", "Turbine" or "Türkisch", "rat" not in "Beratung" or
// "Ratzefatze", "art" not in "Kindergarten" or "Artisti"; "rad" is in
// "Fahrrad", "art" in "Spielart"). Nor where s only names the field of an
// authority (textde.InstitutionAfter: "jugend" in "Jugendamt").
func (ix *Index) affixes(s string, q float32, where int, best alts) {
	if id, ok := ix.term(s); ok && where != atStart {
		best.add(id, q)
	}
	if len(s) < 3 {
		return
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
			return
		}
	}
	for _, id := range cand {
		t := ix.terms[id]
		if t == s || !strings.Contains(t, s) || ix.liveDocs(id, 1) == 0 {
			continue
		}
		prefix, suffix := strings.HasPrefix(t, s), strings.HasSuffix(t, s)
		if (len(s) == 3 || digits) && !prefix && !(len(s) == 3 && suffix) || (where == atStart || where == wholeOrStart) && !prefix || where == atEnd && !suffix {
			continue
		}
		if !digits && !ix.inCompound(t, s, prefix, suffix) {
			continue
		}
		if i := strings.Index(t, s); !suffix && textde.InstitutionAfter(t, i, i+len(s)) {
			continue
		}
		if prefix || suffix {
			best.add(id, q*qualityAffix)
		} else {
			best.add(id, q*qualityInfix)
		}
	}
}

// inCompound reports whether term t holds s as a word of a compound: the
// piece before s (at its last place that leaves one, or its first) can be
// a word's start, and a stem of three letters stands after a word of the
// index ("haus-tur") or a name a street of the index is named after
// ("Graefe-kids": Graefestraße), or, at the start, before a word of the
// index outside the addresses and area names ("rat-haus"; not "tur-bine",
// "rat-zefatze", "tur-kisch" where "Kisch" is only a street) or before the start
// of another such word ("Rat-schlag": "Schlagzeug").
func (ix *Index) inCompound(t, s string, prefix, suffix bool) bool {
	if !prefix {
		i := strings.Index(t, s)
		if suffix {
			i = len(t) - len(s)
		}
		head := t[:i]
		if !textde.RealHead(head) {
			return false
		}
		if len(s) == 3 && !slices.ContainsFunc(textde.CutLinking(head), func(h string) bool { return ix.Known(ix.an.Stem(h)) }) && !textde.StreetNamed(head, ix.Known) {
			return false
		}
	}
	if len(s) == 3 && prefix && !suffix {
		rest := t[len(s):]
		return ix.knownOwn(ix.an.Stem(rest)) || ix.wordPiece(rest, t)
	}
	return true
}

// knownOwn reports whether a stem is a word of a live document outside its
// addresses and area names (SetLocating), where the parts of street names
// are no words of their own ("Kisch" of "Egon-Erwin-Kisch-Straße").
func (ix *Index) knownOwn(stem string) bool {
	id, ok := ix.term(stem)
	if !ok {
		return false
	}
	own, located := ix.own[id]
	return !located || len(own) > 0
}

// minPiece is the shortest rest of a term that wordPiece looks for in
// others: shorter pieces start and end too many words by chance ("bine"
// of "Turbine" in "Kabine").
const minPiece = 5

// wordPiece reports whether piece, the rest of term t after a word of
// three letters, starts another live term that does not hold t, outside
// the addresses and area names: then it is a word, which the index holds
// only in compounds ("schlag" of "Ratschlag" in "Schlagzeug"). Not the
// end of one: many rests end in a street word, and street names are
// in offers' names ("Tür-kenstraße" as "Kita Birkenstraße").
func (ix *Index) wordPiece(piece, t string) bool {
	if len(piece) < minPiece {
		return false
	}
	var cand []uint32
	for i, g := range trigrams(piece) {
		if l := ix.tri[g]; i == 0 || len(l) < len(cand) {
			cand = l
		}
	}
	for _, id := range cand {
		o := ix.terms[id]
		if strings.HasPrefix(o, piece) && !strings.Contains(o, t) && ix.knownOwn(o) {
			return true
		}
	}
	return false
}

// unit is what one word of a query asks for, or several words that form
// a phrase of the synonym list, or the words of a phrase naming an age.
type unit struct {
	word   textde.Word
	phrase []textde.Word
	// age: the words of a phrase naming ages (in phrase), matched as
	// words or as the documents whose ages overlap (see evalAge).
	age *textde.AgeRange
	// band: the ages a word naming people by age means ("Jugendliche"):
	// a document it found whose ages lie outside is dropped (see
	// AgeReach).
	band *textde.AgeRange
	// optional: a single digit beside other words ranks the documents
	// that hold it ("Kita 3" first among the Kitas) but filters nothing;
	// so does a word naming a kind of area ("Sozialraum Wedding").
	optional bool
}

// optionalWord: a single digit, a word naming a kind of area or saying
// "near", which rank beside other words but filter nothing.
func optionalWord(w textde.Word) bool {
	r, size := utf8.DecodeRuneInString(w.Folded)
	return size == len(w.Folded) && unicode.IsDigit(r) || textde.IsAreaKind(w.Term) || textde.IsNearWord(w.Term)
}

// unitKey names a unit for the cache: its written form and, for a
// hyphenated word, its parts.
type unitKey struct {
	text string
	syn  *textde.Synonyms
}

func (u unit) key(syn *textde.Synonyms) unitKey {
	if u.phrase != nil {
		var ts []string
		for _, w := range u.phrase {
			ts = append(ts, w.Term)
		}
		return unitKey{"\x00" + strings.Join(ts, " "), syn}
	}
	// The term too: one written word may stand for two ("junge" before
	// "Frauen" is young, alone it is a boy).
	return unitKey{u.word.Folded + "\x00" + u.word.Term + "\x00" + strings.Join(u.word.Parts, "-"), syn}
}

// maxWords bounds the words of a query. Each holds a score buffer of the
// index's size until the query is done, and every word must match, so
// words beyond this narrow nothing a person types but cost memory by the
// request.
const maxWords = 16

// units analyses a query: its words, with the phrases of the synonym list
// taken together, and with ages those naming an age (textde.QueryWords).
func (ix *Index) units(query string, syn *textde.Synonyms, ages bool) []unit {
	var ws []textde.Word
	if ages {
		ws = ix.numbersApart(ix.an.QueryWords(query))
	} else {
		ws = ix.numbersApart(ix.an.Words(query))
	}
	terms := make([]string, len(ws))
	for i, w := range ws {
		terms[i] = w.Term
	}
	var out []unit
	required := false
	for i := 0; i < len(ws) && len(out) < maxWords; {
		if age := ws[i].Age; age != nil {
			// An age phrase is required when a word of it would be:
			// it matches at least what its words matched.
			u := unit{age: age, optional: true}
			for ; i < len(ws) && ws[i].Age == age; i++ {
				u.phrase = append(u.phrase, ws[i])
				u.optional = u.optional && optionalWord(ws[i])
			}
			required = required || !u.optional
			out = append(out, u)
			continue
		}
		// Words are taken together only up to an age phrase.
		end := i
		for end < len(ws) && ws[end].Age == nil {
			end++
		}
		if n := syn.Phrase(terms[i:end]); n > 0 {
			out = append(out, unit{phrase: ws[i : i+n]})
			i += n
			required = true
			continue
		}
		if w, n := ix.writtenApart(ws[i:end], syn); n > 1 {
			out = append(out, unit{word: w})
			i += n
			required = true
			continue
		}
		if w, ok := ix.numberOnto(ws[i:end]); ok {
			out = append(out, unit{word: w})
			i += 2
			required = true
			continue
		}
		if w, ok := ix.qualifiedPlace(ws[i:end]); ok {
			out = append(out, unit{word: w})
			i += 2
			required = true
			continue
		}
		// A word naming a kind of area ("Bezirk Neukölln") ranks
		// beside the place but filters nothing, as a single digit.
		u := unit{word: ws[i], optional: optionalWord(ws[i])}
		if ages {
			u.band = textde.PeopleAges(ws[i].Folded)
		}
		required = required || !u.optional
		out = append(out, u)
		i++
	}
	if !required {
		for i := range out {
			out[i].optional = false
		}
	}
	return out
}

// numbersApart splits a word that ends in a number ("Sonnenblume3",
// "Kita12") into the word and the number, as the index holds them when
// a name is written "Kita Sonnenblume 3": written together, nothing was
// found. A word the index knows as it is ("U3", "B1") stays whole, and
// so does one of fewer than three letters before its digits.
func (ix *Index) numbersApart(ws []textde.Word) []textde.Word {
	var out []textde.Word
	for i, w := range ws {
		cut := strings.IndexFunc(w.Folded, unicode.IsDigit)
		if w.Parts != nil || cut < 3 || strings.IndexFunc(w.Folded[cut:], func(r rune) bool { return !unicode.IsDigit(r) }) >= 0 || ix.Known(w.Term) {
			if out != nil {
				out = append(out, w)
			}
			continue
		}
		if out == nil {
			out = append(out, ws[:i]...)
		}
		out = append(out, ix.an.Words(w.Folded[:cut]+" "+w.Folded[cut:])...)
	}
	if out == nil {
		return ws
	}
	return out
}

// numberOnto finds, at the start of ws, letters and a number of two
// digits or more written apart where the index knows them as one word
// ("NW 80" for the youth club "NW80"), the converse of numbersApart:
// apart, "nw" had to occur on its own. It returns them as the hyphenated
// word "NW-80", which matches the word written together or both apart
// (see expand), so "Base 24" still finds "Base 24". A single digit stays
// a word that only ranks ("Kita 3").
func (ix *Index) numberOnto(ws []textde.Word) (textde.Word, bool) {
	if len(ws) < 2 || ws[0].Parts != nil || hasDigit(ws[0].Folded) || ws[1].Parts != nil || len(ws[1].Folded) < 2 ||
		strings.IndexFunc(ws[1].Folded, func(r rune) bool { return r < '0' || r > '9' }) >= 0 {
		return textde.Word{}, false
	}
	joined := ix.an.Words(ws[0].Folded + "-" + ws[1].Folded)
	if len(joined) != 1 || !ix.Known(joined[0].Term) {
		return textde.Word{}, false
	}
	return joined[0], true
}

// maxApart is the most words written apart that writtenApart joins.
const maxApart = 3

// writtenApart finds a compound written as separate words at the start
// of ws ("Jugend Zentrum", "Kinder Tages Stätte"): the words, joined,
// are a word of the index or of the synonym list. It returns the
// compound as if hyphenated ("Jugend-Zentrum": the whole or its parts,
// see expand) and how many words it takes, 0 when none. Apart, each
// word had to occur on its own: "Jugend Zentrum" missed every youth
// centre that the synonyms of "Jugendzentrum" find. Longest first;
// words with digits or hyphens stay as they are.
func (ix *Index) writtenApart(ws []textde.Word, syn *textde.Synonyms) (textde.Word, int) {
	for n := min(maxApart, len(ws)); n > 1; n-- {
		pieces := make([]string, n)
		plain := true
		for i, w := range ws[:n] {
			plain = plain && w.Parts == nil && len(w.Folded) > 1 && !hasDigit(w.Folded)
			pieces[i] = w.Folded
		}
		if !plain {
			continue
		}
		joined := ix.an.Words(strings.Join(pieces, "-"))
		if len(joined) != 1 {
			continue
		}
		if t := joined[0].Term; ix.Known(t) || len(syn.Expand(t)) > 0 {
			return joined[0], n
		}
	}
	return textde.Word{}, 0
}

// qualifiedPlace finds a place prefix written apart from the place at the
// start of ws ("Neu Hohenschönhausen", "Alt Treptow") and returns the two
// as the one hyphenated word they are ("Neu-Hohenschönhausen"), which
// falls back to the place where the atlas knows it only without the
// prefix (see placeFallback). The place must be a word of an address or
// an area name.
func (ix *Index) qualifiedPlace(ws []textde.Word) (textde.Word, bool) {
	if len(ws) < 2 || !textde.IsPlacePrefix(ws[0].Folded) || ws[1].Parts != nil || hasDigit(ws[1].Folded) || !ix.located(ws[1].Term) {
		return textde.Word{}, false
	}
	joined := ix.an.Words(ws[0].Folded + "-" + ws[1].Folded)
	if len(joined) != 1 {
		return textde.Word{}, false
	}
	return joined[0], true
}

// located reports whether a stem occurs in a locating field (an address
// or an area name) of a live document.
func (ix *Index) located(stem string) bool {
	id, ok := ix.term(stem)
	if !ok {
		return false
	}
	_, loc := ix.own[id]
	return loc
}

// placeFallback: a place prefixed with Alt-, Neu-, Nord- … ("Neu-
// Hohenschönhausen", "Althohenschönhausen") that finds nothing is looked
// for as the place itself, where the atlas names it only so (an area
// "Hohenschönhausen Nord"): the prefix names a part of it, and no offer
// at all was the worst answer. Only for a place of the atlas (a word of
// an address or area name), so "Oberschule" never becomes "Schule"; a
// street such as "Alt-Moabit" is found as itself first.
func (ix *Index) placeFallback(w textde.Word, syn *textde.Synonyms) []alt {
	rest, ok := textde.CutPlacePrefix(w.Folded)
	if !ok {
		return nil
	}
	stem := ix.an.Stem(rest)
	if !ix.located(stem) {
		return nil
	}
	best := alts{}
	best.merge(ix.alternatives(stem, syn), qualityAffix)
	return best.sorted()
}

// expansion is what a unit matches: a document holding one of alts, or,
// for one of conjs, an alternative of each part.
type expansion struct {
	alts  []alt
	conjs []conj
	// fixed holds, when fixedConjs, what the conjunctions match, found
	// once: few documents, which a query sets instead of joining the
	// parts' postings again (see maxFixed).
	fixed      []fixedDoc
	fixedConjs bool
	// slots are the terms that stand for the unit's words in a phrase,
	// in order (see rankPhrases): a word and its one-word synonyms, the
	// parts of a hyphenated word, the words of a synonym phrase.
	slots [][]alt
}

type conj struct {
	parts [][]alt
	q     float32 // × the score of the weakest part
	// own: the parts count only in the fields that say what a
	// document is (see Builder.SetLocating).
	own bool
}

// expand works out what u matches; cached per unit, since splitting a
// compound, finding phrases and typing errors costs more than the
// postings of most words.
func (ix *Index) expand(u unit, syn *textde.Synonyms) *expansion {
	key := u.key(syn)
	ix.expMu.Lock()
	e, ok := ix.words[key]
	ix.expMu.Unlock()
	if ok {
		return e
	}
	e = &expansion{}
	switch parts := significant(u.word.Parts); {
	case u.phrase != nil:
		for _, w := range u.phrase {
			e.slots = append(e.slots, ix.exact(w.Term, syn))
		}
	case len(parts) > 1:
		for _, p := range parts {
			e.slots = append(e.slots, ix.exact(p, syn))
		}
	default:
		e.slots = [][]alt{ix.exact(u.word.Term, syn)}
	}
	var own string
	// word is what holds u as a word of its own, for typing errors below.
	word := &expansion{}
	if u.phrase != nil {
		// The words as typed, each as loosely as a word of its own.
		var parts [][]alt
		var stems []string
		for _, w := range u.phrase {
			parts = append(parts, ix.alternatives(w.Term, syn))
			stems = append(stems, w.Term)
		}
		own = strings.Join(stems, " ")
		if !oneWay(own, syn) {
			e.conjs = append(e.conjs, conj{parts: parts, q: qualityExact})
		}
		best := alts{}
		for _, en := range syn.Expand(own) {
			if en.Term != "" {
				ix.containing(en.Term, qualitySynonym, best)
			}
		}
		e.alts = best.sorted()
	} else {
		own = u.word.Term
		e.alts = ix.alternatives(own, syn)
		word.alts = ix.exact(own, syn)
		// A word the list says the meaning of ("Reuter-Kiez =>
		// Reuterplatz") is not looked for by its parts.
		guess := !oneWay(own, syn)
		if parts := significant(u.word.Parts); len(parts) > 1 {
			// "Eltern-Kind-Café" is one word: whole, or its parts as
			// those of "Elternkindcafé".
			if guess {
				e.conjs = append(e.conjs, ix.conj(parts, syn, partsSplit, qualityCompound))
			}
		} else if parts := ix.an.Split(u.word.Folded, func(st string) bool { return ix.Known(st) || syn.Knows(st) }); len(parts) > 1 && guess {
			how := partsEdges
			if ix.rare(own) {
				how = partsSplit
			}
			e.conjs = append(e.conjs, ix.conj(parts, syn, how, qualityCompound))
			if head := ix.headSplit(u.word.Folded, own); head != nil && !slices.Equal(head, parts) {
				e.conjs = append(e.conjs, ix.conj(head, syn, partsHead, qualityCompound))
			}
		}
		if heads := ix.synonymHeads(own, syn); heads != nil {
			best := alts{}
			best.merge(e.alts, 1)
			best.merge(heads, 1)
			e.alts = best.sorted()
			word.alts = append(word.alts, heads...)
		}
		if u.word.Parts == nil {
			if base, ok := ix.addDiminutiveBase(e, u.word, syn); ok {
				word.alts = append(word.alts, ix.exact(base.Term, syn)...)
			}
		}
	}
	for _, en := range syn.Expand(own) {
		switch {
		case len(en.Parts) < 2:
			continue
		case en.Typed:
			// As if the words had been typed: "Prenzlberg => Prenzlauer
			// Berg" finds what "Prenzlauer Berg" finds, area names too.
			e.conjs = append(e.conjs, ix.conj(en.Parts, syn, partsSplit, qualitySynonym))
		default:
			e.conjs = append(e.conjs, ix.conj(en.Parts, nil, partsWhole, qualitySynonym))
		}
		word.conjs = append(word.conjs, e.conjs[len(e.conjs)-1])
	}
	e.conjs = ix.adding(e)
	// Typing errors, where nothing holds the word as a word of its own
	// and it finds nothing, or far less than the words one edit away: a
	// longer word that contains it ("Kindergartn" in "Die
	// Kindergärtnerei") or parts the splitter found in it are chance,
	// and hid the word meant ("Kindergarten").
	corrected := false
	if u.phrase == nil && ix.typoTolerant(u.word) && ix.fewer(word, typoBelow) {
		if typos := ix.typos(u.word, syn); len(typos) > 0 {
			if n := ix.count(e); n == 0 || ix.count(&expansion{alts: typos}) >= typoOutweighs*n {
				best := alts{}
				best.merge(e.alts, 1)
				best.merge(typos, 1)
				e.alts, corrected = best.sorted(), true
				// The word meant may find all that guessed parts
				// found: then they would cost every query time for
				// nothing.
				e.conjs = ix.adding(e)
			}
		}
	}
	// A place prefix is cut off only from a word that finds nothing, not
	// even one edit away: "Neuköln" is "Neukölln", not the planning area
	// "Kölner Viertel" with a "Neu-".
	if u.phrase == nil && !corrected {
		if place := ix.placeFallback(u.word, syn); place != nil && ix.fewer(e, 1) {
			e.alts = place
		}
	}
	ix.fix(e)
	ix.expMu.Lock()
	if len(ix.words) >= maxCachedExpansions {
		clear(ix.words)
	}
	ix.words[key] = e
	ix.expMu.Unlock()
	return e
}

// oneWay reports whether the synonym list says what stem (a word's, or a
// phrase's stems joined with spaces) means: it stands left of a line
// "X => Y". Then its parts or words are not looked for on their own: the
// demo's "Reuterkiez => Reuterplatz" found, by "reut" and "kiez", a
// "betreuter Abenteuerspielplatz im Güntzelkiez".
func oneWay(stem string, syn *textde.Synonyms) bool {
	return slices.ContainsFunc(syn.Expand(stem), func(e textde.Entry) bool { return e.Typed })
}

// fixedDoc is a document a unit's conjunctions match, with its score.
type fixedDoc struct {
	doc   uint32
	score float32
}

// maxFixed: conjunctions matching at most this many documents are
// evaluated once per expansion (the index does not change under it). A
// compound's parts are joined on every query otherwise, and a narrow
// query's time was mostly that; eight bytes a document, so a cached
// expansion keeps at most a kilobyte of them.
const maxFixed = 128

// fix evaluates e's conjunctions once when they match few documents.
func (ix *Index) fix(e *expansion) {
	if len(e.conjs) == 0 {
		return
	}
	bits, scores := ix.getBits(), ix.getScores()
	defer ix.putBuffers(scores, bits)
	for _, c := range e.conjs {
		ix.conjoin(c, bits, scores)
	}
	if bits.Count() > maxFixed {
		return
	}
	e.fixedConjs = true
	bits.ForEach(func(d uint32) bool {
		e.fixed = append(e.fixed, fixedDoc{d, scores[d]})
		return true
	})
}

// synonymHeads lists the terms that hold a compound stem with its head
// replaced by a synonym of the head: "Waldkita" is also
// "Waldkindergarten", "Musikkindergarten" also "Musik-Kita", as "Kita"
// is "Kindergarten". Whole, each spelling found only itself; by parts,
// the other's head is inside one word, no part of its own. The head is
// the longest end of the stem that the synonym list knows, of at least
// minHead letters after a modifier of three: shorter ends are the
// abbreviations of the list ("St", "EB"), which end many words.
func (ix *Index) synonymHeads(stem string, syn *textde.Synonyms) []alt {
	for i := 3; len(stem)-i >= minHead; i++ {
		if !isBoundaryByte(stem, i) {
			continue
		}
		mod, head := stem[:i], stem[i:]
		ens := syn.Expand(head)
		if len(ens) == 0 {
			continue
		}
		best := alts{}
		for _, en := range ens {
			if en.Term != "" {
				ix.containing(mod+en.Term, qualitySynonym, best)
			}
		}
		if len(best) == 0 {
			return nil
		}
		return best.sorted()
	}
	return nil
}

// addDiminutiveBase adds to e what the base of a diminutive finds, when
// the index knows the base as a word ("Spielgrüppchen": Spielgruppe,
// "Mäuschen": Maus), below the diminutive itself. A base of three
// letters is only that word ("Bärchen": Bär, not "Nachbar" or
// "barrierefrei").
func (ix *Index) addDiminutiveBase(e *expansion, w textde.Word, syn *textde.Synonyms) (textde.Word, bool) {
	base, ok := ix.an.Diminutive(w.Folded, ix.Known)
	if !ok {
		return base, false
	}
	best := alts{}
	best.merge(e.alts, 1)
	if len(base.Term) <= 3 {
		best.merge(ix.exact(base.Term, syn), qualityDiminutive)
	} else {
		be := ix.expand(unit{word: base}, syn)
		best.merge(be.alts, qualityDiminutive)
		for _, c := range be.conjs {
			c.q *= qualityDiminutive
			e.conjs = append(e.conjs, c)
		}
	}
	e.alts = best.sorted()
	return base, true
}

// minHead is the shortest head synonymHeads replaces.
const minHead = 4

// isBoundaryByte keeps cuts between bytes of one UTF-8 letter out.
func isBoundaryByte(s string, i int) bool { return s[i]&0xC0 != 0x80 }

// significant drops the one-letter parts of a hyphenated word: the index
// has no such terms ("E-Jugend" is found as a whole).
func significant(parts []string) []string {
	var out []string
	for _, p := range parts {
		if len(p) > 1 {
			out = append(out, p)
		}
	}
	return out
}

// How the parts of a conjunction match.
const (
	// partsSplit: as words of their own (a rare compound's or a
	// hyphenated word's parts), but a part of three letters only as a
	// whole word: as the start or end of others it is mostly in
	// unrelated words ("bar" in "erreichbar", "lin" in "Berlin" for
	// "Bärliner", "caf" in "Lerncafé" for "Eltern-Kind-Café").
	partsSplit = iota
	// partsWhole: only as whole words, with their synonyms, outside the
	// locating fields (a synonym phrase).
	partsWhole
	// partsEdges: whole words with their synonyms, outside the locating
	// fields, but a distinctive first part (a name) also as the start of
	// a word (a common compound's parts): "Waldorfkindergarten" is a
	// Kita with "Waldorfpädagogik". "Fußball" stays "Fuß" and "Ball",
	// not "Basketball"; "Frauenhaus" not "Frauenzentrum".
	partsEdges
	// partsHead: as partsEdges, and the last part, a head, also as the
	// end of a word (a compound cut before its head, see headSplit):
	// "Kinderfreizeiteinrichtung" is the "Kinder- und
	// Jugendfreizeiteinrichtung".
	partsHead
)

// conj is the conjunction of parts matched as how says. A compound with
// a street word before a head that is none ("Straßensozialarbeit") names
// no address: its parts count only outside the locating fields, and its
// street word only as the start of a longer word ("Straßenkinder e.V."),
// never as the end of a street's name ("Naunynstraße") nor alone, where
// it ends one written apart ("Gundelfinger Straße", "Karl-Marx-Straße"
// in a Kita's name). Loosely, "straße" was in every street of the
// addresses and the place names, and "Straßensozialarbeit" found
// Jugendsozialarbeit at some street instead of street work.
func (ix *Index) conj(parts []string, syn *textde.Synonyms, how int, q float32) conj {
	noStreet := textde.NamesNoStreet(parts)
	c := conj{q: q, own: how == partsWhole || how >= partsEdges || noStreet}
	for i, p := range parts {
		switch {
		case noStreet && textde.IsStreetWord(p):
			c.parts = append(c.parts, ix.starting(p))
		case how == partsHead && i > 0 && i == len(parts)-1 && len(p) > 3:
			c.parts = append(c.parts, ix.edge(p, syn, atEnd))
		case how >= partsEdges && i == 0 && len(p) > 3 && ix.distinctive(p):
			c.parts = append(c.parts, ix.edge(p, syn, wholeOrStart))
		case how == partsWhole || how >= partsEdges || how == partsSplit && len(p) <= 3:
			c.parts = append(c.parts, ix.exact(p, syn))
		default:
			c.parts = append(c.parts, ix.alternatives(p, syn))
		}
	}
	return c
}

// edge lists stem and its one-word synonyms, whole and as the start
// (wholeOrStart) or end (atEnd) of longer terms.
func (ix *Index) edge(stem string, syn *textde.Synonyms, where int) []alt {
	best := alts{}
	ix.affixes(stem, qualityExact, where, best)
	for _, e := range syn.Expand(stem) {
		if e.Term != "" {
			ix.affixes(e.Term, qualitySynonym, where, best)
		}
	}
	return best.sorted()
}

// distinctive reports whether a stem is a word of at most one in
// distinctiveBelow of the live documents (a name, "Waldorf"), which the
// start of a compound's first part may be: "Familien" as the start of
// "Familientreff" made an Elterncafé with breakfast a
// "Familienfrühstück".
func (ix *Index) distinctive(stem string) bool {
	id, ok := ix.term(stem)
	return !ok || ix.liveDocs(id, ix.alive/distinctiveBelow+1)*distinctiveBelow < ix.alive
}

const distinctiveBelow = 20

// minCompoundHead is the shortest head headSplit cuts a compound before.
const minCompoundHead = 4

// headSplit cuts a folded compound before its longest head that names a
// thing of its own: a word of the index, or a compound of words of the
// index that ends other words than whole's (stem of the whole word) —
// "Kinder|freizeiteinrichtung", where the splitter's longest first part
// gave "Kinderfreizeit|einrichtung" ("M*UFO5 Kinderfreizeit" is a name)
// and no offer says "Freizeiteinrichtung" alone, only
// "Jugendfreizeiteinrichtung". The piece before the head must be a word
// of the index. It returns the stems of both, or nil.
func (ix *Index) headSplit(folded, whole string) []string {
	for i := minPart; len(folded)-i >= minCompoundHead; i++ {
		if !isBoundaryByte(folded, i) {
			continue
		}
		head := folded[i:]
		mod, ok := ix.an.Modifier(folded[:i], head, ix.Known)
		if !ok {
			continue
		}
		hs := ix.an.Stem(head)
		if ix.Known(hs) || ix.an.Split(head, ix.Known) != nil && ix.endsOther(hs, whole) {
			return []string{mod, hs}
		}
	}
	return nil
}

// minPart is textde's shortest part of a compound.
const minPart = 3

// endsOther reports whether a live term other than whole and its ends
// ends with s.
func (ix *Index) endsOther(s, whole string) bool {
	var cand []uint32
	for i, g := range trigrams(s) {
		if l := ix.tri[g]; i == 0 || len(l) < len(cand) {
			cand = l
		}
	}
	for _, id := range cand {
		if t := ix.terms[id]; strings.HasSuffix(t, s) && t != whole && !strings.HasSuffix(t, whole) && ix.liveDocs(id, 1) > 0 {
			return true
		}
	}
	return false
}

// starting lists the terms that start with stem and are longer.
func (ix *Index) starting(stem string) []alt {
	best := alts{}
	ix.affixes(stem, qualityExact, atStart, best)
	return best.sorted()
}

// adding returns the conjunctions of e that add a document to its
// alternatives or score one higher; the others cost a query time and
// change nothing, and the index does not change under an expansion.
func (ix *Index) adding(e *expansion) []conj {
	if len(e.conjs) == 0 {
		return nil
	}
	bits, scores := ix.getBits(), ix.getScores()
	defer ix.putBuffers(scores, bits)
	ix.fill(e.alts, false, bits, scores)
	var out []conj
	for _, c := range e.conjs {
		cb, cs := ix.getBits(), ix.getScores()
		ix.conjoin(c, cb, cs)
		adds := false
		cb.ForEach(func(d uint32) bool {
			adds = !bits.Has(d) || cs[d] > scores[d]
			return !adds
		})
		ix.putBuffers(cs, cb)
		if adds {
			out = append(out, c)
		}
	}
	return out
}

// fewer reports whether e matches fewer than limit documents, as
// count(e) < limit would, but without counting when one alternative alone
// is in limit documents (every document holding an alternative matches):
// most query words are common, and counting their postings to learn that
// they find something was half of what a query's first search spent
// expanding its words.
func (ix *Index) fewer(e *expansion, limit int) bool {
	for _, a := range e.alts {
		if ix.liveDocs(a.term, limit) >= limit {
			return false
		}
	}
	return ix.count(e) < limit
}

// count is the number of documents e matches.
func (ix *Index) count(e *expansion) int {
	bits, scores := ix.getBits(), ix.getScores()
	ix.eval(e, bits, scores)
	n := bits.Count()
	ix.putBuffers(scores, bits)
	return n
}

// typoTolerant: a hyphenated word is not, its parts are words of their
// own ("U-Bahn" is no typing error for "Bahn").
func (ix *Index) typoTolerant(w textde.Word) bool {
	return w.Parts == nil && utf8.RuneCountInString(w.Folded) >= typoMinRunes && !hasDigit(w.Folded)
}

// typos lists the alternatives of the indexed words one edit away from w,
// written or stemmed, at qualityTypo.
func (ix *Index) typos(w textde.Word, syn *textde.Synonyms) []alt {
	found := map[uint32]bool{}
	// A word only the synonym list knows is no term of the index: its
	// typing errors ("Tagesmuter") are looked for among the list's words
	// too, and stand for what the word would.
	listed := map[string]bool{}
	look := func(b []byte) {
		if id, ok := ix.term(string(b)); ok {
			found[id] = true
		}
		if i, ok := ix.folded[string(b)]; ok && ix.fw[i].n > 0 && ix.liveDocs(ix.fw[i].term, 1) > 0 {
			found[ix.fw[i].term] = true
		}
		if syn.Knows(string(b)) {
			listed[string(b)] = true
		}
	}
	oneEdit(w.Folded, look)
	if w.Term != w.Folded && utf8.RuneCountInString(w.Term) >= typoMinRunes {
		// A short stem has too many neighbours: "mutt" (Mütter) is
		// one edit from "mitt" (Mitte).
		oneEdit(w.Term, look)
	}
	if id, ok := ix.ids[w.Term]; ok {
		delete(found, id)
	}
	delete(listed, w.Term)
	best := alts{}
	for id := range found {
		best.merge(ix.alternatives(ix.terms[id], syn), qualityTypo)
	}
	for k := range listed {
		best.merge(ix.alternatives(k, syn), qualityTypo)
	}
	return best.sorted()
}

// oneEdit calls fn with every string one deletion, transposition,
// replacement or insertion of a letter a–z away from s. The buffer is
// reused: fn must not keep it.
func oneEdit(s string, fn func([]byte)) {
	buf := make([]byte, 0, len(s)+1)
	for i := range len(s) {
		fn(append(append(buf[:0], s[:i]...), s[i+1:]...))
		if i+1 < len(s) && s[i] != s[i+1] {
			b := append(buf[:0], s...)
			b[i], b[i+1] = b[i+1], b[i]
			fn(b)
		}
	}
	for i := range len(s) + 1 {
		for c := byte('a'); c <= 'z'; c++ {
			if i < len(s) && s[i] != c {
				b := append(buf[:0], s...)
				b[i] = c
				fn(b)
			}
			fn(append(append(append(buf[:0], s[:i]...), c), s[i:]...))
		}
	}
}

// Match is the result of a query: the matching documents and a score for
// each. All is set when the query had no searchable word; then every
// document matches and Scores are zero.
type Match struct {
	All    bool
	Bits   Bitset
	Scores []float32 // dense, indexed by document; meaningful where Bits is set
	ix     *Index
	// written is where Scores may be non-zero: the first required
	// word's matches, a superset of Bits (Bits itself for one word).
	written Bitset
}

// Release returns the match's buffers for reuse; m and its Bits must not
// be used after.
func (m *Match) Release() {
	if m.Scores == nil {
		return
	}
	if !sameBits(m.Bits, m.written) {
		putBits(m.Bits)
	}
	m.ix.putBuffers(m.Scores, m.written)
	m.Scores, m.Bits, m.written = nil, nil, nil
}

// Count is the number of matching documents.
func (m *Match) Count() int {
	if m.All {
		return m.ix.alive
	}
	return m.Bits.Count()
}

// Match runs a query. Every word of the query must match; within a word
// the best alternative counts, weighted by its field and by the word's
// rarity (idf), so "Beratung Neukölln" ranks the counselling offers of
// Neukölln above a Neukölln sports club that mentions counselling once.
func (ix *Index) Match(query string, syn *textde.Synonyms) *Match {
	return ix.MatchAges(query, syn, nil, nil)
}

// AgeDocs marks in bits the live documents whose ages overlap lo to hi
// (years, both included) and raises their scores to how well each fits,
// up to 1 like a word in a document's running text; the index holds
// text, not ages. One pass of the caller's own over its documents: at
// 100,000 a call per document cost more than the pass.
type AgeDocs func(lo, hi int, bits Bitset, scores []float32)

// AgeReach returns the live documents whose ages overlap lo to hi or
// that state none, as a set the caller keeps (the index holds no ages).
type AgeReach func(lo, hi int) Bitset

// MatchAges is Match reading ages in the query: a phrase naming an age
// ("2-Jährige", "ab 3 Jahren", "U3") matches the documents that hold its
// words, as before, and those ages gives for its range (nil: none); a
// word naming people by their age ("Jugendliche") matches the documents
// holding it that reach gives for its ages (nil: all of them).
func (ix *Index) MatchAges(query string, syn *textde.Synonyms, ages AgeDocs, reach AgeReach) *Match {
	m := &Match{ix: ix}
	us := ix.units(query, syn, ages != nil)
	if len(us) == 0 {
		m.All = true
		return m
	}
	type word struct {
		bits   Bitset
		scores []float32
		idf    float32
	}
	ws := make([]word, len(us))
	first := -1
	for i, u := range us {
		bits, scores := ix.getBits(), ix.getScores()
		if u.age != nil {
			ix.evalAge(u, syn, ages, bits, scores)
		} else {
			ix.eval(ix.expand(u, syn), bits, scores)
			if u.band != nil && reach != nil {
				keepOnly(bits, scores, reach(u.band.Lo, u.band.Hi))
			}
		}
		ws[i] = word{bits, scores, float32(math.Log(1 + float64(ix.alive)/float64(1+bits.Count())))}
		switch {
		case u.optional:
		case first < 0:
			first = i
			m.Bits = bits
			if len(us) > 1 {
				// The word's set stays what its scores were written
				// at (Match.written); the result narrows a copy.
				m.Bits = ix.cloneBits(bits)
			}
		default:
			m.Bits.And(bits)
		}
	}
	// One word: its own scores rank the hits (the idf is the same for
	// all), so its buffer becomes the result's. Several: the idf-weighted
	// sum, computed only for the documents that match them all.
	ws[0], ws[first] = ws[first], ws[0]
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
			ix.putBuffers(w.scores, w.bits)
		}
	}
	ix.requireQuoted(query, syn, m)
	ix.rankPhrases(us, syn, m)
	return m
}

// pairDocs calls fn with the documents of pair id, in order.
func (ix *Index) pairDocs(id uint32, fn func(d uint32)) {
	if int(id) < len(ix.pkeys) {
		for _, d := range ix.parena[ix.pstart[id]:ix.pstart[id+1]] {
			fn(d)
		}
	}
	for _, d := range ix.pmore[id] {
		fn(d)
	}
}

// phraseFactor raises the score of a document for each two words of the
// query that it holds next to each other, in the query's order, in a
// phrase field (see Builder.SetPhrase): "Hilfe zur Erziehung" ranks
// "Ambulante Hilfen zur Erziehung" above "Akute Hilfe bei Fragen der
// Erziehung", which held the same words as well.
const phraseFactor = 1.5

// rankPhrases multiplies the scores of m's documents by phraseFactor for
// each pair of consecutive query words (the words of a synonym phrase and
// the parts of a hyphenated word too; an age phrase breaks the chain) they
// hold next to each other: the words themselves or one of their one-word
// synonyms, as whole words.
func (ix *Index) rankPhrases(us []unit, syn *textde.Synonyms, m *Match) {
	if len(ix.pkeys)+len(ix.padd) == 0 || len(us) == 1 && us[0].phrase == nil && len(significant(us[0].word.Parts)) < 2 {
		return
	}
	var slots [][]alt // nil: a break
	for _, u := range us {
		if u.age != nil {
			slots = append(slots, nil)
			continue
		}
		slots = append(slots, ix.expand(u, syn).slots...)
	}
	var ids [8]uint32
	var docs []uint32
	for i := 0; i+1 < len(slots); i++ {
		found := ids[:0]
		for _, a := range slots[i] {
			for _, b := range slots[i+1] {
				if id, ok := ix.pairID(a.term, b.term); ok {
					found = append(found, id)
				}
			}
		}
		if len(found) == 1 {
			// Mostly: each document once, no list to gather.
			ix.pairDocs(found[0], func(d uint32) {
				if m.Bits.Has(d) {
					m.Scores[d] *= phraseFactor
				}
			})
			continue
		}
		docs = docs[:0]
		for _, id := range found {
			ix.pairDocs(id, func(d uint32) {
				if m.Bits.Has(d) {
					docs = append(docs, d)
				}
			})
		}
		slices.Sort(docs)
		for _, d := range slices.Compact(docs) {
			m.Scores[d] *= phraseFactor
		}
	}
}

// keepOnly narrows bits to keep, zeroing the scores of the documents it
// drops: a pooled score buffer is cleared by the documents its set holds.
func keepOnly(bits Bitset, scores []float32, keep Bitset) {
	for i, w := range bits {
		var k uint64
		if i < len(keep) {
			k = keep[i]
		}
		for drop := w &^ k; drop != 0; drop &= drop - 1 {
			scores[i*64+mathbits.TrailingZeros64(drop)] = 0
		}
		bits[i] = w & k
	}
}

// evalAge marks the documents of an age phrase: those that hold its
// words as a query of them would find them (all of them but the single
// digits, which filter nothing; the digits when there is nothing else),
// and the documents ages gives for its range (nil: none). A document the
// words found is found still, whatever its ages, and no text needs to say
// "2-Jährige". The words rank a document only where it holds all of them,
// digits too; otherwise its ages rank it: "Kita Vier Jahreszeiten" holds
// "Jahre" of "Kita 3 bis 6 Jahre", but that says nothing of its ages.
func (ix *Index) evalAge(u unit, syn *textde.Synonyms, ages AgeDocs, bits Bitset, scores []float32) {
	type word struct {
		bits   Bitset
		scores []float32
	}
	ws := make([]word, len(u.phrase))
	var found, all Bitset
	for i, w := range u.phrase {
		ws[i] = word{ix.getBits(), ix.getScores()}
		ix.eval(ix.expand(unit{word: w}, syn), ws[i].bits, ws[i].scores)
		if all == nil {
			all = ix.cloneBits(ws[i].bits)
		} else {
			all.And(ws[i].bits)
		}
		if !optionalWord(w) {
			if found == nil {
				found = ix.cloneBits(ws[i].bits)
			} else {
				found.And(ws[i].bits)
			}
		}
	}
	if found == nil {
		found = all
	} else {
		defer putBits(found)
	}
	defer putBits(all)
	bits.Or(found)
	all.ForEach(func(d uint32) bool {
		for _, w := range ws {
			scores[d] += w.scores[d]
		}
		return true
	})
	for _, w := range ws {
		ix.putBuffers(w.scores, w.bits)
	}
	if ages != nil {
		ages(u.age.Lo, u.age.Hi, bits, scores)
	}
}

// eval marks the documents of e, keeping each document's best score.
func (ix *Index) eval(e *expansion, bits Bitset, scores []float32) {
	ix.fill(e.alts, false, bits, scores)
	if e.fixedConjs {
		for _, f := range e.fixed {
			bits.Set(f.doc)
			if f.score > scores[f.doc] {
				scores[f.doc] = f.score
			}
		}
		return
	}
	for _, c := range e.conjs {
		ix.conjoin(c, bits, scores)
	}
}

// fill marks the documents holding any alternative (in the fields that
// say what a document is, with own), keeping each document's best
// quality×weight.
func (ix *Index) fill(as []alt, own bool, bits Bitset, scores []float32) {
	if ix.alive < ix.n {
		ix.fillLive(as, own, bits, scores)
		return
	}
	for _, a := range as {
		for _, p := range ix.postings(a.term, own) {
			d := p.doc()
			bits.Set(d)
			if s := a.quality * ix.wt[p.field()]; s > scores[d] {
				scores[d] = s
			}
		}
	}
}

// fillLive is fill skipping removed documents; a separate loop, so that
// an index without any pays no test per posting.
func (ix *Index) fillLive(as []alt, own bool, bits Bitset, scores []float32) {
	for _, a := range as {
		for _, p := range ix.postings(a.term, own) {
			d := p.doc()
			if !ix.live.Has(d) {
				continue
			}
			bits.Set(d)
			if s := a.quality * ix.wt[p.field()]; s > scores[d] {
				scores[d] = s
			}
		}
	}
}

// postings of a term, with own only those outside the locating fields.
func (ix *Index) postings(term uint32, own bool) []posting {
	if own {
		if ps, ok := ix.own[term]; ok {
			return ps
		}
	}
	return ix.post[term]
}

// conjoin adds the documents holding every part, scored by the weakest.
// Parts are taken rarest first, and a later part only looks at the
// documents still in: a compound's common part ("kind" in
// "Kinderturnen") then costs a bit test per posting, not a score buffer.
func (ix *Index) conjoin(c conj, bits Bitset, scores []float32) {
	size := func(p []alt) int {
		n := 0
		for _, a := range p {
			n += len(ix.postings(a.term, c.own))
		}
		return n
	}
	parts := slices.Clone(c.parts)
	slices.SortStableFunc(parts, func(a, b []alt) int { return size(a) - size(b) })
	if size(parts[0]) == 0 {
		return
	}
	first, low := ix.getBits(), ix.getScores()
	ix.fill(parts[0], c.own, first, low)
	defer ix.putBuffers(low, first)
	cur := ix.getScores()
	defer ix.putScores(cur, Bitset{}) // zeroed as it goes
	in := first
	for _, p := range parts[1:] {
		next := ix.getBits()
		see := func(a alt, post posting) {
			d := post.doc()
			next.Set(d)
			if s := a.quality * ix.wt[post.field()]; s > cur[d] {
				cur[d] = s
			}
		}
		if in.Count()*64 < size(p) {
			// Few documents left: look each up in the postings,
			// which are in document order.
			in.ForEach(func(d uint32) bool {
				for _, a := range p {
					ps := ix.postings(a.term, c.own)
					if i, ok := slices.BinarySearchFunc(ps, d, func(x posting, d uint32) int { return cmp.Compare(x.doc(), d) }); ok {
						see(a, ps[i])
					}
				}
				return true
			})
		} else {
			for _, a := range p {
				for _, post := range ix.postings(a.term, c.own) {
					if in.Has(post.doc()) {
						see(a, post)
					}
				}
			}
		}
		next.ForEach(func(d uint32) bool {
			low[d] = min(low[d], cur[d])
			cur[d] = 0
			return true
		})
		if !sameBits(in, first) {
			putBits(in)
		}
		in = next
	}
	in.ForEach(func(d uint32) bool {
		bits.Set(d)
		if v := low[d] * c.q; v > scores[d] {
			scores[d] = v
		}
		return true
	})
	if !sameBits(in, first) {
		putBits(in)
	}
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
	// Zeroing the whole buffer is a memclr; past a sixteenth of the
	// documents it beats a call per written one (a broad word writes
	// most of them).
	if written == nil || written.Count()*16 > len(s) {
		clear(s)
	} else {
		written.ForEach(func(d uint32) bool { s[d] = 0; return true })
	}
	scorePool.Put(&s)
}

// Match sets are pooled like score buffers: at 100,000 documents each is
// 12.5 kB, a query takes one a word and one a compound part, and they
// were a third of what a search allocated (garbage the collector then
// stops a search on a two-core machine to sweep).
var bitsPool sync.Pool

func (ix *Index) getBits() Bitset { return GetBitset(ix.n) }

// GetBitset is NewBitset from the pool the match sets share; give it
// back with PutBitset when done.
func GetBitset(n int) Bitset {
	if v, ok := bitsPool.Get().(*Bitset); ok && len(*v) == (n+63)/64 {
		return *v
	}
	return NewBitset(n)
}

// cloneBits is b.Clone from the pool.
func (ix *Index) cloneBits(b Bitset) Bitset {
	c := ix.getBits()
	copy(c, b)
	return c
}

func putBits(b Bitset) { PutBitset(b) }

// PutBitset empties b and keeps it for reuse; b must not be used after.
func PutBitset(b Bitset) {
	if len(b) == 0 {
		return
	}
	clear(b)
	bitsPool.Put(&b)
}

// sameBits: a and b are one set, not equal ones.
func sameBits(a, b Bitset) bool {
	return len(a) > 0 && len(b) > 0 && &a[0] == &b[0]
}

// putBuffers returns a word's scores and the set they were written at.
func (ix *Index) putBuffers(s []float32, written Bitset) {
	ix.putScores(s, written)
	putBits(written)
}

// Plan is a query as sets of index terms, so another engine can run the
// same query: a document matches when, for every word, it holds one of
// the word's Terms, or for one of its AllOf a term of every part. Words
// that only rank (single digits) are not in it.
type Plan []WordPlan

// WordPlan is one query word (or synonym phrase): its alternatives and
// the conjunctions of a compound's, hyphenated word's or phrase's parts.
type WordPlan struct {
	Terms []string
	AllOf []Conjunction
}

// Conjunction holds the alternatives of each part; with Own, the parts
// count only outside the locating fields (Builder.SetLocating).
type Conjunction struct {
	Parts [][]string
	Own   bool
}

// Plan expands query the way Match does; quotes are left out, as their
// adjacency is no set of terms (a quoted query's plan matches more).
func (ix *Index) Plan(query string, syn *textde.Synonyms) Plan {
	var out Plan
	for _, u := range ix.units(query, syn, false) {
		if u.optional {
			continue
		}
		e := ix.expand(u, syn)
		wp := WordPlan{Terms: ix.termsOf(e.alts)}
		for _, c := range e.conjs {
			pc := Conjunction{Own: c.own}
			for _, p := range c.parts {
				pc.Parts = append(pc.Parts, ix.termsOf(p))
			}
			wp.AllOf = append(wp.AllOf, pc)
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
	slices.Sort(out)
	return out
}
